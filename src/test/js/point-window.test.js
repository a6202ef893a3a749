import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PointWindow } from '../../../webapp/js/point-window.js';

test('points are stored relative to the base time', () => {
  const window = new PointWindow({ maxPoints: 10, baseTime: 1_700_000_000_000 });
  window.add(1_700_000_000_250, 1.5);
  assert.equal(window.flush(), true);
  assert.deepEqual(window.data, [{ x: 250, y: 1.5 }]);
});

test('the window keeps only the newest maxPoints, trimming the oldest', () => {
  const window = new PointWindow({ maxPoints: 3, baseTime: 0 });
  for (let i = 0; i < 5; i++) window.add(i * 100, i);
  window.flush();
  assert.deepEqual(window.data.map((p) => p.y), [2, 3, 4]);
  window.add(500, 5);
  window.flush();
  assert.deepEqual(window.data.map((p) => p.y), [3, 4, 5]);
});

test('points going back in time are skipped, so x stays monotonic', () => {
  const window = new PointWindow({ maxPoints: 10, baseTime: 0 });
  assert.equal(window.add(200, 1), true);
  assert.equal(window.add(100, 2), false);
  window.flush();
  assert.deepEqual(window.data, [{ x: 200, y: 1 }]);
  assert.equal(window.skipped, 1);
});

test('flush without new points reports no change', () => {
  const window = new PointWindow({ maxPoints: 10, baseTime: 0 });
  assert.equal(window.flush(), false);
});
