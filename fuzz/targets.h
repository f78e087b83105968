/* One entry point per parser, shared by the libFuzzer harnesses
 * (fuzz/fuzz_<name>.c) and by the regression replay in the normal test suite
 * (tests/unit/test_regressions.c), so that a crashing input found by the
 * fuzzer is replayed through exactly the same code in CI.
 *
 * A target runs one parser on the bytes and checks its contract:
 *   - the return is 0 or a negative ML_E* code the parser may return,
 *   - on error, struct ml_error is filled (code, file, message) and the
 *     output left empty where the header promises it,
 *   - on success, what the rest of memlayout relies on holds (bounds of the
 *     model, ascending mappings, ...),
 * and frees everything (ASan's leak checker sees every path).
 * It returns NULL when all holds, or a sentence saying what broke. */
#ifndef ML_FUZZ_TARGETS_H
#define ML_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

struct ml_fuzz_target {
	const char *name;       /* = fuzz/corpus/<name>/ and fuzz/fuzz_<name>.c */
	const char *(*run)(const uint8_t *data, size_t size);
};

/* Terminated by { NULL, NULL }. */
extern const struct ml_fuzz_target ml_fuzz_targets[];

const struct ml_fuzz_target *ml_fuzz_target_find(const char *name);

/* For the harnesses: run the named target, abort() with the sentence on a
 * broken contract (libFuzzer then saves the input). */
void ml_fuzz_check(const char *name, const uint8_t *data, size_t size);

#endif
