// Push, pull and server copy run as jobs in main: the window starts one, then polls it for its
// progress (the contract is request/response), and may cancel it. One at a time, whatever the
// server: a pull writes this registry's database, which a push reads, so a second job is refused
// while one runs (a copy too: it ends in a push to its target).
// Finished jobs are kept for the window to read until more than a few have piled up.
import { randomUUID } from 'node:crypto';
import { errorMessage, RegistryError } from '../../shared/errors';
import type { TransferJob, TransferKind, TransferTypeResult } from '../../shared/servers';
import type { TransferProgress } from './transfer';

const KEPT_FINISHED_JOBS = 20;

interface RunningJob {
  job: TransferJob;
  controller: AbortController;
  /** Settles when the job has finished, whatever its state. */
  finished: Promise<void>;
}

export class TransferJobs {
  readonly #jobs = new Map<string, RunningJob>();

  /** Starts `work` and returns the job's id at once. */
  start(direction: TransferKind, apiUrl: string, work: (progress: TransferProgress) => Promise<void>): string {
    const running = this.running();
    if (running !== null) {
      throw new RegistryError('database_busy', `${describeJob(running)} is running: wait for it to finish, or cancel it, before starting another push, pull or copy.`);
    }
    this.#forgetOldJobs();
    const id = randomUUID();
    const job: TransferJob = { id, direction, api_url: apiUrl, state: 'running', done: 0, total: 0, results: [], message: null };
    const controller = new AbortController();
    const byslug = new Map<string, TransferTypeResult>();
    const progress: TransferProgress = {
      signal: controller.signal,
      planned: (slugs) => {
        job.total = slugs.length;
        job.results = slugs.map((slug) => {
          const result: TransferTypeResult = { slug, outcome: 'not-started', schemas_created: 0, message: null };
          byslug.set(slug, result);
          return result;
        });
      },
      finished: (result) => {
        const entry = byslug.get(result.slug);
        if (entry === undefined) return;
        Object.assign(entry, result);
        if (result.outcome !== 'not-started') job.done += 1;
      },
    };
    const finished = work(progress).then(
      () => {
        const failed = job.results.filter((result) => result.outcome === 'failed').length;
        job.state = controller.signal.aborted ? 'cancelled' : failed > 0 ? 'failed' : 'done';
        if (failed > 0) job.message = `${failed} of ${job.total} block types failed; the others are done. Running it again retries them.`;
        if (controller.signal.aborted) job.message = `Cancelled after ${job.done} of ${job.total} block types; running it again completes it.`;
      },
      (error: unknown) => {
        job.state = 'failed';
        job.message = errorMessage(error);
      },
    );
    this.#jobs.set(id, { job, controller, finished });
    return id;
  }

  /** The job running now, if any (there is at most one). */
  running(): TransferJob | null {
    const running = [...this.#jobs.values()].find(({ job }) => job.state === 'running');
    return running === undefined ? null : structuredClone(running.job);
  }

  get(id: string): TransferJob {
    return structuredClone(this.#find(id).job);
  }

  /** Stops starting new work; the types in flight finish. */
  cancel(id: string): TransferJob {
    const running = this.#find(id);
    if (running.job.state === 'running') running.controller.abort();
    return structuredClone(running.job);
  }

  /** For tests and shutdown: the job once it has finished. */
  async settled(id: string): Promise<TransferJob> {
    await this.#find(id).finished;
    return this.get(id);
  }

  #find(id: string): RunningJob {
    const running = this.#jobs.get(id);
    if (running === undefined) throw new RegistryError('not_found', 'No such transfer (finished long ago, or the app restarted).');
    return running;
  }

  #forgetOldJobs(): void {
    const finished = [...this.#jobs.values()].filter((running) => running.job.state !== 'running');
    for (const running of finished.slice(0, Math.max(0, finished.length - KEPT_FINISHED_JOBS))) this.#jobs.delete(running.job.id);
  }
}

/** "A push to http://…/api (3 of 12 block types done)". */
function describeJob(job: TransferJob): string {
  const what = job.direction === 'push' ? `A push to ${job.api_url}` : job.direction === 'copy' ? `A copy to ${job.api_url}` : `A pull from ${job.api_url}`;
  return job.total === 0 ? what : `${what} (${job.done} of ${job.total} block types done)`;
}
