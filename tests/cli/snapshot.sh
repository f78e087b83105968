#!/usr/bin/env bash
# memlayout snapshot: a copy that the other commands read as they read /,
# and a writer that stays inside its directory.
. "$(dirname "$0")/lib.sh"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# --- the live system -------------------------------------------------------
LIVE=$TMP/live
mkdir "$LIVE"
out=$("$MEMLAYOUT" snapshot "$LIVE" 2>"$TMP/live.err")
ok $? "snapshot of the live system into an empty directory exits 0"
contains "$out" "files (" "summary line says how many files and bytes were written"
"$MEMLAYOUT" --sysroot "$LIVE" zones >/dev/null 2>&1
ok $? "zones runs on the live snapshot"
man=$(cat "$LIVE/MANIFEST" 2>/dev/null)
contains "$man" "memlayout_snapshot: 1" "MANIFEST says it is a snapshot, format 1"
contains "$man" "kernel: $(uname -r)" "MANIFEST kernel is uname -r"
contains "$man" "arch: $(uname -m)" "MANIFEST arch is uname -m"
contains "$man" "page_size: $(getconf PAGESIZE)" "MANIFEST page_size is getconf PAGESIZE"
contains "$man" "source: live" "MANIFEST says the data came from the live system"
is "$(cat "$LIVE/PAGE_SIZE" 2>/dev/null)" "$(getconf PAGESIZE)" "PAGE_SIZE file as in the captured fixtures"
is "$(cat "$LIVE/ARCH" 2>/dev/null)" "$(uname -m)" "ARCH file as in the captured fixtures"
ok "$( [ -s "$LIVE/proc/sys/vm/min_free_kbytes" ]; echo $?)" "/proc/sys/vm is copied"
ok "$( [ ! -e "$LIVE/proc/sys/vm/drop_caches" ] && [ ! -e "$LIVE/proc/sys/vm/stat_refresh" ]; echo $?)" \
	"write-only and triggering sysctls (drop_caches, stat_refresh) are not read"
# Whatever could not be read is both in the MANIFEST and in the one stderr note.
nun=$(grep -c '^unreadable: ' "$LIVE/MANIFEST")
if [ "$nun" -gt 0 ]; then
	contains "$(cat "$TMP/live.err")" "$nun file" "stderr notes the $nun unreadable files once"
else
	is "$(cat "$TMP/live.err")" "" "nothing unreadable, nothing on stderr"
fi

# --- a copy of a capture reads exactly like the capture -------------------
COPY=$TMP/copy
"$MEMLAYOUT" --sysroot "$X86" snapshot "$COPY" >/dev/null 2>&1
ok $? "--sysroot CAPTURE snapshot OUT exits 0"
is "$("$MEMLAYOUT" --sysroot "$COPY" zones -b -r 2>&1)" "$("$MEMLAYOUT" --sysroot "$X86" zones -b -r 2>&1)" \
	"zones -b -r on the copy prints exactly what it prints on the capture"
is "$("$MEMLAYOUT" --sysroot "$COPY" buddy -b -r 2>&1)" "$("$MEMLAYOUT" --sysroot "$X86" buddy -b -r 2>&1)" \
	"buddy -b -r on the copy prints exactly what it prints on the capture"
cmp -s "$X86/sys/kernel/debug/extfrag/extfrag_index" "$COPY/sys/kernel/debug/extfrag/extfrag_index"
ok $? "debugfs extfrag_index is copied byte for byte"
man=$(cat "$COPY/MANIFEST")
contains "$man" "unreadable: /proc/cmdline: missing" "a file the capture lacks is listed as missing in the MANIFEST"
contains "$man" "kernel: 6.18.44-fc-v657" "the copy's kernel comes from the capture's proc/version"
ok "$( [ ! -e "$COPY/proc/1" ]; echo $?)" "no process is copied without --pid/--all-pids"

ALL=$TMP/all
"$MEMLAYOUT" --sysroot "$X86" snapshot --all-pids "$ALL" >/dev/null 2>&1
ok $? "--all-pids on a capture exits 0"
cmp -s "$X86/proc/5670/smaps" "$ALL/proc/5670/smaps" && cmp -s "$X86/proc/1/smaps_rollup" "$ALL/proc/1/smaps_rollup"
ok $? "--all-pids copies every process of the capture byte for byte"

# --- JSON -----------------------------------------------------------------
js=$("$MEMLAYOUT" --sysroot "$X86" snapshot -J "$TMP/json" 2>/dev/null)
ok $? "snapshot -J exits 0"
is "$(json_get "$js" 'd["command"]')" "snapshot" "JSON envelope names the command"
is "$(json_get "$js" 'd["files_written"] == len(d["files"]) and d["bytes"] == sum(f["bytes"] for f in d["files"])')" \
	"True" "JSON files, count and bytes agree"
is "$(json_get "$js" 'd["files_written"]')" "$(find "$TMP/json" -type f | wc -l)" "JSON counts the files on disk"
is "$(json_get "$js" '"/proc/cmdline: missing" in d["unreadable"]')" "True" "JSON lists what could not be read"

# --- the target directory ---------------------------------------------------
"$MEMLAYOUT" --sysroot "$X86" snapshot "$TMP/new/a/b" >/dev/null 2>&1
rc=$?
ok "$( [ $rc = 0 ] && [ -f "$TMP/new/a/b/MANIFEST" ]; echo $?)" "DIR and its parents are created when missing"

"$MEMLAYOUT" --sysroot "$X86" snapshot "$COPY" >/dev/null 2>"$TMP/err"
is "$?" "2" "a non-empty DIR is refused with exit 2"
contains "$(cat "$TMP/err")" "is not empty (use --force to write into it)" "the refusal says how to override"
"$MEMLAYOUT" --sysroot "$X86" snapshot --force "$COPY" >/dev/null 2>&1
ok $? "--force writes into a non-empty DIR (replacing the earlier snapshot's files)"

# Planted symlinks: a directory link is refused, a file link is replaced,
# and nothing is written through either.
PLANT=$TMP/plant
mkdir -p "$PLANT" "$TMP/elsewhere"
ln -s "$TMP/elsewhere" "$PLANT/proc"
"$MEMLAYOUT" --sysroot "$X86" snapshot --force "$PLANT" >/dev/null 2>"$TMP/err"
rc=$?
ok "$( [ $rc != 0 ]; echo $?)" "a symlinked DIR/proc makes the snapshot fail"
is "$(ls -A "$TMP/elsewhere")" "" "nothing was written through the DIR/proc symlink"
contains "$(cat "$TMP/err")" "not followed" "the error says the symlink was not followed"

PLANT2=$TMP/plant2
mkdir "$PLANT2"
echo "precious" >"$TMP/target"
ln -s "$TMP/target" "$PLANT2/MANIFEST"
"$MEMLAYOUT" --sysroot "$X86" snapshot --force "$PLANT2" >/dev/null 2>&1
ok $? "--force over a planted DIR/MANIFEST symlink exits 0"
is "$(cat "$TMP/target")" "precious" "the symlink's target is untouched"
ok "$( [ -f "$PLANT2/MANIFEST" ] && [ ! -L "$PLANT2/MANIFEST" ]; echo $?)" "DIR/MANIFEST is now a regular file"

"$MEMLAYOUT" --sysroot "$X86" snapshot /proc/memlayout-snapshot-test >/dev/null 2>&1
is "$?" "2" "a DIR under /proc is refused"

# --- processes ---------------------------------------------------------------
PIDS=$TMP/pids
"$MEMLAYOUT" snapshot --pid $$ "$PIDS" >/dev/null 2>&1
ok $? "--pid \$\$ exits 0"
ok "$( [ -s "$PIDS/proc/$$/smaps_rollup" ] && [ -s "$PIDS/proc/$$/maps" ]; echo $?)" "--pid \$\$ copies proc/\$\$/smaps_rollup and maps"
contains "$(cat "$PIDS/proc/$$/comm" 2>/dev/null)" "bash" "proc/\$\$/comm names this shell"

# pid_max + 1 can never be a process.
nopid=$(( $(cat /proc/sys/kernel/pid_max) + 1 ))
"$MEMLAYOUT" snapshot --pid "$nopid" "$TMP/nopid" >/dev/null 2>"$TMP/err"
ok $? "--pid of a process that does not exist still exits 0"
contains "$(cat "$TMP/err")" "process $nopid does not exist" "and says so once on stderr"
contains "$(cat "$TMP/nopid/MANIFEST")" "skipped_pids: 1" "and counts it as skipped in the MANIFEST"
ok "$( [ ! -e "$TMP/nopid/proc/$nopid" ]; echo $?)" "nothing is written for it"

"$MEMLAYOUT" snapshot --pid 12x "$TMP/badpid" >/dev/null 2>&1
is "$?" "2" "a malformed --pid is a usage error"
"$MEMLAYOUT" snapshot >/dev/null 2>&1
is "$?" "2" "snapshot without DIR is a usage error"

done_testing
