#!/usr/bin/env bash
# rest-bench: GET /v1/now-playing with keep-alive, airbridge against nginx serving the same bytes
# as a static file, in one invocation, alternating, with wrk (2 threads, 64 connections).
# Prints requests/s of each run, the medians, and airbridge/nginx.
#
#   bench/rest-bench.sh [--runs 3] [--seconds 10] [--connections 64] [--path /v1/now-playing]
#
# bench/peers.sh installs wrk, nginx and curl from Debian if missing. Needs a build in build/.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3 seconds=10 connections=64 path=/v1/now-playing build=build
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --path) path=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

bench/peers.sh

tmp=$(mktemp -d /tmp/rest-bench.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done; wait 2> /dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

free_port() {  # a port nothing listens on
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null || { echo "$port"; return; }
  done
}
wait_port() { for _ in $(seq 100); do (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null && return; sleep 0.05; done; echo "nothing on $1" >&2; exit 1; }

# airbridge: a Zetta source and the http sink, as a station runs it (defaults otherwise).
zetta=$(free_port) web=$(free_port)
cat > "$tmp/airbridge.yaml" <<EOF
node: {id: bench}
log: {level: warning}
plugins: {directory: $PWD/$build/plugins}
storage: {enabled: false}
sources:
  - plugin: zetta
    listen: 127.0.0.1:$zetta
sinks:
  - plugin: http
    listen: 127.0.0.1:$web
EOF
"$build/airbridge" --config "$tmp/airbridge.yaml" > "$tmp/airbridge.log" 2>&1 &
airbridge=$!
pids+=("$airbridge")
wait_port "$web"
wait_port "$zetta"
exec 4<> "/dev/tcp/127.0.0.1/$zetta"
cat tests/plugins/zetta/cases/song/input.xml >&4
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$web$path" | grep -q '"now":{' && break
  sleep 0.05
done

# nginx: the same bytes as a static file, keep-alive, one worker per core.
mkdir -p "$tmp/www$(dirname "$path")" "$tmp/nginx"
curl -sf "http://127.0.0.1:$web$path" > "$tmp/www$path"
chmod -R a+rX "$tmp"  # nginx's workers run as another user when started as root
static=$(free_port)
cat > "$tmp/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  default_type application/json;
  sendfile on;                              # nginx at its best for a small static file
  tcp_nopush on;
  open_file_cache max=16 inactive=60s;
  client_body_temp_path $tmp/nginx; proxy_temp_path $tmp/nginx; fastcgi_temp_path $tmp/nginx;
  uwsgi_temp_path $tmp/nginx; scgi_temp_path $tmp/nginx;
  server {
    listen 127.0.0.1:$static;
    root $tmp/www;
  }
}
EOF
nginx -c "$tmp/nginx/nginx.conf" -g 'daemon off;' &
pids+=("$!")
wait_port "$static"

rate() {  # rate URL -> requests/s; a run with errors or non-2xx answers does not count
  local out
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" "$1")
  if grep -qE "Non-2xx|Socket errors" <<< "$out"; then echo "$out" >&2; echo "errors from $1" >&2; exit 1; fi
  awk '/^Requests\/sec:/ {print $2}' <<< "$out"
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "rest-bench: GET $path, wrk -t2 -c$connections -d${seconds}s, $runs runs alternating"
echo "body: $(wc -c < "$tmp/www$path") bytes; $(nproc) cores; $(uname -r)"
ours=() theirs=()
for run in $(seq "$runs"); do
  a=$(rate "http://127.0.0.1:$web$path")
  n=$(rate "http://127.0.0.1:$static$path")
  ours+=("$a") theirs+=("$n")
  printf 'run %d: airbridge %10.0f req/s   nginx %10.0f req/s   ratio %.2f\n' "$run" "$a" "$n" "$(awk -v a="$a" -v b="$n" 'BEGIN {print a / b}')"
done
ma=$(median "${ours[@]}") mn=$(median "${theirs[@]}")
printf 'median: airbridge %10.0f req/s   nginx %10.0f req/s   airbridge/nginx %.2f\n' "$ma" "$mn" "$(awk -v a="$ma" -v b="$mn" 'BEGIN {print a / b}')"
