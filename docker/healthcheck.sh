#!/usr/bin/env bash
# The images' HEALTHCHECK: one HTTP GET to the application inside the container, healthy on a 200.
# Written against bash's /dev/tcp so that it needs neither curl nor wget (slim bases have neither) and starts no
# second JVM every interval (a Java probe would cost about half a second of CPU and tens of MB of the container's
# memory limit each time). The read is bounded, and Docker's --timeout bounds the whole check.
# Usage: seriesflow-healthcheck PATH [PORT]     e.g. seriesflow-healthcheck /seriesflow/health/ready 8080
set -u
path=${1:-/}
port=${2:-8080}

exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS=' ' read -r -t 5 _protocol status _reason <&3 || { echo "no HTTP answer on port ${port}"; exit 1; }
exec 3<&-
if [[ $status != 200 ]]; then
  echo "GET ${path} answered ${status}"
  exit 1
fi
