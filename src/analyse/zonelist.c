/* Which zones a GFP mask may use and in which order (kernel-model §2.1–§2.3),
 * and the predicates of §1.4 that decide the slow path. */
#include <string.h>

#include "alloc_rules.h"

#define KIND(k) (1u << (k))

/* Zones each architecture configures when zoneinfo is not there (§2.1). */
static unsigned arch_default_kinds(const char *arch)
{
	if (arch && (strcmp(arch, "i386") == 0 || strcmp(arch, "i486") == 0 ||
		     strcmp(arch, "i586") == 0 || strcmp(arch, "i686") == 0))
		return KIND(ML_ZONE_DMA) | KIND(ML_ZONE_NORMAL) | KIND(ML_ZONE_HIGHMEM) |
		       KIND(ML_ZONE_MOVABLE);
	if (arch && (strcmp(arch, "x86_64") == 0 || strcmp(arch, "aarch64") == 0 ||
		     strcmp(arch, "arm64") == 0))
		return KIND(ML_ZONE_DMA) | KIND(ML_ZONE_DMA32) | KIND(ML_ZONE_NORMAL) |
		       KIND(ML_ZONE_MOVABLE);
	return KIND(ML_ZONE_NORMAL) | KIND(ML_ZONE_MOVABLE);
}

unsigned ml_configured_zone_kinds(const struct ml_system *sys)
{
	unsigned kinds = 0;
	bool zoneinfo = false;
	for (size_t i = 0; i < sys->nzones; i++) {
		const struct ml_zone *z = &sys->zones[i];
		if (z->kind == ML_ZONE_OTHER)
			continue;
		kinds |= KIND(z->kind);
		zoneinfo |= z->has_zoneinfo;
	}
	/* zoneinfo prints every configured zone, populated or not (§11.3);
	 * buddyinfo only the populated ones. */
	if (!zoneinfo)
		kinds |= arch_default_kinds(sys->info.arch);
	return kinds;
}

int ml_zone_kind_index(unsigned configured, enum ml_zone_kind kind)
{
	int idx = 0;
	for (int k = ML_ZONE_DMA; k < (int)kind; k++)
		if (configured & KIND(k))
			idx++;
	return idx;
}

/* "OPT" entries of GFP_ZONE_TABLE: Normal when the zone is not built in. */
static enum ml_zone_kind opt(enum ml_zone_kind kind, unsigned configured)
{
	return (configured & KIND(kind)) ? kind : ML_ZONE_NORMAL;
}

enum ml_zone_kind ml_gfp_zone(ml_gfp_t gfp, unsigned configured, bool *invalid)
{
	ml_gfp_t bits = gfp & ML_GFP_ZONEMASK;
	bool mov = bits & ML_GFP_MOVABLE;
	*invalid = false;
	switch (bits & ~(ml_gfp_t)ML_GFP_MOVABLE) {
	case 0:
		return ML_ZONE_NORMAL;
	case ML_GFP_DMA:
		return opt(ML_ZONE_DMA, configured);
	case ML_GFP_HIGHMEM:
		/* MOVABLE + HIGHMEM is the only way into ZONE_MOVABLE. */
		return mov ? ML_ZONE_MOVABLE : opt(ML_ZONE_HIGHMEM, configured);
	case ML_GFP_DMA32:
		return opt(ML_ZONE_DMA32, configured);
	default:
		/* DMA+HIGHMEM, DMA+DMA32, DMA32+HIGHMEM, all three: GFP_ZONE_BAD.
		 * Without DEBUG_VM the table entry is 0: the lowest zone. */
		*invalid = true;
		for (int k = ML_ZONE_DMA; k <= ML_ZONE_MOVABLE; k++)
			if (configured & KIND(k))
				return (enum ml_zone_kind)k;
		return ML_ZONE_NORMAL;
	}
}

bool ml_zone_usable(const struct ml_zone *z)
{
	if (z->kind == ML_ZONE_DEVICE || z->kind == ML_ZONE_OTHER)
		return false;   /* ZONE_DEVICE is never allocatable by the buddy allocator */
	if (z->has_zoneinfo)
		return z->managed > 0;
	return z->has_buddy;
}

static size_t node_zones(const struct ml_system *sys, int node, enum ml_zone_kind highest,
			 size_t *out, size_t n, size_t max)
{
	for (int k = (int)highest; k >= ML_ZONE_DMA; k--)
		for (size_t i = 0; i < sys->nzones && n < max; i++) {
			const struct ml_zone *z = &sys->zones[i];
			if (z->node == node && (int)z->kind == k && ml_zone_usable(z))
				out[n++] = i;
		}
	return n;
}

size_t ml_zonelist(const struct ml_system *sys, int node, enum ml_zone_kind highest, bool thisnode,
		   size_t *out, size_t max)
{
	size_t n = node_zones(sys, node, highest, out, 0, max);
	if (thisnode)
		return n;
	for (int other = 0; other < sys->nnodes; other++)
		if (other != node)
			n = node_zones(sys, other, highest, out, n, max);
	return n;
}

bool ml_gfp_may_sleep(ml_gfp_t gfp)
{
	/* __GFP_WAIT (≤ 4.3) meant the same as DIRECT_RECLAIM. */
	return (gfp & (ML_GFP_DIRECT_RECLAIM | ML_GFP_WAIT)) != 0;
}

bool ml_gfp_compaction_allowed(ml_gfp_t gfp)
{
	/* gfp_compaction_allowed(): CONFIG_COMPACTION (assumed) and __GFP_IO. */
	return (gfp & ML_GFP_IO) != 0;
}

bool ml_gfp_non_blocking(ml_gfp_t gfp)
{
	return !ml_gfp_may_sleep(gfp) && !(gfp & ML_GFP_NOMEMALLOC);
}

bool ml_oom_killer_possible(ml_gfp_t gfp, int order, enum ml_zone_kind highest)
{
	/* __alloc_pages_may_oom() gives up on costly orders, RETRY_MAYFAIL,
	 * THISNODE and lowmem-only requests; out_of_memory() kills nothing
	 * without __GFP_FS (§5.6). */
	return ml_gfp_may_sleep(gfp) && (gfp & ML_GFP_FS) && order <= ML_PAGE_ALLOC_COSTLY_ORDER &&
	       !(gfp & (ML_GFP_RETRY_MAYFAIL | ML_GFP_THISNODE)) && highest >= ML_ZONE_NORMAL;
}
