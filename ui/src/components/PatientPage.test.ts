import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { createMemoryBackend } from "../lib/api/memory";
import { addPatient, renderApp } from "../testing";

describe("patient page", () => {
  it("archives only after confirmation, then offers restore and no new session", async () => {
    const b = createMemoryBackend();
    const p = await addPatient(b, { given_name: "Anna", family_name: "Berg", mrn: "DL-1", indications: ["raised_scars"] });
    await renderApp(`#/patients/${p.id}`, b);
    const user = userEvent.setup();
    expect(await screen.findByTestId("patient-name")).toHaveTextContent("Anna Berg");
    expect(screen.getByText("Raised (hypertrophic) scars / keloids")).toBeInTheDocument();
    expect(screen.getByTestId("new-session")).toBeEnabled();

    await user.click(screen.getByTestId("archive-patient"));
    expect(screen.getByRole("alertdialog")).toHaveTextContent("Their records are kept");
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect((await b.getPatient(p.id)).archived).toBe(false);

    await user.click(screen.getByTestId("archive-patient"));
    await user.click(screen.getByTestId("confirm-archive"));
    expect(await screen.findByTestId("archived-badge")).toHaveTextContent("Archived");
    expect(screen.getByTestId("new-session")).toBeDisabled();
    expect((await b.getPatient(p.id)).archived).toBe(true);
    await waitFor(() => expect(screen.queryAllByTestId("patient-row")).toHaveLength(0));

    await user.click(screen.getByTestId("restore-patient"));
    await waitFor(() => expect(screen.getByTestId("new-session")).toBeEnabled());
    expect(screen.queryByTestId("archived-badge")).toBeNull();
  });

  it("shows a long history in pages of 50 and still names retired areas", async () => {
    const b = createMemoryBackend({ demo: true });
    const [long] = await b.listPatients({ text: "von hohen", include_archived: false, limit: null });
    await renderApp(`#/patients/${long.id}`, b);
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getAllByTestId("session-card")).toHaveLength(50));
    expect(screen.getByTestId("session-count")).toHaveTextContent(`${long.session_count} sessions`);
    await user.click(screen.getByTestId("show-all-sessions"));
    const cards = screen.getAllByTestId("session-card");
    expect(cards).toHaveLength(long.session_count);
    expect(cards[cards.length - 1]).toHaveTextContent("Temple (custom, retired)");
  });

  it("draws a long history's newest sessions first, then fetches the rest", async () => {
    const b = createMemoryBackend({ demo: true });
    const [long] = await b.listPatients({ text: "von hohen", include_archived: false, limit: null });
    const asked: number[] = [];
    const recent = b.listRecentSessions;
    b.listRecentSessions = (id, limit) => (asked.push(limit), recent(id, limit));
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const all = b.listPatientSessions;
    b.listPatientSessions = async (id) => (await gate, all(id));
    await renderApp(`#/patients/${long.id}`, b);

    expect(await screen.findByTestId("session-count")).toHaveTextContent(`${long.session_count} sessions`);
    expect(asked).toEqual([6]);
    await waitFor(() => expect(screen.getAllByTestId("session-card")).toHaveLength(6));
    expect(screen.getByTestId("show-all-sessions")).toHaveTextContent(`Show all ${long.session_count} sessions`);
    expect(screen.queryByTestId("area-charts")).toBeNull();

    release();
    await waitFor(() => expect(screen.getAllByTestId("session-card")).toHaveLength(50));
    expect(screen.getByTestId("area-charts")).toBeInTheDocument();
    expect(screen.getByTestId("session-count")).toHaveTextContent(`${long.session_count} sessions`);
  });

  it("keeps the newest sessions on screen when the rest cannot be fetched, and tries again", async () => {
    const b = createMemoryBackend({ demo: true });
    const [long] = await b.listPatients({ text: "von hohen", include_archived: false, limit: null });
    const all = b.listPatientSessions;
    let fail = true;
    b.listPatientSessions = async (id) => {
      if (fail) throw { code: "Unavailable", message: "The database is busy.", fields: [] };
      return all(id);
    };
    await renderApp(`#/patients/${long.id}`, b);
    const user = userEvent.setup();

    const problem = await screen.findByTestId("history-rest-error");
    expect(problem).toHaveTextContent(`Only the newest 6 of ${long.session_count} sessions are shown: The database is busy.`);
    expect(screen.getByTestId("patient-name")).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByTestId("session-card")).toHaveLength(6));

    fail = false;
    await user.click(within(problem).getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(screen.getAllByTestId("session-card")).toHaveLength(50));
    expect(screen.queryByTestId("history-rest-error")).toBeNull();
  });

  it("filters a long history, shows every match on asking, and folds the per-area charts", async () => {
    const b = createMemoryBackend({ demo: true });
    const [long] = await b.listPatients({ text: "von hohen", include_archived: false, limit: null });
    await renderApp(`#/patients/${long.id}`, b);
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getAllByTestId("session-card")).toHaveLength(50));
    expect(screen.getByTestId("patient-summary-link")).toHaveTextContent("Printable summary");
    const blocks = within(screen.getByTestId("area-charts")).getAllByTestId("area-chart");
    expect(blocks.map((x) => x.dataset.areaCode)).toEqual(
      ["cheek_left", "cheek_right", "forehead", "full_face", "temple_custom"]);
    expect(blocks.every((x) => !x.hasAttribute("open"))).toBe(true);

    // Every 4th of the 214 sessions treated the forehead (and one the full face, which overlaps it).
    await user.selectOptions(screen.getByTestId("hf-area"), "00000000-0000-7000-8001-000000000001");
    await waitFor(() => expect(screen.getByTestId("history-match-count"))
      .toHaveTextContent(`55 of ${long.session_count} sessions match`));
    expect(screen.getAllByTestId("session-card")).toHaveLength(50);
    await user.click(screen.getByTestId("show-all-sessions"));
    expect(screen.getAllByTestId("session-card")).toHaveLength(55);

    await user.type(screen.getByTestId("hf-clinician"), "dr. ines");
    await waitFor(() => expect(screen.getByTestId("history-match-count"))
      .toHaveTextContent(`19 of ${long.session_count} sessions match`));
    await user.click(screen.getByTestId("hf-clear"));
    await waitFor(() => expect(screen.queryByTestId("history-match-count")).toBeNull());
  });

  it("says so when the patient does not exist", async () => {
    await renderApp("#/patients/0190a000-0000-7000-9100-00000000ffff");
    expect(await screen.findByRole("alert")).toHaveTextContent("That patient could not be found.");
  });
});
