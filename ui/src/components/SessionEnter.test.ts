// Enter in the session form: next field like Tab, a new row at a section's end, never a submit.
import { screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { createMemoryBackend } from "../lib/api/memory";
import { addPatient, renderApp } from "../testing";

const el = <T extends HTMLElement = HTMLInputElement>(id: string) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`no element #${id}`);
  return found as T;
};
const gone = (id: string) => expect(document.getElementById(id), `#${id}`).toBeNull();

async function openNewSession() {
  const b = createMemoryBackend();
  const patient = await addPatient(b, { given_name: "Anna", family_name: "Berg", indications: ["acne_scars"] });
  await renderApp(`#/patients/${patient.id}/sessions/new`, b);
  await screen.findByRole("heading", { name: "New session — Anna Berg" });
  const user = userEvent.setup();
  await user.clear(el("clinician_name"));
  await user.type(el("clinician_name"), "Dr. Navarro");
  await user.selectOptions(el("areas-0-area_id"), "Cheek, left");
  await user.selectOptions(el("areas-0-device_kind"), "Derma pen");
  return { b, patient, user };
}

describe("Enter in the session form", () => {
  it("adds an area row from the last area field and puts the cursor in its area select", async () => {
    const { user } = await openNewSession();
    await user.type(el("areas-0-passes"), "3");
    await user.type(el("areas-0-notes"), "Edge of scar{Enter}");
    expect(el("areas-1-area_id")).toHaveFocus();
    expect(el("areas-1-passes"), "device settings copied as with Add area").toHaveValue(3);
    expect(el("areas-0-notes")).toHaveValue("Edge of scar");
  });

  it("moves on from a middle field like Tab, keeping the number typed, and adds no row", async () => {
    const { user } = await openNewSession();
    await user.type(el("areas-0-needle_depth_mm"), "1.25{Enter}");
    expect(el("areas-0-passes")).toHaveFocus();
    await user.type(el("areas-0-passes"), "2{Enter}");
    expect(el("areas-0-speed_level")).toHaveFocus();
    expect(el("areas-0-needle_depth_mm")).toHaveValue(1.25);
    expect(el("areas-0-passes")).toHaveValue(2);
    gone("areas-1-area_id");

    await user.click(el("clinician_name"));
    await user.keyboard("{Enter}");
    expect(el("session-indication-acne_scars"), "checkboxes are not typed in").not.toHaveFocus();
    expect(el("numbing_product")).toHaveFocus();
  });

  it("never submits the form", async () => {
    const { b, patient, user } = await openNewSession();
    await user.type(el("areas-0-needle_depth_mm"), "1");
    await user.type(el("areas-0-passes"), "2");
    await user.type(el("numbing_product"), "EMLA{Enter}");
    await user.type(el("areas-0-cartridge_lot"), "C-1{Enter}");
    await user.type(el("areas-0-speed_level"), "3{Enter}");
    expect(location.hash).toBe(`#/patients/${patient.id}/sessions/new`);
    expect(screen.queryByTestId("session-detail")).toBeNull();
    expect(await b.listPatientSessions(patient.id)).toHaveLength(0);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("keeps new lines in the notes and leaves buttons to themselves", async () => {
    const { user } = await openNewSession();
    await user.type(el("notes"), "line one{Enter}line two");
    expect(el("notes")).toHaveValue("line one\nline two");
    screen.getByTestId("add-product").focus();
    await user.keyboard("{Enter}");
    expect(el("products-0-name"), "Enter on Add product adds a product").toHaveFocus();
  });

  it("adds product and reaction rows from their last fields", async () => {
    const { user } = await openNewSession();
    await user.click(screen.getByTestId("add-product"));
    await user.type(el("products-0-name"), "HA serum{Enter}");
    expect(el("products-0-role")).toHaveFocus();
    await user.type(el("products-0-amount"), "2 ml{Enter}");
    expect(el("products-1-name")).toHaveFocus();

    await user.click(screen.getByTestId("add-reaction"));
    expect(el("reactions-0-reaction_type_id")).toHaveFocus();
    await user.type(el("reactions-0-note"), "left side{Enter}");
    expect(el("reactions-1-reaction_type_id")).toHaveFocus();
  });

  it("leaves an untouched last row with Enter: products go on to a reaction", async () => {
    const { user } = await openNewSession();
    await user.click(screen.getByTestId("add-product"));
    await user.type(el("products-0-name"), "HA serum");
    await user.type(el("products-0-amount"), "2 ml{Enter}");
    expect(el("products-1-name")).toHaveFocus();
    await user.keyboard("{Enter}");
    gone("products-1-name");
    expect(el("products-0-name")).toHaveValue("HA serum");
    expect(el("reactions-0-reaction_type_id")).toHaveFocus();

    await user.keyboard("{Tab}{Tab}{Tab}{Tab}");
    expect(el("reactions-0-note")).toHaveFocus();
    await user.keyboard("{Enter}");
    gone("reactions-0-reaction_type_id");
    expect(screen.getByTestId("add-reaction")).toHaveFocus();
  });

  it("never removes the only area row", async () => {
    const { user } = await openNewSession();
    await user.selectOptions(el("areas-0-area_id"), "Choose…");
    await user.click(el("areas-0-notes"));
    await user.keyboard("{Enter}");
    expect(el("areas-0-area_id")).toBeInTheDocument();
    expect(el("areas-1-area_id")).toHaveFocus();
  });
});
