// The backup status the status bar shows: the newest good backup, whether it is missing or
// over a day old, and the last failure. Fetched when the app opens for a user (sign-in,
// unlock), after "Back up now", and every 5 minutes of use. The backend counts every call as
// activity that pushes the idle lock back, so the 5-minute refresh waits for the user's next
// keystroke, click or scroll instead of calling on a timer: an unattended app still locks on
// time. A clock ticks each minute so "12 min ago" stays true between refreshes.
import type { BackupInfo } from "../../bindings/BackupInfo";
import type { BackupStatus } from "../../bindings/BackupStatus";
import { api } from "../api";
import { backupLine, type BackupLine } from "../backups";
import { auth } from "./auth.svelte";

export const BACKUP_POLL_MS = 5 * 60_000;
export const CLOCK_MS = 60_000;

const ACTIVITY = ["keydown", "pointerdown", "wheel"] as const;

class BackupStatusStore {
  status = $state<BackupStatus | null>(null);
  now = $state(new Date());
  #due = false;
  #ticket = 0;

  /** The status bar's line, or null before the first answer. */
  get line(): BackupLine | null {
    return this.status ? backupLine(this.status, this.now) : null;
  }

  /** Forgets the status (app start, sign-out). */
  reset() {
    this.#ticket++;
    this.status = null;
    this.#due = false;
  }

  /** Asks the backend; a failure keeps what was shown (a lock or sign-out reaches the auth store). */
  async refresh(): Promise<void> {
    const mine = ++this.#ticket;
    this.#due = false;
    try {
      const s = await api.getBackupStatus();
      if (mine === this.#ticket) this.status = s;
    } catch {
      // keep the last known status
    }
    this.now = new Date();
  }

  /** A status the backend returned with another call (the backup folder changed). */
  use(s: BackupStatus) {
    this.#ticket++;
    this.status = s;
    this.now = new Date();
  }

  /** "Back up now" (admins); the status is fetched again whether it worked or not. */
  async backUp(): Promise<BackupInfo> {
    try {
      return await api.backupNow();
    } finally {
      await this.refresh();
    }
  }

  #tick = () => {
    this.now = new Date();
  };

  #poll = () => {
    this.#due = true;
  };

  #activity = () => {
    if (!this.#due || !auth.user || auth.locked) return;
    void this.refresh();
  };

  /** Starts the minute clock and the 5-minute refresh; returns the function that stops both. */
  start(): () => void {
    const clock = setInterval(this.#tick, CLOCK_MS);
    const poll = setInterval(this.#poll, BACKUP_POLL_MS);
    for (const type of ACTIVITY) window.addEventListener(type, this.#activity, { capture: true, passive: true });
    return () => {
      clearInterval(clock);
      clearInterval(poll);
      for (const type of ACTIVITY) window.removeEventListener(type, this.#activity, { capture: true });
    };
  }
}

export const backupStatus = new BackupStatusStore();
