// The memory backend's consents, as the core has them: the seeded texts and their hashes, a
// stale text refused, the signature and scan checks, the scopes rule, revoking once, what is
// in force on the day, the printable record, template versions, and photo exports gated by
// the patient's photo consent.
import { describe, expect, it } from "vitest";
import { consentInput, signaturePng } from "../consent/consent-fixtures";
import { clinicWithDraft, signInAs } from "../signing-fixtures";
import { inkedPixels } from "./memory-consent-images";
import { SEEDED_TEMPLATES } from "./memory-consent-texts";
import { pngBytes } from "./memory-photo-bytes";
import { sha256Hex } from "./memory-sha256";

const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);
const invalid = (field: string, message: string) => ({
  code: "Invalid", message: "Some fields need attention.", fields: [{ field, message }],
});

/**
 * A compressed 8-bit RGBA PNG as a browser's canvas writes it: each row filtered (None, Sub,
 * Up, Average, Paeth in turn); the chunks' CRCs are left out (not read).
 */
async function filteredPng(width: number, height: number, pixel: (x: number, y: number) => number[]) {
  const stride = width * 4;
  const rows = Array.from({ length: height }, (_, y) => Array.from({ length: width }, (_, x) => pixel(x, y)).flat());
  const raw: number[] = [];
  rows.forEach((row, y) => {
    const filter = y % 5;
    raw.push(filter);
    for (let i = 0; i < stride; i++) {
      const a = i >= 4 ? row[i - 4] : 0;
      const b = y ? rows[y - 1][i] : 0;
      const c = y && i >= 4 ? rows[y - 1][i - 4] : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a
        : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      raw.push((row[i] - [0, a, b, (a + b) >> 1, paeth][filter] + 256) & 0xff);
    }
  });
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    new DataView(out.buffer).setUint32(0, data.length);
    out.set([...type].map((ch) => ch.charCodeAt(0)), 4);
    out.set(data, 8);
    return [...out];
  };
  const header = new Uint8Array(13);
  new DataView(header.buffer).setUint32(0, width);
  new DataView(header.buffer).setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8);
  const deflated = new Response(new Response(new Uint8Array(raw)).body!.pipeThrough(new CompressionStream("deflate")));
  return new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...chunk("IHDR", header),
    ...chunk("IDAT", new Uint8Array(await deflated.arrayBuffer())), ...chunk("IEND", new Uint8Array()),
  ]);
}

describe("memory consents", () => {
  it("seeds the migration's two templates, whose hashes are those of their texts", async () => {
    for (const t of SEEDED_TEMPLATES) expect(sha256Hex(t.text)).toBe(t.sha256);
    const { b } = await clinicWithDraft();
    const templates = await b.listConsentTemplates();
    expect(templates.map((t) => [t.kind, t.title, t.current.version, t.current.title])).toEqual([
      ["treatment", "Microneedling treatment consent", 1, "Consent to microneedling treatment"],
      ["photo", "Photo consent", 1, "Consent to clinical photographs"],
    ]);
    expect(templates[0].current.text).toContain("I consent to microneedling treatment as discussed with my practitioner.");
    expect(templates[1].current.text).toContain("the clinic's own publicity");
  });

  it("records a drawn consent on the text shown, witnessed by the signed-in user, and holds it in force", async () => {
    const { b, patient } = await clinicWithDraft();
    expect(await b.getConsentStatus(patient.id)).toEqual({ treatment: null, photo_scopes: [] });
    const c = await b.recordConsent(await consentInput(b, patient.id, "treatment", { signer_name: "  Florence N.  " }));
    expect(c).toMatchObject({
      kind: "treatment", template_version: 1, template_title: "Consent to microneedling treatment", scopes: [],
      signer_name: "Florence N.", method: "drawn", signed_at: "2026-11-20T10:00:00.000Z",
      witness_name: "Dr Ana Silva, MD", has_signature: true, has_scan: false, revoked: null,
    });
    expect(c.text_sha256).toBe(SEEDED_TEMPLATES[0].sha256);
    expect((await b.getConsentStatus(patient.id)).treatment?.id).toBe(c.id);
    expect(await b.listPatientConsents(patient.id)).toEqual([c]);

    const doc = await b.getConsentDocument(c.id);
    expect(doc.text).toBe(SEEDED_TEMPLATES[0].text);
    expect(doc.signature_png).toEqual(signaturePng());
    expect(doc.scan).toBeNull();
  });

  it("refuses a text that is not the current version's as it was shown", async () => {
    const { b, patient } = await clinicWithDraft();
    const input = await consentInput(b, patient.id, "treatment");
    const stale = { code: "Conflict", message: "The consent text changed while it was open; read it again.", fields: [] };
    expect(await refusal(b.recordConsent({ ...input, text_sha256: "0".repeat(64) }))).toEqual(stale);
    const t = (await b.listConsentTemplates())[0];
    await b.saveConsentTemplate({ template_id: t.id, title: t.current.title, text: `${t.current.text}\n\nOne more line.` });
    expect(await refusal(b.recordConsent(input))).toEqual(stale);
    expect(await b.listPatientConsents(patient.id)).toEqual([]);
  });

  it("needs ink on a drawn signature, and a scan of a paper one", async () => {
    const { b, patient } = await clinicWithDraft();
    expect(await inkedPixels(signaturePng(false))).toBe(0);
    expect(await inkedPixels(signaturePng())).toBe(50);
    // Compressed and filtered as a canvas writes it: a white page with a short dark mark five rows
    // high (one row per filter), or none; counted up to the 50 a signature needs.
    const page = (ink: number) => filteredPng(60, 20, (x, y) => (y >= 8 && y < 13 && x >= 10 && x < 10 + ink
      ? [20, 20, 40, 255] : [255, 255, 255, 255]));
    expect(await inkedPixels(await page(0))).toBe(0);
    expect(await inkedPixels(await page(6))).toBe(30);
    expect(await inkedPixels(await page(9))).toBe(45);
    expect(await inkedPixels(await page(20))).toBe(50);
    const blank = await consentInput(b, patient.id, "treatment", { signature_png: signaturePng(false) });
    expect(await refusal(b.recordConsent(blank))).toEqual(
      invalid("signature_png", "The signature is empty: please sign in the box."));
    const none = await consentInput(b, patient.id, "treatment", { signature_png: null });
    expect(await refusal(b.recordConsent(none))).toEqual(invalid("signature_png", "Please sign in the box."));
    const jpeg = await consentInput(b, patient.id, "treatment", { signature_png: new Uint8Array([0xff, 0xd8, 0xff, 0xe0]) });
    expect(await refusal(b.recordConsent(jpeg))).toEqual(invalid("signature_png", "The signature must be a PNG image."));

    const paper = (scan: Uint8Array | null) =>
      consentInput(b, patient.id, "treatment", { method: "paper", signature_png: null, scan });
    expect(await refusal(b.recordConsent(await paper(null)))).toEqual(
      invalid("scan", "Attach a scan of the signed paper consent."));
    expect(await refusal(b.recordConsent(await paper(new Uint8Array([37, 80, 68, 70]))))).toEqual(
      invalid("scan", "The scan must be a JPEG, PNG or WebP image."));
    const c = await b.recordConsent(await paper(pngBytes(40, 60)));
    expect(c).toMatchObject({ method: "paper", has_signature: false, has_scan: true, scan_media_type: "image/png" });
    expect((await b.getConsentDocument(c.id)).scan).toEqual(pngBytes(40, 60));
    // A paper consent with a drawn signature as well is refused.
    const both = await consentInput(b, patient.id, "treatment", { method: "paper", scan: pngBytes(4, 4) });
    expect(await refusal(b.recordConsent(both))).toEqual(
      invalid("signature_png", "A paper consent has its signature on the scan."));
  });

  it("always includes the clinical record in a photo consent, and no photo use in a treatment one", async () => {
    const { b, patient } = await clinicWithDraft();
    const photo = await consentInput(b, patient.id, "photo", { scopes: ["teaching"] });
    expect(await refusal(b.recordConsent(photo))).toEqual(
      invalid("scopes", "A photo consent always includes use in the clinical record."));
    const treatment = await consentInput(b, patient.id, "treatment", { scopes: ["clinical_record"] });
    expect(await refusal(b.recordConsent(treatment))).toEqual(invalid("scopes", "A treatment consent has no photo uses."));
    const c = await b.recordConsent({ ...photo, scopes: ["marketing", "clinical_record", "marketing"] });
    expect(c.scopes).toEqual(["clinical_record", "marketing"]);
    expect(await b.getConsentStatus(patient.id)).toEqual({ treatment: null, photo_scopes: ["clinical_record", "marketing"] });
  });

  it("revokes a consent once, from a day between its signing and today, and status follows", async () => {
    const { b, patient } = await clinicWithDraft();
    const c = await b.recordConsent(await consentInput(b, patient.id, "treatment"));
    const revoke = (reason: string, effective_on: string) => b.revokeConsent({ consent_id: c.id, reason, effective_on });
    expect(await refusal(revoke("  ", "2026-11-20"))).toEqual(invalid("reason", "Say why the consent is revoked."));
    expect(await refusal(revoke("Changed her mind", "2026-11-19"))).toEqual(
      invalid("effective_on", "A consent cannot be revoked from before the day it was signed."));
    expect(await refusal(revoke("Changed her mind", "2026-11-21"))).toEqual(
      invalid("effective_on", "The revocation date cannot be in the future."));
    expect((await b.getConsentStatus(patient.id)).treatment?.id).toBe(c.id);

    const revoked = await revoke(" Changed her mind ", "2026-11-20");
    expect(revoked.revoked).toEqual({
      revoked_at: "2026-11-20T10:00:00.000Z", effective_on: "2026-11-20", revoked_by: expect.any(String),
      reason: "Changed her mind",
    });
    expect(await b.getConsentStatus(patient.id)).toEqual({ treatment: null, photo_scopes: [] });
    expect(await refusal(revoke("Again", "2026-11-20"))).toEqual(
      { code: "Conflict", message: "This consent is already revoked.", fields: [] });
    // Kept on record, revoked.
    expect(await b.listPatientConsents(patient.id)).toEqual([revoked]);
  });

  it("saves a template edit as the next version; an identical one is refused, and only admins edit", async () => {
    const { b } = await clinicWithDraft();
    const [t] = await b.listConsentTemplates();
    expect(await refusal(b.saveConsentTemplate({ template_id: t.id, title: t.current.title, text: `${t.current.text}\r\n` })))
      .toEqual({ code: "Conflict", message: "This is the same as version 1: there is nothing new to save.", fields: [] });
    expect(await refusal(b.saveConsentTemplate({ template_id: t.id, title: " ", text: "Too short." }))).toEqual({
      code: "Invalid", message: "Some fields need attention.",
      fields: [
        { field: "title", message: "Title is required." },
        { field: "text", message: "The consent text needs at least 20 characters." },
      ],
    });
    const text = "I agree to microneedling.\r\nI have read the leaflet.";
    const saved = await b.saveConsentTemplate({ template_id: t.id, title: "Microneedling consent", text });
    expect(saved.current).toMatchObject({
      version: 2, title: "Microneedling consent", text: "I agree to microneedling.\nI have read the leaflet.",
      text_sha256: sha256Hex("I agree to microneedling.\nI have read the leaflet."),
    });
    expect(saved.history.map((v) => v.version)).toEqual([1]);
    expect(saved.title).toBe("Microneedling treatment consent");

    await signInAs(b, "nurse", ["aesthetician"]);
    expect(await refusal(b.saveConsentTemplate({ template_id: t.id, title: "X", text: "x".repeat(30) })))
      .toMatchObject({ code: "Forbidden" });
  });

  it("exports a photo for teaching or marketing only while a photo consent allows it (admins)", async () => {
    const { b, patient, draft } = await clinicWithDraft();
    const photo = await b.addPhoto({ session_id: draft.id, area_id: null, phase: "before", view: "frontal" }, "a.png",
      pngBytes(8, 6));
    expect(await b.exportPhoto(patient.id, photo.id, "clinical_record")).toEqual({
      path: expect.stringMatching(/dermalog-photo-.*-clinical_record\.png$/), rows: 1,
    });
    const noTeaching = invalid("purpose",
      "This patient has no photo consent for teaching in force. Record a photo consent that includes teaching "
      + "before exporting photos for it.");
    expect(await refusal(b.exportPhoto(patient.id, photo.id, "teaching"))).toEqual(noTeaching);

    const c = await b.recordConsent(await consentInput(b, patient.id, "photo", { scopes: ["clinical_record", "teaching"] }));
    expect(await b.exportPhoto(patient.id, photo.id, "teaching")).toMatchObject({ rows: 1 });
    expect(await refusal(b.exportPhoto(patient.id, photo.id, "marketing"))).toMatchObject({
      fields: [{ field: "purpose", message: expect.stringContaining("no photo consent for marketing") }],
    });
    await b.revokeConsent({ consent_id: c.id, reason: "No teaching after all", effective_on: "2026-11-20" });
    expect(await refusal(b.exportPhoto(patient.id, photo.id, "teaching"))).toEqual(noTeaching);

    await signInAs(b, "nurse", ["aesthetician"]);
    expect(await refusal(b.exportPhoto(patient.id, photo.id, "clinical_record"))).toMatchObject({ code: "Forbidden" });
  });

  it("lets clinicians and aestheticians record, and anyone signed in read", async () => {
    const { b, patient } = await clinicWithDraft();
    const input = await consentInput(b, patient.id, "treatment");
    await signInAs(b, "office", ["admin"]);
    expect(await refusal(b.recordConsent(input))).toMatchObject({ code: "Forbidden" });
    expect(await b.listPatientConsents(patient.id)).toEqual([]);
    await signInAs(b, "nurse", ["aesthetician"]);
    expect(await b.recordConsent(input)).toMatchObject({ witness_name: "nurse" });
  });
});
