#!/usr/bin/env bash
# memlayout explain on real captures and on variants made from them here
# (each variant says what it changed).  Figures are worked by hand from the
# capture's files; see tests/unit/test_explain.c for the same rules in C.
. "$(dirname "$0")/lib.sh"

I386VM4M=$CAP/qemu-i386-6.1-3g-vmalloc4m-vmap-failure
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# explain ARGS... : sets $out (stdout) and $rc
explain() {
	out=$("$MEMLAYOUT" "$@" 2>"$tmp/err")
	rc=$?
}

# Variant helpers on a copy of a capture.
variant() {
	rm -rf "$tmp/$1"
	cp -r "$2" "$tmp/$1"
	echo "$tmp/$1"
}
# set_free DIR ZONE PAGES: zoneinfo "pages free" of one zone
set_free() {
	awk -v z="$2" -v v="$3" '/^Node/ { cur = $4 } cur == z && $1 == "pages" && $2 == "free" { sub(/[0-9]+$/, v) } { print }' \
		"$1/proc/zoneinfo" >"$1/proc/zoneinfo.new" && mv "$1/proc/zoneinfo.new" "$1/proc/zoneinfo"
}
# set_lists DIR ZONE TYPE "c0 c1 ... c10": the zone's free lists are only
# these counts on TYPE (pagetypeinfo) and the same totals in buddyinfo
set_lists() {
	awk -v z="$2" -v c="$4" '$1 == "Node" && $3 == "zone" && $4 == z { n = split(c, a, " "); line = "Node 0, zone " sprintf("%8s", z); for (k = 0; k <= 10; k++) line = line sprintf(" %6d", (k + 1 <= n) ? a[k + 1] : 0); print line " "; next } { print }' \
		"$1/proc/buddyinfo" >"$1/proc/buddyinfo.new" && mv "$1/proc/buddyinfo.new" "$1/proc/buddyinfo"
	awk -v z="$2," -v t="$3" -v c="$4" '$1 == "Node" && $4 == z && $5 == "type" { n = split(c, a, " "); line = sprintf("Node %4d, zone %8s, type %12s ", 0, substr(z, 1, length(z) - 1), $6); for (k = 0; k <= 10; k++) line = line sprintf("%6d ", ($6 == t && k + 1 <= n) ? a[k + 1] : 0); print line; next } { print }' \
		"$1/proc/pagetypeinfo" >"$1/proc/pagetypeinfo.new" && mv "$1/proc/pagetypeinfo.new" "$1/proc/pagetypeinfo"
}

# --- §12.1 kmalloc(4 MiB, GFP_KERNEL): order 10, succeeds from Normal -------
explain --sysroot "$X86" explain --size 4M
is "$rc" "0" "kmalloc 4M: exit 0 (succeeds-now)"
contains "$out" "order get_order(4194304) = 10" "kmalloc 4M: large kmalloc of order 10"
contains "$out" "101250 free − 1023 unusable = 100227 > low 5811 + reserve 0 = 5811" "kmalloc 4M: Normal's check with the capture's numbers"
contains "$out" "3840 free − 1023 unusable = 2817 ≤ low 75 + reserve 4171 = 4246 (the lowmem reserve refuses it)" "kmalloc 4M: DMA can never serve it (lowmem_reserve)"
contains "$out" "claiming a free order-10 Movable block" "kmalloc 4M: the order-10 block is claimed from Movable"
contains "$out" "5. Verdict: succeeds-now:" "kmalloc 4M: verdict line"
contains "$out" "kvmalloc() / kvfree()" "kmalloc 4M: advice kvmalloc"

# --- §12.2 kmalloc(4 MiB + 1): always fails ---------------------------------
explain --sysroot "$X86" explain --size 4194305
is "$rc" "13" "kmalloc 4M+1: exit 13 (fails)"
contains "$out" "5. Verdict: fails: 4 MiB + 1 byte exceeds KMALLOC_MAX_SIZE (4 MiB = order 10 with 4 KiB pages)" "kmalloc 4M+1: the deciding sentence"
explain --sysroot "$X86" explain --size 5M
contains "$out" "fails: 5 MiB exceeds KMALLOC_MAX_SIZE (4 MiB = order 10 with 4 KiB pages)" "kmalloc 5M: the sentence of the brief"
explain --sysroot "$X86" explain --api kvmalloc --size 4194305
is "$rc" "0" "kvmalloc 4M+1: vmalloc takes over (exit 0)"
contains "$out" "kmalloc would not succeed at once, so vmalloc" "kvmalloc 4M+1: says it fell back"

# --- §12.3 kmalloc(100) ------------------------------------------------------
explain --sysroot "$X86" explain --size 100
is "$rc" "0" "kmalloc 100: exit 0"
contains "$out" "100 bytes → kmalloc-128" "kmalloc 100: kmalloc-128"
contains "$out" "taken 128 bytes, wasted 28 bytes (21.9 %)" "kmalloc 100: 28 bytes (21.9 %) wasted"
contains "$out" "kmem_cache_create()" "kmalloc 100: advice for many same-size objects"
contains "$out" "4913 more free pages" "kmalloc 100: per-CPU lists named (4201 + 712 pages)"

# --- §12.4 GFP_ATOMIC order 3 ------------------------------------------------
explain --sysroot "$X86" explain --api get-free-pages --order 3 --gfp GFP_ATOMIC
is "$rc" "0" "atomic order 3 on the capture: succeeds now"
contains "$out" "3/8 of min must stay free" "atomic: the 3/8 reserve"
# Variant: Normal fragmented (90000 free pages, all in orders 0-2: 20000 +
# 15000×2 + 10000×4), DMA32 too (its 772917 pages as single pages).
frag=$(variant frag "$X86")
set_free "$frag" Normal 90000
set_lists "$frag" Normal Unmovable "20000 15000 10000"
explain --sysroot "$frag" explain --api get-free-pages --order 3 --gfp GFP_ATOMIC
is "$rc" "0" "fragmented Normal: atomic order 3 still succeeds (from DMA32)"
contains "$out" "90000 free − 7 unusable = 89993 > low 5811 + reserve 0 = 5811; no free block of order ≥ 3 it may use: fails" "fragmented Normal: free pages enough, no order-3 block"
contains "$out" "DMA32 (node 0, zone index 1, 772917 pages managed)  ← taken here" "fragmented Normal: falls back to DMA32"
set_lists "$frag" DMA32 Movable "772917"
explain --sysroot "$frag" explain --api get-free-pages --order 3 --gfp GFP_ATOMIC
is "$rc" "13" "fragmented Normal and DMA32: atomic order 3 fails (exit 13)"
contains "$out" "min 4649 → 1744 (§4.3)" "fragmented: slow path mark 4649 → 2325 → 1744"
contains "$out" "cannot sleep" "fragmented: fails because it cannot sleep"
contains "$out" "allocate ahead of time in process context" "fragmented: advice for atomic context"
explain --sysroot "$frag" explain --api pages --order 3 --gfp GFP_KERNEL
is "$rc" "11" "fragmented: GFP_KERNEL order 3 succeeds after compaction (exit 11)"
contains "$out" "compact needs free > 4665 + reserve 0: yes" "fragmented: compaction headroom min 4649 + 2^4"

# --- §12.5 vmalloc(100 MiB) -----------------------------------------------------
explain --sysroot "$X86" explain --api vmalloc --size 100M
is "$rc" "0" "vmalloc 100M: exit 0"
contains "$out" "= 104861696 bytes of vmalloc space" "vmalloc 100M: 25600 pages + guard page"
contains "$out" "page array 25600 × 8 = 204800 bytes > PAGE_SIZE, itself vmalloc'ed" "vmalloc 100M: vpages"
contains "$out" "25701 order-0 pages" "vmalloc 100M: 25600 + 50 array + 51 page-table pages"
explain --sysroot "$I386VM4M" explain --api vmalloc --size 100M
is "$rc" "13" "vmalloc 100M on i386 with vmalloc=4M: fails"
contains "$out" "do not fit the 4 MiB vmalloc range" "vmalloc=4M: the range is too small"
# vmalloc needs one free hole (§8.1 step 3): the capture's addresses are real
# (kptr_restrict=1); 968 KiB free in 17 holes, the largest 648 KiB.
explain --sysroot "$I386VM4M" explain --api vmalloc --size 1M
is "$rc" "13" "vmalloc 1M with vmalloc=4M: fails"
contains "$out" "the largest free hole of the 4 MiB vmalloc range is 648 KiB" "vmalloc 1M: the largest hole decides"
contains "$out" "however much memory is free" "vmalloc 1M: address space, not memory"
explain --sysroot "$I386VM4M" explain --api vmalloc --size 800K
is "$rc" "13" "vmalloc 800K: fails though 968 KiB are free in all"
explain --sysroot "$I386VM4M" explain --api vmalloc --size 512K
is "$rc" "0" "vmalloc 512K: fits the largest hole"
contains "$out" "the largest of the 17 holes is 648 KiB at 0xfeafa000" "vmalloc 512K: the hole named"
explain --sysroot "$X86" explain --api vmalloc --size 1M
contains "$out" "the answer about address space is from VmallocTotal only" "hashed addresses: VmallocTotal only, said"
contains "$out" "kptr_restrict=0" "hashed addresses: kptr_restrict read for vmalloc"

# --- §12.6 a 100 MB DMA buffer ----------------------------------------------------
explain --sysroot "$X86" explain --api dma-coherent --size 100M
is "$rc" "13" "dma 100M: fails"
contains "$out" "needs order 15 (128 MiB), beyond the buddy allocator's largest block (order 10, 4 MiB)" "dma 100M: order 15"
for a in "a CMA area reserved at boot" "an IOMMU with DMA translation" "a scatter-gather list" "a boot-time reservation" "hugetlb gigantic pages"; do
	contains "$out" "$a" "dma 100M advice: $a"
done
explain --sysroot "$X86" explain --api dma-coherent --size 100M --iommu
is "$rc" "0" "dma 100M behind an IOMMU: succeeds (non-contiguous pages)"
explain --sysroot "$ARM64" explain --api dma-coherent --size 32M
is "$rc" "0" "arm64 with 64 MiB CMA: 32 MiB DMA buffer from CMA"
contains "$out" "from the CMA area" "arm64: CMA named"

# --- i386 HighMem --------------------------------------------------------------------
explain --sysroot "$I386" explain --size 100 --gfp 'GFP_KERNEL|__GFP_HIGHMEM'
is "$rc" "0" "i386 kmalloc HIGHMEM: exit 0"
contains "$out" "fallback      Normal → DMA" "i386 kmalloc HIGHMEM: never HighMem"
contains "$out" "Fixing up to gfp" "i386 kmalloc HIGHMEM: the kernel's fix-up named"
explain --sysroot "$I386" explain --api pages --order 0 --gfp 'GFP_KERNEL|__GFP_HIGHMEM'
contains "$out" "fallback      HighMem → Normal → DMA" "i386 alloc_pages HIGHMEM: HighMem first"
contains "$out" "HighMem (node 0, zone index 2, 562146 pages managed)  ← taken here" "i386 alloc_pages HIGHMEM: taken from HighMem"
contains "$out" "198872 free − 0 unusable = 198872 > low 12630 + reserve 17567 = 30197" "i386: Normal keeps 17567 pages from HighMem-capable requests"

# --- GFP_DMA on a machine without a DMA zone ----------------------------------------
# Variant: the 6.18 capture as a kernel without CONFIG_ZONE_DMA would print it:
# no DMA zone in zoneinfo/buddyinfo/pagetypeinfo, protection arrays one shorter.
nodma=$(variant nodma "$X86")
awk '/^Node/ { skip = ($4 == "DMA") } !skip { if ($1 == "protection:") { sub(/\(0, /, "(") } print }' \
	"$X86/proc/zoneinfo" >"$nodma/proc/zoneinfo"
grep -v 'zone      DMA' "$X86/proc/buddyinfo" >"$nodma/proc/buddyinfo"
grep -v 'zone      DMA' "$X86/proc/pagetypeinfo" >"$nodma/proc/pagetypeinfo"
explain --sysroot "$nodma" explain --api pages --order 0 --gfp 'GFP_KERNEL|GFP_DMA'
is "$rc" "0" "no ZONE_DMA: GFP_DMA succeeds from Normal"
contains "$out" "highest zone  Normal (index 1)" "no ZONE_DMA: GFP_DMA means Normal (OPT)"
contains "$out" "__GFP_DMA has no effect: this kernel has no ZONE_DMA" "no ZONE_DMA: said so"
contains "$out" "drop __GFP_DMA" "no ZONE_DMA: advice"

# --- lowmem_reserve and a zone below min ---------------------------------------------------
# Variant: Normal free 4000 (< min 4649), DMA32 free 13000 (> min 12185 but
# ≤ min 12185 + protection[Normal] 1152 = 13337).
squeeze=$(variant squeeze "$X86")
set_free "$squeeze" Normal 4000
set_free "$squeeze" DMA32 13000
explain --sysroot "$squeeze" explain --api pages --order 0 --gfp GFP_KERNEL
is "$rc" "10" "squeezed: GFP_KERNEL order 0 succeeds after reclaim (exit 10)"
contains "$out" "13000 free − 0 unusable = 13000 ≤ min 12185 + reserve 1152 = 13337 (the lowmem reserve refuses it)" "squeezed: lowmem_reserve makes DMA32 refuse a Normal-class request"
contains "$out" "direct reclaim can free 148863 reclaimable pages in Normal" "squeezed: reclaimable file pages of Normal"
explain --sysroot "$squeeze" explain --api pages --order 0 --gfp GFP_ATOMIC
is "$rc" "0" "below min: GFP_ATOMIC still succeeds"
contains "$out" "4000 free − 0 unusable = 4000 > min 4649 → 1744 (§4.3) + reserve 0 = 1744" "below min: atomic reserve 4649 → 1744"
contains "$out" "below the low watermark everywhere" "below min: says it went to the slow path"
explain --sysroot "$squeeze" explain --api pages --order 0 --gfp GFP_NOWAIT
is "$rc" "13" "below min: GFP_NOWAIT fails"

# --- compaction when pagetypeinfo is missing: the pageblocks are unknown -----------
v=$(variant nopti "$X86")
rm "$v/proc/pagetypeinfo"
awk '$1 == "Node" { for (k = 8; k <= NF; k++) $k = 0 } { print }' "$v/proc/buddyinfo" >"$v/proc/buddyinfo.new" && mv "$v/proc/buddyinfo.new" "$v/proc/buddyinfo"
explain --sysroot "$v" explain --api pages --order 3
is "$rc" "11" "no block of order >= 3 anywhere: succeeds after compaction"
contains "$out" "Movable pageblocks unknown (no pagetypeinfo)" "compaction: pageblocks unknown, not 0"

# --- --nodemask ---------------------------------------------------------------------------
explain --sysroot "$X86" explain --size 4M --nodemask 0
is "$rc" "0" "--nodemask 0: the only node, same verdict"
contains "$out" "nodemask 0: the zonelist walk skips the zones of every other node" "--nodemask: said in step 2"
js=$("$MEMLAYOUT" --sysroot "$X86" explain --size 4M --nodemask 0 --json 2>/dev/null)
is "$(json_get "$js" 'd["request"]["nodemask"]')" "0" "JSON: request.nodemask"
js=$("$MEMLAYOUT" --sysroot "$X86" explain --size 4M --json 2>/dev/null)
is "$(json_get "$js" 'd["request"]["nodemask"]')" "None" "JSON: no nodemask is null"

# --- --count ---------------------------------------------------------------------------
explain --sysroot "$X86" explain --api pages --order 3 --count 200000
contains "$out" "Normal 11929 (watermark), DMA32 94566 (watermark), DMA 0 (watermark)" "count: zone by zone, stopping at the watermark"
contains "$out" "count 12267 order-3 chunks on the usable lists" "count: Normal's order-3 chunks from pagetypeinfo"

# --- JSON ---------------------------------------------------------------------------------
js=$("$MEMLAYOUT" --sysroot "$X86" explain --size 4M --json 2>/dev/null)
is "$(json_get "$js" 'd["schema"], d["command"], d["verdict"], d["exit_code"]')" "(1, 'explain', 'succeeds-now', 0)" "JSON: envelope and verdict"
is "$(json_get "$js" '[d["page_request"]["zones"][0][k] for k in ("zone",)] + [d["page_request"]["zones"][0]["fast"][k] for k in ("free_pages","unusable_pages","mark_pages","lowmem_reserve_pages","ok")]')" "['Normal', 101250, 1023, 5811, 0, True]" "JSON: Normal's check as integers"
is "$(json_get "$js" 'd["api"]["order"], d["api"]["kmalloc_max_size"], d["request"]["size_bytes"]')" "(10, 4194304, 4194304)" "JSON: sizes in bytes"
is "$(json_get "$js" 'len(d["advice"]) > 0 and all(set(a) == {"what","why","ref"} for a in d["advice"])')" "True" "JSON: advice with what, why, ref"
js=$("$MEMLAYOUT" --sysroot "$X86" explain --size 4194305 --json 2>/dev/null)
is "$?" "13" "JSON of a failing request still prints, the exit code carries the verdict"
is "$(json_get "$js" 'd["verdict"], d["exit_code"], d["page_request"]')" "('fails', 13, None)" "JSON: fails, no page request"

# --- hex masks and kernels -----------------------------------------------------------------
explain --sysroot "$X86" explain --size 64K --gfp 0x40cc0
is "$rc" "0" "hex mask with the snapshot's kernel"
contains "$out" "0x40cc0 = GFP_KERNEL|__GFP_COMP on 6.18" "hex mask decoded for 6.18"
explain --sysroot "$X86" explain --size 64K --gfp 0x6000c0 --kernel 4.19
contains "$out" "= GFP_KERNEL on 4.19" "hex 0x6000c0 is GFP_KERNEL on 4.19"
explain explain --arch x86_64 --size 1 --gfp 0xcc0
is "$rc" "2" "what-if hex mask without --kernel: exit 2"
contains "$(cat "$tmp/err")" "needs --kernel VERSION" "hex without a kernel: says why"

# --- what-if arm64 page sizes ------------------------------------------------------------------
explain explain --arch aarch64 --page-size 64K --size 129K
is "$rc" "12" "what-if arm64 64K: within limits but no zone data (exit 12)"
contains "$out" "KMALLOC_MAX_CACHE_SIZE = 128 KiB (2 pages of 64 KiB)" "arm64 64K: KMALLOC_MAX_CACHE_SIZE 128 KiB"
explain explain --arch aarch64 --page-size 16K --size 33M
is "$rc" "13" "what-if arm64 16K: 33 MiB > KMALLOC_MAX_SIZE 32 MiB"
contains "$out" "(32 MiB = order 11 with 16 KiB pages)" "arm64 16K: order 11"

# --- bad input: one clear error, exit 2 -------------------------------------------------------
bad() {
	local want=$1; shift
	explain --sysroot "$X86" explain "$@"
	is "$rc" "2" "bad input ($*): exit 2"
	contains "$(cat "$tmp/err")" "$want" "bad input ($*): names the bad part"
}
bad "did you mean GFP_KERNEL?" --size 100 --gfp GFP_KERNL
bad "did you mean __GFP_NORETRY?" --size 100 --gfp 'GFP_KERNEL|__GFP_NORETY'
bad "--size 0" --size 0
bad "too large for 64 bits" --size 99999999999999999999
bad "does not fit in 64 bits" --size 17E
bad "MAX_PAGE_ORDER 10" --api pages --order 11
bad "not both" --size 4K --order 1 --api pages
bad "--order is for" --order 2
bad "node 5 does not exist" --size 1 --node 5
bad "unknown API 'slab'" --size 1 --api slab
bad "contradicts the snapshot" --size 1 --arch i686
bad "--elements is for" --size 1 --elements 3
bad "explain needs --size" --gfp GFP_KERNEL
bad "not of the form" --size 1 --kernel banana
bad "names no node of this machine" --size 1 --nodemask 1
bad "node list '0-x'" --size 1 --nodemask 0-x
bad "node list" --size 1 --nodemask ''

# --- help and robustness ------------------------------------------------------------------------
explain explain --help
is "$rc" "0" "--help exits 0"
contains "$out" "13  fails" "--help documents the verdict exit codes"
contains "$out" "--nodemask LIST" "--help documents --nodemask"
# No crash on odd input: every exit status is a documented one.
for args in "--size 1 --gfp none" "--size 1E --api vmalloc" "--size 8E --api kcalloc --elements 3" \
	"--size 1 --gfp 0xffffffffffffffff" "--api pages --order 0 --gfp __GFP_DMA|__GFP_HIGHMEM|__GFP_DMA32" \
	"--size 1 --gfp GFP_ATOMIC --api kvmalloc" "--size 16M --api kvmalloc --gfp GFP_NOWAIT" \
	"--size 100M --api dma-coherent --dma-mask 24" "--size 1 --api vmalloc --gfp GFP_NOFS|__GFP_NOFAIL" \
	"--api pages --order 10 --gfp GFP_TRANSHUGE --count 18446744073709551615"; do
	# shellcheck disable=SC2086
	"$MEMLAYOUT" --sysroot "$X86" explain $args >/dev/null 2>&1
	r=$?
	case $r in 0|2|10|11|12|13) ok 0 "no crash: $args (exit $r)" ;; *) ok 1 "no crash: $args (exit $r)" ;; esac
done

done_testing
