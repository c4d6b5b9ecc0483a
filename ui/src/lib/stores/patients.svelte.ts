// The patient list in the sidebar: the search text, the archived filter and the results.
// Typing searches at once (a search takes about a millisecond in the backend): while one is
// on its way, further keystrokes are coalesced into a single follow-up search for the
// latest text, so fast typing never queues a search per key. A reply to an older search is
// dropped, so the list always matches what is in the box. Saves elsewhere update it from
// the returned patient.
import type { Patient } from "../../bindings/Patient";
import type { PatientInput } from "../../bindings/PatientInput";
import type { PatientSummary } from "../../bindings/PatientSummary";
import { api, toApiError } from "../api";
import { dueList } from "./due.svelte";

/**
 * Matches asked for per search: the sidebar shows about a dozen at once, and a short prefix
 * is narrowed by typing on, so the first 100 (best first) answer well within a frame.
 */
export const SEARCH_LIMIT = 100;

class PatientList {
  text = $state("");
  includeArchived = $state(false);
  results = $state<PatientSummary[]>([]);
  /** The text the shown results answer (the window timing benchmark waits on it). */
  resultsFor = $state<string | null>(null);
  /** True once the first search has answered. */
  loaded = $state(false);
  error = $state<string | null>(null);
  #latest = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight = false;
  #again = false;

  /** Back to an empty search (app start). */
  reset() {
    clearTimeout(this.#timer);
    this.#latest++;
    this.text = "";
    this.includeArchived = false;
    this.results = [];
    this.resultsFor = null;
    this.loaded = false;
    this.error = null;
  }

  /** Call on every keystroke: searches now, or once more when the search under way ends. */
  search(delay = 0) {
    clearTimeout(this.#timer);
    if (delay > 0) {
      this.#timer = setTimeout(() => this.search(0), delay);
    } else if (this.#inFlight) {
      this.#again = true;
    } else {
      void this.refresh();
    }
  }

  /** Searches now; only the newest request may update the list. */
  async refresh(): Promise<void> {
    clearTimeout(this.#timer);
    const ticket = ++this.#latest;
    const text = this.text;
    this.#inFlight = true;
    this.#again = false;
    try {
      const rows = await api.listPatients({
        text,
        include_archived: this.includeArchived,
        limit: SEARCH_LIMIT,
      });
      if (ticket !== this.#latest) return;
      this.results = rows;
      this.resultsFor = text;
      this.error = null;
    } catch (e) {
      if (ticket !== this.#latest) return;
      this.error = toApiError(e).message;
    } finally {
      if (ticket === this.#latest) {
        this.loaded = true;
        this.#inFlight = false;
        if (this.#again) this.search(0);
      }
    }
  }

  /** Saves a patient (new or edited) and shows the stored version in the list. */
  async save(input: PatientInput): Promise<Patient> {
    const saved = await api.savePatient(input);
    this.update(saved);
    return saved;
  }

  async archive(id: string): Promise<Patient> {
    const saved = await api.archivePatient(id);
    this.update(saved);
    return saved;
  }

  async restore(id: string): Promise<Patient> {
    const saved = await api.restorePatient(id);
    this.update(saved);
    return saved;
  }

  /**
   * A patient was saved, archived or restored: show the stored values, then re-run the search
   * (and the due list, which names patients and leaves archived ones out).
   */
  update(p: Patient) {
    const row = this.results.find((r) => r.id === p.id);
    if (row) {
      row.given_name = p.given_name;
      row.family_name = p.family_name;
      row.date_of_birth = p.date_of_birth;
      row.mrn = p.mrn;
      row.fitzpatrick = p.fitzpatrick;
      row.archived = p.archived;
    }
    void this.refresh();
    void dueList.refresh();
  }
}

export const patientList = new PatientList();
