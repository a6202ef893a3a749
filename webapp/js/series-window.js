// The points one chart series holds: added in batches, buffered until the next frame, stored relative to the
// chart's baseTime (TimeChart keeps float32 coordinates, so raw epoch milliseconds would lose precision), and
// trimmed from the front to a bounded count and age. Also remembers each held point's (epoch, seq).
//
// At high rates many points fall on one pixel column. With a bucket width (ms per pixel), each bucket keeps
// only its first, lowest, highest and last point (M4 aggregation): the drawn line is the same at that
// resolution, and the chart holds a few points per pixel instead of thousands. Points the server already reduced
// (an aggregate) are kept as they come. Where points were lost the line breaks: a point with y NaN, which the
// chart does not draw, separates the points before the loss from those after it.

export class SeriesWindow {
  /**
   * @param {{maxPoints: number, maxAgeMs: number, baseTime: number, bucketMs?: number,
   *          now?: () => number}} options
   * @param {Array<{x: number, y: number}>} [data] the array handed to the chart (TimeChart patches its methods)
   */
  constructor({ maxPoints, maxAgeMs, baseTime, bucketMs = 0, now = () => performance.now() }, data = []) {
    if (!(maxPoints > 0) || !(maxAgeMs > 0)) throw new RangeError('maxPoints and maxAgeMs must be positive');
    this.maxPoints = maxPoints;
    this.maxAgeMs = maxAgeMs;
    this.baseTime = baseTime;
    this.bucketMs = bucketMs;
    this.localNow = now;
    this.data = data;
    this.keys = [];
    this.pending = [];
    this.pendingKeys = [];
    this.bucket = null;
    this.lastX = -Infinity;
    this.accepted = 0;
    this.outOfOrder = 0;
    this.broken = false;
  }

  /** Buffers a batch; points whose time goes back are skipped (a chart's x must not decrease). */
  add(epoch, seq, ts, value) {
    this.addPoints(epoch, seq, ts, value, this.bucketMs > 0);
  }

  /** Buffers points the server already reduced to a few per pixel column (an aggregate), as they are. */
  addReduced(epoch, seq, ts, value) {
    this.closeBucket();
    this.addPoints(epoch, seq, ts, value, false);
  }

  addPoints(epoch, seq, ts, value, aggregate) {
    for (let i = 0; i < seq.length; i++) {
      const x = ts[i] - this.baseTime;
      if (x < this.lastX) {
        this.outOfOrder += 1;
        continue;
      }
      if (this.broken) {
        this.broken = false;
        this.closeBucket();
        this.emit({ x: (this.lastX + x) / 2, y: NaN, key: null });
      }
      this.lastX = x;
      this.accepted += 1;
      const point = { x, y: value[i], key: `${epoch}:${seq[i]}` };
      if (aggregate) {
        this.aggregate(point);
      } else {
        this.emit(point);
      }
    }
  }

  /** Points were lost after the newest one held: the line breaks before the next point. */
  breakLine() {
    if (this.lastX !== -Infinity) this.broken = true;
  }

  aggregate(point) {
    const index = Math.floor(point.x / this.bucketMs);
    const bucket = this.bucket;
    if (bucket !== null && bucket.index === index) {
      if (point.y < bucket.min.y) bucket.min = point;
      if (point.y > bucket.max.y) bucket.max = point;
      bucket.last = point;
      return;
    }
    this.closeBucket();
    this.bucket = { index, openedAt: this.localNow(), first: point, min: point, max: point, last: point };
  }

  /** Emits the open bucket's first, lowest, highest and last points, in time order, each once. */
  closeBucket() {
    const bucket = this.bucket;
    if (bucket === null) return;
    this.bucket = null;
    const chosen = [...new Set([bucket.first, bucket.min, bucket.max, bucket.last])].sort((a, b) => a.x - b.x);
    for (const point of chosen) this.emit(point);
  }

  emit(point) {
    this.pending.push({ x: point.x, y: point.y });
    this.pendingKeys.push(point.key);
    if (this.pending.length > 2 * this.maxPoints) {
      // No frame has run for a long time (a hidden tab): what would be trimmed anyway need not wait.
      const excess = this.pending.length - this.maxPoints;
      this.pending.splice(0, excess);
      this.pendingKeys.splice(0, excess);
    }
  }

  hasOpenBucket() {
    return this.bucket !== null;
  }

  /**
   * Moves buffered points into `data` (closing a bucket that has been open for a bucket's width, so a slow
   * stream is not held back), then trims by count and by age (measured back from the newest point held).
   * Returns true when `data` changed.
   */
  flush(nowMs) {
    if (this.bucket !== null && this.localNow() - this.bucket.openedAt >= this.bucketMs) this.closeBucket();
    let changed = false;
    if (this.pending.length > 0) {
      // In slices: spreading a very large array into one call overflows the stack.
      for (let i = 0; i < this.pending.length; i += 8192) {
        this.data.push(...this.pending.slice(i, i + 8192));
        this.keys.push(...this.pendingKeys.slice(i, i + 8192));
      }
      this.pending = [];
      this.pendingKeys = [];
      changed = true;
    }
    let drop = Math.max(0, this.data.length - this.maxPoints);
    // Age is measured back from the newest point, not the local clock, which may be skewed against the server's.
    const newest = this.data.length > 0 ? this.data[this.data.length - 1].x : nowMs - this.baseTime;
    const oldestX = newest - this.maxAgeMs;
    while (drop < this.data.length && this.data[drop].x < oldestX) drop += 1;
    if (drop > 0) {
      this.data.splice(0, drop);
      this.keys.splice(0, drop);
      changed = true;
    }
    return changed;
  }

  /** The x (ms after baseTime) of the newest point accepted, or null. */
  newestX() {
    return this.lastX === -Infinity ? null : this.lastX;
  }

  /** Removes every point (on reuse of the series for another stream). */
  clear() {
    this.data.splice(0, this.data.length);
    this.keys = [];
    this.pending = [];
    this.pendingKeys = [];
    this.bucket = null;
    this.lastX = -Infinity;
    this.outOfOrder = 0;
    this.broken = false;
  }

  setMaxAge(maxAgeMs) {
    this.maxAgeMs = maxAgeMs;
  }

  /** Milliseconds per bucket (0 keeps every point); takes effect from the next bucket. */
  setBucketMs(bucketMs) {
    this.closeBucket();
    this.bucketMs = bucketMs;
  }
}
