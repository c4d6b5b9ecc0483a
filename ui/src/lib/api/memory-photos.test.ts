// The memory backend's photos, as the core has them: adding (dialog and bytes) to a draft,
// what each photo carries from its session, removing (kept, marked; the reason a signed
// session needs), the roles, and the demo gallery.
import { describe, expect, it } from "vitest";
import { clinicWithDraft, draftInput, PASSWORD, signInAs } from "../signing-fixtures";
import type { PhotoInput } from "../../bindings/PhotoInput";
import { isApiError } from "./backend";
import { createMemoryBackend } from "./memory";
import { pngBytes, sniffImage } from "./memory-photo-bytes";
import { seedId } from "./memory-seed";

const CHEEK_LEFT = seedId(1, 4);
const input = (session_id: string, fields: Partial<PhotoInput> = {}): PhotoInput =>
  ({ session_id, area_id: CHEEK_LEFT, phase: "before", view: "frontal", ...fields });
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

describe("memory photos", () => {
  it("adds a dropped file's bytes and lists it with what the session recorded for the area", async () => {
    const { b, patient, draft } = await clinicWithDraft();
    await b.saveSession({
      ...draftInput(patient.id, { id: draft.id }),
      products: [
        { id: null, product_id: null, name: "Hyaluronic acid 1%", role: "serum", lot: "HA-2291", expiry_on: null, amount: null, area_id: null },
        { id: null, product_id: null, name: "Numbing cream", role: "anaesthetic", lot: null, expiry_on: null, amount: null, area_id: null },
      ],
    });
    const added = await b.addPhoto(input(draft.id), "cheek.png", pngBytes(40, 30));
    expect(added).toMatchObject({
      patient_id: patient.id, session_id: draft.id, session_started_at: draft.started_at, session_status: "draft",
      area_id: CHEEK_LEFT, area_name: "Cheek, left", phase: "before", view: "frontal", width: 40, height: 30,
      media_type: "image/png", depth_mm: 1.5, device_kind: "derma_pen", serums: ["Hyaluronic acid 1% (lot HA-2291)"],
      added_by_name: "Dr Ana Silva", removal: null,
    });
    expect(added.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await b.listPhotos(patient.id)).toEqual([added]);
    const bytes = await b.getPhoto(patient.id, added.id, "thumb");
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(sniffImage(bytes)).toEqual({ media_type: "image/png", width: 40, height: 30 });
    // No area: no depth; an area not treated in the session: no depth either.
    const whole = await b.addPhoto(input(draft.id, { area_id: null }), "face.png", pngBytes(4, 4));
    expect(whole).toMatchObject({ area_name: null, depth_mm: null, device_kind: null });
    const jaw = await b.addPhoto(input(draft.id, { area_id: seedId(1, 8) }), "jaw.png", pngBytes(5, 4));
    expect(jaw).toMatchObject({ area_name: "Jawline", depth_mm: null });
  });

  it("adds each chosen file on its own: a file that is not an image fails alone", async () => {
    const photoFiles = [
      { name: "a.png", bytes: pngBytes(8, 6) },
      { name: "notes.txt", bytes: new TextEncoder().encode("not an image") },
      { name: "b.jpg", bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 20, 0, 30, 3, 0, 0]) },
    ];
    const { b, patient, draft } = await clinicWithDraft({ photoFiles });
    const out = await b.choosePhotos(input(draft.id, { phase: "baseline" }));
    expect(out.map((r) => [r.name, r.photo?.media_type ?? null])).toEqual([
      ["a.png", "image/png"], ["notes.txt", null], ["b.jpg", "image/jpeg"],
    ]);
    expect(out[1].error).toEqual({
      code: "Invalid", message: "Some fields need attention.",
      fields: [{ field: "file", message: "This file is not a JPEG, PNG or WebP image." }],
    });
    expect(out[2].photo).toMatchObject({ width: 30, height: 20 });
    expect(await b.listPhotos(patient.id)).toHaveLength(2);
    photoFiles.splice(0); // the dialog is cancelled
    expect(await b.choosePhotos(input(draft.id))).toEqual([]);
  });

  it("adds only to a draft of an active patient, in a known area; the same picture again is the same photo", async () => {
    const { b, patient, draft } = await clinicWithDraft();
    expect(await refusal(b.addPhoto(input("nope"), "a.png", pngBytes(2, 2)))).toMatchObject({ code: "NotFound" });
    const bad = await refusal(b.addPhoto(input(draft.id, { area_id: "nope" }), "a.png", pngBytes(2, 2)));
    expect(bad).toMatchObject({ code: "Invalid", fields: [{ field: "area_id", message: "Choose an area of the clinic's list." }] });
    expect(await refusal(b.addPhoto(input(draft.id), "empty.png", new Uint8Array()))).toMatchObject({
      fields: [{ field: "file", message: "This file is empty." }],
    });
    const first = await b.addPhoto(input(draft.id), "a.png", pngBytes(3, 3));
    expect((await b.addPhoto(input(draft.id), "copy of a.png", pngBytes(3, 3))).id).toBe(first.id);
    expect(await b.listPhotos(patient.id)).toHaveLength(1);

    await b.signSession({ session_id: draft.id, meaning: "author", password: PASSWORD });
    expect(await refusal(b.addPhoto(input(draft.id), "b.png", pngBytes(4, 4)))).toEqual({
      code: "Locked", message: "This session is signed and can no longer be changed.", fields: [],
    });
    const other = await b.saveSession(draftInput(patient.id));
    await b.archivePatient(patient.id);
    expect(await refusal(b.addPhoto(input(other.id), "b.png", pngBytes(4, 4)))).toMatchObject({
      code: "Invalid", fields: [{ field: "patient_id" }],
    });
  });

  it("keeps a removed photo, marked; a draft's reason may be empty", async () => {
    const { b, patient, draft } = await clinicWithDraft();
    const p = await b.addPhoto(input(draft.id), "a.png", pngBytes(2, 2));
    const removed = await b.removePhoto({ photo_id: p.id, reason: "" });
    expect(removed.removal).toMatchObject({ reason: "", after_signing: false, removed_by_name: "Dr Ana Silva, MD" });
    expect((await b.listPhotos(patient.id))[0].removal).not.toBeNull();
    expect(await refusal(b.removePhoto({ photo_id: p.id, reason: "again" }))).toEqual({
      code: "Conflict", message: "This photo has already been removed.", fields: [],
    });
    expect(await refusal(b.removePhoto({ photo_id: p.id, reason: "x".repeat(501) }))).toMatchObject({
      fields: [{ field: "reason", message: "Keep the reason under 500 characters." }],
    });
  });

  it("needs a reason on a signed session, and audits the removal as an addendum", async () => {
    const { b, patient, draft } = await clinicWithDraft();
    const p = await b.addPhoto(input(draft.id), "a.png", pngBytes(2, 2));
    await b.signSession({ session_id: draft.id, meaning: "author", password: PASSWORD });
    expect((await b.listPhotos(patient.id))[0].session_status).toBe("signed");
    const e = await refusal(b.removePhoto({ photo_id: p.id, reason: "   " }));
    expect(isApiError(e, "Invalid")).toBe(true);
    expect(e).toMatchObject({
      fields: [{ field: "reason", message: "This session is signed: give a reason. The photo stays in the record, marked removed." }],
    });
    const removed = await b.removePhoto({ photo_id: p.id, reason: "Wrong patient in frame" });
    expect(removed.removal).toMatchObject({ reason: "Wrong patient in frame", after_signing: true });
    const audit = await b.listAudit({ patient_id: null, user_id: null, action: null, from: null, to: null, offset: 0, limit: 10 });
    expect(audit[0]).toMatchObject({ action: "addendum", entity: "photo", entity_id: p.id });
    // The reason is free text that may name the patient: the audit row keeps only ids.
    expect(JSON.stringify(audit[0])).not.toContain("Wrong patient");
  });

  it("lets clinicians and aestheticians add and remove; anyone signed in views", async () => {
    const { b, patient, draft } = await clinicWithDraft();
    const p = await b.addPhoto(input(draft.id), "a.png", pngBytes(2, 2));
    await signInAs(b, "office", ["admin"]);
    expect(await b.listPhotos(patient.id)).toHaveLength(1);
    expect(await b.getPhoto(patient.id, p.id, "full")).toHaveLength(pngBytes(2, 2).length);
    expect(await refusal(b.addPhoto(input(draft.id), "c.png", pngBytes(2, 2)))).toMatchObject({ code: "Forbidden" });
    expect(await refusal(b.choosePhotos(input(draft.id)))).toMatchObject({ code: "Forbidden" });
    expect(await refusal(b.removePhoto({ photo_id: p.id, reason: "x" }))).toMatchObject({ code: "Forbidden" });
    // A photo is fetched through its own patient only.
    expect(await refusal(b.getPhoto("someone-else", p.id, "thumb"))).toMatchObject({ code: "NotFound" });
    await signInAs(b, "nurse.ada", ["aesthetician"]);
    const q = await b.addPhoto(input(draft.id), "b.png", pngBytes(2, 2));
    expect((await b.removePhoto({ photo_id: q.id, reason: "" })).removal?.removed_by_name).toBe("nurse.ada");
  });

  it("seeds the demo gallery: one patient, three sessions, newest session first, one removed", async () => {
    const b = createMemoryBackend({ demo: true, now: () => new Date("2026-11-20T10:00:00Z") });
    const amara = (await b.listPatients({ text: "Okafor", include_archived: false, limit: null })).find((p) => p.family_name === "Okafor")!;
    const photos = await b.listPhotos(amara.id);
    expect(new Set(photos.map((p) => p.session_id)).size).toBe(3);
    const starts = photos.map((p) => p.session_started_at);
    expect(starts).toEqual([...starts].sort().reverse());
    expect(photos.filter((p) => p.removal)).toHaveLength(1);
    const svg = new TextDecoder().decode(await b.getPhoto(amara.id, photos[0].id, "thumb"));
    expect(svg).toContain("<svg");
  });
});
