// A consent's printable record, through the whole app on the memory backend: reached from the
// patient's list, the full text as signed (paragraphs and line breaks kept), who signed and
// witnessed, the signature from an object URL revoked on close, the fingerprint, a revocation;
// printing is audited.
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { pngBytes } from "../../lib/api/memory-photo-bytes";
import { SEEDED_TEMPLATES } from "../../lib/api/memory-consent-texts";
import { recordConsent } from "../../lib/consent/consent-fixtures";
import { href } from "../../lib/router.svelte";
import { clinicWithDraft } from "../../lib/signing-fixtures";
import { currentHash, renderApp } from "../../testing";

/** "Signed by: Mary Seacole (parent or guardian)", one per fact. */
const facts = () => [...screen.getByTestId("consent-document-facts").querySelectorAll("div")]
  .map((d) => `${d.querySelector("dt")?.textContent}: ${d.querySelector("dd")?.textContent?.replace(/\s+/g, " ").trim()}`);

describe("consent record", () => {
  afterEach(() => vi.restoreAllMocks());

  it("shows the text as signed and the signature, prints (audited) and closes back to the patient", async () => {
    const { b, patient } = await clinicWithDraft();
    const consent = await recordConsent(b, patient.id, "treatment", { signer_name: "Mary Seacole", signer_relation: "guardian" });
    const made = vi.spyOn(URL, "createObjectURL");
    const revoked = vi.spyOn(URL, "revokeObjectURL");
    const printed = vi.spyOn(b, "recordPrint");
    const print = vi.spyOn(window, "print").mockImplementation(() => {});
    await renderApp(href.patient(patient.id), b);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("consent-view"));
    expect(currentHash()).toBe(href.consent(consent.id));

    const doc = await screen.findByTestId("consent-document");
    expect(within(doc).getByRole("heading", { level: 1 })).toHaveTextContent("Treatment consent record");
    expect(doc).toHaveTextContent("Florence Nightingale");
    expect(doc).toHaveTextContent("Consent to microneedling treatment, version 1");
    const text = within(doc).getByTestId("consent-text");
    const paragraphs = [...text.querySelectorAll("p")].map((p) => p.textContent);
    // Exactly the text signed: its paragraphs, rejoined, are the seeded text.
    expect(paragraphs.join("\n\n")).toBe(SEEDED_TEMPLATES[0].text);
    expect(facts()).toEqual([
      expect.stringMatching(/^Signed: 20 Nov 2026, \d\d:\d\d$/), "Signed by: Mary Seacole (parent or guardian)",
      "How: Signed on screen", "Witness: Dr Ana Silva, MD",
    ]);
    expect(doc).toHaveTextContent(`Text fingerprint (SHA-256): ${consent.text_sha256}`);
    expect(within(doc).queryByTestId("consent-document-revoked")).toBeNull();

    const img = await within(doc).findByTestId("consent-document-picture");
    expect(img).toHaveAttribute("alt", "Signature of Mary Seacole");
    const url = img.getAttribute("src");
    expect(url).toMatch(/^blob:/);
    const blob = made.mock.calls.at(-1)![0] as Blob;
    expect(blob.type).toBe("image/png");

    await user.click(within(doc).getByTestId("consent-document-print"));
    expect(print).toHaveBeenCalledOnce();
    expect(printed).toHaveBeenCalledWith(patient.id);
    expect(within(doc).getByTestId("consent-document-print").closest(".no-print")).not.toBeNull();

    await user.click(within(doc).getByTestId("consent-document-close"));
    expect(currentHash()).toBe(href.patient(patient.id));
    await waitFor(() => expect(revoked).toHaveBeenCalledWith(url));
    expect(await screen.findByTestId("patient-consents")).toBeInTheDocument();
  });

  it("shows a paper consent's scan, the photo uses, and the revocation", async () => {
    const { b, patient } = await clinicWithDraft();
    const consent = await recordConsent(b, patient.id, "photo", {
      method: "paper", signature_png: null, scan: pngBytes(20, 30), scopes: ["clinical_record", "marketing"],
    });
    await b.revokeConsent({ consent_id: consent.id, reason: "No marketing after all", effective_on: "2026-11-20" });
    await renderApp(href.consent(consent.id), b);
    const doc = await screen.findByTestId("consent-document");
    expect(within(doc).getByRole("heading", { level: 1 })).toHaveTextContent("Photo consent record");
    expect(within(doc).getByTestId("consent-document-revoked")).toHaveTextContent(
      "Revoked from 20 Nov 2026: No marketing after all");
    expect(within(doc).getByTestId("consent-document-scopes")).toHaveTextContent(
      "Photos may be used for: Clinical record, marketing");
    expect(facts()).toContain("How: Signed on paper");
    const img = await within(doc).findByTestId("consent-document-picture");
    expect(img).toHaveAttribute("alt", "Scan of the signed paper consent");
    expect(doc).toHaveTextContent("Scan of the signed paper form");
  });

  it("says so when the consent cannot be found", async () => {
    const { b } = await clinicWithDraft();
    await renderApp(href.consent("0190a000-0000-7000-9999-000000000000"), b);
    expect(await screen.findByRole("alert")).toHaveTextContent("That consent could not be found.");
  });
});
