// The backend interface the UI talks to. Two implementations: `tauri.ts` (the real app,
// through typed IPC commands) and `memory.ts` (component tests and browser-only dev).
// Every method either resolves with the stored entity or rejects with an `ApiError`. Apart from
// the start-up and auth-status, set-up and sign-in calls, each needs a signed-in, unlocked user
// with the right role ("NotSignedIn", "AppLocked", "Forbidden" otherwise).
import type { AftercareSettings } from "../../bindings/AftercareSettings";
import type { AftercareTemplate } from "../../bindings/AftercareTemplate";
import type { ApiError } from "../../bindings/ApiError";
import type { ApiErrorCode } from "../../bindings/ApiErrorCode";
import type { Area } from "../../bindings/Area";
import type { AreaInput } from "../../bindings/AreaInput";
import type { AuditEvent } from "../../bindings/AuditEvent";
import type { AuditQuery } from "../../bindings/AuditQuery";
import type { AuditReport } from "../../bindings/AuditReport";
import type { AuthStatus } from "../../bindings/AuthStatus";
import type { BackupInfo } from "../../bindings/BackupInfo";
import type { RestoreDone } from "../../bindings/RestoreDone";
import type { BackupStatus } from "../../bindings/BackupStatus";
import type { EncryptionStatus } from "../../bindings/EncryptionStatus";
import type { ClinicSetup } from "../../bindings/ClinicSetup";
import type { User } from "../../bindings/User";
import type { UserInput } from "../../bindings/UserInput";
import type { ClinicSettings } from "../../bindings/ClinicSettings";
import type { DepthGuidance } from "../../bindings/DepthGuidance";
import type { DepthGuidanceInput } from "../../bindings/DepthGuidanceInput";
import type { DeviceModel } from "../../bindings/DeviceModel";
import type { DeviceModelInput } from "../../bindings/DeviceModelInput";
import type { CatalogueProduct } from "../../bindings/CatalogueProduct";
import type { CatalogueProductInput } from "../../bindings/CatalogueProductInput";
import type { Consent } from "../../bindings/Consent";
import type { ConsentDocument } from "../../bindings/ConsentDocument";
import type { ConsentInput } from "../../bindings/ConsentInput";
import type { ConsentStatus } from "../../bindings/ConsentStatus";
import type { ConsentTemplate } from "../../bindings/ConsentTemplate";
import type { PhotoScope } from "../../bindings/PhotoScope";
import type { RevokeConsentInput } from "../../bindings/RevokeConsentInput";
import type { TemplateVersionInput } from "../../bindings/TemplateVersionInput";
import type { Course } from "../../bindings/Course";
import type { CourseInput } from "../../bindings/CourseInput";
import type { DowntimeBand } from "../../bindings/DowntimeBand";
import type { DueCourse } from "../../bindings/DueCourse";
import type { Protocol } from "../../bindings/Protocol";
import type { ProtocolInput } from "../../bindings/ProtocolInput";
import type { Finding } from "../../bindings/Finding";
import type { Handout } from "../../bindings/Handout";
import type { HistoryEntry } from "../../bindings/HistoryEntry";
import type { HistoryEntryInput } from "../../bindings/HistoryEntryInput";
import type { HistoryTerm } from "../../bindings/HistoryTerm";
import type { HistoryTermInput } from "../../bindings/HistoryTermInput";
import type { PatientHistory } from "../../bindings/PatientHistory";
import type { Rule } from "../../bindings/Rule";
import type { RuleInput } from "../../bindings/RuleInput";
import type { Patient } from "../../bindings/Patient";
import type { PatientInput } from "../../bindings/PatientInput";
import type { PatientQuery } from "../../bindings/PatientQuery";
import type { PatientSummary } from "../../bindings/PatientSummary";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { RecentSessions } from "../../bindings/RecentSessions";
import type { Session } from "../../bindings/Session";
import type { SessionInput } from "../../bindings/SessionInput";
import type { StartupStatus } from "../../bindings/StartupStatus";
import type { CoursesDueReport } from "../../bindings/CoursesDueReport";
import type { CsvRequest } from "../../bindings/CsvRequest";
import type { Dimension } from "../../bindings/Dimension";
import type { ExportDone } from "../../bindings/ExportDone";
import type { MonthCount } from "../../bindings/MonthCount";
import type { PageRequest } from "../../bindings/PageRequest";
import type { ReactionReport } from "../../bindings/ReactionReport";
import type { RecallHit } from "../../bindings/RecallHit";
import type { ReportPeriod } from "../../bindings/ReportPeriod";
import type { SessionFilter } from "../../bindings/SessionFilter";
import type { SessionPage } from "../../bindings/SessionPage";
import type { AddendumInput } from "../../bindings/AddendumInput";
import type { SignatureCheck } from "../../bindings/SignatureCheck";
import type { SignInput } from "../../bindings/SignInput";
import type { ColumnInfo } from "../../bindings/ColumnInfo";
import type { ColumnMapping } from "../../bindings/ColumnMapping";
import type { FileKind } from "../../bindings/FileKind";
import type { ImportBatch } from "../../bindings/ImportBatch";
import type { ImportOptions } from "../../bindings/ImportOptions";
import type { ImportReport } from "../../bindings/ImportReport";
import type { Photo } from "../../bindings/Photo";
import type { PhotoAdded } from "../../bindings/PhotoAdded";
import type { PhotoInput } from "../../bindings/PhotoInput";
import type { PhotoSize } from "../../bindings/PhotoSize";
import type { Preview } from "../../bindings/Preview";
import type { Progress } from "../../bindings/Progress";
import type { RecordsKind } from "../../bindings/RecordsKind";

export interface Backend {
  getStartupStatus(): Promise<StartupStatus>;
  /**
   * Public: set-up needed, who is signed in, locked or not, and whether the database is
   * encrypted, or sealed (encrypted and not open yet: no clinic name, no one signed in).
   */
  getAuthStatus(): Promise<AuthStatus>;
  /**
   * Public, first run only: names the clinic, creates the first admin and signs them in. A new
   * clinic's database is encrypted; its recovery key waits for `takeRecoveryKey`.
   */
  setUpClinic(setup: ClinicSetup): Promise<AuthStatus>;
  /**
   * Public: fails with SignInFailed or TooManyAttempts. While sealed it also opens the database
   * with the user's password; "DatabaseUnavailable" when the file is refused once opened (the
   * start-up status then names the problem).
   */
  signIn(username: string, password: string): Promise<AuthStatus>;
  /**
   * Public, only while sealed ("Conflict" otherwise): opens the database with the clinic's
   * recovery key; no one is signed in afterwards. A wrong key is an `Invalid` on
   * `recovery_key`; "TooManyAttempts" after five in 15 minutes; "DatabaseUnavailable" as at
   * sign-in.
   */
  unlockWithRecoveryKey(recoveryKey: string): Promise<AuthStatus>;
  /** The recovery key made at set-up, once (admins); null afterwards. */
  takeRecoveryKey(): Promise<string | null>;
  /**
   * Replaces the recovery key (admins) after the admin's password is entered again (a wrong
   * one is an `Invalid` on `password`); the old key stops working. Returns the new one, to
   * show once. "Conflict" when the database is not encrypted.
   */
  newRecoveryKey(password: string): Promise<string>;
  /** Whether the database is encrypted, its key file, and whose password opens it (admins). */
  getEncryptionStatus(): Promise<EncryptionStatus>;
  signOut(): Promise<AuthStatus>;
  lockApp(): Promise<AuthStatus>;
  /** The locked user's password opens the app again. */
  unlockApp(password: string): Promise<AuthStatus>;
  /** The user is active: pushes the idle lock back. */
  keepAlive(): Promise<null>;
  listUsers(): Promise<User[]>;
  saveUser(input: UserInput): Promise<User>;
  /** The signed-in user's own password; field errors name `current_password`, `new_password`. */
  changePassword(currentPassword: string, newPassword: string): Promise<null>;
  /** Audit rows, newest first. */
  listAudit(query: AuditQuery): Promise<AuditEvent[]>;
  /** Recomputes the hash chains. */
  verifyAudit(): Promise<AuditReport>;
  /** Recomputes every signed session's content hash (admins). */
  verifySignatures(): Promise<SignatureCheck>;
  /** The patient summary or an aftercare handout went to the printer (audited as "print"). */
  recordPrint(patientId: string): Promise<null>;
  getReferenceData(): Promise<ReferenceData>;
  saveArea(input: AreaInput): Promise<Area>;
  saveDeviceModel(input: DeviceModelInput): Promise<DeviceModel>;
  saveDepthGuidance(input: DepthGuidanceInput): Promise<DepthGuidance>;
  saveSettings(input: ClinicSettings): Promise<ClinicSettings>;
  listPatients(query: PatientQuery): Promise<PatientSummary[]>;
  getPatient(id: string): Promise<Patient>;
  savePatient(input: PatientInput): Promise<Patient>;
  archivePatient(id: string): Promise<Patient>;
  restorePatient(id: string): Promise<Patient>;
  /** Warnings and refusals for a session form as it stands; never writes. */
  checkSession(input: SessionInput): Promise<Finding[]>;
  /** Adds or edits a draft; a signed session is refused with "Locked". */
  saveSession(input: SessionInput): Promise<Session>;
  getSession(id: string): Promise<Session>;
  /**
   * Signs a session with the password entered again (clinicians). The author signs a draft,
   * which locks it ("Locked" for any later save); review and co-sign follow, from another
   * clinician ("Conflict" otherwise). A wrong password is an `Invalid` on `password`.
   */
  signSession(input: SignInput): Promise<Session>;
  /**
   * Adds a correction (clinicians), follow-up reactions or a review comment to a signed
   * session; a retry with the same id adds nothing. Returns the session with its addenda.
   */
  addAddendum(input: AddendumInput): Promise<Session>;
  listPatientSessions(patientId: string): Promise<Session[]>;
  /**
   * The patient's newest `limit` (1 to 50) sessions, as `listPatientSessions` gives them, and
   * how many they have in all: a patient page's first screen. `Invalid` on `limit` otherwise.
   */
  listRecentSessions(patientId: string, limit: number): Promise<RecentSessions>;
  /** The patient's medical history (all entries, archived ones too) and Fitzpatrick types. */
  getPatientHistory(patientId: string): Promise<PatientHistory>;
  /** Adds, edits or archives (entered in error) one history entry. */
  saveHistoryEntry(input: HistoryEntryInput): Promise<HistoryEntry>;
  saveHistoryTerm(input: HistoryTermInput): Promise<HistoryTerm>;
  /** Adds or edits a contraindication rule; an edit raises its version. */
  saveRule(input: RuleInput): Promise<Rule>;
  saveProduct(input: CatalogueProductInput): Promise<CatalogueProduct>;
  /** The printable aftercare handout of a saved session. */
  getAftercareHandout(sessionId: string): Promise<Handout>;
  /** Records that the handout was given; returns the session ("Locked" once signed). */
  markAftercareGiven(sessionId: string): Promise<Session>;
  getAftercareSettings(): Promise<AftercareSettings>;
  saveAftercareTemplate(input: AftercareTemplate): Promise<AftercareTemplate>;
  saveDowntimeBand(input: DowntimeBand): Promise<DowntimeBand>;
  /** A patient's courses with progress as of today. */
  listPatientCourses(patientId: string): Promise<Course[]>;
  saveCourse(input: CourseInput): Promise<Course>;
  /** Courses overdue or due soon, clinic-wide, most urgent first. */
  listDueCourses(): Promise<DueCourse[]>;
  saveProtocol(input: ProtocolInput): Promise<Protocol>;
  /** One page of sessions matching `filter` (clinic-wide, or one patient's), newest first. */
  searchSessions(filter: SessionFilter, page: PageRequest): Promise<SessionPage>;
  /** Every use of a product or cartridge lot, newest first, with contact details. */
  recallLot(lot: string): Promise<RecallHit[]>;
  /** Reactions by type and grade per group over a period of months. */
  getReactionReport(dimension: Dimension, period: ReportPeriod): Promise<ReactionReport>;
  /** Sessions per month, every month of the period listed. */
  getSessionsPerMonth(period: ReportPeriod): Promise<MonthCount[]>;
  /** Courses due soon and overdue, per protocol and listed. */
  getCoursesDueReport(): Promise<CoursesDueReport>;
  /** Writes a CSV where the user chooses (system save dialog); null when cancelled. */
  exportCsv(request: CsvRequest): Promise<ExportDone | null>;
  /** The backup folder, the newest good backup, whether it is missing or over a day old, the last failure. */
  getBackupStatus(): Promise<BackupStatus>;
  /** Every kept backup, newest first (admins). */
  listBackups(): Promise<BackupInfo[]>;
  /** Takes a backup now (admins; audited as "backup"); fails with "WriteFailed" and why. */
  backupNow(): Promise<BackupInfo>;
  /**
   * Replaces the database with a kept backup (admins): checked first, the database in use set
   * aside (never overwritten), everyone signed out.
   */
  restoreBackup(fileName: string): Promise<RestoreDone>;
  /**
   * Makes a folder chosen in the system dialog the backup folder (admins), after checking it
   * can be written ("WriteFailed" otherwise); null when cancelled; "Conflict" when the folder
   * is fixed on this computer.
   */
  chooseBackupFolder(): Promise<BackupStatus | null>;
  /** Sends backups to the default folder beside the database again (admins). */
  useDefaultBackupFolder(): Promise<BackupStatus>;
  /**
   * Recovery, public and only while the database is refused at start ("Conflict" once one is
   * open): puts the newest backup in its place when `username` and `password` match an active
   * admin of that backup ("SignInFailed", "Forbidden", "TooManyAttempts"); "NotFound" with no
   * backup, "WriteFailed" when it fails its check. No one is signed in afterwards.
   */
  restoreNewestBackup(username: string, password: string): Promise<RestoreDone>;
  /**
   * Recovery: opens another database file, chosen in the system dialog, for this run of the app
   * only; its start-up status (which may carry a problem of its own), or null when cancelled.
   */
  openOtherDatabase(): Promise<StartupStatus | null>;
  /** Recovery: closes the app. */
  quitApp(): Promise<null>;
  // Data in and out (admins). The webview never sees a path or a file's bytes: the shell opens
  // the system dialogs and keeps the chosen import files until imported or forgotten.
  /** The fields a file of this kind can fill, with their accepted header names. */
  importColumns(kind: FileKind): Promise<ColumnInfo[]>;
  /** Chooses the file of this kind (system dialog) and previews its first rows; null when cancelled. */
  chooseImportFile(kind: FileKind, options: ImportOptions): Promise<Preview | null>;
  /**
   * Reads the chosen file again with these options and the user's mapping (kept for the check
   * and the import); "NotFound" when no file of this kind is chosen.
   */
  previewImport(kind: FileKind, options: ImportOptions, mapping: ColumnMapping): Promise<Preview>;
  /** The chosen file of this kind is no longer part of the import. */
  forgetImportFile(kind: FileKind): Promise<null>;
  /** A dry run over the chosen files with their mappings: what would be created, and every problem. */
  checkImport(options: ImportOptions): Promise<ImportReport>;
  /**
   * The import itself, all or nothing; "Invalid" with fields keyed `file:line:column` when a
   * row is refused. On success the chosen files are forgotten.
   */
  runImport(options: ImportOptions): Promise<ImportReport>;
  /** Past imports, newest first. */
  listImportBatches(): Promise<ImportBatch[]>;
  /** Calls `listener` with the progress of a check or an import; resolves with the unsubscribe. */
  onImportProgress(listener: (progress: Progress) => void): Promise<() => void>;
  /** A CSV (UTF-8) of every record of this kind, where the user chooses; null when cancelled. */
  exportRecords(kind: RecordsKind): Promise<ExportDone | null>;
  /** HL7 FHIR R4 JSON of one patient or (null) the whole clinic; `rows` counts the resources. */
  exportFhir(patientId: string | null): Promise<ExportDone | null>;
  /**
   * A folder with a readable HTML summary and the FHIR JSON of one patient's record; `path` is
   * the folder, `rows` the sessions. Null when cancelled.
   */
  exportPatientPacket(patientId: string): Promise<ExportDone | null>;
  // Clinical photos. Viewing is for any signed-in user; adding and removing for clinicians and
  // aestheticians ("Forbidden" otherwise). The webview never sees a path: the shell opens the
  // file dialog, or the UI sends a dropped file's bytes.
  /** Every photo of the patient, removed ones too, newest session first. */
  listPhotos(patientId: string): Promise<Photo[]>;
  /**
   * Opens the system file dialog (JPEG, PNG or WebP, several files) and adds each chosen file
   * as `input` says: one entry per file, added or with its own error (a file that is not an
   * image is an `Invalid` on `file`; a signed session is "Locked"); empty when cancelled.
   */
  choosePhotos(input: PhotoInput): Promise<PhotoAdded[]>;
  /**
   * Adds one photo from its bytes (a dropped file, a camera capture) to a draft session;
   * `name` is the file's name (never stored). The same picture again returns the same photo.
   */
  addPhoto(input: PhotoInput, name: string, bytes: Uint8Array): Promise<Photo>;
  /** A photo's bytes: the thumbnail (a JPEG) or the full image (its `media_type`). */
  getPhoto(patientId: string, photoId: string, size: PhotoSize): Promise<Uint8Array>;
  /**
   * Marks a photo removed; it is kept. On a signed session the reason is required (an error
   * on `reason`) and the removal counts as an addendum; on a draft it may be empty.
   */
  removePhoto(input: { photo_id: string; reason: string }): Promise<Photo>;
  /**
   * Saves one photo as a file where the admin chooses (system save dialog) for `purpose`;
   * null when cancelled. Teaching and marketing need a photo consent with that scope in force
   * today (an `Invalid` on `purpose` otherwise). Audited as an export.
   */
  exportPhoto(patientId: string, photoId: string, purpose: PhotoScope): Promise<ExportDone | null>;
  // Consent. Viewing is for any signed-in user; recording and revoking for clinicians and
  // aestheticians; editing the templates for admins ("Forbidden" otherwise).
  /** Every consent template (treatment first), each with its current version and older ones. */
  listConsentTemplates(): Promise<ConsentTemplate[]>;
  /**
   * Saves a new version (n + 1) of a template's title and text (admins); consents already
   * signed keep theirs. "Conflict" when identical to the current version; field errors on
   * `title` and `text`.
   */
  saveConsentTemplate(input: TemplateVersionInput): Promise<ConsentTemplate>;
  /** The patient's consents, newest first, revoked ones included. */
  listPatientConsents(patientId: string): Promise<Consent[]>;
  /** The treatment consent and the photo uses in force today (no treatment consent: warn). */
  getConsentStatus(patientId: string): Promise<ConsentStatus>;
  /**
   * Records a consent signed now, witnessed by the signed-in user. The input names the
   * template version shown and its text's hash: a text changed since is a "Conflict". A drawn
   * consent carries the signature PNG, a paper one the scan; field errors on `signer_name`,
   * `scopes`, `signature_png`, `scan` (and `patient_id` for an archived patient).
   */
  recordConsent(input: ConsentInput): Promise<Consent>;
  /**
   * Revokes a consent from a day (not before it was signed, not after today), with a reason;
   * it stays on record. "Conflict" when already revoked; field errors on `reason`, `effective_on`.
   */
  revokeConsent(input: RevokeConsentInput): Promise<Consent>;
  /** The printable record: the consent, the full text as signed, and the signature or scan. */
  getConsentDocument(consentId: string): Promise<ConsentDocument>;
}

/** True when `e` is an ApiError, optionally of the given code. Never match on message text. */
export function isApiError(e: unknown, code?: ApiErrorCode): e is ApiError {
  if (typeof e !== "object" || e === null) return false;
  const o = e as Record<string, unknown>;
  const shaped =
    typeof o.code === "string" && typeof o.message === "string" && Array.isArray(o.fields);
  return shaped && (code === undefined || o.code === code);
}

/** Any rejection as an ApiError, so callers handle one shape. */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return { code: "Internal", message, fields: [] };
}
