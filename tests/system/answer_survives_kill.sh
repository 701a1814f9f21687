#!/usr/bin/env bash
# A saved answer is committed before the reply: it survives the server being killed (SIGKILL)
# right after, and is there when a new server starts on the same database.
set -euo pipefail
BIN="$1"
ROOT="$2"
WORK="$(mktemp -d)"
PORT=$((20000 + RANDOM % 20000))
cleanup() { kill -9 "${PID:-0}" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$ROOT"
"$BIN" migrate --data "$WORK/data" >/dev/null
start() {
  "$BIN" serve --listen "127.0.0.1:$PORT" --data "$WORK/data" >>"$WORK/log" 2>&1 &
  PID=$!
  for _ in $(seq 500); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return; sleep 0.01; done
  echo "server did not start"; cat "$WORK/log"; exit 1
}
start
B="http://127.0.0.1:$PORT"
curl -fs -c "$WORK/jar" -b "$WORK/jar" "$B/assessments/new?audience=state" -o "$WORK/new.html"
CSRF=$(grep -o 'name="csrf" value="[^"]*"' "$WORK/new.html" | head -1 | sed 's/.*value="//; s/"$//')
FIRST=$(curl -fs -c "$WORK/jar" -b "$WORK/jar" -o /dev/null -w '%{redirect_url}' \
  --data "csrf=$CSRF&audience=state&label=Durable" "$B/assessments")
TOKEN=$(echo "$FIRST" | sed 's|.*/a/||; s|/e/.*||')
ELEMENT=$(echo "$FIRST" | sed 's|.*/e/||')
STATUS=$(curl -s -b "$WORK/jar" -o /dev/null -w '%{http_code}' -H 'Accept: application/json' \
  --data "csrf=$CSRF&choice=scaling&note=kept+after+kill" "$B/a/$TOKEN/e/$ELEMENT")
[ "$STATUS" = 200 ] || { echo "save answered $STATUS"; exit 1; }
kill -9 "$PID"
wait "$PID" 2>/dev/null || true
start
JSON=$(curl -fs "$B/a/$TOKEN/results.json")
# The element's entry in the export carries both the answer and the note.
grep -q "\"element_id\":\"$ELEMENT\"[^}]*\"answer\":\"scaling\"[^}]*\"note\":\"kept after kill\"" <<<"$JSON" \
  || { echo "answer lost: $JSON"; exit 1; }
echo "answer survived SIGKILL"
