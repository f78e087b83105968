#!/usr/bin/env bash
# The CLI test suite under valgrind memcheck: every memlayout the tests run is
# checked for invalid reads and writes, uses of uninitialised memory and
# definite leaks (tests/cli/lib.sh honours VALGRIND).  Not part of the normal
# suite (it takes minutes); run by hand or by CI (.ci/run with ML_CI_VALGRIND=1):
#
#   tests/cli/valgrind.sh [BUILD-DIR] [TEST...]     (default build-valgrind, all CLI tests)
#   tests/cli/valgrind.sh build-valgrind hostile errors
#
# Builds BUILD-DIR first if needed (gcc, no sanitizer: valgrind and ASan do
# not mix).  Prints one line per memlayout run that valgrind faulted, and at
# the end: "valgrind: N runs, N with errors" -- exit 1 when any run had an
# error or a test failed.  Note: valgrind (3.19) does not know openat2, so
# snapshots are read through the pre-5.6 path (src/source/source.c).
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build-valgrind}
[ $# -gt 0 ] && shift
command -v valgrind >/dev/null || { echo "valgrind: not installed"; exit 2; }

if [ ! -f "$BUILD/build.ninja" ]; then
	meson setup "$BUILD" -Dbuildtype=debug -Db_sanitize=none >"$BUILD.setup.log" 2>&1 ||
		{ cat "$BUILD.setup.log"; exit 2; }
fi
ninja -C "$BUILD" >/dev/null || { ninja -C "$BUILD"; exit 2; }

export VALGRIND=1
export VALGRIND_LOGS=$PWD/$BUILD/valgrind-logs
rm -rf "$VALGRIND_LOGS"
mkdir -p "$VALGRIND_LOGS"

tests=()
for t in "$@"; do tests+=("cli-$t"); done
# Each memlayout takes ~1-5 s under memcheck: give the tests time.
meson test -C "$BUILD" --suite cli --timeout-multiplier 30 --num-processes 2 "${tests[@]}"
test_status=$?

runs=0 bad=0
for log in "$VALGRIND_LOGS"/*.log; do
	[ -e "$log" ] || continue
	runs=$((runs + 1))
	if grep -qE 'ERROR SUMMARY: [1-9]|definitely lost: [1-9]|Invalid (read|write)|uninitialised' "$log"; then
		bad=$((bad + 1))
		echo "== $log"
		grep -E '^==[0-9]+== (Command|Invalid|Conditional|Use of|Syscall param|[0-9,]+ bytes in|ERROR SUMMARY|   (at|by) )' "$log" | head -25
	fi
done
echo "valgrind: $runs runs, $bad with errors; the tests $( [ $test_status = 0 ] && echo passed || echo "did not all pass (see $BUILD/meson-logs/testlog.txt)")"
[ "$bad" = 0 ] && [ "$test_status" = 0 ]
