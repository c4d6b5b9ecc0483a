// One data export at a time per page (CSV, FHIR, a patient's record packet), and one result line
// that belongs to the button used last: what was saved and where, or why not. Cancelling the
// save dialog shows nothing.
import type { ExportDone } from "../../bindings/ExportDone";
import { toApiError } from "../api";
import { countOf } from "../clinic/format";

/** "Saved 1,234 rows to /path/file.csv"; FHIR counts resources. */
export const savedRows = (done: ExportDone, unit = "row") => `Saved ${countOf(done.rows, unit)} to ${done.path}`;
/** A record packet: "Saved to <folder> (3 sessions)". */
export const savedPacket = (done: ExportDone) => `Saved to ${done.path} (${countOf(done.rows, "session")})`;

export class DataExport {
  /** The button (its test id) the result line belongs to. */
  source = $state<string | null>(null);
  busy = $state(false);
  message = $state<string | null>(null);
  problem = $state<string | null>(null);

  async run(source: string, write: () => Promise<ExportDone | null>, text: (done: ExportDone) => string) {
    if (this.busy) return;
    this.source = source;
    this.busy = true;
    this.message = null;
    this.problem = null;
    try {
      const done = await write();
      if (done) this.message = text(done);
    } catch (e) {
      this.problem = toApiError(e).message;
    } finally {
      this.busy = false;
    }
  }
}
