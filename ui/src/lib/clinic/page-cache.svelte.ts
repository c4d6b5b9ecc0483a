// Pages of a long result fetched as they scroll into view. One cache per query: a new query
// makes a new cache, so a late answer for an old query lands in a cache nobody reads.
import { toApiError } from "../api";

/** Fetches `limit` rows from `offset`. */
export type PageLoader<T> = (offset: number, limit: number) => Promise<T[]>;

export class PageCache<T> {
  pages = $state.raw(new Map<number, T[]>());
  error = $state<string | null>(null);
  readonly #load: PageLoader<T>;
  readonly #size: number;
  readonly #inflight = new Set<number>();

  constructor(load: PageLoader<T>, pageSize: number) {
    this.#load = load;
    this.#size = Math.max(1, pageSize);
  }

  /** Row `index`, if its page has arrived. */
  item(index: number): T | undefined {
    return this.pages.get(Math.floor(index / this.#size))?.[index % this.#size];
  }

  /** Asks for the pages holding rows `first` to `last - 1` that are neither here nor on the way. */
  want(first: number, last: number): void {
    if (last <= first) return;
    for (let p = Math.floor(first / this.#size); p <= Math.floor((last - 1) / this.#size); p++) {
      if (!this.pages.has(p) && !this.#inflight.has(p)) void this.#fetch(p);
    }
  }

  async #fetch(page: number): Promise<void> {
    this.#inflight.add(page);
    try {
      const rows = await this.#load(page * this.#size, this.#size);
      this.pages = new Map(this.pages).set(page, rows);
      this.error = null;
    } catch (e) {
      // Not kept: scrolling asks again.
      this.error = toApiError(e).message;
    } finally {
      this.#inflight.delete(page);
    }
  }
}
