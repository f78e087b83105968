#!/usr/bin/env bash
# What the live view of `memlayout top` costs: CPU time of the memlayout
# process (user and system) per screen over DURATION seconds at the default
# 2 s interval, as a share of one core, with the bytes and read calls it
# makes the kernel serve.
#
#   bench/top.sh [MEMLAYOUT] [DURATION]
#
# MEMLAYOUT defaults to $MEMLAYOUT, then build/src/memlayout; DURATION to 60.
# The view runs in a detached tmux pane (a real terminal, so ncurses paints
# every frame as it would for a user); without tmux the batch mode is
# measured instead, writing to /dev/null.  INTERVAL=SECS changes the interval.
#
# Why user + sys of memlayout is the whole cost: the kernel builds the text
# of /proc/zoneinfo, /proc/slabinfo, smaps_rollup and the rest inside the
# read(2) calls memlayout makes, so that work is charged to memlayout's
# system time; nothing is left to a kernel thread.  The figures come from
# /proc/PID/schedstat (nanoseconds on a CPU), /proc/PID/stat (utime and
# stime, in clock ticks) and /proc/PID/io (rchar: bytes read, syscr: read
# calls), sampled after a warm-up frame and again DURATION seconds later.
# Not a test: nothing fails on a slow machine.
set -euo pipefail
cd "$(dirname "$0")/.."

ML=${1:-${MEMLAYOUT:-build/src/memlayout}}
DURATION=${2:-60}
INTERVAL=${INTERVAL:-2}
if [ ! -x "$ML" ]; then
	echo "bench: no memlayout binary at '$ML' (build it: meson setup build && ninja -C build)" >&2
	exit 2
fi
ML=$(realpath "$ML")
TCK=$(getconf CLK_TCK)
tmp=$(mktemp -d)
sock="ml-top-bench-$$"
cleanup() {
	command -v tmux >/dev/null && tmux -L "$sock" kill-server 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# sample PID: "ns_on_cpu utime_ticks stime_ticks rchar syscr"
sample() {
	local pid=$1 ns ut st rchar syscr
	ns=$(awk '{print $1}' "/proc/$pid/schedstat")
	# Fields after the command name, which may hold blanks: utime is the
	# 14th field, stime the 15th.
	read -r ut st < <(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12, $13}')
	rchar=$(awk '/^rchar:/ {print $2}' "/proc/$pid/io")
	syscr=$(awk '/^syscr:/ {print $2}' "/proc/$pid/io")
	echo "$ns $ut $st $rchar $syscr"
}

# measure LABEL ARGS...: run the view with ARGS for DURATION seconds.
measure() {
	local label=$1 pid a b
	shift
	if command -v tmux >/dev/null; then
		tmux -L "$sock" -f /dev/null new-session -d -s b -x 80 -y 24 \
			"env TERM=screen LC_ALL=C.UTF-8 $ML top -d $INTERVAL $*"
		sleep 0.5
		pid=$(pgrep -P "$(tmux -L "$sock" display -p -t b '#{pane_pid}')" || \
		      tmux -L "$sock" display -p -t b '#{pane_pid}')
	else
		"$ML" top --batch -d "$INTERVAL" "$@" >/dev/null 2>&1 &
		pid=$!
	fi
	# Past the first frame, which also pays for starting up.
	sleep 1
	a=$(sample "$pid")
	sleep "$DURATION"
	b=$(sample "$pid")
	if command -v tmux >/dev/null; then
		tmux -L "$sock" send-keys -t b q
		sleep 0.5
		tmux -L "$sock" kill-server 2>/dev/null || true
	else
		kill "$pid"
		wait "$pid" 2>/dev/null || true
	fi
	read -r ns0 ut0 st0 rc0 sc0 <<<"$a"
	read -r ns1 ut1 st1 rc1 sc1 <<<"$b"
	awk -v l="$label" -v ns=$((ns1 - ns0)) -v ut=$((ut1 - ut0)) -v st=$((st1 - st0)) \
	    -v rc=$((rc1 - rc0)) -v sc=$((sc1 - sc0)) -v d="$DURATION" -v i="$INTERVAL" -v tck="$TCK" '
		BEGIN {
			frames = d / i
			printf "%-22s %7.3f%% %8.1f %8.1f %9.0f %7.0f %9.1f\n", l, ns / 1e9 / d * 100,
			       ut / tck * 1000, st / tck * 1000, rc / frames / 1024, sc / frames,
			       ns / 1e6 / frames
		}'
}

nprocs=$(find /proc -maxdepth 1 -name "[0-9]*" 2>/dev/null | wc -l)
echo "memlayout top: $(uname -r), $(nproc) CPUs, $nprocs processes, interval ${INTERVAL}s, ${DURATION}s per row"
echo "($(command -v tmux >/dev/null && echo "live view in tmux, 80x24" || echo "batch mode: tmux not installed"))"
echo
printf "%-22s %8s %8s %8s %9s %7s %9s\n" "screen" "CPU" "user ms" "sys ms" "KiB/frame" "reads" "ms/frame"
measure "1 zones" --screen zones
measure "1 zones + types (t)" --screen zones --types
measure "2 slab" --screen slab
measure "3 procs" --screen procs
measure "3 procs + PSS (m)" --screen procs --pss
measure "4 vmalloc" --screen vmalloc
echo
echo "CPU: share of one core over the run (user + system, from schedstat);"
echo "user/sys ms: totals over the run; KiB/frame and reads: what one refresh"
echo "makes the kernel produce (rchar, syscr per frame); ms/frame: CPU per refresh."
