// The pictures a consent keeps, checked as the core checks them (src-tauri/core/src/consent/
// images.rs): a drawn signature is a PNG of at most 2 MB and 4000 × 2000 pixels with some ink
// on it (an untouched canvas is refused); a scan is a JPEG, PNG or WebP of at most 10 MB and
// 8000 pixels a side. Counting the ink decodes the PNG, inflating its pixels with the
// platform's DecompressionStream, which is asynchronous: the memory backend counts before the
// call proper. Same field paths and sentences. The memory backend keeps the bytes as given (the
// core re-encodes them, so only pixels are kept).
import { rgbaPng, sniffImage } from "./memory-photo-bytes";
import type { Check } from "./memory-validate";

export const SIGNATURE_MAX_BYTES = 2 * 1024 * 1024;
export const SCAN_MAX_BYTES = 10 * 1024 * 1024;
const SIGNATURE_MAX_WIDTH = 4000;
const SIGNATURE_MAX_HEIGHT = 2000;
const SCAN_MAX_SIDE = 8000;
/** Fewer inked pixels than this is an untouched canvas (or a stray tap), not a signature. */
export const SIGNATURE_MIN_INKED = 50;

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const body = new Response(data as Uint8Array<ArrayBuffer>).body!;
  return new Uint8Array(await new Response(body.pipeThrough(new DecompressionStream("deflate"))).arrayBuffer());
}

/** The byte before `x` in a row, for the PNG filters. */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * How many pixels of a PNG are inked (neither transparent nor near white), counting up to
 * the minimum a signature needs; null when it cannot be told here (not an 8-bit,
 * non-interlaced PNG, or no DecompressionStream), which the memory backend lets pass.
 */
export async function inkedPixels(png: Uint8Array): Promise<number | null> {
  try {
    if (png.length < 33 || png[1] !== 0x50 || png[2] !== 0x4e || png[3] !== 0x47) return null;
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    const width = view.getUint32(16);
    const height = view.getUint32(20);
    const [depth, colour, , , interlace] = png.subarray(24, 29);
    const channels = CHANNELS[colour];
    if (depth !== 8 || interlace !== 0 || !channels || typeof DecompressionStream !== "function") return null;
    const parts: Uint8Array[] = [];
    for (let at = 8; at + 8 <= png.length;) {
      const length = view.getUint32(at);
      const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
      if (type === "IDAT") parts.push(png.subarray(at + 8, at + 8 + length));
      at += 12 + length;
    }
    const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (joined.set(p, at), at + p.length), 0);
    const raw = await inflate(joined);
    const stride = width * channels;
    let previous = new Uint8Array(stride);
    let inked = 0;
    for (let y = 0; y < height && inked < SIGNATURE_MIN_INKED; y++) {
      const filter = raw[y * (stride + 1)];
      const row = raw.slice(y * (stride + 1) + 1, (y + 1) * (stride + 1));
      for (let i = 0; i < stride; i++) {
        const left = i >= channels ? row[i - channels] : 0;
        const up = previous[i];
        const corner = i >= channels ? previous[i - channels] : 0;
        const add = [0, left, up, (left + up) >> 1, paeth(left, up, corner)][filter] ?? 0;
        row[i] = (row[i] + add) & 0xff;
      }
      for (let x = 0; x < width; x++) {
        const p = row.subarray(x * channels, (x + 1) * channels);
        const [r, g, b] = channels >= 3 ? [p[0], p[1], p[2]] : [p[0], p[0], p[0]];
        const a = channels === 4 ? p[3] : channels === 2 ? p[1] : 255;
        if (a >= 128 && r + g + b < 3 * 200) inked++;
      }
      previous = row;
    }
    return Math.min(inked, SIGNATURE_MIN_INKED);
  } catch {
    return null;
  }
}

/** The drawn signature, or null with its problem on `signature_png`. */
export function checkSignature(c: Check, bytes: Uint8Array, inked: number | null): Uint8Array | null {
  const refuse = (message: string): null => {
    c.fail("signature_png", message);
    return null;
  };
  if (bytes.length > SIGNATURE_MAX_BYTES) return refuse("The signature image can be at most 2 MB.");
  const info = sniffImage(bytes);
  if (info?.media_type !== "image/png") return refuse("The signature must be a PNG image.");
  if (info.width > SIGNATURE_MAX_WIDTH || info.height > SIGNATURE_MAX_HEIGHT) {
    return refuse("The signature image can be at most 4000 × 2000 pixels.");
  }
  if (inked !== null && inked < SIGNATURE_MIN_INKED) {
    return refuse("The signature is empty: please sign in the box.");
  }
  return bytes;
}

/** The scan of the paper form with its stored type, or null with its problem on `scan`. */
export function checkScan(c: Check, bytes: Uint8Array): { bytes: Uint8Array; mediaType: string } | null {
  const refuse = (message: string): null => {
    c.fail("scan", message);
    return null;
  };
  if (bytes.length > SCAN_MAX_BYTES) return refuse("The scan can be at most 10 MB.");
  const info = sniffImage(bytes);
  if (!info) return refuse("The scan must be a JPEG, PNG or WebP image.");
  if (Math.max(info.width, info.height) > SCAN_MAX_SIDE) {
    return refuse("The scan can be at most 8000 × 8000 pixels.");
  }
  // The core keeps a PNG as PNG and turns anything else into a JPEG.
  return { bytes, mediaType: info.media_type === "image/png" ? "image/png" : "image/jpeg" };
}

/** A signature for the demo records: a looping stroke of dark ink on a clear 600 × 180 PNG. */
export function demoSignature(): Uint8Array {
  const [w, h] = [600, 180];
  const rgba = new Uint8Array(w * h * 4);
  const ink = (x: number, y: number) => {
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const [px, py] = [Math.round(x) + dx, Math.round(y) + dy];
        if (px >= 0 && px < w && py >= 0 && py < h) rgba.set([26, 31, 54, 255], (py * w + px) * 4);
      }
    }
  };
  for (let t = 0; t <= 1; t += 0.0005) {
    ink(60 + t * 460 + 28 * Math.cos(t * 40), 100 - 40 * Math.sin(t * 40) * (1 - t * 0.6) - t * 20);
  }
  return rgbaPng(w, h, rgba);
}
