/* Steps 5-7 of explain: the verdict sentence, what would work instead
 * (with why), how many such allocations the free lists hold right now,
 * and the caveats the files impose (kernel-model §4.8, §14). */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "explain_internal.h"

static const char *sizep(uint64_t bytes, char *buf, size_t n)
{
	ml_explain_size_phrase(bytes, buf, n);
	return buf;
}

static void advise(struct ml_explain_result *res, const char *ref, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void advise(struct ml_explain_result *res, const char *ref, const char *what, const char *fmt, ...)
{
	if (res->nadvice >= ML_EXPLAIN_MAX_ADVICE)
		return;
	for (size_t i = 0; i < res->nadvice; i++)
		if (strcmp(res->advice[i].what, what) == 0)
			return;
	struct ml_explain_advice *a = &res->advice[res->nadvice++];
	ml_textf(a->ref, sizeof(a->ref), "%s", ref);
	ml_textf(a->what, sizeof(a->what), "%s", what);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->why, sizeof(a->why), fmt, ap);
	va_end(ap);
}

static bool is_kmalloc_api(enum ml_alloc_api api)
{
	return api == ML_API_KMALLOC || api == ML_API_KZALLOC || api == ML_API_KCALLOC;
}

static uint64_t highmem_managed(const struct ml_system *sys)
{
	uint64_t sum = 0;
	for (size_t i = 0; i < sys->nzones; i++)
		if (sys->zones[i].kind == ML_ZONE_HIGHMEM)
			sum += sys->zones[i].managed;
	return sum;
}

static uint64_t kind_managed(const struct ml_system *sys, enum ml_zone_kind kind)
{
	uint64_t sum = 0;
	for (size_t i = 0; i < sys->nzones; i++)
		if (sys->zones[i].kind == kind)
			sum += sys->zones[i].managed;
	return sum;
}

static void advice_step(struct ml_context *c)
{
	struct ml_explain_result *res = c->res;
	const struct ml_explain_api *api = &res->api;
	const struct ml_explain_gfp *g = &res->gfp;
	enum ml_alloc_api which = api->api;
	bool fails = res->verdict != ML_VERDICT_SUCCEEDS_NOW;
	uint64_t total = api->total_bytes ? api->total_bytes : api->taken_bytes;
	uint64_t max_block = c->ps << c->max_order;
	bool beyond_buddy = api->exceeds_max_order || total > max_block;
	bool dma_wanted = which == ML_API_DMA_COHERENT || (api->gfp_caller & (ML_GFP_DMA | ML_GFP_DMA32));
	char a[64], b[64], d[64];

	if (api->size_overflow) {
		advise(res, "§7", "check the element count before kcalloc()",
		       "n × size must fit size_t; kcalloc() returns NULL on overflow by design, so an overflowing count is a bug in the caller");
		return;
	}
	/* Large buffers that need not be physically contiguous (§7.7, §8.1). */
	if ((is_kmalloc_api(which) || which == ML_API_PAGES || which == ML_API_GET_FREE_PAGES) && !dma_wanted &&
	    (beyond_buddy || api->order > ML_PAGE_ALLOC_COSTLY_ORDER)) {
		advise(res, "§7.7", "kvmalloc() / kvfree() if the buffer need not be physically contiguous",
		       "it tries kmalloc first and falls back to vmalloc, which maps %" PRIu64 " order-0 pages into one virtual range: fragmentation and the %s buddy limit do not matter",
		       total / c->ps + (total % c->ps != 0), sizep(max_block, a, sizeof(a)));
		int ord = api->order < 0 || api->order > c->max_order ? c->max_order : api->order;
		advise(res, "§8.1", "vmalloc() for a large buffer used only by the CPU",
		       "order-%d blocks (%s) become scarce after uptime; vmalloc needs only free or reclaimable pages",
		       ord, sizep(c->ps << ord, b, sizeof(b)));
	}
	/* Physically contiguous DMA beyond the buddy allocator (§12.6). */
	if (dma_wanted && (beyond_buddy || (fails && api->order > ML_PAGE_ALLOC_COSTLY_ORDER))) {
		advise(res, "§12.6", "a CMA area reserved at boot (cma=SIZE, or cma=SIZE@0-4G for a 32-bit device) with dma_alloc_coherent()",
		       "dma-direct takes big coherent buffers from CMA (cma_alloc() migrates movable pages out); this machine has %s",
		       api->cma_total_bytes ? sizep(api->cma_total_bytes, a, sizeof(a)) : "no CMA area (CmaTotal 0; x86 defaults to none)");
		advise(res, "§12.6", "an IOMMU with DMA translation (iommu=on / intel_iommu=on / amd_iommu=on)",
		       "iommu_dma_alloc() builds the buffer from order-0 pages mapped contiguously in the device's address space: physical contiguity is no longer needed");
		advise(res, "§12.6", "a scatter-gather list of smaller blocks (dma_map_sg(), or several ≤ 4 MiB chunks)",
		       "most devices take a list of segments; each segment can be an order ≤ %d block the buddy allocator can provide",
		       c->max_order);
		advise(res, "§12.6", "a boot-time reservation (device-tree reserved-memory, memmap= on x86, or a memblock carve-out)",
		       "memory set aside before the buddy allocator starts is contiguous by construction and cannot be fragmented");
		advise(res, "§12.6", "hugetlb gigantic pages reserved at boot (hugepagesz=1G hugepages=N) or from hugetlb_cma=",
		       "a 1 GiB page is physically contiguous; reserving it at boot guarantees it exists");
	} else if (beyond_buddy && (which == ML_API_PAGES || which == ML_API_GET_FREE_PAGES || is_kmalloc_api(which))) {
		advise(res, "§12.6", "alloc_contig_pages() or a CMA area if it must be physically contiguous",
		       "only CMA or a boot-time reservation can provide more than %s contiguous; alloc_contig_pages() migrates whole ranges and fails easily after uptime",
		       sizep(max_block, a, sizeof(a)));
	}
	/* __GFP_DMA (§2.2, §2.5, §7.3). */
	if ((api->gfp_caller & ML_GFP_DMA) && which != ML_API_DMA_COHERENT) {
		uint64_t dma = kind_managed(c->sys, ML_ZONE_DMA);
		if (!(c->configured & (1u << ML_ZONE_DMA)))
			advise(res, "§2.2", "drop __GFP_DMA",
			       "this kernel has no ZONE_DMA, so the flag does nothing here; for device memory use the DMA API with the device's mask");
		else if (strstr(res->inputs.arch, "86") || !res->inputs.arch[0])
			advise(res, "§2.4", "drop __GFP_DMA unless the device addresses only 24 bits; use dma_alloc_coherent()/dma_map_single() with the device's DMA mask",
			       "ZONE_DMA (the first 16 MiB on x86) manages only %s and its lowmem_reserve keeps it for DMA-only requests; the DMA API picks the zone from the mask",
			       sizep(dma * c->ps, a, sizeof(a)));
		else
			advise(res, "§2.4", "drop __GFP_DMA unless the device cannot reach memory above ZONE_DMA; use dma_alloc_coherent()/dma_map_single() with the device's DMA mask",
			       "ZONE_DMA manages %s here and its lowmem_reserve keeps it for DMA-only requests; the DMA API picks the zone from the mask",
			       sizep(dma * c->ps, a, sizeof(a)));
	}
	/* Non-blocking high-order requests (§5.2, §3.5). */
	if (!g->may_sleep && api->order > 0 && fails && which != ML_API_VMALLOC) {
		advise(res, "§5.2", "allocate ahead of time in process context (GFP_KERNEL), or keep a mempool",
		       "a mask without __GFP_DIRECT_RECLAIM can neither reclaim nor compact, so an order-%d block must already be free when it runs",
		       api->order);
		advise(res, "§5.2", "use order-0 pages (a scatter-gather list) in atomic context",
		       "single pages are the last thing to run out; high orders are the first victims of fragmentation");
	}
	/* Costly orders that may sleep (§5.2). */
	if (g->may_sleep && api->order > ML_PAGE_ALLOC_COSTLY_ORDER && !beyond_buddy && fails &&
	    !(api->gfp_caller & ML_GFP_RETRY_MAYFAIL) && which != ML_API_VMALLOC)
		advise(res, "§5.2", "add __GFP_RETRY_MAYFAIL if the caller can wait",
		       "a costly order (%d > 3) gets one round of reclaim and compaction by default; RETRY_MAYFAIL keeps going while progress is made, still without the OOM killer",
		       api->order);
	if ((api->gfp_caller & ML_GFP_NOFAIL) && api->order > 1)
		advise(res, "§5.1", "do not use __GFP_NOFAIL above order 1",
		       "the kernel WARNs: a no-fail request for an order-%d block can loop forever when no block can be made",
		       api->order);
	/* Waste (§7.2, §7.5). */
	if (api->slab && api->waste_permille >= 125 && !api->size_overflow)
		advise(res, "§7.2", "kmem_cache_create() for many objects of this size (or kmalloc_size_roundup() to use the slack)",
		       "each %s request takes a %s object of %s: %" PRIu64 " bytes (%d.%d %%) wasted; a dedicated cache packs objects of exactly that size",
		       sizep(api->total_bytes, a, sizeof(a)), api->cache, sizep(api->class_bytes, b, sizeof(b)),
		       api->wasted_bytes, api->waste_permille / 10, api->waste_permille % 10);
	else if (!api->slab && api->page_request && api->waste_permille >= 250 && !api->vmalloc)
		advise(res, "§7.5", "alloc_pages_exact() or vmalloc() instead of a power-of-two block",
		       "an order-%d block holds %s for a %s request: %s wasted; alloc_pages_exact() frees the tail pages",
		       api->order, sizep(api->taken_bytes, a, sizeof(a)), sizep(total, b, sizeof(b)),
		       sizep(api->wasted_bytes, d, sizeof(d)));
	/* 32-bit HighMem machines (§10.1). */
	uint64_t high = highmem_managed(c->sys);
	if (high && (is_kmalloc_api(which) || which == ML_API_GET_FREE_PAGES) && (fails || (api->gfp_caller & ML_GFP_HIGHMEM)))
		advise(res, "§10.1", "alloc_pages(GFP_HIGHUSER) with kmap_local_page() for data that may live in HighMem",
		       "kmalloc and __get_free_pages can never return HighMem; this machine has %s of HighMem that only alloc_pages(__GFP_HIGHMEM) and vmalloc use",
		       sizep(high * c->ps, a, sizeof(a)));
	/* vmalloc address space (§8.2, §10.1). */
	if (api->vmalloc && (api->vm_exceeds_space || api->vm_exceeds_free_space))
		advise(res, "§10.1", "boot with a larger vmalloc=SIZE (32-bit) or use a 64-bit kernel",
		       "the vmalloc range here is %s; vmalloc=SIZE moves the lowmem limit down to make room",
		       sizep(api->vm_total_bytes, a, sizeof(a)));
	if (api->vmalloc && res->bulk.present && res->bulk.verdict >= ML_VERDICT_MAY_FAIL)
		advise(res, "§8.1", "allocate less at once, or free memory first (add swap so anon pages can be reclaimed)",
		       "vmalloc needs %" PRIu64 " free or reclaimable order-0 pages and this machine has %" PRIu64,
		       res->bulk.pages_needed, res->bulk.pages_reclaim);
	if (which == ML_API_VMALLOC && api->total_bytes < c->ps && !fails)
		advise(res, "§8.1", "kmalloc() for allocations smaller than a page",
		       "vmalloc takes at least one page plus a guard page of virtual space and page-table work for %s",
		       sizep(api->total_bytes, a, sizeof(a)));
}

static void count_step(struct ml_context *c)
{
	struct ml_explain_result *res = c->res;
	const struct ml_explain_api *api = &res->api;
	uint64_t n = c->req->count;
	char a[64];
	if (n == 0)
		return;
	res->count_requested = n;
	if (!res->inputs.has_zones) {
		ml_textf(res->count_text, sizeof(res->count_text), "no zone data: nothing can be counted");
		return;
	}
	if (api->size_overflow || api->exceeds_max_order || res->path == ML_PATH_NONE) {
		ml_textf(res->count_text, sizeof(res->count_text), "0 of %" PRIu64 ": a single one %s", n,
			 res->verdict == ML_VERDICT_FAILS ? "already fails" : "cannot be judged");
		return;
	}
	if (res->bulk.present && res->bulk.pages_needed) {
		uint64_t per = res->bulk.pages_needed;
		res->count_now = res->bulk.pages_fast / per;
		res->count_min = res->bulk.pages_min / per;
		/* Address space: what the free holes hold (§8.1 step 3), else at
		 * most the free total. */
		uint64_t va = UINT64_MAX;
		if (api->vmalloc && api->vm_holes_known)
			va = api->vm_fits;
		else if (api->vmalloc && api->has_vm_total && api->vm_reserve_bytes)
			va = ml_sat_sub(api->vm_total_bytes, api->vm_used_bytes) / api->vm_reserve_bytes;
		if (va < res->count_now)
			res->count_now = va;
		if (va < res->count_min)
			res->count_min = va;
		ml_textf(res->count_text, sizeof(res->count_text),
			 "%" PRIu64 " of %" PRIu64 " now: each needs %" PRIu64 " order-0 pages and %" PRIu64 " can be taken above the low watermarks (%" PRIu64 " down to min)%s",
			 res->count_now < n ? res->count_now : n, n, per, res->bulk.pages_fast, res->bulk.pages_min,
			 va == UINT64_MAX ? "" : api->vm_holes_known ? "; the free holes of the vmalloc range hold " : "; vmalloc space allows at most ");
		if (va != UINT64_MAX) {
			size_t len = strlen(res->count_text);
			ml_textf(res->count_text + len, sizeof(res->count_text) - len, "%" PRIu64, va);
		}
		return;
	}
	if (res->path == ML_PATH_CMA) {
		uint64_t per = api->total_bytes;
		res->count_now = res->count_min = per ? api->cma_free_bytes / per : 0;
		ml_textf(res->count_text, sizeof(res->count_text),
			 "%" PRIu64 " of %" PRIu64 " now from CmaFree %s (alignment ignored)",
			 res->count_now < n ? res->count_now : n, n, sizep(api->cma_free_bytes, a, sizeof(a)));
		return;
	}
	const struct ml_page_analysis *pa = &res->page;
	if (!pa->present || pa->nzones == 0) {
		ml_textf(res->count_text, sizeof(res->count_text), "0 of %" PRIu64 ": no zone can serve it", n);
		return;
	}
	/* Zone by zone in fallback order (§2.3); each zone: order-o chunks the
	 * usable free lists give (splitting larger blocks), stopping where
	 * the watermark check would fail. */
	uint64_t now = 0, min = 0;
	char parts[ML_EXPLAIN_TEXT] = "";
	size_t len = 0;
	for (size_t i = 0; i < pa->nzones; i++) {
		const struct ml_zone_check *zc = &pa->zones[i];
		now = ml_sat_add(now, zc->count_now);
		min = ml_sat_add(min, zc->count_min);
		const char *limit = zc->count_now == 0 && zc->count_wmark_fast == 0 ? "watermark"
				    : zc->count_blocks <= zc->count_wmark_fast ? "free blocks" : "watermark";
		if (len < sizeof(parts))
			len += (size_t)ml_textf(parts + len, sizeof(parts) - len, "%s%s %" PRIu64 " (%s)", i ? ", " : "",
						zc->zone, zc->count_now, limit);
	}
	uint64_t per_alloc = 1;
	const char *unit = "";
	if (api->slab && api->class_bytes) {
		/* Objects: free ones in the cache, then new slabs of the min order. */
		per_alloc = (c->ps << api->slab_min_order) / api->class_bytes;
		now = ml_sat_add(api->cache_free_objects, now * per_alloc);
		min = ml_sat_add(api->cache_free_objects, min * per_alloc);
		unit = " objects";
	}
	res->count_now = now;
	res->count_min = min;
	if (api->slab && api->class_bytes)
		ml_textf(res->count_text, sizeof(res->count_text),
			 "%" PRIu64 " of %" PRIu64 " now: %" PRIu64 " free objects in %s, then %" PRIu64 " objects per new order-%d slab; slabs per zone: %s; %" PRIu64 "%s down to min",
			 now < n ? now : n, n, api->cache_free_objects, api->cache, per_alloc, api->slab_min_order, parts, min, unit);
	else
		ml_textf(res->count_text, sizeof(res->count_text),
			 "%" PRIu64 " of %" PRIu64 " now from the free lists without reclaim or compaction: %s; %" PRIu64 " down to min",
			 now < n ? now : n, n, parts, min);
}

/* The caveats, worded for where the figures came from (sys->origin): /proc
 * files name the file that was missing, a dump what it does not print
 * (§9.3, §11.11). */
static void notes_step(struct ml_context *c)
{
	struct ml_explain_result *res = c->res;
	struct ml_explain_lines *l = &res->notes;
	const struct ml_explain_inputs *in = &res->inputs;
	const struct ml_page_analysis *pa = &res->page;
	const struct ml_system *sys = c->sys;
	bool dump = sys->origin == ML_ORIGIN_REPORT;
	const char *src = ml_explain_source_name(c);

	if (!in->has_zones)
		ml_explain_add_line(l, "§11.11", "%s: only the API's limits and the mask are judged",
				    dump ? "no zone figures in the report" : "no zone data");
	if (in->kernel_assumed)
		ml_explain_add_line(l, "§0", "%s",
				    dump ? "the report names no kernel version: where the rules differ between versions, "
					   "those of 6.18 (the newest memlayout models) are assumed; this does not say which "
					   "kernel printed it"
					 : "kernel version unknown: the rules of 6.18 are assumed");
	if (in->max_order_assumed)
		ml_explain_add_line(l, "§11.1", "MAX_PAGE_ORDER %d is the architecture's default (%s)", in->max_order,
				    dump ? "no whole buddy line in the dump" : "no buddyinfo");
	/* A dump never prints the pageblock order: not worth a note each time. */
	if (in->has_zones && in->pageblock_order_assumed && !dump)
		ml_explain_add_line(l, "§3.3", "pageblock order %d is the architecture's default (no pagetypeinfo header)", in->pageblock_order);
	if (in->has_zones && !in->has_types && c->kver < 4004 && !in->kernel_assumed)
		ml_explain_add_line(l, "§4.4", "before 4.4 the watermark check counted the free blocks of every migrate type: the buddy totals are what this kernel used (its letters, with R for the old Reserve type, are not needed)");
	else if (in->has_zones && !in->has_types)
		ml_explain_add_line(l, "§4.4", "%s: the per-order check used the buddy totals, which include CMA, HighAtomic and Isolate blocks, so the answer is less certain%s",
				    dump ? "the buddy lines carry no migrate-type letters this model reads (none, or the pre-4.4 Reserve type)"
					 : "per-migrate-type counts were not read (/proc/pagetypeinfo is root-only)",
				    c->req->free_highatomic_pages ? "" : "; free HighAtomic pages are taken as 0");
	if (in->types_are_presence)
		ml_explain_add_line(l, "§9.3", "migrate types are known only as present or absent (Mem-Info letters): counts use the buddy totals");
	if (in->has_types && !in->types_are_presence && c->kver <= 6006 && !c->req->free_highatomic_pages)
		ml_explain_add_line(l, "§4.2", "on this kernel the check subtracts the reserved HighAtomic pageblocks, estimated from pagetypeinfo");
	if (pa->present && pa->order <= ML_PAGE_ALLOC_COSTLY_ORDER && pa->nzones) {
		uint64_t pcp = 0;
		char parts[200] = "";
		size_t len = 0;
		for (size_t i = 0; i < pa->nzones; i++) {
			pcp += pa->zones[i].pcp_pages;
			if (pa->zones[i].pcp_pages && len < sizeof(parts))
				len += (size_t)ml_textf(parts + len, sizeof(parts) - len, "%s%s %" PRIu64, len ? ", " : "",
							pa->zones[i].zone, pa->zones[i].pcp_pages);
		}
		if (pcp)
			ml_explain_add_line(l, "§4.8",
					    "the per-CPU lists hold %" PRIu64 " more free pages (%s%s) of orders 0-3 that neither %s nor the watermark check counts; a request on the CPU that owns them may be served from there, and they are drained after a failed reclaim",
					    pcp, dump ? "free_pcp: " : "", parts, dump ? "the buddy lines" : "buddyinfo");
		else if (dump)
			ml_explain_add_line(l, "§4.8", "the dump records no free pages on the per-CPU lists (free_pcp 0 or not printed)");
		else
			ml_explain_add_line(l, "§4.8", "per-CPU lists can hold free pages of orders 0-3 that the files do not show (none recorded here)");
	}
	if (sys->nnodes > 1)
		ml_explain_add_line(l, "§2.3", "node distances are not in %s: other nodes are listed in node order after node %d",
				    src, c->node);
	if (sys->nwarnings && dump)
		ml_explain_add_line(l, "§9.3", "%zu figure%s of the dump could not be read or had to be assumed: see the warnings",
				    sys->nwarnings, sys->nwarnings == 1 ? "" : "s");
	else if (sys->nwarnings)
		ml_explain_add_line(l, "§4.8", "the files disagree in %zu place%s (read at different moments, or vmstat drift): see the warnings",
				    sys->nwarnings, sys->nwarnings == 1 ? "" : "s");
	if ((res->gfp.gfp & ML_GFP_ACCOUNT) && !c->req->memcg_known)
		ml_explain_add_line(l, "§14", "memory cgroup limits are not in %s%s", src,
				    dump ? " (only a memcg OOM report prints the cgroup's usage and limit)" : "");
	if ((res->gfp.gfp & ML_GFP_HARDWALL) && ml_nodemask_empty(&c->req->cpuset_mems) &&
	    ml_nodemask_empty(&c->req->nodemask))
		ml_explain_add_line(l, "§14", "the task's cpuset and mempolicy are not in %s: every node is taken as allowed", src);
}

int ml_explain_finish(struct ml_context *c)
{
	struct ml_explain_result *res = c->res;
	char body[ML_EXPLAIN_TEXT];
	ml_textf(body, sizeof(body), "%s", res->reason);
	ml_textf(res->reason, sizeof(res->reason), "%s: %s", ml_verdict_name(res->verdict), body);
	count_step(c);
	advice_step(c);
	notes_step(c);
	return ML_OK;
}
