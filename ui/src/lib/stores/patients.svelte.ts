// The patient list in the sidebar: the search text, the archived filter and the results.
// Typing searches after a short pause; a reply to an older search is dropped, so the list
// always matches what is in the box. Saves elsewhere update it from the returned patient.
import type { Patient } from "../../bindings/Patient";
import type { PatientInput } from "../../bindings/PatientInput";
import type { PatientSummary } from "../../bindings/PatientSummary";
import { api, toApiError } from "../api";
import { dueList } from "./due.svelte";

const DEBOUNCE_MS = 100;

class PatientList {
  text = $state("");
  includeArchived = $state(false);
  results = $state<PatientSummary[]>([]);
  /** True once the first search has answered. */
  loaded = $state(false);
  error = $state<string | null>(null);
  #latest = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Back to an empty search (app start). */
  reset() {
    clearTimeout(this.#timer);
    this.#latest++;
    this.text = "";
    this.includeArchived = false;
    this.results = [];
    this.loaded = false;
    this.error = null;
  }

  /** Searches again after a short pause (call on every keystroke). */
  search(delay = DEBOUNCE_MS) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh(), delay);
  }

  /** Searches now; only the newest request may update the list. */
  async refresh(): Promise<void> {
    clearTimeout(this.#timer);
    const ticket = ++this.#latest;
    try {
      const rows = await api.listPatients({
        text: this.text,
        include_archived: this.includeArchived,
        limit: 200,
      });
      if (ticket !== this.#latest) return;
      this.results = rows;
      this.error = null;
    } catch (e) {
      if (ticket !== this.#latest) return;
      this.error = toApiError(e).message;
    } finally {
      if (ticket === this.#latest) this.loaded = true;
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
