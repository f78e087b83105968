/* The vmalloc area from /proc/vmallocinfo (kernel-model §8): what the areas
 * are (by kind, by caller, by NUMA node), the memory behind them against the
 * virtual space they reserve, and — when the addresses are real — where the
 * free holes of the range are. */
#ifndef ML_VMALLOC_SPACE_H
#define ML_VMALLOC_SPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../parse/vmallocinfo.h"
#include "../util/error.h"

/* Kinds as vmallocinfo words (§8.3); an area may carry several ("vmalloc
 * vpages", "vmalloc user") and then counts under each. */
enum ml_vmalloc_kind_index {
	ML_VK_VMALLOC, ML_VK_VMAP, ML_VK_IOREMAP, ML_VK_USER, ML_VK_VPAGES, ML_VK_DMA_COHERENT,
	ML_VK_SPARSE, ML_VK_VM_MAP_RAM, ML_VK_UNPURGED, ML_VK_OTHER, ML_VK_NONE, ML_VK_COUNT
};

struct ml_vmalloc_group {
	char name[200];            /* kind word, "caller [module]", or "N<node>" */
	unsigned node;             /* by-node groups */
	uint64_t areas;
	uint64_t size_bytes;       /* reserved virtual space, guard pages included */
	uint64_t pages;            /* pages= : pages allocated (no guard) */
	unsigned kind_flags;       /* union of the areas' words (callers) */
};

struct ml_vmalloc_hole {
	uint64_t start, size;
};

/* Address space, only when the addresses are real (§8.3). */
struct ml_vmalloc_range {
	bool known;                /* addresses real and at least one area */
	bool bounded_by_total;     /* VmallocTotal fixed the range's length */
	bool areas_exceed_total;   /* the areas span more than VmallocTotal */
	uint64_t start, end;       /* [start, end): assumed VMALLOC_START..END */
	uint64_t span;             /* lowest area start .. highest area end */
	uint64_t edge_unplaced;    /* free bytes whose side of the areas is unknown */
	bool overlaps;             /* two areas overlap: a garbled or torn file */
	/* Busy = every listed area, lazily-freed ones included. */
	uint64_t free_bytes, nholes;
	struct ml_vmalloc_hole largest;
	/* After the purge the allocator runs before it gives up (§8.1 step 3):
	 * unpurged areas free. */
	uint64_t free_after_purge, nholes_after_purge;
	struct ml_vmalloc_hole largest_after_purge;
};

struct ml_vmalloc_summary {
	uint64_t areas, size_bytes, pages;
	uint64_t vmalloc_pages;    /* Σ pages= of "vmalloc" lines: VmallocUsed (§8.2) */
	uint64_t paged_areas, paged_size_bytes;   /* areas with pages=, their reserved bytes */
	uint64_t guard_bytes;      /* their reserved bytes − pages × page size: guard pages (+ rounding) */
	uint64_t vmalloc_size_bytes, vmalloc_areas;
	uint64_t unpurged_areas, unpurged_bytes;
	struct ml_vmalloc_group kinds[ML_VK_COUNT];
	struct ml_vmalloc_group *callers;   /* largest reserved size first */
	size_t ncallers;
	struct ml_vmalloc_group *nodes;     /* by node number */
	size_t nnodes;
	bool node_pages_truncated;
	struct ml_vmalloc_range range;
};

/* page_size: bytes; vmalloc_total: meminfo VmallocTotal in bytes, 0 when
 * unknown.  file names vmallocinfo in messages (sums beyond 64 bits). */
int ml_vmalloc_summarise(const struct ml_vmallocinfo *vi, uint64_t page_size,
			 uint64_t vmalloc_total, const char *file,
			 struct ml_vmalloc_summary *out, struct ml_error *err);
void ml_vmalloc_summary_free(struct ml_vmalloc_summary *s);
const char *ml_vmalloc_kind_name(enum ml_vmalloc_kind_index k);

/* How many reservations of area bytes the free holes hold after the purge
 * (§8.1 step 3): alloc_vmap_area() takes the lowest hole that fits, so
 * areas of one size fill each hole from its start — Σ ⌊hole / area⌋.  The
 * range is bounded as in ml_vmalloc_summarise(); *fits is 0 when the
 * addresses are not real.  ML_ENOMEM. */
int ml_vmalloc_holes_fit(const struct ml_vmallocinfo *vi, uint64_t vmalloc_total, uint64_t area,
			 uint64_t *fits);

/* Reserved virtual bytes a vmalloc(size) needs (§8.1 step 3): size rounded
 * up to pages, plus one guard page.  0 on overflow. */
uint64_t ml_vmalloc_reservation(uint64_t size, uint64_t page_size);

#endif
