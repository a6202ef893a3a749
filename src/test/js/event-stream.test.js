import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { SeriesflowClient } from '../../../webapp/js/seriesflow-client.js';
import { eventStreamUrl } from '../../../webapp/js/event-stream-socket.js';
import { Backoff } from '../../../webapp/js/backoff.js';
import { ScriptedSocket, manualTimers } from './fakes.js';

/** An EventSource the test drives by hand. */
class ScriptedEventSource {
  static instances = [];

  constructor(url) {
    this.url = new URL(url);
    this.closed = false;
    ScriptedEventSource.instances.push(this);
  }

  open() { this.onopen(); }

  event(message) { this.onmessage({ data: JSON.stringify(message) }); }

  error() { this.onerror(new Event('error')); }

  close() { this.closed = true; }
}

let events;
let clock;

function newClient(transport) {
  return new SeriesflowClient({
    url: 'wss://example.test/ctx/ws',
    transport,
    protocol: 'seriesflow.bin.v1',
    WebSocketImpl: ScriptedSocket,
    EventSourceImpl: ScriptedEventSource,
    timers: clock.api,
    backoff: new Backoff({ initialMs: 100, maxMs: 1000, random: () => 1 }),
    listener: {
      points: (stream, points, epoch) => events.push(['points', stream, points.seq, epoch]),
      gap: (stream, gap) => events.push(['gap', stream, gap.from, gap.to]),
      reset: (stream, epoch) => events.push(['reset', stream, epoch]),
      state: (state, detail) => events.push(['state', state, detail]),
      clock: () => events.push(['clock']),
    },
  });
}

beforeEach(() => {
  ScriptedSocket.instances = [];
  ScriptedEventSource.instances = [];
  events = [];
  clock = manualTimers();
});

test('the event stream URL sits beside the WebSocket under the same context path and scheme', () => {
  assert.equal(eventStreamUrl('wss://h:8443/ctx/ws', ['a', 'b'], 'a:e:4'),
    'https://h:8443/ctx/sse?streams=a%2Cb&lastEventId=a%3Ae%3A4');
  assert.equal(eventStreamUrl('ws://h/ws', ['demo'], ''), 'http://h/sse?streams=demo');
});

test('over Server-Sent Events the streams and every position held are in the URL of each connection', async () => {
  const client = newClient('sse');
  client.subscribe('a');
  client.subscribe('b');
  client.start();
  let source = ScriptedEventSource.instances[0];
  assert.equal(source.url.pathname, '/ctx/sse');
  assert.equal(source.url.searchParams.get('streams'), 'a,b');
  assert.equal(source.url.searchParams.get('lastEventId'), null);
  source.open();
  source.event({ type: 'hello', serverTime: 5000 });
  source.event({ type: 'subscribed', stream: 'a', index: 0, epoch: 'ea', baseTime: 0 });
  source.event({ type: 'subscribed', stream: 'b', index: 1, epoch: 'eb', baseTime: 0 });
  source.event({ type: 'points', stream: 'a', epoch: 'ea', points: [[41, 1, 1], [42, 2, 2]] });
  assert.deepEqual(events.filter((e) => e[0] !== 'state'), [['clock'], ['points', 'a', [41, 42], 'ea']]);
  assert.deepEqual(events.find((e) => e[1] === 'live'), ['state', 'live', 'over Server-Sent Events']);

  source.event({ type: 'close', code: 1001, reason: 'server shutting down' });
  source.error();
  assert.ok(source.closed, 'the browser does not reconnect by itself: the client does, with its positions');
  assert.match(events.at(-1)[2], /closed \(1001 server shutting down\); retrying/);
  clock.advance(100);
  clock.runDue();
  source = ScriptedEventSource.instances[1];
  assert.equal(source.url.searchParams.get('lastEventId'), 'a:ea:42');
  assert.equal(client.reconnects, 1);
});

test('subscribing while an event stream is open reconnects at once with the new streams', () => {
  const client = newClient('sse');
  client.subscribe('a');
  client.start();
  ScriptedEventSource.instances[0].open();
  client.subscribe('b');
  assert.ok(ScriptedEventSource.instances[0].closed);
  assert.equal(ScriptedEventSource.instances[1].url.searchParams.get('streams'), 'a,b');
  assert.equal(client.reconnects, 0, 'not a failure');
});

test('auto falls back to Server-Sent Events when the WebSocket fails before hello, and stays there', () => {
  const client = newClient('auto');
  client.subscribe('demo');
  client.start();
  ScriptedSocket.instances[0].serverClose(1006);
  assert.equal(ScriptedEventSource.instances.length, 1, 'the event stream is tried at once');
  assert.equal(client.transportInUse, 'sse');
  assert.ok(events.some((e) => /WebSocket failed before hello/.test(e[2] ?? '')));
  const source = ScriptedEventSource.instances[0];
  source.open();
  source.event({ type: 'hello', serverTime: 0 });
  assert.match(events.find((e) => e[1] === 'live')[2],
    /over Server-Sent Events \(the WebSocket was refused or cut before hello\)/);
  source.error();
  clock.advance(100);
  clock.runDue();
  assert.equal(ScriptedEventSource.instances.length, 2, 'after an event stream worked, it reconnects over one');
  assert.equal(ScriptedSocket.instances.length, 1);
});

test('auto keeps the WebSocket after a hello, and a constructor that throws counts as a failure', () => {
  const client = newClient('auto');
  client.subscribe('demo');
  client.start();
  const socket = ScriptedSocket.instances[0];
  socket.open();
  socket.message({ type: 'hello', serverTime: 0 });
  socket.serverClose(1001);
  assert.equal(ScriptedEventSource.instances.length, 0);
  assert.equal(client.transportInUse, 'websocket');

  const refusing = new SeriesflowClient({ url: 'ws://h/ws', transport: 'auto', timers: clock.api,
    WebSocketImpl: class { constructor() { throw new Error('blocked'); } }, EventSourceImpl: ScriptedEventSource,
    listener: { points() {}, gap() {}, reset() {}, state() {} } });
  refusing.subscribe('demo');
  refusing.start();
  clock.runDue();
  assert.equal(ScriptedEventSource.instances.length, 1);
});
