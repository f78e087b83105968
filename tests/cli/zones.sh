#!/usr/bin/env bash
# memlayout zones on real captures; every figure below is read off the
# capture's zoneinfo/buddyinfo by hand (pages × 4096).
. "$(dirname "$0")/lib.sh"

out=$("$MEMLAYOUT" --sysroot "$X86" zones -b -r -n -o ZONE,START,END,PRESENT,MANAGED,FREE,MIN,LOW,HIGH,STATE,LARGEST 2>/dev/null)
ok $? "zones on the 6.18 x86_64 capture exits 0"
# DMA: start_pfn 1, spanned 4095, present 3998, managed 3840, free 3840,
# min 60, low 75, high 90; buddyinfo has three order-10 blocks.
is "$(sed -n 1p <<<"$out")" "DMA 0x1000 0xffffff 16375808 15728640 15728640 245760 307200 368640 above\\x20high 4194304" \
	"DMA row: range, sizes and watermarks in bytes"
# Normal: start_pfn 1048576 (4 GiB), spanned 5505024 -> end (1048576+5505024)*4096-1;
# managed 294912, free 101250, min 4649, low 5811, high 6973.
is "$(sed -n 3p <<<"$out")" "Normal 0x100000000 0x63fffffff 22548578304 1207959552 414720000 19042304 23801856 28561408 above\\x20high 4194304" \
	"Normal row: 4 GiB start, 21 GiB present but 1.1 GiB managed"
is "$(sed -n 4p <<<"$out" | cut -d' ' -f1,6,10)" "Movable 0 empty" "empty Movable zone is listed as empty"
is "$(wc -l <<<"$out")" "5" "five zones: DMA DMA32 Normal Movable Device"

err=$("$MEMLAYOUT" --sysroot "$X86" zones 2>&1 >/dev/null)
contains "$err" "MemTotal is 24105 MiB but the zones manage only 4186 MiB" "deferred memory: MemTotal vs managed is warned about, not hidden"

human=$("$MEMLAYOUT" --sysroot "$X86" zones 2>/dev/null)
contains "$human" "Node 0 Normal: 395.5 MiB free of 1.1 GiB managed, largest free block 4 MiB (order 10), above the high watermark." "plain-language summary of Normal"
contains "$human" "lowmem_reserve keeps all of it (16.3 MiB) from allocations that may use higher zones" "DMA summary explains the lowmem reserve (4171 pages)"

# 32-bit HighMem: Normal ends at 0x36bfdfff (875 MiB), HighMem above it.
out=$("$MEMLAYOUT" --sysroot "$I386" zones 2>/dev/null)
contains "$out" "Node 0 HighMem: 2.1 GiB free" "i386: HighMem zone summarised"
contains "$out" "HighMem is not permanently mapped into the kernel's address space" "i386: HighMem explained as not permanently mapped"
contains "$out" "This is lowmem" "i386: Normal explained as lowmem"
raw=$("$MEMLAYOUT" --sysroot "$I386" zones -r -n -b -o ZONE,START,END,MANAGED,PROTECTION 2>/dev/null)
is "$(grep '^Normal' <<<"$raw")" "Normal 0x1000000 0x36bfdfff 836829184 0,0,17567,17567" "i386 Normal: lowmem range, managed 204304 pages, protection for HighMem requests"

# JSON: valid, exact integers, same figures as the table.
js=$("$MEMLAYOUT" --sysroot "$X86" zones --json 2>/dev/null)
ok $? "zones --json exits 0"
is "$(json_get "$js" 'd["schema"]')" "1" "JSON envelope has schema 1"
is "$(json_get "$js" 'd["kernel"]')" "6.18.44-fc-v657" "JSON envelope names the kernel release from proc/version"
is "$(json_get "$js" '[z["free_bytes"] for z in d["zones"] if z["zone"]=="Normal"][0]')" "414720000" "JSON Normal free_bytes equals the table"
is "$(json_get "$js" '[z["protection_pages"] for z in d["zones"] if z["zone"]=="DMA"][0]')" "[0, 3019, 4171, 4171, 4171]" "JSON protection array in pages"
is "$(json_get "$js" 'len(d["warnings"])')" "1" "JSON carries the cross-check warning"

# arm64: everything in DMA, CMA pages counted.
out=$("$MEMLAYOUT" --sysroot "$ARM64" zones -r -n -b -o ZONE,MANAGED,FREE,CMA 2>/dev/null)
is "$(grep '^DMA ' <<<"$out")" "DMA 2059268096 1991528448 67108864" "arm64: DMA managed 502751 pages, free 486213, CMA 16384 pages"

done_testing
