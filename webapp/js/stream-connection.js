// One WebSocket to the server in compatible mode: each text frame is {"seq", "ts", "value"}. Reconnects with
// backoff after any close, and reports its state so the page can show it.

import { Backoff } from './backoff.js';

/** A connection that stayed open this long resets the backoff. */
const STABLE_AFTER_MS = 5000;

export class StreamConnection {
  /**
   * @param {{
   *   url: string,
   *   onPoint: (point: {seq: number, ts: number, value: number}) => void,
   *   onState: (state: string, detail?: string) => void,
   *   WebSocketImpl?: typeof WebSocket,
   *   backoff?: Backoff,
   *   timers?: {setTimeout: typeof setTimeout, clearTimeout: typeof clearTimeout, now: () => number},
   * }} options
   */
  constructor({ url, onPoint, onState, WebSocketImpl = globalThis.WebSocket, backoff = new Backoff(),
    timers = { setTimeout: globalThis.setTimeout.bind(globalThis),
      clearTimeout: globalThis.clearTimeout.bind(globalThis), now: () => Date.now() } }) {
    this.url = url;
    this.onPoint = onPoint;
    this.onState = onState;
    this.WebSocketImpl = WebSocketImpl;
    this.backoff = backoff;
    this.timers = timers;
    this.socket = null;
    this.retryTimer = null;
    this.openedAt = 0;
    this.stopped = false;
    this.reconnects = 0;
    this.malformed = 0;
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
    this.onState('stopped');
  }

  connect() {
    this.retryTimer = null;
    this.onState('connecting');
    const socket = new this.WebSocketImpl(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.openedAt = this.timers.now();
      this.onState('live');
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = (event) => this.closed(socket, event);
  }

  receive(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      this.malformed += 1;
      return;
    }
    if (typeof message?.value !== 'number' || typeof message.ts !== 'number') {
      this.malformed += 1;
      return;
    }
    this.onPoint(message);
  }

  closed(socket, event) {
    if (socket !== this.socket) return;
    this.socket = null;
    if (this.stopped) return;
    if (this.timers.now() - this.openedAt >= STABLE_AFTER_MS && this.openedAt > 0) this.backoff.reset();
    this.openedAt = 0;
    const delay = this.backoff.nextDelayMs();
    this.reconnects += 1;
    this.onState('reconnecting', `closed (${event.code}${event.reason ? ` ${event.reason}` : ''}); `
      + `retrying in ${(delay / 1000).toFixed(1)} s`);
    this.retryTimer = this.timers.setTimeout(() => this.connect(), delay);
  }
}
