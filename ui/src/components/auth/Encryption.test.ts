// Encryption at rest in the app: the recovery key shown once after set-up, the sign-in of a
// sealed database (the password opens it, or the recovery key does), and the recovery page
// when the opened file turns out refused.
import { cleanup, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { createMemoryBackend } from "../../lib/api/memory";
import { DEFAULT_PASSWORD, DEFAULT_USERNAME } from "../../lib/api/memory-accounts";
import { fakeRecoveryKey, MEMORY_RECOVERY_KEY } from "../../lib/api/memory-keys";
import { renderApp } from "../../testing";

const KEY_FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/;

const el = <T extends HTMLElement = HTMLInputElement>(id: string) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`no element #${id}`);
  return found as T;
};

async function setUp(user: ReturnType<typeof userEvent.setup>) {
  await user.type(el("setup-clinic"), "Clínica Aurora");
  await user.type(el("setup-display-name"), "Dr Ana Silva");
  await user.type(el("setup-signature"), "Dr Ana Silva, MD");
  await user.type(el("setup-username"), "ana");
  await user.type(el("setup-password"), "a long enough secret");
  await user.type(el("setup-confirm"), "a long enough secret");
  await user.click(screen.getByTestId("setup-submit"));
}

async function signIn(user: ReturnType<typeof userEvent.setup>, password = DEFAULT_PASSWORD) {
  await user.type(el("signin-username"), DEFAULT_USERNAME);
  await user.type(el("signin-password"), `${password}{Enter}`);
}

describe("recovery key after set-up", () => {
  it("is shown once, printable, and the app goes on once the admin says it is stored", async () => {
    const b = createMemoryBackend({ setupNeeded: true });
    const print = vi.spyOn(window, "print").mockImplementation(() => {});
    await renderApp("#/", b);
    const user = userEvent.setup();
    await setUp(user);

    const keyScreen = await screen.findByTestId("recovery-key-screen");
    expect(keyScreen).toHaveAttribute("role", "dialog");
    expect(screen.getByRole("heading", { level: 1, name: "Recovery key" })).toHaveFocus();
    const key = screen.getByTestId("recovery-key-text").textContent ?? "";
    expect(key).toMatch(KEY_FORMAT);
    expect(screen.getByTestId("recovery-key-clinic")).toHaveTextContent("Clínica Aurora");
    expect(keyScreen).toHaveTextContent("opens the clinic's records if every password is lost");
    expect(keyScreen).toHaveTextContent("keep it away from this computer, for example in the clinic's safe");
    expect(keyScreen).toHaveTextContent("It is shown only this once.");
    expect(keyScreen).toHaveTextContent("Anyone holding this key and the database file can read the records");
    // The app behind is inert and hidden from assistive technology.
    const behind = document.querySelector<HTMLElement>(".shell, .startup-loading")!;
    expect(behind.inert).toBe(true);
    expect(behind).toHaveClass("key-behind");

    // Tab order: Print, the box, then Continue (disabled until the box is ticked).
    await user.tab();
    expect(screen.getByTestId("recovery-key-print")).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(print).toHaveBeenCalledTimes(1);
    await user.tab();
    expect(screen.getByLabelText("I have printed or written down the recovery key")).toHaveFocus();
    const cont = screen.getByTestId("recovery-key-continue");
    expect(cont).toBeDisabled();
    await user.keyboard(" ");
    expect(screen.getByTestId("recovery-key-stored")).toBeChecked();
    expect(cont).toBeEnabled();
    await user.click(cont);

    await waitFor(() => expect(screen.queryByTestId("recovery-key-screen")).toBeNull());
    expect(await screen.findByText(/Select a patient on the left, or create a new one/)).toBeInTheDocument();
    expect(document.querySelector<HTMLElement>(".shell")!.inert).toBe(false);
    expect(screen.getByTestId("account-name")).toHaveTextContent("Dr Ana Silva");

    // The key was given once: after a reload there is nothing to show, and the key opens the records.
    expect(await b.takeRecoveryKey()).toBeNull();
    cleanup();
    await renderApp("#/", b);
    expect(await screen.findByTestId("patient-search")).toBeInTheDocument();
    expect(screen.queryByTestId("recovery-key-screen")).toBeNull();
    b.restart();
    await expect(b.unlockWithRecoveryKey(key)).resolves.toMatchObject({ sealed: false });
    print.mockRestore();
  });
});

describe("sign-in while the records are sealed", () => {
  it("says the password opens the records, then opens them", async () => {
    await renderApp("#/", { sealed: true });
    const user = userEvent.setup();
    const form = screen.getByTestId("signin-form");
    expect(within(form).getByRole("heading", { level: 1 })).toHaveTextContent("Dermalog");
    expect(screen.getByTestId("sealed-note")).toHaveTextContent("The clinic's records are encrypted. Your password opens them.");
    expect(el("signin-username")).toHaveFocus();

    await signIn(user, "not the password");
    expect(await screen.findByTestId("signin-error")).toHaveTextContent("do not match an active account");
    await user.type(el("signin-password"), `${DEFAULT_PASSWORD}{Enter}`);
    expect(await screen.findByTestId("patient-search")).toBeInTheDocument();
  });

  it("opens the records with the recovery key, then someone signs in as usual", async () => {
    const b = createMemoryBackend({ sealed: true });
    await renderApp("#/", b);
    const user = userEvent.setup();
    expect(screen.queryByTestId("recovery-key-form")).toBeNull();
    await user.click(screen.getByTestId("use-recovery-key"));
    const input = screen.getByTestId("recovery-key-input");
    expect(input).toHaveFocus();
    expect(screen.getByLabelText("Recovery key")).toBe(input);
    expect(input).toHaveAttribute("autocomplete", "off");
    expect(input).toHaveAttribute("spellcheck", "false");
    expect(input).toHaveClass("mono");

    // Cancel goes back to the sign-in, where the way back in has focus.
    await user.click(screen.getByTestId("recovery-key-cancel"));
    expect(screen.getByTestId("signin-form")).toBeInTheDocument();
    expect(screen.getByTestId("use-recovery-key")).toHaveFocus();
    await user.keyboard("{Enter}");

    await user.type(screen.getByTestId("recovery-key-input"), `${fakeRecoveryKey(9)}{Enter}`);
    const error = await screen.findByTestId("error-recovery_key");
    expect(error).toHaveTextContent("That is not this database's recovery key. Check each group of four characters.");
    expect(el("recovery-key")).toHaveAttribute("aria-invalid", "true");
    expect(el("recovery-key")).toHaveAttribute("aria-describedby", "recovery-key-error");
    expect(el("recovery-key")).toHaveFocus();

    await user.clear(el("recovery-key"));
    await user.type(el("recovery-key"), MEMORY_RECOVERY_KEY.toLowerCase());
    await user.click(screen.getByTestId("recovery-key-unlock"));
    expect(await screen.findByTestId("recovery-key-opened")).toHaveTextContent(
      "Records opened with the recovery key. Sign in to go on.");
    expect(within(screen.getByTestId("signin-form")).getByRole("heading", { level: 1 })).toHaveTextContent("Test clinic");
    expect(screen.queryByTestId("sealed-note")).toBeNull();
    expect(screen.queryByTestId("use-recovery-key")).toBeNull();
    expect(el("signin-username")).toHaveFocus();
    expect(await b.getAuthStatus()).toMatchObject({ sealed: false, user: null });

    await signIn(user);
    expect(await screen.findByTestId("patient-search")).toBeInTheDocument();
  });

  it("says clearly when too many recovery keys were wrong", async () => {
    await renderApp("#/", { sealed: true });
    const user = userEvent.setup();
    await user.click(screen.getByTestId("use-recovery-key"));
    for (let i = 0; i < 5; i++) {
      await user.clear(el("recovery-key"));
      await user.type(el("recovery-key"), `${fakeRecoveryKey(20 + i)}{Enter}`);
      await screen.findByTestId("error-recovery_key");
    }
    await user.clear(el("recovery-key"));
    await user.type(el("recovery-key"), `${MEMORY_RECOVERY_KEY}{Enter}`);
    const problem = await screen.findByTestId("recovery-key-problem");
    expect(problem).toHaveAttribute("role", "alert");
    expect(problem).toHaveTextContent("Too many failed attempts. Try again in 15 minute(s).");
    expect(screen.queryByTestId("error-recovery_key")).toBeNull();
  });

  it("shows the recovery page when the opened file turns out refused", async () => {
    const b = createMemoryBackend({
      sealed: true,
      refuseOnUnseal: { code: "WrongKey", message: "The key file does not open this database file. Nothing was written to it." },
    });
    const startup = vi.spyOn(b, "getStartupStatus");
    await renderApp("#/", b);
    const user = userEvent.setup();
    expect(startup).toHaveBeenCalledTimes(1);
    await signIn(user);
    const page = await screen.findByTestId("startup-problem");
    expect(page).toHaveTextContent("The key file does not open this database file.");
    expect(startup).toHaveBeenCalledTimes(2);
    expect(screen.queryByTestId("signin-form")).toBeNull();
    expect(screen.queryByTestId("signin-error")).toBeNull();
  });
});
