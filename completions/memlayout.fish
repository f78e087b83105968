# fish completion for memlayout(1).  Commands, options and columns follow
# src/main.c and src/cmd/*.c (the column tables); keep them in step with
# `memlayout COMMAND --help`.

# The command word: the first token that is neither an option nor the value
# of --sysroot, -o/--output or --pid.
function __memlayout_command
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l skip 0
    for t in $tokens
        if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case --sysroot -o --output --pid
                set skip 1
            case '-*'
            case '*'
                echo $t
                return 0
        end
    end
    return 1
end

function __memlayout_needs_command
    not __memlayout_command >/dev/null
end

function __memlayout_using
    test "$(__memlayout_command)" = "$argv[1]"
end

# snapshot takes one DIR: true while it has not been given yet.
function __memlayout_snapshot_needs_dir
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l skip 0
    set -l words 0
    for t in $tokens
        if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case --sysroot -o --output --pid
                set skip 1
            case '-*'
            case '*'
                set words (math $words + 1)
        end
    end
    # The first word is the command itself.
    test $words = 1
end

function __memlayout_by_type
    for t in (commandline -opc)
        if test "$t" = --by-type; or string match -qr -- '^-[Jnrbht]*t[Jnrbht]*$' $t
            return 0
        end
    end
    return 1
end

# slab --kmalloc (-k, also bundled) switches the column set.
function __memlayout_kmalloc
    for t in (commandline -opc)
        if test "$t" = --kmalloc; or string match -qr -- '^-[Jnrbhk]*k[Jnrbhk]*$' $t
            return 0
        end
    end
    return 1
end

# vmalloc --by VIEW (kind when not given).
function __memlayout_vmalloc_view
    set -l tokens (commandline -opc)
    set -l view kind
    for i in (seq (count $tokens))
        if test "$tokens[$i]" = --by; and test $i -lt (count $tokens)
            set view $tokens[(math $i + 1)]
        else if string match -q -- '--by=*' $tokens[$i]
            set view (string replace -- '--by=' '' $tokens[$i])
        end
    end
    echo $view
end

# maps takes one PID: true while it has not been given yet.
function __memlayout_maps_needs_pid
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l skip 0
    set -l words 0
    for t in $tokens
        if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case --sysroot -o --output --group
                set skip 1
            case '-*'
            case '*'
                set words (math $words + 1)
        end
    end
    # The first word is the command itself.
    test $words = 1
end

# maps --group or --why switches the column set.
function __memlayout_maps_mode
    for t in (commandline -opc)
        switch $t
            case --group '--group=*'
                echo group
                return
            case --why
                echo why
                return
        end
    end
    echo mappings
end

# -o: comma-separated names, an optional leading '+'; the last name is
# completed, the ones before it are kept as typed.
function __memlayout_columns
    set -l cmd (__memlayout_command)
    set -l cols
    switch $cmd
        case zones
            set cols NODE\t'NUMA node' ZONE\t'zone name' \
                START\t'first physical address of the zone' \
                END\t"last physical address of the zone's span" \
                SPANNED\t'size of the physical range, holes included' \
                PRESENT\t'RAM present in the range' \
                MANAGED\t'RAM given to the buddy allocator' \
                FREE\t'free memory (NR_FREE_PAGES)' \
                MIN\t'min watermark (boost included)' \
                LOW\t'low watermark: below it kswapd wakes' \
                HIGH\t'high watermark: kswapd reclaims up to it' \
                PROMO\t'promo watermark (NUMA tiering)' \
                BOOST\t'watermark boost after fragmenting fallbacks' \
                STATE\t'where free stands against the watermarks' \
                LARGEST\t'largest free block' \
                PROTECTION\t'lowmem_reserve in pages' \
                CMA\t'CMA pages in the zone' \
                PCP\t'free pages on per-CPU lists'
        case buddy
            set cols NODE\t'NUMA node' ZONE\t'zone' ORDER\t'buddy order' \
                BLOCK\t'size of one block of this order' \
                COUNT\t'free blocks of this order' \
                FREE\t'memory in those blocks' \
                SHARE\t"share of the zone's free memory" \
                BAR\t"share of the zone's free memory as a bar" \
                UNUSABLE\t'unusable free space index' \
                FRAGINDEX\t'external fragmentation index'
            if __memlayout_by_type
                for t in UNMOVABLE MOVABLE RECLAIMABLE HIGHATOMIC CMA ISOLATE
                    set -a cols $t\t'free blocks of this type'
                end
            end
        case slab
            if __memlayout_kmalloc
                set cols FAMILY\t'kmalloc family' CACHE\t'slab cache of the class' \
                    SIZE\t'class size' REQUESTS\t'request sizes that land in this class' \
                    OBJSIZE\t'object stride in slabinfo' ACTIVE\t'objects in use' \
                    OBJS\t'objects in all slabs' SLABS\t'slabs' \
                    MEMORY\t'slabs x pages per slab x page size' \
                    ACTIVEMEM\t'objects in use x object size' UTIL\t'ACTIVEMEM / MEMORY'
            else
                set cols NAME\t'cache name' ACTIVE\t'objects in use' \
                    OBJS\t'objects in all slabs' USE\t'ACTIVE / OBJS' \
                    OBJSIZE\t'bytes per object with metadata' OBJ/SLAB\t'objects per slab' \
                    PAGES/SLAB\t'pages per slab' SLABS\t'slabs' \
                    ACTIVESLABS\t'slabs with objects in use (SLAB)' \
                    MEMORY\t'SLABS x PAGES/SLAB x page size' ACTIVEMEM\t'ACTIVE x OBJSIZE' \
                    OBJMEM\t'OBJS x OBJSIZE' WASTE\t'MEMORY - ACTIVEMEM' \
                    UTIL\t'ACTIVEMEM / MEMORY' LIMIT\t'SLAB tunable limit' \
                    BATCH\t'SLAB tunable batch count' SHARED\t'SLAB tunable shared factor'
            end
        case vmalloc
            switch (__memlayout_vmalloc_view)
                case area
                    set cols START\t'first address' END\t'end address, exclusive' \
                        SIZE\t'reserved bytes with the guard page' MEMORY\t'pages allocated' \
                        CALLER\t'allocating function [module]' KINDS\t'vmallocinfo words' \
                        PHYS\t'ioremap physical address' NODES\t'pages per NUMA node' \
                        LINE\t'line in vmallocinfo'
                case caller
                    set cols CALLER\t'allocating function [module]'
                case node
                    set cols NODE\t'NUMA node'
                case '*'
                    set cols KIND\t'vmallocinfo word'
            end
            if test (__memlayout_vmalloc_view) != area
                set -a cols AREAS\t'vmallocinfo lines' \
                    SIZE\t'virtual space reserved, guard pages included' \
                    MEMORY\t'pages allocated behind the areas' PAGES\t'the same in pages' \
                    SHARE\t'share of all reserved space' KINDS\t"vmallocinfo words of the caller's areas"
            end
        case procs
            set cols PID\t'process ID' USER\t'effective user (a snapshot: the uid)' \
                UID\t'effective user ID' COMMAND\t'command name (status Name)' \
                ARGS\t'command line' VIRT\t'address space mapped (status VmSize)' \
                RSS\t'resident: smaps_rollup Rss when PSS is read, else VmRSS' \
                PSS\t'proportional set size' USS\t'Private_Clean + Private_Dirty' \
                SWAP\t'swapped out' SWAPPSS\t'swap divided among its sharers' \
                SHARED\t'Shared_Clean + Shared_Dirty' PSS_ANON\t'PSS of anonymous pages' \
                PSS_FILE\t'PSS of file pages' PSS_SHMEM\t'PSS of shared memory' \
                LOCKED\t'mlocked' THP\t'anonymous memory in transparent huge pages'
        case maps
            switch (__memlayout_maps_mode)
                case group
                    set cols GROUP\t'file name ([anon]) or kind' MAPPINGS\t'mappings in the group'
                case why
                    set cols PART\t"the part's key" WHAT\t'part of VIRT' \
                        BYTES\t'bytes of VIRT in the part' SHARE\t'share of VIRT' \
                        MAPPINGS\t'mappings with bytes in the part' WHY\t'what it is'
                case '*'
                    set cols START\t'first address' END\t'address after the last byte' \
                        PERMS\t'r/w/x, s shared or p private' OFFSET\t'offset in the file' \
                        DEVICE\t'device major:minor' INODE\t'inode of the file' \
                        KIND\t'anon, file, heap, stack, shmem, hugetlb, ... (+thp)' \
                        ROLE\t'thread-stack, stack-guard, malloc-arena, arena-reserve' \
                        VMFLAGS\t"the kernel's VmFlags mnemonics" \
                        NAME\t'file, [heap], ... or empty for anonymous memory'
            end
            if test (__memlayout_maps_mode) != why
                set -a cols VIRT\t'size (smaps Size)' RSS\t'resident (hugetlbfs excluded)' \
                    PSS\t'proportional set size' SHR_CLEAN\t'shared, clean' \
                    SHR_DIRTY\t'shared, dirty' PRV_CLEAN\t'private, clean' \
                    PRV_DIRTY\t'private, dirty' SWAP\t'swapped out' LOCKED\t'mlocked' \
                    ANON\t'anonymous pages' THP\t'in transparent huge pages' \
                    HUGETLB\t'hugetlbfs pages, not in RSS' SWAPPSS\t'swap divided among its sharers'
            end
        case '*'
            return
    end
    set -l cur (string replace -r -- '^(--output=|-o)' '' (commandline -ct))
    set -l prefix ''
    if string match -q -- '*,*' $cur
        set prefix (string replace -r -- '[^,]*$' '' $cur)
    else if string match -q -- '+*' $cur
        set prefix +
    end
    for c in $cols
        echo $prefix$c
    end
end

# --pid: one PID or a comma-separated list.
function __memlayout_pids
    set -l cur (string replace -r -- '^--pid=' '' (commandline -ct))
    set -l prefix (string replace -r -- '[^,]*$' '' $cur)
    for p in (__fish_complete_pids)
        echo $prefix$p
    end
end

# explain --gfp: GFP names (kernel-model §1.2, §1.3) joined with | or ,
function __memlayout_gfp
    set -l cur (string replace -r -- '^(--gfp=|-g)' '' (commandline -ct))
    set -l prefix (string replace -r -- '[^|,]*$' '' $cur)
    for g in GFP_KERNEL\t'may sleep, reclaim, do I/O and FS work' \
            GFP_KERNEL_ACCOUNT\t'GFP_KERNEL charged to the memory cgroup' \
            GFP_ATOMIC\t'cannot sleep, may use part of the min reserve' \
            GFP_NOWAIT\t'cannot sleep, no reserves' GFP_NOIO\t'may sleep, no I/O, no compaction' \
            GFP_NOFS\t'no filesystem work' GFP_USER GFP_HIGHUSER GFP_HIGHUSER_MOVABLE \
            GFP_TRANSHUGE GFP_TRANSHUGE_LIGHT GFP_DMA\t'ZONE_DMA only' GFP_DMA32\t'below 4 GiB' \
            __GFP_DMA __GFP_HIGHMEM __GFP_DMA32 __GFP_MOVABLE __GFP_RECLAIMABLE __GFP_HIGH \
            __GFP_IO __GFP_FS __GFP_ZERO __GFP_DIRECT_RECLAIM __GFP_KSWAPD_RECLAIM __GFP_RECLAIM \
            __GFP_WRITE __GFP_NOWARN __GFP_RETRY_MAYFAIL __GFP_NOFAIL __GFP_NORETRY \
            __GFP_MEMALLOC __GFP_COMP __GFP_NOMEMALLOC __GFP_HARDWALL __GFP_THISNODE \
            __GFP_ACCOUNT __GFP_ZEROTAGS
        echo $prefix$g
    end
end

complete -c memlayout -f

# Commands.
complete -c memlayout -n __memlayout_needs_command -a zones -d 'nodes and zones: ranges, watermarks, protection, free memory'
complete -c memlayout -n __memlayout_needs_command -a buddy -d 'free blocks per order, per migrate type, fragmentation indices'
complete -c memlayout -n __memlayout_needs_command -a slab -d 'slab caches: objects, pages, waste; kmalloc size classes (--kmalloc)'
complete -c memlayout -n __memlayout_needs_command -a vmalloc -d 'vmalloc areas by kind, caller and node; free holes of the range'
complete -c memlayout -n __memlayout_needs_command -a procs -d 'every process: VIRT, RSS, PSS, USS, swap; the sum of PSS'
complete -c memlayout -n __memlayout_needs_command -a maps -d "one process's mappings, totals as pmap -X, why VIRT exceeds RSS"
complete -c memlayout -n __memlayout_needs_command -a explain -d 'would an allocation of SIZE with GFP flags succeed here, and why'
complete -c memlayout -n __memlayout_needs_command -a report -d 'explain the allocation-failure and OOM reports in a kernel log'
complete -c memlayout -n __memlayout_needs_command -a top -d 'live view like top: header, zones, slab, processes, vmalloc'
complete -c memlayout -n __memlayout_needs_command -a snapshot -d 'copy every file memlayout reads into a directory'

# Options before and after the command.
complete -c memlayout -l sysroot -x -a '(__fish_complete_directories)' -d 'read a snapshot laid out like / instead of the live system'
complete -c memlayout -s J -l json -d 'one JSON document (sizes in bytes as integers)'
complete -c memlayout -n 'not __memlayout_using top' -s n -l noheadings -d 'no header line'
complete -c memlayout -n 'not __memlayout_using top' -s r -l raw -d 'raw output: no alignment, no tree'
complete -c memlayout -s b -l bytes -d 'exact sizes in bytes instead of K/M/G'
complete -c memlayout -s h -l help -d 'show the usage, or the command\'s options and columns'
# --color takes its value only as --color=WHEN.
complete -c memlayout -l color -d 'colour the output (auto, always, never)'
complete -c memlayout -n 'string match -q -- "--color=*" (commandline -ct)' -a '--color=auto --color=always --color=never'
complete -c memlayout -n __memlayout_needs_command -s V -l version -d 'print the version'

# After the command.
complete -c memlayout -n 'not __memlayout_needs_command; and not __memlayout_using report; and not __memlayout_using explain; and not __memlayout_using top' -s o -l output -x -a '(__memlayout_columns)' -d 'columns to show; +COLS adds to the defaults'
complete -c memlayout -n '__memlayout_using buddy' -s t -l by-type -d 'split by migrate type, pageblocks per type (root)'
complete -c memlayout -n '__memlayout_using slab' -s s -l sort -x -a 'name objs size total waste util' -d 'sort the caches (numbers largest first)'
complete -c memlayout -n '__memlayout_using slab' -s t -l top -x -d 'show only the first N caches'
complete -c memlayout -n '__memlayout_using slab' -l name -x -a '(test -r /proc/slabinfo; and awk "NR > 2 {print \$1}" /proc/slabinfo)' -d 'only caches matching the shell pattern'
complete -c memlayout -n '__memlayout_using slab' -s k -l kmalloc -d 'the kmalloc size classes by family, with their use'
complete -c memlayout -n '__memlayout_using vmalloc' -l by -x -a 'kind caller node area' -d 'main table'
complete -c memlayout -n '__memlayout_using vmalloc' -s t -l top -x -d 'callers to list'
complete -c memlayout -n '__memlayout_using vmalloc' -l size -x -d 'would vmalloc(SIZE) find room now? (K, M, G suffixes)'
complete -c memlayout -n '__memlayout_using procs' -l sort -x -a 'vsz rss pss uss swap pid cmd' -d 'sort the processes (sizes largest first)'
complete -c memlayout -n '__memlayout_using procs' -l user -x -a '(__fish_complete_users)' -d 'only this user (name or uid)'
complete -c memlayout -n '__memlayout_using procs' -l cmd -x -d 'command name or line containing PATTERN, or a glob'
complete -c memlayout -n '__memlayout_using procs' -l pid -x -a '(__memlayout_pids)' -d 'only these processes'
complete -c memlayout -n '__memlayout_using procs' -l top -x -d 'only the first N after sorting'
complete -c memlayout -n '__memlayout_using maps' -l group -x -a 'file kind' -d 'one row per file or per kind'
complete -c memlayout -n '__memlayout_using maps' -l why -d 'break VIRT down into parts that add up to it'
complete -c memlayout -n '__memlayout_using maps; and __memlayout_maps_needs_pid' -x -a '(__fish_complete_pids)'
complete -c memlayout -n '__memlayout_using explain' -s s -l size -x -d 'bytes to allocate (K, M, G suffixes)'
complete -c memlayout -n '__memlayout_using explain' -l order -x -d '2^N pages (APIs pages, get-free-pages)'
complete -c memlayout -n '__memlayout_using explain' -s g -l gfp -x -a '(__memlayout_gfp)' -d 'GFP flags joined with | or , (or hex with --kernel)'
complete -c memlayout -n '__memlayout_using explain' -s a -l api -x -a 'kmalloc kzalloc kcalloc kvmalloc vmalloc pages get-free-pages dma-coherent' -d 'kernel API'
complete -c memlayout -n '__memlayout_using explain' -l elements -x -d 'kcalloc element count'
complete -c memlayout -n '__memlayout_using explain' -l node -x -d 'preferred NUMA node'
complete -c memlayout -n '__memlayout_using explain' -l nodemask -x -d 'nodes the allocation may use (0-1,3)'
complete -c memlayout -n '__memlayout_using explain' -s c -l count -x -d 'count how many fit now'
complete -c memlayout -n '__memlayout_using explain' -l kernel -x -d 'kernel whose rules apply (6.18, 6.1, ...)'
complete -c memlayout -n '__memlayout_using explain' -l arch -x -a 'x86_64 i686 aarch64' -d 'what-if without a snapshot'
complete -c memlayout -n '__memlayout_using explain' -l page-size -x -a '4K 16K 64K' -d 'what-if page size'
complete -c memlayout -n '__memlayout_using explain' -l dma-mask -x -a '24 32 64' -d "dma-coherent: the device's DMA mask in bits"
complete -c memlayout -n '__memlayout_using explain' -l iommu -d 'dma-coherent: the device is behind a translating IOMMU'
complete -c memlayout -n '__memlayout_using report' -l brief -d 'one line per report: where, what, and the cause'
# report reads a saved kernel log (or - for standard input)
complete -c memlayout -n '__memlayout_using report' -F
complete -c memlayout -n '__memlayout_using snapshot' -l force -d 'write into DIR even if it is not empty'
complete -c memlayout -n '__memlayout_using snapshot' -l pid -x -a '(__memlayout_pids)' -d "also copy these processes' files"
complete -c memlayout -n '__memlayout_using snapshot' -l all-pids -d 'also copy the files of every process'
complete -c memlayout -n '__memlayout_using snapshot; and __memlayout_snapshot_needs_dir' -x -a '(__fish_complete_directories)'
# top: -n is --iterations here, as in top(1)
complete -c memlayout -n '__memlayout_using top' -s d -l delay -x -d 'seconds between refreshes (default 2)'
complete -c memlayout -n '__memlayout_using top' -s n -l iterations -x -d 'stop after N refreshes'
complete -c memlayout -n '__memlayout_using top' -l batch -d 'plain text frames like top -b'
complete -c memlayout -n '__memlayout_using top' -l screen -x -a 'zones slab procs vmalloc all' -d 'screen shown first; in batch a comma-separated list'
complete -c memlayout -n '__memlayout_using top' -l sort -x -a 'zone free largest name mem delta objs size util pid user rss rss-change pss pss-change uss swap virt command caller areas' -d 'sort column of the first screen'
complete -c memlayout -n '__memlayout_using top' -l types -d 'zones: free blocks per migrate type (pagetypeinfo)'
complete -c memlayout -n '__memlayout_using top' -l pss -d 'procs: PSS, USS and Swap columns (smaps_rollup)'
complete -c memlayout -n '__memlayout_using top' -s w -l width -x -d 'batch: width to lay frames out for'
