// The Settings screen: each save reaches the backend, reloads the reference data, and the
// session form's next check uses the new values.
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";
import { createMemoryBackend } from "../../lib/api/memory";
import { href, router } from "../../lib/router.svelte";
import { addPatient, renderApp } from "../../testing";

const FOREHEAD = "00000000-0000-7000-8001-000000000001";
const FOREHEAD_GUIDANCE = "00000000-0000-7000-8006-000000000002";

const el = <T extends HTMLElement = HTMLInputElement>(id: string) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`no element #${id}`);
  return found as T;
};

async function openSettings(b = createMemoryBackend()) {
  await renderApp("#/", b);
  const user = userEvent.setup();
  await user.click(screen.getByTestId("open-settings"));
  expect(await screen.findByRole("heading", { level: 1, name: "Settings" })).toBeInTheDocument();
  expect(location.hash).toBe("#/settings");
  return { b, user };
}

async function openNewSession(patientId: string) {
  router.navigate(href.newSession(patientId));
  await screen.findByRole("heading", { name: "New session — Anna Berg" });
  await waitFor(() => el("areas-0-area_id"));
}

describe("settings", () => {
  it("saves a new minimum interval, and the next check in the session form uses it", async () => {
    const b = createMemoryBackend();
    const p = await addPatient(b, { indications: [] });
    // Noon on the calendar day 29 days ago (local time, like the form): 29 days apart
    // whatever the hour the suite runs.
    const earlier = new Date();
    earlier.setDate(earlier.getDate() - 29);
    earlier.setHours(12, 0, 0, 0);
    await b.saveSession({
      id: uuidv7(), patient_id: p.id, started_at: earlier.toISOString(), ended_at: null,
      clinician_name: "Dr. Old", indications: [], numbing_product: null, numbing_minutes: null, skin_prep: null,
      pain_score: null, notes: "", aftercare_given: false, next_session_on: null, products: [], reactions: [], overrides: [],
      course_id: null,
      areas: [{ id: null, area_id: FOREHEAD, device_kind: "derma_pen", device_model_id: null, device_model: null,
        needle_depth_mm: 0.5, passes: 2, speed_level: null, pattern: null, needle_count: null,
        cartridge_lot: null, endpoint: null, notes: "" }],
    });
    const { user } = await openSettings(b);
    // Within its section: label look-ups over the whole (long) page are slow in jsdom.
    const checks = within(el("checks-heading").closest("section")!);
    const interval = checks.getByLabelText("Minimum days between sessions on the same area");
    expect(interval).toHaveValue(28);
    await user.clear(interval);
    await user.type(interval, "30");
    await user.click(screen.getByTestId("save-settings"));
    expect(await screen.findByTestId("settings-saved")).toHaveTextContent("Saved");
    expect((await b.getReferenceData()).settings.min_interval_days).toBe(30);

    await openNewSession(p.id);
    await user.selectOptions(el("areas-0-area_id"), "Forehead");
    const finding = await screen.findByTestId("finding-areas[0].area_id");
    expect(finding).toHaveTextContent("Forehead was also treated 29 days before this session");
    expect(finding).toHaveTextContent("the clinic's minimum interval is 30 days.");
  });

  it("shows a device model's maximum below its minimum under the field", async () => {
    const { b, user } = await openSettings();
    const before = (await b.getReferenceData()).device_models.length;
    await user.click(screen.getByTestId("add-device-model"));
    expect(el("device-manufacturer")).toHaveFocus();
    await user.type(el("device-manufacturer"), "Dermapen");
    await user.type(el("device-model"), "Dermapen 4");
    await user.type(el("device-min_depth_mm"), "1.5");
    await user.type(el("device-max_depth_mm"), "0.5");
    await user.click(screen.getByTestId("save-device-model"));

    const error = await screen.findByTestId("error-max_depth_mm");
    expect(error).toHaveTextContent("Maximum depth cannot be less than the minimum.");
    expect(error.id).toBe("device-max_depth_mm-error");
    expect(el("device-max_depth_mm")).toHaveAttribute("aria-invalid", "true");
    expect(el("device-max_depth_mm")).toHaveFocus();
    expect((await b.getReferenceData()).device_models).toHaveLength(before);

    await user.clear(el("device-max_depth_mm"));
    await user.type(el("device-max_depth_mm"), "2.5");
    await user.type(el("device-depth_step_mm"), "0.25");
    await user.click(screen.getByTestId("save-device-model"));
    expect(await screen.findByTestId("device-saved")).toHaveTextContent("Saved Dermapen Dermapen 4.");
    const row = screen.getAllByTestId("device-row").find((r) => r.textContent?.includes("Dermapen 4"))!;
    expect(row).toHaveTextContent("1.5–2.5 mm");
  });

  it("edits depth guidance in place and the session form warns by the new range", async () => {
    const b = createMemoryBackend();
    const p = await addPatient(b, { indications: [] });
    const { user } = await openSettings(b);
    const max = el(`guidance-${FOREHEAD_GUIDANCE}-typical_max_mm`);
    expect(max).toHaveValue(0.5);
    await user.clear(max);
    await user.type(max, "0.3");
    await user.click(screen.getByTestId(`save-guidance-${FOREHEAD_GUIDANCE}`));
    await waitFor(() => expect(screen.queryByTestId(`save-guidance-${FOREHEAD_GUIDANCE}`)).toBeNull());
    expect((await b.getReferenceData()).depth_guidance.find((g) => g.id === FOREHEAD_GUIDANCE)?.typical_max_mm).toBe(0.3);

    await openNewSession(p.id);
    await user.selectOptions(el("areas-0-area_id"), "Forehead");
    await user.type(el("areas-0-needle_depth_mm"), "0.4");
    expect(await screen.findByTestId("finding-areas[0].needle_depth_mm")).toHaveTextContent("typically 0.25–0.3 mm");
  });

  it("adds an area with a code made from its name, and archives it", async () => {
    const { b, user } = await openSettings();
    await user.type(el("area-name"), "Temple, left");
    expect(el("area-code")).toHaveValue("temple_left");
    await user.type(el("area-snomed_code"), "12x");
    await user.click(screen.getByTestId("save-area"));
    expect(await screen.findByTestId("error-snomed_code")).toHaveTextContent("A SNOMED CT code is digits only.");
    await user.clear(el("area-snomed_code"));
    await user.click(screen.getByTestId("save-area"));
    const row = await waitFor(() => screen.getAllByTestId("area-row").find((r) => r.textContent?.includes("Temple, left"))!);
    await user.click(within(row).getByRole("button", { name: "Archive Temple, left" }));
    await waitFor(async () =>
      expect((await b.getReferenceData()).areas.find((a) => a.code === "temple_left")?.archived).toBe(true));
  });
});
