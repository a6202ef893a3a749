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
