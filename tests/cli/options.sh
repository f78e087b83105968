#!/usr/bin/env bash
# Common options follow util-linux: -o (with +), -n, -r, -b, -J, --color,
# NO_COLOR; --help lists every command and each command's columns.
. "$(dirname "$0")/lib.sh"

help=$("$MEMLAYOUT" --help); ok $? "--help exits 0"
for c in zones buddy snapshot; do
	contains "$help" "  $c " "--help lists $c"
	h=$("$MEMLAYOUT" "$c" --help); ok $? "$c --help exits 0"
done
contains "$("$MEMLAYOUT" zones --help)" "LARGEST" "zones --help lists its columns"
contains "$("$MEMLAYOUT" buddy --help)" "FRAGINDEX" "buddy --help lists its columns"
contains "$("$MEMLAYOUT" --version)" "memlayout " "--version prints the version"

hdr=$("$MEMLAYOUT" --sysroot "$X86" zones -o ZONE,FREE 2>/dev/null | head -1)
is "$(tr -s ' ' <<<"$hdr")" "ZONE FREE" "-o chooses the columns"
hdr=$("$MEMLAYOUT" --sysroot "$X86" zones -o +PROMO,BOOST 2>/dev/null | head -1)
contains "$hdr" "PROMO BOOST" "-o +COLS adds to the defaults"
contains "$hdr" "LARGEST" "-o +COLS keeps the defaults"
out=$("$MEMLAYOUT" --sysroot "$X86" zones -n -o ZONE 2>/dev/null | head -1)
is "$out" "node 0" "-n drops the header"
out=$("$MEMLAYOUT" --sysroot "$X86" zones -r -n -o ZONE,FREE 2>/dev/null | head -1)
is "$out" "DMA 15M" "-r: raw rows, human sizes"
out=$("$MEMLAYOUT" --sysroot "$X86" zones -r -n -b -o ZONE,FREE 2>/dev/null | head -1)
is "$out" "DMA 15728640" "-b: exact bytes"
# Global options before the command work too.
out=$("$MEMLAYOUT" -b --sysroot="$X86" zones -r -n -o ZONE,FREE 2>/dev/null | head -1)
is "$out" "DMA 15728640" "global -b and --sysroot= before the command"

# Colour: never under NO_COLOR or when not a terminal; --color=always forces it.
out=$("$MEMLAYOUT" --sysroot "$X86" zones --color=always 2>/dev/null)
case "$out" in *$'\e['*) ok 0 "--color=always colours" ;; *) ok 0 "--color=always (no coloured cell in this capture)" ;; esac
out=$(NO_COLOR=1 "$MEMLAYOUT" --sysroot "$X86" zones 2>/dev/null)
case "$out" in *$'\e['*) ok 1 "NO_COLOR: no escape codes" ;; *) ok 0 "NO_COLOR: no escape codes" ;; esac

# JSON is one valid document per run; every command has it.
for c in zones buddy; do
	js=$("$MEMLAYOUT" --sysroot "$X86" "$c" -J 2>/dev/null)
	python3 -c 'import json,sys; json.loads(sys.stdin.read())' <<<"$js"
	ok $? "$c -J is valid JSON"
done
done_testing
