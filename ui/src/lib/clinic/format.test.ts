import { describe, expect, it } from "vitest";
import type { RecallHit } from "../../bindings/RecallHit";
import type { ReportGroup } from "../../bindings/ReportGroup";
import type { ReportReactionType } from "../../bindings/ReportReactionType";
import { GRADE_COLOURS } from "../charts";
import {
  countOf, formatCount, gradeColour, monthLabel, reactionCell, recallSummary, savedText, shareText, totalText,
} from "./format";

const ERYTHEMA: ReportReactionType = {
  id: "e", name: "Erythema", grades: [0, 1, 2, 3, 4].map((grade) => ({ grade, label: `g${grade}` })),
};
const group = (sessions: number, cells: [string, number, number][]): ReportGroup => ({
  key: "k", label: "Pen", sessions,
  cells: cells.map(([reaction_type_id, grade, n]) => ({ reaction_type_id, grade, sessions: n })),
});

describe("clinic number formats", () => {
  it("writes counts with separators and shares with one decimal", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(countOf(1, "session")).toBe("1 session");
    expect(countOf(1234, "session")).toBe("1,234 sessions");
    expect(shareText(1, 8)).toBe("12.5%");
    expect(shareText(2, 3)).toBe("66.7%");
    expect(shareText(0, 0)).toBe("0.0%");
  });

  it("says when the search total is past the cap", () => {
    expect(totalText(1234, false)).toBe("1,234 sessions");
    expect(totalText(100_000, true)).toBe("More than 100,000 sessions — add a filter to narrow them");
  });

  it("reports an export and a recall in one line", () => {
    expect(savedText({ path: "/home/a/recall.csv", rows: 1 })).toBe("Saved 1 row to /home/a/recall.csv");
    expect(savedText({ path: "/x.csv", rows: 2500 })).toBe("Saved 2,500 rows to /x.csv");
    const hit = (session_id: string, patient_id: string) => ({ session_id, patient_id }) as RecallHit;
    expect(recallSummary("HA-1", [hit("s1", "p1"), hit("s1", "p1"), hit("s2", "p1")]))
      .toBe("Lot HA-1: 2 sessions, 1 patient");
  });

  it("names months", () => {
    expect(monthLabel("2026-03")).toBe("Mar 2026");
    expect(monthLabel("2026-13")).toBe("2026-13");
  });

  it("gives a report cell's share of grade 1 and above, and the sessions per grade", () => {
    const g = group(320, [["e", 0, 50], ["e", 1, 30], ["e", 2, 9], ["e", 3, 1], ["x", 2, 7]]);
    expect(reactionCell(g, ERYTHEMA)).toEqual({ share: "12.5%", breakdown: "(1: 30, 2: 9, 3: 1)" });
    expect(reactionCell(group(4, [["e", 0, 4]]), ERYTHEMA)).toEqual({ share: "0.0%", breakdown: "" });
  });

  it("colours a grade by its place on its scale", () => {
    expect(gradeColour(0)).toBe(GRADE_COLOURS[0]);
    expect(gradeColour(2)).toBe(GRADE_COLOURS[2]);
    expect(gradeColour(7)).toBe(GRADE_COLOURS[4]);
    // Pain 0–10: 1 is mild, 10 as dark as severe.
    expect(gradeColour(1, 10)).toBe(GRADE_COLOURS[1]);
    expect(gradeColour(10, 10)).toBe(GRADE_COLOURS[4]);
  });
});
