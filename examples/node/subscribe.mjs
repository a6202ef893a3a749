// Receives a Seriesflow stream in Node 20+ with the client library the server itself serves, then stops.
//
//   mkdir seriesflow && for f in seriesflow-client.js backoff.js binary-frame.js event-stream-socket.js; do
//     curl -sf -o seriesflow/$f http://localhost:8080/js/$f; done
//   npm install ws            # not needed on Node 22, which has a WebSocket built in
//   node subscribe.mjs http://localhost:8080/ demo 50
//
// Prints one line per point: "<stream> <seq> <ts> <value>".
import { SeriesflowClient } from './seriesflow/seriesflow-client.js';

const [base = 'http://localhost:8080/', stream = 'demo', wanted = '50'] = process.argv.slice(2);
const WebSocketImpl = globalThis.WebSocket ?? (await import('ws')).default;
let received = 0;

const client = new SeriesflowClient({
  url: new URL('ws', base).href.replace(/^http/, 'ws'),
  WebSocketImpl,
  listener: {
    points(name, points) {
      for (let i = 0; i < points.seq.length && received < Number(wanted); i++, received++) {
        console.log(`${name} ${points.seq[i]} ${points.ts[i]} ${points.value[i]}`);
      }
      if (received >= Number(wanted)) client.stop();
    },
    gap(name, gap) { console.error(`gap in ${name}: ${gap.from}..${gap.to} (${gap.reason})`); },
    reset(name) { console.error(`reset: ${name} restarted`); },
    state(state, detail) { console.error(detail ? `${state}: ${detail}` : state); },
  },
});
client.subscribe(stream);
client.start();
