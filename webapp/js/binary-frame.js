// Decoding seriesflow.bin.v1 point frames (docs/protocol.md): a 16-byte little-endian header, then
// float64 timestamps relative to the stream's baseTime, then float64 values.

export const HEADER_BYTES = 16;
export const KIND_POINTS = 1;

/**
 * @param {ArrayBuffer} buffer
 * @returns {{index: number, firstSeq: number, times: Float64Array, values: Float64Array}}
 */
export function decodePoints(buffer) {
  const view = new DataView(buffer);
  if (buffer.byteLength < HEADER_BYTES || view.getUint8(0) !== KIND_POINTS || view.getUint8(1) !== 1) {
    throw new RangeError('not a seriesflow.bin.v1 points frame');
  }
  const index = view.getUint16(2, true);
  const n = view.getUint32(4, true);
  if (buffer.byteLength !== HEADER_BYTES + 16 * n) {
    throw new RangeError(`frame of ${buffer.byteLength} bytes cannot hold ${n} points`);
  }
  const firstSeq = view.getFloat64(8, true);
  // Every block is 8-byte aligned, so typed arrays view the buffer without copying (on little-endian hosts,
  // which every browser runs on; DataView above already fixed the header's byte order).
  const times = new Float64Array(buffer, HEADER_BYTES, n);
  const values = new Float64Array(buffer, HEADER_BYTES + 8 * n, n);
  return { index, firstSeq, times, values };
}

export const KIND_AGGREGATE = 2;
export const AGGREGATE_HEADER_BYTES = 32;
const AGGREGATE_REASONS = { 1: 'backfill', 2: 'overflow' };

/** The kind byte of a binary frame: 1 points, 2 aggregate. */
export function frameKind(buffer) {
  return buffer.byteLength > 0 ? new DataView(buffer).getUint8(0) : 0;
}

/**
 * Decodes an aggregate frame: the points kept of seqs firstSeq..lastSeq, each with its own seq.
 *
 * @param {ArrayBuffer} buffer
 * @returns {{index: number, firstSeq: number, lastSeq: number, reason: string, seqs: Float64Array,
 *            times: Float64Array, values: Float64Array}}
 */
export function decodeAggregate(buffer) {
  const view = new DataView(buffer);
  if (buffer.byteLength < AGGREGATE_HEADER_BYTES || view.getUint8(0) !== KIND_AGGREGATE || view.getUint8(1) !== 1) {
    throw new RangeError('not a seriesflow.bin.v1 aggregate frame');
  }
  const n = view.getUint32(4, true);
  if (buffer.byteLength !== AGGREGATE_HEADER_BYTES + 24 * n) {
    throw new RangeError(`aggregate frame of ${buffer.byteLength} bytes cannot hold ${n} points`);
  }
  return {
    index: view.getUint16(2, true),
    firstSeq: view.getFloat64(8, true),
    lastSeq: view.getFloat64(16, true),
    reason: AGGREGATE_REASONS[view.getUint8(24)] ?? 'unknown',
    seqs: new Float64Array(buffer, AGGREGATE_HEADER_BYTES, n),
    times: new Float64Array(buffer, AGGREGATE_HEADER_BYTES + 8 * n, n),
    values: new Float64Array(buffer, AGGREGATE_HEADER_BYTES + 16 * n, n),
  };
}
