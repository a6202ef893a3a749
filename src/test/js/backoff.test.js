import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff } from '../../../webapp/js/backoff.js';

test('delays grow exponentially within [ceiling/2, ceiling] and stop at the cap', () => {
  const low = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0 });
  const high = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 1 });
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => low.nextDelayMs()), [50, 100, 200, 400, 500, 500]);
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => high.nextDelayMs()), [100, 200, 400, 800, 1000, 1000]);
});

test('reset starts again from the initial delay', () => {
  const backoff = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 1 });
  backoff.nextDelayMs();
  backoff.nextDelayMs();
  backoff.reset();
  assert.equal(backoff.nextDelayMs(), 100);
});
