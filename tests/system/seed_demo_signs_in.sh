#!/usr/bin/env bash
# The run command's demo seed: on an empty database it adds a district and its owner, prints a
# password that signs in, and owns the district; a second run adds nothing.
set -euo pipefail
BIN="$1"
ROOT="$2"
WORK="$(mktemp -d)"
PORT=$((20000 + RANDOM % 20000))
cleanup() { kill "${PID:-0}" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$ROOT"
"$BIN" migrate --data "$WORK/data" >/dev/null
OUT=$("$BIN" seed-demo --data "$WORK/data")
PASSWORD=$(echo "$OUT" | sed -n 's/.*with the password \([^ ]*\) .*/\1/p')
[ -n "$PASSWORD" ] || { echo "no password printed: $OUT"; exit 1; }
AGAIN=$("$BIN" seed-demo --data "$WORK/data")
grep -q "no demo data added" <<<"$AGAIN" || { echo "a second run said: $AGAIN"; exit 1; }
"$BIN" serve --listen "127.0.0.1:$PORT" --data "$WORK/data" >"$WORK/log" 2>&1 &
PID=$!
for _ in $(seq 500); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.01; done
B="http://127.0.0.1:$PORT"
curl -fs -c "$WORK/jar" -b "$WORK/jar" "$B/sign-in" -o "$WORK/in.html"
CSRF=$(grep -o 'name="csrf" value="[^"]*"' "$WORK/in.html" | head -1 | sed 's/.*value="//; s/"$//')
STATUS=$(curl -s -c "$WORK/jar" -b "$WORK/jar" -o /dev/null -w '%{http_code}' \
  --data-urlencode "csrf=$CSRF" --data-urlencode "email=demo@example.org" \
  --data-urlencode "password=$PASSWORD" "$B/sign-in")
[ "$STATUS" = 303 ] || { echo "sign-in answered $STATUS"; exit 1; }
# Read whole before searching: `curl | grep -q` under pipefail fails when grep stops reading
# early and curl's next write meets a closed pipe.
ACCOUNT=$(curl -fs -b "$WORK/jar" "$B/account")
grep -q "Demo District" <<<"$ACCOUNT" || { echo "no Demo District"; exit 1; }
echo "demo account signs in and owns Demo District"
