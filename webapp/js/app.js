// The page: a stream picker, one chart with a series per chosen stream, a status line and controls, fed by a
// SeriesflowClient that resumes each stream after a reconnect. Each subscribe asks for its window's history as
// an aggregate sized to the chart (so the chart is full at once) and for aggregates rather than gaps when the
// page falls behind. The address follows the chosen streams and window, so it can be shared.

import { socketUrl } from './socket-url.js';
import { SeriesflowClient } from './seriesflow-client.js';
import { ChartView } from './chart-view.js';
import { RateMeter, LatencyMeter, describeLatency } from './meters.js';
import { readPageAddress, pageAddress } from './page-url.js';
import { MessageLine } from './messages.js';

const COLORS_LIGHT = ['#1f6feb', '#d1242f', '#1a7f37', '#8250df', '#bf8700', '#0a7f8f'];
const COLORS_DARK = ['#58a6ff', '#ff7b72', '#3fb950', '#d2a8ff', '#e3b341', '#39c5cf'];
const MAX_POINTS_PER_SERIES = 100_000;
const STREAM_LIST_REFRESH_MS = 10_000;
const STREAM_LIST_RETRY_MS = 2_000;
/** "950", "12.3K", "1.2M": the status line stays one line however long the page runs. */
const RECEIVED_FORMAT = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const address = readPageAddress(location.search);
const dark = matchMedia('(prefers-color-scheme: dark)').matches;
const css = getComputedStyle(document.documentElement);
const messages = new MessageLine((text) => { $('message').textContent = text; });
$('window').value = String(address.windowMs);

let view;
try {
  view = new ChartView($('chart'), {
  TimeChart: globalThis.TimeChart,
  baseTime: Date.now(),
  windowMs: address.windowMs,
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

const status = { state: 'connecting', received: 0, gaps: 0, resets: 0, aggregated: 0, errors: [] };
const rate = new RateMeter(5000);
const latency = new LatencyMeter(1000);
const selected = new Set(address.streams);
/** Streams whose next 'subscribed' starts a backfill: their old points make way for it. */
const backfilling = new Set();
const rejected = new Set();
if (address.unknownWindow !== null) {
  messages.show('address', `Unknown window '${address.unknownWindow}' in the address; showing 30 seconds`);
}

const client = new SeriesflowClient({
  url: socketUrl(document.baseURI),
  protocol: params.get('protocol') === 'json' ? 'seriesflow.v1' : 'seriesflow.bin.v1',
  // Server-Sent Events where the WebSocket fails before hello (a proxy stripping Upgrade); ?transport= forces one.
  transport: params.get('transport') ?? 'auto',
  listener: {
    clock({ offsetMs, uncertaintyMs }) {
      latency.setOffset(offsetMs, uncertaintyMs);
    },
    subscribed(stream, message) {
      view.setLabel(stream, message);
      if (backfilling.delete(stream)) view.reset(stream);
    },
    points(stream, points, epoch, info) {
      const now = Date.now();
      status.received += points.seq.length;
      rate.record(now, points.seq.length);
      // Replayed points are old on purpose: only live ones say how late points arrive.
      const liveAfter = info?.liveAfter ?? -Infinity;
      latency.record(now, points.ts.filter((_, i) => points.seq[i] > liveAfter));
      view.add(stream, epoch, points);
    },
    aggregate(stream, points, epoch, info) {
      status.received += points.seq.length;
      if (info.reason !== 'backfill') status.aggregated += info.lastSeq - info.firstSeq + 1;
      view.addReduced(stream, epoch, points);
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
      const text = detail ? `${state}: ${detail}` : state;
      $('connection-state').textContent = text;
      $('connection-state').title = text;
      $('connection-state').dataset.state = state;
    },
    error(message) {
      status.errors.push(message);
      if (message.code === 'unknown-stream') {
        rejectUnknown(message.stream);
      } else if (message.code !== 'not-subscribed') {
        // not-subscribed only answers dropping a stream the server had already refused.
        messages.show('server', message.message);
      }
    },
  },
});

function renderStatus() {
  const now = Date.now();
  $('points-per-second').textContent = rate.perSecond(now).toFixed(0);
  const p50 = latency.quantile(0.5);
  const p99 = latency.quantile(0.99);
  const uncertainty = latency.uncertaintyMs;
  $('latency').textContent = p50 === null ? '–'
    : `${describeLatency(p50, uncertainty)} · p99 ${describeLatency(p99, uncertainty)}`;
  $('clock-offset').textContent = uncertainty === null ? 'unknown' : `±${Math.max(1, Math.ceil(uncertainty))} ms`;
  $('gaps').textContent = String(status.gaps + status.resets);
  $('duplicates').textContent = String(client.duplicates);
  $('reconnects').textContent = String(client.reconnects);
  $('points-received').textContent = RECEIVED_FORMAT.format(status.received);
}

async function refreshStreamList() {
  let streams;
  try {
    const response = await fetch('api/streams', { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    streams = (await response.json()).streams;
  } catch (failure) {
    messages.show('stream-list', `stream list unavailable (${failure.message}); retrying`);
    setTimeout(refreshStreamList, STREAM_LIST_RETRY_MS);
    return;
  }
  messages.clear('stream-list');
  setTimeout(refreshStreamList, STREAM_LIST_REFRESH_MS);
  const names = new Set(streams.map((s) => s.name));
  for (const name of [...selected]) {
    if (!names.has(name)) rejectUnknown(name);
  }
  const picker = $('streams');
  const listed = new Set([...picker.querySelectorAll('input')].map((i) => i.value));
  for (const stream of streams) {
    if (selected.has(stream.name)) view.setLabel(stream.name, stream);
    if (listed.has(stream.name)) continue;
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = stream.name;
    box.checked = selected.has(stream.name);
    box.addEventListener('change', () => (box.checked ? choose(stream.name) : drop(stream.name)));
    label.title = stream.displayName || stream.name;
    label.append(box, document.createTextNode(` ${stream.name}`));
    picker.append(label);
  }
}

/** A stream the server does not have (named in the address): said once, unticked, left out of the address. */
function rejectUnknown(name) {
  if (!name || rejected.has(name) || !selected.has(name)) return;
  rejected.add(name);
  messages.show(`unknown:${name}`, `No stream named '${name}' (from the address); left out`);
  drop(name);
  const box = [...$('streams').querySelectorAll('input')].find((input) => input.value === name);
  if (box) box.checked = false;
}

/** Subscribe options: this window's history sized to the plot, and aggregates rather than gaps when behind. */
function subscribeOptions() {
  return { backfill: { windowMs: view.windowMs, buckets: view.plotWidth() }, overflow: 'aggregate' };
}

function choose(name) {
  selected.add(name);
  rejected.delete(name);
  view.show(name);
  backfilling.add(name);
  client.subscribe(name, subscribeOptions());
  updateAddress();
}

function drop(name) {
  selected.delete(name);
  backfilling.delete(name);
  client.unsubscribe(name);
  view.hide(name);
  updateAddress();
}

/** Another window: each stream starts again from that window's history. */
function changeWindow(windowMs) {
  view.setWindow(windowMs);
  for (const name of selected) {
    backfilling.add(name);
    client.resubscribe(name, subscribeOptions());
  }
  updateAddress();
}

function updateAddress() {
  const search = pageAddress(location.search, { streams: selected, windowMs: view.windowMs });
  if (search !== location.search) history.replaceState(null, '', search);
}

const follow = $('follow');
view.onFollowChange = (following) => {
  follow.textContent = following ? 'Pause' : 'Follow live';
};
follow.addEventListener('click', () => view.setFollow(!view.follow));
$('window').addEventListener('change', (event) => changeWindow(Number(event.target.value)));
$('reset-y').addEventListener('click', () => view.resetY());

for (const name of selected) choose(name);
client.start();
refreshStreamList();
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
  get aggregated() { return status.aggregated; },
  get message() { return messages.text(); },
  get selected() { return [...selected]; },
  get latency() { return { max: latency.max(), p50: latency.quantile(0.5), uncertaintyMs: latency.uncertaintyMs }; },
  snapshot: () => view.snapshot(),
  errors: status.errors,
};
