// Test records for signing and addenda: a clinic on the memory backend with one patient and
// one draft session (two areas), other accounts to sign in as, and the seeded reaction types.
import type { AddendumInput } from "../bindings/AddendumInput";
import type { Role } from "../bindings/Role";
import type { Session } from "../bindings/Session";
import type { SessionInput } from "../bindings/SessionInput";
import { addPatient } from "../testing";
import type { Backend } from "./api/backend";
import { createMemoryBackend, type MemoryOptions } from "./api/memory";
import { DEFAULT_PASSWORD } from "./api/memory-accounts";
import { seedId } from "./api/memory-seed";

export const PASSWORD = DEFAULT_PASSWORD;
export const OTHER_PASSWORD = "another long password";
export const CHEEK_LEFT = seedId(1, 4);
export const FOREHEAD = seedId(1, 1);
/** Erythema / redness, graded 0–4 (none, almost clear, mild, moderate, severe). */
export const ERYTHEMA = seedId(4, 1);

export function draftInput(patientId: string, fields: Partial<SessionInput> = {}): SessionInput {
  const area = (area_id: string, depth: number) => ({
    id: null, area_id, device_kind: "derma_pen" as const, device_model_id: null, device_model: null,
    needle_depth_mm: depth, passes: 2, speed_level: null, pattern: null, needle_count: null,
    cartridge_lot: null, endpoint: null, notes: "",
  });
  return {
    id: crypto.randomUUID(), patient_id: patientId, started_at: "2026-11-20T09:00:00+01:00",
    ended_at: null, clinician_name: "Dr Ana Silva, MD", indications: [], numbing_product: null,
    numbing_minutes: null, skin_prep: null, pain_score: null, notes: "", aftercare_given: false,
    next_session_on: null, areas: [area(CHEEK_LEFT, 1.5), area(FOREHEAD, 0.5)],
    products: [], reactions: [], overrides: [], course_id: null, ...fields,
  };
}

/** A clinic with one patient and one draft session, signed in as Dr Ana Silva (every role). */
export async function clinicWithDraft(opts: MemoryOptions = {}) {
  const b = createMemoryBackend({ now: () => new Date("2026-11-20T10:00:00Z"), ...opts });
  const patient = await addPatient(b, { given_name: "Florence", family_name: "Nightingale" });
  const draft = await b.saveSession(draftInput(patient.id));
  return { b, patient, draft };
}

/** The same clinic with the session signed by its author. */
export async function clinicWithSigned(opts: MemoryOptions = {}) {
  const c = await clinicWithDraft(opts);
  const signed = await c.b.signSession({ session_id: c.draft.id, meaning: "author", password: PASSWORD });
  return { ...c, signed };
}

/** Adds an account (as the signed-in admin) and signs in as it. */
export async function signInAs(b: Backend, username: string, roles: Role[], signature = username) {
  await b.saveUser({
    id: crypto.randomUUID(), username, display_name: signature, signature_name: signature,
    registration: roles.includes("clinician") ? "GMC 7654321" : "", roles, active: true,
    password: OTHER_PASSWORD,
  });
  return (await b.signIn(username, OTHER_PASSWORD)).user!;
}

export function addendum(sessionId: string, fields: Partial<AddendumInput>): AddendumInput {
  return {
    id: crypto.randomUUID(), session_id: sessionId, kind: "comment", reason: "", text: "", corrections: [],
    reactions: [], ...fields,
  };
}

/** Adds one addendum of each kind to a signed session. */
export async function withEveryKind(b: Backend, s: Session): Promise<Session> {
  await b.addAddendum(addendum(s.id, {
    kind: "correction", reason: "Typed the wrong depth", text: "The left cheek was treated at 1.25 mm.",
    corrections: [{ field: "areas[0].needle_depth_mm", value: "1.25" }],
  }));
  await b.addAddendum(addendum(s.id, {
    kind: "follow_up", reactions: [
      { reaction_type_id: ERYTHEMA, grade: 2, time_point: "h24", area_id: CHEEK_LEFT, note: "settling" },
    ],
  }));
  return b.addAddendum(addendum(s.id, { kind: "comment", text: "Reviewed with the patient by phone." }));
}
