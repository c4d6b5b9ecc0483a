// Drawing a signature on a canvas with a pen, a finger or a mouse: pointer events (so WebDriver
// pointer actions and synthetic PointerEvents draw too), smooth strokes (quadratic curves
// through the midpoints of the points, using the coalesced points a fast pen sends), and a
// backing store at the screen's pixel ratio, so the ink is sharp on a high-DPI screen. The
// drawing space is always 600 × 180 whatever size the canvas is shown at. Without a 2D context
// (jsdom) the pad draws nothing and gives no picture: the backend then says to sign.
import { readBytes } from "../photos/read-file";

export const PAD_WIDTH = 600;
export const PAD_HEIGHT = 180;
const INK = "#1a2340";
const LINE_WIDTH = 2.6;
const MAX_RATIO = 3;

interface Point {
  x: number;
  y: number;
}

const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

export class SignaturePad {
  /** Nothing drawn since the pad was attached or cleared. */
  empty = $state(true);
  /** The canvas draws (it has a 2D context). */
  ready = $state(false);
  #canvas: HTMLCanvasElement | null = null;
  #ctx: CanvasRenderingContext2D | null = null;
  #stroke: { id: number; points: Point[] } | null = null;

  /** Draws on `canvas` from now on; returns what detaches it. */
  attach(canvas: HTMLCanvasElement): () => void {
    let ctx: CanvasRenderingContext2D | null = null;
    try {
      ctx = canvas.getContext("2d");
    } catch {
      ctx = null;
    }
    const ratio = Math.min(MAX_RATIO, Math.max(1, globalThis.devicePixelRatio || 1));
    canvas.width = Math.round(PAD_WIDTH * ratio);
    canvas.height = Math.round(PAD_HEIGHT * ratio);
    if (ctx) {
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.lineWidth = LINE_WIDTH;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = INK;
      ctx.fillStyle = INK;
    }
    this.#canvas = canvas;
    this.#ctx = ctx;
    this.ready = ctx !== null;
    this.empty = true;
    canvas.addEventListener("pointerdown", this.#down);
    canvas.addEventListener("pointermove", this.#move);
    canvas.addEventListener("pointerup", this.#up);
    canvas.addEventListener("pointercancel", this.#up);
    return () => {
      canvas.removeEventListener("pointerdown", this.#down);
      canvas.removeEventListener("pointermove", this.#move);
      canvas.removeEventListener("pointerup", this.#up);
      canvas.removeEventListener("pointercancel", this.#up);
      this.#canvas = null;
      this.#ctx = null;
      this.#stroke = null;
      this.ready = false;
    };
  }

  /** Wipes the pad. */
  clear() {
    this.#ctx?.clearRect(0, 0, PAD_WIDTH, PAD_HEIGHT);
    this.#stroke = null;
    this.empty = true;
  }

  /** The drawing as PNG bytes (transparent where not inked); null without a 2D canvas. */
  async png(): Promise<Uint8Array | null> {
    const canvas = this.#canvas;
    if (!canvas || !this.#ctx) return null;
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
    return blob ? readBytes(blob) : null;
  }

  /** Where a pointer is, in the 600 × 180 drawing space. */
  #point(e: PointerEvent): Point {
    const r = this.#canvas!.getBoundingClientRect();
    const sx = r.width ? PAD_WIDTH / r.width : 1;
    const sy = r.height ? PAD_HEIGHT / r.height : 1;
    return { x: (e.clientX - r.left) * sx, y: (e.clientY - r.top) * sy };
  }

  #down = (e: PointerEvent) => {
    if (!this.#ctx || (e.pointerType === "mouse" && e.button !== 0)) return;
    e.preventDefault();
    try {
      // Keeps the stroke when the pen leaves the box; a synthetic event's pointer may not exist.
      this.#canvas!.setPointerCapture?.(e.pointerId);
    } catch {
      // Drawn all the same while the pointer stays on the canvas.
    }
    this.#stroke = { id: e.pointerId, points: [this.#point(e)] };
  };

  #move = (e: PointerEvent) => {
    if (!this.#stroke || e.pointerId !== this.#stroke.id) return;
    e.preventDefault();
    const coalesced = typeof e.getCoalescedEvents === "function" ? e.getCoalescedEvents() : [];
    for (const ev of coalesced.length ? coalesced : [e]) this.#extend(this.#point(ev));
  };

  #up = (e: PointerEvent) => {
    const stroke = this.#stroke;
    if (!stroke || e.pointerId !== stroke.id || !this.#ctx) return;
    if (e.type === "pointerup") this.#extend(this.#point(e));
    const ctx = this.#ctx;
    const points = stroke.points;
    const last = points[points.length - 1];
    ctx.beginPath();
    if (points.length === 1) {
      // A tap leaves a dot (too small to count as a signature on its own).
      ctx.arc(last.x, last.y, LINE_WIDTH / 2, 0, Math.PI * 2);
      ctx.fill();
    } else {
      const m = mid(points[points.length - 2], last);
      ctx.moveTo(m.x, m.y);
      ctx.lineTo(last.x, last.y);
      ctx.stroke();
    }
    this.empty = false;
    this.#stroke = null;
  };

  /** Adds a point to the stroke and draws up to the midpoint before it. */
  #extend(p: Point) {
    const points = this.#stroke!.points;
    const last = points[points.length - 1];
    if (Math.hypot(p.x - last.x, p.y - last.y) < 0.5) return;
    points.push(p);
    const ctx = this.#ctx!;
    ctx.beginPath();
    if (points.length === 2) {
      const m = mid(points[0], p);
      ctx.moveTo(points[0].x, points[0].y);
      ctx.lineTo(m.x, m.y);
    } else {
      const [a, b] = points.slice(-3);
      const from = mid(a, b);
      const to = mid(b, p);
      ctx.moveTo(from.x, from.y);
      ctx.quadraticCurveTo(b.x, b.y, to.x, to.y);
    }
    ctx.stroke();
    this.empty = false;
  }
}
