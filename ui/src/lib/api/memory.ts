// An in-memory Backend for component tests and browser-only development. It mirrors the
// core's behaviour that the UI depends on: seeded reference data, patient search, the main
// validations (same field paths), the clinical guidance (live checks, and saves refusing
// blocking findings), reference-list edits, idempotent saves by client id, and error codes.
import { v7 as uuidv7 } from "uuid";
import type { ApiError } from "../../bindings/ApiError";
import type { FieldError } from "../../bindings/FieldError";
import type { Patient } from "../../bindings/Patient";
import type { PatientQuery } from "../../bindings/PatientQuery";
import type { PatientSummary } from "../../bindings/PatientSummary";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { Session } from "../../bindings/Session";
import type { SessionInput } from "../../bindings/SessionInput";
import type { StartupProblem } from "../../bindings/StartupProblem";
import type { Backend } from "./backend";
import { demoRecords } from "./memory-demo";
import { assessSession } from "./memory-guidance";
import * as edit from "./memory-reference";
import { seedReferenceData } from "./memory-seed";
import { validatePatient, validateSession } from "./memory-validate";

export interface MemoryOptions {
  /** Preload the demo clinic (a few patients, one with 200+ sessions). */
  demo?: boolean;
  /** Preload these records. */
  patients?: Patient[];
  sessions?: Session[];
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

export function createMemoryBackend(opts: MemoryOptions = {}): Backend {
  const now = opts.now ?? (() => new Date());
  const reference: ReferenceData = seedReferenceData();
  const patients = new Map<string, Patient>();
  const sessions = new Map<string, Session>();
  const preload = opts.demo ? demoRecords(reference, now()) : { patients: [], sessions: [] };
  for (const p of [...preload.patients, ...(opts.patients ?? [])]) patients.set(p.id, clone(p));
  for (const s of [...preload.sessions, ...(opts.sessions ?? [])]) sessions.set(s.id, clone(s));

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
  /** The guidance findings for `input`, judged against this patient's other sessions. */
  const assess = (input: SessionInput) =>
    assessSession(input, reference, patients.get(input.patient_id)?.fitzpatrick ?? null, [...sessions.values()]);
  const patient = (id: string) => {
    const p = patients.get(id);
    if (!p) throw fail("NotFound", "That patient could not be found.");
    return p;
  };
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

    listPatients: (query: PatientQuery) =>
      run(() => {
        const limit = Math.min(Math.max(query.limit ?? 200, 1), 1000);
        const list = [...patients.values()]
          .filter((p) => query.include_archived || !p.archived)
          .filter((p) => matchesQuery(p, query.text))
          .sort((a, b) =>
            key(a.family_name).localeCompare(key(b.family_name))
            || key(a.given_name).localeCompare(key(b.given_name))
            || a.id.localeCompare(b.id));
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
        const blocks = assess(input).filter((f) => f.level === "block");
        if (blocks.length) {
          throw fail("Invalid", "Some fields need attention.", blocks.map(({ field, message }) => ({ field, message })));
        }
        const stamp = now().toISOString();
        const saved: Session = {
          id: input.id,
          patient_id: input.patient_id,
          started_at: new Date(input.started_at).toISOString(),
          ended_at: input.ended_at ? new Date(input.ended_at).toISOString() : null,
          clinician_name: input.clinician_name.trim(),
          indications: [...new Set(input.indications)],
          numbing_product: line(input.numbing_product),
          numbing_minutes: input.numbing_minutes,
          skin_prep: line(input.skin_prep),
          pain_score: input.pain_score,
          notes: input.notes.trim(),
          aftercare_given: input.aftercare_given,
          next_session_on: line(input.next_session_on),
          status: "draft",
          created_at: existing?.created_at ?? stamp,
          updated_at: stamp,
          areas: input.areas.map((a) => ({
            id: a.id ?? uuidv7(),
            area_id: a.area_id ?? "",
            device_kind: a.device_kind ?? "derma_pen",
            device_model_id: a.device_model_id,
            device_model: line(a.device_model),
            needle_depth_mm: Math.round((a.needle_depth_mm ?? 0) * 100) / 100,
            passes: a.passes ?? 1,
            speed_level: a.speed_level,
            pattern: a.pattern,
            needle_count: a.needle_count,
            cartridge_lot: line(a.cartridge_lot),
            endpoint: line(a.endpoint),
            notes: a.notes.trim(),
          })),
          products: input.products.map((x) => ({
            id: x.id ?? uuidv7(),
            name: x.name.trim(),
            role: x.role ?? "serum",
            lot: line(x.lot),
            expiry_on: line(x.expiry_on),
            amount: line(x.amount),
            area_id: x.area_id,
          })),
          reactions: input.reactions.map((r) => {
            const type = reference.reaction_types.find((t) => t.id === r.reaction_type_id);
            return {
              id: r.id ?? uuidv7(),
              reaction_type_id: r.reaction_type_id ?? "",
              scale_id: r.scale_id ?? type?.default_scale_id ?? "",
              grade: r.grade ?? 0,
              time_point: r.time_point ?? "immediate",
              area_id: r.area_id,
              note: r.note.trim(),
            };
          }),
        };
        sessions.set(saved.id, saved);
        return saved;
      }),

    checkSession: (input) => run(() => assess(input)),

    getSession: (id) =>
      run(() => {
        const s = sessions.get(id);
        if (!s) throw fail("NotFound", "That session could not be found.");
        return s;
      }),

    listPatientSessions: (patientId) =>
      run(() => {
        patient(patientId);
        return [...sessions.values()]
          .filter((s) => s.patient_id === patientId)
          .sort((a, b) => (b.started_at.localeCompare(a.started_at) || b.id.localeCompare(a.id)));
      }),
  };
}
