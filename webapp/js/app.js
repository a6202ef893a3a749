// The page: a stream picker, one chart with a series per chosen stream, a status line and controls, fed by a
// SeriesflowClient that resumes each stream after a reconnect.

import { socketUrl } from './socket-url.js';
import { SeriesflowClient } from './seriesflow-client.js';
import { ChartView } from './chart-view.js';
import { RateMeter, LatencyMeter } from './meters.js';

const COLORS_LIGHT = ['#1f6feb', '#d1242f', '#1a7f37', '#8250df', '#bf8700', '#0a7f8f'];
const COLORS_DARK = ['#58a6ff', '#ff7b72', '#3fb950', '#d2a8ff', '#e3b341', '#39c5cf'];
const MAX_POINTS_PER_SERIES = 100_000;
const STREAM_LIST_REFRESH_MS = 10_000;

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const dark = matchMedia('(prefers-color-scheme: dark)').matches;
const css = getComputedStyle(document.documentElement);

let view;
try {
  view = new ChartView($('chart'), {
  TimeChart: globalThis.TimeChart,
  baseTime: Date.now(),
  windowMs: Number($('window').value),
  maxPoints: MAX_POINTS_PER_SERIES,
  colors: dark ? COLORS_DARK : COLORS_LIGHT,
  axisColor: css.getPropertyValue('--fg').trim() || undefined,
  legend: $('legend'),
  markerFill: css.getPropertyValue('--gap').trim() || undefined,
  markerStroke: css.getPropertyValue('--gap-edge').trim() || undefined,
  });
} catch (failure) {
  $('message').textContent = `The chart cannot be drawn here (${failure.message}). It needs WebGL2.`;
  throw failure;
}

const status = { state: 'connecting', received: 0, gaps: 0, resets: 0, errors: [] };
const rate = new RateMeter(5000);
const latency = new LatencyMeter(1000);
const selected = new Set((params.get('streams') ?? 'demo').split(',').map((s) => s.trim()).filter(Boolean));

const client = new SeriesflowClient({
  url: socketUrl(document.baseURI),
  protocol: params.get('protocol') === 'json' ? 'seriesflow.v1' : 'seriesflow.bin.v1',
  // Server-Sent Events where the WebSocket fails before hello (a proxy stripping Upgrade); ?transport= forces one.
  transport: params.get('transport') ?? 'auto',
  listener: {
    clock({ offsetMs, uncertaintyMs }) {
      latency.setOffset(offsetMs, uncertaintyMs);
    },
    points(stream, points, epoch) {
      const now = Date.now();
      status.received += points.seq.length;
      rate.record(now, points.seq.length);
      latency.record(now, points.ts);
      view.add(stream, epoch, points);
    },
    gap(stream, gap) {
      status.gaps += 1;
      view.markGap(stream, `points ${gap.from}–${gap.to} lost (${gap.reason})`);
    },
    reset(stream) {
      status.resets += 1;
      view.markGap(stream, 'history lost (server restarted)');
    },
    state(state, detail) {
      status.state = state;
      $('connection-state').textContent = detail ? `${state}: ${detail}` : state;
      $('connection-state').dataset.state = state;
    },
    error(message) {
      status.errors.push(message);
      $('message').textContent = message.message;
    },
  },
});

function renderStatus() {
  const now = Date.now();
  $('points-per-second').textContent = rate.perSecond(now).toFixed(0);
  const p50 = latency.quantile(0.5);
  const p99 = latency.quantile(0.99);
  $('latency').textContent = p50 === null ? '–' : `${p50.toFixed(0)} ms (p99 ${p99.toFixed(0)} ms)`;
  $('clock-offset').textContent = latency.uncertaintyMs === null ? 'unknown'
    : `${latency.offsetMs >= 0 ? '+' : ''}${latency.offsetMs.toFixed(0)} ± ${latency.uncertaintyMs.toFixed(0)} ms`;
  $('gaps').textContent = String(status.gaps + status.resets);
  $('duplicates').textContent = String(client.duplicates);
  $('reconnects').textContent = String(client.reconnects);
  $('points-received').textContent = String(status.received);
}

async function refreshStreamList() {
  let names;
  try {
    const response = await fetch('api/streams', { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    names = (await response.json()).streams.map((s) => s.name);
  } catch (failure) {
    $('message').textContent = `stream list unavailable (${failure.message}); retrying`;
    return;
  }
  const picker = $('streams');
  const known = new Set([...picker.querySelectorAll('input')].map((i) => i.value));
  for (const name of new Set([...names, ...selected])) {
    if (known.has(name)) continue;
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = name;
    box.checked = selected.has(name);
    box.addEventListener('change', () => (box.checked ? choose(name) : drop(name)));
    label.append(box, document.createTextNode(` ${name}`));
    picker.append(label);
  }
}

function choose(name) {
  selected.add(name);
  view.show(name);
  client.subscribe(name);
}

function drop(name) {
  selected.delete(name);
  client.unsubscribe(name);
  view.hide(name);
}

const follow = $('follow');
view.onFollowChange = (following) => {
  follow.textContent = following ? 'Pause' : 'Follow live';
};
follow.addEventListener('click', () => view.setFollow(!view.follow));
$('window').addEventListener('change', (event) => view.setWindow(Number(event.target.value)));
$('reset-y').addEventListener('click', () => view.resetY());

for (const name of selected) choose(name);
client.start();
refreshStreamList();
setInterval(refreshStreamList, STREAM_LIST_REFRESH_MS);
setInterval(renderStatus, 500);
addEventListener('pagehide', () => client.stop());
addEventListener('pageshow', (event) => {
  // Restored from the back/forward cache: the socket was closed on pagehide, so connect and resume again.
  if (event.persisted) client.start();
});

// Exposed for people debugging in the console and for the browser tests.
globalThis.seriesflowPage = {
  get state() { return status.state; },
  get received() { return status.received; },
  get reconnects() { return client.reconnects; },
  get duplicates() { return client.duplicates; },
  get transport() { return client.transportInUse; },
  snapshot: () => view.snapshot(),
  errors: status.errors,
};
