// Recovery in the memory backend mirrors the app: while the database is refused only the
// start-up status and the three recovery calls answer; the newest backup is restored for an
// active admin's name and password, with failures limited; another file can be opened (or the
// dialog cancelled); once a database is open each recovery call answers "Conflict".
import { describe, expect, it } from "vitest";
import type { ApiError } from "../../bindings/ApiError";
import { patientInput } from "../../testing";
import { createMemoryBackend } from "./memory";
import { DEFAULT_PASSWORD, DEFAULT_USERNAME } from "./memory-accounts";
import { backupInfo, MEMORY_BACKUP_FOLDER, MEMORY_DATABASE_PATH } from "./memory-backups";

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error("expected the call to fail");
}

const corrupt = { code: "Corrupt", message: "The database file is damaged.", quarantined_to: "/q/20261120T090000Z" };
const older = backupInfo(new Date("2026-11-19T09:00:00Z"), "scheduled", 3, 10, { seq: 4, hash: "ab" });
const newest = backupInfo(new Date("2026-11-20T08:00:00Z"), "quit", 3, 12, { seq: 9, hash: "cd" });

describe("a refused database (memory backend)", () => {
  it("reports the problem with the backup folder and its newest backup, and refuses every other call", async () => {
    const b = createMemoryBackend({ problem: corrupt, backups: [older, newest] });
    expect(await b.getStartupStatus()).toEqual({
      database_path: MEMORY_DATABASE_PATH, app_version: expect.any(String), schema_version: 1,
      problem: { ...corrupt, newest_backup: newest, backup_folder: MEMORY_BACKUP_FOLDER },
    });
    expect((await rejection(b.getAuthStatus())).code).toBe("DatabaseUnavailable");
    expect((await rejection(b.signIn(DEFAULT_USERNAME, DEFAULT_PASSWORD))).code).toBe("DatabaseUnavailable");
    expect((await rejection(b.listBackups())).code).toBe("DatabaseUnavailable");
  });

  it("has no backup to offer when the folder is empty, and says where it looked", async () => {
    const b = createMemoryBackend({ problem: { code: "EmptyFile", message: "Empty." } });
    const { problem } = await b.getStartupStatus();
    expect(problem).toMatchObject({ newest_backup: null, quarantined_to: null, backup_folder: MEMORY_BACKUP_FOLDER });
    expect(await rejection(b.restoreNewestBackup(DEFAULT_USERNAME, DEFAULT_PASSWORD))).toEqual({
      code: "NotFound", message: `There is no backup in ${MEMORY_BACKUP_FOLDER}.`, fields: [],
    });
  });

  it("restores the newest backup for an admin, then opens with no one signed in", async () => {
    const now = new Date("2026-11-20T09:30:00Z");
    const b = createMemoryBackend({ problem: corrupt, backups: [older, newest], now: () => now });
    const done = await b.restoreNewestBackup(` ${DEFAULT_USERNAME.toUpperCase()} `, DEFAULT_PASSWORD);
    expect(done).toEqual({
      restored: newest.file_name, set_aside: `${MEMORY_DATABASE_PATH}.before-restore-20261120T093000Z`,
    });
    expect((await b.getStartupStatus()).problem).toBeNull();
    expect((await b.getAuthStatus()).user).toBeNull();
    await b.signIn(DEFAULT_USERNAME, DEFAULT_PASSWORD);
    await b.savePatient(patientInput());
    const rows = await b.listAudit({ user_id: null, patient_id: null, action: "backup_restored", from: null, to: null, offset: 0, limit: 0 });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ entity_id: newest.file_name, user_name: "Dr Ana Silva" });
    expect(rows[0].reason).toContain("refused at start (Corrupt)");

    expect(await rejection(b.restoreNewestBackup(DEFAULT_USERNAME, DEFAULT_PASSWORD))).toMatchObject({
      code: "Conflict", message: "The database is open. Restore a backup from the Backups page instead.",
    });
    expect((await rejection(b.openOtherDatabase())).code).toBe("Conflict");
    expect((await rejection(b.quitApp())).code).toBe("Conflict");
  });

  it("refuses a wrong password and a non-admin, and stops after 5 wrong tries for 15 minutes", async () => {
    let now = new Date("2026-11-20T09:00:00Z");
    const b = createMemoryBackend({ problem: corrupt, backups: [newest], roles: ["clinician"], now: () => now });
    expect(await rejection(b.restoreNewestBackup(DEFAULT_USERNAME, DEFAULT_PASSWORD))).toMatchObject({
      code: "Forbidden", message: "Only an admin of the clinic can restore a backup.",
    });
    for (let i = 0; i < 5; i++) {
      expect(await rejection(b.restoreNewestBackup(DEFAULT_USERNAME, "wrong password"))).toMatchObject({
        code: "SignInFailed", message: "That user name and password do not match an active account.",
      });
    }
    expect(await rejection(b.restoreNewestBackup("nobody", "x"))).toMatchObject({
      code: "TooManyAttempts", message: "Too many failed attempts. Try again in 15 minute(s).",
    });
    now = new Date("2026-11-20T09:10:00Z");
    expect((await rejection(b.restoreNewestBackup(DEFAULT_USERNAME, DEFAULT_PASSWORD))).message)
      .toBe("Too many failed attempts. Try again in 5 minute(s).");
    now = new Date("2026-11-20T09:15:01Z");
    expect((await rejection(b.restoreNewestBackup(DEFAULT_USERNAME, DEFAULT_PASSWORD))).code).toBe("Forbidden");
    expect((await b.getStartupStatus()).problem?.code).toBe("Corrupt");
  });

  it("changes nothing when the backup fails its check", async () => {
    const b = createMemoryBackend({ problem: corrupt, backups: [newest], failBackupCheck: "its checksum does not match" });
    expect(await rejection(b.restoreNewestBackup(DEFAULT_USERNAME, DEFAULT_PASSWORD))).toMatchObject({
      code: "WriteFailed", message: "Backup failed: its checksum does not match",
    });
    expect((await b.getStartupStatus()).problem?.code).toBe("Corrupt");
  });

  it("opens another file the dialog answers with, which may be refused too, or nothing when cancelled", async () => {
    const cancelled = createMemoryBackend({ problem: corrupt });
    expect(await cancelled.openOtherDatabase()).toBeNull();
    expect((await cancelled.getStartupStatus()).problem?.code).toBe("Corrupt");

    const refused = createMemoryBackend({
      problem: corrupt,
      otherDatabase: { path: "/media/usb/clinic.sqlite3", problem: { code: "NewerSchema", message: "Newer." } },
    });
    const other = await refused.openOtherDatabase();
    expect(other).toMatchObject({
      database_path: "/media/usb/clinic.sqlite3",
      problem: { code: "NewerSchema", backup_folder: "/media/usb/backups", newest_backup: null },
    });
    expect(await refused.getStartupStatus()).toEqual(other);

    const fine = createMemoryBackend({ problem: corrupt, signedIn: true, otherDatabase: { path: "/media/usb/clinic.sqlite3" } });
    expect(await fine.openOtherDatabase()).toMatchObject({ database_path: "/media/usb/clinic.sqlite3", problem: null });
    expect(await fine.getAuthStatus()).toMatchObject({ user: null, setup_needed: false });
  });

  it("quits while refused", async () => {
    const b = createMemoryBackend({ problem: corrupt });
    expect(await b.quitApp()).toBeNull();
  });
});
