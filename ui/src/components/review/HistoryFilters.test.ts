// Filtering a patient's timeline on the patient page, on the memory backend.
import { fireEvent, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderApp } from "../../testing";
import { AREA, reviewedPatient, TYPE } from "./review-fixtures";


async function openPatient() {
  const r = await reviewedPatient();
  await renderApp(`#/patients/${r.patient.id}`, r.b);
  await waitFor(() => expect(screen.getAllByTestId("session-card")).toHaveLength(4));
  return { ...r, user: userEvent.setup() };
}

const cards = () => screen.queryAllByTestId("session-card");
const count = () => screen.getByTestId("history-match-count");

async function setDate(testid: string, value: string) {
  const input = screen.getByTestId(testid);
  await fireEvent.input(input, { target: { value } });
  await fireEvent.change(input);
}

describe("history filters", () => {
  it("filters by area (overlaps included), device and reaction, and clears", async () => {
    const { user, sessions } = await openPatient();
    expect(screen.queryByTestId("history-match-count")).toBeNull();
    expect(screen.getByTestId("hf-clear")).toBeDisabled();

    await user.selectOptions(screen.getByTestId("hf-area"), AREA.cheekLeft);
    // The full-face session overlaps the left cheek.
    await waitFor(() => expect(count()).toHaveTextContent("3 of 4 sessions match"));
    expect(cards().map((c) => c.getAttribute("href"))).toEqual(
      [sessions[3], sessions[2], sessions[1]].map((s) => `#/sessions/${s.id}`));

    await user.selectOptions(screen.getByTestId("hf-device"), "derma_roller");
    await waitFor(() => expect(count()).toHaveTextContent("1 of 4 sessions match"));
    expect(cards()[0]).toHaveTextContent("Nurse Ada");

    await user.click(screen.getByTestId("hf-clear"));
    await waitFor(() => expect(cards()).toHaveLength(4));
    expect(screen.queryByTestId("history-match-count")).toBeNull();
    expect(screen.getByTestId("hf-area")).toHaveValue("");

    await user.selectOptions(screen.getByTestId("hf-reaction-type"), TYPE.erythema);
    await waitFor(() => expect(count()).toHaveTextContent("2 of 4 sessions match"));
    await user.selectOptions(screen.getByTestId("hf-min-grade"), "2");
    await waitFor(() => expect(count()).toHaveTextContent("1 of 4 sessions match"));
    expect(cards()[0]).toHaveTextContent("Erythema / redness: 2 – mild (immediate), 1 – almost clear (24 h)");
  });

  it("filters by product, clinician (typed, after a pause), course and dates", async () => {
    const { user, course } = await openPatient();
    expect(screen.getByLabelText("Product")).toBe(screen.getByTestId("hf-product"));
    await user.type(screen.getByTestId("hf-product"), "prp");
    await waitFor(() => expect(count()).toHaveTextContent("1 of 4 sessions match"));
    await user.clear(screen.getByTestId("hf-product"));
    await waitFor(() => expect(screen.queryByTestId("history-match-count")).toBeNull());

    await user.type(screen.getByTestId("hf-clinician"), "dr.");
    await waitFor(() => expect(count()).toHaveTextContent("3 of 4 sessions match"));
    await user.selectOptions(screen.getByTestId("hf-course"), course.id);
    await waitFor(() => expect(count()).toHaveTextContent("1 of 4 sessions match"));
    expect(cards()[0]).toHaveTextContent("Session 1 of 6");

    await user.click(screen.getByTestId("hf-clear"));
    await setDate("hf-from", "2025-10-06");
    await setDate("hf-to", "2025-11-10");
    await waitFor(() => expect(count()).toHaveTextContent("2 of 4 sessions match"));
  });

  it("shows the backend's field error next to the date until it is put right", async () => {
    await openPatient();
    await setDate("hf-from", "2025-12-01");
    await waitFor(() => expect(count()).toHaveTextContent("1 of 4 sessions match"));
    await setDate("hf-to", "2025-11-01");
    const error = await screen.findByTestId("error-to");
    expect(error).toHaveTextContent("The last day is before the first.");
    expect(screen.getByTestId("hf-to")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("hf-to")).toHaveAttribute("aria-describedby", error.id);
    await setDate("hf-to", "2025-12-31");
    await waitFor(() => expect(screen.queryByTestId("error-to")).toBeNull());
    expect(count()).toHaveTextContent("1 of 4 sessions match");
  });
});
