#!/usr/bin/env bash
# The worked example of docs/operations.md: back up while the server runs, refuse to restore
# under a running server, restore once it has stopped, and find the answer saved before the
# backup (and not the one saved after it).
set -euo pipefail
BIN="$1"
WORK="$(mktemp -d)"
PORT=$((20000 + RANDOM % 20000))
cleanup() { kill "${PID:-0}" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$WORK"
"$BIN" migrate --data "$WORK/data" >/dev/null
start() {
  "$BIN" serve --listen "127.0.0.1:$PORT" --data "$WORK/data" >>"$WORK/log" 2>&1 &
  PID=$!
  for _ in $(seq 1000); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return; sleep 0.02; done
  echo "server did not start"; cat "$WORK/log"; exit 1
}
start
B="http://127.0.0.1:$PORT"
curl -fs -c jar -b jar "$B/assessments/new?audience=state" -o new.html
CSRF=$(grep -o 'name="csrf" value="[^"]*"' new.html | head -1 | sed 's/.*value="//; s/"$//')
FIRST=$(curl -fs -c jar -b jar -o /dev/null -w '%{redirect_url}' \
  --data "csrf=$CSRF&audience=state&label=Backed+up" "$B/assessments")
TOKEN=$(echo "$FIRST" | sed 's|.*/a/||; s|/e/.*||')
ELEMENT=$(echo "$FIRST" | sed 's|.*/e/||')
save() {
  curl -fs -b jar -o /dev/null -H 'Accept: application/json' \
    --data "csrf=$CSRF&choice=$1&note=$2" "$B/a/$TOKEN/e/$ELEMENT"
}
save scaling before+backup
SAID=$("$BIN" backup "$WORK/copy.db" --data "$WORK/data")
grep -q "copied to" <<<"$SAID" || { echo "backup failed: $SAID"; exit 1; }
save entry after+backup

if "$BIN" restore "$WORK/copy.db" --data "$WORK/data" 2>"$WORK/refused"; then
  echo "restore ran under a running server"; exit 1
fi
grep -q "running server" "$WORK/refused" || { echo "no reason given: $(cat "$WORK/refused")"; exit 1; }

kill "$PID"; wait "$PID" 2>/dev/null || true
SAID=$("$BIN" restore "$WORK/copy.db" --data "$WORK/data")
grep -q "restored" <<<"$SAID" || { echo "restore failed: $SAID"; exit 1; }
start
JSON=$(curl -fs "$B/a/$TOKEN/results.json")
grep -q '"note":"before backup"' <<<"$JSON" || { echo "restored copy lacks the answer: $JSON"; exit 1; }
if grep -q 'after backup' <<<"$JSON"; then echo "restored copy has a later answer"; exit 1; fi

# Not a database: refused with a reason, and the database is untouched.
kill "$PID"; wait "$PID" 2>/dev/null || true
echo "not sqlite" >"$WORK/junk.db"
if "$BIN" restore "$WORK/junk.db" --data "$WORK/data" 2>/dev/null; then echo "restored junk"; exit 1; fi
start
JSON=$(curl -fs "$B/a/$TOKEN/results.json")
grep -q '"note":"before backup"' <<<"$JSON" || { echo "junk restore damaged data"; exit 1; }
# An empty file and another program's SQLite database: refused before the database is touched
# (the check used to run after the copy had replaced it).
kill "$PID"; wait "$PID" 2>/dev/null || true
: >"$WORK/empty.db"
python3 -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);
c.execute('CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)'); c.commit()" "$WORK/other.db"
for WRONG in empty.db other.db; do
  if "$BIN" restore "$WORK/$WRONG" --data "$WORK/data" 2>"$WORK/refused"; then
    echo "restored $WRONG"; exit 1
  fi
  grep -q "not a CBE Roadmap database" "$WORK/refused" || { echo "$WRONG: $(cat "$WORK/refused")"; exit 1; }
done
ls "$WORK/data" | grep -q "roadmap.db.restoring\|roadmap.db.previous" && { echo "side files left"; exit 1; }
start
JSON=$(curl -fs "$B/a/$TOKEN/results.json")
grep -q '"note":"before backup"' <<<"$JSON" || { echo "a wrong file damaged the data"; exit 1; }
echo "backup while serving, restore refused while serving, restore after stopping"
