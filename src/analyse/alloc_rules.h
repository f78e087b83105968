/* The page allocator's rules, one small function each, with the section of
 * kernel-model.md it follows.  Internal to the analyses (explain, report);
 * the unit tests call them directly with numbers worked by hand. */
#ifndef ML_ALLOC_RULES_H
#define ML_ALLOC_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/system.h"
#include "gfp.h"

/* "6.18", "v6.1.0-50-686", "5.15.0-91-generic" → major × 1000 + minor
 * (6018); -1 when the text does not start with a version. */
int ml_kernel_version(const char *text);

/* Internal allocation flags, kernel-model §4.1 (values of 6.3+).  Before
 * 6.3 bit 0x10 was ALLOC_HARDER and 0x20 ALLOC_HIGH; the functions below
 * take the kernel version and use the older meaning there. */
enum {
	ML_ALLOC_WMARK_MIN = 0,
	ML_ALLOC_WMARK_LOW = 1,
	ML_ALLOC_WMARK_HIGH = 2,
	ML_ALLOC_WMARK_MASK = 3,
	ML_ALLOC_NO_WATERMARKS = 0x04,
	ML_ALLOC_OOM = 0x08,
	ML_ALLOC_NON_BLOCK = 0x10,      /* ALLOC_HARDER before 6.3 */
	ML_ALLOC_MIN_RESERVE = 0x20,    /* ALLOC_HIGH before 6.3 */
	ML_ALLOC_CPUSET = 0x40,
	ML_ALLOC_CMA = 0x80,
	ML_ALLOC_NOFRAGMENT = 0x100,
	ML_ALLOC_HIGHATOMIC = 0x200,
	ML_ALLOC_KSWAPD = 0x800,
};
#define ML_ALLOC_RESERVES (ML_ALLOC_NON_BLOCK | ML_ALLOC_MIN_RESERVE | ML_ALLOC_HIGHATOMIC | ML_ALLOC_OOM)

#define ML_PAGE_ALLOC_COSTLY_ORDER 3    /* §5 */

/* Migrate types (§3.1) by the kernel's index. */
enum { ML_MT_UNMOVABLE, ML_MT_MOVABLE, ML_MT_RECLAIMABLE, ML_MT_HIGHATOMIC };
const char *ml_migratetype_name(int mt);

/* §3.2 gfp_migratetype(). */
int ml_gfp_migratetype(ml_gfp_t gfp);

/* The machine's zone numbering (§2.1, §2.5): the kernel's index of every
 * zone kind it was built with.  The index is what lowmem_reserve[] (and
 * zoneinfo's protection:) is indexed by and what gfp_zone()'s
 * highest_zoneidx is compared with in the zonelist walk (§2.3).  Zones the
 * model knows keep their own index (ml_zone.index: zoneinfo's order, or a
 * dump's lowmem_reserve[]); kinds it does not show (empty zones a dump or
 * buddyinfo leaves out) get theirs from the architecture's usual zones. */
struct ml_zone_numbering {
	int index[ML_ZONE_OTHER];   /* by kind; -1: not configured */
	unsigned configured;        /* bit (1 << kind) per configured kind */
	int nr_zones;               /* MAX_NR_ZONES */
	bool guessed;               /* some configured kinds were not in the model */
};
void ml_zone_numbering(const struct ml_system *sys, struct ml_zone_numbering *out);
/* Dense index of kind among a set of configured kinds (§2.1). */
int ml_zone_kind_index(unsigned configured, enum ml_zone_kind kind);

/* §2.2 gfp_zone(): the highest allowed zone.  *invalid for the combinations
 * the kernel's table marks bad; the result is then the lowest configured
 * zone, as a kernel without CONFIG_DEBUG_VM would use. */
enum ml_zone_kind ml_gfp_zone(ml_gfp_t gfp, unsigned configured, bool *invalid);

/* A zone the allocator can use: it manages pages (§2.3, managed_zone()). */
bool ml_zone_usable(const struct ml_zone *z);

/* The kernel's index of one zone: its own when the model knows it (zoneinfo,
 * a dump), else its kind's in the numbering. */
int ml_zone_index(const struct ml_system *sys, const struct ml_zone_numbering *nb, const struct ml_zone *z);

/* §2.3 the fallback zonelist: indices into sys->zones, preferred node first
 * (zone index highest_zoneidx down), then the other nodes in node order
 * (their distance is not in /proc), or the preferred node only with
 * __GFP_THISNODE; nodes outside nodemask (NULL or empty: all) are skipped. */
struct ml_nodemask;
size_t ml_zonelist(const struct ml_system *sys, const struct ml_zone_numbering *nb, int node,
		   int highest_zoneidx, bool thisnode, const struct ml_nodemask *nodemask, size_t *out,
		   size_t max);

/* §1.4 predicates. */
bool ml_gfp_may_sleep(ml_gfp_t gfp);
bool ml_gfp_compaction_allowed(ml_gfp_t gfp);
bool ml_gfp_non_blocking(ml_gfp_t gfp);
/* §1.4/§5.6: would the allocator call the OOM killer for this request. */
bool ml_oom_killer_possible(ml_gfp_t gfp, int order, enum ml_zone_kind highest);

/* §4.6 fast-path flags: LOW, +CMA for movable, +KSWAPD, +CPUSET
 * (+NOFRAGMENT when nofragment, §3.4). */
unsigned ml_alloc_flags_fast(ml_gfp_t gfp, bool nofragment);
/* §4.6 gfp_to_alloc_flags(): the slow path's MIN-based flags. */
unsigned ml_alloc_flags_slow(ml_gfp_t gfp, int order, int kver);
/* §4.6 __gfp_pfmemalloc_flags(): __GFP_MEMALLOC without __GFP_NOMEMALLOC. */
bool ml_gfp_no_watermarks(ml_gfp_t gfp);

/* §4.2 the free pages that do not count; terms returned separately. */
struct ml_unusable_terms {
	uint64_t order, highatomic, cma;
};
uint64_t ml_wmark_unusable(int order, unsigned alloc_flags, uint64_t free_highatomic,
			   uint64_t free_cma, int kver, struct ml_unusable_terms *terms);
/* §4.3 the watermark lowered for reserve-entitled callers. */
uint64_t ml_wmark_reduce(uint64_t mark, unsigned alloc_flags, int kver);
/* §4.4 step 1: F − U > M + R (F − U may go negative). */
bool ml_wmark_order0_ok(uint64_t free, uint64_t unusable, uint64_t mark, uint64_t reserve);
/* How many order-o allocations the order-0 part allows before it fails:
 * take i succeeds while F − i·2^o − U > M + R. */
uint64_t ml_wmark_takes(uint64_t free, uint64_t unusable, uint64_t mark, uint64_t reserve, int order);

/* Migrate-type indices of this model (names from pagetypeinfo), -1 absent. */
struct ml_type_index {
	int type[4];        /* by ML_MT_* */
	int cma, isolate;
};
void ml_type_indices(const struct ml_system *sys, struct ml_type_index *ti);

/* §4.2 free HighAtomic pages of a zone as the kernel's check counts them:
 * the free pages on HighAtomic lists (6.12+), the reserved pageblocks
 * (6.6 and older).  0 when pagetypeinfo was not read. */
uint64_t ml_zone_highatomic_pages(const struct ml_system *sys, const struct ml_zone *z,
				  const struct ml_type_index *ti, int kver, bool presence);

/* §4.4 step 3 with §3.4: is there a free block of order ≥ o the flags may
 * use, and where would the page come from. */
struct ml_block_found {
	bool ok;
	int order;              /* smallest suitable order, -1 */
	int type;               /* model type index, -1 unknown */
	bool certain;           /* per-type counts, not buddyinfo alone */
	char source[160];
};
void ml_zone_find_block(const struct ml_system *sys, const struct ml_zone *z,
			const struct ml_type_index *ti, int order, int migratetype, unsigned alloc_flags,
			bool presence, struct ml_block_found *out);

/* §6.1 free_blocks_suitable over the lists the flags may use: how many
 * order-o chunks the free lists can give (splitting larger blocks). */
uint64_t ml_zone_suitable_chunks(const struct ml_system *sys, const struct ml_zone *z,
				 const struct ml_type_index *ti, int order, unsigned alloc_flags,
				 bool presence);

/* §5.4 zone_reclaimable_pages(): file LRU, plus anon when swap can take it. */
uint64_t ml_zone_reclaimable_pages(const struct ml_zone *z, bool swap);

/* §5.5 compact_gap(o) = 2 × 2^o. */
uint64_t ml_compact_gap(int order);
/* §5.5 order-0 headroom mark: min + gap (+ low − min for costly orders). */
uint64_t ml_compaction_mark(const struct ml_zone *z, int order);
/* §5.5 fragmentation test for costly orders: suitable unless
 * 0 ≤ fragindex ≤ threshold. */
bool ml_fragindex_suitable(int fragindex, uint64_t threshold);

/* Saturating helpers. */
static inline uint64_t ml_sat_add(uint64_t a, uint64_t b)
{
	uint64_t r;
	return __builtin_add_overflow(a, b, &r) ? UINT64_MAX : r;
}
static inline uint64_t ml_sat_sub(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

#endif
