// The smallest page on the client library: one stream, the connection state and the last value.
import { SeriesflowClient } from '../js/seriesflow-client.js';

const $ = (id) => document.getElementById(id);
let count = 0;
const client = new SeriesflowClient({
  url: new URL('../ws', location.href).href.replace(/^http/, 'ws'),
  transport: 'auto', // Server-Sent Events where the WebSocket is blocked
  listener: {
    points(stream, points) {
      count += points.seq.length;
      $('count').textContent = String(count);
      $('value').textContent = points.value.at(-1).toFixed(2);
    },
    gap() {},
    reset() {},
    state(state, detail) { $('state').textContent = detail ? `${state} (${detail})` : state; },
  },
});
client.subscribe('demo');
client.start();
