// The in-memory backend's copy of the core's medical history (core/src/medical/store.rs and
// patients/store.rs `record_fitzpatrick`): entries are never deleted (an entry made in error
// is archived), an end is never before its start, and every Fitzpatrick type assessed is kept.
// Same checks, order, field paths and sentences as the core.
import type { ApiError } from "../../bindings/ApiError";
import type { FitzpatrickAssessment } from "../../bindings/FitzpatrickAssessment";
import type { HistoryEntry } from "../../bindings/HistoryEntry";
import type { HistoryEntryInput } from "../../bindings/HistoryEntryInput";
import type { Patient } from "../../bindings/Patient";
import type { PatientHistory } from "../../bindings/PatientHistory";
import type { ReferenceData } from "../../bindings/ReferenceData";
import { Check } from "./memory-validate";

/** What the memory backend keeps: entries with their creation time, assessments per patient. */
export class HistoryStore {
  readonly entries = new Map<string, { entry: HistoryEntry; created_at: string }>();
  /** Oldest first. */
  readonly fitzpatrick = new Map<string, FitzpatrickAssessment[]>();
}

const invalid = (field: string, message: string): ApiError => ({
  code: "Invalid", message: "Some fields need attention.", fields: [{ field, message }],
});

/** The patient's history: entries by kind, newest first (undated last), then assessments newest first. */
export function patientHistory(store: HistoryStore, patientId: string): PatientHistory {
  const own = [...store.entries.values()].filter((e) => e.entry.patient_id === patientId);
  const desc = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
  own.sort((a, b) =>
    (a.entry.kind < b.entry.kind ? -1 : a.entry.kind > b.entry.kind ? 1 : 0)
    || desc(a.entry.started_on ?? "", b.entry.started_on ?? "")
    || desc(a.created_at, b.created_at));
  return {
    entries: own.map((e) => e.entry),
    fitzpatrick: [...(store.fitzpatrick.get(patientId) ?? [])].reverse(),
  };
}

/** The entries screening reads: all but those archived as entered in error. */
export function activeEntries(store: HistoryStore, patientId: string): HistoryEntry[] {
  return patientHistory(store, patientId).entries.filter((e) => !e.archived);
}

/** Keeps every Fitzpatrick type assessed: a new one whenever the type or its date changes. */
export function recordFitzpatrick(store: HistoryStore, p: Patient, recordedAt: string): void {
  if (p.fitzpatrick === null) return;
  const list = store.fitzpatrick.get(p.id) ?? [];
  const latest = list[list.length - 1];
  if (latest && latest.fitzpatrick === p.fitzpatrick && latest.assessed_on === p.fitzpatrick_assessed_on) return;
  list.push({ fitzpatrick: p.fitzpatrick, assessed_on: p.fitzpatrick_assessed_on, recorded_at: recordedAt });
  store.fitzpatrick.set(p.id, list);
}

/** Adds an entry or edits one (including archiving it as entered in error). Throws an ApiError. */
export function saveEntry(
  store: HistoryStore, ref: ReferenceData, patients: Map<string, Patient>, input: HistoryEntryInput, now: Date,
): HistoryEntry {
  const stamp = now.toISOString();
  const today = stamp.slice(0, 10);
  const c = new Check();
  const started = c.date("started_on", "Start date", input.started_on, today, false);
  const ended = c.date("ended_on", "End date", input.ended_on, null, false);
  if (started && ended && ended < started) c.fail("ended_on", "The end date cannot be before the start date.");
  const note = input.note.trim().normalize("NFC");
  c.note("note", note);
  if (input.term_id === null) c.fail("term_id", "Choose what this entry is.");
  if (c.errors.length) throw { code: "Invalid", message: "Some fields need attention.", fields: c.errors } satisfies ApiError;

  const patient = patients.get(input.patient_id);
  if (!patient) throw { code: "NotFound", message: "That patient could not be found.", fields: [] } satisfies ApiError;
  if (patient.archived) {
    throw invalid("patient_id", "This patient is archived. Restore the patient before changing the history.");
  }
  const existing = store.entries.get(input.id);
  if (existing && existing.entry.patient_id !== input.patient_id) {
    throw { code: "Conflict", message: "This history entry belongs to another patient.", fields: [] } satisfies ApiError;
  }
  const term = ref.history_terms.find((t) => t.id === input.term_id);
  if (!term) throw invalid("term_id", "This entry is not in the clinic's list.");
  const more = new Check();
  if (term.archived && !existing) more.fail("term_id", "This entry has been retired from the clinic's list.");
  if (started === null && (term.kind === "treatment" || term.kind === "pregnancy")) {
    more.fail("started_on", "Enter the date (an estimate is fine).");
  }
  if (input.area_id !== null && !ref.areas.some((a) => a.id === input.area_id)) {
    more.fail("area_id", "This area is not in the clinic's list.");
  }
  if (more.errors.length) {
    throw { code: "Invalid", message: "Some fields need attention.", fields: more.errors } satisfies ApiError;
  }
  const entry: HistoryEntry = {
    id: input.id, patient_id: input.patient_id, term_id: term.id, term_code: term.code, kind: term.kind,
    area_id: input.area_id, started_on: started, ended_on: ended, note, archived: input.archived,
    updated_at: stamp,
  };
  store.entries.set(entry.id, { entry, created_at: existing?.created_at ?? stamp });
  return entry;
}
