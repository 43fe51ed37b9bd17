// How many writes to a server are in flight at once, learned from its answers rather than
// configured. A Prefect server on PostgreSQL (a team's) takes concurrent writes: several in
// flight hide the network's round trip, which at a distance is most of a push's time. A server on
// SQLite reads in a transaction and then writes (`POST /block_schemas/` looks the checksum up
// first): when another write commits in between, SQLite refuses the second at once ("database is
// locked", answered 503), and two writes in flight made most schema writes of a 5,000-type push
// collide and retry until one gave up. So writes start several at a time, and the first write a
// server refuses as busy (503) makes them go one at a time for the rest of the client's life, as
// Prefect's own client always writes.

/** Writes in flight until the server first answers one with 503. */
export const CONCURRENT_WRITES = 8;

export class WriteGate {
  #limit: number;
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(limit = CONCURRENT_WRITES) {
    this.#limit = limit;
  }

  /** Writes allowed in flight now. */
  get limit(): number {
    return this.#limit;
  }

  /** Runs `work` once fewer than `limit` writes are in flight, in the order asked. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running < this.#limit && this.#waiting.length === 0) this.#running += 1;
    // The slot is counted by whoever hands it over (#next), so that no later caller takes it first.
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await work();
    } finally {
      this.#running -= 1;
      this.#next();
    }
  }

  /** The server refused a write as busy: from now on one at a time (those in flight finish). */
  refusedAsBusy(): void {
    this.#limit = 1;
  }

  #next(): void {
    while (this.#running < this.#limit) {
      const resolve = this.#waiting.shift();
      if (resolve === undefined) return;
      this.#running += 1;
      resolve();
    }
  }
}
