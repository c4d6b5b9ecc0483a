// Recovery in the in-memory backend, as the app does it when the database was refused at
// start: the start-up status names the problem, the backup folder and its newest backup; the
// newest backup is restored once an active admin's name and password match (the accounts
// here stand for those in the backup), with failures limited here since the refused database
// cannot hold their audit rows; another database file can be opened (the system dialog's
// answer is an option); or the app quits. Each works only while the database is refused.
// The in-memory records stay as they are: there is no file to swap.
import type { ApiError } from "../../bindings/ApiError";
import type { RestoreDone } from "../../bindings/RestoreDone";
import type { StartupProblem } from "../../bindings/StartupProblem";
import type { StartupStatus } from "../../bindings/StartupStatus";
import type { Accounts } from "./memory-accounts";
import type { AuditLog } from "./memory-audit";
import { setAsidePath, type BackupStore } from "./memory-backups";
import { fail } from "./memory-fail";

/** A refused database as a test describes it; its backup folder and newest backup are looked up. */
export type MemoryProblem = Pick<StartupProblem, "code" | "message"> & { quarantined_to?: string | null };

/** A database file the system dialog can answer with, and why it is refused, if it is. */
export interface OtherDatabase {
  path: string;
  problem?: MemoryProblem | null;
}

export interface RecoveryOptions {
  /** Refuse the database at start with this problem: every other call then fails as in the app. */
  problem?: MemoryProblem | null;
  /** What the file dialog of "Open another database file" answers; null (default): cancelled. */
  otherDatabase?: OtherDatabase | null;
}

export const MEMORY_APP_VERSION = "0.1.0 (browser preview)";
const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;


export class Recovery {
  #problem: MemoryProblem | null;
  /** When the admin checks failed (a wrong name or password), oldest first. */
  #failures: number[] = [];
  /** The app was asked to quit. */
  quitAsked = false;

  constructor(
    private readonly opts: RecoveryOptions,
    private readonly backups: BackupStore,
    private readonly accounts: Accounts,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {
    this.#problem = opts.problem ?? null;
  }

  /** The database was refused: only the start-up status and recovery answer. */
  get refused(): boolean {
    return this.#problem !== null;
  }

  /** The database opened after a restart turned out refused (a wrong key, a damaged file). */
  refuse(problem: MemoryProblem): void {
    this.#problem = problem;
  }

  status(): StartupStatus {
    const p = this.#problem;
    return {
      database_path: this.backups.dbPath,
      app_version: MEMORY_APP_VERSION,
      schema_version: 1,
      problem: p && {
        code: p.code,
        message: p.message,
        quarantined_to: p.quarantined_to ?? null,
        newest_backup: this.backups.backups[0] ?? null,
        backup_folder: this.backups.folder,
      },
    };
  }

  restoreNewest(username: string, password: string): RestoreDone {
    const problem = this.#onlyWhenRefused();
    const now = this.now();
    const waitSeconds = this.#wait(now);
    if (waitSeconds !== null) {
      throw fail("TooManyAttempts", `Too many failed attempts. Try again in ${Math.ceil(waitSeconds / 60)} minute(s).`);
    }
    const info = this.backups.backups[0];
    if (!info) throw fail("NotFound", `There is no backup in ${this.backups.folder}.`);
    this.backups.check(info);
    let admin: string;
    try {
      admin = this.accounts.adminOf(username, password);
    } catch (e) {
      if ((e as ApiError).code === "SignInFailed") this.#failures.push(now.getTime());
      throw e;
    }
    const aside = setAsidePath(this.backups.dbPath, now);
    this.#problem = null;
    this.audit.record(admin, now, "backup_restored", "backup", info.file_name, {
      new: info,
      reason: `the database was refused at start (${problem.code}); it was set aside as ${aside}`,
    });
    return { restored: info.file_name, set_aside: aside };
  }

  openOther(): StartupStatus | null {
    this.#onlyWhenRefused();
    const other = this.opts.otherDatabase ?? null;
    if (!other) return null;
    this.backups.dbPath = other.path;
    this.#problem = other.problem ?? null;
    return this.status();
  }

  quit(): null {
    this.#onlyWhenRefused();
    this.quitAsked = true;
    return null;
  }

  #onlyWhenRefused(): MemoryProblem {
    if (!this.#problem) {
      throw fail("Conflict", "The database is open. Restore a backup from the Backups page instead.");
    }
    return this.#problem;
  }

  /** Seconds to wait when the recent failures reached the limit. */
  #wait(now: Date): number | null {
    const t = now.getTime();
    this.#failures = this.#failures.filter((at) => t - at < WINDOW_MS);
    if (this.#failures.length < MAX_FAILURES) return null;
    return Math.max(1, Math.round((this.#failures[0] + WINDOW_MS - t) / 1000));
  }
}
