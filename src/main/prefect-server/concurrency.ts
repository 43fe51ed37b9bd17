// A few requests in flight at once hide a server's latency (reads above all: a push reads each
// type and schema before it writes). Writes go one at a time whatever this says: see SerialGate.
export const SERVER_CONCURRENCY = 2;

/** Runs `work` over `items` with at most `limit` running at once; results in the items' order. The first failure is thrown after the running ones settle. */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}

/**
 * One piece of work at a time, in the order asked. A Prefect server on SQLite reads in a
 * transaction and then writes (`POST /block_schemas/` looks the checksum up first): when another
 * write commits in between, SQLite refuses the second at once ("database is locked", answered
 * 503). Two writes in flight made most schema writes of a 5,000-type push collide and retry until
 * one gave up; Prefect's own client writes one at a time, and so do we.
 */
export class SerialGate {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(work);
    // The next one waits for this one to settle, whether it succeeded or not.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
