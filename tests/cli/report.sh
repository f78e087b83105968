#!/usr/bin/env bash
# memlayout report on the real failure reports of tests/fixtures/reports/
# (each with the truth.md of its thread), the captured SysRq-m and vmalloc
# logs, the constructed OOM reports, and malformed/truncated variants.
# Figures are read off the report text by hand; causes are the threads'.
. "$(dirname "$0")/lib.sh"

REP=$ML_FIXTURES/reports
MAL=$REP/malformed
CON=$REP/constructed
rj() { "$MEMLAYOUT" report --json "$@" 2>/dev/null; }
jq_() { json_get "$1" "$2"; }

# --- 01: i386 2.6.31, order-5 GFP_ATOMIC from e100: fragmentation, atomic
js=$(rj "$REP/01-i386-2.6.31-e100-order5-atomic/input.txt"); ok $? "01 exits 0"
is "$(jq_ "$js" 'len(d["reports"])')" "2" "01: two reports in one file"
is "$(jq_ "$js" 'd["reports"][0]["order"], d["reports"][0]["mode"]["hex"], d["reports"][0]["mode"]["decoded"]')" "(5, 32800, 'GFP_ATOMIC|__GFP_ZERO')" "01: order 5, mode 0x8020 decoded with the 2.6.31 layout"
is "$(jq_ "$js" '[z["free_bytes"] for z in d["reports"][0]["meminfo"]["zones"]]')" "[1122304, 3100672]" "01: DMA 1096kB and Normal 3028kB free"
is "$(jq_ "$js" 'd["reports"][0]["meminfo"]["zones"][1]["free_blocks"]')" "[135, 213, 21, 4, 5, 0, 0, 0, 0, 0, 0]" "01: Normal buddy counts"
is "$(jq_ "$js" 'd["reports"][0]["analysis"]["cause"], "atomic" in d["reports"][0]["analysis"]["tags"]')" "('fragmentation', True)" "01: fragmentation, atomic (truth: high-order atomic, fragmented Normal)"
contains "$(jq_ "$js" 'd["reports"][0]["mode"]["decoded_from"]')" "GFP bit layout of Linux 2.6.31-4.3" "01: the hex read with gfp.c's 2.6.31-4.3 layout"
contains "$(jq_ "$js" 'd["reports"][0]["analysis"]["explanation"]')" "the largest there is order 4 (64 KiB) in Normal" "01: names the largest block"

# --- 03: 5.11 order-10 __GFP_NORETRY from TTM, Gmail-wrapped
js=$(rj "$REP/03-x86_64-5.11-ttm-order10-noretry/input.txt")
r='d["reports"][0]'
is "$(jq_ "$js" "$r[\"order\"], $r[\"mode\"][\"names\"], $r[\"mems_allowed\"], $r[\"kernel\"]")" "(10, 'GFP_HIGHUSER|__GFP_NORETRY|__GFP_NOMEMALLOC', '0', '5.11.0-0.rc5.20210128git76c057c84d28.138.fc34.x86_64')" "03: wrapped header and CPU line joined"
is "$(jq_ "$js" "[z['free_bytes'] for z in $r['meminfo']['zones']]")" "[12083200, 310317056, 116547584]" "03: DMA 11800kB, DMA32 303044kB, Normal 113816kB"
is "$(jq_ "$js" "$r['meminfo']['zones'][1]['free_blocks']")" "[1009, 724, 488, 1111, 950, 620, 223, 74, 11, 2, 0]" "03: wrapped DMA32 buddy line joined"
is "$(jq_ "$js" "$r['analysis']['cause'], 'noretry' in $r['analysis']['tags']")" "('fragmentation', True)" "03: fragmentation at order 10, NORETRY opportunistic (truth)"
contains "$("$MEMLAYOUT" report "$REP/03-x86_64-5.11-ttm-order10-noretry/input.txt")" "add __GFP_NOWARN" "03: advises __GFP_NOWARN (the thread's fix)"

# --- 05: 4.1 arm64 GFP_KERNEL|__GFP_DMA order 2, Android prefix
js=$(rj "$REP/05-arm64-hi3650-4.1.18-order2-dma-fork/input.txt")
is "$(jq_ "$js" "$r['kernel'], $r['mode']['decoded'], $r['analysis']['cause']")" "('4.1.18-g09f547b', 'GFP_KERNEL|GFP_DMA|__GFP_NOTRACK', 'fragmentation')" "05: hex-only mode decoded for 4.1; DMA fragmented at order 2 (truth)"
is "$(jq_ "$js" "'lowmem-zone' in $r['analysis']['tags'], $r['meminfo']['zones'][0]['free_blocks'][:3]")" "(True, [68324, 24706, 2])" "05: lowmem (DMA) request, 2 order-2 blocks"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "never invokes the OOM killer" "05: lowmem request skips the OOM killer (truth)"

# --- 08: 2.6.18 NUMA, syslog, indented; GFP_ATOMIC order 3
js=$(rj "$REP/08-x86_64-numa4-2.6.18-e1000-jumbo-order3/input.txt")
is "$(jq_ "$js" "len($r['meminfo']['zones']), $r['mode']['decoded'], $r['analysis']['cause']")" "(16, 'GFP_ATOMIC', 'fragmentation')" "08: 16 zone lines, GFP_ATOMIC, fragmentation (truth)"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "Node 3 Normal 800 of 80144 free pages" "08: pages in blocks of order >= 3 per zone"

# --- 10: 6.11 GFP_NOIO|GFP_DMA32 order 7
js=$(rj "$REP/10-x86_64-steamdeck-6.11-order7-noio-dma32-resume/input.txt")
is "$(jq_ "$js" "$r['analysis']['cause'], sorted(t for t in $r['analysis']['tags'] if t in ('no-compaction','lowmem-zone','costly-order'))")" "('fragmentation', ['costly-order', 'lowmem-zone', 'no-compaction'])" "10: DMA32-only, NOIO forbids compaction, costly (truth)"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "held 481.3 MiB free" "10: zones it may not use (Normal) had the memory"

# --- 13: 4.8 costly order 4
js=$(rj "$REP/13-x86_64-4.8-rc3-nfsd-order4-costly/input.txt")
is "$(jq_ "$js" "$r['first_line'], $r['analysis']['cause'], 'costly-order' in $r['analysis']['tags']")" "(10, 'fragmentation', True)" "13: costly order-4 GFP_KERNEL, fragmented (truth)"
is "$(jq_ "$js" "$r['meminfo']['global_pages']['slab_reclaimable']")" "796425" "13: slab_reclaimable from an indented continuation line"

# --- 15: 6.1 arm64 4 nodes, order 5 GFP_KERNEL_ACCOUNT
js=$(rj "$REP/15-arm64-taishan-numa4-6.1-veth-order5-memcg/input.txt")
is "$(jq_ "$js" "$r['cpuset'], $r['analysis']['cause'], 'costly-order' in $r['analysis']['tags']")" "('docker.service', 'fragmentation', True)" "15: fragmented costly order; not a memcg limit (truth)"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "6.1%-24.2%" "15: share of free memory in order-5 blocks"

# --- 30: arm64 64K vmalloc vm_struct failure in module_alloc, no Mem-Info
js=$(rj "$REP/30-arm64-64k-6.2-vmalloc-vm_struct-module/input.txt")
is "$(jq_ "$js" "$r['analysis']['cause'], $r['analysis']['tags'], $r['page_size'], $r['vmalloc']['vmap_size_bytes']")" "('vmalloc-address-space', ['module-area'], 65536, 393216)" "30: module area exhausted; 64 KiB pages worked out from the vmap size (truth)"
is "$(jq_ "$js" "$r['analysis']['verdict_on_dump']")" "None" "30: no dump, no verdict on it"

# --- 41: 5.19 x86_64, a burst of one-line vmap failures in module loading, then one stack dump
js=$(rj "$REP/41-x86_64-5.19-kasan-module-vmap-burst/input.txt")
is "$(jq_ "$js" "len(d['reports']), $r['first_line'], $r['last_line'], $r['kind'], $r['vmalloc']['vmap_size_bytes']")" "(1, 1, 46, 'vmalloc_failure', 2498560)" "41: ten vmap lines and the stack dump are one report"
is "$(jq_ "$js" "$r['vmalloc']['vmap_burst']")" "{'count': 9, 'same_size': 7, 'first_line': 1, 'last_line': 9}" "41: nine more vmap failures counted, seven of the same size"
is "$(jq_ "$js" "$r['kernel'], $r['arch'], d['kernel'], d['arch']")" "('5.19.0', 'x86_64', '5.19.0', 'x86_64')" "41: kernel and arch in the report and the envelope"
is "$(jq_ "$js" "$r['analysis']['cause'], $r['analysis']['tags']")" "('vmalloc-address-space', ['module-area'])" "41: module area exhausted (truth)"
out=$("$MEMLAYOUT" report "$REP/41-x86_64-5.19-kasan-module-vmap-burst/input.txt")
contains "$out" "on x86_64 the module area is a fixed range" "41: module-area advice for x86_64"
lacks "$out" "arm64" "41: no arm64 advice on an x86_64 log"
contains "$out" "10 failures in one burst: module loads running at the same time" "41: the burst points at concurrent loads (truth)"
contains "$out" "9 more vmap failures in lines 1-9 (7 of the same size, 2 of other sizes)" "41: the burst is a note"
lacks "$out" "rules of 6.18" "41: the kernel is known"

# --- 42: i386 2010, NVIDIA driver, one vmap line, no kernel named
js=$(rj "$REP/42-i386-2010-nvidia-vmalloc-too-small/input.txt")
is "$(jq_ "$js" "len(d['reports']), $r['vmalloc']['vmap_size_bytes'], $r['kind'], $r['kernel'], d['kernel']")" "(1, 16781312, 'vmalloc_failure', None, '')" "42: one vmap failure of 16 MiB, kernel not named"
is "$(jq_ "$js" "$r['analysis']['cause']")" "vmalloc-address-space" "42: out of vmalloc address space (truth)"
out=$("$MEMLAYOUT" report "$REP/42-i386-2010-nvidia-vmalloc-too-small/input.txt")
contains "$out" "boot with a larger vmalloc=<size>" "42: names the vmalloc= boot parameter (the thread's fix)"
contains "$out" "every MiB added to the vmalloc area is taken from lowmem" "42: and its cost in lowmem"
contains "$out" "printed only by kernels up to 6.6" "42: the era from the message format"
lacks "$out" "rules of 6.18" "42: not said to be a 6.18 log"

# --- 31: 4.9 stalls, thrashing
js=$(rj "$REP/31-x86_64-4.9.13-stall-anon-thrashing/input.txt")
is "$(jq_ "$js" "[(x['kind'], x['stall_ms'], x['analysis']['cause']) for x in d['reports']]")" "[('page_allocation_stall', 10646, 'thrashing'), ('page_allocation_stall', 11024, 'thrashing')]" "31: two stalls, thrashing below min (truth)"

# --- 33: over-max-order WARNING
js=$(rj "$REP/33-arm64-syzkaller-6.1-warn-order-ge-max-order/input.txt")
is "$(jq_ "$js" "$r['kind'], $r['analysis']['cause'], $r['caller']")" "('max_order_warning', 'order-too-large', 'tun_napi_alloc_frags')" "33: order too large from an unchecked length (truth)"

# --- 44-49, 61-62: more real reports (INDEX.md), each checked against its thread
js=$(rj "$REP/44-arm-3.12-beaglebone-order1-atomic-cma/input.txt")
is "$(jq_ "$js" "len(d['reports']), $r['arch'], $r['kernel'], $r['caller'], $r['analysis']['cause'], $r['analysis']['tags']")" "(2, 'arm', '3.12.10-005-ts-armv7l', 'edma_prep_slave_sg', 'fragmentation', ['cma-only', 'atomic'])" "44: arm 3.12 order-1 atomic, wrapped release and arm frames, blocks only CMA (truth)"
is "$(jq_ "$js" "$r['meminfo']['zones'][0]['free_bytes'], $r['meminfo']['zones'][0]['min_bytes'], d['reports'][1]['analysis']['cause']")" "(13459456, 2052096, 'no-meminfo')" "44: Normal free 13144kB min 2004kB; the second report stops at Mem-info"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "every free block of order ≥ 1 is a CMA block (7.7 MiB of CMA free in all)" "44: the CMA blocks named (free_cma 1982 pages)"
is "$("$MEMLAYOUT" report --brief "$REP/44-arm-3.12-beaglebone-order1-atomic-cma/raw-qp-quoted.txt" | grep -c ': fragmentation')" "1" "44: the same cause from the quoted-printable, '> '-quoted mail as posted"
js=$(rj "$REP/45-x86_64-3.8-usb-partitions-order4-pre44/input.txt")
is "$(jq_ "$js" "$r['kernel'], $r['caller'], $r['analysis']['cause']")" "('3.8.0-rc4+', 'check_partition', 'fragmentation')" "45: 3.8 order-4 kmalloc of 64 KiB, fragmented (truth)"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "Normal 976 of 21202 free pages" "45: Normal has 976 pages in blocks of order ≥ 4 (16+64+128+256+512)"
js=$(rj "$REP/46-arm64-5.10-proc-sys-order5-order6/input.txt")
is "$(jq_ "$js" "[(x['order'], x['arch'], x['analysis']['cause']) for x in d['reports']]")" "[(5, 'arm64', 'fragmentation'), (6, 'arm64', 'fragmentation')]" "46: two oversized /proc/sys kmallocs, both fragmentation (truth)"
js=$(rj "$REP/47-riscv64-7.2-rtw89-dma32-empty-zone/input.txt")
is "$(jq_ "$js" "$r['arch'], $r['caller'], $r['analysis']['cause'], $r['analysis']['tags']")" "('riscv64', 'rtw89_pci_probe', 'no-usable-zone', ['zone-restricted', 'lowmem-zone'])" "47: riscv64 GFP_DMA32 with an empty DMA32 zone (truth)"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "ZONE_DMA32 (memory below 4 GiB) is empty here" "47: the empty zone named, with 15.4 GiB free above it"
contains "$(jq_ "$js" "[n['text'] for n in $r['analysis']['findings']]")" "(4028911 free pages) but no zone or buddy line" "47: free:4028911 pages read from the global block"
js=$(rj "$REP/48-x86_64-5.4-nfsd-order5-highatomic-quoted/input.txt")
is "$(jq_ "$js" "$r['kernel'], $r['analysis']['cause']")" "('5.4.121-o3', 'fragmentation')" "48: 5.4 order-5 kmalloc after long uptime, fragmented (truth)"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "every free block of order ≥ 5 is in the HighAtomic reserve" "48: the only large blocks are HighAtomic"
is "$("$MEMLAYOUT" report --brief "$REP/48-x86_64-5.4-nfsd-order5-highatomic-quoted/raw-quoted.txt" | grep -c ': fragmentation')" "1" "48: the same cause from the '> '-quoted mail text"
js=$(rj "$REP/49-x86_64-4.9-stall-interleaved-nofs/input.txt")
is "$(jq_ "$js" "[(x['kind'], x['stall_ms'] if 'stall_ms' in x else None) for x in d['reports']]")" "[('meminfo_dump', None), ('page_allocation_stall', 140001), ('page_allocation_stall', 140026)]" "49: a stall header cut by another CPU's message: both stalls, no spurious SysRq report"
is "$(jq_ "$js" "d['reports'][2]['task'], hex(d['reports'][2]['mode']['hex']), d['reports'][2]['analysis']['cause'], d['reports'][2]['meminfo']['zones'][0]['lowmem_reserve_pages']")" "('a.out', '0x342004a', 'low-memory', [0, 1677, 1677, 1677])" "49: the complete stall: below min; DMA's lowmem_reserve read across the 'Node 0' pieces (truth)"
js=$(rj "$REP/61-i686-2.6.18-oom-lowmem-pagetables/input.txt")
is "$(jq_ "$js" "$r['kind'], $r['order'], $r['mode']['decoded'], $r['oom']['killed_pid'], $r['oom']['killed_anon_rss_bytes'], $r['analysis']['cause']")" "('oom', 0, 'GFP_KERNEL', 27937, None, 'low-memory')" "61: 2.6.18 'oom-killer: gfp_mask=0xd0' header, kill line without sizes"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "page tables (597.1 MiB), kernel memory that lives in lowmem" "61: lowmem exhausted by page tables (152848 pages) while HighMem was free (truth)"
js=$(rj "$REP/62-arm-4.14-oom-lowmem-cma/input.txt")
is "$(jq_ "$js" "$r['arch'], $r['kernel'], $r['analysis']['cause'], 'lowmem-zone' in $r['analysis']['tags']")" "('arm', '4.14.65', 'not-visible-in-dump', True)" "62: arm 4.14 OOM: lowmem near min, the dump a moment later (truth)"
contains "$(jq_ "$js" "[p for p in $r['problems']]")" "the log stops before the OOM report's task table and kill line" "62: truncated, and says what is missing"
# --- 43: arm64 5.4 OOM, task table wrapped by the mail client, no killable process, panic
js=$(rj "$REP/43-arm64-5.4-oom-kmemleak-slab-wrapped-tasks/input.txt")
is "$(jq_ "$js" "$r['order'], $r['mode']['hex'], $r['mode']['decoded'], $r['kernel'], $r['arch']")" "(1, 265408, 'GFP_KERNEL|__GFP_COMP', '5.4.51-xxx', 'arm64')" "43: order 1, mode 0x40cc0, arm64 5.4"
is "$(jq_ "$js" "[(z['zone'], z['free_bytes'], z['min_bytes']) for z in $r['meminfo']['zones']]")" "[('Normal', 12955648, 14688256), ('Movable', 1383624704, 2605056)]" "43: Normal 12652kB free below min 14344kB, Movable 1351196kB free"
is "$(jq_ "$js" "$r['meminfo']['global_pages']['slab_unreclaimable'], $r['meminfo']['norders']")" "(795718, 11)" "43: 795718 pages of unreclaimable slab, 11 orders"
is "$(jq_ "$js" "$r['oom']['tasks'], $r['oom']['no_killable_processes'], $r['panic'], $r['last_line'], $r['truncated']")" "(55, True, 'System is deadlocked on memory', 295, False)" "43: 55 wrapped task rows joined; no killable process; panic ends the report"
is "$(jq_ "$js" "$r['analysis']['cause'], $r['analysis']['tags']")" "('low-memory', ['zone-restricted'])" "43: Normal below min, the free memory in Movable (truth)"
e=$(jq_ "$js" "$r['analysis']['explanation']")
contains "$e" "zones it may not use held 1.3 GiB free" "43: GFP_KERNEL may not use the 1.3 GiB free in Movable (truth)"
contains "$e" "unreclaimable slab 3 GiB (38%)" "43: unreclaimable slab holds the memory (truth)"
contains "$e" "The largest task was systemd-udevd (pid 238) with 5.4 MiB resident" "43: largest task from a wrapped row (rss 1394 pages)"
contains "$e" "found no process it could kill, so the kernel panicked: \"System is deadlocked on memory\"" "43: the outcome the user saw"
f=$(jq_ "$js" "[n['text'] for n in $r['analysis']['findings']]")
contains "$f" "the largest: kmemleak_object 2.3 GiB" "43: kmemleak_object is the largest slab cache (truth)"
contains "$("$MEMLAYOUT" report "$REP/43-arm64-5.4-oom-kmemleak-slab-wrapped-tasks/input.txt")" "Outcome:   Kernel panic - not syncing: System is deadlocked on memory" "43: text names the panic"

# --- undecoded quoted-printable mail text: decoded first, the causes of the decoded text
js13=$(rj "$REP/13-x86_64-4.8-rc3-nfsd-order4-costly/input.txt")
js=$(rj "$MAL/04-quoted-printable.txt")
is "$(jq_ "$js" "d['input_encoding'], $r['first_line'], $r['kernel'], $r['kernel_from'], $r['meminfo']['norders']")" "('quoted-printable', 10, '4.8.0-rc3-3.bug994066-default', 'stack dump header, line 11', 11)" "QP 04: decoded; release and buddy lines whole again"
is "$(jq_ "$js" "$r['analysis']['cause'], $r['analysis']['tags'], $r['analysis']['explanation']")" "$(jq_ "$js13" "$r['analysis']['cause'], $r['analysis']['tags'], $r['analysis']['explanation']")" "QP 04: the cause of the decoded text (13): fragmentation, not an order above MAX_PAGE_ORDER"
is "$(jq_ "$js13" "d['input_encoding']")" "None" "plain text is not decoded"
contains "$("$MEMLAYOUT" report "$MAL/04-quoted-printable.txt")" "is quoted-printable mail text: decoded before reading" "QP 04: the text output says it was decoded"
js=$(rj "$MAL/05-quoted-printable.txt")
is "$(jq_ "$js" "d['input_encoding'], $r['first_line'], $r['order'], $r['mode']['decoded'], $r['kernel'], $r['meminfo']['norders']")" "('quoted-printable', 17, 4, 'GFP_KERNEL|__GFP_NOTRACK', '3.8.0-rc4+', 11)" "QP 05: decoded; the release split by a soft break read, so the hex mode is decoded"
is "$(jq_ "$js" "$r['analysis']['cause'], $r['problems']")" "('fragmentation', [])" "QP 05: fragmentation at order 4, nothing unreadable"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "Normal 976 of 21202 free pages (min 8451)" "QP 05: order >= 4 pages of Normal as counted by hand"
# one bare "=" and the text is not quoted-printable: read as it is, yet its
# cut buddy lines never pass for MAX_PAGE_ORDER
js=$(sed '1s/$/ x=1/' "$MAL/04-quoted-printable.txt" | rj -)
is "$(jq_ "$js" "d['input_encoding'], $r['meminfo']['norders'], $r['analysis']['cause'] != 'order-too-large'")" "(None, 0, True)" "cut buddy lines: MAX_PAGE_ORDER unknown, not 2"
contains "$(jq_ "$js" "$r['problems']")" "MAX_PAGE_ORDER is unknown" "cut buddy lines: said so"

# --- 63-76: a second round of real reports (INDEX.md)
js=$(rj "$REP/63-x86_64-4.17-memcg-v1-oom-dirty-pages/input.txt")
is "$(jq_ "$js" "$r['oom']['memcg_usage_bytes'], $r['oom']['memcg_limit_bytes'], $r['oom']['memcg_failcnt'], $r['oom']['killed_pid'], $r['oom']['killed_anon_rss_bytes'], $r['analysis']['cause'], $r['analysis']['tags']")" "(10485760, 10485760, 13073, 18415, 483328, 'memcg-limit', ['memcg', 'dirty-pages'])" "63: memcg v1 at 10240kB of 10240kB, failcnt 13073; killed 18415 anon-rss 472kB (truth)"
e=$(jq_ "$js" "$r['analysis']['explanation']")
contains "$e" "Most of its page cache is dirty (8.4 MiB of 8.6 MiB) with nothing under writeback" "63: dirty 8580KB of cache 8848KB, writeback 0 (truth)"
contains "$e" "memory+swap 10 MiB, not limited" "63: a memory+swap limit of PAGE_COUNTER_MAX is no limit"
js=$(rj "$REP/64-x86_64-6.7-memcg-v2-memorymax-dirty-pages/input.txt")
is "$(jq_ "$js" "$r['oom']['constraint'], $r['oom']['memcg_limit_bytes'], $r['analysis']['cause'], 'dirty-pages' in $r['analysis']['tags']")" "('CONSTRAINT_MEMCG', 33554432, 'memcg-limit', True)" "64: cgroup v2 MemoryMax=32M full of dirty file pages (truth)"
lacks "$(jq_ "$js" "[n['text'] for n in $r['analysis']['notes']]")" "memory cgroup limits are not in" "64: no 'limits not in the dump' note on a report that printed them"
js=$(rj "$REP/65-x86_64-6.8-memcg-v1-order3-dirty-quoted-printable/input.txt")
is "$(jq_ "$js" "d['input_encoding'], $r['order'], $r['analysis']['cause'], 'dirty-pages' in $r['analysis']['tags'], $r['problems']")" "('quoted-printable', 3, 'memcg-limit', True, [])" "65: quoted-printable memcg OOM, its wrapped memory+swap and kmem lines read (truth)"
js=$(rj "$REP/66-powerpc-6.9-kswapd-lowmem-highmem/input.txt")
is "$(jq_ "$js" "len(d['reports']), $r['arch'], $r['task'], $r['analysis']['cause'], $r['analysis']['tags']")" "(3, 'powerpc', 'kswapd0', 'low-memory', ['lowmem-zone', 'zone-restricted', 'pf-memalloc'])" "66: ppc32 kswapd0 failures, lowmem exhausted (truth)"
contains "$(jq_ "$js" "[n['text'] for n in $r['analysis']['findings']]")" "DMA: 14 free pages (56 KiB) − 0 unusable = 14 ≤ min 2802 + lowmem_reserve 0" "66: ppc32 zone order: GFP_KERNEL uses lowmem_reserve[1] (0), not [2]"
js=$(rj "$REP/67-powerpc-4.9-32mb-oom-order1-fork-wrapped/input.txt")
is "$(jq_ "$js" "$r['arch'], $r['order'], $r['oom']['killed_pid'], $r['oom']['killed_anon_rss_bytes'], $r['analysis']['cause']")" "('powerpc', 1, 739, 3215360, 'not-visible-in-dump')" "67: ppc32 (not arm), the wrapped kill line's anon-rss 3140kB; the order-1 check passes (truth)"
js=$(rj "$REP/68-x86_64-3.10-memcg-oom-pagefault-panic-on-oom/input.txt")
is "$(jq_ "$js" "$r['analysis']['cause'], $r['panic']")" "('memcg-limit', 'Out of memory: compulsory panic_on_oom is enabled')" "68: a 3.10 memcg OOM known by mem_cgroup_oom_synchronize, then panic_on_oom (truth)"
js=$(rj "$REP/69-i386-2.6-2006-oom-lowmem-slab-no-meminfo-heading/input.txt")
is "$(jq_ "$js" "$r['order'], $r['analysis']['cause'], 'lowmem-zone' in $r['analysis']['tags']")" "(1, 'low-memory', True)" "69: a 2006 dump without its Mem-info line is read: Normal below min (truth)"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "lowmem is exhausted by kernel memory" "69: lowmem full of slab (206727 pages) while HighMem was free (truth)"
js=$(rj "$REP/70-x86_64-5.13-atomic-order7-rsyslog-wrapped/input.txt")
is "$(jq_ "$js" "$r['kernel'], $r['truncated'], $r['problems'], $r['analysis']['cause'], $r['analysis']['tags']")" "('5.13.14', False, [], 'fragmentation', ['fragmented', 'atomic'])" "70: rsyslog #012 and mail wraps read whole: order-7 GFP_ATOMIC, fragmented (truth)"
is "$(jq_ "$js" "$r['meminfo']['global_pages']['slab_unreclaimable']")" "245109" "70: 'slab_unreclaimable:245109#012' read"
js=$(rj "$REP/71-x86_64-5.4-virtio-net-atomic-order0-below-min/input.txt")
is "$(jq_ "$js" "$r['analysis']['cause'], $r['analysis']['tags']")" "('low-memory', ['lowmem-reserve', 'atomic'])" "71: atomic order 0 below min in every zone (truth)"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "The page cache (7.3 GiB) could have been reclaimed" "71: page cache from the node line when the global block is cut"
contains "$(jq_ "$js" "[x['what'] for x in $r['analysis']['advice']]")" "raise vm.min_free_kbytes" "71: advice for atomic allocations below min"
js=$(rj "$REP/72-x86_64-5.3-amdgpu-order4-kvmalloc/input.txt")
is "$(jq_ "$js" "$r['caller'], $r['order']")" "('dc_create_state', 4)" "72: amdgpu dc_create_state order 4 (truth)"
contains "$(jq_ "$js" "[x['what'] for x in $r['analysis']['advice']]")" "kvmalloc()" "72: kvmalloc advised, as the fix did"
js=$(rj "$REP/73-arm-3.10-imx6-atomic-free-memory-all-cma/input.txt")
is "$(jq_ "$js" "$r['task'], $r['analysis']['cause'], $r['analysis']['tags']")" "('swapper/0', 'low-memory', ['cma', 'atomic'])" "73: the free memory is CMA (truth); the Comm: of the stack dump, not the junk before the header"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "Most of the free memory there is CMA (139.8 MiB of 140.4 MiB)" "73: 143136kB of 143792kB free is CMA"
js=$(rj "$REP/74-ppc64-3.10-64k-atomic-only-cma-partial-dump/input.txt")
is "$(jq_ "$js" "$r['arch'], $r['page_size'], $r['caller'], 'cma-only' in $r['analysis']['tags']")" "('ppc64', 65536, 'tg3_poll_work', True)" "74: ppc64 frames, 64 KiB pages from the buddy line, only CMA blocks left (truth)"
js=$(rj "$REP/75-x86_64-5.5-ipmi-order4-header-only/input.txt")
is "$(jq_ "$js" "$r['order'], $r['mems_allowed'], $r['analysis']['cause']")" "(4, '0-1', 'no-meminfo')" "75: header only: the request is read, the cause not guessed"
js=$(rj "$REP/76-arm64-5.3-rpi-fb-cma-then-over-max-order/input.txt")
is "$(jq_ "$js" "$r['kind'], $r['cma_failed_pages'], $r['analysis']['cause'], $r['analysis']['tags']")" "('max_order_warning', 1753, 'order-too-large', ['max-order', 'cma'])" "76: cma_alloc of 1753 pages failed, then the buddy fallback's WARNING (truth)"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "order 11 here (above the largest block)" "76: 1753 pages is order 11"
lacks "$(jq_ "$js" "[x['what'] for x in $r['analysis']['advice']]")" "kvmalloc" "76: no kvmalloc advice for a DMA buffer"

# --- 77-88: a third round: 6.x reports and the formats people paste (INDEX.md)
js=$(rj "$REP/77-x86_64-6.8-ath11k-noio-order4/input.txt")
is "$(jq_ "$js" "$r['order'], $r['analysis']['cause'], 'no-compaction' in $r['analysis']['tags']")" "(4, 'fragmentation', True)" "77: costly NOIO order 4: fragmented, no compaction without __GFP_IO (truth)"
is "$(jq_ "$js" "[(z['zone'], z['free_bytes']//4096, z['min_bytes']//4096) for z in $r['meminfo']['zones'] if z['zone'] == 'Normal']")" "[('Normal', 193592, 48482)]" "77: Normal 193592 free pages, min 48482"
is "$(jq_ "$(rj "$REP/77-x86_64-6.8-ath11k-noio-order4/input-qp.txt")" "$r['analysis']['cause']")" "fragmentation" "77: the quoted-printable mail as archived reads the same"
js=$(rj "$REP/78-x86_64-6.2-kmemleak-vmalloc-in-early-boot/input.txt")
is "$(jq_ "$js" "$r['kind'], $r['analysis']['cause']")" "('vmalloc_failure', 'early-boot')" "78: vmalloc from start_kernel before vmalloc is set up, not address space (truth)"
js=$(rj "$REP/79-x86_64-6.8-drm-lease-over-max-order/input.txt")
is "$(jq_ "$js" "$r['analysis']['cause']")" "order-too-large" "79: over-max-order kcalloc from a user-controlled count (truth)"
contains "$(jq_ "$js" "[x['what'] for x in $r['analysis']['advice']]")" "bound the size before allocating" "79: bound the size and use kvmalloc, as the fix"
js=$(rj "$REP/80-arm64-6.10-64k-vmalloc-restricted-range/input.txt")
is "$(jq_ "$js" "d['page_size'], $r['page_size'], $r['analysis']['cause']")" "(65536, 65536, 'vmalloc-address-space')" "80: 64 KiB pages from the guard page, in the envelope too; address space (truth)"
lacks "$(jq_ "$js" "[x['what'] for x in $r['analysis']['advice']]")" "vmalloc=<size>" "80: no vmalloc= advice on arm64"
js=$(rj "$REP/81-x86_64-6.4-numa2-dmesg-H-not-a-shortage/input.txt")
is "$(jq_ "$js" "$r['task'], $r['first_line'], $r['kernel'], $r['analysis']['cause']")" "('bash', 95, '6.4.0+', 'not-a-shortage')" "81: dmesg -H stamps read; 110 GiB free: not a shortage (truth)"
js=$(rj "$REP/82-arm64-6.1-memcg-v2-memory-max-no-swap/input.txt")
is "$(jq_ "$js" "$r['oom']['memcg_usage_bytes'], $r['oom']['memcg_limit_bytes'], $r['oom']['memcg_failcnt'], $r['oom']['killed_pid'], $r['analysis']['cause']")" "(20971520, 20971520, 148, 4045, 'memcg-limit')" "82: memory.max 20 MiB reached, failcnt 148, pid 4045 killed (truth)"
js=$(rj "$REP/83-x86_64-3.10-var-log-messages-rsyslog-oom/input.txt")
is "$(jq_ "$js" "$r['task'], $r['analysis']['cause'], 'swap-full' in $r['analysis']['tags']")" "('EcNet-dns', 'low-memory', True)" "83: /var/log/messages with #012: memory and swap gone (truth)"
js=$(rj "$REP/84-x86_64-4.18-hyperv-journal-pager-cut-oom/input.txt")
is "$(jq_ "$js" "$r['analysis']['cause'], [z['zone'] for z in $r['meminfo']['zones'] if z['free_blocks']]")" "('low-memory', ['DMA'])" "84: pager-cut lines: DMA's buddy line read without its total, the others named as cut"
contains "$(jq_ "$js" "$r['problems']")" "8 lines end in '>': cut by a pager" "84: the pager cuts are counted"
lacks "$(jq_ "$js" "[n['text'] for n in $r['analysis']['notes']]")" "no zone figures in the report" "84: zones with watermarks are zone figures"
js=$(rj "$REP/85-x86_64-3.10-syslog-without-host-order6/input.txt")
is "$(jq_ "$js" "$r['task'], $r['order'], $r['analysis']['cause']")" "('exe', 6, 'fragmentation')" "85: syslog lines without a hostname: found, fragmented (truth)"
js=$(rj "$REP/86-arm64-6.9-dmesg-T-oom-page-tables/input.txt")
is "$(jq_ "$js" "$r['arch'], $r['task']")" "('arm64', 'kswapd0')" "86: dmesg -T arm64 OOM, arch from 'Call trace:'"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "page tables 20.8 GiB (65%)" "86: page tables held the memory (truth)"
js=$(rj "$REP/87-x86_64-4.10-kernel-prefix-two-ooms/input.txt")
is "$(jq_ "$js" "[(x['task'], x['kernel'], x['meminfo'] is not None) for x in d['reports']]")" "[('python', '4.10.0-1.fc26.x86_64', True), ('dnf', '4.9.9-200.fc25.x86_64', True)]" "87: 'kernel: ' prefixes stripped: both OOMs with their dumps"
js=$(rj "$REP/88-x86_64-6.x-dmesg-T-veth-order6/input.txt")
is "$(jq_ "$js" "$r['caller'], $r['order'], $r['analysis']['cause']")" "('veth_alloc_queues', 6, 'fragmentation')" "88: veth order-6 kcalloc, fragmented (truth)"
want=$(jq_ "$js" "[(x['order'], x['meminfo']['zones'], x['analysis']['cause'], x['analysis']['findings']) for x in d['reports']]")
for v in journalctl-short-precise kernlog-syslog-with-dmesg-ts; do
	is "$(jq_ "$(rj "$REP/88-x86_64-6.x-dmesg-T-veth-order6/variant-$v.txt")" "[(x['order'], x['meminfo']['zones'], x['analysis']['cause'], x['analysis']['findings']) for x in d['reports']]")" "$want" "88: the $v copy gives the same figures and findings"
done
js=$(rj "$CON/fault-injection-5.10-from-46.txt")
is "$(jq_ "$js" "[x['analysis']['cause'] for x in d['reports']]")" "['fault-injection', 'fragmentation']" "fault injection just before a report is the cause; the next report is judged on its own"

# --- 89-95: a fourth round (INDEX.md)
js=$(rj "$REP/89-x86_64-5.8-cpuset-oom-node-with-only-movable/input.txt")
is "$(jq_ "$js" "$r['oom']['constraint'], $r['oom']['killed_pid'], $r['analysis']['cause'], [z['node'] for z in $r['analysis']['zone_checks']]")" "('CONSTRAINT_CPUSET', 4100, 'cpuset', [])" "89: the cpuset's only node has only Movable, which GFP_HIGHUSER may not use (truth)"
js=$(rj "$REP/90-i386-4.2-fglrx-order5-lowmem/input.txt")
is "$(jq_ "$js" "$r['arch'], $r['order'], $r['analysis']['cause'], 'lowmem-zone' in $r['analysis']['tags']")" "('i386', 5, 'fragmentation', True)" "90: i386 order-5 in fragmented lowmem (truth)"
js=$(rj "$REP/91-x86_64-2.6.29-kvm-virtio-net-atomic-order0/input.txt")
is "$(jq_ "$js" "$r['analysis']['cause'], [(z['zone'], z['free_pages'], z['min_pages']) for z in $r['analysis']['zone_checks'] if z['zone'] == 'DMA32']")" "('low-memory', [('DMA32', 347, 378)])" "91: DMA32 347 free pages (1388kB) below the atomic min 378 (truth: 1388 < 4020/2)"
js=$(rj "$REP/92-x86_64-3.0-numa8-mempolicy-oom/input.txt")
is "$(jq_ "$js" "$r['analysis']['cause']")" "not-a-shortage" "92: terabytes free elsewhere: not a shortage, a placement (truth: mempolicy)"
js=$(rj "$REP/93-arm64-4.14-android-atomic-order0-only-highatomic/input.txt")
is "$(jq_ "$js" "$r['task'], $r['analysis']['cause']")" "('Binder:9343_3', 'reserved-free-lists')" "93: Samsung prefixes stripped; every free block HighAtomic (truth)"
js=$(rj "$REP/94-s390-2.6.5-qeth-atomic-order2-header-only/input.txt")
is "$(jq_ "$js" "$r['order'], $r['caller'], $r['analysis']['cause']")" "(2, 'alloc_skb', 'no-meminfo')" "94: s390 2.6.5 order 2 atomic, no dump posted"
is "$(jq_ "$(rj "$REP/94-s390-2.6.5-qeth-atomic-order2-header-only/input-as-posted-with-bar-quotes.txt")" "$r['task'], $r['order'], $r['caller']")" "('swapper', 2, 'alloc_skb')" "94: the same from the text quoted with '| ' bars"
js=$(rj "$REP/95-arm-4.6-napi-atomic-order0-nowait-high/input.txt")
is "$(jq_ "$js" "$r['analysis']['cause'], [(z['free_pages'], z['min_pages']) for z in $r['analysis']['zone_checks']]")" "('low-memory', [(290, 359)])" "95: GFP_NOWAIT|__GFP_HIGH on 4.6 has no __GFP_ATOMIC: min 717 halved once, 290 < 359 (truth)"
js=$(rj "$REP/96-arm-2.6.35-android-oom-order3-fragmented/input.txt")
is "$(jq_ "$js" "$r['mode']['decoded'], $r['analysis']['cause'], $r['analysis']['tags']")" "('GFP_KERNEL', 'fragmentation', ['no-swap'])" "96: 'oom_adj=' dates the header before 2.6.36: 0xd0 is GFP_KERNEL; order 3 with no block of 32K, no swap (truth)"
js=$(rj "$REP/98-i386-2.6.8-sk98lin-atomic-order0-header-only/input.txt")
is "$(jq_ "$js" "$r['order'], $r['caller'], $r['analysis']['cause']")" "(0, 'alloc_skb', 'no-meminfo')" "98: 2.6.8 atomic order 0 without a dump: the request read, no cause guessed"
contains "$(jq_ "$js" "[x['what'] for x in $r['analysis']['advice']]")" "raise vm.min_free_kbytes" "98: the thread's remedy for atomic failures is advised"
js=$(rj "$REP/97-x86_64-4.8-i915-order3-oom-buddy-lines-only/input.txt")
is "$(jq_ "$js" "$r['mode']['decoded'], $r['analysis']['cause']")" "('GFP_KERNEL|__GFP_RECLAIMABLE|__GFP_ZERO|__GFP_COMP', 'incomplete')" "97: GFP_TEMPORARY (4.8) decoded; only buddy lines quoted: incomplete"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "Its free lists rule out Normal, DMA32: no free block of order ≥ 3" "97: what the buddy lines alone show: no order-3 block in Normal or DMA32 (truth: fragmentation)"
js=$(rj "$REP/91-x86_64-2.6.29-kvm-virtio-net-atomic-order0/input.txt")
is "$(jq_ "$js" "[z['present_bytes'] for z in $r['meminfo']['zones'] if z['zone'] == 'DMA32']")" "[1042448384]" "91: present:1018016 / kB wrapped by the mail client is read as 1018016 kB"

# --- captured: SysRq-m alone, and the vmalloc=4M boot
js=$(rj "$ML_FIXTURES/captured/qemu-i386-6.1-3g-highmem/sysrq-m.txt")
is "$(jq_ "$js" "$r['kind'], [z['zone'] for z in $r['meminfo']['zones']], $r['meminfo']['zones'][2]['free_bytes']")" "('meminfo_dump', ['DMA', 'Normal', 'HighMem'], 2274029568)" "sysrq-m: Mem-Info alone, HighMem 2220732kB free"
js=$(rj "$ML_FIXTURES/captured/qemu-i386-6.1-3g-vmalloc4m-vmap-failure/dmesg.txt")
is "$(jq_ "$js" "$r['first_line'], $r['analysis']['cause'], $r['vmalloc']['size_bytes']")" "(372, 'vmalloc-address-space', 1801529)" "vmalloc=4M boot: address space, not memory"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "booted with vmalloc=4M" "vmalloc=4M from the kernel command line"
out=$("$MEMLAYOUT" --sysroot "$ML_FIXTURES/captured/qemu-i386-6.1-3g-vmalloc4m-vmap-failure" report --brief); ok $? "--sysroot DIR reads DIR/dmesg.txt"
contains "$out" "vmalloc-address-space" "--sysroot: the same report"

# --- constructed OOM and vmalloc reports (reports/constructed/NOTES.md)
js=$(rj "$CON/oom-x86_64-6.1-global-noswap.txt")
is "$(jq_ "$js" "$r['kind'], $r['analysis']['cause'], 'no-swap' in $r['analysis']['tags'], $r['oom']['killed_pid']")" "('oom', 'low-memory', True, 40213)" "global OOM: below min, no swap for 7.5 GiB of anon"
js=$(rj "$CON/oom-i386-6.1-lowmem-slab.txt")
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "lowmem is exhausted by kernel memory, which HighMem cannot take" "i386 OOM: lowmem exhausted by slab while HighMem free"
js=$(rj "$CON/oom-memcg-v2-5.15.txt")
is "$(jq_ "$js" "$r['analysis']['cause'], $r['oom']['memcg_usage_bytes'], $r['oom']['memcg_limit_bytes']")" "('memcg-limit', 536870912, 536870912)" "memcg OOM: cgroup at its limit"
js=$(rj "$CON/oom-cpuset-6.1-2node.txt")
is "$(jq_ "$js" "$r['analysis']['cause']")" "cpuset" "cpuset OOM: only node 1 allowed"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "rest of the machine held 19.1 GiB free" "cpuset OOM: the other node's free memory"
js=$(rj "$CON/oom-mempolicy-6.12-2node.txt")
is "$(jq_ "$js" "$r['analysis']['cause'], $r['nodemask'], 'swap-full' in $r['analysis']['tags']")" "('mempolicy', '0', True)" "mempolicy OOM: nodemask 0, swap full"
is "$(jq_ "$js" "sorted(set(z['node'] for z in $r['analysis']['zone_checks']))")" "[0]" "mempolicy OOM: explain skips node 1 (nodemask=0 passed to it)"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "while the rest of the machine held 10 GiB free" "mempolicy OOM: node 1's free memory named"
js=$(rj "$CON/vmalloc-pages-account-6.6.txt")
is "$(jq_ "$js" "$r['analysis']['cause'], $r['vmalloc']['allocated_bytes']")" "('memcg-charge', 266240)" "vmalloc page failure with free pages and __GFP_ACCOUNT: the cgroup"
js=$(rj "$CON/vmalloc-old-3.2-i386-two-line.txt")
is "$(jq_ "$js" "len(d['reports']), $r['analysis']['cause'], $r['mode']['decoded']")" "(1, 'vmalloc-address-space', 'GFP_KERNEL|__GFP_HIGHMEM')" "3.2: vmap + vmalloc + page failure lines are one report"

# --- explain's notes are worded for a dump: no /proc file is blamed
bad=0
for f in "$REP"/*/input.txt "$CON"/*.txt "$ML_FIXTURES"/captured/*/dmesg.txt "$ML_FIXTURES"/captured/*/sysrq-m.txt; do
	n=$("$MEMLAYOUT" report --json "$f" 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(sum(1 for r in d["reports"] for n in r["analysis"]["notes"] + r["analysis"]["findings"]
          if any(w in n["text"] for w in ("/proc", "these files", "pagetypeinfo", "buddyinfo"))))')
	[ "$n" = 0 ] || { bad=1; echo "# $f: $n notes about /proc files"; }
done
ok $bad "report: no note or finding talks about /proc files"

# --- malformed and truncated: never a silently wrong figure
out=$("$MEMLAYOUT" report "$MAL/13-garbled-numbers.txt"); ok $? "garbled numbers: still exits 0"
contains "$out" "min:44x00kB is not a number" "garbled min is named"
contains "$out" "Incomplete: the figures of DMA32, which the request may use, could not be read" "zones with unreadable figures: no conclusion drawn from them"
# Normal's min is unreadable: not checked against a made-up min 0, but its
# buddy line (two 16kB blocks at most) fails an order-4 request anyway
contains "$out" "Normal: not checked, its free pages or watermarks unknown (missing or unreadable in the dump); its free lists have no block of the order the mask may use, so it fails whatever they are" "garbled min: the zone is not checked, its free lists still rule it out"
contains "$out" "DMA32: not checked, its free blocks per order unknown (missing or unreadable in the dump); 33298 free − 15 unusable > min 5811 + lowmem_reserve 4994, so its free blocks would decide" "garbled buddy line: the order-0 part from the zone line, the rest unknown"
js=$(rj "$MAL/03-cut-after-dma32.txt")
is "$(jq_ "$js" "$r['truncated'], $r['analysis']['cause']")" "(True, 'incomplete')" "cut dump: truncated, zones without free lists not judged"
f=$(jq_ "$js" "[n['text'] for n in $r['analysis']['findings']]")
contains "$f" "DMA: not checked, its free blocks per order unknown (missing or unreadable in the dump); 2950 free − 1023 unusable ≤ min 8 + lowmem_reserve 31787, so it fails whatever they are" "cut dump: DMA fails on its zone line alone (lowmem_reserve)"
contains "$(jq_ "$js" "$r['analysis']['explanation']")" "Incomplete: the figures of DMA32, which" "cut dump: only DMA32 is left undecided"
contains "$(jq_ "$js" "[n['text'] for n in $r['analysis']['notes']]")" "zone Normal, which this request may use, is not in the dump" "cut dump: the configured zone it never reached is named (zone numbering)"
# a zone line lost, its buddy line kept: never judged against min 0
js=$(rj "$MAL/03-no-normal-zone-line.txt")
is "$(jq_ "$js" "$r['analysis']['cause']")" "fragmentation" "no Normal zone line, no order-10 block there: still fragmentation"
f=$(jq_ "$js" "[n['text'] for n in $r['analysis']['findings']]")
contains "$f" "Normal: not checked, its free pages or watermarks unknown (missing or unreadable in the dump); its free lists have no block of the order the mask may use, so it fails whatever they are" "no Normal zone line: ruled out by its free lists"
[[ "$f" != *"Normal: 28414 free pages"* ]]; ok $? "no Normal zone line: no check against a watermark of 0"
js=$(rj "$MAL/03-no-normal-zone-line-4m-block.txt")
is "$(jq_ "$js" "$r['analysis']['cause']")" "incomplete" "no Normal zone line but a free 4 MiB block there: incomplete"
f=$(jq_ "$js" "[n['text'] for n in $r['analysis']['findings']]")
contains "$f" "Normal: not checked, its free pages or watermarks unknown (missing or unreadable in the dump); it has a free order-10 block, so they decide whether it passes" "the unknown watermarks are named as what decides"
js=$(rj "$MAL/10-header-only.txt")
is "$(jq_ "$js" "$r['truncated'], $r['analysis']['cause']")" "(True, 'no-meminfo')" "header only: says the Mem-Info is missing"
js=$(rj "$MAL/10-overflow.txt")
is "$(jq_ "$js" "$r['order'], $r['analysis']['cause']")" "(None, 'unexplained')" "overflowing order: not guessed"
for v in 31-crlf 10-devkmsg-raw 13-mail-quoted 15-journal-iso 01-interleaved; do
	n=$("$MEMLAYOUT" report --brief "$MAL/$v.txt" | grep -c ': fragmentation\|: thrashing'); is "$n" "$(case $v in 31*|01*) echo 2;; *) echo 1;; esac)" "$v: same cause as the original"
done

# --- command line, exit status
out=$("$MEMLAYOUT" report /dev/null); rc=$?
is "$rc" "3" "no report found: exit 3"
contains "$out" "no allocation failure reports found" "no report found: said on stdout"
is "$(rj /dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["reports"])')" "[]" "no report: JSON reports []"
"$MEMLAYOUT" report /nonexistent/kern.log >/dev/null 2>&1; is "$?" "1" "missing file: exit 1"
"$MEMLAYOUT" report --nope x >/dev/null 2>&1; is "$?" "2" "bad option: exit 2"
"$MEMLAYOUT" report a b >/dev/null 2>&1; is "$?" "2" "two files: exit 2"
h=$("$MEMLAYOUT" report --help); ok $? "--help exits 0"
contains "$h" "3 no allocation-failure report was found" "--help documents exit 3"
out=$("$MEMLAYOUT" report - < "$REP/13-x86_64-4.8-rc3-nfsd-order4-costly/input.txt"); ok $? "standard input with -"
contains "$out" "of standard input" "stdin named in the output"
is "$("$MEMLAYOUT" report --brief "$REP/01-i386-2.6.31-e100-order5-atomic/input.txt" | wc -l)" "2" "--brief: one line per report"
out=$("$MEMLAYOUT" report "$REP/10-x86_64-steamdeck-6.11-order7-noio-dma32-resume/input.txt")
contains "$out" "Why, step by step" "text: step-by-step section"
contains "$out" "§4.4  DMA32: 2449 free pages" "text: zone check with the numbers"
# live log: /dev/kmsg or dmesg; either works, or the refusal is explained
out=$("$MEMLAYOUT" report --brief 2>&1); rc=$?
case $rc in 0|3) ok 0 "live kernel log read (exit $rc)";; 1) contains "$out" "cannot read the kernel log" "live log unreadable: said so";; *) ok 1 "live log: unexpected exit $rc";; esac

# --- robustness: every fixture cut at many places, no crash, exit 0 or 3
bad=0
for f in "$REP"/*/input.txt "$MAL"/* "$CON"/*.txt; do
	size=$(wc -c < "$f")
	for cut in 1 50 200 777 1500 3000 5000 9000 14000; do
		[ "$cut" -gt "$size" ] && continue
		head -c "$cut" "$f" | "$MEMLAYOUT" report --json - >/dev/null 2>&1
		rc=$?; [ $rc = 0 ] || [ $rc = 3 ] || { bad=1; echo "# $f cut at $cut: exit $rc"; }
	done
done
ok $bad "every fixture cut at 9 places: exit 0 or 3, never a crash"

done_testing
