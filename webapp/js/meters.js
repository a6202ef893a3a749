// Numbers for the status line: points per second over a sliding window, and end-to-end latency percentiles.

export class RateMeter {
  constructor(windowMs = 5000) {
    this.windowMs = windowMs;
    this.events = [];
  }

  record(nowMs, count) {
    this.events.push({ at: nowMs, count });
    this.prune(nowMs);
  }

  perSecond(nowMs) {
    this.prune(nowMs);
    const total = this.events.reduce((sum, e) => sum + e.count, 0);
    return total / (this.windowMs / 1000);
  }

  prune(nowMs) {
    const cutoff = nowMs - this.windowMs;
    let i = 0;
    while (i < this.events.length && this.events[i].at <= cutoff) i += 1;
    if (i > 0) this.events.splice(0, i);
  }
}

/**
 * Latency = arrival time on the server's clock minus the point's ts. The server's clock is the local clock plus
 * an offset estimated from a time request (see SeriesflowClient), so a skewed local clock does not distort the
 * figure; the offset and its uncertainty are shown next to it.
 */
export class LatencyMeter {
  constructor(size = 500) {
    this.size = size;
    // A ring: recording runs per message at high rates, so it overwrites instead of shifting an array.
    this.samples = [];
    this.next = 0;
    this.offsetMs = 0;
    this.uncertaintyMs = null;
  }

  setOffset(offsetMs, uncertaintyMs) {
    this.offsetMs = offsetMs;
    this.uncertaintyMs = uncertaintyMs;
  }

  record(localNowMs, ts) {
    const serverNow = localNowMs + this.offsetMs;
    for (const t of ts) {
      this.samples[this.next] = serverNow - t;
      this.next = (this.next + 1) % this.size;
    }
  }

  /** The largest recent latency in ms, or null before any sample. */
  max() {
    return this.samples.length === 0 ? null : Math.max(...this.samples);
  }

  /** The q-quantile (0..1) of recent latencies in ms, or null before any sample. */
  quantile(q) {
    if (this.samples.length === 0) return null;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }
}

/**
 * A latency for people: never negative. A measured value within the clock offset's uncertainty (on one machine,
 * a few ms either way) says only that the latency is at most that uncertainty, so that is what is shown.
 *
 * @param {number|null} latencyMs
 * @param {number|null} uncertaintyMs the clock offset's uncertainty, or null while unknown
 */
export function describeLatency(latencyMs, uncertaintyMs) {
  if (latencyMs === null) return '–';
  const bound = Math.max(1, Math.ceil(uncertaintyMs ?? 0));
  if (latencyMs <= bound) return `≤ ${bound} ms`;
  return `${Math.round(latencyMs)} ms`;
}
