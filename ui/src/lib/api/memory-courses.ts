// The in-memory backend's copy of the core's courses and protocols (core/src/courses/*.rs):
// protocol templates (reference data), patients' courses, and their progress derived from the
// sessions that name them, never stored. Same field paths, sentences and error codes.
// Calendar days are UTC days, like the core's (`now.date_naive()`, a session's UTC date).
import type { ApiError } from "../../bindings/ApiError";
import type { Course } from "../../bindings/Course";
import type { CourseInput } from "../../bindings/CourseInput";
import type { CourseState } from "../../bindings/CourseState";
import type { DueCourse } from "../../bindings/DueCourse";
import type { Patient } from "../../bindings/Patient";
import type { Protocol } from "../../bindings/Protocol";
import type { ProtocolInput } from "../../bindings/ProtocolInput";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { Session } from "../../bindings/Session";
import type { SessionInput } from "../../bindings/SessionInput";
import { depthUm } from "./memory-guidance";
import { mm } from "./memory-seed";
import { Check, depthProblem } from "./memory-validate";

const SHORT_MAX = 100;
const CODE_MAX = 40;
const DAY = 86_400_000;

/** A course as stored: everything but its progress. */
export type StoredCourse = Omit<Course, "sessions_done" | "last_session_on" | "next_due_on" | "days_overdue" | "state">;

const clean = (v: string | null | undefined) => (v ?? "").trim().normalize("NFC");
const orNull = (v: string | null | undefined) => clean(v) || null;
const invalid = (fields: ApiError["fields"]): ApiError => ({ code: "Invalid", message: "Some fields need attention.", fields });

/** The UTC calendar day of an instant, `YYYY-MM-DD`. */
export const utcDay = (t: Date | string) => new Date(t).toISOString().slice(0, 10);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const addDays = (day: string, n: number) => utcDay(new Date(dayMs(day) + n * DAY));

/** What progress is judged from. */
export interface Plan {
  target: number;
  interval_days: number;
  started_on: string;
  stopped_on: string | null;
  done: number;
  last_on: string | null;
}

/** The core's `judge`: next due day, days late and state as of `today`, "due soon" `soonDays` ahead. */
export function judge(p: Plan, today: string, soonDays: number): Pick<Course, "next_due_on" | "days_overdue" | "state"> {
  const none = (state: CourseState) => ({ next_due_on: null, days_overdue: 0, state });
  if (p.stopped_on !== null && p.stopped_on <= today) return none("stopped");
  if (p.done >= p.target) return none("completed");
  const due = p.last_on === null ? p.started_on : addDays(p.last_on, p.interval_days);
  const late = Math.round((dayMs(today) - dayMs(due)) / DAY);
  if (late > 0) return { next_due_on: due, days_overdue: late, state: "overdue" };
  return { next_due_on: due, days_overdue: 0, state: -late <= soonDays ? "due_soon" : "on_track" };
}

export class CourseStore {
  courses = new Map<string, StoredCourse>();

  /** A course with its progress as of `today`, from `sessions` (any patient's). */
  progress(c: StoredCourse, sessions: Iterable<Session>, today: string, soonDays: number): Course {
    let done = 0;
    let last: number | null = null;
    for (const s of sessions) {
      if (s.course_id !== c.id) continue;
      done += 1;
      const t = Date.parse(s.started_at);
      if (last === null || t > last) last = t;
    }
    const last_on = last === null ? null : utcDay(new Date(last));
    const plan: Plan = {
      target: c.target_sessions, interval_days: c.interval_days, started_on: c.started_on,
      stopped_on: c.stopped_on, done, last_on,
    };
    return { ...c, sessions_done: done, last_session_on: last_on, ...judge(plan, today, soonDays) };
  }

  /** A patient's courses, newest first. */
  forPatient(patientId: string, sessions: Iterable<Session>, today: string, soonDays: number): Course[] {
    const all = [...sessions];
    return [...this.courses.values()]
      .filter((c) => c.patient_id === patientId)
      .sort((a, b) => b.started_on.localeCompare(a.started_on) || b.id.localeCompare(a.id))
      .map((c) => this.progress(c, all, today, soonDays));
  }

  /** Clinic-wide: running courses of patients not archived that are overdue or due soon, most urgent first. */
  due(patients: Map<string, Patient>, sessions: Iterable<Session>, today: string, soonDays: number): DueCourse[] {
    const all = [...sessions];
    const out: DueCourse[] = [];
    for (const c of this.courses.values()) {
      const p = patients.get(c.patient_id);
      if (!p || p.archived || (c.stopped_on !== null && c.stopped_on <= today)) continue;
      const course = this.progress(c, all, today, soonDays);
      if (course.state === "overdue" || course.state === "due_soon") {
        out.push({ course, given_name: p.given_name, family_name: p.family_name });
      }
    }
    return out.sort((a, b) =>
      (a.course.next_due_on ?? "").localeCompare(b.course.next_due_on ?? "") || a.course.id.localeCompare(b.course.id));
  }

  /** The core's check of a session's course: one of the patient's, else `Invalid` on `course_id`. */
  checkSession(input: SessionInput): void {
    // A missing course is none, as serde reads an absent Option.
    if ((input.course_id ?? null) === null) return;
    if (this.courses.get(input.course_id!)?.patient_id !== input.patient_id) {
      throw invalid([{ field: "course_id", message: "Choose one of this patient's courses." }]);
    }
  }

  /** A session with its place in its course ("session n of N"), by start time then id. */
  placed(s: Session, sessions: Iterable<Session>): Session {
    const course = s.course_id === null ? undefined : this.courses.get(s.course_id);
    if (!course) return { ...s, course_id: s.course_id ?? null, course_number: null, course_target: null };
    const t = Date.parse(s.started_at);
    let n = 0;
    for (const o of sessions) {
      if (o.course_id !== course.id) continue;
      const u = Date.parse(o.started_at);
      if (u < t || (u === t && o.id <= s.id)) n += 1;
    }
    return { ...s, course_number: n, course_target: course.target_sessions };
  }

  /** Starts or edits a course (`patients` to check the owner); returns it with its progress. */
  save(
    input: CourseInput, ref: ReferenceData, patients: Map<string, Patient>, sessions: Iterable<Session>, now: Date,
  ): Course {
    const c = new Check();
    c.line("name", "Name", input.name, SHORT_MAX, true);
    c.line("indication", "Indication", input.indication, CODE_MAX, false);
    c.note("note", input.note);
    c.range("target_sessions", "Sessions", input.target_sessions, 1, 30);
    c.range("interval_days", "Interval", input.interval_days, 1, 365);
    const started = c.date("started_on", "Start date", input.started_on, null, true);
    const stopped = c.date("stopped_on", "Stop date", input.stopped_on, null, false);
    if (started && stopped && stopped < started) c.fail("stopped_on", "A course cannot stop before it starts.");
    if (c.errors.length) throw invalid(c.errors);
    if (!patients.has(input.patient_id)) {
      throw { code: "NotFound", message: "That patient could not be found.", fields: [] } satisfies ApiError;
    }
    const existing = this.courses.get(input.id);
    if (existing && existing.patient_id !== input.patient_id) {
      throw { code: "Conflict", message: "This course belongs to another patient.", fields: [] } satisfies ApiError;
    }
    if (input.protocol_id !== null && !ref.protocols.some((p) => p.id === input.protocol_id)) {
      throw invalid([{ field: "protocol_id", message: "Choose a protocol from the clinic's list." }]);
    }
    this.courses.set(input.id, {
      id: input.id, patient_id: input.patient_id, protocol_id: input.protocol_id, name: clean(input.name),
      indication: orNull(input.indication), target_sessions: input.target_sessions,
      interval_days: input.interval_days, started_on: started!, stopped_on: stopped, note: clean(input.note),
    });
    return this.forPatient(input.patient_id, sessions, utcDay(now), ref.settings.due_soon_days)
      .find((x) => x.id === input.id)!;
  }
}

/** Adds or edits a protocol template in `ref`; its areas are replaced as a whole. */
export function saveProtocol(ref: ReferenceData, input: ProtocolInput): Protocol {
  const c = new Check();
  c.line("name", "Name", input.name, SHORT_MAX, true);
  c.line("indication", "Indication", input.indication, CODE_MAX, false);
  c.line("serum", "Serum", input.serum, SHORT_MAX, false);
  c.note("note", input.note);
  c.range("target_sessions", "Sessions", input.target_sessions, 1, 30);
  c.range("interval_days", "Interval", input.interval_days, 1, 365);
  if (input.areas.length === 0) c.fail("areas", "Add at least one area.");
  input.areas.forEach((a, i) => {
    const problem = depthProblem(a.needle_depth_mm);
    if (problem) c.fail(`areas[${i}].needle_depth_mm`, problem);
    c.range(`areas[${i}].passes`, "Passes", a.passes, 1, 12);
  });
  if (c.errors.length) throw invalid(c.errors);
  const name = clean(input.name);
  if (ref.protocols.some((p) => p.name === name && p.id !== input.id)) {
    throw invalid([{ field: "name", message: "Another protocol already has this name." }]);
  }
  const indication = orNull(input.indication);
  if (indication !== null && !ref.indications.some((i) => i.code === indication)) {
    throw invalid([{ field: "indication", message: "Choose an indication from the list." }]);
  }
  const unknown = input.areas.findIndex((a) =>
    !ref.areas.some((x) => x.id === a.area_id)
    || (a.device_model_id !== null && !ref.device_models.some((d) => d.id === a.device_model_id)));
  if (unknown >= 0) {
    throw invalid([{
      field: `areas[${unknown}].area_id`, message: "Choose an area and device from the clinic's lists.",
    }]);
  }
  const saved: Protocol = {
    id: input.id, name, indication, target_sessions: input.target_sessions, interval_days: input.interval_days,
    serum: orNull(input.serum), note: clean(input.note), archived: input.archived,
    areas: input.areas.map((a) => ({ ...a, needle_depth_mm: mm(depthUm(a.needle_depth_mm)!) })),
  };
  const at = ref.protocols.findIndex((p) => p.id === input.id);
  if (at >= 0) ref.protocols[at] = saved;
  else ref.protocols.push(saved);
  return saved;
}
