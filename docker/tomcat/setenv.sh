# Sourced by Tomcat's catalina.sh. JVM settings Seriesflow ships with (see docs/benchmarks.md, "Shipped tuning"):
# - ParallelGC: the lowest CPU per delivered frame in the fan-out benchmark (G1 cost about 1.5x).
# - org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=1024: Tomcat's per-session WebSocket output and text
#   encoding buffers (8 KiB and 8 Ki chars by default); text frames larger than the buffer go out in fragments.
# CATALINA_OPTS set by the caller come last and win.
CATALINA_OPTS="-XX:+UseParallelGC -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=1024 ${CATALINA_OPTS:-}"
export CATALINA_OPTS
