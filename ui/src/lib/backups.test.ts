import { describe, expect, it } from "vitest";
import type { BackupStatus } from "../bindings/BackupStatus";
import { backupInfo } from "./api/memory-backups";
import { backupLine, doneText, formatBytes, formatMillis, reasonLabel, sinceText } from "./backups";

const NOW = new Date("2026-11-20T12:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const status = (fields: Partial<BackupStatus>): BackupStatus => ({
  folder: "/backups", folder_set_by: "default", last: null, warn: true, last_error: null, ...fields,
});

describe("backup words", () => {
  it("names each reason", () => {
    expect(reasonLabel("manual")).toBe("Manual");
    expect(reasonLabel("quit")).toBe("On quit");
    expect(reasonLabel("scheduled")).toBe("Every 4 hours");
    expect(reasonLabel("upgrade")).toBe("Before an update");
  });

  it.each([
    [300, "1 kB"], [512_000, "512 kB"], [999_400, "999 kB"], [3_400_000, "3.4 MB"], [1_250_000_000, "1.3 GB"],
  ])("%i bytes is %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it("gives the time taken in ms", () => {
    expect(formatMillis(340)).toBe("340 ms");
    expect(formatMillis(12345)).toBe("12,345 ms");
  });

  it("says how long ago within a day, and the local date and time after", () => {
    expect(sinceText(ago(20_000).toISOString(), NOW)).toBe("just now");
    expect(sinceText(ago(12 * 60_000).toISOString(), NOW)).toBe("12 min ago");
    expect(sinceText(ago(3.5 * 3_600_000).toISOString(), NOW)).toBe("3 h ago");
    expect(sinceText(ago(26 * 3_600_000).toISOString(), NOW, 60)).toBe("19 Nov 2026, 11:00");
  });
});

describe("the status bar's backup line", () => {
  const recent = backupInfo(ago(2 * 3_600_000), "scheduled", 3, 10, { seq: 0, hash: "" });
  const old = backupInfo(ago(30 * 3_600_000), "quit", 3, 10, { seq: 0, hash: "" });

  it("warns when there is no backup", () => {
    expect(backupLine(status({}), NOW)).toMatchObject({ text: "No backup yet", warn: true });
  });

  it("says when the last one was, calmly, within a day", () => {
    const line = backupLine(status({ last: recent, warn: false }), NOW, 60);
    expect(line).toMatchObject({ text: "Last backup: 2 h ago", warn: false });
    expect(line.title).toContain("Last good backup: 20 Nov 2026, 11:00.");
    expect(line.title).toContain("/backups");
  });

  it("warns with the date when the newest is over a day old", () => {
    expect(backupLine(status({ last: old, warn: true }), NOW, 60))
      .toMatchObject({ text: "Last backup over a day ago: 19 Nov 2026, 07:00", warn: true });
  });

  it("says that the last attempt failed, with why in the tooltip", () => {
    const line = backupLine(status({ last: recent, warn: false, last_error: "Backup failed: disk full" }), NOW, 60);
    expect(line).toMatchObject({ text: "Last backup failed", warn: true });
    expect(line.title).toContain("Backup failed: disk full");
    expect(line.title).toContain("Last good backup: 20 Nov 2026, 11:00.");
  });

  it("describes a backup just written", () => {
    const b = { ...recent, file_name: "dermalog-x-manual.sqlite3", bytes: 3_400_000, patients: 1, sessions: 80, millis: 340 };
    expect(doneText(b)).toBe("Backup written: dermalog-x-manual.sqlite3 (3.4 MB, 1 patient, 80 sessions, 340 ms)");
  });
});
