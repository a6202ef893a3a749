import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatDuration, formatSeqRange } from '../../../webapp/ops/ops-format.js';

test('sizes in B, KiB and MiB', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(512 * 1024), '512 KiB');
  assert.equal(formatBytes(3 * 1024 * 1024), '3.0 MiB');
  assert.equal(formatBytes(-1), '–');
});

test('durations from ms to hours', () => {
  assert.equal(formatDuration(340), '340 ms');
  assert.equal(formatDuration(12_500), '12.5 s');
  assert.equal(formatDuration(245_000), '4 min 05 s');
  assert.equal(formatDuration(3 * 3_600_000 + 7 * 60_000), '3 h 07 min');
  assert.equal(formatDuration(Number.NaN), '–');
});

test('sequence ranges', () => {
  assert.equal(formatSeqRange(5, 42), '5..42');
  assert.equal(formatSeqRange(0, 0), '–');
});
