import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Backend } from "../lib/api/backend";
import { createMemoryBackend } from "../lib/api/memory";
import { addPatient, renderApp } from "../testing";

const el = <T extends HTMLElement = HTMLInputElement>(id: string) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`no element #${id}`);
  return found as T;
};

async function openNewSession(backend?: Backend) {
  const b = backend ?? createMemoryBackend();
  const patient = await addPatient(b, { given_name: "Anna", family_name: "Berg", indications: ["acne_scars"] });
  await renderApp(`#/patients/${patient.id}/sessions/new`, b);
  await screen.findByRole("heading", { name: "New session — Anna Berg" });
  return { b, patient, user: userEvent.setup() };
}

async function fillArea(user: ReturnType<typeof userEvent.setup>, i: number, area: string, depth: string) {
  await user.selectOptions(el(`areas-${i}-area_id`), area);
  await user.selectOptions(el(`areas-${i}-device_kind`), "Derma pen");
  await user.clear(el(`areas-${i}-needle_depth_mm`));
  await user.type(el(`areas-${i}-needle_depth_mm`), depth);
  await user.clear(el(`areas-${i}-passes`));
  await user.type(el(`areas-${i}-passes`), "3");
}

describe("session form", () => {
  it("starts with one area row, today's time, the patient's indications and the signed-in clinician", async () => {
    // The signed-in clinician's signature name, not the last name used on this machine.
    localStorage.setItem("dermalog.lastClinician", "Dr. Weber");
    await openNewSession();
    expect(el("areas-0-area_id")).toBeInTheDocument();
    expect(document.getElementById("areas-1-area_id")).toBeNull();
    expect(el("started_at").value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(el("clinician_name")).toHaveValue("Dr Ana Silva, MD");
    expect(el("session-indication-acne_scars")).toBeChecked();
    expect(el("session-indication-fine_lines")).not.toBeChecked();
  });

  it("adds and removes area, product and reaction rows; a new area copies the device settings", async () => {
    const { user } = await openNewSession();
    await fillArea(user, 0, "Cheek, left", "1.5");
    await user.type(el("areas-0-cartridge_lot"), "C-2417");
    await user.click(screen.getByTestId("add-area"));
    expect(el("areas-1-area_id")).toHaveFocus();
    expect(el<HTMLSelectElement>("areas-1-device_kind").value).toBe("derma_pen");
    expect(el("areas-1-passes")).toHaveValue(3);
    expect(el("areas-1-cartridge_lot")).toHaveValue("C-2417");
    expect(el("areas-1-needle_depth_mm")).toHaveValue(null);

    await user.click(screen.getByTestId("add-product"));
    expect(el("products-0-name")).toHaveFocus();
    const areaChoice = within(el<HTMLSelectElement>("products-0-area_id"));
    expect(areaChoice.getAllByRole("option").map((o) => o.textContent)).toEqual(["All areas", "Cheek, left"]);

    await user.click(screen.getByTestId("add-reaction"));
    expect(el("reactions-0-reaction_type_id")).toHaveFocus();
    expect(el<HTMLSelectElement>("reactions-0-time_point").value).toBe("immediate");

    await user.click(screen.getByTestId("remove-area-1"));
    expect(document.getElementById("areas-1-area_id")).toBeNull();
    await user.click(screen.getByTestId("remove-product-0"));
    expect(document.getElementById("products-0-name")).toBeNull();
  });

  it("shows a bad depth under its input, keeps what was typed and does not leave the form", async () => {
    const { b, patient, user } = await openNewSession();
    await user.clear(el("clinician_name"));
    await user.type(el("clinician_name"), "Dr. Navarro");
    await fillArea(user, 0, "Cheek, left", "5");
    await user.type(el("notes"), "Keep me");
    await user.click(screen.getByTestId("save-session"));

    const error = await screen.findByTestId("error-areas[0].needle_depth_mm");
    expect(error).toHaveTextContent("at most 3.5 mm");
    expect(error.id).toBe("areas-0-needle_depth_mm-error");
    expect(el("areas-0-needle_depth_mm")).toHaveAttribute("aria-invalid", "true");
    expect(el("areas-0-needle_depth_mm")).toHaveAttribute("aria-describedby", "areas-0-needle_depth_mm-error");
    expect(el("areas-0-needle_depth_mm")).toHaveFocus();
    expect(screen.getByRole("alert")).toHaveTextContent("not saved");
    expect(el("notes")).toHaveValue("Keep me");
    expect(el("areas-0-needle_depth_mm")).toHaveValue(5);
    expect(location.hash).toBe(`#/patients/${patient.id}/sessions/new`);
    expect(await b.listPatientSessions(patient.id)).toHaveLength(0);
    expect(screen.getByTestId("save-session")).toHaveTextContent("Save session");
  });

  it("says a full disk refused the save, in the backend's words, and keeps what was typed", async () => {
    const opts = { diskFull: false };
    const { b, patient, user } = await openNewSession(createMemoryBackend(opts));
    await fillArea(user, 0, "Cheek, left", "1.5");
    await user.type(el("notes"), "Keep me");
    opts.diskFull = true;
    await user.click(screen.getByTestId("save-session"));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(
      /^The disk is full, so this was not saved\. Nothing already saved is affected\. Free some space, then try again\.$/);
    expect(el("notes")).toHaveValue("Keep me");
    expect(location.hash).toBe(`#/patients/${patient.id}/sessions/new`);
    expect(screen.getByTestId("save-session")).toBeEnabled();
    expect(await b.listPatientSessions(patient.id)).toHaveLength(0);

    opts.diskFull = false;
    await user.click(screen.getByTestId("save-session"));
    await waitFor(() => expect(location.hash).toMatch(/^#\/sessions\/[0-9a-f-]{36}$/));
    expect(await b.listPatientSessions(patient.id)).toHaveLength(1);
  });

  it("reports a session without any area under the Treated areas heading", async () => {
    const { user } = await openNewSession();
    await user.click(screen.getByTestId("remove-area-0"));
    await user.click(screen.getByTestId("save-session"));
    expect(await screen.findByTestId("error-areas")).toHaveTextContent("Add at least one treated area.");
  });

  it("builds the grade select from the chosen reaction type's scale", async () => {
    const { user } = await openNewSession();
    await user.click(screen.getByTestId("add-reaction"));
    const grade = el<HTMLSelectElement>("reactions-0-grade");
    const options = () => [...grade.options].filter((o) => o.value !== "").map((o) => o.textContent);

    expect(options()).toEqual([]);
    await user.selectOptions(el("reactions-0-reaction_type_id"), "Erythema / redness");
    expect(options()).toEqual(["0 – none", "1 – almost clear", "2 – mild", "3 – moderate", "4 – severe"]);
    await user.selectOptions(grade, "3 – moderate");
    await user.selectOptions(el("reactions-0-reaction_type_id"), "Pinpoint bleeding");
    expect(options()).toEqual(["0 – none", "1 – pinpoint", "2 – more than expected"]);
    expect(grade.value, "grade 3 does not exist on the bleeding scale").toBe("");
    await user.selectOptions(el("reactions-0-reaction_type_id"), "Infection");
    expect(options()[0]).toBe("1 – mild");
    expect(options()).toHaveLength(4);
  });

  it("saves a valid session and lists it newest first with its areas, products and reactions", async () => {
    const b = createMemoryBackend();
    const { patient, user } = await openNewSession(b);
    const older = await b.saveSession({
      id: "0190a000-0000-7000-9200-000000000001", patient_id: patient.id,
      started_at: "2025-01-10T09:00:00+01:00", ended_at: null, clinician_name: "Dr. Old",
      indications: [], numbing_product: null, numbing_minutes: null, skin_prep: null, pain_score: null,
      notes: "", aftercare_given: false, next_session_on: null, products: [], reactions: [], overrides: [], course_id: null,
      areas: [{ id: null, area_id: "00000000-0000-7000-8001-000000000001", device_kind: "derma_roller",
        device_model_id: null, device_model: null, needle_depth_mm: 0.5, passes: 2, speed_level: null, pattern: null,
        needle_count: null, cartridge_lot: null, endpoint: null, notes: "" }],
    });

    await user.clear(el("clinician_name"));
    await user.type(el("clinician_name"), "Dr. Navarro");
    await fillArea(user, 0, "Cheek, left", "1.5");
    await user.type(el("pain_score"), "3");
    await user.click(screen.getByTestId("add-product"));
    await user.type(el("products-0-name"), "Hyaluronic acid serum");
    await user.selectOptions(el("products-0-role"), "Serum");
    await user.type(el("products-0-lot"), "HA-7781");
    await user.click(screen.getByTestId("add-reaction"));
    await user.selectOptions(el("reactions-0-reaction_type_id"), "Erythema / redness");
    await user.selectOptions(el("reactions-0-grade"), "2 – mild");

    await user.click(screen.getByTestId("save-session"));
    const detail = await screen.findByTestId("session-detail");
    expect(screen.getByTestId("saved-notice")).toHaveTextContent("Session saved");
    expect(detail).toHaveTextContent("Cheek, left");
    expect(detail).toHaveTextContent("HA-7781");
    expect(detail).toHaveTextContent("2 – mild");
    expect(screen.getByTestId("edit-session")).toHaveTextContent("Edit draft");
    expect(localStorage.getItem("dermalog.lastClinician")).toBe("Dr. Navarro");

    await user.click(screen.getByRole("link", { name: /Anna Berg/ }));
    await waitFor(() => expect(screen.getAllByTestId("session-card")).toHaveLength(2));
    expect(screen.getByTestId("session-count")).toHaveTextContent("2 sessions");
    const [newest, oldest] = screen.getAllByTestId("session-card");
    expect(newest).toHaveTextContent("Cheek, left · Derma pen · 1.50 mm · 3 passes");
    expect(newest).toHaveTextContent("Hyaluronic acid serum (serum) · lot HA-7781");
    expect(newest).toHaveTextContent("Erythema / redness: 2 – mild (immediate)");
    expect(newest).toHaveTextContent("Pain 3/10");
    expect(newest).toHaveTextContent("Draft");
    expect(oldest).toHaveTextContent("Forehead · Derma roller · 0.50 mm · 2 passes");
    expect(oldest.getAttribute("href")).toBe(`#/sessions/${older.id}`);
  });

  it("reuses the session id when a failed save is retried, so the visit is stored once", async () => {
    const base = createMemoryBackend();
    let calls = 0;
    let release: () => void = () => {};
    const flaky: Backend = {
      ...base,
      saveSession: async (input) => {
        calls++;
        if (calls === 1) throw { code: "Busy", message: "The database is busy. Try again.", fields: [] };
        await new Promise<void>((r) => (release = r));
        return base.saveSession(input);
      },
    };
    const { patient, user } = await openNewSession(flaky);
    await user.clear(el("clinician_name"));
    await user.type(el("clinician_name"), "Dr. Navarro");
    await fillArea(user, 0, "Chin", "1");

    await user.click(screen.getByTestId("save-session"));
    expect(await screen.findByRole("alert")).toHaveTextContent("The database is busy. Try again.");
    await user.click(screen.getByTestId("save-session"));
    await waitFor(() => expect(screen.getByTestId("save-session")).toHaveTextContent("Saving…"));
    expect(screen.getByTestId("save-session")).toBeDisabled();
    release();
    await screen.findByTestId("session-detail");
    expect(calls).toBe(2);
    expect(await base.listPatientSessions(patient.id)).toHaveLength(1);
  });

  it("edits a draft, keeping its rows and ids", async () => {
    const { b, user } = await openNewSession();
    await user.clear(el("clinician_name"));
    await user.type(el("clinician_name"), "Dr. Navarro");
    await fillArea(user, 0, "Nose", "0.5");
    await user.keyboard("{Control>}s{/Control}");
    await screen.findByTestId("session-detail");
    const id = location.hash.split("/")[2];

    await user.click(screen.getByTestId("edit-session"));
    await screen.findByRole("heading", { name: "Edit session — Anna Berg" });
    await waitFor(() => expect(el("areas-0-needle_depth_mm")).toHaveValue(0.5));
    await user.clear(el("areas-0-needle_depth_mm"));
    await user.type(el("areas-0-needle_depth_mm"), "0.75");
    await user.click(screen.getByTestId("save-session"));
    await screen.findByTestId("saved-notice");
    const saved = await b.getSession(id);
    expect(saved.areas[0].needle_depth_mm).toBe(0.75);
    expect(saved.clinician_name).toBe("Dr. Navarro");
  });

  it("asks before a sidebar link throws away unsaved typing", async () => {
    const b = createMemoryBackend();
    const other = await addPatient(b, { given_name: "Carla", family_name: "Diaz" });
    const { patient, user } = await openNewSession(b);
    const formHash = `#/patients/${patient.id}/sessions/new`;
    await user.type(el("areas-0-needle_depth_mm"), "1.25");
    await waitFor(() => expect(screen.getAllByTestId("patient-row")).toHaveLength(2));

    await user.click(screen.getByText("Diaz, Carla"));
    expect(await screen.findByTestId("confirm-leave")).toBeInTheDocument();
    expect(location.hash).toBe(formHash);
    expect(el("areas-0-needle_depth_mm")).toHaveValue(1.25);

    await user.click(screen.getByRole("button", { name: "Stay and keep editing" }));
    expect(screen.queryByTestId("confirm-leave")).toBeNull();
    await user.click(screen.getByText("Diaz, Carla"));
    await user.click(await screen.findByTestId("confirm-leave"));
    expect(await screen.findByTestId("patient-name")).toHaveTextContent("Carla Diaz");
    expect(location.hash).toBe(`#/patients/${other.id}`);
  });
});
