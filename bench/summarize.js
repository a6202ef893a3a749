// Medians (and min..max) per scenario and server from a results file written by bench/run.sh.
//   node bench/summarize.js bench/results/2026-11-29.jsonl
import { readFileSync } from 'node:fs';

const rows = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
const groups = new Map();
for (const row of rows) {
  const key = `${row.scenario}|${row.server}`;
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(row);
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};
const figure = (runs, field, digits = 1) => {
  const values = runs.map((r) => r[field]).filter((v) => typeof v === 'number' && v >= 0);
  if (values.length === 0) return '–';
  const m = median(values).toFixed(digits);
  return values.length > 1 ? `${m} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})` : m;
};
const fields = [
  ['deliveredPercent', 'delivered %', 2], ['latencyP50Ms', 'p50 ms', 0], ['latencyP99Ms', 'p99 ms', 0],
  ['serverCpuMicrosPerFrame', 'server CPU µs/frame', 2], ['serverUserMicrosPerFrame', 'of which user µs', 2],
  ['framesPerSecond', 'frames/s', 0], ['pointsPerSecond', 'points/s', 0], ['publishedPoints', 'published', 0],
  ['loadgenCpuPercent', 'loadgen CPU %', 0], ['serverRssKiB', 'server RSS KiB', 0],
  ['heapKiBPerConnection', 'heap KiB/conn', 1], ['rssKiBPerConnection', 'RSS KiB/conn', 1],
  ['acceptedPointsPerSecond', 'accepted points/s', 0], ['redisCpuPercent', 'Redis CPU %', 1],
  ['redisCpuMicrosPerAcceptedPoint', 'Redis CPU µs/accepted point', 3],
  ['scrapeCpuMillis', 'server CPU ms/scrape', 2],
];
console.log(`| scenario | server | runs | ${fields.map((f) => f[1]).join(' | ')} |`);
console.log(`|---|---|---|${fields.map(() => '---').join('|')}|`);
for (const [key, runs] of groups) {
  const [scenario, server] = key.split('|');
  console.log(`| ${scenario} | ${server} | ${runs.length} | ${fields.map(([f, , d]) => figure(runs, f, d)).join(' | ')} |`);
}
