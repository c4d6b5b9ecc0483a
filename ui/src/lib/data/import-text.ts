// How the import page words things: the option labels, the check's summary ("Would create …"),
// the import button ("Import 120 patients and 1,042 sessions"), the done line, progress labels,
// and the problems list (errors first, refused rows from an import's field errors).
import type { ApiError } from "../../bindings/ApiError";
import type { Counts } from "../../bindings/Counts";
import type { DateOrder } from "../../bindings/DateOrder";
import type { Delimiter } from "../../bindings/Delimiter";
import type { Encoding } from "../../bindings/Encoding";
import type { FileKind } from "../../bindings/FileKind";
import type { ImportReport } from "../../bindings/ImportReport";
import type { Problem } from "../../bindings/Problem";
import type { Progress } from "../../bindings/Progress";
import { countOf, formatCount } from "../clinic/format";

/** The mapping select's value for a column that is not imported. */
export const IGNORE = "ignore";
/** Problems listed at most; past that the admin fixes these first. */
export const PROBLEMS_SHOWN = 500;

export const KIND_TITLES: Record<FileKind, string> = {
  patients: "Patients file",
  sessions: "Sessions file (one row per treated area)",
};

export const DATE_ORDERS: { value: DateOrder; label: string }[] = [
  { value: "unset", label: "Not set (refuse ambiguous dates)" },
  { value: "day_first", label: "Day first — 03/04/2024 is 3 April 2024" },
  { value: "month_first", label: "Month first — 03/04/2024 is March 4, 2024" },
];

export const ENCODINGS: Record<Encoding, string> = {
  auto: "Detect automatically",
  utf8: "UTF-8",
  utf16: "UTF-16",
  windows1252: "Windows-1252 (older Excel, Western Europe)",
};

export const DELIMITERS: Record<Delimiter, string> = {
  auto: "Detect automatically",
  comma: "Comma ( , )",
  semicolon: "Semicolon ( ; )",
  tab: "Tab",
};

/** "UTF-8, semicolon-separated, 1,042 rows". */
export function fileFacts(f: { encoding: Encoding; delimiter: Delimiter; rows: number }): string {
  const enc = f.encoding === "windows1252" ? "Windows-1252" : ENCODINGS[f.encoding];
  const sep = f.delimiter === "auto" ? "" : `, ${f.delimiter}-separated`;
  return `${enc}${sep}, ${countOf(f.rows, "row")}`;
}

/** "12 areas, 3 products, 1 reaction". */
const details = (c: Counts) =>
  `${countOf(c.areas, "area")}, ${countOf(c.products, "product")}, ${countOf(c.reactions, "reaction")}`;

/** The check's summary of what an import would do. */
export function summaryText(r: ImportReport): string {
  const c = r.created;
  const p = r.already_present;
  return `Would create ${countOf(c.patients, "patient")}, ${countOf(c.sessions, "session")} (${details(c)}); `
    + `${formatCount(p.patients)} ${p.patients === 1 ? "patient" : "patients"} and ${countOf(p.sessions, "session")} `
    + "already imported";
}

/** The import button: what it will create. */
export function importLabel(c: Counts | null): string {
  if (!c) return "Import";
  const parts = [c.patients ? countOf(c.patients, "patient") : "", c.sessions ? countOf(c.sessions, "session") : ""];
  const what = parts.filter(Boolean).join(" and ");
  return what ? `Import ${what}` : "Nothing new to import";
}

/** The done panel's line: what was imported, and the batch (short id). */
export function doneText(r: ImportReport): string {
  const c = r.created;
  const batch = r.batch_id ? ` (batch ${r.batch_id.slice(0, 8)})` : "";
  return `Imported ${countOf(c.patients, "patient")} and ${countOf(c.sessions, "session")} (${details(c)})${batch}.`;
}

const PHASES: Record<Progress["phase"], string> = {
  reading: "Reading the files",
  checking: "Checking rows",
  writing: "Writing records",
  done: "Finishing",
};

/** "Checking rows: 120 / 1,042". */
export function progressText(p: Progress | null): string {
  if (!p) return "Starting…";
  return p.total > 0 ? `${PHASES[p.phase]}: ${formatCount(p.done)} / ${formatCount(p.total)}` : `${PHASES[p.phase]}…`;
}

export const errorsIn = (problems: Problem[]) => problems.filter((p) => p.severity === "error").length;

/** Errors first, each severity in file order. */
export function sortProblems(problems: Problem[]): Problem[] {
  const rank = (p: Problem) => (p.severity === "error" ? 0 : 1);
  return problems.map((p, i) => [p, i] as const)
    .sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j)
    .map(([p]) => p);
}

/**
 * An import refused as `Invalid`: each field error, keyed `file:line:column`, as an error in the
 * problems list. The file name comes first and holds no colon; the column may.
 */
export function refusedRows(e: ApiError): Problem[] {
  return e.fields.map(({ field, message }) => {
    const m = /^([^:]*):(\d*):(.*)$/s.exec(field);
    return {
      severity: "error", file: m ? m[1] : field, line: m && m[2] ? Number(m[2]) : null,
      column: m && m[3] ? m[3] : null, field: null, message,
    };
  });
}
