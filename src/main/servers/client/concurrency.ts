// Several requests in flight at once hide a distant server's round trip. Writes among them go
// as the HTTP client's write gate allows (write-gate.ts).

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
 * Runs `work` over `items` with at most `limit` running at once, each only once the items
 * `predecessors` names for it have completed; among those ready, the earliest in `items` first.
 * Predecessors must come earlier in `items` (later ones are ignored, so there is never a cycle).
 * Results in the items' order; after the first failure nothing new starts, and it is thrown once
 * the running ones settle.
 */
export async function mapInDependencyOrder<T, R>(items: readonly T[], predecessors: ReadonlyMap<T, readonly T[]>, limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const index = new Map(items.map((item, position) => [item, position]));
  const waitingFor = new Array<number>(items.length).fill(0);
  const dependents: number[][] = items.map(() => []);
  items.forEach((item, position) => {
    for (const before of new Set(predecessors.get(item) ?? [])) {
      const earlier = index.get(before);
      if (earlier === undefined || earlier >= position) continue;
      waitingFor[position] = (waitingFor[position] ?? 0) + 1;
      dependents[earlier]?.push(position);
    }
  });
  const ready = new MinHeap();
  waitingFor.forEach((count, position) => {
    if (count === 0) ready.push(position);
  });
  const results: R[] = new Array<R>(items.length);
  let failure: { error: unknown } | null = null;
  let running = 0;
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      while (failure === null && running < limit && ready.size > 0) {
        const position = ready.pop();
        running += 1;
        work(items[position] as T).then(
          (result) => {
            results[position] = result;
            for (const next of dependents[position] ?? []) {
              waitingFor[next] = (waitingFor[next] ?? 1) - 1;
              if (waitingFor[next] === 0) ready.push(next);
            }
            running -= 1;
            pump();
          },
          (error: unknown) => {
            failure ??= { error };
            running -= 1;
            pump();
          },
        );
      }
      if (running === 0) resolve();
    };
    pump();
  });
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}

/** The smallest of a set of positions first. */
class MinHeap {
  readonly #items: number[] = [];

  get size(): number {
    return this.#items.length;
  }

  push(value: number): void {
    const items = this.#items;
    items.push(value);
    for (let child = items.length - 1; child > 0;) {
      const parent = (child - 1) >> 1;
      if ((items[parent] as number) <= value) break;
      items[child] = items[parent] as number;
      items[parent] = value;
      child = parent;
    }
  }

  pop(): number {
    const items = this.#items;
    const top = items[0] as number;
    const last = items.pop() as number;
    if (items.length === 0) return top;
    items[0] = last;
    for (let parent = 0; ;) {
      const left = parent * 2 + 1;
      const right = left + 1;
      let smallest = parent;
      if (left < items.length && (items[left] as number) < (items[smallest] as number)) smallest = left;
      if (right < items.length && (items[right] as number) < (items[smallest] as number)) smallest = right;
      if (smallest === parent) break;
      items[parent] = items[smallest] as number;
      items[smallest] = last;
      parent = smallest;
    }
    return top;
  }
}
