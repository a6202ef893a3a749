// Publish points to Seriesflow from Node 18+ (fetch is built in; no package needed).
//
//   SERIESFLOW_URL=http://localhost:8080/ SERIESFLOW_PUBLISH_TOKEN=s3cret node publish.mjs my-sensor 10
//
// Sends COUNT points (one a second apart, ending now) to the stream as JSON in one request and prints the
// server's answer: the stream, its epoch and the seq range the points got. Exits 1 on a refusal.
const base = process.env.SERIESFLOW_URL ?? 'http://localhost:8080/';
const token = process.env.SERIESFLOW_PUBLISH_TOKEN;
const [stream = 'my-sensor', count = '10'] = process.argv.slice(2);

const now = Date.now();
const points = Array.from({ length: Number(count) }, (_, i) => ({
  ts: now - (Number(count) - 1 - i) * 1000,
  value: 20 + i / 10,
}));
const response = await fetch(new URL(`api/streams/${stream}/points`, base), {
  method: 'POST',
  headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  body: JSON.stringify(points),
});
const answer = await response.text();
if (!response.ok) {
  console.error(response.status, answer); // a problem body says what was wrong
  process.exit(1);
}
console.log(answer);
