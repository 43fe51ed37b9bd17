// Import previews that may be running Python, by the id the window gave them, so that its Cancel
// can stop one: aborting kills the run's process group. A cancel can overtake the preview it
// names (both are calls in flight): it is remembered, and that preview then starts cancelled.
export class RunningPreviews {
  readonly #running = new Map<string, AbortController>();
  /** Ids cancelled before their preview started; a few at most, the oldest forgotten first. */
  readonly #cancelledEarly: string[] = [];

  /** The signal of a preview starting now; call `end` when it is over. */
  start(requestId: string | undefined): AbortController {
    const controller = new AbortController();
    if (requestId === undefined) return controller;
    const early = this.#cancelledEarly.indexOf(requestId);
    if (early !== -1) {
      this.#cancelledEarly.splice(early, 1);
      controller.abort();
    }
    this.#running.set(requestId, controller);
    return controller;
  }

  end(requestId: string | undefined): void {
    if (requestId !== undefined) this.#running.delete(requestId);
  }

  cancel(requestId: string): void {
    const controller = this.#running.get(requestId);
    if (controller !== undefined) {
      controller.abort();
      return;
    }
    this.#cancelledEarly.push(requestId);
    if (this.#cancelledEarly.length > 16) this.#cancelledEarly.shift();
  }
}
