// An in-memory Backend for component tests and browser-only development. It mirrors the
// core's behaviour that the UI depends on: seeded reference data, patient search, the main
// validations (same field paths), the clinical guidance (live checks, and saves refusing
// blocking findings), the medical history and contraindication screening (stored with each
// session), reference-list edits, courses and protocols (progress derived from the sessions),
// idempotent saves by client id, and error codes.
import type { ApiError } from "../../bindings/ApiError";
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
import { handoutOf, saveBand, saveTemplate, seedAftercare } from "./memory-aftercare";
import { CourseStore, saveProtocol, utcDay, type StoredCourse } from "./memory-courses";
import { demoRecords } from "./memory-demo";
import { assess as assessGuidance } from "./memory-guidance";
import { activeEntries, HistoryStore, patientHistory, recordFitzpatrick, saveEntry } from "./memory-history";
import * as edit from "./memory-reference";
import { coursesDueReport, exportCsv, reactionReport, recallLot, sessionsPerMonth } from "./memory-reports";
import { screeningResults } from "./memory-screening";
import { searchSessions } from "./memory-search";
import { seedReferenceData } from "./memory-seed";
import { storedSession } from "./memory-session";
import { validatePatient, validateSession } from "./memory-validate";

export interface MemoryOptions {
  /** Preload the demo clinic (a few patients, one with 200+ sessions). */
  demo?: boolean;
  /** Preload these records. */
  patients?: Patient[];
  sessions?: Session[];
  /** Preload these medical-history entries (their patients must be preloaded too). */
  history?: HistoryEntry[];
  /** Preload these courses (their patients must be preloaded too). */
  courses?: StoredCourse[];
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
  for (const s of [...preload.sessions, ...(opts.sessions ?? [])]) sessions.set(s.id, clone(s));
  for (const e of [...preload.history, ...(opts.history ?? [])]) {
    history.entries.set(e.id, { entry: clone(e), created_at: e.updated_at });
  }
  for (const c of [...preload.courses, ...(opts.courses ?? [])]) courses.courses.set(c.id, clone(c));

  const problem = opts.problem ?? null;
  async function run<T>(body: () => T): Promise<T> {
    if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
    if (problem) throw fail("DatabaseUnavailable", "The clinic database is not open.");
    try {
      return clone(body());
    } catch (e) {
      if (e instanceof edit.Invalid) throw fail("Invalid", "Some fields need attention.", e.fields);
      throw e;
    }
  }
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
  /** A session with its place in its course ("session n of N"), derived on every read. */
  const placed = (s: Session) => courses.placed(s, sessions.values());
  const today = () => utcDay(now());
  const setArchived = (id: string, archived: boolean) =>
    run(() => {
      const p = patient(id);
      p.archived = archived;
      p.updated_at = now().toISOString();
      return p;
    });

  return {
    async getStartupStatus() {
      return {
        database_path: "/home/clinic/.local/share/dermalog/dermalog.sqlite3",
        app_version: "0.1.0 (browser preview)",
        schema_version: 1,
        problem: problem ? clone(problem) : null,
      };
    },

    getReferenceData: () => run(() => reference),

    saveArea: (input) => run(() => edit.saveArea(reference, input)),
    saveDeviceModel: (input) => run(() => edit.saveDeviceModel(reference, input)),
    saveDepthGuidance: (input) => run(() => edit.saveDepthGuidance(reference, input)),
    saveSettings: (input) => run(() => edit.saveSettings(reference, input)),
    saveRule: (input) => run(() => edit.saveRule(reference, input)),
    saveProduct: (input) => run(() => edit.saveProduct(reference, input)),
    saveHistoryTerm: (input) =>
      run(() => edit.saveHistoryTerm(reference, input,
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
      run(() => {
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
      run(() => {
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

    checkSession: (input) => run(() => assess(input).findings),

    getSession: (id) =>
      run(() => {
        const s = sessions.get(id);
        if (!s) throw fail("NotFound", "That session could not be found.");
        return placed(s);
      }),

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

    saveHistoryEntry: (input) => run(() => saveEntry(history, reference, patients, input, now())),

    getAftercareHandout: (sessionId) =>
      run(() => {
        const s = sessions.get(sessionId);
        if (!s) throw fail("NotFound", "That session could not be found.");
        return handoutOf(aftercare, s, patient(s.patient_id), reference);
      }),
    markAftercareGiven: (sessionId) =>
      run(() => {
        const s = sessions.get(sessionId);
        if (!s) throw fail("NotFound", "That session could not be found.");
        s.aftercare_given = true;
        s.updated_at = now().toISOString();
        return placed(s);
      }),
    getAftercareSettings: () => run(() => aftercare),
    saveAftercareTemplate: (input) => run(() => saveTemplate(aftercare, input)),
    saveDowntimeBand: (input) => run(() => saveBand(aftercare, input)),

    listPatientCourses: (patientId) =>
      run(() => {
        patient(patientId);
        return courses.forPatient(patientId, sessions.values(), today(), reference.settings.due_soon_days);
      }),
    saveCourse: (input) => run(() => courses.save(input, reference, patients, sessions.values(), now())),
    listDueCourses: () =>
      run(() => courses.due(patients, sessions.values(), today(), reference.settings.due_soon_days)),
    saveProtocol: (input) => run(() => saveProtocol(reference, input)),
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
      run(() =>
        exportCsv(request, {
          reference,
          patients,
          sessions: sessions.values(),
          due: courses.due(patients, sessions.values(), today(), reference.settings.due_soon_days),
          today: today(),
        })),
  };
}
