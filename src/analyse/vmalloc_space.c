#include "vmalloc_space.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/limits.h"
#include "../util/text.h"

static const struct {
	unsigned flag;
	const char *name;
} kind_words[ML_VK_COUNT] = {
	[ML_VK_VMALLOC] = { ML_VMALLOC_VMALLOC, "vmalloc" },
	[ML_VK_VMAP] = { ML_VMALLOC_VMAP, "vmap" },
	[ML_VK_IOREMAP] = { ML_VMALLOC_IOREMAP, "ioremap" },
	[ML_VK_USER] = { ML_VMALLOC_USER, "user" },
	[ML_VK_VPAGES] = { ML_VMALLOC_VPAGES, "vpages" },
	[ML_VK_DMA_COHERENT] = { ML_VMALLOC_DMA_COHERENT, "dma-coherent" },
	[ML_VK_SPARSE] = { ML_VMALLOC_SPARSE, "sparse" },
	[ML_VK_VM_MAP_RAM] = { ML_VMALLOC_VM_MAP_RAM, "vm_map_ram" },
	[ML_VK_UNPURGED] = { ML_VMALLOC_UNPURGED, "unpurged" },
	[ML_VK_OTHER] = { ML_VMALLOC_OTHER, "other" },
	[ML_VK_NONE] = { 0, "none" },
};

const char *ml_vmalloc_kind_name(enum ml_vmalloc_kind_index k)
{
	return k < ML_VK_COUNT ? kind_words[k].name : "?";
}

uint64_t ml_vmalloc_reservation(uint64_t size, uint64_t page_size)
{
	uint64_t r;
	if (page_size == 0 || !ml_add_u64(size, page_size - 1, &r))
		return 0;
	r = r / page_size * page_size;
	return ml_add_u64(r, page_size, &r) ? r : 0;
}

static int too_big(const char *file, const struct ml_vmalloc_area *a, struct ml_error *err)
{
	return ml_error_set(err, ML_EPARSE, file, a->line,
			    "area sizes or page counts add up beyond 64 bits");
}

static int add_to(struct ml_vmalloc_group *g, const struct ml_vmalloc_area *a, const char *file,
		  struct ml_error *err)
{
	if (!ml_add_u64(g->size_bytes, a->size, &g->size_bytes) ||
	    !ml_add_u64(g->pages, a->pages, &g->pages))
		return too_big(file, a, err);
	g->areas++;
	g->kind_flags |= a->kind_flags;
	return ML_OK;
}

/* ---- callers ---- */

static void caller_key(const struct ml_vmalloc_area *a, char *buf, size_t n)
{
	if (a->caller[0] && a->module[0])
		snprintf(buf, n, "%s [%s]", a->caller, a->module);
	else if (a->caller[0])
		snprintf(buf, n, "%s", a->caller);
	else if (a->kind_flags & ML_VMALLOC_UNPURGED)
		snprintf(buf, n, "(unpurged vm_area)");
	else if (a->kind_flags & ML_VMALLOC_VM_MAP_RAM)
		snprintf(buf, n, "(vm_map_ram)");
	else
		snprintf(buf, n, "(no caller)");
}

struct keyed {
	char key[200];
	const struct ml_vmalloc_area *a;
};

static int by_key(const void *x, const void *y)
{
	return strcmp(((const struct keyed *)x)->key, ((const struct keyed *)y)->key);
}

static int by_size_desc(const void *x, const void *y)
{
	const struct ml_vmalloc_group *a = x, *b = y;
	if (a->size_bytes != b->size_bytes)
		return a->size_bytes > b->size_bytes ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Group by symbol (offsets already stripped by the parser) and module:
 * sorting keeps it O(n log n) however many callers a file names. */
static int group_callers(const struct ml_vmallocinfo *vi, const char *file,
			 struct ml_vmalloc_summary *out, struct ml_error *err)
{
	if (vi->n == 0)
		return ML_OK;
	struct keyed *k = malloc(vi->n * sizeof(*k));
	out->callers = calloc(vi->n, sizeof(*out->callers));
	if (!k || !out->callers) {
		free(k);
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	}
	for (size_t i = 0; i < vi->n; i++) {
		caller_key(&vi->areas[i], k[i].key, sizeof(k[i].key));
		k[i].a = &vi->areas[i];
	}
	qsort(k, vi->n, sizeof(*k), by_key);
	int rc = ML_OK;
	for (size_t i = 0; i < vi->n && rc == ML_OK; i++) {
		if (i == 0 || strcmp(k[i].key, k[i - 1].key) != 0) {
			struct ml_vmalloc_group *g = &out->callers[out->ncallers++];
			snprintf(g->name, sizeof(g->name), "%s", k[i].key);
		}
		rc = add_to(&out->callers[out->ncallers - 1], k[i].a, file, err);
	}
	free(k);
	qsort(out->callers, out->ncallers, sizeof(*out->callers), by_size_desc);
	return rc;
}

/* ---- nodes ---- */

static int group_nodes(const struct ml_vmallocinfo *vi, const char *file,
		       struct ml_vmalloc_summary *out, struct ml_error *err)
{
	uint64_t *pages = calloc(ML_MAX_NODES, sizeof(*pages));
	uint64_t *areas = calloc(ML_MAX_NODES, sizeof(*areas));
	int rc = ML_OK;
	if (!pages || !areas) {
		rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < vi->n; i++) {
		const struct ml_vmalloc_area *a = &vi->areas[i];
		out->node_pages_truncated |= a->node_pages_truncated;
		for (unsigned j = 0; j < a->nnode_pages; j++) {
			unsigned nd = a->node_pages[j].node;   /* < ML_MAX_NODES (parser) */
			if (!ml_add_u64(pages[nd], a->node_pages[j].pages, &pages[nd])) {
				rc = too_big(file, a, err);
				goto out;
			}
			areas[nd]++;
		}
	}
	for (unsigned nd = 0; nd < ML_MAX_NODES; nd++)
		out->nnodes += areas[nd] > 0;
	if (out->nnodes && !(out->nodes = calloc(out->nnodes, sizeof(*out->nodes)))) {
		rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
		goto out;
	}
	for (unsigned nd = 0, k = 0; nd < ML_MAX_NODES; nd++) {
		if (!areas[nd])
			continue;
		struct ml_vmalloc_group *g = &out->nodes[k++];
		snprintf(g->name, sizeof(g->name), "N%u", nd);
		g->node = nd;
		g->areas = areas[nd];
		g->pages = pages[nd];
	}
out:
	free(pages);
	free(areas);
	return rc;
}

/* ---- address space ---- */

struct extent {
	uint64_t start, end;
};

static int by_start(const void *x, const void *y)
{
	const struct extent *a = x, *b = y;
	return a->start < b->start ? -1 : a->start > b->start ? 1 : 0;
}

/* Holes between the busy extents within [lo, hi); records the largest and,
 * when area > 0, counts how many reservations of area bytes they hold. */
static void holes(const struct extent *e, size_t n, uint64_t lo, uint64_t hi, bool *overlaps,
		  uint64_t *free_bytes, uint64_t *nholes, struct ml_vmalloc_hole *largest,
		  uint64_t area, uint64_t *fits)
{
	uint64_t cur = lo;
	*free_bytes = 0;
	*nholes = 0;
	memset(largest, 0, sizeof(*largest));
	if (fits)
		*fits = 0;
	for (size_t i = 0; i <= n; i++) {
		uint64_t next = i < n ? e[i].start : hi;
		if (next > cur) {
			uint64_t size = next - cur;
			*free_bytes += size;
			(*nholes)++;
			if (size > largest->size) {
				largest->start = cur;
				largest->size = size;
			}
			if (fits && area)
				*fits += size / area;
		} else if (i < n && next < cur && overlaps) {
			*overlaps = true;
		}
		if (i < n && e[i].end > cur)
			cur = e[i].end;
	}
}

/* The busy extents sorted by start: every area, or (kept_only) those a
 * purge leaves (not the lazily-freed "unpurged" ones).  lo and hi span every
 * area.  NULL with n 0 when there is none; ML_ENOMEM. */
static int busy_extents(const struct ml_vmallocinfo *vi, bool kept_only, struct extent **out, size_t *n,
			uint64_t *lo, uint64_t *hi)
{
	*out = NULL;
	*n = 0;
	*lo = UINT64_MAX;
	*hi = 0;
	if (vi->n == 0)
		return ML_OK;
	struct extent *e = malloc(vi->n * sizeof(*e));
	if (!e)
		return ML_ENOMEM;
	for (size_t i = 0; i < vi->n; i++) {
		const struct ml_vmalloc_area *a = &vi->areas[i];
		struct extent x = { a->start, a->start + a->size };
		if (x.end < x.start)
			x.end = UINT64_MAX;   /* cannot happen with real addresses */
		if (x.start < *lo)
			*lo = x.start;
		if (x.end > *hi)
			*hi = x.end;
		if (!kept_only || !(a->kind_flags & ML_VMALLOC_UNPURGED))
			e[(*n)++] = x;
	}
	qsort(e, *n, sizeof(*e), by_start);
	*out = e;
	return ML_OK;
}

/* kernel-model §8.2: the range is VMALLOC_START..VMALLOC_END, which /proc
 * does not print; VmallocTotal gives its length.  alloc_vmap_area() hands
 * out the lowest fitting address from VMALLOC_START, so the lowest busy area
 * sits at VMALLOC_START unless it was freed since: the range is taken to
 * start there and end VmallocTotal later, and the space above the highest
 * area is a hole at the top.  If the lowest area was freed, part of that top
 * hole lies below the first area instead (edge_unplaced says how much can be
 * on either side): the free total stays exact. */
static void range_bounds(uint64_t lo, uint64_t hi, uint64_t total, struct ml_vmalloc_range *r)
{
	r->known = true;
	r->span = hi - lo;
	r->start = lo;
	r->end = hi;
	if (total && total >= r->span) {
		r->bounded_by_total = true;
		r->edge_unplaced = total - r->span;
		if (lo > UINT64_MAX - total)
			r->start = hi - total;   /* the range cannot pass the top of the address space */
		else
			r->end = lo + total;
	} else if (total) {
		/* Areas outside the range (x86_64 modules, §10.2): only the holes
		 * between areas are known. */
		r->areas_exceed_total = true;
	}
}

static int address_space(const struct ml_vmallocinfo *vi, uint64_t total,
			 struct ml_vmalloc_range *r)
{
	memset(r, 0, sizeof(*r));
	if (!vi->addresses_real || vi->n == 0)
		return ML_OK;
	struct extent *all, *kept;
	size_t nall, nkept;
	uint64_t lo, hi;
	if (busy_extents(vi, false, &all, &nall, &lo, &hi) != ML_OK)
		return ML_ENOMEM;
	if (busy_extents(vi, true, &kept, &nkept, &lo, &hi) != ML_OK) {
		free(all);
		return ML_ENOMEM;
	}
	range_bounds(lo, hi, total, r);
	holes(all, nall, r->start, r->end, &r->overlaps, &r->free_bytes, &r->nholes, &r->largest, 0, NULL);
	holes(kept, nkept, r->start, r->end, NULL, &r->free_after_purge, &r->nholes_after_purge,
	      &r->largest_after_purge, 0, NULL);
	free(all);
	free(kept);
	return ML_OK;
}

int ml_vmalloc_holes_fit(const struct ml_vmallocinfo *vi, uint64_t vmalloc_total, uint64_t area,
			 uint64_t *fits)
{
	*fits = 0;
	if (!vi->addresses_real || vi->n == 0 || area == 0)
		return ML_OK;
	struct extent *kept;
	size_t nkept;
	uint64_t lo, hi, free_bytes, nholes;
	struct ml_vmalloc_range r;
	struct ml_vmalloc_hole largest;
	if (busy_extents(vi, true, &kept, &nkept, &lo, &hi) != ML_OK)
		return ML_ENOMEM;
	memset(&r, 0, sizeof(r));
	range_bounds(lo, hi, vmalloc_total, &r);
	holes(kept, nkept, r.start, r.end, NULL, &free_bytes, &nholes, &largest, area, fits);
	free(kept);
	return ML_OK;
}

int ml_vmalloc_summarise(const struct ml_vmallocinfo *vi, uint64_t page_size,
			 uint64_t vmalloc_total, const char *file,
			 struct ml_vmalloc_summary *out, struct ml_error *err)
{
	memset(out, 0, sizeof(*out));
	for (int k = 0; k < ML_VK_COUNT; k++)
		snprintf(out->kinds[k].name, sizeof(out->kinds[k].name), "%s", kind_words[k].name);
	int rc = ML_OK;
	for (size_t i = 0; i < vi->n; i++) {
		const struct ml_vmalloc_area *a = &vi->areas[i];
		if (!ml_add_u64(out->size_bytes, a->size, &out->size_bytes) ||
		    !ml_add_u64(out->pages, a->pages, &out->pages)) {
			rc = too_big(file, a, err);
			goto fail;
		}
		out->areas++;
		if (a->has_pages) {
			/* §8.1 step 3: the reservation is the pages plus one guard page
			 * (unless VM_NO_GUARD; huge mappings round up further). */
			uint64_t mapped;
			if (!ml_mul_u64(a->pages, page_size, &mapped) ||
			    !ml_add_u64(out->paged_size_bytes, a->size, &out->paged_size_bytes)) {
				rc = too_big(file, a, err);
				goto fail;
			}
			out->paged_areas++;
			out->guard_bytes += a->size > mapped ? a->size - mapped : 0;
		}
		bool any = false;
		for (int k = 0; k < ML_VK_NONE; k++) {
			if (!(a->kind_flags & kind_words[k].flag))
				continue;
			any = true;
			if ((rc = add_to(&out->kinds[k], a, file, err)) != ML_OK)
				goto fail;
		}
		if (!any && (rc = add_to(&out->kinds[ML_VK_NONE], a, file, err)) != ML_OK)
			goto fail;
	}
	/* VmallocUsed counts the pages of VM_ALLOC areas (§8.2). */
	out->vmalloc_pages = out->kinds[ML_VK_VMALLOC].pages;
	out->vmalloc_size_bytes = out->kinds[ML_VK_VMALLOC].size_bytes;
	out->vmalloc_areas = out->kinds[ML_VK_VMALLOC].areas;
	out->unpurged_areas = out->kinds[ML_VK_UNPURGED].areas;
	out->unpurged_bytes = out->kinds[ML_VK_UNPURGED].size_bytes;
	if ((rc = group_callers(vi, file, out, err)) != ML_OK ||
	    (rc = group_nodes(vi, file, out, err)) != ML_OK)
		goto fail;
	if (address_space(vi, vmalloc_total, &out->range) != ML_OK) {
		rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
		goto fail;
	}
	return ML_OK;
fail:
	ml_vmalloc_summary_free(out);
	return rc;
}

void ml_vmalloc_summary_free(struct ml_vmalloc_summary *s)
{
	free(s->callers);
	free(s->nodes);
	memset(s, 0, sizeof(*s));
}
