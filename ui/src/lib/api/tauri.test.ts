// The three Backend implementations stay in step: the Tauri commands, the API the components
// call (which watches replies for the lock), and the memory backend offer the same methods;
// and the encryption, import, export, photo and consent commands send the names and arguments the
// Rust commands take (a photo's bytes as the raw body, a consent's pictures as byte arrays);
// import progress is the "import-progress" event.
import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
const listen = vi.fn();
vi.mock("@tauri-apps/api/event", () => ({ listen: (...args: unknown[]) => listen(...args) }));

const { tauriBackend } = await import("./tauri");
const { api } = await import("./index");
const { createMemoryBackend } = await import("./memory");

describe("backends", () => {
  beforeEach(() => {
    invoke.mockReset();
    listen.mockReset();
  });

  it("offer the same methods", () => {
    const names = (o: object) => Object.keys(o).sort();
    const memoryOnly = ["restart"];
    expect(names(api)).toEqual(names(tauriBackend));
    expect(names(createMemoryBackend()).filter((n) => !memoryOnly.includes(n))).toEqual(names(tauriBackend));
  });

  it("call the encryption commands with their arguments", async () => {
    invoke.mockResolvedValue(null);
    await tauriBackend.unlockWithRecoveryKey("7KQ2-M9XD");
    await tauriBackend.takeRecoveryKey();
    await tauriBackend.newRecoveryKey("secret");
    await tauriBackend.getEncryptionStatus();
    expect(invoke.mock.calls).toEqual([
      ["unlock_with_recovery_key", { recoveryKey: "7KQ2-M9XD" }],
      ["take_recovery_key", undefined],
      ["new_recovery_key", { password: "secret" }],
      ["get_encryption_status", undefined],
    ]);
  });

  it("call the import and export commands with their arguments", async () => {
    invoke.mockResolvedValue(null);
    const options = { encoding: "auto", delimiter: "semicolon", date_order: "day_first", utc_offset_minutes: 60 } as const;
    const mapping = { columns: [{ header: "Surname", field: "family_name" }] };
    await tauriBackend.importColumns("patients");
    await tauriBackend.chooseImportFile("sessions", options);
    await tauriBackend.previewImport("patients", options, mapping);
    await tauriBackend.forgetImportFile("sessions");
    await tauriBackend.checkImport(options);
    await tauriBackend.runImport(options);
    await tauriBackend.listImportBatches();
    await tauriBackend.exportRecords("session_areas");
    await tauriBackend.exportFhir(null);
    await tauriBackend.exportFhir("p1");
    await tauriBackend.exportPatientPacket("p1");
    expect(invoke.mock.calls).toEqual([
      ["import_columns", { kind: "patients" }],
      ["choose_import_file", { kind: "sessions", options }],
      ["preview_import", { kind: "patients", options, mapping }],
      ["forget_import_file", { kind: "sessions" }],
      ["check_import", { options }],
      ["run_import", { options }],
      ["list_import_batches", undefined],
      ["export_records", { kind: "session_areas" }],
      ["export_fhir", { patientId: null }],
      ["export_fhir", { patientId: "p1" }],
      ["export_patient_packet", { patientId: "p1" }],
    ]);
  });

  it("call the photo commands: arguments as named, a photo's bytes as the raw body and back", async () => {
    const input = { session_id: "s1", area_id: null, phase: "before", view: "frontal" } as const;
    invoke.mockResolvedValue([]);
    await tauriBackend.listPhotos("p1");
    await tauriBackend.choosePhotos(input);
    await tauriBackend.removePhoto({ photo_id: "f1", reason: "Blurred" });
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    await tauriBackend.addPhoto({ ...input, area_id: "a1" }, "Jos\u00e9 cheek.png", bytes);
    invoke.mockResolvedValueOnce(new Uint8Array([1, 2, 3]).buffer);
    const got = await tauriBackend.getPhoto("p1", "f1", "thumb");
    expect(got).toBeInstanceOf(Uint8Array);
    expect([...got]).toEqual([1, 2, 3]);
    expect(invoke.mock.calls).toEqual([
      ["list_photos", { patientId: "p1" }],
      ["choose_photos", { input }],
      ["remove_photo", { input: { photo_id: "f1", reason: "Blurred" } }],
      ["add_photo", bytes, { headers: { "dermalog-photo": expect.any(String) } }],
      ["get_photo", { patientId: "p1", photoId: "f1", size: "thumb" }],
    ]);
    // The header is plain ASCII and reads back as the input and the file's name.
    const header = (invoke.mock.calls[3][2] as { headers: Record<string, string> }).headers["dermalog-photo"];
    expect(header).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(header)).toEqual({ ...input, area_id: "a1", name: "Jos\u00e9 cheek.png" });
  });

  it("call the consent commands and the photo export with their arguments", async () => {
    invoke.mockResolvedValue(null);
    const input = {
      patient_id: "p1", template_version_id: "v1", text_sha256: "a".repeat(64), scopes: ["clinical_record", "teaching"],
      signer_name: "Z\u00f6e Seacole", signer_relation: "guardian", method: "drawn", scan: null,
    } as const;
    const signature = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const template = { template_id: "t1", title: "Consent", text: "The full text of the consent." };
    const revoke = { consent_id: "c1", reason: "Changed her mind", effective_on: "2026-11-20" };
    await tauriBackend.listConsentTemplates();
    await tauriBackend.saveConsentTemplate(template);
    await tauriBackend.listPatientConsents("p1");
    await tauriBackend.getConsentStatus("p1");
    await tauriBackend.recordConsent({ ...input, scopes: [...input.scopes], signature_png: signature });
    await tauriBackend.revokeConsent(revoke);
    await tauriBackend.exportPhoto("p1", "f1", "teaching");
    expect(invoke.mock.calls).toEqual([
      ["list_consent_templates", undefined],
      ["save_consent_template", { input: template }],
      ["list_patient_consents", { patientId: "p1" }],
      ["get_consent_status", { patientId: "p1" }],
      ["record_consent", signature, { headers: { "dermalog-consent": expect.any(String) } }],
      ["revoke_consent", { input: revoke }],
      ["export_photo", { patientId: "p1", photoId: "f1", purpose: "teaching" }],
    ]);
    // The picture is the raw body, not a JSON array; the header is plain ASCII and reads back
    // as the rest of the input.
    const header = (invoke.mock.calls[4][2] as { headers: Record<string, string> }).headers["dermalog-consent"];
    expect(header).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(header)).toEqual({ ...input, signature_png: null, scan: null });
  });

  it("get a consent record's JSON and its picture as raw bytes, put where the record has it", async () => {
    const paper = { id: "c1", method: "paper", scan_media_type: "image/jpeg" };
    invoke.mockImplementation(async (cmd: string) =>
      cmd === "get_consent_document" ? { consent: paper, text: "The text." } : new Uint8Array([0xff, 0xd8]).buffer);
    const doc = await tauriBackend.getConsentDocument("c1");
    expect(invoke.mock.calls).toEqual([
      ["get_consent_document", { consentId: "c1" }],
      ["get_consent_picture", { consentId: "c1" }],
    ]);
    expect(doc.signature_png).toBeNull();
    expect(doc.scan).toEqual(new Uint8Array([0xff, 0xd8]));
    expect(doc.text).toBe("The text.");
  });

  it("reject a failed photo upload with its ApiError", async () => {
    const refused = { code: "Invalid", message: "This file is not a readable JPEG, PNG or WebP image.", fields: [] };
    invoke.mockRejectedValue(refused);
    const input = { session_id: "s1", area_id: null, phase: "after", view: "close_up" } as const;
    const got = await tauriBackend.addPhoto(input, "x.txt", new Uint8Array([1])).then(() => null, (e: unknown) => e);
    expect(got).toEqual(refused);
    invoke.mockRejectedValue("the shell said no");
    const raw = await tauriBackend.getPhoto("p1", "f1", "full").then(() => null, (e: unknown) => e);
    expect(raw).toEqual({ code: "Internal", message: "the shell said no", fields: [] });
  });

  it("subscribe to the import-progress event and hand over each payload", async () => {
    const unlisten = vi.fn();
    listen.mockResolvedValue(unlisten);
    const seen: unknown[] = [];
    const stop = await tauriBackend.onImportProgress((p) => seen.push(p));
    expect(listen).toHaveBeenCalledTimes(1);
    const [event, handler] = listen.mock.calls[0] as [string, (e: { payload: unknown }) => void];
    expect(event).toBe("import-progress");
    handler({ payload: { phase: "checking", done: 3, total: 10 } });
    expect(seen).toEqual([{ phase: "checking", done: 3, total: 10 }]);
    stop();
    expect(unlisten).toHaveBeenCalledTimes(1);
    expect(invoke).not.toHaveBeenCalled();
  });

  it("reject with the command's ApiError as it came", async () => {
    const refused = { code: "Invalid", message: "Some fields need attention.", fields: [{ field: "recovery_key", message: "x" }] };
    invoke.mockRejectedValue(refused);
    const got = await tauriBackend.unlockWithRecoveryKey("x").then(() => null, (e: unknown) => e);
    expect(got).toEqual(refused);
  });
});
