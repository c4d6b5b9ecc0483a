// An in-memory Backend for component tests and browser-only development. It mirrors the
// core's behaviour that the UI depends on: seeded reference data, patient search, the main
// validations (same field paths), the clinical guidance (live checks, and saves refusing
// blocking findings), the medical history and contraindication screening (stored with each
// session), reference-list edits, courses and protocols (progress derived from the sessions),
// idempotent saves by client id, error codes, accounts: sign-in, the lock, the role each
// call needs and an audit trail (see memory-accounts.ts), signing: a signed session is
// locked, addenda add to it (see memory-signing.ts), and backups, kept as a list (see
// memory-backups.ts). By default a user holding every role is signed in, so tests can call
// any method at once.
import type { Action } from "../../bindings/Action";
import type { ApiError } from "../../bindings/ApiError";
import type { BackupInfo } from "../../bindings/BackupInfo";
import type { FieldError } from "../../bindings/FieldError";
import type { HistoryEntry } from "../../bindings/HistoryEntry";
import type { Patient } from "../../bindings/Patient";
import type { PatientQuery } from "../../bindings/PatientQuery";
import type { PatientSummary } from "../../bindings/PatientSummary";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { Session } from "../../bindings/Session";
import type { SessionInput } from "../../bindings/SessionInput";
import type { StartupProblem } from "../../bindings/StartupProblem";
import type { Backend } from "./backend";
import { Accounts, type AccountOptions, type Need } from "./memory-accounts";
import { AuditLog, type AuditExtra } from "./memory-audit";
import { backupInfo, BackupStore } from "./memory-backups";
import { handoutOf, saveBand, saveTemplate, seedAftercare } from "./memory-aftercare";
import { CourseStore, saveProtocol, utcDay, type StoredCourse } from "./memory-courses";
import { demoRecords } from "./memory-demo";
import { assess as assessGuidance } from "./memory-guidance";
import { activeEntries, HistoryStore, patientHistory, recordFitzpatrick, saveEntry } from "./memory-history";
import * as edit from "./memory-reference";
import { coursesDueReport, exportCsv, reactionReport, recallLot, sessionsPerMonth } from "./memory-reports";
import { screeningResults } from "./memory-screening";
import { searchSessions } from "./memory-search";
import * as signing from "./memory-signing";
import { seedReferenceData } from "./memory-seed";
import { storedSession } from "./memory-session";
import { validatePatient, validateSession } from "./memory-validate";

export interface MemoryOptions extends AccountOptions {
  /** Preload the demo clinic (a few patients, one with 200+ sessions). */
  demo?: boolean;
  /** Preload these records. */
  patients?: Patient[];
  sessions?: Session[];
  /** Preload these medical-history entries (their patients must be preloaded too). */
  history?: HistoryEntry[];
  /** Preload these courses (their patients must be preloaded too). */
  courses?: StoredCourse[];
  /** Preload these backups (the demo clinic has one from three hours ago). */
  backups?: BackupInfo[];
  /** Every backup attempt fails with this reason ("WriteFailed"), as a full disk would. */
  failBackups?: string;
  /** Report this start-up problem; every other call then fails as the real app would. */
  problem?: StartupProblem | null;
  /** Simulated round-trip time in ms (browser dev), default 0. */
  delayMs?: number;
  /** The clock, for deterministic tests. */
  now?: () => Date;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const fail = (code: ApiError["code"], message: string, fields: FieldError[] = []): ApiError => ({
  code, message, fields,
});
const line = (v: string | null | undefined) => {
  const t = (v ?? "").trim().normalize("NFC");
  return t === "" ? null : t;
};
const key = (s: string) => s.trim().normalize("NFC").toLowerCase();

function summaryOf(p: Patient, sessions: Session[]): PatientSummary {
  const own = sessions.filter((s) => s.patient_id === p.id);
  const last = own.reduce<string | null>((m, s) => (m === null || s.started_at > m ? s.started_at : m), null);
  return {
    id: p.id, given_name: p.given_name, family_name: p.family_name,
    date_of_birth: p.date_of_birth, mrn: p.mrn, fitzpatrick: p.fitzpatrick,
    archived: p.archived, last_session_at: last, session_count: own.length,
  };
}

/** The core's search: a date of birth (ISO or DD.MM.YYYY), an exact MRN, or name prefixes. */
export function matchesQuery(p: Patient, text: string): boolean {
  const t = text.trim();
  if (!t) return true;
  const mrnMatch = p.mrn !== null && key(p.mrn) === key(t);
  const dmy = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(t);
  const iso = dmy ? `${dmy[3]}-${dmy[2]}-${dmy[1]}` : t;
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return p.date_of_birth === iso || mrnMatch;
  const given = key(p.given_name);
  const family = key(p.family_name);
  const words = key(t).split(/[\s,]+/).filter(Boolean);
  const [first, ...rest] = words;
  const startsName = given.startsWith(first) || family.startsWith(first);
  const restMatch = rest.every(
    (w) => given.startsWith(w) || family.startsWith(w) || given.includes(` ${w}`)
      || family.includes(` ${w}`) || family.includes(`-${w}`),
  );
  return mrnMatch || (startsName && restMatch);
}

/**
 * The core's order for a name search: a record number first (0), then family-name matches
 * (1, by family then given), then given-name matches (2, by given then family). Dates of
 * birth and the full list are ordered by family then given (1).
 */
function searchRank(p: Patient, text: string): number {
  const t = text.trim();
  if (p.mrn !== null && key(p.mrn) === key(t)) return 0;
  const first = key(t).split(/[\s,]+/).filter(Boolean)[0];
  if (!first || /^\d{4}-\d{2}-\d{2}$|^\d{2}\.\d{2}\.\d{4}$/.test(t)) return 1;
  return key(p.family_name).startsWith(first) ? 1 : 2;
}

export function createMemoryBackend(opts: MemoryOptions = {}): Backend {
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
  const demoBackup = opts.demo
    ? [backupInfo(new Date(now().getTime() - 3 * 3_600_000), "scheduled", patients.size, sessions.size, audit.head())]
    : [];
  const backups = new BackupStore([...demoBackup, ...(opts.backups ?? [])], opts.failBackups ?? null);
  const accounts = new Accounts(reference, audit, now, opts);
  /** Records an audited act by the signed-in user. */
  const log = (action: Action, entity: string, id: string | null, extra: AuditExtra = {}) =>
    audit.record(accounts.actor, now(), action, entity, id, extra);

  const problem = opts.problem ?? null;
  /** A public call (start-up, auth status, set-up, sign-in): no signed-in user needed. */
  async function open<T>(body: () => T): Promise<T> {
    if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
    if (problem) throw fail("DatabaseUnavailable", "The clinic database is not open.");
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
  /** A change to the clinic's settings or reference lists (admins), audited as "settings". */
  const admin = <T>(entity: string, body: () => T) =>
    run(() => {
      const saved = body();
      const id = (saved as { id?: unknown }).id;
      log("settings", entity, typeof id === "string" ? id : null, { new: saved });
      return saved;
    }, "admin");
  /** A clinical write (clinicians), audited as a create or an update. */
  const clinical = <T extends { id: string }>(entity: string, stored: (id: string) => unknown, id: string,
    patientOf: (saved: T) => string, body: () => T) =>
    run(() => {
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

  return {
    getAuthStatus: () => open(() => accounts.status()),
    setUpClinic: (setup) => open(() => accounts.setUp(setup)),
    signIn: (username, password) => open(() => accounts.signIn(username, password)),
    signOut: () => open(() => accounts.signOut()),
    lockApp: () => open(() => accounts.lock()),
    unlockApp: (password) => open(() => accounts.unlock(password)),
    keepAlive: () => run(() => null),
    listUsers: () => run(() => accounts.list(), "admin"),
    saveUser: (input) => run(() => accounts.save(input), "admin"),
    changePassword: (current, next) => run(() => accounts.changePassword(current, next)),
    listAudit: (query) => run(() => audit.list(query, (id) => accounts.displayName(id)), "admin"),
    verifyAudit: () => run(() => audit.verify(), "admin"),
    verifySignatures: () => run(() => signing.verify(sessions.values()), "admin"),
    recordPrint: (patientId) =>
      run(() => {
        patient(patientId);
        log("print", "patient", patientId);
        return null;
      }),

    async getStartupStatus() {
      return {
        database_path: "/home/clinic/.local/share/dermalog/dermalog.sqlite3",
        app_version: "0.1.0 (browser preview)",
        schema_version: 1,
        problem: problem ? clone(problem) : null,
      };
    },

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

    listPatients: (query: PatientQuery) =>
      run(() => {
        const limit = Math.min(Math.max(query.limit ?? 200, 1), 1000);
        const list = [...patients.values()]
          .filter((p) => query.include_archived || !p.archived)
          .filter((p) => matchesQuery(p, query.text))
          .map((p) => ({ p, rank: searchRank(p, query.text) }))
          .sort((a, b) => a.rank - b.rank
            || (a.rank === 2
              ? key(a.p.given_name).localeCompare(key(b.p.given_name))
                || key(a.p.family_name).localeCompare(key(b.p.family_name))
              : key(a.p.family_name).localeCompare(key(b.p.family_name))
                || key(a.p.given_name).localeCompare(key(b.p.given_name)))
            || a.p.id.localeCompare(b.p.id))
          .map(({ p }) => p);
        const all = [...sessions.values()];
        return list.slice(0, limit).map((p) => summaryOf(p, all));
      }),

    getPatient: (id) => run(() => patient(id)),

    savePatient: (input) =>
      clinical("patient", (id) => patients.get(id), input.id, (p) => p.id, () => {
        const today = now().toISOString().slice(0, 10);
        const errors = validatePatient(input, reference, today);
        const mrn = line(input.mrn);
        if (mrn && [...patients.values()].some((p) => p.id !== input.id && p.mrn && key(p.mrn) === key(mrn))) {
          errors.push({ field: "mrn", message: "Another patient already has this record number." });
        }
        if (errors.length) throw fail("Invalid", "Some fields need attention.", errors);
        const existing = patients.get(input.id);
        const stamp = now().toISOString();
        const saved: Patient = {
          id: input.id,
          given_name: input.given_name.trim().normalize("NFC"),
          family_name: input.family_name.trim().normalize("NFC"),
          date_of_birth: input.date_of_birth.trim(),
          sex_at_birth: input.sex_at_birth ?? "unknown",
          mrn,
          phone: line(input.phone),
          email: line(input.email),
          fitzpatrick: input.fitzpatrick,
          fitzpatrick_assessed_on: line(input.fitzpatrick_assessed_on),
          indications: [...new Set(input.indications)],
          notes: input.notes.trim(),
          archived: existing?.archived ?? false,
          created_at: existing?.created_at ?? stamp,
          updated_at: stamp,
        };
        patients.set(saved.id, saved);
        recordFitzpatrick(history, saved, stamp);
        return saved;
      }),

    archivePatient: (id) => setArchived(id, true),
    restorePatient: (id) => setArchived(id, false),

    saveSession: (input: SessionInput) =>
      clinical("session", (id) => sessions.get(id), input.id, (s) => s.patient_id, () => {
        const errors = validateSession(input, reference, now());
        if (errors.length) throw fail("Invalid", "Some fields need attention.", errors);
        const p = patient(input.patient_id);
        if (p.archived) {
          throw fail("Invalid", "Some fields need attention.", [{
            field: "patient_id",
            message: "This patient is archived. Restore the patient before recording a session.",
          }]);
        }
        const existing = sessions.get(input.id);
        if (existing && existing.patient_id !== input.patient_id) {
          throw fail("Conflict", "This session belongs to another patient and cannot be moved.");
        }
        if (existing?.status === "signed") {
          throw fail("Locked", "This session is signed and can no longer be changed.");
        }
        courses.checkSession(input);
        const assessment = assess(input);
        const blocks = assessment.findings.filter((f) => f.level === "block" && !f.overridden);
        if (blocks.length) {
          throw fail("Invalid", "Some fields need attention.", blocks.map(({ field, message }) => ({ field, message })));
        }
        const stamp = now().toISOString();
        const screening = screeningResults(assessment.screening, input.overrides, input.clinician_name.trim(), stamp);
        const saved = storedSession(input, reference, existing, stamp, screening);
        sessions.set(saved.id, saved);
        return placed(saved);
      }),

    checkSession: (input) => run(() => assess(input).findings, "clinician"),

    getSession: (id) => run(() => placed(findSession(id))),

    signSession: (input) =>
      run(() => {
        if (!accounts.passwordMatches(input.password)) {
          throw fail("Invalid", "Some fields need attention.", [
            { field: "password", message: "That password is not right." },
          ]);
        }
        const signer = accounts.user;
        if (!signer.roles.includes("clinician")) throw fail("Forbidden", "Only clinicians sign sessions.");
        const s = findSession(input.session_id);
        const sig = signing.sign(s, signer, input.meaning, now().toISOString());
        log("sign", "session", s.id, {
          patient: s.patient_id,
          new: { signature_id: sig.id, meaning: sig.meaning, signer_name: sig.signer_name, content_hash: sig.content_hash },
        });
        return placed(s);
      }, "clinician"),

    addAddendum: (input) =>
      run(() => {
        signing.checkAddendumRole(input, accounts.user);
        signing.validateAddendum(input, reference);
        const s = findSession(input.session_id);
        const added = signing.addTo(s, input, accounts.user, now().toISOString());
        log("addendum", "session", s.id, added
          ? { patient: s.patient_id, new: added, reason: added.reason || null }
          : { patient: s.patient_id, reason: "retry: already recorded" });
        return placed(s);
      }, ["clinician", "aesthetician"]),

    listPatientSessions: (patientId) =>
      run(() => {
        patient(patientId);
        return [...sessions.values()]
          .filter((s) => s.patient_id === patientId)
          .sort((a, b) => (b.started_at.localeCompare(a.started_at) || b.id.localeCompare(a.id)))
          // The list carries only the rules that fired; one session carries every rule.
          .map((s) => ({ ...placed(s), screening: s.screening.filter((r) => r.flagged) }));
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
    getBackupStatus: () => run(() => backups.status(now())),
    listBackups: () => run(() => backups.backups, "admin"),
    backupNow: () =>
      run(() => {
        const info = backups.add(() => backupInfo(now(), "manual", patients.size, sessions.size, audit.head()));
        log("backup", "backup", info.file_name, { new: info });
        return info;
      }, "admin"),
    // The in-memory clinic has no file to swap: a restore checks the name, records it and
    // signs everyone out, as the real one does.
    restoreBackup: (fileName) =>
      run(() => {
        const info = backups.backups.find((b) => b.file_name === fileName);
        if (!info) throw fail("NotFound", "That backup could not be found.");
        log("backup_restored", "backup", fileName, { new: info });
        accounts.signOut();
        return { restored: fileName, set_aside: "(in memory)" };
      }, "admin"),
  };
}
