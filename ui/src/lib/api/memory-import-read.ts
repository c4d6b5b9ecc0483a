// Reading an import file in the in-memory backend, as the app's reader does: the encoding and
// delimiter detected or forced (a wrong choice shows as mangled text or a single column), the
// headers matched to fields by name and alias unless the user mapped them, and dates read in
// the chosen order (ambiguous ones refused while the order is not set).
import type { ColumnInfo } from "../../bindings/ColumnInfo";
import type { DateOrder } from "../../bindings/DateOrder";
import type { FileKind } from "../../bindings/FileKind";
import type { FileSummary } from "../../bindings/FileSummary";
import type { ImportOptions } from "../../bindings/ImportOptions";
import type { MappedColumn } from "../../bindings/MappedColumn";
import type { PreviewColumn } from "../../bindings/PreviewColumn";
import type { PreviewRow } from "../../bindings/PreviewRow";
import type { Problem } from "../../bindings/Problem";
import { namesOf, normalHeader, type SampleFile } from "./memory-import-sample";

/** A file read whole: what the preview shows the first rows of, and the check reads. */
export interface ReadFile {
  summary: FileSummary;
  columns: PreviewColumn[];
  rows: PreviewRow[];
  problems: Problem[];
}

const SEPARATORS = { comma: ",", semicolon: ";", tab: "\t" } as const;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
  "November", "December"];

/** A stand-in for the file's SHA-256: 64 hex digits that change with its content. */
export function fileHash(file: SampleFile): string {
  const text = [file.name, file.headers.join("\u0001"), ...file.rows.map((r) => r.join("\u0001"))].join("\n");
  let out = "";
  for (let round = 0; out.length < 64; round++) {
    let h = 0x811c9dc5 ^ round;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    out += (h >>> 0).toString(16).padStart(8, "0");
  }
  return out.slice(0, 64);
}

/** UTF-8 bytes read as Windows-1252: "João" becomes "JoÃ£o". */
const asWindows1252 = (s: string) => String.fromCharCode(...new TextEncoder().encode(s));

export function readFile(kind: FileKind, file: SampleFile, options: ImportOptions, mapping: MappedColumn[],
  fields: ColumnInfo[]): ReadFile {
  const encoding = options.encoding === "auto" ? file.encoding : options.encoding;
  const delimiter = options.delimiter === "auto" ? file.delimiter : options.delimiter;
  const summary: FileSummary = {
    name: file.name, kind, sha256: fileHash(file), encoding, delimiter, date_order: options.date_order,
    rows: file.rows.length,
  };
  const problem = (message: string, severity: Problem["severity"] = "error"): Problem => ({
    severity, file: file.name, line: null, column: null, field: null, message,
  });
  if (encoding === "utf16" && file.encoding !== "utf16") {
    return { summary, columns: [], rows: [], problems: [
      problem("The file cannot be read as UTF-16. Choose another encoding, or “Detect automatically”."),
    ] };
  }
  const problems: Problem[] = [];
  let text = (s: string) => s;
  if (file.encoding === "utf8" && encoding === "windows1252") text = asWindows1252;
  if (file.encoding === "windows1252" && encoding === "utf8") {
    text = (s) => s.replace(/[^\x00-\x7f]/g, "\uFFFD");
    problems.push(problem("Some characters are not valid UTF-8 and were replaced with �. The file may be Windows-1252.",
      "warning"));
  }
  // A delimiter the file does not use leaves each line whole, in one column.
  const split = (cells: string[]) =>
    delimiter === file.delimiter ? cells.map(text) : [text(cells.join(SEPARATORS[file.delimiter]))];
  const headers = split(file.headers);
  const columns = mapColumns(headers, mapping, fields, problems, file.name);
  const rows = file.rows.map((r, i) => ({ line: i + 2, values: split(r) }));
  return { summary, columns, rows, problems };
}

/** Each header's field: the user's choice, else the first free field answering to its name. */
function mapColumns(headers: string[], mapping: MappedColumn[], fields: ColumnInfo[], problems: Problem[],
  fileName: string): PreviewColumn[] {
  const chosen = (h: string) => mapping.find((m) => m.header === h);
  const taken = new Set(mapping.map((m) => m.field).filter((f) => f !== "ignore"));
  const columns = headers.map((header): PreviewColumn => {
    const mine = chosen(header);
    if (mine) return { header, field: mine.field === "ignore" ? null : mine.field };
    const auto = fields.find((f) => !taken.has(f.field) && namesOf(f).includes(normalHeader(header)));
    if (auto) taken.add(auto.field);
    return { header, field: auto?.field ?? null };
  });
  const problem = (column: string, field: string, message: string): Problem => ({
    severity: "error", file: fileName, line: null, column, field, message,
  });
  for (const c of columns) {
    if (c.field && !fields.some((f) => f.field === c.field)) {
      problems.push(problem(c.header, c.field, `There is no field ${c.field} for this kind of file.`));
    }
  }
  for (const f of fields) {
    const filling = columns.filter((c) => c.field === f.field);
    if (filling.length > 1) {
      problems.push(problem(filling[1].header, f.field,
        `Both “${filling[0].header}” and “${filling[1].header}” are mapped to ${f.field}; choose one.`));
    }
  }
  return columns;
}

/** A date in the file as `YYYY-MM-DD`, or why it cannot be read. */
export function parseDate(value: string, order: DateOrder): { iso: string } | { problem: string } {
  const v = value.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  const slashed = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  const make = (y: number, m: number, d: number, why: string) => {
    const t = new Date(Date.UTC(y, m - 1, d));
    const ok = m >= 1 && m <= 12 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
    return ok ? { iso: t.toISOString().slice(0, 10) } : { problem: `“${v}” is not a date${why}.` };
  };
  if (iso) return make(Number(iso[1]), Number(iso[2]), Number(iso[3]), "");
  if (!slashed) return { problem: `“${v}” is not a date.` };
  const [a, b, y] = [Number(slashed[1]), Number(slashed[2]), Number(slashed[3])];
  if (order === "day_first") return make(y, b, a, " in day-first order");
  if (order === "month_first") return make(y, a, b, " in month-first order");
  if (a > 12 || a === b) return make(y, b, a, "");
  if (b > 12) return make(y, a, b, "");
  return {
    problem: `“${v}” could be ${a} ${MONTHS[b - 1]} or ${MONTHS[a - 1]} ${b}; set the date order under Options.`,
  };
}
