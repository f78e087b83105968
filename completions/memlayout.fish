# fish completion for memlayout(1).  Commands, options and columns follow
# src/main.c and src/cmd/*.c (the column tables); keep them in step with
# `memlayout COMMAND --help`.
# Planned commands (slab, vmalloc, procs, maps, explain, report, top) are
# completed once they exist.

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

complete -c memlayout -f

# Commands.
complete -c memlayout -n __memlayout_needs_command -a zones -d 'nodes and zones: ranges, watermarks, protection, free memory'
complete -c memlayout -n __memlayout_needs_command -a buddy -d 'free blocks per order, per migrate type, fragmentation indices'
complete -c memlayout -n __memlayout_needs_command -a snapshot -d 'copy every file memlayout reads into a directory'

# Options before and after the command.
complete -c memlayout -l sysroot -x -a '(__fish_complete_directories)' -d 'read a snapshot laid out like / instead of the live system'
complete -c memlayout -s J -l json -d 'one JSON document (sizes in bytes as integers)'
complete -c memlayout -s n -l noheadings -d 'no header line'
complete -c memlayout -s r -l raw -d 'raw output: no alignment, no tree'
complete -c memlayout -s b -l bytes -d 'exact sizes in bytes instead of K/M/G'
complete -c memlayout -s h -l help -d 'show the usage, or the command\'s options and columns'
# --color takes its value only as --color=WHEN.
complete -c memlayout -l color -d 'colour the output (auto, always, never)'
complete -c memlayout -n 'string match -q -- "--color=*" (commandline -ct)' -a '--color=auto --color=always --color=never'
complete -c memlayout -n __memlayout_needs_command -s V -l version -d 'print the version'

# After the command.
complete -c memlayout -n 'not __memlayout_needs_command' -s o -l output -x -a '(__memlayout_columns)' -d 'columns to show; +COLS adds to the defaults'
complete -c memlayout -n '__memlayout_using buddy' -s t -l by-type -d 'split by migrate type, pageblocks per type (root)'
complete -c memlayout -n '__memlayout_using snapshot' -l force -d 'write into DIR even if it is not empty'
complete -c memlayout -n '__memlayout_using snapshot' -l pid -x -a '(__memlayout_pids)' -d "also copy these processes' files"
complete -c memlayout -n '__memlayout_using snapshot' -l all-pids -d 'also copy the files of every process'
complete -c memlayout -n '__memlayout_using snapshot; and __memlayout_snapshot_needs_dir' -x -a '(__fish_complete_directories)'
