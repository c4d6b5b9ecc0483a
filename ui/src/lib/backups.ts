// Words for backups: why each was made, who chose the folder, its size and time taken, how
// long ago the last one was, and the one line the status bar shows (a calm warning when there
// is none, the newest is over a day old, or the last attempt failed).
import type { BackupInfo } from "../bindings/BackupInfo";
import type { BackupReason } from "../bindings/BackupReason";
import type { BackupStatus } from "../bindings/BackupStatus";
import type { FolderSetBy } from "../bindings/FolderSetBy";
import { plural } from "./labels";
import { formatDateTime } from "./time";

/** What the Backups page says about what is kept (the core's retention). */
export const RETENTION_TEXT = "Dermalog keeps the newest backup of each of the last 7 days, 4 weeks and 12 months.";

const REASONS: Record<BackupReason, string> = {
  manual: "Manual",
  quit: "On quit",
  scheduled: "Every 4 hours",
  upgrade: "Before an update",
};

export function reasonLabel(r: BackupReason): string {
  return REASONS[r] ?? r;
}

const SET_BY: Record<FolderSetBy, string> = {
  default: "Default: beside the database",
  admin: "Chosen by an admin",
  computer: "Fixed on this computer",
};

/** Who decided where backups go. */
export function folderSetByLabel(s: FolderSetBy): string {
  return SET_BY[s] ?? s;
}

/** `512 kB`, `3.4 MB`, `1.2 GB` (1 kB = 1000 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1_000_000) return `${Math.max(1, Math.round(bytes / 1000))} kB`;
  if (bytes < 1_000_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${(bytes / 1_000_000_000).toFixed(1)} GB`;
}

/** `340 ms`, `12,345 ms`. */
export function formatMillis(ms: number): string {
  return `${Math.round(ms).toLocaleString("en-GB")} ms`;
}

/** "just now", "12 min ago", "3 h ago" within a day; the local date and time after that. */
export function sinceText(iso: string, now: Date, offsetMinutes?: number): string {
  const minutes = Math.floor((now.getTime() - new Date(iso).getTime()) / 60_000);
  if (!Number.isFinite(minutes)) return iso;
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ago`;
  return formatDateTime(iso, offsetMinutes);
}

/** The status bar's line: its text, the tooltip with the details, and whether to warn. */
export interface BackupLine {
  text: string;
  title: string;
  warn: boolean;
}

export function backupLine(s: BackupStatus, now: Date, offsetMinutes?: number): BackupLine {
  const last = s.last;
  const when = last ? formatDateTime(last.created_at, offsetMinutes) : "";
  const lastGood = last ? `Last good backup: ${when}.` : "No backup has been made yet.";
  const folder = `Backups go to ${s.folder}.`;
  if (s.last_error) {
    return { text: "Last backup failed", title: `${s.last_error}\n${lastGood}\n${folder}`, warn: true };
  }
  if (!last) return { text: "No backup yet", title: `${lastGood}\n${folder}`, warn: true };
  if (s.warn) return { text: `Last backup over a day ago: ${when}`, title: `${lastGood}\n${folder}`, warn: true };
  return { text: `Last backup: ${sinceText(last.created_at, now, offsetMinutes)}`, title: `${lastGood}\n${folder}`, warn: false };
}

/** The line after "Back up now": `Backup written: <file> (3.4 MB, 12 patients, 80 sessions, 340 ms)`. */
export function doneText(b: BackupInfo): string {
  return `Backup written: ${b.file_name} (${formatBytes(b.bytes)}, ${plural(b.patients, "patient")}, `
    + `${plural(b.sessions, "session")}, ${formatMillis(b.millis)})`;
}
