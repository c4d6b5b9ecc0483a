// An in-memory Backend for component tests and browser-only development. It mirrors the
// core's behaviour that the UI depends on: seeded reference data, patient search, the main
// validations (same field paths), the clinical guidance (live checks, and saves refusing
// blocking findings), the medical history and contraindication screening (stored with each
// session), reference-list edits, courses and protocols (progress derived from the sessions),
// idempotent saves by client id, error codes, accounts: sign-in, the lock, the role each
// call needs and an audit trail (see memory-accounts.ts), signing: a signed session is
// locked, addenda add to it (see memory-signing.ts), backups, kept as a list per folder (see
// memory-backups.ts), recovery from a database refused at start (see memory-recovery.ts), and
// encryption at rest: the sealed database after a restart, key slots and the recovery key (see
// memory-keys.ts and memory-auth.ts; `restart()` simulates the app starting again), and data in
// and out: imports of patients and sessions files, CSV, FHIR and record packet exports (see
// memory-import.ts and memory-export.ts), clinical photos (see memory-photos.ts), and consent:
// versioned templates, a patient's consents, revocation, and photo exports by consent (see
// memory-consent.ts).
// By default a user holding every role is signed in, so tests can call any method at once.
import type { Action } from "../../bindings/Action";
import type { HistoryEntry } from "../../bindings/HistoryEntry";
import type { Patient } from "../../bindings/Patient";
import type { PatientQuery } from "../../bindings/PatientQuery";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { Session } from "../../bindings/Session";
import type { SessionInput } from "../../bindings/SessionInput";
import type { Backend } from "./backend";
import {
  Accounts, DEFAULT_PASSWORD, DEFAULT_USER_ID, DEFAULT_USERNAME, type AccountOptions, type Need,
} from "./memory-accounts";
import { AuditLog, type AuditExtra } from "./memory-audit";
import { authCalls } from "./memory-auth";
import { backupCalls, backupInfo, BackupStore, type BackupOptions } from "./memory-backups";
import { handoutOf, saveBand, saveTemplate, seedAftercare } from "./memory-aftercare";
import { consentCalls, ConsentStore, seedDemoConsents } from "./memory-consent";
import { CourseStore, saveProtocol, utcDay, type StoredCourse } from "./memory-courses";
import { demoRecords } from "./memory-demo";
import { exportCalls, type ExportMemoryOptions } from "./memory-export";
import { fail } from "./memory-fail";
import { assess as assessGuidance } from "./memory-guidance";
import { activeEntries, HistoryStore, patientHistory, recordFitzpatrick, saveEntry } from "./memory-history";
import { importCalls, type ImportMemoryOptions } from "./memory-import";
import * as edit from "./memory-reference";
import { Keys, type KeyOptions } from "./memory-keys";
import { listPatients, storedPatient } from "./memory-patients";
import { photoCalls, PhotoStore, seedDemoPhotos, type PhotoContext, type PhotoMemoryOptions } from "./memory-photos";
import { Recovery, type MemoryProblem, type RecoveryOptions } from "./memory-recovery";
import { coursesDueReport, exportCsv, reactionReport, recallLot, sessionsPerMonth } from "./memory-reports";
import { searchSessions } from "./memory-search";
import { sessionCalls } from "./memory-sessions";
import * as signing from "./memory-signing";
import { seedReferenceData } from "./memory-seed";

export interface MemoryOptions
  extends AccountOptions, BackupOptions, RecoveryOptions, KeyOptions, ImportMemoryOptions, ExportMemoryOptions,
    PhotoMemoryOptions {
  /** Preload the demo clinic (a few patients, one with 200+ sessions). */
  demo?: boolean;
  /** Preload these records. */
  patients?: Patient[];
  sessions?: Session[];
  /** Preload these medical-history entries (their patients must be preloaded too). */
  history?: HistoryEntry[];
  /** Preload these courses (their patients must be preloaded too). */
  courses?: StoredCourse[];
  /**
   * The disk is full: every save of a record or a setting is refused whole with "DiskFull"
   * (the app finds out when it writes, after validating; here it is before). Read at each
   * call, so a test can fill the disk after preparing its records.
   */
  diskFull?: boolean;
  /** Simulated round-trip time in ms (browser dev), default 0. */
  delayMs?: number;
  /** The clock, for deterministic tests. */
  now?: () => Date;
}

/** The memory backend, with what tests need beyond the app's calls. */
export interface MemoryBackend extends Backend {
  /**
   * The app starts again: no one is signed in (unaudited), and an encrypted database is sealed
   * until a sign-in or the recovery key opens it; the set-up's recovery key is no longer shown.
   */
  restart(): void;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export function createMemoryBackend(opts: MemoryOptions = {}): MemoryBackend {
  const now = opts.now ?? (() => new Date());
  const reference: ReferenceData = seedReferenceData();
  const patients = new Map<string, Patient>();
  const sessions = new Map<string, Session>();
  const history = new HistoryStore();
  const aftercare = seedAftercare();
  const courses = new CourseStore();
  const preload = opts.demo
    ? demoRecords(reference, now()) : { patients: [], sessions: [], history: [], courses: [] };
  for (const p of [...preload.patients, ...(opts.patients ?? [])]) {
    patients.set(p.id, clone(p));
    recordFitzpatrick(history, p, p.updated_at);
  }
  for (const s of [...preload.sessions, ...(opts.sessions ?? [])]) {
    // Records made before signing existed carry neither list.
    sessions.set(s.id, { ...clone(s), signatures: s.signatures ?? [], addenda: s.addenda ?? [] });
  }
  for (const e of [...preload.history, ...(opts.history ?? [])]) {
    history.entries.set(e.id, { entry: clone(e), created_at: e.updated_at });
  }
  for (const c of [...preload.courses, ...(opts.courses ?? [])]) courses.courses.set(c.id, clone(c));

  const audit = new AuditLog();
  const keys = new Keys(opts, now,
    opts.setupNeeded ? null : { id: DEFAULT_USER_ID, username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD });
  const demoBackup = opts.demo
    ? [backupInfo(new Date(now().getTime() - 3 * 3_600_000), "scheduled", patients.size, sessions.size, audit.head(),
        keys.encrypted)]
    : [];
  const backups = new BackupStore([...demoBackup, ...(opts.backups ?? [])], opts);
  // No one is signed in to a refused or a sealed database.
  const accounts = new Accounts(reference, audit, now, opts.problem || keys.sealed ? { ...opts, signedIn: false } : opts);
  const recovery = new Recovery(opts, backups, accounts, audit, now);
  /** Records an audited act by the signed-in user. */
  const log = (action: Action, entity: string, id: string | null, extra: AuditExtra = {}) =>
    audit.record(accounts.actor, now(), action, entity, id, extra);

  /** A call that works whatever the state of the database (start-up and recovery). */
  async function always<T>(body: () => T): Promise<T> {
    if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
    return clone(body());
  }
  /** A public call (auth status, set-up, sign-in): no signed-in user needed. */
  async function open<T>(body: () => T): Promise<T> {
    if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
    if (recovery.refused) throw fail("DatabaseUnavailable", "The clinic database is not open.");
    try {
      return clone(body());
    } catch (e) {
      if (e instanceof edit.Invalid) throw fail("Invalid", "Some fields need attention.", e.fields);
      throw e;
    }
  }
  /** Any other call: a signed-in, unlocked user holding `need` (any role by default). */
  const run = <T>(body: () => T, need: Need = "anyone") =>
    open(() => {
      accounts.permit(need);
      return body();
    });
  const diskFull = () => {
    if (opts.diskFull) {
      throw fail("DiskFull",
        "The disk is full, so this was not saved. Nothing already saved is affected. Free some space, then try again.");
    }
  };
  /** A change to the clinic's settings or reference lists (admins), audited as "settings". */
  const admin = <T>(entity: string, body: () => T) =>
    run(() => {
      diskFull();
      const saved = body();
      const id = (saved as { id?: unknown }).id;
      log("settings", entity, typeof id === "string" ? id : null, { new: saved });
      return saved;
    }, "admin");
  /** A clinical write (clinicians), audited as a create or an update. */
  const clinical = <T extends { id: string }>(entity: string, stored: (id: string) => unknown, id: string,
    patientOf: (saved: T) => string, body: () => T) =>
    run(() => {
      diskFull();
      const before = stored(id);
      const old = before === undefined ? null : clone(before);
      const saved = body();
      log(old ? "update" : "create", entity, saved.id, { patient: patientOf(saved), old, new: saved });
      return saved;
    }, "clinician");
  /** The guidance for `input`, judged against this patient's other sessions and history. */
  const assess = (input: SessionInput) =>
    assessGuidance(input, reference, {
      fitzpatrick: patients.get(input.patient_id)?.fitzpatrick ?? null,
      sessions: [...sessions.values()],
      history: activeEntries(history, input.patient_id),
    });
  const patient = (id: string) => {
    const p = patients.get(id);
    if (!p) throw fail("NotFound", "That patient could not be found.");
    return p;
  };
  const findSession = (id: string) => {
    const s = sessions.get(id);
    if (!s) throw fail("NotFound", "That session could not be found.");
    return s;
  };
  /** A session with its place in its course ("session n of N"), derived on every read. */
  const placed = (s: Session) => courses.placed(s, sessions.values());
  const today = () => utcDay(now());
  const setArchived = (id: string, archived: boolean) =>
    run(() => {
      const p = patient(id);
      p.archived = archived;
      p.updated_at = now().toISOString();
      log(archived ? "archive" : "restore", "patient", p.id);
      return p;
    }, "clinician");

  const photoContext: PhotoContext = {
    run, log, now, patients, sessions, reference, user: () => accounts.user,
  };
  const photos = new PhotoStore();
  if (opts.demo && preload.patients[1]) seedDemoPhotos(photos, photoContext, preload.patients[1].id);
  const consents = new ConsentStore();
  const photoOf = (patientId: string, photoId: string) => {
    const p = photos.photos.get(photoId);
    return p?.patient_id === patientId ? p : undefined;
  };
  if (opts.demo && preload.patients[1]) {
    // Amara's consents were signed at her first visit; the others have none yet.
    const first = preload.sessions.filter((s) => s.patient_id === preload.patients[1].id)
      .reduce<string | null>((min, s) => (min === null || s.started_at < min ? s.started_at : min), null);
    if (first) seedDemoConsents(consents, preload.patients[1], new Date(first).toISOString(),
      { id: DEFAULT_USER_ID, signature_name: "Dr Ana Silva, MD" });
  }

  /** The sealed database turned out refused once opened: recovery takes over. */
  const refuse = (p: MemoryProblem) => recovery.refuse(p);

  return {
    restart: () => {
      accounts.forget();
      keys.restart();
    },
    ...authCalls(accounts, keys, { open, run, always, log, refuse, dbPath: () => backups.dbPath }),
    keepAlive: () => run(() => null),
    listAudit: (query) => run(() => audit.list(query, (id) => accounts.displayName(id)), "admin"),
    verifyAudit: () => run(() => audit.verify(), "admin"),
    verifySignatures: () => run(() => signing.verify(sessions.values()), "admin"),
    recordPrint: (patientId) =>
      run(() => {
        patient(patientId);
        log("print", "patient", patientId);
        return null;
      }),

    getStartupStatus: () => always(() => recovery.status()),
    restoreNewestBackup: (username, password) => always(() => recovery.restoreNewest(username, password)),
    openOtherDatabase: () => always(() => recovery.openOther()),
    quitApp: () => always(() => recovery.quit()),

    getReferenceData: () => run(() => reference),

    saveArea: (input) => admin("area", () => edit.saveArea(reference, input)),
    saveDeviceModel: (input) => admin("device_model", () => edit.saveDeviceModel(reference, input)),
    saveDepthGuidance: (input) => admin("depth_guidance", () => edit.saveDepthGuidance(reference, input)),
    saveSettings: (input) => admin("clinic_settings", () => edit.saveSettings(reference, input)),
    saveRule: (input) => admin("rule", () => edit.saveRule(reference, input)),
    saveProduct: (input) => admin("product", () => edit.saveProduct(reference, input)),
    saveHistoryTerm: (input) =>
      admin("history_term", () => edit.saveHistoryTerm(reference, input,
        (termId) => [...history.entries.values()].some((e) => e.entry.term_id === termId))),

    listPatients: (query: PatientQuery) => run(() => listPatients(patients.values(), sessions.values(), query)),

    getPatient: (id) => run(() => patient(id)),

    savePatient: (input) =>
      clinical("patient", (id) => patients.get(id), input.id, (p) => p.id, () => {
        const stamp = now().toISOString();
        const stored = storedPatient(input, patients, reference, stamp);
        if (Array.isArray(stored)) throw fail("Invalid", "Some fields need attention.", stored);
        patients.set(stored.id, stored);
        recordFitzpatrick(history, stored, stamp);
        return stored;
      }),

    archivePatient: (id) => setArchived(id, true),
    restorePatient: (id) => setArchived(id, false),

    ...sessionCalls({
      run, clinical, reference, sessions, courses, accounts, now, log, patient, findSession, placed, assess,
    }),

    getPatientHistory: (patientId) =>
      run(() => {
        patient(patientId);
        return patientHistory(history, patientId);
      }),

    saveHistoryEntry: (input) =>
      clinical("history_entry", (id) => history.entries.get(id)?.entry, input.id, (e) => e.patient_id,
        () => saveEntry(history, reference, patients, input, now())),

    getAftercareHandout: (sessionId) =>
      run(() => {
        const s = sessions.get(sessionId);
        if (!s) throw fail("NotFound", "That session could not be found.");
        return handoutOf(aftercare, s, patient(s.patient_id), reference);
      }),
    markAftercareGiven: (sessionId) =>
      run(() => {
        const s = findSession(sessionId);
        // Handing out aftercare is recorded before signing; afterwards it is an addendum.
        if (s.status === "signed") throw fail("Locked", "This session is signed and can no longer be changed.");
        s.aftercare_given = true;
        s.updated_at = now().toISOString();
        log("update", "session", s.id, { patient: s.patient_id, reason: "aftercare given" });
        return placed(s);
      }, "clinician"),
    getAftercareSettings: () => run(() => aftercare),
    saveAftercareTemplate: (input) => admin("aftercare_template", () => saveTemplate(aftercare, input)),
    saveDowntimeBand: (input) => admin("downtime_band", () => saveBand(aftercare, input)),

    listPatientCourses: (patientId) =>
      run(() => {
        patient(patientId);
        return courses.forPatient(patientId, sessions.values(), today(), reference.settings.due_soon_days);
      }),
    saveCourse: (input) =>
      clinical("course", (id) => courses.courses.get(id), input.id, (c) => c.patient_id,
        () => courses.save(input, reference, patients, sessions.values(), now())),
    listDueCourses: () =>
      run(() => courses.due(patients, sessions.values(), today(), reference.settings.due_soon_days)),
    saveProtocol: (input) => admin("protocol", () => saveProtocol(reference, input)),
    searchSessions: (filter, page) =>
      run(() => searchSessions(filter, page, { reference, patients, sessions: sessions.values() })),
    recallLot: (lot) => run(() => recallLot(lot, patients, sessions.values(), reference.areas)),
    getReactionReport: (dimension, period) =>
      run(() => reactionReport(dimension, period, { reference, patients, sessions: sessions.values() })),
    getSessionsPerMonth: (period) => run(() => sessionsPerMonth(period, sessions.values())),
    getCoursesDueReport: () =>
      run(() =>
        coursesDueReport(
          courses.due(patients, sessions.values(), today(), reference.settings.due_soon_days),
          reference,
        )),
    exportCsv: (request) =>
      run(() => {
        const done = exportCsv(request, {
          reference,
          patients,
          sessions: sessions.values(),
          due: courses.due(patients, sessions.values(), today(), reference.settings.due_soon_days),
          today: today(),
          auditRows: (q) => audit.count(q),
        });
        if (done) log("export", "csv", null, { new: request });
        return done;
      }, "admin"),
    ...backupCalls(backups, {
      run, log, now, signOut: () => accounts.signOut(),
      snapshot: (reason) => backupInfo(now(), reason, patients.size, sessions.size, audit.head(), keys.encrypted),
    }),
    ...importCalls({
      run, log, now, patients, actor: () => accounts.user.id,
      addPatient: (p) => (patients.set(p.id, p), recordFitzpatrick(history, p, p.updated_at)),
    }, opts),
    ...exportCalls({ run, log, now, patients, sessions: () => sessions.values() }, opts),
    ...photoCalls(photoContext, photos, opts),
    ...consentCalls({
      run, log, now, diskFull, patients, user: () => accounts.user, photo: photoOf,
    }, consents, opts),
  };
}
