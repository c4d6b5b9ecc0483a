import { describe, expect, it } from "vitest";
import { v7 as uuidv7 } from "uuid";
import type { ApiError } from "../../bindings/ApiError";
import type { CourseInput } from "../../bindings/CourseInput";
import type { SessionInput } from "../../bindings/SessionInput";
import { patientInput } from "../../testing";
import { createMemoryBackend } from "./memory";
import { judge } from "./memory-courses";

const CHEEK_LEFT = "00000000-0000-7000-8001-000000000004";
const ACNE_PROTOCOL = "00000000-0000-7000-800d-000000000001";

function sessionInput(patientId: string, startedAt: string, fields: Partial<SessionInput> = {}): SessionInput {
  return {
    id: uuidv7(), patient_id: patientId, started_at: startedAt, ended_at: null,
    clinician_name: "Dr. Navarro", indications: [], numbing_product: null, numbing_minutes: null,
    skin_prep: null, pain_score: null, notes: "", aftercare_given: false, next_session_on: null,
    areas: [{
      id: null, area_id: CHEEK_LEFT, device_kind: "derma_pen", device_model_id: null, device_model: null,
      needle_depth_mm: 1.5, passes: 3, speed_level: null, pattern: null, needle_count: null, cartridge_lot: null,
      endpoint: null, notes: "",
    }],
    products: [], reactions: [], overrides: [], course_id: null, ...fields,
  };
}

function courseInput(patientId: string, fields: Partial<CourseInput> = {}): CourseInput {
  return {
    id: uuidv7(), patient_id: patientId, protocol_id: null, name: "Acne scars, face", indication: "acne_scars",
    target_sessions: 6, interval_days: 28, started_on: "2026-01-01", stopped_on: null, note: "", ...fields,
  };
}

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error("expected the call to fail");
}

/** A backend whose clock can be moved: `at("2026-02-20")` is noon UTC that day. */
function clinic() {
  let now = new Date("2026-01-01T12:00:00Z");
  const b = createMemoryBackend({ now: () => now });
  const at = (day: string) => (now = new Date(`${day}T12:00:00Z`));
  return { b, at };
}

describe("course progress (memory backend)", () => {
  it("is due an interval after the last session, due soon from 7 days before, late the day after", async () => {
    const { b, at } = clinic();
    const p = await b.savePatient(patientInput());
    const course = await b.saveCourse(courseInput(p.id));
    at("2026-01-31");
    await b.saveSession(sessionInput(p.id, "2026-01-31T09:00:00+01:00", { course_id: course.id }));
    const state = async (day: string) => {
      at(day);
      const [c] = await b.listPatientCourses(p.id);
      return [c.state, c.next_due_on, c.days_overdue];
    };
    expect(await state("2026-02-20")).toEqual(["on_track", "2026-02-28", 0]);
    expect(await state("2026-02-21")).toEqual(["due_soon", "2026-02-28", 0]);
    expect(await state("2026-02-28")).toEqual(["due_soon", "2026-02-28", 0]);
    expect(await state("2026-03-01")).toEqual(["overdue", "2026-02-28", 1]);
    expect(await state("2026-03-11")).toEqual(["overdue", "2026-02-28", 11]);
    // The clinic's look-ahead moves the "due soon" edge.
    await b.saveSettings({ ...(await b.getReferenceData()).settings, due_soon_days: 0 });
    expect(await state("2026-02-27")).toEqual(["on_track", "2026-02-28", 0]);
    expect(await state("2026-02-28")).toEqual(["due_soon", "2026-02-28", 0]);
  });

  it("counts the last session by its UTC day and crosses a leap day", async () => {
    const { b, at } = clinic();
    const p = await b.savePatient(patientInput());
    const course = await b.saveCourse(courseInput(p.id, { started_on: "2028-02-01" }));
    at("2028-02-10");
    // 00:30 in Berlin on the 10th is still the 9th in UTC.
    await b.saveSession(sessionInput(p.id, "2028-02-10T00:30:00+01:00", { course_id: course.id }));
    const [c] = await b.listPatientCourses(p.id);
    expect(c).toMatchObject({ sessions_done: 1, last_session_on: "2028-02-09", next_due_on: "2028-03-08" });
  });

  it("before any session, the first is due on the start date", () => {
    const plan = { target: 4, interval_days: 28, started_on: "2026-01-01", stopped_on: null, done: 0, last_on: null };
    expect(judge(plan, "2025-12-20", 7)).toEqual({ next_due_on: "2026-01-01", days_overdue: 0, state: "on_track" });
    expect(judge(plan, "2026-01-01", 0).state).toBe("due_soon");
    expect(judge(plan, "2026-01-02", 0)).toEqual({ next_due_on: "2026-01-01", days_overdue: 1, state: "overdue" });
  });

  it("ends a course when its sessions are done or on its stop date, not before", async () => {
    const { b, at } = clinic();
    const p = await b.savePatient(patientInput());
    const short = await b.saveCourse(courseInput(p.id, { target_sessions: 1 }));
    at("2026-01-05");
    await b.saveSession(sessionInput(p.id, "2026-01-05T09:00:00Z", { course_id: short.id }));
    const stopped = courseInput(p.id, { name: "Stopped", stopped_on: "2026-03-01" });
    await b.saveCourse(stopped);
    const states = async (day: string) => {
      at(day);
      return Object.fromEntries((await b.listPatientCourses(p.id)).map((c) => [c.name, c.state]));
    };
    expect(await states("2026-02-28")).toEqual({ "Acne scars, face": "completed", Stopped: "overdue" });
    expect(await states("2026-03-01")).toEqual({ "Acne scars, face": "completed", Stopped: "stopped" });
    const [c] = (await b.listPatientCourses(p.id)).filter((x) => x.name === "Stopped");
    expect(c).toMatchObject({ next_due_on: null, days_overdue: 0 });
  });

  it("numbers a course's sessions by date and stores the course on the session", async () => {
    const { b, at } = clinic();
    const p = await b.savePatient(patientInput());
    const course = await b.saveCourse(courseInput(p.id));
    at("2026-03-01");
    const later = await b.saveSession(sessionInput(p.id, "2026-02-10T09:00:00Z", { course_id: course.id }));
    expect(later).toMatchObject({ course_id: course.id, course_number: 1, course_target: 6 });
    const earlier = await b.saveSession(sessionInput(p.id, "2026-01-10T09:00:00Z", { course_id: course.id }));
    expect(earlier.course_number).toBe(1);
    expect((await b.getSession(later.id)).course_number).toBe(2);
    const list = await b.listPatientSessions(p.id);
    expect(list.map((s) => s.course_number)).toEqual([2, 1]);
    const outside = await b.saveSession(sessionInput(p.id, "2026-02-20T09:00:00Z"));
    expect(outside).toMatchObject({ course_id: null, course_number: null, course_target: null });
    expect((await b.listPatientCourses(p.id))[0]).toMatchObject({ sessions_done: 2, last_session_on: "2026-02-10" });
  });

  it("refuses another patient's course on a session, and courses that do not add up", async () => {
    const { b } = clinic();
    const p = await b.savePatient(patientInput());
    const other = await b.savePatient(patientInput({ given_name: "Other", mrn: null }));
    const theirs = await b.saveCourse(courseInput(other.id));
    const bad = await rejection(b.saveSession(sessionInput(p.id, "2026-01-01T09:00:00Z", { course_id: theirs.id })));
    expect(bad.code).toBe("Invalid");
    expect(bad.fields.map((f) => f.field)).toEqual(["course_id"]);

    const invalid = await rejection(b.saveCourse(courseInput(p.id, {
      name: " ", target_sessions: 31, interval_days: 0, started_on: "2026-02-01", stopped_on: "2026-01-31",
    })));
    expect(invalid.fields.map((f) => f.field)).toEqual(["name", "target_sessions", "interval_days", "stopped_on"]);
    expect((await rejection(b.saveCourse(courseInput(p.id, { protocol_id: uuidv7() })))).fields[0].field)
      .toBe("protocol_id");
    expect((await rejection(b.saveCourse({ ...courseInput(p.id), id: theirs.id }))).code).toBe("Conflict");
    expect((await rejection(b.listPatientCourses(uuidv7()))).code).toBe("NotFound");
    const fromProtocol = await b.saveCourse(courseInput(p.id, { protocol_id: ACNE_PROTOCOL }));
    expect(fromProtocol).toMatchObject({ protocol_id: ACNE_PROTOCOL, sessions_done: 0, state: "due_soon" });
  });

  it("lists due and overdue courses of active patients, most urgent first", async () => {
    const { b, at } = clinic();
    const add = async (given: string, started_on: string, fields: Partial<CourseInput> = {}) => {
      const p = await b.savePatient(patientInput({ given_name: given }));
      await b.saveCourse(courseInput(p.id, { started_on, ...fields }));
      return p;
    };
    await add("Later", "2026-03-05");
    await add("Late", "2026-02-20");
    await add("Soon", "2026-03-03");
    await add("Stopped", "2026-02-01", { stopped_on: "2026-02-15" });
    const archived = await add("Archived", "2026-01-15");
    await b.archivePatient(archived.id);
    at("2026-03-01");
    const due = await b.listDueCourses();
    expect(due.map((d) => [d.given_name, d.course.state, d.course.days_overdue])).toEqual([
      ["Late", "overdue", 9], ["Soon", "due_soon", 0], ["Later", "due_soon", 0],
    ]);
  });
});

describe("protocols and the area map (memory backend)", () => {
  it("seeds migration 0005: four protocols, map spots and the due-soon setting", async () => {
    const ref = await createMemoryBackend().getReferenceData();
    expect(ref.protocols.map((p) => [p.name, p.target_sessions, p.interval_days, p.areas.length])).toEqual([
      ["Acne scars, face", 6, 35, 3], ["Fine lines, face", 4, 28, 3], ["Hair loss, scalp", 6, 28, 1],
      ["Stretch marks, abdomen", 6, 42, 1],
    ]);
    expect(ref.protocols[0].id).toBe(ACNE_PROTOCOL);
    expect(ref.protocols[0].areas[2]).toEqual({
      area_id: "00000000-0000-7000-8001-000000000007", device_kind: "derma_pen",
      device_model_id: "00000000-0000-7000-8005-000000000002", needle_depth_mm: 1, passes: 3, pattern: "crosshatch",
    });
    expect(ref.areas.find((a) => a.code === "cheek_left")?.map).toEqual({ view: "face", x: 72, y: 58 });
    expect(ref.areas.find((a) => a.code === "scalp")?.map).toEqual({ view: "body", x: 50, y: 3 });
    expect(ref.settings.due_soon_days).toBe(7);
  });

  it("saves a protocol with a unique name and at least one area; areas keep their map spot", async () => {
    const b = createMemoryBackend();
    const input = {
      id: uuidv7(), name: "Melasma, cheeks", indication: "hyperpigmentation", target_sessions: 4, interval_days: 30,
      serum: "Tranexamic acid serum", note: "", archived: false,
      areas: [{ area_id: CHEEK_LEFT, device_kind: "derma_pen" as const, device_model_id: null, needle_depth_mm: 0.5,
        passes: 2, pattern: null }],
    };
    expect((await b.saveProtocol(input)).areas[0].needle_depth_mm).toBe(0.5);
    expect((await b.getReferenceData()).protocols.map((p) => p.name)).toContain("Melasma, cheeks");
    const taken = await rejection(b.saveProtocol({ ...input, id: uuidv7() }));
    expect(taken.fields).toEqual([{ field: "name", message: "Another protocol already has this name." }]);
    const empty = await rejection(b.saveProtocol({ ...input, id: uuidv7(), name: "Other", areas: [] }));
    expect(empty.fields.map((f) => f.field)).toEqual(["areas"]);
    const deep = await rejection(b.saveProtocol({ ...input, areas: [{ ...input.areas[0], needle_depth_mm: 4, passes: 13 }] }));
    expect(deep.fields.map((f) => f.field)).toEqual(["areas[0].needle_depth_mm", "areas[0].passes"]);

    const cheek = (await b.getReferenceData()).areas.find((a) => a.id === CHEEK_LEFT)!;
    const moved = await b.saveArea({ ...cheek, name: "Left cheek", map: { view: "face", x: 70, y: 60 } });
    expect(moved.map).toEqual({ view: "face", x: 70, y: 60 });
    const off = await rejection(b.saveArea({ ...cheek, map: { view: "face", x: 101, y: 60 } }));
    expect(off.fields.map((f) => f.field)).toEqual(["map"]);
    const settings = (await b.getReferenceData()).settings;
    expect((await rejection(b.saveSettings({ ...settings, due_soon_days: 91 }))).fields.map((f) => f.field))
      .toEqual(["due_soon_days"]);
    expect((await b.saveSettings({ ...settings, due_soon_days: 14 })).due_soon_days).toBe(14);
  });
});
