// What the page's address says, and what it should say: the chosen streams and the time window, so that a link
// shows the same view (?streams=demo,sine&window=5m). Other parameters (e.g. protocol) are kept. No DOM.

/** The time windows the page offers, by their name in the address. */
export const WINDOWS = new Map([['10s', 10_000], ['30s', 30_000], ['1m', 60_000], ['5m', 300_000]]);
export const DEFAULT_WINDOW_MS = 30_000;

/**
 * @param {string} search location.search
 * @returns {{streams: string[], windowMs: number, unknownWindow: string|null}} streams in the given order
 *          (demo when the address names none); an unknown window is reported and the default used
 */
export function readPageAddress(search) {
  const params = new URLSearchParams(search);
  const named = params.get('streams');
  const streams = [...new Set((named ?? 'demo').split(',').map((s) => s.trim()).filter(Boolean))];
  const window = params.get('window');
  const windowMs = window === null ? DEFAULT_WINDOW_MS : WINDOWS.get(window);
  return { streams, windowMs: windowMs ?? DEFAULT_WINDOW_MS, unknownWindow: windowMs === undefined ? window : null };
}

/** The window's name in the address (its ms when it is not one of the offered windows). */
export function windowName(windowMs) {
  for (const [name, ms] of WINDOWS) if (ms === windowMs) return name;
  return String(windowMs);
}

/**
 * The search string for the view, keeping parameters the page does not own.
 *
 * @param {string} search the current location.search
 * @param {{streams: Iterable<string>, windowMs: number}} view
 */
export function pageAddress(search, { streams, windowMs }) {
  const params = new URLSearchParams(search);
  params.set('streams', [...streams].join(','));
  params.set('window', windowName(windowMs));
  // Commas are legal in a query; keep the address readable.
  return `?${params.toString().replaceAll('%2C', ',')}`;
}
