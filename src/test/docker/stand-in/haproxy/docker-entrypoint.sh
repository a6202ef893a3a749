#!/bin/sh
# Behaves as the official haproxy image's entrypoint does: options alone run haproxy with them, and haproxy runs in
# master-worker mode (-W: reload with SIGUSR2) without forking into the background (-db), as a container's PID 1.
set -e
if [ "${1#-}" != "$1" ]; then
    set -- haproxy "$@"
fi
if [ "$1" = 'haproxy' ]; then
    shift
    set -- haproxy -W -db "$@"
fi
exec "$@"
