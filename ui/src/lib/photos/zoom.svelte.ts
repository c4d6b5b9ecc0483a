// One zoom level and one offset for both photos of a comparison, so they zoom and pan
// together. The offset is in screen pixels and applied before the scale (both about the
// centre), and kept so the image never leaves the frame (once the frame's size is known).

export const MIN_ZOOM = 1;
export const MAX_ZOOM = 8;
/** One press of a zoom button or key. */
export const ZOOM_STEP = 1.25;
/** One wheel notch. */
export const WHEEL_STEP = 1.1;
/** One arrow key press, in pixels. */
export const PAN_STEP = 40;

const round = (v: number) => Math.round(v * 1000) / 1000;

export class ZoomPan {
  zoom = $state(1);
  x = $state(0);
  y = $state(0);
  /** The frame's size (0 while unknown: no limit to panning). */
  #width = 0;
  #height = 0;

  /** The CSS transform both images get. */
  get transform(): string {
    return `translate(${this.x}px, ${this.y}px) scale(${this.zoom})`;
  }
  get percent(): number {
    return Math.round(this.zoom * 100);
  }

  frame(width: number, height: number) {
    this.#width = width;
    this.#height = height;
    this.#keepInFrame();
  }

  /** Zooms by `factor` about a point (`px`, `py` from the frame's centre; default the centre). */
  zoomBy(factor: number, px = 0, py = 0) {
    const next = round(Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, this.zoom * factor)));
    const ratio = next / this.zoom;
    // The point under the cursor stays where it is.
    this.x = round(px - (px - this.x) * ratio);
    this.y = round(py - (py - this.y) * ratio);
    this.zoom = next;
    this.#keepInFrame();
  }
  zoomIn() {
    this.zoomBy(ZOOM_STEP);
  }
  zoomOut() {
    this.zoomBy(1 / ZOOM_STEP);
  }
  reset() {
    this.zoom = 1;
    this.x = 0;
    this.y = 0;
  }

  /** Moves both images (only when zoomed in). */
  panBy(dx: number, dy: number) {
    if (this.zoom <= 1) return;
    this.x = round(this.x + dx);
    this.y = round(this.y + dy);
    this.#keepInFrame();
  }

  #keepInFrame() {
    if (this.zoom <= 1) {
      this.x = 0;
      this.y = 0;
      return;
    }
    const clamp = (v: number, size: number) => {
      if (!size) return v;
      const max = ((this.zoom - 1) * size) / 2;
      return Math.min(max, Math.max(-max, v));
    };
    this.x = clamp(this.x, this.#width);
    this.y = clamp(this.y, this.#height);
  }
}
