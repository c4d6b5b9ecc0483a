// The session form's course: which of the patient's courses it may belong to, the default,
// and where the session falls in it ("Session 4 of 6").
import type { Course } from "../bindings/Course";
import type { Session } from "../bindings/Session";
import { isRunning } from "./courses";

/** The running courses, plus `keep` (the draft's course) so a stored choice never vanishes. */
export function courseChoices(courses: Course[], keep: string): Course[] {
  return courses.filter((c) => isRunning(c) || c.id === keep);
}

/** A new session's course: the patient's only running course, else none (""). */
export function defaultCourseId(courses: Course[]): string {
  const running = courses.filter(isRunning);
  return running.length === 1 ? running[0].id : "";
}

/**
 * The session's number in `course`: its stored place when it is an edit that stays in that
 * course, else the next one (sessions done + 1).
 */
export function positionIn(course: Course, stored: Session | null): number {
  if (stored && stored.course_id === course.id && stored.course_number !== null) return stored.course_number;
  return course.sessions_done + 1;
}

/** "Session 4 of 6". */
export function positionText(course: Course, stored: Session | null): string {
  return `Session ${positionIn(course, stored)} of ${course.target_sessions}`;
}
