// The in-memory backend's import (admins), as the app's commands behave: a file chosen per kind
// (the dialog answers with a built-in sample, memory-import-sample.ts) and kept with the user's
// mapping; a check that reads every row and reports what would be created, what is already
// there and every problem; an import that refuses the whole batch on any error, creates the
// patients (sessions are only counted here), records the batch and forgets the files; progress
// reported to listeners as it goes.
import { v7 as uuidv7 } from "uuid";
import type { Action } from "../../bindings/Action";
import type { Counts } from "../../bindings/Counts";
import type { FileKind } from "../../bindings/FileKind";
import type { ImportBatch } from "../../bindings/ImportBatch";
import type { ImportOptions } from "../../bindings/ImportOptions";
import type { ImportReport } from "../../bindings/ImportReport";
import type { MappedColumn } from "../../bindings/MappedColumn";
import type { Patient } from "../../bindings/Patient";
import type { Problem } from "../../bindings/Problem";
import type { Progress } from "../../bindings/Progress";
import type { SexAtBirth } from "../../bindings/SexAtBirth";
import type { Backend } from "./backend";
import type { Need } from "./memory-accounts";
import type { AuditExtra } from "./memory-audit";
import { parseDate, readFile, type ReadFile } from "./memory-import-read";
import { IMPORT_COLUMNS, SAMPLE_FILES, type SampleFile } from "./memory-import-sample";
import { fail } from "./memory-fail";

export interface ImportMemoryOptions {
  /** What the import file dialog picks, per kind (default: the samples); null: the admin cancels. */
  importFiles?: Partial<Record<FileKind, SampleFile | null>>;
}

/** What the import calls need from the rest of the memory backend. */
export interface ImportContext {
  run: <T>(body: () => T, need?: Need) => Promise<T>;
  log: (action: Action, entity: string, id: string | null, extra?: AuditExtra) => void;
  now: () => Date;
  /** The signed-in user's id. */
  actor: () => string;
  patients: Map<string, Patient>;
  /** Stores an imported patient. */
  addPatient: (p: Patient) => void;
}

type ImportCalls = Pick<Backend, "importColumns" | "chooseImportFile" | "previewImport" | "forgetImportFile"
  | "checkImport" | "runImport" | "listImportBatches" | "onImportProgress">;

/** Rows the preview shows. */
export const PREVIEW_ROWS = 8;
const KINDS: FileKind[] = ["patients", "sessions"];
const SEXES: Record<string, SexAtBirth> = {
  f: "female", female: "female", m: "male", male: "male", x: "intersex", intersex: "intersex", unknown: "unknown",
  "": "unknown",
};

const none = (): Counts => ({ patients: 0, sessions: 0, areas: 0, products: 0, reactions: 0 });
const key = (s: string) => s.trim().normalize("NFC").toLowerCase();

/** One file's rows with a reader of each field. */
function fieldsOf(read: ReadFile) {
  const at = new Map(read.columns.map((c, i) => [c.field, i] as const));
  return (row: string[], field: string) => {
    const i = at.get(field);
    return i === undefined ? "" : (row[i] ?? "").trim();
  };
}

/** The outcome of reading every chosen file: the report, and what an import would write. */
interface Outcome {
  report: ImportReport;
  patients: Patient[];
  sessionKeys: string[];
}

export function importCalls(ctx: ImportContext, opts: ImportMemoryOptions = {}): ImportCalls {
  const { run, now } = ctx;
  const chosen = new Map<FileKind, { file: SampleFile; mapping: MappedColumn[] }>();
  const importedSessions = new Set<string>();
  const batches: ImportBatch[] = [];
  const listeners = new Set<(p: Progress) => void>();
  const emit = (p: Progress) => listeners.forEach((l) => l({ ...p }));

  const read = (kind: FileKind, options: ImportOptions) => {
    const c = chosen.get(kind);
    if (!c) throw fail("NotFound", `No ${kind} file is chosen.`);
    return readFile(kind, c.file, options, c.mapping, IMPORT_COLUMNS[kind]);
  };
  const preview = (r: ReadFile) => ({
    file: r.summary, columns: r.columns, rows: r.rows.slice(0, PREVIEW_ROWS), problems: r.problems,
  });

  function check(options: ImportOptions, write: boolean): Outcome {
    const kinds = KINDS.filter((k) => chosen.has(k));
    if (!kinds.length) throw fail("NotFound", "Choose a patients file or a sessions file first.");
    const files: ReadFile[] = [];
    emit({ phase: "reading", done: 0, total: kinds.length });
    for (const k of kinds) {
      files.push(read(k, options));
      emit({ phase: "reading", done: files.length, total: kinds.length });
    }
    const problems = files.flatMap((f) => f.problems);
    const created = none();
    const present = none();
    const total = files.reduce((n, f) => n + f.rows.length, 0);
    let done = 0;
    const tick = () => emit({ phase: "checking", done: ++done, total });
    const storeKeys = new Set([...ctx.patients.values()].flatMap((p) => patientKeys(p)));
    const knownMrns = new Set([...ctx.patients.values()].filter((p) => p.mrn).map((p) => key(p.mrn!)));
    const patients: Patient[] = [];
    const sessionKeys = new Set<string>();

    for (const f of files) {
      const name = f.summary.name;
      const value = fieldsOf(f);
      const problem = (line: number | null, field: string | null, message: string,
        severity: Problem["severity"] = "error") => {
        const column = field ? (f.columns.find((c) => c.field === field)?.header ?? null) : null;
        problems.push({ severity, file: name, line, column, field, message });
      };
      const missing = IMPORT_COLUMNS[f.summary.kind].filter((c) => c.required && !f.columns.some((x) => x.field === c.field));
      for (const c of missing) problem(null, c.field, `The required column ${c.field} is missing.`);
      const stamp = now().toISOString();
      const seen = new Set<string>();
      for (const { line, values } of f.rows) {
        tick();
        // Sessions may refer to any patient of the file, whatever else is wrong with its row.
        if (f.summary.kind === "patients" && value(values, "mrn")) knownMrns.add(key(value(values, "mrn")));
        if (missing.length) continue;
        const before = problems.filter((p) => p.severity === "error").length;
        const get = (field: string) => value(values, field);
        for (const c of IMPORT_COLUMNS[f.summary.kind]) {
          if (c.required && !get(c.field)) problem(line, c.field, `This row has no ${c.field}.`);
        }
        if (f.summary.kind === "patients") {
          const dob = get("date_of_birth") ? parseDate(get("date_of_birth"), options.date_order) : null;
          if (dob && "problem" in dob) problem(line, "date_of_birth", dob.problem);
          const fitz = get("fitzpatrick");
          const fitzpatrick = /^[1-6]$/.test(fitz) ? Number(fitz) : null;
          if (fitz && fitzpatrick === null) {
            problem(line, "fitzpatrick", `Skin type “${fitz}” is not 1 to 6; the patient is imported without one.`, "warning");
          }
          const sex = SEXES[key(get("sex_at_birth"))];
          if (!sex) problem(line, "sex_at_birth", `Sex “${get("sex_at_birth")}” is not known; recorded as unknown.`, "warning");
          const mrn = get("mrn") || null;
          if (mrn && seen.has(key(mrn))) problem(line, "mrn", `Patient ID ${mrn} is on an earlier row too.`);
          if (mrn) seen.add(key(mrn));
          if (problems.filter((p) => p.severity === "error").length > before || !dob || "problem" in dob) continue;
          const p: Patient = {
            id: uuidv7(), given_name: get("given_name"), family_name: get("family_name"), date_of_birth: dob.iso,
            sex_at_birth: sex ?? "unknown", mrn, phone: get("phone") || null, email: get("email") || null, fitzpatrick,
            fitzpatrick_assessed_on: null, indications: [], notes: get("notes"), archived: false, created_at: stamp,
            updated_at: stamp,
          };
          if (patientKeys(p).some((k) => storeKeys.has(k))) {
            present.patients++;
          } else {
            created.patients++;
            patients.push(p);
          }
        } else {
          const mrn = get("patient_mrn");
          if (mrn && !knownMrns.has(key(mrn))) {
            problem(line, "patient_mrn", `No patient with ID ${mrn} in the patients file or in Dermalog.`);
          }
          const date = get("date") ? parseDate(get("date"), options.date_order) : null;
          if (date && "problem" in date) problem(line, "date", date.problem);
          const depth = Number(get("needle_depth_mm").replace(",", "."));
          if (get("needle_depth_mm") && !(depth > 0 && depth <= 3)) {
            problem(line, "needle_depth_mm", `Needle depth “${get("needle_depth_mm")}” is not between 0 and 3 mm.`);
          }
          if (problems.filter((p) => p.severity === "error").length > before || !date || "problem" in date) continue;
          const session = `${key(mrn)}|${date.iso}`;
          const counts = importedSessions.has(session) ? present : created;
          if (counts === created) sessionKeys.add(session);
          counts.areas++;
          if (get("product")) counts.products++;
          if (get("reaction")) counts.reactions++;
          if (!seen.has(session)) counts.sessions++;
          seen.add(session);
        }
      }
    }
    problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
    const report: ImportReport = {
      dry_run: !write, batch_id: null, files: files.map((f) => f.summary), created, already_present: present, problems,
    };
    return { report, patients, sessionKeys: [...sessionKeys] };
  }

  return {
    importColumns: (kind) => run(() => IMPORT_COLUMNS[kind], "admin"),
    chooseImportFile: (kind, options) =>
      run(() => {
        const picked = opts.importFiles?.[kind] === undefined ? SAMPLE_FILES[kind] : opts.importFiles[kind];
        if (!picked) return null;
        chosen.set(kind, { file: picked, mapping: [] });
        return preview(read(kind, options));
      }, "admin"),
    previewImport: (kind, options, mapping) =>
      run(() => {
        const c = chosen.get(kind);
        if (!c) throw fail("NotFound", `No ${kind} file is chosen.`);
        c.mapping = mapping.columns.map((m) => ({ ...m }));
        return preview(read(kind, options));
      }, "admin"),
    forgetImportFile: (kind) =>
      run(() => {
        chosen.delete(kind);
        return null;
      }, "admin"),
    checkImport: (options) =>
      run(() => {
        const { report } = check(options, false);
        emit({ phase: "done", done: 1, total: 1 });
        return report;
      }, "admin"),
    runImport: (options) =>
      run(() => {
        const { report, patients, sessionKeys } = check(options, true);
        const errors = report.problems.filter((p) => p.severity === "error");
        if (errors.length) {
          throw fail("Invalid", "Some rows need attention; nothing was imported.",
            errors.map((p) => ({ field: `${p.file}:${p.line ?? ""}:${p.column ?? ""}`, message: p.message })));
        }
        const total = patients.length + sessionKeys.length;
        emit({ phase: "writing", done: 0, total });
        patients.forEach((p) => ctx.addPatient(p));
        emit({ phase: "writing", done: patients.length, total });
        sessionKeys.forEach((k) => importedSessions.add(k));
        emit({ phase: "writing", done: total, total });
        const batch: ImportBatch = {
          id: uuidv7(), user_id: ctx.actor(), imported_at: now().toISOString(),
          patients_sha256: report.files.find((f) => f.kind === "patients")?.sha256 ?? null,
          sessions_sha256: report.files.find((f) => f.kind === "sessions")?.sha256 ?? null,
          created: report.created, skipped: report.already_present.patients + report.already_present.sessions,
        };
        batches.unshift(batch);
        ctx.log("import", "import_batch", batch.id, { new: batch });
        chosen.clear();
        emit({ phase: "done", done: total, total });
        return { ...report, batch_id: batch.id };
      }, "admin"),
    listImportBatches: () => run(() => batches, "admin"),
    onImportProgress: (listener) => {
      listeners.add(listener);
      return Promise.resolve(() => void listeners.delete(listener));
    },
  };
}

/** What makes a patient the same one again: the patient ID, else name and date of birth. */
function patientKeys(p: Patient): string[] {
  return p.mrn
    ? [`mrn:${key(p.mrn)}`]
    : [`name:${key(p.given_name)}|${key(p.family_name)}|${p.date_of_birth}`];
}
