// Signing a session and adding addenda, through the whole app on the memory backend: the
// password panel (a wrong password under its field), the signature lines, the lock on a
// signed session (no Edit, the signed notice in the form), co-signing by another clinician,
// addenda of each kind (what each role may add, field errors), the history cards, the audit
// row of a print and the signature check on the audit page.
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { href, router } from "../../lib/router.svelte";
import {
  clinicWithDraft, clinicWithSigned, draftInput, OTHER_PASSWORD, PASSWORD, signInAs, withEveryKind,
} from "../../lib/signing-fixtures";
import { formatDateTime } from "../../lib/time";
import { renderApp } from "../../testing";

const el = <T extends HTMLElement = HTMLInputElement>(id: string) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`no element #${id}`);
  return found as T;
};
const options = (id: string) => [...el<HTMLSelectElement>(id).options].map((o) => o.textContent?.trim());

describe("signing a session", () => {
  afterEach(() => vi.restoreAllMocks());

  it("signs a draft with the password: a wrong one shows under the field, then the signature line", async () => {
    const { b, draft } = await clinicWithDraft();
    await renderApp(href.session(draft.id), b);
    const user = userEvent.setup();
    expect(await screen.findByTestId("session-status")).toHaveTextContent("Draft — not signed");
    expect(screen.getByTestId("edit-session")).toBeInTheDocument();
    expect(screen.queryByTestId("signature-line")).toBeNull();
    expect(screen.queryByTestId("add-addendum")).toBeNull();

    await user.click(screen.getByTestId("sign-session"));
    expect(screen.getByTestId("sign-panel")).toHaveTextContent("Signing locks this session. Corrections later are addenda.");
    expect(el("sign-password")).toHaveFocus();
    await user.type(el("sign-password"), "not my password");
    await user.click(screen.getByTestId("sign-submit"));
    const error = await screen.findByTestId("error-password");
    expect(error).toHaveTextContent("That password is not right.");
    expect(error.id).toBe("sign-password-error");
    expect(el("sign-password")).toHaveAttribute("aria-invalid", "true");
    expect(el("sign-password")).toHaveAttribute("aria-describedby", "sign-password-error");
    expect(el("sign-password")).toHaveValue("");
    expect(el("sign-password")).toHaveFocus();
    expect(screen.getByTestId("session-status")).toHaveTextContent("Draft — not signed");

    await user.type(el("sign-password"), `${PASSWORD}{Enter}`);
    const line = await screen.findByTestId("signature-line");
    const signedAt = (await b.getSession(draft.id)).signatures[0].signed_at;
    expect(line).toHaveTextContent(`Signed by Dr Ana Silva, MD, OM 54321 on ${formatDateTime(signedAt)} as author`);
    expect(screen.getByTestId("session-status")).toHaveTextContent("Signed");
    expect(screen.queryByTestId("edit-session")).toBeNull();
    expect(screen.queryByTestId("sign-panel")).toBeNull();
    expect(screen.queryByTestId("sign-session")).toBeNull();
    // The author neither reviews nor co-signs their own session.
    expect(screen.queryByTestId("cosign-session")).toBeNull();
    expect(screen.queryByTestId("review-session")).toBeNull();
    expect(screen.getByTestId("add-addendum")).toBeInTheDocument();
  });

  it("closes the panel on Escape and gives focus back to the button", async () => {
    const { b, draft } = await clinicWithDraft();
    await renderApp(href.session(draft.id), b);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("sign-session"));
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("sign-panel")).toBeNull();
    expect(screen.getByTestId("sign-session")).toHaveFocus();
  });

  it("lets another clinician co-sign and review a signed session", async () => {
    const { b, signed } = await clinicWithSigned();
    await signInAs(b, "dr.weber", ["clinician"], "Dr Jonas Weber");
    await renderApp(href.session(signed.id), b);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("cosign-session"));
    expect(el("sign-password")).toHaveFocus();
    await user.type(el("sign-password"), OTHER_PASSWORD);
    await user.click(screen.getByTestId("sign-submit"));
    await waitFor(() => expect(screen.getAllByTestId("signature-line")).toHaveLength(2));
    expect(screen.getAllByTestId("signature-line")[1]).toHaveTextContent(/Signed by Dr Jonas Weber, GMC 7654321 on .* as co-signer/);
    expect(screen.queryByTestId("cosign-session")).toBeNull();

    await user.click(screen.getByTestId("review-session"));
    await user.type(el("sign-password"), OTHER_PASSWORD);
    await user.click(screen.getByTestId("sign-submit"));
    await waitFor(() => expect(screen.getAllByTestId("signature-line")).toHaveLength(3));
    expect(screen.getAllByTestId("signature-line")[2]).toHaveTextContent(/as reviewer$/);
  });

  it("offers an aesthetician no signing, but adds their follow-up addendum", async () => {
    const { b, signed, patient } = await clinicWithSigned();
    const draft = await b.saveSession(draftInput(patient.id, { started_at: "2026-11-20T12:00:00+01:00" }));
    await signInAs(b, "nurse.ada", ["aesthetician"], "Ada Nurse, RN");
    await renderApp(href.session(draft.id), b);
    expect(await screen.findByTestId("session-status")).toHaveTextContent("Draft — not signed");
    expect(screen.queryByTestId("sign-session")).toBeNull();

    router.navigate(href.session(signed.id));
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("add-addendum"));
    expect(screen.queryByTestId("cosign-session")).toBeNull();
    expect(screen.queryByTestId("review-session")).toBeNull();
    expect(options("addendum-kind")).toEqual(["Follow-up", "Review comment"]);
    expect(el("addendum-kind")).toHaveFocus();

    // A reaction row that names nothing cannot be sent: said under each field.
    await user.click(screen.getByTestId("addendum-save"));
    expect(await screen.findByTestId("error-reactions[0].reaction_type_id")).toHaveTextContent("Choose a reaction from the list.");
    expect(screen.getByTestId("error-reactions[0].time_point")).toHaveTextContent("Choose when it was seen.");
    expect(el("addendum-reaction-0")).toHaveFocus();

    await user.selectOptions(el("addendum-reaction-0"), "Erythema / redness");
    expect(options("addendum-grade-0")).toContain("2 – mild");
    await user.selectOptions(el("addendum-grade-0"), "2 – mild");
    await user.selectOptions(el("addendum-time-0"), "24 h");
    await user.selectOptions(el("addendum-area-0"), "Cheek, left");
    await user.click(screen.getByTestId("addendum-add-reaction"));
    expect(el("addendum-reaction-1")).toHaveFocus();
    await user.selectOptions(el("addendum-reaction-1"), "Dryness");
    await user.selectOptions(el("addendum-grade-1"), "1 – mild");
    await user.selectOptions(el("addendum-time-1"), "Day 7");
    await user.click(screen.getByTestId("addendum-save"));

    const added = await screen.findByTestId("addendum");
    expect(screen.queryByTestId("addendum-form")).toBeNull();
    expect(screen.getByTestId("add-addendum")).toHaveFocus();
    expect(added).toHaveTextContent("Follow-up by Ada Nurse, RN");
    expect(added).toHaveTextContent("Erythema / redness: 2 – mild (24 h, Cheek, left)");
    expect(added).toHaveTextContent("Dryness: 1 – mild (Day 7)");
    expect((await b.getSession(signed.id)).addenda).toHaveLength(1);
  });

  it("needs a reason for a correction, then lists it with the corrected values", async () => {
    const { b, signed } = await clinicWithSigned();
    await renderApp(href.session(signed.id), b);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("add-addendum"));
    expect(options("addendum-kind")).toEqual(["Correction", "Follow-up", "Review comment"]);
    expect(el<HTMLSelectElement>("addendum-kind").value).toBe("correction");
    await user.type(el("addendum-text"), "The left cheek was treated at 1.25 mm.");
    await user.click(screen.getByTestId("addendum-save"));
    const error = await screen.findByTestId("error-reason");
    expect(error).toHaveTextContent("Say why the record is corrected.");
    expect(error.id).toBe("addendum-reason-error");
    expect(el("addendum-reason")).toHaveAttribute("aria-invalid", "true");
    expect(el("addendum-reason")).toHaveFocus();
    expect(el("addendum-text")).toHaveValue("The left cheek was treated at 1.25 mm.");

    await user.type(el("addendum-reason"), "Typed the wrong depth");
    await user.click(screen.getByTestId("addendum-add-correction"));
    expect(el("addendum-field-0")).toHaveFocus();
    // "[[" types one "[" (user-event reads "[" as the start of a key name).
    await user.type(el("addendum-field-0"), "areas[[0].needle_depth_mm");
    await user.type(el("addendum-value-0"), "1.25");
    await user.click(screen.getByTestId("addendum-save"));

    const added = await screen.findByTestId("addendum");
    expect(added).toHaveTextContent("Correction by Dr Ana Silva, MD");
    expect(added).toHaveTextContent("Reason: Typed the wrong depth");
    expect(added).toHaveTextContent("The left cheek was treated at 1.25 mm.");
    expect(added).toHaveTextContent("areas[0].needle_depth_mm → 1.25");
    expect(screen.queryByTestId("addendum-form")).toBeNull();
  });

  it("adds a retried save once: the form keeps its addendum id", async () => {
    const { b, signed } = await clinicWithSigned();
    let calls = 0;
    const flaky = {
      ...b,
      addAddendum: async (input: Parameters<typeof b.addAddendum>[0]) => {
        const saved = await b.addAddendum(input);
        // The first reply is lost on the way back: the user saves again.
        if (++calls === 1) throw { code: "Busy", message: "The database is busy. Try again.", fields: [] };
        return saved;
      },
    };
    await renderApp(href.session(signed.id), flaky);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("add-addendum"));
    await user.selectOptions(el("addendum-kind"), "Review comment");
    await user.type(el("addendum-text"), "Reviewed with the patient.");
    await user.click(screen.getByTestId("addendum-save"));
    expect(await screen.findByTestId("addendum-problem")).toHaveTextContent("The database is busy.");
    await user.click(screen.getByTestId("addendum-save"));
    await screen.findByTestId("addendum");
    expect(screen.getAllByTestId("addendum")).toHaveLength(1);
    expect((await b.getSession(signed.id)).addenda).toHaveLength(1);
  });

  it("lists addenda of every kind, and the history card counts them", async () => {
    const { b, signed, patient } = await clinicWithSigned();
    await withEveryKind(b, signed);
    await b.saveSession(draftInput(patient.id, { started_at: "2026-11-20T12:00:00+01:00" }));
    await renderApp(href.session(signed.id), b);
    await waitFor(() => expect(screen.getAllByTestId("addendum")).toHaveLength(3));
    const [correction, followUp, comment] = screen.getAllByTestId("addendum");
    expect(correction).toHaveTextContent(/^Correction by Dr Ana Silva, MD · .*Reason: Typed the wrong depth/);
    expect(correction).toHaveTextContent("The left cheek was treated at 1.25 mm.");
    expect(within(correction).getByTestId("addendum-correction")).toHaveTextContent("areas[0].needle_depth_mm → 1.25");
    expect(followUp).toHaveTextContent("Follow-up by Dr Ana Silva, MD");
    expect(within(followUp).getByTestId("addendum-reaction"))
      .toHaveTextContent("Erythema / redness: 2 – mild (24 h, Cheek, left) — settling");
    expect(comment).toHaveTextContent("Review comment by Dr Ana Silva, MD");
    expect(comment).toHaveTextContent("Reviewed with the patient by phone.");
    expect(screen.getByTestId("session-addenda-section")).toHaveTextContent("3 addenda");

    router.navigate(href.patient(patient.id));
    await waitFor(() => expect(screen.getAllByTestId("session-card")).toHaveLength(2));
    const [draftCard, signedCard] = screen.getAllByTestId("session-card");
    expect(within(draftCard).getByTestId("session-status")).toHaveTextContent("Draft");
    expect(within(draftCard).queryByTestId("session-addenda")).toBeNull();
    expect(within(signedCard).getByTestId("session-status")).toHaveTextContent("Signed");
    expect(within(signedCard).getByTestId("session-addenda")).toHaveTextContent("3 addenda");
  });
});

describe("a signed session in the session form", () => {
  it("says the session is signed instead of opening it for editing", async () => {
    const { b, signed } = await clinicWithSigned();
    await renderApp(href.editSession(signed.id), b);
    const notice = await screen.findByTestId("signed-notice");
    expect(notice).toHaveTextContent("This session is signed and cannot be changed. Add an addendum instead.");
    expect(within(notice).getByRole("link")).toHaveAttribute("href", href.session(signed.id));
    expect(screen.queryByTestId("save-session")).toBeNull();
  });

  it("shows the signed notice when a save is refused as Locked", async () => {
    const { b, draft } = await clinicWithDraft();
    await renderApp(href.editSession(draft.id), b);
    const user = userEvent.setup();
    await screen.findByTestId("save-session");
    await user.type(el("notes"), "Signed meanwhile elsewhere");
    await b.signSession({ session_id: draft.id, meaning: "author", password: PASSWORD });
    await user.click(screen.getByTestId("save-session"));
    const notice = await screen.findByTestId("signed-notice");
    expect(notice).toHaveTextContent("This session is signed and cannot be changed. Add an addendum instead.");
    expect(within(notice).getByRole("link")).toHaveAttribute("href", href.session(draft.id));
    expect(screen.getByTestId("save-session")).toBeDisabled();
    expect(el("notes")).toHaveValue("Signed meanwhile elsewhere");
    expect((await b.getSession(draft.id)).notes).toBe("");
  });

  it("starts a new session with the signed-in clinician's signature name", async () => {
    const { b, patient } = await clinicWithDraft();
    await signInAs(b, "dr.weber", ["clinician"], "Dr Jonas Weber");
    await renderApp(href.newSession(patient.id), b);
    await screen.findByTestId("save-session");
    expect(el("clinician_name")).toHaveValue("Dr Jonas Weber");
  });
});

describe("printing and the signature check", () => {
  afterEach(() => vi.restoreAllMocks());

  it("records the patient summary's print, and prints even when recording fails", async () => {
    const { b, patient } = await clinicWithDraft();
    const recordPrint = vi.spyOn(b, "recordPrint");
    const print = vi.spyOn(window, "print").mockImplementation(() => {});
    await renderApp(href.patientSummary(patient.id), b);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("print-summary"));
    expect(recordPrint).toHaveBeenCalledWith(patient.id);
    expect(print).toHaveBeenCalledOnce();

    recordPrint.mockRejectedValue({ code: "WriteFailed", message: "The disk is full.", fields: [] });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await user.click(screen.getByTestId("print-summary"));
    expect(print).toHaveBeenCalledTimes(2);
    await waitFor(() => expect(warn).toHaveBeenCalledOnce());
    expect(String(warn.mock.calls[0][0])).not.toContain(patient.id);
  });

  it("records the aftercare handout's print, and offers no 'given' once signed", async () => {
    const { b, patient, signed } = await clinicWithSigned();
    const recordPrint = vi.spyOn(b, "recordPrint");
    const print = vi.spyOn(window, "print").mockImplementation(() => {});
    await renderApp(href.aftercare(signed.id), b);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("print-handout"));
    expect(recordPrint).toHaveBeenCalledWith(patient.id);
    expect(print).toHaveBeenCalledOnce();
    expect(screen.queryByTestId("mark-aftercare-given")).toBeNull();
  });

  it("says on the audit page that every signature matches its session", async () => {
    const { b, signed } = await clinicWithSigned();
    await renderApp("#/audit", b);
    const user = userEvent.setup();
    await user.click(screen.getByTestId("audit-verify"));
    expect(await screen.findByTestId("signatures-ok")).toHaveTextContent("The 1 signature matches its session.");
    expect(screen.getByTestId("audit-ok")).toBeInTheDocument();

    await signInAs(b, "dr.weber", ["clinician", "admin"], "Dr Jonas Weber");
    await b.signSession({ session_id: signed.id, meaning: "cosign", password: OTHER_PASSWORD });
    await user.click(screen.getByTestId("audit-verify"));
    await waitFor(() =>
      expect(screen.getByTestId("signatures-ok")).toHaveTextContent("All 2 signatures match their sessions."));
  });

  it("names each signature that no longer matches", async () => {
    const { b, signed } = await clinicWithSigned();
    const mismatches = [
      { session_id: signed.id, signature_id: signed.signatures[0].id, meaning: "author" as const },
      { session_id: signed.id, signature_id: "0190a000-0000-7000-8000-0000000000c2", meaning: "cosign" as const },
    ];
    await renderApp("#/audit", { ...b, verifySignatures: async () => ({ checked: 5, mismatches }) });
    const user = userEvent.setup();
    await user.click(screen.getByTestId("audit-verify"));
    const problems = await screen.findAllByTestId("signature-problem");
    expect(problems).toHaveLength(2);
    expect(problems[0]).toHaveTextContent(`Session ${signed.id}: the author signature no longer matches the record.`);
    expect(problems[1]).toHaveTextContent("the co-signer signature");
    expect(problems[0].closest("[role=alert]")).toHaveTextContent("2 signatures of 5 no longer match their sessions.");
    expect(screen.queryByTestId("signatures-ok")).toBeNull();
  });
});
