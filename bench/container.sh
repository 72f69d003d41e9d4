#!/usr/bin/env bash
# Container check: builds the image from the Dockerfile's `prebuilt` target (host-side self-contained publish on a
# locally made Debian base), runs it under a memory limit, drives POST /api/v1/analyze with explanations on while
# three 3,000-row batches run back to back, restarts it and checks that what was written to the data volume (usage,
# the batches and their results) survived.
#
#   bench/container.sh                 # defaults: 60 s of load, 16 clients, --memory 512m
#   BIASAPP_CONTAINER_SECONDS=20 bench/container.sh
#   BIASAPP_CONTAINER_BATCHES=0 bench/container.sh      # no batches (BIASAPP_CONTAINER_BATCH_ROWS, default 3000)
#
# Needs podman (with runc), debootstrap for the one-time base image, curl, and the .NET SDK on the host; `hey` is
# used for the load when installed, else a curl loop. Installs nothing itself. Without podman it prints a skip line
# and exits 0, except when CI=true and BIASAPP_CONTAINER_TEST=1 (then podman was expected: exit 1).
# The last line is exactly: container peak_mb=N oom_kills=N errors_5xx=N data_kept=yes|no
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BIASAPP_CONTAINER_SECONDS:-60}
CLIENTS=${BIASAPP_CONTAINER_CLIENTS:-16}
MEMORY=${BIASAPP_CONTAINER_MEMORY:-512m}
PORT=${BIASAPP_CONTAINER_PORT:-18080}
BATCHES=${BIASAPP_CONTAINER_BATCHES:-3}
BATCH_ROWS=${BIASAPP_CONTAINER_BATCH_ROWS:-3000}
BASE=localhost/debian-min:bookworm
IMAGE=localhost/biasapp:bench
NAME=biasapp-bench
VOLUME=biasapp-bench-data
URL=http://127.0.0.1:$PORT

log() { echo "container: $*" >&2; }

if ! command -v podman >/dev/null 2>&1; then
    if [[ "${CI:-}" == true && "${BIASAPP_CONTAINER_TEST:-}" == 1 ]]; then
        log "podman not found but BIASAPP_CONTAINER_TEST=1 in CI"; exit 1
    fi
    log "skipped: podman is not installed (apt-get install -y podman buildah runc debootstrap)"
    exit 0
fi
for tool in curl dotnet; do
    command -v "$tool" >/dev/null 2>&1 || { log "$tool is required"; exit 1; }
done

PODMAN=(podman --runtime runc)
ULIMITS=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)
WORK=$(mktemp -d)

cleanup() {
    "${PODMAN[@]}" rm -f -t 5 "$NAME" >/dev/null 2>&1 || true
    "${PODMAN[@]}" volume rm -f "$VOLUME" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
cleanup_before() { "${PODMAN[@]}" rm -f -t 5 "$NAME" >/dev/null 2>&1 || true; "${PODMAN[@]}" volume rm -f "$VOLUME" >/dev/null 2>&1 || true; }
cleanup_before

# 1. Base image, made once and kept in podman's store (no registry is needed).
if ! "${PODMAN[@]}" image exists "$BASE"; then
    command -v debootstrap >/dev/null 2>&1 || { log "debootstrap is required to make $BASE"; exit 1; }
    log "making $BASE with debootstrap (once)"
    debootstrap --variant=minbase bookworm "$WORK/rootfs" http://deb.debian.org/debian >"$WORK/debootstrap.log" 2>&1 \
        || { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
    tar -C "$WORK/rootfs" -c . | "${PODMAN[@]}" import - "$BASE" >/dev/null
    rm -rf "$WORK/rootfs"
fi

# 2. Self-contained publish on the host, then the image from the Dockerfile's prebuilt target.
log "publishing self-contained linux-x64 to artifacts/publish"
rm -rf artifacts/publish
dotnet publish src/BiasApp/BiasApp.csproj -c Release -r linux-x64 --self-contained -o artifacts/publish >"$WORK/publish.log" 2>&1 \
    || { tail -30 "$WORK/publish.log" >&2; exit 1; }
log "building $IMAGE (target prebuilt)"
"${PODMAN[@]}" build --format docker --target prebuilt --build-arg RUNTIME_IMAGE="$BASE" "${ULIMITS[@]}" \
    -t "$IMAGE" . >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; exit 1; }
base_bytes=$("${PODMAN[@]}" image inspect --format '{{.Size}}' "$BASE")
image_bytes=$("${PODMAN[@]}" image inspect --format '{{.Size}}' "$IMAGE")
log "image size: total $((image_bytes / 1048576)) MB, base $((base_bytes / 1048576)) MB, without base $(((image_bytes - base_bytes) / 1048576)) MB"

# 3. Run under the memory limit with a named volume for /app/data.
"${PODMAN[@]}" volume create "$VOLUME" >/dev/null
# The load repeats one text, so the result cache is off: every request computes its explanations.
start_container() {
    # No systemd here to schedule the HEALTHCHECK timer: wait_healthy runs the image's check itself.
    "${PODMAN[@]}" run -d --name "$NAME" --memory "$MEMORY" --memory-swap "$MEMORY" "${ULIMITS[@]}" --health-interval disable \
        -p "127.0.0.1:$PORT:8080" -v "$VOLUME:/app/data" \
        -e Usage__RequestsPerMinute=1000000 -e Usage__RequestsPerHour=1000000 -e Usage__DailyQuota=1000000 \
        -e Usage__DailyExplanationQuota=1000000 -e Cache__Enabled=false "$IMAGE" >/dev/null 2> >(grep -v 'systemd connection' >&2)
}
# Healthy means: the image's own HEALTHCHECK command passes and /health reports status Healthy (model loaded).
wait_healthy() {
    local deadline=$((SECONDS + 120))
    while ((SECONDS < deadline)); do
        if "${PODMAN[@]}" healthcheck run "$NAME" >/dev/null 2>&1 \
            && curl -fsS "$URL/health" 2>/dev/null | grep -q '"status":"Healthy"'; then
            return 0
        fi
        [[ $("${PODMAN[@]}" inspect --format '{{.State.Running}}' "$NAME") == true ]] || break
        sleep 1
    done
    log "not healthy; last logs:"; "${PODMAN[@]}" logs --tail 30 "$NAME" >&2 || true
    return 1
}
# cgroup v2 (memory.peak, memory.events) or v1 (memory.max_usage_in_bytes, memory.oom_control), seen from inside.
peak_bytes() {
    "${PODMAN[@]}" exec "$NAME" cat /sys/fs/cgroup/memory.peak 2>/dev/null \
        || "${PODMAN[@]}" exec "$NAME" cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes 2>/dev/null \
        || echo 0
}
oom_kill_count() {
    local events
    events=$("${PODMAN[@]}" exec "$NAME" cat /sys/fs/cgroup/memory.events 2>/dev/null \
        || "${PODMAN[@]}" exec "$NAME" cat /sys/fs/cgroup/memory/memory.oom_control 2>/dev/null || true)
    awk '$1 == "oom_kill" { n = $2 } END { print n + 0 }' <<<"$events"
}

start_container
wait_healthy || { echo "container peak_mb=0 oom_kills=0 errors_5xx=0 data_kept=no"; exit 1; }
log "healthy: $(curl -fsS "$URL/health")"

# 4. API key only when the app asks for one (401/403 without it).
cat >"$WORK/body.json" <<'EOF'
{"text": "Mr. Smith is our new nurse. All nurses are women and they are too emotional to lead. The engineers from that country are lazy. She fixed the server before lunch.", "explain": "both"}
EOF
KEY=${BIASAPP_API_KEY:-}
auth=()
probe=$(curl -s -o "$WORK/probe.json" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$WORK/body.json" "$URL/api/v1/analyze")
if [[ $probe == 401 || $probe == 403 ]] && [[ -z $KEY ]]; then
    # The prebuilt image holds only the app; the host's CLI creates the key in the volume's database (the app has
    # migrated it by now; SQLite's WAL locking works across the two processes on one kernel).
    log "the API wants a key; creating one with the host CLI on the volume's database"
    DB="$("${PODMAN[@]}" volume inspect --format '{{.Mountpoint}}' "$VOLUME")/biasapp.db"
    KEY=$(ConnectionStrings__Default="Data Source=$DB" dotnet run --project src/BiasApp.Cli -c Release -- keys create --email bench@localhost --admin | tail -n1) \
        || { log "no key: set BIASAPP_API_KEY"; exit 1; }
fi
[[ -n $KEY ]] && auth=(-H "X-API-Key: $KEY")
if [[ -n $KEY ]]; then
    probe=$(curl -s -o "$WORK/probe.json" -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' --data-binary @"$WORK/body.json" "$URL/api/v1/analyze")
fi
# Until an explainer is registered in the host, explain=both is refused with a 400 naming "explain": then the load
# runs without explanations and says so.
EXPLAIN=both
if [[ $probe == 400 ]] && grep -q '"explain"' "$WORK/probe.json"; then
    log "WARNING: this build does not serve explain=both ($(grep -o 'Explanation[^"]*' "$WORK/probe.json")); load runs with explain=none"
    EXPLAIN=none
    sed -i 's/"explain": "both"/"explain": "none"/' "$WORK/body.json"
    probe=$(curl -s -o "$WORK/probe.json" -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' --data-binary @"$WORK/body.json" "$URL/api/v1/analyze")
fi
[[ $probe == 200 ]] || { log "probe answered $probe: $(head -c 500 "$WORK/probe.json")"; exit 1; }
log "probe 200; explanations in answer: $(grep -o '"explain":"[a-z]*"' "$WORK/probe.json" | head -1)"

# A PDF report from inside the image: it must embed DejaVu Sans (fonts-dejavu-core in the Dockerfile), not fall back to
# the ASCII-only Helvetica, so a document with accented names is uploaded and its report's fonts are read back.
printf 'Hiring notes\n\nZoë and José reviewed the café staff. All nurses are women and they are too emotional to lead.\n' >"$WORK/notes.txt"
doc=$(curl -s "${auth[@]}" -F "file=@$WORK/notes.txt;type=text/plain" "$URL/api/v1/documents" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["document"]["id"])') || { log "document upload failed"; exit 1; }
code=$(curl -s -o "$WORK/report.pdf" -w '%{http_code}' "${auth[@]}" "$URL/api/v1/documents/$doc/report?format=pdf")
fonts=$(grep -ao '/BaseFont */[A-Z]*+*[A-Za-z-]*' "$WORK/report.pdf" | sed 's/.*[/+]//' | sort -u | tr '\n' ' ')
log "PDF report: HTTP $code, $(wc -c <"$WORK/report.pdf") bytes, fonts: $fonts"
[[ $code == 200 && $fonts == *DejaVuSans* && $fonts != *Helvetica* ]] || { log "the PDF report does not embed DejaVu Sans"; exit 1; }

# 5. Load: $CLIENTS concurrent clients for $DURATION s; /health sampled every 2 s meanwhile (status, working set).
( while true; do
      curl -s -m 10 "$URL/health" || echo '{"status":"unreachable"}'
      echo
      sleep 2
  done >"$WORK/health.log" 2>&1 ) &
sampler=$!
# Batches: $BATCHES of $BATCH_ROWS rows (1-3 sentences of 5-25 words, one in ten up to 70), back to back, started with
# the load; each one's final status goes to $WORK/batches ("ID STATUS").
python3 - "$BATCH_ROWS" >"$WORK/rows.jsonl" <<'PY'
import json, random, sys
random.seed(5)
subjects = ["Women", "Old people", "Teachers", "Engineers", "Nurses", "Farmers", "Students", "Lawyers", "Immigrants", "Muslims"]
words = ("the a of to and in that is was for on with as by at from this have not but they are their more some "
         "city report week meeting people morning council plan school river market train result team project road").split()
def sentence(n):
    return random.choice(subjects) + " " + " ".join(random.choice(words) for _ in range(n - 1)) + "."
for i in range(int(sys.argv[1])):
    text = " ".join(sentence(random.randint(5, 70) if random.random() < 0.1 else random.randint(5, 25)) for _ in range(random.randint(1, 3)))
    print(json.dumps({"text": text, "group": subjects[i % len(subjects)]}))
PY
: >"$WORK/batches"
( for ((b = 1; b <= BATCHES; b++)); do
      id=$(curl -s -m 60 "${auth[@]}" -H 'Content-Type: application/x-ndjson' --data-binary @"$WORK/rows.jsonl" "$URL/api/v1/batches" \
          | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
      [[ -n $id ]] || { echo "- not-created" >>"$WORK/batches"; continue; }
      status=queued
      while [[ $status == queued || $status == running ]]; do
          sleep 2
          status=$(curl -s -m 30 "${auth[@]}" "$URL/api/v1/batches/$id" | grep -o '"status":"[a-z]*"' | head -1 | cut -d'"' -f4)
          status=${status:-unreachable}
      done
      echo "$id $status" >>"$WORK/batches"
  done ) &
batcher=$!
log "load: $CLIENTS clients x ${DURATION}s, POST /api/v1/analyze explain=$EXPLAIN, with $BATCHES x $BATCH_ROWS-row batches"
if command -v hey >/dev/null 2>&1; then
    hey -z "${DURATION}s" -c "$CLIENTS" -t 120 -m POST -T application/json "${auth[@]}" -D "$WORK/body.json" \
        "$URL/api/v1/analyze" >"$WORK/hey.log" 2>&1 || true
    # Status code distribution lines read "  [200]	1234 responses"; transport errors are listed separately.
    awk '/^Error distribution:/ { exit } /^ *\[[0-9]+\]/ { gsub(/[\[\]]/, "", $1); print $1, $2 }' "$WORK/hey.log" >"$WORK/codes"
    transport_errors=$(awk '/^Error distribution:/ { e = 1; next } e && /^ *\[[0-9]+\]/ { gsub(/[\[\]]/, "", $1); n += $1 } END { print n + 0 }' "$WORK/hey.log")
    grep -E 'Requests/sec|Average:|Slowest:' "$WORK/hey.log" | sed 's/^ */container: hey /' >&2 || true
else
    end=$((SECONDS + DURATION))
    for ((i = 0; i < CLIENTS; i++)); do
        ( while ((SECONDS < end)); do
              curl -s -o /dev/null -m 120 -w '%{http_code}\n' "${auth[@]}" -H 'Content-Type: application/json' \
                  --data-binary @"$WORK/body.json" "$URL/api/v1/analyze" || true
          done >"$WORK/curl.$i" ) &
    done
    wait $(jobs -p | grep -v -e "^$sampler\$" -e "^$batcher\$")
    cat "$WORK"/curl.* | sort | uniq -c | awk '$2 != "000" { print $2, $1 }' >"$WORK/codes"
    transport_errors=$(cat "$WORK"/curl.* | grep -c '^000$' || true)
fi
wait "$batcher" 2>/dev/null || true
log "batches: $(tr '\n' ' ' <"$WORK/batches")"
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
errors_5xx=$(awk '$1 >= 500 { n += $2 } END { print n + 0 }' "$WORK/codes")
log "status codes: $(tr '\n' ' ' <"$WORK/codes")transport errors: $transport_errors"
log "health during load: $(grep -o '"status":"[A-Za-z]*"' "$WORK/health.log" | sort | uniq -c | tr -s ' \n' ' ')"
ws_peak_mb=$(grep -o '"workingSetMb":[0-9.]*' "$WORK/health.log" | cut -d: -f2 | sort -n | tail -1)
ws_peak_mb=${ws_peak_mb%.*}; ws_peak_mb=${ws_peak_mb:-0}

cgroup_peak_mb=$(( $(peak_bytes) / 1048576 ))
oom_kills=$(oom_kill_count)
limit=$("${PODMAN[@]}" exec "$NAME" sh -c 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes')
# The cgroup peak leaves out file pages (model, libraries) that the host had already cached while building, which the
# process's working set counts; peak_mb is the larger of the two so it is never flattering.
peak_mb=$((cgroup_peak_mb > ws_peak_mb ? cgroup_peak_mb : ws_peak_mb))
log "after load: cgroup peak ${cgroup_peak_mb} MB, highest sampled working set ${ws_peak_mb} MB, limit $limit bytes ($MEMORY); /health $(curl -fsS "$URL/health")"

# 6. Data on the volume across a restart. Usage records when the app has /api/v1/usage, and always a marker file
# written into /app/data by the app's user.
marker="bench-$(date +%s)-$RANDOM"
"${PODMAN[@]}" exec "$NAME" sh -c "echo $marker > /app/data/bench-marker"
usage_before=$(curl -s -o "$WORK/usage.json" -w '%{http_code}' "${auth[@]}" "$URL/api/v1/usage" || true)
[[ $usage_before == 200 ]] && cp "$WORK/usage.json" "$WORK/usage.before"
"${PODMAN[@]}" exec "$NAME" ls -la /app/data >&2 || true

if [[ $("${PODMAN[@]}" inspect --format '{{.State.OOMKilled}}' "$NAME") == true ]]; then oom_kills=$((oom_kills > 0 ? oom_kills : 1)); fi
restarts_before=$("${PODMAN[@]}" inspect --format '{{.RestartCount}}' "$NAME")
log "restarting the container"
"${PODMAN[@]}" restart -t 10 "$NAME" >/dev/null 2> >(grep -v 'systemd connection' >&2)
wait_healthy || { echo "container peak_mb=$peak_mb oom_kills=$oom_kills errors_5xx=$errors_5xx data_kept=no"; exit 1; }

data_kept=no
checked="marker file"
if [[ $("${PODMAN[@]}" exec "$NAME" cat /app/data/bench-marker 2>/dev/null) == "$marker" ]]; then data_kept=yes; fi
# Every batch finished as done before the restart, and is still there, done, with all its result rows, after it.
if ((BATCHES > 0)); then
    checked="$checked + $BATCHES batches"
    [[ $(grep -c ' done$' "$WORK/batches") == "$BATCHES" ]] || { log "not every batch finished: $(tr '\n' ' ' <"$WORK/batches")"; data_kept=no; }
    while read -r id status; do
        [[ $id == - ]] && continue
        after=$(curl -s "${auth[@]}" "$URL/api/v1/batches/$id" | grep -o '"status":"[a-z]*"' | head -1 | cut -d'"' -f4)
        rows=$(curl -s "${auth[@]}" "$URL/api/v1/batches/$id/results" | grep -c '"index"' || true)
        [[ $after == done && $rows == "$BATCH_ROWS" ]] || { log "batch $id after restart: status=$after rows=$rows"; data_kept=no; }
    done <"$WORK/batches"
fi
if [[ -f $WORK/usage.before ]]; then
    checked="$checked + GET /api/v1/usage"
    usage_after=$(curl -s -o "$WORK/usage.after" -w '%{http_code}' "${auth[@]}" "$URL/api/v1/usage" || true)
    # Usage after a restart holds at least what it held before (the GET itself may add a record).
    before_len=$(wc -c <"$WORK/usage.before"); after_len=$(wc -c <"$WORK/usage.after" 2>/dev/null || echo 0)
    if [[ $usage_after != 200 ]] || ((after_len < before_len)); then
        data_kept=no
    fi
    log "usage before: $(head -c 300 "$WORK/usage.before")"
    log "usage after:  $(head -c 300 "$WORK/usage.after" 2>/dev/null)"
else
    log "no /api/v1/usage (answered $usage_before): data_kept checks the marker file in the volume only"
fi
log "data kept ($checked): $data_kept"

peak_after=$(( $(peak_bytes) / 1048576 ))  # the restart starts a new cgroup: its own peak
((peak_after > peak_mb)) && peak_mb=$peak_after
oom_kills=$((oom_kills + $(oom_kill_count)))
if [[ $("${PODMAN[@]}" inspect --format '{{.State.OOMKilled}}' "$NAME") == true ]]; then oom_kills=$((oom_kills > 0 ? oom_kills : 1)); fi
restarts=$("${PODMAN[@]}" inspect --format '{{.RestartCount}}' "$NAME")
log "restart count (unplanned, before the planned restart): $restarts_before; after: $restarts"

echo "container peak_mb=$peak_mb oom_kills=$oom_kills errors_5xx=$errors_5xx data_kept=$data_kept"
