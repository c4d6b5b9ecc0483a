// "Repeat last session": a new session pre-filled from an earlier one of the same patient.
// What usually stays the same between visits is copied (who, why, the course, numbing, skin
// preparation, each area's device settings and cartridge lot, each product with its lot and
// expiry, so the clinician confirms them); what describes this visit only starts empty (end
// time, pain, reactions, notes, aftercare, next session, area notes, screening overrides).
// Rows are new rows (no ids).
import type { Session } from "../bindings/Session";
import { plural } from "./labels";
import { draftFromSession, newDraft, type SessionDraft } from "./session-form";
import { formatInstantDate } from "./time";

/** A new draft `id` starting at `startedAt` (a `datetime-local` value), copied from `from`. */
export function repeatDraft(from: Session, id: string, startedAt: string): SessionDraft {
  const copy = draftFromSession(from);
  return newDraft(id, from.patient_id, {
    started_at: startedAt,
    clinician_name: copy.clinician_name,
    indications: copy.indications,
    numbing_product: copy.numbing_product,
    numbing_minutes: copy.numbing_minutes,
    skin_prep: copy.skin_prep,
    areas: copy.areas.map((a) => ({ ...a, id: null, notes: "" })),
    products: copy.products.map((p) => ({ ...p, id: null })),
    reactions: [],
    // An override is a decision about that visit's screening, never carried to a new one.
    overrides: [],
    course_id: copy.course_id,
  });
}

/** "12 Oct 2026": the day of the session being repeated, for the heading. */
export function repeatedOn(from: Session): string {
  return formatInstantDate(from.started_at);
}

/** What the repeat notice says was copied, e.g. "2 treated areas and 1 product". */
export function copiedRows(from: Session): string {
  const areas = plural(from.areas.length, "treated area");
  return from.products.length ? `${areas} and ${plural(from.products.length, "product")}` : areas;
}
