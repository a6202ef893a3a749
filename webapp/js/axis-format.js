// Axis labels: one format per zoom level for time (never ":55" next to "08:40"), and numbers short enough to fit
// beside the y axis. No DOM; d3's formatters are passed in.

/** Spans up to this show seconds. */
const SECONDS_UP_TO_MS = 10 * 60_000;
/** Spans up to this show hours and minutes; longer ones show the day too. */
const MINUTES_UP_TO_MS = 2 * 24 * 3_600_000;

/** The d3 time format specifier for a time axis spanning `spanMs`. */
export function timeFormatFor(spanMs) {
  if (spanMs <= SECONDS_UP_TO_MS) return '%H:%M:%S';
  if (spanMs <= MINUTES_UP_TO_MS) return '%H:%M';
  return '%b %d %H:%M';
}

/** How many time ticks fit in `widthPx` without labels touching (a label is about 50 px wide). */
export function timeTickCount(widthPx) {
  return Math.max(2, Math.floor(widthPx / 90));
}

/** '~s' (SI prefixes: "12k") for a y axis whose values reach 10,000, else null (d3's format for the step). */
export function numberFormatFor(maxAbs) {
  return Math.abs(maxAbs) >= 10_000 ? '~s' : null;
}
