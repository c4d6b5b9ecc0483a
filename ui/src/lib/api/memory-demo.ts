// A small demo clinic for browser previews (`?demo`): a patient with a very long name and
// 200+ sessions, two ordinary patients and an archived one, with some medical history (and
// each session screened against it) and courses: one on track, one due soon, one overdue.
// Sessions older than a week are signed by their clinician; two carry addenda.
// Deterministic, so screenshots of the same day look the same.
import type { DeviceKind } from "../../bindings/DeviceKind";
import type { HistoryEntry } from "../../bindings/HistoryEntry";
import type { HistoryKind } from "../../bindings/HistoryKind";
import type { Patient } from "../../bindings/Patient";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { Session } from "../../bindings/Session";
import type { SessionInput } from "../../bindings/SessionInput";
import type { StoredCourse } from "./memory-courses";
import { findProduct, screen, screeningResults } from "./memory-screening";
import { contentHash } from "./memory-signing";

const RETIRED_AREA_ID = "00000000-0000-7000-8001-000000000099";

/** Ids in the demo are fixed and readable; they only need to be unique. */
const demoId = (kind: number, n: number) =>
  `0190a000-0000-7000-9${kind}00-${String(n).padStart(12, "0")}`;

function patient(n: number, fields: Partial<Patient> & Pick<Patient, "given_name" | "family_name" | "date_of_birth">): Patient {
  return {
    id: demoId(1, n), sex_at_birth: "female", mrn: null, phone: null, email: null,
    fitzpatrick: null, fitzpatrick_assessed_on: null, indications: [], notes: "",
    archived: false, created_at: "2020-01-06T09:00:00.000Z", updated_at: "2020-01-06T09:00:00.000Z",
    ...fields,
  };
}

export function demoRecords(
  ref: ReferenceData, now: Date,
): { patients: Patient[]; sessions: Session[]; history: HistoryEntry[]; courses: StoredCourse[] } {
  // A clinic-made area that was later retired: old sessions must still name it.
  ref.areas.push({
    id: RETIRED_AREA_ID, code: "temple_custom", name: "Temple (custom, retired)",
    region: "face", snomed_code: null, includes: [], map: null, archived: true,
  });
  const area = (code: string) => ref.areas.find((a) => a.code === code)?.id ?? ref.areas[0].id;
  const type = (code: string) => ref.reaction_types.find((t) => t.code === code)!;

  const patients = [
    patient(1, {
      given_name: "Maximiliane Alexandra Konstanze Eleonore",
      family_name: "von Hohenzollern-Sigmaringen-Wittelsbach",
      date_of_birth: "1984-03-12", mrn: "DL-000417", phone: "+49 30 1234 5678",
      email: "m.hohenzollern@example.com", fitzpatrick: 3, fitzpatrick_assessed_on: "2020-01-06",
      indications: ["acne_scars", "hyperpigmentation", "raised_scars"],
      notes: "Prefers morning appointments. History of HSV: antiviral prophylaxis 24 h before each session. "
        + "Keloid on left shoulder (not treated). Sensitive to lidocaine above 5 %.",
    }),
    patient(2, {
      given_name: "Amara", family_name: "Okafor", date_of_birth: "1991-07-30", mrn: "DL-000512",
      fitzpatrick: 5, fitzpatrick_assessed_on: "2025-02-14", indications: ["hyperpigmentation", "enlarged_pores"],
      phone: "020 7946 0018",
    }),
    patient(3, {
      given_name: "Liam", family_name: "O'Brien", date_of_birth: "1979-11-02", sex_at_birth: "male",
      fitzpatrick: 2, indications: ["hair_loss"], email: "liam.obrien@example.com",
    }),
    patient(4, {
      given_name: "Sofia", family_name: "Lindqvist", date_of_birth: "1965-05-21", mrn: "DL-000102",
      fitzpatrick: 1, indications: ["fine_lines"], archived: true,
    }),
  ];

  const sessions: Session[] = [];
  let n = 0;
  let child = 0;
  const childId = (kind: number) => demoId(kind, ++child);
  const add = (patientId: string, daysAgo: number, k: number, shape: (s: Session) => void) => {
    const start = new Date(now);
    start.setDate(start.getDate() - daysAgo);
    start.setHours(9 + (k % 8), [0, 15, 30, 45][k % 4], 0, 0);
    const end = new Date(start.getTime() + (25 + (k % 5) * 10) * 60_000);
    const s: Session = {
      id: demoId(2, ++n), patient_id: patientId, started_at: start.toISOString(),
      ended_at: end.toISOString(), clinician_name: k % 3 === 0 ? "Dr. Ines Navarro" : "Dr. Jonas Weber",
      indications: [], numbing_product: "EMLA 5 %", numbing_minutes: 30, skin_prep: "Chlorhexidine 0.5 %",
      pain_score: 2 + (k % 5), notes: "", aftercare_given: true, next_session_on: null,
      status: "draft", course_id: null, course_number: null, course_target: null,
      created_at: end.toISOString(), updated_at: end.toISOString(),
      areas: [], products: [], reactions: [], screening: [], signatures: [], addenda: [],
    };
    shape(s);
    sessions.push(s);
  };
  const pen = (areaCode: string, depth: number, passes: number, kind: DeviceKind = "derma_pen") => ({
    id: childId(3), area_id: area(areaCode),
    device_kind: kind, device_model_id: null, device_model: kind === "derma_pen" ? "Dermapen 4" : null,
    needle_depth_mm: depth,
    passes, speed_level: kind === "derma_pen" ? 8 : null, pattern: "crosshatch" as const,
    needle_count: kind === "derma_pen" ? 16 : 192, cartridge_lot: `C-${2400 + (passes * 7) % 50}`,
    endpoint: depth >= 1.5 ? "Pinpoint bleeding" : "Uniform erythema", notes: "",
  });

  // The long-name patient: 214 sessions, every 9 days back from yesterday.
  const long = patients[0].id;
  for (let k = 0; k < 214; k++) {
    add(long, 1 + k * 9, k, (s) => {
      s.indications = ["acne_scars", "hyperpigmentation"];
      s.areas = [pen("cheek_left", 1.5, 3), pen("cheek_right", 1.5, 3)];
      if (k % 4 === 0) s.areas.push(pen("forehead", 0.5, 2));
      if (k === 213) s.areas = [pen("full_face", 1, 2), { ...pen("chin", 1, 2), area_id: RETIRED_AREA_ID }];
      s.products = [{
        id: childId(4), product_id: null, name: "Hyaluronic acid serum", role: "serum", lot: "HA-7781",
        expiry_on: "2027-06-30", amount: "2 ml", area_id: null,
      }];
      if (k % 3 === 0) {
        s.products.push({
          id: childId(4), product_id: null, name: "Tranexamic acid", role: "serum", lot: "TXA-0192",
          expiry_on: "2027-01-31", amount: "1 ml", area_id: s.areas[0].area_id,
        });
      }
      s.reactions = [{
        id: childId(5), reaction_type_id: type("erythema").id, scale_id: type("erythema").default_scale_id,
        grade: 2 + (k % 2), time_point: "immediate", area_id: null, note: "",
      }];
      if (k % 5 === 0) {
        s.reactions.push({
          id: childId(5), reaction_type_id: type("pinpoint_bleeding").id,
          scale_id: type("pinpoint_bleeding").default_scale_id, grade: 1, time_point: "immediate",
          area_id: s.areas[1].area_id, note: "",
        });
      }
      if (k === 0) {
        s.notes = "Tolerated well. Patient reports the post-care balm from the last visit stung for about "
          + "an hour; switched to a fragrance-free ceramide cream. Left cheek rolling scars visibly "
          + "shallower than at baseline photos; continue at 1.5 mm, reassess in six weeks.";
        s.next_session_on = new Date(now.getTime() + 27 * 86_400_000).toISOString().slice(0, 10);
      }
    });
  }
  for (let k = 0; k < 4; k++) {
    add(patients[1].id, 10 + k * 35, k, (s) => {
      s.clinician_name = "Dr. Ines Navarro";
      s.indications = ["hyperpigmentation"];
      s.areas = [pen("full_face", 0.75, 2)];
      s.products = [{
        id: childId(4), product_id: null, name: "Tranexamic acid", role: "serum", lot: "TXA-0192",
        expiry_on: "2027-01-31", amount: "1 ml", area_id: null,
      }];
      s.reactions = [{
        id: childId(5), reaction_type_id: type("edema").id, scale_id: type("edema").default_scale_id,
        grade: 1, time_point: "h24", area_id: null, note: "Reported by phone",
      }];
    });
  }
  add(patients[2].id, 30, 2, (s) => {
    s.indications = ["hair_loss"];
    s.areas = [pen("scalp", 1, 3, "derma_roller")];
    s.numbing_product = null;
    s.numbing_minutes = null;
  });
  add(patients[3].id, 900, 1, (s) => {
    s.indications = ["fine_lines"];
    s.areas = [pen("periorbital", 0.25, 2)];
  });
  // Some medical history, and every session screened against it as a save would have.
  const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString().slice(0, 10);
  const history: HistoryEntry[] = [];
  const entry = (patientId: string, code: string, fields: Partial<HistoryEntry> = {}) => {
    const term = ref.history_terms.find((t) => t.code === code)!;
    history.push({
      id: demoId(6, history.length + 1), patient_id: patientId, term_id: term.id, term_code: term.code,
      kind: term.kind as HistoryKind, area_id: null, started_on: null, ended_on: null, note: "", archived: false,
      updated_at: "2020-01-06T09:00:00.000Z", ...fields,
    });
  };
  entry(long, "hsv_history", { note: "Antiviral prophylaxis 24 h before each session." });
  entry(long, "local_anaesthetic", { started_on: "2019-05-01", note: "Above 5 % lidocaine." });
  entry(long, "laser", { started_on: daysAgo(400), area_id: area("forehead") });
  entry(long, "filler", { started_on: daysAgo(20), archived: true, note: "Wrong patient." });
  // Flared up today: a new session on the cheeks is blocked until an override reason is written.
  entry(long, "acne_breakout", { started_on: daysAgo(0), area_id: area("cheek_left") });
  entry(patients[1].id, "isotretinoin", { started_on: daysAgo(400), ended_on: daysAgo(120) });
  entry(patients[1].id, "cold_sore", { started_on: daysAgo(48), ended_on: daysAgo(40), area_id: area("perioral") });
  const overrides = [{ rule_code: "cold_sore_in_area", reason: "Healed crust only; perioral area left out, patient informed." }];
  for (const s of sessions) {
    for (const p of s.products) p.product_id = findProduct(ref.products, null, p.name)?.id ?? null;
    const form = { areas: s.areas, indications: s.indications } as unknown as SessionInput;
    const own = history.filter((e) => e.patient_id === s.patient_id);
    s.screening = screeningResults(
      screen(form, ref, own, s.started_at.slice(0, 10)), overrides, s.clinician_name, s.created_at,
    );
  }
  // Courses: the long-name patient on track, Amara due soon, Liam overdue, Sofia (archived) not listed.
  const protocol = (name: string) => ref.protocols.find((p) => p.name === name)!;
  const courses: StoredCourse[] = [];
  const course = (patientId: string, startedDaysAgo: number, fields: Partial<StoredCourse>, sessionsOf: Session[]) => {
    const id = demoId(7, courses.length + 1);
    courses.push({
      id, patient_id: patientId, protocol_id: null, name: "", indication: null, target_sessions: 6,
      interval_days: 28, started_on: daysAgo(startedDaysAgo), stopped_on: null, note: "", ...fields,
    });
    for (const s of sessionsOf) s.course_id = id;
  };
  const acne = protocol("Acne scars, face");
  const hair = protocol("Hair loss, scalp");
  const of = (patientId: string) => sessions.filter((s) => s.patient_id === patientId);
  course(long, 20, { protocol_id: acne.id, name: acne.name, indication: acne.indication, interval_days: 35 },
    of(long).slice(0, 3));
  course(patients[1].id, 10 + 3 * 35 + 1, {
    name: "Pigmentation, full face", indication: "hyperpigmentation", interval_days: 14,
    note: "Tranexamic acid serum every session.",
  }, of(patients[1].id));
  course(patients[2].id, 31, { protocol_id: hair.id, name: hair.name, indication: hair.indication }, of(patients[2].id));
  course(patients[3].id, 900, { name: "Fine lines, eyes", indication: "fine_lines", target_sessions: 4 }, of(patients[3].id));
  signOlderSessions(sessions, now, ref);
  return { patients, sessions, history, courses };
}

/** Sessions older than a week signed by their clinician (as the author); two with addenda. */
function signOlderSessions(sessions: Session[], now: Date, ref: ReferenceData) {
  const signers: Record<string, { id: string; registration: string }> = {
    "Dr. Ines Navarro": { id: demoId(8, 1), registration: "OM 48213" },
    "Dr. Jonas Weber": { id: demoId(8, 2), registration: "OM 51907" },
  };
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  let n = 0;
  for (const s of sessions) {
    const signer = signers[s.clinician_name];
    if (!signer || s.started_at > weekAgo) continue;
    const at = s.ended_at ?? s.started_at;
    s.status = "signed";
    s.signatures = [{
      id: demoId(9, ++n), signer_id: signer.id, signer_name: s.clinician_name, signer_registration: signer.registration,
      meaning: "author", signed_at: at, content_hash: contentHash(s),
    }];
  }
  const signed = sessions.filter((s) => s.status === "signed").sort((a, b) => b.started_at.localeCompare(a.started_at));
  const erythema = ref.reaction_types.find((t) => t.code === "erythema");
  const later = (s: Session, hours: number) => new Date(new Date(s.started_at).getTime() + hours * 3_600_000).toISOString();
  const [recent, earlier] = signed;
  if (recent && erythema) {
    recent.addenda.push({
      id: demoId(9, ++n), kind: "follow_up", author_id: signers["Dr. Jonas Weber"].id, author_name: "Dr. Jonas Weber",
      created_at: later(recent, 24), reason: "", text: "Phone follow-up: redness fading.", corrections: [],
      reactions: [{ reaction_type_id: erythema.id, grade: 1, time_point: "h24", area_id: null, note: "" }],
    });
  }
  if (earlier) {
    earlier.addenda.push({
      id: demoId(9, ++n), kind: "correction", author_id: signers["Dr. Ines Navarro"].id, author_name: "Dr. Ines Navarro",
      created_at: later(earlier, 30), reason: "Numbing time typed wrong", text: "", corrections: [
        { field: "numbing_minutes", value: "40" },
      ], reactions: [],
    });
  }
}
