// Where points were lost, per stream, as time intervals: from the last point held before the loss to the first
// point after it. A marker stays open until the next point arrives.

export class GapMarkers {
  constructor() {
    /** @type {Array<{stream: string, fromTs: number|null, toTs: number|null, label: string}>} */
    this.markers = [];
  }

  /** A loss happened after the point with time `lastTs` (null when nothing was held yet). */
  open(stream, lastTs, label) {
    const pending = this.markers.find((m) => m.stream === stream && m.toTs === null);
    if (pending) {
      pending.label = `${pending.label}; ${label}`;
      return;
    }
    this.markers.push({ stream, fromTs: lastTs, toTs: null, label });
  }

  /** Points arrived for the stream: closes its open marker at the first one's time. */
  close(stream, firstTs) {
    for (const m of this.markers) {
      if (m.stream === stream && m.toTs === null) m.toTs = firstTs;
    }
  }

  /** Drops markers that ended before `oldestTs`, and those of a stream no longer shown. */
  prune(oldestTs, streams) {
    this.markers = this.markers.filter((m) => streams.has(m.stream) && (m.toTs === null || m.toTs >= oldestTs));
  }

  /** Closed markers only: [{stream, fromTs, toTs, label}]. */
  closed() {
    return this.markers.filter((m) => m.toTs !== null);
  }
}
