// A patient's medical history as the patient page shows it: entries grouped by kind, their
// dates in the words of their kind ("since 3 Mar 2026", "stopped 1 Jul 2026", "on 5 Nov
// 2026"), and the add / edit form's working copy with its conversion to HistoryEntryInput.
import type { HistoryEntry } from "../bindings/HistoryEntry";
import type { HistoryEntryInput } from "../bindings/HistoryEntryInput";
import type { HistoryKind } from "../bindings/HistoryKind";
import { formatDate } from "./time";

interface KindWords {
  value: HistoryKind;
  /** The kind in the select. */
  label: string;
  /** The group's heading. */
  heading: string;
  /** The start and end date fields' labels (no end for a treatment: it happens on a day). */
  start: string;
  end: string | null;
  /** The start and end in a sentence: "onset 3 Mar 2026, resolved 1 Jul 2026". */
  started: string;
  ended: string;
  /** A start date is required. */
  startRequired: boolean;
}

/** In the order the page lists them. */
export const HISTORY_KINDS: KindWords[] = [
  { value: "condition", label: "Condition", heading: "Conditions", start: "Onset", end: "Resolved",
    started: "onset", ended: "resolved", startRequired: false },
  { value: "medication", label: "Medication", heading: "Medications", start: "Started", end: "Stopped",
    started: "started", ended: "stopped", startRequired: false },
  { value: "allergy", label: "Allergy", heading: "Allergies", start: "Noted on", end: "Resolved",
    started: "noted on", ended: "resolved", startRequired: false },
  { value: "treatment", label: "Other treatment", heading: "Other treatments", start: "Treatment date", end: null,
    started: "on", ended: "until", startRequired: true },
  { value: "pregnancy", label: "Pregnancy / breastfeeding", heading: "Pregnancy / breastfeeding", start: "From",
    end: "Until", started: "from", ended: "until", startRequired: true },
];

export function kindWords(kind: HistoryKind): KindWords {
  return HISTORY_KINDS.find((k) => k.value === kind) ?? HISTORY_KINDS[0];
}

/** Whether an entry still applies on `today` (a treatment happened on its day). */
export function isOngoing(e: HistoryEntry, today: string): boolean {
  if (e.kind === "treatment") return false;
  return e.ended_on === null || e.ended_on >= today;
}

/**
 * The entry's dates in words: "since 3 Mar 2026" while it lasts, "started 3 Mar 2026, stopped
 * 1 Jul 2026", "stopped 1 Jul 2026", "on 5 Nov 2026" for a treatment, "noted on …" for an allergy.
 */
export function entryDates(e: Pick<HistoryEntry, "kind" | "started_on" | "ended_on">): string {
  const [start, end] = [formatDate(e.started_on), formatDate(e.ended_on)];
  const words = kindWords(e.kind);
  if (e.kind === "treatment") return start ? `on ${start}` : "";
  if (start && end) return `${words.started} ${start}, ${words.ended} ${end}`;
  if (start) return e.kind === "allergy" ? `noted on ${start}` : `since ${start}`;
  if (end) return `${words.ended} ${end}`;
  return "";
}

/** Entries of each kind, in the page's order; kinds with none left out. */
export function groupByKind(entries: HistoryEntry[]): { kind: KindWords; entries: HistoryEntry[] }[] {
  return HISTORY_KINDS.map((kind) => ({ kind, entries: entries.filter((e) => e.kind === kind.value) }))
    .filter((g) => g.entries.length > 0);
}

/** The add / edit form's working copy ("" for nothing chosen). */
export interface HistoryDraft {
  id: string;
  patient_id: string;
  kind: HistoryKind;
  term_id: string;
  area_id: string;
  started_on: string;
  ended_on: string;
  note: string;
  archived: boolean;
}

export function newHistoryDraft(id: string, patientId: string, kind: HistoryKind = "condition"): HistoryDraft {
  return {
    id, patient_id: patientId, kind, term_id: "", area_id: "", started_on: "", ended_on: "", note: "",
    archived: false,
  };
}

export function draftFromEntry(e: HistoryEntry): HistoryDraft {
  return {
    id: e.id, patient_id: e.patient_id, kind: e.kind, term_id: e.term_id, area_id: e.area_id ?? "",
    started_on: e.started_on ?? "", ended_on: e.ended_on ?? "", note: e.note, archived: e.archived,
  };
}

const orNull = (v: string) => (v.trim() === "" ? null : v.trim());

export function historyDraftToInput(d: HistoryDraft): HistoryEntryInput {
  return {
    id: d.id, patient_id: d.patient_id, term_id: d.term_id || null, area_id: d.area_id || null,
    started_on: orNull(d.started_on),
    // A treatment has no end of its own: it ends on its day.
    ended_on: d.kind === "treatment" ? null : orNull(d.ended_on),
    note: d.note, archived: d.archived,
  };
}

/** The entry as an input, changed by `fields` (archiving, restoring). */
export function entryToInput(e: HistoryEntry, fields: Partial<HistoryEntryInput> = {}): HistoryEntryInput {
  return { ...historyDraftToInput(draftFromEntry(e)), ...fields };
}
