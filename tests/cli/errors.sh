#!/usr/bin/env bash
# Bad input: a one-line error naming the file (and line), documented exit
# codes (1 runtime: unreadable; 2 usage or malformed input), never a crash.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run ARGS... : sets $rc, $err (stderr), $out (stdout)
run() {
	out=$("$MEMLAYOUT" "$@" 2>"$tmp/stderr")
	rc=$?
	err=$(cat "$tmp/stderr")
}

run --sysroot "$tmp/nonexistent" zones
is "$rc" "1" "missing snapshot directory: exit 1"
is "$err" "memlayout: $tmp/nonexistent: cannot open snapshot directory: No such file or directory" "missing snapshot directory: one line naming it"

mkdir -p "$tmp/empty/proc"
run --sysroot "$tmp/empty" zones
is "$rc" "1" "snapshot without zoneinfo: exit 1"
is "$err" "memlayout: $tmp/empty/proc/zoneinfo: missing" "snapshot without zoneinfo: names the missing file"

# A garbled number on line 3 of zoneinfo.
mk() { rm -rf "$tmp/s"; mkdir -p "$tmp/s"; cp -r "$X86"/. "$tmp/s"/; }
mk; sed -i '56s/min      60/min      6x0/' "$tmp/s/proc/zoneinfo"
run --sysroot "$tmp/s" zones
is "$rc" "2" "garbage number in zoneinfo: exit 2"
contains "$err" "$tmp/s/proc/zoneinfo:56:" "garbage number in zoneinfo: names file and line 56"
is "$(wc -l <<<"$err")" "1" "garbage number in zoneinfo: one line"

mk; printf 'Node 0, zone      DMA      0      0      0\n' > "$tmp/s/proc/buddyinfo"
printf 'Node 0, zone   Normal      1      2\n' >> "$tmp/s/proc/buddyinfo"
run --sysroot "$tmp/s" buddy
is "$rc" "2" "buddyinfo rows with different column counts: exit 2"
contains "$err" "$tmp/s/proc/buddyinfo:2:" "buddyinfo: names line 2"

mk; head -c 150 "$X86/proc/buddyinfo" > "$tmp/s/proc/buddyinfo"   # line 1 is 92 bytes: cut inside line 2
run --sysroot "$tmp/s" buddy
is "$rc" "2" "buddyinfo cut mid-line: exit 2"
contains "$err" "buddyinfo:2:" "buddyinfo cut mid-line: names the cut line"

mk; printf 'Node 0, zone   Normal 999999999999999999999999999999 1\n' > "$tmp/s/proc/buddyinfo"
run --sysroot "$tmp/s" buddy
is "$rc" "2" "30-digit count: exit 2"

mk; : > "$tmp/s/proc/zoneinfo"
run --sysroot "$tmp/s" zones
is "$rc" "2" "empty zoneinfo: exit 2"
contains "$err" "zoneinfo" "empty zoneinfo: names the file"

mk; printf 'Node 0, zone DMA\n\0\0\0\n' > "$tmp/s/proc/zoneinfo"
run --sysroot "$tmp/s" zones
is "$rc" "2" "NUL bytes in zoneinfo: exit 2"

# A symlink leading out of the snapshot is refused, not followed.
mk; rm "$tmp/s/proc/zoneinfo"; ln -s /proc/zoneinfo "$tmp/s/proc/zoneinfo"
run --sysroot "$tmp/s" zones
is "$rc" "1" "symlink out of the snapshot: exit 1"
contains "$err" "outside the snapshot directory" "symlink out of the snapshot: refused with a clear message"

# A FIFO in a snapshot must not hang the reader.
mk; rm "$tmp/s/proc/zoneinfo"; mkfifo "$tmp/s/proc/zoneinfo"
run --sysroot "$tmp/s" zones
is "$rc" "1" "FIFO instead of zoneinfo: exit 1, no hang"
contains "$err" "not a regular file" "FIFO: says it is not a regular file"

# Unreadable optional file: named once, the rest shown (only meaningful when
# not root; as root chmod does not stop reads).
mk; chmod 000 "$tmp/s/proc/pagetypeinfo"
if [ "$(id -u)" != 0 ]; then
	run --sysroot "$tmp/s" buddy --by-type
	is "$rc" "0" "unreadable pagetypeinfo: exit 0"
	contains "$err" "permission denied" "unreadable pagetypeinfo: said once"
fi

# Usage errors: exit 2.
run zones --bogus;             is "$rc" "2" "unknown option: exit 2"
run frobnicate;                is "$rc" "2" "unknown command: exit 2"
contains "$err" "unknown command 'frobnicate'" "unknown command named"
run --sysroot "$X86" zones -o ZONE,NOPE; is "$rc" "2" "unknown column: exit 2"
contains "$err" "unknown column 'NOPE'" "unknown column named"
run --sysroot "$X86" zones extra; is "$rc" "2" "stray argument: exit 2"
run;                           is "$rc" "2" "no command: exit 2"
run --color=sometimes zones;   is "$rc" "2" "--color before the command checks its value"

done_testing
