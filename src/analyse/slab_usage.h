/* What each slab cache costs and how full it is, from one /proc/slabinfo
 * row (kernel-model §7.8), and how the sum relates to meminfo's Slab lines
 * (§11.6). */
#ifndef ML_SLAB_USAGE_H
#define ML_SLAB_USAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/system.h"
#include "../parse/slabinfo.h"

struct ml_slab_usage {
	const struct ml_slab_cache *cache;
	uint64_t mem_bytes;       /* num_slabs × pagesperslab × page size */
	uint64_t active_bytes;    /* active_objs × objsize */
	uint64_t object_bytes;    /* num_objs × objsize: slabtop's "total size" */
	uint64_t waste_bytes;     /* mem − active (0 when a fallback order makes it negative) */
	int64_t util_permille;    /* active_bytes / mem_bytes, tenths of a percent */
	int64_t use_permille;     /* active_objs / num_objs: slabtop's USE */
};

struct ml_slab_totals {
	uint64_t caches, caches_with_objects;
	uint64_t active_objs, num_objs, active_slabs, num_slabs, pages;
	uint64_t mem_bytes, active_bytes, object_bytes, waste_bytes;
};

/* Figures of one cache.  ML_EPARSE (err naming file:line) when a product
 * does not fit in 64 bits: only a garbled file gets there. */
int ml_slab_usage(const struct ml_slab_cache *c, uint64_t page_size, const char *file,
		  struct ml_slab_usage *u, struct ml_error *err);
/* Add one cache to the totals, same overflow rule. */
int ml_slab_totals_add(struct ml_slab_totals *t, const struct ml_slab_usage *u,
		       const char *file, struct ml_error *err);
/* Tenths of a percent of part in whole, 0 when whole is 0. */
int64_t ml_permille(uint64_t part, uint64_t whole);

/* meminfo's view of the same memory (§7.5, §7.8, §11.6). */
struct ml_slab_meminfo {
	bool has_slab, has_split;   /* Slab:, and SReclaimable/SUnreclaim (2.6.19+) */
	uint64_t slab, reclaimable, unreclaimable;   /* bytes */
	int64_t gap_bytes;          /* Slab − Σ slab pages: > 0 means meminfo counts more */
};
void ml_slab_meminfo(const struct ml_system *sys, const struct ml_slab_totals *all,
		     struct ml_slab_meminfo *out);

#endif
