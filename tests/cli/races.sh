#!/usr/bin/env bash
# Races with the live system: processes that exit between being listed and
# being read, mappings that change while smaps is read, a snapshot directory
# removed while a command reads it.  Never a crash or an aborted run: what
# vanished is skipped and counted.
#
# A churn of short-lived processes (spawned and reaped all the time) runs in
# the background while procs, top --batch, snapshot --all-pids and maps run.
# LeakSanitizer refuses to run under ptrace (strace), so this suite turns
# leak detection off; every other suite runs with it on.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
ROUNDS=${ML_RACE_ROUNDS:-3}

# run ARGS... : rc, out, err; a signal (rc > 128) or a sanitizer report is a crash
run() {
	out=$(timeout 120 "$MEMLAYOUT" "$@" 2>"$tmp/stderr")
	rc=$?
	err=$(cat "$tmp/stderr")
}
crashed() { [ "$rc" -ge 124 ] || grep -q 'Sanitizer\|runtime error' <<<"$err"; }

# --- the churn: ~hundreds of processes a second, each gone within ms ------
churn() {
	while :; do
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			sleep 0.0$((RANDOM % 5)) &
		done
		wait
	done
}
churn &
pids+=($!)
sleep 0.3

bad=0 skipped_seen=0
for i in $(seq "$ROUNDS"); do
	run procs
	if [ "$rc" != 0 ] || crashed; then bad=$((bad + 1)); printf '#   procs rc=%s %s\n' "$rc" "$err"; fi
	grep -q 'skipped' <<<"$err" && skipped_seen=$((skipped_seen + 1))
done
is "$bad" 0 "procs under process churn: exit 0 in all $ROUNDS runs, no crash"
echo "# procs said processes were skipped in $skipped_seen of $ROUNDS runs"

bad=0
for i in $(seq "$ROUNDS"); do
	run procs --sort pss -o PID,COMMAND,RSS,PSS,USS,SWAP
	if [ "$rc" != 0 ] || crashed; then bad=$((bad + 1)); printf '#   procs --sort pss rc=%s %s\n' "$rc" "$err"; fi
done
is "$bad" 0 "procs with smaps_rollup (PSS) under churn: exit 0 in all runs"

run procs -J
ok "$( [ "$rc" = 0 ] && json_get "$out" 'd["skipped"] >= 0' | grep -q True; echo $?)" \
	"procs -J under churn: exit 0, a 'skipped' count in the JSON"

if grep -qx top <<<"$("$MEMLAYOUT" --help | awk '/^Commands:/ {f = 1; next} /^$/ {f = 0} f {print $1}')"; then
	run top --batch -n 5 -d 0.1 --screen all --pss
	ok "$( [ "$rc" = 0 ] && ! crashed; echo $?)" "top --batch -n 5 --screen all --pss under churn: exit 0, no crash"
	is "$(grep -c '^memlayout top - frame' <<<"$out")" 5 "top --batch: all 5 frames printed"
	run top --batch -n 3 -d 0.1 -J --screen procs --pss
	ok "$( [ "$rc" = 0 ] && [ "$(wc -l <<<"$out")" = 3 ]; echo $?)" "top --batch -J under churn: 3 JSON lines"
else
	_n=$((_n + 1)); echo "ok $_n # SKIP top: not in this build"
fi

# snapshot --all-pids while processes come and go: exit 0, the ones that
# vanished counted in the MANIFEST, and the copy reads back.
bad=0
for i in 1 2; do
	run snapshot --all-pids "$tmp/all$i"
	if [ "$rc" != 0 ] || crashed; then bad=$((bad + 1)); printf '#   snapshot rc=%s %s\n' "$rc" "$err"; fi
	grep -q '^skipped_pids: [0-9]*$' "$tmp/all$i/MANIFEST" || bad=$((bad + 1))
	run --sysroot "$tmp/all$i" procs
	if [ "$rc" != 0 ] || crashed; then bad=$((bad + 1)); printf '#   procs on the copy rc=%s %s\n' "$rc" "$err"; fi
done
is "$bad" 0 "snapshot --all-pids under churn (twice): exit 0, skipped_pids in the MANIFEST, the copy reads back"
echo "# skipped_pids: $(grep -h '^skipped_pids' "$tmp"/all*/MANIFEST | tr '\n' ' ')"

# Processes listed, then killed before their files are read: every one of
# them is named in the count, none aborts the run.
mkdir "$tmp/gone"
victims=()
for _ in $(seq 40); do
	sleep 30 &
	victims+=($!)
done
"$MEMLAYOUT" snapshot --all-pids "$tmp/gone/s" >/dev/null 2>"$tmp/gone/err" &
snap=$!
sleep 0.0$((RANDOM % 3))
kill "${victims[@]}" 2>/dev/null
wait "$snap"
rc=$?
ok "$( [ "$rc" = 0 ] && ! grep -q Sanitizer "$tmp/gone/err"; echo $?)" "snapshot --all-pids while 40 of its processes are killed: exit 0"
wait "${victims[@]}" 2>/dev/null

# maps of a process whose mappings change all the time: mmap/munmap, and
# mprotect of single pages of a big mapping, which splits and merges it.
python3 -u - >"$tmp/mmapper.pid" <<'EOF' &
import ctypes, mmap, os, random, sys
libc = ctypes.CDLL(None, use_errno=True)
print(os.getpid(), flush=True)
big = mmap.mmap(-1, 4096 * 512)
addr = ctypes.addressof(ctypes.c_char.from_buffer(big))
maps, r = [], random.Random(1)
while True:
    page = ctypes.c_void_p(addr + 4096 * r.randrange(512))
    libc.mprotect(page, 4096, 1)
    libc.mprotect(page, 4096, 3)
    if len(maps) < 300 and r.random() < 0.6:
        m = mmap.mmap(-1, r.choice([4096, 8192, 65536, 1 << 20]))
        m[0] = 1
        maps.append(m)
    elif maps:
        maps.pop(r.randrange(len(maps))).close()
EOF
pids+=($!)
for _ in $(seq 50); do [ -s "$tmp/mmapper.pid" ] && break; sleep 0.1; done
mm=$(head -1 "$tmp/mmapper.pid")
bad=0 warned=0 gave_up=0
for i in $(seq $((ROUNDS * 5))); do
	run maps "$mm"
	if [ "$rc" = 1 ] && grep -q 'changed its mappings while they were read' <<<"$err"; then
		gave_up=$((gave_up + 1))
	elif [ "$rc" != 0 ] || crashed; then
		bad=$((bad + 1)); printf '#   maps rc=%s %s\n' "$rc" "$err"
	fi
	grep -q 'changed between the two reads' <<<"$err" && warned=$((warned + 1))
done
is "$bad" 0 "maps of a process mapping, unmapping, splitting mappings all the time: exit 0 (or 1 saying it changed) in all $((ROUNDS * 5)) runs"
echo "# maps gave up on a changing smaps in $gave_up runs"
echo "# maps said smaps and smaps_rollup disagree (the process changed) in $warned runs"
run procs --pid "$mm" -o PID,RSS,PSS
is "$rc" 0 "procs --pid of the same process: exit 0"
# The kernel prints smaps a read() at a time and finds its place again by
# address: with 6 ms between reads, mappings split or merged meanwhile show
# up overlapping the one before.  That is a process changing, not a
# malformed file: read again, and after 5 tries say so -- never exit 2.
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
	bad=0 retried=0 reads=0
	for i in 1 2; do
		out=$(timeout 600 strace -f -o "$tmp/smaps.trace" -e trace=read,openat,openat2 \
			-e inject=read:delay_exit=6000:when=3+ \
			"$MEMLAYOUT" maps "$mm" 2>"$tmp/stderr")
		rc=$?
		err=$(cat "$tmp/stderr")
		case $rc in
		0) ;;
		1) grep -q 'changed its mappings while they were read' <<<"$err" && retried=$((retried + 1)) || bad=$((bad + 1)) ;;
		*) bad=$((bad + 1)); printf '#   maps (slow reads) rc=%s %s\n' "$rc" "$err" ;;
		esac
		reads=$((reads + $(grep -c "/proc/$mm/smaps\"" "$tmp/smaps.trace")))
	done
	is "$bad" 0 "maps of a process changing between slow reads of smaps: exit 0, or 1 saying it changed (never 2)"
	echo "# smaps opened $reads times in 2 runs (more than 2: read again after a change); gave up after 5 in $retried runs"
else
	_n=$((_n + 1)); echo "ok $_n # SKIP slow smaps reads: strace cannot trace here"
fi

# maps of a process that exits while being read: exit 1 naming it, no crash.
bad=0
for i in $(seq $((ROUNDS * 3))); do
	sleep 0.05 &
	p=$!
	run maps "$p"
	case $rc in 0 | 1) crashed && bad=$((bad + 1)) ;; *) bad=$((bad + 1)); printf '#   maps of exiting rc=%s %s\n' "$rc" "$err" ;; esac
	wait "$p" 2>/dev/null
done
is "$bad" 0 "maps of processes exiting while read: exit 0 or 1, never a crash"

# A snapshot directory removed while a command reads it.  strace slows every
# file opened after the first few by 50 ms so that the removal lands in the
# middle of the run, whatever the machine's speed.
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
	"$MEMLAYOUT" snapshot --all-pids "$tmp/victim0" >/dev/null 2>&1
	for cmd in procs zones buddy slab; do
		rm -rf "$tmp/victim"
		cp -r "$tmp/victim0" "$tmp/victim"
		# procs opens hundreds of files: 50 ms each for the 4th to the
		# 20th, removal at 0.4 s.  The others open a dozen: 300 ms each
		# for the 2nd to the 4th, removal at 0.45 s, between the 2nd and
		# the 3rd file.  Opens after the removal fail fast.
		delay=300000 from=2..4 at=0.45
		[ "$cmd" = procs ] && delay=50000 from=4..20 at=0.4
		( sleep "$at"; rm -rf "$tmp/victim" ) &
		rmjob=$!
		# valgrind knows no openat2: the snapshot is read with openat.
		calls=openat2
		[ -n "${VALGRIND:-}" ] && calls=openat,openat2
		out=$(timeout 600 strace -f -o /dev/null -e trace=openat,openat2 \
			-e inject=$calls:delay_enter=$delay:when=$from \
			"$MEMLAYOUT" --sysroot "$tmp/victim" "$cmd" 2>"$tmp/stderr")
		rc=$?
		err=$(cat "$tmp/stderr")
		wait "$rmjob"
		case $rc in
		0) # what was read before is shown; what vanished is named or counted
			ok "$( ! crashed && { [ "$cmd" != procs ] || grep -q 'skipped' <<<"$err"; }; echo $?)" \
				"$cmd on a snapshot removed mid-run: exit 0, what vanished named or counted" ;;
		1) # a file the command cannot do without vanished: named
			ok "$( ! crashed && grep -q "$tmp/victim" <<<"$err"; echo $?)" \
				"$cmd on a snapshot removed mid-run: exit 1 naming the missing file" ;;
		*) ok 1 "$cmd on a snapshot removed mid-run: exit $rc"; printf '#   %s\n' "$err" ;;
		esac
		echo "# $cmd: exit $rc; $(tr '\n' ' ' <<<"$err" | cut -c1-300)"
	done
else
	_n=$((_n + 1)); echo "ok $_n # SKIP snapshot removed mid-run: strace cannot trace here"
fi

done_testing
