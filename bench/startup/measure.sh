#!/usr/bin/env bash
# Start-up time and idle footprint of otelcol4j as the launcher runs it.
#
#   bench/startup/measure.sh [runs]        (default 5 runs; needs curl)
#   OTELCOL4J_JAR=/tmp/x/otelcol4j.jar bench/startup/measure.sh   (another build; archive next to it)
#
# For each run: starts ./otelcol4j with a config like the default one (health_check, OTLP gRPC +
# HTTP -> batch -> debug, own metrics) on free 127.0.0.1 ports, measures the wall time from
# process start to the first HTTP 200 of the health check (polled every 10 ms), waits 10 s idle,
# reads VmRSS from /proc/<pid>/status, then stops it with SIGTERM and checks the exit code is 0.
#
# Run 0 deletes the application CDS archive first, so the launcher creates it (at exit): reported
# separately. Runs 1..N use the archive. Set NMT=1 to also print one native-memory summary
# (-XX:NativeMemoryTracking=summary + jcmd VM.native_memory summary) of an idle collector.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${1:-5}"
IDLE_SECONDS="${IDLE_SECONDS:-10}"
# OTELCOL4J_JAR (also read by the launcher) measures another build, e.g. one in a private folder.
JAR="${OTELCOL4J_JAR:-$ROOT/distro/target/otelcol4j.jar}"
JSA="${JAR%.jar}.jsa"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

command -v curl >/dev/null || { echo "measure.sh needs curl" >&2; exit 1; }
if [[ ! -f "$JAR" && -z "${OTELCOL4J_JAR:-}" ]]; then
  (cd "$ROOT" && mvn -B -q -DskipTests -pl distro -am package)
fi

# Sets PORT to a free TCP port on 127.0.0.1: a random high port nothing answers on and not yet
# handed out for this run (USED_PORTS). No subshell, so that USED_PORTS is kept.
USED_PORTS=" "
PORT=""
free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$(( 20000 + RANDOM % 40000 ))
    if [[ "$USED_PORTS" != *" $p "* ]] && ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      USED_PORTS+="$p "
      PORT=$p
      return
    fi
  done
  echo "no free port found" >&2
  exit 1
}

write_config() {
  cat > "$WORK/config.yaml" <<YAML
extensions:
  health_check:
    endpoint: 127.0.0.1:$1
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$2
      http:
        endpoint: 127.0.0.1:$3
processors:
  batch:
exporters:
  debug:
    verbosity: basic
service:
  extensions: [health_check]
  telemetry:
    metrics:
      address: 127.0.0.1:$4
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [debug]
    metrics:
      receivers: [otlp]
      processors: [batch]
      exporters: [debug]
    logs:
      receivers: [otlp]
      processors: [batch]
      exporters: [debug]
YAML
}

now_ns() { date +%s%N; }

# Starts the collector on free ports and waits for health 200: sets pid and t_ms (empty when it
# did not become healthy within 30 s or exited).
start_collector() {
  local health grpc http metrics start
  USED_PORTS=" "
  free_port; health=$PORT; free_port; grpc=$PORT; free_port; http=$PORT; free_port; metrics=$PORT
  write_config "$health" "$grpc" "$http" "$metrics"
  start=$(now_ns)
  "$ROOT/otelcol4j" --config "$WORK/config.yaml" >"$WORK/out.log" 2>"$WORK/err.log" &
  pid=$!
  t_ms=""
  for _ in $(seq 1 3000); do     # at most 30 s
    if [[ "$(curl -s --max-time 1 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$health/" 2>/dev/null)" == "200" ]]; then
      t_ms=$(( ($(now_ns) - start) / 1000000 ))
      break
    fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.01
  done
}

# One run: prints "<ms to health 200> <idle RSS KiB> <exit code>". A run whose port another
# process took in the meantime ("Address already in use") is repeated once with new ports.
one_run() {
  local pid t_ms rss code
  start_collector
  if [[ -z "$t_ms" ]] && grep -q "Address already in use" "$WORK/err.log"; then
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    start_collector
  fi
  if [[ -z "$t_ms" ]]; then
    echo "collector did not become healthy; stderr:" >&2
    cat "$WORK/err.log" >&2
    kill -KILL "$pid" 2>/dev/null || true
    exit 1
  fi
  sleep "$IDLE_SECONDS"
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  if [[ "${NMT_NOW:-0}" == 1 ]]; then
    jcmd "$pid" VM.native_memory summary > "$WORK/nmt.txt" 2>&1 || true
  fi
  kill -TERM "$pid"
  code=0
  wait "$pid" || code=$?
  echo "$t_ms $rss $code"
}

row() { printf '| %-22s | %8s | %9s | %4s |\n' "$1" "$2" "$3" "$4"; }

echo "otelcol4j start-up and idle footprint ($(java -version 2>&1 | head -1), $(nproc) CPUs)"
echo "jar: $JAR"
echo "launcher flags: see ./otelcol4j; JAVA_OPTS='${JAVA_OPTS:-}'; idle wait ${IDLE_SECONDS}s"
echo
row "run" "health ms" "RSS MiB" "exit"
row "----------------------" "--------" "---------" "----"

rm -f "$JSA"
one_run > "$WORK/run.txt"
read -r t rss code < "$WORK/run.txt"
row "0 (creates CDS archive)" "$t" "$(awk "BEGIN{printf \"%.1f\", $rss/1024}")" "$code"
if [[ ! -f "$JSA" ]]; then
  echo "note: no CDS archive was written ($JSA)" >&2
fi

times=(); rsses=()
for i in $(seq 1 "$RUNS"); do
  one_run > "$WORK/run.txt"
  read -r t rss code < "$WORK/run.txt"
  times+=("$t"); rsses+=("$rss")
  row "$i (with CDS archive)" "$t" "$(awk "BEGIN{printf \"%.1f\", $rss/1024}")" "$code"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
mt=$(median "${times[@]}")
mr=$(median "${rsses[@]}")
row "median of 1..$RUNS" "$mt" "$(awk "BEGIN{printf \"%.1f\", $mr/1024}")" ""

if [[ "${NMT:-0}" == 1 ]]; then
  echo
  echo "Native memory of one idle collector (launcher flags + -XX:NativeMemoryTracking=summary):"
  JAVA_OPTS="${JAVA_OPTS:-} -XX:NativeMemoryTracking=summary" NMT_NOW=1 one_run >/dev/null
  grep -E '^(Total|-|\s+\(reserved|\s+\(mmap|\s+\(malloc)' "$WORK/nmt.txt" | grep -E 'Total|^-' | sed 's/^/  /'
fi
