// The addendum form's working copy (strings, "" for nothing chosen) and its conversion to the
// backend's AddendumInput: only the chosen kind's rows are sent. A reaction row without a
// reaction, grade or time cannot be sent at all, so those are caught here, under the same
// field paths the backend uses.
import type { AddendumInput } from "../bindings/AddendumInput";
import type { AddendumKind } from "../bindings/AddendumKind";
import type { Session } from "../bindings/Session";
import type { TimePoint } from "../bindings/TimePoint";
import type { FieldErrors } from "./field-errors";

let rowCounter = 0;
/** A key for keyed each-blocks; not sent to the backend. */
const rowKey = () => `addendum-row-${++rowCounter}`;

export interface CorrectionRow {
  key: string;
  field: string;
  value: string;
}

export interface FollowUpRow {
  key: string;
  reaction_type_id: string;
  grade: string;
  time_point: TimePoint | "";
  /** "" = all areas. */
  area_id: string;
  note: string;
}

export interface AddendumDraft {
  /** Made once when the form opens, so a retried save adds nothing twice. */
  id: string;
  session_id: string;
  kind: AddendumKind;
  reason: string;
  text: string;
  corrections: CorrectionRow[];
  reactions: FollowUpRow[];
}

export const newCorrectionRow = (): CorrectionRow => ({ key: rowKey(), field: "", value: "" });

export const newFollowUpRow = (): FollowUpRow => ({
  key: rowKey(), reaction_type_id: "", grade: "", time_point: "", area_id: "", note: "",
});

/** A follow-up starts with one reaction row; a correction may be text alone. */
export function newAddendumDraft(id: string, sessionId: string, kind: AddendumKind): AddendumDraft {
  return { id, session_id: sessionId, kind, reason: "", text: "", corrections: [], reactions: [newFollowUpRow()] };
}

/** Problems in reaction rows that could not be sent (follow-ups only). */
export function unsendable(d: AddendumDraft): FieldErrors {
  const out: FieldErrors = {};
  if (d.kind !== "follow_up") return out;
  d.reactions.forEach((r, i) => {
    if (!r.reaction_type_id) out[`reactions[${i}].reaction_type_id`] = "Choose a reaction from the list.";
    else if (r.grade === "") out[`reactions[${i}].grade`] = "Choose the grade.";
    if (!r.time_point) out[`reactions[${i}].time_point`] = "Choose when it was seen.";
  });
  return out;
}

/** The input to save (call after `unsendable` found nothing). */
export function addendumInput(d: AddendumDraft): AddendumInput {
  return {
    id: d.id,
    session_id: d.session_id,
    kind: d.kind,
    reason: d.reason,
    text: d.text,
    corrections: d.kind === "correction" ? d.corrections.map(({ field, value }) => ({ field, value })) : [],
    reactions: d.kind === "follow_up"
      ? d.reactions.map((r) => ({
          reaction_type_id: r.reaction_type_id,
          grade: Number(r.grade),
          time_point: r.time_point as TimePoint,
          area_id: r.area_id === "" ? null : r.area_id,
          note: r.note,
        }))
      : [],
  };
}

/** Field names offered for a corrected value, as the session form names them. */
export function correctableFields(s: Session): string[] {
  const visit = [
    "started_at", "ended_at", "clinician_name", "numbing_product", "numbing_minutes", "skin_prep",
    "pain_score", "notes", "next_session_on",
  ];
  const areas = s.areas.flatMap((_, i) =>
    ["needle_depth_mm", "passes", "cartridge_lot", "endpoint"].map((f) => `areas[${i}].${f}`));
  const products = s.products.flatMap((_, i) => ["lot", "expiry_on", "amount"].map((f) => `products[${i}].${f}`));
  const reactions = s.reactions.flatMap((_, i) => ["grade", "time_point"].map((f) => `reactions[${i}].${f}`));
  return [...visit, ...areas, ...products, ...reactions];
}
