#!/usr/bin/env bash
# Hostile input over the CLI: every file memlayout parses, damaged every way
# tests/fixtures/malformed/NOTES.md lists, is put into a --sysroot snapshot
# built in a temp dir from the vm-6.18-x86_64 capture (one file replaced), and
# the command that reads it must either refuse it (exit 2, one line naming the
# file and the line) or, where the kernel really prints such a thing, read it
# correctly -- as tests/fixtures/malformed/EXPECT says for each case.
# Never a crash, a hang, or a table printed from a file it could not read.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
MAL=$ML_FIXTURES/malformed
S=$tmp/snap
cp -r "$X86"/. "$S"/

# The commands this build has (others are still being written).
commands=$("$MEMLAYOUT" --help | awk '/^Commands:/ {f = 1; next} /^$/ {f = 0} f {print $1}')
have() { grep -qx "$1" <<<"$commands"; }

# FILE -> path in the snapshot, and the command line that reads it.
declare -A path=(
	[zoneinfo]=proc/zoneinfo [buddyinfo]=proc/buddyinfo [pagetypeinfo]=proc/pagetypeinfo
	[meminfo]=proc/meminfo [vmstat]=proc/vmstat [slabinfo]=proc/slabinfo
	[vmallocinfo]=proc/vmallocinfo [min_free_kbytes]=proc/sys/vm/min_free_kbytes
	[lowmem_reserve_ratio]=proc/sys/vm/lowmem_reserve_ratio
	[unusable_index]=sys/kernel/debug/extfrag/unusable_index
	[extfrag_index]=sys/kernel/debug/extfrag/extfrag_index
	[smaps]=proc/5670/smaps [smaps_rollup]=proc/5670/smaps_rollup [status]=proc/5670/status
	[maps]=proc/5670/maps
)
# Readers: "command args" alternatives separated by ';' -- every one present
# in this build is run.
declare -A readers=(
	[zoneinfo]="zones" [buddyinfo]="buddy" [pagetypeinfo]="buddy --by-type"
	[meminfo]="zones;slab;vmalloc" [vmstat]="explain --size 4096 --gfp GFP_KERNEL"
	[slabinfo]="slab" [vmallocinfo]="vmalloc"
	[min_free_kbytes]="explain --size 4096 --gfp GFP_KERNEL"
	[lowmem_reserve_ratio]="explain --size 4096 --gfp GFP_KERNEL"
	[unusable_index]="buddy" [extfrag_index]="buddy"
	[smaps]="maps 5670" [smaps_rollup]="procs" [status]="procs;maps 5670"
	[maps]=""
)

# run CMD... on the snapshot: sets rc, out, err (snapshot path shown as $S)
run() {
	out=$(timeout 60 "$MEMLAYOUT" --sysroot "$S" "$@" 2>"$tmp/stderr")
	rc=$?
	err=$(cat "$tmp/stderr")
}

# check FILE CASE EXPECT [TEXT] CMD...  (the damaged file is in place)
check() {
	local file=$1 case=$2 expect=$3 text=$4; shift 4
	local where="$S/${path[$file]}" what="$file/$case: memlayout $*"
	run "$@"
	case $expect in
	2@-) # refused; no line to name (nothing in the file)
		if [ "$rc" = 2 ] && [[ $err == "memlayout: $where: "* ]] && [ "$(wc -l <<<"$err")" = 1 ]; then
			ok 0 "$what: exit 2, names the file"
		else
			ok 1 "$what: exit 2, names the file"; printf '#   rc=%s err=%s\n' "$rc" "$err"
		fi ;;
	2@*) # refused, naming file and line
		if [ "$rc" = 2 ] && [[ $err == "memlayout: $where:${expect#2@}: "* ]] && [ "$(wc -l <<<"$err")" = 1 ]; then
			ok 0 "$what: exit 2, one line naming $file:${expect#2@}"
		else
			ok 1 "$what: exit 2, one line naming $file:${expect#2@}"; printf '#   rc=%s err=%s\n' "$rc" "$err"
		fi ;;
	1@-) # a runtime failure naming the file (e.g. an empty smaps: no access)
		if [ "$rc" = 1 ] && [[ $err == *"memlayout: $where: "* ]]; then
			ok 0 "$what: exit 1, names the file"
		else
			ok 1 "$what: exit 1, names the file"; printf '#   rc=%s err=%s\n' "$rc" "$err"
		fi ;;
	same) # read exactly as the same file with "\n" line ends
		local o=$out e=$err r=$rc
		tr -d '\r' <"$MAL/$file/$case" >"$where"
		run "$@"
		if [ "$r" = "$rc" ] && [ "$o" = "$out" ] && [ "$e" = "$err" ] && [ "$rc" != 2 ]; then
			ok 0 "$what: read exactly as with LF line ends"
		else
			ok 1 "$what: read exactly as with LF line ends"; printf '#   rc=%s/%s err=%s\n' "$r" "$rc" "$e"
		fi ;;
	0) # the kernel prints this: read, with TEXT on stderr when given
		if [ "$rc" = 0 ] && [ -n "$out" ] && { [ -z "$text" ] || [[ $err == *"$text"* ]]; }; then
			ok 0 "$what: read (exit 0)${text:+, says '$text'}"
		else
			ok 1 "$what: read (exit 0)${text:+, says '$text'}"; printf '#   rc=%s err=%s\n' "$rc" "$err"
		fi ;;
	*) ok 1 "$what: unknown expectation '$expect' in EXPECT" ;;
	esac
}

# each_reader FILE CASE EXPECT TEXT : run check for every reader of FILE
each_reader() {
	local file=$1 case=$2 expect=$3 text=$4 r
	local IFS=';'
	local -a rs=(${readers[$file]})
	unset IFS
	local ran=0
	for r in "${rs[@]}"; do
		read -r -a argv <<<"$r"
		have "${argv[0]}" || continue
		cp "$MAL/$file/$case" "$S/${path[$file]}"
		check "$file" "$case" "$expect" "$text" "${argv[@]}"
		ran=1
	done
	cp "$X86/${path[$file]}" "$S/${path[$file]}"
	if [ $ran = 0 ]; then
		_n=$((_n + 1))
		echo "ok $_n # SKIP $file/$case: no command of this build reads $file yet (${readers[$file]:-none planned})"
	fi
}

# The stored cases, as EXPECT lists them.
while read -r file case expect text; do
	case $file in '' | '#'*) continue ;; esac
	[ -f "$MAL/$file/$case" ] || { ok 1 "EXPECT names $file/$case, which does not exist"; continue; }
	each_reader "$file" "$case" "$expect" "$text"
done <"$MAL/EXPECT"

# Every stored case has an expectation.
for f in "$MAL"/*/*; do
	file=$(basename "$(dirname "$f")") case=$(basename "$f")
	grep -q "^$file $case " "$MAL/EXPECT" || ok 1 "$file/$case has no line in EXPECT"
done

# Made here rather than stored: a line of 1 MiB after line 1, and a file cut
# inside its last number of two or more digits (the cut that could still read
# as a smaller number).
for file in "${!path[@]}"; do
	orig=$X86/${path[$file]}
	{ head -n 1 "$orig"; head -c 1048576 /dev/zero | tr '\0' '7'; echo; tail -n +2 "$orig"; } >"$tmp/case"
	mkdir -p "$tmp/made/$file"
	cp "$tmp/case" "$tmp/made/$file/line-of-1MiB"
	MAL_SAVE=$MAL; MAL=$tmp/made
	each_reader "$file" line-of-1MiB 2@2 ""
	# The last number of 2+ digits: cut after its first digit.
	python3 - "$orig" "$tmp/made/$file/cut-in-last-number" <<'EOF'
import re, sys
data = open(sys.argv[1], 'rb').read()
m = list(re.finditer(rb'[0-9]{2,}', data))[-1]
open(sys.argv[2], 'wb').write(data[:m.start() + 1])
EOF
	line=$(($(wc -l <"$tmp/made/$file/cut-in-last-number") + 1))
	expect=2@$line
	each_reader "$file" cut-in-last-number "$expect" ""
	MAL=$MAL_SAVE
done

# Snapshot safety: symlinks in a snapshot never lead out of it.  errors.sh
# covers a symlinked proc/zoneinfo and a FIFO, snapshot.sh a symlinked
# DIR/proc while writing and a non-empty DIR; here: every other way in.
SY=$tmp/sym
fresh() { rm -rf "$SY"; cp -r "$X86" "$SY"; }
# refused WHAT ARGS... : exit 1, one line naming the refused file
refused() {
	local what=$1; shift
	out=$(timeout 60 "$MEMLAYOUT" --sysroot "$SY" "$@" 2>"$tmp/stderr")
	rc=$?
	err=$(cat "$tmp/stderr")
	if [ "$rc" = 1 ] && [[ $err == *"memlayout: $SY/"*"outside the snapshot directory"* || $err == *"not a regular file"* ]] && [ -z "$out" ]; then
		ok 0 "$what: refused (exit 1, names the file, prints no table)"
	else
		ok 1 "$what: refused (exit 1, names the file, prints no table)"
		printf '#   rc=%s err=%s\n' "$rc" "$err"
	fi
}
fresh; mv "$SY/proc" "$SY/proc.real"; ln -s /proc "$SY/proc"
refused "DIR/proc -> /proc, zones" zones
refused "DIR/proc -> /proc, procs" procs
refused "DIR/proc -> /proc, maps 1" maps 1
refused "DIR/proc -> /proc, explain" explain --size 4096
fresh; rm "$SY/proc/zoneinfo"; ln -s ../../../../../../../../../../proc/zoneinfo "$SY/proc/zoneinfo"
refused "DIR/proc/zoneinfo -> ../../../../proc/zoneinfo (relative, climbing out)" zones
fresh; rm "$SY/proc/zoneinfo"; ln -s zoneinfo "$SY/proc/zoneinfo"
out=$(timeout 60 "$MEMLAYOUT" --sysroot "$SY" zones 2>&1); rc=$?
ok "$( [ "$rc" = 1 ]; echo $?)" "DIR/proc/zoneinfo -> itself (a loop): exit 1, no hang"
fresh; rm -rf "$SY/proc/5670"; ln -s /proc/self "$SY/proc/5670"
refused "DIR/proc/5670 -> /proc/self, procs" procs
refused "DIR/proc/5670 -> /proc/self, maps 5670" maps 5670
fresh; rm "$SY/proc/5670/smaps_rollup"; ln -s /proc/self/smaps_rollup "$SY/proc/5670/smaps_rollup"
refused "DIR/proc/5670/smaps_rollup -> /proc/self/smaps_rollup, procs" procs
fresh; rm "$SY/proc/5670/status"; ln -s /proc/self/status "$SY/proc/5670/status"
refused "DIR/proc/5670/status -> /proc/self/status, procs" procs
refused "DIR/proc/5670/status -> /proc/self/status, maps 5670" maps 5670
fresh; rm "$SY/sys/kernel/debug/extfrag/unusable_index"
ln -s /sys/kernel/debug/extfrag/unusable_index "$SY/sys/kernel/debug/extfrag/unusable_index"
refused "DIR/sys/kernel/debug/extfrag/unusable_index -> debugfs (optional file), buddy" buddy
fresh; rm "$SY/proc/sys/kernel/kptr_restrict"; ln -s /proc/sys/kernel/kptr_restrict "$SY/proc/sys/kernel/kptr_restrict"
refused "DIR/proc/sys/kernel/kptr_restrict -> /proc (optional file), vmalloc" vmalloc
fresh; rm "$SY/proc/sys/vm/overcommit_memory"; ln -s /proc/sys/vm/overcommit_memory "$SY/proc/sys/vm/overcommit_memory"
refused "DIR/proc/sys/vm/overcommit_memory -> /proc (optional file), maps 5670" maps 5670
fresh; ln -s /etc/passwd "$SY/dmesg.txt"
refused "DIR/dmesg.txt -> /etc/passwd, report" report
fresh; mkfifo "$SY/dmesg.txt"
refused "DIR/dmesg.txt a FIFO, report (no hang)" report
fresh; mv "$SY/proc" "$SY/proc.real"; ln -s /proc "$SY/proc"
out=$(timeout 60 "$MEMLAYOUT" --sysroot "$SY" snapshot --all-pids "$tmp/copy" 2>"$tmp/stderr"); rc=$?
ok "$( [ "$rc" = 1 ] && grep -q 'outside the snapshot directory' "$tmp/stderr" && [ ! -e "$tmp/copy/proc/zoneinfo" ]; echo $?)" \
	"copying a snapshot whose proc -> /proc: refused, nothing copied from /proc"
# No symlink is followed, not even one that stays inside: a snapshot holds
# regular files, and the rule is the same with or without openat2.
fresh; mv "$SY/proc/meminfo" "$SY/meminfo.real"; ln -s ../meminfo.real "$SY/proc/meminfo"
refused "DIR/proc/meminfo -> ../meminfo.real (inside the snapshot), zones" zones
fresh; mv "$SY/proc/5670" "$SY/p5670"; ln -s ../p5670 "$SY/proc/5670"
refused "DIR/proc/5670 -> ../p5670 (a directory inside the snapshot), maps 5670" maps 5670
# The snapshot directory given as a symlink is the user's choice: followed.
fresh; ln -s "$SY" "$tmp/sym-link"
"$MEMLAYOUT" --sysroot "$tmp/sym-link" zones >/dev/null 2>&1
is "$?" 0 "--sysroot given as a symlink to a snapshot: read"
# snapshot DIR refuses a non-empty DIR, hidden files included.
mkdir "$tmp/hidden"; : >"$tmp/hidden/.keep"
"$MEMLAYOUT" --sysroot "$X86" snapshot "$tmp/hidden" >/dev/null 2>"$tmp/stderr"
ok "$( [ $? = 2 ] && grep -q 'is not empty' "$tmp/stderr" && [ ! -e "$tmp/hidden/MANIFEST" ]; echo $?)" \
	"snapshot into a DIR holding only a hidden file: refused (exit 2), nothing written"
: >"$tmp/plainfile"
"$MEMLAYOUT" --sysroot "$X86" snapshot "$tmp/plainfile" >/dev/null 2>&1
ok "$( [ $? != 0 ] && [ ! -s "$tmp/plainfile" ]; echo $?)" "snapshot into a path that is a file: refused, the file untouched"

# Kernel logs through `report`: its parser reads what it can and lists what
# it could not ("Missing or unreadable in the report"), so damage is never an
# exit 2; it must never crash or hang, must not take a damaged figure for a
# real one, and must name what it could not read.
if have report; then
	LOG=$ML_FIXTURES/reports/03-x86_64-5.11-ttm-order10-noretry/input.txt
	R=$tmp/report
	mkdir -p "$R"
	python3 "$MAL/make_report_cases.py" "$LOG" "$R"
	for f in "$R"/*; do
		c=${f##*/}
		out=$(timeout 60 "$MEMLAYOUT" report "$f" 2>"$tmp/stderr")
		rc=$?
		err=$(cat "$tmp/stderr")
		case $c in
		empty | one-byte)
			is "$rc" 3 "report/$c: exit 3, no report found"
			contains "$out" "no allocation failure reports found" "report/$c: says no report was found" ;;
		*)
			if [ "$rc" = 0 ] && [ -z "$err" ]; then
				ok 0 "report/$c: read, exit 0"
			else
				ok 1 "report/$c: read, exit 0"
				printf '#   rc=%s err=%s\n' "$rc" "$err"
			fi ;;
		esac
		case $c in
		crlf)
			is "$out" "$("$MEMLAYOUT" report "$LOG" 2>&1 | sed "s|$LOG|$f|")" \
				"report/crlf: the same report as with LF line ends" ;;
		number-30-digits | negative-number)
			contains "$out" "free is unknown" "report/$c: the damaged free: figure is said to be unknown"
			contains "$out" "Normal           -" "report/$c: and shown as -, not as a number" ;;
		missing-column)
			contains "$out" "no zone line for Node 0 Normal: its watermarks are unknown" \
				"report/$c: the zone line without free: is not taken for one, and said so" ;;
		zone-under-two-nodes)
			contains "$out" "no buddy line for Node 1 Normal" "report/$c: read as a second node, its missing buddy line named" ;;
		duplicate)
			contains "$out" "appears twice; the second is ignored" "report/$c: the repeated zone line is named" ;;
		nul-byte | line-of-1MiB | cut-mid-line | cut-mid-number)
			contains "$out" "Missing or unreadable in the report:" "report/$c: what could not be read is listed" ;;
		esac
	done
else
	_n=$((_n + 1))
	echo "ok $_n # SKIP report: no report command in this build"
fi

done_testing
