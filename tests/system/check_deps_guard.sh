#!/usr/bin/env bash
# The guard against unlisted build dependencies: a header from a package that the scripts do
# not install makes scripts/check-deps fail and name both; listing the package makes it pass.
set -euo pipefail
ROOT="$1"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/src"
# GoogleTest's header belongs to libgtest-dev, installed on every machine that runs the tests.
printf '#include <gtest/gtest.h>\n#include <vector>\n' >"$WORK/src/uses_gtest.cpp"

if OUT=$(CBE_CHECK_DEPS_PACKAGES="g++ cmake" "$ROOT/scripts/check-deps" "$WORK" 2>&1); then
  echo "check-deps passed although libgtest-dev is not listed:"; echo "$OUT"; exit 1
fi
grep -q "gtest/gtest.h" <<<"$OUT" || { echo "the header is not named: $OUT"; exit 1; }
grep -q "libgtest-dev" <<<"$OUT" || { echo "the package is not named: $OUT"; exit 1; }

CBE_CHECK_DEPS_PACKAGES="libgtest-dev" "$ROOT/scripts/check-deps" "$WORK" >/dev/null ||
  { echo "check-deps failed with the package listed"; exit 1; }

# A header no installed package provides is named too.
printf '#include <no_such_library/nowhere.h>\n' >"$WORK/src/missing.cpp"
if OUT=$(CBE_CHECK_DEPS_PACKAGES="libgtest-dev" "$ROOT/scripts/check-deps" "$WORK" 2>&1); then
  echo "check-deps passed with a header nobody provides"; exit 1
fi
grep -q "no_such_library/nowhere.h" <<<"$OUT" || { echo "missing header not named: $OUT"; exit 1; }

# And the project's own tree passes with the real lists.
"$ROOT/scripts/check-deps" "$ROOT"
echo "check-deps names unlisted and missing packages, and passes on this tree"
