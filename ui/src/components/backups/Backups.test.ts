// Backups in the UI: the status bar's line for every user (a warning with no backup, when
// the newest is over a day old or the last attempt failed; the time otherwise), the Backups
// page for admins ("Back up now", the table newest first), refreshing every 5 minutes of use
// only, and no link or page for other roles.
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { BackupInfo } from "../../bindings/BackupInfo";
import { useBackend } from "../../lib/api";
import { createMemoryBackend } from "../../lib/api/memory";
import { backupInfo, MEMORY_BACKUP_FOLDER } from "../../lib/api/memory-backups";
import { href } from "../../lib/router.svelte";
import { auth } from "../../lib/stores/auth.svelte";
import { BACKUP_POLL_MS, backupStatus } from "../../lib/stores/backup.svelte";
import { formatDateTime } from "../../lib/time";
import { addPatient, renderApp } from "../../testing";

const hoursAgo = (h: number, reason: BackupInfo["reason"] = "scheduled") =>
  backupInfo(new Date(Date.now() - h * 3_600_000), reason, 2, 7, { seq: 0, hash: "" });

describe("backup status bar", () => {
  it("warns while there is no backup, and shows the time once there is one", async () => {
    const b = createMemoryBackend();
    await renderApp("#/", b);
    const status = await screen.findByTestId("backup-status");
    expect(status).toHaveTextContent("No backup yet");
    expect(status).toHaveClass("backup-warn");

    await b.backupNow();
    await backupStatus.refresh();
    await waitFor(() => expect(screen.getByTestId("backup-status")).toHaveTextContent("Last backup: just now"));
    expect(screen.getByTestId("backup-status")).not.toHaveClass("backup-warn");
  });

  it("shows how long ago the last backup was, for any role", async () => {
    await renderApp("#/", { roles: ["aesthetician"], backups: [hoursAgo(2), hoursAgo(6)] });
    const status = await screen.findByTestId("backup-status");
    await waitFor(() => expect(status).toHaveTextContent("Last backup: 2 h ago"));
    expect(status).not.toHaveClass("backup-warn");
    expect(status.tagName).toBe("SPAN");
    expect(status).toHaveAttribute("title", expect.stringContaining(MEMORY_BACKUP_FOLDER));
  });

  it("warns with the date when the newest backup is over a day old", async () => {
    const old = hoursAgo(30);
    await renderApp("#/", { backups: [old] });
    const status = await screen.findByTestId("backup-status");
    await waitFor(() => expect(status).toHaveTextContent(`Last backup over a day ago: ${formatDateTime(old.created_at)}`));
    expect(status).toHaveClass("backup-warn");
  });

  it("says that the last backup failed, with why in the tooltip", async () => {
    const { backend } = await renderApp("#/", { failBackups: "the disk is full", backups: [hoursAgo(1)] });
    await expect(backend.backupNow()).rejects.toMatchObject({ code: "WriteFailed" });
    await backupStatus.refresh();
    await waitFor(() => expect(screen.getByTestId("backup-status")).toHaveTextContent("Last backup failed"));
    expect(screen.getByTestId("backup-status")).toHaveClass("backup-warn");
    expect(screen.getByTestId("backup-status")).toHaveAttribute("title", expect.stringContaining("the disk is full"));
  });
});

describe("backup status refresh", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("asks again after 5 minutes, at the user's next activity, so an idle app still locks", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const b = createMemoryBackend();
    const calls = { n: 0 };
    useBackend({ ...b, getBackupStatus: () => (calls.n++, b.getBackupStatus()) });
    await auth.refresh();
    backupStatus.reset();
    const stop = backupStatus.start();
    try {
      await backupStatus.refresh();
      expect(backupStatus.line?.text).toBe("No backup yet");
      await b.backupNow();
      const before = calls.n;

      window.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
      vi.advanceTimersByTime(BACKUP_POLL_MS);
      await Promise.resolve();
      expect(calls.n).toBe(before);

      window.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
      await vi.waitFor(() => expect(backupStatus.line?.text).toBe("Last backup: just now"));
      expect(calls.n).toBe(before + 1);
      window.dispatchEvent(new Event("pointerdown"));
      await Promise.resolve();
      expect(calls.n).toBe(before + 1);
    } finally {
      stop();
      backupStatus.reset();
    }
  });
});

describe("backups page", () => {
  it("backs up on request, then lists the backup and updates the status bar", async () => {
    const b = createMemoryBackend({ backups: [hoursAgo(30, "quit")] });
    await renderApp("#/", b);
    await addPatient(b);
    const user = userEvent.setup();
    await user.click(screen.getByTestId("backups-link"));
    expect(await screen.findByRole("heading", { level: 1, name: "Backups" })).toBeInTheDocument();
    expect(screen.getByText(/newest backup of each of the last 7 days, 4 weeks and 12 months/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("backup-folder")).toHaveTextContent(MEMORY_BACKUP_FOLDER));
    await waitFor(() => expect(screen.getAllByTestId("backup-row")).toHaveLength(1));
    expect(screen.getByTestId("backup-row")).toHaveTextContent("On quit");
    expect(screen.getByTestId("backup-status")).toHaveClass("backup-warn");

    await user.click(screen.getByTestId("backup-now"));
    const done = await screen.findByTestId("backup-done");
    const [newest] = await b.listBackups();
    expect(done).toHaveTextContent(
      new RegExp(`^Backup written: ${newest.file_name} \\(\\d+ kB, 1 patient, 0 sessions, \\d+ ms\\)$`));
    expect(done).toHaveAttribute("role", "status");
    await waitFor(() => expect(screen.getAllByTestId("backup-row")).toHaveLength(2));
    const rows = screen.getAllByTestId("backup-row");
    expect(rows[0]).toHaveTextContent("Manual");
    expect(rows[0]).toHaveTextContent(formatDateTime(newest.created_at));
    expect(within(rows[0]).getAllByRole("cell").map((c) => c.textContent)).toEqual([
      formatDateTime(newest.created_at), "Manual", expect.stringMatching(/^\d+ kB$/), "1", "0", `${newest.millis} ms`,
      expect.stringContaining("Restore"),
    ]);
    expect(rows[1]).toHaveTextContent("On quit");
    expect(screen.getByTestId("backup-now")).toHaveTextContent("Back up now");
    expect(screen.getByTestId("backup-now")).toHaveFocus();
    await waitFor(() => expect(screen.getByTestId("backup-status")).toHaveTextContent("Last backup: just now"));
    expect(screen.getByTestId("backup-status")).not.toHaveClass("backup-warn");

    const audit = await b.listAudit({ user_id: null, patient_id: null, action: "backup", from: null, to: null, offset: 0, limit: 0 });
    expect(audit).toHaveLength(1);
  });

  it("says “Backing up…” while it runs, and shows why it failed", async () => {
    const b = createMemoryBackend({ failBackups: "the disk is full" });
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    await renderApp(href.backups(), { ...b, backupNow: async () => (await gate, b.backupNow()) });
    expect(await screen.findByTestId("backups-empty")).toHaveTextContent("No backup yet");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("backup-now"));
    expect(screen.getByTestId("backup-now")).toHaveTextContent("Backing up…");
    expect(screen.getByTestId("backup-now")).toBeDisabled();
    release();
    const problem = await screen.findByTestId("backup-problem");
    expect(problem).toHaveTextContent("Backup failed: the disk is full");
    expect(problem).toHaveAttribute("role", "alert");
    expect(screen.queryByTestId("backup-done")).toBeNull();
    expect(screen.getByTestId("backup-now")).toHaveTextContent("Back up now");
    await waitFor(() => expect(screen.getByTestId("backup-status")).toHaveTextContent("Last backup failed"));
  });

  it("offers a non-admin no link, and the not-allowed page for #/backups", async () => {
    await renderApp(href.backups(), { roles: ["clinician", "aesthetician"] });
    expect(await screen.findByTestId("not-allowed")).toHaveTextContent("needs the admin role");
    expect(screen.queryByTestId("backups-link")).toBeNull();
    expect(screen.queryByTestId("backups-table")).toBeNull();
    expect(await screen.findByTestId("backup-status")).toHaveTextContent("No backup yet");
  });
});

describe("restoring a backup", () => {
  it("asks first, then restores and returns everyone to sign-in", async () => {
    const user = userEvent.setup();
    const kept = hoursAgo(3);
    const { backend } = await renderApp(href.backups(), { backups: [kept] });
    const restore = vi.spyOn(backend, "restoreBackup");
    await user.click(await screen.findByTestId("backup-restore"));
    const panel = screen.getByTestId("restore-panel");
    expect(panel).toHaveTextContent("set aside beside it, not deleted");
    expect(restore).not.toHaveBeenCalled();
    await user.click(within(panel).getByTestId("restore-confirm"));
    await waitFor(() => expect(restore).toHaveBeenCalledWith(kept.file_name));
    await waitFor(() => expect(auth.user).toBeNull());
    expect(await screen.findByTestId("signin-form")).toBeInTheDocument();
  });
});

describe("backup folder", () => {
  it("says the default folder is beside the database, and offers to choose another", async () => {
    await renderApp(href.backups());
    await waitFor(() => expect(screen.getByTestId("backup-folder")).toHaveTextContent(MEMORY_BACKUP_FOLDER));
    expect(screen.getByTestId("backup-folder-set-by")).toHaveTextContent("Default: beside the database");
    expect(screen.getByTestId("backup-choose-folder")).toHaveTextContent("Choose folder…");
    expect(screen.queryByTestId("backup-default-folder")).toBeNull();
  });

  it("switches to a chosen folder with no backups yet, and back to the default with its backups", async () => {
    const kept = hoursAgo(2);
    const b = createMemoryBackend({ backups: [kept], pickedFolder: "/media/usb/dermalog-backups" });
    await renderApp(href.backups(), b);
    await waitFor(() => expect(screen.getAllByTestId("backup-row")).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId("backup-status")).toHaveTextContent("Last backup: 2 h ago"));
    const user = userEvent.setup();

    await user.click(screen.getByTestId("backup-choose-folder"));
    await waitFor(() => expect(screen.getByTestId("backup-folder")).toHaveTextContent("/media/usb/dermalog-backups"));
    expect(screen.getByTestId("backup-folder-set-by")).toHaveTextContent("Chosen by an admin");
    expect(screen.getByTestId("backup-folder-done")).toHaveTextContent("Backups now go to /media/usb/dermalog-backups.");
    expect(await screen.findByTestId("backups-empty")).toHaveTextContent("No backup yet");
    expect(screen.queryByTestId("backup-row")).toBeNull();
    expect(screen.getByTestId("backup-status")).toHaveTextContent("No backup yet");
    expect(screen.getByTestId("backup-status")).toHaveClass("backup-warn");
    expect(screen.getByTestId("backup-choose-folder")).toHaveFocus();

    await user.click(screen.getByTestId("backup-default-folder"));
    await waitFor(() => expect(screen.getByTestId("backup-folder")).toHaveTextContent(MEMORY_BACKUP_FOLDER));
    expect(screen.getByTestId("backup-folder-set-by")).toHaveTextContent("Default: beside the database");
    expect(screen.queryByTestId("backup-default-folder")).toBeNull();
    await waitFor(() => expect(screen.getAllByTestId("backup-row")).toHaveLength(1));
    expect(screen.getByTestId("backup-status")).toHaveTextContent("Last backup: 2 h ago");
    expect(screen.getByTestId("backup-choose-folder")).toHaveFocus();
    expect((await b.getBackupStatus()).folder_set_by).toBe("default");
  });

  it("changes nothing when the dialog is cancelled", async () => {
    const b = createMemoryBackend({ backups: [hoursAgo(1)] });
    const choose = vi.spyOn(b, "chooseBackupFolder");
    await renderApp(href.backups(), b);
    await waitFor(() => expect(screen.getAllByTestId("backup-row")).toHaveLength(1));
    await userEvent.setup().click(screen.getByTestId("backup-choose-folder"));
    await waitFor(() => expect(choose).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.getByTestId("backup-choose-folder")).toBeEnabled());
    expect(screen.getByTestId("backup-folder")).toHaveTextContent(MEMORY_BACKUP_FOLDER);
    expect(screen.queryByTestId("backup-folder-done")).toBeNull();
    expect(screen.queryByTestId("backup-folder-error")).toBeNull();
    expect(screen.getAllByTestId("backup-row")).toHaveLength(1);
  });

  it("says why a folder cannot be used, and keeps the one in use", async () => {
    await renderApp(href.backups(), { pickedFolder: "/mnt/cdrom", unwritableFolders: ["/mnt/cdrom"] });
    await waitFor(() => expect(screen.getByTestId("backup-folder")).toHaveTextContent(MEMORY_BACKUP_FOLDER));
    await userEvent.setup().click(screen.getByTestId("backup-choose-folder"));
    const error = await screen.findByTestId("backup-folder-error");
    expect(error).toHaveTextContent("backups cannot be written to /mnt/cdrom");
    expect(error).toHaveAttribute("role", "alert");
    expect(screen.getByTestId("backup-folder")).toHaveTextContent(MEMORY_BACKUP_FOLDER);
    expect(screen.getByTestId("backup-folder-set-by")).toHaveTextContent("Default: beside the database");
  });

  it("offers no change when the folder is fixed on this computer, and says so", async () => {
    await renderApp(href.backups(), { fixedBackupFolder: "/srv/dermalog-backups", pickedFolder: "/media/usb" });
    await waitFor(() => expect(screen.getByTestId("backup-folder")).toHaveTextContent("/srv/dermalog-backups"));
    expect(screen.getByTestId("backup-folder-set-by")).toHaveTextContent("Fixed on this computer");
    expect(screen.getByTestId("backup-folder-fixed")).toHaveTextContent("cannot be changed here");
    expect(screen.queryByTestId("backup-choose-folder")).toBeNull();
    expect(screen.queryByTestId("backup-default-folder")).toBeNull();
  });
});
