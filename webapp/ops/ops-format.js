// Formatting for the operations page: sizes, durations, clock times. No DOM.

/** Bytes as B, KiB or MiB with one decimal where it helps. */
export function formatBytes(bytes) {
  if (!Number.isFinite(bytes) || bytes < 0) {
    return '–';
  }
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KiB`;
  }
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** A duration in ms as "340 ms", "12.5 s", "4 min 05 s" or "3 h 07 min". */
export function formatDuration(ms) {
  if (!Number.isFinite(ms) || ms < 0) {
    return '–';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  const seconds = ms / 1000;
  if (seconds < 60) {
    return `${seconds.toFixed(1)} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ${String(Math.floor(seconds % 60)).padStart(2, '0')} s`;
  }
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Epoch ms as a local clock time, HH:MM:SS. */
export function formatClock(epochMs) {
  const date = new Date(epochMs);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** "first..last", or "–" for an empty stream. */
export function formatSeqRange(firstSeq, lastSeq) {
  return lastSeq > 0 ? `${firstSeq}..${lastSeq}` : '–';
}
