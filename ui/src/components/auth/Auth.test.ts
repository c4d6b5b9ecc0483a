// First-run set-up, sign-in, the lock screen (on request, after a refused call, on window
// focus) and sign-out, on the whole app over the memory backend.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { createMemoryBackend } from "../../lib/api/memory";
import { DEFAULT_PASSWORD, DEFAULT_USERNAME } from "../../lib/api/memory-accounts";
import { patientList } from "../../lib/stores/patients.svelte";
import { addPatient, renderApp } from "../../testing";

const el = <T extends HTMLElement = HTMLInputElement>(id: string) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`no element #${id}`);
  return found as T;
};

describe("first-run set-up", () => {
  it("shows each problem under its field and compares the two passwords before sending", async () => {
    const b = createMemoryBackend({ setupNeeded: true });
    const setUp = vi.spyOn(b, "setUpClinic");
    await renderApp("#/", b);
    const user = userEvent.setup();
    expect(screen.getByTestId("setup-form")).toBeInTheDocument();
    expect(screen.queryByTestId("patient-search")).toBeNull();
    expect(el("setup-clinic")).toHaveFocus();
    expect(screen.getByText("At least 10 characters.")).toBeInTheDocument();

    await user.type(el("setup-password"), "short");
    await user.type(el("setup-confirm"), "shorter");
    await user.click(screen.getByTestId("setup-submit"));
    expect(await screen.findByTestId("error-confirm")).toHaveTextContent("The two passwords do not match.");
    expect(el("setup-confirm")).toHaveAttribute("aria-invalid", "true");
    expect(setUp).not.toHaveBeenCalled();

    await user.clear(el("setup-confirm"));
    await user.type(el("setup-confirm"), "short");
    await user.type(el("setup-username"), "ana silva");
    await user.click(screen.getByTestId("setup-submit"));
    expect(await screen.findByTestId("error-clinic_name")).toHaveTextContent("Clinic name is required.");
    expect(screen.getByTestId("error-display_name")).toHaveTextContent("Name is required.");
    expect(screen.getByTestId("error-signature_name")).toHaveTextContent("Signature name is required.");
    expect(screen.getByTestId("error-username")).toHaveTextContent("without spaces");
    expect(screen.getByTestId("error-password")).toHaveTextContent("at least 10 characters");
    expect(screen.queryByTestId("error-confirm")).toBeNull();
    expect(el("setup-clinic")).toHaveFocus();
    expect(el("setup-password")).toHaveAttribute("aria-describedby", "setup-password-error setup-password-hint");
  });

  it("creates the clinic and its admin, and opens the app signed in", async () => {
    const b = createMemoryBackend({ setupNeeded: true });
    await renderApp("#/", b);
    const user = userEvent.setup();
    await user.type(el("setup-clinic"), "Clínica Aurora");
    await user.type(el("setup-display-name"), "Dr Ana Silva");
    await user.type(el("setup-signature"), "Dr Ana Silva, MD");
    await user.type(el("setup-registration"), "OM 12345");
    await user.type(el("setup-username"), "ana");
    await user.type(el("setup-password"), "a long enough secret");
    await user.type(el("setup-confirm"), "a long enough secret");
    await user.click(screen.getByTestId("setup-submit"));

    // The new clinic's recovery key comes first (see Encryption.test.ts), then the app.
    await user.click(await screen.findByTestId("recovery-key-stored"));
    await user.click(screen.getByTestId("recovery-key-continue"));
    await waitFor(() => expect(screen.queryByTestId("recovery-key-screen")).toBeNull());
    expect(await screen.findByTestId("patient-search")).toBeInTheDocument();
    expect(screen.getByTestId("account-name")).toHaveTextContent("Dr Ana Silva");
    expect(screen.getByTestId("account-roles")).toHaveTextContent("Clinician, Admin");
    const status = await b.getAuthStatus();
    expect(status).toMatchObject({ setup_needed: false, clinic_name: "Clínica Aurora", locked: false, encrypted: true });
    expect(status.user).toMatchObject({ username: "ana", registration: "OM 12345", roles: ["clinician", "admin"] });
  });
});

describe("sign-in", () => {
  it("says why a sign-in failed, then opens the app", async () => {
    await renderApp("#/", { signedIn: false });
    const user = userEvent.setup();
    const form = screen.getByTestId("signin-form");
    expect(within(form).getByRole("heading", { level: 1 })).toHaveTextContent("Test clinic");
    expect(el("signin-username")).toHaveFocus();
    expect(screen.queryByTestId("patient-search")).toBeNull();

    await user.type(el("signin-username"), DEFAULT_USERNAME);
    await user.type(el("signin-password"), "not the password");
    await user.click(screen.getByTestId("signin-submit"));
    const error = await screen.findByTestId("signin-error");
    expect(error).toHaveAttribute("role", "alert");
    expect(error).toHaveTextContent("That user name and password do not match an active account.");
    expect(el("signin-password")).toHaveValue("");
    expect(el("signin-password")).toHaveFocus();

    await user.type(el("signin-password"), `${DEFAULT_PASSWORD}{Enter}`);
    expect(await screen.findByTestId("patient-search")).toBeInTheDocument();
    expect(screen.getByTestId("account-name")).toHaveTextContent("Dr Ana Silva");
  });

  it("refuses after five failures", async () => {
    await renderApp("#/", { signedIn: false });
    const user = userEvent.setup();
    await user.type(el("signin-username"), DEFAULT_USERNAME);
    for (let i = 0; i < 5; i++) {
      await user.type(el("signin-password"), "wrong password{Enter}");
      await screen.findByTestId("signin-error");
    }
    await user.type(el("signin-password"), `${DEFAULT_PASSWORD}{Enter}`);
    await waitFor(() => expect(screen.getByTestId("signin-error")).toHaveTextContent("Too many failed attempts"));
    expect(screen.queryByTestId("patient-search")).toBeNull();
  });

  it("signs out to the sign-in screen and forgets the patient list", async () => {
    const b = createMemoryBackend();
    await addPatient(b, { given_name: "Lena", family_name: "Ortiz" });
    await renderApp("#/", b);
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getAllByTestId("patient-row")).toHaveLength(1));
    await user.click(screen.getByTestId("sign-out"));
    expect(await screen.findByTestId("signin-form")).toBeInTheDocument();
    expect(screen.queryByText(/Ortiz/)).toBeNull();
    expect(patientList.results).toEqual([]);
    expect((await b.getAuthStatus()).user).toBeNull();
  });
});

describe("lock screen", () => {
  it("covers the app when a call is refused as locked, and unlocking keeps the typing", async () => {
    const b = createMemoryBackend();
    await renderApp("#/patients/new", b);
    const user = userEvent.setup();
    await screen.findByRole("heading", { name: "New patient" });
    await user.type(el("given_name"), "Maria");
    await user.type(el("family_name"), "Costa");
    await fireEvent.input(el("date_of_birth"), { target: { value: "1990-05-17" } });
    await user.selectOptions(el("sex_at_birth"), "Female");

    await b.lockApp(); // the backend's idle lock, as the real one would after 15 minutes
    await user.click(screen.getByTestId("save-patient"));
    const lock = await screen.findByTestId("lock-screen");
    expect(lock).toHaveTextContent("Locked — signed in as Dr Ana Silva");
    expect(el("unlock-password")).toHaveFocus();
    // Svelte sets the `inert` property (a browser reflects it as the attribute; jsdom does not).
    const shell = document.querySelector<HTMLElement>(".shell")!;
    expect(shell.inert).toBe(true);
    expect(shell).toHaveClass("locked-behind");

    await user.type(el("unlock-password"), "wrong password{Enter}");
    expect(await screen.findByTestId("unlock-error")).toHaveTextContent("That password is not right.");
    expect(screen.getByTestId("lock-screen")).toBeInTheDocument();

    await user.type(el("unlock-password"), DEFAULT_PASSWORD);
    await user.click(screen.getByTestId("unlock-submit"));
    await waitFor(() => expect(screen.queryByTestId("lock-screen")).toBeNull());
    expect(shell.inert).toBe(false);
    expect(location.hash).toBe("#/patients/new");
    expect(el("given_name")).toHaveValue("Maria");
    expect(el("family_name")).toHaveValue("Costa");
    expect(el("date_of_birth")).toHaveValue("1990-05-17");

    await user.click(screen.getByTestId("save-patient"));
    expect(await screen.findByTestId("patient-name")).toHaveTextContent("Maria Costa");
  });

  it("locks on request, and shows the idle lock when the window gets focus", async () => {
    const b = createMemoryBackend();
    await renderApp("#/", b);
    const user = userEvent.setup();
    await user.click(screen.getByTestId("lock-now"));
    expect(await screen.findByTestId("lock-screen")).toBeInTheDocument();
    expect((await b.getAuthStatus()).locked).toBe(true);
    await user.type(el("unlock-password"), `${DEFAULT_PASSWORD}{Enter}`);
    await waitFor(() => expect(screen.queryByTestId("lock-screen")).toBeNull());

    await b.lockApp();
    window.dispatchEvent(new Event("focus"));
    expect(await screen.findByTestId("lock-screen")).toBeInTheDocument();
  });

  it("tells the backend about typing at most every 30 seconds", async () => {
    const b = createMemoryBackend();
    const keepAlive = vi.spyOn(b, "keepAlive");
    await renderApp("#/", b);
    const user = userEvent.setup();
    await user.type(el("patient-search"), "abc");
    await user.click(document.body);
    expect(keepAlive).toHaveBeenCalledTimes(1);
  });

  it("warns before signing out from the lock screen", async () => {
    const b = createMemoryBackend();
    await renderApp("#/", b);
    const user = userEvent.setup();
    await user.click(screen.getByTestId("lock-now"));
    await user.click(await screen.findByTestId("lock-sign-out"));
    expect(screen.getByRole("alertdialog")).toHaveTextContent("Anything typed and not yet saved is lost.");
    await user.click(screen.getByTestId("lock-sign-out-confirm"));
    expect(await screen.findByTestId("signin-form")).toBeInTheDocument();
    expect(screen.queryByTestId("lock-screen")).toBeNull();
  });

  it("opens locked when the app was locked before it started, and loads after unlocking", async () => {
    const b = createMemoryBackend();
    await b.lockApp();
    await renderApp("#/", b);
    expect(screen.getByTestId("lock-screen")).toBeInTheDocument();
    expect(document.querySelector(".shell")).toBeNull();
    const user = userEvent.setup();
    await user.type(el("unlock-password"), `${DEFAULT_PASSWORD}{Enter}`);
    expect(await screen.findByTestId("patient-search")).toBeInTheDocument();
    expect(screen.queryByTestId("lock-screen")).toBeNull();
  });

  it("asks before signing out over a form with unsaved typing", async () => {
    await renderApp("#/patients/new");
    const user = userEvent.setup();
    await screen.findByRole("heading", { name: "New patient" });
    await user.type(el("given_name"), "Maria");
    await user.click(screen.getByTestId("sign-out"));
    expect(screen.getByRole("alertdialog")).toHaveTextContent("not saved yet");
    await user.click(screen.getByRole("button", { name: "Stay signed in" }));
    expect(el("given_name")).toHaveValue("Maria");
    await user.click(screen.getByTestId("sign-out"));
    await user.click(screen.getByTestId("sign-out-confirm"));
    expect(await screen.findByTestId("signin-form")).toBeInTheDocument();
    expect(location.hash).toBe("#/");
  });

  it("shows the sign-in when a call says no one is signed in", async () => {
    const b = createMemoryBackend();
    await renderApp("#/", b);
    const user = userEvent.setup();
    await b.signOut(); // signed out behind the app's back (e.g. another window)
    await user.type(el("patient-search"), "x");
    expect(await screen.findByTestId("signin-form")).toBeInTheDocument();
  });
});

describe("account page", () => {
  it("changes the password, with the backend's field errors and the two new ones compared", async () => {
    const b = createMemoryBackend();
    await renderApp("#/", b);
    const user = userEvent.setup();
    await user.click(screen.getByTestId("account-link"));
    expect(await screen.findByRole("heading", { name: "Your account" })).toBeInTheDocument();
    expect(el("pw-current")).toHaveFocus();

    await user.type(el("pw-current"), "wrong password");
    await user.type(el("pw-new"), "short");
    await user.type(el("pw-confirm"), "short");
    await user.click(screen.getByTestId("pw-submit"));
    expect(await screen.findByTestId("error-new_password")).toHaveTextContent("at least 10 characters");

    await user.clear(el("pw-new"));
    await user.type(el("pw-new"), "a brand new secret");
    await user.click(screen.getByTestId("pw-submit"));
    expect(await screen.findByTestId("error-confirm")).toHaveTextContent("do not match");

    await user.clear(el("pw-confirm"));
    await user.type(el("pw-confirm"), "a brand new secret");
    await user.click(screen.getByTestId("pw-submit"));
    expect(await screen.findByTestId("error-current_password")).toHaveTextContent("The current password is not right.");

    await user.clear(el("pw-current"));
    await user.type(el("pw-current"), DEFAULT_PASSWORD);
    await user.click(screen.getByTestId("pw-submit"));
    expect(await screen.findByTestId("pw-done")).toHaveTextContent("Your password has been changed.");
    expect(el("pw-current")).toHaveValue("");

    await b.signOut();
    await expect(b.signIn(DEFAULT_USERNAME, "a brand new secret")).resolves.toMatchObject({ locked: false });
  });
});
