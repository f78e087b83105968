/* Step 1 of explain: what each kernel API actually asks the page allocator
 * for — kmalloc's size classes and limits (kernel-model §7), vmalloc's pages
 * and address space (§8), kvmalloc's two attempts (§7.7), alloc_pages and
 * __get_free_pages (§5.7), dma_alloc_coherent (§12.6) — and the API's
 * verdict built on the page allocator's. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../util/text.h"
#include "explain_internal.h"
#include "vmalloc_space.h"

/* mm/internal.h masks (§7.4, §7.6). */
#define SLAB_BUG_MASK (ML_GFP_DMA32 | ML_GFP_HIGHMEM)
#define RECLAIM_MASK                                                                         \
	(ML_GFP_RECLAIM | ML_GFP_HIGH | ML_GFP_IO | ML_GFP_FS | ML_GFP_NOWARN |              \
	 ML_GFP_RETRY_MAYFAIL | ML_GFP_NOFAIL | ML_GFP_NORETRY | ML_GFP_MEMALLOC |           \
	 ML_GFP_NOMEMALLOC | ML_GFP_NOLOCKDEP)
#define CONSTRAINT_MASK (ML_GFP_HARDWALL | ML_GFP_THISNODE)
#define GFP_KERNEL_BITS (ML_GFP_RECLAIM | ML_GFP_IO | ML_GFP_FS)

static const char *sizep(uint64_t bytes, char *buf, size_t n)
{
	ml_explain_size_phrase(bytes, buf, n);
	return buf;
}

static const char *gfps(ml_gfp_t gfp, char *buf, size_t n)
{
	ml_gfp_format(gfp, buf, n);
	return buf;
}

static int log2_u64(uint64_t v)
{
	int k = 0;
	while (k < 63 && (1ull << (k + 1)) <= v)
		k++;
	return k;
}

/* ---- kmalloc ------------------------------------------------------------ */

struct kroute {
	uint64_t max_cache, max_size;
	int max_kmalloc_order;
	bool slab;
	char family[24], cache[64];
	uint64_t class_bytes;
	bool class_assumed, class_in_slabinfo;
	bool stats;
	uint64_t objs, pages_per_slab, free_objs, objsize;
	int slab_order, slab_min_order;
	int order;
	bool exceeds;
	ml_gfp_t gfp_page;
	uint64_t taken;
	ml_gfp_t fixed_bits;
};

/* §7.2 default rounding, used only when the model has no kmalloc table. */
static uint64_t default_class(uint64_t size)
{
	static const uint64_t small[] = { 8, 16, 32, 64, 96, 128, 192 };
	for (size_t i = 0; i < sizeof(small) / sizeof(small[0]); i++)
		if (size <= small[i])
			return small[i];
	uint64_t c = 256;
	while (c < size)
		c <<= 1;
	return c;
}

/* §7.3 which cache family a mask selects: DMA > RECLAIMABLE > ACCOUNT. */
static const char *kmalloc_family(const struct ml_context *c, ml_gfp_t gfp)
{
	if ((gfp & ML_GFP_DMA) && (c->configured & (1u << ML_ZONE_DMA)))
		return "dma-kmalloc";
	if (gfp & ML_GFP_RECLAIMABLE)
		return "kmalloc-rcl";
	if (gfp & ML_GFP_ACCOUNT)
		return "kmalloc-cg";
	return "kmalloc";
}

static void kmalloc_route(const struct ml_context *c, uint64_t size, ml_gfp_t gfp, struct kroute *r)
{
	const struct ml_kmalloc_table *t = &c->sys->kmalloc;
	memset(r, 0, sizeof(*r));
	/* §7.1: KMALLOC_MAX_CACHE_SIZE = 2 pages, KMALLOC_MAX_SIZE = the largest
	 * buddy block; the table says so when it was built. */
	r->max_cache = t->max_cache_size ? t->max_cache_size : 2 * c->ps;
	r->max_size = t->max_size ? t->max_size : c->ps << c->max_order;
	r->max_kmalloc_order = ml_get_order(r->max_size, c->ps);
	r->fixed_bits = gfp & SLAB_BUG_MASK;
	ml_textf(r->family, sizeof(r->family), "%s", kmalloc_family(c, gfp));
	if (size <= r->max_cache) {
		r->slab = true;
		const struct ml_kmalloc_class *cls = ml_kmalloc_lookup(t, r->family, size);
		if (cls) {
			r->class_bytes = cls->size;
			ml_textf(r->cache, sizeof(r->cache), "%s", cls->cache);
			ml_textf(r->family, sizeof(r->family), "%s", cls->family);
			r->class_in_slabinfo = cls->in_slabinfo;
			if (cls->slab) {
				r->stats = true;
				r->objs = cls->slab->objperslab;
				r->pages_per_slab = cls->slab->pagesperslab;
				r->objsize = cls->slab->objsize;
				r->free_objs = ml_sat_sub(cls->slab->num_objs, cls->slab->active_objs);
			}
		} else {
			r->class_bytes = default_class(size);
			r->class_assumed = true;
			if (r->class_bytes >= 1024)
				ml_textf(r->cache, sizeof(r->cache), "%s-%" PRIu64 "k", r->family, r->class_bytes >> 10);
			else
				ml_textf(r->cache, sizeof(r->cache), "%s-%" PRIu64, r->family, r->class_bytes);
		}
		/* §7.4: the fallback slab order is get_order(object size); the
		 * preferred one is what slabinfo's pages per slab says. */
		r->slab_min_order = ml_get_order(r->class_bytes, c->ps);
		r->slab_order = r->pages_per_slab ? log2_u64(r->pages_per_slab) : r->slab_min_order;
		r->order = r->slab_min_order;
		/* Only the reclaim and constraint bits reach the page allocator;
		 * zone and migrate type come from the cache. */
		r->gfp_page = (gfp & (RECLAIM_MASK | CONSTRAINT_MASK)) |
			      (strcmp(r->family, "dma-kmalloc") == 0 ? ML_GFP_DMA : 0) |
			      (strcmp(r->family, "kmalloc-rcl") == 0 ? ML_GFP_RECLAIMABLE : 0) |
			      (r->slab_min_order > 0 ? ML_GFP_COMP : 0);
		r->taken = r->class_bytes;
	} else {
		/* §7.5: large kmalloc, straight to the page allocator. */
		r->order = ml_get_order(size, c->ps);
		r->exceeds = r->order > c->max_order;
		r->gfp_page = (gfp & ~(ml_gfp_t)SLAB_BUG_MASK) | ML_GFP_COMP;
		r->taken = r->exceeds ? 0 : c->ps << r->order;
	}
}

static void kmalloc_lines(struct ml_context *c, uint64_t size, ml_gfp_t gfp, const struct kroute *r)
{
	struct ml_explain_lines *l = &c->res->api.lines;
	char a[64], b[64], g1[256];
	ml_explain_add_line(l, "§7.1", "KMALLOC_MAX_CACHE_SIZE = %s (%" PRIu64 " pages of %s): larger requests bypass the slab caches",
			    sizep(r->max_cache, a, sizeof(a)), r->max_cache / c->ps, sizep(c->ps, b, sizeof(b)));
	ml_explain_add_line(l, "§7.1", "KMALLOC_MAX_SIZE = %s = order %d (MAX_PAGE_ORDER) with %s pages",
			    sizep(r->max_size, a, sizeof(a)), r->max_kmalloc_order, sizep(c->ps, b, sizeof(b)));
	if (r->fixed_bits) {
		ml_explain_add_line(l, "§7.6",
				    "%s is in GFP_SLAB_BUG_MASK: allocating a new slab or a large kmalloc prints \"Unexpected gfp: ... Fixing up to gfp: ... Fix your code!\" with a stack dump, clears it and goes on; the memory never comes from %s",
				    gfps(r->fixed_bits, g1, sizeof(g1)),
				    (r->fixed_bits & ML_GFP_HIGHMEM) && (r->fixed_bits & ML_GFP_DMA32) ? "HighMem or DMA32"
				    : (r->fixed_bits & ML_GFP_HIGHMEM) ? "HighMem" : "DMA32 (there is no DMA32 kmalloc family, §7.3)");
	}
	if (r->slab) {
		const char *why = strcmp(r->family, "dma-kmalloc") == 0 ? "__GFP_DMA"
				  : strcmp(r->family, "kmalloc-rcl") == 0 ? "__GFP_RECLAIMABLE"
				  : strcmp(r->family, "kmalloc-cg") == 0 ? "__GFP_ACCOUNT"
				  : "no __GFP_DMA, __GFP_RECLAIMABLE or __GFP_ACCOUNT";
		ml_explain_add_line(l, "§7.2", "%s → %s, the smallest %s class that holds it (%s); %s",
				    sizep(size, a, sizeof(a)), r->cache, r->family, why,
				    r->class_assumed ? "class assumed from the default table: the model has no kmalloc table"
				    : c->sys->kmalloc.from_slabinfo ? "classes of this kernel from slabinfo"
								    : "classes are the architecture's defaults (slabinfo not read)");
		if (!strcmp(r->family, "kmalloc") && c->kver >= 6006)
			ml_explain_add_line(l, "§7.3", "with CONFIG_RANDOM_KMALLOC_CACHES the caller's address picks %s or one of its copies kmalloc-rnd-01..15-%s",
					    r->cache, r->cache + strlen("kmalloc-"));
		if (r->stats)
			ml_explain_add_line(l, "§7.4",
					    "%s: %" PRIu64 " objects per slab of %" PRIu64 " page%s (order %d); %" PRIu64 " free objects on its node partial lists (slabinfo)",
					    r->cache, r->objs, r->pages_per_slab, r->pages_per_slab == 1 ? "" : "s", r->slab_order, r->free_objs);
		if (r->slab_order > r->slab_min_order)
			ml_explain_add_line(l, "§7.4",
					    "a new slab first tries order %d with __GFP_NORETRY|__GFP_NOWARN and no reclaim, then order %d with the caller's flags: that order-%d request decides",
					    r->slab_order, r->slab_min_order, r->slab_min_order);
		else
			ml_explain_add_line(l, "§7.4", "a new slab needs one order-%d block (%s) with the caller's reclaim flags; zone and migrate type come from the cache",
					    r->slab_min_order, sizep(c->ps << r->slab_min_order, a, sizeof(a)));
	} else {
		ml_explain_add_line(l, "§7.5", "%s > KMALLOC_MAX_CACHE_SIZE: large kmalloc, straight to the page allocator with __GFP_COMP, order get_order(%" PRIu64 ") = %d",
				    sizep(size, a, sizeof(a)), size, r->order);
		if (r->exceeds)
			ml_explain_add_line(l, "§7.5",
					    "order %d > MAX_PAGE_ORDER %d: there is no KMALLOC_MAX_SIZE check on this path; __alloc_frozen_pages_noprof() WARNs once per boot (silent with __GFP_NOWARN) and returns NULL, with no reclaim and no Mem-Info dump",
					    r->order, c->max_order);
	}
	(void)gfp;
	if (r->taken) {
		uint64_t waste = r->taken - size;
		uint64_t pm = (waste * 1000 + r->taken / 2) / r->taken;
		ml_explain_add_line(l, "§7.2", "taken %s, wasted %" PRIu64 " bytes (%" PRIu64 ".%" PRIu64 " %%) per allocation",
				    sizep(r->taken, a, sizeof(a)), waste, pm / 10, pm % 10);
	}
}

static void fill_api_kmalloc(struct ml_context *c, const struct kroute *r, uint64_t size)
{
	struct ml_explain_api *api = &c->res->api;
	api->kmalloc_max_cache_size = r->max_cache;
	api->kmalloc_max_size = r->max_size;
	api->kmalloc_max_order = r->max_kmalloc_order;
	api->kmalloc_table_from_slabinfo = c->sys->kmalloc.from_slabinfo;
	api->slab = r->slab;
	ml_textf(api->family, sizeof(api->family), "%s", r->family);
	ml_textf(api->cache, sizeof(api->cache), "%s", r->cache);
	api->class_bytes = r->class_bytes;
	api->class_in_slabinfo = r->class_in_slabinfo;
	api->has_cache_stats = r->stats;
	api->cache_free_objects = r->free_objs;
	api->objects_per_slab = r->objs;
	api->pages_per_slab = r->pages_per_slab;
	api->slab_order = r->slab_order;
	api->slab_min_order = r->slab_min_order;
	api->page_request = !r->exceeds;
	api->order = r->order;
	api->order_pages = r->order < 63 ? 1ull << r->order : 0;
	api->exceeds_max_order = r->exceeds;
	api->taken_bytes = r->taken;
	api->wasted_bytes = r->taken > size ? r->taken - size : 0;
	api->waste_permille = r->taken ? (int)((api->wasted_bytes * 1000 + r->taken / 2) / r->taken) : 0;
	api->gfp_page = r->gfp_page;
}

static void set_verdict(struct ml_context *c, enum ml_verdict v, enum ml_alloc_path p, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void set_verdict(struct ml_context *c, enum ml_verdict v, enum ml_alloc_path p, const char *fmt, ...)
{
	c->res->verdict = v;
	c->res->path = p;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->res->reason, sizeof(c->res->reason), fmt, ap);
	va_end(ap);
}

/* The kmalloc verdict from a route: limits, cache objects, then the page
 * request (§7.2–§7.5). */
static int kmalloc_judge(struct ml_context *c, uint64_t size, const struct kroute *r, const char *prefix)
{
	char a[64], b[64], cbuf[64];
	if (r->exceeds) {
		set_verdict(c, ML_VERDICT_FAILS, ML_PATH_NONE,
			    "%s%s exceeds KMALLOC_MAX_SIZE (%s = order %d with %s pages): get_order() gives order %d, and the page allocator WARNs once and returns NULL",
			    prefix, sizep(size, a, sizeof(a)), sizep(r->max_size, b, sizeof(b)), c->max_order,
			    sizep(c->ps, cbuf, sizeof(cbuf)), r->order);
		return ML_OK;
	}
	int rc = ml_explain_page_request(c, r->order, r->gfp_page, &c->res->page);
	if (rc != ML_OK)
		return rc;
	const struct ml_page_analysis *pa = &c->res->page;
	if (r->slab && r->free_objs > 0) {
		set_verdict(c, ML_VERDICT_SUCCEEDS_NOW, ML_PATH_SLAB_OBJECT,
			    "%s%s has %" PRIu64 " free objects on its partial slabs, so no page is needed (a new slab would: %s)",
			    prefix, r->cache, r->free_objs, pa->reason);
		return ML_OK;
	}
	if (r->slab)
		set_verdict(c, pa->verdict, pa->path, "%s%s needs a new slab (an order-%d block): %s", prefix, r->cache,
			    r->order, pa->reason);
	else
		set_verdict(c, pa->verdict, pa->path, "%s%s", prefix, pa->reason);
	return ML_OK;
}

/* size_t of the target: 32 bits on i386/arm. */
static bool fits_size_t(const struct ml_context *c, uint64_t v)
{
	return c->res->inputs.pointer_bytes == 8 || v <= UINT32_MAX;
}

static int api_kmalloc(struct ml_context *c, ml_gfp_t gfp)
{
	const struct ml_explain_request *req = c->req;
	struct ml_explain_api *api = &c->res->api;
	char a[64];
	uint64_t n = req->elements ? req->elements : 1, total;
	api->size_bytes = req->size_bytes;
	api->elements = n;
	if (req->api == ML_API_KZALLOC) {
		gfp |= ML_GFP_ZERO;
		ml_explain_add_line(&api->lines, "§7", "kzalloc() is kmalloc() with __GFP_ZERO");
	}
	if (req->api == ML_API_KCALLOC) {
		bool over = !ml_mul_u64(n, req->size_bytes, &total) || !fits_size_t(c, total);
		ml_explain_add_line(&api->lines, "§7", "kcalloc(%" PRIu64 ", %" PRIu64 ") = kmalloc_array() with __GFP_ZERO: %s",
				    n, req->size_bytes,
				    over ? "n × size overflows size_t" : sizep(total, a, sizeof(a)));
		gfp |= ML_GFP_ZERO;
		if (over) {
			api->size_overflow = true;
			ml_explain_decode_gfp(c, gfp, 0);
			set_verdict(c, ML_VERDICT_FAILS, ML_PATH_NONE,
				    "kcalloc(%" PRIu64 ", %" PRIu64 "): %" PRIu64 " × %" PRIu64 " overflows a %u-bit size_t, so kmalloc_array() returns NULL without allocating",
				    n, req->size_bytes, n, req->size_bytes, c->res->inputs.pointer_bytes * 8);
			return ML_OK;
		}
	} else {
		total = req->size_bytes;
	}
	api->total_bytes = total;
	api->gfp_page = gfp;
	if (!fits_size_t(c, total)) {
		ml_explain_decode_gfp(c, gfp, 0);
		set_verdict(c, ML_VERDICT_FAILS, ML_PATH_NONE, "%s does not fit the 32-bit size_t of %s",
			    sizep(total, a, sizeof(a)), c->res->inputs.arch);
		return ML_OK;
	}
	struct kroute r;
	kmalloc_route(c, total, gfp, &r);
	fill_api_kmalloc(c, &r, total);
	kmalloc_lines(c, total, gfp, &r);
	ml_explain_decode_gfp(c, r.gfp_page, r.order);
	return kmalloc_judge(c, total, &r, "");
}

/* ---- vmalloc ------------------------------------------------------------ */

/* §8.2 the range's length (VmallocTotal) and the space in use: Σ
 * vmallocinfo sizes (lazily freed areas will be purged first, so they do not
 * count), else VmallocUsed (pages only). */
static void vmalloc_space(const struct ml_context *c, struct ml_explain_api *api)
{
	const struct ml_system *sys = c->sys;
	uint64_t total;
	api->has_vm_total = ml_kv_get(&sys->meminfo, "VmallocTotal", &total);
	api->vm_total_bytes = api->has_vm_total ? total : 0;
	if (sys->loaded & ML_LOAD_VMALLOCINFO) {
		uint64_t used = 0;
		for (size_t i = 0; i < sys->vmalloc.n; i++)
			if (!(sys->vmalloc.areas[i].kind_flags & ML_VMALLOC_UNPURGED))
				used = ml_sat_add(used, sys->vmalloc.areas[i].size);
		api->vm_used_bytes = used;
		api->vm_used_from_vmallocinfo = true;
	} else {
		api->vm_used_bytes = ml_system_meminfo(sys, "VmallocUsed", 0);
	}
}

/* §8.1 step 3, §8.3: alloc_vmap_area() needs one free hole as large as the
 * reservation, after purging lazily-freed areas; the holes are known only
 * when vmallocinfo's addresses are real and VmallocTotal bounds the range. */
static int vmalloc_holes(const struct ml_context *c, struct ml_explain_api *api)
{
	const struct ml_system *sys = c->sys;
	struct ml_vmalloc_summary sum;
	struct ml_error e = { 0 };
	if (!(sys->loaded & ML_LOAD_VMALLOCINFO) || !sys->vmalloc.addresses_real || !api->has_vm_total)
		return ML_OK;
	int rc = ml_vmalloc_summarise(&sys->vmalloc, c->ps, api->vm_total_bytes, "vmallocinfo", &sum, &e);
	if (rc == ML_ENOMEM)
		return rc;
	if (rc != ML_OK)
		return ML_OK;   /* sizes beyond 64 bits: the holes stay unknown */
	const struct ml_vmalloc_range *r = &sum.range;
	if (r->known && r->bounded_by_total && !r->overlaps) {
		api->vm_holes_known = true;
		api->vm_free_bytes = r->free_after_purge;
		api->vm_holes = r->nholes_after_purge;
		api->vm_largest_hole_bytes = r->largest_after_purge.size;
		api->vm_largest_hole_start = r->largest_after_purge.start;
		/* The top hole may be smaller: part of it lies below the lowest
		 * area if that one was freed (vmalloc_space.c). */
		api->vm_largest_hole_at_top = r->edge_unplaced &&
			r->largest_after_purge.start + r->largest_after_purge.size == r->end;
	}
	ml_vmalloc_summary_free(&sum);
	if (api->vm_holes_known)
		rc = ml_vmalloc_holes_fit(&sys->vmalloc, api->vm_total_bytes, api->vm_reserve_bytes, &api->vm_fits);
	return rc;
}

/* Is there room for the reservation (§8.1 step 3)?  With the holes: the
 * largest one; without: only VmallocTotal, and the free total when
 * vmallocinfo gave the space in use (no hole can be larger). */
static void vmalloc_room(struct ml_explain_api *api)
{
	api->vm_exceeds_space = api->has_vm_total && api->vm_reserve_bytes > api->vm_total_bytes;
	if (!api->has_vm_total || api->vm_exceeds_space)
		return;
	if (api->vm_holes_known)
		api->vm_exceeds_free_space = api->vm_reserve_bytes > api->vm_largest_hole_bytes;
	else
		api->vm_exceeds_free_space = api->vm_used_from_vmallocinfo &&
					     api->vm_reserve_bytes > ml_sat_sub(api->vm_total_bytes, api->vm_used_bytes);
}

/* What the address-space answer rests on, in a line (§8.1 step 3, §8.3). */
static void vmalloc_room_line(const struct ml_context *c, const struct ml_explain_api *api, uint64_t size)
{
	struct ml_explain_lines *l = &c->res->api.lines;
	char a[64], b[64];
	(void)size;
	if (!api->has_vm_total) {
		ml_explain_add_line(l, "§8.2", "no VmallocTotal in %s: whether the vmalloc range has room is not judged",
				    ml_explain_source_name(c));
		return;
	}
	if (api->vm_holes_known) {
		ml_explain_add_line(l, "§8.1", "the reservation needs one free hole of %" PRIu64 " bytes; after purging lazily-freed areas the largest of the %" PRIu64 " holes is %s at 0x%" PRIx64 "%s (%s free in all): %s",
				    api->vm_reserve_bytes, api->vm_holes, sizep(api->vm_largest_hole_bytes, a, sizeof(a)),
				    api->vm_largest_hole_start,
				    api->vm_largest_hole_at_top ? ", the top of the range (smaller if the lowest area was freed, §8.2)" : "",
				    sizep(api->vm_free_bytes, b, sizeof(b)),
				    api->vm_exceeds_free_space ? "it does not fit" : "it fits");
		return;
	}
	const struct ml_system *sys = c->sys;
	char why[160];
	if (!(sys->loaded & ML_LOAD_VMALLOCINFO))
		ml_textf(why, sizeof(why), "vmallocinfo was not read");
	else if (sys->vmalloc.n == 0)
		ml_textf(why, sizeof(why), "vmallocinfo lists no area");
	else if (sys->vmalloc.addresses == ML_VMALLOC_ADDR_REAL)
		ml_textf(why, sizeof(why), "the areas do not fit within VmallocTotal (some lie outside the range)");
	else if (sys->kptr_restrict >= 0)
		ml_textf(why, sizeof(why), "vmallocinfo's addresses are %s (kptr_restrict=%d)",
			 sys->vmalloc.addresses == ML_VMALLOC_ADDR_HASHED ? "hashed" : "not real", sys->kptr_restrict);
	else
		ml_textf(why, sizeof(why), "vmallocinfo's addresses are %s",
			 sys->vmalloc.addresses == ML_VMALLOC_ADDR_HASHED ? "hashed (kptr_restrict=0)"
			 : sys->vmalloc.addresses == ML_VMALLOC_ADDR_ZERO ? "zeros (kptr_restrict=2, or 1 without CAP_SYSLOG)"
									   : "not real");
	ml_explain_add_line(l, "§8.3", "the answer about address space is from VmallocTotal only: the reservation (%s) is compared with the %s range%s because %s; the free holes are unknown, and a request fails with less than the free total when no single hole is large enough",
			    sizep(api->vm_reserve_bytes, a, sizeof(a)), sizep(api->vm_total_bytes, b, sizeof(b)),
			    api->vm_used_from_vmallocinfo ? " and what is free in it" : "", why);
}

/* §8.1 steps 1-7 for size bytes; huge: VM_ALLOW_HUGE_VMAP (kvmalloc). */
static int vmalloc_core(struct ml_context *c, uint64_t size, ml_gfp_t gfp, bool huge, const char *prefix)
{
	struct ml_explain_api *api = &c->res->api;
	struct ml_explain_lines *l = &api->lines;
	char a[64], b[64], g1[256];
	uint64_t ps = c->ps;
	unsigned ptr = c->res->inputs.pointer_bytes;
	api->vmalloc = true;
	api->vm_pages = size / ps + (size % ps != 0);
	api->vm_guard_bytes = ps;
	/* PMD size: a page of PTEs maps ps / sizeof(pte) pages. */
	uint64_t ptes_per_page = ps / ptr, pmd = ps * ptes_per_page;
	uint64_t mapped = api->vm_pages * ps;
	if (huge && size >= pmd) {
		api->vm_huge_possible = true;
		api->vm_huge_order = log2_u64(ptes_per_page);
		mapped = (size + pmd - 1) / pmd * pmd;
		ml_explain_add_line(l, "§8.1", "VM_ALLOW_HUGE_VMAP and %s ≥ PMD size %s: order-%d pages are tried first (%" PRIu64 " of them), falling back to order 0 silently",
				    sizep(size, a, sizeof(a)), sizep(pmd, b, sizeof(b)), api->vm_huge_order, mapped / pmd);
	} else if (!huge) {
		ml_explain_add_line(l, "§8.1", "plain vmalloc() never maps huge pages (vmalloc_huge() and kvmalloc() may)");
	}
	api->vm_area_bytes = ml_sat_add(mapped, api->vm_guard_bytes);
	api->vm_page_array_bytes = api->vm_pages * ptr;
	api->vm_page_array_vmalloced = api->vm_page_array_bytes > ps;
	api->vm_page_array_pages = api->vm_page_array_vmalloced ? api->vm_page_array_bytes / ps + (api->vm_page_array_bytes % ps != 0) : 0;
	api->vm_page_table_pages = api->vm_pages / ptes_per_page + (api->vm_pages % ptes_per_page != 0) +
				   (api->vm_page_array_pages ? api->vm_page_array_pages / ptes_per_page + (api->vm_page_array_pages % ptes_per_page != 0) : 0);
	api->order = 0;
	api->order_pages = 1;
	api->taken_bytes = api->vm_pages * ps;
	api->wasted_bytes = api->taken_bytes - size;
	api->waste_permille = api->taken_bytes ? (int)((api->wasted_bytes * 1000 + api->taken_bytes / 2) / api->taken_bytes) : 0;
	ml_gfp_t pgfp = gfp | ML_GFP_NOWARN;
	if (!(gfp & (ML_GFP_DMA | ML_GFP_DMA32)))
		pgfp |= ML_GFP_HIGHMEM;
	api->gfp_page = pgfp;
	/* Huge mappings fall back to order-0 pages and this reservation when
	 * they find no room (§8.1 step 2): it is what must fit. */
	api->vm_reserve_bytes = ml_vmalloc_reservation(size, ps);
	if (api->vm_reserve_bytes == 0)
		api->vm_reserve_bytes = UINT64_MAX;
	vmalloc_space(c, api);
	int rc = vmalloc_holes(c, api);
	if (rc != ML_OK)
		return rc;
	vmalloc_room(api);
	api->vm_exceeds_totalram = size / ps > c->res->inputs.totalram_pages && c->res->inputs.totalram_pages > 0;

	ml_explain_add_line(l, "§8.1", "%s = %" PRIu64 " order-0 pages of %s + a %s guard page = %" PRIu64 " bytes of vmalloc space (the vmallocinfo size)",
			    sizep(size, a, sizeof(a)), api->vm_pages, sizep(ps, b, sizeof(b)), sizep(ps, g1, sizeof(g1)),
			    api->vm_area_bytes);
	ml_explain_add_line(l, "§8.1", "page array %" PRIu64 " × %u = %" PRIu64 " bytes %s; page tables ≈ %" PRIu64 " more pages",
			    api->vm_pages, ptr, api->vm_page_array_bytes,
			    api->vm_page_array_vmalloced ? "> PAGE_SIZE, itself vmalloc'ed (\"vpages\")" : "≤ PAGE_SIZE, kmalloc'ed",
			    api->vm_page_table_pages);
	if (api->vm_page_array_vmalloced)
		ml_explain_add_line(l, "§8.1", "the vmalloc'ed page array takes %" PRIu64 " pages more", api->vm_page_array_pages);
	ml_explain_add_line(l, "§8.1", "pages: order 0, mask %s (%s), from alloc_pages_bulk in batches of ≤ 100 at the low watermark, then one at a time through the full slow path",
			    gfps(pgfp, g1, sizeof(g1)),
			    (pgfp & ML_GFP_HIGHMEM) ? "__GFP_HIGHMEM added: HighMem first where there is one"
						    : "a zone modifier was given: no __GFP_HIGHMEM");
	ml_explain_add_line(l, "§8.1", "size >> PAGE_SHIFT = %" PRIu64 " %s totalram %" PRIu64 " pages", size / ps,
			    api->vm_exceeds_totalram ? ">" : "≤", c->res->inputs.totalram_pages);
	if (api->has_vm_total)
		ml_explain_add_line(l, "§8.2", "vmalloc range %s (VmallocTotal), %s in use (%s): %s free at most, in pieces",
				    sizep(api->vm_total_bytes, a, sizeof(a)), sizep(api->vm_used_bytes, b, sizeof(b)),
				    api->vm_used_from_vmallocinfo ? "Σ vmallocinfo sizes without unpurged areas" : "VmallocUsed, pages only",
				    sizep(ml_sat_sub(api->vm_total_bytes, api->vm_used_bytes), g1, sizeof(g1)));
	vmalloc_room_line(c, api, size);

	ml_explain_decode_gfp(c, pgfp, 0);
	if (!ml_gfp_may_sleep(gfp)) {
		set_verdict(c, ML_VERDICT_FAILS, ML_PATH_NONE,
			    "%svmalloc needs a context that may sleep (__GFP_DIRECT_RECLAIM): %s is not supported (kernel-model §8.1)",
			    prefix, gfps(gfp, g1, sizeof(g1)));
		return ML_OK;
	}
	if (api->vm_exceeds_totalram) {
		set_verdict(c, ML_VERDICT_FAILS, ML_PATH_NONE,
			    "%s%s is more than all RAM (%" PRIu64 " pages): \"vmalloc error: size %" PRIu64 ", exceeds total pages\"",
			    prefix, sizep(size, a, sizeof(a)), c->res->inputs.totalram_pages, size);
		return ML_OK;
	}
	if (api->vm_exceeds_space) {
		set_verdict(c, ML_VERDICT_FAILS, ML_PATH_NONE,
			    "%s%" PRIu64 " bytes of virtual space do not fit the %s vmalloc range at all (VmallocTotal)",
			    prefix, api->vm_reserve_bytes, sizep(api->vm_total_bytes, a, sizeof(a)));
		return ML_OK;
	}
	if (api->vm_exceeds_free_space && api->vm_holes_known) {
		set_verdict(c, ML_VERDICT_FAILS, ML_PATH_NONE,
			    "%s%" PRIu64 " bytes of virtual space are needed but the largest free hole of the %s vmalloc range is %s (%s free in %" PRIu64 " holes, after purging lazily-freed areas): \"%s for size %" PRIu64 " failed\", however much memory is free",
			    prefix, api->vm_reserve_bytes, sizep(api->vm_total_bytes, a, sizeof(a)),
			    sizep(api->vm_largest_hole_bytes, b, sizeof(b)), sizep(api->vm_free_bytes, g1, sizeof(g1)),
			    api->vm_holes, c->kver <= 6006 ? "vmap allocation" : "vmalloc_node_range", api->vm_reserve_bytes);
		return ML_OK;
	}
	if (api->vm_exceeds_free_space) {
		set_verdict(c, ML_VERDICT_FAILS, ML_PATH_NONE,
			    "%s%" PRIu64 " bytes of virtual space are needed but only %s of the %s vmalloc range is free (vmallocinfo sizes): \"%s for size %" PRIu64 " failed\"",
			    prefix, api->vm_reserve_bytes, sizep(ml_sat_sub(api->vm_total_bytes, api->vm_used_bytes), a, sizeof(a)),
			    sizep(api->vm_total_bytes, b, sizeof(b)), c->kver <= 6006 ? "vmap allocation" : "vmalloc_node_range",
			    api->vm_reserve_bytes);
		return ML_OK;
	}
	uint64_t need = ml_sat_add(ml_sat_add(api->vm_pages, api->vm_page_array_pages), api->vm_page_table_pages);
	rc = ml_explain_bulk(c, need, pgfp, &c->res->bulk);
	if (rc != ML_OK)
		return rc;
	set_verdict(c, c->res->bulk.verdict, c->res->bulk.path, "%s%s", prefix, c->res->bulk.reason);
	return ML_OK;
}

static int api_vmalloc(struct ml_context *c, ml_gfp_t gfp)
{
	struct ml_explain_api *api = &c->res->api;
	api->size_bytes = api->total_bytes = c->req->size_bytes;
	api->elements = 1;
	if (gfp & ML_GFP_ZONEMASK & ~(ml_gfp_t)ML_GFP_HIGHMEM)
		ml_explain_add_line(&api->lines, "§8.1", "zone modifiers are not supported by plain vmalloc(): the pages still follow them");
	if (gfp & (ML_GFP_NORETRY | ML_GFP_RETRY_MAYFAIL))
		ml_explain_add_line(&api->lines, "§8.1", "vmalloc honours only __GFP_NOFAIL of the retry modifiers: __GFP_NORETRY/__GFP_RETRY_MAYFAIL are ignored");
	if (!fits_size_t(c, api->total_bytes)) {
		char a[64];
		ml_explain_decode_gfp(c, gfp, 0);
		set_verdict(c, ML_VERDICT_FAILS, ML_PATH_NONE, "%s does not fit the 32-bit size_t of %s",
			    sizep(api->total_bytes, a, sizeof(a)), c->res->inputs.arch);
		return ML_OK;
	}
	return vmalloc_core(c, c->req->size_bytes, gfp, false, "");
}

/* ---- kvmalloc (§7.7) ------------------------------------------------------ */

static int api_kvmalloc(struct ml_context *c, ml_gfp_t gfp)
{
	struct ml_explain_api *api = &c->res->api;
	struct ml_explain_lines *l = &api->lines;
	uint64_t size = c->req->size_bytes;
	char a[64], g1[256];
	api->size_bytes = api->total_bytes = size;
	api->elements = 1;
	api->kv_tries_kmalloc = true;
	if (!fits_size_t(c, size)) {
		ml_explain_decode_gfp(c, gfp, 0);
		set_verdict(c, ML_VERDICT_FAILS, ML_PATH_NONE, "%s does not fit the 32-bit size_t of %s",
			    sizep(size, a, sizeof(a)), c->res->inputs.arch);
		return ML_OK;
	}
	if (size <= c->ps) {
		ml_explain_add_line(l, "§7.7", "%s ≤ PAGE_SIZE: kvmalloc() is kmalloc() with the caller's flags and never falls back to vmalloc",
				    sizep(size, a, sizeof(a)));
		api->kv_kmalloc_gfp = gfp;
		struct kroute r;
		kmalloc_route(c, size, gfp, &r);
		fill_api_kmalloc(c, &r, size);
		kmalloc_lines(c, size, gfp, &r);
		ml_explain_decode_gfp(c, r.gfp_page, r.order);
		return kmalloc_judge(c, size, &r, "");
	}
	/* The kmalloc attempt's mask. */
	ml_gfp_t kgfp = gfp | ML_GFP_NOWARN;
	if (c->kver >= 6001)
		kgfp &= ~(ml_gfp_t)ML_GFP_NOFAIL;
	if (!(gfp & ML_GFP_RETRY_MAYFAIL)) {
		if (c->kver > 6012)
			kgfp &= ~(ml_gfp_t)ML_GFP_DIRECT_RECLAIM;
		else
			kgfp |= ML_GFP_NORETRY;
	}
	api->kv_kmalloc_gfp = kgfp;
	ml_explain_add_line(l, "§7.7", "first kmalloc with %s: __GFP_NOWARN%s%s",
			    gfps(kgfp, g1, sizeof(g1)), c->kver >= 6001 ? ", no __GFP_NOFAIL" : "",
			    gfp & ML_GFP_RETRY_MAYFAIL ? " (__GFP_RETRY_MAYFAIL keeps full reclaim)"
			    : c->kver > 6012 ? ", no direct reclaim (6.18: only the fast path and the non-blocking slow path)"
					     : ", __GFP_NORETRY (≤ 6.12: one light round of reclaim and compaction)");
	struct kroute r;
	kmalloc_route(c, size, kgfp, &r);
	fill_api_kmalloc(c, &r, size);
	kmalloc_lines(c, size, kgfp, &r);
	ml_explain_decode_gfp(c, r.gfp_page, r.order);
	int rc = kmalloc_judge(c, size, &r, "kmalloc attempt: ");
	if (rc != ML_OK)
		return rc;
	enum ml_verdict kv = c->res->verdict;
	bool kmalloc_ok = !r.exceeds && (kv == ML_VERDICT_SUCCEEDS_NOW ||
					 (kv <= ML_VERDICT_AFTER_COMPACTION && (gfp & ML_GFP_RETRY_MAYFAIL)) ||
					 (kv <= ML_VERDICT_AFTER_COMPACTION && c->kver <= 6012));
	if (kmalloc_ok && c->res->inputs.has_zones) {
		api->kv_vmalloc_fallback = false;
		ml_explain_add_line(l, "§7.7", "the kmalloc attempt succeeds: no vmalloc");
		return ML_OK;
	}
	/* Fallback conditions (§7.7 steps 3-5). */
	char kreason[ML_EXPLAIN_TEXT];
	ml_textf(kreason, sizeof(kreason), "%s", c->res->reason);
	if (!ml_gfp_may_sleep(gfp)) {
		set_verdict(c, ML_VERDICT_FAILS, ML_PATH_NONE,
			    "the kmalloc attempt fails (%s) and a caller that cannot sleep gets no vmalloc fallback", kreason);
		return ML_OK;
	}
	if (size > INT32_MAX) {
		set_verdict(c, ML_VERDICT_FAILS, ML_PATH_NONE,
			    "the kmalloc attempt fails and %s is above INT_MAX, which kvmalloc refuses (WARN unless __GFP_NOWARN)",
			    sizep(size, a, sizeof(a)));
		return ML_OK;
	}
	if (c->kver < 6001 && (gfp & GFP_KERNEL_BITS) != GFP_KERNEL_BITS) {
		set_verdict(c, ML_VERDICT_FAILS, ML_PATH_NONE,
			    "the kmalloc attempt fails, and on Linux %d.%d masks that are not GFP_KERNEL-compatible (%s) get no vmalloc fallback",
			    c->kver / 1000, c->kver % 1000, gfps(gfp, g1, sizeof(g1)));
		return ML_OK;
	}
	api->kv_vmalloc_fallback = true;
	ml_explain_add_line(l, "§7.7", "the kmalloc attempt does not succeed at once (%s): vmalloc with the caller's flags", kreason);
	return vmalloc_core(c, size, gfp, true, "kmalloc would not succeed at once, so vmalloc: ");
}

/* ---- alloc_pages / __get_free_pages (§5.7) ------------------------------- */

static int api_pages(struct ml_context *c, ml_gfp_t gfp)
{
	struct ml_explain_api *api = &c->res->api;
	struct ml_explain_lines *l = &api->lines;
	const struct ml_explain_request *req = c->req;
	char a[64], g1[256];
	int order = req->order >= 0 ? req->order : ml_get_order(req->size_bytes, c->ps);
	api->size_bytes = req->size_bytes;
	api->elements = 1;
	api->order = order;
	api->order_pages = order < 63 ? 1ull << order : 0;
	api->exceeds_max_order = order > c->max_order;
	api->page_request = true;
	api->taken_bytes = order < 40 ? c->ps << order : 0;
	api->total_bytes = req->size_bytes ? req->size_bytes : api->taken_bytes;
	api->wasted_bytes = api->taken_bytes > api->total_bytes ? api->taken_bytes - api->total_bytes : 0;
	api->waste_permille = api->taken_bytes ? (int)((api->wasted_bytes * 1000 + api->taken_bytes / 2) / api->taken_bytes) : 0;
	if (req->api == ML_API_GET_FREE_PAGES && (gfp & ML_GFP_HIGHMEM)) {
		ml_explain_add_line(l, "§5.7", "__get_free_pages() clears __GFP_HIGHMEM (it returns a kernel virtual address): never HighMem");
		gfp &= ~(ml_gfp_t)ML_GFP_HIGHMEM;
	}
	api->gfp_page = gfp;
	if (req->size_bytes)
		ml_explain_add_line(l, "§5.7", "%s → get_order() = %d: %" PRIu64 " pages (%s), %" PRIu64 " bytes wasted",
				    sizep(req->size_bytes, a, sizeof(a)), order, api->order_pages,
				    sizep(api->taken_bytes, g1, sizeof(g1)), api->wasted_bytes);
	ml_explain_add_line(l, "§5.7", "%s(%s, order %d): exactly 2^%d = %" PRIu64 " physically contiguous, naturally aligned pages%s",
			    req->api == ML_API_PAGES ? "alloc_pages" : "__get_free_pages", gfps(gfp, g1, sizeof(g1)), order,
			    order, api->order_pages,
			    req->api == ML_API_PAGES ? " (HighMem pages allowed: map them with kmap_local_page())" : "");
	ml_explain_decode_gfp(c, gfp, order);
	int rc = ml_explain_page_request(c, order, gfp, &c->res->page);
	if (rc != ML_OK)
		return rc;
	set_verdict(c, c->res->page.verdict, c->res->page.path, "%s", c->res->page.reason);
	return ML_OK;
}

/* ---- dma_alloc_coherent (§2.4, §3.6, §12.6) ------------------------------ */

static int api_dma(struct ml_context *c, ml_gfp_t gfp)
{
	struct ml_explain_api *api = &c->res->api;
	struct ml_explain_lines *l = &api->lines;
	uint64_t size = c->req->size_bytes;
	char a[64], b[64], g1[256];
	int bits = c->req->dma_mask_bits ? c->req->dma_mask_bits : 64;
	api->size_bytes = api->total_bytes = size;
	api->elements = 1;
	api->dma_mask_bits = bits;
	api->dma_iommu = c->req->iommu;
	uint64_t cma_total = 0, cma_free = 0;
	api->has_cma_info = ml_kv_get(&c->sys->meminfo, "CmaTotal", &cma_total);
	ml_kv_get(&c->sys->meminfo, "CmaFree", &cma_free);
	api->cma_total_bytes = cma_total;
	api->cma_free_bytes = cma_free;
	api->dma_cma_possible = cma_total > 0;
	int order = ml_get_order(size, c->ps);
	uint64_t pages = size / c->ps + (size % c->ps != 0);
	api->order = order;
	api->order_pages = order < 63 ? 1ull << order : 0;
	api->exceeds_max_order = order > c->max_order;
	api->taken_bytes = order < 40 ? c->ps << order : 0;

	ml_explain_add_line(l, "§12.6", "dma_alloc_attrs() drops the caller's zone bits and rejects __GFP_COMP; %s is %" PRIu64 " pages, get_order() = %d (%s)",
			    sizep(size, a, sizeof(a)), pages, order, sizep(api->taken_bytes, b, sizeof(b)));
	if (gfp & ML_GFP_COMP) {
		ml_explain_decode_gfp(c, gfp, order);
		set_verdict(c, ML_VERDICT_FAILS, ML_PATH_NONE, "dma_alloc_coherent() rejects __GFP_COMP (WARN, NULL)");
		return ML_OK;
	}
	ml_gfp_t g = gfp & ~(ml_gfp_t)(ML_GFP_DMA | ML_GFP_DMA32 | ML_GFP_HIGHMEM);
	if (c->req->iommu) {
		api->gfp_page = g;
		if (ml_gfp_may_sleep(g)) {
			ml_explain_add_line(l, "§12.6", "behind a translating IOMMU: the buffer is built from non-contiguous pages mapped contiguously in the device's IOVA space (iommu_dma_alloc())");
			api->vmalloc = false;
			ml_explain_decode_gfp(c, g, 0);
			int rc = ml_explain_bulk(c, pages, g, &c->res->bulk);
			if (rc != ML_OK)
				return rc;
			set_verdict(c, c->res->bulk.verdict, c->res->bulk.path, "through the IOMMU, %s", c->res->bulk.reason);
			return ML_OK;
		}
		ml_explain_add_line(l, "§12.6", "behind an IOMMU but unable to sleep: the pages must be physically contiguous");
	}
	/* dma-direct: the zone from the coherent mask (§2.4). */
	if (bits <= 24)
		g |= ML_GFP_DMA;
	else if (bits <= 32)
		g |= ML_GFP_DMA32;
	api->gfp_page = g;
	ml_explain_add_line(l, "§2.4", "dma-direct: a %d-bit coherent mask adds %s", bits,
			    bits <= 24 ? "GFP_DMA" : bits <= 32 ? "GFP_DMA32" : "no zone modifier");
	if (ml_gfp_may_sleep(g) && pages > 1) {
		if (api->dma_cma_possible) {
			ml_explain_add_line(l, "§3.6", "CMA area: CmaTotal %s, CmaFree %s; cma_alloc() aligns to order min(%d, 8) and migrates movable pages out",
					    sizep(cma_total, a, sizeof(a)), sizep(cma_free, b, sizeof(b)), order);
			if (size <= cma_free) {
				ml_explain_decode_gfp(c, g, order);
				set_verdict(c, ML_VERDICT_SUCCEEDS_NOW, ML_PATH_CMA,
					    "dma_alloc_contiguous() takes %" PRIu64 " pages from the CMA area, which has %s free (the area must lie within the device's %d-bit mask)",
					    pages, sizep(cma_free, a, sizeof(a)), bits);
				return ML_OK;
			}
			if (size <= cma_total) {
				ml_explain_decode_gfp(c, g, order);
				set_verdict(c, ML_VERDICT_AFTER_COMPACTION, ML_PATH_CMA,
					    "the CMA area (%s) is large enough but only %s of it is free: cma_alloc() must migrate movable pages out first",
					    sizep(cma_total, a, sizeof(a)), sizep(cma_free, b, sizeof(b)));
				return ML_OK;
			}
			ml_explain_add_line(l, "§3.6", "the CMA area is smaller than the buffer: cma_alloc() fails and dma-direct falls back to the buddy allocator");
		} else {
			ml_explain_add_line(l, "§3.6", "no CMA area (%s): dma-direct falls back to alloc_pages_node(order %d)",
					    api->has_cma_info ? "CmaTotal 0" : "no CmaTotal in meminfo", order);
		}
	}
	api->page_request = order <= c->max_order;
	ml_explain_decode_gfp(c, g, order);
	if (order > c->max_order) {
		set_verdict(c, ML_VERDICT_FAILS, ML_PATH_NONE,
			    "%s needs order %d (%s), beyond the buddy allocator's largest block (order %d, %s), and %s",
			    sizep(size, a, sizeof(a)), order, sizep(api->taken_bytes, b, sizeof(b)), c->max_order,
			    sizep(c->ps << c->max_order, g1, sizeof(g1)),
			    api->dma_cma_possible ? "the CMA area is too small" : "this machine has no CMA area (CmaTotal 0)");
		return ML_OK;
	}
	int rc = ml_explain_page_request(c, order, g, &c->res->page);
	if (rc != ML_OK)
		return rc;
	set_verdict(c, c->res->page.verdict, c->res->page.path, "dma-direct, order %d: %s", order, c->res->page.reason);
	return ML_OK;
}

int ml_explain_api_step(struct ml_context *c)
{
	struct ml_explain_api *api = &c->res->api;
	api->api = c->req->api;
	api->gfp_caller = c->req->gfp;
	api->order = -1;
	ml_gfp_t gfp = ml_explain_version_adjust(c, c->req->gfp);
	switch (c->req->api) {
	case ML_API_KMALLOC:
	case ML_API_KZALLOC:
	case ML_API_KCALLOC:
		return api_kmalloc(c, gfp);
	case ML_API_KVMALLOC:
		return api_kvmalloc(c, gfp);
	case ML_API_VMALLOC:
		return api_vmalloc(c, gfp);
	case ML_API_PAGES:
	case ML_API_GET_FREE_PAGES:
		return api_pages(c, gfp);
	case ML_API_DMA_COHERENT:
		return api_dma(c, gfp);
	default:
		return ML_EUSAGE;
	}
}
