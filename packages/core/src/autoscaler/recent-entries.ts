import { ScalerError } from '../errors.js';

/** How many entries the test doubles keep by default (`InMemoryScaleTarget.history`, scripted scalers' `calls`). */
export const DEFAULT_HISTORY_LIMIT = 1000;

/**
 * The last `limit` entries added, oldest first, and how many were added in all: a record that stays the same
 * size however long a simulation or a soak test runs (a ring buffer; adding is O(1)).
 *
 * @example
 * const calls = new RecentEntries<number>(2, 'calls');
 * calls.add(1); calls.add(2); calls.add(3);
 * calls.toArray(); // [2, 3]
 * calls.total;     // 3
 */
export class RecentEntries<T> {
  /** Entries kept at most (`Infinity`: all of them, `0`: none, only the count). */
  readonly limit: number;
  readonly #entries: T[] = [];
  /** Index of the oldest entry once the buffer is full. */
  #oldest = 0;
  #total = 0;

  /** `what` names the option in the error for a bad `limit` (an integer >= 0, or Infinity). */
  constructor(limit: number, what: string) {
    if (typeof limit !== 'number' || !(Number.isInteger(limit) || limit === Number.POSITIVE_INFINITY) || limit < 0) {
      throw new ScalerError(
        `${what} must be an integer >= 0 or Infinity, got ${typeof limit === 'number' ? limit : typeof limit}`,
        {
          code: 'CONFIG_ERROR',
        },
      );
    }
    this.limit = limit;
  }

  /** Entries added since creation, including those no longer kept. */
  get total(): number {
    return this.#total;
  }

  add(entry: T): void {
    this.#total += 1;
    if (this.limit === 0) return;
    if (this.#entries.length < this.limit) {
      this.#entries.push(entry);
      return;
    }
    this.#entries[this.#oldest] = entry;
    this.#oldest = (this.#oldest + 1) % this.limit;
  }

  /** A copy of the kept entries, oldest first. */
  toArray(): T[] {
    if (this.#oldest === 0) return [...this.#entries];
    return [...this.#entries.slice(this.#oldest), ...this.#entries.slice(0, this.#oldest)];
  }
}
