/* libFuzzer harness: a whole snapshot in one input ("@@ proc/zoneinfo" ...
 * sections), read back through the reading layer into the model, then the
 * analyses the commands run (fuzz/targets.c, run_model).
 * Build with -Dfuzz=true and clang; run with fuzz/run.sh. */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ml_fuzz_check("model", data, size);
	return 0;
}
