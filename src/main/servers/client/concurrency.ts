// A few requests in flight at once hide a server's latency (reads above all: a push reads each
// type and schema before it writes). Writes go one at a time whatever this says: see PrefectHttp.
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
