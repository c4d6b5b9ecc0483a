// "By area" on the patient page: one folding block per treated area, most recent first, each
// with a chart and the table of its sessions.
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderApp } from "../../testing";
import { reviewedPatient } from "./review-fixtures";

describe("area charts", () => {
  // jsdom has no 2D canvas: the chart helper then draws nothing, and the table is what is read.
  beforeEach(() => {
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
  });
  afterEach(() => vi.restoreAllMocks());

  it("lists each treated area, most recently treated first, with its sessions in a table", async () => {
    const { b, patient } = await reviewedPatient();
    await renderApp(`#/patients/${patient.id}`, b);
    const user = userEvent.setup();
    const panel = await screen.findByTestId("area-charts");
    const blocks = within(panel).getAllByTestId("area-chart");
    expect(blocks.map((x) => x.dataset.areaCode)).toEqual(["full_face", "cheek_left", "forehead"]);
    expect(blocks[1]).toHaveTextContent("Cheek, left 2 sessions · last 10 Nov 2025 at 1.25 mm");
    // Folded until opened, and built only then.
    expect(blocks[1]).not.toHaveAttribute("open");
    expect(within(blocks[1]).queryByTestId("area-table")).toBeNull();

    await user.click(within(blocks[1]).getByText("Cheek, left"));
    const table = await within(blocks[1]).findByTestId("area-table");
    expect(blocks[1].querySelector("canvas")).not.toBeNull();
    const rows = within(table).getAllByTestId("area-row").map((r) =>
      [...r.querySelectorAll("th, td")].map((c) => c.textContent?.trim()));
    expect(rows).toEqual([
      ["10 Nov 2025", "1.25 mm", "Derma roller", "PRP", "Edema / swelling 3 – moderate"],
      ["6 Oct 2025", "1.00 mm", "Derma pen (Generic Motorised pen, 0.25 mm steps)", "Hyaluronic acid serum",
        "Erythema / redness 2 – mild"],
    ]);
    expect(within(table).getByRole("columnheader", { name: "Highest reaction" })).toBeInTheDocument();

    await user.click(within(blocks[0]).getByText("Full face"));
    await waitFor(() => expect(within(blocks[0]).getAllByTestId("area-row")).toHaveLength(1));
    expect(within(blocks[0]).getByTestId("area-row")).toHaveTextContent("none recorded");
  });
});
