// The in-memory backend's backups: a list per folder kept newest first (no files, no
// retention), each with the counts it would hold, and the status the status bar shows, worked
// out as the app does (a warning when there is none or the newest is more than a day old).
// The folder is chosen as in the app: `backups/` beside the database by default, an admin's
// choice per database (the system dialog's answer is an option), or fixed on this computer
// (DERMALOG_BACKUP_DIR), which the app cannot change. Tests can preload backups, make every
// attempt fail as a full disk would, or make backups fail their check before a restore.
import type { Action } from "../../bindings/Action";
import type { BackupInfo } from "../../bindings/BackupInfo";
import type { BackupReason } from "../../bindings/BackupReason";
import type { BackupStatus } from "../../bindings/BackupStatus";
import type { FolderSetBy } from "../../bindings/FolderSetBy";
import type { Backend } from "./backend";
import type { Need } from "./memory-accounts";
import { MEMORY_WORKSTATION, type AuditExtra } from "./memory-audit";
import { fail } from "./memory-fail";

/** The in-memory clinic's database file. */
export const MEMORY_DATABASE_PATH = "/home/clinic/.local/share/dermalog/dermalog.sqlite3";
/** Its default backup folder, `backups/` beside it. */
export const MEMORY_BACKUP_FOLDER = "/home/clinic/.local/share/dermalog/backups";
/** A newest backup older than this is warned about (the app's WARN_AFTER). */
export const WARN_AFTER_MS = 24 * 60 * 60_000;

export interface BackupOptions {
  /** Preload these backups into the folder in use at start (the demo clinic has one). */
  backups?: BackupInfo[];
  /** Every backup attempt fails with this reason ("WriteFailed"), as a full disk would. */
  failBackups?: string;
  /** Every backup fails its check before a restore with this reason ("WriteFailed"). */
  failBackupCheck?: string;
  /** The folder the system folder dialog answers with; null (default): the admin cancels. */
  pickedFolder?: string | null;
  /** Folders that cannot be written: choosing one fails with "WriteFailed". */
  unwritableFolders?: string[];
  /** The backup folder is fixed on this computer (DERMALOG_BACKUP_DIR) to this one. */
  fixedBackupFolder?: string | null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The default folder for a database: `backups/` beside it. */
export function defaultFolder(dbPath: string): string {
  const cut = dbPath.lastIndexOf("/");
  return `${cut > 0 ? dbPath.slice(0, cut) : ""}/backups`;
}

/** The app's file name: `dermalog-20261120T093000123000Z-manual.sqlite3`. */
export function backupFileName(at: Date, reason: BackupReason): string {
  const stamp = `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}T`
    + `${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}${pad(at.getUTCMilliseconds(), 3)}000Z`;
  return `dermalog-${stamp}-${reason}.sqlite3`;
}

/** Where a restore moves the database it replaces: `<db>.before-restore-20261120T093000Z`. */
export function setAsidePath(dbPath: string, at: Date): string {
  return `${dbPath}.before-restore-${at.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
}

/** What a backup of this many records would plausibly weigh and take. */
export function backupInfo(at: Date, reason: BackupReason, patients: number, sessions: number,
  audit: { seq: number; hash: string }, encrypted = true): BackupInfo {
  const bytes = Math.ceil((180_000 + patients * 3_000 + sessions * 5_500) / 4096) * 4096;
  return {
    file_name: backupFileName(at, reason), created_at: at.toISOString(), reason, bytes, patients, sessions,
    schema_version: 1, audit_workstation: MEMORY_WORKSTATION, audit_seq: audit.seq, audit_hash: audit.hash,
    millis: 25 + Math.round(sessions / 20), encrypted,
  };
}

export class BackupStore {
  lastError: string | null = null;
  /** The database whose backups these are (another file can be opened during recovery). */
  dbPath = MEMORY_DATABASE_PATH;
  readonly #byFolder = new Map<string, BackupInfo[]>();
  /** An admin's choice, per database (the app keeps it in `<db>.backup-folder`). */
  readonly #chosen = new Map<string, string>();
  readonly #opts: BackupOptions;

  constructor(preload: BackupInfo[], opts: BackupOptions = {}) {
    this.#opts = opts;
    this.#byFolder.set(this.folder, [...preload].sort((a, b) => b.created_at.localeCompare(a.created_at)));
  }

  get folder(): string {
    return this.#opts.fixedBackupFolder ?? this.#chosen.get(this.dbPath) ?? defaultFolder(this.dbPath);
  }

  get setBy(): FolderSetBy {
    if (this.#opts.fixedBackupFolder) return "computer";
    return this.#chosen.has(this.dbPath) ? "admin" : "default";
  }

  /** The backups in the folder in use, newest first. */
  get backups(): BackupInfo[] {
    const folder = this.folder;
    let list = this.#byFolder.get(folder);
    if (!list) this.#byFolder.set(folder, (list = []));
    return list;
  }

  status(now: Date): BackupStatus {
    const last = this.backups[0] ?? null;
    return {
      folder: this.folder,
      folder_set_by: this.setBy,
      last,
      warn: last === null || now.getTime() - new Date(last.created_at).getTime() > WARN_AFTER_MS,
      last_error: this.lastError,
    };
  }

  /** Adds a backup as `make` describes it, or records the failure and throws it. */
  add(make: () => BackupInfo): BackupInfo {
    if (this.#opts.failBackups) {
      this.lastError = `Backup failed: ${this.#opts.failBackups}`;
      throw fail("WriteFailed", this.lastError);
    }
    const info = make();
    this.backups.unshift(info);
    this.lastError = null;
    return info;
  }

  /** The check before a restore: a backup that fails it changes nothing ("WriteFailed"). */
  check(_info: BackupInfo): void {
    if (this.#opts.failBackupCheck) throw fail("WriteFailed", `Backup failed: ${this.#opts.failBackupCheck}`);
  }

  /** Refuses a change of folder when this computer fixes it. */
  changeable(): void {
    if (this.#opts.fixedBackupFolder) {
      throw fail("Conflict",
        "The backup folder is fixed on this computer (DERMALOG_BACKUP_DIR) and cannot be changed here.");
    }
  }

  /** The system folder dialog: the folder picked, or null when cancelled. */
  pick(): string | null {
    return this.#opts.pickedFolder ?? null;
  }

  /** Makes `folder` the backup folder (null: the default again), after checking it can be written. */
  choose(folder: string | null): void {
    this.changeable();
    if (folder === null) {
      this.#chosen.delete(this.dbPath);
      return;
    }
    if (this.#opts.unwritableFolders?.includes(folder)) {
      throw fail("WriteFailed", `Backup failed: backups cannot be written to ${folder}: permission denied.`);
    }
    this.#chosen.set(this.dbPath, folder);
  }
}

/** What the backup calls need from the rest of the memory backend. */
export interface BackupContext {
  run: <T>(body: () => T, need?: Need) => Promise<T>;
  log: (action: Action, entity: string, id: string | null, extra?: AuditExtra) => void;
  now: () => Date;
  /** A backup of the clinic as it is now. */
  snapshot: (reason: BackupReason) => BackupInfo;
  signOut: () => void;
}

type BackupCalls = Pick<Backend, "getBackupStatus" | "listBackups" | "backupNow" | "restoreBackup"
  | "chooseBackupFolder" | "useDefaultBackupFolder">;

export function backupCalls(store: BackupStore, ctx: BackupContext): BackupCalls {
  const { run, log, now } = ctx;
  const setFolder = (folder: string | null) => {
    const before = store.folder;
    store.choose(folder);
    log("settings", "backup_folder", null, { old: before, new: store.folder });
    return store.status(now());
  };
  return {
    getBackupStatus: () => run(() => store.status(now())),
    listBackups: () => run(() => store.backups, "admin"),
    backupNow: () =>
      run(() => {
        const info = store.add(() => ctx.snapshot("manual"));
        log("backup", "backup", info.file_name, { new: info });
        return info;
      }, "admin"),
    // The in-memory clinic has no file to swap: a restore checks the backup, records it and
    // signs everyone out, as the real one does.
    restoreBackup: (fileName) =>
      run(() => {
        const info = store.backups.find((b) => b.file_name === fileName);
        if (!info) throw fail("NotFound", "That backup could not be found.");
        store.check(info);
        log("backup_restored", "backup", fileName, { new: info });
        ctx.signOut();
        return { restored: fileName, set_aside: setAsidePath(store.dbPath, now()) };
      }, "admin"),
    chooseBackupFolder: () =>
      run(() => {
        store.changeable();
        const folder = store.pick();
        return folder === null ? null : setFolder(folder);
      }, "admin"),
    useDefaultBackupFolder: () => run(() => setFolder(null), "admin"),
  };
}
