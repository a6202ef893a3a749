#!/bin/sh
# What the official payara/micro entrypoint does: replace the shell with the JVM (so that it receives docker
# stop's SIGTERM as PID 1), size the heap from the container's memory limit, pass the arguments to Payara Micro.
set -e
exec java -XX:MaxRAMPercentage=${MEM_MAX_RAM_PERCENTAGE} -Xss${MEM_XSS} -XX:+UseContainerSupport ${JVM_ARGS} \
    -jar payara-micro.jar "$@"
