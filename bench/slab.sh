#!/usr/bin/env bash
# How long `memlayout slab` takes next to `slabtop --once` (procps, which
# reads the same /proc/slabinfo through libproc2) and `cat /proc/slabinfo`
# (the floor: opening and reading the file); `memlayout slab --kmalloc` and
# `memlayout vmalloc` against `cat` of what they read, for scale.
#
#   bench/slab.sh [MEMLAYOUT] [RUNS]
#
# MEMLAYOUT defaults to $MEMLAYOUT, then build/src/memlayout; RUNS to 200.
# /proc/slabinfo and /proc/vmallocinfo are root only: run as root for the
# live rows; otherwise only the snapshot rows (--sysroot on the x86_64
# capture) are timed, and slabtop, which cannot read a snapshot, is left out.
# Uses hyperfine when installed (apt-get install -y hyperfine), else a bash
# loop timed with date +%s%N.  Prints the mean time of each command and the
# ratios memlayout/slabtop and memlayout/cat.  Not a test: nothing fails on a
# slow machine.
#
# memlayout slab reads slabinfo and meminfo (plus buddyinfo with --kmalloc);
# memlayout vmalloc reads vmallocinfo, meminfo and kptr_restrict.
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
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

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
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else printf "-" }'; }

echo "memlayout: $ML ($("$ML" --version))"
echo "machine:   $(uname -srm), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //')"
echo "user:      $(id -un)"
echo "timing:    $how"
if [ -r /proc/slabinfo ]; then
	echo "caches:    $(($(wc -l </proc/slabinfo) - 2)) in /proc/slabinfo, $(wc -l </proc/vmallocinfo 2>/dev/null || echo '?') vmallocinfo lines"
fi

row() {   # row LABEL "MEMLAYOUT ARGS" "SLABTOP or -" "CAT FILES"
	local label=$1 args=$2 st=$3 files=$4 m s k
	# shellcheck disable=SC2086 # word splitting of the argument lists is wanted
	m=$(mean_ms "$ML" $args)
	s=-
	[ "$st" != - ] && s=$(mean_ms slabtop --once)
	# shellcheck disable=SC2086
	k=$(mean_ms cat $files)
	printf '%-30s %8s ms %8s %s %8s ms %9s %9s\n' "$label" "$m" "$s" "$([ "$s" = - ] && echo '  ' || echo ms)" "$k" \
		"$([ "$s" = - ] && echo - || ratio "$m" "$s")" "$(ratio "$m" "$k")"
}

# The cost of starting the binary at all (dynamic linking of libproc2,
# libsmartcols, ncurses, cJSON): part of every memlayout figure below.
echo "memlayout --version alone: $(mean_ms "$ML" --version) ms; cat /dev/null: $(mean_ms cat /dev/null) ms"
echo
printf '%-30s %11s %11s %11s %9s %9s\n' "memlayout command" "memlayout" "slabtop" "cat" "/slabtop" "/cat"
if [ -r /proc/slabinfo ]; then
	st=-
	command -v slabtop >/dev/null && st=slabtop
	row "slab (live)" "slab" "$st" "/proc/slabinfo"
	row "slab -J (live)" "slab -J" "$st" "/proc/slabinfo"
	row "slab --kmalloc (live)" "slab --kmalloc" - "/proc/slabinfo /proc/meminfo /proc/buddyinfo"
	[ -r /proc/vmallocinfo ] && row "vmalloc (live)" "vmalloc" - "/proc/vmallocinfo /proc/meminfo"
else
	echo "(not root: /proc/slabinfo unreadable, live rows and slabtop left out)"
fi
row "slab (--sysroot x86_64)" "--sysroot $FIXTURE slab" - "$FIXTURE/proc/slabinfo $FIXTURE/proc/meminfo"
row "vmalloc (--sysroot x86_64)" "--sysroot $FIXTURE vmalloc" - "$FIXTURE/proc/vmallocinfo $FIXTURE/proc/meminfo"

# CPU time (user + system, from bash's `times` over RUNS runs of each): on a
# machine shared with other work the wall times above move with the load;
# the CPU each process uses moves much less.
cpu_ms() {
	(
		for ((i = 0; i < RUNS; i++)); do "$@" >/dev/null 2>&1 || true; done
		times
	) | tail -1 | awk -v n="$RUNS" '{
		u = $1; s = $2
		sub(/m/, " ", u); sub(/s$/, "", u); split(u, a, " ")
		sub(/m/, " ", s); sub(/s$/, "", s); split(s, b, " ")
		printf "%.2f\n", ((a[1] * 60 + a[2]) + (b[1] * 60 + b[2])) / n * 1000 }'
}
echo
echo "CPU time per run (user + system, $RUNS runs each):"
c_ver=$(cpu_ms "$ML" --version)
printf '  %-34s %7s ms\n' "memlayout --version" "$c_ver"
if [ -r /proc/slabinfo ]; then
	c_ml=$(cpu_ms "$ML" slab)
	c_mj=$(cpu_ms "$ML" slab -J)
	c_cat=$(cpu_ms cat /proc/slabinfo)
	printf '  %-34s %7s ms\n' "memlayout slab" "$c_ml" "memlayout slab -J" "$c_mj" "cat /proc/slabinfo" "$c_cat"
	if command -v slabtop >/dev/null; then
		c_st=$(cpu_ms slabtop --once)
		printf '  %-34s %7s ms\n' "slabtop --once" "$c_st"
		echo "  memlayout slab / slabtop: $(ratio "$c_ml" "$c_st"), memlayout slab / cat: $(ratio "$c_ml" "$c_cat")"
	fi
fi
