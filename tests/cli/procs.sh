#!/usr/bin/env bash
# memlayout procs: on the captures (figures read off status and
# smaps_rollup by hand) and live (libproc2), including processes that exit
# while being read and processes whose smaps_rollup cannot be read.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
helpers=()
cleanup() {
	for p in "${helpers[@]}"; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
KB=1024

run() {
	out=$("$MEMLAYOUT" "$@" 2>"$tmp/stderr")
	rc=$?
	err=$(cat "$tmp/stderr")
}

# ---- x86_64 capture: python3 (5670) and PID 1, whose smaps_rollup was
# captured empty (the capture had no ptrace access to it) ----
run --sysroot "$X86" procs -r -n -b -o PID,USER,COMMAND,VIRT,RSS,PSS,USS,SWAP,SWAPPSS
is "$rc" 0 "x86: procs exits 0"
# VmSize 377128 kB, rollup Rss 21804, Pss 20323, USS 4996 + 15168 = 20164 kB
is "$(head -1 <<<"$out")" \
	"5670 0 python3 $((377128 * KB)) $((21804 * KB)) $((20323 * KB)) $((20164 * KB)) 0 0" \
	"x86: python3 row: VIRT=VmSize, RSS/PSS from smaps_rollup, USS = Private_Clean + Private_Dirty"
# PID 1: VmSize 44912, VmRSS 15200 kB; PSS, USS and swap unreadable: blank
is "$(sed -n 2p <<<"$out" | awk '{print $1, $2, $3, $4, $5, NF}')" "1 0 process_api $((44912 * KB)) $((15200 * KB)) 5" \
	"x86: PID 1 shows VIRT and RSS (VmRSS) with the rollup columns blank"
is "$(wc -l <<<"$out")" 2 "x86: two processes, no totals row in raw output"
contains "$err" "1 process: smaps_rollup could not be read" "x86: one note counts the partial process"
is "$(grep -c . <<<"$err")" 1 "x86: exactly one note"

run --sysroot "$X86" procs
contains "$out" "total (2)" "x86: a totals row"
contains "$out" "The sum of PSS, 19.8M, is the memory these processes use" "x86: the line under the table says the sum of PSS is the memory used"
contains "$out" "1 of the 2 processes shown is left out of the PSS, USS and swap sums" "x86: the partial process is left out of the PSS sum, and said so"

js=$("$MEMLAYOUT" --sysroot "$X86" procs -J 2>/dev/null)
is "$(json_get "$js" 'd["command"], d["figures_from"], d["partial"], d["skipped"]')" "('procs', 'files', 1, 0)" \
	"x86 JSON: envelope, figures from our parsers, 1 partial"
is "$(json_get "$js" '[p["pss_bytes"] for p in d["processes"] if p["pid"]==1][0]')" "None" \
	"x86 JSON: PID 1's PSS is null, not 0"
is "$(json_get "$js" 'd["totals"]["pss_bytes"], d["totals"]["rss_bytes"], d["totals"]["processes_with_smaps_rollup"]')" \
	"($((20323 * KB)), $(((21804 + 15200) * KB)), 1)" "x86 JSON: totals: PSS of the readable one, RSS of both"
is "$(json_get "$js" '[type(p["virt_bytes"]).__name__ for p in d["processes"]]')" "['int', 'int']" \
	"x86 JSON: sizes are integers"
is "$(json_get "$js" '[p["pss_shmem_bytes"] for p in d["processes"] if p["pid"]==5670][0]')" "$((8192 * KB))" \
	"x86 JSON: python3's 8 MiB of /dev/zero pages are Pss_Shmem"

# Without PSS/USS/swap columns smaps_rollup is not read: no partial note.
run --sysroot "$X86" procs -o PID,VIRT,RSS -r -n
is "$err" "" "x86: -o PID,VIRT,RSS reads no smaps_rollup, so nothing is partial"
js=$("$MEMLAYOUT" --sysroot "$X86" procs -J -o PID,VIRT,RSS 2>/dev/null)
is "$(json_get "$js" 'd["smaps_rollup_read"], d["totals"]["pss_bytes"]')" "(False, None)" \
	"x86 JSON -o PID,VIRT,RSS: smaps_rollup not read, PSS total null"

# Sorting and filters.
is "$("$MEMLAYOUT" --sysroot "$X86" procs -r -n -o PID --sort vsz 2>/dev/null | tr '\n' ' ')" "5670 1 " "--sort vsz: 368M before 44M"
is "$("$MEMLAYOUT" --sysroot "$X86" procs -r -n -o PID --sort pid 2>/dev/null | tr '\n' ' ')" "1 5670 " "--sort pid ascending"
is "$("$MEMLAYOUT" --sysroot "$X86" procs -r -n -o PID --sort cmd 2>/dev/null | tr '\n' ' ')" "1 5670 " "--sort cmd: process_api before python3"
is "$("$MEMLAYOUT" --sysroot "$X86" procs -r -n -o PID --sort rss 2>/dev/null | tr '\n' ' ')" "5670 1 " "--sort rss: 21804 kB before 15200 kB"
is "$("$MEMLAYOUT" --sysroot "$X86" procs -r -n -o PID --top 1 2>/dev/null)" "5670" "--top 1 (by PSS)"
is "$("$MEMLAYOUT" --sysroot "$X86" procs -r -n -o PID --cmd pyth 2>/dev/null)" "5670" "--cmd substring of the name"
is "$("$MEMLAYOUT" --sysroot "$X86" procs -r -n -o PID --cmd '*known.py' 2>/dev/null)" "5670" "--cmd glob on the command line"
is "$("$MEMLAYOUT" --sysroot "$X86" procs -r -n -o PID --cmd 'proc*' 2>/dev/null)" "1" "--cmd glob on the name"
is "$("$MEMLAYOUT" --sysroot "$X86" procs -r -n -o PID --user 0 2>/dev/null | wc -l)" "2" "--user 0: both"
is "$("$MEMLAYOUT" --sysroot "$X86" procs -r -n -o PID --user 1000 2>/dev/null | wc -l)" "0" "--user 1000: none"
run --sysroot "$X86" procs --user root
is "$rc" 2 "--user NAME on a snapshot (which has uids only): exit 2"
run --sysroot "$X86" procs -r -n -o PID --pid 5670,424242
is "$out" "5670" "--pid with one missing process shows the other"
contains "$err" "1 process exited (or did not exist) before it could be read: skipped" "--pid: the missing one is counted as skipped"

# dd on i386 and arm64: rollup Rss/Pss, USS = Private_Dirty, THP.
is "$("$MEMLAYOUT" --sysroot "$I386" procs -r -n -b --cmd dd -o PID,VIRT,RSS,PSS,USS,THP 2>/dev/null)" \
	"114 $((10516 * KB)) $((9428 * KB)) $((4458 * KB)) $((8232 * KB)) $((4096 * KB))" "i386 dd: VIRT, RSS, PSS, USS, 4 MiB THP"
is "$("$MEMLAYOUT" --sysroot "$ARM64" procs -r -n -b --cmd dd -o PID,VIRT,RSS,PSS,USS,THP 2>/dev/null)" \
	"108 $((10280 * KB)) $((9356 * KB)) $((8527 * KB)) $((8244 * KB)) $((6144 * KB))" "arm64 dd: VIRT, RSS, PSS, USS, 6 MiB THP"

# Bad usage and bad input.
run --sysroot "$X86" procs --sort size
is "$rc" 2 "--sort size: exit 2"
run --sysroot "$X86" procs --top 0
is "$rc" 2 "--top 0: exit 2"
run --sysroot "$X86" procs --pid 12x
is "$rc" 2 "--pid 12x: exit 2"
contains "$("$MEMLAYOUT" procs --help)" "SWAPPSS" "procs --help lists the columns"
mkdir -p "$tmp/s" && cp -r "$X86"/. "$tmp/s"/
sed -i '5s/Pss_Anon:           6976 kB/Pss_Anon:           69x6 kB/' "$tmp/s/proc/5670/smaps_rollup"
run --sysroot "$tmp/s" procs
is "$rc" 2 "malformed smaps_rollup in a snapshot: exit 2"
is "$err" "memlayout: $tmp/s/proc/5670/smaps_rollup:5: value '69x6' of 'Pss_Anon' is not a number" \
	"malformed smaps_rollup: one line naming file:line"
cp "$X86/proc/5670/smaps_rollup" "$tmp/s/proc/5670/smaps_rollup"
sed -i 's/^Uid:.*/Uid:\t0\t0/' "$tmp/s/proc/5670/status"
run --sysroot "$tmp/s" procs -o PID,RSS
is "$rc" 2 "malformed status in a snapshot: exit 2"
contains "$err" "$tmp/s/proc/5670/status:" "malformed status: names the file"
is "$(grep -c . <<<"$err")" 1 "malformed status: one line"

# ---- live ----
"$MAPHELPER" >"$tmp/helper" &
helpers+=($!)
for _ in $(seq 50); do [ -s "$tmp/helper" ] && break; sleep 0.1; done
read -r hpid hstart hend <"$tmp/helper"
is "$hpid" "${helpers[0]}" "live: the helper is running"

run procs --pid "$hpid" -J
is "$rc" 0 "live: procs --pid HELPER exits 0"
is "$(json_get "$out" 'd["figures_from"], len(d["processes"]), d["processes"][0]["pid"]')" "('libproc2', 1, $hpid)" \
	"live: figures from libproc2, one process"
is "$(json_get "$out" 'd["processes"][0]["uss_bytes"] >= 4*1024*1024, d["processes"][0]["virt_bytes"] >= 16*1024*1024')" \
	"(True, True)" "live: the helper's 4 MiB written are in its USS, its 16 MiB in VIRT"
# libproc2 (live) against our parsers reading the same /proc (--sysroot /):
# page counts agree at once; PSS may move while other processes map the
# same libraries, so a few attempts are allowed.
same=no
for _ in 1 2 3 4 5; do
	a=$("$MEMLAYOUT" procs --pid "$hpid" -r -n -b -o PID,VIRT,RSS,PSS,USS,SWAP,SWAPPSS,SHARED 2>/dev/null)
	b=$("$MEMLAYOUT" --sysroot / procs --pid "$hpid" -r -n -b -o PID,VIRT,RSS,PSS,USS,SWAP,SWAPPSS,SHARED 2>/dev/null)
	[ "$a" = "$b" ] && { same=yes; break; }
	sleep 0.2
done
is "$same" yes "live: libproc2 and our smaps_rollup/status parsers give the same row for the helper"
[ "$same" = yes ] || printf '#   libproc2: %s\n#   parsers:  %s\n' "$a" "$b"

# A process that exits before it is read: skipped, counted, no failure.
"$MAPHELPER" --exit >"$tmp/gone"
read -r gone _ <"$tmp/gone"
run procs --pid "$gone,$$" -o PID -r -n
is "$rc" 0 "live: a process gone before reading: exit 0"
is "$out" "$$" "live: only the living process is shown"
contains "$err" "1 process exited (or did not exist) before it could be read: skipped" "live: the gone one is counted as skipped"
run --sysroot / procs --pid "$gone,$$" -o PID -r -n
is "$rc:$out" "0:$$" "live through our parsers: the same"

# Processes coming and going during the scan: every run succeeds.
( end=$((SECONDS + 4)); while [ $SECONDS -lt $end ]; do /bin/true; "$MAPHELPER" --exit 1 1 >/dev/null; done ) &
churn=$!
fails=0
for _ in $(seq 15); do
	"$MEMLAYOUT" procs >/dev/null 2>&1 || fails=$((fails + 1))
	"$MEMLAYOUT" --sysroot / procs >/dev/null 2>&1 || fails=$((fails + 1))
done
wait "$churn"
is "$fails" 0 "live: 30 scans while processes start and exit: none fails"

# All processes, live: one row per process with memory; totals add up.
js=$("$MEMLAYOUT" procs -J 2>/dev/null)
is "$(json_get "$js" 'sum(p["pss_bytes"] or 0 for p in d["processes"]) == d["totals"]["pss_bytes"]')" "True" \
	"live: the PSS total is the sum of the rows"
is "$(json_get "$js" 'any(p["pid"]=='"$hpid"' for p in d["processes"])')" "True" "live: the helper is in the full table"

# As an unprivileged user other users' smaps_rollup cannot be read: those
# rows keep VIRT and RSS, and one note counts them.
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$MEMLAYOUT" procs -J 2>"$tmp/stderr")
	rc=$?
	is "$rc" 0 "as nobody: procs exits 0"
	n=$(json_get "$out" 'd["partial"]')
	is "$(json_get "$out" 'd["partial"] == sum(1 for p in d["processes"] if p["pss_bytes"] is None) > 0')" "True" \
		"as nobody: the partial count is the number of rows without PSS"
	is "$(json_get "$out" 'all(p["rss_bytes"] is not None for p in d["processes"])')" "True" "as nobody: every row keeps its RSS"
	contains "$(cat "$tmp/stderr")" "$n processes: smaps_rollup could not be read" "as nobody: one note says how many"
else
	for _ in 1 2 3 4; do ok 0 "# SKIP needs root and setpriv"; done
fi
done_testing
