// Test doubles for the page modules: a WebSocket the test drives by hand, and timers the test advances.

export class ScriptedSocket {
  static instances = [];

  constructor(url, protocol) {
    this.url = url;
    this.protocol = protocol;
    this.readyState = 0;
    this.sent = [];
    this.closedWith = null;
    ScriptedSocket.instances.push(this);
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  close(code, reason) {
    this.closedWith = { code, reason };
  }

  open() {
    this.readyState = 1;
    this.onopen();
  }

  message(data) {
    this.onmessage({ data: typeof data === 'string' || data instanceof ArrayBuffer ? data : JSON.stringify(data) });
  }

  serverClose(code, reason = '') {
    this.readyState = 3;
    this.onclose({ code, reason });
  }
}

export function manualTimers() {
  const state = { now: 0, queue: [] };
  return {
    state,
    api: {
      setTimeout: (fn, ms) => { state.queue.push({ fn, at: state.now + ms }); return state.queue.length; },
      clearTimeout: (id) => { state.queue[id - 1] = null; },
      now: () => state.now,
    },
    advance(ms) {
      state.now += ms;
    },
    runDue() {
      const due = state.queue.filter((t) => t && t.at <= state.now);
      state.queue = state.queue.map((t) => (t && t.at <= state.now ? null : t));
      due.forEach((t) => t.fn());
      return due.length;
    },
  };
}

/** A little-endian seriesflow.bin.v1 points frame. */
export function binaryFrame(index, firstSeq, times, values) {
  const n = times.length;
  const buffer = new ArrayBuffer(16 + 16 * n);
  const view = new DataView(buffer);
  view.setUint8(0, 1);
  view.setUint8(1, 1);
  view.setUint16(2, index, true);
  view.setUint32(4, n, true);
  view.setFloat64(8, firstSeq, true);
  times.forEach((t, i) => view.setFloat64(16 + 8 * i, t, true));
  values.forEach((v, i) => view.setFloat64(16 + 8 * n + 8 * i, v, true));
  return buffer;
}

/** A little-endian seriesflow.bin.v1 aggregate frame (kind 2): seqs, times and values of the points kept. */
export function aggregateFrame(index, firstSeq, lastSeq, reason, seqs, times, values) {
  const n = seqs.length;
  const buffer = new ArrayBuffer(32 + 24 * n);
  const view = new DataView(buffer);
  view.setUint8(0, 2);
  view.setUint8(1, 1);
  view.setUint16(2, index, true);
  view.setUint32(4, n, true);
  view.setFloat64(8, firstSeq, true);
  view.setFloat64(16, lastSeq, true);
  view.setUint8(24, reason === 'backfill' ? 1 : 2);
  seqs.forEach((s, i) => view.setFloat64(32 + 8 * i, s, true));
  times.forEach((t, i) => view.setFloat64(32 + 8 * n + 8 * i, t, true));
  values.forEach((v, i) => view.setFloat64(32 + 16 * n + 8 * i, v, true));
  return buffer;
}

/** M4 by brute force: per bucket of `width` ms from `from`, the first, lowest, highest and last point, by seq. */
export function m4(points, from, width) {
  const buckets = new Map();
  for (const p of points) {
    const index = Math.floor((p.ts - from) / width);
    const bucket = buckets.get(index) ?? [];
    bucket.push(p);
    buckets.set(index, bucket);
  }
  const kept = [];
  for (const bucket of buckets.values()) {
    let min = bucket[0];
    let max = bucket[0];
    for (const p of bucket) {
      if (p.value < min.value) min = p;
      if (p.value > max.value) max = p;
    }
    const chosen = [...new Set([bucket[0], min, max, bucket[bucket.length - 1]])].sort((a, b) => a.seq - b.seq);
    kept.push(...chosen);
  }
  return kept;
}
