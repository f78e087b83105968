#!/usr/bin/env bash
# Run the libFuzzer harnesses for a set time each.
#
#   fuzz/run.sh SECONDS [TARGET...]          (default: every target built)
#   JOBS=2 fuzz/run.sh 600                   (run two targets at a time)
#   BUILD=build-fuzz WORK=build-fuzz/fuzz-work fuzz/run.sh 60 zoneinfo
#
# Builds nothing: set up once with
#   CC=clang-14 meson setup build-fuzz -Dfuzz=true && ninja -C build-fuzz
# Each target starts from its seeds (the real files of tests/fixtures, the
# hand-made inputs of tests/fixtures/malformed and fuzz/corpus/<target>/) and
# keeps its growing corpus in WORK/<target>/corpus (never in the source tree).
# A crash, leak, timeout or broken contract leaves its input in
# WORK/<target>/artifacts/; copy it to fuzz/corpus/<target>/ once fixed so the
# normal test suite replays it.  One line per target is printed at the end:
#   TARGET seconds=N runs=N cov=N corpus=N findings=N
# and the exit status is 1 when any target found something.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
secs=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
BUILD=${BUILD:-$src/build-fuzz}
WORK=${WORK:-$BUILD/fuzz-work}
JOBS=${JOBS:-1}
FIX=$src/tests/fixtures

if [ $# -gt 0 ]; then
	targets=("$@")
else
	targets=()
	for f in "$BUILD"/fuzz/fuzz_*; do
		[ -f "$f" ] && [ -x "$f" ] && targets+=("${f##*/fuzz_}")
	done
fi
[ ${#targets[@]} -gt 0 ] || { echo "fuzz/run.sh: no harness in $BUILD/fuzz (build with -Dfuzz=true)" >&2; exit 2; }

# Fixture files that seed a target (find expressions on the file name).
seeds() {
	case $1 in
	zoneinfo) find "$FIX" -type f -name 'zoneinfo*' ;;
	buddyinfo) find "$FIX" -type f \( -name 'buddyinfo*' -o -name '*buddyinfo*.txt' \) ;;
	pagetypeinfo) find "$FIX" -type f -name '*pagetypeinfo*' ! -name '*.md' ;;
	meminfo) find "$FIX" -type f -name 'meminfo*' ;;
	vmstat) find "$FIX" -type f -name 'vmstat' ;;
	sysctl) find "$FIX" -type f -path '*/proc/sys/vm/*'; find "$FIX" -type f -name kptr_restrict ;;
	extfrag) find "$FIX" -type f -path '*/extfrag/*' ;;
	slabinfo) find "$FIX" -type f -name 'slabinfo*' ;;
	vmallocinfo) find "$FIX" -type f -name '*vmallocinfo*' ! -name '*.md' ;;
	maps) find "$FIX" -type f -name maps ;;
	smaps) find "$FIX" -type f -name smaps ;;
	smaps_rollup) find "$FIX" -type f -name smaps_rollup ;;
	status) find "$FIX" -type f -path '*/proc/[0-9]*/status' ;;
	failure_report) find "$FIX" -type f \( -name 'dmesg*' -o -name 'sysrq-m*' -o -path '*/reports*' \) ! -name '*.md' ;;
	model) ;; # made by model_seeds from whole captures
	gfp) ;;   # fuzz/corpus/gfp holds the names
	size) ;;
	esac
	# Hand-made hostile inputs of the CLI tests, by the file they replace.
	local m=$FIX/malformed/$1
	[ -d "$m" ] && find "$m" -type f
	[ -d "$here/corpus/$1" ] && find "$here/corpus/$1" -type f
}

# The model target's input is a whole snapshot: "@@ PATH" then the file, for
# every file of a capture that the model reads (fuzz/targets.c, run_model).
model_seeds() {
	local out=$1 cap f rel
	for cap in "$FIX"/captured/*/; do
		{
			for rel in proc/zoneinfo proc/buddyinfo proc/pagetypeinfo proc/meminfo proc/vmstat \
				proc/slabinfo proc/vmallocinfo proc/sys/vm/min_free_kbytes \
				proc/sys/vm/watermark_scale_factor proc/sys/vm/watermark_boost_factor \
				proc/sys/vm/extfrag_threshold proc/sys/vm/lowmem_reserve_ratio \
				proc/sys/kernel/kptr_restrict sys/kernel/debug/extfrag/unusable_index \
				sys/kernel/debug/extfrag/extfrag_index PAGE_SIZE ARCH proc/version; do
				f=$cap$rel
				[ -f "$f" ] || continue
				printf '@@ %s\n' "$rel"
				cat "$f"
			done
		} >"$out/$(basename "$cap")"
	done
}

run_one() {
	local t=$1 exe=$BUILD/fuzz/fuzz_$1 dir=$WORK/$1
	mkdir -p "$dir/corpus" "$dir/artifacts" "$dir/seeds"
	seeds "$t" | while read -r f; do
		cp -f "$f" "$dir/seeds/$(printf '%s' "$f" | md5sum | cut -c1-16)"
	done
	[ "$t" = model ] && model_seeds "$dir/seeds"
	local dict=()
	[ -f "$here/dict/$t.dict" ] && dict=(-dict="$here/dict/$t.dict")
	# The command-line words (GFP names, sizes) are short: ml_gfp_parse
	# refuses more than 1024 bytes.  /proc files may be large.
	local max_len=1048576
	case $t in gfp | size) max_len=4096 ;; esac
	local start=$SECONDS
	# -max_len: the largest real fixture is a few hundred KiB (smaps);
	# 1 MiB lets the 64 KiB line limit and big inputs be reached.
	# -timeout: no input may take 10 s (a hang is a finding).
	# -rss_limit_mb: a parser must not need more than this on any input.
	"$exe" "$dir/corpus" "$dir/seeds" "${dict[@]}" \
		-max_total_time="$secs" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$dir/artifacts/" -print_final_stats=1 \
		>"$dir/log" 2>&1
	local rc=$? took=$((SECONDS - start))
	local runs cov corp nart
	runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/log" | grep -o '[0-9]*$' | tail -1)
	cov=$(grep -oE '(cov|ft): [0-9]+' "$dir/log" | grep '^cov' | tail -1 | grep -o '[0-9]*')
	corp=$(find "$dir/corpus" -type f | wc -l)
	nart=$(find "$dir/artifacts" -type f | wc -l)
	printf '%s seconds=%d runs=%s cov=%s corpus=%s findings=%s rc=%d\n' \
		"$t" "$took" "${runs:-?}" "${cov:-?}" "$corp" "$nart" "$rc" | tee -a "$WORK/summary.txt"
	[ "$rc" = 0 ] && [ "$nart" = 0 ]
}

mkdir -p "$WORK"
status=0
pids=()
for t in "${targets[@]}"; do
	[ -x "$BUILD/fuzz/fuzz_$t" ] || { echo "fuzz/run.sh: no harness fuzz_$t in $BUILD/fuzz" >&2; status=2; continue; }
	run_one "$t" &
	pids+=($!)
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
		wait -n || status=1
	done
done
while [ "$(jobs -rp | wc -l)" -gt 0 ]; do
	wait -n || status=1
done
exit $status
