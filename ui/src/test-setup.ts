// Test environment: jest-dom matchers, object URLs, and a clean DOM, URL and storage between tests.
import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/svelte";
import { afterEach } from "vitest";

// jsdom has no object URLs; photos are shown through them. Tests spy on these.
if (typeof URL.createObjectURL !== "function") {
  let made = 0;
  URL.createObjectURL = () => `blob:test/${++made}`;
  URL.revokeObjectURL = () => {};
}

afterEach(() => {
  cleanup();
  localStorage.clear();
  history.replaceState(null, "", "/");
});
