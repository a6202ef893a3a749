// The operations page: asks for the operations token, then polls api/state every two seconds and renders this
// node's streams, connections and recent slow-consumer closes. ES module, no framework; text only (no HTML from
// the server is ever inserted).
import { formatBytes, formatClock, formatDuration, formatSeqRange } from './ops-format.js';

const POLL_MS = 2000;
/** A connection lagging more than this is highlighted. */
const LAGGING_MS = 1000;
const TOKEN_KEY = 'seriesflow.ops-token';

const $ = (id) => document.getElementById(id);
const state = { token: sessionStorage.getItem(TOKEN_KEY) || '', paused: false, timer: null, last: null };

function cell(row, text, numeric) {
  const td = row.insertCell();
  td.textContent = text;
  if (numeric) {
    td.className = 'number';
  }
  return td;
}

function fill(tableId, items, render, emptyText) {
  const body = $(tableId).tBodies[0];
  body.replaceChildren();
  if (items.length === 0) {
    const td = cell(body.insertRow(), emptyText);
    td.colSpan = $(tableId).tHead.rows[0].cells.length;
    td.className = 'empty';
    return;
  }
  for (const item of items) {
    render(body.insertRow(), item);
  }
}

function renderStream(row, stream) {
  cell(row, stream.name);
  cell(row, stream.pointsPerSecond.toFixed(1), true);
  cell(row, String(stream.subscribers), true);
  cell(row, String(stream.retained), true);
  cell(row, formatSeqRange(stream.firstSeq, stream.lastSeq), true);
  cell(row, stream.epoch);
  cell(row, stream.source ? 'a source of the server' : 'publishers');
}

function renderConnection(row, connection) {
  row.dataset.id = connection.id;
  if (connection.lagMs > LAGGING_MS) {
    row.className = 'lagging';
  }
  cell(row, connection.id);
  cell(row, connection.mode);
  cell(row, connection.peer || 'unknown');
  cell(row, connection.streams.join(', ') || '–');
  cell(row, formatBytes(connection.queuedBytes), true);
  cell(row, String(connection.droppedPoints), true);
  cell(row, formatDuration(connection.lagMs), true);
  cell(row, formatDuration(connection.ageMs), true);
}

function renderClose(row, close) {
  cell(row, formatClock(close.closedAt));
  cell(row, close.id);
  cell(row, close.mode);
  cell(row, close.peer || 'unknown');
  cell(row, formatBytes(close.queuedBytes), true);
  cell(row, String(close.droppedPoints), true);
  cell(row, formatDuration(close.ageMs), true);
}

function render(snapshot) {
  state.last = snapshot;
  $('node').textContent = snapshot.node;
  $('ready').textContent = snapshot.ready ? 'ready' : 'not ready';
  $('ready').dataset.state = snapshot.ready ? 'ready' : 'not-ready';
  $('stream-count').textContent = String(snapshot.streams.length);
  $('connection-count').textContent = String(snapshot.connectionCount);
  $('updated').textContent = formatClock(snapshot.serverTime);
  fill('streams', snapshot.streams, renderStream, 'No streams.');
  fill('connections', snapshot.connections, renderConnection, 'No client is connected.');
  fill('slow-closes', snapshot.slowCloses, renderClose, 'No client was closed as too slow.');
}

function say(text) {
  $('message').textContent = text;
}

async function poll() {
  state.timer = null;
  if (!state.token || state.paused) {
    return;
  }
  try {
    const response = await fetch('api/state', { headers: { Authorization: `Bearer ${state.token}` },
      cache: 'no-store' });
    if (response.status === 401) {
      say('The token was refused.');
      state.token = '';
      sessionStorage.removeItem(TOKEN_KEY);
      $('token').focus();
      return;
    }
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      say(`The server answered ${response.status}${problem.detail ? `: ${problem.detail}` : ''}; retrying.`);
    } else {
      render(await response.json());
      say('');
    }
  } catch (error) {
    say(`The server cannot be reached (${error.message}); retrying.`);
  }
  schedule();
}

function schedule() {
  if (state.timer === null && state.token && !state.paused) {
    state.timer = setTimeout(poll, POLL_MS);
  }
}

$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  state.token = $('token').value.trim();
  $('token').value = '';
  sessionStorage.setItem(TOKEN_KEY, state.token);
  clearTimeout(state.timer);
  poll();
});

$('forget').addEventListener('click', () => {
  state.token = '';
  sessionStorage.removeItem(TOKEN_KEY);
  say('Token forgotten.');
});

$('pause').addEventListener('click', () => {
  state.paused = !state.paused;
  $('pause').textContent = state.paused ? 'Resume updates' : 'Pause updates';
  $('pause').setAttribute('aria-pressed', String(state.paused));
  if (!state.paused) {
    clearTimeout(state.timer);
    poll();
  }
});

// For tests and debugging: what the page last showed.
window.seriesflowOps = { snapshot: () => state.last };

if (state.token) {
  poll();
} else {
  say('Enter the operations token (seriesflow.ops-token) to open the page.');
  $('token').focus();
}
