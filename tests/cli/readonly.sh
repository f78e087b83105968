#!/usr/bin/env bash
# memlayout writes nothing: every command runs under strace, and no file is
# opened for writing (O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND), created,
# removed, renamed, linked, truncated or chmod/chown'ed -- except that
# `snapshot DIR` writes under DIR (and may create DIR's missing parents, as
# mkdir -p does).  Standard output and error are inherited, never opened.
# LeakSanitizer refuses to run under ptrace (strace), so this suite turns
# leak detection off; every other suite runs with it on.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
. "$(dirname "$0")/lib.sh"

if ! command -v strace >/dev/null || ! strace -f -o /dev/null true 2>/dev/null; then
	echo "ok 1 # SKIP strace is not installed or cannot trace here"
	echo "1..1"
	exit 0
fi
tmp=$(mktemp -d)
sleeper=
trap '[ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null; rm -rf "$tmp"' EXIT
sleep 300 &
sleeper=$!

# Every syscall that names a file or changes one through a descriptor.
TRACE='%file,ftruncate,fchmod,fchown,fallocate,mknodat,memfd_create'

# traced ALLOWED-DIR ARGS... : runs memlayout under strace; sets rc and bad
# (the offending syscalls, one a line, "" when none)
traced() {
	local allowed=$1; shift
	timeout 180 strace -f -y -qq -s 4096 -o "$tmp/trace" -e trace="$TRACE" \
		"$MEMLAYOUT" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	bad=$(python3 - "$tmp/trace" "$allowed" "${VALGRIND_LOGS:-}" <<'EOF'
import re, sys
trace, allowed, vglogs = sys.argv[1], sys.argv[2], sys.argv[3].rstrip('/')
allowed = allowed.rstrip('/') if allowed else None
WRITE_FLAGS = ('O_WRONLY', 'O_RDWR', 'O_CREAT', 'O_TRUNC', 'O_APPEND', 'O_TMPFILE')
# Syscalls that change the file system whatever their flags.
CHANGING = {'creat', 'truncate', 'ftruncate', 'unlink', 'unlinkat', 'rename', 'renameat',
            'renameat2', 'mkdir', 'mkdirat', 'rmdir', 'link', 'linkat', 'symlink', 'symlinkat',
            'chmod', 'fchmod', 'fchmodat', 'fchmodat2', 'chown', 'fchown', 'lchown', 'fchownat',
            'mknod', 'mknodat', 'utime', 'utimes', 'utimensat', 'futimesat', 'fallocate',
            'setxattr', 'lsetxattr', 'fsetxattr', 'removexattr', 'lremovexattr', 'fremovexattr',
            'memfd_create'}

def under(path, root):
    return root is not None and (path == root or path.startswith(root + '/'))

def is_ancestor(path, root):
    return root is not None and (root + '/').startswith(path.rstrip('/') + '/')

def paths(args):
    """Absolute paths an argument list names: "dir</abs>, "rel"" joined, or "/abs"."""
    out = []
    for m in re.finditer(r'(?:(-?\d+)<([^>]*)>|AT_FDCWD), "([^"]*)"', args):
        base, rel = m.group(2), m.group(3)
        out.append(rel if rel.startswith('/') or base is None else base.rstrip('/') + '/' + rel)
    for m in re.finditer(r'^"([^"]*)"', args):
        out.append(m.group(1))
    for m in re.finditer(r'^(\d+)<([^>]*)>', args):       # f* calls on a descriptor
        out.append(m.group(2))
    return out

for line in open(trace, errors='replace'):
    m = re.match(r'^\d+\s+(\w+)\((.*)', line)
    if not m:
        continue
    name, args = m.group(1), m.group(2)
    if name in ('open', 'openat', 'openat2'):
        flags = re.search(r'(O_[A-Z_|]+|flags=O_[A-Z_|]+)', args)
        fl = flags.group(1) if flags else ''
        if not any(f in fl for f in WRITE_FLAGS):
            continue
    elif name not in CHANGING:
        continue
    ps = paths(args)
    # Under VALGRIND (lib.sh) valgrind writes its report and its own
    # scratch copies of /proc/self/cmdline and auxv (/tmp/valgrind_proc_*).
    if vglogs and ps and all(p.startswith(vglogs + '/') or '/valgrind_proc_' in p for p in ps):
        continue
    if ps and all(under(p, allowed) or (name in ('mkdir', 'mkdirat') and is_ancestor(p, allowed)) for p in ps):
        continue
    print(line.rstrip()[:300])
EOF
)
}

# check DESCRIPTION ALLOWED-DIR ARGS...
check() {
	local what=$1 allowed=$2; shift 2
	traced "$allowed" "$@"
	if [ -z "$bad" ] && [ "$rc" -lt 124 ]; then
		ok 0 "$what: nothing written${allowed:+ outside $allowed} (exit $rc)"
	else
		ok 1 "$what: nothing written${allowed:+ outside $allowed} (exit $rc)"
		printf '%s\n' "$bad" | head -10 | sed 's/^/#   /'
	fi
}

LOG=$ML_FIXTURES/reports/03-x86_64-5.11-ttm-order10-noretry/input.txt
commands=$("$MEMLAYOUT" --help | awk '/^Commands:/ {f = 1; next} /^$/ {f = 0} f {print $1}')

# Each command: on the live system and on a snapshot, text and JSON.
while read -r cmd args; do
	[ -z "$cmd" ] && continue
	grep -qx "$cmd" <<<"$commands" || { _n=$((_n + 1)); echo "ok $_n # SKIP $cmd: not in this build"; continue; }
	args=${args//@PID@/$sleeper}
	args=${args//@LOG@/$LOG}
	# shellcheck disable=SC2086
	check "$cmd $args (live)" "" "$cmd" $args
	# shellcheck disable=SC2086
	check "$cmd $args -J (live)" "" "$cmd" $args -J
	case $cmd in
	maps) args=${args//$sleeper/5670} ;;
	report) args= ;;     # reads DIR/dmesg.txt
	esac
	# shellcheck disable=SC2086
	check "$cmd $args (snapshot)" "" --sysroot "$X86" "$cmd" $args
done <<EOF
zones
zones --help
buddy
buddy --by-type
slab
slab --kmalloc
vmalloc
procs
procs --sort pss
maps @PID@
explain --size 4096
explain --order 3 --api pages --gfp GFP_ATOMIC --count 10
report @LOG@
EOF

# report with no FILE reads the live kernel log (/dev/kmsg or dmesg(1)).
check "report (live kernel log)" "" report
check "report - (standard input)" "" report - <"$LOG"

if grep -qx top <<<"$commands"; then
	check "top --batch -n 2 --screen all --types --pss (live)" "" top --batch -n 2 -d 0.2 --screen all --types --pss
	check "top --batch -J (live)" "" top --batch -n 1 -J
	check "top --batch (snapshot)" "" --sysroot "$X86" top --batch --screen all
fi

# snapshot writes under DIR only; its missing parents may be created.
check "snapshot DIR (live)" "$tmp/s1/a/b" snapshot "$tmp/s1/a/b"
ok "$( [ -s "$tmp/s1/a/b/MANIFEST" ] && grep -q "O_CREAT.*$tmp/s1/a/b/MANIFEST" "$tmp/trace"; echo $?)" \
	"snapshot DIR wrote its files, and the trace saw those writes"
check "snapshot --all-pids DIR (live)" "$tmp/s2" snapshot --all-pids "$tmp/s2"
check "snapshot --pid PID DIR (live)" "$tmp/s3" snapshot --pid "$sleeper" "$tmp/s3"
check "snapshot --force DIR (over an earlier snapshot)" "$tmp/s3" snapshot --force --pid "$sleeper" "$tmp/s3"
check "snapshot DIR (from a snapshot)" "$tmp/s4" --sysroot "$X86" snapshot --all-pids "$tmp/s4"
check "snapshot -J DIR" "$tmp/s5" snapshot -J "$tmp/s5"
# A refused snapshot writes nothing at all.
check "snapshot into a non-empty DIR (refused)" "" snapshot "$tmp/s1/a/b"
is "$rc" 2 "snapshot into a non-empty DIR: exit 2"

# The checker itself: a program that does write is caught.
timeout 60 strace -f -y -qq -o "$tmp/trace" -e trace="$TRACE" sh -c ": > '$tmp/written'" 2>/dev/null
MEMLAYOUT_SAVE=$MEMLAYOUT
MEMLAYOUT=sh traced "" -c ": > '$tmp/written2'"
MEMLAYOUT=$MEMLAYOUT_SAVE
ok "$( [ -n "$bad" ]; echo $?)" "the trace check does catch a write (sh -c ': > FILE')"

done_testing
