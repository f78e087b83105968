/* The kmalloc size classes this kernel actually has (kernel-model §7.1–§7.3):
 * from /proc/slabinfo when readable, else the architecture's defaults.  The
 * same table serves `slab --kmalloc` and the rounding in `explain`. */
#ifndef ML_KMALLOC_H
#define ML_KMALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../parse/slabinfo.h"
#include "../util/error.h"

/* One cache of one family: "kmalloc-128", "kmalloc-cg-1k", "dma-kmalloc-64",
 * "kmalloc-rcl-4k", "kmalloc-rnd-03-256". */
struct ml_kmalloc_class {
	char family[24];        /* "kmalloc", "kmalloc-cg", "kmalloc-rcl", "dma-kmalloc",
				   "kmalloc-rnd-03", ... */
	char cache[64];         /* slabinfo name */
	uint64_t size;          /* object size of the class in bytes (128 for kmalloc-128) */
	bool in_slabinfo;       /* false: arch default, not seen in slabinfo */
	const struct ml_slab_cache *slab;   /* its slabinfo row, NULL when not seen */
};

struct ml_kmalloc_table {
	struct ml_kmalloc_class *classes;   /* sorted by family, then size */
	size_t n;
	bool from_slabinfo;         /* false: built from the architecture defaults */
	uint64_t min_size;          /* smallest normal class (8, or 64/128 on some arm64) */
	uint64_t max_cache_size;    /* KMALLOC_MAX_CACHE_SIZE = 2 pages (§7.1) */
	uint64_t max_size;          /* KMALLOC_MAX_SIZE = largest buddy block (§7.1) */
};

/* Build the table.  si may be NULL (slabinfo unreadable): then the defaults
 * for page_size (and arch, "x86_64", "i686", "aarch64"...) are used.
 * max_order is MAX_PAGE_ORDER (buddyinfo columns − 1), or -1 for the arch
 * default. */
int ml_kmalloc_build(struct ml_kmalloc_table *t, const struct ml_slabinfo *si,
		     uint64_t page_size, const char *arch, int max_order, struct ml_error *err);
void ml_kmalloc_free(struct ml_kmalloc_table *t);

/* The class a kmalloc of `size` bytes lands in for `family` ("kmalloc" for
 * the normal one), following kmalloc_slab() (§7.2): the smallest class of
 * that family whose size is ≥ size (96 and 192 only where they exist).
 * NULL when size is 0 or above max_cache_size (page allocator, §7.5). */
const struct ml_kmalloc_class *ml_kmalloc_lookup(const struct ml_kmalloc_table *t,
						 const char *family, uint64_t size);

#endif
