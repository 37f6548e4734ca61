#!/bin/bash
# The images' HEALTHCHECK, with nothing but bash: GET /health/ready on this container's own HTTP port
# (MARKETMICRO_HEALTH_PORT, default 8080, the port the images listen on) and succeed only on a 200 answer.
# The aspnet base images have no curl or wget; bash's /dev/tcp is enough for one HTTP/1.0 request.
port="${MARKETMICRO_HEALTH_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /health/ready HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 5 status <&3 || exit 1
exec 3<&-
case "$status" in
  "HTTP/1."?" 200"*) exit 0 ;;
  *) echo "not ready: ${status%$'\r'}"; exit 1 ;;
esac
