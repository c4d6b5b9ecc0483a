// "Lot recall" on the memory backend: the sessions and patients a lot reached, with contact
// details, opened from a link or typed; an empty lot and an unused lot each get their sentence.
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { clinicBackend, clinicRecords } from "../../lib/clinic/fixtures";
import { href } from "../../lib/router.svelte";
import { renderApp } from "../../testing";

function clinic() {
  const r = clinicRecords();
  return { r, b: clinicBackend({ patients: r.patients, sessions: r.sessions, today: "2026-03-20" }) };
}

const hitIds = () => screen.queryAllByTestId("recall-hit").map((h) => h.dataset.sessionId);

describe("Lot recall", () => {
  it("finds every use of a lot with Enter, newest first, with the patients' contact details", async () => {
    const { r, b } = clinic();
    await renderApp("#/recall", b);
    const user = userEvent.setup();
    expect(await screen.findByTestId("recall-lot")).toHaveFocus();
    await user.type(screen.getByTestId("recall-lot"), " HA-1 {Enter}");

    // S2 used the lot twice (a serum and a glide): two rows, one session.
    expect(await screen.findByTestId("recall-summary")).toHaveTextContent("Lot HA-1: 2 sessions, 2 patients");
    await waitFor(() => expect(hitIds()).toEqual([r.s2.id, r.s2.id, r.s1.id]));
    const [serum, glide, first] = screen.getAllByTestId("recall-hit");
    expect(serum).toHaveTextContent("Vitamin C serum");
    expect(glide).toHaveTextContent("Hyaluronic glide gel");
    expect(serum).toHaveTextContent("ben@example.org");
    expect(first).toHaveTextContent("MRN-Berg");
    expect(first).toHaveTextContent(r.anna.phone!);
    expect(within(first).getByRole("link", { name: "Berg, Anna" })).toHaveAttribute("href", href.patient(r.anna.id));
    expect(location.hash).toBe(href.recall("HA-1"));

    await user.click(screen.getByTestId("export-csv"));
    expect(await screen.findByTestId("export-result")).toHaveTextContent("Saved 3 rows to /tmp/recall-HA-1-2026-03-20.csv");
  });

  it("searches at once when opened with a lot, and names the areas a cartridge was used on", async () => {
    const { r, b } = clinic();
    await renderApp(href.recall("C-1"), b);
    expect(await screen.findByTestId("recall-summary")).toHaveTextContent("Lot C-1: 2 sessions, 2 patients");
    await waitFor(() => expect(hitIds()).toEqual([r.s5.id, r.s1.id]));
    expect(screen.getAllByTestId("recall-hit")[1]).toHaveTextContent("Cartridge");
    expect(screen.getAllByTestId("recall-hit")[1]).toHaveTextContent("Forehead, Cheek, left");
    expect(screen.getByTestId("recall-lot")).toHaveValue("C-1");
  });

  it("asks for a lot when none is typed, and says when a lot was never used", async () => {
    const { b } = clinic();
    await renderApp("#/recall", b);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("recall-run"));
    expect(screen.getByTestId("error-lot")).toHaveTextContent("Enter the lot number to recall");
    expect(screen.getByTestId("recall-lot")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("recall-summary")).toBeNull();

    await user.type(screen.getByTestId("recall-lot"), "ha-1");
    await user.click(screen.getByTestId("recall-run"));
    expect(await screen.findByTestId("recall-summary")).toHaveTextContent("Lot ha-1: 0 sessions, 0 patients");
    expect(screen.getByTestId("recall-empty")).toHaveTextContent("No session used lot “ha-1”");
    expect(screen.queryByTestId("error-lot")).toBeNull();
    expect(screen.queryByTestId("export-csv")).toBeNull();
  });
});
