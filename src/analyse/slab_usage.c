#include "slab_usage.h"

#include <string.h>

#include "../util/text.h"

int64_t ml_permille(uint64_t part, uint64_t whole)
{
	if (whole == 0)
		return 0;
	/* part × 1000 can overflow for huge byte counts: scale down first. */
	while (part > UINT64_MAX / 1000) {
		part >>= 1;
		whole >>= 1;
	}
	return whole ? (int64_t)((part * 1000 + whole / 2) / whole) : 0;
}

static int too_big(const struct ml_slab_cache *c, const char *file, const char *what,
		   struct ml_error *err)
{
	return ml_error_set(err, ML_EPARSE, file, c->line,
			    "cache '%s': %s does not fit in 64 bits", c->name, what);
}

/* kernel-model §7.8 "derived figures": memory ≈ num_slabs × pagesperslab ×
 * PAGE_SIZE (an upper bound: SLUB slabs allocated at the fallback order hold
 * fewer pages), slack = memory − active_objs × objsize.  objsize is s->size,
 * the stride with metadata, so the active bytes include padding and red
 * zones; the bytes callers asked for are not visible in slabinfo. */
int ml_slab_usage(const struct ml_slab_cache *c, uint64_t page_size, const char *file,
		  struct ml_slab_usage *u, struct ml_error *err)
{
	memset(u, 0, sizeof(*u));
	u->cache = c;
	uint64_t pages;
	if (!ml_mul_u64(c->num_slabs, c->pagesperslab, &pages) ||
	    !ml_mul_u64(pages, page_size, &u->mem_bytes))
		return too_big(c, file, "num_slabs × pagesperslab × page size", err);
	if (!ml_mul_u64(c->active_objs, c->objsize, &u->active_bytes))
		return too_big(c, file, "active_objs × objsize", err);
	if (!ml_mul_u64(c->num_objs, c->objsize, &u->object_bytes))
		return too_big(c, file, "num_objs × objsize", err);
	u->waste_bytes = u->mem_bytes > u->active_bytes ? u->mem_bytes - u->active_bytes : 0;
	u->util_permille = ml_permille(u->active_bytes, u->mem_bytes);
	u->use_permille = ml_permille(c->active_objs, c->num_objs);
	return ML_OK;
}

int ml_slab_totals_add(struct ml_slab_totals *t, const struct ml_slab_usage *u,
		       const char *file, struct ml_error *err)
{
	const struct ml_slab_cache *c = u->cache;
	bool ok = ml_add_u64(t->active_objs, c->active_objs, &t->active_objs) &&
		  ml_add_u64(t->num_objs, c->num_objs, &t->num_objs) &&
		  ml_add_u64(t->active_slabs, c->active_slabs, &t->active_slabs) &&
		  ml_add_u64(t->num_slabs, c->num_slabs, &t->num_slabs) &&
		  ml_add_u64(t->pages, c->num_slabs * c->pagesperslab, &t->pages) &&
		  ml_add_u64(t->mem_bytes, u->mem_bytes, &t->mem_bytes) &&
		  ml_add_u64(t->active_bytes, u->active_bytes, &t->active_bytes) &&
		  ml_add_u64(t->object_bytes, u->object_bytes, &t->object_bytes) &&
		  ml_add_u64(t->waste_bytes, u->waste_bytes, &t->waste_bytes);
	if (!ok)
		return ml_error_set(err, ML_EPARSE, file, c->line,
				    "cache '%s': the totals up to this row do not fit in 64 bits", c->name);
	t->caches++;
	t->caches_with_objects += c->num_objs > 0;
	return ML_OK;
}

void ml_slab_meminfo(const struct ml_system *sys, const struct ml_slab_totals *all,
		     struct ml_slab_meminfo *out)
{
	memset(out, 0, sizeof(*out));
	out->has_slab = ml_kv_get(&sys->meminfo, "Slab", &out->slab);
	out->has_split = ml_kv_get(&sys->meminfo, "SReclaimable", &out->reclaimable) &&
			 ml_kv_get(&sys->meminfo, "SUnreclaim", &out->unreclaimable);
	if (out->has_slab && all)
		out->gap_bytes = (int64_t)out->slab - (int64_t)all->mem_bytes;
}
