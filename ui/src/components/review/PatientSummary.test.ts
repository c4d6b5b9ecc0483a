// The printable patient summary: reached from the patient page, with the patient's details,
// medical history, courses and every session.
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { v7 as uuidv7 } from "uuid";
import { afterEach, describe, expect, it, vi } from "vitest";
import { href } from "../../lib/router.svelte";
import { renderApp } from "../../testing";
import { reviewedPatient } from "./review-fixtures";

describe("patient summary", () => {
  afterEach(() => vi.restoreAllMocks());

  it("opens from the patient page and lists details, history, courses and every session", async () => {
    const r = await reviewedPatient();
    const isotretinoin = "00000000-0000-7000-8008-000000000020";
    const laser = "00000000-0000-7000-8008-000000000050";
    await r.b.saveHistoryEntry({
      id: uuidv7(), patient_id: r.patient.id, term_id: isotretinoin, area_id: null, started_on: "2024-01-01",
      ended_on: "2024-06-30", note: "", archived: false,
    });
    await r.b.saveHistoryEntry({
      id: uuidv7(), patient_id: r.patient.id, term_id: laser, area_id: null, started_on: "2024-03-01",
      ended_on: null, note: "Entered by mistake", archived: true,
    });
    await renderApp(`#/patients/${r.patient.id}`, r.b);
    const user = userEvent.setup();
    const link = await screen.findByTestId("patient-summary-link");
    expect(link).toHaveAttribute("href", href.patientSummary(r.patient.id));
    await user.click(link);

    const summary = await screen.findByTestId("patient-summary");
    expect(within(summary).getByRole("heading", { level: 1 })).toHaveTextContent("Anna Berg");
    expect(summary).toHaveTextContent("DL-77");
    expect(summary).toHaveTextContent("Type III");
    const history = within(summary).getByTestId("summary-history");
    expect(history).toHaveTextContent("Isotretinoin (oral)");
    expect(history).not.toHaveTextContent("Laser");
    expect(within(summary).getByTestId("summary-courses")).toHaveTextContent("Acne scars, face2 of 6");

    const rows = within(summary).getAllByTestId("summary-session");
    expect(rows).toHaveLength(4);
    expect(rows[0]).toHaveTextContent("15 Dec 2025");
    expect(rows[0]).toHaveTextContent("Full face · Stamp · 1.50 mm · 3 passes");
    expect(rows[2]).toHaveTextContent("Session 1 of 6 · Acne scars, face");
    expect(rows[2]).toHaveTextContent("Cheek, left · Derma pen (Generic Motorised pen, 0.25 mm steps) · 1.00 mm · 3 passes · cartridge lot C-1");
    expect(rows[2]).toHaveTextContent("Hyaluronic acid serum (serum) · lot HA-2");
    expect(rows[2]).toHaveTextContent("Erythema / redness: 2 – mild (immediate), 1 – almost clear (24 h)");
    expect(rows[2]).toHaveTextContent("4/10");
    expect(rows[2]).toHaveTextContent("Tolerated well");
  });

  it("prints with the system dialog", async () => {
    const r = await reviewedPatient();
    const print = vi.spyOn(window, "print").mockImplementation(() => {});
    await renderApp(href.patientSummary(r.patient.id), r.b);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("print-summary"));
    expect(print).toHaveBeenCalledOnce();
    expect(screen.getByTestId("print-summary").closest(".no-print")).not.toBeNull();
  });

  it("says when the patient does not exist", async () => {
    await renderApp(href.patientSummary("0190a000-0000-7000-9100-00000000ffff"));
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("That patient could not be found."));
  });
});
