// The memory backend's recall, reports and exports on a small clinic whose numbers are worked
// out by hand, following the core's counting rules (reports/mod.rs, migration 0008).
import { describe, expect, it } from "vitest";
import type { Course } from "../../bindings/Course";
import type { DueCourse } from "../../bindings/DueCourse";
import type { ReportGroup } from "../../bindings/ReportGroup";
import {
  ACNE, clinicRecords, EDEMA, ERYTHEMA, FINE_LINES, HA_SERUM, id, PEN_01, PINPOINT, reaction,
} from "../clinic/fixtures";
import { Invalid } from "./memory-reference";
import {
  coursesDueReport, exportCsv, filePart, reactionReport, recallLot, sessionsPerMonth, type ExportData,
} from "./memory-reports";
import { seedReferenceData } from "./memory-seed";

const records = clinicRecords();
const { anna, s1, s2, s3, s5, sessions } = records;
const reference = seedReferenceData();
const patients = new Map(records.patients.map((p) => [p.id, p]));
const data = { reference, patients, sessions };
const Q1 = { from_month: "2026-01", to_month: "2026-03" };

/** A group as "label: sessions". */
const row = (g: ReportGroup) => `${g.label}: ${g.sessions}`;

function invalidFields(body: () => unknown): string[] {
  try {
    body();
  } catch (e) {
    if (e instanceof Invalid) return e.fields.map((f) => f.field);
    throw e;
  }
  throw new Error("expected Invalid");
}

describe("reaction report (memory backend)", () => {
  it("counts each session once per group and each reaction type once, at its highest grade", () => {
    const r = reactionReport("device_kind", Q1, data);
    expect(r.heading).toBe("Device type");
    expect(r.period).toEqual(Q1);
    expect(row(r.overall)).toBe("All sessions: 4");
    expect(r.overall.cells).toEqual([
      { reaction_type_id: ERYTHEMA, grade: 2, sessions: 1 },
      { reaction_type_id: ERYTHEMA, grade: 3, sessions: 1 },
      { reaction_type_id: EDEMA, grade: 0, sessions: 1 },
      { reaction_type_id: PINPOINT, grade: 1, sessions: 1 },
    ]);
    expect(r.groups.map(row)).toEqual(["Derma pen: 2", "Derma roller: 1", "RF microneedling: 1"]);
    expect(r.groups.map((g) => g.key)).toEqual(["derma_pen", "derma_roller", "rf_microneedling"]);
    expect(r.groups[0].cells).toEqual([
      { reaction_type_id: ERYTHEMA, grade: 3, sessions: 1 },
      { reaction_type_id: EDEMA, grade: 0, sessions: 1 },
      { reaction_type_id: PINPOINT, grade: 1, sessions: 1 },
    ]);
    expect(r.groups[2].cells).toEqual([]);
  });

  it("groups by model (id, typed text, not recorded), serum, deepest depth and skin type", () => {
    const groups = (d: Parameters<typeof reactionReport>[0]) =>
      reactionReport(d, Q1, data).groups.map((g) => `${g.key} ${row(g)}`);
    expect(groups("device_model")).toEqual([
      `id:${PEN_01} Generic Motorised pen, 0.1 mm steps: 2`, " Not recorded: 1", "text:Old roller Old roller: 1",
    ]);
    // The glide is not a serum; the HA serum twice in one session counts once.
    expect(groups("serum")).toEqual([`id:${HA_SERUM} Hyaluronic acid serum: 2`, "text:Vitamin C serum Vitamin C serum: 1"]);
    expect(groups("depth_band")).toEqual([
      "to_1_0 over 0.5 to 1.0 mm: 1", "to_1_5 over 1.0 to 1.5 mm: 1", "to_2_0 over 1.5 to 2.0 mm: 1",
      "over_2_0 over 2.0 mm: 1",
    ]);
    expect(groups("fitzpatrick")).toEqual([" Not assessed: 2", "2 Type II: 1", "5 Type V: 1"]);
  });

  it("lists the clinic's reaction types with their scale's grades, hiding archived ones not seen", () => {
    const ref = seedReferenceData();
    ref.reaction_types.find((t) => t.code === "other")!.archived = true;
    ref.reaction_types.find((t) => t.code === "edema")!.archived = true;
    const off = { ...s3, id: id(), reactions: [reaction(ERYTHEMA, 7)] };
    const r = reactionReport("device_kind", Q1, { ...data, reference: ref, sessions: [...sessions, off] });
    const names = r.reaction_types.map((t) => t.name);
    expect(names).toContain("Edema / swelling");
    expect(names).not.toContain("Other");
    expect(r.reaction_types[0].grades.map((g) => `${g.grade} ${g.label}`)).toEqual([
      "0 none", "1 almost clear", "2 mild", "3 moderate", "4 severe", "7 grade 7",
    ]);
  });

  it("refuses a malformed or reversed period at the field, like the core", () => {
    expect(invalidFields(() => reactionReport("serum", { from_month: "2026-13", to_month: "x" }, data)))
      .toEqual(["from_month"]);
    expect(invalidFields(() => reactionReport("serum", { from_month: "2026-03", to_month: "2026-01" }, data)))
      .toEqual(["to_month"]);
    expect(invalidFields(() => sessionsPerMonth({ from_month: "2000-01", to_month: "2020-01" }, sessions)))
      .toEqual(["to_month"]);
    expect(sessionsPerMonth({ from_month: "2000-01", to_month: "2019-12" }, sessions)).toHaveLength(240);
  });
});

describe("sessions per month (memory backend)", () => {
  it("lists every month of the period by the UTC month of the start, zeros included", () => {
    expect(sessionsPerMonth({ from_month: " 2025-11 ", to_month: "2026-04" }, sessions)).toEqual([
      { month: "2025-11", sessions: 0 },
      { month: "2025-12", sessions: 1 },
      { month: "2026-01", sessions: 2 },
      { month: "2026-02", sessions: 1 },
      { month: "2026-03", sessions: 1 },
      { month: "2026-04", sessions: 0 },
    ]);
  });
});

describe("lot recall (memory backend)", () => {
  it("finds product lots once per session and name, newest first, with contact details", () => {
    const hits = recallLot(" HA-1 ", patients, sessions, reference.areas);
    expect(hits.map((h) => [h.session_id, h.used_as, h.what])).toEqual([
      [s2.id, "product", "Vitamin C serum"],
      [s2.id, "product", "Hyaluronic glide gel"],
      [s1.id, "product", "Hyaluronic acid serum"],
    ]);
    expect(hits[2]).toMatchObject({ patient_id: anna.id, given_name: "Anna", family_name: "Berg", mrn: "MRN-Berg" });
    expect(recallLot("ha-1", patients, sessions, reference.areas)).toEqual([]);
    expect(recallLot("  ", patients, sessions, reference.areas)).toEqual([]);
  });

  it("lists a cartridge once per session with the areas it was used on", () => {
    expect(recallLot("C-1", patients, sessions, reference.areas).map((h) => [h.session_id, h.used_as, h.what])).toEqual([
      [s5.id, "cartridge", "Cheek, left"],
      [s1.id, "cartridge", "Forehead, Cheek, left"],
    ]);
  });
});

function due(state: Course["state"], days_overdue: number, next_due_on: string, protocol_id: string | null): DueCourse {
  const course: Course = {
    id: id(), patient_id: anna.id, protocol_id, name: "Course", indication: null, target_sessions: 6,
    interval_days: 28, started_on: "2026-01-01", stopped_on: null, note: "", sessions_done: 2,
    last_session_on: null, next_due_on, days_overdue, state,
  };
  return { course, given_name: "Anna", family_name: "Berg" };
}

const DUE = [
  due("overdue", 5, "2026-03-15", ACNE),
  due("due_soon", 0, "2026-03-25", null),
  due("overdue", 12, "2026-03-08", ACNE),
  due("due_soon", 0, "2026-03-22", FINE_LINES),
];

describe("courses due report (memory backend)", () => {
  it("counts per protocol, most courses first, and lists the most overdue first", () => {
    const r = coursesDueReport(DUE, reference);
    expect([r.due_soon, r.overdue]).toEqual([2, 2]);
    expect(r.by_protocol).toEqual([
      { label: "Acne scars, face", due_soon: 0, overdue: 2 },
      { label: "Fine lines, face", due_soon: 1, overdue: 0 },
      { label: "No protocol", due_soon: 1, overdue: 0 },
    ]);
    expect(r.courses.map((c) => c.course.next_due_on)).toEqual(["2026-03-08", "2026-03-15", "2026-03-22", "2026-03-25"]);
  });
});

describe("CSV export (memory backend)", () => {
  // A one-pass iterator, as the memory backend passes its map's values.
  const fresh = (): ExportData => ({ ...data, sessions: sessions.values(), due: DUE, today: "2026-03-20" });

  it("counts the rows the core would write and suggests its file name", () => {
    expect(exportCsv({ kind: "recall", lot: " HA-1 " }, fresh())).toEqual({ path: "/tmp/recall-HA-1-2026-03-20.csv", rows: 3 });
    expect(exportCsv({ kind: "sessions_per_month", period: Q1 }, fresh()))
      .toEqual({ path: "/tmp/sessions-per-month-2026-01-to-2026-03-2026-03-20.csv", rows: 3 });
    expect(exportCsv({ kind: "courses_due" }, fresh())).toEqual({ path: "/tmp/courses-due-2026-03-20.csv", rows: 4 });
    // One row per group (and "All sessions") per grade of every reaction type.
    const r = reactionReport("device_kind", Q1, data);
    const grades = r.reaction_types.reduce((s, t) => s + t.grades.length, 0);
    expect(exportCsv({ kind: "reactions", dimension: "device_kind", period: Q1 }, fresh()))
      .toEqual({ path: "/tmp/reactions-by-device-type-2026-01-to-2026-03-2026-03-20.csv", rows: 4 * grades });
  });

  it("exports every session a search finds", () => {
    const filter = {
      patient_id: null, lot: "HA-1", area_id: null, device_kind: null, device_model_id: null, product: null,
      reaction_type_id: null, min_grade: null, clinician: null, course_id: null, from: null, to: null,
    };
    expect(exportCsv({ kind: "sessions", filter }, fresh())).toEqual({ path: "/tmp/sessions-2026-03-20.csv", rows: 2 });
  });

  it("refuses an empty lot at the field and keeps file names safe", () => {
    expect(invalidFields(() => exportCsv({ kind: "recall", lot: "  " }, fresh()))).toEqual(["lot"]);
    expect(filePart(" HA/26 11 ")).toBe("HA_26_11");
    expect(filePart("../../etc")).toBe("______etc");
    expect(filePart("  ")).toBe("lot");
  });
});
