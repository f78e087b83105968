/* libFuzzer harness: the smaps_rollup parser and its contract (fuzz/targets.c).
 * Build with -Dfuzz=true and clang; run with fuzz/run.sh. */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ml_fuzz_check("smaps_rollup", data, size);
	return 0;
}
