// The memory backend's backups mirror the app: a list newest first, the status with its
// warning, admins only, an audit row for each backup by hand, and a failure that says why.
import { describe, expect, it } from "vitest";
import type { ApiError } from "../../bindings/ApiError";
import { patientInput } from "../../testing";
import { createMemoryBackend } from "./memory";
import { backupInfo, MEMORY_BACKUP_FOLDER } from "./memory-backups";

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error("expected the call to fail");
}

describe("backups (memory backend)", () => {
  it("warns until a backup is made, lists them newest first and audits each", async () => {
    let clock = new Date("2026-11-20T09:00:00Z");
    const b = createMemoryBackend({ now: () => clock });
    expect(await b.getBackupStatus()).toMatchObject({ last: null, warn: true, last_error: null });
    await b.savePatient(patientInput());

    const first = await b.backupNow();
    expect(first).toMatchObject({
      file_name: "dermalog-20261120T090000000000Z-manual.sqlite3", created_at: "2026-11-20T09:00:00.000Z",
      reason: "manual", patients: 1, sessions: 0,
    });
    expect(first.bytes).toBeGreaterThan(100_000);
    expect(first.audit_seq).toBeGreaterThan(0);
    expect(await b.getBackupStatus()).toMatchObject({ last: first, warn: false });

    clock = new Date("2026-11-21T09:00:01Z");
    expect((await b.getBackupStatus()).warn).toBe(true);
    const second = await b.backupNow();
    expect((await b.listBackups()).map((x) => x.file_name)).toEqual([second.file_name, first.file_name]);

    const rows = await b.listAudit({ user_id: null, patient_id: null, action: "backup", from: null, to: null, offset: 0, limit: 0 });
    expect(rows.map((r) => r.entity_id)).toEqual([second.file_name, first.file_name]);
  });

  it("keeps the list and the button for admins", async () => {
    const b = createMemoryBackend({ roles: ["clinician"] });
    expect(await b.getBackupStatus()).toMatchObject({ warn: true });
    expect((await rejection(b.listBackups())).code).toBe("Forbidden");
    expect((await rejection(b.backupNow())).code).toBe("Forbidden");
  });

  it("fails with WriteFailed and shows the failure in the status", async () => {
    const b = createMemoryBackend({ failBackups: "disk full" });
    const e = await rejection(b.backupNow());
    expect(e).toMatchObject({ code: "WriteFailed", message: "Backup failed: disk full" });
    expect(await b.getBackupStatus()).toMatchObject({ last: null, warn: true, last_error: "Backup failed: disk full" });
    expect(await b.listBackups()).toEqual([]);
  });

  it("sends backups to a folder an admin chooses, each folder with its own list, and back to the default", async () => {
    const kept = backupInfo(new Date(Date.now() - 3_600_000), "scheduled", 1, 2, { seq: 0, hash: "" });
    const b = createMemoryBackend({ backups: [kept], pickedFolder: "/media/usb/backups" });
    expect(await b.getBackupStatus()).toMatchObject({ folder: MEMORY_BACKUP_FOLDER, folder_set_by: "default", last: kept });

    const chosen = await b.chooseBackupFolder();
    expect(chosen).toMatchObject({ folder: "/media/usb/backups", folder_set_by: "admin", last: null, warn: true });
    expect(await b.listBackups()).toEqual([]);
    const made = await b.backupNow();
    expect(await b.listBackups()).toEqual([made]);

    const back = await b.useDefaultBackupFolder();
    expect(back).toMatchObject({ folder: MEMORY_BACKUP_FOLDER, folder_set_by: "default", last: kept });
    expect(await b.listBackups()).toEqual([kept]);

    const rows = await b.listAudit({ user_id: null, patient_id: null, action: "settings", from: null, to: null, offset: 0, limit: 0 });
    expect(rows.map((r) => [r.entity, r.old_value, r.new_value])).toEqual([
      ["backup_folder", JSON.stringify("/media/usb/backups"), JSON.stringify(MEMORY_BACKUP_FOLDER)],
      ["backup_folder", JSON.stringify(MEMORY_BACKUP_FOLDER), JSON.stringify("/media/usb/backups")],
    ]);
  });

  it("changes nothing when the dialog is cancelled or the folder cannot be written", async () => {
    const cancelled = createMemoryBackend();
    expect(await cancelled.chooseBackupFolder()).toBeNull();
    expect((await cancelled.getBackupStatus()).folder_set_by).toBe("default");

    const readOnly = createMemoryBackend({ pickedFolder: "/mnt/cdrom", unwritableFolders: ["/mnt/cdrom"] });
    expect(await rejection(readOnly.chooseBackupFolder())).toMatchObject({
      code: "WriteFailed", message: expect.stringContaining("backups cannot be written to /mnt/cdrom"),
    });
    expect(await readOnly.getBackupStatus()).toMatchObject({ folder: MEMORY_BACKUP_FOLDER, folder_set_by: "default" });
  });

  it("keeps a folder fixed on this computer, and the folder choice for admins", async () => {
    const fixed = createMemoryBackend({ fixedBackupFolder: "/srv/dermalog-backups", pickedFolder: "/media/usb" });
    expect(await fixed.getBackupStatus()).toMatchObject({ folder: "/srv/dermalog-backups", folder_set_by: "computer" });
    expect((await rejection(fixed.chooseBackupFolder())).code).toBe("Conflict");
    expect((await rejection(fixed.useDefaultBackupFolder())).code).toBe("Conflict");
    expect((await fixed.getBackupStatus()).folder).toBe("/srv/dermalog-backups");

    const clinician = createMemoryBackend({ roles: ["clinician"], pickedFolder: "/media/usb" });
    expect((await rejection(clinician.chooseBackupFolder())).code).toBe("Forbidden");
    expect((await rejection(clinician.useDefaultBackupFolder())).code).toBe("Forbidden");
  });
});
