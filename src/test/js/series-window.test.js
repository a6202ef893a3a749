import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeriesWindow } from '../../../webapp/js/series-window.js';

test('points are stored relative to the base time and keep their (epoch, seq)', () => {
  const window = new SeriesWindow({ maxPoints: 10, maxAgeMs: 60_000, baseTime: 1_700_000_000_000 });
  window.add('e', [5], [1_700_000_000_250], [1.5]);
  assert.equal(window.flush(1_700_000_000_300), true);
  assert.deepEqual(window.data, [{ x: 250, y: 1.5 }]);
  assert.deepEqual(window.keys, ['e:5']);
});

test('the window keeps at most maxPoints, trimming the oldest', () => {
  const window = new SeriesWindow({ maxPoints: 3, maxAgeMs: 60_000, baseTime: 0 });
  window.add('e', [1, 2, 3, 4, 5], [100, 200, 300, 400, 500], [1, 2, 3, 4, 5]);
  window.flush(600);
  assert.deepEqual(window.data.map((p) => p.y), [3, 4, 5]);
  assert.deepEqual(window.keys, ['e:3', 'e:4', 'e:5']);
});

test('the window drops points older than maxAge, measured back from the newest point', () => {
  const window = new SeriesWindow({ maxPoints: 100, maxAgeMs: 1_000, baseTime: 0 });
  window.add('e', [1, 2, 3], [0, 900, 1_800], [1, 2, 3]);
  window.flush(2_000);
  assert.deepEqual(window.data.map((p) => p.y), [2, 3]);
  window.flush(1_000_000);
  assert.deepEqual(window.data.map((p) => p.y), [2, 3], 'a local clock far ahead does not empty the window');
});

test('a long time without frames does not let the buffer grow without bound', () => {
  const window = new SeriesWindow({ maxPoints: 10, maxAgeMs: 1e9, baseTime: 0 });
  for (let i = 0; i < 1_000; i++) window.add('e', [i], [i], [i]);
  assert.ok(window.pending.length <= 20);
  window.flush(1_000);
  assert.deepEqual(window.data.map((p) => p.y), [990, 991, 992, 993, 994, 995, 996, 997, 998, 999]);
});

test('points going back in time are skipped so x stays monotonic', () => {
  const window = new SeriesWindow({ maxPoints: 10, maxAgeMs: 60_000, baseTime: 0 });
  window.add('e', [1, 2], [200, 100], [1, 2]);
  window.flush(300);
  assert.deepEqual(window.data, [{ x: 200, y: 1 }]);
  assert.equal(window.outOfOrder, 1);
});

test('flush reports no change when nothing moved, clear empties everything', () => {
  const window = new SeriesWindow({ maxPoints: 10, maxAgeMs: 60_000, baseTime: 0 });
  assert.equal(window.flush(0), false);
  window.add('e', [1], [10], [1]);
  window.flush(20);
  window.clear();
  assert.deepEqual(window.data, []);
  assert.equal(window.newestX(), null);
});

test('with buckets, each keeps its first, lowest, highest and last point in time order', () => {
  let local = 0;
  const window = new SeriesWindow({ maxPoints: 100, maxAgeMs: 60_000, baseTime: 0, bucketMs: 10,
    now: () => local });
  window.add('e', [1, 2, 3, 4, 5, 6], [0, 2, 4, 6, 8, 10], [5, 1, 9, 3, 4, 7]);
  window.flush(20);
  assert.deepEqual(window.data, [{ x: 0, y: 5 }, { x: 2, y: 1 }, { x: 4, y: 9 }, { x: 8, y: 4 }],
    'bucket [0,10): first 5, min 1, max 9, last 4; the point at 10 opens the next bucket');
  assert.deepEqual(window.keys, ['e:1', 'e:2', 'e:3', 'e:5']);
  local = 10;
  window.flush(30);
  assert.deepEqual(window.data.at(-1), { x: 10, y: 7 }, 'an open bucket is closed after a bucket width');
});

test('a bucket with one point emits it once', () => {
  const window = new SeriesWindow({ maxPoints: 100, maxAgeMs: 60_000, baseTime: 0, bucketMs: 10, now: () => 0 });
  window.add('e', [1, 2], [0, 15], [1, 2]);
  window.flush(20);
  assert.deepEqual(window.data, [{ x: 0, y: 1 }]);
});
