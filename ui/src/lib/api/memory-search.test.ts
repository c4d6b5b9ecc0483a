// The memory backend's session search against a small known clinic: each filter alone, their
// AND, the order, paging and the list-row text, and the field errors of the core.
import { describe, expect, it } from "vitest";
import type { Patient } from "../../bindings/Patient";
import type { ProductApplied } from "../../bindings/ProductApplied";
import type { Reaction } from "../../bindings/Reaction";
import type { Session } from "../../bindings/Session";
import type { SessionFilter } from "../../bindings/SessionFilter";
import type { TreatedArea } from "../../bindings/TreatedArea";
import { Invalid } from "./memory-reference";
import { searchSessions, type SearchData } from "./memory-search";
import { seedId, seedReferenceData } from "./memory-seed";

const AREA = { forehead: seedId(1, 1), cheekLeft: seedId(1, 4), chin: seedId(1, 7), fullFace: seedId(1, 9), neck: seedId(1, 10) };
const TYPE = { erythema: seedId(4, 1), edema: seedId(4, 2) };
const PEN = seedId(5, 2);
const ROLLER = seedId(5, 5);
const [ANNA, BEN] = ["0190a000-0000-7000-9100-000000000001", "0190a000-0000-7000-9100-000000000002"];
const COURSE = "0190a000-0000-7000-9300-000000000001";

function patient(id: string, given_name: string): Patient {
  return {
    id, given_name, family_name: "Berg", date_of_birth: "1985-04-02", sex_at_birth: "female", mrn: `DL-${given_name}`,
    phone: null, email: null, fitzpatrick: 3, fitzpatrick_assessed_on: null, indications: [], notes: "",
    archived: false, created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z",
  };
}

const area = (area_id: string, depth: number, fields: Partial<TreatedArea> = {}): TreatedArea => ({
  id: `${area_id}-${depth}`, area_id, device_kind: "derma_pen", device_model_id: PEN, device_model: null,
  needle_depth_mm: depth, passes: 3, speed_level: null, pattern: null, needle_count: null, cartridge_lot: null,
  endpoint: null, notes: "", ...fields,
});
const product = (name: string, lot: string | null): ProductApplied => ({
  id: `${name}-${lot}`, name, role: "serum", lot, expiry_on: null, amount: null, area_id: null, product_id: null,
});
const reaction = (reaction_type_id: string, grade: number, time_point: Reaction["time_point"] = "immediate"): Reaction => ({
  id: `${reaction_type_id}-${grade}-${time_point}`, reaction_type_id, scale_id: seedId(3, 1), grade, time_point,
  area_id: null, note: "",
});

function session(n: number, patient_id: string, started_at: string, fields: Partial<Session> = {}): Session {
  return {
    id: `0190a000-0000-7000-9200-${String(n).padStart(12, "0")}`, patient_id, started_at, ended_at: null,
    clinician_name: "Dr. Navarro", indications: [], numbing_product: null, numbing_minutes: null, skin_prep: null,
    pain_score: null, notes: "", aftercare_given: false, next_session_on: null, status: "signed", course_id: null,
    course_number: null, course_target: null, created_at: started_at, updated_at: started_at,
    areas: [area(AREA.forehead, 0.5)], products: [], reactions: [], screening: [], signatures: [], addenda: [], ...fields,
  };
}

const SESSIONS = [
  // 1: Anna, forehead + chin, HA serum lot HA-1, erythema 2 / edema 1, Dr. Navarro.
  session(1, ANNA, "2026-01-10T09:00:00.000Z", {
    areas: [area(AREA.forehead, 0.5), area(AREA.chin, 1.5)],
    products: [product("Hyaluronic acid serum", "HA-1"), product("Glide gel", null)],
    reactions: [reaction(TYPE.edema, 1), reaction(TYPE.erythema, 2), reaction(TYPE.erythema, 1, "h24")],
  }),
  // 2: Anna, left cheek on a roller with cartridge lot C-9, in a course, Dr. Okafor.
  session(2, ANNA, "2026-02-03T23:30:00.000Z", {
    clinician_name: "Dr. Okafor", course_id: COURSE,
    areas: [area(AREA.cheekLeft, 1, { device_kind: "derma_roller", device_model_id: ROLLER, cartridge_lot: "C-9" })],
    reactions: [reaction(TYPE.erythema, 0)],
  }),
  // 3: Anna, full face, PRP lot ha-1 (another case), erythema 3.
  session(3, ANNA, "2026-03-01T10:00:00.000Z", {
    areas: [area(AREA.fullFace, 1.25)], products: [product("PRP", "ha-1")], reactions: [reaction(TYPE.erythema, 3)],
  }),
  // 4: Ben, neck, same day as 3 (a later id), HA serum lot HA-1.
  session(4, BEN, "2026-03-01T10:00:00.000Z", {
    areas: [area(AREA.neck, 0.75, { device_kind: "stamp", device_model_id: null })],
    products: [product("Hyaluronic acid serum", "HA-1")], clinician_name: "Nurse Ada",
  }),
];

function data(sessions = SESSIONS): SearchData {
  return {
    reference: seedReferenceData(),
    patients: new Map([[ANNA, patient(ANNA, "Anna")], [BEN, patient(BEN, "Ben")]]),
    sessions,
  };
}

const NONE: SessionFilter = {
  patient_id: null, lot: null, area_id: null, device_kind: null, device_model_id: null, product: null,
  reaction_type_id: null, min_grade: null, clinician: null, course_id: null, from: null, to: null,
};

/** The numbers (1…4) of the sessions found, in order. */
const found = (f: Partial<SessionFilter>, d = data()) =>
  searchSessions({ ...NONE, ...f }, { offset: 0, limit: 50 }, d).hits.map((h) => Number(h.session_id.slice(-4)));

function fieldsOf(f: Partial<SessionFilter>): string[] {
  try {
    searchSessions({ ...NONE, ...f }, { offset: 0, limit: 50 }, data());
  } catch (e) {
    if (e instanceof Invalid) return e.fields.map((x) => x.field);
    throw e;
  }
  throw new Error("expected field errors");
}

describe("memory session search", () => {
  it("lists every session newest first, a later id first on the same instant", () => {
    expect(found({})).toEqual([4, 3, 2, 1]);
  });

  it("filters by patient, course and clinician prefix (any case)", () => {
    expect(found({ patient_id: BEN })).toEqual([4]);
    expect(found({ course_id: COURSE })).toEqual([2]);
    expect(found({ clinician: "  dr. " })).toEqual([3, 2, 1]);
    expect(found({ clinician: "dr. oka" })).toEqual([2]);
    expect(found({ clinician: "Navarro" })).toEqual([]);
    expect(found({ clinician: "   " })).toEqual([4, 3, 2, 1]);
  });

  it("finds a lot exactly (case included) on products and cartridges, ignoring surrounding spaces", () => {
    expect(found({ lot: " HA-1 " })).toEqual([4, 1]);
    expect(found({ lot: "ha-1" })).toEqual([3]);
    expect(found({ lot: "C-9" })).toEqual([2]);
    expect(found({ lot: "C" })).toEqual([]);
  });

  it("finds an area and the areas overlapping it", () => {
    expect(found({ area_id: AREA.cheekLeft })).toEqual([3, 2]);
    expect(found({ area_id: AREA.fullFace })).toEqual([3, 2, 1]);
    expect(found({ area_id: AREA.neck })).toEqual([4]);
  });

  it("filters by device type and model", () => {
    expect(found({ device_kind: "derma_roller" })).toEqual([2]);
    expect(found({ device_kind: "stamp" })).toEqual([4]);
    expect(found({ device_model_id: PEN })).toEqual([3, 1]);
  });

  it("matches a product's whole name ignoring case", () => {
    expect(found({ product: " hyaluronic ACID serum " })).toEqual([4, 1]);
    expect(found({ product: "Hyaluronic" })).toEqual([]);
  });

  it("finds reactions from grade 1 by default, of a type and from a grade when asked", () => {
    expect(found({ reaction_type_id: TYPE.erythema })).toEqual([3, 1]);
    expect(found({ reaction_type_id: TYPE.erythema, min_grade: 3 })).toEqual([3]);
    expect(found({ reaction_type_id: TYPE.edema, min_grade: 2 })).toEqual([]);
    expect(found({ min_grade: 0 })).toEqual([3, 2, 1]);
    expect(found({ min_grade: 2 })).toEqual([3, 1]);
  });

  it("reads from and to as UTC days, both included", () => {
    expect(found({ from: "2026-02-03" })).toEqual([4, 3, 2]);
    expect(found({ to: "2026-02-03" })).toEqual([2, 1]);
    expect(found({ from: "2026-02-04", to: "2026-03-01" })).toEqual([4, 3]);
    expect(found({ from: "2026-01-10", to: "2026-01-10" })).toEqual([1]);
  });

  it("combines filters with AND", () => {
    expect(found({ patient_id: ANNA, lot: "HA-1" })).toEqual([1]);
    expect(found({ area_id: AREA.fullFace, reaction_type_id: TYPE.erythema, to: "2026-02-28" })).toEqual([1]);
  });

  it("describes each hit as a list row", () => {
    const [hit] = searchSessions({ ...NONE, lot: "HA-1", patient_id: ANNA }, { offset: 0, limit: 10 }, data()).hits;
    expect(hit).toEqual({
      session_id: SESSIONS[0].id, started_at: "2026-01-10T09:00:00.000Z", patient_id: ANNA, given_name: "Anna",
      family_name: "Berg", mrn: "DL-Anna", clinician_name: "Dr. Navarro",
      areas: "Forehead 0.50 mm, Chin 1.50 mm", devices: "Derma pen",
      products: "Hyaluronic acid serum (lot HA-1), Glide gel",
      reactions: "Erythema / redness 2, Edema / swelling 1", max_grade: 2,
    });
    const [neck] = searchSessions({ ...NONE, patient_id: BEN }, { offset: 0, limit: 10 }, data()).hits;
    expect(neck).toMatchObject({ devices: "Stamp", reactions: "", max_grade: null });
  });

  it("pages with a clamped limit and counts the total", () => {
    const page = searchSessions({ ...NONE }, { offset: 1, limit: 2 }, data());
    expect(page.hits.map((h) => h.session_id)).toEqual([SESSIONS[2].id, SESSIONS[1].id]);
    expect(page).toMatchObject({ total: 4, more: false });
    expect(searchSessions({ ...NONE }, { offset: 0, limit: 0 }, data()).hits).toHaveLength(1);
    const many = Array.from({ length: 600 }, (_, i) =>
      session(100 + i, ANNA, `2025-0${1 + (i % 9)}-01T09:00:00.000Z`));
    expect(searchSessions({ ...NONE }, { offset: 0, limit: 9999 }, data(many)).hits).toHaveLength(500);
  });

  it("refuses a last day before the first and a grade outside 0 to 10, naming the field", () => {
    expect(fieldsOf({ from: "2026-03-02", to: "2026-03-01" })).toEqual(["to"]);
    expect(fieldsOf({ min_grade: 11 })).toEqual(["min_grade"]);
    expect(fieldsOf({ min_grade: -1, clinician: "x".repeat(101) })).toEqual(["min_grade", "clinician"]);
  });
});
