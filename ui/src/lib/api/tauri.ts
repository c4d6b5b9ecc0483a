// The ONLY module that imports @tauri-apps/*. Each method is one typed command; argument
// names match the Rust command parameters. Import progress arrives as the "import-progress" event.
// Photos travel as raw bytes both ways: `add_photo` sends the file as the request body (what it
// is goes in a header), `get_photo` answers with the image's bytes. A consent's signature or
// scan goes the same way (`record_consent`), and comes back as raw bytes beside the
// printable record's JSON (`get_consent_picture`).
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { Consent } from "../../bindings/Consent";
import type { ConsentDocument } from "../../bindings/ConsentDocument";
import type { ConsentInput } from "../../bindings/ConsentInput";
import type { Photo } from "../../bindings/Photo";
import type { PhotoInput } from "../../bindings/PhotoInput";
import type { PhotoSize } from "../../bindings/PhotoSize";
import type { Progress } from "../../bindings/Progress";
import type { Backend } from "./backend";
import { toApiError } from "./backend";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toApiError(e);
  }
}

/**
 * `value` as JSON for a header beside a raw body, with every non-ASCII character escaped
 * (`\u00e9`), since a header value must be plain ASCII; the JSON reads back the same.
 */
export function headerJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The photo header for a raw-body `add_photo`: the input and the file's name. */
export function photoHeader(input: PhotoInput, name: string): string {
  return headerJson({ ...input, name });
}

/**
 * A consent's picture (the drawn signature, or the scan of a paper one: up to 10 MB) as the
 * raw request body, the rest of the input in the "dermalog-consent" header.
 */
async function recordConsent(input: ConsentInput): Promise<Consent> {
  try {
    const picture = (input.method === "drawn" ? input.signature_png : input.scan) ?? new Uint8Array();
    return await invoke<Consent>("record_consent", picture, {
      headers: { "dermalog-consent": headerJson({ ...input, signature_png: null, scan: null }) },
    });
  } catch (e) {
    throw toApiError(e);
  }
}

/**
 * The printable consent record: its JSON, then its picture as raw bytes (a scan may be
 * 10 MB), put back where the record's type has it.
 */
async function getConsentDocument(consentId: string): Promise<ConsentDocument> {
  const [doc, picture] = await Promise.all([
    call<ConsentDocument>("get_consent_document", { consentId }),
    call<ArrayBuffer>("get_consent_picture", { consentId }),
  ]);
  const bytes = new Uint8Array(picture);
  const drawn = doc.consent.method === "drawn";
  return { ...doc, signature_png: drawn ? bytes : null, scan: drawn ? null : bytes };
}

/** One photo's bytes as the raw request body, the rest in the "dermalog-photo" header. */
async function addPhoto(input: PhotoInput, name: string, bytes: Uint8Array): Promise<Photo> {
  try {
    return await invoke<Photo>("add_photo", bytes, {
      headers: { "dermalog-photo": photoHeader(input, name) },
    });
  } catch (e) {
    throw toApiError(e);
  }
}

/** A photo's bytes arrive as an ArrayBuffer (a raw IPC response). */
async function getPhoto(patientId: string, photoId: string, size: PhotoSize): Promise<Uint8Array> {
  return new Uint8Array(await call<ArrayBuffer>("get_photo", { patientId, photoId, size }));
}

export const tauriBackend: Backend = {
  getStartupStatus: () => call("get_startup_status"),
  getAuthStatus: () => call("get_auth_status"),
  setUpClinic: (setup) => call("set_up_clinic", { setup }),
  signIn: (username, password) => call("sign_in", { username, password }),
  signOut: () => call("sign_out"),
  lockApp: () => call("lock_app"),
  unlockApp: (password) => call("unlock_app", { password }),
  unlockWithRecoveryKey: (recoveryKey) => call("unlock_with_recovery_key", { recoveryKey }),
  takeRecoveryKey: () => call("take_recovery_key"),
  newRecoveryKey: (password) => call("new_recovery_key", { password }),
  getEncryptionStatus: () => call("get_encryption_status"),
  keepAlive: () => call("keep_alive"),
  listUsers: () => call("list_users"),
  saveUser: (input) => call("save_user", { input }),
  changePassword: (currentPassword, newPassword) => call("change_password", { currentPassword, newPassword }),
  listAudit: (query) => call("list_audit", { query }),
  verifyAudit: () => call("verify_audit"),
  verifySignatures: () => call("verify_signatures"),
  recordPrint: (patientId) => call("record_print", { patientId }),
  getReferenceData: () => call("get_reference_data"),
  saveArea: (input) => call("save_area", { input }),
  saveDeviceModel: (input) => call("save_device_model", { input }),
  saveDepthGuidance: (input) => call("save_depth_guidance", { input }),
  saveSettings: (input) => call("save_settings", { input }),
  listPatients: (query) => call("list_patients", { query }),
  getPatient: (id) => call("get_patient", { id }),
  savePatient: (input) => call("save_patient", { input }),
  archivePatient: (id) => call("archive_patient", { id }),
  restorePatient: (id) => call("restore_patient", { id }),
  checkSession: (input) => call("check_session", { input }),
  saveSession: (input) => call("save_session", { input }),
  getSession: (id) => call("get_session", { id }),
  signSession: (input) => call("sign_session", { input }),
  addAddendum: (input) => call("add_addendum", { input }),
  listPatientSessions: (patientId) => call("list_patient_sessions", { patientId }),
  listRecentSessions: (patientId, limit) => call("list_recent_sessions", { patientId, limit }),
  getPatientHistory: (patientId) => call("get_patient_history", { patientId }),
  saveHistoryEntry: (input) => call("save_history_entry", { input }),
  saveHistoryTerm: (input) => call("save_history_term", { input }),
  saveRule: (input) => call("save_rule", { input }),
  saveProduct: (input) => call("save_product", { input }),
  getAftercareHandout: (sessionId) => call("get_aftercare_handout", { sessionId }),
  markAftercareGiven: (sessionId) => call("mark_aftercare_given", { sessionId }),
  getAftercareSettings: () => call("get_aftercare_settings"),
  saveAftercareTemplate: (input) => call("save_aftercare_template", { input }),
  saveDowntimeBand: (input) => call("save_downtime_band", { input }),
  listPatientCourses: (patientId) => call("list_patient_courses", { patientId }),
  saveCourse: (input) => call("save_course", { input }),
  listDueCourses: () => call("list_due_courses"),
  saveProtocol: (input) => call("save_protocol", { input }),
  searchSessions: (filter, page) => call("search_sessions", { filter, page }),
  recallLot: (lot) => call("recall_lot", { lot }),
  getReactionReport: (dimension, period) => call("get_reaction_report", { dimension, period }),
  getSessionsPerMonth: (period) => call("get_sessions_per_month", { period }),
  getCoursesDueReport: () => call("get_courses_due_report"),
  exportCsv: (request) => call("export_csv", { request }),
  getBackupStatus: () => call("get_backup_status"),
  listBackups: () => call("list_backups"),
  backupNow: () => call("backup_now"),
  restoreBackup: (fileName) => call("restore_backup", { fileName }),
  chooseBackupFolder: () => call("choose_backup_folder"),
  useDefaultBackupFolder: () => call("use_default_backup_folder"),
  restoreNewestBackup: (username, password) => call("restore_newest_backup", { username, password }),
  openOtherDatabase: () => call("open_other_database"),
  quitApp: () => call("quit_app"),
  importColumns: (kind) => call("import_columns", { kind }),
  chooseImportFile: (kind, options) => call("choose_import_file", { kind, options }),
  previewImport: (kind, options, mapping) => call("preview_import", { kind, options, mapping }),
  forgetImportFile: (kind) => call("forget_import_file", { kind }),
  checkImport: (options) => call("check_import", { options }),
  runImport: (options) => call("run_import", { options }),
  listImportBatches: () => call("list_import_batches"),
  onImportProgress: (listener) => listen<Progress>("import-progress", (event) => listener(event.payload)),
  exportRecords: (kind) => call("export_records", { kind }),
  exportFhir: (patientId) => call("export_fhir", { patientId }),
  exportPatientPacket: (patientId) => call("export_patient_packet", { patientId }),
  listPhotos: (patientId) => call("list_photos", { patientId }),
  choosePhotos: (input) => call("choose_photos", { input }),
  addPhoto,
  getPhoto,
  removePhoto: (input) => call("remove_photo", { input }),
  exportPhoto: (patientId, photoId, purpose) => call("export_photo", { patientId, photoId, purpose }),
  listConsentTemplates: () => call("list_consent_templates"),
  saveConsentTemplate: (input) => call("save_consent_template", { input }),
  listPatientConsents: (patientId) => call("list_patient_consents", { patientId }),
  getConsentStatus: (patientId) => call("get_consent_status", { patientId }),
  recordConsent,
  revokeConsent: (input) => call("revoke_consent", { input }),
  getConsentDocument,
};

/** True inside the Tauri window (the IPC bridge is present). */
export function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}
