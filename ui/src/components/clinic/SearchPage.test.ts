// "Find sessions" on the memory backend: filters narrow the hits, a field error shows at its
// field, a slow old answer never replaces a newer one, exports report their file, and a
// clinic-sized result draws only a screenful.
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Backend } from "../../lib/api/backend";
import type { SessionHit } from "../../bindings/SessionHit";
import { clinicBackend, clinicRecords } from "../../lib/clinic/fixtures";
import { href } from "../../lib/router.svelte";
import { renderApp } from "../../testing";

const hitIds = () => screen.queryAllByTestId("search-hit").map((h) => h.dataset.sessionId);

async function openSearch(backend?: Backend) {
  const r = clinicRecords();
  const b = backend ?? clinicBackend({ patients: r.patients, sessions: r.sessions, today: "2026-03-20" });
  await renderApp("#/search", b);
  await waitFor(() => expect(screen.getByTestId("search-total")).toHaveTextContent("5 sessions"));
  return { r, b, user: userEvent.setup() };
}

describe("Find sessions", () => {
  it("lists every session newest first, then narrows by lot, device and clinician", async () => {
    const { r, user } = await openSearch();
    await waitFor(() => expect(hitIds()).toEqual([r.s3.id, r.s5.id, r.s2.id, r.s1.id, r.s4.id]));
    const first = screen.getAllByTestId("search-hit")[0];
    expect(within(first).getByRole("link", { name: "Diaz, Cleo" })).toHaveAttribute("href", href.patient(r.cleo.id));
    expect(first).toHaveTextContent("MRN-Diaz");

    await user.type(screen.getByTestId("filter-lot"), "HA-1");
    await waitFor(() => expect(hitIds()).toEqual([r.s2.id, r.s1.id]));
    expect(screen.getByTestId("search-total")).toHaveTextContent("2 sessions");
    // S1's worst reaction is erythema 3, marked in words beside its colour.
    const s1 = screen.getAllByTestId("search-hit")[1];
    expect(within(s1).getByTestId("hit-grade")).toHaveTextContent("Grade 3");

    await user.selectOptions(screen.getByTestId("filter-device-kind"), "derma_roller");
    await waitFor(() => expect(hitIds()).toEqual([r.s2.id]));
    expect(screen.getByTestId("search-total")).toHaveTextContent("1 session");

    await user.click(screen.getByTestId("filter-clear"));
    await waitFor(() => expect(hitIds()).toHaveLength(5));
    expect(screen.getByTestId("filter-lot")).toHaveValue("");

    await user.type(screen.getByTestId("filter-clinician"), "nurse");
    await waitFor(() => expect(hitIds()).toEqual([r.s2.id]));
  });

  it("says so when nothing matches, and shows a refused filter at its field", async () => {
    const { user } = await openSearch();
    await user.type(screen.getByTestId("filter-lot"), "NO-SUCH-LOT");
    expect(await screen.findByTestId("search-empty")).toHaveTextContent("No sessions match these filters");
    expect(screen.getByTestId("search-total")).toHaveTextContent("0 sessions");
    expect(screen.getByTestId("export-csv")).toBeDisabled();

    await user.clear(screen.getByTestId("filter-lot"));
    await user.type(screen.getByTestId("filter-from"), "2026-03-01");
    await user.type(screen.getByTestId("filter-to"), "2026-01-01");
    expect(await screen.findByTestId("error-to")).toHaveTextContent("The last day is before the first");
    expect(screen.getByTestId("filter-to")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryAllByTestId("search-hit")).toHaveLength(0);
  });

  it("exports the sessions found and says where, says nothing on cancel, and explains a failure", async () => {
    const r = clinicRecords();
    const b = clinicBackend({ patients: r.patients, sessions: r.sessions, today: "2026-03-20" });
    const { user } = await openSearch(b);
    await user.type(screen.getByTestId("filter-lot"), "HA-1");
    await waitFor(() => expect(hitIds()).toHaveLength(2));
    await user.click(screen.getByTestId("export-csv"));
    expect(await screen.findByTestId("export-result")).toHaveTextContent("Saved 2 rows to /tmp/sessions-2026-03-20.csv");
    expect(screen.getByTestId("export-result")).toHaveAttribute("role", "status");

    b.exportCsv = async () => null;
    await user.click(screen.getByTestId("export-csv"));
    await waitFor(() => expect(screen.queryByTestId("export-result")).toBeNull());

    b.exportCsv = async () => {
      throw { code: "WriteFailed", message: "The file could not be written (disk full).", fields: [] };
    };
    await user.click(screen.getByTestId("export-csv"));
    expect(await screen.findByRole("alert")).toHaveTextContent("The file could not be written (disk full).");
  });

  it("keeps the newest search's answer when an older one arrives late", async () => {
    const r = clinicRecords();
    const b = clinicBackend({ patients: r.patients, sessions: r.sessions });
    const search = b.searchSessions;
    b.searchSessions = async (filter, page) => {
      // The cartridge lot search answers last.
      if (filter.lot === "C-1") await new Promise((done) => setTimeout(done, 400));
      return search(filter, page);
    };
    const { user } = await openSearch(b);
    await user.type(screen.getByTestId("filter-lot"), "C-1");
    await new Promise((done) => setTimeout(done, 250));
    await user.clear(screen.getByTestId("filter-lot"));
    await user.type(screen.getByTestId("filter-lot"), "HA-1");
    await waitFor(() => expect(hitIds()).toEqual([r.s2.id, r.s1.id]));
    await new Promise((done) => setTimeout(done, 400));
    expect(hitIds()).toEqual([r.s2.id, r.s1.id]);
  });

  it("shows a capped total and draws only a screenful of a clinic-sized result", async () => {
    const r = clinicRecords();
    const b = clinicBackend({ patients: r.patients, sessions: r.sessions });
    const asked: number[] = [];
    b.searchSessions = async (_filter, page) => {
      asked.push(page.offset);
      const hits: SessionHit[] = Array.from({ length: page.limit }, (_, k) => ({
        session_id: `s-${page.offset + k}`, started_at: "2026-01-10T09:00:00.000Z", patient_id: r.anna.id,
        given_name: "Anna", family_name: "Berg", mrn: null, clinician_name: "Dr. Navarro", areas: "Forehead 0.50 mm",
        devices: "Derma pen", products: "", reactions: "", max_grade: null,
      }));
      return { hits, total: 100_000, more: true };
    };
    await renderApp("#/search", b);
    await waitFor(() => expect(screen.getByTestId("search-total"))
      .toHaveTextContent("More than 100,000 sessions — add a filter to narrow them"));
    await waitFor(() => expect(screen.getAllByTestId("search-hit").length).toBeGreaterThan(5));
    expect(screen.getAllByTestId("search-hit").length).toBeLessThan(200);
    expect(asked).toEqual([0]);
  });
});
