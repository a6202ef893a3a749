// The points a chart holds: appended in time order, relative to a base time (TimeChart keeps float32
// coordinates, so raw epoch milliseconds would lose precision), trimmed from the front to a bounded count.

export class PointWindow {
  /**
   * @param {{maxPoints: number, baseTime: number}} options (baseTime in epoch ms, the chart's baseTime)
   * @param {Array<{x: number, y: number}>} [data] the array handed to the chart (TimeChart patches its methods)
   */
  constructor({ maxPoints, baseTime }, data = []) {
    if (!(maxPoints > 0)) throw new RangeError('maxPoints must be positive');
    this.maxPoints = maxPoints;
    this.data = data;
    this.baseTime = baseTime;
    this.lastX = -Infinity;
    this.pending = [];
    this.accepted = 0;
    this.skipped = 0;
  }

  /** Buffers one point; it reaches `data` at the next flush. Points out of time order are skipped. */
  add(ts, value) {
    const x = ts - this.baseTime;
    if (x < this.lastX) {
      this.skipped += 1;
      return false;
    }
    this.lastX = x;
    this.pending.push({ x, y: value });
    this.accepted += 1;
    return true;
  }

  /** Moves buffered points into `data` and trims the oldest. Returns true when `data` changed. */
  flush() {
    if (this.pending.length === 0) return false;
    this.data.push(...this.pending);
    this.pending = [];
    const excess = this.data.length - this.maxPoints;
    if (excess > 0) this.data.splice(0, excess);
    return true;
  }
}
