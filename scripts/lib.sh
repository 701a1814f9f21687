# Shared by the scripts in this folder: paths, and installing what is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PRESET="${CBE_PRESET:-dev}"
BUILD_DIR="$ROOT/build/$PRESET"

# Debian packages to build and run the server.
BUILD_PACKAGES=(cmake ninja-build g++ ccache pkg-config nodejs npm
  libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev
  libyaml-cpp-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
  libspdlog-dev libcli11-dev libexpected-dev zlib1g-dev
  libsoci-dev libsqlite3-dev libsodium-dev libxlsxwriter-dev libkainjow-mustache-dev
  libqrencode-dev libcurl4-openssl-dev)
# And to test it: GoogleTest, Chromium for browser tests, a JRE for the Nu HTML checker,
# poppler for reading printed PDFs, curl for the system tests, dpkg-dev for building the .deb
# (dpkg-shlibdeps finds its runtime dependencies), clang-tidy for the CI build, rsvg-convert and
# zbarimg to render QR codes and read them back, openpyxl (under /usr/bin/python3) to read the
# .xlsx exports back with a reader that is not ours, aiosmtpd (also /usr/bin/python3) for the
# loopback SMTP server the email tests deliver to.
TEST_PACKAGES=(libgtest-dev libgmock-dev chromium default-jre-headless poppler-utils clang-format
  clang-tidy curl dpkg-dev file librsvg2-bin zbar-tools python3-openpyxl
  python3-aiosmtpd)
# And to benchmark it against nginx.
BENCH_PACKAGES=(nginx-light wrk)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages given that are not installed yet; does nothing when all are.
install_packages() {
  local missing=()
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      # nodejs may come from elsewhere on a developer machine; a working node is enough.
      if [ "$p" = nodejs ] && command -v node >/dev/null; then continue; fi
      if [ "$p" = npm ] && command -v npm >/dev/null; then continue; fi
      missing+=("$p")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
}

# npm packages (USWDS assets, browser test tools) exactly as locked.
install_npm() {
  local stamp="$ROOT/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$ROOT/package-lock.json" -nt "$stamp" ]; then
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

build() {
  (cd "$ROOT" && cmake --preset "$PRESET" >/dev/null && cmake --build --preset "$PRESET")
}
