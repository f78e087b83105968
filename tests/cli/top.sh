#!/usr/bin/env bash
# memlayout top in batch mode: frames of a capture checked against its files
# by hand, NDJSON on the live system, and what one refresh reads (strace).
. "$(dirname "$0")/lib.sh"

top() { "$MEMLAYOUT" top "$@"; }

# ---- a snapshot is one frame ----
out=$(top --batch -n 1 --sysroot "$X86" 2>/dev/null)
ok $? "top --batch -n 1 --sysroot exits 0"
# proc/meminfo of the capture, by hand: MemTotal 24684092 kB = 23.54 GiB,
# MemFree 23908976 kB = 22.80 GiB, MemAvailable 24331852 kB = 23.20 GiB,
# Slab 88468 kB = 86.39 MiB, PageTables 2100 kB = 2.05 MiB (rounds up to
# 2.1M), VmallocUsed 14364 kB = 14.03 MiB, SwapTotal 0.
is "$(sed -n 2p <<<"$out")" "MemTotal 23.5G  MemFree 22.8G  MemAvailable 23.2G  Slab 86.4M  PageTables 2.1M" \
	"header line 1: MemTotal, MemFree, MemAvailable, Slab, PageTables from the capture's meminfo"
is "$(sed -n 3p <<<"$out")" "VmallocUsed 14M  Swap 0B/0B" "header line 2: VmallocUsed and swap used/total"
contains "$(sed -n 1p <<<"$out")" "memlayout top - " "the frame starts with a title line like top -b"
contains "$(sed -n 1p <<<"$out")" "memlayout top - snapshot - time unknown - " "the title says snapshot (and the capture has no time)"
contains "$(top --batch --sysroot "$X86" -w 200 2>/dev/null | sed -n 1p)" "vm-6.18-x86_64 6.18.44-fc-v657" "the title names the capture and its kernel"
# -b: the same figures in bytes, kB x 1024.
hb=$(top --batch --sysroot "$X86" -b 2>/dev/null | sed -n 2,3p | tr '\n' ' ')
contains "$hb" "MemTotal 25276510208" "--bytes: MemTotal 24684092 kB = 25276510208 bytes"
contains "$hb" "MemFree 24482791424" "--bytes: MemFree 23908976 kB = 24482791424 bytes"
contains "$hb" "VmallocUsed 14708736" "--bytes: VmallocUsed 14364 kB = 14708736 bytes"

n=$(top --batch -n 3 -d 0.1 --sysroot "$X86" 2>/dev/null | grep -c '^memlayout top - ')
is "$n" "1" "--sysroot shows one frame even with -n 3 (no refresh)"

# ---- zones screen: figures from zoneinfo and buddyinfo ----
# Normal: pages free 101250 x 4 KiB = 395.5 MiB; buddyinfo Normal row
# 486 604 351 193 53 20 18 12 3 1 89: the largest free order is 10 (4 MiB).
normal=$(grep -A4 '^N0 Normal' <<<"$out")
contains "$normal" "N0 Normal   free 395.5M of 1.1G  above high  largest 4M (order 10)" \
	"zones: Normal free 395.5M, above high, largest block 4M at order 10"
is "$(awk '$1=="blocks" {$1=$1; print}' <<<"$normal")" "blocks 486 604 351 193 53 20 18 12 3 1 89" \
	"zones: free blocks per order are buddyinfo's Normal row"
contains "$normal" "min 18.2M low 22.7M high 27.2M" "zones: watermarks min 4649, low 5811, high 6973 pages"
contains "$(grep -A1 '^N0 DMA ' <<<"$out")" "m███l███h" "zones: the bar marks min, low and high in order"
contains "$out" "N0 Movable  empty" "zones: an empty zone says so"

types=$(top --batch --sysroot "$X86" --types 2>/dev/null | grep -A9 '^N0 Normal')
contains "$types" "pageblocks: Unmovable 40 Movable 503" "--types: pageblocks per migrate type from pagetypeinfo"
is "$(awk '$1=="Unmova" {$1=$1; print}' <<<"$types")" "Unmova 386 537 306 162 37 6 4 1 2 0 0" \
	"--types: Unmovable free blocks per order are pagetypeinfo's Normal Unmovable row"

# ---- slab, procs, vmalloc screens ----
all=$(top --batch --sysroot "$X86" --screen all 2>/dev/null)
contains "$all" "== slab (sort mem) ==" "--screen all prints the slab screen"
# ext4_inode_cache: 2402 slabs x 4 pages x 4 KiB = 37.5 MiB, 33605 objects of 1128 bytes.
is "$(grep -A2 '^CACHE' <<<"$all" | sed -n 2p | tr -s ' ')" "ext4_inode_cache 37.5M - 33605 1128 96.3%" \
	"slab: the largest cache is ext4_inode_cache, 37.5M, no change in a snapshot"
contains "$all" "235 caches, 79.9M in slabs; meminfo Slab 86.4M (64.1M reclaimable)" "slab: totals and meminfo's Slab"
# PID 5670: VmRSS 21804 kB = 21.3 MiB, VmSize 377128 kB.
is "$(grep -E '^ +5670 ' <<<"$all" | tr -s ' ' | cut -d' ' -f2-5)" "5670 0 21.3M -" "procs: PID 5670 RSS 21.3M from status"
pss=$(top --batch --sysroot "$X86" --screen procs --pss 2>/dev/null)
# smaps_rollup: Pss 20323 kB = 19.8 MiB; USS = 4996 + 15168 kB = 19.7 MiB.
is "$(grep -E '^ +5670 ' <<<"$pss" | tr -s ' ' | cut -d' ' -f2-8)" "5670 0 21.3M - 19.8M - 19.7M" \
	"procs --pss: PID 5670 PSS 19.8M and USS 19.7M from smaps_rollup"
# vmallocinfo has 2186 lines; htab_map_alloc: 12288 + 528384 + ... bytes over 10 areas.
contains "$all" "2186 areas, 56.1M reserved, 14M in pages" "vmalloc: totals over the 2186 areas"
is "$(grep '^htab_map_alloc' <<<"$all" | tr -s ' ')" "htab_map_alloc 10 7.9M 7.9M -" "vmalloc: the top caller"

# ---- 40 columns: nothing wider ----
w=$(top --batch --sysroot "$X86" --screen all --types --pss -w 40 2>/dev/null |
	python3 -c 'import sys,unicodedata; print(max(len(l.rstrip("\n")) for l in sys.stdin))')
ok $(( w > 40 )) "-w 40: no line is wider than 40 columns (widest $w)"
n40=$(top --batch --sysroot "$X86" -w 40 2>/dev/null | sed -n 2p)
is "$n40" "Total 23.5G  Free 22.8G  Avail 23.2G" "-w 40: the header uses short labels"

# ---- JSON of a snapshot ----
js=$(top --batch --json --sysroot "$X86" --screen all 2>/dev/null)
is "$(wc -l <<<"$js")" "1" "--json on a snapshot: one document, one line"
is "$(json_get "$js" 'd["header"]["mem_total_bytes"]')" "25276510208" "JSON header: MemTotal in bytes"
is "$(json_get "$js" '[z["free_blocks"][10] for z in d["zones"] if z["zone"]=="Normal"][0]')" "89" \
	"JSON zones: Normal order-10 free blocks"
is "$(json_get "$js" 'd["slab"]["caches"][0]["mem_bytes"]')" "39354368" "JSON slab: ext4_inode_cache 2402 x 4 x 4096 bytes"
is "$(json_get "$js" '[p["rss_bytes"] for p in d["procs"]["processes"] if p["pid"]==5670][0]')" "22327296" \
	"JSON procs: VmRSS 21804 kB in bytes"
is "$(json_get "$js" 'd["vmalloc"]["areas"]')" "2186" "JSON vmalloc: areas"
is "$(json_get "$js" 'd["interval_seconds"]')" "None" "JSON of a snapshot: no interval"

# ---- live: NDJSON, one document per refresh ----
nd=$(top --batch --json -n 3 -d 0.2 --screen all 2>/dev/null)
ok $? "live --json -n 3 exits 0"
is "$(wc -l <<<"$nd")" "3" "live --json -n 3: three lines"
check=$(python3 -c '
import json, sys
docs = [json.loads(l) for l in sys.stdin]
assert [d["frame"] for d in docs] == [1, 2, 3], "frames 1 2 3"
assert docs[0]["elapsed_seconds"] is None and all(d["elapsed_seconds"] >= 0.15 for d in docs[1:]), "elapsed"
assert all(d["command"] == "top" and d["schema"] == 1 for d in docs)
assert all(c["mem_change_bytes_per_second"] is None for c in docs[0]["slab"]["caches"]), "no change on frame 1"
assert any(c["mem_change_bytes_per_second"] is not None for c in docs[1]["slab"]["caches"]), "change on frame 2"
print("valid")' <<<"$nd" 2>&1)
is "$check" "valid" "live NDJSON: every line valid JSON, frames 1-3, changes from the second frame on"
memtotal=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) * 1024 ))
is "$(json_get "$(head -1 <<<"$nd")" 'd["header"]["mem_total_bytes"]')" "$memtotal" "live header MemTotal is /proc/meminfo's"

# Not a terminal: batch without being asked.
txt=$(top -n 2 -d 0.1 2>/dev/null)
is "$(grep -c '^memlayout top - ' <<<"$txt")" "2" "stdout not a terminal: two plain text frames with -n 2"
contains "$txt" "memlayout top - frame 2 - every 0.1s - " "the second frame is numbered"

# ---- what one refresh reads (kernel-model §11.3, §11.9) ----
if command -v strace >/dev/null; then
	opens() { strace -f -e trace=openat -o "$tmp/st" "$MEMLAYOUT" top --batch "$@" >/dev/null 2>&1
		  grep -o '"/proc[^"]*"' "$tmp/st" | tr -d '"'; }
	tmp=$(mktemp -d)
	o=$(opens -n 3 -d 0.1 --screen all)
	for f in zoneinfo buddyinfo meminfo slabinfo vmallocinfo; do
		is "$(grep -cx "/proc/$f" <<<"$o")" "3" "3 refreshes read /proc/$f 3 times: once per refresh"
	done
	is "$(grep -c pagetypeinfo <<<"$o")" "0" "pagetypeinfo is not read unless migrate types are shown"
	is "$(grep -c smaps_rollup <<<"$o")" "0" "smaps_rollup is not read unless PSS columns are shown"
	pid_once=$(grep -E '^/proc/[0-9]+/status$' <<<"$o" | sort | uniq -c | awk '$1 > 3' | wc -l)
	is "$pid_once" "0" "each process's status is read at most once per refresh"
	o=$(opens -n 1 --screen zones)
	is "$(grep -cE '^/proc/([0-9]+|slabinfo|vmallocinfo)' <<<"$o")" "0" "the zones screen reads no process and no slab or vmalloc file"
	is "$(opens -n 2 -d 0.1 --types | grep -cx /proc/pagetypeinfo)" "2" "--types reads pagetypeinfo once per refresh"
	ok $(( $(opens -n 1 --screen procs --pss | grep -c smaps_rollup) == 0 )) "--pss reads smaps_rollup"
	rm -rf "$tmp"
else
	echo "# strace not installed: skipping the file-read checks"
fi

# ---- usage errors ----
top --batch --screen nope >/dev/null 2>&1
is "$?" "2" "--screen with an unknown name exits 2"
err=$(top --batch --sort bogus 2>&1 >/dev/null)
contains "$err" "--sort for the zones screen takes zone, free, largest" "--sort names the keys of the screen"
top --batch -d 0 >/dev/null 2>&1
is "$?" "2" "-d 0 exits 2"
top --batch -n 1.5 >/dev/null 2>&1
is "$?" "2" "-n 1.5 exits 2"
top --batch -o FREE >/dev/null 2>&1
is "$?" "2" "-o is not a top option: exits 2"
top --batch --sysroot /nonexistent-dir >/dev/null 2>&1
is "$?" "1" "a missing snapshot directory exits 1"
h=$(top --help)
contains "$h" "-d, --delay SECS" "--help lists -d"
contains "$h" "procs    pid, user, rss (default)" "--help lists the sort keys of each screen"

done_testing
