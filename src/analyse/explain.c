/* Would this allocation succeed, and why: the verdict procedure of
 * kernel-model §5.8 with the API front ends of §7, §8 and §12.6.  Every
 * number in a sentence is computed from the model; every rule names the
 * section it follows.  The small rules live in zonelist.c and
 * watermark.c; this file walks them in the kernel's order. */
#include "explain.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../render/format.h"
#include "alloc_rules.h"
#include "explain_internal.h"
#include "fragmentation.h"

/* ---- names ---------------------------------------------------------- */

static const char *const api_names[ML_API_COUNT] = {
	[ML_API_KMALLOC] = "kmalloc",   [ML_API_KZALLOC] = "kzalloc",
	[ML_API_KCALLOC] = "kcalloc",   [ML_API_KVMALLOC] = "kvmalloc",
	[ML_API_VMALLOC] = "vmalloc",   [ML_API_PAGES] = "pages",
	[ML_API_GET_FREE_PAGES] = "get-free-pages", [ML_API_DMA_COHERENT] = "dma-coherent",
};

const char *ml_alloc_api_name(enum ml_alloc_api api)
{
	return api < ML_API_COUNT ? api_names[api] : "?";
}

int ml_alloc_api_parse(const char *name, enum ml_alloc_api *out, struct ml_error *err)
{
	for (int a = 0; a < ML_API_COUNT; a++)
		if (name && strcmp(name, api_names[a]) == 0) {
			*out = (enum ml_alloc_api)a;
			return ML_OK;
		}
	/* The kernel's own function names are accepted too. */
	static const struct {
		const char *alias;
		enum ml_alloc_api api;
	} aliases[] = {
		{ "alloc_pages", ML_API_PAGES }, { "alloc-pages", ML_API_PAGES },
		{ "__get_free_pages", ML_API_GET_FREE_PAGES }, { "get_free_pages", ML_API_GET_FREE_PAGES },
		{ "dma_alloc_coherent", ML_API_DMA_COHERENT },
	};
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (name && strcmp(name, aliases[i].alias) == 0) {
			*out = aliases[i].api;
			return ML_OK;
		}
	return ml_error_set(err, ML_EUSAGE, NULL, 0,
			    "unknown API '%s' (kmalloc, kzalloc, kcalloc, kvmalloc, vmalloc, pages, get-free-pages, dma-coherent)",
			    name ? name : "");
}

static const char *const verdict_names[] = {
	[ML_VERDICT_SUCCEEDS_NOW] = "succeeds-now",
	[ML_VERDICT_AFTER_RECLAIM] = "succeeds-after-reclaim",
	[ML_VERDICT_AFTER_COMPACTION] = "succeeds-after-compaction",
	[ML_VERDICT_MAY_FAIL] = "may-fail",
	[ML_VERDICT_FAILS] = "fails",
};

const char *ml_verdict_name(enum ml_verdict v)
{
	return v <= ML_VERDICT_FAILS ? verdict_names[v] : "?";
}

int ml_verdict_exit_code(enum ml_verdict v)
{
	switch (v) {
	case ML_VERDICT_SUCCEEDS_NOW:
		return 0;
	case ML_VERDICT_AFTER_RECLAIM:
		return 10;
	case ML_VERDICT_AFTER_COMPACTION:
		return 11;
	case ML_VERDICT_MAY_FAIL:
		return 12;
	case ML_VERDICT_FAILS:
	default:
		return 13;
	}
}

const char *ml_alloc_path_name(enum ml_alloc_path p)
{
	static const char *const names[] = {
		[ML_PATH_NONE] = "none",
		[ML_PATH_SLAB_OBJECT] = "slab-object",
		[ML_PATH_FAST] = "fast-path",
		[ML_PATH_MIN_RESERVE] = "min-reserve",
		[ML_PATH_NO_WATERMARKS] = "no-watermarks",
		[ML_PATH_CMA] = "cma",
		[ML_PATH_RECLAIM] = "direct-reclaim",
		[ML_PATH_COMPACTION] = "direct-compaction",
		[ML_PATH_RECLAIM_COMPACTION] = "reclaim-and-compaction",
		[ML_PATH_OOM_KILL] = "oom-kill",
		[ML_PATH_STALL] = "stall",
	};
	return p <= ML_PATH_STALL ? names[p] : "?";
}

void ml_alloc_flags_format(unsigned flags, char *buf, size_t n)
{
	static const struct {
		unsigned bit;
		const char *name;
	} bits[] = {
		{ ML_ALLOC_NO_WATERMARKS, "ALLOC_NO_WATERMARKS" }, { ML_ALLOC_OOM, "ALLOC_OOM" },
		{ ML_ALLOC_NON_BLOCK, "ALLOC_NON_BLOCK" }, { ML_ALLOC_MIN_RESERVE, "ALLOC_MIN_RESERVE" },
		{ ML_ALLOC_CPUSET, "ALLOC_CPUSET" }, { ML_ALLOC_CMA, "ALLOC_CMA" },
		{ ML_ALLOC_NOFRAGMENT, "ALLOC_NOFRAGMENT" }, { ML_ALLOC_HIGHATOMIC, "ALLOC_HIGHATOMIC" },
		{ ML_ALLOC_KSWAPD, "ALLOC_KSWAPD" },
	};
	static const char *const wm[] = { "ALLOC_WMARK_MIN", "ALLOC_WMARK_LOW", "ALLOC_WMARK_HIGH", "ALLOC_WMARK_PROMO" };
	size_t len = (size_t)ml_textf(buf, n, "%s", wm[flags & ML_ALLOC_WMARK_MASK]);
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]) && len < n; i++)
		if (flags & bits[i].bit)
			len += (size_t)ml_textf(buf + len, n - len, "|%s", bits[i].name);
}

int ml_get_order(uint64_t size, uint64_t page_size)
{
	if (size == 0 || page_size == 0)
		return -1;
	/* get_order(): order of the smallest block of 2^order pages ≥ size. */
	uint64_t pages = (size - 1) / page_size + 1;
	int order = 0;
	while (order < 63 && (1ull << order) < pages)
		order++;
	return order;
}

/* ---- text helpers ----------------------------------------------------- */

int ml_textf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}

void ml_explain_add_line(struct ml_explain_lines *l, const char *ref, const char *fmt, ...)
{
	if (l->n >= ML_EXPLAIN_MAX_LINES) {
		l->truncated = true;
		return;
	}
	struct ml_explain_line *line = &l->v[l->n++];
	ml_textf(line->ref, sizeof(line->ref), "%s", ref ? ref : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line->text, sizeof(line->text), fmt, ap);
	va_end(ap);
}

void ml_explain_size_phrase(uint64_t bytes, char *buf, size_t n)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	if (bytes < 1024) {
		ml_textf(buf, n, "%" PRIu64 " byte%s", bytes, bytes == 1 ? "" : "s");
		return;
	}
	int u = 0;
	while (u < 5 && bytes >= (1ull << (10 * (u + 2))))
		u++;
	uint64_t one = 1ull << (10 * (u + 1)), q = bytes / one, r = bytes % one;
	if (r == 0)
		ml_textf(buf, n, "%" PRIu64 " %s", q, unit[u]);
	else if (r < 1024 && q > 0)
		ml_textf(buf, n, "%" PRIu64 " %s + %" PRIu64 " byte%s", q, unit[u], r, r == 1 ? "" : "s");
	else {
		char h[32];
		ml_format_size_words(bytes, h, sizeof(h));
		ml_textf(buf, n, "%" PRIu64 " bytes (%s)", bytes, h);
	}
}

const char *ml_explain_source_name(const struct ml_context *c)
{
	switch (c->sys->origin) {
	case ML_ORIGIN_REPORT:
		return "the dump";
	case ML_ORIGIN_WHAT_IF:
		return "a what-if";
	case ML_ORIGIN_PROC:
	default:
		return "these files";
	}
}

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

/* ---- context ---------------------------------------------------------- */

static bool arch_is_32bit(const char *arch)
{
	if (!arch)
		return false;
	if (strcmp(arch, "arm64") == 0 || strcmp(arch, "aarch64") == 0)
		return false;
	return (arch[0] == 'i' && arch[1] >= '3' && arch[1] <= '6' && strcmp(arch + 2, "86") == 0) ||
	       strncmp(arch, "arm", 3) == 0 || strcmp(arch, "mips") == 0 || strcmp(arch, "ppc") == 0;
}

static bool arch_is_arm64(const char *arch)
{
	return arch && (strcmp(arch, "arm64") == 0 || strcmp(arch, "aarch64") == 0);
}

/* MAX_PAGE_ORDER default (§7.1, §10.3). */
static int default_max_order(uint64_t ps, const char *arch)
{
	if (arch_is_arm64(arch) && ps == 16384)
		return 11;
	if (arch_is_arm64(arch) && ps == 65536)
		return 13;
	return 10;
}

/* pageblock_order default (§3.3): the huge page order, capped at
 * MAX_PAGE_ORDER; 32-bit x86 without PAE has 4 MiB huge pages. */
static int default_pageblock_order(uint64_t ps, const char *arch, int max_order)
{
	int pb = 9;
	if (arch && arch[0] == 'i' && strstr(arch, "86"))
		pb = 10;
	else if (arch_is_arm64(arch) && ps == 16384)
		pb = 11;
	else if (arch_is_arm64(arch) && ps == 65536)
		pb = 13;
	return pb > max_order ? max_order : pb;
}

static uint64_t zone_free(const struct ml_context *c, const struct ml_zone *z)
{
	return z->has_zoneinfo || z->has_watermarks ? z->free_pages : ml_zone_buddy_free_pages(c->sys, z);
}

static uint64_t zone_highatomic(const struct ml_context *c, const struct ml_zone *z)
{
	if (c->req->free_highatomic_pages) {
		size_t i = (size_t)(z - c->sys->zones);
		if (i < c->sys->nzones)
			return c->req->free_highatomic_pages[i];
	}
	return ml_zone_highatomic_pages(c->sys, z, &c->ti, c->kver, c->presence);
}

static uint64_t zone_reserve(const struct ml_zone *z, int highest_zoneidx)
{
	/* lowmem_reserve[highest_zoneidx of the request], not of this zone (§2.5). */
	if (highest_zoneidx < 0 || highest_zoneidx >= z->nprotection || highest_zoneidx >= ML_MAX_ZONES)
		return 0;
	return z->protection[highest_zoneidx];
}

static void node_zone_label(const struct ml_context *c, int node, const char *zone, char *buf, size_t n)
{
	if (c->sys->nnodes > 1)
		ml_textf(buf, n, "node %d %s", node, zone);
	else
		ml_textf(buf, n, "%s", zone);
}

static void zone_label(const struct ml_context *c, const struct ml_zone *z, char *buf, size_t n)
{
	node_zone_label(c, z->node, z->name, buf, n);
}

static int fill_inputs(struct ml_context *c, struct ml_error *err)
{
	const struct ml_system *sys = c->sys;
	const struct ml_explain_request *req = c->req;
	struct ml_explain_inputs *in = &c->res->inputs;

	ml_textf(in->arch, sizeof(in->arch), "%s", sys->info.arch);
	ml_textf(in->kernel, sizeof(in->kernel), "%s",
		 req->kernel_version ? req->kernel_version : sys->info.release);
	int v = ml_kernel_version(in->kernel);
	if (req->kernel_version && v < 0)
		return ml_error_set(err, ML_EUSAGE, NULL, 0,
				    "kernel version '%s' is not of the form 6.18 or 5.15.0-91", req->kernel_version);
	in->kernel_assumed = v < 0;
	in->kernel_version = v < 0 ? 6018 : v;
	c->kver = in->kernel_version;

	in->page_size = sys->page_size ? sys->page_size : 4096;
	c->ps = in->page_size;
	in->pointer_bytes = arch_is_32bit(in->arch) ? 4 : 8;
	in->max_order_assumed = sys->norders <= 0;
	in->max_order = sys->norders > 0 ? sys->norders - 1 : default_max_order(c->ps, in->arch);
	c->max_order = in->max_order;
	in->pageblock_order_assumed = sys->pageblock_order < 0;
	in->pageblock_order = sys->pageblock_order >= 0 ? sys->pageblock_order
						       : default_pageblock_order(c->ps, in->arch, c->max_order);
	in->extfrag_threshold_assumed = !sys->vm.has_extfrag_threshold;
	in->extfrag_threshold = sys->vm.has_extfrag_threshold ? sys->vm.extfrag_threshold : 500;

	for (size_t i = 0; i < sys->nzones; i++) {
		const struct ml_zone *z = &sys->zones[i];
		in->has_zones |= z->has_zoneinfo || z->has_buddy || z->has_watermarks;
		in->has_types |= z->has_types;
		in->totalram_pages = ml_sat_add(in->totalram_pages, z->managed);
	}
	in->types_are_presence = req->types_are_presence;
	c->presence = req->types_are_presence;
	in->has_slabinfo = (sys->loaded & ML_LOAD_SLABINFO) != 0;
	in->has_meminfo = sys->meminfo.n > 0;
	uint64_t swap_total = ml_system_meminfo(sys, "SwapTotal", 0);
	in->swap_free_bytes = ml_system_meminfo(sys, "SwapFree", 0);
	in->swap_available = swap_total > 0 && in->swap_free_bytes > 0;
	if (in->totalram_pages == 0)
		in->totalram_pages = ml_system_meminfo(sys, "MemTotal", 0) / c->ps;

	ml_type_indices(sys, &c->ti);
	ml_zone_numbering(sys, &c->zones);
	c->configured = c->zones.configured;

	/* The preferred node: asked, or the first with usable memory. */
	if (req->node >= 0) {
		bool exists = false;
		for (size_t i = 0; i < sys->nzones; i++)
			exists |= sys->zones[i].node == req->node;
		if (!exists && in->has_zones)
			return ml_error_set(err, ML_EUSAGE, NULL, 0, "node %d does not exist (nodes 0-%d)",
					    req->node, sys->nnodes > 0 ? sys->nnodes - 1 : 0);
		c->node = req->node;
	} else {
		c->node = 0;
		for (size_t i = 0; i < sys->nzones; i++)
			if (ml_zone_usable(&sys->zones[i])) {
				c->node = sys->zones[i].node;
				break;
			}
	}
	in->node = c->node;
	return ML_OK;
}

/* ---- where the request may take pages (§2.1-§2.3) --------------------- */

/* highest_zoneidx: the kernel's index of gfp_zone()'s result (§2.2), in the
 * machine's numbering; a kind it lacks (a 2.6 kernel without Movable) is
 * served up to the highest configured kind below it. */
static int highest_zoneidx(const struct ml_context *c, enum ml_zone_kind kind)
{
	for (int k = (int)kind; k >= ML_ZONE_DMA; k--)
		if (c->zones.index[k] >= 0)
			return c->zones.index[k];
	return 0;
}

static bool restricted(const struct ml_context *c)
{
	return !ml_nodemask_empty(&c->req->nodemask) || !ml_nodemask_empty(&c->req->cpuset_mems);
}

/* Does the slow path drop the placement?  __alloc_pages_slowpath() resets
 * the nodemask when ALLOC_CPUSET is gone (a mask that may use reserves
 * without sleeping, §4.6) or the caller gets reserve flags (§4.6 "slow path
 * retry for reserve users", §5.1 step 6a): the cpuset and the nodemask are
 * then ignored. */
static bool slow_path_ignores_placement(unsigned slow_flags, const struct ml_explain_gfp *g)
{
	return !(slow_flags & ML_ALLOC_CPUSET) || g->no_watermarks;
}

/* §2.3: the zones the request may try, in order — the zonelist walk
 * skipping the nodes outside the nodemask and, with ALLOC_CPUSET (§4.7),
 * outside the cpuset.  The fast path always has both; a slow path that
 * drops them may use every node.  fast_ok[i]: the fast path may use zone
 * idx[i]. */
static size_t allowed_zones(const struct ml_context *c, const struct ml_explain_gfp *g, unsigned slow_flags,
			    size_t *idx, bool *fast_ok, size_t max)
{
	bool anywhere = slow_path_ignores_placement(slow_flags, g);
	size_t n = ml_zonelist(c->sys, &c->zones, c->node, g->highest_zoneidx, g->thisnode,
			       anywhere ? NULL : &c->req->nodemask, idx, max);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		int node = c->sys->zones[idx[i]].node;
		bool placed = ml_nodemask_allows(&c->req->nodemask, node) &&
			      ml_nodemask_allows(&c->req->cpuset_mems, node);
		if (!placed && !anywhere)
			continue;       /* neither path may use it */
		idx[k] = idx[i];
		fast_ok[k++] = placed;
	}
	return k;
}

/* What the nodemask and the cpuset do to this mask, in words (§2.3, §4.6). */
static void placement_lines(const struct ml_context *c, struct ml_explain_gfp *g, ml_gfp_t gfp, int order)
{
	char nodes[160];
	bool anywhere = slow_path_ignores_placement(ml_alloc_flags_slow(gfp, order < 0 ? 0 : order, c->kver), g);
	const char *slow = anywhere ? g->no_watermarks ? "; the slow path ignores it, as __GFP_MEMALLOC's reserve access resets the nodemask (§4.6)"
						      : "; the slow path ignores it, as a mask that may use reserves without sleeping drops ALLOC_CPUSET and the nodemask (§4.6)"
				    : "";
	if (!ml_nodemask_empty(&c->req->nodemask)) {
		ml_nodemask_format(&c->req->nodemask, nodes, sizeof(nodes));
		ml_explain_add_line(&g->lines, "§2.3", "nodemask %s: the zonelist walk skips the zones of every other node%s%s",
				    nodes, ml_nodemask_allows(&c->req->nodemask, c->node) ? "" : ", the preferred node's included",
				    slow);
	}
	/* The cpuset matters only when it leaves out a node with memory. */
	bool excludes = false;
	for (size_t i = 0; i < c->sys->nzones; i++)
		excludes |= ml_zone_usable(&c->sys->zones[i]) &&
			    !ml_nodemask_allows(&c->req->cpuset_mems, c->sys->zones[i].node);
	if (excludes) {
		ml_nodemask_format(&c->req->cpuset_mems, nodes, sizeof(nodes));
		ml_explain_add_line(&g->lines, "§2.3", "cpuset mems_allowed %s: the fast path uses only those nodes (ALLOC_CPUSET with __GFP_HARDWALL)%s",
				    nodes, anywhere ? slow
				    : (gfp & ML_GFP_HARDWALL) ? "; so does the slow path (__GFP_HARDWALL)"
							      : "; so does the slow path (without __GFP_HARDWALL an enclosing cpuset's nodes would also do; not known, taken as the same)");
	}
}

/* ---- step 2: the mask -------------------------------------------------- */

/* The mask on kernels before 6.3: GFP_ATOMIC also carried __GFP_ATOMIC
 * (§1.2, §1.5 rule 2); a mask without DIRECT_RECLAIM but with __GFP_HIGH
 * is that composite. */
static ml_gfp_t version_adjust(const struct ml_context *c, ml_gfp_t gfp, struct ml_explain_lines *l)
{
	/* a mask the kernel printed (4.4 to 6.2) shows __GFP_ATOMIC when it was set */
	bool exact = c->req->gfp_exact && c->kver >= 4004;
	if (!exact && c->kver < 6003 && (gfp & ML_GFP_HIGH) && !ml_gfp_may_sleep(gfp) && !(gfp & ML_GFP_ATOMIC)) {
		if (l && c->kver >= 4004)
			ml_explain_add_line(l, "§1.2",
				    "on Linux %d.%d GFP_ATOMIC also carried __GFP_ATOMIC (4.4 to 6.2): counted as set",
				    c->kver / 1000, c->kver % 1000);
		else if (l)
			ml_explain_add_line(l, "§1.2",
				    "on Linux %d.%d a mask that could not sleep got ALLOC_HARDER from that alone (__GFP_ATOMIC, which later carried it, came in 4.4): modelled as __GFP_ATOMIC",
				    c->kver / 1000, c->kver % 1000);
		return gfp | ML_GFP_ATOMIC;
	}
	if (gfp & ML_GFP_WAIT) {
		if (l)
			ml_explain_add_line(l, "§1.3", "__GFP_WAIT (≤ 4.3) is read as __GFP_DIRECT_RECLAIM|__GFP_KSWAPD_RECLAIM");
		gfp = (gfp & ~(ml_gfp_t)ML_GFP_WAIT) | ML_GFP_RECLAIM;
	}
	return gfp;
}

static void reserve_share(const struct ml_context *c, ml_gfp_t gfp, struct ml_explain_gfp *g)
{
	unsigned slow = ml_alloc_flags_slow(gfp, 1, c->kver);
	/* The share of min that must stay free, from the same reduction the
	 * check applies (§4.3) to a mark of 8000 (exact for ½, ¾, ⅜). */
	uint64_t m = ml_wmark_reduce(8000, slow, c->kver);
	g->reserve_numerator = (int)(m / 1000);
	g->reserve_denominator = 8;
	if (g->no_watermarks) {
		g->reserve_numerator = 0;
		ml_textf(g->reserves, sizeof(g->reserves),
			 "all reserves: __GFP_MEMALLOC skips the watermark check (ALLOC_NO_WATERMARKS, §4.3)");
	} else if (m == 3000) {
		ml_textf(g->reserves, sizeof(g->reserves),
			 "3/8 of min must stay free: __GFP_HIGH halves min, not sleeping takes a quarter more (%s)%s",
			 c->kver >= 6003 ? "ALLOC_MIN_RESERVE|ALLOC_NON_BLOCK" : "ALLOC_HIGH|ALLOC_HARDER",
			 c->kver >= 4004 ? ", and order > 0 may use HighAtomic blocks (§4.3, §3.5)" : " (§4.3)");
	} else if (m == 4000) {
		ml_textf(g->reserves, sizeof(g->reserves), "half of min must stay free: __GFP_HIGH (%s, §4.3)",
			 c->kver >= 6003 ? "ALLOC_MIN_RESERVE" : "ALLOC_HIGH");
	} else if (m == 6000) {
		ml_textf(g->reserves, sizeof(g->reserves), "3/4 of min must stay free: ALLOC_HARDER (§4.3, ≤ 6.2)");
	} else if (slow & ML_ALLOC_NON_BLOCK) {
		ml_textf(g->reserves, sizeof(g->reserves),
			 "none: min applies in full; as a non-blocking caller it does not lose free HighAtomic pages to the check (ALLOC_NON_BLOCK, §4.2)");
	} else {
		ml_textf(g->reserves, sizeof(g->reserves), "none: the min watermark applies in full (§4.3)");
	}
	if (m != 3000 && m != 4000 && m != 6000)
		g->reserve_numerator = g->no_watermarks ? 0 : 8;
}

static void retry_text(const struct ml_context *c, const struct ml_explain_gfp *g, int order, char *buf, size_t n)
{
	(void)c;
	if (!g->may_sleep) {
		ml_textf(buf, n, "none: it cannot sleep, so it fails as soon as the min check fails in every zone; %s (§5.2)",
			 g->wakes_kswapd ? "kswapd is woken to reclaim for later callers" : "not even kswapd is woken");
	} else if (g->nofail) {
		ml_textf(buf, n, "never returns NULL (__GFP_NOFAIL): loops through reclaim, compaction and the OOM killer%s (§5.2)",
			 order > 1 ? "; WARNs because order > 1" : "");
	} else if (g->noretry) {
		ml_textf(buf, n, "__GFP_NORETRY: one light round of reclaim and compaction, then fails; never the OOM killer (§5.2)");
	} else if (g->retry_mayfail) {
		ml_textf(buf, n, "__GFP_RETRY_MAYFAIL: retries reclaim and compaction while they make progress (16 rounds without), then fails; never the OOM killer (§5.2)");
	} else if (order > ML_PAGE_ALLOC_COSTLY_ORDER) {
		ml_textf(buf, n, "costly order %d (> %d): one round of reclaim and compaction, then fails; never the OOM killer (§5.2)",
			 order, ML_PAGE_ALLOC_COSTLY_ORDER);
	} else if (g->oom_possible) {
		ml_textf(buf, n, "\"too small to fail\" (order %d ≤ %d): loops through reclaim, compaction and finally the OOM killer; fails only if the caller itself is the OOM victim (§5.2, §5.6)",
			 order, ML_PAGE_ALLOC_COSTLY_ORDER);
	} else if (g->highest_zone < ML_ZONE_NORMAL) {
		ml_textf(buf, n, "retries reclaim (16 rounds without progress) but never calls the OOM killer for a zone below Normal, then fails (§5.2, §5.6)");
	} else if (g->thisnode) {
		ml_textf(buf, n, "retries reclaim, but __GFP_THISNODE never calls the OOM killer, then fails (§5.2)");
	} else if (!g->may_fs) {
		ml_textf(buf, n, "loops in reclaim; without __GFP_FS the OOM killer only pretends progress, so the caller may stall rather than fail (§5.2, §5.6)");
	} else {
		ml_textf(buf, n, "retries reclaim and compaction, then fails (§5.2)");
	}
}

static void decode_gfp(struct ml_context *c, ml_gfp_t gfp, int order, struct ml_explain_gfp *g)
{
	struct ml_explain_lines *l = &g->lines;
	char b[256];
	g->gfp = gfp;
	g->unknown_bits = c->req->gfp_unknown_bits;
	g->highest_zone = ml_gfp_zone(gfp, c->configured, &g->zone_invalid);
	g->highest_zoneidx = highest_zoneidx(c, g->highest_zone);
	g->migratetype = ml_gfp_migratetype(gfp);
	g->may_sleep = ml_gfp_may_sleep(gfp);
	g->direct_reclaim = g->may_sleep;
	g->wakes_kswapd = (gfp & ML_GFP_KSWAPD_RECLAIM) != 0;
	g->may_io = (gfp & ML_GFP_IO) != 0;
	g->may_fs = (gfp & ML_GFP_FS) != 0;
	g->may_compact = g->may_sleep && ml_gfp_compaction_allowed(gfp);
	g->non_blocking = ml_gfp_non_blocking(gfp);
	g->min_reserve = (gfp & ML_GFP_HIGH) != 0;
	g->atomic_reserve = g->non_blocking && g->min_reserve;
	g->no_watermarks = ml_gfp_no_watermarks(gfp);
	g->may_use_cma = g->migratetype == ML_MT_MOVABLE;
	g->oom_possible = ml_oom_killer_possible(gfp, order < 0 ? 0 : order, g->highest_zone);
	g->nofail = (gfp & ML_GFP_NOFAIL) != 0;
	g->noretry = (gfp & ML_GFP_NORETRY) != 0;
	g->retry_mayfail = (gfp & ML_GFP_RETRY_MAYFAIL) != 0;
	g->thisnode = (gfp & ML_GFP_THISNODE) != 0;
	reserve_share(c, gfp, g);
	retry_text(c, g, order, g->retries, sizeof(g->retries));

	/* The zonelist on this machine (§2.3). */
	size_t idx[ML_MAX_ZONES * 8];
	bool fast_ok[ML_MAX_ZONES * 8];
	size_t n = allowed_zones(c, g, ml_alloc_flags_slow(gfp, order < 0 ? 0 : order, c->kver), idx, fast_ok,
				 sizeof(idx) / sizeof(idx[0]));
	size_t len = 0;
	g->zonelist[0] = '\0';
	for (size_t i = 0; i < n && len < sizeof(g->zonelist); i++) {
		char zl[64];
		zone_label(c, &c->sys->zones[idx[i]], zl, sizeof(zl));
		len += (size_t)ml_textf(g->zonelist + len, sizeof(g->zonelist) - len, "%s%s%s", i ? " → " : "", zl,
					fast_ok[i] ? "" : " (slow path only)");
	}
	if (n == 0)
		ml_textf(g->zonelist, sizeof(g->zonelist), "(no populated zone up to %s%s)",
			 ml_zone_kind_name(g->highest_zone), restricted(c) ? " on the nodes allowed" : "");
	placement_lines(c, g, gfp, order);

	/* Odd and invalid combinations, as the kernel treats them. */
	if (g->zone_invalid)
		ml_explain_add_line(l, "§2.2",
				    "%s is an invalid zone combination (GFP_ZONE_BAD): CONFIG_DEBUG_VM kernels hit a VM_BUG_ON, others use the lowest zone (%s)",
				    gfps(gfp & ML_GFP_ZONEMASK, b, sizeof(b)), ml_zone_kind_name(g->highest_zone));
	if ((gfp & ML_GFP_DMA) && !(c->configured & (1u << ML_ZONE_DMA)))
		ml_explain_add_line(l, "§2.2",
				    "__GFP_DMA has no effect: this kernel has no ZONE_DMA, so the request may use up to Normal; warn_alloc() stays silent for GFP_DMA without DMA pages (§9.1)");
	else if ((gfp & ML_GFP_DMA) && !g->zone_invalid) {
		bool populated = false;
		for (size_t i = 0; i < c->sys->nzones; i++)
			populated |= c->sys->zones[i].kind == ML_ZONE_DMA && ml_zone_usable(&c->sys->zones[i]);
		if (!populated && c->res->inputs.has_zones)
			ml_explain_add_line(l, "§2.2", "ZONE_DMA exists but manages no pages: nothing can satisfy __GFP_DMA (and warn_alloc() stays silent, §9.1)");
	}
	if ((gfp & ML_GFP_DMA32) && !(gfp & ML_GFP_DMA) && !(c->configured & (1u << ML_ZONE_DMA32)))
		ml_explain_add_line(l, "§2.2", "__GFP_DMA32 has no effect: this kernel has no ZONE_DMA32 (32-bit x86 never has one), so the request may use up to Normal");
	if ((gfp & ML_GFP_HIGHMEM) && !(gfp & (ML_GFP_DMA | ML_GFP_DMA32)) && !(gfp & ML_GFP_MOVABLE) &&
	    !(c->configured & (1u << ML_ZONE_HIGHMEM)))
		ml_explain_add_line(l, "§2.2", "__GFP_HIGHMEM has no effect: this machine has no HighMem zone (every page is permanently mapped)");
	if (g->migratetype == ML_MT_HIGHATOMIC)
		ml_explain_add_line(l, "§3.2", "__GFP_MOVABLE with __GFP_RECLAIMABLE selects migrate type 3 (HighAtomic): a caller bug the kernel VM_WARNs about");
	if (g->nofail && !g->may_sleep)
		ml_explain_add_line(l, "§5.1", "__GFP_NOFAIL without __GFP_DIRECT_RECLAIM WARNs and can fail like any non-blocking request");
	if (g->nofail && order > 1)
		ml_explain_add_line(l, "§5.1", "__GFP_NOFAIL with order %d > 1 WARNs once (large no-fail allocations are discouraged)", order);
	if (g->nofail && (g->noretry || g->retry_mayfail))
		ml_explain_add_line(l, "§5.1", "__GFP_NOFAIL with %s is contradictory: the retry flag ends the loop, then the no-fail path loops again; NOFAIL wins",
				    g->noretry ? "__GFP_NORETRY" : "__GFP_RETRY_MAYFAIL");
	if (g->noretry && g->retry_mayfail)
		ml_explain_add_line(l, "§5.1", "__GFP_NORETRY with __GFP_RETRY_MAYFAIL: NORETRY is checked first, so one light round only");
	if ((gfp & ML_GFP_MEMALLOC) && (gfp & ML_GFP_NOMEMALLOC))
		ml_explain_add_line(l, "§1.3", "__GFP_MEMALLOC with __GFP_NOMEMALLOC: NOMEMALLOC wins, no reserve access");
	if (g->thisnode)
		ml_explain_add_line(l, "§2.3", "__GFP_THISNODE: only node %d's zones, no fallback to other nodes, no OOM killer", c->node);
	if (gfp & ML_GFP_WRITE)
		ml_explain_add_line(l, "§1.3", "__GFP_WRITE: the fast path skips nodes over their dirty limit (not visible in %s)",
				    ml_explain_source_name(c));
	if (gfp & ML_GFP_ACCOUNT)
		ml_explain_add_line(l, "§1.3", "__GFP_ACCOUNT: charged to the memory cgroup; the charge can fail even with free pages (cgroup limits are not in %s)",
				    ml_explain_source_name(c));
	if ((gfp & ML_GFP_HARDWALL) && ml_nodemask_empty(&c->req->cpuset_mems))
		ml_explain_add_line(l, "§1.3", "__GFP_HARDWALL: the task's cpuset nodes only (the cpuset is not in %s: every node taken as allowed)",
				    ml_explain_source_name(c));
	else if (gfp & ML_GFP_HARDWALL)
		ml_explain_add_line(l, "§1.3", "__GFP_HARDWALL: the task's cpuset nodes only, strictly, in the slow path too");
	if (!g->wakes_kswapd && g->may_sleep)
		ml_explain_add_line(l, "§1.3", "no __GFP_KSWAPD_RECLAIM: kswapd is not woken; only the caller's own direct reclaim frees memory");
	if ((gfp & ML_GFP_NOWARN) && !g->may_sleep && (gfp & ML_GFP_KSWAPD_RECLAIM) && !(gfp & ML_GFP_HIGH))
		ml_explain_add_line(l, "§1.2", "GFP_NOWAIT includes __GFP_NOWARN since 6.12: its failures are silent");
	if (g->may_sleep && !g->may_io)
		ml_explain_add_line(l, "§1.3", "no __GFP_IO: reclaim starts no I/O and compaction is not allowed");
	else if (g->may_sleep && !g->may_fs)
		ml_explain_add_line(l, "§1.3", "no __GFP_FS: reclaim does not call into filesystems and the OOM killer kills nothing");
	if ((gfp & ML_GFP_ATOMIC) && c->kver >= 6003)
		ml_explain_add_line(l, "§1.1", "__GFP_ATOMIC was removed in 6.3: no meaning on this kernel");
	if (gfp & (ML_GFP_NOTRACK | ML_GFP_OTHER_NODE | ML_GFP_COLD | ML_GFP_REPEAT))
		ml_explain_add_line(l, "§1.1", "%s: flags of 4.x kernels, ignored by this model",
				    gfps(gfp & (ML_GFP_NOTRACK | ML_GFP_OTHER_NODE | ML_GFP_COLD | ML_GFP_REPEAT), b, sizeof(b)));
	if (g->unknown_bits)
		ml_explain_add_line(l, "§1.1", "bits 0x%" PRIx64 " have no name in this kernel's layout (config-dependent bits from 24 up, or invalid): ignored",
				    g->unknown_bits);
}

/* ---- steps 3 and 4: one page-allocator request ------------------------ */

static void eval_wmark(struct ml_context *c, const struct ml_zone *z, int order, int mt,
		       int highest_idx, int wmark, unsigned flags, struct ml_wmark_check *w)
{
	struct ml_unusable_terms t;
	w->evaluated = true;
	w->wmark = wmark;
	w->alloc_flags = flags;
	w->free_pages = zone_free(c, z);
	w->unusable_pages = ml_wmark_unusable(order, flags, zone_highatomic(c, z), z->free_cma_pages, c->kver, &t);
	w->unusable_order = t.order;
	w->unusable_highatomic = t.highatomic;
	w->unusable_cma = t.cma;
	w->mark_pages = wmark == ML_ALLOC_WMARK_MIN ? z->wmark_min : wmark == ML_ALLOC_WMARK_LOW ? z->wmark_low : z->wmark_high;
	w->mark_reduced_pages = ml_wmark_reduce(w->mark_pages, flags, c->kver);
	w->reserve_pages = zone_reserve(z, highest_idx);
	w->order0_ok = ml_wmark_order0_ok(w->free_pages, w->unusable_pages, w->mark_reduced_pages, w->reserve_pages);
	/* §4.5: order 0 with MIN_RESERVE in a boosted zone retries with the
	 * unboosted min. */
	if (!w->order0_ok && order == 0 && wmark == ML_ALLOC_WMARK_MIN && (flags & ML_ALLOC_MIN_RESERVE) &&
	    z->boost > 0) {
		uint64_t unboosted = ml_wmark_reduce(ml_sat_sub(z->wmark_min, z->boost), flags, c->kver);
		if (ml_wmark_order0_ok(w->free_pages, w->unusable_pages, unboosted, w->reserve_pages)) {
			w->order0_ok = true;
			w->unboosted_retry = true;
			w->mark_reduced_pages = unboosted;
		}
	}
	struct ml_block_found bf;
	/* order 0 too when the free lists' types are known: free pages that
	 * are all HighAtomic, CMA or Isolate do not serve this mask (§3.5, §3.6) */
	w->block_checked = order > 0 || z->has_types;
	ml_zone_find_block(c->sys, z, &c->ti, order, mt, flags, c->presence, &bf);
	w->block_ok = bf.ok;
	w->block_order = bf.order;
	w->block_certain = bf.certain;
	ml_textf(w->block_source, sizeof(w->block_source), "%s", bf.source);
	w->block_type[0] = '\0';
	if (bf.type >= 0 && bf.type < c->sys->ntypes)
		ml_textf(w->block_type, sizeof(w->block_type), "%s", c->sys->type_names[bf.type]);
	/* For order 0 the order-0 part is the whole check (§4.4 step 2), but
	 * the page still has to come off a list the mask may use (§3.4). */
	w->ok = w->order0_ok && (!w->block_checked || w->block_ok);
	/* Before 4.4 __zone_watermark_ok() went on for order > 0: for each
	 * order k below o it took away the free pages in order-k blocks and
	 * halved min, failing when what was left was ≤ min (the form 4.4
	 * replaced by the per-order list check of §4.4 step 3). */
	if (w->ok && order > 0 && c->kver < 4004 && z->has_buddy) {
		int64_t left = (int64_t)(w->free_pages > INT64_MAX ? INT64_MAX : w->free_pages) -
			       (int64_t)w->unusable_pages;
		uint64_t min = w->mark_reduced_pages;
		w->pre44_checked = true;
		w->pre44_ok = true;
		for (int k = 0; k < order && k < c->sys->norders; k++) {
			uint64_t pages = z->free_blocks[k] > (UINT64_MAX >> 40) ? UINT64_MAX >> 40 : z->free_blocks[k];
			left -= (int64_t)(pages << k);
			min >>= 1;
			if (left <= (int64_t)min) {
				w->pre44_ok = false;
				w->pre44_order = k;
				w->pre44_left = left;
				w->pre44_min = min;
				break;
			}
		}
		w->ok = w->pre44_ok;
	}
}

static void check_zone(struct ml_context *c, const struct ml_zone *z, int order, int mt, int highest_idx,
		       unsigned fast, unsigned slow, bool may_reclaim, bool may_compact,
		       struct ml_zone_check *zc)
{
	const struct ml_system *sys = c->sys;
	memset(zc, 0, sizeof(*zc));
	zc->node = z->node;
	ml_textf(zc->zone, sizeof(zc->zone), "%s", z->name);
	zc->kind = z->kind;
	zc->zone_index = ml_zone_index(sys, &c->zones, z);
	zc->managed_pages = z->managed;
	zc->pcp_pages = z->pcp_pages;
	zc->fragindex = INT32_MIN;
	eval_wmark(c, z, order, mt, highest_idx, ML_ALLOC_WMARK_LOW, fast, &zc->fast);
	eval_wmark(c, z, order, mt, highest_idx, ML_ALLOC_WMARK_MIN, slow, &zc->slow);

	/* §5.4: reclaimable pages count as available for the order-0 part. */
	zc->reclaim_known = z->has_lru;
	zc->reclaimable_pages = z->node_unreclaimable == 1 ? 0 : ml_zone_reclaimable_pages(z, c->res->inputs.swap_available);
	uint64_t avail = ml_sat_add(zc->slow.free_pages, zc->reclaimable_pages);
	zc->reclaim_ok = may_reclaim && zc->reclaimable_pages > 0 &&
			 ml_wmark_order0_ok(avail, zc->slow.unusable_pages, zc->slow.mark_reduced_pages,
					    zc->slow.reserve_pages);

	/* §5.5: compaction suitability for order > 0. */
	if (order > 0 && may_compact) {
		zc->compact_evaluated = true;
		uint64_t ha = zone_highatomic(c, z);
		uint64_t u = ml_wmark_unusable(0, ML_ALLOC_CMA, ha, z->free_cma_pages, c->kver, NULL);
		zc->compact_mark_pages = ml_compaction_mark(z, order);
		zc->compact_headroom_ok = ml_wmark_order0_ok(zc->slow.free_pages, u, zc->compact_mark_pages,
							     zc->slow.reserve_pages);
		zc->compact_headroom_after_reclaim = may_reclaim &&
			ml_wmark_order0_ok(avail, u, zc->compact_mark_pages, zc->slow.reserve_pages);
		if (z->has_buddy && sys->norders > 0)
			zc->fragindex = ml_extfrag_index(z->free_blocks, sys->norders, order);
		zc->fragindex_ok = order <= ML_PAGE_ALLOC_COSTLY_ORDER ||
				   (zc->fragindex != INT32_MIN &&
				    ml_fragindex_suitable(zc->fragindex, c->res->inputs.extfrag_threshold));
		int movable = c->ti.type[ML_MT_MOVABLE];
		zc->movable_pageblocks_known = z->has_pageblocks && movable >= 0;
		bool movable_ok = true;
		if (zc->movable_pageblocks_known) {
			zc->movable_pageblocks = z->pageblocks[movable];
			int pb = c->res->inputs.pageblock_order;
			uint64_t need = order >= pb && order - pb < 40 ? 1ull << (order - pb) : 1;
			movable_ok = zc->movable_pageblocks >= need;
		}
		zc->compact_ok = (zc->compact_headroom_ok || zc->compact_headroom_after_reclaim) &&
				 zc->fragindex_ok && movable_ok;
	}

	/* Step 7: order-o allocations from the free lists, down to the mark. */
	zc->count_blocks = ml_zone_suitable_chunks(sys, z, &c->ti, order, fast, c->presence);
	zc->count_wmark_fast = ml_wmark_takes(zc->fast.free_pages, zc->fast.unusable_pages,
					      zc->fast.mark_reduced_pages, zc->fast.reserve_pages, order);
	zc->count_wmark_slow = ml_wmark_takes(zc->slow.free_pages, zc->slow.unusable_pages,
					      zc->slow.mark_reduced_pages, zc->slow.reserve_pages, order);
	uint64_t blocks_slow = ml_zone_suitable_chunks(sys, z, &c->ti, order, slow, c->presence);
	zc->count_now = zc->count_blocks < zc->count_wmark_fast ? zc->count_blocks : zc->count_wmark_fast;
	zc->count_min = blocks_slow < zc->count_wmark_slow ? blocks_slow : zc->count_wmark_slow;
	if (zc->count_min < zc->count_now)
		zc->count_min = zc->count_now;

	/* Order-0 capacity, for requests made of single pages (§8.1). */
	if (order == 0) {
		zc->pages_fast = zc->count_wmark_fast;
		zc->pages_min = zc->count_wmark_slow > zc->pages_fast ? zc->count_wmark_slow : zc->pages_fast;
		zc->pages_reclaim = zc->pages_min;
		if (may_reclaim) {
			uint64_t r = ml_wmark_takes(avail, zc->slow.unusable_pages, zc->slow.mark_reduced_pages,
						    zc->slow.reserve_pages, 0);
			if (r > zc->pages_reclaim)
				zc->pages_reclaim = r;
		}
	}
}

/* §4.4: the check needs the zone's free pages and watermarks, and for
 * order > 0 its free blocks per order.  A zone missing them (a report cut
 * before its zone line, a garbled figure) is left out rather than judged
 * against a watermark of 0; its free lists may still show that no block
 * of the order was there, which fails whatever the watermarks. */
static void eval_wmark(struct ml_context *c, const struct ml_zone *z, int order, int mt,
		       int highest_idx, int wmark, unsigned flags, struct ml_wmark_check *w);

static bool unjudged_zone(struct ml_context *c, const struct ml_zone *z, int order, int mt, int highest_idx,
			  unsigned flags, struct ml_unjudged_zone *u)
{
	bool blocks_known = z->has_buddy || z->has_types;
	if (z->has_watermarks && (order == 0 || blocks_known))
		return false;
	memset(u, 0, sizeof(*u));
	u->node = z->node;
	ml_textf(u->zone, sizeof(u->zone), "%s", z->name);
	u->no_watermarks = !z->has_watermarks;
	u->block_order = -1;
	if (blocks_known && (order > 0 || !z->has_watermarks)) {
		/* the free lists can rule a zone out even at order 0: all CMA */
		struct ml_block_found bf;
		ml_zone_find_block(c->sys, z, &c->ti, order, mt, flags, c->presence, &bf);
		u->may_pass = bf.ok;
		u->block_order = bf.ok ? bf.order : -1;
		u->block_checked = true;
	} else if (z->has_watermarks) {
		/* blocks unknown: the order-0 part of the check can still fail */
		struct ml_wmark_check w;
		memset(&w, 0, sizeof(w));
		eval_wmark(c, z, order, mt, highest_idx, ML_ALLOC_WMARK_MIN, flags, &w);
		u->order0_known = true;
		u->order0_ok = u->may_pass = w.order0_ok;
		u->free_pages = w.free_pages;
		u->unusable_pages = w.unusable_pages;
		u->mark_pages = w.mark_reduced_pages;
		u->reserve_pages = w.reserve_pages;
	} else {
		u->may_pass = order > 0 || zone_free(c, z) > 0;
	}
	return true;
}

static void unjudged_line(const struct ml_context *c, const struct ml_unjudged_zone *u, int order,
			  struct ml_explain_lines *l)
{
	char name[ML_NAME + 16];
	node_zone_label(c, u->node, u->zone, name, sizeof(name));
	const char *what = u->no_watermarks ? "its free pages or watermarks" : "its free blocks per order";
	const char *src = ml_explain_source_name(c);
	if (u->order0_known)
		ml_explain_add_line(l, "§4.4", "%s: not checked, %s unknown (missing or unreadable in %s); %" PRIu64 " free − %" PRIu64 " unusable %s min %" PRIu64 " + lowmem_reserve %" PRIu64 ", so %s",
				    name, what, src, u->free_pages, u->unusable_pages, u->order0_ok ? ">" : "≤",
				    u->mark_pages, u->reserve_pages,
				    u->order0_ok ? "its free blocks would decide" : "it fails whatever they are");
	else if (!u->may_pass)
		ml_explain_add_line(l, "§4.4", "%s: not checked, %s unknown (missing or unreadable in %s); %s, so it fails whatever they are",
				    name, what, src,
				    order > 0 || u->block_checked ? "its free lists have no block of the order the mask may use"
								   : "it has no free page");
	else if (u->block_order >= 0)
		ml_explain_add_line(l, "§4.4", "%s: not checked, %s unknown (missing or unreadable in %s); it has a free order-%d block, so they decide whether it passes",
				    name, what, src, u->block_order);
	else
		ml_explain_add_line(l, "§4.4", "%s: not checked, %s unknown (missing or unreadable in %s); whether it passes is unknown", name, what, src);
}

/* After the verdict of the zones that could be checked: a zone left out
 * that may have passed turns a failure into "may fail" — the figures that
 * would decide are missing (§4.4). */
static void unjudged_verdict(const struct ml_context *c, int order, struct ml_unjudged_zone *u, size_t n,
			     enum ml_verdict *verdict, char *reason, size_t rn)
{
	char names[200] = "", r[ML_EXPLAIN_TEXT];
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		if (!u[i].may_pass || len >= sizeof(names))
			continue;
		char one[ML_NAME + 16];
		node_zone_label(c, u[i].node, u[i].zone, one, sizeof(one));
		len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s", len ? ", " : "", one);
	}
	if (!names[0] || (*verdict != ML_VERDICT_FAILS && *verdict != ML_VERDICT_MAY_FAIL))
		return;
	ml_textf(r, sizeof(r), "%s", reason);
	*verdict = ML_VERDICT_MAY_FAIL;
	if (r[0])
		ml_textf(reason, rn, "unknown: %s could not be checked (figures missing from %s) and may have served an order-%d request; in the zones that could be checked: %s",
			 names, ml_explain_source_name(c), order, r);
	else
		ml_textf(reason, rn, "unknown: %s could not be checked (figures missing from %s) and may have served an order-%d request",
			 names, ml_explain_source_name(c), order);
}

/* A zone outside the cpuset: the fast path (ALLOC_CPUSET) skips it, only
 * the slow path may use it (§2.3, §4.6). */
static void fast_path_excluded(struct ml_zone_check *zc)
{
	zc->slow_path_only = true;
	zc->fast.ok = false;
	zc->count_now = 0;
	zc->pages_fast = 0;
}

/* §5.5 the Movable pageblocks compaction could empty: counted by
 * pagetypeinfo, unknown without it (a report, a non-root reader). */
static void movable_pageblocks_text(const struct ml_context *c, const struct ml_zone_check *zc, char *buf, size_t n)
{
	if (zc->movable_pageblocks_known)
		ml_textf(buf, n, "%" PRIu64 " Movable pageblocks", zc->movable_pageblocks);
	else
		ml_textf(buf, n, "Movable pageblocks unknown (%s)",
			 c->sys->origin == ML_ORIGIN_REPORT ? "a dump does not count them" : "no pagetypeinfo");
}

/* Why a zone's check failed, in a few words with the numbers. */
static void wmark_failure(const struct ml_context *c, const struct ml_zone_check *zc,
			  const struct ml_wmark_check *w, int order, char *buf, size_t n)
{
	(void)c;
	if (!w->order0_ok) {
		uint64_t fu = ml_sat_sub(w->free_pages, w->unusable_pages);
		bool reserve_decides = w->reserve_pages > 0 && fu > w->mark_reduced_pages;
		ml_textf(buf, n, "%s: %" PRIu64 " free − %" PRIu64 " unusable = %" PRIu64 " ≤ %s %" PRIu64 " + lowmem_reserve %" PRIu64 "%s",
			 zc->zone, w->free_pages, w->unusable_pages, fu,
			 w->wmark == ML_ALLOC_WMARK_LOW ? "low" : "min", w->mark_reduced_pages, w->reserve_pages,
			 reserve_decides ? " (refused by the lowmem reserve)" : "");
	} else if (w->pre44_checked && !w->pre44_ok) {
		ml_textf(buf, n, "%s: enough free pages, but the pre-4.4 check leaves %" PRId64 " free pages in blocks of order > %d, ≤ min halved %d time%s (%" PRIu64 ")",
			 zc->zone, w->pre44_left > 0 ? w->pre44_left : 0, w->pre44_order, w->pre44_order + 1,
			 w->pre44_order ? "s" : "", w->pre44_min);
	} else {
		ml_textf(buf, n, "%s: enough free pages but no free block of order ≥ %d it may use", zc->zone, order);
	}
}

static void wmark_success(const struct ml_context *c, const struct ml_zone_check *zc,
			  const struct ml_wmark_check *w, int order, char *buf, size_t n)
{
	(void)c;
	uint64_t fu = ml_sat_sub(w->free_pages, w->unusable_pages);
	int len = ml_textf(buf, n, "%s: %" PRIu64 " free − %" PRIu64 " unusable = %" PRIu64 " > %s %" PRIu64 "%s + lowmem_reserve %" PRIu64,
			   zc->zone, w->free_pages, w->unusable_pages, fu,
			   w->wmark == ML_ALLOC_WMARK_LOW ? "low" : "min", w->mark_reduced_pages,
			   w->mark_reduced_pages != w->mark_pages ? " (reduced)" : "", w->reserve_pages);
	if (order > 0 && len > 0 && (size_t)len < n)
		ml_textf(buf + len, n - (size_t)len, ", and a free block from %s", w->block_source);
}

static const char *reason_prefix_failcause(const struct ml_page_analysis *pa)
{
	/* Did any zone pass the order-0 part at min?  Then blocks are missing. */
	for (size_t i = 0; i < pa->nzones; i++)
		if (pa->zones[i].slow.order0_ok)
			return "blocks";
	return "memory";
}

/* What the mask rules out in the slow path (§1.3, §5.2, §5.6). */
static void forbids_text(const struct ml_explain_gfp *g, int o, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
#define ADD(...) do { if (len < n) len += (size_t)ml_textf(buf + len, n - len, __VA_ARGS__); } while (0)
	if (!g->may_sleep) {
		ADD("direct reclaim, compaction and the OOM killer (no __GFP_DIRECT_RECLAIM)");
	} else {
		if (!g->may_io)
			ADD("compaction and I/O in reclaim (no __GFP_IO)");
		else if (!g->may_fs)
			ADD("filesystem work in reclaim (no __GFP_FS)");
		if (g->noretry)
			ADD("%smore than one round (__GFP_NORETRY)", len ? "; " : "");
		if (!g->oom_possible && !g->noretry)
			ADD("%sthe OOM killer (%s)", len ? "; " : "",
			    o > ML_PAGE_ALLOC_COSTLY_ORDER ? "costly order"
			    : g->retry_mayfail ? "__GFP_RETRY_MAYFAIL"
			    : g->thisnode ? "__GFP_THISNODE"
			    : g->highest_zone < ML_ZONE_NORMAL ? "zone below Normal"
			    : !g->may_fs ? "no __GFP_FS: it only pretends progress" : "not reached");
	}
	if (!g->wakes_kswapd)
		ADD("%swaking kswapd", len ? "; " : "");
	if (len == 0)
		ADD("nothing: reclaim, compaction (order > 0) and the OOM killer are all allowed");
#undef ADD
}

static void page_verdict(struct ml_context *c, const struct ml_explain_gfp *g, struct ml_page_analysis *pa)
{
	char b[ML_EXPLAIN_TEXT], sz[64];
	int o = pa->order;
	struct ml_explain_lines *l = &pa->slowpath;
	uint64_t block_bytes = c->ps << (o < 40 ? o : 40);

	if (o > c->max_order) {
		pa->verdict = ML_VERDICT_FAILS;
		pa->path = ML_PATH_NONE;
		ml_textf(pa->reason, sizeof(pa->reason),
			 "order %d is above MAX_PAGE_ORDER %d (the largest buddy block, %s): the page allocator WARNs once and returns NULL",
			 o, c->max_order, sizep(c->ps << c->max_order, sz, sizeof(sz)));
		return;
	}
	if (g->zone_invalid) {
		pa->verdict = ML_VERDICT_FAILS;
		ml_textf(pa->reason, sizeof(pa->reason),
			 "%s is an invalid zone combination (kernel-model §2.2): a bug, not a request the allocator can honour",
			 gfps(pa->gfp & ML_GFP_ZONEMASK, b, sizeof(b)));
		return;
	}
	if (!c->res->inputs.has_zones) {
		pa->verdict = ML_VERDICT_MAY_FAIL;
		ml_textf(pa->reason, sizeof(pa->reason),
			 "no zone data (a what-if without a snapshot): an order-%d block (%s) is within the limits; whether one is free is unknown",
			 o, sizep(block_bytes, sz, sizeof(sz)));
		return;
	}
	if (pa->nzones == 0) {
		pa->verdict = ML_VERDICT_FAILS;
		ml_textf(pa->reason, sizeof(pa->reason), "no zone up to %s with memory on node %d%s%s",
			 ml_zone_kind_name(pa->highest_zone), c->node, g->thisnode ? " (__GFP_THISNODE)" : " or any other node",
			 restricted(c) ? " that the nodemask and cpuset allow (§2.3)" : "");
		return;
	}
	if (pa->first_ok_fast >= 0) {
		const struct ml_zone_check *zc = &pa->zones[pa->first_ok_fast];
		pa->verdict = ML_VERDICT_SUCCEEDS_NOW;
		pa->path = ML_PATH_FAST;
		wmark_success(c, zc, &zc->fast, o, b, sizeof(b));
		ml_textf(pa->reason, sizeof(pa->reason), "the fast path takes it from %s", b);
		ml_explain_add_line(l, "§5.8", "not entered: the fast path succeeds in %s", zc->zone);
		return;
	}
	/* Slow path (§5.1): kswapd woken, retry at min with the reserve flags. */
	if (g->wakes_kswapd)
		ml_explain_add_line(l, "§5.1", "every zone fails at low: kswapd is woken on node %d (order %d, up to %s) and reclaims until a zone is above high",
				    c->node, o, ml_zone_kind_name(pa->highest_zone));
	else
		ml_explain_add_line(l, "§5.1", "every zone fails at low; no __GFP_KSWAPD_RECLAIM, so kswapd is not woken");
	char forbid[300];
	forbids_text(g, o, forbid, sizeof(forbid));
	ml_explain_add_line(l, "§5.2", "the mask rules out %s", forbid);
	if (pa->first_ok_slow >= 0) {
		const struct ml_zone_check *zc = &pa->zones[pa->first_ok_slow];
		pa->verdict = ML_VERDICT_SUCCEEDS_NOW;
		pa->path = ML_PATH_MIN_RESERVE;
		wmark_success(c, zc, &zc->slow, o, b, sizeof(b));
		ml_textf(pa->reason, sizeof(pa->reason), "below the low watermark everywhere, but the slow path's min check passes in %s; reserves: %s",
			 b, g->reserves);
		ml_explain_add_line(l, "§5.1", "the retry at min succeeds in %s", zc->zone);
		return;
	}
	if (g->no_watermarks) {
		for (size_t i = 0; i < pa->nzones; i++)
			if (pa->zones[i].slow.block_ok || (o == 0 && pa->zones[i].slow.free_pages > 0)) {
				pa->verdict = ML_VERDICT_SUCCEEDS_NOW;
				pa->path = ML_PATH_NO_WATERMARKS;
				ml_textf(pa->reason, sizeof(pa->reason),
					 "__GFP_MEMALLOC ignores the watermarks and %s still has a free block of order ≥ %d",
					 pa->zones[i].zone, o);
				return;
			}
	}
	const struct ml_zone_check *z0 = &pa->zones[0];
	wmark_failure(c, z0, &z0->slow, o, b, sizeof(b));
	ml_explain_add_line(l, "§4.4", "the retry at min fails too (first zone %s)", b);
	if (!g->may_sleep) {
		pa->verdict = ML_VERDICT_FAILS;
		ml_textf(pa->reason, sizeof(pa->reason),
			 "no zone passes even the min check (%s) and the mask cannot sleep: no direct reclaim or compaction (kernel-model §5.2)",
			 b);
		ml_explain_add_line(l, "§5.1", "cannot sleep (no __GFP_DIRECT_RECLAIM): fails here, \"page allocation failure: order:%d\" unless __GFP_NOWARN", o);
		return;
	}

	/* §5.4 direct reclaim. */
	uint64_t reclaimable = 0;
	for (size_t i = 0; i < pa->nzones; i++)
		reclaimable = ml_sat_add(reclaimable, pa->zones[i].reclaimable_pages);
	bool any_unreclaimable = false;
	for (size_t i = 0; i < c->sys->nzones; i++)
		any_unreclaimable |= c->sys->zones[i].node_unreclaimable == 1;
	ml_explain_add_line(l, "§5.4", "direct reclaim could free up to %" PRIu64 " pages (file LRU%s) in the allowed zones%s",
			    reclaimable, c->res->inputs.swap_available ? " and anon, swap is available" : "; no swap, so anon pages stay",
			    any_unreclaimable && reclaimable == 0
				    ? ": the dump marks the node all_unreclaimable (reclaim had scanned it many times over and freed nothing), so its LRU pages are not counted"
				    : "");
	for (size_t i = 0; i < pa->nzones; i++) {
		const struct ml_zone_check *zc = &pa->zones[i];
		if (!zc->reclaim_ok || (o > 0 && !zc->slow.block_ok))
			continue;
		pa->verdict = ML_VERDICT_AFTER_RECLAIM;
		pa->path = ML_PATH_RECLAIM;
		ml_textf(pa->reason, sizeof(pa->reason),
			 "direct reclaim can free %" PRIu64 " reclaimable pages in %s: %" PRIu64 " free + %" PRIu64 " − %" PRIu64 " unusable > min %" PRIu64 " + lowmem_reserve %" PRIu64 "%s",
			 zc->reclaimable_pages, zc->zone, zc->slow.free_pages, zc->reclaimable_pages,
			 zc->slow.unusable_pages, zc->slow.mark_reduced_pages, zc->slow.reserve_pages,
			 g->noretry ? " (one light round only, __GFP_NORETRY)" : "");
		return;
	}
	/* §5.5 compaction. */
	if (o > 0) {
		if (!g->may_compact) {
			ml_explain_add_line(l, "§5.5", "compaction is not allowed: the mask has no __GFP_IO");
		} else {
			for (size_t i = 0; i < pa->nzones; i++) {
				const struct ml_zone_check *zc = &pa->zones[i];
				char fi[16] = "n/a";
				if (zc->fragindex != INT32_MIN)
					ml_format_thousandths(zc->fragindex, fi, sizeof(fi));
				ml_explain_add_line(l, "§5.5",
						    "%s: compaction headroom %" PRIu64 " free > %" PRIu64 " (min + 2^%d%s) + %" PRIu64 "? %s%s; fragmentation index %s%s; %s",
						    zc->zone, zc->slow.free_pages, zc->compact_mark_pages, o + 1,
						    o > ML_PAGE_ALLOC_COSTLY_ORDER ? " + (low − min)" : "",
						    zc->slow.reserve_pages, zc->compact_headroom_ok ? "yes" : "no",
						    !zc->compact_headroom_ok && zc->compact_headroom_after_reclaim ? " (yes after reclaim)" : "",
						    fi, o > ML_PAGE_ALLOC_COSTLY_ORDER ? (zc->fragindex_ok ? " (suitable)" : " (≤ threshold: lack of memory, not fragmentation)") : " (not tested below costly orders)",
						    zc->movable_pageblocks_known ? "" : "movable pageblocks unknown");
			}
			for (size_t i = 0; i < pa->nzones; i++) {
				const struct ml_zone_check *zc = &pa->zones[i];
				if (!zc->compact_ok)
					continue;
				pa->verdict = ML_VERDICT_AFTER_COMPACTION;
				pa->path = zc->compact_headroom_ok ? ML_PATH_COMPACTION : ML_PATH_RECLAIM_COMPACTION;
				char fi[16] = "", pb[80];
				if (zc->fragindex != INT32_MIN)
					ml_format_thousandths(zc->fragindex, fi, sizeof(fi));
				movable_pageblocks_text(c, zc, pb, sizeof(pb));
				ml_textf(pa->reason, sizeof(pa->reason),
					 "no free order-%d block it may use, but %s can compact one%s: headroom %" PRIu64 " free > %" PRIu64 " + %" PRIu64 ", %s%s%s, %s%s",
					 o, zc->zone, zc->compact_headroom_ok ? "" : " after reclaim makes room",
					 zc->slow.free_pages, zc->compact_mark_pages, zc->slow.reserve_pages,
					 o > ML_PAGE_ALLOC_COSTLY_ORDER ? "fragmentation index " : "order ≤ 3 (no fragmentation test)",
					 o > ML_PAGE_ALLOC_COSTLY_ORDER ? fi : "",
					 o > ML_PAGE_ALLOC_COSTLY_ORDER ? " > threshold" : "", pb,
					 o > ML_PAGE_ALLOC_COSTLY_ORDER || g->noretry ? "; one round only, so not guaranteed" : "");
				return;
			}
		}
	}
	/* §5.8 step 8. */
	const char *cause = reason_prefix_failcause(pa);
	bool lacks_blocks = strcmp(cause, "blocks") == 0;
	if (g->nofail) {
		pa->verdict = ML_VERDICT_AFTER_RECLAIM;
		pa->path = ML_PATH_STALL;
		ml_textf(pa->reason, sizeof(pa->reason),
			 "__GFP_NOFAIL never returns NULL: with too little free and reclaimable memory it loops through reclaim and the OOM killer until pages are freed");
		return;
	}
	if (!g->noretry && o <= ML_PAGE_ALLOC_COSTLY_ORDER && g->oom_possible) {
		pa->verdict = ML_VERDICT_MAY_FAIL;
		pa->path = ML_PATH_OOM_KILL;
		ml_textf(pa->reason, sizeof(pa->reason),
			 "%s, but order %d is too small to fail: the kernel OOM-kills a process and retries, and returns NULL only if the caller itself is the victim",
			 lacks_blocks ? "no zone has or can compact a free block of this order"
				      : "free plus reclaimable memory is below the min watermark in every zone",
			 o);
		ml_explain_add_line(l, "§5.6", "the OOM killer is invoked (order ≤ 3, __GFP_FS, highest zone ≥ Normal)");
		return;
	}
	if (!g->noretry && o <= ML_PAGE_ALLOC_COSTLY_ORDER && !g->may_fs && !g->retry_mayfail &&
	    !g->thisnode && g->highest_zone >= ML_ZONE_NORMAL) {
		pa->verdict = ML_VERDICT_MAY_FAIL;
		pa->path = ML_PATH_STALL;
		ml_textf(pa->reason, sizeof(pa->reason),
			 "%s; without __GFP_FS the OOM killer only pretends progress, so the caller loops in reclaim and may stall indefinitely",
			 lacks_blocks ? "no free block of this order can be found or compacted"
				      : "free plus reclaimable memory is below the min watermark in every zone");
		return;
	}
	pa->verdict = ML_VERDICT_FAILS;
	const char *why;
	if (g->noretry)
		why = "__GFP_NORETRY gives up after one light round";
	else if (o > ML_PAGE_ALLOC_COSTLY_ORDER && !g->retry_mayfail)
		why = "the order is costly (> 3): one round of reclaim and compaction, never the OOM killer";
	else if (g->retry_mayfail)
		why = "__GFP_RETRY_MAYFAIL retries while reclaim makes progress, then fails without the OOM killer";
	else if (g->highest_zone < ML_ZONE_NORMAL)
		why = "the OOM killer is never used for requests limited to zones below Normal";
	else if (g->thisnode)
		why = "__GFP_THISNODE requests never invoke the OOM killer";
	else
		why = "reclaim and compaction cannot provide it";
	ml_textf(pa->reason, sizeof(pa->reason), "%s (%s), and %s",
		 lacks_blocks ? "no zone has, or can compact, a free block of this order" : "free plus reclaimable memory is below the min watermark in every allowed zone",
		 b, why);
}

int ml_explain_page_request(struct ml_context *c, int order, ml_gfp_t gfp, struct ml_page_analysis *pa)
{
	struct ml_explain_gfp g;
	memset(&g, 0, sizeof(g));
	decode_gfp(c, gfp, order, &g);
	memset(pa, 0, sizeof(*pa));
	pa->present = true;
	pa->order = order;
	pa->gfp = gfp;
	pa->migratetype = g.migratetype;
	pa->highest_zone = g.highest_zone;
	pa->highest_zoneidx = g.highest_zoneidx;
	pa->first_ok_fast = pa->first_ok_slow = -1;

	size_t idx[ML_MAX_ZONES * 8];
	bool fast_ok[ML_MAX_ZONES * 8];
	pa->slow_flags = ml_alloc_flags_slow(gfp, order, c->kver);
	size_t n = allowed_zones(c, &g, pa->slow_flags, idx, fast_ok, sizeof(idx) / sizeof(idx[0]));
	/* ALLOC_NOFRAGMENT (§3.4): preferred zone Normal with a populated
	 * DMA32 on a single-node machine.  It changes where, not whether. */
	bool nofrag = false;
	if (n > 0 && c->sys->zones[idx[0]].kind == ML_ZONE_NORMAL && c->sys->nnodes <= 1)
		for (size_t i = 0; i < n; i++)
			nofrag |= c->sys->zones[idx[i]].kind == ML_ZONE_DMA32;
	pa->fast_flags = ml_alloc_flags_fast(gfp, nofrag);
	if (order <= c->max_order && !g.zone_invalid && n > 0) {
		pa->zones = calloc(n, sizeof(*pa->zones));
		pa->unjudged = calloc(n, sizeof(*pa->unjudged));
		if (!pa->zones || !pa->unjudged)
			return ML_ENOMEM;
		for (size_t i = 0; i < n; i++) {
			const struct ml_zone *z = &c->sys->zones[idx[i]];
			if (unjudged_zone(c, z, order, g.migratetype, g.highest_zoneidx, pa->slow_flags,
					  &pa->unjudged[pa->nunjudged])) {
				unjudged_line(c, &pa->unjudged[pa->nunjudged++], order, &pa->slowpath);
				continue;
			}
			struct ml_zone_check *zc = &pa->zones[pa->nzones];
			check_zone(c, z, order, g.migratetype, g.highest_zoneidx, pa->fast_flags, pa->slow_flags,
				   g.may_sleep, g.may_compact, zc);
			if (!fast_ok[i])
				fast_path_excluded(zc);
			if (pa->first_ok_fast < 0 && zc->fast.ok)
				pa->first_ok_fast = (int)pa->nzones;
			if (pa->first_ok_slow < 0 && zc->slow.ok)
				pa->first_ok_slow = (int)pa->nzones;
			pa->nzones++;
		}
	}
	page_verdict(c, &g, pa);
	if (pa->nzones == 0 && pa->nunjudged > 0 && pa->verdict == ML_VERDICT_FAILS && order <= c->max_order &&
	    !g.zone_invalid) {
		/* Nothing could be checked: the free lists alone may still rule
		 * out every zone. */
		ml_textf(pa->reason, sizeof(pa->reason),
			 "no zone it may use has a free block of order ≥ %d it may take (their watermarks are not in %s)",
			 order, ml_explain_source_name(c));
		for (size_t i = 0; i < pa->nunjudged; i++)
			if (pa->unjudged[i].may_pass)
				pa->reason[0] = '\0';
	}
	unjudged_verdict(c, order, pa->unjudged, pa->nunjudged, &pa->verdict, pa->reason, sizeof(pa->reason));
	return ML_OK;
}

/* ---- order-0 pages in bulk (§8.1) -------------------------------------- */

int ml_explain_bulk(struct ml_context *c, uint64_t pages, ml_gfp_t gfp, struct ml_bulk_analysis *ba)
{
	struct ml_explain_gfp g;
	char sz[64];
	memset(&g, 0, sizeof(g));
	decode_gfp(c, gfp, 0, &g);
	memset(ba, 0, sizeof(*ba));
	ba->present = true;
	ba->pages_needed = pages;
	ba->gfp = gfp;
	ba->highest_zone = g.highest_zone;
	ml_textf(ba->zonelist, sizeof(ba->zonelist), "%s", g.zonelist);
	if (!c->res->inputs.has_zones) {
		ba->verdict = ML_VERDICT_MAY_FAIL;
		ml_textf(ba->reason, sizeof(ba->reason),
			 "no zone data (a what-if without a snapshot): %" PRIu64 " order-0 pages are needed, whether they are free is unknown",
			 pages);
		return ML_OK;
	}
	size_t idx[ML_MAX_ZONES * 8];
	bool fast_ok[ML_MAX_ZONES * 8];
	unsigned fast = ml_alloc_flags_fast(gfp, false), slow = ml_alloc_flags_slow(gfp, 0, c->kver);
	size_t n = allowed_zones(c, &g, slow, idx, fast_ok, sizeof(idx) / sizeof(idx[0]));
	ba->zones = n ? calloc(n, sizeof(*ba->zones)) : NULL;
	ba->unjudged = n ? calloc(n, sizeof(*ba->unjudged)) : NULL;
	if (n && (!ba->zones || !ba->unjudged))
		return ML_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct ml_zone *z = &c->sys->zones[idx[i]];
		if (unjudged_zone(c, z, 0, g.migratetype, g.highest_zoneidx, slow, &ba->unjudged[ba->nunjudged])) {
			ba->nunjudged++;
			continue;
		}
		struct ml_zone_check *zc = &ba->zones[ba->nzones++];
		check_zone(c, z, 0, g.migratetype, g.highest_zoneidx, fast, slow, g.may_sleep, false, zc);
		if (!fast_ok[i])
			fast_path_excluded(zc);
		ba->pages_fast = ml_sat_add(ba->pages_fast, zc->pages_fast);
		ba->pages_min = ml_sat_add(ba->pages_min, zc->pages_min);
		ba->pages_reclaim = ml_sat_add(ba->pages_reclaim, zc->pages_reclaim);
	}
	if (pages <= ba->pages_fast) {
		ba->verdict = ML_VERDICT_SUCCEEDS_NOW;
		ba->path = ML_PATH_FAST;
		ml_textf(ba->reason, sizeof(ba->reason),
			 "%" PRIu64 " order-0 pages (%s) are needed and %" PRIu64 " can be taken above the low watermarks of %s; fragmentation does not matter",
			 pages, sizep(pages * c->ps, sz, sizeof(sz)), ba->pages_fast, g.zonelist);
	} else if (pages <= ba->pages_min) {
		ba->verdict = ML_VERDICT_SUCCEEDS_NOW;
		ba->path = ML_PATH_MIN_RESERVE;
		ml_textf(ba->reason, sizeof(ba->reason),
			 "%" PRIu64 " order-0 pages are needed: %" PRIu64 " above the low watermarks, %" PRIu64 " down to min once kswapd is woken",
			 pages, ba->pages_fast, ba->pages_min);
	} else if (g.may_sleep && pages <= ba->pages_reclaim) {
		ba->verdict = ML_VERDICT_AFTER_RECLAIM;
		ba->path = ML_PATH_RECLAIM;
		ml_textf(ba->reason, sizeof(ba->reason),
			 "%" PRIu64 " order-0 pages are needed but only %" PRIu64 " are free down to min; direct reclaim of page cache%s brings it to %" PRIu64,
			 pages, ba->pages_min, c->res->inputs.swap_available ? " and anon (swap)" : "", ba->pages_reclaim);
	} else if (g.may_sleep && ml_oom_killer_possible(gfp, 0, g.highest_zone)) {
		ba->verdict = ML_VERDICT_MAY_FAIL;
		ba->path = ML_PATH_OOM_KILL;
		ml_textf(ba->reason, sizeof(ba->reason),
			 "%" PRIu64 " order-0 pages are needed, more than the %" PRIu64 " free and reclaimable: each page goes through the full slow path, so the OOM killer runs, and the caller gets NULL if it is the one killed",
			 pages, ba->pages_reclaim);
	} else {
		ba->verdict = ML_VERDICT_FAILS;
		ml_textf(ba->reason, sizeof(ba->reason),
			 "%" PRIu64 " order-0 pages are needed, more than the %" PRIu64 " %s",
			 pages, g.may_sleep ? ba->pages_reclaim : ba->pages_min,
			 g.may_sleep ? "free and reclaimable, and the OOM killer is not allowed" : "free down to min, and the mask cannot sleep");
	}
	unjudged_verdict(c, 0, ba->unjudged, ba->nunjudged, &ba->verdict, ba->reason, sizeof(ba->reason));
	return ML_OK;
}

/* ---- the whole request -------------------------------------------------- */

void ml_explain_result_free(struct ml_explain_result *res)
{
	if (!res)
		return;
	free(res->page.zones);
	free(res->bulk.zones);
	free(res->page.unjudged);
	free(res->bulk.unjudged);
	res->page.zones = NULL;
	res->bulk.zones = NULL;
	res->page.unjudged = res->bulk.unjudged = NULL;
	res->page.nunjudged = res->bulk.nunjudged = 0;
	res->page.nzones = res->bulk.nzones = 0;
}

int ml_explain(const struct ml_system *sys, const struct ml_explain_request *req,
	       struct ml_explain_result *res, struct ml_error *err)
{
	memset(res, 0, sizeof(*res));
	if (!sys || !req)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "nothing to explain");
	struct ml_context c = { .sys = sys, .req = req, .res = res };
	int rc = fill_inputs(&c, err);
	if (rc != ML_OK)
		return rc;
	if (req->api >= ML_API_COUNT)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "unknown API");
	if (req->order >= 0) {
		if (req->api != ML_API_PAGES && req->api != ML_API_GET_FREE_PAGES)
			return ml_error_set(err, ML_EUSAGE, NULL, 0,
					    "an order is for the page APIs (pages, get-free-pages); give %s a size",
					    ml_alloc_api_name(req->api));
		if (req->size_bytes)
			return ml_error_set(err, ML_EUSAGE, NULL, 0, "give a size or an order, not both");
		if (req->order > c.max_order)
			return ml_error_set(err, ML_EUSAGE, NULL, 0,
					    "order %d is above this machine's MAX_PAGE_ORDER %d (the largest buddy block is %" PRIu64 " bytes)",
					    req->order, c.max_order, c.ps << c.max_order);
	} else if (req->size_bytes == 0) {
		return ml_error_set(err, ML_EUSAGE, NULL, 0,
				    "a size of 0 allocates nothing (kmalloc returns ZERO_SIZE_PTR, vmalloc WARNs and returns NULL)");
	}
	if (req->elements > 1 && req->api != ML_API_KCALLOC)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "an element count is for kcalloc only");
	if (req->dma_mask_bits < 0 || req->dma_mask_bits > 64)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "a DMA mask is 1 to 64 bits, not %d", req->dma_mask_bits);

	rc = ml_explain_api_step(&c);
	if (rc == ML_OK)
		rc = ml_explain_finish(&c);
	if (rc != ML_OK) {
		ml_explain_result_free(res);
		return ml_error_set(err, rc, NULL, 0, "out of memory");
	}
	return ML_OK;
}

void ml_explain_decode_gfp(struct ml_context *c, ml_gfp_t gfp, int order)
{
	struct ml_explain_gfp *g = &c->res->gfp;
	memset(g, 0, sizeof(*g));
	/* The API step already read the caller's mask for this kernel version;
	 * say so again here, where the mask is explained. */
	(void)version_adjust(c, c->req->gfp, &g->lines);
	decode_gfp(c, version_adjust(c, gfp, NULL), order, g);
}

ml_gfp_t ml_explain_version_adjust(struct ml_context *c, ml_gfp_t gfp)
{
	return version_adjust(c, gfp, NULL);
}
