// Photos on screen: the one place that turns a photo's bytes into an object URL. Photos are
// never written anywhere (no storage, no IndexedDB): the bytes live in a Blob behind the URL
// while it is in use, keyed by photo id and size. Each user acquires the URL and releases it
// when the image leaves the screen; at the last release a full-size image's URL is revoked at
// once, a thumbnail's after the most recent few released (so changing a gallery filter does
// not fetch them again). Fetches queue, six at a time, full-size images first, so a gallery
// of 200 photos never asks for them all at once. Signing out revokes everything.
import { untrack } from "svelte";
import type { Photo } from "../../bindings/Photo";
import type { PhotoSize } from "../../bindings/PhotoSize";
import { api } from "../api";

/** Released thumbnails kept for a quick return; full-size images are never kept. */
export const IDLE_THUMBS = 48;
const MAX_IN_FLIGHT = 6;

interface Entry {
  url: string | null;
  refs: number;
  dead: boolean;
  promise: Promise<string>;
}

const entries = new Map<string, Entry>();
/** Keys of released thumbnails, oldest first. */
const idle: string[] = [];
let inFlight = 0;
const waiting: (() => void)[] = [];

/** Runs `task` when one of the six fetch slots is free; `urgent` ones jump the queue. */
function slot<T>(urgent: boolean, task: () => Promise<T>): Promise<T> {
  const ready = new Promise<void>((resolve) => {
    if (inFlight < MAX_IN_FLIGHT) {
      inFlight++;
      resolve();
    } else if (urgent) waiting.unshift(resolve);
    else waiting.push(resolve);
  });
  return ready.then(task).finally(() => {
    const next = waiting.shift();
    if (next) next();
    else inFlight--;
  });
}

function evict(key: string) {
  const e = entries.get(key);
  if (!e || e.refs > 0) return;
  entries.delete(key);
  e.dead = true;
  if (e.url) URL.revokeObjectURL(e.url);
}

function release(key: string, e: Entry) {
  if (entries.get(key) !== e) return;
  e.refs -= 1;
  if (e.refs > 0) return;
  if (key.endsWith(":thumb") && e.url) {
    idle.push(key);
    while (idle.length > IDLE_THUMBS) evict(idle.shift()!);
  } else {
    evict(key);
  }
}

/**
 * The type of the bytes: a thumbnail is always a JPEG; the full image is the photo's type. (The
 * memory backend's SVG placeholders are their own thumbnails, and need their type to show.)
 */
function mediaType(photo: Photo, size: PhotoSize): string {
  return size === "thumb" && photo.media_type !== "image/svg+xml" ? "image/jpeg" : photo.media_type;
}

export interface PhotoUrlHandle {
  /** The object URL ("" when released before it arrived); rejects with the fetch's error. */
  url: Promise<string>;
  release: () => void;
}

/** The object URL of `photo` at `size`, shared while in use. Call `release` once done. */
export function acquirePhotoUrl(photo: Photo, size: PhotoSize): PhotoUrlHandle {
  const key = `${photo.id}:${size}`;
  let e = entries.get(key);
  if (e) {
    const at = idle.indexOf(key);
    if (at >= 0) idle.splice(at, 1);
  } else {
    const entry: Entry = { url: null, refs: 0, dead: false, promise: Promise.resolve("") };
    entry.promise = slot(size === "full", () =>
      entry.dead ? Promise.resolve(null) : api.getPhoto(photo.patient_id, photo.id, size),
    ).then((bytes) => {
      if (entry.dead || !bytes) return "";
      entry.url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mediaType(photo, size) }));
      return entry.url;
    });
    // A failed fetch is forgotten, so showing the photo again tries again.
    entry.promise.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    entries.set(key, entry);
    e = entry;
  }
  e.refs += 1;
  const held = e;
  let done = false;
  return {
    url: held.promise,
    release: () => {
      if (done) return;
      done = true;
      release(key, held);
    },
  };
}

/** Revokes every photo URL (signing out, tests). */
export function clearPhotoUrls(): void {
  for (const e of entries.values()) {
    e.dead = true;
    if (e.url) URL.revokeObjectURL(e.url);
  }
  entries.clear();
  idle.length = 0;
}

/** How many photo URLs are alive (tests). */
export const livePhotoUrls = () => [...entries.values()].filter((e) => e.url).length;

/**
 * A photo's URL for a component: `want` says which photo at which size (or null, not yet:
 * off screen). The URL is acquired while wanted and released when the photo changes or the
 * component goes; `url` is null until it arrives, `failed` when it could not be fetched.
 */
export class PhotoSource {
  url = $state<string | null>(null);
  failed = $state(false);

  constructor(want: () => { photo: Photo; size: PhotoSize } | null) {
    const key = $derived.by(() => {
      const w = want();
      return w ? `${w.photo.id}:${w.size}` : null;
    });
    $effect(() => {
      if (!key) return;
      const w = untrack(want)!;
      const handle = acquirePhotoUrl(w.photo, w.size);
      let live = true;
      this.failed = false;
      handle.url.then(
        (u) => {
          if (live && u) this.url = u;
        },
        () => {
          if (live) this.failed = true;
        },
      );
      return () => {
        live = false;
        this.url = null;
        handle.release();
      };
    });
  }
}
