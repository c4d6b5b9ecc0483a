// The face / body map above the treated areas: spots where the clinic placed them, chosen
// areas highlighted, and picking an area adds its row once (a chosen one goes to its row).
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Area } from "../bindings/Area";
import { pickArea } from "../lib/area-map";
import { newAreaRow } from "../lib/session-form";
import { createMemoryBackend } from "../lib/api/memory";
import { addPatient, renderApp } from "../testing";
import AreaMap from "./AreaMap.svelte";

const el = <T extends HTMLElement = HTMLInputElement>(id: string) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`no element #${id}`);
  return found as T;
};

const area = (n: number, code: string, name: string, fields: Partial<Area> = {}): Area => ({
  id: `00000000-0000-7000-8fff-${String(n).padStart(12, "0")}`, code, name, region: "face", snomed_code: null,
  includes: [], map: null, archived: false, ...fields,
});

const FOREHEAD = area(1, "forehead", "Forehead", { map: { view: "face", x: 50, y: 18 } });
const CHEEK = area(2, "cheek_left", "Cheek, left", { map: { view: "face", x: 72, y: 58 } });
const FULL_FACE = area(3, "full_face", "Full face", { map: { view: "face", x: 88, y: 10 }, includes: ["cheek_left"] });
const BACK = area(4, "back", "Back", { region: "body", map: { view: "body", x: 80, y: 30 } });
const TEMPLE = area(5, "temple", "Temple");
const OLD = area(6, "old_spot", "Old spot", { map: { view: "face", x: 10, y: 10 }, archived: true });
const AREAS = [FOREHEAD, CHEEK, FULL_FACE, BACK, TEMPLE, OLD];

describe("area map", () => {
  it("places each area at its spot, lists unplaced ones, hides archived ones and marks chosen ones", () => {
    render(AreaMap, { props: { areas: AREAS, selected: [FULL_FACE.id], onpick: () => {} } });
    const map = screen.getByTestId("area-map");
    const forehead = within(map).getByRole("button", { name: "Forehead" });
    expect(forehead).toBe(screen.getByTestId("map-spot-forehead"));
    expect(forehead.style.left).toBe("50%");
    expect(forehead.style.top).toBe("18%");
    expect(forehead).toHaveAttribute("aria-pressed", "false");
    expect(screen.getByTestId("map-spot-full_face")).toHaveAttribute("aria-pressed", "true");
    // Covered by the chosen full face, not chosen itself.
    expect(screen.getByTestId("map-spot-cheek_left")).toHaveAttribute("aria-pressed", "false");
    expect(screen.getByTestId("map-spot-cheek_left")).toHaveAccessibleName("Cheek, left, included in Full face");
    expect(within(map).getByRole("group", { name: "Body" })).toContainElement(screen.getByTestId("map-spot-back"));
    // Not placed: a plain button below the outlines.
    expect(screen.getByTestId("map-spot-temple").style.left).toBe("");
    expect(screen.queryByTestId("map-spot-old_spot")).toBeNull();
    // Tab order: face top to bottom, then body, then the unplaced ones.
    const order = within(map).getAllByRole("button").filter((b) => b.dataset.testid?.startsWith("map-spot-"));
    expect(order.map((b) => b.dataset.testid)).toEqual([
      "map-spot-full_face", "map-spot-forehead", "map-spot-cheek_left", "map-spot-back", "map-spot-temple",
    ]);
  });

  it("picks with a click or with Enter on the focused spot, and can be hidden (remembered)", async () => {
    const onpick = vi.fn();
    const user = userEvent.setup();
    const { unmount } = render(AreaMap, { props: { areas: AREAS, selected: [], onpick } });
    await user.click(screen.getByTestId("map-spot-back"));
    expect(onpick).toHaveBeenLastCalledWith(BACK.id);
    screen.getByTestId("map-spot-forehead").focus();
    await user.tab();
    expect(screen.getByTestId("map-spot-cheek_left")).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(onpick).toHaveBeenLastCalledWith(CHEEK.id);
    expect(onpick).toHaveBeenCalledTimes(2);

    await user.click(screen.getByRole("button", { name: "Hide map" }));
    expect(screen.queryByTestId("map-spot-forehead")).toBeNull();
    expect(screen.getByRole("button", { name: "Show map" })).toHaveAttribute("aria-expanded", "false");
    unmount();
    render(AreaMap, { props: { areas: AREAS, selected: [], onpick } });
    expect(screen.queryByTestId("map-spot-forehead")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Show map" }));
    expect(screen.getByTestId("map-spot-forehead")).toBeInTheDocument();
  });

  it("fills a blank row, else adds one copying the device settings above; a chosen area is not added twice", () => {
    const rows = [newAreaRow()];
    expect(pickArea(rows, FOREHEAD.id)).toBe(0);
    expect(rows).toHaveLength(1);
    rows[0].device_kind = "derma_pen";
    rows[0].passes = 3;
    expect(pickArea(rows, CHEEK.id)).toBe(1);
    expect(rows[1]).toMatchObject({ area_id: CHEEK.id, device_kind: "derma_pen", passes: 3, needle_depth_mm: null });
    expect(pickArea(rows, FOREHEAD.id)).toBe(0);
    expect(rows.map((r) => r.area_id)).toEqual([FOREHEAD.id, CHEEK.id]);
  });
});

describe("area map in the session form", () => {
  async function openNewSession() {
    const b = createMemoryBackend();
    const patient = await addPatient(b, { indications: [] });
    await renderApp(`#/patients/${patient.id}/sessions/new`, b);
    await screen.findByRole("heading", { name: "New session — Anna Berg" });
    await waitFor(() => el("areas-0-area_id"));
    const ref = await b.getReferenceData();
    const id = (code: string) => ref.areas.find((a) => a.code === code)!.id;
    return { user: userEvent.setup(), id };
  }

  const areaSelects = () => [...document.querySelectorAll<HTMLSelectElement>("select[id$='-area_id'][id^='areas-']")];

  it("adds a row for a clicked spot with the cursor in its depth, and never the same area twice", async () => {
    const { user, id } = await openNewSession();
    await user.click(screen.getByTestId("map-spot-forehead"));
    // The new session's empty first row takes it.
    expect(areaSelects().map((s) => s.value)).toEqual([id("forehead")]);
    expect(el("areas-0-needle_depth_mm")).toHaveFocus();
    expect(screen.getByTestId("map-spot-forehead")).toHaveAttribute("aria-pressed", "true");

    await user.selectOptions(el("areas-0-device_kind"), "Derma pen");
    await user.click(screen.getByTestId("map-spot-chin"));
    expect(areaSelects().map((s) => s.value)).toEqual([id("forehead"), id("chin")]);
    expect(el("areas-1-needle_depth_mm")).toHaveFocus();
    expect(el<HTMLSelectElement>("areas-1-device_kind").value).toBe("derma_pen");

    await user.click(screen.getByTestId("map-spot-forehead"));
    expect(areaSelects().map((s) => s.value)).toEqual([id("forehead"), id("chin")]);
    expect(el("areas-0-needle_depth_mm")).toHaveFocus();
  });

  it("adds a row with Enter on a focused spot", async () => {
    const { user, id } = await openNewSession();
    await user.selectOptions(el("areas-0-area_id"), "Neck");
    screen.getByTestId("map-spot-abdomen").focus();
    await user.keyboard("{Enter}");
    expect(areaSelects().map((s) => s.value)).toEqual([id("neck"), id("abdomen")]);
    expect(el("areas-1-needle_depth_mm")).toHaveFocus();
    expect(screen.getByTestId("map-spot-neck")).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByTestId("map-spot-abdomen")).toHaveAttribute("aria-pressed", "true");
  });
});
