#!/bin/sh
# Behaves as the official redis image's entrypoint does: options alone (or a *.conf file) run redis-server with
# them; redis-server started as root first takes ownership of the working directory (/data) and then runs as the
# "redis" user (with util-linux's setpriv, which the Debian rootfs has, where the official image uses gosu); the
# default umask becomes 0077.
set -e
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
    set -- redis-server "$@"
fi
if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
    find . \! -user redis -exec chown redis '{}' +
    exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
if [ "$(umask)" = '0022' ]; then
    umask 0077
fi
exec "$@"
