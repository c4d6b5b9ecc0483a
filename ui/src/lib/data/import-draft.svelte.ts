// The import page's state, kept while the admin moves between pages (and forgotten at sign-out):
// the chosen files' previews and the user's column mapping, the options, the last check (valid
// only for the files, mapping and options it was run on: any change bumps `version`), a running
// check or import with its progress, the result, and the past imports. The files themselves stay
// in the Rust shell; the page sees previews only.
import type { ColumnInfo } from "../../bindings/ColumnInfo";
import type { FileKind } from "../../bindings/FileKind";
import type { ImportBatch } from "../../bindings/ImportBatch";
import type { ImportOptions } from "../../bindings/ImportOptions";
import type { ImportReport } from "../../bindings/ImportReport";
import type { MappedColumn } from "../../bindings/MappedColumn";
import type { Preview } from "../../bindings/Preview";
import type { Problem } from "../../bindings/Problem";
import type { Progress } from "../../bindings/Progress";
import { api, isApiError, toApiError } from "../api";
import { errorsIn, refusedRows } from "./import-text";

export const KINDS: FileKind[] = ["patients", "sessions"];

const perKind = <T>(make: () => T): Record<FileKind, T> => ({ patients: make(), sessions: make() });
const defaultOptions = (): ImportOptions => ({
  encoding: "auto", delimiter: "auto", date_order: "unset", utc_offset_minutes: null,
});

class ImportDraft {
  /** The fields each kind of file can fill. */
  columns = $state(perKind<ColumnInfo[]>(() => []));
  /** The chosen files' previews (null: none chosen). */
  files = $state(perKind<Preview | null>(() => null));
  /** The columns whose field the user chose, per kind (sent with every preview). */
  changed = $state(perKind<MappedColumn[]>(() => []));
  /** A file being chosen or read again. */
  busy = $state(perKind(() => false));
  fileError = $state(perKind<string | null>(() => null));
  options = $state<ImportOptions>(defaultOptions());
  /** Bumped by every change to the files, the mapping or the options. */
  version = $state(0);
  /** The last check, and the version it checked. */
  checked = $state<{ report: ImportReport; version: number } | null>(null);
  running = $state<"check" | "run" | null>(null);
  progress = $state<Progress | null>(null);
  /** Why the last check or import failed as a whole. */
  problem = $state<string | null>(null);
  /** Rows an import refused (its `Invalid` field errors). */
  refused = $state<Problem[] | null>(null);
  done = $state<ImportReport | null>(null);
  batches = $state<ImportBatch[]>([]);
  batchesError = $state<string | null>(null);
  /** Users' display names by id, for the past imports. */
  names = $state<Record<string, string>>({});
  #seq = perKind(() => 0);

  /** The check is current, found no error, and there is something to import. */
  get ready(): boolean {
    const c = this.checked;
    return !!c && c.version === this.version && this.running === null && errorsIn(c.report.problems) === 0
      && c.report.created.patients + c.report.created.sessions > 0;
  }

  get anyFile(): boolean {
    return KINDS.some((k) => this.files[k] !== null);
  }

  /** Required fields no column of the chosen file fills. */
  missing(kind: FileKind): ColumnInfo[] {
    const f = this.files[kind];
    return f ? this.columns[kind].filter((c) => c.required && !f.columns.some((x) => x.field === c.field)) : [];
  }

  /** Opening the page: the fields, the past imports, and the shell forgets any file not shown here. */
  async open(): Promise<void> {
    void this.loadBatches();
    await Promise.all(KINDS.map(async (k) => {
      try {
        if (!this.columns[k].length) this.columns[k] = await api.importColumns(k);
        if (!this.files[k]) await api.forgetImportFile(k);
      } catch (e) {
        this.fileError[k] = toApiError(e).message;
      }
    }));
  }

  async loadBatches(): Promise<void> {
    try {
      this.batches = await api.listImportBatches();
      this.batchesError = null;
    } catch (e) {
      this.batchesError = toApiError(e).message;
      return;
    }
    // Names are a nicety: the id is shown when the list of users cannot be read.
    try {
      this.names = Object.fromEntries((await api.listUsers()).map((u) => [u.id, u.display_name]));
    } catch {
      this.names = {};
    }
  }

  async choose(kind: FileKind): Promise<void> {
    if (this.busy[kind]) return;
    const seq = ++this.#seq[kind];
    this.busy[kind] = true;
    this.fileError[kind] = null;
    try {
      const preview = await api.chooseImportFile(kind, $state.snapshot(this.options));
      if (preview && seq === this.#seq[kind]) {
        this.files[kind] = preview;
        this.changed[kind] = [];
        this.#changedFiles();
        this.done = null;
      }
    } catch (e) {
      this.fileError[kind] = toApiError(e).message;
    } finally {
      if (seq === this.#seq[kind]) this.busy[kind] = false;
    }
  }

  async forget(kind: FileKind): Promise<void> {
    this.fileError[kind] = null;
    try {
      await api.forgetImportFile(kind);
      ++this.#seq[kind];
      this.busy[kind] = false;
      this.files[kind] = null;
      this.changed[kind] = [];
      this.#changedFiles();
    } catch (e) {
      this.fileError[kind] = toApiError(e).message;
    }
  }

  /** The user maps a header to a field (or "ignore"); the preview is read again with it. */
  async map(kind: FileKind, header: string, field: string): Promise<void> {
    this.changed[kind] = [...this.changed[kind].filter((m) => m.header !== header), { header, field }];
    this.#changedFiles();
    await this.#preview(kind);
  }

  /** Changed options apply to the chosen files at once. */
  async setOptions(patch: Partial<ImportOptions>): Promise<void> {
    this.options = { ...this.options, ...patch };
    this.#changedFiles();
    await Promise.all(KINDS.filter((k) => this.files[k]).map((k) => this.#preview(k)));
  }

  /** A dry run over the chosen files: what would be created, and every problem. */
  async check(): Promise<void> {
    if (this.running || !this.anyFile) return;
    const version = this.version;
    await this.#running("check", async () => {
      this.checked = { report: await api.checkImport($state.snapshot(this.options)), version };
    });
  }

  /** The import itself; true when it was written. */
  async run(): Promise<boolean> {
    if (!this.ready) return false;
    let written = false;
    await this.#running("run", async () => {
      try {
        this.done = await api.runImport($state.snapshot(this.options));
      } catch (e) {
        // Anything refused needs a new check, whatever changed since the last one.
        this.checked = null;
        if (isApiError(e, "Invalid") && e.fields.length) {
          this.refused = refusedRows(e);
          return;
        }
        throw e;
      }
      written = true;
      // The shell has forgotten the files.
      for (const k of KINDS) {
        ++this.#seq[k];
        this.files[k] = null;
        this.changed[k] = [];
      }
      this.checked = null;
      this.#changedFiles();
      await this.loadBatches();
    });
    return written;
  }

  /** Sign-out: nothing of the last user's files stays in memory. */
  reset() {
    this.files = perKind(() => null);
    this.changed = perKind(() => []);
    this.busy = perKind(() => false);
    this.fileError = perKind(() => null);
    this.options = defaultOptions();
    this.checked = null;
    this.running = null;
    this.progress = null;
    this.problem = null;
    this.refused = null;
    this.done = null;
    this.batches = [];
    this.batchesError = null;
    this.names = {};
    this.#seq = perKind(() => 0);
  }

  #changedFiles() {
    this.version++;
    this.refused = null;
  }

  async #preview(kind: FileKind): Promise<void> {
    const seq = ++this.#seq[kind];
    this.busy[kind] = true;
    try {
      const preview = await api.previewImport(kind, $state.snapshot(this.options),
        { columns: $state.snapshot(this.changed[kind]) });
      if (seq !== this.#seq[kind]) return;
      this.files[kind] = preview;
      this.fileError[kind] = null;
    } catch (e) {
      if (seq !== this.#seq[kind]) return;
      // The shell no longer holds the file (restarted, or imported elsewhere): choose it again.
      if (isApiError(e, "NotFound")) {
        this.files[kind] = null;
        this.changed[kind] = [];
      }
      this.fileError[kind] = toApiError(e).message;
    } finally {
      if (seq === this.#seq[kind]) this.busy[kind] = false;
    }
  }

  /** Runs a check or an import with the progress bar, reporting a failure as a whole. */
  async #running(what: "check" | "run", body: () => Promise<void>): Promise<void> {
    this.running = what;
    this.progress = null;
    this.problem = null;
    this.refused = null;
    if (what === "check") this.done = null;
    let stop: (() => void) | null = null;
    try {
      stop = await api.onImportProgress((p) => (this.progress = p));
      await body();
    } catch (e) {
      this.problem = toApiError(e).message;
    } finally {
      stop?.();
      this.running = null;
    }
  }
}

export const importDraft = new ImportDraft();
