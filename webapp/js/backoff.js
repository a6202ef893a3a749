// Reconnect delays: exponential growth with full jitter, capped, reset after a connection that stayed up.

export class Backoff {
  /**
   * @param {{initialMs?: number, maxMs?: number, random?: () => number}} [options]
   */
  constructor({ initialMs = 500, maxMs = 15000, random = Math.random } = {}) {
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.random = random;
    this.attempt = 0;
  }

  /** The delay before the next attempt, in ms; each call counts one more failed attempt. */
  nextDelayMs() {
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt);
    this.attempt += 1;
    // Never below half the ceiling, so a burst of clients does not retry at once nor all at zero.
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  reset() {
    this.attempt = 0;
  }
}
