// A patient with four sessions for the review screens' tests, saved through the memory
// backend (so they are validated and stored as the app stores them):
//   1. 1 Sep 2025, Dr. Navarro: forehead 0.50 mm (pen), HA serum lot HA-1, erythema 1.
//   2. 6 Oct 2025, Dr. Navarro, course 1 of 6: left cheek 1.00 mm (quarter-step pen, cartridge
//      C-1), HA serum lot HA-2, erythema 2 then 1 at 24 h, pain 4.
//   3. 10 Nov 2025, Nurse Ada, course 2 of 6: left cheek 1.25 mm (roller), PRP lot P-1, edema 3
//      on the cheek, pain 5.
//   4. 15 Dec 2025, Dr. Okafor: full face 1.50 mm (stamp), nothing applied, no reaction.
import { v7 as uuidv7 } from "uuid";
import type { Course } from "../../bindings/Course";
import type { Patient } from "../../bindings/Patient";
import type { ReactionInput } from "../../bindings/ReactionInput";
import type { Session } from "../../bindings/Session";
import type { SessionInput } from "../../bindings/SessionInput";
import type { TreatedAreaInput } from "../../bindings/TreatedAreaInput";
import type { Backend } from "../../lib/api/backend";
import { createMemoryBackend } from "../../lib/api/memory";
import { addPatient } from "../../testing";

export const AREA = {
  forehead: "00000000-0000-7000-8001-000000000001",
  cheekLeft: "00000000-0000-7000-8001-000000000004",
  fullFace: "00000000-0000-7000-8001-000000000009",
};
export const TYPE = { erythema: "00000000-0000-7000-8004-000000000001", edema: "00000000-0000-7000-8004-000000000002" };
const PEN_025 = "00000000-0000-7000-8005-000000000002";

const area = (area_id: string, depth: number, fields: Partial<TreatedAreaInput> = {}): TreatedAreaInput => ({
  id: null, area_id, device_kind: "derma_pen", device_model_id: null, device_model: null, needle_depth_mm: depth,
  passes: 3, speed_level: null, pattern: null, needle_count: null, cartridge_lot: null, endpoint: null, notes: "",
  ...fields,
});
const product = (name: string, lot: string) =>
  ({ id: null, product_id: null, name, role: "serum" as const, lot, expiry_on: null, amount: "2 ml", area_id: null });
const reaction = (reaction_type_id: string, grade: number, fields: Partial<ReactionInput> = {}): ReactionInput =>
  ({ id: null, reaction_type_id, scale_id: null, grade, time_point: "immediate", area_id: null, note: "", ...fields });

function input(patientId: string, started_at: string, fields: Partial<SessionInput>): SessionInput {
  return {
    id: uuidv7(), patient_id: patientId, started_at, ended_at: null, clinician_name: "Dr. Navarro",
    indications: ["acne_scars"], numbing_product: null, numbing_minutes: null, skin_prep: null, pain_score: null,
    notes: "", aftercare_given: true, next_session_on: null, areas: [], products: [], reactions: [], overrides: [],
    course_id: null, ...fields,
  };
}

export interface Reviewed {
  b: Backend;
  patient: Patient;
  course: Course;
  /** Oldest first. */
  sessions: Session[];
}

export async function reviewedPatient(): Promise<Reviewed> {
  const b = createMemoryBackend();
  const patient = await addPatient(b, { given_name: "Anna", family_name: "Berg", mrn: "DL-77" });
  const course = await b.saveCourse({
    id: uuidv7(), patient_id: patient.id, protocol_id: null, name: "Acne scars, face", indication: "acne_scars",
    target_sessions: 6, interval_days: 35, started_on: "2025-10-01", stopped_on: null, note: "",
  });
  const inputs = [
    input(patient.id, "2025-09-01T09:00:00Z", {
      areas: [area(AREA.forehead, 0.5)], products: [product("Hyaluronic acid serum", "HA-1")],
      reactions: [reaction(TYPE.erythema, 1)],
    }),
    input(patient.id, "2025-10-06T09:00:00Z", {
      course_id: course.id, pain_score: 4, notes: "Tolerated well",
      areas: [area(AREA.cheekLeft, 1, { device_model_id: PEN_025, cartridge_lot: "C-1" })],
      products: [product("Hyaluronic acid serum", "HA-2")],
      reactions: [reaction(TYPE.erythema, 2), reaction(TYPE.erythema, 1, { time_point: "h24" })],
    }),
    input(patient.id, "2025-11-10T09:00:00Z", {
      course_id: course.id, pain_score: 5, clinician_name: "Nurse Ada",
      areas: [area(AREA.cheekLeft, 1.25, { device_kind: "derma_roller" })], products: [product("PRP", "P-1")],
      reactions: [reaction(TYPE.edema, 3, { area_id: AREA.cheekLeft })],
    }),
    input(patient.id, "2025-12-15T09:00:00Z", {
      clinician_name: "Dr. Okafor", areas: [area(AREA.fullFace, 1.5, { device_kind: "stamp" })],
    }),
  ];
  const sessions: Session[] = [];
  for (const i of inputs) sessions.push(await b.saveSession(i));
  return { b, patient, course, sessions };
}
