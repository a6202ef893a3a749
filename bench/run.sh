#!/usr/bin/env bash
# Runs the benchmark scenarios against the WAR on the Tomcat 11 distribution and against the Node ws comparison
# server, side by side, three runs each; writes one JSON line per run to bench/results/<date>.jsonl and prints
# the medians as a Markdown table (bench/summarize.js). Usage:
#   bench/run.sh                 all scenarios
#   bench/run.sh fanout-1k idle  only those
#   bench/run.sh metrics-cost    1k and 5k clients at 10 Hz with seriesflow.metrics off, then on (scraped every 5 s)
#   bench/run.sh scrape-cost     server CPU per /metrics scrape with 1k and 5k idle connections open
# Everything runs on this machine and on loopback; see docs/benchmarks.md for what each scenario measures.
# Knobs (environment): RUNS, SECONDS_PER_RUN, WARMUP_SECONDS, TOMCAT_JAVA_OPTS, TOMCAT_CONNECTOR_ATTRS (extra connector
# attributes), APP_ENV (extra settings for the WAR, e.g. "SERIESFLOW_SEND_MODE=async"), RESULTS_FILE (default
# bench/results/<date>.jsonl), LOADGEN_JAVA_OPTS, HISTO=1 (the idle scenario also writes class histograms under
# target/bench), DEFLATE=1 (every client offers permessage-deflate in its handshake, as browsers do; the servers
# decide whether to accept it), WAR (another build's WAR to measure, e.g. the previous release's), SCRAPE_WARMUP
# (metrics-cost: /metrics requests before the load starts, default 300; 0 measures a fresh JVM's first scrapes),
# TOMCAT_CONFIG (shipped, the default: the image's server.xml and setenv.sh; stock: the distribution's own),
# IDLE_MODE (idle: compat, the default, or v1 for seriesflow.v1 connections; the Node server speaks compat only).
set -euo pipefail
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${RUNS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
# Seconds between the last connection opening and the measurement (JIT compilation, the ramp's backlog).
WARMUP_SECONDS=${WARMUP_SECONDS:-3}
TOMCAT_PORT=18080
NODE_PORT=18090
TOKEN=bench-token
OUT_DIR=$ROOT/bench/results
mkdir -p "$OUT_DIR" "$ROOT/target/bench"
OUT=${RESULTS_FILE:-$OUT_DIR/$(date -u +%Y-%m-%d).jsonl}
LOADGEN_JAVA_OPTS=${LOADGEN_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC}
# Heap only: the shipped bin/setenv.sh adds the collector (ParallelGC; the JVM refuses a second one) and the buffer
# settings; other options given here come after it and win.
# A fixed heap with a fixed young generation: no resizing pauses while 10,000 connections' state settles.
TOMCAT_JAVA_OPTS=${TOMCAT_JAVA_OPTS:--Xms1g -Xmx1g -Xmn256m}
# Extra attributes for the HTTP connector, added to the shipped ones (a repeated attribute fails Tomcat's start;
# no '#' or '&' in them: they go through sed).
TOMCAT_CONNECTOR_ATTRS=${TOMCAT_CONNECTOR_ATTRS:-}
# shipped: docker/tomcat/server.xml and setenv.sh, as the image runs; stock: the distribution's own configuration,
# as a user who drops the WAR into Tomcat runs it (TOMCAT_JAVA_OPTS still fixes the heap).
TOMCAT_CONFIG=${TOMCAT_CONFIG:-shipped}
[[ $TOMCAT_CONFIG == shipped || $TOMCAT_CONFIG == stock ]] || { echo "TOMCAT_CONFIG: shipped or stock" >&2; exit 2; }
read -r -a APP_ENV_ARRAY <<< "${APP_ENV:-}"
DEFLATE_OPTS=()
[[ -n ${DEFLATE:-} ]] && DEFLATE_OPTS=(--deflate)
WAR=${WAR:-target/seriesflow.war}

if [[ ! -f target/seriesflow.war ]]; then
  mvn -q -DskipTests package
fi
if [[ ! -d target/containers/tomcat ]]; then
  mvn -q -Prun prepare-package  # fetches the Tomcat 11 the run profile starts; stops before the server would start
fi
(cd bench/node-ws && npm ci --ignore-scripts --no-audit --no-fund --silent)
javac -d target/bench/classes bench/LoadGenerator.java
TOMCAT_HOME=$(ls -d "$ROOT"/target/containers/tomcat/apache-tomcat-11.*)
DATASET=$ROOT/src/main/resources/seriesflow/demo-dataset.json

SERVER_PID=  # the server process(es) the load generator measures, comma-separated
SERVER_PIDS=()
REDIS_PID=
REDIS_PORT=16379
NODE2_PORT=18081
start_tomcat() { # env assignments for the application follow
  SERVER_PIDS=()
  start_tomcat_node tomcat "$TOMCAT_PORT" "$@"
}

start_tomcat_node() { # base-name port, then env assignments for the application; adds to SERVER_PIDS
  local base=$ROOT/target/bench/$1 port=$2
  shift 2
  rm -rf "$base" && mkdir -p "$base"/{conf,logs,temp,webapps,work}
  cp "$TOMCAT_HOME"/conf/* "$base/conf/"
  if [[ $TOMCAT_CONFIG == stock ]]; then
    # The distribution as a user unpacks it: its own server.xml (only the ports moved) and no setenv.sh, so
    # Tomcat's defaults hold (G1, 8 KiB WebSocket buffers, at most 8,192 connections).
    sed -e "s#port=\"8080\"#$TOMCAT_CONNECTOR_ATTRS port=\"$port\" address=\"127.0.0.1\"#" \
        -e 's#port="8005"#port="-1"#' "$TOMCAT_HOME/conf/server.xml" > "$base/conf/server.xml"
  else
    # What the Docker image ships: docker/tomcat/server.xml and setenv.sh, plus any extra connector attributes.
    mkdir -p "$base/bin" && cp docker/tomcat/setenv.sh "$base/bin/"
    sed -e "s#protocol=\"HTTP/1.1\"#$TOMCAT_CONNECTOR_ATTRS protocol=\"HTTP/1.1\"#" docker/tomcat/server.xml \
      > "$base/conf/server.xml"
  fi
  cp "$WAR" "$base/webapps/ROOT.war"
  env "$@" ${APP_ENV_ARRAY[@]+"${APP_ENV_ARRAY[@]}"} CATALINA_HOME="$TOMCAT_HOME" CATALINA_BASE="$base" \
      CATALINA_OPTS="$TOMCAT_JAVA_OPTS -Dseriesflow.http.address=127.0.0.1 -Dseriesflow.http.port=$port" \
      bash "$TOMCAT_HOME/bin/catalina.sh" run > "$base/logs/console.log" 2>&1 &
  SERVER_PIDS+=("$!")
  SERVER_PID=$(IFS=,; echo "${SERVER_PIDS[*]}")
  wait_ready "http://127.0.0.1:$port/api/info"
}

start_redis() { # a fresh redis-server on REDIS_PORT with the append-only file on (fsync every second)
  local dir=$ROOT/target/bench/redis
  rm -rf "$dir" && mkdir -p "$dir"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$dir" --save '' --appendonly yes \
    --appendfsync everysec > "$dir/redis.log" 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 1 100); do
    if redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then return 0; fi
    sleep 0.1
  done
  echo "redis-server did not start" >&2
  exit 1
}

stop_redis() {
  [[ -n $REDIS_PID ]] || return 0
  kill "$REDIS_PID" 2>/dev/null || true
  wait "$REDIS_PID" 2>/dev/null || true
  REDIS_PID=
}

start_cluster() { # node count, then env assignments: that many Tomcat nodes on one fresh redis-server
  local nodes=$1
  shift
  SERVER_PIDS=()
  start_redis
  local redis=(SERIESFLOW_REDIS_URL="redis://127.0.0.1:$REDIS_PORT" SERIESFLOW_REDIS_KEY_PREFIX=bench)
  start_tomcat_node tomcat "$TOMCAT_PORT" "${redis[@]}" SERIESFLOW_NODE_ID=node-a "$@"
  if (( nodes > 1 )); then
    start_tomcat_node tomcat-b "$NODE2_PORT" "${redis[@]}" SERIESFLOW_NODE_ID=node-b "$@"
  fi
}

node_urls() { # node count, then path and scheme: one URL per node, comma-separated
  local urls=$2://127.0.0.1:$TOMCAT_PORT$3
  (( $1 > 1 )) && urls+=",$2://127.0.0.1:$NODE2_PORT$3"
  echo "$urls"
}

start_node() {
  node bench/node-ws/server.js --port "$NODE_PORT" --dataset "$DATASET" "$@" > target/bench/node.log 2>&1 &
  SERVER_PID=$!
  wait_ready "http://127.0.0.1:$NODE_PORT/"
}

wait_ready() {
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "server did not become ready: $1" >&2
  exit 1
}

wait_connections() { # url pattern: until the server reports all idle connections open (60 s at most)
  for _ in $(seq 1 300); do
    local body
    if body=$(curl -fsS "$1" 2>/dev/null) && grep -q "$2" <<< "$body"; then return 0; fi
    sleep 0.2
  done
  echo "connections did not open: $1" >&2
  exit 1
}

stop_server() {
  local pid
  for pid in ${SERVER_PIDS[@]+"${SERVER_PIDS[@]}"} $SERVER_PID; do
    [[ $pid == *,* ]] && continue
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  SERVER_PIDS=()
  SERVER_PID=
  stop_redis
}

loadgen() { # scenario server [loadgen options...]
  local scenario=$1 server=$2
  shift 2
  local result
  result=$(java $LOADGEN_JAVA_OPTS -cp target/bench/classes LoadGenerator --server-pid "$SERVER_PID" \
           --seconds "$SECONDS_PER_RUN" --warmup-seconds "$WARMUP_SECONDS" ${REDIS_PID:+--redis-pid "$REDIS_PID"} \
           ${DEFLATE_OPTS[@]+"${DEFLATE_OPTS[@]}"} "$@")
  echo "{\"scenario\":\"$scenario\",\"server\":\"$server\",\"tomcatConfig\":\"$TOMCAT_CONFIG\",\"date\":\"$(date -u +%FT%TZ)\",${result:1}" | tee -a "$OUT"
}

heap_used_kib() { # live heap of the server JVM after a full GC
  jcmd "$SERVER_PID" GC.run > /dev/null
  jcmd "$SERVER_PID" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); sub("K", "", v); s += v } } END { print s }'
}

fanout() { # name connections
  local name=$1 n=$2
  for run in $(seq 1 "$RUNS"); do
    start_tomcat SERIESFLOW_GENERATORS=none SERIESFLOW_MAX_CONNECTIONS=20000
    loadgen "$name" seriesflow --url "ws://127.0.0.1:$TOMCAT_PORT/ws" --connections "$n" --expect-hz 10
    stop_server
    start_node --interval-ms 100
    loadgen "$name" node-ws --url "ws://127.0.0.1:$NODE_PORT/ws" --connections "$n" --expect-hz 10
    stop_server
  done
}

compressed() { # 1,000 clients offering permessage-deflate to servers that accept it (the cost of compression)
  for run in $(seq 1 "$RUNS"); do
    start_tomcat SERIESFLOW_GENERATORS=none SERIESFLOW_MAX_CONNECTIONS=20000 SERIESFLOW_WEBSOCKET_COMPRESSION=on
    loadgen fanout-1k-compressed seriesflow --url "ws://127.0.0.1:$TOMCAT_PORT/ws" --connections 1000 \
      --expect-hz 10 --deflate
    stop_server
    start_node --interval-ms 100 --deflate on
    loadgen fanout-1k-compressed node-ws --url "ws://127.0.0.1:$NODE_PORT/ws" --connections 1000 --expect-hz 10 \
      --deflate
    stop_server
  done
}

metrics_cost() { # name connections: CPU per frame at 10 Hz with metrics off, then on and scraped every 5 s
  local name=$1 n=$2 run
  for run in $(seq 1 "$RUNS"); do
    # Odd runs measure off first, even runs on first: a machine that slows down (or speeds up) during a pair
    # does not always count against the same side.
    if (( run % 2 )); then
      metrics_cost_run "$name" "$n" off
      metrics_cost_run "$name" "$n" on
    else
      metrics_cost_run "$name" "$n" on
      metrics_cost_run "$name" "$n" off
    fi
  done
}

metrics_cost_run() { # name connections off|on
  local name=$1 n=$2 metrics=$3 scraper=
  start_tomcat SERIESFLOW_GENERATORS=none SERIESFLOW_MAX_CONNECTIONS=20000 SERIESFLOW_METRICS="$metrics"
  # A node that has run for a while has compiled its scrape path; a fresh JVM compiles it during its first scrapes
  # (hundreds of ms of JIT per scrape, in the measurement unless warmed). SCRAPE_WARMUP=0 measures the fresh JVM.
  # Both sides get the same requests (with metrics off they are answered 404).
  local i
  for (( i = 0; i < ${SCRAPE_WARMUP:-300}; i++ )); do
    curl -s -o /dev/null "http://127.0.0.1:$TOMCAT_PORT/metrics"
  done
  if [[ $metrics == on ]]; then
    # As Prometheus would: one scrape every 5 s, so the scrapes' own cost is in the figure too.
    (while sleep 5; do curl -s -o /dev/null "http://127.0.0.1:$TOMCAT_PORT/metrics"; done) &
    scraper=$!
  fi
  loadgen "$name-metrics-$metrics" seriesflow --url "ws://127.0.0.1:$TOMCAT_PORT/ws" --connections "$n" \
    --expect-hz 10
  if [[ -n $scraper ]]; then
    kill "$scraper"
    wait "$scraper" 2>/dev/null || true
  fi
  stop_server
}

cpu_ticks() { # user + system clock ticks of a process so far
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}

scrape_cost() { # name connections: server CPU per /metrics scrape with that many idle connections open
  local name=$1 n=$2
  for run in $(seq 1 "$RUNS"); do
    start_tomcat SERIESFLOW_GENERATORS=quiet:sine:60000 SERIESFLOW_MAX_CONNECTIONS=20000 SERIESFLOW_METRICS=on
    java $LOADGEN_JAVA_OPTS -cp target/bench/classes LoadGenerator --server-pid "$SERVER_PID" --seconds 600 \
      --url "ws://127.0.0.1:$TOMCAT_PORT/ws" --connections "$n" --stream quiet --idle > /dev/null &
    local lg=$! scrapes=200 i idle_start idle_ticks start ticks
    wait_connections "http://127.0.0.1:$TOMCAT_PORT/api/info" "\"connections\":$n,"
    for i in $(seq 1 "$scrapes"); do curl -fsS -o /dev/null "http://127.0.0.1:$TOMCAT_PORT/metrics"; done  # JIT
    idle_start=$(cpu_ticks "$SERVER_PID")
    sleep 10  # what the open connections cost without scrapes, subtracted below
    idle_ticks=$(( $(cpu_ticks "$SERVER_PID") - idle_start ))
    local began=$EPOCHREALTIME
    start=$(cpu_ticks "$SERVER_PID")
    for i in $(seq 1 "$scrapes"); do curl -fsS -o /dev/null "http://127.0.0.1:$TOMCAT_PORT/metrics"; done
    ticks=$(( $(cpu_ticks "$SERVER_PID") - start ))
    local seconds
    seconds=$(awk -v a="$began" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')
    kill "$lg" 2>/dev/null || true
    wait "$lg" 2>/dev/null || true
    echo "{\"scenario\":\"$name\",\"server\":\"seriesflow\",\"tomcatConfig\":\"$TOMCAT_CONFIG\",\"date\":\"$(date -u +%FT%TZ)\",\"connections\":$n,$(awk \
      -v t="$ticks" -v it="$idle_ticks" -v s="$seconds" -v k="$scrapes" \
      'BEGIN { printf "\"scrapeCpuMillis\":%.2f", (t - it * s / 10) * 10 / k }')}" | tee -a "$OUT"
    stop_server
  done
}

streams100() {
  local generators
  generators=$(printf 's%d:sine:100,' $(seq 1 99))
  for run in $(seq 1 "$RUNS"); do
    start_tomcat SERIESFLOW_GENERATORS="${generators%,}" SERIESFLOW_MAX_CONNECTIONS=20000
    loadgen streams-100x100 seriesflow --url "ws://127.0.0.1:$TOMCAT_PORT/ws" --connections 10000 --streams 100 \
      --expect-hz 10
    stop_server
    start_node --interval-ms 100 --streams 100
    loadgen streams-100x100 node-ws --url "ws://127.0.0.1:$NODE_PORT/ws" --connections 10000 --streams 100 \
      --expect-hz 10
    stop_server
  done
}

create_stream() { # base URL, stream name: one published point creates the stream the clients then subscribe to
  curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    --data '{"value":0}' "$1/api/streams/$2/points"
}

max_rate() { # one client, points flooded in by HTTP, per mode
  for run in $(seq 1 "$RUNS"); do
    for mode in compat v1 bin; do
      start_tomcat SERIESFLOW_GENERATORS=none SERIESFLOW_PUBLISH_TOKEN=$TOKEN \
        SERIESFLOW_CLIENT_QUEUE_BYTES=268435456 SERIESFLOW_INGEST_MAX_POINTS=100000
      create_stream "http://127.0.0.1:$TOMCAT_PORT" flood
      loadgen "max-rate-$mode" seriesflow --url "ws://127.0.0.1:$TOMCAT_PORT/ws" --connections 1 --mode "$mode" \
        --stream flood --publish "http://127.0.0.1:$TOMCAT_PORT/api/streams/flood/points" --token $TOKEN \
        --batch 10000
      stop_server
    done
  done
}

ingest() { # NDJSON POSTs into one stream with 100 v1 subscribers
  for run in $(seq 1 "$RUNS"); do
    start_tomcat SERIESFLOW_GENERATORS=none SERIESFLOW_PUBLISH_TOKEN=$TOKEN SERIESFLOW_INGEST_MAX_POINTS=100000
    create_stream "http://127.0.0.1:$TOMCAT_PORT" flood
    loadgen ingest-100-subscribers seriesflow --url "ws://127.0.0.1:$TOMCAT_PORT/ws" --connections 100 --mode v1 \
      --stream flood --publish "http://127.0.0.1:$TOMCAT_PORT/api/streams/flood/points" --token $TOKEN \
      --batch 10000
    stop_server
  done
}

redis_fanout() { # name connections: one node on the in-memory log, one node on Redis, two nodes on Redis
  local name=$1 n=$2 nodes
  for run in $(seq 1 "$RUNS"); do
    start_tomcat SERIESFLOW_GENERATORS=none SERIESFLOW_MAX_CONNECTIONS=20000
    loadgen "$name" seriesflow --url "ws://127.0.0.1:$TOMCAT_PORT/ws" --connections "$n" --expect-hz 10
    stop_server
    for nodes in 1 2; do
      start_cluster "$nodes" SERIESFLOW_GENERATORS=none SERIESFLOW_MAX_CONNECTIONS=20000
      loadgen "$name" "seriesflow-redis-${nodes}-node" --url "$(node_urls "$nodes" ws /ws)" --connections "$n" \
        --expect-hz 10
      stop_server
    done
  done
}

redis_ingest() { # two publishers into one stream with 100 v1 subscribers: in memory, Redis with one and two nodes
  local nodes
  for run in $(seq 1 "$RUNS"); do
    for nodes in 0 1 2; do
      local settings=(SERIESFLOW_GENERATORS=none SERIESFLOW_PUBLISH_TOKEN=$TOKEN SERIESFLOW_INGEST_MAX_POINTS=100000)
      local server=seriesflow-redis-${nodes}-node
      if (( nodes == 0 )); then
        start_tomcat "${settings[@]}"
        server=seriesflow
        nodes=1
      else
        start_cluster "$nodes" "${settings[@]}"
      fi
      create_stream "http://127.0.0.1:$TOMCAT_PORT" flood
      loadgen ingest-redis-100-subscribers "$server" --url "$(node_urls "$nodes" ws /ws)" --connections 100 \
        --mode v1 --stream flood --publish "$(node_urls "$nodes" http /api/streams/flood/points)" --token $TOKEN \
        --batch 10000 --publishers 2
      stop_server
    done
  done
}

idle() { # memory per idle connection: 1,000 connections (IDLE_MODE: compat or v1) on a stream that does not tick
  local mode=${IDLE_MODE:-compat} name=idle-1k
  [[ $mode == compat ]] || name=idle-1k-$mode
  for run in $(seq 1 "$RUNS"); do
    start_tomcat SERIESFLOW_GENERATORS=quiet:sine:60000
    local before after rss_before
    before=$(heap_used_kib)
    [[ -n ${HISTO:-} ]] && jcmd "$SERVER_PID" GC.class_histogram > "$ROOT/target/bench/histo-before.txt"
    rss_before=$(awk '/VmRSS/ { print $2 }' "/proc/$SERVER_PID/status")
    java $LOADGEN_JAVA_OPTS -cp target/bench/classes LoadGenerator --server-pid "$SERVER_PID" --seconds 3 \
      ${DEFLATE_OPTS[@]+"${DEFLATE_OPTS[@]}"} --url "ws://127.0.0.1:$TOMCAT_PORT/ws" --connections 1000 \
      --stream quiet --idle --mode "$mode" > /dev/null &
    local lg=$!
    wait_connections "http://127.0.0.1:$TOMCAT_PORT/api/info" '"connections":1000,'
    after=$(heap_used_kib)
    [[ -n ${HISTO:-} ]] && jcmd "$SERVER_PID" GC.class_histogram > "$ROOT/target/bench/histo-after.txt"
    local rss_after
    rss_after=$(awk '/VmRSS/ { print $2 }' "/proc/$SERVER_PID/status")
    wait $lg
    echo "{\"scenario\":\"$name\",\"server\":\"seriesflow\",\"tomcatConfig\":\"$TOMCAT_CONFIG\",\"date\":\"$(date -u +%FT%TZ)\",\"mode\":\"$mode\",\"connections\":1000,\"heapKiBPerConnection\":$(( (after - before) / 1000 )).$(( ((after - before) % 1000) / 100 )),\"rssKiBPerConnection\":$(( (rss_after - rss_before) / 1000 ))}" | tee -a "$OUT"
    stop_server
    start_node --interval-ms 100
    rss_before=$(awk '/VmRSS/ { print $2 }' "/proc/$SERVER_PID/status")
    java $LOADGEN_JAVA_OPTS -cp target/bench/classes LoadGenerator --server-pid "$SERVER_PID" --seconds 3 \
      ${DEFLATE_OPTS[@]+"${DEFLATE_OPTS[@]}"} --url "ws://127.0.0.1:$NODE_PORT/ws" --connections 1000 \
      --stream quiet --idle --mode compat > /dev/null &
    lg=$!
    wait_connections "http://127.0.0.1:$NODE_PORT/" 'connections=1000$'
    rss_after=$(awk '/VmRSS/ { print $2 }' "/proc/$SERVER_PID/status")
    wait $lg
    echo "{\"scenario\":\"idle-1k\",\"server\":\"node-ws\",\"date\":\"$(date -u +%FT%TZ)\",\"connections\":1000,\"rssKiBPerConnection\":$(( (rss_after - rss_before) / 1000 ))}" | tee -a "$OUT"
    stop_server
  done
}

trap stop_server EXIT
scenarios=${*:-fanout-1k fanout-5k fanout-10k streams-100 max-rate ingest idle}
for scenario in $scenarios; do
  case $scenario in
    fanout-1k) fanout fanout-1k 1000 ;;
    fanout-5k) fanout fanout-5k 5000 ;;
    fanout-10k) fanout fanout-10k 10000 ;;
    streams-100) streams100 ;;
    max-rate) max_rate ;;
    ingest) ingest ;;
    idle) idle ;;
    compressed) compressed ;;
    redis-fanout-1k) redis_fanout fanout-1k-redis 1000 ;;
    redis-fanout-5k) redis_fanout fanout-5k-redis 5000 ;;
    redis-ingest) redis_ingest ;;
    metrics-cost) metrics_cost fanout-1k 1000; metrics_cost fanout-5k 5000 ;;
    scrape-cost) scrape_cost scrape-1k 1000; scrape_cost scrape-5k 5000 ;;
    *) echo "unknown scenario $scenario" >&2; exit 2 ;;
  esac
done
node bench/summarize.js "$OUT"
