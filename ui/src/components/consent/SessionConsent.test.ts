// Treatment consent on sessions, through the whole app on the memory backend: the session form
// warns when none is in force (without blocking the save) and records one in place, after which
// a quiet line says when it was signed; a saved session says which consent held on its day.
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { drawStroke, fakeCanvas, recordConsent, ZIGZAG } from "../../lib/consent/consent-fixtures";
import { href } from "../../lib/router.svelte";
import { clinicWithDraft, draftInput } from "../../lib/signing-fixtures";
import { renderApp } from "../../testing";

const WARNING = "No treatment consent on file for this patient. Record one before treating.";

describe("treatment consent on sessions", () => {
  beforeEach(() => void fakeCanvas());
  afterEach(() => vi.restoreAllMocks());

  it("warns in the session form without a consent, and records one there, leaving a quiet line", async () => {
    const { b, patient } = await clinicWithDraft();
    await renderApp(href.newSession(patient.id), b);
    const user = userEvent.setup();
    const warning = await screen.findByTestId("session-consent-warning");
    expect(warning).toHaveAttribute("role", "status");
    expect(warning).toHaveTextContent(WARNING);
    expect(screen.queryByTestId("session-consent-ok")).toBeNull();
    // Saving is not blocked: the rule warns.
    expect(screen.getByTestId("save-session")).toBeEnabled();

    await user.click(within(warning).getByTestId("session-consent-record"));
    const form = await screen.findByTestId("consent-form");
    expect(await within(form).findByTestId("consent-text")).toHaveTextContent("Consent to microneedling treatment");
    // Ctrl+S in the consent form saves the consent (the box is blank), not the session.
    const saveSession = vi.spyOn(b, "saveSession");
    await user.click(within(form).getByTestId("consent-signer-name"));
    await user.keyboard("{Control>}s{/Control}");
    expect(await within(form).findByTestId("error-signature_png")).toBeInTheDocument();
    expect(saveSession).not.toHaveBeenCalled();
    await drawStroke(within(form).getByTestId("consent-signature"), ZIGZAG);
    await user.click(within(form).getByTestId("consent-save"));

    const ok = await screen.findByTestId("session-consent-ok");
    expect(ok).toHaveTextContent("Treatment consent signed 20 Nov 2026");
    expect(screen.queryByTestId("session-consent-warning")).toBeNull();
    expect(screen.queryByTestId("consent-form")).toBeNull();
    await waitFor(() => expect(ok).toHaveFocus());
    expect((await b.getConsentStatus(patient.id)).treatment).not.toBeNull();
  });

  it("shows only the quiet line when a treatment consent is in force, and the warning again once revoked", async () => {
    const { b, patient, draft } = await clinicWithDraft();
    const consent = await recordConsent(b, patient.id, "treatment");
    const { unmount } = await renderApp(href.editSession(draft.id), b);
    expect(await screen.findByTestId("session-consent-ok")).toHaveTextContent("Treatment consent signed 20 Nov 2026");
    expect(screen.queryByTestId("session-consent-warning")).toBeNull();
    unmount();

    await b.revokeConsent({ consent_id: consent.id, reason: "Withdrawn", effective_on: "2026-11-20" });
    await renderApp(href.newSession(patient.id), b);
    expect(await screen.findByTestId("session-consent-warning")).toHaveTextContent(WARNING);
  });

  it("says on a saved session which consent held on its day, or that none did", async () => {
    const { b, patient, draft } = await clinicWithDraft();
    const { unmount } = await renderApp(href.session(draft.id), b);
    const none = await screen.findByTestId("session-consent");
    expect(none).toHaveTextContent("No treatment consent was in force on the day of this session.");
    expect(within(none).getByRole("link")).toHaveAttribute("href", href.patient(patient.id));
    unmount();

    await recordConsent(b, patient.id, "treatment");
    const later = await b.saveSession(draftInput(patient.id, { started_at: "2026-11-20T10:30:00Z" }));
    await renderApp(href.session(later.id), b);
    expect(await screen.findByTestId("session-consent")).toHaveTextContent("✓ Treatment consent signed 20 Nov 2026");
  });
});
