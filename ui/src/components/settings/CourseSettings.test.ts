// Settings for courses and handouts: protocol templates, the aftercare handout text and its
// downtime bands, the "due soon" window, and where an area sits on the map / what it includes.
// Label look-ups are scoped to their section: over the whole (long) page they are slow in jsdom.
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { createMemoryBackend } from "../../lib/api/memory";
import { renderApp } from "../../testing";

const el = <T extends HTMLElement = HTMLInputElement>(id: string) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`no element #${id}`);
  return found as T;
};

async function openSettings(b = createMemoryBackend()) {
  await renderApp("#/settings", b);
  expect(await screen.findByRole("heading", { level: 1, name: "Settings" })).toBeInTheDocument();
  return { b, user: userEvent.setup() };
}

const section = (headingId: string) => within(el(headingId).closest("section")!);

describe("protocols", () => {
  it("lists the seeded protocols with their plan, areas and serum", async () => {
    await openSettings();
    const table = screen.getByTestId("protocols-table");
    const first = within(table).getByTestId("protocol-row-0");
    expect(first).toHaveTextContent("Acne scars, face");
    expect(first).toHaveTextContent("6 × every 35 days");
    expect(first).toHaveTextContent("Cheek, left 1.5 mm, Cheek, right 1.5 mm, Chin 1 mm");
    expect(first).toHaveTextContent("Hyaluronic acid serum");
  });

  it("shows errors under the fields, then adds the protocol and reloads the reference data", async () => {
    const { b, user } = await openSettings();
    const before = (await b.getReferenceData()).protocols.length;
    await user.click(screen.getByTestId("add-protocol"));
    expect(el("protocol-name")).toHaveFocus();
    const form = within(screen.getByRole("form", { name: "New protocol" }));
    await user.clear(form.getByLabelText("Sessions"));
    await user.click(screen.getByTestId("protocol-save"));

    expect(await screen.findByTestId("error-name")).toHaveTextContent("Name the protocol.");
    expect(screen.getByTestId("error-target_sessions")).toHaveTextContent("Sessions is required.");
    expect(screen.getByTestId("error-areas[0].area_id")).toHaveTextContent("Choose the area.");
    expect(screen.getByTestId("error-areas[0].needle_depth_mm")).toHaveTextContent("Depth is required.");
    expect(el("protocol-areas-0-needle_depth_mm")).toHaveAttribute("aria-invalid", "true");
    expect(el("protocol-name")).toHaveFocus();
    expect((await b.getReferenceData()).protocols).toHaveLength(before);

    await user.type(el("protocol-name"), "Melasma, face");
    await user.type(form.getByLabelText("Sessions"), "40");
    await user.selectOptions(el("protocol-areas-0-area_id"), "Forehead");
    await user.type(el("protocol-areas-0-needle_depth_mm"), "0.5");
    await user.type(el("protocol-areas-0-passes"), "2");
    await user.click(screen.getByTestId("protocol-add-area"));
    expect(el("protocol-areas-1-area_id")).toHaveFocus();
    expect(el("protocol-areas-1-passes")).toHaveValue(2);
    await user.selectOptions(el("protocol-areas-1-area_id"), "Cheek, left");
    await user.type(el("protocol-areas-1-needle_depth_mm"), "0.75");
    await user.selectOptions(el("protocol-areas-1-pattern"), "Crosshatch");
    await user.type(form.getByLabelText(/Serum/), "Tranexamic acid serum");
    await user.click(screen.getByTestId("protocol-save"));
    // 40 sessions: the backend's range, under the field.
    expect(await screen.findByTestId("error-target_sessions")).toHaveTextContent(/30/);
    expect(screen.queryByTestId("error-name")).toBeNull();
    expect(form.getByLabelText("Sessions")).toHaveFocus();

    await user.clear(form.getByLabelText("Sessions"));
    await user.type(form.getByLabelText("Sessions"), "4");
    await user.click(screen.getByTestId("protocol-save"));
    expect(await screen.findByTestId("protocol-saved")).toHaveTextContent("Saved Melasma, face.");
    const saved = (await b.getReferenceData()).protocols.find((p) => p.name === "Melasma, face")!;
    expect(saved).toMatchObject({ target_sessions: 4, interval_days: 28, serum: "Tranexamic acid serum" });
    expect(saved.areas.map((a) => [a.needle_depth_mm, a.passes, a.pattern])).toEqual([[0.5, 2, null], [0.75, 2, "crosshatch"]]);
    const row = screen.getByTestId(`protocol-row-${before}`);
    expect(row).toHaveTextContent("Melasma, face");
    expect(row).toHaveTextContent("4 × every 28 days");
    expect(row).toHaveTextContent("Forehead 0.5 mm, Cheek, left 0.75 mm");
  });

  it("edits a protocol: a model list follows the device kind, and a removed area is gone", async () => {
    const { b, user } = await openSettings();
    const acne = (await b.getReferenceData()).protocols[0];
    await user.click(within(screen.getByTestId("protocol-row-0")).getByRole("button", { name: "Edit Acne scars, face" }));
    expect(el<HTMLSelectElement>("protocol-areas-0-device_model_id").value).toBe(acne.areas[0].device_model_id);
    await user.selectOptions(el("protocol-areas-0-device_kind"), "Derma roller");
    expect(el<HTMLSelectElement>("protocol-areas-0-device_model_id").value).toBe("");
    await user.click(screen.getByTestId("protocol-remove-area-2"));
    await user.click(screen.getByTestId("protocol-save"));
    expect(await screen.findByTestId("protocol-saved")).toHaveTextContent("Saved Acne scars, face.");
    const saved = (await b.getReferenceData()).protocols[0];
    expect(saved.areas).toHaveLength(2);
    expect(saved.areas[0]).toMatchObject({ device_kind: "derma_roller", device_model_id: null });
    expect(screen.getByTestId("protocol-row-0")).not.toHaveTextContent("Chin");
  });
});

describe("aftercare handout", () => {
  it("saves the clinic name, title and advice", async () => {
    const { b, user } = await openSettings();
    const aftercare = within(screen.getByTestId("aftercare-settings"));
    const name = screen.getByTestId("aftercare-clinic-name");
    await waitFor(() => expect(name).toBeEnabled());
    expect(screen.getByTestId("aftercare-save")).toBeDisabled();
    await user.type(name, "Hautzentrum Mitte");
    const title = aftercare.getByLabelText("Title");
    await user.clear(title);
    await user.click(screen.getByTestId("aftercare-save"));
    expect(await screen.findByTestId("error-title")).toHaveTextContent("Title is required.");
    expect(title).toHaveFocus();

    await user.type(title, "After your treatment");
    const body = aftercare.getByLabelText("Advice");
    await user.clear(body);
    await user.type(body, "Rest today.{Enter}{Enter}- SPF 30 daily");
    await user.click(screen.getByTestId("aftercare-save"));
    expect(await screen.findByTestId("aftercare-saved")).toHaveTextContent("Saved");
    expect(screen.getByTestId("aftercare-save")).toBeDisabled();
    expect((await b.getAftercareSettings()).template).toEqual({
      clinic_name: "Hautzentrum Mitte", title: "After your treatment", body: "Rest today.\n\n- SPF 30 daily",
    });
  });

  it("edits a downtime band and adds one", async () => {
    const { b, user } = await openSettings();
    await waitFor(() => screen.getByTestId("band-row-2"));
    const first = within(screen.getByTestId("band-row-0"));
    const downtime = first.getByLabelText("Band 1: expected downtime");
    expect(downtime).toHaveValue("about 2-3 days");
    await user.clear(downtime);
    await user.type(downtime, "about 1-2 days{Enter}");
    expect(await screen.findByTestId("band-saved")).toHaveTextContent("Saved: up to 0.5 mm, about 1-2 days.");

    const added = within(screen.getByTestId("band-row-3"));
    await user.type(added.getByLabelText("New band: expected downtime"), "about 3-4 days");
    await user.click(screen.getByTestId("band-save-3"));
    expect(await screen.findByTestId("error-max_depth_mm")).toHaveTextContent("Give the depth this band goes up to.");
    await user.type(added.getByLabelText("New band: up to depth (mm)"), "1");
    await user.click(screen.getByTestId("band-save-3"));
    await waitFor(() => expect(screen.getByTestId("band-saved")).toHaveTextContent("Added: up to 1 mm, about 3-4 days."));
    const bands = [...(await b.getAftercareSettings()).bands].sort((x, y) => x.max_depth_mm - y.max_depth_mm);
    expect(bands.map((x) => [x.max_depth_mm, x.downtime])).toEqual([
      [0.5, "about 1-2 days"], [1, "about 3-4 days"], [1.5, "about 4-5 days"], [3.5, "about 6-7 days"],
    ]);
    // In depth order, and a fresh row to add another.
    expect(within(screen.getByTestId("band-row-1")).getByLabelText("Band 2: expected downtime")).toHaveValue("about 3-4 days");
    expect(within(screen.getByTestId("band-row-4")).getByLabelText("New band: expected downtime")).toHaveValue("");
  });
});

describe("due soon and area map settings", () => {
  it("saves how many days ahead a course is listed as due soon", async () => {
    const { b, user } = await openSettings();
    const checks = section("checks-heading");
    const days = checks.getByLabelText("Due soon: list courses this many days before they are due");
    expect(days).toHaveValue(7);
    await user.clear(days);
    await user.type(days, "100");
    await user.click(screen.getByTestId("save-settings"));
    expect(await screen.findByTestId("error-due_soon_days")).toBeInTheDocument();
    expect(days).toHaveAttribute("aria-invalid", "true");
    await user.clear(days);
    await user.type(days, "14");
    await user.click(screen.getByTestId("save-settings"));
    expect(await screen.findByTestId("settings-saved")).toHaveTextContent("Saved");
    expect((await b.getReferenceData()).settings.due_soon_days).toBe(14);
  });

  it("places an area on the map and sets the areas it includes", async () => {
    const { b, user } = await openSettings();
    const areas = section("areas-settings-heading");
    expect(screen.getByTestId("area-spot-jawline")).toHaveTextContent("Face 22, 78");
    await user.click(areas.getByRole("button", { name: "Edit map and includes of Jawline" }));
    const form = within(screen.getByRole("form", { name: "Map and included areas: Jawline" }));
    expect(el("area-edit-view")).toHaveFocus();
    await user.clear(form.getByLabelText("Across (%)"));
    await user.click(screen.getByTestId("area-edit-save"));
    expect(await screen.findByTestId("error-map.x")).toBeInTheDocument();
    await user.type(form.getByLabelText("Across (%)"), "24");
    await user.click(screen.getByTestId("area-includes-chin"));
    await user.click(screen.getByTestId("area-edit-save"));
    await waitFor(() => expect(screen.getByTestId("area-spot-jawline")).toHaveTextContent("Face 24, 78"));
    let jaw = (await b.getReferenceData()).areas.find((a) => a.code === "jawline")!;
    expect(jaw).toMatchObject({ map: { view: "face", x: 24, y: 78 }, includes: ["chin"] });

    await user.click(areas.getByRole("button", { name: "Edit map and includes of Jawline" }));
    await user.selectOptions(el("area-edit-view"), "Not on the map");
    await user.click(screen.getByTestId("area-edit-save"));
    await waitFor(() => expect(screen.getByTestId("area-spot-jawline")).toHaveTextContent("—"));
    jaw = (await b.getReferenceData()).areas.find((a) => a.code === "jawline")!;
    expect(jaw.map).toBeNull();
    expect(jaw.includes).toEqual(["chin"]);
  });
});
