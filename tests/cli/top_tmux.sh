#!/usr/bin/env bash
# memlayout top as a user sees it: the live view driven in a tmux pane with
# send-keys and read back with capture-pane.  Each screen must show the
# machine's real figures, the keys must work, a resize must leave no
# garbage, and the terminal must come back (alternate screen left, cursor
# shown, echo on, the shell prompt back) after q, Ctrl-C, SIGTERM, SIGHUP
# and a crash in the middle of drawing.
. "$(dirname "$0")/lib.sh"

if ! command -v tmux >/dev/null && [ "$(id -u)" = 0 ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux >/dev/null 2>&1
fi
if ! command -v tmux >/dev/null; then
	echo "1..0 # SKIP tmux is not installed (apt-get install tmux)"
	exit 0
fi

tmp=$(mktemp -d)
sock="ml-top-test-$$"
# TERM=screen: its terminfo entry is in ncurses-base, always installed.
printf 'set -g default-terminal screen\nset -g history-limit 100\n' >"$tmp/tmux.conf"
T=(tmux -L "$sock" -f "$tmp/tmux.conf")
helper=
cleanup() {
	"${T[@]}" kill-server 2>/dev/null
	[ -n "$helper" ] && kill "$helper" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

"${T[@]}" new-session -d -s ml -x 80 -y 24 \
	"env -i PATH=$PATH HOME=$tmp TERM=screen LC_ALL=C.UTF-8 PS1='ml-prompt\$ ' bash --norc --noprofile"
"${T[@]}" set -g window-size manual >/dev/null 2>&1

send() { "${T[@]}" send-keys -t ml "$@"; }
pane() { "${T[@]}" capture-pane -p -t ml; }
alt() { "${T[@]}" display -p -t ml '#{alternate_on}'; }
# wait_for TEXT [SECONDS]: until the pane shows TEXT.
wait_for() {
	local i n=$(( ${2:-5} * 10 ))
	for ((i = 0; i < n; i++)); do
		pane | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
top_pid() { pgrep -P "$("${T[@]}" display -p -t ml '#{pane_pid}')" | head -1; }
# run CMD: type a command line in the pane's shell.
run() { send "clear" Enter; sleep 0.2; send "$1" Enter; }
# restored DESC WANT-STATUS: the view has ended and the shell has the
# terminal back, echo on, at the status we expect.
restored() {
	local i
	for ((i = 0; i < 50; i++)); do [ -z "$(top_pid)" ] && break; sleep 0.1; done
	is "$(alt)" "0" "$1: alternate screen left"
	is "$("${T[@]}" display -p -t ml '#{cursor_flag}')" "1" "$1: cursor visible again"
	send 'echo "st=$?"' Enter
	wait_for 'st=' 3
	# The command line itself shows only when the tty echoes again.
	contains "$(pane)" 'ml-prompt$ echo "st=$?"' "$1: echo is back (the typed command shows at the prompt)"
	contains "$(pane)" "st=$2" "$1: exit status $2"
}

ML="$MEMLAYOUT top"
wait_for 'ml-prompt$' 5

# A process with a known, large RSS for the procs screen.
# Its last argument is unique to this run: another test suite running at the
# same time has a helper of its own, which the filter must not catch.
mark="mltop$$x$RANDOM"
python3 -c 'import time; b = bytearray(300 << 20); b[::4096] = b"x" * len(b[::4096]); time.sleep(600)' "$mark" &
helper=$!
sleep 0.5

# ---- zones (1) and the header ----
run "$ML -d 1"
wait_for "h help  q quit" 5
ok $? "the view starts and shows the status line"
is "$(alt)" "1" "the view runs on the alternate screen"
scr=$(pane)
contains "$(sed -n 1p <<<"$scr")" " memlayout top  1 zones  2 slab  3 procs  4 vmalloc" "title line with the four screens"
contains "$(sed -n 2p <<<"$scr")" "MemTotal " "header: MemTotal"
for z in $(awk '/^Node/ && $4 != "Movable" && $4 != "Device" {print $4}' /proc/buddyinfo); do
	contains "$scr" "N0 $z" "zones: zone $z of /proc/buddyinfo is shown"
done
norders=$(( $(awk 'NR==1 {print NF}' /proc/buddyinfo) - 4 ))
is "$(grep -m1 '^  order' <<<"$scr" | awk '{print NF - 1}')" "$norders" "zones: one histogram column per buddyinfo order"
contains "$scr" "above high" "zones: the watermark state"
# b: exact bytes.  MemTotal and the DMA zone's managed pages do not move.
send b
wait_for "MemTotal $(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) * 1024 ))" 3
ok $? "b: header MemTotal in bytes equals /proc/meminfo MemTotal x 1024"
dma_managed=$(awk '/zone +DMA$/ {z=1} z && /managed/ {print $2 * 4096; exit}' /proc/zoneinfo)
contains "$(pane)" "of $dma_managed" "b: zones shows DMA's managed pages from /proc/zoneinfo in bytes"
send b
wait_for "MemTotal $(awk '/^MemTotal:/ {printf "%.1fG", $2 / 1048576}' /proc/meminfo)" 3
ok $? "b again: human sizes"

# ---- help ----
send h
wait_for "memlayout top: keys" 3
ok $? "h opens the help"
scr=$(pane)
for k in "q         quit" "Tab       next screen" "/         filter rows" "p         pause" \
	 "+ -       longer / shorter refresh interval" "b         exact bytes" "< >       sort"; do
	contains "$scr" "$k" "help lists: $k"
done
send x
wait_for "h help  q quit" 3
ok $? "any key leaves the help"
send '?'
wait_for "memlayout top: keys" 3
ok $? "? opens the help too"
send Escape
wait_for "h help  q quit" 3

# ---- slab (2) ----
send 2
wait_for "CHANGE/s" 3
ok $? "2: slab screen with its CHANGE/s column"
ncaches=$(( $(wc -l </proc/slabinfo) - 2 ))
contains "$(pane)" "$ncaches caches" "slab: as many caches as /proc/slabinfo has rows"
first=$(pane | awk '/^CACHE/ {getline; print $1}')
ok $(grep -q "^$first " /proc/slabinfo; echo $?) "slab: the first cache ($first) is in /proc/slabinfo"
sleep 2.2
ok $(pane | awk '/^CACHE/ {getline; exit ($3 == "-")}'; echo $?) "slab: after a refresh the change per second is a figure"
# Scrolling, on a paused view so that the rows stay put.
send p
wait_for "PAUSED" 2
rows() { pane | awk '/^CACHE/ {f=1; next} f && NF {print $1}' | sed '$d'; }
before=$(rows)
send Down
sleep 0.3
is "$(rows | head -1)" "$(sed -n 2p <<<"$before")" "Down: scrolls one line"
send Up
sleep 0.3
is "$(rows | head -1)" "$(sed -n 1p <<<"$before")" "Up: back one line"
send NPage
sleep 0.3
# A page is the body's height less one line kept for context: the last row
# shown before is the first one now.
is "$(rows | head -1)" "$(tail -1 <<<"$before")" "PgDn: the new page starts with the previous page's last row"
send PPage
sleep 0.3
is "$(rows | head -1)" "$(head -1 <<<"$before")" "PgUp: back to the first page"
send End
sleep 0.3
atend=$(rows)
send Down
sleep 0.3
is "$(rows)" "$atend" "End: at the last line, Down moves no further"
ok $([ "$(head -1 <<<"$atend")" != "$(head -1 <<<"$before")" ]; echo $?) "End: scrolled away from the top"
send Home
sleep 0.3
is "$(rows | head -1)" "$(head -1 <<<"$before")" "Home: first line"
send p
wait_for "every 1s" 2
send s
wait_for "sort delta" 2
ok $? "s: sort by the next column (delta)"
send '<'
wait_for "sort mem" 2
ok $? "<: back to sorting by memory"

# ---- procs (3) ----
send 3
wait_for "COMMAND" 3
ok $? "3: procs screen"
send / ; send -l "$mark"; send Enter
wait_for "filter \"$mark\"" 3
ok $? "/: a filter is typed and shown in the status line"
# One more refresh, so that no short-lived process that happened to carry
# the words (tmux send-keys itself) is in the frame.
sleep 1.3
line=$(pane | grep -E "^ *$helper ")
contains "$line" "$helper" "procs: the filter shows the helper process (PID $helper)"
rss=$(awk '{print $3}' <<<"$line")
ok $(grep -qE '^3[0-9]{2}(\.[0-9])?M$' <<<"$rss"; echo $?) "procs: its RSS is 300M and a little ($rss)"
# A tmux client typing the filter carries the same words in its command line
# for a moment, and can be caught by a refresh under load: leave it out.
is "$(pane | grep -E '^ *[0-9]+ +[^ ]+ +[0-9.]+[BKMGT] ' | grep -vc ' tmux')" "1" "procs: only the matching process is listed"
send m
wait_for "PSS/s" 3
ok $? "m: PSS, USS and Swap columns"
pss=$(pane | grep -E "^ *$helper " | awk '{print $5}')
ok $(grep -qE '^3[0-9]{2}(\.[0-9])?M$' <<<"$pss"; echo $?) "procs: the helper's PSS is 300M and a little too ($pss)"
send / Escape
sleep 0.3
ok $(pane | grep -q 'filter "'; [ $? != 0 ]; echo $?) "/ then Esc drops the filter"

# ---- vmalloc (4) ----
send 4
wait_for "CALLER" 3
ok $? "4: vmalloc screen"
caller=$(pane | awk '/^CALLER/ {getline; print $1}')
ok $(grep -q "$caller" /proc/vmallocinfo; echo $?) "vmalloc: the top caller ($caller) is in /proc/vmallocinfo"
contains "$(pane)" "areas," "vmalloc: totals"
send Tab
wait_for "N0 " 3
ok $? "Tab from the last screen wraps to zones"
send BTab
wait_for "CALLER" 3
ok $? "Shift-Tab goes back to the last screen"
send 1
wait_for "N0 " 3

# ---- pause and interval ----
send p
wait_for "PAUSED" 2
ok $? "p: paused"
send p
wait_for "every 1s" 2
ok $? "p again: refreshing every 1s"
send +
wait_for "every 2s" 2
ok $? "+: longer interval (2s)"
send - -
wait_for "every 0.5s" 2
ok $? "- -: shorter interval (0.5s)"

# ---- resize: what is on screen equals a full redraw at the new size ----
send p
wait_for "PAUSED" 2
for size in 40x10 80x24 40x10 80x24; do
	"${T[@]}" resize-window -t ml -x "${size%x*}" -y "${size#*x}"
	sleep 0.5
	a=$(pane)
	send C-l
	sleep 0.4
	b=$(pane)
	is "$a" "$b" "resize to $size: the screen equals a full redraw (no garbage)"
	is "$(wc -l <<<"$a")" "${size#*x}" "resize to $size: pane has ${size#*x} lines"
	contains "$(tail -1 <<<"$a")" "h help" "resize to $size: status line on the last row"
done
"${T[@]}" resize-window -t ml -x 40 -y 10
sleep 0.4
for k in 1 2 3 4; do
	send "$k"
	sleep 0.4
	scr=$(pane)
	contains "$(sed -n 1p <<<"$scr")" "1 zones 2 slab 3 procs 4 vmalloc" "40x10 screen $k: title"
	contains "$(sed -n 2p <<<"$scr")" "Total " "40x10 screen $k: header with short labels"
	contains "$(tail -1 <<<"$scr")" "h help" "40x10 screen $k: status line"
done
"${T[@]}" resize-window -t ml -x 80 -y 24
sleep 0.3

# ---- ways out ----
send q
restored "q" 0

run "$ML"
wait_for "h help" 5
send C-c
restored "Ctrl-C" 0

# Ctrl-Z: ncurses gives the terminal back while stopped and takes it again on fg.
run "$ML"
wait_for "h help" 5
send C-z
wait_for "Stopped" 3
ok $? "Ctrl-Z stops the view"
is "$(alt)" "0" "Ctrl-Z: alternate screen left while stopped"
send fg Enter
wait_for "h help  q quit" 3
is "$(alt)" "1" "fg: the view is back on the alternate screen"
send q
restored "q after fg" 0

run "$ML"
wait_for "h help" 5
kill -TERM "$(top_pid)"
restored "SIGTERM" 143

run "$ML"
wait_for "h help" 5
kill -HUP "$(top_pid)"
restored "SIGHUP" 129

# A crash while the frame is half drawn (test hook in app.c: header
# painted and sent, then SIGSEGV or abort()).
run "ML_TOP_TEST_CRASH=segv $ML -d 0.3"
restored "crash (SIGSEGV) while drawing" 139
run "ML_TOP_TEST_CRASH=abort $ML -d 0.3"
restored "crash (abort) while drawing" 134

run "$ML -n 2 -d 0.3"
restored "-n 2 ends by itself" 0

# ---- a snapshot: one frame, every screen from the files ----
run "$ML --sysroot $X86"
wait_for "snapshot" 5
contains "$(pane | sed -n 2p)" "MemTotal 23.5G  MemFree 22.8G  MemAvailable 23.2G" "snapshot: the capture's header"
send 2
wait_for "ext4_inode_cache" 3
contains "$(pane)" "37.5M" "snapshot: slab screen from the capture's slabinfo"
send q
restored "snapshot q" 0

# ---- what the view reads: only what the shown screen needs ----
if command -v strace >/dev/null; then
	run "strace -f -e trace=openat -o $tmp/st $ML -d 0.3"
	wait_for "h help" 5
	sleep 1
	zones_only=$(grep -cE '/proc/(slabinfo|vmallocinfo|pagetypeinfo|[0-9]+/)' "$tmp/st")
	is "$zones_only" "0" "zones screen: no slabinfo, vmallocinfo, pagetypeinfo or process files read"
	send t
	sleep 1
	ok $(grep -q '/proc/pagetypeinfo' "$tmp/st"; echo $?) "t: pagetypeinfo read while migrate types are shown"
	send 2
	sleep 1
	ok $(grep -q '/proc/slabinfo' "$tmp/st"; echo $?) "slab screen: slabinfo read"
	send 3
	sleep 1
	is "$(grep -c smaps_rollup "$tmp/st")" "0" "procs screen without m: no smaps_rollup"
	send m
	sleep 1
	ok $(grep -q smaps_rollup "$tmp/st"; echo $?) "m: smaps_rollup read"
	send q
	for ((i = 0; i < 50; i++)); do [ -z "$(top_pid)" ] && break; sleep 0.1; done
fi

done_testing
