import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamConnection } from '../../../webapp/js/stream-connection.js';
import { Backoff } from '../../../webapp/js/backoff.js';

/** A WebSocket stand-in the test drives by hand: it records instances and lets the test fire events. */
class ScriptedSocket {
  static instances = [];

  constructor(url) {
    this.url = url;
    this.closedWith = null;
    ScriptedSocket.instances.push(this);
  }

  close(code, reason) {
    this.closedWith = { code, reason };
  }
}

function manualTimers() {
  const timers = { now: 0, queue: [] };
  return {
    timers,
    api: {
      setTimeout: (fn, ms) => { timers.queue.push({ fn, at: timers.now + ms }); return timers.queue.length; },
      clearTimeout: (id) => { timers.queue[id - 1] = null; },
      now: () => timers.now,
    },
    runAll() {
      const due = timers.queue.filter(Boolean);
      timers.queue = [];
      due.forEach((t) => { timers.now = Math.max(timers.now, t.at); t.fn(); });
    },
  };
}

test('frames become points; malformed frames are counted, not thrown', () => {
  ScriptedSocket.instances = [];
  const points = [];
  const connection = new StreamConnection({ url: 'ws://h/ws', onPoint: (p) => points.push(p), onState() {},
    WebSocketImpl: ScriptedSocket, timers: manualTimers().api });
  connection.start();
  const socket = ScriptedSocket.instances[0];
  socket.onopen();
  socket.onmessage({ data: '{"seq":1,"ts":1000,"value":2.5}' });
  socket.onmessage({ data: 'not json' });
  socket.onmessage({ data: '{"value":"x"}' });
  assert.deepEqual(points, [{ seq: 1, ts: 1000, value: 2.5 }]);
  assert.equal(connection.malformed, 2);
});

test('a close schedules a reconnect after the backoff delay, and reports it', () => {
  ScriptedSocket.instances = [];
  const states = [];
  const clock = manualTimers();
  const connection = new StreamConnection({ url: 'ws://h/ws', onPoint() {}, onState: (s) => states.push(s),
    WebSocketImpl: ScriptedSocket, timers: clock.api,
    backoff: new Backoff({ initialMs: 100, maxMs: 1000, random: () => 1 }) });
  connection.start();
  ScriptedSocket.instances[0].onopen();
  ScriptedSocket.instances[0].onclose({ code: 1001, reason: 'server shutting down' });
  assert.equal(clock.timers.queue[0].at, 100);
  clock.runAll();
  assert.equal(ScriptedSocket.instances.length, 2);
  assert.deepEqual(states, ['connecting', 'live', 'reconnecting', 'connecting']);
  assert.equal(connection.reconnects, 1);
});

test('stop closes the socket and cancels reconnects', () => {
  ScriptedSocket.instances = [];
  const clock = manualTimers();
  const connection = new StreamConnection({ url: 'ws://h/ws', onPoint() {}, onState() {},
    WebSocketImpl: ScriptedSocket, timers: clock.api });
  connection.start();
  const socket = ScriptedSocket.instances[0];
  connection.stop();
  assert.deepEqual(socket.closedWith, { code: 1000, reason: 'page closed' });
  socket.onclose({ code: 1000, reason: '' });
  clock.runAll();
  assert.equal(ScriptedSocket.instances.length, 1);
});
