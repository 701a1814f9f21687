#!/usr/bin/env bash
# The Debian package: built with CPack, extracted with dpkg-deb -x (nothing is installed on the
# machine), its roadmap migrates and serves from a folder outside the checkout, with no Node.js
# files: the home page, a hashed asset and /metrics answer. Its dependencies are shared
# libraries only (no -dev package), and the systemd unit has the hardening the docs promise.
set -euo pipefail
BUILD_DIR="$1"
WORK="$(mktemp -d)"
PORT=$((20000 + RANDOM % 20000))
cleanup() { kill "${PID:-0}" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

cpack --config "$BUILD_DIR/CPackConfig.cmake" -B "$WORK/pkg" >"$WORK/cpack.log" 2>&1 ||
  { cat "$WORK/cpack.log"; exit 1; }
DEB=$(ls "$WORK"/pkg/cbe-roadmap_*_amd64.deb)
DEPENDS=$(dpkg-deb -f "$DEB" Depends)
echo "Depends: $DEPENDS"
if grep -q -- '-dev\b' <<<"${DEPENDS//,/$'\n'}"; then echo "a -dev package is a dependency"; exit 1; fi
grep -q libsoci-sqlite3 <<<"$DEPENDS" || { echo "shared libraries not declared"; exit 1; }

dpkg-deb -x "$DEB" "$WORK/root"
ROOT="$WORK/root"
[ -x "$ROOT/usr/bin/roadmap" ] || { echo "no /usr/bin/roadmap"; exit 1; }
SHARE="$ROOT/usr/share/cbe-roadmap"
for d in templates static content migrations/sqlite uswds/css; do
  [ -d "$SHARE/$d" ] || { echo "missing share/cbe-roadmap/$d"; exit 1; }
done
if [ -n "$(find "$ROOT" -path '*node_modules*' -print -quit)" ]; then echo "node_modules in the package"; exit 1; fi
UNIT="$ROOT/usr/lib/systemd/system/cbe-roadmap.service"
[ -f "$UNIT" ] || UNIT="$ROOT/lib/systemd/system/cbe-roadmap.service"
for directive in StateDirectory=cbe-roadmap NoNewPrivileges=yes ProtectSystem=strict \
  ProtectHome=yes PrivateTmp=yes Restart=on-failure User=roadmap \
  EnvironmentFile=-/etc/cbe-roadmap/roadmap.env; do
  grep -qx "$directive" "$UNIT" || { echo "unit lacks $directive"; exit 1; }
done
dpkg-deb -e "$DEB" "$WORK/control"
grep -q "adduser --system" "$WORK/control/postinst" || { echo "postinst adds no system user"; exit 1; }

# Run from a folder that is not the checkout, with the package's own files only.
cd "$WORK"
mkdir run && cd run
"$ROOT/usr/bin/roadmap" migrate --data "$WORK/data" >/dev/null
"$ROOT/usr/bin/roadmap" serve --listen "127.0.0.1:$PORT" --data "$WORK/data" >"$WORK/log" 2>&1 &
PID=$!
for _ in $(seq 1000); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.02; done
B="http://127.0.0.1:$PORT"
curl -fs "$B/" -o "$WORK/home.html" || { cat "$WORK/log"; exit 1; }
ASSET=$(grep -o '/assets/[0-9a-f]*/uswds/css/uswds.min.css' "$WORK/home.html" | head -1)
[ -n "$ASSET" ] || { echo "no hashed stylesheet on the home page"; exit 1; }
curl -fs "$B$ASSET" -o /dev/null || { echo "$ASSET did not load"; exit 1; }
FONT=$(grep -o 'fonts/[A-Za-z0-9_./-]*\.woff2' "$SHARE/uswds/css/uswds.min.css" | head -1)
curl -fs "$B${ASSET%css/uswds.min.css}$FONT" -o /dev/null || { echo "font $FONT not served"; exit 1; }
grep -q '^roadmap_http_requests_total{method="GET",route="/",status="200"} 1$' <(curl -fs "$B/metrics") ||
  { echo "metrics did not count the home page"; curl -s "$B/metrics"; exit 1; }
echo "package builds, installs by extraction and serves from $(pwd)"
