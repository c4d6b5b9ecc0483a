// Opening a patient from the sidebar: the record (patient, newest sessions, courses) is
// fetched first and the page is drawn once, with it. Navigating first would paint an empty
// page and then the record a frame later; for a long history that second frame is what the
// user waits for. Only the sessions of the first screen come first: the page fetches the
// whole history after its first paint. The fetched record is handed over once, and only
// while it is fresh.
import type { Course } from "../../bindings/Course";
import type { Patient } from "../../bindings/Patient";
import type { Session } from "../../bindings/Session";
import { api } from "../api";
import { listPatientCourses } from "./courses";

export interface OpenedPatient {
  patient: Patient;
  /** The newest sessions, newest first: all of them when `total` says so. */
  sessions: Session[];
  /** How many sessions the patient has. */
  total: number;
  courses: Course[];
}

/**
 * Sessions in the first screen: more than its cards (three), fewer than a long history, whose
 * 200 sessions with their children take several milliseconds to send and read.
 */
export const FIRST_SCREEN_SESSIONS = 6;

/** How long a fetched record may wait for its page (a guarded form may hold navigation). */
const FRESH_MS = 2000;

let held: { id: string; at: number; record: OpenedPatient } | null = null;

/** Everything the patient page shows first, in one round of parallel requests. */
export async function loadPatient(id: string): Promise<OpenedPatient> {
  const [patient, recent, courses] = await Promise.all([
    api.getPatient(id), api.listRecentSessions(id, FIRST_SCREEN_SESSIONS), listPatientCourses(id),
  ]);
  return { patient, sessions: recent.sessions, total: recent.total, courses };
}

/** Fetches the record ahead of navigating to it. A failure is left to the page to report. */
export async function prepareOpen(id: string): Promise<void> {
  try {
    held = { id, at: Date.now(), record: await loadPatient(id) };
  } catch {
    held = null;
  }
}

/** The record fetched for `id`, once, if still fresh. */
export function takeOpened(id: string): OpenedPatient | null {
  const h = held;
  held = null;
  return h && h.id === id && Date.now() - h.at < FRESH_MS ? h.record : null;
}

/** Drops a fetched record not yet handed over (sign-out). */
export function forgetOpened(): void {
  held = null;
}
