#!/usr/bin/env bash
# Scale-out benchmark (issue 18): the deployment of deploy/compose.yaml as plain processes on this machine. Publishes the
# app, the gateway (src/BiasApp.Gateway) and the CLI (Release), then measures, one setting after the other:
#   sqlite      one replica on SQLite, no gateway (today's single container: the baseline)
#   pg1direct   one replica on PostgreSQL + Redis, no gateway (splits the overhead into database and gateway)
#   pg1noredis  one replica on PostgreSQL without Redis, no gateway (not in the default list; splits off Redis's share)
#   pg1 pg2 pg3 1, 2 and 3 replicas on PostgreSQL + Redis behind the gateway
# each driven by `hey` POSTing /api/v1/analyze (explain=none, a six-sentence text mixing stereotypes and neutral sentences,
# result cache off so every request is scored) with an admin API key made by the CLI. Then, unless FAILOVER=0, 3 replicas
# under the same load with one of them killed (kill -9) halfway: the errors that costs.
#
#   bench/scaleout.sh                       # DURATION=20 s per setting after WARMUP=10 s, CLIENTS=16
#   DURATION=10 SETTINGS="sqlite pg1" bench/scaleout.sh
#   DB=sqlite bench/scaleout.sh             # replicas share one SQLite file instead (before the PostgreSQL provider)
#   ROUNDS=3 bench/scaleout.sh              # every setting 3 times, interleaved; the summary takes each one's best round
#   SETTINGS="sqlite pg1noredis pg1direct pg1" bench/scaleout.sh   # where the overhead comes from
#
# Needs: curl, hey, the .NET SDK; PostgreSQL and Redis on loopback (.ci/services starts them: user/password biasapp,
# CREATEDB; this script makes and drops its own database). Replicas listen on 5101.., the gateway on 5100.
# The replicas share this machine's cores, so on 2 cores more replicas add no capacity: the figure to watch is pg1 against
# sqlite (overhead_pct, target <= 15) and errors (target 0). Each setting line also gives the load average, to judge noise:
# on a machine shared with other work, other processes only ever slow a round down, so the summary keeps each setting's best
# round (ROUNDS, default 2, run interleaved so that a busy minute does not hit one setting only), while overhead_pct
# compares sqlite and pg1 within each round and takes the median. Errors are summed over all rounds.
# The last line is exactly: scaleout sqlite_rps=N pg1_rps=N pg2_rps=N pg3_rps=N overhead_pct=N errors=N
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

DURATION=${DURATION:-20}
CLIENTS=${CLIENTS:-16}
SETTINGS=${SETTINGS:-sqlite pg1direct pg1 pg2 pg3}
ROUNDS=${ROUNDS:-2}
# Warm-up load before each measured one: tiered JIT takes a few seconds of traffic to settle (a cold gateway spends
# ~3 ms of CPU per proxied request for its first ~1,500 requests and ~0.5 ms after), and the measure should not include it.
WARMUP=${WARMUP:-10}
FAILOVER=${FAILOVER:-1}
DB=${DB:-postgresql}
# The app adds No Reset On Close=true and Max Auto Prepare=20 itself unless the string sets them (before it did, this line set
# No Reset On Close: without it the PostgreSQL replica used 72 instead of 52 ms of CPU per request here).
PG=${PG:-Host=127.0.0.1;Port=5432;Username=biasapp;Password=biasapp}
REDIS=${REDIS:-127.0.0.1:6379}
GATEWAY_PORT=${GATEWAY_PORT:-5100}
BASE_PORT=${BASE_PORT:-5101}
database=biasapp_scaleout_$$

tmp=$(mktemp -d)
pids=()
log() { echo "# $*"; }
stop_all() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    pids=()
}
pg_admin() { PGPASSWORD=biasapp psql -qAt -h 127.0.0.1 -U biasapp -d biasapp -c "$1" >/dev/null; }
cleanup() {
    stop_all
    [[ $DB == postgresql ]] && pg_admin "DROP DATABASE IF EXISTS $database WITH (FORCE)" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

for tool in curl hey dotnet; do command -v "$tool" >/dev/null || { echo "scaleout: $tool is required" >&2; exit 1; }; done
if [[ $DB == postgresql ]]; then
    command -v psql >/dev/null || { echo "scaleout: psql is required (run .ci/services)" >&2; exit 1; }
    pg_admin "SELECT 1" || { echo "scaleout: PostgreSQL is not reachable as biasapp@127.0.0.1:5432 (run .ci/services)" >&2; exit 1; }
    pg_admin "CREATE DATABASE $database"
fi

log "publishing the app, the gateway and the CLI (Release)"
dotnet publish "$root/src/BiasApp" -c Release -o "$tmp/app" --nologo -v q >/dev/null
dotnet publish "$root/src/BiasApp.Gateway" -c Release -o "$tmp/gateway" --nologo -v q >/dev/null
dotnet publish "$root/src/BiasApp.Cli" -c Release -o "$tmp/cli" --nologo -v q >/dev/null

# What every replica gets: limits and quotas out of the way (this measures the servers, not the quotas), no result cache
# (one text is repeated), forwarded headers honoured (ASP.NET Core's own switch: X-Forwarded-For/Proto from the gateway).
common_env=(ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_FORWARDEDHEADERS_ENABLED=true Logging__LogLevel__Default=Warning
    Usage__RequestsPerMinute=1000000 Usage__RequestsPerHour=1000000 Usage__DailyQuota=1000000
    Usage__DailyExplanationQuota=1000000 Cache__Enabled=false)
# The settings that point a process (replica or CLI) at the shared database; "sqlite" gets a file of its own.
db_env() {
    case $1 in
        sqlite) echo "ConnectionStrings__Default=Data Source=$tmp/sqlite/biasapp.db" ;;
        *) if [[ $DB == postgresql ]]; then
               local redis=$REDIS
               [[ $1 == pg1noredis ]] && redis=""
               printf '%s\n' Database__Provider=PostgreSQL "ConnectionStrings__Default=$PG;Database=$database" "Redis__Configuration=$redis"
           else
               echo "ConnectionStrings__Default=Data Source=$tmp/shared/biasapp.db"
           fi ;;
    esac
}

ready_path=/health/ready
# start_replica SETTING INDEX: one app process on BASE_PORT+INDEX-1 in a working folder of its own.
start_replica() {
    local port=$((BASE_PORT + $2 - 1)) dir="$tmp/run/$1-$2"
    mkdir -p "$dir" "$tmp/sqlite" "$tmp/shared"
    local env=()
    mapfile -t env < <(db_env "$1")
    (cd "$dir" && exec env "${common_env[@]}" "${env[@]}" ASPNETCORE_URLS="http://127.0.0.1:$port" "$tmp/app/BiasApp" >"$dir/log" 2>&1) &
    pids+=($!)
    replica_pids[$2]=$!
}
wait_ready() {
    local url=$1 code
    for _ in $(seq 1 240); do
        code=$(curl -s -o /dev/null -w '%{http_code}' "$url$ready_path" || true)
        [[ $code == 200 ]] && return 0
        sleep 0.5
    done
    echo "scaleout: $url did not become ready" >&2
    return 1
}
start_gateway() {
    local n=$1 env=() i
    for ((i = 1; i <= n; i++)); do env+=("ReverseProxy__Clusters__app__Destinations__replica${i}__Address=http://127.0.0.1:$((BASE_PORT + i - 1))"); done
    # GATEWAY_ENV: extra KEY=VALUE settings for the gateway only, space-separated (e.g. runtime knobs to compare).
    # shellcheck disable=SC2206
    env+=(${GATEWAY_ENV:-})
    (exec env "${env[@]}" ReverseProxy__Clusters__app__HealthCheck__Active__Path="$ready_path" ASPNETCORE_ENVIRONMENT=Production \
        ASPNETCORE_URLS="http://127.0.0.1:$GATEWAY_PORT" "$tmp/gateway/BiasApp.Gateway" >"$tmp/gateway.log" 2>&1) &
    pids+=($!)
    gateway_pid=$!
    for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$GATEWAY_PORT$ready_path" && return 0; sleep 0.5; done
    echo "scaleout: the gateway did not start" >&2; cat "$tmp/gateway.log" >&2; return 1
}
# CPU time (clock ticks) used so far by the given processes; with the processes' own CPU per request, the cost of the
# gateway, PostgreSQL and Redis can be read even when other work on the machine makes throughput noisy.
ticks() {
    local t=0 p
    for p in "$@"; do [[ -r /proc/$p/stat ]] && t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0))); done
    echo "$t"
}
# This run's PostgreSQL backends (their process title names the database) and the Redis server.
db_pids() {
    [[ $DB == postgresql ]] || return 0
    local p
    for p in $(pgrep -x postgres); do grep -qa "$database" "/proc/$p/cmdline" 2>/dev/null && echo "$p"; done
    redis-cli -h "${REDIS%:*}" -p "${REDIS#*:}" info server 2>/dev/null | awk -F: '/^process_id/ { print $2 + 0 }'
}
hz=$(getconf CLK_TCK)
rss_mb() { awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_mb() { awk '/^VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }

cat >"$tmp/body.json" <<'EOF'
{"text": "All nurses are women and they are too emotional to lead. The engineers from that country are lazy. She fixed the server before lunch and then reviewed the budget with the finance team. Old people cannot learn new technology. The train to the coast leaves at nine. Immigrants from that region are all criminals who never work.", "explain": "none"}
EOF

api_key=""
make_key() {
    local env=()
    mapfile -t env < <(db_env "$1")
    api_key=$(cd "$tmp" && env "${env[@]}" "$tmp/cli/biasapp-cli" keys create --email "scaleout-$1@example.test" --admin | tail -n 1)
    [[ -n $api_key ]] || { echo "scaleout: the CLI made no API key" >&2; return 1; }
}

# drive URL SECONDS OUT: hey's summary into OUT; prints "rps p50_ms p95_ms errors statuses".
drive() {
    hey -z "${2}s" -c "$CLIENTS" -t 60 -m POST -T application/json -H "X-API-Key: $api_key" -D "$tmp/body.json" \
        "$1/api/v1/analyze" >"$3" 2>&1 || true
    awk '
        /Requests\/sec:/ { rps = $2 }
        /^ *50% in / { p50 = $3 * 1000 }
        /^ *95% in / { p95 = $3 * 1000 }
        /^Status code distribution:/ { s = 1; next }
        /^Error distribution:/ { s = 0; e = 1; next }
        s && /^ *\[[0-9]+\]/ { code = $1; gsub(/[\[\]]/, "", code); statuses = statuses (statuses ? "," : "") code "x" $2; if (code + 0 >= 300) errors += $2 }
        e && /^ *\[[0-9]+\]/ { n = $1; gsub(/[\[\]]/, "", n); errors += n; statuses = statuses (statuses ? "," : "") "transport-x" n }
        END { printf "%.1f %.0f %.0f %d %s\n", rps, p50, p95, errors + 0, statuses ? statuses : "none" }' "$3"
}

echo "# machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.1f GB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); db=$DB clients=$CLIENTS duration=${DURATION}s"
declare -A rps
declare -A cpu_best
declare -A round_rps
declare -A replica_pids
total_errors=0
for ((round = 1; round <= ROUNDS; round++)); do
    for setting in $SETTINGS; do
        case $setting in
            sqlite) n=1 gateway=no ;;
            pg1direct | pg1noredis) n=1 gateway=no ;;
            pg[1-9]) n=${setting#pg} gateway=yes ;;
            *) echo "scaleout: unknown setting $setting" >&2; exit 1 ;;
        esac
        replica_pids=()
        for ((i = 1; i <= n; i++)); do start_replica "$setting" "$i"; done
        for ((i = 1; i <= n; i++)); do wait_ready "http://127.0.0.1:$((BASE_PORT + i - 1))"; done
        # One key per database, made once the first replica has migrated it.
        if [[ $setting == sqlite ]]; then make_key sqlite; elif [[ -z ${pg_key:-} ]]; then make_key pg; pg_key=$api_key; else api_key=$pg_key; fi
        url="http://127.0.0.1:$BASE_PORT"
        gateway_idle=""
        if [[ $gateway == yes ]]; then
            start_gateway "$n"
            url="http://127.0.0.1:$GATEWAY_PORT"
            gateway_idle=$(rss_mb "$gateway_pid")
            # The gateway passes the client's Host on: a replica's absolute redirect names the gateway, not itself.
            location=$(curl -s -o /dev/null -w '%{redirect_url}' "$url/usage")
            [[ $location == "$url/"* ]] || log "WARNING: a redirect through the gateway points at '$location', not $url"
            # A long-running gateway has long been JIT-compiled; a fresh one takes ~1,500 proxied requests to get there,
            # which the analyze warm-up alone (tens per second) does not give it. /health/live is cheap for the replicas.
            hey -z 5s -c 8 "$url/health/live" >/dev/null 2>&1 || true
        fi
        drive "$url" "$WARMUP" "$tmp/warmup.log" >/dev/null  # JIT, connection pools, every replica reached
        load_before=$(cut -d' ' -f1 /proc/loadavg)
        app_pids=("${replica_pids[@]}")
        gw_pids=()
        [[ $gateway == yes ]] && gw_pids=("$gateway_pid")
        mapfile -t dbp < <(db_pids)
        cpu_before="$(ticks "${app_pids[@]}") $(ticks "${gw_pids[@]}") $(ticks "${dbp[@]}")"
        read -r r p50 p95 errors statuses < <(drive "$url" "$DURATION" "$tmp/$setting.hey")
        mapfile -t dbp < <(db_pids)
        cpu_after="$(ticks "${app_pids[@]}") $(ticks "${gw_pids[@]}") $(ticks "${dbp[@]}")"
        answered=$(awk '/^ *\[[0-9]+\]/ && !e { n += $2 } /^Error distribution:/ { e = 1 } END { print n + 0 }' "$tmp/$setting.hey")
        # CPU milliseconds per answered request: replicas, gateway, database (PostgreSQL backends + Redis), total.
        cpu=$(awk -v b="$cpu_before" -v a="$cpu_after" -v n="$answered" -v hz="$hz" 'BEGIN {
            split(b, x, " "); split(a, y, " "); t = 0
            for (i = 1; i <= 3; i++) { c[i] = n > 0 ? (y[i] - x[i]) * 1000 / hz / n : 0; t += c[i] }
            printf "%.1f %.1f %.1f %.1f", c[1], c[2], c[3], t }')
        read -r cpu_app cpu_gw cpu_db cpu_total <<<"$cpu"
        if [[ -z ${cpu_best[$setting]:-} ]] || awk -v c="$cpu_total" -v best="${cpu_best[$setting]}" 'BEGIN { exit !(c < best) }'; then
            cpu_best[$setting]=$cpu_total
        fi
        if awk -v r="$r" -v best="${rps[$setting]:-0}" 'BEGIN { exit !(r > best) }'; then rps[$setting]=$r; fi
        round_rps[$setting.$round]=$r
        total_errors=$((total_errors + errors))
        replica_rss=""
        for ((i = 1; i <= n; i++)); do replica_rss+="${replica_rss:+,}$(hwm_mb "${replica_pids[$i]}")"; done
        line="$setting round=$round replicas=$n gateway=$gateway rps=$r p50_ms=$p50 p95_ms=$p95 errors=$errors statuses=$statuses cpu_ms_per_req=$cpu_total(app=$cpu_app,gateway=$cpu_gw,db=$cpu_db) replica_peak_rss_mb=$replica_rss"
        [[ $gateway == yes ]] && line+=" gateway_rss_idle_mb=$gateway_idle gateway_peak_rss_mb=$(hwm_mb "$gateway_pid")"
        echo "$line load_avg=$load_before..$(cut -d' ' -f1 /proc/loadavg)"
        for f in "$tmp"/run/"$setting"-*/log; do
            if grep -q -E "fail:|crit:|Exception" "$f"; then log "$(basename "$(dirname "$f")") log:"; grep -A2 -E "fail:|crit:|Exception" "$f" | head -6; fi
        done
        stop_all
    done
done

if [[ $FAILOVER == 1 && $SETTINGS == *pg* ]]; then
    replica_pids=()
    for i in 1 2 3; do start_replica failover "$i"; done
    for i in 1 2 3; do wait_ready "http://127.0.0.1:$((BASE_PORT + i - 1))"; done
    start_gateway 3
    hey -z 5s -c 8 "http://127.0.0.1:$GATEWAY_PORT/health/live" >/dev/null 2>&1 || true
    api_key=${pg_key:-$api_key}
    drive "http://127.0.0.1:$GATEWAY_PORT" "$WARMUP" "$tmp/warmup.log" >/dev/null
    ( sleep "$((DURATION / 2))"; kill -9 "${replica_pids[2]}" ) &
    read -r r p50 p95 errors statuses < <(drive "http://127.0.0.1:$GATEWAY_PORT" "$DURATION" "$tmp/failover.hey")
    echo "failover replicas=3 killed=replica2 at=$((DURATION / 2))s rps=$r p50_ms=$p50 p95_ms=$p95 errors=$errors statuses=$statuses (not counted in errors= below)"
    stop_all
fi

# The overhead compares sqlite and pg1 within each round (same minutes, same other load) and takes the median over rounds.
overheads=$(for ((round = 1; round <= ROUNDS; round++)); do
    awk -v b="${round_rps[sqlite.$round]:-0}" -v o="${round_rps[pg1.$round]:-0}" 'BEGIN { if (b > 0 && o > 0) printf "%.1f\n", (b - o) * 100 / b }'
done | sort -n)
overhead=$(awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else printf "%.0f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }' <<<"$overheads")
one=${rps[pg1]:-0}
echo "# pg1 against sqlite, per round: $(echo $overheads | sed -E 's/([0-9.-]+)/\1%/g') lower throughput; median $overhead%"
cpu_overhead=$(awk -v b="${cpu_best[sqlite]:-0}" -v o="${cpu_best[pg1]:-0}" 'BEGIN { printf "%.0f", (b > 0 ? (o - b) * 100 / b : 0) }')
echo "# CPU per request, best round: sqlite ${cpu_best[sqlite]:-?} ms, pg1direct ${cpu_best[pg1direct]:-?} ms, pg1 ${cpu_best[pg1]:-?} ms (gateway, database and Redis included): pg1 costs ${cpu_overhead}% more CPU per request than sqlite"
echo "scaleout sqlite_rps=${rps[sqlite]:-0} pg1_rps=$one pg2_rps=${rps[pg2]:-0} pg3_rps=${rps[pg3]:-0} overhead_pct=$overhead errors=$total_errors"
