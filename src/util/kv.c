#include "kv.h"

#include <stdlib.h>
#include <string.h>

const struct ml_kv_entry *ml_kv_find(const struct ml_kv *kv, const char *name)
{
	for (size_t i = 0; i < kv->n; i++)
		if (strcmp(kv->v[i].name, name) == 0)
			return &kv->v[i];
	return NULL;
}

int ml_kv_set(struct ml_kv *kv, const char *name, uint64_t value, unsigned long line)
{
	struct ml_kv_entry *e = (struct ml_kv_entry *)ml_kv_find(kv, name);
	if (!e) {
		if (kv->n == kv->cap) {
			size_t cap = kv->cap ? kv->cap * 2 : 64;
			struct ml_kv_entry *v = realloc(kv->v, cap * sizeof(*v));
			if (!v)
				return -1;
			kv->v = v;
			kv->cap = cap;
		}
		e = &kv->v[kv->n++];
		memset(e, 0, sizeof(*e));
		strncpy(e->name, name, ML_KV_NAME - 1);
	}
	e->value = value;
	e->line = line;
	return 0;
}

bool ml_kv_get(const struct ml_kv *kv, const char *name, uint64_t *out)
{
	const struct ml_kv_entry *e = ml_kv_find(kv, name);
	if (e)
		*out = e->value;
	return e != NULL;
}

uint64_t ml_kv_get_or(const struct ml_kv *kv, const char *name, uint64_t dflt)
{
	uint64_t v;
	return ml_kv_get(kv, name, &v) ? v : dflt;
}

void ml_kv_free(struct ml_kv *kv)
{
	free(kv->v);
	kv->v = NULL;
	kv->n = kv->cap = 0;
}
