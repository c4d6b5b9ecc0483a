// Test data for the review logic: sessions built from a few fields, and `Words` from the
// seeded reference lists (so names and grade labels are the clinic's own) without the store.
import type { ProductApplied } from "../../bindings/ProductApplied";
import type { Reaction } from "../../bindings/Reaction";
import type { Session } from "../../bindings/Session";
import type { TreatedArea } from "../../bindings/TreatedArea";
import { seedId, seedReferenceData } from "../api/memory-seed";
import type { Words } from "./words";

export const AREA = { forehead: seedId(1, 1), cheekLeft: seedId(1, 4), chin: seedId(1, 7) };
export const TYPE = { erythema: seedId(4, 1), edema: seedId(4, 2) };
export const PEN = seedId(5, 2);

const ref = seedReferenceData();
let n = 0;
const nextId = () => `0190a000-0000-7000-9900-${String(++n).padStart(12, "0")}`;

export const seedWords: Words = {
  areaName: (id) => ref.areas.find((a) => a.id === id)?.name ?? "Unknown area",
  areaCode: (id) => ref.areas.find((a) => a.id === id)?.code ?? "",
  modelName: (a) => {
    const m = ref.device_models.find((d) => d.id === a.device_model_id);
    return m ? `${m.manufacturer} ${m.model}` : (a.device_model ?? "");
  },
  reactionName: (id) => ref.reaction_types.find((t) => t.id === id)?.name ?? "Unknown reaction",
  gradeText: (r) => {
    const type = ref.reaction_types.find((t) => t.id === r.reaction_type_id);
    const scale = ref.reaction_scales.find((s) => s.id === (r.scale_id || type?.default_scale_id));
    const label = scale?.labels[r.grade - scale.min_grade] ?? "";
    return label && label !== String(r.grade) ? `${r.grade} – ${label}` : String(r.grade);
  },
  reactionOrder: (id) => ref.reaction_types.findIndex((t) => t.id === id),
};

export const treated = (area_id: string, depth: number, fields: Partial<TreatedArea> = {}): TreatedArea => ({
  id: nextId(), area_id, device_kind: "derma_pen", device_model_id: null, device_model: null,
  needle_depth_mm: depth, passes: 3, speed_level: null, pattern: null, needle_count: null, cartridge_lot: null,
  endpoint: null, notes: "", ...fields,
});

export const applied = (name: string, fields: Partial<ProductApplied> = {}): ProductApplied => ({
  id: nextId(), name, role: "serum", lot: null, expiry_on: null, amount: null, area_id: null, product_id: null,
  ...fields,
});

export const reacted = (reaction_type_id: string, grade: number, fields: Partial<Reaction> = {}): Reaction => ({
  id: nextId(), reaction_type_id, scale_id: "", grade, time_point: "immediate", area_id: null, note: "", ...fields,
});

export function session(started_at: string, fields: Partial<Session> = {}): Session {
  return {
    id: nextId(), patient_id: "0190a000-0000-7000-9100-000000000001", started_at, ended_at: null,
    clinician_name: "Dr. Navarro", indications: [], numbing_product: null, numbing_minutes: null, skin_prep: null,
    pain_score: null, notes: "", aftercare_given: false, next_session_on: null, status: "signed", course_id: null,
    course_number: null, course_target: null, created_at: started_at, updated_at: started_at,
    areas: [], products: [], reactions: [], screening: [], signatures: [], addenda: [], ...fields,
  };
}
