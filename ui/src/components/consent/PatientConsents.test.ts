// The patient's consents, through the whole app on the memory backend: recording a treatment
// consent drawn in the box (synthetic pointer events on a fake 2D canvas), a photo consent on
// paper with its scan, the backend's field errors by their fields, a text changed while open,
// revoking, and what someone who may not record is offered.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { pngBytes } from "../../lib/api/memory-photo-bytes";
import { drawStroke, fakeCanvas, recordConsent, ZIGZAG } from "../../lib/consent/consent-fixtures";
import { revokeDefaultDay } from "../../lib/consent/consent-text";
import { href } from "../../lib/router.svelte";
import { clinicWithDraft, signInAs } from "../../lib/signing-fixtures";
import { renderApp } from "../../testing";

const rows = () => screen.getAllByTestId("consent-row");

async function openForm(kind: "treatment" | "photo") {
  const user = userEvent.setup();
  await user.click(await screen.findByTestId(`consent-new-${kind}`));
  const form = await screen.findByTestId("consent-form");
  await within(form).findByTestId("consent-text");
  return { user, form };
}

describe("patient consents", () => {
  // jsdom has no 2D canvas: a fake one records the strokes (the form opens on "On screen").
  beforeEach(() => void fakeCanvas());
  afterEach(() => vi.restoreAllMocks());

  it("records a treatment consent signed in the box, then lists it and holds it in force", async () => {
    const { b, patient } = await clinicWithDraft();
    await renderApp(href.patient(patient.id), b);
    const section = await screen.findByTestId("patient-consents");
    expect(await within(section).findByTestId("consents-empty")).toHaveTextContent("No consents recorded.");
    expect(within(section).getByTestId("consent-status")).toHaveTextContent(
      "No treatment consent in force. · No photo consent in force.");

    const { user, form } = await openForm("treatment");
    const text = within(form).getByTestId("consent-text");
    expect(text).toHaveFocus();
    expect(text).toHaveTextContent("Consent to microneedling treatment");
    expect(text).toHaveTextContent("I consent to microneedling treatment as discussed with my practitioner.");
    // Paragraphs and the lines of a list are kept as written.
    expect(text.querySelectorAll("p").length).toBeGreaterThan(5);
    expect([...text.querySelectorAll("p")].some((p) => p.textContent?.includes("Possible risks:\n- Bruising"))).toBe(true);
    expect(within(form).queryByTestId("consent-scope-teaching")).toBeNull();
    expect(within(form).getByTestId("consent-signer-name")).toHaveValue("Florence Nightingale");
    expect(within(form).getByTestId("consent-method-drawn")).toBeChecked();
    expect(form).toHaveTextContent("Patient signs here");
    expect(form).toHaveTextContent("Witness: Dr Ana Silva, MD");

    const clear = within(form).getByTestId("consent-signature-clear");
    expect(clear).toBeDisabled();
    await drawStroke(within(form).getByTestId("consent-signature"), ZIGZAG);
    expect(clear).toBeEnabled();
    const record = vi.spyOn(b, "recordConsent");
    await user.click(within(form).getByTestId("consent-save"));

    await waitFor(() => expect(screen.queryByTestId("consent-form")).toBeNull());
    expect(screen.getByTestId("consent-notice")).toHaveTextContent("Treatment consent recorded.");
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toHaveTextContent("Treatment Consent to microneedling treatment v1");
    expect(rows()[0]).toHaveTextContent("Signed 20 Nov 2026");
    expect(rows()[0]).toHaveTextContent("by Florence Nightingale · Signed on screen · witness Dr Ana Silva, MD");
    expect(screen.getByTestId("consent-status")).toHaveTextContent("✓ Treatment consent signed 20 Nov 2026");
    await waitFor(() => expect(screen.getByTestId("consent-new-treatment")).toHaveFocus());

    // What was sent: the version shown, its hash, and the canvas's PNG bytes.
    const [template] = await b.listConsentTemplates();
    const sent = record.mock.calls[0][0];
    expect(sent).toMatchObject({
      template_version_id: template.current.id, text_sha256: template.current.text_sha256, scopes: [],
      signer_relation: "self", method: "drawn", scan: null,
    });
    expect(sent.signature_png).toBeInstanceOf(Uint8Array);
    expect([...(sent.signature_png ?? []).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it("shows the backend's field errors by their fields: a blank box, no signer", async () => {
    const { b, patient } = await clinicWithDraft();
    await renderApp(href.patient(patient.id), b);
    const { user, form } = await openForm("treatment");
    await user.clear(within(form).getByTestId("consent-signer-name"));
    await user.click(within(form).getByTestId("consent-save"));
    expect(await within(form).findByTestId("error-signature_png")).toHaveTextContent(
      "The signature is empty: please sign in the box.");
    expect(within(form).getByTestId("error-signer_name")).toHaveTextContent("Signer's name is required.");
    await waitFor(() => expect(within(form).getByTestId("consent-signer-name")).toHaveFocus());
    expect(within(form).getByTestId("consent-signer-name")).toHaveAttribute("aria-invalid", "true");

    // A stroke then Clear is a blank box again.
    await drawStroke(within(form).getByTestId("consent-signature"), ZIGZAG);
    await user.click(within(form).getByTestId("consent-signature-clear"));
    await user.type(within(form).getByTestId("consent-signer-name"), "Mary Seacole");
    await user.click(within(form).getByTestId("consent-save"));
    await waitFor(() => {
      expect(within(form).queryByTestId("error-signer_name")).toBeNull();
      expect(within(form).getByTestId("error-signature_png")).toBeInTheDocument();
    });
    expect(await b.listPatientConsents(patient.id)).toEqual([]);
  });

  it("records a photo consent on paper, by a guardian, with the uses ticked and the scan attached", async () => {
    const { b, patient } = await clinicWithDraft();
    await renderApp(href.patient(patient.id), b);
    const { user, form } = await openForm("photo");
    expect(within(form).getByTestId("consent-text")).toHaveTextContent("Consent to clinical photographs");
    const record = within(form).getByTestId("consent-scope-clinical-record");
    expect(record).toBeChecked();
    expect(record).toBeDisabled();
    await user.click(within(form).getByTestId("consent-scope-teaching"));
    await user.selectOptions(within(form).getByTestId("consent-relation"), "guardian");
    expect(form).toHaveTextContent("Guardian's name");
    const name = within(form).getByTestId("consent-signer-name");
    await user.clear(name);
    await user.type(name, "Mary Nightingale");
    await user.click(within(form).getByTestId("consent-method-paper"));
    expect(within(form).queryByTestId("consent-signature")).toBeNull();

    // No scan yet: the backend asks for one, under the file input.
    await user.click(within(form).getByTestId("consent-save"));
    expect(await within(form).findByTestId("error-scan")).toHaveTextContent("Attach a scan of the signed paper consent.");
    const scan = new File([pngBytes(30, 40) as Uint8Array<ArrayBuffer>], "signed form.png", { type: "image/png" });
    await user.upload(within(form).getByTestId("consent-scan"), scan);
    expect(within(form).getByTestId("consent-scan-name")).toHaveTextContent("signed form.png");
    await user.click(within(form).getByTestId("consent-save"));

    await waitFor(() => expect(screen.queryByTestId("consent-form")).toBeNull());
    expect(rows()[0]).toHaveTextContent("Photos Consent to clinical photographs v1");
    expect(rows()[0]).toHaveTextContent("by Mary Nightingale (guardian) · Signed on paper");
    expect(rows()[0]).toHaveTextContent("Photo uses: Clinical record, teaching");
    expect(screen.getByTestId("consent-status")).toHaveTextContent("Photos: Clinical record, teaching");
    const [stored] = await b.listPatientConsents(patient.id);
    expect(stored).toMatchObject({ method: "paper", has_scan: true, scopes: ["clinical_record", "teaching"] });
    expect((await b.getConsentDocument(stored.id)).scan).toEqual(pngBytes(30, 40));
  });

  it("shows a text changed while the form was open, to be read and signed again", async () => {
    const { b, patient } = await clinicWithDraft();
    await renderApp(href.patient(patient.id), b);
    const { user, form } = await openForm("treatment");
    const [t] = await b.listConsentTemplates();
    await b.saveConsentTemplate({ template_id: t.id, title: t.current.title, text: "A shorter text, agreed by the clinic." });
    await drawStroke(within(form).getByTestId("consent-signature"), ZIGZAG);
    await user.click(within(form).getByTestId("consent-save"));
    expect(await within(form).findByRole("alert")).toHaveTextContent(
      "The consent text changed while it was open; read it again.");
    await waitFor(() => expect(within(form).getByTestId("consent-text")).toHaveTextContent("A shorter text"));
    expect(form).toHaveTextContent("version 2");
    expect(within(form).getByTestId("consent-signature-clear")).toBeDisabled();
    await drawStroke(within(form).getByTestId("consent-signature"), ZIGZAG);
    await user.click(within(form).getByTestId("consent-save"));
    await waitFor(() => expect(screen.queryByTestId("consent-form")).toBeNull());
    expect(rows()[0]).toHaveTextContent("v2");
  });

  it("revokes a consent with a reason from today; it stays listed, dimmed, and is no longer in force", async () => {
    const { b, patient } = await clinicWithDraft();
    await recordConsent(b, patient.id, "treatment");
    await renderApp(href.patient(patient.id), b);
    const user = userEvent.setup();
    await waitFor(() => expect(rows()).toHaveLength(1));
    await user.click(within(rows()[0]).getByTestId("consent-revoke"));
    const reason = screen.getByTestId("consent-revoke-reason");
    expect(reason).toHaveFocus();
    expect(screen.getByTestId("consent-revoke-date")).toHaveValue(revokeDefaultDay());

    // The memory clock says 20 Nov 2026: pin the day, and ask for no reason first.
    await fireEvent.input(screen.getByTestId("consent-revoke-date"), { target: { value: "2026-11-20" } });
    await user.click(screen.getByTestId("consent-revoke-confirm"));
    expect(await screen.findByTestId("error-reason")).toHaveTextContent("Say why the consent is revoked.");
    await waitFor(() => expect(reason).toHaveFocus());
    await user.type(reason, "Withdrew consent by phone");
    await user.click(screen.getByTestId("consent-revoke-confirm"));

    await waitFor(() => expect(screen.queryByTestId("consent-revoke-form")).toBeNull());
    const row = rows()[0];
    expect(row).toHaveClass("revoked");
    expect(within(row).getByTestId("consent-revoked")).toHaveTextContent("Revoked on 20 Nov 2026: Withdrew consent by phone");
    expect(within(row).queryByTestId("consent-revoke")).toBeNull();
    expect(screen.getByTestId("consent-status")).toHaveTextContent("No treatment consent in force.");
    expect(screen.getByTestId("consent-notice")).toHaveTextContent("Consent revoked from 20 Nov 2026. It stays on record.");
  });

  it("offers recording and revoking to aestheticians, and only viewing to an admin", async () => {
    const { b, patient } = await clinicWithDraft();
    await recordConsent(b, patient.id, "photo");
    await signInAs(b, "office", ["admin"]);
    const { unmount } = await renderApp(href.patient(patient.id), b);
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.queryByTestId("consent-new-treatment")).toBeNull();
    expect(screen.queryByTestId("consent-revoke")).toBeNull();
    expect(within(rows()[0]).getByTestId("consent-view")).toHaveAttribute("href", expect.stringMatching(/^#\/consents\//));
    unmount();

    await signInAs(b, "nurse", ["aesthetician"]);
    await renderApp(href.patient(patient.id), b);
    expect(await screen.findByTestId("consent-new-photo")).toBeEnabled();
    expect(await screen.findByTestId("consent-revoke")).toBeEnabled();
  });
});
