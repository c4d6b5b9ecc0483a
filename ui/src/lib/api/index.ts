// The backend the UI talks to: the Rust core inside the Tauri window, else the in-memory
// backend (browser dev: add `?demo` to the URL for demo records, Amara Okafor's with photos
// and consents, `?problem` to preview the start-up recovery screen (with `&demo` it offers a
// backup to restore), `?setup` the first-run set-up, `?signin` the sign-in, `?sealed` the
// sign-in of an encrypted database not open yet;
// the preloaded user is "ana.silva", password "correct horse battery", and the recovery key is
// MEMORY_RECOVERY_KEY in memory-keys.ts). Tests swap in a fresh memory backend with `useBackend`.
// The memory backend is loaded on demand, so the app in Tauri never loads it. Every call goes
// through `via`, which tells the auth store when a reply says the app is locked or signed out.
import type { Backend } from "./backend";
import { isApiError } from "./backend";
import { inTauri, tauriBackend } from "./tauri";

async function browserBackend(): Promise<Backend> {
  const { createMemoryBackend } = await import("./memory");
  const flags = new URLSearchParams(typeof location === "undefined" ? "" : location.search);
  return createMemoryBackend({
    demo: flags.has("demo"),
    delayMs: flags.has("demo") ? 150 : 0,
    setupNeeded: flags.has("setup"),
    signedIn: !flags.has("signin"),
    sealed: flags.has("sealed"),
    idleLock: true,
    problem: flags.has("problem")
      ? {
          code: "NotADatabase",
          message:
            "The file is not a Dermalog database (it may be damaged or a different kind of file). "
            + "Nothing was written to it.",
          quarantined_to: "/home/clinic/.local/share/dermalog/quarantine/20261120T093000Z",
        }
      : null,
    // The preview's file dialogs answer with a database that opens and an external drive.
    otherDatabase: { path: "/home/clinic/Documents/dermalog-copy.sqlite3" },
    pickedFolder: "/media/clinic/backup-drive/dermalog",
  });
}

let current: Promise<Backend> | null = null;
const backend = () => (current ??= inTauri() ? Promise.resolve(tauriBackend) : browserBackend());

/** Replaces the backend (tests, previews). */
export function useBackend(replacement: Backend): void {
  current = Promise.resolve(replacement);
}

/** Told when any call fails because the app is locked or no one is signed in. */
export type AuthLostHandler = (code: "AppLocked" | "NotSignedIn") => void;
let authLost: AuthLostHandler | null = null;

/**
 * The one place that watches every reply for "AppLocked" and "NotSignedIn", so the auth store
 * shows the lock screen or the sign-in whichever component made the call.
 */
export function onAuthLost(handler: AuthLostHandler | null): void {
  authLost = handler;
}

async function via<T>(use: (b: Backend) => Promise<T>): Promise<T> {
  const b = await backend();
  try {
    return await use(b);
  } catch (e) {
    const lost = isApiError(e) && (e.code === "AppLocked" || e.code === "NotSignedIn") ? e.code : null;
    if (lost) authLost?.(lost);
    throw e;
  }
}

export const api: Backend = {
  getStartupStatus: () => via((b) => b.getStartupStatus()),
  getAuthStatus: () => via((b) => b.getAuthStatus()),
  setUpClinic: (setup) => via((b) => b.setUpClinic(setup)),
  signIn: (username, password) => via((b) => b.signIn(username, password)),
  signOut: () => via((b) => b.signOut()),
  lockApp: () => via((b) => b.lockApp()),
  unlockApp: (password) => via((b) => b.unlockApp(password)),
  unlockWithRecoveryKey: (recoveryKey) => via((b) => b.unlockWithRecoveryKey(recoveryKey)),
  takeRecoveryKey: () => via((b) => b.takeRecoveryKey()),
  newRecoveryKey: (password) => via((b) => b.newRecoveryKey(password)),
  getEncryptionStatus: () => via((b) => b.getEncryptionStatus()),
  keepAlive: () => via((b) => b.keepAlive()),
  listUsers: () => via((b) => b.listUsers()),
  saveUser: (input) => via((b) => b.saveUser(input)),
  changePassword: (current, next) => via((b) => b.changePassword(current, next)),
  listAudit: (query) => via((b) => b.listAudit(query)),
  verifyAudit: () => via((b) => b.verifyAudit()),
  verifySignatures: () => via((b) => b.verifySignatures()),
  recordPrint: (patientId) => via((b) => b.recordPrint(patientId)),
  getReferenceData: () => via((b) => b.getReferenceData()),
  saveArea: (input) => via((b) => b.saveArea(input)),
  saveDeviceModel: (input) => via((b) => b.saveDeviceModel(input)),
  saveDepthGuidance: (input) => via((b) => b.saveDepthGuidance(input)),
  saveSettings: (input) => via((b) => b.saveSettings(input)),
  listPatients: (query) => via((b) => b.listPatients(query)),
  getPatient: (id) => via((b) => b.getPatient(id)),
  savePatient: (input) => via((b) => b.savePatient(input)),
  archivePatient: (id) => via((b) => b.archivePatient(id)),
  restorePatient: (id) => via((b) => b.restorePatient(id)),
  checkSession: (input) => via((b) => b.checkSession(input)),
  saveSession: (input) => via((b) => b.saveSession(input)),
  getSession: (id) => via((b) => b.getSession(id)),
  signSession: (input) => via((b) => b.signSession(input)),
  addAddendum: (input) => via((b) => b.addAddendum(input)),
  listPatientSessions: (patientId) => via((b) => b.listPatientSessions(patientId)),
  listRecentSessions: (patientId, limit) => via((b) => b.listRecentSessions(patientId, limit)),
  getPatientHistory: (patientId) => via((b) => b.getPatientHistory(patientId)),
  saveHistoryEntry: (input) => via((b) => b.saveHistoryEntry(input)),
  saveHistoryTerm: (input) => via((b) => b.saveHistoryTerm(input)),
  saveRule: (input) => via((b) => b.saveRule(input)),
  saveProduct: (input) => via((b) => b.saveProduct(input)),
  getAftercareHandout: (sessionId) => via((b) => b.getAftercareHandout(sessionId)),
  markAftercareGiven: (sessionId) => via((b) => b.markAftercareGiven(sessionId)),
  getAftercareSettings: () => via((b) => b.getAftercareSettings()),
  saveAftercareTemplate: (input) => via((b) => b.saveAftercareTemplate(input)),
  saveDowntimeBand: (input) => via((b) => b.saveDowntimeBand(input)),
  listPatientCourses: (patientId) => via((b) => b.listPatientCourses(patientId)),
  saveCourse: (input) => via((b) => b.saveCourse(input)),
  listDueCourses: () => via((b) => b.listDueCourses()),
  saveProtocol: (input) => via((b) => b.saveProtocol(input)),
  searchSessions: (filter, page) => via((b) => b.searchSessions(filter, page)),
  recallLot: (lot) => via((b) => b.recallLot(lot)),
  getReactionReport: (dimension, period) => via((b) => b.getReactionReport(dimension, period)),
  getSessionsPerMonth: (period) => via((b) => b.getSessionsPerMonth(period)),
  getCoursesDueReport: () => via((b) => b.getCoursesDueReport()),
  exportCsv: (request) => via((b) => b.exportCsv(request)),
  getBackupStatus: () => via((b) => b.getBackupStatus()),
  listBackups: () => via((b) => b.listBackups()),
  backupNow: () => via((b) => b.backupNow()),
  restoreBackup: (fileName) => via((b) => b.restoreBackup(fileName)),
  chooseBackupFolder: () => via((b) => b.chooseBackupFolder()),
  useDefaultBackupFolder: () => via((b) => b.useDefaultBackupFolder()),
  restoreNewestBackup: (username, password) => via((b) => b.restoreNewestBackup(username, password)),
  openOtherDatabase: () => via((b) => b.openOtherDatabase()),
  quitApp: () => via((b) => b.quitApp()),
  importColumns: (kind) => via((b) => b.importColumns(kind)),
  chooseImportFile: (kind, options) => via((b) => b.chooseImportFile(kind, options)),
  previewImport: (kind, options, mapping) => via((b) => b.previewImport(kind, options, mapping)),
  forgetImportFile: (kind) => via((b) => b.forgetImportFile(kind)),
  checkImport: (options) => via((b) => b.checkImport(options)),
  runImport: (options) => via((b) => b.runImport(options)),
  listImportBatches: () => via((b) => b.listImportBatches()),
  onImportProgress: (listener) => via((b) => b.onImportProgress(listener)),
  exportRecords: (kind) => via((b) => b.exportRecords(kind)),
  exportFhir: (patientId) => via((b) => b.exportFhir(patientId)),
  exportPatientPacket: (patientId) => via((b) => b.exportPatientPacket(patientId)),
  listPhotos: (patientId) => via((b) => b.listPhotos(patientId)),
  choosePhotos: (input) => via((b) => b.choosePhotos(input)),
  addPhoto: (input, name, bytes) => via((b) => b.addPhoto(input, name, bytes)),
  getPhoto: (patientId, photoId, size) => via((b) => b.getPhoto(patientId, photoId, size)),
  removePhoto: (input) => via((b) => b.removePhoto(input)),
  exportPhoto: (patientId, photoId, purpose) => via((b) => b.exportPhoto(patientId, photoId, purpose)),
  listConsentTemplates: () => via((b) => b.listConsentTemplates()),
  saveConsentTemplate: (input) => via((b) => b.saveConsentTemplate(input)),
  listPatientConsents: (patientId) => via((b) => b.listPatientConsents(patientId)),
  getConsentStatus: (patientId) => via((b) => b.getConsentStatus(patientId)),
  recordConsent: (input) => via((b) => b.recordConsent(input)),
  revokeConsent: (input) => via((b) => b.revokeConsent(input)),
  getConsentDocument: (consentId) => via((b) => b.getConsentDocument(consentId)),
};

export { isApiError, toApiError } from "./backend";
export type { Backend } from "./backend";
