# Shared by the CLI tests: TAP output and small assertions.
# Environment (set by meson): MEMLAYOUT (the binary), ML_FIXTURES (tests/fixtures).
set -u
: "${MEMLAYOUT:?MEMLAYOUT must name the built binary}"
: "${ML_FIXTURES:?ML_FIXTURES must name tests/fixtures}"
export NO_COLOR=1 LC_ALL=C.UTF-8

# VALGRIND=1 (or VALGRIND="valgrind OPTIONS...") runs every memlayout of the
# test under memcheck: MEMLAYOUT becomes a wrapper that execs valgrind with
# its report in VALGRIND_LOGS/TEST.PID.log (stdout and stderr stay the
# program's, so the tests compare them as usual); a memory error or a
# definite leak makes memlayout exit 99.  tests/cli/valgrind.sh runs the CLI
# suite so and sums the logs up.  ML_REAL is the binary itself.
export ML_REAL=${ML_REAL:-$MEMLAYOUT}
if [ -n "${VALGRIND:-}" ]; then
	[ "$VALGRIND" = 1 ] && VALGRIND="valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --vgdb=no --track-fds=no"
	export VALGRIND_LOGS=${VALGRIND_LOGS:-${TMPDIR:-/tmp}/memlayout-valgrind}
	mkdir -p "$VALGRIND_LOGS/bin"
	chmod 1777 "$VALGRIND_LOGS" 2>/dev/null
	chmod 755 "$VALGRIND_LOGS/bin" 2>/dev/null
	_vg_test=$(basename "$0" .sh)
	_vg_wrapper=$VALGRIND_LOGS/bin/memlayout.$_vg_test
	printf '#!/bin/sh\nexec %s --log-file=%s/%s.%%p.log %s "$@"\n' \
		"$VALGRIND" "$VALGRIND_LOGS" "$_vg_test" "$ML_REAL" >"$_vg_wrapper.$$"
	chmod 755 "$_vg_wrapper.$$"
	mv -f "$_vg_wrapper.$$" "$_vg_wrapper"
	MEMLAYOUT=$_vg_wrapper
fi
CAP=$ML_FIXTURES/captured
X86=$CAP/vm-6.18-x86_64
I386=$CAP/qemu-i386-6.1-3g-highmem
I386LOW=$CAP/qemu-i386-6.1-768m
ARM64=$CAP/qemu-arm64-6.1-2g
_n=0
_fail=0

# ok CONDITION-EXIT-STATUS DESCRIPTION
ok() {
	local rc=$1; shift
	_n=$((_n + 1))
	if [ "$rc" = 0 ]; then
		echo "ok $_n - $*"
	else
		echo "not ok $_n - $*"
		_fail=1
	fi
}

# is GOT WANT DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2"
	fi
}

# contains TEXT NEEDLE DESCRIPTION
contains() {
	case "$1" in
	*"$2"*) ok 0 "$3" ;;
	*) ok 1 "$3"; printf '#   missing: %s\n' "$2"; printf '%s\n' "$1" | head -20 | sed 's/^/#   /' ;;
	esac
}

# lacks TEXT NEEDLE DESCRIPTION
lacks() {
	case "$1" in
	*"$2"*) ok 1 "$3"; printf '#   present: %s\n' "$2" ;;
	*) ok 0 "$3" ;;
	esac
}

# json_get JSON PYTHON-EXPRESSION-ON-d : prints the value
json_get() {
	python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); print(eval(sys.argv[1]))' "$2" <<<"$1"
}

done_testing() {
	echo "1..$_n"
	exit $_fail
}
