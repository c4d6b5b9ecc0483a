// The medical history on the patient page, on the in-memory backend (terms seeded like
// migration 0003): adding with a field error then success, ending an entry, entered in error.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { createMemoryBackend } from "../../lib/api/memory";
import { formatDate } from "../../lib/time";
import { addPatient, renderApp } from "../../testing";

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);
const byId = <T extends HTMLElement = HTMLInputElement>(testid: string) => screen.getByTestId(testid) as T;
const setDate = (testid: string, value: string) => fireEvent.input(byId(testid), { target: { value } });

async function openPatient() {
  const b = createMemoryBackend();
  const patient = await addPatient(b, { given_name: "Anna", family_name: "Berg", fitzpatrick: 4 });
  await renderApp(`#/patients/${patient.id}`, b);
  const section = await screen.findByTestId("medical-history");
  await within(section).findByTestId("history-empty");
  return { b, patient, section, user: userEvent.setup() };
}

describe("medical history", () => {
  it("shows a missing treatment date under its field, then adds the entry and stays open for the next", async () => {
    const { b, patient, section, user } = await openPatient();
    expect(within(section).getByTestId("history-fitzpatrick")).toHaveTextContent("Fitzpatrick IV");

    await user.click(byId("history-add"));
    expect(byId("history-kind")).toHaveFocus();
    await user.selectOptions(byId("history-kind"), "Other treatment");
    expect(screen.getByLabelText("Treatment date")).toBe(byId("history-start"));
    expect(screen.queryByTestId("history-end"), "a treatment happens on a day").toBeNull();
    const terms = [...byId<HTMLSelectElement>("history-term").options].map((o) => o.textContent);
    expect(terms).toContain("Chemical peel");
    expect(terms, "only terms of the kind").not.toContain("Isotretinoin (oral)");
    await user.selectOptions(byId("history-term"), "Chemical peel");
    await user.selectOptions(byId("history-area"), "Forehead");
    await user.type(byId("history-note"), "TCA 15 %{Enter}");

    const error = await screen.findByTestId("error-started_on");
    expect(error).toHaveTextContent("Enter the date (an estimate is fine).");
    expect(byId("history-start")).toHaveAttribute("aria-invalid", "true");
    expect(byId("history-start")).toHaveFocus();
    expect((await b.getPatientHistory(patient.id)).entries).toHaveLength(0);

    const on = daysAgo(10);
    await setDate("history-start", on);
    await user.type(byId("history-start"), "{Enter}");
    const row = await within(section).findByTestId("history-entry-chemical_peel");
    expect(row).toHaveTextContent(`Chemical peel (Forehead) on ${formatDate(on)}`);
    expect(row).toHaveTextContent("TCA 15 %");
    expect(within(section).getByTestId("history-group-treatment")).toHaveTextContent("Other treatments");
    expect(screen.queryByTestId("error-started_on")).toBeNull();
    expect(byId("history-added")).toHaveTextContent("Added: Chemical peel.");
    expect(byId("history-term"), "ready for the next entry").toHaveFocus();
    expect(byId("history-term")).toHaveValue("");
    const [stored] = (await b.getPatientHistory(patient.id)).entries;
    expect(stored).toMatchObject({ term_code: "chemical_peel", started_on: on, ended_on: null, note: "TCA 15 %" });
  });

  it("refuses an end before the start, sets a medication's stop date, and keeps an entry made in error", async () => {
    const { b, patient, section, user } = await openPatient();
    await user.click(byId("history-add"));
    await user.selectOptions(byId("history-kind"), "Medication");
    expect(screen.getByLabelText(/^Started/)).toBe(byId("history-start"));
    await user.selectOptions(byId("history-term"), "Isotretinoin (oral)");
    await setDate("history-start", daysAgo(200));
    await setDate("history-end", daysAgo(300));
    await user.click(byId("history-save"));
    expect(await screen.findByTestId("error-ended_on")).toHaveTextContent("The end date cannot be before the start date.");

    await setDate("history-end", "");
    await user.click(byId("history-save"));
    const row = await within(section).findByTestId("history-entry-isotretinoin");
    expect(row).toHaveTextContent(`since ${formatDate(daysAgo(200))}`);
    expect(row).toHaveTextContent("Current");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("history-form")).toBeNull());
    expect(byId("history-add")).toHaveFocus();

    await user.click(within(row).getByTestId("history-stop"));
    expect(byId("history-end")).toHaveFocus();
    expect(screen.getByLabelText(/^Stopped/)).toBe(byId("history-end"));
    await setDate("history-end", daysAgo(20));
    await user.click(byId("history-save"));
    await waitFor(() => expect(within(section).getByTestId("history-entry-isotretinoin"))
      .toHaveTextContent(`started ${formatDate(daysAgo(200))}, stopped ${formatDate(daysAgo(20))}`));
    expect(within(section).getByTestId("history-entry-isotretinoin")).not.toHaveTextContent("Current");
    expect((await b.getPatientHistory(patient.id)).entries[0].ended_on).toBe(daysAgo(20));

    await user.click(within(section).getByTestId("history-entered-in-error"));
    await waitFor(() => expect(within(section).queryByTestId("history-entry-isotretinoin")).toBeNull());
    expect((await b.getPatientHistory(patient.id)).entries[0].archived).toBe(true);
    expect(within(section).getByTestId("history-count")).toHaveTextContent("0 entries");
    await user.click(byId("history-show-errors"));
    const struck = within(section).getByTestId("history-entry-isotretinoin");
    expect(struck).toHaveClass("entered-in-error");
    expect(struck.querySelector("del")).toHaveTextContent("Isotretinoin (oral)");
    expect(struck).toHaveTextContent("Entered in error");
    expect(within(struck).queryByTestId("history-edit")).toBeNull();
    await user.click(within(struck).getByTestId("history-restore"));
    await waitFor(() => expect(within(section).getByTestId("history-entry-isotretinoin")).not.toHaveClass("entered-in-error"));
  });
});
