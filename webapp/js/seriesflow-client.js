// A Seriesflow client for seriesflow.bin.v1 (or seriesflow.v1): subscribes to streams, resumes each one from its
// last (epoch, seq) after a reconnect, drops duplicates, reports gaps (announced by the server or detected),
// resets and connection state, and reconnects with jittered exponential backoff unless the close was terminal.
// Over a WebSocket, or over Server-Sent Events where WebSockets are blocked (transport 'sse', or 'auto', which
// falls back when the WebSocket fails before the server's hello). Runs in browsers and in Node 20+ (pass the ws
// package's WebSocket as WebSocketImpl; Node 22 has one built in). Documented in docs/client.md.

import { Backoff } from './backoff.js';
import { decodePoints, decodeAggregate, frameKind, KIND_AGGREGATE } from './binary-frame.js';
import { EventStreamSocket, eventStreamUrl } from './event-stream-socket.js';

/** Close codes after which reconnecting unchanged cannot help (docs/protocol.md). */
export const TERMINAL_CLOSE_CODES = new Set([1000, 1008, 1009, 4400, 4404]);
const STABLE_AFTER_MS = 5000;

/**
 * @typedef {object} Listener
 * @property {(stream: string, points: {seq: number[], ts: number[], value: number[]}, epoch: string,
 *             info: {liveAfter: number|null}) => void} points  points with seq up to liveAfter were replayed
 * @property {(stream: string, points: {seq: number[], ts: number[], value: number[]}, epoch: string,
 *             info: {reason: string, firstSeq: number, lastSeq: number}) => void} [aggregate]  an M4 aggregate
 *             standing for seqs firstSeq..lastSeq: a backfill, or what a lagging client's queue was reduced to
 * @property {(stream: string, message: object) => void} [subscribed]
 * @property {(stream: string, gap: {from: number, to: number, reason: string}) => void} gap
 * @property {(stream: string, epoch: string, previousEpoch: string) => void} reset
 * @property {(state: string, detail?: string) => void} state
 * @property {(message: object) => void} [hello]
 * @property {(clock: {offsetMs: number, uncertaintyMs: number}) => void} [clock]
 * @property {(error: object) => void} [error]
 */

export class SeriesflowClient {
  /**
   * @param {{url: string, listener: Listener, protocol?: string, WebSocketImpl?: any, backoff?: Backoff,
   *          timers?: {setTimeout: Function, clearTimeout: Function, now: () => number},
   *          transport?: 'websocket'|'sse'|'auto', EventSourceImpl?: any}} options
   */
  constructor({ url, listener, protocol = 'seriesflow.bin.v1', WebSocketImpl = globalThis.WebSocket,
    backoff = new Backoff(), timers = defaultTimers(), transport = 'websocket',
    EventSourceImpl = globalThis.EventSource }) {
    this.url = url;
    this.transport = transport;
    this.EventSourceImpl = EventSourceImpl;
    /** Whether the next connection is an event stream: always for 'sse'; for 'auto' after a WebSocket failed. */
    this.overEventStream = transport === 'sse';
    this.sawHello = false;
    this.listener = listener;
    this.protocol = protocol;
    this.WebSocketImpl = WebSocketImpl;
    this.backoff = backoff;
    this.timers = timers;
    /** @type {Map<string, {epoch: string|null, lastSeq: number|null, baseTime: number, index: number}>} */
    this.streams = new Map();
    this.byIndex = new Map();
    this.socket = null;
    this.retryTimer = null;
    this.openedAt = 0;
    this.stopped = true;
    this.reconnects = 0;
    this.duplicates = 0;
    this.malformed = 0;
    this.offsetMs = 0;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.socket) this.socket.close(1000, 'page closed');
    this.listener.state('stopped');
  }

  /**
   * Adds a stream; if connected, subscribes now, else at the next connection.
   *
   * @param {{backfill?: {windowMs: number, buckets: number}, overflow?: string}} [options] backfill: start with
   *        the last windowMs of history as an aggregate of that many buckets (when there is no position to resume
   *        from); overflow: 'aggregate' or 'drop-oldest' for this stream's points when the client falls behind
   */
  subscribe(stream, options = {}) {
    if (!this.streams.has(stream)) {
      this.streams.set(stream, { epoch: null, lastSeq: null, baseTime: 0, index: -1, options, liveAfter: null });
    }
    if (this.isOpen() && this.socket.isEventStream) this.reopen();
    else if (this.isOpen()) this.sendSubscribe(stream);
  }

  /** Subscribes again from scratch (e.g. to backfill another window): the stream's position is forgotten. */
  resubscribe(stream, options = {}) {
    this.unsubscribe(stream);
    this.subscribe(stream, options);
  }

  unsubscribe(stream) {
    const state = this.streams.get(stream);
    if (!state) return;
    this.streams.delete(stream);
    if (state.index >= 0) this.byIndex.delete(state.index);
    if (this.isOpen() && this.socket.isEventStream) this.reopen();
    else if (this.isOpen()) this.socket.send(JSON.stringify({ type: 'unsubscribe', stream }));
  }

  /** 'websocket' or 'sse': what the current (or next) connection uses. */
  get transportInUse() {
    return this.overEventStream ? 'sse' : 'websocket';
  }

  /** An event stream's streams are part of its URL: a new connection, at once, resuming every stream. */
  reopen() {
    const socket = this.socket;
    this.socket = null;
    socket.close(1000, 'streams changed');
    this.connect();
  }

  isOpen() {
    return this.socket !== null && this.socket.readyState === 1;
  }

  connect() {
    this.retryTimer = null;
    this.sawHello = false;
    if (this.overEventStream) {
      this.connectEventStream();
      return;
    }
    this.listener.state('connecting');
    let socket;
    try {
      socket = new this.WebSocketImpl(this.url, this.protocol);
    } catch (failure) {
      // A WebSocket the environment refuses outright fails like one cut before hello.
      socket = { readyState: 3, close() {} };
      this.socket = socket;
      this.timers.setTimeout(() => this.closed(socket, { code: 1006, reason: failure.message }), 0);
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      this.openedAt = this.timers.now();
      this.timeAskedAt = this.timers.now();
      socket.send(JSON.stringify({ type: 'time' }));
      this.listener.state('live');
      for (const stream of this.streams.keys()) this.sendSubscribe(stream);
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = (event) => this.closed(socket, event);
  }

  /** GET sse?streams=...: the streams and every position held are in the URL; the server subscribes them. */
  connectEventStream() {
    this.listener.state('connecting', 'over Server-Sent Events');
    const positions = [...this.streams].filter(([, s]) => s.lastSeq !== null && s.epoch !== null)
      .map(([name, s]) => `${name}:${s.epoch}:${s.lastSeq}`).join(',');
    const socket = new EventStreamSocket(eventStreamUrl(this.url, [...this.streams.keys()], positions),
      this.EventSourceImpl);
    this.socket = socket;
    this.timeAskedAt = this.timers.now();
    socket.onopen = () => {
      this.openedAt = this.timers.now();
      this.listener.state('live', this.transport === 'auto'
        ? 'over Server-Sent Events (the WebSocket was refused or cut before hello)' : 'over Server-Sent Events');
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = (event) => this.closed(socket, event);
  }

  sendSubscribe(stream) {
    const state = this.streams.get(stream);
    const message = { type: 'subscribe', stream };
    const { backfill, overflow } = state.options ?? {};
    if (state.lastSeq !== null) {
      message.since = state.lastSeq;
      message.epoch = state.epoch;
    } else if (backfill) {
      message.backfill = { from: Math.max(0, Math.round(this.timers.now() + this.offsetMs - backfill.windowMs)),
        buckets: Math.max(1, Math.round(backfill.buckets)) };
    }
    if (overflow) message.overflow = overflow;
    // Until the reply, anything for the stream belongs to an earlier subscription of it.
    state.awaiting = true;
    this.socket.send(JSON.stringify(message));
  }

  receive(data) {
    try {
      this.dispatch(data);
    } catch (failure) {
      // One bad message must not break the page; count it and go on with the next.
      this.malformed += 1;
      this.listener.error?.({ code: 'client-malformed', message: `ignored a malformed message: ${failure.message}` });
    }
  }

  dispatch(data) {
    if (typeof data !== 'string' && frameKind(data) === KIND_AGGREGATE) {
      const frame = decodeAggregate(data);
      const stream = this.byIndex.get(frame.index);
      if (stream === undefined) return;
      const { baseTime } = this.streams.get(stream);
      this.acceptAggregate(stream, { reason: frame.reason, firstSeq: frame.firstSeq, lastSeq: frame.lastSeq,
        seq: Array.from(frame.seqs), ts: Array.from(frame.times, (t) => t + baseTime),
        value: Array.from(frame.values) });
      return;
    }
    if (typeof data !== 'string') {
      const frame = decodePoints(data);
      const stream = this.byIndex.get(frame.index);
      if (stream === undefined) return;
      const state = this.streams.get(stream);
      const ts = Array.from(frame.times, (t) => t + state.baseTime);
      this.accept(stream, frame.firstSeq, ts, Array.from(frame.values));
      return;
    }
    const message = JSON.parse(data);
    switch (message.type) {
      case 'hello': this.hello(message); break;
      case 'subscribed': this.subscribed(message); break;
      case 'points': this.acceptJson(message); break;
      case 'gap': this.gap(message); break;
      case 'reset': this.reset(message); break;
      case 'time': this.time(message); break;
      case 'aggregate': this.acceptJsonAggregate(message); break;
      case 'error': this.failed(message); break;
      default: break;
    }
  }

  hello(message) {
    this.sawHello = true;
    // An event stream cannot ask for the time: its hello, sent as the request arrived, is the answer.
    if (this.socket?.isEventStream) this.time(message);
    this.listener.hello?.(message);
  }

  /** Cristian's estimate: the server answered about half a round trip before the reply arrived. */
  time(message) {
    const now = this.timers.now();
    const rtt = now - this.timeAskedAt;
    this.offsetMs = message.serverTime + rtt / 2 - now;
    this.listener.clock?.({ offsetMs: this.offsetMs, uncertaintyMs: rtt / 2 });
  }

  /** An unknown stream is forgotten, so that it is not subscribed again at the next connection. */
  failed(message) {
    if (message.code === 'unknown-stream' && message.stream) {
      this.streams.delete(message.stream);
    }
    this.listener.error?.(message);
  }

  subscribed(message) {
    const state = this.streams.get(message.stream);
    if (!state) return;
    state.index = message.index;
    state.baseTime = message.baseTime;
    // Without a position the subscription starts fresh in the server's epoch; with one, a differing epoch is
    // announced by the reset that follows.
    if (state.lastSeq === null) state.epoch = message.epoch;
    state.liveAfter = message.lastSeq;
    state.awaiting = false;
    this.byIndex.set(message.index, message.stream);
    this.listener.subscribed?.(message.stream, message);
  }

  acceptJsonAggregate(message) {
    this.acceptAggregate(message.stream, { reason: message.reason, firstSeq: message.firstSeq,
      lastSeq: message.lastSeq, seq: message.points.map((p) => p[0]), ts: message.points.map((p) => p[1]),
      value: message.points.map((p) => p[2]) });
  }

  /** Points kept of seqs firstSeq..lastSeq: the position moves to lastSeq; what was held already is dropped. */
  acceptAggregate(stream, aggregate) {
    const state = this.streams.get(stream);
    if (!state || state.awaiting) return;
    if (state.lastSeq !== null && aggregate.lastSeq <= state.lastSeq) {
      this.duplicates += aggregate.seq.length;
      return;
    }
    if (state.lastSeq !== null && aggregate.firstSeq > state.lastSeq + 1) {
      this.listener.gap(stream, { from: state.lastSeq + 1, to: aggregate.firstSeq - 1, reason: 'detected' });
    }
    const keep = aggregate.seq.map((seq) => state.lastSeq === null || seq > state.lastSeq);
    const pick = (values) => values.filter((_, i) => keep[i]);
    state.lastSeq = aggregate.lastSeq;
    const points = { seq: pick(aggregate.seq), ts: pick(aggregate.ts), value: pick(aggregate.value) };
    this.listener.aggregate?.(stream, points, state.epoch,
      { reason: aggregate.reason, firstSeq: aggregate.firstSeq, lastSeq: aggregate.lastSeq });
  }

  acceptJson(message) {
    const seqs = message.points.map((p) => p[0]);
    if (seqs.length === 0) return;
    this.accept(message.stream, seqs[0], message.points.map((p) => p[1]), message.points.map((p) => p[2]));
  }

  /** Consecutive points from firstSeq: drops those already held, reports a hole the server did not announce. */
  accept(stream, firstSeq, ts, values) {
    const state = this.streams.get(stream);
    if (!state || state.awaiting) return;
    let skip = 0;
    if (state.lastSeq !== null && firstSeq <= state.lastSeq) {
      skip = Math.min(ts.length, state.lastSeq - firstSeq + 1);
      this.duplicates += skip;
    }
    if (skip === ts.length) return;
    const first = firstSeq + skip;
    if (state.lastSeq !== null && first > state.lastSeq + 1) {
      this.listener.gap(stream, { from: state.lastSeq + 1, to: first - 1, reason: 'detected' });
    }
    const seq = [];
    for (let i = skip; i < ts.length; i++) seq.push(firstSeq + i);
    state.lastSeq = seq[seq.length - 1];
    this.listener.points(stream, { seq, ts: ts.slice(skip), value: values.slice(skip) }, state.epoch,
      { liveAfter: state.liveAfter });
  }

  gap(message) {
    const state = this.streams.get(message.stream);
    if (!state) return;
    this.listener.gap(message.stream, { from: message.from, to: message.to, reason: message.reason });
    if (state.lastSeq === null || message.to > state.lastSeq) state.lastSeq = message.to;
  }

  reset(message) {
    const state = this.streams.get(message.stream);
    if (!state) return;
    state.epoch = message.epoch;
    state.lastSeq = null;
    this.listener.reset(message.stream, message.epoch, message.previousEpoch);
  }

  closed(socket, event) {
    if (socket !== this.socket) return;
    this.socket = null;
    this.byIndex.clear();
    if (this.stopped) return;
    if (this.transport === 'auto' && !this.sawHello) {
      // Nothing came through: a proxy that strips Upgrade or a network that blocks WebSockets looks like this,
      // and so does a server that is down. Try the other transport at once; after two failures, back off.
      this.overEventStream = !this.overEventStream;
      if (this.overEventStream) {
        this.listener.state('connecting', 'the WebSocket failed before hello; trying Server-Sent Events');
        this.connect();
        return;
      }
    }
    if (TERMINAL_CLOSE_CODES.has(event.code)) {
      this.listener.state('closed', `closed (${event.code}${event.reason ? ` ${event.reason}` : ''}); not retrying`);
      return;
    }
    if (this.openedAt > 0 && this.timers.now() - this.openedAt >= STABLE_AFTER_MS) this.backoff.reset();
    this.openedAt = 0;
    const delay = this.backoff.nextDelayMs();
    this.reconnects += 1;
    this.listener.state('reconnecting', `closed (${event.code}${event.reason ? ` ${event.reason}` : ''}); `
      + `retrying in ${(delay / 1000).toFixed(1)} s`);
    this.retryTimer = this.timers.setTimeout(() => this.connect(), delay);
  }
}

function defaultTimers() {
  return {
    setTimeout: globalThis.setTimeout.bind(globalThis),
    clearTimeout: globalThis.clearTimeout.bind(globalThis),
    now: () => Date.now(),
  };
}
