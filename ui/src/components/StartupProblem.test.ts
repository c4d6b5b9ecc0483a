// The recovery page, shown instead of the app while the database is refused: what happened
// and where a copy was kept, then restore the newest backup (an admin signs in with their
// account as it was in that backup), open another file, or quit, in that order for the
// keyboard. A restore or a file that opens goes on to the sign-in.
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { createMemoryBackend } from "../lib/api/memory";
import { DEFAULT_PASSWORD, DEFAULT_USERNAME } from "../lib/api/memory-accounts";
import { backupInfo, MEMORY_BACKUP_FOLDER } from "../lib/api/memory-backups";
import { formatDateTime } from "../lib/time";
import { renderApp } from "../testing";

const corrupt = {
  code: "Corrupt",
  message: "The database file is damaged. Nothing was written to it.",
  quarantined_to: "/home/clinic/.local/share/dermalog/quarantine/20261120T090000Z-a-very-long-folder-name-that-wraps",
};
const newest = backupInfo(new Date("2026-11-20T08:00:00Z"), "scheduled", 14, 83, { seq: 9, hash: "cd" });
const older = backupInfo(new Date("2026-11-19T08:00:00Z"), "quit", 13, 80, { seq: 8, hash: "ab" });
const byId = (id: string) => document.getElementById(id) as HTMLElement;

describe("recovery page", () => {
  it("says what happened, offers the newest backup, and keeps a logical tab order", async () => {
    await renderApp("#/", { problem: corrupt, backups: [older, newest] });
    const page = screen.getByTestId("startup-problem");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Dermalog could not open the clinic database");
    expect(within(page).getAllByRole("alert")[0]).toHaveTextContent(corrupt.message);
    expect(screen.getByTestId("problem-code")).toHaveTextContent("Corrupt");
    expect(page).toHaveTextContent("The file has not been changed.");
    expect(page).toHaveTextContent("A copy of it as found was kept in");
    expect(screen.getByTestId("quarantine-folder")).toHaveTextContent(corrupt.quarantined_to);
    const offered = screen.getByTestId("newest-backup");
    expect(offered).toHaveTextContent(formatDateTime(newest.created_at));
    expect(offered).toHaveTextContent("Every 4 hours");
    expect(offered).toHaveTextContent("14 patients, 83 sessions");
    expect(page).toHaveTextContent("Records saved after it was taken are not in it.");
    expect(page).toHaveTextContent("dermalog --db /path/to/file.sqlite3");
    expect(page).toHaveTextContent("for this run of Dermalog only");
    expect(screen.getByTestId("recovery-restore")).toHaveClass("primary");
    expect(screen.queryByTestId("newer-schema-note")).toBeNull();

    const user = userEvent.setup();
    const order = ["recovery-username", "recovery-password", "recovery-restore", "recovery-open-other", "recovery-quit"];
    for (const id of order) {
      await user.tab();
      expect(screen.getByTestId(id)).toHaveFocus();
    }
    expect(screen.getByLabelText("Admin user name")).toBe(screen.getByTestId("recovery-username"));
    expect(screen.getByLabelText("Password")).toBe(screen.getByTestId("recovery-password"));
  });

  it("says why a restore was refused and keeps what was typed; Enter in the password restores, then sign-in", async () => {
    const b = createMemoryBackend({ problem: corrupt, backups: [newest] });
    const restore = vi.spyOn(b, "restoreNewestBackup");
    await renderApp("#/", b);
    const user = userEvent.setup();
    await user.type(screen.getByTestId("recovery-username"), DEFAULT_USERNAME);
    await user.type(screen.getByTestId("recovery-password"), "not the password");
    await user.click(screen.getByTestId("recovery-restore"));

    const error = await screen.findByTestId("recovery-error");
    expect(error).toHaveTextContent("That user name and password do not match an active account.");
    expect(error).toHaveAttribute("role", "alert");
    expect(screen.getByTestId("recovery-username")).toHaveValue(DEFAULT_USERNAME);
    expect(screen.getByTestId("recovery-password")).toHaveValue("not the password");
    expect(screen.getByTestId("recovery-password")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("recovery-password")).toHaveAttribute("aria-describedby", "recovery-error");
    expect(screen.getByTestId("recovery-password")).toHaveFocus();
    expect(screen.getByTestId("startup-problem")).toBeInTheDocument();

    // The password is selected, so typing replaces it.
    await user.keyboard(`${DEFAULT_PASSWORD}{Enter}`);
    await waitFor(() => expect(restore).toHaveBeenLastCalledWith(DEFAULT_USERNAME, DEFAULT_PASSWORD));
    expect(await screen.findByTestId("signin-form")).toBeInTheDocument();
    expect(screen.queryByTestId("startup-problem")).toBeNull();
    expect((await b.getStartupStatus()).problem).toBeNull();

    await user.type(byId("signin-username"), DEFAULT_USERNAME);
    await user.type(byId("signin-password"), `${DEFAULT_PASSWORD}{Enter}`);
    expect(await screen.findByTestId("patient-search")).toBeInTheDocument();
  });

  it("says “Restoring…” while it runs, and asks for the name before sending", async () => {
    const b = createMemoryBackend({ problem: corrupt, backups: [newest] });
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const restore = vi.fn(async (u: string, p: string) => (await gate, b.restoreNewestBackup(u, p)));
    await renderApp("#/", { ...b, restoreNewestBackup: restore });
    const user = userEvent.setup();
    await user.type(screen.getByTestId("recovery-password"), `${DEFAULT_PASSWORD}{Enter}`);
    expect(await screen.findByTestId("recovery-error")).toHaveTextContent("Enter the admin's user name.");
    expect(screen.getByTestId("recovery-username")).toHaveFocus();
    expect(restore).not.toHaveBeenCalled();

    await user.type(screen.getByTestId("recovery-username"), DEFAULT_USERNAME);
    await user.click(screen.getByTestId("recovery-restore"));
    expect(screen.getByTestId("recovery-restore")).toHaveTextContent("Restoring…");
    expect(screen.getByTestId("recovery-restore")).toBeDisabled();
    expect(screen.getByTestId("recovery-open-other")).toBeDisabled();
    expect(screen.queryByTestId("recovery-error")).toBeNull();
    release();
    expect(await screen.findByTestId("signin-form")).toBeInTheDocument();
  });

  it("tells a non-admin that only an admin can restore", async () => {
    await renderApp("#/", { problem: corrupt, backups: [newest], roles: ["clinician"] });
    const user = userEvent.setup();
    await user.type(screen.getByTestId("recovery-username"), DEFAULT_USERNAME);
    await user.type(screen.getByTestId("recovery-password"), `${DEFAULT_PASSWORD}{Enter}`);
    expect(await screen.findByTestId("recovery-error")).toHaveTextContent("Only an admin of the clinic can restore a backup.");
    expect(screen.getByTestId("recovery-username")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("recovery-password")).not.toHaveAttribute("aria-invalid");
    expect(screen.getByTestId("recovery-username")).toHaveFocus();
  });

  it("says where it looked when there is no backup, with no form", async () => {
    await renderApp("#/", { problem: { code: "NotADatabase", message: "Not a Dermalog database." } });
    expect(screen.getByTestId("newest-backup-none"))
      .toHaveTextContent(`No backup was found in ${MEMORY_BACKUP_FOLDER}.`);
    expect(screen.queryByTestId("newest-backup")).toBeNull();
    expect(screen.queryByTestId("recovery-username")).toBeNull();
    expect(screen.queryByTestId("recovery-restore")).toBeNull();
    expect(screen.queryByTestId("quarantine-folder")).toBeNull();
    expect(screen.getByTestId("recovery-open-other")).toBeEnabled();
    expect(screen.getByTestId("recovery-quit")).toBeEnabled();
  });

  it("puts installing the newer version first for a newer database, the restore second", async () => {
    await renderApp("#/", {
      problem: { code: "NewerSchema", message: "This database was written by a newer Dermalog." }, backups: [newest],
    });
    const note = screen.getByTestId("newer-schema-note");
    expect(note).toHaveTextContent("Install the newer version of Dermalog to open this file");
    expect(note.compareDocumentPosition(screen.getByTestId("newest-backup")) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByTestId("recovery-restore")).not.toHaveClass("primary");
    expect(screen.getByTestId("recovery-restore")).toBeEnabled();
  });
});

describe("recovery: another file, or quit", () => {
  it("stays when the file dialog is cancelled", async () => {
    const b = createMemoryBackend({ problem: corrupt });
    const open = vi.spyOn(b, "openOtherDatabase");
    await renderApp("#/", b);
    const user = userEvent.setup();
    await user.click(screen.getByTestId("recovery-open-other"));
    await waitFor(() => expect(open).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.getByTestId("recovery-open-other")).toHaveFocus());
    expect(screen.getByTestId("recovery-open-other")).toBeEnabled();
    expect(screen.getByTestId("problem-code")).toHaveTextContent("Corrupt");
    expect(screen.queryByTestId("recovery-open-error")).toBeNull();
  });

  it("shows the other file's own problem when it is refused too", async () => {
    await renderApp("#/", {
      problem: corrupt, backups: [newest],
      otherDatabase: { path: "/media/usb/clinic.sqlite3", problem: { code: "NewerSchema", message: "Written by a newer Dermalog." } },
    });
    const user = userEvent.setup();
    await user.click(screen.getByTestId("recovery-open-other"));
    await waitFor(() => expect(screen.getByTestId("database-path")).toHaveTextContent("/media/usb/clinic.sqlite3"));
    expect(screen.getByTestId("problem-code")).toHaveTextContent("NewerSchema");
    expect(screen.getByTestId("startup-problem")).toHaveTextContent("Written by a newer Dermalog.");
    expect(screen.getByTestId("newer-schema-note")).toBeInTheDocument();
    expect(screen.getByTestId("newest-backup-none")).toHaveTextContent("No backup was found in /media/usb/backups.");
  });

  it("goes on to the sign-in when the other file opens", async () => {
    await renderApp("#/", { problem: corrupt, otherDatabase: { path: "/media/usb/clinic.sqlite3" } });
    const user = userEvent.setup();
    await user.click(screen.getByTestId("recovery-open-other"));
    expect(await screen.findByTestId("signin-form")).toBeInTheDocument();
    expect(screen.queryByTestId("startup-problem")).toBeNull();
  });

  it("asks the backend to quit", async () => {
    const b = createMemoryBackend({ problem: corrupt });
    const quit = vi.spyOn(b, "quitApp");
    await renderApp("#/", b);
    await userEvent.setup().click(screen.getByTestId("recovery-quit"));
    await waitFor(() => expect(quit).toHaveBeenCalledTimes(1));
    expect(await screen.findByText("Dermalog is closing.")).toBeInTheDocument();
    expect(screen.getByTestId("recovery-quit")).toBeDisabled();
  });
});
