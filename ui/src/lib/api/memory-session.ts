// The in-memory backend's stored form of a session: what the core writes for a valid input
// (times in UTC, optional text trimmed to null, new rows given ids, each product linked to
// its catalogue entry) with the screening results of the save.
import { v7 as uuidv7 } from "uuid";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { ScreeningResult } from "../../bindings/ScreeningResult";
import type { Session } from "../../bindings/Session";
import type { SessionInput } from "../../bindings/SessionInput";
import { findProduct } from "./memory-screening";

const line = (v: string | null | undefined) => {
  const t = (v ?? "").trim().normalize("NFC");
  return t === "" ? null : t;
};

/** The session as stored for a validated `input`, saved at `stamp` (replacing `existing`, a draft). */
export function storedSession(
  input: SessionInput, reference: ReferenceData, existing: Session | undefined, stamp: string,
  screening: ScreeningResult[],
): Session {
  const clinician = input.clinician_name.trim();
  return {
    id: input.id,
    patient_id: input.patient_id,
    started_at: new Date(input.started_at).toISOString(),
    ended_at: input.ended_at ? new Date(input.ended_at).toISOString() : null,
    clinician_name: clinician,
    indications: [...new Set(input.indications)],
    numbing_product: line(input.numbing_product),
    numbing_minutes: input.numbing_minutes,
    skin_prep: line(input.skin_prep),
    pain_score: input.pain_score,
    notes: input.notes.trim(),
    aftercare_given: input.aftercare_given,
    next_session_on: line(input.next_session_on),
    status: "draft",
    // Its place in the course is derived on every read (memory-courses.ts).
    course_id: input.course_id ?? null,
    course_number: null,
    course_target: null,
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
      product_id: findProduct(reference.products, x.product_id, x.name)?.id ?? null,
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
    screening,
    signatures: existing?.signatures ?? [],
    addenda: existing?.addenda ?? [],
  };
}
