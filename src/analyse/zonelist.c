/* Which zones a GFP mask may use and in which order (kernel-model §2.1–§2.3),
 * and the predicates of §1.4 that decide the slow path. */
#include <string.h>

#include "alloc_rules.h"
#include "../model/nodemask.h"

#define KIND(k) (1u << (k))
#define ALL_KINDS (KIND(ML_ZONE_DMA) | KIND(ML_ZONE_DMA32) | KIND(ML_ZONE_NORMAL) | KIND(ML_ZONE_HIGHMEM) | \
		   KIND(ML_ZONE_MOVABLE) | KIND(ML_ZONE_DEVICE))

static bool arch_is_x86_32(const char *arch)
{
	return arch && arch[0] == 'i' && arch[1] >= '3' && arch[1] <= '6' && strcmp(arch + 2, "86") == 0;
}

static bool arch_is_arm64(const char *arch)
{
	return arch && (strcmp(arch, "aarch64") == 0 || strcmp(arch, "arm64") == 0);
}

/* The zones each architecture can build and the ones a distribution kernel
 * builds (§2.1, §2.4): x86_64 DMA, DMA32, Normal, Movable, Device; i386
 * DMA, Normal, HighMem, Movable; arm64 DMA, DMA32, Normal, Movable; 32-bit
 * ARM often without DMA.  Unknown architectures may build anything. */
static void arch_zone_kinds(const char *arch, unsigned *allowed, unsigned *usual)
{
	if (arch && strcmp(arch, "x86_64") == 0) {
		*allowed = ALL_KINDS & ~KIND(ML_ZONE_HIGHMEM);
		*usual = *allowed;
	} else if (arch_is_arm64(arch)) {
		*allowed = ALL_KINDS & ~KIND(ML_ZONE_HIGHMEM);
		*usual = KIND(ML_ZONE_DMA) | KIND(ML_ZONE_DMA32) | KIND(ML_ZONE_NORMAL) | KIND(ML_ZONE_MOVABLE);
	} else if (arch_is_x86_32(arch)) {
		*allowed = KIND(ML_ZONE_DMA) | KIND(ML_ZONE_NORMAL) | KIND(ML_ZONE_HIGHMEM) | KIND(ML_ZONE_MOVABLE);
		*usual = *allowed;
	} else if (arch && strcmp(arch, "ppc64") == 0) {
		*allowed = KIND(ML_ZONE_DMA) | KIND(ML_ZONE_NORMAL) | KIND(ML_ZONE_MOVABLE) | KIND(ML_ZONE_DEVICE);
		*usual = KIND(ML_ZONE_DMA) | KIND(ML_ZONE_NORMAL) | KIND(ML_ZONE_MOVABLE);
	} else if (arch && strcmp(arch, "powerpc") == 0) {
		/* 32-bit powerpc: DMA, Normal, HighMem (§2.1) */
		*allowed = KIND(ML_ZONE_DMA) | KIND(ML_ZONE_NORMAL) | KIND(ML_ZONE_HIGHMEM) | KIND(ML_ZONE_MOVABLE);
		*usual = *allowed;
	} else if (arch && strncmp(arch, "riscv64", 7) == 0) {
		/* riscv64 configures ZONE_DMA32, no ZONE_DMA (§2.1) */
		*allowed = KIND(ML_ZONE_DMA32) | KIND(ML_ZONE_NORMAL) | KIND(ML_ZONE_MOVABLE) | KIND(ML_ZONE_DEVICE);
		*usual = KIND(ML_ZONE_DMA32) | KIND(ML_ZONE_NORMAL) | KIND(ML_ZONE_MOVABLE);
	} else if (arch && strncmp(arch, "arm", 3) == 0) {
		*allowed = KIND(ML_ZONE_DMA) | KIND(ML_ZONE_NORMAL) | KIND(ML_ZONE_HIGHMEM) | KIND(ML_ZONE_MOVABLE);
		*usual = KIND(ML_ZONE_NORMAL) | KIND(ML_ZONE_HIGHMEM) | KIND(ML_ZONE_MOVABLE);
	} else {
		*allowed = ALL_KINDS;
		*usual = KIND(ML_ZONE_NORMAL) | KIND(ML_ZONE_MOVABLE);
	}
}

/* Is z->index the kernel's index?  zoneinfo's position is (§11.3), and so
 * is the index a report assigned from its lowmem_reserve[] arrays (§2.5);
 * a zone known only from buddyinfo has none. */
static bool index_known(const struct ml_system *sys, const struct ml_zone *z)
{
	if (z->index < 0 || z->index >= ML_MAX_ZONES)
		return false;
	return sys->origin == ML_ORIGIN_REPORT || z->has_zoneinfo;
}

static int popcount(unsigned v)
{
	int n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
}

int ml_zone_kind_index(unsigned configured, enum ml_zone_kind kind)
{
	int idx = 0;
	for (int k = ML_ZONE_DMA; k < (int)kind; k++)
		if (configured & KIND(k))
			idx++;
	return idx;
}

/* Does a set of configured kinds number the zones as the model says? */
static bool numbering_fits(unsigned set, const int known[ML_ZONE_OTHER], int nr_zones)
{
	if (nr_zones > 0 && popcount(set) != nr_zones)
		return false;
	for (int k = ML_ZONE_DMA; k < ML_ZONE_OTHER; k++)
		if (known[k] >= 0 && (!(set & KIND(k)) || ml_zone_kind_index(set, (enum ml_zone_kind)k) != known[k]))
			return false;
	return true;
}

/* The configuration of zone kinds closest to the usual one that contains
 * `must`, stays within `allowed` and numbers the known zones as they are;
 * -1 when none does. */
static long closest_configuration(unsigned must, unsigned allowed, unsigned usual, unsigned seen,
				  const int known[ML_ZONE_OTHER], int nr_zones)
{
	const unsigned bits64 = KIND(ML_ZONE_DMA32) | KIND(ML_ZONE_DEVICE);
	long best = -1;
	int best_distance = 0;
	for (unsigned set = 0; set <= ALL_KINDS; set++) {
		if ((set & ~allowed) || (set & must) != must)
			continue;
		/* DMA32 and Device exist only in 64-bit kernels, HighMem only in
		 * 32-bit ones (§2.1), unless the files show them together. */
		if ((set & KIND(ML_ZONE_HIGHMEM)) && (set & bits64) &&
		    (set & ~seen & (KIND(ML_ZONE_HIGHMEM) | bits64)))
			continue;
		if (!numbering_fits(set, known, nr_zones))
			continue;
		int distance = popcount(set ^ usual);
		if (best < 0 || distance < best_distance) {
			best = (long)set;
			best_distance = distance;
		}
	}
	return best;
}

/* §2.1: zones are numbered densely among the configured ones, and every
 * configured zone has its index even when it is empty or absent from the
 * files (a Mem-Info dump prints only the populated zones up to the
 * request's highest, §9.2; buddyinfo only the populated ones).  The model
 * says what it knows: the indices of its zones (zoneinfo's order, a
 * dump's lowmem_reserve[]) and MAX_NR_ZONES (the length of a protection
 * array, §2.5).  The kinds it does not show come from the configuration
 * closest to the architecture's usual one that numbers the known zones as
 * they are. */
void ml_zone_numbering(const struct ml_system *sys, struct ml_zone_numbering *out)
{
	int known[ML_ZONE_OTHER];
	bool other_slot = false;
	unsigned seen = 0, allowed, usual;
	memset(out, 0, sizeof(*out));
	for (int k = 0; k < ML_ZONE_OTHER; k++)
		known[k] = out->index[k] = -1;
	for (size_t i = 0; i < sys->nzones; i++) {
		const struct ml_zone *z = &sys->zones[i];
		bool has_index = index_known(sys, z);
		if (has_index && z->nprotection > out->nr_zones && z->nprotection <= ML_MAX_ZONES)
			out->nr_zones = z->nprotection;
		if (has_index && z->index + 1 > out->nr_zones)
			out->nr_zones = z->index + 1;
		if (z->kind == ML_ZONE_OTHER) {
			other_slot |= has_index;
			continue;
		}
		seen |= KIND(z->kind);
		if (has_index && known[z->kind] < 0)
			known[z->kind] = z->index;
	}
	arch_zone_kinds(sys->info.arch, &allowed, &usual);
	allowed |= seen;
	/* ZONE_NORMAL always exists, ZONE_MOVABLE since 2.6.23: taken as
	 * there unless the kernel is a 2.6 one and nothing fits with it. */
	int kver = ml_kernel_version(sys->info.release);
	unsigned must = seen | KIND(ML_ZONE_NORMAL) | KIND(ML_ZONE_MOVABLE);
	long best = other_slot ? -1 : closest_configuration(must, allowed, usual | must, seen, known, out->nr_zones);
	if (best < 0 && !other_slot && kver < 3000 && !(seen & KIND(ML_ZONE_MOVABLE)))
		best = closest_configuration(must & ~KIND(ML_ZONE_MOVABLE), allowed, usual | must, seen, known,
					     out->nr_zones);
	if (best >= 0) {
		out->configured = (unsigned)best;
		for (int k = ML_ZONE_DMA; k < ML_ZONE_OTHER; k++)
			if (out->configured & KIND(k)) {
				out->index[k] = ml_zone_kind_index(out->configured, (enum ml_zone_kind)k);
				out->guessed |= known[k] < 0;
			}
		if (out->nr_zones == 0)
			out->nr_zones = popcount(out->configured);
		return;
	}
	/* Nothing fits (an odd or garbled model): the known indices, then the
	 * kinds it must have in the free slots above the kinds below them. */
	bool used[ML_MAX_ZONES] = { false };
	for (int k = ML_ZONE_DMA; k < ML_ZONE_OTHER; k++)
		if (known[k] >= 0) {
			out->index[k] = known[k];
			used[known[k]] = true;
		}
	for (size_t i = 0; i < sys->nzones; i++)
		if (sys->zones[i].kind == ML_ZONE_OTHER && index_known(sys, &sys->zones[i]))
			used[sys->zones[i].index] = true;
	int floor = -1;
	for (int k = ML_ZONE_DMA; k < ML_ZONE_OTHER; k++) {
		if (out->index[k] >= 0) {
			floor = out->index[k];
			continue;
		}
		if (!((seen | KIND(ML_ZONE_NORMAL)) & KIND(k)))
			continue;
		for (int slot = floor + 1; slot < ML_MAX_ZONES; slot++)
			if (!used[slot]) {
				out->index[k] = slot;
				used[slot] = true;
				floor = slot;
				out->guessed = true;
				break;
			}
	}
	for (int k = ML_ZONE_DMA; k < ML_ZONE_OTHER; k++)
		if (out->index[k] >= 0) {
			out->configured |= KIND(k);
			if (out->index[k] + 1 > out->nr_zones)
				out->nr_zones = out->index[k] + 1;
		}
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
	return z->has_buddy || z->has_watermarks;
}

int ml_zone_index(const struct ml_system *sys, const struct ml_zone_numbering *nb, const struct ml_zone *z)
{
	if (index_known(sys, z) || z->kind == ML_ZONE_OTHER)
		return z->index;
	return nb->index[z->kind];
}

/* One node's usable zones from index highest_zoneidx down (§2.3). */
static size_t node_zones(const struct ml_system *sys, const struct ml_zone_numbering *nb, int node,
			 int highest_zoneidx, size_t *out, size_t n, size_t max)
{
	for (int idx = highest_zoneidx; idx >= 0; idx--)
		for (size_t i = 0; i < sys->nzones && n < max; i++) {
			const struct ml_zone *z = &sys->zones[i];
			if (z->node == node && ml_zone_index(sys, nb, z) == idx && ml_zone_usable(z))
				out[n++] = i;
		}
	return n;
}

size_t ml_zonelist(const struct ml_system *sys, const struct ml_zone_numbering *nb, int node,
		   int highest_zoneidx, bool thisnode, const struct ml_nodemask *nodemask, size_t *out,
		   size_t max)
{
	size_t n = 0;
	/* for_next_zone_zonelist_nodemask(): nodes outside the nodemask are
	 * skipped wherever they are in the list (§2.3). */
	if (ml_nodemask_allows(nodemask, node))
		n = node_zones(sys, nb, node, highest_zoneidx, out, 0, max);
	if (thisnode)
		return n;
	for (int other = 0; other < sys->nnodes; other++)
		if (other != node && ml_nodemask_allows(nodemask, other))
			n = node_zones(sys, nb, other, highest_zoneidx, out, n, max);
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
