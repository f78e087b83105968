/* Name/value files: /proc/meminfo (kernel-model §11.6), /proc/vmstat
 * (§11.7), and single-value and array files under /proc/sys/vm. */
#ifndef ML_PARSE_KVFILE_H
#define ML_PARSE_KVFILE_H

#include <stddef.h>
#include <stdint.h>

#include "../util/error.h"
#include "../util/kv.h"

/* meminfo: "Name:   123 kB" -> value in bytes (kB * 1024, overflow
 * checked); lines without a unit (HugePages_Total: 0) keep the plain count.
 * Names keep their parentheses: "Active(anon)". */
int ml_parse_meminfo(const char *buf, size_t len, const char *file,
		     struct ml_kv *out, struct ml_error *err);

/* vmstat: "name value" per line, values are counts (mostly pages). */
int ml_parse_vmstat(const char *buf, size_t len, const char *file,
		    struct ml_kv *out, struct ml_error *err);

/* A sysctl holding one non-negative integer (min_free_kbytes, ...). */
int ml_parse_sysctl_u64(const char *buf, size_t len, const char *file,
			uint64_t *out, struct ml_error *err);

/* A sysctl holding blank-separated integers (lowmem_reserve_ratio). Returns
 * the count in *n (at most max). */
int ml_parse_sysctl_array(const char *buf, size_t len, const char *file,
			  uint64_t *out, size_t max, size_t *n, struct ml_error *err);

#endif
