// Sessions: saving (which also refreshes the patient list's "last session" dates and the
// clinic's due list, since a session moves its course on) and the clinician name this machine
// used last, offered as the default on the next new session.
import type { Session } from "../../bindings/Session";
import type { SessionInput } from "../../bindings/SessionInput";
import { api } from "../api";
import { dueList } from "./due.svelte";
import { patientList } from "./patients.svelte";

const LAST_CLINICIAN_KEY = "dermalog.lastClinician";

export async function saveSession(input: SessionInput): Promise<Session> {
  const saved = await api.saveSession(input);
  rememberClinician(saved.clinician_name);
  void patientList.refresh();
  void dueList.refresh();
  return saved;
}

export function listPatientSessions(patientId: string): Promise<Session[]> {
  return api.listPatientSessions(patientId);
}

export function getSession(id: string): Promise<Session> {
  return api.getSession(id);
}

/** The clinician who recorded last on this machine, or "". */
export function lastClinician(): string {
  try {
    return localStorage.getItem(LAST_CLINICIAN_KEY) ?? "";
  } catch {
    return "";
  }
}

function rememberClinician(name: string) {
  try {
    localStorage.setItem(LAST_CLINICIAN_KEY, name);
  } catch {
    // Storage can be unavailable (private mode); the default is a convenience only.
  }
}
