// The in-memory backend's patients: saving one as the core does (its rules, a record number
// used once, names in NFC), and the patient list: the core's search (a date of birth, an
// exact record number, or name prefixes), its order, and each patient's summary line.
import type { FieldError } from "../../bindings/FieldError";
import type { Patient } from "../../bindings/Patient";
import type { PatientInput } from "../../bindings/PatientInput";
import type { PatientQuery } from "../../bindings/PatientQuery";
import type { PatientSummary } from "../../bindings/PatientSummary";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { Session } from "../../bindings/Session";
import { validatePatient } from "./memory-validate";

const key = (s: string) => s.trim().normalize("NFC").toLowerCase();
const line = (v: string | null | undefined) => {
  const t = (v ?? "").trim().normalize("NFC");
  return t === "" ? null : t;
};

/** The patient `input` saves at `stamp` (an ISO instant), or the problems with its fields. */
export function storedPatient(input: PatientInput, patients: Map<string, Patient>, reference: ReferenceData,
  stamp: string): Patient | FieldError[] {
  const errors = validatePatient(input, reference, stamp.slice(0, 10));
  const mrn = line(input.mrn);
  if (mrn && [...patients.values()].some((p) => p.id !== input.id && p.mrn && key(p.mrn) === key(mrn))) {
    errors.push({ field: "mrn", message: "Another patient already has this record number." });
  }
  if (errors.length) return errors;
  const existing = patients.get(input.id);
  return {
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
}

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

/** The patients matching `query`, in the core's order, as summary lines. */
export function listPatients(patients: Iterable<Patient>, sessions: Iterable<Session>, query: PatientQuery): PatientSummary[] {
  const limit = Math.min(Math.max(query.limit ?? 200, 1), 1000);
  const list = [...patients]
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
  const all = [...sessions];
  return list.slice(0, limit).map((p) => summaryOf(p, all));
}
