import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePoints } from '../../../webapp/js/binary-frame.js';
import { binaryFrame } from './fakes.js';

test('decodes the header and views the blocks as typed arrays', () => {
  const frame = decodePoints(binaryFrame(513, 2 ** 40, [0, 0.5, 100], [1, -2, 3.25]));
  assert.equal(frame.index, 513);
  assert.equal(frame.firstSeq, 2 ** 40);
  assert.deepEqual(Array.from(frame.times), [0, 0.5, 100]);
  assert.deepEqual(Array.from(frame.values), [1, -2, 3.25]);
});

test('rejects frames that are not points frames or are truncated', () => {
  const good = binaryFrame(0, 1, [1], [1]);
  assert.throws(() => decodePoints(good.slice(0, 20)), RangeError);
  const wrongKind = binaryFrame(0, 1, [1], [1]);
  new DataView(wrongKind).setUint8(0, 9);
  assert.throws(() => decodePoints(wrongKind), RangeError);
});
