// One piece of work at a time, in the order asked: each waits for the one before to settle,
// whether it succeeded or not. The database's writes within a process and the Prefect client's
// writes to a server both go through one.
export class SerialGate {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(work);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
