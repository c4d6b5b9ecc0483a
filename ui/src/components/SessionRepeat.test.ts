// "Repeat last session": a new session pre-filled from the newest one, on the memory backend.
import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Backend } from "../lib/api/backend";
import { createMemoryBackend } from "../lib/api/memory";
import { formatInstantDate } from "../lib/time";
import { addPatient, renderApp } from "../testing";
import type { SessionInput } from "../bindings/SessionInput";

const CHEEK_LEFT = "00000000-0000-7000-8001-000000000004";
const CHEEK_RIGHT = "00000000-0000-7000-8001-000000000005";
const PEN_01 = "00000000-0000-7000-8005-000000000001";
const ERYTHEMA = "00000000-0000-7000-8004-000000000001";
const DAY = 86_400_000;

const el = <T extends HTMLElement = HTMLInputElement>(id: string) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`no element #${id}`);
  return found as T;
};
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function sessionInput(patientId: string, id: string, daysAgo: number, expiryOn: string): SessionInput {
  const area = (area_id: string, depth: number) => ({
    id: null, area_id, device_kind: "derma_pen" as const, device_model_id: PEN_01, device_model: null,
    needle_depth_mm: depth, passes: 3, speed_level: 4, pattern: "crosshatch" as const, needle_count: 12,
    cartridge_lot: "C-2417", endpoint: "Mild erythema", notes: "Scar near the ear",
  });
  return {
    id, patient_id: patientId, started_at: new Date(Date.now() - daysAgo * DAY).toISOString(),
    ended_at: new Date(Date.now() - daysAgo * DAY + 40 * 60_000).toISOString(), clinician_name: "Dr. Navarro",
    indications: ["acne_scars"], numbing_product: "EMLA 5 %", numbing_minutes: 30, skin_prep: "Chlorhexidine 0.5 %",
    pain_score: 4, notes: "Tolerated well", aftercare_given: true, next_session_on: isoDay(Date.now() + 20 * DAY),
    areas: [area(CHEEK_LEFT, 1), area(CHEEK_RIGHT, 1.2)],
    products: [{ id: null, product_id: null, name: "Hyaluronic acid serum", role: "serum", lot: "HA-7781", expiry_on: expiryOn,
      amount: "2 ml", area_id: null }],
    reactions: [{ id: null, reaction_type_id: ERYTHEMA, scale_id: null, grade: 2, time_point: "immediate",
      area_id: null, note: "" }],
    overrides: [], course_id: null,
  };
}

async function patientWithHistory(b: Backend, expiryOn: string) {
  const patient = await addPatient(b, { given_name: "Anna", family_name: "Berg", indications: ["acne_scars"] });
  const older = await b.saveSession({
    ...sessionInput(patient.id, "0190a000-0000-7000-9200-000000000001", 60, "2030-01-31"),
    areas: [{ ...sessionInput(patient.id, "x", 0, "").areas[0], area_id: "00000000-0000-7000-8001-000000000001",
      needle_depth_mm: 0.5 }],
    products: [], numbing_product: "Older cream",
  });
  const newest = await b.saveSession(sessionInput(patient.id, "0190a000-0000-7000-9200-000000000002", 10, expiryOn));
  return { patient, older, newest };
}

async function openRepeat(expiryOn = "2030-01-31", checks = { count: 0 }) {
  const base = createMemoryBackend();
  const b: Backend = { ...base, checkSession: (input) => (checks.count++, base.checkSession(input)) };
  const history = await patientWithHistory(b, expiryOn);
  await renderApp(`#/patients/${history.patient.id}`, b);
  const user = userEvent.setup();
  await user.click(await screen.findByTestId("repeat-last-session"));
  const on = formatInstantDate(history.newest.started_at);
  await screen.findByRole("heading", { name: `New session — Anna Berg (repeating ${on})` });
  return { b, user, on, ...history };
}

describe("repeat last session", () => {
  it("pre-fills areas and products from the newest session, leaving reactions, pain and notes empty", async () => {
    const { newest, on } = await openRepeat();
    expect(location.hash).toBe(`#/patients/${newest.patient_id}/sessions/new?from=${newest.id}`);
    expect(screen.getByTestId("repeat-notice")).toHaveTextContent(`Repeat of the session on ${on}. Copied: visit details, 2 treated areas and 1 product`);
    expect(screen.getByTestId("repeat-notice")).toHaveTextContent("Reactions, pain, notes");

    expect(el("clinician_name")).toHaveValue("Dr. Navarro");
    expect(el("session-indication-acne_scars")).toBeChecked();
    expect(el("numbing_product")).toHaveValue("EMLA 5 %");
    expect(el("numbing_minutes")).toHaveValue(30);
    expect(el("skin_prep")).toHaveValue("Chlorhexidine 0.5 %");
    expect(el("started_at").value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(el("started_at").value).not.toBe("");
    expect(el("ended_at")).toHaveValue("");

    expect(el<HTMLSelectElement>("areas-0-area_id").value).toBe(CHEEK_LEFT);
    expect(el<HTMLSelectElement>("areas-1-area_id").value).toBe(CHEEK_RIGHT);
    expect(el<HTMLSelectElement>("areas-1-device_kind").value).toBe("derma_pen");
    expect(el<HTMLSelectElement>("areas-1-device_model_id").value).toBe(PEN_01);
    expect(el("areas-1-needle_depth_mm")).toHaveValue(1.2);
    expect(el("areas-1-passes")).toHaveValue(3);
    expect(el("areas-1-speed_level")).toHaveValue(4);
    expect(el<HTMLSelectElement>("areas-1-pattern").value).toBe("crosshatch");
    expect(el("areas-1-needle_count")).toHaveValue(12);
    expect(el("areas-1-cartridge_lot")).toHaveValue("C-2417");
    expect(el("areas-1-endpoint")).toHaveValue("Mild erythema");
    expect(el("areas-0-notes"), "area notes are about that visit").toHaveValue("");
    expect(document.getElementById("areas-2-area_id")).toBeNull();

    expect(el("products-0-name")).toHaveValue("Hyaluronic acid serum");
    expect(el<HTMLSelectElement>("products-0-role").value).toBe("serum");
    expect(el("products-0-lot")).toHaveValue("HA-7781");
    expect(el("products-0-expiry_on")).toHaveValue("2030-01-31");
    expect(el("products-0-amount")).toHaveValue("2 ml");

    expect(document.getElementById("reactions-0-reaction_type_id")).toBeNull();
    expect(el("pain_score")).toHaveValue(null);
    expect(el("notes")).toHaveValue("");
    expect(el("aftercare_given")).not.toBeChecked();
    expect(el("next_session_on")).toHaveValue("");

    expect(el("areas-0-needle_depth_mm"), "the value most often changed").toHaveFocus();
  });

  it("saves as a second session with a new id and leaves the repeated one unchanged", async () => {
    const { b, user, patient, newest } = await openRepeat();
    const before = await b.getSession(newest.id);
    await user.clear(el("areas-0-needle_depth_mm"));
    await user.type(el("areas-0-needle_depth_mm"), "1.1");
    await user.keyboard("{Control>}s{/Control}");
    expect(await screen.findByTestId("saved-notice")).toHaveTextContent("Session saved");

    const sessions = await b.listPatientSessions(patient.id);
    expect(sessions).toHaveLength(3);
    const made = sessions[0];
    expect(made.id).not.toBe(newest.id);
    expect(location.hash).toBe(`#/sessions/${made.id}`);
    expect(made.areas.map((a) => [a.area_id, a.needle_depth_mm, a.cartridge_lot, a.notes])).toEqual([
      [CHEEK_LEFT, 1.1, "C-2417", ""], [CHEEK_RIGHT, 1.2, "C-2417", ""],
    ]);
    expect(made.areas.every((a) => !newest.areas.some((o) => o.id === a.id)), "new rows").toBe(true);
    expect(made.products.map((p) => [p.name, p.lot, p.expiry_on])).toEqual([["Hyaluronic acid serum", "HA-7781", "2030-01-31"]]);
    expect(made.products[0].id).not.toBe(newest.products[0].id);
    expect(made.reactions).toEqual([]);
    expect(made.pain_score).toBeNull();
    expect(made.notes).toBe("");
    expect(made.aftercare_given).toBe(false);
    expect(made.next_session_on).toBeNull();
    expect(made.ended_at).toBeNull();
    expect(await b.getSession(newest.id)).toEqual(before);
  });

  it("checks the copied draft at once: an expired lot and a short interval are flagged before any key", async () => {
    const checks = { count: 0 };
    await openRepeat(isoDay(Date.now() - 5 * DAY), checks);
    // Not after the 250 ms typing pause: the pre-filled draft is sent as soon as it is shown.
    await waitFor(() => expect(checks.count).toBeGreaterThan(0), { timeout: 120 });
    const expiry = await screen.findByTestId("finding-products[0].expiry_on");
    expect(expiry).toHaveTextContent("This lot expired on");
    expect(screen.getByTestId("finding-areas[0].area_id")).toHaveTextContent("minimum interval is 28 days");
    expect(screen.getByTestId("findings-summary")).toHaveTextContent("1 problem must be fixed before saving");
  });

  it("is offered on the session page, and only when the patient has a session", async () => {
    const b = createMemoryBackend();
    const bare = await addPatient(b, { given_name: "Carla", family_name: "Diaz" });
    const { older, patient } = await patientWithHistory(b, "2030-01-31");
    await renderApp(`#/patients/${bare.id}`, b);
    expect(await screen.findByTestId("new-session")).toBeEnabled();
    expect(screen.queryByTestId("repeat-last-session")).toBeNull();

    history.replaceState(null, "", `/#/sessions/${older.id}`);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("repeat-session"));
    await screen.findByRole("heading", { name: `New session — Anna Berg (repeating ${formatInstantDate(older.started_at)})` });
    expect(location.hash).toBe(`#/patients/${patient.id}/sessions/new?from=${older.id}`);
    await waitFor(() => expect(el("numbing_product")).toHaveValue("Older cream"));
    expect(document.getElementById("products-0-name")).toBeNull();
  });

  it("is disabled for an archived patient, like New session", async () => {
    const b = createMemoryBackend();
    const { patient, newest } = await patientWithHistory(b, "2030-01-31");
    await b.archivePatient(patient.id);
    await renderApp(`#/patients/${patient.id}`, b);
    expect(await screen.findByTestId("repeat-last-session")).toBeDisabled();
    expect(screen.getByTestId("new-session")).toBeDisabled();

    history.replaceState(null, "", `/#/patients/${patient.id}/sessions/new?from=${newest.id}`);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    expect(await screen.findByRole("alert")).toHaveTextContent("This patient is archived.");
    expect(screen.queryByTestId("repeat-notice")).toBeNull();
  });

  it("keeps a plain new session empty", async () => {
    const b = createMemoryBackend();
    const { patient } = await patientWithHistory(b, "2030-01-31");
    await renderApp(`#/patients/${patient.id}`, b);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("new-session"));
    await screen.findByRole("heading", { name: "New session — Anna Berg" });
    expect(screen.queryByTestId("repeat-notice")).toBeNull();
    expect(el<HTMLSelectElement>("areas-0-area_id").value).toBe("");
    expect(el("numbing_product")).toHaveValue("");
  });
});
