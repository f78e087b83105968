/* A small ordered name -> value table, for files whose keys come and go
 * between kernel versions (meminfo, vmstat, zoneinfo stats).  Keys are kept,
 * never silently dropped. */
#ifndef ML_KV_H
#define ML_KV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ML_KV_NAME 64

struct ml_kv_entry {
	char name[ML_KV_NAME];
	uint64_t value;
	unsigned long line;     /* where it was read, for messages */
};

struct ml_kv {
	struct ml_kv_entry *v;
	size_t n, cap;
};

/* 0 on success, -1 when out of memory. Replaces an existing key's value. */
int ml_kv_set(struct ml_kv *kv, const char *name, uint64_t value, unsigned long line);
const struct ml_kv_entry *ml_kv_find(const struct ml_kv *kv, const char *name);
bool ml_kv_get(const struct ml_kv *kv, const char *name, uint64_t *out);
/* Value or dflt when missing. */
uint64_t ml_kv_get_or(const struct ml_kv *kv, const char *name, uint64_t dflt);
void ml_kv_free(struct ml_kv *kv);

#endif
