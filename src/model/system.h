/* The one model: a snapshot of the machine's memory, built once per command
 * (once per refresh in `top`).  Everything downstream reads it; nothing
 * downstream reads files (design.md). */
#ifndef ML_SYSTEM_H
#define ML_SYSTEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../source/source.h"
#include "../util/error.h"
#include "../util/kv.h"
#include "limits.h"
#include "kmalloc.h"
#include "../parse/slabinfo.h"
#include "../parse/vmallocinfo.h"

/* Zone kinds by name (kernel-model §2.1).  The index of a zone inside its
 * node is its position in zoneinfo, which is the kernel's zone index. */
enum ml_zone_kind {
	ML_ZONE_DMA,
	ML_ZONE_DMA32,
	ML_ZONE_NORMAL,
	ML_ZONE_HIGHMEM,
	ML_ZONE_MOVABLE,
	ML_ZONE_DEVICE,
	ML_ZONE_OTHER,
};

struct ml_zone {
	int node;
	char name[ML_NAME];
	enum ml_zone_kind kind;
	int index;                      /* zone index within the node */

	/* zoneinfo, in pages */
	bool has_zoneinfo;
	bool has_start_pfn;
	uint64_t start_pfn;
	uint64_t spanned, present, managed;
	bool has_managed;               /* kernels before 3.x had no "managed" */
	uint64_t free_pages;            /* NR_FREE_PAGES */
	bool has_watermarks;            /* min, low and high were read */
	uint64_t wmark_min, wmark_low, wmark_high, wmark_promo, boost; /* boost included */
	bool has_boost, has_promo;
	uint64_t protection[ML_MAX_ZONES];   /* lowmem_reserve[], by highest_zoneidx */
	int nprotection;
	uint64_t cma_pages, free_cma_pages;
	uint64_t pcp_pages;             /* on per-CPU lists: free but not in buddyinfo */
	int npcp_cpus;
	uint64_t vmstat_threshold;      /* per-CPU drift of NR_FREE_PAGES, 0 unknown */
	bool has_lru;
	uint64_t active_file, inactive_file, active_anon, inactive_anon;
	int node_unreclaimable;         /* -1 unknown */

	/* buddyinfo: free blocks per order, all migrate types */
	bool has_buddy;
	uint64_t free_blocks[ML_MAX_ORDERS];

	/* pagetypeinfo: free blocks per type and order, pageblocks per type */
	bool has_types;
	uint64_t type_blocks[ML_MAX_MIGRATE_TYPES][ML_MAX_ORDERS];
	uint32_t type_capped[ML_MAX_MIGRATE_TYPES];   /* bit k: ">100000" */
	bool has_pageblocks;
	uint64_t pageblocks[ML_MAX_MIGRATE_TYPES];
};

/* Files the model may load. */
enum ml_load {
	ML_LOAD_ZONEINFO = 1u << 0,
	ML_LOAD_BUDDYINFO = 1u << 1,
	ML_LOAD_PAGETYPEINFO = 1u << 2,
	ML_LOAD_MEMINFO = 1u << 3,
	ML_LOAD_VMSTAT = 1u << 4,
	ML_LOAD_SYSCTL = 1u << 5,
	ML_LOAD_EXTFRAG = 1u << 6,      /* debugfs extfrag files, to cross-check */
	ML_LOAD_SLABINFO = 1u << 7,     /* also builds the kmalloc table */
	ML_LOAD_VMALLOCINFO = 1u << 8,
	ML_LOAD_KPTR_RESTRICT = 1u << 9,
};

struct ml_vm_sysctl {
	bool has_min_free_kbytes, has_watermark_scale_factor, has_watermark_boost_factor,
	     has_extfrag_threshold;
	uint64_t min_free_kbytes, watermark_scale_factor, watermark_boost_factor,
		 extfrag_threshold;
	size_t nlowmem_reserve_ratio;
	uint64_t lowmem_reserve_ratio[ML_MAX_ZONES];
};

/* The kernel's own debugfs indices as read, thousandths (kernel-model §6.3). */
struct ml_extfrag_row {
	int node;
	char zone[ML_NAME];
	int norders;
	int value[ML_MAX_ORDERS];
};

struct ml_extfrag {
	struct ml_extfrag_row *rows;
	size_t nrows;
};

struct ml_note {
	char text[600];
};

/* Where the model's figures came from: explain words its caveats by it
 * (a dump has no /proc files to blame, kernel-model §9.3, §11.11). */
enum ml_model_origin {
	ML_ORIGIN_PROC,         /* /proc and /sys files: the live system or a snapshot */
	ML_ORIGIN_REPORT,       /* the Mem-Info dump of a kernel report (§9.3) */
	ML_ORIGIN_WHAT_IF,      /* no files: architecture, page size and kernel only */
};

struct ml_system {
	struct ml_source_info info;
	enum ml_model_origin origin;    /* 0 (PROC) unless the builder says otherwise */
	bool live;
	char source[4096];              /* "live" or the snapshot directory */
	uint64_t page_size;             /* bytes; never 0 once loaded */
	bool page_size_assumed;         /* snapshot did not record it */

	unsigned loaded;                /* enum ml_load bits that were read */
	int norders;                    /* MAX_PAGE_ORDER + 1; 0 unknown */
	int pageblock_order;            /* -1 unknown */
	int ntypes;                     /* migrate types from pagetypeinfo */
	char type_names[ML_MAX_MIGRATE_TYPES][ML_NAME];

	struct ml_zone *zones;          /* node by node, zone index order */
	size_t nzones;
	int nnodes;

	struct ml_kv meminfo;           /* bytes for kB fields */
	struct ml_kv vmstat;
	struct ml_vm_sysctl vm;
	struct ml_extfrag unusable_index, extfrag_index;
	struct ml_slabinfo slab;        /* /proc/slabinfo (root only) */
	struct ml_kmalloc_table kmalloc; /* this kernel's kmalloc classes (§7.2) */
	struct ml_vmallocinfo vmalloc;  /* /proc/vmallocinfo (root only) */
	int kptr_restrict;              /* /proc/sys/kernel/kptr_restrict, -1 unknown */

	/* Said once to the user: files that could not be read, and why. */
	struct ml_note *unreadable;
	size_t nunreadable;
	/* Cross-checks that found the snapshot inconsistent: never hidden. */
	struct ml_note *warnings;
	size_t nwarnings;
};

/* Read what `want` names through src and build the model.  Files in
 * `required` must be readable (else their error is returned); the others are
 * noted in sys->unreadable when missing or denied.  A malformed file is
 * always an error (ML_EPARSE, with file and line). */
int ml_system_load(struct ml_system *sys, const struct ml_source *src,
		   unsigned want, unsigned required, struct ml_error *err);
void ml_system_free(struct ml_system *sys);

/* Lookups. */
struct ml_zone *ml_system_zone(struct ml_system *sys, int node, const char *name);
const char *ml_zone_kind_name(enum ml_zone_kind kind);
enum ml_zone_kind ml_zone_kind_from_name(const char *name);
/* Σ blocks × 2^order of the buddyinfo row. */
uint64_t ml_zone_buddy_free_pages(const struct ml_system *sys, const struct ml_zone *z);
/* Largest order with a free block, -1 when none. */
int ml_zone_largest_order(const struct ml_system *sys, const struct ml_zone *z);
/* Index of a migrate type by name ("Movable"), -1 when absent. */
int ml_system_type(const struct ml_system *sys, const char *name);
/* A meminfo field in bytes, or dflt. */
uint64_t ml_system_meminfo(const struct ml_system *sys, const char *name, uint64_t dflt);

/* Append a note (printf-style); ignored when out of memory. */
void ml_system_note(struct ml_note **list, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
