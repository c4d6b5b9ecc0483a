// The printable aftercare handout of a saved session, on the memory backend.
import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { SessionInput } from "../bindings/SessionInput";
import { createMemoryBackend } from "../lib/api/memory";
import { addPatient, renderApp } from "../testing";

const CHEEK_LEFT = "00000000-0000-7000-8001-000000000004";
const FOREHEAD = "00000000-0000-7000-8001-000000000001";

function session(patientId: string, depths: [number, number]): SessionInput {
  const area = (area_id: string, depth: number) => ({
    id: null, area_id, device_kind: "derma_pen" as const, device_model_id: null, device_model: null,
    needle_depth_mm: depth, passes: 2, speed_level: null, pattern: null, needle_count: null,
    cartridge_lot: null, endpoint: null, notes: "",
  });
  return {
    id: crypto.randomUUID(), patient_id: patientId, started_at: "2026-11-20T09:00:00+01:00",
    ended_at: null, clinician_name: "Dr. Navarro", indications: [], numbing_product: null,
    numbing_minutes: null, skin_prep: null, pain_score: null, notes: "", aftercare_given: false,
    next_session_on: "2026-12-18", areas: [area(CHEEK_LEFT, depths[0]), area(FOREHEAD, depths[1])],
    products: [], reactions: [], overrides: [], course_id: null,
  };
}

describe("aftercare handout", () => {
  it("shows the patient, the areas and the downtime of the deepest depth, and marks it given", async () => {
    const backend = createMemoryBackend({ now: () => new Date("2026-11-20T10:00:00Z") });
    const p = await addPatient(backend, { given_name: "Florence", family_name: "Nightingale" });
    const s = await backend.saveSession(session(p.id, [1.6, 0.5]));
    await renderApp(`#/sessions/${s.id}/aftercare`, backend);
    const handout = await screen.findByTestId("aftercare-handout");
    expect(handout.textContent).toContain("Florence Nightingale");
    expect(handout.textContent).toContain("Cheek, left (1.6 mm)");
    expect(screen.getByTestId("handout-downtime").textContent).toContain("about 6-7 days");
    expect(handout.querySelectorAll("li").length).toBeGreaterThan(3);

    const print = vi.spyOn(window, "print").mockImplementation(() => {});
    await userEvent.click(screen.getByTestId("print-handout"));
    expect(print).toHaveBeenCalledOnce();

    await userEvent.click(screen.getByTestId("mark-aftercare-given"));
    await screen.findByTestId("aftercare-given");
    expect((await backend.getSession(s.id)).aftercare_given).toBe(true);
  });

  it("takes the shallower band when the deepest area is at its edge", async () => {
    const backend = createMemoryBackend();
    const p = await addPatient(backend);
    const s = await backend.saveSession(session(p.id, [1.5, 0.5]));
    await renderApp(`#/sessions/${s.id}/aftercare`, backend);
    await waitFor(() =>
      expect(screen.getByTestId("handout-downtime").textContent).toContain("about 4-5 days"));
  });
});
