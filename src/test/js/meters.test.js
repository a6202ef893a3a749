import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateMeter, LatencyMeter } from '../../../webapp/js/meters.js';
import { GapMarkers } from '../../../webapp/js/gap-markers.js';

test('the rate meter averages over its window and forgets older events', () => {
  const rate = new RateMeter(2_000);
  rate.record(0, 100);
  rate.record(1_000, 300);
  assert.equal(rate.perSecond(1_500), 200);
  assert.equal(rate.perSecond(2_500), 150);
  assert.equal(rate.perSecond(10_000), 0);
});

test('latency uses the estimated server clock offset', () => {
  const latency = new LatencyMeter(10);
  latency.setOffset(1_000, 5);
  latency.record(9_500, [10_480, 10_400]);
  assert.equal(latency.offsetMs, 1_000);
  assert.equal(latency.quantile(0), 20);
  assert.equal(latency.quantile(0.99), 100);
  assert.equal(new LatencyMeter().quantile(0.5), null);
});

test('gap markers open after the last point and close at the next one', () => {
  const gaps = new GapMarkers();
  gaps.open('a', 1_000, 'lost');
  gaps.open('a', 1_000, 'and more');
  assert.deepEqual(gaps.closed(), []);
  gaps.close('a', 5_000);
  assert.deepEqual(gaps.closed(), [{ stream: 'a', fromTs: 1_000, toTs: 5_000, label: 'lost; and more' }]);
  gaps.prune(6_000, new Set(['a']));
  assert.deepEqual(gaps.closed(), []);
});

test('latency keeps only the most recent samples', () => {
  const latency = new LatencyMeter(3);
  latency.record(1_000, [900, 800, 700, 600]);
  latency.record(1_000, [990]);
  assert.equal(latency.quantile(0), 10, 'the newest sample is in');
  assert.equal(latency.quantile(0.5), 300, 'the 100 and 200 ms samples were overwritten');
});
