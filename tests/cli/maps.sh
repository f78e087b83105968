#!/usr/bin/env bash
# memlayout maps: every mapping of a process, totals equal to smaps_rollup
# and to pmap -X, and the VIRT-vs-RSS breakdown; on the captures (checked
# against pmap-X-python.txt, taken with the capture) and live (against pmap
# -X of a helper whose layout is known).
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
helpers=()
cleanup() {
	for p in "${helpers[@]}"; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
KB=1024
PMAP=$X86/pmap-X-python.txt

run() {
	out=$("$MEMLAYOUT" "$@" 2>"$tmp/stderr")
	rc=$?
	err=$(cat "$tmp/stderr")
	flat=$(tr '\n' ' ' <<<"$out")   # prose is wrapped at 79 columns
}

# pmap_rows FILE: "ADDRESS SIZE RSS PSS" per mapping row of pmap -X (kB)
pmap_rows() { awk '$1 ~ /^[0-9a-f]+$/ && $2 ~ /^[-r][-w][-x][sp]$/ {print $1, $6, $7, $8}' "$1"; }
# pmap_total FILE FIELD: the total line's figure for a header field
pmap_total() {
	awk -v f="$2" '$1 == "Address" {for (i = 1; i <= NF; i++) col[$i] = i - 5}
		/ KB *$/ {print $(col[f])}' "$1"
}

# ---- python3 (5670) on the x86_64 capture ----
run --sysroot "$X86" maps 5670 -r -n -b -o START,VIRT,RSS,PSS
is "$rc" 0 "python3: maps exits 0"
is "$(wc -l <<<"$out")" 129 "python3: 129 mappings, as smaps and pmap -X"
ours=$(awk '{printf "%s %d %d %d\n", substr($1, 3), $2 / 1024, $3 / 1024, $4 / 1024}' <<<"$out")
# Size and Rss of every mapping equal pmap's rows.
is "$(awk '{print $1, $2, $3}' <<<"$ours")" "$(pmap_rows "$PMAP" | awk '{print $1, $2, $3}')" \
	"python3: every mapping's address, Size and Rss equal pmap -X's row"
# Pss differs in 7 rows only: pmap ran after the capture, when another
# process had mapped liblzma (16 -> 8, 60 -> 30 kB) and libc (3 rows),
# ld.so and LC_CTYPE had gained or lost sharers.
diffs=$(diff <(awk '{print $1, $4}' <<<"$ours") <(pmap_rows "$PMAP" | awk '{print $1, $4}') | grep -c '^<')
is "$diffs" 7 "python3: Pss differs from pmap's in exactly the 7 rows whose sharers changed"

js=$("$MEMLAYOUT" --sysroot "$X86" maps 5670 -J 2>/dev/null)
tot() { json_get "$js" "d['totals']['$1']"; }
# pmap -X total line: Size 377132, Rss 21804, Anonymous 6976, Swap 0,
# SwapPss 0, Locked 0 kB.
is "$(tot virt_bytes)" "$((377132 * KB))" "python3: VIRT total = pmap Size $(pmap_total "$PMAP" Size) kB"
is "$(pmap_total "$PMAP" Size)" 377132 "pmap-X-python.txt total Size is 377132 kB"
is "$(tot rss_bytes)" "$(($(pmap_total "$PMAP" Rss) * KB))" "python3: RSS total = pmap Rss 21804 kB"
is "$(tot anonymous_bytes)" "$(($(pmap_total "$PMAP" Anonymous) * KB))" "python3: Anonymous total = pmap 6976 kB"
is "$(tot swap_bytes) $(tot swap_pss_bytes) $(tot locked_bytes)" "0 0 0" "python3: Swap, SwapPss, Locked = pmap's 0"
# PSS: smaps_rollup 20323 kB is the total; the mappings' lines add up to
# 20320 (each rounded down); pmap's 20290 = 20320 - 8 - 30 + 2 + 6 + 1 - 3 + 2.
is "$(tot pss_bytes)" "$((20323 * KB))" "python3: PSS total is smaps_rollup's 20323 kB"
is "$(tot pss_mappings_sum_bytes)" "$((20320 * KB))" "python3: the mappings' Pss add up to 20320 kB"
is "$((20320 - 8 - 30 + 2 + 6 + 1 - 3 + 2))" "$(pmap_total "$PMAP" Pss)" "pmap's 20290 kB = 20320 with the 7 changed rows"
is "$(tot status_vm_size_bytes)" "$((377128 * KB))" "python3: status VmSize 377128 kB = VIRT less [vsyscall]"
is "$(json_get "$js" 'd["command"], d["process_name"], d["pid"]')" "('maps', 'python3', 5670)" "python3 JSON: envelope"

run --sysroot "$X86" maps 5670
contains "$flat" "PSS total 20323 kB is smaps_rollup's; the 129 mappings' Pss lines add up to 20320" "python3: footnote on PSS rounding"
contains "$flat" "status VmSize is 377128 kB: it leaves out [vsyscall] (4 kB)" "python3: footnote on VmSize and [vsyscall]"
total=$(grep ' total$' <<<"$out" | tr -s ' ')
is "$total" " 368.3M 21.3M 19.8M 1.6M 0B 4.9M 14.8M 0B 0B total" "python3: the totals row"
contains "$flat" "Overcommit is heuristic (vm.overcommit_memory = 0)" "python3: the overcommit policy in one sentence"
contains "$flat" "164.9 MiB (Committed_AS) against a CommitLimit of 11.8 GiB" "python3: with Committed_AS and CommitLimit"

# Kinds and roles.
kinds=$("$MEMLAYOUT" --sysroot "$X86" maps 5670 -r -n -o START,KIND,ROLE,NAME 2>/dev/null)
k() { awk -v s="$1" '$1 == s {print $2}' <<<"$kinds"; }
is "$(k 0x7f1a9b22e000)" shmem "/dev/zero (deleted) is shared memory"
is "$(k 0x5589cf8ab000)" heap "[heap]"
is "$(k 0x7ffc01dab000)" stack "[stack]"
is "$(k 0x7f1aa0084000)" vdso "[vdso]"
is "$(k 0x7f1aa0082000)" vvar "[vvar_vclock]"
is "$(k 0xffffffffff600000)" vsyscall "[vsyscall]"
is "$(k 0x7f1a9f81e000)" file "libc.so.6"
is "$(k 0x7f1a9f22e000)" anon "unnamed anonymous"
is "$(grep -c 'thread-stack' <<<"$kinds") $(grep -c 'stack-guard' <<<"$kinds")" "4 4" "4 thread stacks, each with a guard"
is "$(grep -c 'malloc-arena' <<<"$kinds") $(grep -c 'arena-reserve' <<<"$kinds")" "4 4" "4 malloc arenas, each with its reserve"

# --why: parts that add up to VIRT, worked by hand from pmap's rows.
js=$("$MEMLAYOUT" --sysroot "$X86" maps 5670 --why -J 2>/dev/null)
part() { json_get "$js" "[p['bytes'] for p in d['virt_vs_rss']['parts'] if p['part'] == '$1'][0]"; }
is "$(json_get "$js" 'sum(p["bytes"] for p in d["virt_vs_rss"]["parts"]) == d["virt_vs_rss"]["virt_bytes"]')" True \
	"--why: the parts add up to VIRT exactly"
is "$(part resident)" "$((21804 * KB))" "--why: resident = RSS 21804 kB"
is "$(part arena_reserve)" "$((4 * 65404 * KB))" "--why: 4 arena reserves of 65404 kB (64 MiB - 132 kB)"
is "$(part arenas_untouched)" "$((4 * (132 - 4) * KB))" "--why: 4 arenas' 132 kB with 4 kB touched each"
is "$(part stack_guards)" "$((4 * 4 * KB))" "--why: 4 guard pages"
is "$(part thread_stacks_untouched)" "$(((4 * 8192 - 8 - 8 - 8 - 12) * KB))" "--why: 4 stacks of 8 MiB less 8+8+8+12 kB touched"
is "$(part shmem_untouched)" "$(((65536 - 8192) * KB))" "--why: 56 MiB of /dev/zero never touched"
is "$(part heap_untouched) $(part stack_untouched)" "$(((1596 - 1540) * KB)) $(((132 - 60) * KB))" "--why: heap and main stack"
is "$(part kernel_special)" "$(((16 + 8 + 8 - 4 + 4) * KB))" "--why: vvar 16 + vvar_vclock 8 + vdso 8-4 + vsyscall 4 kB"
files=$(pmap_rows "$PMAP" | paste - <(awk '$1 ~ /^[0-9a-f]+$/ && $2 ~ /^[-r][-w][-x][sp]$/ {print $22}' "$PMAP") |
	awk '$5 != "" && $5 !~ /^\[/ && $5 != "zero" {s += $2 - $3} END {print s}')
is "$(part file_not_mapped)" "$((files * KB))" "--why: files not paged in = sum of pmap's Size - Rss over file rows ($files kB)"
is "$(json_get "$js" 'd["virt_vs_rss"]["shared_with_others"][0]["name"], d["virt_vs_rss"]["shared_with_others"][0]["rss_minus_pss_bytes"]')" \
	"('/usr/lib/x86_64-linux-gnu/libc.so.6', $(((152 - 13 + 1008 - 97 + 152 - 11) * KB)))" "--why: libc.so.6 is the largest RSS - PSS"
run --sysroot "$X86" maps 5670 --why
contains "$flat" "4 thread stacks (each above a PROT_NONE guard" "--why text: thread stacks"
contains "$flat" "4 malloc arenas reserve 256 MiB (up to 64 MiB each) and have touched 16 KiB" "--why text: arenas"
contains "$flat" "USS 19.7 MiB (Private_Clean + Private_Dirty)" "--why text: USS"

# --group
g=$("$MEMLAYOUT" --sysroot "$X86" maps 5670 --group kind -r -n -b -o GROUP,MAPPINGS,VIRT,RSS 2>/dev/null)
is "$(head -1 <<<"$g")" "shmem 1 $((65536 * KB)) $((8192 * KB))" "--group kind: shmem first by RSS"
is "$(awk '{n += $2} END {print n}' <<<"$g")" 129 "--group kind: the groups hold the 129 mappings"
g=$("$MEMLAYOUT" --sysroot "$X86" maps 5670 --group file -r -n -b -o GROUP,MAPPINGS,RSS,PSS 2>/dev/null)
is "$(grep '/libc.so.6 ' <<<"$g")" "/usr/lib/x86_64-linux-gnu/libc.so.6 5 $(((152 + 1008 + 152 + 16 + 8) * KB)) $(((13 + 97 + 11 + 16 + 8) * KB))" \
	"--group file: libc.so.6's 5 mappings"

# ---- dd on i386 and arm64: the 8 MiB buffer, backed by THP ----
run --sysroot "$I386" maps 114 -r -n -b -o START,KIND,VIRT,RSS,PSS,THP
is "$(grep '^0xb7715000 ' <<<"$out")" "0xb7715000 anon+thp $((8192 * KB)) $((8192 * KB)) $((4096 * KB)) $((4096 * KB))" \
	"i386 dd: the buffer is anonymous, one 4 MiB THP"
js=$("$MEMLAYOUT" --sysroot "$I386" maps 114 -J 2>/dev/null)
is "$(json_get "$js" 'd["totals"]["rss_bytes"], d["totals"]["pss_bytes"], d["totals"]["virt_bytes"]')" \
	"($((9428 * KB)), $((4458 * KB)), $((10516 * KB)))" "i386 dd: totals = smaps_rollup Rss 9428, Pss 4458; VIRT = VmSize 10516 kB"
is "$(json_get "$js" 'd["virt_vs_rss"]["rss_minus_pss_unshared_bytes"]')" "$((4096 * KB))" \
	"i386 dd: 4 MiB of RSS - PSS in a mapping with no shared page"
contains "$("$MEMLAYOUT" --sysroot "$I386" maps 114 --why 2>/dev/null | tr '\n' ' ')" "4 MiB of RSS - PSS is in mappings with no shared page" \
	"i386 dd --why says so"
run --sysroot "$ARM64" maps 108 -r -n -b -o START,KIND,VIRT,RSS,THP
is "$(grep '^0xffff83bb9000 ' <<<"$out")" "0xffff83bb9000 anon+thp $((8192 * KB)) $((8192 * KB)) $((6144 * KB))" \
	"arm64 dd: the buffer, three 2 MiB THPs"
is "$("$MEMLAYOUT" --sysroot "$ARM64" maps 108 -J 2>/dev/null | python3 -c 'import json,sys; t=json.load(sys.stdin)["totals"]; print(t["rss_bytes"], t["pss_bytes"])')" \
	"$((9356 * KB)) $((8527 * KB))" "arm64 dd: totals = smaps_rollup Rss 9356, Pss 8527 kB"

# ---- errors ----
run --sysroot "$X86" maps 1
is "$rc" 1 "PID 1, smaps captured empty: exit 1"
is "$err" "memlayout: $X86/proc/1/smaps: empty, although status says 44912 kB are mapped: it was read without access to the process (ptrace rights)" \
	"PID 1: one line saying why"
run --sysroot "$X86" maps 424242
is "$rc" 1 "no such process: exit 1"
contains "$err" "no process 424242 in the snapshot" "no such process: says so"
run --sysroot "$X86" maps
is "$rc" 2 "maps without a PID: exit 2"
run --sysroot "$X86" maps 12ab
is "$rc" 2 "maps 12ab: exit 2"
run --sysroot "$X86" maps 5670 --group size
is "$rc" 2 "--group size: exit 2"
mkdir -p "$tmp/s" && cp -r "$X86"/. "$tmp/s"/
sed -i '30s/^Rss:                   4 kB/Rss:                   4 kb/' "$tmp/s/proc/5670/smaps"
run --sysroot "$tmp/s" maps 5670
is "$rc" 2 "malformed smaps: exit 2"
is "$err" "memlayout: $tmp/s/proc/5670/smaps:30: unit 'kb' of 'Rss' is not kB" "malformed smaps: one line naming file:line"
head -c 5000 "$X86/proc/5670/smaps" >"$tmp/s/proc/5670/smaps"
run --sysroot "$tmp/s" maps 5670
is "$rc" 2 "smaps cut mid-line: exit 2"
contains "$err" "$tmp/s/proc/5670/smaps:" "smaps cut mid-line: names the file"
contains "$("$MEMLAYOUT" maps --help)" "PRV_DIRTY" "maps --help lists the columns"

# ---- live: the helper's 16 MiB mapping with 4 MiB written ----
"$MAPHELPER" >"$tmp/helper" &
helpers+=($!)
for _ in $(seq 50); do [ -s "$tmp/helper" ] && break; sleep 0.1; done
read -r hpid hstart hend <"$tmp/helper"
run maps "$hpid" -r -n -b -o START,END,PERMS,KIND,VIRT,RSS,PRV_DIRTY
is "$rc" 0 "live: maps HELPER exits 0"
# [anon:maphelper] where the kernel has CONFIG_ANON_VMA_NAME, else unnamed
kind=anon; grep -q '\[anon:maphelper\]' "/proc/$hpid/maps" && kind=named-anon
is "$(grep "^0x$hstart " <<<"$out")" "0x$hstart 0x$hend rw-p $kind $((16 << 20)) $((4 << 20)) $((4 << 20))" \
	"live: the helper's mapping: VIRT 16 MiB, RSS 4 MiB exactly, all private dirty"
# procs agrees with maps on the same process (RSS from the same page walk).
m=$("$MEMLAYOUT" maps "$hpid" -J 2>/dev/null)
p=$("$MEMLAYOUT" procs --pid "$hpid" -J 2>/dev/null)
is "$(json_get "$p" 'd["processes"][0]["rss_bytes"]')" "$(json_get "$m" 'd["totals"]["rss_bytes"]')" "live: procs RSS = maps total RSS"
is "$(json_get "$p" 'd["processes"][0]["virt_bytes"]')" "$(json_get "$m" 'd["totals"]["status_vm_size_bytes"]')" "live: procs VIRT = VmSize"
is "$(json_get "$m" 'd["totals"]["virt_bytes"] - d["totals"]["status_vm_size_bytes"]')" \
	"$(json_get "$m" 'sum(x["virt_bytes"] for x in d["mappings"] if x["kind"] == "vsyscall")')" "live: VIRT - VmSize = [vsyscall]"
# pmap -X of the helper: every total equal.  Page counts of the helper's
# own page tables cannot move; PSS moves whenever another process maps or
# unmaps the same libraries (other tests start helpers too), so PSS gets
# up to 20 attempts a quarter second apart.
if command -v pmap >/dev/null; then
	totals() {   # FIELDS...: pmap's total line and ours, in kB
		pmap -X "$hpid" >"$tmp/pmap"
		m=$("$MEMLAYOUT" maps "$hpid" -J 2>/dev/null)
		want=""; got=""
		for f in "$@"; do
			want+="$(pmap_total "$tmp/pmap" "$f") "
			case $f in
			Size) k=virt_bytes ;; Rss) k=rss_bytes ;; Pss) k=pss_mappings_sum_bytes ;;
			Anonymous) k=anonymous_bytes ;; Swap) k=swap_bytes ;; SwapPss) k=swap_pss_bytes ;;
			Locked) k=locked_bytes ;;
			esac
			got+="$(json_get "$m" "d['totals']['$k'] // 1024") "
		done
	}
	totals Size Rss Anonymous Swap SwapPss Locked
	is "$got" "$want" "live: totals Size Rss Anonymous Swap SwapPss Locked (kB) equal pmap -X's total line"
	for _ in $(seq 20); do totals Pss; [ "$got" = "$want" ] && break; sleep 0.25; done
	is "$got" "$want" "live: PSS total (the mappings' sum) equals pmap -X's"
	is "$(pmap_rows "$tmp/pmap" | awk -v s="$hstart" '$1 == s {print $2, $3}')" "16384 4096" "live: pmap -X shows the same 16 MiB / 4 MiB row"
	is "$(pmap_rows "$tmp/pmap" | wc -l)" "$(json_get "$m" 'len(d["mappings"])')" "live: as many mappings as pmap -X"
else
	for _ in 1 2 3 4; do ok 0 "# SKIP pmap (procps) not installed"; done
fi
run maps "$hpid" --why
contains "$flat" "untouched anonymous" "live --why: the 12 MiB never written are untouched anonymous memory"
# A process that is gone: one line, exit 1, no crash.
"$MAPHELPER" --exit >"$tmp/gone"
read -r gone _ <"$tmp/gone"
run maps "$gone"
is "$rc" 1 "live: maps of an exited process: exit 1"
is "$err" "memlayout: no process $gone (/proc/$gone/smaps: missing)" "live: maps of an exited process: one line"
# Another user's process (PID 1 as nobody): permission denied, exit 1.
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
	err=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$MEMLAYOUT" maps "$hpid" 2>&1 >/dev/null)
	is "$?:$err" "1:memlayout: /proc/$hpid/smaps: permission denied" "as nobody: root's process: permission denied, exit 1"
else
	ok 0 "# SKIP needs root and setpriv"
fi
done_testing
