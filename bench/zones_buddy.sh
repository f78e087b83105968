#!/usr/bin/env bash
# How long `memlayout zones` and `memlayout buddy` take, next to `cat` of the
# files each one reads (the floor: opening and reading the same /proc files).
#
#   bench/zones_buddy.sh [MEMLAYOUT] [RUNS]
#
# MEMLAYOUT defaults to $MEMLAYOUT, then build/src/memlayout; RUNS to 200.
# Uses hyperfine when installed (apt-get install -y hyperfine), else a bash
# loop timed with date +%s%N (which adds the loop's own fork+exec cost to
# both sides alike).  Prints the mean time of each and the ratio
# memlayout/cat.  Not a test: nothing fails on a slow machine.
#
# The files are those src/model/system.c reads for the ML_LOAD_* flags that
# src/cmd/zones.c and src/cmd/buddy.c pass:
#   zones: zoneinfo (required), buddyinfo, pagetypeinfo, meminfo
#   buddy: buddyinfo (required), zoneinfo, debugfs extfrag/{unusable,extfrag}_index
# plus, for a snapshot, its MANIFEST, PAGE_SIZE, ARCH and proc/version.
# Files that cannot be read here (pagetypeinfo as non-root, debugfs not
# mounted) are left out of the cat side; memlayout still tries them.
set -euo pipefail
cd "$(dirname "$0")/.."

ML=${1:-${MEMLAYOUT:-build/src/memlayout}}
RUNS=${2:-200}
FIXTURE=tests/fixtures/captured/vm-6.18-x86_64

if [ ! -x "$ML" ]; then
	echo "bench: no memlayout binary at '$ML' (build it: meson setup build && ninja -C build)" >&2
	exit 2
fi
ML=$(realpath "$ML")

# readable ROOT PATH...: the paths (under ROOT, "" for live) that can be read.
readable() {
	local root=$1 p
	shift
	for p in "$@"; do
		[ -r "$root$p" ] && [ -f "$root$p" ] && head -c0 "$root$p" 2>/dev/null && printf '%s\n' "$root$p"
	done
	return 0
}

ZONES_FILES=(/proc/zoneinfo /proc/buddyinfo /proc/pagetypeinfo /proc/meminfo)
BUDDY_FILES=(/proc/buddyinfo /proc/zoneinfo /sys/kernel/debug/extfrag/unusable_index
	/sys/kernel/debug/extfrag/extfrag_index)
SNAP_FILES=(/MANIFEST /PAGE_SIZE /ARCH /proc/version)

# label|memlayout arguments|files for cat
cases=()
add_case() {
	local label=$1 args=$2 root=$3
	shift 3
	local files
	files=$(readable "$root" "$@" | tr '\n' ' ')
	cases+=("$label|$args|$files")
}
add_case "zones (live)" "zones" "" "${ZONES_FILES[@]}"
add_case "buddy (live)" "buddy" "" "${BUDDY_FILES[@]}"
add_case "zones (--sysroot x86_64)" "--sysroot $FIXTURE zones" "$FIXTURE" "${SNAP_FILES[@]}" "${ZONES_FILES[@]}"
add_case "buddy (--sysroot x86_64)" "--sysroot $FIXTURE buddy" "$FIXTURE" "${SNAP_FILES[@]}" "${BUDDY_FILES[@]}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# mean_ms COMMAND...: mean wall time of one run in milliseconds (3 decimals).
if command -v hyperfine >/dev/null; then
	how="hyperfine $(hyperfine --version | cut -d' ' -f2), $RUNS runs after 10 warm-up runs, no shell"
	mean_ms() {
		hyperfine -N --style none --warmup 10 --runs "$RUNS" --output null \
			--export-json "$tmp/h.json" "$*" >/dev/null 2>&1
		python3 -c 'import json,sys; print("%.3f" % (json.load(open(sys.argv[1]))["results"][0]["mean"] * 1000))' \
			"$tmp/h.json"
	}
else
	how="bash loop with date +%s%N, $RUNS runs after 10 warm-up runs"
	mean_ms() {
		local i t0 t1
		for ((i = 0; i < 10; i++)); do "$@" >/dev/null 2>&1 || true; done
		t0=$(date +%s%N)
		for ((i = 0; i < RUNS; i++)); do "$@" >/dev/null 2>&1 || true; done
		t1=$(date +%s%N)
		awk -v ns=$((t1 - t0)) -v n="$RUNS" 'BEGIN { printf "%.3f\n", ns / n / 1e6 }'
	}
fi

echo "memlayout: $ML ($("$ML" --version))"
echo "machine:   $(uname -srm), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //')"
echo "user:      $(id -un)"
echo "timing:    $how"
echo
printf '%-26s %12s %10s %7s  %s\n' "command" "memlayout" "cat" "ratio" "cat reads"
for c in "${cases[@]}"; do
	IFS='|' read -r label args files <<<"$c"
	# shellcheck disable=SC2086 # word splitting of the argument lists is wanted
	m=$(mean_ms "$ML" $args)
	# shellcheck disable=SC2086
	k=$(mean_ms cat $files)
	ratio=$(awk -v a="$m" -v b="$k" 'BEGIN { printf "%.1f", a / b }')
	nfiles=$(wc -w <<<"$files")
	printf '%-26s %9s ms %7s ms %6sx  %s files\n' "$label" "$m" "$k" "$ratio" "$nfiles"
done
