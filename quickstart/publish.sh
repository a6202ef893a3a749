#!/usr/bin/env bash
# Publish points to Seriesflow with curl: CSV to the streams API, then Influx line protocol to the InfluxDB
# write endpoint (one stream per numeric field).
#
#   SERIESFLOW_URL=http://localhost:8080/ SERIESFLOW_PUBLISH_TOKEN=s3cret bash publish.sh my-sensor
set -euo pipefail
base="${SERIESFLOW_URL:-http://localhost:8080/}"
base="${base%/}"
stream="${1:-my-sensor}"
now_ms=$(( $(date +%s) * 1000 ))

# Three points as CSV (ts,value); the answer names the seq range they got.
curl -sS --fail-with-body -H "Authorization: Bearer ${SERIESFLOW_PUBLISH_TOKEN}" -H 'Content-Type: text/csv' \
     --data-binary "ts,value
$((now_ms - 2000)),1.5
$((now_ms - 1000)),2.5
${now_ms},3.5" \
     "${base}/api/streams/${stream}/points"
echo

# A line as Telegraf writes it, gzip-compressed, to InfluxDB's v2 write path: streams room.lab.temperature and
# room.lab.humidity; 204 No Content on success.
printf 'room,site=lab temperature=21.5,humidity=40i %s\n' "$(( now_ms * 1000000 ))" | gzip |
  curl -sS --fail-with-body -o /dev/null -w '%{http_code}\n' -H "Authorization: Token ${SERIESFLOW_PUBLISH_TOKEN}" \
       -H 'Content-Encoding: gzip' --data-binary @- "${base}/api/v2/write?org=any&bucket=any&precision=ns"
