#!/usr/bin/env bash
# memlayout vmalloc on real captures: x86_64 6.18 (hashed addresses,
# kptr_restrict=0), i386 6.1 and arm64 6.1 (real addresses, kptr_restrict=1),
# the i386 machine booted with vmalloc=4M whose module load failed for lack
# of address space, and a 32-bit ARM 4.9 snippet.  Sums are worked out here
# with awk/python from the same files, the failure's hole by hand.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
FAIL=$CAP/qemu-i386-6.1-3g-vmalloc4m-vmap-failure
S60=$ML_FIXTURES/snippets/60-arm32-ipcam-fh8856-32mb-4.9-meminfo-vmallocinfo-vmstat

# Σ pages= over lines with the word "vmalloc", and the area count.
vm_pages() { awk '/ vmalloc( |$)/ { for (i = 1; i <= NF; i++) if ($i ~ /^pages=/) { sub(/pages=/, "", $i); p += $i } } END {print p + 0}' "$1"; }
kb() { awk -v k="$1" '$1 == k":" {print $2}' "$2"; }

# ---- x86_64 6.18: hashed addresses ----
js=$("$MEMLAYOUT" --sysroot "$X86" vmalloc -J 2>/dev/null)
ok $? "x86_64: vmalloc -J exits 0"
VI=$X86/proc/vmallocinfo
is "$(json_get "$js" 'd["totals"]["areas"]')" "$(grep -c . "$VI")" "x86_64: one area per line"
is "$(json_get "$js" 'd["totals"]["size_bytes"]')" "$(awk '{s += $2} END {print s}' "$VI")" "x86_64: reserved size = awk sum of the size column"
is "$(json_get "$js" 'd["totals"]["vmalloc_pages"]')" "$(vm_pages "$VI")" "x86_64: vmalloc pages = awk sum of pages= on vmalloc lines"
# 3591 pages x 4 kB = 14364 kB = meminfo VmallocUsed (kernel-model §8.2).
is "$(( $(vm_pages "$VI") * 4 ))" "$(kb VmallocUsed "$X86/proc/meminfo")" "x86_64: awk: Σ pages x 4 kB = VmallocUsed (14364 kB)"
is "$(json_get "$js" 'd["totals"]["vmalloc_memory_bytes"] == d["meminfo"]["vmalloc_used_bytes"]')" "True" "x86_64: JSON vmalloc memory = VmallocUsed"
is "$(json_get "$js" 'd["addresses"], d["kptr_restrict"], d["address_space"]')" "('hashed', 0, None)" "x86_64: hashed addresses, kptr_restrict 0, no address space"
for k in vmalloc ioremap vmap vpages unpurged; do
	is "$(json_get "$js" "[g['areas'] for g in d['kinds'] if g['kind']=='$k'][0]")" "$(grep -c " $k\\( \\|\$\\)" "$VI")" "x86_64: $k areas = lines with the word"
done
# Callers grouped without +off/len: kernel_clone+0x94/0x3e0 etc.
want=$(awk '$3 ~ /\+0x/ {c = $3; sub(/\+.*/, "", c); n[c]++} END {print n["kernel_clone"]}' "$VI")
is "$(json_get "$js" '[c["areas"] for c in d["callers"] if c["caller"]=="kernel_clone"][0]')" "$want" "x86_64: kernel_clone's $want stacks grouped as one caller"
is "$(json_get "$js" 'len(d["callers"]), d["callers_total"]')" "(10, 18)" "x86_64: top 10 of 18 callers in JSON"
is "$(json_get "$js" 'd["nodes"]')" "[{'node': 0, 'areas': $(grep -c ' N0=' "$VI"), 'pages': 3591, 'memory_bytes': 14708736}]" "x86_64: N0 pages, areas with N0="
text=$("$MEMLAYOUT" --sysroot "$X86" vmalloc --size 1M 2>/dev/null)
contains "$text" "Addresses are hashed (%pK with kptr_restrict=0)" "x86_64: says the addresses are hashed"
contains "$text" "cannot be told without real addresses" "x86_64: no verdict for --size without real addresses"
is "$(grep -c 'Free:' <<<"$text")" "0" "x86_64: no holes shown"
contains "$text" "meminfo VmallocTotal 34359738367 kB (32 TiB)" "x86_64: VmallocTotal of 4-level paging"
out=$("$MEMLAYOUT" --sysroot "$X86" vmalloc -r -n -b 2>/dev/null)
is "$(grep '^vmalloc ' <<<"$out")" "vmalloc 210 $(awk '/ vmalloc( |$)/ {s += $2} END {print s}' "$VI") 14708736" "x86_64 kind table: vmalloc row (areas, reserved, pages x 4096)"

# ---- the vmalloc=4M failure capture (i386, real addresses) ----
# dmesg: "vmap allocation for size 1806336 failed": a 1801529-byte vmalloc
# needs 441 pages + 1 guard page = 1806336 bytes of contiguous space.
# Sorted by address, the range from 0xfe7fe000 (lowest area, VMALLOC_START)
# for VmallocTotal 4096 kB ends at 0xfebfe000.  The largest gap is between
# pcpu_mem_zalloc's area ending 0xfead8000 + 139264 = 0xfeafa000 and
# pcpu_get_vm_areas at 0xfeb9c000: 0xa2000 = 663552 bytes (648 KiB).
js=$("$MEMLAYOUT" --sysroot "$FAIL" vmalloc -J --size 1801529 2>/dev/null)
ok $? "vmalloc=4M: exits 0"
is "$(json_get "$js" 'd["address_space"]["start_address"], d["address_space"]["end_address"]')" "($((0xfe7fe000)), $((0xfebfe000)))" "vmalloc=4M: range 0xfe7fe000 + 4 MiB"
is "$(json_get "$js" 'd["address_space"]["largest_hole"]')" "{'start_address': $((0xfeafa000)), 'size_bytes': 663552}" "vmalloc=4M: largest hole 648 KiB at 0xfeafa000 (by hand)"
is "$(json_get "$js" 'd["address_space"]["free_bytes"]')" "$(( $(kb VmallocTotal "$FAIL/proc/meminfo") * 1024 - $(awk '{s += $2} END {print s}' "$FAIL/proc/vmallocinfo") ))" "vmalloc=4M: free = VmallocTotal - Σ sizes"
is "$(json_get "$js" 'd["address_space"]["fit"]')" "{'size_bytes': 1801529, 'reservation_bytes': 1806336, 'fits': False}" "vmalloc=4M: the failed 1801529-byte vmalloc reserves 1806336 and does not fit"
is "$(json_get "$js" 'd["address_space"]["largest_vmalloc_bytes"]')" "659456" "vmalloc=4M: largest vmalloc now 644 KiB (hole less a guard page)"
text=$("$MEMLAYOUT" --sysroot "$FAIL" vmalloc --size 4M 2>/dev/null)
contains "$text" "Free: 968 KiB in 17 holes; the largest, 648 KiB at 0xfeafa000" "vmalloc=4M text: free space, holes, largest hole"
contains "$text" "fragmentation 1 - largest/free = 0.331" "vmalloc=4M text: fragmentation of the range"
contains "$text" "the range is out of address space, not of pages" "vmalloc=4M text: says why vmalloc fails"
contains "$text" "vmalloc(4194304) reserves 4198400 bytes" "vmalloc=4M text: 4 MiB + guard page"
contains "$text" "the largest hole is 663552 bytes: it does NOT fit." "vmalloc=4M text: 4 MiB does not fit"
contains "$text" "meminfo VmallocUsed 2536 kB; the pages of the 39 vmalloc areas: 634 x 4096 bytes = 2536 kB (equal" "vmalloc=4M: Σ pages = VmallocUsed"
out=$("$MEMLAYOUT" --sysroot "$FAIL" vmalloc --by area -r -n -b -o START,SIZE,CALLER 2>/dev/null)
is "$(grep -c '(free)' <<<"$out")" "17" "--by area: the 17 holes as rows"
is "$(grep "^0xfeafa000 " <<<"$out")" "0xfeafa000 663552 (free)" "--by area: the 648 KiB hole in its place"
is "$(grep -vc '(free)' <<<"$out")" "45" "--by area: the 45 areas"

# Holes recomputed independently (python, 64-bit exact) for the real-address
# captures: range = lowest start + VmallocTotal, busy = [start, start + size).
holes() {
	python3 - "$1" <<'EOF'
import sys
d = sys.argv[1]
a = []
for l in open(d + '/proc/vmallocinfo'):
    if l.strip():
        s = int(l.split()[0].split('-')[0], 16)
        a.append((s, s + int(l.split()[1])))
tot = [int(l.split()[1]) * 1024 for l in open(d + '/proc/meminfo') if l.startswith('VmallocTotal')][0]
lo = min(x[0] for x in a); cur = lo; hs = []
for s, e in sorted(a):
    if s > cur: hs.append(s - cur)
    cur = max(cur, e)
if lo + tot > cur: hs.append(lo + tot - cur)
print(sum(hs), len(hs), max(hs))
EOF
}
for snap in "$I386" "$ARM64" "$FAIL"; do
	name=$(basename "$snap")
	js=$("$MEMLAYOUT" --sysroot "$snap" vmalloc -J 2>/dev/null)
	is "$(json_get "$js" '" ".join(str(x) for x in (d["address_space"]["free_bytes"], d["address_space"]["holes"], d["address_space"]["largest_hole"]["size_bytes"]))')" \
		"$(holes "$snap")" "$name: free bytes, holes, largest hole = independent computation"
	is "$(json_get "$js" 'd["totals"]["vmalloc_pages"] * 4')" "$(kb VmallocUsed "$snap/proc/meminfo")" "$name: Σ pages of vmalloc areas x 4 kB = VmallocUsed"
done

# arm64: per-node counts N0=, and the lazily-freed areas purged.
js=$("$MEMLAYOUT" --sysroot "$ARM64" vmalloc -J 2>/dev/null)
is "$(json_get "$js" 'd["nodes"][0]["pages"]')" "$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^N0=/) {sub(/N0=/, "", $i); p += $i}} END {print p}' "$ARM64/proc/vmallocinfo")" "arm64: N0 pages = awk sum of N0="
is "$(json_get "$js" 'd["totals"]["unpurged_areas"], d["address_space"]["holes_after_purge"]')" "($(grep -c unpurged "$ARM64/proc/vmallocinfo"), 78)" "arm64: 172 unpurged areas; 78 holes once purged"
is "$(json_get "$js" 'd["address_space"]["edge_unplaced_bytes"]')" "0" "arm64: areas span exactly VmallocTotal: the range is pinned"
text=$("$MEMLAYOUT" --sysroot "$ARM64" vmalloc 2>/dev/null)
contains "$text" "Pages by NUMA node: N0=1110" "arm64 text: pages by node"
contains "$text" "more than all RAM" "arm64: 124 TiB range: address space is not the limit"
out=$("$MEMLAYOUT" --sysroot "$ARM64" vmalloc --by node -r -n 2>/dev/null)
is "$out" "0 93 4.3M" "--by node: node 0, 93 areas with N0=, 4.3 MiB"
out=$("$MEMLAYOUT" --sysroot "$ARM64" vmalloc --by caller -r -n -b -o CALLER,AREAS,SIZE 2>/dev/null)
is "$(head -1 <<<"$out")" "pci_ecam_create 1 268439552" "--by caller: largest reservation first (256 MiB ECAM ioremap + guard)"
is "$(wc -l <<<"$out")" "21" "--by caller: every caller without --top"

# 32-bit ARM 4.9 snippet: modules below the vmalloc range (areas span more
# than VmallocTotal), a duplicated last line, VmallocUsed printed as 0.
mkdir -p "$tmp/r/proc"; cp "$S60/vmallocinfo" "$S60/meminfo" "$tmp/r/proc/"; echo 4096 > "$tmp/r/PAGE_SIZE"
text=$("$MEMLAYOUT" --sysroot "$tmp/r" vmalloc 2>/dev/null)
ok $? "arm32 4.9 snippet: exit 0"
contains "$text" "more than VmallocTotal" "arm32: areas outside the range are said so"
contains "$text" "Some areas overlap" "arm32: the duplicated line is noticed"
contains "$text" "VmallocUsed is 0 as on" "arm32: VmallocUsed 0 on 4.9 explained"
contains "$text" "vpu_create_channel [vpu]" "arm32: module callers keep their [module]"

# ---- unreadable vmallocinfo: say so once, VmallocTotal/Used still shown ----
rm -rf "$tmp/s"; mkdir "$tmp/s"; cp -r "$FAIL"/. "$tmp/s"/; rm "$tmp/s/proc/vmallocinfo"
out=$("$MEMLAYOUT" --sysroot "$tmp/s" vmalloc 2>"$tmp/err")
ok $? "without vmallocinfo: exit 0"
is "$(grep -c vmallocinfo "$tmp/err")" "1" "without vmallocinfo: one note"
contains "$out" "meminfo VmallocUsed 2536 kB" "without vmallocinfo: VmallocUsed shown"
contains "$out" "meminfo VmallocTotal 4096 kB (4 MiB)" "without vmallocinfo: VmallocTotal shown"
js=$("$MEMLAYOUT" --sysroot "$tmp/s" vmalloc -J 2>/dev/null)
is "$(json_get "$js" 'd["totals"], d["meminfo"]["vmalloc_total_bytes"]')" "(None, 4194304)" "without vmallocinfo: JSON totals null, meminfo figures kept"

# ---- malformed ----
cp "$FAIL/proc/vmallocinfo" "$tmp/s/proc/vmallocinfo"
sed -i '7s/ 12288 / 12x88 /' "$tmp/s/proc/vmallocinfo"
"$MEMLAYOUT" --sysroot "$tmp/s" vmalloc >/dev/null 2>"$tmp/err"; rc=$?
is "$rc" "2" "garbled size in vmallocinfo: exit 2"
contains "$(cat "$tmp/err")" "$tmp/s/proc/vmallocinfo:7:" "garbled size: names file and line 7"
printf '0xfe7fe000-0xfe800000 18446744073709551615 x pages=1 vmalloc\n0xfe800000-0xfe803000 4096 y pages=1 vmalloc\n' > "$tmp/s/proc/vmallocinfo"
"$MEMLAYOUT" --sysroot "$tmp/s" vmalloc >/dev/null 2>"$tmp/err"; rc=$?
is "$rc" "2" "sizes adding up beyond 64 bits: exit 2"
contains "$(cat "$tmp/err")" "vmallocinfo:2:" "overflow: names line 2"
: > "$tmp/s/proc/vmallocinfo"
"$MEMLAYOUT" --sysroot "$tmp/s" vmalloc >/dev/null 2>"$tmp/err"; is "$?" "2" "empty vmallocinfo: exit 2"

# Usage.
"$MEMLAYOUT" --sysroot "$FAIL" vmalloc --by colour >/dev/null 2>&1; is "$?" "2" "--by with an unknown view: exit 2"
"$MEMLAYOUT" --sysroot "$FAIL" vmalloc --size 4Q >/dev/null 2>&1; is "$?" "2" "--size with a bad suffix: exit 2"
"$MEMLAYOUT" --sysroot "$FAIL" vmalloc extra >/dev/null 2>&1; is "$?" "2" "positional argument: exit 2"
help=$("$MEMLAYOUT" vmalloc --help)
for w in --by --top --size AREAS SIZE MEMORY PAGES KINDS START END CALLER PHYS NODES; do
	contains "$help" "$w" "--help lists $w"
done

# Live (root): the kernel's own figures.
if [ "$(id -u)" = 0 ] && [ -r /proc/vmallocinfo ]; then
	js=$("$MEMLAYOUT" vmalloc -J 2>/dev/null)
	ok $? "live: vmalloc -J exits 0"
	is "$(json_get "$js" 'd["meminfo"]["vmalloc_total_bytes"]')" "$(( $(kb VmallocTotal /proc/meminfo) * 1024 ))" "live: VmallocTotal"
else
	echo "ok $((_n + 1)) # skip live vmalloc needs root"; echo "ok $((_n + 2)) # skip live vmalloc needs root"; _n=$((_n + 2))
fi

done_testing
