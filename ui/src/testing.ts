// Helpers for component tests: mount the whole app on a fresh in-memory backend at a route.
// By default a user holding every role is signed in; `{ setupNeeded: true }`,
// `{ signedIn: false }` or `{ roles: [...] }` start elsewhere.
import { render, screen, waitFor } from "@testing-library/svelte";
import { expect } from "vitest";
import App from "./App.svelte";
import type { Patient } from "./bindings/Patient";
import type { PatientInput } from "./bindings/PatientInput";
import type { Backend } from "./lib/api/backend";
import { useBackend } from "./lib/api";
import { createMemoryBackend, type MemoryOptions } from "./lib/api/memory";

/** What the app shows once it has started: the app, a recovery, set-up, sign-in or lock screen. */
const SHOWN = [
  ".shell", "[data-testid='startup-problem']", "[data-testid='setup-form']", "[data-testid='signin-form']",
  "[data-testid='lock-screen']",
].join(", ");

export async function renderApp(hash = "#/", opts: MemoryOptions | Backend = {}) {
  const backend = "getStartupStatus" in opts ? opts : createMemoryBackend(opts);
  useBackend(backend);
  history.replaceState(null, "", `/${hash}`);
  const result = render(App);
  await waitFor(() => expect(document.querySelector(SHOWN)).not.toBeNull());
  return { ...result, backend };
}

export function patientInput(fields: Partial<PatientInput> = {}): PatientInput {
  return {
    id: crypto.randomUUID(), given_name: "Anna", family_name: "Berg", date_of_birth: "1985-04-02",
    sex_at_birth: "female", mrn: null, phone: null, email: null, fitzpatrick: 3,
    fitzpatrick_assessed_on: null, indications: ["acne_scars"], notes: "", ...fields,
  };
}

export async function addPatient(backend: Backend, fields: Partial<PatientInput> = {}): Promise<Patient> {
  return backend.savePatient(patientInput(fields));
}

/** The main pane's current route hash. */
export const currentHash = () => location.hash;

export { screen };
