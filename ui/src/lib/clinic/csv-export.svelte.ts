// One export at a time per page, and one result line: the button that started the last export
// shows "Saved N rows to <path>" (or why it failed); cancelling the save dialog shows nothing.
import type { CsvRequest } from "../../bindings/CsvRequest";
import { api, toApiError } from "../api";
import { savedText } from "./format";

export class CsvExport {
  /** The button (its test id) whose export the result line belongs to. */
  source = $state<string | null>(null);
  busy = $state(false);
  message = $state<string | null>(null);
  problem = $state<string | null>(null);

  async run(source: string, request: CsvRequest): Promise<void> {
    if (this.busy) return;
    this.source = source;
    this.busy = true;
    this.message = null;
    this.problem = null;
    try {
      const done = await api.exportCsv(request);
      if (done) this.message = savedText(done);
    } catch (e) {
      const err = toApiError(e);
      // A refused request (an empty lot, a reversed period) says which field is wrong.
      this.problem = err.fields.length ? err.fields.map((f) => f.message).join(" ") : err.message;
    } finally {
      this.busy = false;
    }
  }
}
