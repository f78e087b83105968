# bash completion for memlayout(1)                        -*- shell-script -*-
# Commands, options and columns follow src/main.c and src/cmd/*.c (the
# column tables); keep them in step with `memlayout COMMAND --help`.
# Planned commands (slab, vmalloc, procs, maps, explain, report, top) are
# completed once they exist.

_memlayout_columns()
{
	# $1: command; $2: 1 when buddy runs with --by-type
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
	esac
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
	local i w cmd="" by_type=0 nargs=0
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
		-*)
			[[ $w =~ ^-[Jnrbht]*t[Jnrbht]*$ ]] && by_type=1
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
		for c in $(_memlayout_columns "$cmd" "$by_type"); do
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
			COMPREPLY=($(compgen -W "zones buddy snapshot" -- "$cur"))
		fi
	elif [[ $cur == -* ]]; then
		case $cmd in
		zones) COMPREPLY=($(compgen -W "$common" -- "$cur")) ;;
		buddy) COMPREPLY=($(compgen -W "$common --by-type -t" -- "$cur")) ;;
		snapshot) COMPREPLY=($(compgen -W "$common --force --pid --all-pids" -- "$cur")) ;;
		esac
	elif [[ $cmd == snapshot ]] && ((nargs == 0)); then
		_memlayout_dirs ""
		return
	fi
	[[ ${#COMPREPLY[@]} == 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
	return 0
}

complete -F _memlayout memlayout
