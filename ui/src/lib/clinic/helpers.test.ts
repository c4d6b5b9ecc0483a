import { afterEach, describe, expect, it, vi } from "vitest";
import type { ReactionReport } from "../../bindings/ReactionReport";
import { debounce } from "./debounce";
import { emptyForm, isEmptyForm, toFilter } from "./filter";
import { defaultPeriod } from "./period";
import { coursesDueChart, gradeShares, monthChart, reactionChart, shortLabel } from "./report-charts";

afterEach(() => {
  vi.useRealTimers();
});

describe("debounce", () => {
  it("calls once, after the pause, with the last arguments; cancel drops the call", () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    const d = debounce((s: string) => calls.push(s), 200);
    d("a");
    vi.advanceTimersByTime(150);
    d("ab");
    vi.advanceTimersByTime(150);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(calls).toEqual(["ab"]);
    d("abc");
    d.cancel();
    vi.advanceTimersByTime(500);
    expect(calls).toEqual(["ab"]);
  });
});

describe("report period", () => {
  it("defaults to the last 12 months, ending this month, across a year", () => {
    expect(defaultPeriod(new Date(2026, 10, 21))).toEqual({ from_month: "2025-12", to_month: "2026-11" });
    expect(defaultPeriod(new Date(2026, 0, 5))).toEqual({ from_month: "2025-02", to_month: "2026-01" });
  });
});

describe("search filter form", () => {
  it("sends empty fields as null and keeps text trimmed", () => {
    expect(isEmptyForm(emptyForm())).toBe(true);
    const f = toFilter({ ...emptyForm(), lot: " HA-1 ", device_kind: "stamp", min_grade: "2", from: "2026-01-01" });
    expect(f).toMatchObject({ lot: "HA-1", device_kind: "stamp", min_grade: 2, from: "2026-01-01", to: null, product: null });
    // Not a whole number: a grade the backend refuses at the field, rather than silently none.
    expect(toFilter({ ...emptyForm(), min_grade: "two" }).min_grade).toBe(-1);
  });
});

const report: ReactionReport = {
  dimension: "device_kind", heading: "Device type", period: { from_month: "2026-01", to_month: "2026-03" },
  reaction_types: [{ id: "e", name: "Erythema", grades: [0, 1, 2].map((grade) => ({ grade, label: ["none", "mild", "severe"][grade] })) }],
  overall: { key: "", label: "All sessions", sessions: 4, cells: [{ reaction_type_id: "e", grade: 1, sessions: 1 }, { reaction_type_id: "e", grade: 2, sessions: 2 }] },
  groups: [{ key: "derma_pen", label: "Derma pen", sessions: 3, cells: [{ reaction_type_id: "e", grade: 2, sessions: 2 }] }],
};

describe("report charts", () => {
  it("stacks the share of sessions at each highest grade of 1 or more, per group", () => {
    const shares = gradeShares(report, report.reaction_types[0]);
    expect(shares.labels).toEqual(["All sessions", "Derma pen"]);
    expect(shares.series.map((s) => [s.label, s.shares])).toEqual([["1 mild", [25, 0]], ["2 severe", [50, 66.7]]]);
    const config = reactionChart(shares, "Erythema");
    expect(config.type).toBe("bar");
    expect(config.data.datasets.map((d) => d.data)).toEqual([[25, 0], [50, 66.7]]);
  });

  it("draws months and courses due from the same numbers as their tables", () => {
    expect(monthChart([{ month: "2026-01", sessions: 3 }]).data).toMatchObject({ labels: ["Jan 2026"], datasets: [{ data: [3] }] });
    const due = coursesDueChart([{ label: "Acne scars, face", overdue: 2, due_soon: 1 }]);
    expect(due.data.datasets.map((d) => [d.label, d.data])).toEqual([["Overdue", [2]], ["Due soon", [1]]]);
    expect(shortLabel("x".repeat(40))).toHaveLength(32);
  });
});
