// The backend the UI talks to: the Rust core inside the Tauri window, else the in-memory
// backend (browser dev: add `?demo` to the URL for demo records, `?problem` to preview the
// start-up recovery screen). Tests swap in a fresh memory backend with `useBackend`.
// The memory backend is loaded on demand, so the app in Tauri never loads it.
import type { Backend } from "./backend";
import { inTauri, tauriBackend } from "./tauri";

async function browserBackend(): Promise<Backend> {
  const { createMemoryBackend } = await import("./memory");
  const flags = new URLSearchParams(typeof location === "undefined" ? "" : location.search);
  return createMemoryBackend({
    demo: flags.has("demo"),
    delayMs: flags.has("demo") ? 150 : 0,
    problem: flags.has("problem")
      ? {
          code: "NotADatabase",
          message:
            "The file is not a Dermalog database (it may be damaged or a different kind of file). "
            + "Nothing was written to it.",
        }
      : null,
  });
}

let current: Promise<Backend> | null = null;
const backend = () => (current ??= inTauri() ? Promise.resolve(tauriBackend) : browserBackend());

/** Replaces the backend (tests, previews). */
export function useBackend(replacement: Backend): void {
  current = Promise.resolve(replacement);
}

export const api: Backend = {
  getStartupStatus: async () => (await backend()).getStartupStatus(),
  getReferenceData: async () => (await backend()).getReferenceData(),
  saveArea: async (input) => (await backend()).saveArea(input),
  saveDeviceModel: async (input) => (await backend()).saveDeviceModel(input),
  saveDepthGuidance: async (input) => (await backend()).saveDepthGuidance(input),
  saveSettings: async (input) => (await backend()).saveSettings(input),
  listPatients: async (query) => (await backend()).listPatients(query),
  getPatient: async (id) => (await backend()).getPatient(id),
  savePatient: async (input) => (await backend()).savePatient(input),
  archivePatient: async (id) => (await backend()).archivePatient(id),
  restorePatient: async (id) => (await backend()).restorePatient(id),
  checkSession: async (input) => (await backend()).checkSession(input),
  saveSession: async (input) => (await backend()).saveSession(input),
  getSession: async (id) => (await backend()).getSession(id),
  listPatientSessions: async (patientId) => (await backend()).listPatientSessions(patientId),
  getPatientHistory: async (patientId) => (await backend()).getPatientHistory(patientId),
  saveHistoryEntry: async (input) => (await backend()).saveHistoryEntry(input),
  saveHistoryTerm: async (input) => (await backend()).saveHistoryTerm(input),
  saveRule: async (input) => (await backend()).saveRule(input),
  saveProduct: async (input) => (await backend()).saveProduct(input),
  getAftercareHandout: async (sessionId) => (await backend()).getAftercareHandout(sessionId),
  markAftercareGiven: async (sessionId) => (await backend()).markAftercareGiven(sessionId),
  getAftercareSettings: async () => (await backend()).getAftercareSettings(),
  saveAftercareTemplate: async (input) => (await backend()).saveAftercareTemplate(input),
  saveDowntimeBand: async (input) => (await backend()).saveDowntimeBand(input),
  listPatientCourses: async (patientId) => (await backend()).listPatientCourses(patientId),
  saveCourse: async (input) => (await backend()).saveCourse(input),
  listDueCourses: async () => (await backend()).listDueCourses(),
  saveProtocol: async (input) => (await backend()).saveProtocol(input),
  searchSessions: async (filter, page) => (await backend()).searchSessions(filter, page),
  recallLot: async (lot) => (await backend()).recallLot(lot),
  getReactionReport: async (dimension, period) =>
    (await backend()).getReactionReport(dimension, period),
  getSessionsPerMonth: async (period) => (await backend()).getSessionsPerMonth(period),
  getCoursesDueReport: async () => (await backend()).getCoursesDueReport(),
  exportCsv: async (request) => (await backend()).exportCsv(request),
};

export { isApiError, toApiError } from "./backend";
export type { Backend } from "./backend";
