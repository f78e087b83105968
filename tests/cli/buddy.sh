#!/usr/bin/env bash
# memlayout buddy on real captures.  The fragmentation indices must equal the
# kernel's own debugfs extfrag files, taken together with each capture's
# buddyinfo, to three decimals.
. "$(dirname "$0")/lib.sh"

for snap in "$CAP"/*/; do
	name=$(basename "$snap")
	[ -f "$snap/sys/kernel/debug/extfrag/extfrag_index" ] || continue
	ours=$("$MEMLAYOUT" --sysroot "$snap" buddy -r -n -o ZONE,ORDER,UNUSABLE,FRAGINDEX 2>/dev/null)
	ok $? "$name: buddy exits 0"
	# Turn the kernel's per-zone rows into "ZONE ORDER UNUSABLE FRAGINDEX" lines.
	want=$(awk 'FNR==NR { for (k = 5; k <= NF; k++) u[$4" "k-5] = $k; next }
	            { for (k = 5; k <= NF; k++) print $4, k-5, u[$4" "k-5], $k }' \
		"$snap/sys/kernel/debug/extfrag/unusable_index" "$snap/sys/kernel/debug/extfrag/extfrag_index")
	is "$ours" "$want" "$name: unusable_index and extfrag_index equal the kernel's debugfs files for every zone and order"
done

# Counts and bytes read off buddyinfo by hand: Normal order 10 has 89 blocks
# of 4 MiB = 373293056 bytes; order 0 has 486 blocks.
out=$("$MEMLAYOUT" --sysroot "$X86" buddy -r -n -b -o ZONE,ORDER,BLOCK,COUNT,FREE 2>/dev/null)
is "$(grep '^Normal 10 ' <<<"$out")" "Normal 10 4194304 89 373293056" "Normal order 10: 89 blocks, 356 MiB"
is "$(grep '^Normal 0 ' <<<"$out")" "Normal 0 4096 486 1990656" "Normal order 0: 486 single pages"
is "$(wc -l <<<"$out")" "33" "3 populated zones x 11 orders"

# --by-type splits each order by migrate type (pagetypeinfo): Normal order 0 is
# 386 Unmovable + 97 Movable + 3 Reclaimable = 486.
out=$("$MEMLAYOUT" --sysroot "$X86" buddy --by-type -r -n -o ZONE,ORDER,COUNT,UNMOVABLE,MOVABLE,RECLAIMABLE,HIGHATOMIC,ISOLATE 2>/dev/null)
is "$(grep '^Normal 0 ' <<<"$out")" "Normal 0 486 386 97 3 0 0" "by-type: Normal order 0 = 386 U + 97 M + 3 E"
pb=$("$MEMLAYOUT" --sysroot "$X86" buddy --by-type -b 2>/dev/null | sed -n '/^Pageblocks/,$p')
contains "$pb" "Pageblocks (512 pages each, order 9)" "pageblock order 9 from pagetypeinfo"
is "$(awk '$1=="Normal" && $2=="Movable" {print $3, $4}' <<<"$pb")" "503 1054867456" "Normal has 503 Movable pageblocks = 503 x 2 MiB"

# arm64 CMA column (32 CMA pageblocks, 15 free order-10 CMA blocks).
out=$("$MEMLAYOUT" --sysroot "$ARM64" buddy --by-type -r -n -o ZONE,ORDER,COUNT,MOVABLE,CMA 2>/dev/null)
is "$(grep '^DMA 10 ' <<<"$out")" "DMA 10 472 457 15" "arm64: order 10 = 457 Movable + 15 CMA blocks"

# i386: pageblock order 10 (4 MiB huge pages without PAE).
pb=$("$MEMLAYOUT" --sysroot "$I386" buddy --by-type 2>/dev/null)
contains "$pb" "Pageblocks (1024 pages each, order 10)" "i386: pageblock order 10"

# Without pagetypeinfo (non-root on a live system, or a snapshot without it),
# --by-type says so once and still shows the totals.
tmp=$(mktemp -d)
cp -r "$X86"/. "$tmp"/ && rm "$tmp/proc/pagetypeinfo"
out=$("$MEMLAYOUT" --sysroot "$tmp" buddy --by-type -r -n 2>"$tmp.err")
ok $? "buddy --by-type without pagetypeinfo exits 0"
contains "$(cat "$tmp.err")" "--by-type (free blocks per migrate type, pageblocks) cannot be shown" "says once that --by-type needs pagetypeinfo"
is "$(grep -c pagetypeinfo "$tmp.err")" "1" "pagetypeinfo named exactly once"
rm -rf "$tmp" "$tmp.err"

# JSON: orders as objects with exact integers and the indices as numbers.
js=$("$MEMLAYOUT" --sysroot "$X86" buddy -J 2>/dev/null)
is "$(json_get "$js" '[o["count"] for o in d["orders"] if o["zone"]=="Normal" and o["order"]==10][0]')" "89" "JSON: Normal order 10 count"
is "$(json_get "$js" '[o["unusable_index"] for o in d["orders"] if o["zone"]=="DMA" and o["order"]==9][0]')" "0.066" "JSON: DMA order 9 unusable index 0.066 (as debugfs)"
is "$(json_get "$js" 'd["max_order"]')" "10" "JSON: max order 10 from 11 buddyinfo columns"

done_testing
