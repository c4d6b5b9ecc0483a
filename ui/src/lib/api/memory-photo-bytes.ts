// Image bytes for the in-memory backend's photos: what a file is (JPEG, PNG or WebP, read from
// its first bytes, with its size in pixels), small real PNGs (what the memory file dialog
// answers with and what tests drop; RGBA ones for drawn signatures), and the SVG placeholders
// of the demo photos, drawn from what each photo is so the gallery has something to show.
// The "SHA-256" is a stand-in.

export interface ImageInfo {
  media_type: "image/jpeg" | "image/png" | "image/webp";
  width: number;
  height: number;
}

const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u32be = (b: Uint8Array, i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
const u24le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

function jpegSize(b: Uint8Array): [number, number] | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    // Start of frame (not DHT C4, JPG C8, DAC CC): height then width.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return [u16be(b, i + 7), u16be(b, i + 5)];
    }
    i += 2 + u16be(b, i + 2);
  }
  return null;
}

function webpSize(b: Uint8Array): [number, number] | null {
  const kind = ascii(b, 12, 4);
  if (kind === "VP8X" && b.length >= 30) return [u24le(b, 24) + 1, u24le(b, 27) + 1];
  if (kind === "VP8L" && b.length >= 25) {
    const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
    return [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1];
  }
  if (kind === "VP8 " && b.length >= 30) return [(b[26] | (b[27] << 8)) & 0x3fff, (b[28] | (b[29] << 8)) & 0x3fff];
  return null;
}

/** The image a file holds, or null when it is not a JPEG, PNG or WebP that can be read. */
export function sniffImage(b: Uint8Array): ImageInfo | null {
  let size: [number, number] | null = null;
  let media_type: ImageInfo["media_type"] | null = null;
  if (b.length > 24 && u32be(b, 0) === 0x89504e47 && ascii(b, 12, 4) === "IHDR") {
    media_type = "image/png";
    size = [u32be(b, 16), u32be(b, 20)];
  } else if (b.length > 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    media_type = "image/jpeg";
    size = jpegSize(b);
  } else if (b.length > 16 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 4) === "WEBP") {
    media_type = "image/webp";
    size = webpSize(b);
  }
  if (!media_type || !size || size[0] <= 0 || size[1] <= 0) return null;
  return { media_type, width: size[0], height: size[1] };
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** zlib data with stored (uncompressed) deflate blocks. */
function zlibStored(raw: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [new Uint8Array([0x78, 0x01])];
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  for (let i = 0; i < blocks; i++) {
    const block = raw.subarray(i * 65535, (i + 1) * 65535);
    const n = block.length;
    parts.push(new Uint8Array([i === blocks - 1 ? 1 : 0, n & 0xff, n >> 8, ~n & 0xff, (~n >> 8) & 0xff]), block);
  }
  let a = 1;
  let b = 0;
  for (const byte of raw) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  const adler = new Uint8Array(4);
  new DataView(adler.buffer).setUint32(0, ((b << 16) | a) >>> 0);
  parts.push(adler);
  return concat(parts);
}

/** A PNG of `raw` scanlines (each led by filter byte 0), 8 bits a channel, of PNG colour type `colour` (2 RGB, 6 RGBA). */
function encodePng(width: number, height: number, colour: 2 | 6, raw: Uint8Array): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, colour, 0, 0, 0], 8);
  return concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header), chunk("IDAT", zlibStored(raw)), chunk("IEND", new Uint8Array()),
  ]);
}

/** A real PNG of `width`×`height`: a soft diagonal gradient from `rgb`. */
export function pngBytes(width: number, height: number, rgb: [number, number, number] = [196, 150, 128]): Uint8Array {
  const row = 1 + width * 3;
  const raw = new Uint8Array(row * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const shade = 0.75 + 0.25 * ((x / width + y / height) / 2);
      for (let c = 0; c < 3; c++) raw[y * row + 1 + x * 3 + c] = Math.round(rgb[c] * shade);
    }
  }
  return encodePng(width, height, 2, raw);
}

/** A real PNG of `width`×`height` RGBA pixels (8 bits each, rows top to bottom). */
export function rgbaPng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const row = 1 + width * 4;
  const raw = new Uint8Array(row * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * row + 1);
  return encodePng(width, height, 6, raw);
}

/** 64 hex characters from the bytes (FNV-1a with eight seeds): a stand-in for SHA-256. */
export function fakeSha256(bytes: Uint8Array): string {
  let out = "";
  for (let seed = 0; seed < 8; seed++) {
    let h = (0x811c9dc5 ^ Math.imul(seed + 1, 0x9e3779b1)) >>> 0;
    for (const byte of bytes) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, "0");
  }
  return out;
}

const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A 1200×900 SVG standing in for a clinical photo: a face turned as `view` says, with `spots`
 * (fewer as a course goes on) and `label` along the bottom.
 */
export function placeholderSvg(view: string, spots: number, label: string): Uint8Array {
  const turn = { oblique_left: -90, oblique_right: 90, lateral_left: -170, lateral_right: 170 }[view] ?? 0;
  const close = view === "close_up";
  const cx = 600 + turn;
  const rx = close ? 520 : turn === 0 ? 250 : Math.abs(turn) > 100 ? 190 : 225;
  const ry = close ? 520 : 320;
  const dots = Array.from({ length: spots }, (_, i) => {
    const x = cx + Math.round(Math.sin(i * 2.4) * rx * 0.55);
    const y = 430 + Math.round(Math.cos(i * 1.7) * ry * 0.45);
    return `<circle cx="${x}" cy="${y}" r="${close ? 16 : 7}" fill="#b0705e" opacity="0.7"/>`;
  }).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900" viewBox="0 0 1200 900">`
    + `<rect width="1200" height="900" fill="#dfe7ea"/>`
    + `<ellipse cx="${cx}" cy="430" rx="${rx}" ry="${ry}" fill="#e9c4a8" stroke="#c99a7e" stroke-width="4"/>`
    + dots
    + `<rect y="800" width="1200" height="100" fill="#ffffff" opacity="0.8"/>`
    + `<text x="600" y="865" font-family="sans-serif" font-size="40" text-anchor="middle" fill="#1f2933">`
    + `${escapeXml(label)}</text></svg>`;
  return new TextEncoder().encode(svg);
}
