#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for SECONDS (default: the budget below).
# Usage: scripts/fuzz.sh [SECONDS]. The run fails on any crash, leak or timeout.
#   zetta_fuzz         the Zetta framer and parser (seeds: the parser test cases)
#   http_request_fuzz  the public port's request parser (seeds: requests written below)
#   ws_frame_fuzz      the WebSocket frame reader (seeds: frames written below)
#   event_json_fuzz    the event JSON that storage restores and other nodes send
#   redis_entry_fuzz   Redis stream entries and the origins hash's marks
#   term_file_fuzz     schedule term files (seeds: config/schedule/)
#   config_fuzz        airbridge.yaml through the host and every plugin's ConfigSection reads
#                      (seeds: config/airbridge.yaml and each README's YAML example)
#   device_text_fuzz   titles and artists through the outputs' templates, transliteration,
#                      width fitting and RDS commands (seeds: titles written below)
#   output_answer_fuzz what Icecast, Shoutcast and TuneIn answer (seeds: answers written below)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-${AIRBRIDGE_FUZZ_SECONDS:-30}}   # the one place the per-target budget is set
targets=(zetta_fuzz http_request_fuzz ws_frame_fuzz event_json_fuzz redis_entry_fuzz term_file_fuzz config_fuzz device_text_fuzz output_answer_fuzz pushed_fields_fuzz pad_stream_fuzz)
scripts/setup.sh
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DAIRBRIDGE_FUZZ=ON > /dev/null
cmake --build build-fuzz --target "${targets[@]}"

seed() {  # seed DIR NAME BYTES...: one file; the input's first byte is the read size
  local dir=$1 name=$2; shift 2
  for size in 1 17 63; do
    { printf "\\x$(printf %02x $size)"; printf "$@"; } > "$dir/$name-$size"
  done
}

corpus=build-fuzz/corpus
rm -rf "$corpus"
mkdir -p "$corpus/zetta" "$corpus/http" "$corpus/ws" "$corpus/event" "$corpus/redis" "$corpus/term" "$corpus/config" \
  "$corpus/text" "$corpus/answer" "$corpus/pushed" "$corpus/pad"
for input in tests/plugins/zetta/cases/*/input.xml; do
  for size in 1 17 63; do
    { printf "\\x$(printf %02x $size)"; cat "$input"; } > "$corpus/zetta/$(basename "$(dirname "$input")")-$size"
  done
done
seed "$corpus/http" get 'GET /v1/now-playing HTTP/1.1\r\nHost: a\r\nIf-None-Match: "x"\r\n\r\nGET /healthz HTTP/1.0\r\n\r\n'
seed "$corpus/http" query 'GET /v1/history?limit=5&before=%%31&x=a+b HTTP/1.1\r\nHost: a\r\n\r\n'
seed "$corpus/http" post 'POST /in HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello'
seed "$corpus/http" chunked 'POST /in HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nT: 1\r\n\r\n'
seed "$corpus/http" upgrade 'GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n'
seed "$corpus/ws" text '\x81\x82\0\0\0\0{}'
seed "$corpus/ws" fragments '\x01\x81\0\0\0\0a\x89\x80\0\0\0\0\x80\x81\0\0\0\0b'
seed "$corpus/ws" close '\x88\x82\0\0\0\0\x03\xe8'
seed "$corpus/ws" long '\x82\xfe\x00\x80\0\0\0\0'
# event JSON: the first byte's low bit picks TRACK_CHANGED (1) or PROGRAM_CHANGED (0)
printf '\x01{"id":"zetta:studio:1","kind":"song","type":"SONG","title":"T","artist":"A","duration_ms":1000,"assets":[{"id":"1","title":"T","duration_ms":5}],"next":[{"title":"N"}],"external_ids":{"zetta_asset":"1"}}' > "$corpus/event/track"
printf '\x00{"term":"2026-fall","name":"Show","djs":["A","B"],"description":"d","starts_at":"2026-01-01T00:00:00Z","ends_at":"2026-01-01T01:00:00Z"}' > "$corpus/event/program"
# a Redis entry: kinds byte, then id and field/value texts cut at 0xFF
printf '\x00node-a:5\xff1-0\xfforigin\xffnode-a\xffseq\xff5\xffadmitted_ms\xff1790000000000\xffname\xffTRACK_CHANGED\xffevent\xff{"title":"x"}' > "$corpus/redis/entry"
cp config/schedule/*.yaml "$corpus/term/"
cp config/airbridge.yaml "$corpus/config/"
for readme in plugins/*/README.md; do  # each README's first YAML block
  awk '/^```yaml/{on=1; next} /^```/{if (on) exit} on' "$readme" > "$corpus/config/$(basename "$(dirname "$readme")").yaml"
done

# titles as Zetta sends them: accents, typography, other scripts, control characters
printf 'Björk – Jóga (Live) “Remastered”' > "$corpus/text/accents"
printf 'Сплин\r\nTEXT=INJECTED\tand some more words to pass sixty-four characters of RadioText' > "$corpus/text/injection"
printf '\xe6\x9d\xb1\xe4\xba\xac \xf0\x9f\x8e\xb5 \xc3\x28 bad utf-8' > "$corpus/text/mixed"
# server answers: the first byte's low bit makes the status 200
printf '\x01<?xml version="1.0"?>\n<iceresponse><message>Metadata update successful</message><return>1</return></iceresponse>' > "$corpus/answer/icecast-ok"
printf '\x01<iceresponse><message>Mountpoint will not accept URL updates</message><return>1</return></iceresponse>' > "$corpus/answer/icecast-refused"
printf '\x01<opml version="1"><head><status>403</status><fault>Invalid partner key</fault></head></opml>' > "$corpus/answer/tunein-fault"
# pushes as playout systems send them: a query, JSON (AzuraCast-like), XML
printf 'title=Glass+Harbor&artist=Caf%%C3%%A9&duration=3%%3A41&started_at=1789412592' > "$corpus/pushed/form"
printf '{"now_playing":{"song":{"title":"T","artist":"A"},"duration":221,"played_at":1789412592},"a":[{"b":"1500"}],"t":"2026-09-14T19:03:12+02:00"}' > "$corpus/pushed/json"
printf '<?xml version="1.0"?><NowPlaying><Track artist="B\xf6rk"><Title>J\xf3ga</Title></Track><Kind>jingle</Kind></NowPlaying>' > "$corpus/pushed/xml"
# Rivendell PAD updates: the first byte is the read size
printf '\x07{"padUpdate":{"machine":1,"onairFlag":true,"now":{"startDateTime":"2026-09-14T15:03:12-04:00","lineId":4,"cartNumber":1001,"cartType":"Audio","length":221480,"groupName":"MUSIC","title":"T \\" } {","artist":"A"},"next":null}}\r\n\r\n{"padUpdate":{"machine":2,"now":null}}' > "$corpus/pad/two"

run() {  # run TARGET CORPUS
  echo "== fuzzing $1 for $seconds s"
  "./build-fuzz/tests/fuzz/$1" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "$2" 2>&1 | grep -v "^#" | tail -n 40
  return "${PIPESTATUS[0]}"
}
run zetta_fuzz "$corpus/zetta"
run http_request_fuzz "$corpus/http"
run ws_frame_fuzz "$corpus/ws"
run event_json_fuzz "$corpus/event"
run redis_entry_fuzz "$corpus/redis"
run term_file_fuzz "$corpus/term"
run config_fuzz "$corpus/config"
run device_text_fuzz "$corpus/text"
run output_answer_fuzz "$corpus/answer"
run pushed_fields_fuzz "$corpus/pushed"
run pad_stream_fuzz "$corpus/pad"
