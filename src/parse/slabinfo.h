/* /proc/slabinfo versions 2.0 and 2.1 (kernel-model §7.8, §11.4): one row
 * per slab cache, SLUB (tunables always 0) or the old SLAB allocator (real
 * tunables, active_slabs separate from num_slabs). */
#ifndef ML_PARSE_SLABINFO_H
#define ML_PARSE_SLABINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/error.h"

/* Longest cache name kept, with its NUL.  Real names are short
 * ("kmalloc-rnd-15-8k", "ext4_groupinfo_4k"); a longer one is refused. */
#define ML_SLAB_NAME 64

struct ml_slab_cache {
	char name[ML_SLAB_NAME];
	uint64_t active_objs, num_objs;
	uint64_t objsize;          /* bytes per object including metadata (s->size) */
	uint64_t objperslab, pagesperslab;
	uint64_t limit, batchcount, sharedfactor;   /* "tunables": 0 0 0 on SLUB */
	uint64_t active_slabs, num_slabs, sharedavail;
	bool has_tunables;         /* any tunable non-zero: the row comes from SLAB */
	unsigned long line;
};

struct ml_slabinfo {
	int version_major, version_minor;   /* 2.0 or 2.1 */
	bool statistics;            /* "(statistics)" header: SLAB with STATS, rows
				       carry ": globalstat" and ": cpustat" (not kept) */
	struct ml_slab_cache *caches;
	size_t ncaches;             /* may be 0: a header alone is well formed */
};

/* Pure: buf (len bytes, need not be NUL-terminated) -> out.  file names the
 * input in messages.  0 or ML_EPARSE/ML_ENOMEM with err set; out is empty
 * (and needs no free) on error. */
int ml_parse_slabinfo(const char *buf, size_t len, const char *file,
		      struct ml_slabinfo *out, struct ml_error *err);
void ml_slabinfo_free(struct ml_slabinfo *si);
/* The cache called name, or NULL. */
const struct ml_slab_cache *ml_slabinfo_find(const struct ml_slabinfo *si, const char *name);

#endif
