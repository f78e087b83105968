#!/usr/bin/env bash
# Every command as an unprivileged user on the live system: what only root
# may read (pagetypeinfo, slabinfo, vmallocinfo, other users' smaps_rollup,
# the kernel log with dmesg_restrict) is named once on stderr, everything else
# is shown, and the exit status is 0 -- except where the one thing asked for
# is root-only (maps of init, the live kernel log), which is exit 1 with one
# line naming the file.  Needs root to switch to nobody; skipped otherwise.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "ok 1 # SKIP not run as root: cannot switch to an unprivileged user"
	echo "1..1"
	exit 0
fi
if command -v setpriv >/dev/null && setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
	AS_NOBODY=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
elif command -v runuser >/dev/null && runuser -u nobody -- true 2>/dev/null; then
	AS_NOBODY=(runuser -u nobody --)
else
	echo "ok 1 # SKIP neither setpriv nor runuser can switch to nobody here"
	echo "1..1"
	exit 0
fi

tmp=$(mktemp -d)
sleeper=
trap '[ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null; rm -rf "$tmp"' EXIT
# The binary must be reachable by nobody: the build tree may not be.
chmod 755 "$tmp"
cp "$ML_REAL" "$tmp/memlayout"
chmod 755 "$tmp/memlayout"
BIN=("$tmp/memlayout")
# Under VALGRIND (lib.sh), nobody runs valgrind on the copy.
[ -n "${VALGRIND:-}" ] && read -r -a BIN <<<"$VALGRIND --log-file=$VALGRIND_LOGS/nonroot.%p.log $tmp/memlayout"

# as_nobody ARGS... : sets rc, out, err
as_nobody() {
	out=$(cd / && timeout 600 "${AS_NOBODY[@]}" "${BIN[@]}" "$@" 2>"$tmp/stderr")
	rc=$?
	err=$(cat "$tmp/stderr")
}

# named_once TEXT DESCRIPTION: TEXT appears on exactly one stderr line
named_once() {
	is "$(grep -cF -- "$1" <<<"$err")" 1 "$2: $1 is named once"
}

# No other file is said to be unreadable than those expected.
only_denied() {
	local what=$1; shift
	local extra
	extra=$(grep -i 'permission denied' <<<"$err" | grep -vF "${@/#/-e}" || true)
	is "$extra" "" "$what: nothing else is reported unreadable"
}

is "$("${AS_NOBODY[@]}" id -u)" "$(id -u nobody)" "commands below run as nobody (uid $(id -u nobody))"

as_nobody zones
is "$rc" 0 "zones: exit 0"
contains "$out" "Normal" "zones: the zones are shown"
is "$(grep -ci 'permission denied' <<<"$err")" 0 "zones: reads only world-readable files"

as_nobody buddy
is "$rc" 0 "buddy: exit 0"
contains "$out" "Normal" "buddy: free blocks are shown"

as_nobody buddy --by-type
is "$rc" 0 "buddy --by-type: exit 0"
contains "$out" "Normal" "buddy --by-type: the per-order table is still shown"
named_once /proc/pagetypeinfo "buddy --by-type"
contains "$err" "readable by root only" "buddy --by-type: says why"

as_nobody slab
is "$rc" 0 "slab: exit 0"
named_once /proc/slabinfo "slab"
as_nobody slab --kmalloc
is "$rc" 0 "slab --kmalloc: exit 0"
contains "$out" "kmalloc" "slab --kmalloc: the architecture's kmalloc classes are shown"
named_once /proc/slabinfo "slab --kmalloc"

as_nobody vmalloc
is "$rc" 0 "vmalloc: exit 0"
named_once /proc/vmallocinfo "vmalloc"
contains "$out" "Vmalloc" "vmalloc: the meminfo totals are shown"

as_nobody procs
is "$rc" 0 "procs: exit 0"
contains "$out" "total" "procs: the table and its total are shown"
is "$(grep -c 'smaps_rollup' <<<"$err")" 1 "procs: processes whose smaps_rollup is root-only are counted in one note"
only_denied procs smaps_rollup

# A process of nobody's own: its mappings are readable.
"${AS_NOBODY[@]}" sleep 300 &
sleeper=$!
sleep 0.2
as_nobody maps "$sleeper"
is "$rc" 0 "maps of nobody's own process: exit 0"
contains "$out" "sleep" "maps of nobody's own process: its mappings are shown"
as_nobody maps 1
is "$rc" 1 "maps of init (root's): exit 1"
is "$(wc -l <<<"$err")" 1 "maps of init: one line"
contains "$err" "/proc/1/smaps" "maps of init: names the file it may not read"

# nobody_can_read FILE
nobody_can_read() { "${AS_NOBODY[@]}" test -r "$1"; }

as_nobody explain --size 4096
# explain's exit status is its verdict: 0 succeeds now, 10-13 (explain --help).
ok "$(case $rc in 0 | 1[0-3]) echo 0 ;; *) echo 1 ;; esac)" "explain --size 4096: a verdict (exit $rc), not an error"
for f in /proc/pagetypeinfo /proc/slabinfo /proc/vmallocinfo; do
	nobody_can_read "$f" && continue
	named_once "$f" "explain"
done
contains "$out" "GFP_KERNEL" "explain: the explanation is shown"

# report reads a saved log as anyone, the live log only with access.
as_nobody report "$ML_FIXTURES/reports/03-x86_64-5.11-ttm-order10-noretry/input.txt"
is "$rc" 0 "report FILE: exit 0"
contains "$out" "page allocation failure" "report FILE: the report is explained"
as_nobody report
if [ "$(cat /proc/sys/kernel/dmesg_restrict 2>/dev/null)" = 1 ]; then
	is "$rc" 1 "report of the live log with dmesg_restrict=1: exit 1 (the only input is root-only)"
	is "$(wc -l <<<"$err")" 1 "report of the live log: one line"
	contains "$err" "/dev/kmsg" "report of the live log: names /dev/kmsg"
else
	ok "$( [ "$rc" = 0 ] || [ "$rc" = 3 ]; echo $?)" "report of the live log without dmesg_restrict: exit 0 or 3"
fi

# Two frames of every screen with the root-only options: each root-only file
# named once for the whole run, not once a frame.
as_nobody top --batch -n 2 -d 0.2 --screen all --types --pss
is "$rc" 0 "top --batch -n 2 --screen all --types --pss: exit 0"
contains "$out" "== zones" "top --batch: the zones screen is shown"
contains "$out" "== procs" "top --batch: the procs screen is shown"
contains "$out" "PSS unreadable for" "top --batch --pss: processes without smaps_rollup access are counted"
for f in /proc/pagetypeinfo /proc/slabinfo /proc/vmallocinfo; do
	nobody_can_read "$f" && continue
	named_once "$f" "top --batch (2 frames)"
done

# snapshot: what nobody may not read is listed in the MANIFEST, once on stderr.
mkdir "$tmp/snap"
chown nobody:nogroup "$tmp/snap"
as_nobody snapshot "$tmp/snap"
is "$rc" 0 "snapshot DIR: exit 0"
contains "$(cat "$tmp/snap/MANIFEST")" "unreadable: /proc/slabinfo: permission denied" \
	"snapshot: the root-only slabinfo is listed as unreadable in the MANIFEST"
is "$(grep -c 'could not be read' <<<"$err")" 1 "snapshot: one note on stderr for all unreadable files"
as_nobody --sysroot "$tmp/snap" zones
is "$rc" 0 "the non-root snapshot reads back (zones)"
as_nobody --sysroot "$tmp/snap" slab
is "$rc" 0 "the non-root snapshot reads back (slab, without slabinfo)"
named_once /proc/slabinfo "slab on the non-root snapshot"

done_testing
