/* A set of NUMA nodes, as the kernel's nodemask_t: bit n is node n
 * (kernel-model §2.3 — zones of nodes outside an allocation's nodemask are
 * skipped in the zonelist walk).  Written and read as the kernel's node
 * lists ("%*pbl": "0-1,3"), the form of a report's nodemask= and
 * mems_allowed= (§9.2). */
#ifndef ML_NODEMASK_H
#define ML_NODEMASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/error.h"
#include "limits.h"

struct ml_nodemask {
	uint64_t bits[ML_MAX_NODES / 64];
};

static inline bool ml_nodemask_empty(const struct ml_nodemask *m)
{
	for (size_t i = 0; i < ML_MAX_NODES / 64; i++)
		if (m->bits[i])
			return false;
	return true;
}

static inline bool ml_nodemask_test(const struct ml_nodemask *m, int node)
{
	return node >= 0 && node < ML_MAX_NODES && (m->bits[node / 64] >> (node % 64)) & 1;
}

static inline void ml_nodemask_set(struct ml_nodemask *m, int node)
{
	if (node >= 0 && node < ML_MAX_NODES)
		m->bits[node / 64] |= 1ull << (node % 64);
}

/* A restriction that lets node through: an empty mask restricts nothing. */
static inline bool ml_nodemask_allows(const struct ml_nodemask *m, int node)
{
	return !m || ml_nodemask_empty(m) || ml_nodemask_test(m, node);
}

/* "0", "0-3", "0-1,3" → mask.  ML_EUSAGE naming the bad part (a number
 * beyond ML_MAX_NODES − 1, a range backwards, anything else); the empty
 * list is refused too. */
int ml_nodemask_parse(const char *list, struct ml_nodemask *m, struct ml_error *err);

/* mask → "0-1,3" ("" for the empty mask). */
void ml_nodemask_format(const struct ml_nodemask *m, char *buf, size_t n);

#endif
