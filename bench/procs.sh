#!/usr/bin/env bash
# How long `memlayout procs` takes for every process, next to the floors:
#   - `cat /proc/*/smaps_rollup`: the same page-table walks, nothing else
#     (the default view reads smaps_rollup for PSS, USS and swap);
#   - `ps -eo pid,vsz,rss`: status/stat only, as `procs -o PID,USER,COMMAND,
#     VIRT,RSS` (no smaps_rollup column, so none is read).
#
#   bench/procs.sh [MEMLAYOUT] [RUNS]
#
# MEMLAYOUT defaults to $MEMLAYOUT, then build/src/memlayout; RUNS to 100.
# Uses hyperfine when installed, else a bash loop timed with date +%s%N
# (which adds the loop's own fork+exec cost to every side alike).  The `cat`
# runs through `sh -c` for the glob; its unreadable files (other users'
# processes when not root) fail quietly, as memlayout counts them partial.
# Not a test: nothing fails on a slow machine.
set -euo pipefail
cd "$(dirname "$0")/.."

ML=${1:-${MEMLAYOUT:-build/src/memlayout}}
RUNS=${2:-100}
if [ ! -x "$ML" ]; then
	echo "bench: no memlayout binary at '$ML' (build it: meson setup build && ninja -C build)" >&2
	exit 2
fi
ML=$(realpath "$ML")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# mean_ms COMMAND-LINE: mean wall time of one run in milliseconds.
if command -v hyperfine >/dev/null; then
	how="hyperfine $(hyperfine --version | cut -d' ' -f2), $RUNS runs after 10 warm-up runs"
	mean_ms() {
		hyperfine -N --style none --warmup 10 --runs "$RUNS" --output null -i \
			--export-json "$tmp/h.json" "$1" >/dev/null 2>&1
		python3 -c 'import json,sys; print("%.3f" % (json.load(open(sys.argv[1]))["results"][0]["mean"] * 1000))' \
			"$tmp/h.json"
	}
else
	how="bash loop with date +%s%N, $RUNS runs after 10 warm-up runs"
	mean_ms() {
		local i t0 t1
		for ((i = 0; i < 10; i++)); do eval "$1" >/dev/null 2>&1 || true; done
		t0=$(date +%s%N)
		for ((i = 0; i < RUNS; i++)); do eval "$1" >/dev/null 2>&1 || true; done
		t1=$(date +%s%N)
		awk -v ns=$((t1 - t0)) -v n="$RUNS" 'BEGIN { printf "%.3f\n", ns / n / 1e6 }'
	}
fi

nprocs=$("$ML" procs -J -o PID 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["processes"]))')
echo "memlayout: $ML ($("$ML" --version))"
echo "machine:   $(uname -srm), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //')"
echo "user:      $(id -un); $nprocs processes with user memory, $(ls -d /proc/[0-9]* | wc -l) in /proc"
echo "timing:    $how"
echo

m_roll=$(mean_ms "$ML procs")
m_plain=$(mean_ms "$ML procs -o PID,USER,COMMAND,VIRT,RSS")
m_files=$(mean_ms "$ML --sysroot / procs")
c_roll=$(mean_ms "sh -c 'cat /proc/[0-9]*/smaps_rollup'")
c_ps=$(mean_ms "ps -eo pid,vsz,rss")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }

printf '%-52s %10s %8s\n' "command" "mean" "ratio"
printf '%-52s %7s ms\n' "cat /proc/[0-9]*/smaps_rollup" "$c_roll"
printf '%-52s %7s ms %8s\n' "memlayout procs (libproc2, smaps_rollup)" "$m_roll" "$(ratio "$m_roll" "$c_roll")"
printf '%-52s %7s ms %8s\n' "memlayout --sysroot / procs (our parsers)" "$m_files" "$(ratio "$m_files" "$c_roll")"
printf '%-52s %7s ms\n' "ps -eo pid,vsz,rss" "$c_ps"
printf '%-52s %7s ms %8s\n' "memlayout procs -o PID,USER,COMMAND,VIRT,RSS" "$m_plain" "$(ratio "$m_plain" "$c_ps")"
echo
echo "ratios: the smaps_rollup views against cat of the same files; the plain view against ps."

# CPU time (user + system of the children, from bash's `times` over RUNS
# runs): on a shared machine the wall times above move with the load, the
# CPU each run uses much less.  The kernel's page-table walks for
# smaps_rollup count as system time of the process that reads it.
cpu_ms() {
	(
		for ((i = 0; i < RUNS; i++)); do eval "$1" >/dev/null 2>&1 || true; done
		times
	) | tail -1 | awk -v n="$RUNS" '{
		u = $1; s = $2
		sub(/m/, " ", u); sub(/s$/, "", u); split(u, a, " ")
		sub(/m/, " ", s); sub(/s$/, "", s); split(s, b, " ")
		printf "%.2f\n", ((a[1] * 60 + a[2]) + (b[1] * 60 + b[2])) / n * 1000 }'
}
echo
echo "CPU time per run (user + system, $RUNS runs each):"
t_roll=$(cpu_ms "$ML procs")
t_files=$(cpu_ms "$ML --sysroot / procs")
t_cat=$(cpu_ms "sh -c 'cat /proc/[0-9]*/smaps_rollup'")
t_plain=$(cpu_ms "$ML procs -o PID,USER,COMMAND,VIRT,RSS")
t_ps=$(cpu_ms "ps -eo pid,vsz,rss")
printf '  %-46s %7s ms %8s\n' "cat /proc/[0-9]*/smaps_rollup" "$t_cat" "" \
	"memlayout procs" "$t_roll" "$(ratio "$t_roll" "$t_cat")" \
	"memlayout --sysroot / procs" "$t_files" "$(ratio "$t_files" "$t_cat")" \
	"ps -eo pid,vsz,rss" "$t_ps" "" \
	"memlayout procs -o PID,USER,COMMAND,VIRT,RSS" "$t_plain" "$(ratio "$t_plain" "$t_ps")"
