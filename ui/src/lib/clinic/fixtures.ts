// Test records for the clinic-wide screens: a small clinic whose report numbers are worked
// out by hand in the tests, and a memory backend that also writes (pretend) CSV exports.
// Used by tests only.
import type { Backend } from "../api/backend";
import type { Patient } from "../../bindings/Patient";
import type { ProductApplied } from "../../bindings/ProductApplied";
import type { Reaction } from "../../bindings/Reaction";
import type { Session } from "../../bindings/Session";
import type { TreatedArea } from "../../bindings/TreatedArea";
import { createMemoryBackend, type MemoryOptions } from "../api/memory";
import { seedId } from "../api/memory-seed";

export const FOREHEAD = seedId(1, 1);
export const CHEEK_LEFT = seedId(1, 4);
export const CHIN = seedId(1, 7);
export const SCALP = seedId(1, 12);
export const ERYTHEMA = seedId(4, 1);
export const EDEMA = seedId(4, 2);
export const PINPOINT = seedId(4, 3);
export const PEN_01 = seedId(5, 1);
export const HA_SERUM = seedId(10, 1);
export const ACNE = seedId(13, 1);
export const FINE_LINES = seedId(13, 2);

let n = 0;
/** A fresh UUID-shaped id. */
export const id = () => `00000000-0000-7000-9000-${String(++n).padStart(12, "0")}`;

export function patient(given: string, family: string, fitzpatrick: number | null, fields: Partial<Patient> = {}): Patient {
  return {
    id: id(), given_name: given, family_name: family, date_of_birth: "1980-01-01", sex_at_birth: "female",
    mrn: `MRN-${family}`, phone: `+44 20 7946 ${String(n).padStart(4, "0")}`, email: null, fitzpatrick,
    fitzpatrick_assessed_on: null, indications: [], notes: "", archived: false,
    created_at: "2025-01-01T00:00:00.000Z", updated_at: "2025-01-01T00:00:00.000Z", ...fields,
  };
}

export function area(area_id: string, depth: number, fields: Partial<TreatedArea> = {}): TreatedArea {
  return {
    id: id(), area_id, device_kind: "derma_pen", device_model_id: null, device_model: null,
    needle_depth_mm: depth, passes: 2, speed_level: null, pattern: null, needle_count: null,
    cartridge_lot: null, endpoint: null, notes: "", ...fields,
  };
}

export function product(name: string, fields: Partial<ProductApplied> = {}): ProductApplied {
  return { id: id(), name, role: "serum", lot: null, expiry_on: null, amount: null, area_id: null, product_id: null, ...fields };
}

export function reaction(type: string, grade: number, time_point: Reaction["time_point"] = "immediate"): Reaction {
  return { id: id(), reaction_type_id: type, scale_id: "", grade, time_point, area_id: null, note: "" };
}

export function session(p: Patient, started_at: string, fields: Partial<Session>): Session {
  return {
    id: id(), patient_id: p.id, started_at, ended_at: null, clinician_name: "Dr. Navarro", indications: [],
    numbing_product: null, numbing_minutes: null, skin_prep: null, pain_score: null, notes: "",
    aftercare_given: false, next_session_on: null, status: "draft", course_id: null, course_number: null,
    course_target: null, created_at: started_at, updated_at: started_at, areas: [], products: [],
    reactions: [], screening: [], signatures: [], addenda: [], ...fields,
  };
}

/**
 * Three patients, five sessions. In Jan–Mar 2026 (four sessions): pens in S1 and S5, a roller
 * typed by hand in S2, RF in S3; erythema 3 (S1) and 2 (S2), edema 0 (S1), pinpoint bleeding 1
 * (S5). Lot HA-1: a serum in S1, a serum and a glide in S2. Cartridge C-1: S1 (two areas), S5.
 */
export function clinicRecords() {
  const anna = patient("Anna", "Berg", 2);
  const ben = patient("Ben", "Cho", null, { email: "ben@example.org" });
  const cleo = patient("Cleo", "Diaz", 5);
  const s1 = session(anna, "2026-01-10T09:00:00.000Z", {
    areas: [
      area(FOREHEAD, 0.5, { device_model_id: PEN_01, cartridge_lot: "C-1" }),
      area(CHEEK_LEFT, 1.0, { device_model_id: PEN_01, cartridge_lot: "C-1" }),
    ],
    products: [
      product("Hyaluronic acid serum", { product_id: HA_SERUM, lot: "HA-1" }),
      product("Hyaluronic acid serum", { product_id: HA_SERUM, lot: "HA-1", area_id: FOREHEAD }),
    ],
    reactions: [reaction(ERYTHEMA, 1), reaction(ERYTHEMA, 3, "h24"), reaction(EDEMA, 0)],
  });
  const s2 = session(ben, "2026-01-31T23:30:00.000Z", {
    clinician_name: "Nurse Okafor",
    areas: [area(CHIN, 1.5, { device_kind: "derma_roller", device_model: "  Old roller " })],
    products: [product("Vitamin C serum", { lot: "HA-1" }), product("Hyaluronic glide gel", { role: "glide", lot: "HA-1" })],
    reactions: [reaction(ERYTHEMA, 2)],
  });
  const s3 = session(cleo, "2026-03-05T10:00:00.000Z", {
    areas: [area(SCALP, 2.5, { device_kind: "rf_microneedling" })],
  });
  const s4 = session(anna, "2025-12-31T23:59:00.000Z", {
    areas: [area(FOREHEAD, 0.5)], reactions: [reaction(ERYTHEMA, 4)],
  });
  const s5 = session(ben, "2026-02-15T12:00:00.000Z", {
    areas: [area(CHEEK_LEFT, 2.0, { device_model_id: PEN_01, cartridge_lot: "C-1" })],
    products: [product("Hyaluronic acid serum", { product_id: HA_SERUM })],
    reactions: [reaction(PINPOINT, 1)],
  });
  return { anna, ben, cleo, s1, s2, s3, s4, s5, patients: [anna, ben, cleo], sessions: [s1, s2, s3, s4, s5] };
}

/** The memory backend on the known clinic, with "today" fixed for file names and due dates. */
export function clinicBackend(opts: MemoryOptions & { today?: string } = {}): Backend {
  const { today, ...rest } = opts;
  return createMemoryBackend(today ? { ...rest, now: () => new Date(`${today}T12:00:00Z`) } : rest);
}
