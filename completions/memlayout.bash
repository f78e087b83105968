# bash completion for memlayout(1)                        -*- shell-script -*-
# Commands, options and columns follow src/main.c and src/cmd/*.c (the
# column tables); keep them in step with `memlayout COMMAND --help`.

_memlayout_columns()
{
	# $1: command; $2: 1 when buddy runs with --by-type; $3: slab's
	# "kmalloc" (--kmalloc), vmalloc's --by view, or maps' "group" or "why"
	case $1 in
	zones)
		echo NODE ZONE START END SPANNED PRESENT MANAGED FREE MIN LOW HIGH \
			PROMO BOOST STATE LARGEST PROTECTION CMA PCP
		;;
	buddy)
		echo NODE ZONE ORDER BLOCK COUNT FREE SHARE BAR UNUSABLE FRAGINDEX
		# One column per migrate type, only with --by-type.
		[[ $2 == 1 ]] && echo UNMOVABLE MOVABLE RECLAIMABLE HIGHATOMIC CMA ISOLATE
		;;
	slab)
		if [[ $3 == kmalloc ]]; then
			echo FAMILY CACHE SIZE REQUESTS OBJSIZE ACTIVE OBJS SLABS MEMORY ACTIVEMEM UTIL
		else
			echo NAME ACTIVE OBJS USE OBJSIZE OBJ/SLAB PAGES/SLAB SLABS ACTIVESLABS \
				MEMORY ACTIVEMEM OBJMEM WASTE UTIL LIMIT BATCH SHARED
		fi
		;;
	vmalloc)
		case $3 in
		area) echo START END SIZE MEMORY CALLER KINDS PHYS NODES LINE ;;
		caller) echo CALLER AREAS SIZE MEMORY PAGES SHARE KINDS ;;
		node) echo NODE AREAS SIZE MEMORY PAGES SHARE KINDS ;;
		*) echo KIND AREAS SIZE MEMORY PAGES SHARE KINDS ;;
		esac
		;;
	procs)
		echo PID USER UID COMMAND ARGS VIRT RSS PSS USS SWAP SWAPPSS SHARED PSS_ANON \
			PSS_FILE PSS_SHMEM LOCKED THP
		;;
	maps)
		case $3 in
		group) echo GROUP MAPPINGS VIRT RSS PSS SHR_CLEAN SHR_DIRTY PRV_CLEAN PRV_DIRTY SWAP \
			LOCKED ANON THP HUGETLB SWAPPSS ;;
		why) echo PART WHAT BYTES SHARE MAPPINGS WHY ;;
		*) echo START END PERMS OFFSET DEVICE INODE KIND ROLE VIRT RSS PSS SHR_CLEAN SHR_DIRTY \
			PRV_CLEAN PRV_DIRTY SWAP LOCKED ANON THP HUGETLB SWAPPSS VMFLAGS NAME ;;
		esac
		;;
	esac
}

# explain --gfp: GFP names (kernel-model §1.2, §1.3), joined with | or ,
_memlayout_gfp_names="GFP_KERNEL GFP_KERNEL_ACCOUNT GFP_ATOMIC GFP_NOWAIT GFP_NOIO GFP_NOFS
	GFP_USER GFP_HIGHUSER GFP_HIGHUSER_MOVABLE GFP_TRANSHUGE GFP_TRANSHUGE_LIGHT GFP_DMA
	GFP_DMA32 __GFP_DMA __GFP_HIGHMEM __GFP_DMA32 __GFP_MOVABLE __GFP_RECLAIMABLE
	__GFP_HIGH __GFP_IO __GFP_FS __GFP_ZERO __GFP_DIRECT_RECLAIM __GFP_KSWAPD_RECLAIM
	__GFP_RECLAIM __GFP_WRITE __GFP_NOWARN __GFP_RETRY_MAYFAIL __GFP_NOFAIL __GFP_NORETRY
	__GFP_MEMALLOC __GFP_COMP __GFP_NOMEMALLOC __GFP_HARDWALL __GFP_THISNODE __GFP_ACCOUNT
	__GFP_ZEROTAGS"

_memlayout_pids()
{
	# $1: text to put before each match
	COMPREPLY=($(compgen -P "$1" -W "$(cd /proc 2>/dev/null && compgen -G '[1-9]*' | grep -E '^[0-9]+$')" -- "$2"))
}

_memlayout_dirs()
{
	# $1: text to put before each match (--opt= when '=' is not a word break)
	if [[ -z $1 ]] && declare -F _filedir >/dev/null; then
		_filedir -d
		return
	fi
	compopt -o filenames 2>/dev/null
	local IFS=$'\n'
	COMPREPLY=($(compgen -P "$1" -d -- "$cur"))
}

_memlayout()
{
	local cur prev cword=$COMP_CWORD pre="" eq=0
	local -a words=("${COMP_WORDS[@]}")
	cur=${words[cword]}
	prev=${words[cword - 1]}

	# "--opt=value": bash splits the word at '=' (COMP_WORDBREAKS), giving
	# "--opt" "=" "value"; without '=' in COMP_WORDBREAKS it is one word.
	if [[ $cur == = ]]; then
		cur=""
		eq=1
	elif [[ $prev == = ]] && ((cword >= 2)); then
		prev=${words[cword - 2]}
		eq=1
	elif [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		pre=$prev=
		cur=${cur#*=}
		eq=1
	fi

	# The command is the first word that is neither an option nor an
	# option's value; by_type and ndirs matter after it.
	local i w cmd="" by_type=0 nargs=0 mode=""
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		case $w in
		--sysroot | -o | --output | --pid)
			[[ ${words[i + 1]} == = ]] && ((i++))
			((i++))
			;;
		--color)
			[[ ${words[i + 1]} == = ]] && ((i += 2))
			;;
		--by-type)
			by_type=1
			;;
		--kmalloc)
			mode=kmalloc
			;;
		--by | --sort | --top | --name | --size | --user | --cmd | --group | \
			--order | --gfp | --api | --node | --nodemask | --count | --elements | --kernel | --arch | \
			--page-size | --dma-mask | --delay | --iterations | --width | --screen)
			[[ ${words[i + 1]} == = ]] && ((i++))
			[[ $w == --by ]] && mode=${words[i + 1]}
			[[ $w == --group ]] && mode=group
			((i++))
			;;
		--group=*)
			mode=group
			;;
		--why)
			mode=why
			;;
		--by=*)
			mode=${w#--by=}
			;;
		-*)
			[[ $w =~ ^-[Jnrbht]*t[Jnrbht]*$ ]] && by_type=1
			[[ $cmd == slab && $w =~ ^-[Jnrbhk]*k[Jnrbhk]*$ ]] && mode=kmalloc
			# slab's -s KEY and -t N, vmalloc's -t N take a value.
			[[ ($cmd == slab && $w =~ ^-[Jnrbhk]*[st]$) || ($cmd == vmalloc && $w =~ ^-[Jnrbh]*t$) ]] && ((i++))
			# explain's -s SIZE, -g FLAGS, -a API and -c N take a value.
			[[ $cmd == explain && $w =~ ^-[Jbh]*[sgac]$ ]] && ((i++))
			# top's -d SECS, -n N and -w COLS take a value.
			[[ $cmd == top && $w =~ ^-[Jbh]*[dnw]$ ]] && ((i++))
			;;
		*)
			if [[ -z $cmd ]]; then
				cmd=$w
			else
				((nargs++))
			fi
			;;
		esac
	done

	case $prev in
	--sysroot)
		_memlayout_dirs "$pre"
		return
		;;
	-o | --output)
		[[ -n $cmd ]] || return
		# Comma-separated, an optional leading '+', names case-insensitive.
		local last=$cur prefix="" c cols=""
		if [[ $cur == *,* ]]; then
			prefix=${cur%,*},
			last=${cur##*,}
		elif [[ $cur == +* ]]; then
			prefix=+
			last=${cur#+}
		fi
		for c in $(_memlayout_columns "$cmd" "$by_type" "$mode"); do
			[[ ,${prefix#+}, == *,$c,* ]] || cols+="$c "
		done
		compopt -o nospace 2>/dev/null
		COMPREPLY=($(compgen -P "$pre$prefix" -S , -W "$cols" -- "${last^^}"))
		return
		;;
	--pid)
		local last=$cur prefix="" pids
		if [[ $cur == *,* ]]; then
			prefix=${cur%,*},
			last=${cur##*,}
		fi
		pids=$(cd /proc 2>/dev/null && compgen -G '[1-9]*' | grep -E '^[0-9]+$')
		COMPREPLY=($(compgen -P "$pre$prefix" -W "$pids" -- "$last"))
		return
		;;
	--gfp | -g)
		[[ $cmd == explain ]] || return
		# The last name after | or , (quote | for the shell; , needs no quotes).
		local last=$cur prefix=""
		if [[ $cur == *[\|,]* ]]; then
			last=${cur##*[|,]}
			prefix=${cur%"$last"}
		fi
		compopt -o nospace 2>/dev/null
		COMPREPLY=($(compgen -P "$pre$prefix" -W "$_memlayout_gfp_names" -- "$last"))
		return
		;;
	--api | -a)
		[[ $cmd == explain ]] || return
		COMPREPLY=($(compgen -P "$pre" -W "kmalloc kzalloc kcalloc kvmalloc vmalloc pages get-free-pages dma-coherent" -- "$cur"))
		return
		;;
	--arch)
		COMPREPLY=($(compgen -P "$pre" -W "x86_64 i686 aarch64" -- "$cur"))
		return
		;;
	--page-size)
		COMPREPLY=($(compgen -P "$pre" -W "4K 16K 64K" -- "$cur"))
		return
		;;
	--dma-mask)
		COMPREPLY=($(compgen -P "$pre" -W "24 32 64" -- "$cur"))
		return
		;;
	--order | --node | --nodemask | --count | -c | --elements | --kernel)
		return
		;;
	--sort | -s)
		[[ $cmd == explain ]] && return
		if [[ $cmd == top ]]; then
			# The sort keys of every screen; --sort applies to the first one.
			COMPREPLY=($(compgen -P "$pre" -W "zone free largest name mem delta objs size util
				pid user rss rss-change pss pss-change uss swap virt command caller areas" -- "$cur"))
			return
		fi
		if [[ $cmd == slab ]]; then
			COMPREPLY=($(compgen -P "$pre" -W "name objs size total waste util" -- "$cur"))
			return
		fi
		if [[ $cmd == procs ]]; then
			COMPREPLY=($(compgen -P "$pre" -W "vsz rss pss uss swap pid cmd" -- "$cur"))
			return
		fi
		;;
	--group)
		COMPREPLY=($(compgen -P "$pre" -W "file kind" -- "$cur"))
		return
		;;
	--screen)
		# A comma-separated list in batch mode.
		local last=$cur prefix=""
		if [[ $cur == *,* ]]; then
			prefix=${cur%,*},
			last=${cur##*,}
		fi
		COMPREPLY=($(compgen -P "$pre$prefix" -W "zones slab procs vmalloc all" -- "$last"))
		return
		;;
	--delay | --iterations | --width)
		return
		;;
	-d | -n | -w)
		[[ $cmd == top ]] && return
		;;
	--user)
		COMPREPLY=($(compgen -P "$pre" -u -- "$cur"))
		return
		;;
	--cmd)
		return
		;;
	--by)
		if [[ $cmd == vmalloc ]]; then
			COMPREPLY=($(compgen -P "$pre" -W "kind caller node area" -- "$cur"))
			return
		fi
		;;
	--name)
		# Cache names when /proc/slabinfo is readable (root).
		if [[ $cmd == slab && -r /proc/slabinfo ]]; then
			COMPREPLY=($(compgen -P "$pre" -W "$(awk 'NR > 2 {print $1}' /proc/slabinfo 2>/dev/null)" -- "$cur"))
		fi
		return
		;;
	--top | --size)
		return
		;;
	--color)
		if ((eq)); then
			COMPREPLY=($(compgen -P "$pre" -W "auto always never" -- "$cur"))
			return
		fi
		;;
	esac
	((eq)) && return

	local global="--sysroot --json -J --noheadings -n --raw -r --bytes -b
		--color --color= --help -h --version -V"
	local common="--sysroot --json -J --output -o --noheadings -n --raw -r
		--bytes -b --color --color= --help -h"

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$global" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "zones buddy slab vmalloc procs maps explain report top snapshot" -- "$cur"))
		fi
	elif [[ $cur == -* ]]; then
		case $cmd in
		zones) COMPREPLY=($(compgen -W "$common" -- "$cur")) ;;
		buddy) COMPREPLY=($(compgen -W "$common --by-type -t" -- "$cur")) ;;
		slab) COMPREPLY=($(compgen -W "$common --sort -s --top -t --name --kmalloc -k" -- "$cur")) ;;
		vmalloc) COMPREPLY=($(compgen -W "$common --by --top -t --size" -- "$cur")) ;;
		procs) COMPREPLY=($(compgen -W "$common --sort --user --cmd --pid --top" -- "$cur")) ;;
		maps) COMPREPLY=($(compgen -W "$common --group --why" -- "$cur")) ;;
		# explain and report take no -o: everything is in -J
		explain) COMPREPLY=($(compgen -W "${common/--output -o/} --size -s --order --gfp -g --api -a
			--elements --node --nodemask --count -c --kernel --arch --page-size --dma-mask --iommu" -- "$cur")) ;;
		report) COMPREPLY=($(compgen -W "${common/--output -o/} --brief" -- "$cur")) ;;
		# top: -n is --iterations here; no -o, -r, --noheadings
		top) COMPREPLY=($(compgen -W "--sysroot --json -J --bytes -b --color --color= --help -h
			--delay -d --iterations -n --batch --screen --sort --types --pss --width -w" -- "$cur")) ;;
		snapshot) COMPREPLY=($(compgen -W "$common --force --pid --all-pids" -- "$cur")) ;;
		esac
	elif [[ $cmd == snapshot ]] && ((nargs == 0)); then
		_memlayout_dirs ""
		return
	elif [[ $cmd == maps ]] && ((nargs == 0)); then
		_memlayout_pids "" "$cur"
		return
	elif [[ $cmd == report ]] && ((nargs == 0)); then
		# a saved kernel log, or - for standard input
		if declare -F _filedir >/dev/null; then
			_filedir
		else
			compopt -o filenames 2>/dev/null
			local IFS=$'\n'
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		return
	fi
	[[ ${#COMPREPLY[@]} == 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
	return 0
}

complete -F _memlayout memlayout
