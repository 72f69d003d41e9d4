#!/usr/bin/env bash
# Redis in the foreground with a password (REDIS_PASSWORD, required): clients must AUTH before any command. The password
# is handed over as configuration on standard input, so it is not on the command line, where `ps` and `podman inspect`
# would show it. Nothing is written to disk: Redis holds only the replicas' rate-limit windows and result cache.
# Arguments are passed on to redis-server (e.g. --port).
set -euo pipefail
: "${REDIS_PASSWORD:?set REDIS_PASSWORD}"
# Quoted for redis.conf: backslashes and double quotes escaped.
password=${REDIS_PASSWORD//\\/\\\\}
password=${password//\"/\\\"}
exec redis-server - --bind 0.0.0.0 --protected-mode no --save "" --appendonly no "$@" <<<"requirepass \"$password\""
