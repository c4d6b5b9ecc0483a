// Comparing two sessions: ticking them in the timeline, then the side-by-side table.
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { href } from "../../lib/router.svelte";
import { formatInstantDate } from "../../lib/time";
import { renderApp } from "../../testing";
import { reviewedPatient } from "./review-fixtures";

/** The table's rows as [label, older, newer] text, within the section headed `heading`. */
function section(heading: string): Record<string, HTMLElement[]> {
  const body = screen.getAllByTestId("compare-section")
    .find((s) => s.querySelector("th[scope=rowgroup]")?.textContent === heading);
  if (!body) throw new Error(`no section ${heading}`);
  const rows = [...body.querySelectorAll("tr")].slice(1);
  return Object.fromEntries(rows.map((r) => [r.querySelector("th")!.textContent!, [...r.querySelectorAll("td")]]));
}

describe("compare sessions", () => {
  it("ticks two sessions in the timeline, holds back a third, and opens them older first", async () => {
    const { b, patient, sessions } = await reviewedPatient();
    await renderApp(`#/patients/${patient.id}`, b);
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getAllByTestId("compare-toggle")).toHaveLength(4));
    expect(screen.queryByTestId("compare-selected")).toBeNull();

    // Newest first: [Dec, Nov, Oct, Sep].
    const toggles = () => screen.getAllByTestId("compare-toggle");
    expect(toggles()[0]).toHaveAccessibleName(`Compare session of ${formatInstantDate(sessions[3].started_at)}`);
    // The tick is beside the link, never inside it.
    expect(toggles()[0].closest("a")).toBeNull();
    await user.click(toggles()[1]);
    expect(screen.getByTestId("compare-selected")).toBeDisabled();
    await user.click(toggles()[2]);
    expect(toggles()[0]).toBeDisabled();
    expect(toggles()[3]).toBeDisabled();
    expect(screen.getByTestId("compare-bar")).toHaveTextContent("Untick one to choose another");

    await user.click(screen.getByTestId("compare-selected"));
    expect(location.hash).toBe(href.compare(sessions[1].id, sessions[2].id));
    expect(await screen.findByTestId("compare-table")).toBeInTheDocument();
  });

  it("shows the two sessions side by side with the differences marked", async () => {
    const { b, patient, sessions } = await reviewedPatient();
    // Newer first in the link: the page still puts the older on the left.
    await renderApp(href.compare(sessions[2].id, sessions[1].id), b);
    const table = await screen.findByTestId("compare-table");
    const heads = within(table).getAllByRole("columnheader");
    expect(heads[0]).toHaveTextContent(formatInstantDate(sessions[1].started_at));

    const visit = section("Visit");
    expect(visit.Clinician[0]).toHaveTextContent("Dr. Navarro");
    expect(visit.Clinician[1]).toHaveClass("diff");
    expect(visit.Clinician[1]).toHaveTextContent("Nurse Ada (changed)");
    expect(visit.Pain.map((c) => c.textContent)).toEqual(["4/10 (changed)", "5/10 (changed)"]);
    expect(visit["Aftercare given"][0]).not.toHaveClass("diff");
    expect(visit.Date[0]).not.toHaveClass("diff");
    expect(visit.Course[0]).toHaveTextContent("Session 1 of 6 · Acne scars, face");

    const cheek = section("Cheek, left");
    expect(cheek.Depth.map((c) => c.textContent)).toEqual(["1.00 mm (changed)", "1.25 mm (changed)"]);
    expect(cheek.Depth[1]).toHaveAttribute("data-testid", "compare-diff");
    expect(cheek.Passes[0]).not.toHaveClass("diff");
    expect(cheek["Cartridge lot"][0]).toHaveTextContent("C-1");

    expect(section("PRP").Used[0]).toHaveTextContent("not used");
    expect(section("Hyaluronic acid serum").Used[1]).toHaveTextContent("not used");
    const reactions = section("Reactions");
    expect(reactions["Erythema / redness"][0]).toHaveTextContent("2 – mild (immediate 2, 24 h 1)");
    expect(reactions["Edema / swelling"][1]).toHaveTextContent("3 – moderate (immediate 3 on Cheek, left)");

    expect(screen.getAllByTestId("compare-diff").length).toBeGreaterThan(8);
    expect(screen.getByTestId("compare-back")).toHaveAttribute("href", href.patient(patient.id));
  });

  it("says when the sessions belong to different patients", async () => {
    const first = await reviewedPatient();
    const { sessions } = first;
    const other = await first.b.saveSession({
      id: crypto.randomUUID(),
      patient_id: (await first.b.savePatient({
        id: crypto.randomUUID(), given_name: "Ben", family_name: "Other", date_of_birth: "1980-01-01",
        sex_at_birth: "male", mrn: null, phone: null, email: null, fitzpatrick: null, fitzpatrick_assessed_on: null,
        indications: [], notes: "",
      })).id,
      started_at: "2025-09-01T09:00:00Z", ended_at: null, clinician_name: "Dr. Navarro", indications: [],
      numbing_product: null, numbing_minutes: null, skin_prep: null, pain_score: null, notes: "",
      aftercare_given: false, next_session_on: null, areas: [{
        id: null, area_id: "00000000-0000-7000-8001-000000000001", device_kind: "derma_pen", device_model_id: null,
        device_model: null, needle_depth_mm: 0.5, passes: 2, speed_level: null, pattern: null, needle_count: null,
        cartridge_lot: null, endpoint: null, notes: "",
      }], products: [], reactions: [], overrides: [], course_id: null,
    });
    await renderApp(href.compare(sessions[0].id, other.id), first.b);
    expect(await screen.findByRole("alert")).toHaveTextContent("belong to different patients");
  });
});
