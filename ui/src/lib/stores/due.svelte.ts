// The clinic-wide "due and overdue" list: loaded at start and again whenever something that
// moves it is saved (a session, a course, a patient archived or restored), so the sidebar's
// count of overdue courses stays current. Only the newest request may update the list.
import type { DueCourse } from "../../bindings/DueCourse";
import { api, toApiError } from "../api";

class DueList {
  items = $state<DueCourse[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  #latest = 0;

  /** Courses whose next session is late. */
  get overdue(): number {
    return this.items.filter((d) => d.course.state === "overdue").length;
  }

  /** Courses due within the clinic's look-ahead (not yet late). */
  get dueSoon(): number {
    return this.items.filter((d) => d.course.state === "due_soon").length;
  }

  reset() {
    this.#latest++;
    this.items = [];
    this.loaded = false;
    this.error = null;
  }

  async refresh(): Promise<void> {
    const ticket = ++this.#latest;
    try {
      const rows = await api.listDueCourses();
      if (ticket !== this.#latest) return;
      this.items = rows;
      this.error = null;
    } catch (e) {
      if (ticket !== this.#latest) return;
      this.error = toApiError(e).message;
    } finally {
      if (ticket === this.#latest) this.loaded = true;
    }
  }
}

export const dueList = new DueList();
