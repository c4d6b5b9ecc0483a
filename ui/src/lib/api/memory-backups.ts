// The in-memory backend's backups: a list kept newest first (no files, no retention), each
// with the counts it would hold, and the status the status bar shows, worked out as the app
// does (a warning when there is none or the newest is more than a day old). Tests can preload
// backups or make every attempt fail, as a full disk would.
import type { ApiError } from "../../bindings/ApiError";
import type { BackupInfo } from "../../bindings/BackupInfo";
import type { BackupReason } from "../../bindings/BackupReason";
import type { BackupStatus } from "../../bindings/BackupStatus";
import { MEMORY_WORKSTATION } from "./memory-audit";

export const MEMORY_BACKUP_FOLDER = "/home/clinic/.local/share/dermalog/backups";
/** A newest backup older than this is warned about (the app's WARN_AFTER). */
export const WARN_AFTER_MS = 24 * 60 * 60_000;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The app's file name: `dermalog-20261120T093000123000Z-manual.sqlite3`. */
export function backupFileName(at: Date, reason: BackupReason): string {
  const stamp = `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}T`
    + `${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}${pad(at.getUTCMilliseconds(), 3)}000Z`;
  return `dermalog-${stamp}-${reason}.sqlite3`;
}

/** What a backup of this many records would plausibly weigh and take. */
export function backupInfo(at: Date, reason: BackupReason, patients: number, sessions: number,
  audit: { seq: number; hash: string }): BackupInfo {
  const bytes = Math.ceil((180_000 + patients * 3_000 + sessions * 5_500) / 4096) * 4096;
  return {
    file_name: backupFileName(at, reason), created_at: at.toISOString(), reason, bytes, patients, sessions,
    schema_version: 1, audit_workstation: MEMORY_WORKSTATION, audit_seq: audit.seq, audit_hash: audit.hash,
    millis: 25 + Math.round(sessions / 20),
  };
}

export class BackupStore {
  /** Newest first. */
  readonly backups: BackupInfo[];
  lastError: string | null = null;

  /** `failWith`: every attempt fails with this message ("WriteFailed"). */
  constructor(preload: BackupInfo[], private readonly failWith: string | null) {
    this.backups = [...preload].sort((a, b) => b.created_at.localeCompare(a.created_at));
  }

  status(now: Date): BackupStatus {
    const last = this.backups[0] ?? null;
    return {
      folder: MEMORY_BACKUP_FOLDER,
      last,
      warn: last === null || now.getTime() - new Date(last.created_at).getTime() > WARN_AFTER_MS,
      last_error: this.lastError,
    };
  }

  /** Adds a backup as `make` describes it, or records the failure and throws it. */
  add(make: () => BackupInfo): BackupInfo {
    if (this.failWith) {
      this.lastError = `Backup failed: ${this.failWith}`;
      const e: ApiError = { code: "WriteFailed", message: this.lastError, fields: [] };
      throw e;
    }
    const info = make();
    this.backups.unshift(info);
    this.lastError = null;
    return info;
  }
}
