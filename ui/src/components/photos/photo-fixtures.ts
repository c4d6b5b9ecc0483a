// A patient with photos for the photo screens' tests, saved through the memory backend:
//   1 Jun 2026 (signed after its photos): left cheek 1.5 mm with "Hyaluronic acid 1%" lot HA-2291; photos: left
//     cheek baseline frontal, left cheek before oblique left, forehead baseline frontal.
//   1 Aug 2026 (draft): left cheek before frontal, left cheek after frontal.
//   1 Oct 2026 (draft): left cheek follow-up frontal, no area before frontal, and a left cheek
//     close-up removed as "Blurred".
import type { Photo } from "../../bindings/Photo";
import type { PhotoInput } from "../../bindings/PhotoInput";
import type { Session } from "../../bindings/Session";
import { createMemoryBackend, type MemoryOptions } from "../../lib/api/memory";
import { pngBytes } from "../../lib/api/memory-photo-bytes";
import { CHEEK_LEFT, draftInput, FOREHEAD, PASSWORD } from "../../lib/signing-fixtures";
import { addPatient } from "../../testing";

export { CHEEK_LEFT, FOREHEAD };
export const SERUM = "Hyaluronic acid 1% (lot HA-2291)";

const serum = {
  id: null, product_id: null, name: "Hyaluronic acid 1%", role: "serum" as const, lot: "HA-2291", expiry_on: null,
  amount: "2 ml", area_id: null,
};

export async function photoClinic(opts: MemoryOptions = {}) {
  const b = createMemoryBackend({ now: () => new Date("2026-11-20T10:00:00Z"), ...opts });
  const patient = await addPatient(b, { given_name: "Florence", family_name: "Nightingale" });
  const session = (date: string) =>
    b.saveSession(draftInput(patient.id, { started_at: `${date}T09:00:00+01:00`, products: [serum] }));
  const sessions: Session[] = [await session("2026-06-01"), await session("2026-08-01"), await session("2026-10-01")];
  let n = 0;
  // Each a different picture (the same one added to a session again is the same photo).
  const add = (s: Session, fields: Partial<PhotoInput>, name = "photo.png") =>
    b.addPhoto({ session_id: s.id, area_id: CHEEK_LEFT, phase: "before", view: "frontal", ...fields }, name,
      pngBytes(8 + ++n, 6));
  const photos = {
    baseline: await add(sessions[0], { phase: "baseline" }),
    oblique: await add(sessions[0], { view: "oblique_left" }),
    forehead: await add(sessions[0], { area_id: FOREHEAD, phase: "baseline" }),
    augBefore: await add(sessions[1], {}),
    augAfter: await add(sessions[1], { phase: "after" }),
    followUp: await add(sessions[2], { phase: "follow_up" }),
    whole: await add(sessions[2], { area_id: null }),
    removed: await add(sessions[2], { view: "close_up" }),
  } satisfies Record<string, Photo>;
  photos.removed = await b.removePhoto({ photo_id: photos.removed.id, reason: "Blurred" });
  sessions[0] = await b.signSession({ session_id: sessions[0].id, meaning: "author", password: PASSWORD });
  return { b, patient, sessions, photos };
}

/** `n` more photos of the left cheek in the newest session (a long gallery). */
export async function manyPhotos(b: ReturnType<typeof createMemoryBackend>, session: Session, n: number) {
  for (let i = 0; i < n; i++) {
    await b.addPhoto({ session_id: session.id, area_id: CHEEK_LEFT, phase: "follow_up", view: "frontal" },
      `IMG_${i}.png`, pngBytes(2 + (i % 50), 2 + Math.floor(i / 50)));
  }
}
