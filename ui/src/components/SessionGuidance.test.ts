// Live guidance in the session form and the device model picker, on the in-memory backend
// (seeded like migration 0002).
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { createMemoryBackend } from "../lib/api/memory";
import { addPatient, renderApp } from "../testing";

const QUARTER_PEN = "Generic Motorised pen, 0.25 mm steps";

const el = <T extends HTMLElement = HTMLInputElement>(id: string) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`no element #${id}`);
  return found as T;
};

const options = (id: string) => [...el<HTMLSelectElement>(id).options].map((o) => o.textContent?.trim());

async function openNewSession() {
  const b = createMemoryBackend();
  const patient = await addPatient(b, { given_name: "Anna", family_name: "Berg", indications: [] });
  await renderApp(`#/patients/${patient.id}/sessions/new`, b);
  await screen.findByRole("heading", { name: "New session — Anna Berg" });
  const user = userEvent.setup();
  await user.clear(el("clinician_name"));
  await user.type(el("clinician_name"), "Dr. Navarro");
  return { b, patient, user };
}

describe("session form guidance", () => {
  it("warns under the depth field as a forehead depth goes past the typical range", async () => {
    const { user } = await openNewSession();
    await user.selectOptions(el("areas-0-area_id"), "Forehead");
    await user.selectOptions(el("areas-0-device_kind"), "Derma pen");
    await user.type(el("areas-0-needle_depth_mm"), "0.6");

    const finding = await screen.findByTestId("finding-areas[0].needle_depth_mm");
    expect(finding).toHaveTextContent("⚠");
    expect(finding).toHaveTextContent("Deeper than usual for Forehead (typically 0.25–0.5 mm, upper use 0.75 mm).");
    expect(finding).toHaveAttribute("role", "status");
    expect(finding.id).toBe("areas-0-needle_depth_mm-finding");
    expect(within(finding).getAllByText(/Deeper/)).toHaveLength(1);
    expect(finding.querySelector(".finding.warn")).not.toBeNull();
    const depth = el("areas-0-needle_depth_mm");
    expect(depth).toHaveFocus();
    expect(depth.getAttribute("aria-describedby")).toContain("areas-0-needle_depth_mm-finding");
    expect(depth).not.toHaveAttribute("aria-invalid");
    expect(screen.getByTestId("findings-summary")).toHaveTextContent("1 warning");
    expect(screen.getByTestId("save-session")).toBeEnabled();

    await user.clear(depth);
    await user.type(depth, "0.5");
    await waitFor(() => expect(screen.queryByTestId("finding-areas[0].needle_depth_mm")).toBeNull());
    expect(screen.queryByTestId("findings-summary")).toBeNull();
  });

  it("refuses an off-step depth for a 0.25 mm pen, and saves once the depth is a setting", async () => {
    const { b, patient, user } = await openNewSession();
    await user.selectOptions(el("areas-0-area_id"), "Forehead");
    await user.selectOptions(el("areas-0-device_model_id"), QUARTER_PEN);
    expect(el<HTMLSelectElement>("areas-0-device_kind").value, "the model sets the kind").toBe("derma_pen");
    expect(screen.getByText("0.25–2.5 mm, 0.25 steps")).toBeInTheDocument();
    await user.type(el("areas-0-passes"), "2");
    await user.type(el("areas-0-needle_depth_mm"), "0.6");

    const finding = await screen.findByTestId("finding-areas[0].needle_depth_mm");
    await waitFor(() => expect(finding.querySelectorAll(".finding")).toHaveLength(2));
    const [block, warn] = finding.querySelectorAll(".finding");
    expect(block).toHaveClass("block");
    expect(block).toHaveTextContent("Must fix: Not a setting of this device (0.25 mm steps from 0.25 mm): use 0.5 mm or 0.75 mm.");
    expect(warn).toHaveClass("warn");
    expect(screen.getByTestId("findings-summary")).toHaveTextContent("1 problem must be fixed before saving · 1 warning");
    expect(screen.getByTestId("save-session"), "the backend refuses, not the button").toBeEnabled();

    await user.click(screen.getByTestId("save-session"));
    expect(await screen.findByTestId("error-areas[0].needle_depth_mm")).toHaveTextContent("0.25 mm steps");
    expect(el("areas-0-needle_depth_mm")).toHaveFocus();
    expect(await b.listPatientSessions(patient.id)).toHaveLength(0);

    await user.clear(el("areas-0-needle_depth_mm"));
    await user.type(el("areas-0-needle_depth_mm"), "0.75");
    await waitFor(() => expect(screen.queryByTestId("error-areas[0].needle_depth_mm")).toBeNull());
    await waitFor(() => expect(screen.getByTestId("finding-areas[0].needle_depth_mm")).not.toHaveTextContent("steps"));
    expect(screen.getByTestId("finding-areas[0].needle_depth_mm")).toHaveTextContent("Deeper than usual for Forehead");
    await user.click(screen.getByTestId("save-session"));
    const detail = await screen.findByTestId("session-detail");
    expect(detail).toHaveTextContent(QUARTER_PEN);
    await user.click(screen.getByRole("link", { name: /Anna Berg/ }));
    const [card] = await screen.findAllByTestId("session-card");
    expect(card).toHaveTextContent(`Forehead · Derma pen (${QUARTER_PEN}) · 0.75 mm · 2 passes`);
  });

  it("refuses a product lot that expired before the session day", async () => {
    const { user } = await openNewSession();
    await user.click(screen.getByTestId("add-product"));
    await user.type(el("products-0-name"), "HA serum");
    await fireEvent.input(el("products-0-expiry_on"), { target: { value: "2020-01-31" } });
    const finding = await screen.findByTestId("finding-products[0].expiry_on");
    expect(finding).toHaveTextContent("This lot expired on 31 Jan 2020, before the session date.");
    expect(el("products-0-expiry_on")).toHaveAttribute("data-finding", "block");
  });

  it("offers the models of the chosen device kind, and Other as free text", async () => {
    const { user } = await openNewSession();
    const models = () => options("areas-0-device_model_id");
    expect(models()).toContain(QUARTER_PEN);
    expect(models()).toContain("Generic Roller 1.0 mm");
    expect(models()[models().length - 1]).toBe("Other (type below)");
    expect(el("areas-0-device_model")).toBeInTheDocument();

    await user.selectOptions(el("areas-0-device_kind"), "Derma roller");
    expect(models()).toEqual(["Generic Roller 0.5 mm", "Generic Roller 1.0 mm", "Generic Roller 1.5 mm", "Other (type below)"]);
    await user.selectOptions(el("areas-0-device_model_id"), "Generic Roller 1.0 mm");
    expect(document.getElementById("areas-0-device_model"), "free text only for Other").toBeNull();
    expect(screen.getByText("1 mm fixed")).toBeInTheDocument();

    await user.click(screen.getByTestId("add-area"));
    expect(el<HTMLSelectElement>("areas-1-device_model_id").value, "copied from the row above")
      .toBe("00000000-0000-7000-8005-000000000005");

    await user.selectOptions(el("areas-0-device_kind"), "Derma pen");
    expect(el<HTMLSelectElement>("areas-0-device_model_id").value, "a roller is no pen").toBe("");
    expect(models()).not.toContain("Generic Roller 1.0 mm");
    expect(models()).toContain(QUARTER_PEN);
    await user.type(el("areas-0-device_model"), "Dermapen 4");
    expect(el("areas-0-device_model")).toHaveValue("Dermapen 4");
  });
});
