#!/usr/bin/env bash
# Smoke test on the live machine: the zones and orders are the kernel's own.
. "$(dirname "$0")/lib.sh"

out=$("$MEMLAYOUT" zones -r -n -o ZONE 2>/dev/null)
ok $? "zones on the live system exits 0"
want=$(awk '/^Node/ {print $4}' /proc/zoneinfo)
is "$out" "$want" "live zones are the zones of /proc/zoneinfo, in order"

out=$("$MEMLAYOUT" buddy -r -n -o ZONE,ORDER 2>/dev/null | awk '{print $1}' | uniq)
ok $? "buddy on the live system exits 0"
is "$out" "$(awk '{print $4}' /proc/buddyinfo)" "live buddy zones are those of /proc/buddyinfo"
n=$("$MEMLAYOUT" buddy -r -n -o ORDER 2>/dev/null | sort -un | tail -1)
is "$n" "$(( $(awk 'NR==1 {print NF}' /proc/buddyinfo) - 5 ))" "max order follows the buddyinfo columns"

js=$("$MEMLAYOUT" zones -J 2>/dev/null)
is "$(json_get "$js" 'd["page_size"]')" "$(getconf PAGESIZE)" "live page size from sysconf"
is "$(json_get "$js" 'd["kernel"]')" "$(uname -r)" "live kernel release from uname"
is "$(json_get "$js" 'd["source"]')" "live" "JSON source is live"
done_testing
