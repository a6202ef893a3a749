// The M4 backfill as the page receives it: in both wire forms, a known series' aggregate arrives with every
// bucket's first, lowest, highest and last point exactly, the position moves to the last seq it stands for, and
// live points continue from the next seq with no hole and no duplicate.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { SeriesflowClient } from '../../../webapp/js/seriesflow-client.js';
import { SeriesWindow } from '../../../webapp/js/series-window.js';
import { decodeAggregate } from '../../../webapp/js/binary-frame.js';
import { ScriptedSocket, manualTimers, binaryFrame, aggregateFrame, m4 } from './fakes.js';

const BASE = 1_764_400_000_000;
let events;
let clock;

/** 2,000 points 10 ms apart: a sawtooth with spikes. */
function knownSeries() {
  return Array.from({ length: 2_000 }, (_, i) => ({
    seq: 101 + i, ts: BASE + 10 * i, value: (i % 23) - (i % 97 === 0 ? 50 : 0) + (i % 131 === 0 ? 70 : 0),
  }));
}

function newClient(protocol) {
  return new SeriesflowClient({
    url: 'ws://h/ws',
    protocol,
    WebSocketImpl: ScriptedSocket,
    timers: clock.api,
    listener: {
      points: (stream, points, epoch, info) => events.push(['points', points.seq, info.liveAfter]),
      aggregate: (stream, points, epoch, info) => events.push(['aggregate', points, info]),
      gap: (stream, gap) => events.push(['gap', gap]),
      reset: () => events.push(['reset']),
      state: () => {},
    },
  });
}

beforeEach(() => {
  ScriptedSocket.instances = [];
  events = [];
  clock = manualTimers();
  clock.advance(BASE + 20_000);
});

for (const protocol of ['seriesflow.v1', 'seriesflow.bin.v1']) {
  test(`${protocol}: the backfill keeps each bucket's first, min, max and last, then live goes on`, () => {
    const client = newClient(protocol);
    client.subscribe('demo', { backfill: { windowMs: 20_000, buckets: 100 }, overflow: 'aggregate' });
    client.start();
    const socket = ScriptedSocket.instances[0];
    socket.open();
    assert.deepEqual(socket.sent[1], { type: 'subscribe', stream: 'demo', overflow: 'aggregate',
      backfill: { from: BASE, buckets: 100 } });
    const series = knownSeries();
    const kept = m4(series, BASE, 200);
    socket.message({ type: 'subscribed', stream: 'demo', index: 4, epoch: 'e', baseTime: BASE, firstSeq: 101,
      lastSeq: 2_100 });
    if (protocol === 'seriesflow.v1') {
      socket.message({ type: 'aggregate', stream: 'demo', epoch: 'e', reason: 'backfill', firstSeq: 101,
        lastSeq: 2_100, points: kept.map((p) => [p.seq, p.ts, p.value]) });
    } else {
      socket.message(aggregateFrame(4, 101, 2_100, 'backfill', kept.map((p) => p.seq),
        kept.map((p) => p.ts - BASE), kept.map((p) => p.value)));
      socket.message(binaryFrame(4, 2_101, [20_000, 20_010], [5, 6]));
    }
    if (protocol === 'seriesflow.v1') {
      socket.message({ type: 'points', stream: 'demo', epoch: 'e',
        points: [[2_100, 1, 1], [2_101, 2, 5], [2_102, 3, 6]] });
    }

    const [, points, info] = events.find((e) => e[0] === 'aggregate');
    assert.deepEqual(info, { reason: 'backfill', firstSeq: 101, lastSeq: 2_100 });
    assert.deepEqual(points.seq, kept.map((p) => p.seq));
    assert.deepEqual(points.ts, kept.map((p) => p.ts));
    assert.deepEqual(points.value, kept.map((p) => p.value));
    assert.ok(points.seq.length <= 4 * 100, 'at most four points per bucket');
    assert.deepEqual(events.filter((e) => e[0] === 'points').map((e) => e[1]),
      [protocol === 'seriesflow.v1' ? [2_101, 2_102] : [2_101, 2_102]], 'live from the next seq');
    assert.equal(events.find((e) => e[0] === 'points')[2], 2_100, 'points after 2,100 are live');
    assert.equal(events.some((e) => e[0] === 'gap'), false, 'no hole');
    assert.equal(client.duplicates, protocol === 'seriesflow.v1' ? 1 : 0, 'a point already covered is dropped');
  });
}

test('an overflow aggregate stands for its whole range: no gap, and the position moves past it', () => {
  const client = newClient('seriesflow.v1');
  client.subscribe('a', { overflow: 'aggregate' });
  client.start();
  const socket = ScriptedSocket.instances[0];
  socket.open();
  socket.message({ type: 'subscribed', stream: 'a', index: 0, epoch: 'e', baseTime: 0, firstSeq: 0, lastSeq: 0 });
  socket.message({ type: 'points', stream: 'a', epoch: 'e', points: [[1, 1, 1]] });
  socket.message({ type: 'aggregate', stream: 'a', epoch: 'e', reason: 'overflow', firstSeq: 2, lastSeq: 900,
    points: [[2, 2, 0], [450, 450, 9], [900, 900, 1]] });
  socket.message({ type: 'points', stream: 'a', epoch: 'e', points: [[901, 901, 1]] });
  socket.serverClose(1006);
  clock.advance(20_000);
  clock.runDue();
  ScriptedSocket.instances[1].open();

  assert.equal(events.some((e) => e[0] === 'gap'), false);
  assert.deepEqual(ScriptedSocket.instances[1].sent[1], { type: 'subscribe', stream: 'a', since: 901, epoch: 'e',
    overflow: 'aggregate' }, 'resumes exactly after a reconnect, never backfilling over what it holds');
});

test('a resubscribe for another window ignores what was still under way for the old subscription', () => {
  const client = newClient('seriesflow.v1');
  client.subscribe('a', { backfill: { windowMs: 1_000, buckets: 10 } });
  client.start();
  const socket = ScriptedSocket.instances[0];
  socket.open();
  socket.message({ type: 'subscribed', stream: 'a', index: 0, epoch: 'e', baseTime: 0, firstSeq: 1, lastSeq: 5 });
  client.resubscribe('a', { backfill: { windowMs: 300_000, buckets: 10 } });
  socket.message({ type: 'points', stream: 'a', epoch: 'e', points: [[6, 6, 6]] });
  socket.message({ type: 'unsubscribed', stream: 'a' });
  socket.message({ type: 'subscribed', stream: 'a', index: 0, epoch: 'e', baseTime: 0, firstSeq: 1, lastSeq: 6 });
  socket.message({ type: 'aggregate', stream: 'a', epoch: 'e', reason: 'backfill', firstSeq: 1, lastSeq: 6,
    points: [[1, 1, 1], [6, 6, 6]] });

  assert.deepEqual(socket.sent.slice(2), [{ type: 'unsubscribe', stream: 'a' },
    { type: 'subscribe', stream: 'a', backfill: { from: BASE + 20_000 - 300_000, buckets: 10 } }]);
  assert.deepEqual(events.map((e) => e[0]), ['aggregate'], 'the old subscription\'s point was dropped');
});

test('an unknown stream is forgotten, so a reconnect does not ask for it again', () => {
  const client = newClient('seriesflow.v1');
  client.subscribe('nosuch');
  client.subscribe('demo');
  client.start();
  const socket = ScriptedSocket.instances[0];
  socket.open();
  socket.message({ type: 'error', code: 'unknown-stream', message: 'no stream named \'nosuch\'', stream: 'nosuch' });
  socket.serverClose(1006);
  clock.advance(20_000);
  clock.runDue();
  ScriptedSocket.instances[1].open();
  assert.deepEqual(ScriptedSocket.instances[1].sent.slice(1), [{ type: 'subscribe', stream: 'demo' }]);
});

test('decodes the aggregate frame as protocol.md lays it out', () => {
  const frame = decodeAggregate(aggregateFrame(9, 10, 2 ** 40, 'overflow', [10, 12], [0.5, 7], [-1, 1]));
  assert.deepEqual({ ...frame, seqs: [...frame.seqs], times: [...frame.times], values: [...frame.values] },
    { index: 9, firstSeq: 10, lastSeq: 2 ** 40, reason: 'overflow', seqs: [10, 12], times: [0.5, 7], values: [-1, 1] });
  assert.throws(() => decodeAggregate(aggregateFrame(0, 1, 1, 'backfill', [1], [1], [1]).slice(0, 40)), RangeError);
});

test('the series window keeps a backfill as it is and aggregates the live points after it', () => {
  const window = new SeriesWindow({ maxPoints: 10_000, maxAgeMs: 60_000, baseTime: BASE, bucketMs: 200 });
  const kept = m4(knownSeries(), BASE, 200);
  window.addReduced('e', kept.map((p) => p.seq), kept.map((p) => p.ts), kept.map((p) => p.value));
  window.flush(BASE + 20_000);
  assert.deepEqual(window.keys, kept.map((p) => `e:${p.seq}`), 'not reduced again');
  window.add('e', [2_101, 2_102], [BASE + 20_000, BASE + 20_010], [1, 2]);
  window.flush(BASE + 20_010);
  assert.equal(window.hasOpenBucket(), true, 'live points go on being bucketed');
});
