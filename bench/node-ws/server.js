// The comparison server of the benchmark: what a Node user would write to stream the demo dataset to browsers.
// One timer per stream; each tick serialises the point once and broadcasts it with ws to every subscriber of
// that stream. Same wire format as Seriesflow's compatible mode: {"seq":n,"ts":ms,"value":v}.
//
//   node server.js --port 18090 --interval-ms 100 --streams 1 --dataset ../../src/main/resources/seriesflow/demo-dataset.json
//                  [--deflate on]   (accept permessage-deflate when a client offers it; off by default, as in ws)

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
const port = Number(args.port ?? 18090);
const intervalMs = Number(args['interval-ms'] ?? 100);
const streamCount = Number(args.streams ?? 1);
const values = JSON.parse(readFileSync(args.dataset, 'utf8')).map((o) => o.value);

const subscribers = new Map();
for (let s = 0; s < streamCount; s++) subscribers.set(s === 0 ? 'demo' : `s${s}`, new Set());
// A stream that never ticks, for measuring the memory of idle connections.
const quiet = new Set();

// Readiness and the number of open WebSocket connections (the idle scenario waits for all of them).
const http = createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end(`ok connections=${wss.clients.size}\n`);
});
const wss = new WebSocketServer({ server: http, path: '/ws', perMessageDeflate: args.deflate === 'on' });
wss.on('connection', (socket, request) => {
  const stream = new URL(request.url, 'http://x').searchParams.get('stream') ?? 'demo';
  const set = stream === 'quiet' ? quiet : subscribers.get(stream);
  if (!set) {
    socket.close(4404, 'unknown stream');
    return;
  }
  set.add(socket);
  socket.on('close', () => set.delete(socket));
  socket.on('error', () => set.delete(socket));
});

for (const [name, set] of subscribers) {
  let seq = 0;
  setInterval(() => {
    seq += 1;
    const frame = JSON.stringify({ seq, ts: Date.now(), value: values[(seq - 1) % values.length] });
    for (const socket of set) {
      if (socket.readyState === 1) socket.send(frame);
    }
  }, intervalMs).unref();
  void name;
}

http.listen(port, '127.0.0.1', () => console.log(`node ws server on ${port}, ${streamCount} streams every ${intervalMs} ms`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
