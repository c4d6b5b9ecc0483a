// "Reports" on the memory backend, with the small clinic of lib/clinic/fixtures.ts over
// Jan–Mar 2026 (four sessions): the tables show the numbers worked out by hand.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { StoredCourse } from "../../lib/api/memory-courses";
import { ACNE, clinicBackend, clinicRecords, FINE_LINES, id, PINPOINT } from "../../lib/clinic/fixtures";
import { href } from "../../lib/router.svelte";
import { renderApp } from "../../testing";

function course(patientId: string, started_on: string, protocol_id: string | null, name: string): StoredCourse {
  return {
    id: id(), patient_id: patientId, protocol_id, name, indication: null, target_sessions: 6, interval_days: 28,
    started_on, stopped_on: null, note: "",
  };
}

async function openReports() {
  const r = clinicRecords();
  // With no session yet, a course is due on its first day. On 20 Mar: Anna's 12 days late,
  // Ben's 5, Cleo's due in 5 days, Ben's second not for a month.
  const courses = [
    course(r.anna.id, "2026-03-08", ACNE, "Acne scars, face"),
    course(r.ben.id, "2026-03-15", null, "Own plan"),
    course(r.cleo.id, "2026-03-25", FINE_LINES, "Fine lines, face"),
    course(r.ben.id, "2026-04-20", ACNE, "Acne scars, face"),
  ];
  const b = clinicBackend({
    patients: r.patients, sessions: r.sessions, courses, now: () => new Date("2026-03-20T12:00:00Z"), today: "2026-03-20",
  });
  await renderApp("#/reports", b);
  await setPeriod("2026-01", "2026-03");
  await waitFor(() => expect(cells(0)).toEqual(["All sessions", "4", "50.0% (2: 1, 3: 1)", "25.0% (1: 1)"]));
  return { r, user: userEvent.setup() };
}

async function setPeriod(from: string, to: string) {
  await fireEvent.input(screen.getByTestId("report-from"), { target: { value: from } });
  await fireEvent.input(screen.getByTestId("report-to"), { target: { value: to } });
}

const table = (testid: string) => screen.getByTestId(testid);
const rowsOf = (testid: string) => within(table(testid)).getAllByRole("row");
const textOf = (row: HTMLElement) =>
  [...row.querySelectorAll("th, td")].map((c) => (c.textContent ?? "").replace(/\s+/g, " ").trim());
/** Cells of body row `i` of the reactions table. */
const cells = (i: number) => {
  const rows = screen.queryAllByTestId("reaction-row");
  return rows[i] ? textOf(rows[i]) : [];
};

describe("Reports", () => {
  // jsdom has no 2D canvas (and says so on every chart): the charts stay blank, the tables speak.
  beforeEach(() => {
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
  });

  it("shows reactions per group: the share with grade 1 or more and the sessions per grade", async () => {
    const { user } = await openReports();
    expect(textOf(rowsOf("reaction-report-table")[0]))
      .toEqual(["Device type", "Sessions", "Erythema / redness", "Pinpoint bleeding"]);
    expect(cells(1)).toEqual(["Derma pen", "2", "50.0% (3: 1)", "50.0% (1: 1)"]);
    expect(cells(2)).toEqual(["Derma roller", "1", "100.0% (2: 1)", "0.0%"]);
    expect(cells(3)).toEqual(["RF microneedling", "1", "0.0%", "0.0%"]);

    await user.click(screen.getByLabelText("Show reaction types with none recorded"));
    expect(textOf(rowsOf("reaction-report-table")[0])).toHaveLength(2 + 13);

    await user.selectOptions(screen.getByTestId("report-dimension"), "fitzpatrick");
    await waitFor(() => expect(cells(1)[0]).toBe("Not assessed"));
    expect(screen.queryAllByTestId("reaction-row").map((row) => textOf(row).slice(0, 2))).toEqual([
      ["All sessions", "4"], ["Not assessed", "2"], ["Type II", "1"], ["Type V", "1"],
    ]);
  });

  it("charts the highest grade of the chosen reaction per group, with its numbers beside it", async () => {
    const { user } = await openReports();
    expect(screen.getByTestId("reaction-chart")).toBeInTheDocument();
    const head = () => textOf(rowsOf("reaction-chart-table")[0]);
    expect(head()).toEqual([
      "Device type", "Grade 1 almost clear", "Grade 2 mild", "Grade 3 moderate", "Grade 4 severe",
    ]);
    expect(textOf(rowsOf("reaction-chart-table")[1])).toEqual(["All sessions", "0.0%", "25.0%", "25.0%", "0.0%"]);
    expect(textOf(rowsOf("reaction-chart-table")[2])).toEqual(["Derma pen", "0.0%", "0.0%", "50.0%", "0.0%"]);

    await user.selectOptions(screen.getByTestId("report-reaction-type"), PINPOINT);
    await waitFor(() => expect(head()).toEqual(["Device type", "Grade 1 pinpoint", "Grade 2 more than expected"]));
    expect(textOf(rowsOf("reaction-chart-table")[1])).toEqual(["All sessions", "25.0%", "0.0%"]);
  });

  it("lists sessions per month with zeros, and shows a reversed period at its field", async () => {
    await openReports();
    expect(rowsOf("month-report-table").map(textOf)).toEqual([
      ["Month", "Sessions"], ["Jan 2026", "2"], ["Feb 2026", "1"], ["Mar 2026", "1"], ["Total", "4"],
    ]);
    expect(screen.getByTestId("month-chart")).toBeInTheDocument();

    await setPeriod("2025-11", "2026-01");
    await waitFor(() => expect(rowsOf("month-report-table").map(textOf).slice(1, 4)).toEqual([
      ["Nov 2025", "0"], ["Dec 2025", "1"], ["Jan 2026", "2"],
    ]));

    await setPeriod("2026-03", "2026-01");
    expect(await screen.findByTestId("error-to_month")).toHaveTextContent("The last month is before the first");
    expect(screen.getByTestId("report-to")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("month-report-table")).toBeNull();
    expect(screen.getByTestId("export-months")).toBeDisabled();
  });

  it("counts courses due per protocol and lists them most overdue first", async () => {
    const { r } = await openReports();
    expect(screen.getByTestId("courses-due-totals")).toHaveTextContent("2 courses overdue · 1 due soon");
    expect(rowsOf("courses-due-table").map(textOf)).toEqual([
      ["Protocol", "Overdue", "Due soon", "Total"],
      ["Acne scars, face", "1", "0", "1"],
      ["Fine lines, face", "0", "1", "1"],
      ["No protocol", "1", "0", "1"],
    ]);
    expect(screen.getByTestId("courses-due-chart")).toBeInTheDocument();
    const list = screen.getAllByTestId("due-course");
    expect(list.map((row) => row.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "Berg, Anna Acne scars, face Overdue 8 Mar 2026 12",
      "Cho, Ben Own plan Overdue 15 Mar 2026 5",
      "Diaz, Cleo Fine lines, face Due soon 25 Mar 2026 —",
    ]);
    expect(within(list[0]).getByRole("link", { name: "Berg, Anna" })).toHaveAttribute("href", href.patient(r.anna.id));
  });

  it("exports each report and shows one result line, by the button used last", async () => {
    const { user } = await openReports();
    await user.click(screen.getByTestId("export-months"));
    expect(await screen.findByTestId("export-result"))
      .toHaveTextContent("Saved 3 rows to /tmp/sessions-per-month-2026-01-to-2026-03-2026-03-20.csv");

    await user.click(screen.getByTestId("export-courses"));
    await waitFor(() => expect(screen.getByTestId("export-result"))
      .toHaveTextContent("Saved 3 rows to /tmp/courses-due-2026-03-20.csv"));
    expect(screen.getAllByTestId("export-result")).toHaveLength(1);

    await user.click(screen.getByTestId("export-reactions"));
    await waitFor(() => expect(screen.getByTestId("export-result"))
      .toHaveTextContent(/^Saved [\d,]+ rows to \/tmp\/reactions-by-device-type-2026-01-to-2026-03-2026-03-20\.csv$/));
  });
});
