// The in-memory backend's clinical photos, after the core (src-tauri/core/src/photos): any
// signed-in user lists and views a patient's photos; clinicians and aestheticians add them (the
// file dialog, or a dropped file's bytes) to a draft session of an active patient, and remove
// them. A file that is not a JPEG, PNG or WebP is refused on its own (an error on `file`) while
// the others are added; the same picture added to a session again returns the photo already
// there. A removed photo is kept, marked removed; on a signed session the removal needs a
// reason and is audited as an addendum. What the session recorded for the photo's area (depth,
// device, serums) and the session's start and status are read at each call. Same codes, field
// paths and sentences. The memory backend keeps the file as given (the core writes it again
// without metadata) and one copy of it: the thumbnail is the full image.
import { v7 as uuidv7 } from "uuid";
import type { Action } from "../../bindings/Action";
import type { ApiError } from "../../bindings/ApiError";
import type { Patient } from "../../bindings/Patient";
import type { Photo } from "../../bindings/Photo";
import type { PhotoAdded } from "../../bindings/PhotoAdded";
import type { PhotoInput } from "../../bindings/PhotoInput";
import type { PhotoPhase } from "../../bindings/PhotoPhase";
import type { PhotoView } from "../../bindings/PhotoView";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { Session } from "../../bindings/Session";
import type { User } from "../../bindings/User";
import type { Backend } from "./backend";
import type { Need } from "./memory-accounts";
import type { AuditExtra } from "./memory-audit";
import { fakeSha256, placeholderSvg, pngBytes, sniffImage } from "./memory-photo-bytes";
import { fail } from "./memory-fail";

export interface PhotoMemoryOptions {
  /**
   * What the photo file dialog answers with, read at each call (so a test can change it):
   * the files chosen, or `[]` for a cancelled dialog. Default: two small PNGs.
   */
  photoFiles?: { name: string; bytes: Uint8Array }[];
}

/** What the photo calls need from the rest of the memory backend. */
export interface PhotoContext {
  run: <T>(body: () => T, need?: Need) => Promise<T>;
  log: (action: Action, entity: string, id: string | null, extra?: AuditExtra) => void;
  now: () => Date;
  patients: Map<string, Patient>;
  sessions: Map<string, Session>;
  reference: ReferenceData;
  user: () => User;
}

type PhotoCalls = Pick<Backend, "listPhotos" | "choosePhotos" | "addPhoto" | "getPhoto" | "removePhoto">;

/** A photo as stored: what is read from its session is added at each call. */
type Stored = Omit<Photo, "session_started_at" | "session_status" | "area_name" | "depth_mm" | "device_kind" | "serums">;

export const PHASES: PhotoPhase[] = ["baseline", "before", "after", "follow_up"];
export const VIEWS: PhotoView[] = ["frontal", "oblique_left", "oblique_right", "lateral_left", "lateral_right", "close_up"];
export const MAX_PHOTO_BYTES = 40 * 1024 * 1024;
const MAX_SIDE = 12_000;
const MAX_PIXELS = 64_000_000;
const REASON_MAX = 500;
const WRITERS: Need = ["clinician", "aesthetician"];

const invalid = (field: string, message: string) => fail("Invalid", "Some fields need attention.", [{ field, message }]);

export class PhotoStore {
  readonly photos = new Map<string, Stored>();
  readonly images = new Map<string, Uint8Array>();
}

export function photoCalls(ctx: PhotoContext, store: PhotoStore, opts: PhotoMemoryOptions = {}): PhotoCalls {
  const { run, log } = ctx;
  const session = (id: string) => {
    const s = ctx.sessions.get(id);
    if (!s) throw fail("NotFound", "That session could not be found.");
    return s;
  };
  const show = (p: Stored): Photo => expand(p, session(p.session_id), ctx.reference);
  const find = (id: string) => {
    const p = store.photos.get(id);
    if (!p) throw fail("NotFound", "That photo could not be found.");
    return p;
  };
  /** The session, when photos may be added to it. */
  const check = (input: PhotoInput) => {
    if (!PHASES.includes(input.phase) || !VIEWS.includes(input.view)) {
      throw fail("BadRequest", "The app sent a photo in an unexpected shape. Nothing was saved.");
    }
    const s = session(input.session_id);
    if (s.status === "signed") throw fail("Locked", "This session is signed and can no longer be changed.");
    if (ctx.patients.get(s.patient_id)?.archived) {
      throw invalid("patient_id", "This patient is archived. Restore the patient before adding photos.");
    }
    if (input.area_id !== null && !ctx.reference.areas.some((a) => a.id === input.area_id)) {
      throw invalid("area_id", "Choose an area of the clinic's list.");
    }
    return s;
  };
  const add = (input: PhotoInput, bytes: Uint8Array): Photo => {
    const s = check(input);
    if (bytes.length === 0) throw invalid("file", "This file is empty.");
    if (bytes.length > MAX_PHOTO_BYTES) {
      throw invalid("file", "This file is larger than 40 MB; photos up to that size are accepted.");
    }
    const info = sniffImage(bytes);
    if (!info) throw invalid("file", "This file is not a JPEG, PNG or WebP image.");
    if (Math.max(info.width, info.height) > MAX_SIDE || info.width * info.height > MAX_PIXELS) {
      throw invalid("file", "This image is too large: at most 12000 pixels a side and 64 megapixels are accepted.");
    }
    const sha256 = fakeSha256(bytes);
    const again = [...store.photos.values()].find((p) => p.session_id === s.id && p.sha256 === sha256 && !p.removal);
    if (again) {
      log("create", "photo", again.id, { patient: s.patient_id, reason: "retry: already in this session" });
      return show(again);
    }
    const stored: Stored = {
      id: uuidv7(), patient_id: s.patient_id, session_id: s.id, area_id: input.area_id, phase: input.phase,
      view: input.view, width: info.width, height: info.height, bytes: bytes.length, media_type: info.media_type,
      sha256, added_at: ctx.now().toISOString(), added_by_name: ctx.user().display_name, removal: null,
    };
    store.photos.set(stored.id, stored);
    store.images.set(stored.id, bytes.slice());
    // The file's name is never stored or logged.
    log("create", "photo", stored.id, {
      patient: s.patient_id,
      new: { session_id: s.id, area_id: input.area_id, phase: input.phase, view: input.view, sha256 },
    });
    return show(stored);
  };

  return {
    listPhotos: (patientId) =>
      run(() => {
        return [...store.photos.values()].filter((p) => p.patient_id === patientId).map(show).sort(newestSessionFirst());
      }),
    choosePhotos: (input) =>
      run(() => {
        // As in the app, the session is checked with each file, after the dialog.
        const files = opts.photoFiles ?? [
          { name: "IMG_0001.png", bytes: pngBytes(160, 120) }, { name: "IMG_0002.png", bytes: pngBytes(160, 120, [150, 170, 190]) },
        ];
        return files.map(({ name, bytes }): PhotoAdded => {
          try {
            return { name, photo: add(input, bytes), error: null };
          } catch (e) {
            return { name, photo: null, error: e as ApiError };
          }
        });
      }, WRITERS),
    addPhoto: (input, _name, bytes) => run(() => add(input, bytes), WRITERS),
    getPhoto: async (patientId, photoId) => {
      await run(() => {
        if (find(photoId).patient_id !== patientId) throw fail("NotFound", "That photo could not be found.");
        return null;
      });
      return store.images.get(photoId)!.slice();
    },
    removePhoto: (input) =>
      run(() => {
        const reason = input.reason.trim();
        if ([...reason].length > REASON_MAX) throw invalid("reason", "Keep the reason under 500 characters.");
        const p = find(input.photo_id);
        if (p.removal) throw fail("Conflict", "This photo has already been removed.");
        const signed = session(p.session_id).status === "signed";
        if (signed && !reason) {
          throw invalid("reason", "This session is signed: give a reason. The photo stays in the record, marked removed.");
        }
        p.removal = {
          removed_at: ctx.now().toISOString(), removed_by_name: ctx.user().signature_name, reason, after_signing: signed,
        };
        // The reason is free text and may name the patient: the audit row keeps only ids.
        log(signed ? "addendum" : "archive", "photo", p.id, {
          patient: p.patient_id, new: { session_id: p.session_id, after_signing: signed },
        });
        return show(p);
      }, WRITERS),
  };
}

/** The photo with what its session recorded for its area. */
function expand(p: Stored, s: Session, reference: ReferenceData): Photo {
  const treated = p.area_id ? s.areas.find((a) => a.area_id === p.area_id) : undefined;
  const serums = s.products
    .filter((x) => x.role === "serum" && (p.area_id === null || x.area_id === null || x.area_id === p.area_id))
    .map((x) => (x.lot ? `${x.name} (lot ${x.lot})` : x.name));
  return {
    ...p, session_started_at: s.started_at, session_status: s.status,
    area_name: p.area_id ? (reference.areas.find((a) => a.id === p.area_id)?.name ?? null) : null,
    depth_mm: treated?.needle_depth_mm ?? null, device_kind: treated?.device_kind ?? null, serums,
  };
}

/** Newest session first; within a session, in the order they were added (ids are UUIDv7). */
function newestSessionFirst() {
  const at = (p: Photo) => new Date(p.session_started_at).getTime();
  return (a: Photo, b: Photo) => at(b) - at(a) || a.session_id.localeCompare(b.session_id) || a.id.localeCompare(b.id);
}

/**
 * Demo photos (`?demo`) for one patient across three of their sessions, oldest first: baseline
 * photos, then before and after, then a last visit with a removed, retaken photo.
 */
export function seedDemoPhotos(store: PhotoStore, ctx: PhotoContext, patientId: string): void {
  const own = [...ctx.sessions.values()].filter((s) => s.patient_id === patientId)
    .sort((a, b) => a.started_at.localeCompare(b.started_at));
  if (own.length < 3) return;
  const picked = [own[0], own[Math.floor(own.length / 2)], own[own.length - 1]];
  const areaId = (code: string) => ctx.reference.areas.find((a) => a.code === code)?.id ?? null;
  const plan: [number, PhotoPhase, PhotoView, string | null][] = [
    [0, "baseline", "frontal", "full_face"], [0, "baseline", "oblique_left", "full_face"],
    [0, "baseline", "oblique_right", "full_face"], [0, "baseline", "close_up", "cheek_left"],
    [1, "before", "frontal", "full_face"], [1, "after", "frontal", "full_face"], [1, "before", "close_up", "cheek_left"],
    [2, "before", "frontal", "full_face"], [2, "before", "frontal", "full_face"], [2, "before", "oblique_left", "full_face"],
    [2, "follow_up", "close_up", "cheek_left"], [2, "before", "lateral_right", null],
  ];
  let n = 0;
  for (const [k, phase, view, code] of plan) {
    const s = picked[k];
    const bytes = placeholderSvg(view, 18 - k * 6, `${s.started_at.slice(0, 10)} · ${phase} · ${view}`);
    const id = `0190a000-0000-7000-9a00-${String(++n).padStart(12, "0")}`;
    const added = new Date(new Date(s.started_at).getTime() + (phase === "after" ? 40 : 2) * 60_000 + n * 1000);
    store.photos.set(id, {
      id, patient_id: patientId, session_id: s.id, area_id: code ? areaId(code) : null, phase, view,
      width: 1200, height: 900, bytes: bytes.length, media_type: "image/svg+xml", sha256: fakeSha256(bytes),
      added_at: added.toISOString(), added_by_name: s.clinician_name,
      removal: k === 2 && n === 8
        ? { removed_at: added.toISOString(), removed_by_name: s.clinician_name, reason: "Blurred; retaken.",
          after_signing: s.status === "signed" }
        : null,
    });
    store.images.set(id, bytes);
  }
}
