// Test helpers for the consent screens: signature PNGs, a consent recorded through the memory
// backend, drawing on the signature canvas with synthetic pointer events, and a fake 2D canvas
// (jsdom has none) that records the strokes and gives them back as a real PNG from toBlob.
import { fireEvent } from "@testing-library/svelte";
import { vi } from "vitest";
import type { Consent } from "../../bindings/Consent";
import type { ConsentInput } from "../../bindings/ConsentInput";
import type { ConsentKind } from "../../bindings/ConsentKind";
import type { Backend } from "../api/backend";
import { rgbaPng } from "../api/memory-photo-bytes";

/** A 300 × 100 PNG, clear, with a stroke of dark ink across it (or none). */
export function signaturePng(inked = true): Uint8Array {
  const rgba = new Uint8Array(300 * 100 * 4);
  if (inked) for (let x = 20; x < 280; x++) for (let y = 48; y < 52; y++) rgba.set([10, 10, 60, 255], (y * 300 + x) * 4);
  return rgbaPng(300, 100, rgba);
}

/** The input for a consent on the current version of `kind`'s template, drawn, by the patient. */
export async function consentInput(
  b: Backend, patientId: string, kind: ConsentKind, fields: Partial<ConsentInput> = {},
): Promise<ConsentInput> {
  const t = (await b.listConsentTemplates()).find((x) => x.kind === kind)!;
  return {
    patient_id: patientId, template_version_id: t.current.id, text_sha256: t.current.text_sha256,
    scopes: kind === "photo" ? ["clinical_record"] : [], signer_name: "Florence Nightingale", signer_relation: "self",
    method: "drawn", signature_png: signaturePng(), scan: null, ...fields,
  };
}

export async function recordConsent(
  b: Backend, patientId: string, kind: ConsentKind, fields: Partial<ConsentInput> = {},
): Promise<Consent> {
  return b.recordConsent(await consentInput(b, patientId, kind, fields));
}

/** Draws a stroke through `points` (drawing-space coordinates: jsdom lays nothing out). */
export async function drawStroke(canvas: HTMLElement, points: [number, number][], pointerId = 1): Promise<void> {
  const at = ([clientX, clientY]: [number, number]) => ({ clientX, clientY, pointerId, pointerType: "pen", button: 0 });
  await fireEvent.pointerDown(canvas, at(points[0]));
  for (const p of points.slice(1)) await fireEvent.pointerMove(canvas, at(p));
  await fireEvent.pointerUp(canvas, at(points[points.length - 1]));
}

/** A zigzag across the box: plenty of ink for a signature. */
export const ZIGZAG: [number, number][] = Array.from({ length: 12 }, (_, i) => [40 + i * 40, i % 2 ? 60 : 120]);

type Segment = [number, number, number, number];

/** Records the lines drawn (in device pixels) and renders them as dark 3 px strokes. */
class FakeContext {
  lineWidth = 1;
  lineCap = "butt";
  lineJoin = "miter";
  strokeStyle = "#000";
  fillStyle = "#000";
  readonly segments: Segment[] = [];
  #path: Segment[] = [];
  #at: [number, number] = [0, 0];
  #scale = 1;

  constructor(readonly canvas: HTMLCanvasElement) {}
  setTransform(a: number) {
    this.#scale = a;
  }
  beginPath() {
    this.#path = [];
  }
  moveTo(x: number, y: number) {
    this.#at = [x * this.#scale, y * this.#scale];
  }
  lineTo(x: number, y: number) {
    const to: [number, number] = [x * this.#scale, y * this.#scale];
    this.#path.push([...this.#at, ...to]);
    this.#at = to;
  }
  quadraticCurveTo(_cx: number, _cy: number, x: number, y: number) {
    this.lineTo(x, y);
  }
  arc(x: number, y: number) {
    this.#at = [x * this.#scale, y * this.#scale];
    this.#path.push([...this.#at, ...this.#at]);
  }
  stroke() {
    this.segments.push(...this.#path);
  }
  fill() {
    this.segments.push(...this.#path);
  }
  clearRect() {
    this.segments.length = 0;
  }

  png(): Uint8Array {
    const { width, height } = this.canvas;
    const rgba = new Uint8Array(width * height * 4);
    for (const [x0, y0, x1, y1] of this.segments) {
      const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) * 2));
      for (let i = 0; i <= steps; i++) {
        const [x, y] = [Math.round(x0 + ((x1 - x0) * i) / steps), Math.round(y0 + ((y1 - y0) * i) / steps)];
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            if (x + dx >= 0 && x + dx < width && y + dy >= 0 && y + dy < height) {
              rgba.set([26, 35, 64, 255], ((y + dy) * width + x + dx) * 4);
            }
          }
        }
      }
    }
    return rgbaPng(width, height, rgba);
  }
}

/** Gives every canvas a fake 2D context and a toBlob that renders it; undo with vi.restoreAllMocks. */
export function fakeCanvas(): { contexts: FakeContext[] } {
  const made = new WeakMap<HTMLCanvasElement, FakeContext>();
  const contexts: FakeContext[] = [];
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation(function (this: HTMLCanvasElement) {
    let ctx = made.get(this);
    if (!ctx) {
      ctx = new FakeContext(this);
      made.set(this, ctx);
      contexts.push(ctx);
    }
    return ctx as unknown as CanvasRenderingContext2D;
  } as unknown as typeof HTMLCanvasElement.prototype.getContext);
  vi.spyOn(HTMLCanvasElement.prototype, "toBlob").mockImplementation(function (this: HTMLCanvasElement, done: BlobCallback) {
    const png = made.get(this)?.png() ?? rgbaPng(this.width, this.height, new Uint8Array(this.width * this.height * 4));
    setTimeout(() => done(new Blob([png as Uint8Array<ArrayBuffer>], { type: "image/png" })), 0);
  });
  return { contexts };
}
