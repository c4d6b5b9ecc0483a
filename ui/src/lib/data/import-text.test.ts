// The import page's sentences and the refused rows read back from an import's field errors.
import { describe, expect, it } from "vitest";
import type { ImportReport } from "../../bindings/ImportReport";
import { doneText, fileFacts, importLabel, progressText, refusedRows, sortProblems, summaryText } from "./import-text";

const counts = (patients: number, sessions: number, areas = 0, products = 0, reactions = 0) =>
  ({ patients, sessions, areas, products, reactions });

describe("import wording", () => {
  it("summarises a check and labels the import by what it creates", () => {
    const report: ImportReport = {
      dry_run: true, batch_id: null, files: [], created: counts(120, 1042, 2310, 800, 1),
      already_present: counts(1, 0), problems: [],
    };
    expect(summaryText(report)).toBe(
      "Would create 120 patients, 1,042 sessions (2,310 areas, 800 products, 1 reaction); 1 patient and 0 sessions already imported");
    expect(importLabel(report.created)).toBe("Import 120 patients and 1,042 sessions");
    expect(importLabel(counts(0, 1))).toBe("Import 1 session");
    expect(importLabel(counts(0, 0))).toBe("Nothing new to import");
    expect(importLabel(null)).toBe("Import");
    expect(doneText({ ...report, dry_run: false, batch_id: "0190a1b2-c3d4-7000-8000-000000000001" })).toBe(
      "Imported 120 patients and 1,042 sessions (2,310 areas, 800 products, 1 reaction) (batch 0190a1b2).");
    expect(fileFacts({ encoding: "windows1252", delimiter: "semicolon", rows: 1 })).toBe(
      "Windows-1252, semicolon-separated, 1 row");
    expect(progressText({ phase: "writing", done: 1200, total: 3400 })).toBe("Writing records: 1,200 / 3,400");
    expect(progressText({ phase: "reading", done: 0, total: 0 })).toBe("Reading the files…");
    expect(progressText(null)).toBe("Starting…");
  });

  it("reads refused rows keyed file:line:column, a column holding colons too", () => {
    const rows = refusedRows({ code: "Invalid", message: "x", fields: [
      { field: "visits.csv:12:Time: start", message: "Not a time." },
      { field: "patients.csv::", message: "No rows." },
    ] });
    expect(rows).toEqual([
      { severity: "error", file: "visits.csv", line: 12, column: "Time: start", field: null, message: "Not a time." },
      { severity: "error", file: "patients.csv", line: null, column: null, field: null, message: "No rows." },
    ]);
    const w = { ...rows[0], severity: "warning" as const };
    expect(sortProblems([w, rows[1], rows[0]])).toEqual([rows[1], rows[0], w]);
  });
});
