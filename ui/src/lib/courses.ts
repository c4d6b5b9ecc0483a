// Courses (treatment plans) as the UI shows and edits them: the "start a course" form's working
// copy and its conversion to a CourseInput, a protocol's defaults, and the words for a course's
// state and due date. Progress itself (sessions done, next due, state) comes from the backend.
import type { Course } from "../bindings/Course";
import type { CourseInput } from "../bindings/CourseInput";
import type { CourseState } from "../bindings/CourseState";
import type { Protocol } from "../bindings/Protocol";
import { plural } from "./labels";

export interface CourseDraft {
  id: string;
  /** The protocol it starts from; "" = a custom course. */
  protocol_id: string;
  name: string;
  /** Indication code; "" = none. */
  indication: string;
  target_sessions: number | null;
  interval_days: number | null;
  started_on: string;
  note: string;
}

export function newCourseDraft(id: string, today: string): CourseDraft {
  return {
    id, protocol_id: "", name: "", indication: "", target_sessions: 6, interval_days: 28, started_on: today, note: "",
  };
}

/** The draft with a protocol's name, indication, sessions and interval (or unchanged for "custom"). */
export function withProtocol(d: CourseDraft, protocol: Protocol | undefined): CourseDraft {
  if (!protocol) return { ...d, protocol_id: "" };
  return {
    ...d, protocol_id: protocol.id, name: protocol.name, indication: protocol.indication ?? "",
    target_sessions: protocol.target_sessions, interval_days: protocol.interval_days,
  };
}

const int = (v: number | null | string) =>
  v === null || v === "" || Number.isNaN(Number(v)) ? 0 : Number(v);

/** What the backend receives; an empty number is sent as 0 so the backend names the field. */
export function courseDraftToInput(d: CourseDraft, patientId: string): CourseInput {
  return {
    id: d.id, patient_id: patientId, protocol_id: d.protocol_id || null, name: d.name,
    indication: d.indication || null, target_sessions: int(d.target_sessions), interval_days: int(d.interval_days),
    started_on: d.started_on, stopped_on: null, note: d.note,
  };
}

/** A stored course, stopped on `today` (never before its start). */
export function stoppedInput(c: Course, today: string): CourseInput {
  return {
    id: c.id, patient_id: c.patient_id, protocol_id: c.protocol_id, name: c.name, indication: c.indication,
    target_sessions: c.target_sessions, interval_days: c.interval_days, started_on: c.started_on,
    stopped_on: today < c.started_on ? c.started_on : today, note: c.note,
  };
}

/** Sessions remain and it has not been stopped. */
export const isRunning = (c: Pick<Course, "state">) => c.state !== "completed" && c.state !== "stopped";

/** Whole days from `today` to `day` (both `YYYY-MM-DD`); negative when `day` is past. */
export function daysFrom(today: string, day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** The state badge: "Overdue by 3 days", "Due soon", "On track", "Completed", "Stopped". */
export function stateLabel(c: Pick<Course, "state" | "days_overdue">): string {
  const words: Record<CourseState, string> = {
    overdue: `Overdue by ${plural(c.days_overdue, "day")}`,
    due_soon: "Due soon",
    on_track: "On track",
    completed: "Completed",
    stopped: "Stopped",
  };
  return words[c.state];
}

/** When the next session is due, relative to `today`: "Overdue by 3 days", "Due today", "Due in 5 days". */
export function dueText(c: Pick<Course, "state" | "days_overdue" | "next_due_on">, today: string): string {
  if (c.state === "overdue") return `Overdue by ${plural(c.days_overdue, "day")}`;
  if (!c.next_due_on) return "";
  const days = Math.max(0, daysFrom(today, c.next_due_on));
  return days === 0 ? "Due today" : `Due in ${plural(days, "day")}`;
}

/** "Session 4 of 6": the next session of a course (sessions done + 1). */
export function nextSessionText(c: Pick<Course, "sessions_done" | "target_sessions">): string {
  return `Session ${c.sessions_done + 1} of ${c.target_sessions}`;
}

/** "every 35 days", "every day". */
export function intervalText(days: number): string {
  return days === 1 ? "every day" : `every ${days} days`;
}

/** "Session 3 of 6 · Acne scars, face" for a session in a course (name when known), else "". */
export function sessionInCourse(
  s: { course_number: number | null; course_target: number | null; course_id: string | null },
  courses: Pick<Course, "id" | "name">[] = [],
): string {
  if (s.course_number === null || s.course_target === null) return "";
  const name = courses.find((c) => c.id === s.course_id)?.name;
  const position = `Session ${s.course_number} of ${s.course_target}`;
  return name ? `${position} · ${name}` : position;
}
