/* The watermark check exactly as __zone_watermark_ok() does it
 * (kernel-model §4), the allocation flags of each path (§4.6), migrate
 * types and their fallbacks (§3), and the zone figures the slow path
 * weighs (§5.4, §5.5). */
#include <stdio.h>
#include <string.h>

#include "alloc_rules.h"

static const char *const mt_names[] = { "Unmovable", "Movable", "Reclaimable", "HighAtomic" };

const char *ml_migratetype_name(int mt)
{
	return mt >= 0 && mt < 4 ? mt_names[mt] : "?";
}

int ml_gfp_migratetype(ml_gfp_t gfp)
{
	/* §3.2: (gfp & (RECLAIMABLE|MOVABLE)) >> 3 in the kernel's bits:
	 * MOVABLE → 1, RECLAIMABLE → 2, both → 3 (a caller bug). */
	int mt = 0;
	if (gfp & ML_GFP_MOVABLE)
		mt |= 1;
	if (gfp & ML_GFP_RECLAIMABLE)
		mt |= 2;
	return mt;
}

unsigned ml_alloc_flags_fast(ml_gfp_t gfp, bool nofragment)
{
	/* __alloc_frozen_pages_noprof(): ALLOC_WMARK_LOW, then
	 * alloc_flags_nofragment() adds KSWAPD, gfp_to_alloc_flags_cma() adds
	 * CMA for movable requests, prepare_alloc_pages() adds CPUSET (§4.6).
	 * No reserve flags on the fast path, not even for GFP_ATOMIC. */
	unsigned f = ML_ALLOC_WMARK_LOW | ML_ALLOC_CPUSET;
	if (gfp & ML_GFP_KSWAPD_RECLAIM)
		f |= ML_ALLOC_KSWAPD;
	if (ml_gfp_migratetype(gfp) == ML_MT_MOVABLE)
		f |= ML_ALLOC_CMA;
	if (nofragment)
		f |= ML_ALLOC_NOFRAGMENT;
	return f;
}

unsigned ml_alloc_flags_slow(ml_gfp_t gfp, int order, int kver)
{
	unsigned f = ML_ALLOC_WMARK_MIN | ML_ALLOC_CPUSET;
	if (gfp & ML_GFP_KSWAPD_RECLAIM)
		f |= ML_ALLOC_KSWAPD;
	if (kver >= 6003) {
		/* gfp_to_alloc_flags() since 6.3 (§4.6). */
		if (gfp & ML_GFP_HIGH)
			f |= ML_ALLOC_MIN_RESERVE;
		if (!ml_gfp_may_sleep(gfp)) {
			if (!(gfp & ML_GFP_NOMEMALLOC)) {
				f |= ML_ALLOC_NON_BLOCK;
				if (order > 0 && (f & ML_ALLOC_MIN_RESERVE))
					f |= ML_ALLOC_HIGHATOMIC;
			}
			if (f & ML_ALLOC_MIN_RESERVE)
				f &= ~(unsigned)ML_ALLOC_CPUSET;
		}
	} else {
		/* ≤ 6.2: ALLOC_HIGH from __GFP_HIGH, ALLOC_HARDER from
		 * __GFP_ATOMIC (§4.1); HARDER also opened the HighAtomic lists,
		 * which exist since 4.4. */
		if (gfp & ML_GFP_HIGH)
			f |= ML_ALLOC_MIN_RESERVE;
		if (gfp & ML_GFP_ATOMIC) {
			if (!(gfp & ML_GFP_NOMEMALLOC))
				f |= ML_ALLOC_NON_BLOCK | (order > 0 && kver >= 4004 ? ML_ALLOC_HIGHATOMIC : 0);
			f &= ~(unsigned)ML_ALLOC_CPUSET;
		}
	}
	if (ml_gfp_migratetype(gfp) == ML_MT_MOVABLE)
		f |= ML_ALLOC_CMA;
	return f;
}

bool ml_gfp_no_watermarks(ml_gfp_t gfp)
{
	/* __gfp_pfmemalloc_flags(): NOMEMALLOC forbids, MEMALLOC grants. */
	return (gfp & ML_GFP_MEMALLOC) && !(gfp & ML_GFP_NOMEMALLOC);
}

uint64_t ml_wmark_unusable(int order, unsigned alloc_flags, uint64_t free_highatomic,
			   uint64_t free_cma, int kver, struct ml_unusable_terms *terms)
{
	struct ml_unusable_terms t = { 0, 0, 0 };
	/* __zone_watermark_unusable_free() (§4.2). */
	t.order = order > 0 && order < 63 ? (1ull << order) - 1 : 0;
	unsigned reserve_bits = kver >= 6003 ? ML_ALLOC_RESERVES : (ML_ALLOC_NON_BLOCK | ML_ALLOC_OOM);
	if (!(alloc_flags & reserve_bits))
		t.highatomic = free_highatomic;
	if (!(alloc_flags & ML_ALLOC_CMA))
		t.cma = free_cma;
	if (terms)
		*terms = t;
	return ml_sat_add(ml_sat_add(t.order, t.highatomic), t.cma);
}

uint64_t ml_wmark_reduce(uint64_t mark, unsigned alloc_flags, int kver)
{
	uint64_t m = mark;
	if (kver >= 6003) {
		/* __zone_watermark_ok() since 6.3 (§4.3). */
		if (alloc_flags & ML_ALLOC_RESERVES) {
			if (alloc_flags & ML_ALLOC_MIN_RESERVE) {
				m -= m / 2;
				if (alloc_flags & ML_ALLOC_NON_BLOCK)
					m -= m / 4;
			}
			if (alloc_flags & ML_ALLOC_OOM)
				m -= m / 2;
		}
	} else {
		/* ≤ 6.2: ALLOC_HIGH halves, then ALLOC_HARDER takes a quarter
		 * (an OOM victim another half instead). */
		if (alloc_flags & ML_ALLOC_MIN_RESERVE)
			m -= m / 2;
		if (alloc_flags & (ML_ALLOC_NON_BLOCK | ML_ALLOC_OOM)) {
			if (alloc_flags & ML_ALLOC_OOM)
				m -= m / 2;
			else
				m -= m / 4;
		}
	}
	return m;
}

bool ml_wmark_order0_ok(uint64_t free, uint64_t unusable, uint64_t mark, uint64_t reserve)
{
	/* free_pages − unusable may go negative: then the check fails (§4.4). */
	if (unusable >= free)
		return false;
	return free - unusable > ml_sat_add(mark, reserve);
}

uint64_t ml_wmark_takes(uint64_t free, uint64_t unusable, uint64_t mark, uint64_t reserve, int order)
{
	uint64_t need = ml_sat_add(mark, reserve);
	if (unusable >= free || free - unusable <= need || order < 0 || order > 62)
		return 0;
	uint64_t avail = free - unusable - need;
	return (avail >> order) + ((avail & ((1ull << order) - 1)) != 0);
}

void ml_type_indices(const struct ml_system *sys, struct ml_type_index *ti)
{
	for (int mt = 0; mt < 4; mt++)
		ti->type[mt] = ml_system_type(sys, mt_names[mt]);
	ti->cma = ml_system_type(sys, "CMA");
	ti->isolate = ml_system_type(sys, "Isolate");
}

/* Free blocks of one model type at order k (0 when the type is absent). */
static uint64_t type_blocks(const struct ml_zone *z, int type, int k)
{
	if (type < 0 || type >= ML_MAX_MIGRATE_TYPES || k < 0 || k >= ML_MAX_ORDERS)
		return 0;
	return z->type_blocks[type][k];
}

uint64_t ml_zone_highatomic_pages(const struct ml_system *sys, const struct ml_zone *z,
				  const struct ml_type_index *ti, int kver, bool presence)
{
	int h = ti->type[ML_MT_HIGHATOMIC];
	if (presence || h < 0 || !z->has_types)
		return 0;
	if (kver <= 6006) {
		/* nr_reserved_highatomic: whole reserved pageblocks (§4.2). */
		if (!z->has_pageblocks || sys->pageblock_order < 0 || sys->pageblock_order > 40)
			return 0;
		return z->pageblocks[h] << sys->pageblock_order;
	}
	uint64_t sum = 0;
	for (int k = 0; k < sys->norders && k < 63; k++)
		sum = ml_sat_add(sum, type_blocks(z, h, k) << k);
	return sum;
}

/* fallbacks[] of §3.4, by ML_MT_*. */
static const int fallback_types[3][2] = {
	[ML_MT_UNMOVABLE] = { ML_MT_RECLAIMABLE, ML_MT_MOVABLE },
	[ML_MT_MOVABLE] = { ML_MT_RECLAIMABLE, ML_MT_UNMOVABLE },
	[ML_MT_RECLAIMABLE] = { ML_MT_UNMOVABLE, ML_MT_MOVABLE },
};

static int smallest_order_with(const struct ml_system *sys, const struct ml_zone *z, int type, int order)
{
	for (int k = order; k < sys->norders; k++)
		if (type_blocks(z, type, k))
			return k;
	return -1;
}

/* Where __rmqueue() takes the page from (§3.4), given that the check passed. */
static void block_source(const struct ml_system *sys, const struct ml_zone *z,
			 const struct ml_type_index *ti, int order, int mt, unsigned flags,
			 struct ml_block_found *out)
{
	int k;
	int pb = sys->pageblock_order >= 0 ? sys->pageblock_order : 9;
	if (mt == ML_MT_HIGHATOMIC) {
		snprintf(out->source, sizeof(out->source),
			 "the HighAtomic lists (MOVABLE|RECLAIMABLE together select them: a caller bug)");
		return;
	}
	if ((flags & ML_ALLOC_HIGHATOMIC) && order > 0 &&
	    (k = smallest_order_with(sys, z, ti->type[ML_MT_HIGHATOMIC], order)) >= 0) {
		snprintf(out->source, sizeof(out->source), "the HighAtomic reserve (an order-%d block)", k);
		out->type = ti->type[ML_MT_HIGHATOMIC];
		return;
	}
	if ((k = smallest_order_with(sys, z, ti->type[mt], order)) >= 0) {
		if (k > order)
			snprintf(out->source, sizeof(out->source),
				 "the %s free list (an order-%d block, split down to order %d)",
				 mt_names[mt], k, order);
		else
			snprintf(out->source, sizeof(out->source), "the %s free list", mt_names[mt]);
		out->type = ti->type[mt];
		return;
	}
	if ((flags & ML_ALLOC_CMA) && (k = smallest_order_with(sys, z, ti->cma, order)) >= 0) {
		snprintf(out->source, sizeof(out->source), "a CMA block of order %d", k);
		out->type = ti->cma;
		return;
	}
	/* Claim: largest fallback block first, while claiming is allowed at
	 * that block order (should_try_claim_block()). */
	for (k = sys->norders - 1; k >= order; k--) {
		if (!(k >= pb / 2 || mt == ML_MT_UNMOVABLE || mt == ML_MT_RECLAIMABLE))
			break;
		for (int f = 0; f < 2; f++) {
			int ft = fallback_types[mt][f];
			if (!type_blocks(z, ti->type[ft], k))
				continue;
			if (k >= pb)
				snprintf(out->source, sizeof(out->source),
					 "claiming a free order-%d %s block (at or above the pageblock order %d, its pageblocks become %s, §3.4)",
					 k, mt_names[ft], pb, mt_names[mt]);
			else
				snprintf(out->source, sizeof(out->source),
					 "claiming a free order-%d %s block (its pageblock becomes %s if at least half of it is free or %s, and the zone's watermark is boosted, §3.4, §2.6)",
					 k, mt_names[ft], mt_names[mt], mt_names[mt]);
			out->type = ti->type[ft];
			return;
		}
	}
	for (k = order; k < sys->norders; k++)
		for (int f = 0; f < 2; f++) {
			int ft = fallback_types[mt][f];
			if (type_blocks(z, ti->type[ft], k)) {
				snprintf(out->source, sizeof(out->source),
					 "stealing an order-%d block from the %s list without converting its pageblock (§3.4)",
					 k, mt_names[ft]);
				out->type = ti->type[ft];
				return;
			}
		}
	snprintf(out->source, sizeof(out->source), "the HighAtomic reserve");
	out->type = ti->type[ML_MT_HIGHATOMIC];
}

void ml_zone_find_block(const struct ml_system *sys, const struct ml_zone *z,
			const struct ml_type_index *ti, int order, int migratetype, unsigned alloc_flags,
			bool presence, struct ml_block_found *out)
{
	memset(out, 0, sizeof(*out));
	out->order = -1;
	out->type = -1;
	if (order < 0)
		return;
	if (z->has_types) {
		/* §4.4 step 3: any of the three normal lists qualifies, CMA only
		 * with ALLOC_CMA, HighAtomic only with ALLOC_HIGHATOMIC or
		 * ALLOC_OOM; Isolate never. */
		out->certain = !presence;
		for (int k = order; k < sys->norders && !out->ok; k++) {
			bool any = false;
			for (int mt = 0; mt < 3; mt++)
				any |= type_blocks(z, ti->type[mt], k) != 0;
			if ((alloc_flags & ML_ALLOC_CMA) && type_blocks(z, ti->cma, k))
				any = true;
			if ((alloc_flags & (ML_ALLOC_HIGHATOMIC | ML_ALLOC_OOM)) &&
			    type_blocks(z, ti->type[ML_MT_HIGHATOMIC], k))
				any = true;
			if (any) {
				out->ok = true;
				out->order = k;
			}
		}
		if (out->ok)
			block_source(sys, z, ti, order, migratetype, alloc_flags, out);
		return;
	}
	if (z->has_buddy) {
		/* buddyinfo counts every list, CMA, HighAtomic and Isolate
		 * included: a block there may not be usable (§4.4). */
		for (int k = order; k < sys->norders; k++)
			if (z->free_blocks[k]) {
				out->ok = true;
				out->order = k;
				snprintf(out->source, sizeof(out->source), "a free order-%d block (its migrate type is not known %s)",
					 k, sys->origin == ML_ORIGIN_REPORT ? "from the dump" : "without pagetypeinfo");
				return;
			}
	}
}

uint64_t ml_zone_suitable_chunks(const struct ml_system *sys, const struct ml_zone *z,
				 const struct ml_type_index *ti, int order, unsigned alloc_flags,
				 bool presence)
{
	uint64_t sum = 0;
	if (order < 0)
		return 0;
	for (int k = order; k < sys->norders && k - order < 63; k++) {
		uint64_t blocks = 0;
		if (z->has_types && !presence) {
			for (int mt = 0; mt < 3; mt++)
				blocks = ml_sat_add(blocks, type_blocks(z, ti->type[mt], k));
			if (alloc_flags & ML_ALLOC_CMA)
				blocks = ml_sat_add(blocks, type_blocks(z, ti->cma, k));
			if (alloc_flags & (ML_ALLOC_HIGHATOMIC | ML_ALLOC_OOM))
				blocks = ml_sat_add(blocks, type_blocks(z, ti->type[ML_MT_HIGHATOMIC], k));
		} else if (z->has_buddy) {
			blocks = z->free_blocks[k];
		}
		/* free_blocks_suitable (§6.1): each order-k block gives 2^(k−o)
		 * order-o chunks once split. */
		int shift = k - order;
		uint64_t chunks = blocks > (UINT64_MAX >> shift) ? UINT64_MAX : blocks << shift;
		sum = ml_sat_add(sum, chunks);
	}
	return sum;
}

uint64_t ml_zone_reclaimable_pages(const struct ml_zone *z, bool swap)
{
	if (!z->has_lru)
		return 0;
	uint64_t r = ml_sat_add(z->active_file, z->inactive_file);
	if (swap)
		r = ml_sat_add(r, ml_sat_add(z->active_anon, z->inactive_anon));
	return r;
}

uint64_t ml_compact_gap(int order)
{
	return order >= 0 && order < 62 ? 2ull << order : UINT64_MAX;
}

uint64_t ml_compaction_mark(const struct ml_zone *z, int order)
{
	/* __compaction_suitable(): the slow path's MIN mark + compact_gap(),
	 * and for costly orders also low − min (§5.5). */
	uint64_t w = ml_sat_add(z->wmark_min, ml_compact_gap(order));
	if (order > ML_PAGE_ALLOC_COSTLY_ORDER)
		w = ml_sat_add(w, ml_sat_sub(z->wmark_low, z->wmark_min));
	return w;
}

bool ml_fragindex_suitable(int fragindex, uint64_t threshold)
{
	/* 0 ≤ index ≤ threshold: the failure is lack of memory, compaction
	 * would not help; −1000 or above the threshold: suitable (§5.5). */
	return !(fragindex >= 0 && (uint64_t)fragindex <= threshold);
}
