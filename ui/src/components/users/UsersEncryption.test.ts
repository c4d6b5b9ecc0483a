// The Users page's encryption panel: whether the records are encrypted and where the key file
// is, which accounts open the records with their own password, and a new recovery key (the
// admin's password first, then the key shown once over the app).
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { UserInput } from "../../bindings/UserInput";
import { createMemoryBackend, type MemoryBackend } from "../../lib/api/memory";
import { DEFAULT_PASSWORD, DEFAULT_USERNAME } from "../../lib/api/memory-accounts";
import { MEMORY_DATABASE_PATH } from "../../lib/api/memory-backups";
import { MEMORY_RECOVERY_KEY } from "../../lib/api/memory-keys";
import { renderApp } from "../../testing";

const bea: UserInput = {
  id: "0190a000-0000-7000-8000-00000000b002", username: "bea", display_name: "Bea Costa",
  signature_name: "Bea Costa", registration: "", roles: ["aesthetician"], active: true, password: "bea's long secret",
};

async function openUsers(b: MemoryBackend, rows = 1) {
  await renderApp("#/", b);
  const user = userEvent.setup();
  await user.click(screen.getByTestId("users-link"));
  await waitFor(() => expect(screen.getAllByTestId("user-row")).toHaveLength(rows));
  return user;
}

describe("users page: encryption", () => {
  it("shows that the records are encrypted, the key file, and who opens them with their own password", async () => {
    const b = createMemoryBackend();
    await b.saveUser(bea);
    // Deactivated and active again without a new password: no key slot until Bea signs in.
    await b.saveUser({ ...bea, active: false, password: null });
    await b.saveUser({ ...bea, password: null });
    await openUsers(b, 2);

    const panel = await screen.findByTestId("encryption-panel");
    expect(within(panel).getByTestId("records-encrypted")).toHaveTextContent("Yes");
    expect(within(panel).getByTestId("key-file")).toHaveTextContent(`${MEMORY_DATABASE_PATH}.keys`);
    expect(screen.getByTestId(`user-key-${DEFAULT_USERNAME}`)).toHaveTextContent("Opens records with own password");
    expect(screen.getByTestId(`user-key-${DEFAULT_USERNAME}`)).toHaveAttribute("data-own-key", "yes");
    expect(screen.getByTestId("user-key-bea")).toHaveTextContent("Can sign in once someone has opened the records");
    expect(screen.getByTestId("user-key-bea")).toHaveAttribute("data-own-key", "no");
  });

  it("makes a new recovery key after the admin's password, wrong then right, and shows it once", async () => {
    const b = createMemoryBackend();
    const user = await openUsers(b);
    const open = await screen.findByTestId("new-recovery-key");
    await user.click(open);
    const password = screen.getByTestId("new-recovery-key-password");
    expect(password).toHaveFocus();
    expect(screen.getByLabelText("Your password")).toBe(password);

    await user.type(password, "not the password{Enter}");
    expect(await screen.findByTestId("error-password")).toHaveTextContent("That password is not right.");
    expect(password).toHaveAttribute("aria-invalid", "true");
    expect(password).toHaveValue("");
    expect(password).toHaveFocus();

    await user.type(password, DEFAULT_PASSWORD);
    await user.click(screen.getByTestId("new-recovery-key-submit"));
    const keyScreen = await screen.findByTestId("recovery-key-screen");
    const key = within(keyScreen).getByTestId("recovery-key-text").textContent ?? "";
    expect(key).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/);
    expect(key).not.toBe(MEMORY_RECOVERY_KEY);
    expect(within(keyScreen).getByTestId("recovery-key-clinic")).toHaveTextContent("Test clinic");
    expect(document.querySelector<HTMLElement>(".shell")!.inert).toBe(true);
    expect(screen.getByTestId("recovery-key-continue")).toBeDisabled();
    await user.click(screen.getByTestId("recovery-key-stored"));
    await user.click(screen.getByTestId("recovery-key-continue"));

    await waitFor(() => expect(screen.queryByTestId("recovery-key-screen")).toBeNull());
    expect(screen.getByRole("heading", { level: 1, name: "Users" })).toBeInTheDocument();
    expect(screen.queryByTestId("new-recovery-key-form")).toBeNull();
    await waitFor(() => expect(screen.getByTestId("new-recovery-key")).toHaveFocus());

    // The new key opens the records after a restart; the old one no longer does.
    b.restart();
    await expect(b.unlockWithRecoveryKey(MEMORY_RECOVERY_KEY)).rejects.toMatchObject({ code: "Invalid" });
    await expect(b.unlockWithRecoveryKey(key)).resolves.toMatchObject({ sealed: false });
  });

  it("closes the form with Cancel or Escape without making a key", async () => {
    const b = createMemoryBackend();
    const user = await openUsers(b);
    await user.click(await screen.findByTestId("new-recovery-key"));
    await user.click(screen.getByTestId("new-recovery-key-cancel"));
    expect(screen.queryByTestId("new-recovery-key-form")).toBeNull();
    expect(screen.getByTestId("new-recovery-key")).toHaveFocus();
    await user.keyboard("{Enter}");
    await user.type(screen.getByTestId("new-recovery-key-password"), "abc{Escape}");
    expect(screen.queryByTestId("new-recovery-key-form")).toBeNull();
    b.restart();
    await expect(b.unlockWithRecoveryKey(MEMORY_RECOVERY_KEY)).resolves.toMatchObject({ sealed: false });
  });

  it("says when the database was made before encryption, with nothing to do", async () => {
    await openUsers(createMemoryBackend({ encrypted: false }));
    const panel = await screen.findByTestId("encryption-panel");
    expect(within(panel).getByTestId("records-encrypted")).toHaveTextContent("No");
    expect(panel).toHaveTextContent("This database was made before encryption and is not encrypted.");
    expect(screen.queryByTestId("new-recovery-key")).toBeNull();
    expect(screen.queryByTestId("key-file")).toBeNull();
    expect(screen.queryByTestId(`user-key-${DEFAULT_USERNAME}`)).toBeNull();
  });
});
