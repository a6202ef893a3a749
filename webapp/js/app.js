// The page: one chart of the demo stream, fed by a StreamConnection, redrawn at most once per frame.

import { socketUrl } from './socket-url.js';
import { PointWindow } from './point-window.js';
import { StreamConnection } from './stream-connection.js';

const MAX_POINTS = 3000;
const WINDOW_MS = 30_000;

const elements = {
  chart: document.getElementById('chart'),
  state: document.getElementById('connection-state'),
  received: document.getElementById('points-received'),
  latest: document.getElementById('latest-value'),
};

const css = getComputedStyle(document.documentElement);
const baseTime = Date.now();
const window_ = new PointWindow({ maxPoints: MAX_POINTS, baseTime });

const chart = new TimeChart(elements.chart, {
  baseTime,
  realTime: true,
  xRange: { min: -WINDOW_MS, max: 0 },
  color: css.getPropertyValue('--chart-axis').trim() || undefined,
  series: [{ name: 'demo', data: window_.data, color: css.getPropertyValue('--chart-line').trim() || 'steelblue',
    lineWidth: 2 }],
  legend: false,
  zoom: { x: { autoRange: false }, y: { autoRange: true } },
});

// Exposed for people debugging in the console and for the browser tests.
const pageState = { received: 0, held: 0, state: 'connecting', lastSeq: null, reconnects: 0 };
globalThis.seriesflowPage = pageState;

let frameRequested = false;
function scheduleRedraw() {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(() => {
    frameRequested = false;
    if (window_.flush()) chart.update();
    pageState.held = window_.data.length;
    elements.received.textContent = String(pageState.received);
  });
}

const connection = new StreamConnection({
  url: socketUrl(document.baseURI),
  onPoint(point) {
    if (window_.add(point.ts, point.value)) {
      pageState.received += 1;
      pageState.lastSeq = point.seq;
      elements.latest.textContent = point.value.toFixed(2);
      scheduleRedraw();
    }
  },
  onState(state, detail) {
    pageState.state = state;
    pageState.reconnects = connection.reconnects;
    elements.state.textContent = detail ? `${state}: ${detail}` : state;
    elements.state.dataset.state = state;
  },
});
connection.start();
addEventListener('pagehide', () => connection.stop());
