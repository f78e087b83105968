/* Would an allocation of this size (or order) and GFP mask succeed on this
 * machine, and why (kernel-model §5.8).  One analysis, two front doors:
 * `memlayout explain` builds the model from /proc (or a snapshot) and
 * `memlayout report` builds it from a failure report's Mem-Info dump; both
 * fill a request and read the same result.  Nothing here prints: the
 * result holds numbers and sentences, the commands lay them out.
 *
 * What the analysis reads from struct ml_system (and what a Mem-Info dump
 * can fill, §9.3/§11.11):
 *   page_size, norders (MAX_PAGE_ORDER + 1), pageblock_order (-1: arch
 *   default), info.arch, info.release;
 *   per zone: node, name/kind/index, managed, free_pages, wmark_min/low/high
 *   (boost included) and boost, protection[] (lowmem_reserve), free_cma_pages,
 *   pcp_pages, LRU sizes (has_lru), node_unreclaimable, free_blocks[] per
 *   order (has_buddy), type_blocks[][] per migrate type (has_types) with
 *   sys->type_names, pageblocks[] (has_pageblocks);
 *   meminfo SwapTotal/SwapFree/CmaTotal/CmaFree/VmallocTotal/VmallocUsed/
 *   MemTotal (bytes), vm.extfrag_threshold, the kmalloc table and slabinfo,
 *   vmallocinfo.
 * A Mem-Info dump gives only which migrate types have a free block at each
 * order (letters U M E H C I): fill type_blocks[t][k] with 1 for a letter
 * present and 0 otherwise, set has_types, and set types_are_presence in the
 * request; the per-order check of §4.4 needs presence only.  Give the dump's
 * free_highatomic per zone through free_highatomic_pages.
 *
 * Zones are numbered as the kernel numbers them (§2.1): by ml_zone.index
 * where the model knows it (zoneinfo, a dump's lowmem_reserve[]), and the
 * kinds the model does not show (empty zones, zones above a dump's request)
 * by the machine's zone numbering (alloc_rules.h ml_zone_numbering()), so a
 * builder adds no placeholder zones.  sys->origin says where the figures
 * came from; the caveats in the result are worded for it. */
#ifndef ML_EXPLAIN_H
#define ML_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/nodemask.h"
#include "../model/system.h"
#include "../util/error.h"
#include "gfp.h"

/* The kernel interface asked about (kernel-model §5.7, §7, §8, §12.6). */
enum ml_alloc_api {
	ML_API_KMALLOC,
	ML_API_KZALLOC,
	ML_API_KCALLOC,         /* size_bytes per element × elements */
	ML_API_KVMALLOC,
	ML_API_VMALLOC,
	ML_API_PAGES,           /* alloc_pages(): exact 2^order pages, HighMem allowed */
	ML_API_GET_FREE_PAGES,  /* __get_free_pages(): alloc_pages without __GFP_HIGHMEM */
	ML_API_DMA_COHERENT,    /* dma_alloc_coherent() */
	ML_API_COUNT
};

/* "kmalloc", "get-free-pages", "dma-coherent"... */
const char *ml_alloc_api_name(enum ml_alloc_api api);
/* Name → api; ML_EUSAGE naming the accepted names when unknown. */
int ml_alloc_api_parse(const char *name, enum ml_alloc_api *out, struct ml_error *err);

/* The answer, worst to best last.  Exit codes do not collide with 1
 * (runtime failure) and 2 (bad usage). */
enum ml_verdict {
	ML_VERDICT_SUCCEEDS_NOW,        /* exit 0 */
	ML_VERDICT_AFTER_RECLAIM,       /* exit 10 */
	ML_VERDICT_AFTER_COMPACTION,    /* exit 11 */
	ML_VERDICT_MAY_FAIL,            /* exit 12 */
	ML_VERDICT_FAILS,               /* exit 13 */
};
const char *ml_verdict_name(enum ml_verdict v);     /* "succeeds-now" ... "fails" */
int ml_verdict_exit_code(enum ml_verdict v);

/* How the allocator gets there (finer than the verdict). */
enum ml_alloc_path {
	ML_PATH_NONE,               /* not reached: a limit or a rule stops it first */
	ML_PATH_SLAB_OBJECT,        /* a free object already in the kmalloc cache */
	ML_PATH_FAST,               /* fast path, low watermark (§4.6) */
	ML_PATH_MIN_RESERVE,        /* slow path at min, after waking kswapd (§5.1 step 4) */
	ML_PATH_NO_WATERMARKS,      /* __GFP_MEMALLOC: reserves, no check (§4.3) */
	ML_PATH_CMA,                /* dma-coherent through a CMA area (§3.6, §12.6) */
	ML_PATH_RECLAIM,            /* direct reclaim (§5.4) */
	ML_PATH_COMPACTION,         /* direct compaction (§5.5) */
	ML_PATH_RECLAIM_COMPACTION, /* reclaim to make room, then compaction */
	ML_PATH_OOM_KILL,           /* only after the OOM killer (§5.6) */
	ML_PATH_STALL,              /* loops without the OOM killer (NOFS, NOFAIL) */
};
const char *ml_alloc_path_name(enum ml_alloc_path p);

/* Bounds of the fixed-size parts of a result. */
#define ML_EXPLAIN_TEXT 400
#define ML_EXPLAIN_MAX_LINES 24
#define ML_EXPLAIN_MAX_ADVICE 12

/* One rule applied, in words with its numbers, and the section it follows. */
struct ml_explain_line {
	char ref[16];                   /* "§7.5"; cite as kernel-model §7.5 */
	char text[ML_EXPLAIN_TEXT];
};

struct ml_explain_lines {
	struct ml_explain_line v[ML_EXPLAIN_MAX_LINES];
	size_t n;
	bool truncated;
};

struct ml_explain_request {
	enum ml_alloc_api api;
	uint64_t size_bytes;            /* bytes; 0 when order is given (page APIs) */
	int order;                      /* page APIs: the order; -1 when size_bytes is given */
	uint64_t elements;              /* kcalloc's n (0 means 1) */
	ml_gfp_t gfp;                   /* the caller's mask (gfp.h numbering) */
	uint64_t gfp_unknown_bits;      /* kernel hex bits that have no name: reported */
	int node;                       /* preferred node; -1: the first node with memory */
	uint64_t count;                 /* step 7: how many such allocations; 0: skip */
	const char *kernel_version;     /* version-dependent rules; NULL: sys->info.release */
	int dma_mask_bits;              /* dma-coherent: coherent DMA mask width; 0: 64 */
	bool iommu;                     /* dma-coherent: device behind a translating IOMMU */
	const uint64_t *free_highatomic_pages;  /* one per sys->zones[i]; NULL: estimated
						   from pagetypeinfo HighAtomic rows (§4.2) */
	bool types_are_presence;        /* type_blocks are 0/1 presence (Mem-Info letters) */
	bool memcg_known;               /* the source printed the cgroup's usage and limit */
	bool gfp_exact;                 /* the kernel printed the mask: its bits as they were */
	/* Where the allocation may take pages (§2.3).  An empty mask restricts
	 * nothing. */
	struct ml_nodemask nodemask;    /* an explicit nodemask (mempolicy, a report's
					   nodemask=): other nodes' zones are skipped */
	struct ml_nodemask cpuset_mems; /* the task's cpuset (mems_allowed=): skipped where
					   ALLOC_CPUSET applies — the fast path, and the slow
					   path unless the mask may dip into reserves without
					   sleeping (GFP_ATOMIC, §4.6) */
};

/* What the analysis used, and how sure it can be. */
struct ml_explain_inputs {
	char arch[80];
	char kernel[128];               /* as given or from the model, "" unknown */
	int kernel_version;             /* major × 1000 + minor (6018); assumed 6018 if unknown */
	bool kernel_assumed;
	uint64_t page_size;
	unsigned pointer_bytes;         /* sizeof(void *) and size_t: 4 on i386/arm, else 8 */
	int max_order;                  /* MAX_PAGE_ORDER */
	bool max_order_assumed;         /* no buddyinfo: the arch default */
	int pageblock_order;
	bool pageblock_order_assumed;
	uint64_t extfrag_threshold;     /* vm.extfrag_threshold (default 500) */
	bool extfrag_threshold_assumed;
	bool has_zones;                 /* false: a what-if without zone data */
	bool has_types;                 /* per-type free counts (pagetypeinfo) */
	bool types_are_presence;
	bool has_slabinfo;
	bool has_meminfo;
	bool swap_available;            /* SwapTotal > 0 and SwapFree > 0 */
	uint64_t swap_free_bytes;
	uint64_t totalram_pages;        /* Σ managed (or MemTotal / page) */
	int node;                       /* preferred node used */
};

/* Step 1: the API's limits and rounding (§7, §8, §12.6). */
struct ml_explain_api {
	enum ml_alloc_api api;
	uint64_t size_bytes;            /* per element for kcalloc */
	uint64_t elements;
	uint64_t total_bytes;           /* what the caller asked for in all */
	bool size_overflow;             /* n × size does not fit size_t: NULL at once */
	uint64_t kmalloc_max_cache_size;    /* KMALLOC_MAX_CACHE_SIZE (§7.1) */
	uint64_t kmalloc_max_size;          /* KMALLOC_MAX_SIZE */
	int kmalloc_max_order;
	bool kmalloc_table_from_slabinfo;
	/* served from a kmalloc cache (§7.2–§7.4) */
	bool slab;
	char family[24];                /* "kmalloc", "dma-kmalloc", "kmalloc-cg", "kmalloc-rcl" */
	char cache[64];                 /* "kmalloc-128"; "" when the table had no class */
	uint64_t class_bytes;           /* object size of the class */
	bool class_in_slabinfo;
	bool has_cache_stats;           /* the cache's slabinfo row was read */
	uint64_t cache_free_objects;    /* num_objs − active_objs (node partial lists) */
	uint64_t objects_per_slab, pages_per_slab;
	int slab_order;                 /* preferred slab order (pages per slab) */
	int slab_min_order;             /* get_order(object size): the fallback order */
	/* what the page allocator is asked for */
	bool page_request;
	int order;
	uint64_t order_pages;
	bool exceeds_max_order;         /* order > MAX_PAGE_ORDER: WARN once, NULL (§5, §7.5) */
	uint64_t taken_bytes;           /* memory one allocation occupies */
	uint64_t wasted_bytes;          /* taken − asked */
	int waste_permille;
	/* vmalloc (§8.1) */
	bool vmalloc;
	uint64_t vm_pages;              /* order-0 pages backing the area */
	uint64_t vm_area_bytes;         /* virtual space incl. the guard page (vmallocinfo size) */
	uint64_t vm_guard_bytes;
	uint64_t vm_page_array_bytes;   /* nr_pages × sizeof(struct page *) */
	bool vm_page_array_vmalloced;   /* > PAGE_SIZE: itself vmalloc'ed ("vpages") */
	uint64_t vm_page_array_pages;
	uint64_t vm_page_table_pages;   /* ≈ one PTE page per 512 (PAGE_SIZE/8) pages mapped */
	bool vm_huge_possible;          /* kvmalloc ≥ PMD size: tries PMD-order pages first */
	int vm_huge_order;
	uint64_t vm_total_bytes;        /* VmallocTotal */
	uint64_t vm_used_bytes;         /* Σ vmallocinfo sizes, else VmallocUsed */
	bool vm_used_from_vmallocinfo;
	bool has_vm_total;
	bool vm_exceeds_totalram;       /* size >> PAGE_SHIFT > totalram_pages (§8.1 step 1) */
	bool vm_exceeds_space;          /* more than the whole vmalloc range */
	bool vm_exceeds_free_space;     /* no free hole holds it (or, without the holes,
					   more than the range minus what is in use) */
	/* The free holes of the range, when vmallocinfo's addresses are real
	 * (§8.1 step 3, §8.3): after the purge of lazily-freed areas. */
	bool vm_holes_known;
	uint64_t vm_reserve_bytes;      /* the order-0 reservation: pages + guard page */
	uint64_t vm_free_bytes;         /* Σ holes */
	uint64_t vm_holes;
	uint64_t vm_largest_hole_bytes;
	uint64_t vm_largest_hole_start;
	bool vm_largest_hole_at_top;    /* the top of the range: smaller if the lowest area was freed */
	uint64_t vm_fits;               /* such reservations the holes hold, each from a hole's start */
	/* kvmalloc (§7.7) */
	bool kv_tries_kmalloc;
	bool kv_vmalloc_fallback;       /* allowed for this size and mask */
	ml_gfp_t kv_kmalloc_gfp;        /* the kmalloc attempt's mask */
	/* dma-coherent (§2.4, §3.6, §12.6) */
	int dma_mask_bits;
	bool dma_iommu;
	bool dma_cma_possible;          /* a CMA area exists (CmaTotal > 0) */
	uint64_t cma_total_bytes, cma_free_bytes;
	bool has_cma_info;
	/* masks */
	ml_gfp_t gfp_caller;
	ml_gfp_t gfp_page;              /* the mask the page allocator sees */
	struct ml_explain_lines lines;
};

/* Step 2: the caller's mask decoded for this machine (§1.3, §1.4, §2.2, §3.2). */
struct ml_explain_gfp {
	ml_gfp_t gfp;
	uint64_t unknown_bits;
	enum ml_zone_kind highest_zone;     /* gfp_zone() on this machine's zones */
	int highest_zoneidx;                /* kernel zone index of it */
	bool zone_invalid;                  /* invalid zone-modifier combination */
	int migratetype;                    /* 0 Unmovable 1 Movable 2 Reclaimable 3 HighAtomic (bug) */
	bool may_sleep, direct_reclaim, wakes_kswapd, may_compact, may_io, may_fs;
	bool non_blocking, atomic_reserve, min_reserve, no_watermarks, may_use_cma;
	bool oom_possible;                  /* at the order asked (§1.4, §5.6) */
	bool nofail, noretry, retry_mayfail, thisnode;
	int reserve_numerator, reserve_denominator;   /* share of min that must stay free */
	char zonelist[256];                 /* "Normal → DMA32 → DMA" */
	char reserves[200];
	char retries[300];
	struct ml_explain_lines lines;      /* odd or invalid combinations and their treatment */
};

/* One watermark check of one zone (§4.2–§4.5). */
struct ml_wmark_check {
	bool evaluated;
	int wmark;                      /* 0 min, 1 low, 2 high */
	unsigned alloc_flags;           /* ALLOC_* bits of §4.1 (values of 6.3+) */
	uint64_t free_pages;            /* F: NR_FREE_PAGES */
	uint64_t unusable_pages;        /* U = the three terms below */
	uint64_t unusable_order;        /* 2^o − 1 */
	uint64_t unusable_highatomic;
	uint64_t unusable_cma;
	uint64_t mark_pages;            /* the watermark as printed (boost included) */
	uint64_t mark_reduced_pages;    /* M after the reserve reductions of §4.3 */
	uint64_t reserve_pages;         /* R = lowmem_reserve[highest_zoneidx] */
	bool no_watermarks;             /* ALLOC_NO_WATERMARKS: no check */
	bool order0_ok;                 /* F − U > M + R */
	bool unboosted_retry;           /* §4.5: passed with the unboosted min */
	bool block_checked;             /* order > 0 (the per-order part) */
	bool block_ok;
	int block_order;                /* smallest order ≥ o with a usable free block, -1 */
	char block_type[ML_NAME];       /* its migrate type, "" when only buddyinfo says */
	bool block_certain;             /* from per-type counts (pagetypeinfo) */
	char block_source[160];         /* "the Unmovable list", "claiming a Movable order-10 block" */
	/* Kernels before 4.4 also walked the orders below o: the free pages
	 * of each left the count and min halved, so free memory in small
	 * blocks failed a request even with a suitable block free. */
	bool pre44_checked, pre44_ok;
	int pre44_order;                /* the order at which it failed */
	int64_t pre44_left;             /* free pages left in blocks above that order */
	uint64_t pre44_min;             /* min halved once per order walked */
	bool ok;
};

/* Everything explain works out about one zone of the fallback list. */
struct ml_zone_check {
	int node;
	char zone[ML_NAME];
	enum ml_zone_kind kind;
	int zone_index;                 /* the kernel's (§2.1) */
	bool slow_path_only;            /* outside the cpuset: the fast path may not use it (§2.3) */
	uint64_t managed_pages;
	uint64_t pcp_pages;             /* free on per-CPU lists, invisible to the check */
	struct ml_wmark_check fast;     /* LOW, fast-path flags */
	struct ml_wmark_check slow;     /* MIN, slow-path flags */
	/* §5.4 */
	uint64_t reclaimable_pages;     /* file LRU (+ anon with swap) */
	bool reclaim_known;
	bool reclaim_ok;                /* the order-0 part passes counting reclaimable pages */
	/* §5.5 */
	bool compact_evaluated;
	uint64_t compact_mark_pages;    /* min + 2^(o+1) (+ low − min when costly) */
	bool compact_headroom_ok;
	bool compact_headroom_after_reclaim;
	int fragindex;                  /* §6.2, thousandths; INT32_MIN when not computed */
	bool fragindex_ok;              /* costly: −1000 or > threshold */
	uint64_t movable_pageblocks;
	bool movable_pageblocks_known;
	bool compact_ok;
	/* step 7 */
	uint64_t count_blocks;          /* order-o chunks the usable free lists can give */
	uint64_t count_wmark_fast;      /* how many before the low check fails */
	uint64_t count_wmark_slow;      /* how many before the min check fails */
	uint64_t count_now;             /* satisfied in this zone on the fast path */
	uint64_t count_min;             /* and down to the (reduced) min watermark */
	/* order-0 capacity for vmalloc-like requests */
	uint64_t pages_fast, pages_min, pages_reclaim;
};

/* A zone the walk reaches that cannot be judged (§4.4): its watermarks
 * are unknown, or for order > 0 its free blocks per order are (a cut or
 * garbled report).  It is left out of the checks; its free lists may
 * still show that it would have failed whatever its watermarks. */
struct ml_unjudged_zone {
	int node;
	char zone[ML_NAME];
	bool no_watermarks;             /* else: no free blocks per order */
	bool may_pass;                  /* the unknown figures decide */
	int block_order;                /* a suitable free block found, -1 none or unknown */
	bool block_checked;             /* the free lists were searched */
	/* watermarks known, blocks not: the order-0 part at min, slow flags */
	bool order0_known, order0_ok;
	uint64_t free_pages, unusable_pages, mark_pages, reserve_pages;
};

/* One request to the buddy allocator, judged by §5.8. */
struct ml_page_analysis {
	bool present;
	int order;
	ml_gfp_t gfp;
	int migratetype;
	enum ml_zone_kind highest_zone;
	int highest_zoneidx;
	unsigned fast_flags, slow_flags;
	struct ml_zone_check *zones;    /* the fallback list, in order (owned) */
	size_t nzones;
	int first_ok_fast, first_ok_slow;   /* index into zones, -1 */
	struct ml_unjudged_zone *unjudged;  /* in the walk but not judged (owned) */
	size_t nunjudged;
	enum ml_verdict verdict;
	enum ml_alloc_path path;
	char reason[ML_EXPLAIN_TEXT];
	struct ml_explain_lines slowpath;   /* step 4 findings */
};

/* Order-0 pages in bulk: vmalloc, kvmalloc's fallback, IOMMU-backed DMA. */
struct ml_bulk_analysis {
	bool present;
	uint64_t pages_needed;          /* backing + page array + page tables */
	ml_gfp_t gfp;
	enum ml_zone_kind highest_zone;
	char zonelist[256];
	struct ml_zone_check *zones;    /* order-0 capacity per zone (owned) */
	size_t nzones;
	struct ml_unjudged_zone *unjudged;  /* in the walk but not judged (owned) */
	size_t nunjudged;
	uint64_t pages_fast;            /* obtainable above low, all zones */
	uint64_t pages_min;             /* down to min (after waking kswapd) */
	uint64_t pages_reclaim;         /* plus reclaimable pages */
	enum ml_verdict verdict;
	enum ml_alloc_path path;
	char reason[ML_EXPLAIN_TEXT];
};

struct ml_explain_advice {
	char what[200];
	char why[ML_EXPLAIN_TEXT];
	char ref[16];
};

struct ml_explain_result {
	struct ml_explain_inputs inputs;
	struct ml_explain_api api;              /* step 1 */
	struct ml_explain_gfp gfp;              /* step 2 */
	struct ml_page_analysis page;           /* steps 3-4: the contiguous request */
	struct ml_bulk_analysis bulk;           /* steps 3-4: order-0 pages in bulk */
	enum ml_verdict verdict;                /* step 5 */
	enum ml_alloc_path path;
	char reason[ML_EXPLAIN_TEXT];           /* one sentence, starting with the verdict */
	struct ml_explain_advice advice[ML_EXPLAIN_MAX_ADVICE];    /* step 6 */
	size_t nadvice;
	/* step 7 */
	uint64_t count_requested;
	uint64_t count_now;                     /* from the free lists, fast path */
	uint64_t count_min;                     /* also using the min reserve */
	char count_text[ML_EXPLAIN_TEXT];
	struct ml_explain_lines notes;          /* caveats: pcp lists, certainty, versions */
};

/* Answer the request on sys.  0, or ML_EUSAGE for a request that cannot be
 * asked (size 0, order above the model's range, unknown node...) with err
 * naming the bad part.  The result is always initialised; free it with
 * ml_explain_result_free(). */
int ml_explain(const struct ml_system *sys, const struct ml_explain_request *req,
	       struct ml_explain_result *res, struct ml_error *err);
void ml_explain_result_free(struct ml_explain_result *res);

/* Helpers the front doors share. */
/* get_order(): smallest order whose block holds size bytes; -1 for 0. */
int ml_get_order(uint64_t size, uint64_t page_size);
/* ALLOC_* flags as text: "ALLOC_WMARK_MIN|ALLOC_MIN_RESERVE|..." */
void ml_alloc_flags_format(unsigned flags, char *buf, size_t n);

#endif
