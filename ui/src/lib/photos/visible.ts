// Lazy loading: calls back once when an element first comes near the screen, through one
// shared IntersectionObserver (not one per thumbnail). Without IntersectionObserver (tests,
// old webviews) it calls back at once.

let observer: IntersectionObserver | null = null;
let made: typeof IntersectionObserver | null = null;
const waiting = new Map<Element, () => void>();

function shared(): IntersectionObserver {
  // A test may replace the global between tests: follow it.
  if (!observer || made !== IntersectionObserver) {
    made = IntersectionObserver;
    observer = new IntersectionObserver((seen) => {
      for (const e of seen) {
        const call = e.isIntersecting ? waiting.get(e.target) : undefined;
        if (!call) continue;
        waiting.delete(e.target);
        observer?.unobserve(e.target);
        call();
      }
    }, { rootMargin: "300px 0px" });
  }
  return observer;
}

/** Calls `onVisible` once `node` is on (or near) the screen; returns the function that stops watching. */
export function whenVisible(node: Element, onVisible: () => void): () => void {
  if (typeof IntersectionObserver === "undefined") {
    onVisible();
    return () => {};
  }
  const o = shared();
  waiting.set(node, onVisible);
  o.observe(node);
  return () => {
    if (waiting.delete(node)) o.unobserve(node);
  };
}
