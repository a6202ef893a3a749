// The page's pure parts: its address, axis formats, message line, latency text and line breaks at gaps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readPageAddress, pageAddress } from '../../../webapp/js/page-url.js';
import { timeFormatFor, timeTickCount, numberFormatFor } from '../../../webapp/js/axis-format.js';
import { MessageLine } from '../../../webapp/js/messages.js';
import { describeLatency, LatencyMeter } from '../../../webapp/js/meters.js';
import { SeriesWindow } from '../../../webapp/js/series-window.js';

test('the address names the streams and the window, and keeps what the page does not own', () => {
  assert.deepEqual(readPageAddress(''), { streams: ['demo'], windowMs: 30_000, unknownWindow: null });
  assert.deepEqual(readPageAddress('?streams=demo,%20sine,,demo&window=5m'),
    { streams: ['demo', 'sine'], windowMs: 300_000, unknownWindow: null });
  assert.deepEqual(readPageAddress('?streams=&window=7m'), { streams: [], windowMs: 30_000, unknownWindow: '7m' });
  assert.equal(pageAddress('?protocol=json&streams=x', { streams: new Set(['demo', 'sine']), windowMs: 60_000 }),
    '?protocol=json&streams=demo,sine&window=1m');
  assert.equal(pageAddress('', { streams: [], windowMs: 10_000 }), '?streams=&window=10s');
});

test('time labels keep one format per zoom level and never crowd', () => {
  assert.equal(timeFormatFor(30_000), '%H:%M:%S');
  assert.equal(timeFormatFor(300_000), '%H:%M:%S', 'five minutes still show seconds, for every label');
  assert.equal(timeFormatFor(3_600_000), '%H:%M');
  assert.equal(timeFormatFor(7 * 24 * 3_600_000), '%b %d %H:%M');
  assert.equal(timeTickCount(900), 10);
  assert.equal(timeTickCount(100), 2);
  assert.equal(numberFormatFor(22.5), null);
  assert.equal(numberFormatFor(-125_000), '~s');
});

test('each message clears only itself: the stream list loading again does not hide a refused stream', () => {
  const shown = [];
  const line = new MessageLine((text) => shown.push(text));
  line.show('stream-list', 'stream list unavailable (HTTP 503); retrying');
  line.show('unknown:x', "No stream named 'x'");
  line.clear('stream-list');
  assert.equal(line.text(), "No stream named 'x'");
  line.clear('unknown:x');
  line.clear('never-shown');
  assert.deepEqual(shown, ['stream list unavailable (HTTP 503); retrying', "No stream named 'x'",
    "No stream named 'x'", '']);
});

test('a latency is never shown negative: within the clock uncertainty it reads as a bound', () => {
  assert.equal(describeLatency(null, 2), '–');
  assert.equal(describeLatency(-3.7, 2.2), '≤ 3 ms');
  assert.equal(describeLatency(0.4, null), '≤ 1 ms');
  assert.equal(describeLatency(152.6, 2), '153 ms');
  const meter = new LatencyMeter(4);
  meter.setOffset(0, 1);
  meter.record(1_000, [1_005, 990]);
  assert.equal(meter.max(), 10);
});

test('the line breaks where points were lost: a point the chart does not draw separates both sides', () => {
  const window = new SeriesWindow({ maxPoints: 100, maxAgeMs: 60_000, baseTime: 0 });
  window.add('e', [1, 2], [100, 200], [1, 2]);
  window.breakLine();
  window.add('e', [9], [1_000], [3]);
  window.flush(1_000);
  assert.deepEqual(window.data.map((p) => p.x), [100, 200, 600, 1_000]);
  assert.ok(Number.isNaN(window.data[2].y));
  assert.deepEqual(window.keys, ['e:1', 'e:2', null, 'e:9']);
  const fresh = new SeriesWindow({ maxPoints: 100, maxAgeMs: 60_000, baseTime: 0 });
  fresh.breakLine();
  fresh.add('e', [1], [5], [1]);
  fresh.flush(5);
  assert.equal(fresh.data.length, 1, 'nothing to break from before the first point');
});
