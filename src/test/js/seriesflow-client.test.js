import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { SeriesflowClient } from '../../../webapp/js/seriesflow-client.js';
import { Backoff } from '../../../webapp/js/backoff.js';
import { ScriptedSocket, manualTimers, binaryFrame } from './fakes.js';

let events;
let clock;

function newClient(protocol = 'seriesflow.bin.v1') {
  return new SeriesflowClient({
    url: 'ws://h/ws',
    protocol,
    WebSocketImpl: ScriptedSocket,
    timers: clock.api,
    backoff: new Backoff({ initialMs: 100, maxMs: 1000, random: () => 1 }),
    listener: {
      points: (stream, points, epoch) => events.push(['points', stream, points.seq, epoch, points.ts, points.value]),
      gap: (stream, gap) => events.push(['gap', stream, gap.from, gap.to, gap.reason]),
      reset: (stream, epoch, previous) => events.push(['reset', stream, epoch, previous]),
      state: (state) => events.push(['state', state]),
      clock: (clock) => events.push(['clock', clock.offsetMs, clock.uncertaintyMs]),
    },
  });
}

function subscribed(socket, stream, index, epoch, baseTime = 1000) {
  socket.message({ type: 'subscribed', stream, index, epoch, baseTime, firstSeq: 1, lastSeq: 0 });
}

beforeEach(() => {
  ScriptedSocket.instances = [];
  events = [];
  clock = manualTimers();
});

test('subscribes on open with the chosen subprotocol and decodes binary points against baseTime', () => {
  const client = newClient();
  client.subscribe('demo');
  client.start();
  const socket = ScriptedSocket.instances[0];
  assert.equal(socket.protocol, 'seriesflow.bin.v1');
  socket.open();
  assert.deepEqual(socket.sent, [{ type: 'time' }, { type: 'subscribe', stream: 'demo' }]);
  subscribed(socket, 'demo', 3, 'e1', 5000);
  socket.message(binaryFrame(3, 7, [10, 20], [1.5, 2.5]));
  assert.deepEqual(events.at(-1), ['points', 'demo', [7, 8], 'e1', [5010, 5020], [1.5, 2.5]]);
});

test('after a reconnect each stream resumes from its last seq and epoch', () => {
  const client = newClient('seriesflow.v1');
  client.subscribe('a');
  client.subscribe('b');
  client.start();
  let socket = ScriptedSocket.instances[0];
  socket.open();
  subscribed(socket, 'a', 0, 'ea');
  subscribed(socket, 'b', 1, 'eb');
  socket.message({ type: 'points', stream: 'a', epoch: 'ea', points: [[41, 1, 1], [42, 2, 2]] });
  socket.serverClose(1001, 'server shutting down');
  assert.equal(clock.state.queue.filter(Boolean)[0].at, 100);
  clock.advance(100);
  clock.runDue();
  socket = ScriptedSocket.instances[1];
  socket.open();
  assert.deepEqual(socket.sent, [
    { type: 'time' },
    { type: 'subscribe', stream: 'a', since: 42, epoch: 'ea' },
    { type: 'subscribe', stream: 'b' },
  ]);
  assert.equal(client.reconnects, 1);
});

test('duplicates are dropped and a hole the server did not announce is reported', () => {
  const client = newClient('seriesflow.v1');
  client.subscribe('a');
  client.start();
  const socket = ScriptedSocket.instances[0];
  socket.open();
  subscribed(socket, 'a', 0, 'e');
  socket.message({ type: 'points', stream: 'a', epoch: 'e', points: [[1, 1, 1], [2, 2, 2], [3, 3, 3]] });
  socket.message({ type: 'points', stream: 'a', epoch: 'e', points: [[2, 2, 2], [3, 3, 3], [4, 4, 4]] });
  socket.message({ type: 'points', stream: 'a', epoch: 'e', points: [[7, 7, 7]] });
  const points = events.filter((e) => e[0] === 'points').map((e) => e[2]);
  assert.deepEqual(points, [[1, 2, 3], [4], [7]]);
  assert.equal(client.duplicates, 2);
  assert.deepEqual(events.find((e) => e[0] === 'gap'), ['gap', 'a', 5, 6, 'detected']);
});

test('an announced gap moves the position past it without a second report', () => {
  const client = newClient('seriesflow.v1');
  client.subscribe('a');
  client.start();
  const socket = ScriptedSocket.instances[0];
  socket.open();
  subscribed(socket, 'a', 0, 'e');
  socket.message({ type: 'points', stream: 'a', epoch: 'e', points: [[1, 1, 1]] });
  socket.message({ type: 'gap', stream: 'a', epoch: 'e', from: 2, to: 9, reason: 'overflow' });
  socket.message({ type: 'points', stream: 'a', epoch: 'e', points: [[10, 10, 10]] });
  assert.deepEqual(events.filter((e) => e[0] === 'gap'), [['gap', 'a', 2, 9, 'overflow']]);
});

test('a reset forgets the position and takes the new epoch', () => {
  const client = newClient('seriesflow.v1');
  client.subscribe('a');
  client.start();
  const socket = ScriptedSocket.instances[0];
  socket.open();
  subscribed(socket, 'a', 0, 'old');
  socket.message({ type: 'points', stream: 'a', epoch: 'old', points: [[50, 1, 1]] });
  socket.message({ type: 'reset', stream: 'a', epoch: 'new', previousEpoch: 'old' });
  socket.message({ type: 'points', stream: 'a', epoch: 'new', points: [[1, 2, 2]] });
  assert.deepEqual(events.find((e) => e[0] === 'reset'), ['reset', 'a', 'new', 'old']);
  assert.deepEqual(events.filter((e) => e[0] === 'points').at(-1).slice(2, 4), [[1], 'new']);
});

test('terminal close codes stop reconnecting', () => {
  for (const code of [1008, 1009, 4400, 4404]) {
    ScriptedSocket.instances = [];
    events = [];
    const client = newClient();
    client.start();
    ScriptedSocket.instances[0].open();
    ScriptedSocket.instances[0].serverClose(code);
    clock.advance(60_000);
    clock.runDue();
    assert.equal(ScriptedSocket.instances.length, 1, `no reconnect after ${code}`);
    assert.equal(events.at(-1)[1], 'closed');
  }
});

test('backoff grows across failed attempts and resets after a stable connection', () => {
  const client = newClient();
  client.start();
  ScriptedSocket.instances[0].serverClose(1006);
  const delays = [];
  for (let i = 1; i <= 4; i++) {
    const pending = clock.state.queue.filter(Boolean)[0];
    delays.push(pending.at - clock.state.now);
    clock.advance(pending.at - clock.state.now);
    clock.runDue();
    ScriptedSocket.instances[i].serverClose(1006);
  }
  assert.deepEqual(delays, [100, 200, 400, 800]);
  const pending = clock.state.queue.filter(Boolean)[0];
  clock.advance(pending.at - clock.state.now);
  clock.runDue();
  ScriptedSocket.instances[5].open();
  clock.advance(6_000);
  ScriptedSocket.instances[5].serverClose(1001);
  assert.equal(clock.state.queue.filter(Boolean)[0].at - clock.state.now, 100, 'reset after a stable connection');
});

test('unsubscribe tells the server and ignores later points of that stream', () => {
  const client = newClient('seriesflow.v1');
  client.subscribe('a');
  client.start();
  const socket = ScriptedSocket.instances[0];
  socket.open();
  subscribed(socket, 'a', 0, 'e');
  client.unsubscribe('a');
  socket.message({ type: 'points', stream: 'a', epoch: 'e', points: [[1, 1, 1]] });
  assert.deepEqual(socket.sent.at(-1), { type: 'unsubscribe', stream: 'a' });
  assert.equal(events.filter((e) => e[0] === 'points').length, 0);
});

test('the clock offset is estimated from a time request and its round trip', () => {
  const client = newClient();
  client.start();
  const socket = ScriptedSocket.instances[0];
  socket.open();
  clock.advance(40);
  socket.message({ type: 'time', serverTime: 100_000 });
  assert.deepEqual(events.at(-1), ['clock', 100_000 + 20 - 40, 20]);
});

test('a fresh subscription takes the epoch of its subscribed reply, even after a restart', () => {
  const client = newClient('seriesflow.v1');
  client.subscribe('a');
  client.start();
  let socket = ScriptedSocket.instances[0];
  socket.open();
  subscribed(socket, 'a', 0, 'e1');
  socket.serverClose(1001);
  clock.advance(100);
  clock.runDue();
  socket = ScriptedSocket.instances[1];
  socket.open();
  subscribed(socket, 'a', 0, 'e2');
  socket.message({ type: 'points', stream: 'a', epoch: 'e2', points: [[1, 1, 1]] });
  assert.deepEqual(events.at(-1).slice(0, 4), ['points', 'a', [1], 'e2']);
});

test('a malformed message is counted and reported, not thrown', () => {
  const errors = [];
  const client = newClient('seriesflow.v1');
  client.listener.error = (e) => errors.push(e.code);
  client.start();
  const socket = ScriptedSocket.instances[0];
  socket.open();
  socket.message('not json');
  socket.message(new ArrayBuffer(3));
  assert.equal(client.malformed, 2);
  assert.deepEqual(errors, ['client-malformed', 'client-malformed']);
});
