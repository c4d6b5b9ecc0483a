// Test environment: jest-dom matchers, object URLs, pointer events, and a clean DOM, URL and
// storage between tests.
import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/svelte";
import { afterEach } from "vitest";

// jsdom has no object URLs; photos are shown through them. Tests spy on these.
if (typeof URL.createObjectURL !== "function") {
  let made = 0;
  URL.createObjectURL = () => `blob:test/${++made}`;
  URL.revokeObjectURL = () => {};
}

// jsdom has no PointerEvent: testing-library's fireEvent.pointerDown would make a bare Event
// without coordinates. Drawing a signature reads clientX/Y and pointerId. (jsdom has no 2D
// canvas either: consent tests fake one, see lib/consent/consent-fixtures.ts.)
if (typeof window.PointerEvent !== "function") {
  class TestPointerEvent extends MouseEvent {
    readonly pointerId: number;
    readonly pointerType: string;
    readonly pressure: number;
    readonly isPrimary: boolean;
    constructor(type: string, init: PointerEventInit = {}) {
      super(type, init);
      this.pointerId = init.pointerId ?? 1;
      this.pointerType = init.pointerType ?? "mouse";
      this.pressure = init.pressure ?? 0.5;
      this.isPrimary = init.isPrimary ?? true;
    }
    getCoalescedEvents(): PointerEvent[] {
      return [];
    }
  }
  window.PointerEvent = TestPointerEvent as unknown as typeof PointerEvent;
}

afterEach(() => {
  cleanup();
  localStorage.clear();
  history.replaceState(null, "", "/");
});
