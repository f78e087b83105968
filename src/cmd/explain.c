/* memlayout explain: would an allocation of this size and GFP mask succeed
 * here, and why — step by step with the numbers (kernel-model §5.8).  The
 * analysis is src/analyse/explain.c; this file parses options, builds the
 * model (or a what-if machine), and lays the result out as text or JSON. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyse/explain.h"
#include "../cli.h"
#include "../render/format.h"
#include "../render/json.h"
#include "../util/text.h"

enum {
	OPT_SIZE = ML_OPT_FIRST_COMMAND_OPTION,
	OPT_ORDER,
	OPT_GFP,
	OPT_API,
	OPT_NODE,
	OPT_NODEMASK,
	OPT_COUNT,
	OPT_ELEMENTS,
	OPT_KERNEL,
	OPT_ARCH,
	OPT_PAGE_SIZE,
	OPT_DMA_MASK,
	OPT_IOMMU,
};

static void help(FILE *f)
{
	fputs("Usage: memlayout explain --size SIZE [--gfp FLAGS] [--api API] [OPTIONS]\n"
	      "       memlayout explain --order N --api pages [--gfp FLAGS] [OPTIONS]\n\n"
	      "Explains, from this machine's zones, watermarks and free lists, whether an\n"
	      "allocation of SIZE bytes with the GFP mask FLAGS would succeed, and why:\n"
	      "1. the API's limits and rounding, 2. the mask decoded for this machine,\n"
	      "3. the watermark check of every zone in fallback order, 4. what the slow\n"
	      "path (kswapd, reclaim, compaction, the OOM killer) could do, 5. the verdict,\n"
	      "6. what would work instead, 7. with --count, how many fit right now.\n\n"
	      "Options:\n"
	      "  -s, --size SIZE      bytes, or with a K, M, G, T suffix (binary: 4K = 4096)\n"
	      "      --order N        2^N pages instead of a size (APIs pages, get-free-pages)\n"
	      "  -g, --gfp FLAGS      names joined with | or , (GFP_KERNEL|__GFP_NORETRY,\n"
	      "                       GFP_ATOMIC, GFP_DMA32, __GFP_HIGHMEM; the __ may be left\n"
	      "                       out of single flags), or a kernel's hex mask (0xcc0) with\n"
	      "                       --kernel; default GFP_KERNEL\n"
	      "  -a, --api API        kmalloc (default), kzalloc, kcalloc, kvmalloc, vmalloc,\n"
	      "                       pages (alloc_pages), get-free-pages (__get_free_pages),\n"
	      "                       dma-coherent (dma_alloc_coherent)\n"
	      "      --elements N     kcalloc's element count (SIZE is one element)\n"
	      "      --node N         preferred NUMA node (default: the first with memory)\n"
	      "      --nodemask LIST  nodes the allocation may use, as the kernel prints them\n"
	      "                       (0-1,3): a mempolicy or an explicit nodemask; the zones\n"
	      "                       of other nodes are skipped (default: every node)\n"
	      "  -c, --count N        also count how many such allocations the free lists can\n"
	      "                       satisfy now, zone by zone, without reclaim or compaction\n"
	      "      --kernel VERSION the kernel whose rules apply (6.18, 6.1, 5.15.0-91...);\n"
	      "                       default: the snapshot's or the running kernel\n"
	      "      --arch ARCH      what-if without a snapshot: x86_64, i686, aarch64\n"
	      "      --page-size SIZE what-if page size (aarch64: 4K, 16K, 64K)\n"
	      "      --dma-mask BITS  dma-coherent: the device's coherent DMA mask (default 64)\n"
	      "      --iommu          dma-coherent: the device sits behind a translating IOMMU\n\n",
	      f);
	ml_cli_help_common(f);
	fputs("\nWith --arch or --page-size and no --sysroot the live system is not read: only\n"
	      "the API's limits and the mask are judged (a what-if question).\n\n"
	      "Exit status (the verdict):\n"
	      "   0  succeeds-now               free lists and watermarks allow it at once\n"
	      "  10  succeeds-after-reclaim     direct reclaim must free pages first\n"
	      "  11  succeeds-after-compaction  compaction (or CMA migration) must make a block\n"
	      "  12  may-fail                   only after the OOM killer, a stall, or unknown\n"
	      "  13  fails                      a limit, a rule, or too little memory\n"
	      "   1  runtime failure (a file could not be read), 2 bad usage or bad input\n\n"
	      "Examples:\n"
	      "  memlayout explain --size 100\n"
	      "  memlayout explain --size 4M --gfp GFP_KERNEL\n"
	      "  memlayout explain --api pages --order 3 --gfp GFP_ATOMIC --count 100\n"
	      "  memlayout explain --api vmalloc --size 100M\n"
	      "  memlayout explain --api dma-coherent --size 100M --dma-mask 32\n"
	      "  memlayout explain --api pages --order 2 --nodemask 1\n"
	      "  memlayout explain --size 64K --gfp 0x40cc0 --kernel 6.1\n",
	      f);
}

/* Whole decimal number for an option. */
static int parse_uint(const char *opt, const char *text, uint64_t max, uint64_t *out, struct ml_error *err)
{
	struct ml_line t = { text, strlen(text) };
	uint64_t v;
	if (!ml_tok_u64(t, &v))
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "%s takes a whole number, not '%s'", opt, text);
	if (v > max)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "%s %s is too large (at most %" PRIu64 ")", opt, text, max);
	*out = v;
	return ML_OK;
}

static bool same_arch(const char *a, const char *b)
{
	static const char *const groups[][6] = {
		{ "x86_64", "amd64", NULL },
		{ "i386", "i486", "i586", "i686", "x86", NULL },
		{ "aarch64", "arm64", NULL },
	};
	if (strcmp(a, b) == 0)
		return true;
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		bool ina = false, inb = false;
		for (size_t i = 0; groups[g][i]; i++) {
			ina |= strcmp(a, groups[g][i]) == 0;
			inb |= strcmp(b, groups[g][i]) == 0;
		}
		if (ina && inb)
			return true;
	}
	return false;
}

/* The what-if machine: page size, arch and kernel, no zones. */
static int what_if_system(struct ml_system *sys, const char *arch, uint64_t page_size, const char *kernel,
			  struct ml_error *err)
{
	memset(sys, 0, sizeof(*sys));
	const char *canon = same_arch(arch, "x86_64") ? "x86_64"
			    : same_arch(arch, "i686") ? "i686"
			    : same_arch(arch, "aarch64") ? "aarch64" : NULL;
	if (!canon)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "--arch %s: memlayout models x86_64, i686 and aarch64", arch);
	if (page_size == 0)
		page_size = 4096;
	if (strcmp(canon, "aarch64") == 0 ? (page_size != 4096 && page_size != 16384 && page_size != 65536)
					  : page_size != 4096)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "--page-size %" PRIu64 " is not a page size of %s (%s)",
				    page_size, canon, strcmp(canon, "aarch64") == 0 ? "4K, 16K or 64K" : "4K");
	snprintf(sys->info.arch, sizeof(sys->info.arch), "%s", canon);
	snprintf(sys->info.release, sizeof(sys->info.release), "%s", kernel ? kernel : "");
	snprintf(sys->source, sizeof(sys->source), "what-if");
	sys->origin = ML_ORIGIN_WHAT_IF;
	sys->info.page_size = page_size;
	sys->page_size = page_size;
	sys->pageblock_order = -1;
	sys->kptr_restrict = -1;
	return ml_kmalloc_build(&sys->kmalloc, NULL, page_size, canon, -1, err);
}

/* --gfp: names, or a hex mask for a known kernel (§1.1, §1.5). */
static int parse_gfp(const char *text, const char *kernel, ml_gfp_t *gfp, uint64_t *unknown, struct ml_error *err)
{
	uint64_t hex = 0;
	int rc = ml_gfp_parse(text, gfp, &hex, err);
	if (rc != ML_OK)
		return rc;
	*unknown = 0;
	if (hex) {
		if (!kernel || !kernel[0])
			return ml_error_set(err, ML_EUSAGE, NULL, 0,
					    "the hex mask 0x%" PRIx64 " needs --kernel VERSION: GFP bit layouts differ between kernels (kernel-model §1.1)",
					    hex);
		ml_gfp_t from_hex;
		rc = ml_gfp_from_hex(hex, kernel, &from_hex, unknown, err);
		if (rc != ML_OK)
			return rc;
		*gfp |= from_hex;
	}
	return ML_OK;
}

/* ---- text -------------------------------------------------------------- */

static void print_lines(FILE *f, const struct ml_explain_lines *l, const char *indent)
{
	for (size_t i = 0; i < l->n; i++)
		fprintf(f, "%s%-6s %s\n", indent, l->v[i].ref, l->v[i].text);
	if (l->truncated)
		fprintf(f, "%s       (more lines left out)\n", indent);
}

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

static void print_wmark(FILE *f, const char *label, const struct ml_wmark_check *w, int order)
{
	uint64_t fu = w->free_pages > w->unusable_pages ? w->free_pages - w->unusable_pages : 0;
	bool neg = w->unusable_pages >= w->free_pages;
	fprintf(f, "    %-5s %" PRIu64 " free − %" PRIu64 " unusable", label, w->free_pages, w->unusable_pages);
	if (w->unusable_highatomic || w->unusable_cma) {
		fprintf(f, " (%" PRIu64 " for the order", w->unusable_order);
		if (w->unusable_highatomic)
			fprintf(f, ", %" PRIu64 " HighAtomic", w->unusable_highatomic);
		if (w->unusable_cma)
			fprintf(f, ", %" PRIu64 " CMA", w->unusable_cma);
		fputc(')', f);
	}
	fprintf(f, " = %s%" PRIu64 " %s %s %" PRIu64, neg ? "≤ 0, " : "", fu, w->order0_ok ? ">" : "≤",
		w->wmark == 1 ? "low" : "min", w->mark_pages);
	if (w->mark_reduced_pages != w->mark_pages)
		fprintf(f, " → %" PRIu64 "%s", w->mark_reduced_pages, w->unboosted_retry ? " (unboosted, §4.5)" : " (§4.3)");
	fprintf(f, " + reserve %" PRIu64 " = %" PRIu64, w->reserve_pages, w->mark_reduced_pages + w->reserve_pages);
	if (!w->order0_ok && w->reserve_pages && fu > w->mark_reduced_pages)
		fprintf(f, " (the lowmem reserve refuses it)");
	if (order > 0) {
		if (!w->block_ok)
			fprintf(f, "; no free block of order ≥ %d it may use", order);
		else if (w->order0_ok)
			fprintf(f, "; from %s%s", w->block_source, w->block_certain ? "" : " (uncertain)");
		else
			fprintf(f, "; an order-%d block is free", w->block_order);
	}
	fprintf(f, ": %s\n", w->ok ? "OK" : "fails");
}

/* How far the kernel goes decides how much is shown: the fast path for
 * every zone; the min retry once the fast path failed; reclaim and
 * compaction once the min retry failed too. */
static void print_zones(FILE *f, const struct ml_page_analysis *pa, bool count)
{
	int stage = pa->first_ok_fast >= 0 ? 0 : pa->first_ok_slow >= 0 ? 1 : 2;
	for (size_t i = 0; i < pa->nzones; i++) {
		const struct ml_zone_check *zc = &pa->zones[i];
		const char *mark = "";
		if (stage == 0 && (int)i == pa->first_ok_fast)
			mark = "  ← taken here";
		else if (stage == 1 && (int)i == pa->first_ok_slow)
			mark = "  ← taken here, below low";
		fprintf(f, "  %s (node %d, zone index %d, %" PRIu64 " pages managed)%s%s\n", zc->zone, zc->node,
			zc->zone_index, zc->managed_pages, zc->slow_path_only ? " outside the cpuset: slow path only" : "",
			mark);
		print_wmark(f, "low", &zc->fast, pa->order);
		if (stage >= 1)
			print_wmark(f, "min", &zc->slow, pa->order);
		if (stage >= 2 && zc->reclaim_known)
			fprintf(f, "    reclaim %" PRIu64 " reclaimable pages%s\n", zc->reclaimable_pages,
				zc->reclaim_ok ? ": free + reclaimable passes min" : "");
		if (stage >= 2 && zc->compact_evaluated) {
			char fi[16] = "n/a";
			if (zc->fragindex != INT32_MIN)
				ml_format_thousandths(zc->fragindex, fi, sizeof(fi));
			fprintf(f, "    compact needs free > %" PRIu64 " + reserve %" PRIu64 ": %s; fragmentation index %s; ",
				zc->compact_mark_pages, zc->slow.reserve_pages,
				zc->compact_headroom_ok ? "yes" : zc->compact_headroom_after_reclaim ? "after reclaim" : "no", fi);
			if (zc->movable_pageblocks_known)
				fprintf(f, "%" PRIu64 " Movable pageblocks", zc->movable_pageblocks);
			else
				fprintf(f, "Movable pageblocks unknown");
			fprintf(f, ": %s\n", zc->compact_ok ? "could help" : "cannot help");
		}
		if (count)
			fprintf(f, "    count %" PRIu64 " order-%d chunks on the usable lists; the low check allows %" PRIu64 ", min %" PRIu64 ": %" PRIu64 " now\n",
				zc->count_blocks, pa->order, zc->count_wmark_fast, zc->count_wmark_slow, zc->count_now);
	}
}

static void print_text(FILE *f, const struct ml_system *sys, const struct ml_explain_request *req,
		       const struct ml_explain_result *r, const char *gfp_text)
{
	const struct ml_explain_inputs *in = &r->inputs;
	const struct ml_explain_api *api = &r->api;
	const struct ml_explain_gfp *g = &r->gfp;
	char a[64], b[256];
	/* The call as the kernel spells it. */
	if (req->api == ML_API_PAGES || req->api == ML_API_GET_FREE_PAGES) {
		const char *fn = req->api == ML_API_PAGES ? "alloc_pages" : "__get_free_pages";
		if (req->order >= 0)
			fprintf(f, "%s(%s, %d)", fn, gfp_text, req->order);
		else
			fprintf(f, "%s(%s, get_order(%" PRIu64 "))", fn, gfp_text, req->size_bytes);
	} else if (req->api == ML_API_KCALLOC) {
		fprintf(f, "kcalloc(%" PRIu64 ", %" PRIu64 ", %s)", api->elements, req->size_bytes, gfp_text);
	} else if (req->api == ML_API_DMA_COHERENT) {
		fprintf(f, "dma_alloc_coherent(dev, %" PRIu64 ", &handle, %s)", req->size_bytes, gfp_text);
	} else if (req->api == ML_API_VMALLOC) {
		fprintf(f, "__vmalloc(%" PRIu64 ", %s)", req->size_bytes, gfp_text);
	} else {
		fprintf(f, "%s(%" PRIu64 ", %s)", ml_alloc_api_name(req->api), req->size_bytes, gfp_text);
	}
	ml_format_bytes(in->page_size, false, a, sizeof(a));
	fprintf(f, " on %s: %s, Linux %s%s, %s pages, MAX_PAGE_ORDER %d%s, pageblock order %d%s\n",
		sys->source, in->arch[0] ? in->arch : "unknown arch", in->kernel[0] ? in->kernel : "?",
		in->kernel_assumed ? " (6.18 rules assumed)" : "", a, in->max_order, in->max_order_assumed ? " (default)" : "",
		in->pageblock_order, in->pageblock_order_assumed ? " (default)" : "");

	fprintf(f, "\n1. API: %s\n", ml_alloc_api_name(api->api));
	print_lines(f, &api->lines, "   ");

	ml_gfp_format(g->gfp, b, sizeof(b));
	fprintf(f, "\n2. GFP: %s (caller) → %s (what the page allocator sees)\n", gfp_text, b);
	fprintf(f, "   highest zone  %s (index %d)%s\n", ml_zone_kind_name(g->highest_zone), g->highest_zoneidx,
		g->zone_invalid ? " — invalid combination" : "");
	fprintf(f, "   fallback      %s\n", g->zonelist);
	fprintf(f, "   migrate type  %s\n", g->migratetype == 0 ? "Unmovable" : g->migratetype == 1 ? "Movable"
				      : g->migratetype == 2 ? "Reclaimable" : "HighAtomic (invalid)");
	fprintf(f, "   may sleep %s, direct reclaim %s, wakes kswapd %s, compaction %s, I/O %s, FS %s, OOM killer %s\n",
		yes_no(g->may_sleep), yes_no(g->direct_reclaim), yes_no(g->wakes_kswapd), yes_no(g->may_compact), yes_no(g->may_io),
		yes_no(g->may_fs), yes_no(g->oom_possible));
	fprintf(f, "   reserves      %s\n", g->reserves);
	fprintf(f, "   retries       %s\n", g->retries);
	print_lines(f, &g->lines, "   ");

	fprintf(f, "\n3. Zones");
	const struct ml_page_analysis *pa = &r->page;
	if (pa->present && pa->nzones) {
		char ff[200], sf[200];
		ml_alloc_flags_format(pa->fast_flags, ff, sizeof(ff));
		ml_alloc_flags_format(pa->slow_flags, sf, sizeof(sf));
		fprintf(f, " for order %d, in fallback order (pages; fast path %s, slow path %s)\n", pa->order, ff, sf);
		print_zones(f, pa, req->count > 0);
	} else if (r->bulk.present && r->bulk.nzones) {
		fprintf(f, " for %" PRIu64 " order-0 pages, in fallback order (pages)\n", r->bulk.pages_needed);
		for (size_t i = 0; i < r->bulk.nzones; i++) {
			const struct ml_zone_check *zc = &r->bulk.zones[i];
			fprintf(f, "  %-8s %" PRIu64 " free: %" PRIu64 " above low + reserve, %" PRIu64 " down to min, %" PRIu64 " with reclaim\n",
				zc->zone, zc->fast.free_pages, zc->pages_fast, zc->pages_min, zc->pages_reclaim);
		}
	} else {
		fprintf(f, ": not checked (%s)\n", in->has_zones ? "a limit or a rule decides first" : "no zone data");
	}
	if (pa->present && r->bulk.present && r->bulk.nzones) {
		fprintf(f, "  then %" PRIu64 " order-0 pages for vmalloc:\n", r->bulk.pages_needed);
		for (size_t i = 0; i < r->bulk.nzones; i++) {
			const struct ml_zone_check *zc = &r->bulk.zones[i];
			fprintf(f, "  %-8s %" PRIu64 " free: %" PRIu64 " above low + reserve, %" PRIu64 " down to min, %" PRIu64 " with reclaim\n",
				zc->zone, zc->fast.free_pages, zc->pages_fast, zc->pages_min, zc->pages_reclaim);
		}
	}

	fprintf(f, "\n4. Slow path\n");
	if (pa->slowpath.n)
		print_lines(f, &pa->slowpath, "   ");
	else if (r->bulk.present)
		fprintf(f, "   order-0 pages one by one: %s\n", r->bulk.reason);
	else
		fprintf(f, "   not reached\n");

	fprintf(f, "\n5. Verdict: %s\n", r->reason);

	fprintf(f, "\n6. Advice\n");
	if (!r->nadvice)
		fprintf(f, "   none: the request works as asked and wastes little\n");
	for (size_t i = 0; i < r->nadvice; i++)
		fprintf(f, "   - %s\n     why: %s (kernel-model %s)\n", r->advice[i].what, r->advice[i].why, r->advice[i].ref);

	if (r->count_requested)
		fprintf(f, "\n7. Count: %s\n", r->count_text);

	if (r->notes.n) {
		fprintf(f, "\nNotes\n");
		print_lines(f, &r->notes, "   ");
	}
}

/* ---- JSON -------------------------------------------------------------- */

static cJSON *json_lines(const struct ml_explain_lines *l)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < l->n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "ref", l->v[i].ref);
		cJSON_AddStringToObject(o, "text", l->v[i].text);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static void json_gfp(cJSON *obj, const char *key, ml_gfp_t gfp)
{
	char b[256];
	ml_gfp_format(gfp, b, sizeof(b));
	cJSON_AddStringToObject(obj, key, b);
}

static cJSON *json_wmark(const struct ml_wmark_check *w)
{
	cJSON *o = cJSON_CreateObject();
	char fl[200];
	cJSON_AddStringToObject(o, "watermark", w->wmark == 1 ? "low" : w->wmark == 0 ? "min" : "high");
	ml_alloc_flags_format(w->alloc_flags, fl, sizeof(fl));
	cJSON_AddStringToObject(o, "alloc_flags", fl);
	ml_json_add_u64(o, "free_pages", w->free_pages);
	ml_json_add_u64(o, "unusable_pages", w->unusable_pages);
	ml_json_add_u64(o, "unusable_order_pages", w->unusable_order);
	ml_json_add_u64(o, "unusable_highatomic_pages", w->unusable_highatomic);
	ml_json_add_u64(o, "unusable_cma_pages", w->unusable_cma);
	ml_json_add_u64(o, "mark_pages", w->mark_pages);
	ml_json_add_u64(o, "mark_reduced_pages", w->mark_reduced_pages);
	ml_json_add_u64(o, "lowmem_reserve_pages", w->reserve_pages);
	cJSON_AddBoolToObject(o, "order0_ok", w->order0_ok);
	cJSON_AddBoolToObject(o, "unboosted_retry", w->unboosted_retry);
	if (w->block_checked) {
		cJSON_AddBoolToObject(o, "block_ok", w->block_ok);
		ml_json_add_i64(o, "block_order", w->block_order);
		cJSON_AddStringToObject(o, "block_type", w->block_type);
		cJSON_AddBoolToObject(o, "block_certain", w->block_certain);
		cJSON_AddStringToObject(o, "block_source", w->block_source);
	}
	cJSON_AddBoolToObject(o, "ok", w->ok);
	return o;
}

static cJSON *json_zones(const struct ml_zone_check *zones, size_t n, uint64_t ps)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		const struct ml_zone_check *zc = &zones[i];
		cJSON *o = cJSON_CreateObject();
		ml_json_add_i64(o, "node", zc->node);
		cJSON_AddStringToObject(o, "zone", zc->zone);
		ml_json_add_i64(o, "zone_index", zc->zone_index);
		cJSON_AddBoolToObject(o, "slow_path_only", zc->slow_path_only);
		ml_json_add_u64(o, "managed_pages", zc->managed_pages);
		ml_json_add_u64(o, "pcp_pages", zc->pcp_pages);
		cJSON_AddItemToObject(o, "fast", json_wmark(&zc->fast));
		cJSON_AddItemToObject(o, "slow", json_wmark(&zc->slow));
		ml_json_add_u64(o, "reclaimable_pages", zc->reclaimable_pages);
		cJSON_AddBoolToObject(o, "reclaim_ok", zc->reclaim_ok);
		if (zc->compact_evaluated) {
			cJSON *cp = cJSON_CreateObject();
			ml_json_add_u64(cp, "mark_pages", zc->compact_mark_pages);
			cJSON_AddBoolToObject(cp, "headroom_ok", zc->compact_headroom_ok);
			cJSON_AddBoolToObject(cp, "headroom_after_reclaim", zc->compact_headroom_after_reclaim);
			if (zc->fragindex != INT32_MIN) {
				char fi[16];
				ml_format_thousandths(zc->fragindex, fi, sizeof(fi));
				cJSON_AddRawToObject(cp, "fragmentation_index", fi);
			} else {
				cJSON_AddNullToObject(cp, "fragmentation_index");
			}
			cJSON_AddBoolToObject(cp, "fragindex_ok", zc->fragindex_ok);
			if (zc->movable_pageblocks_known)
				ml_json_add_u64(cp, "movable_pageblocks", zc->movable_pageblocks);
			else
				cJSON_AddNullToObject(cp, "movable_pageblocks");
			cJSON_AddBoolToObject(cp, "ok", zc->compact_ok);
			cJSON_AddItemToObject(o, "compaction", cp);
		}
		cJSON *cnt = cJSON_CreateObject();
		ml_json_add_u64(cnt, "blocks", zc->count_blocks);
		ml_json_add_u64(cnt, "watermark_low_allows", zc->count_wmark_fast);
		ml_json_add_u64(cnt, "watermark_min_allows", zc->count_wmark_slow);
		ml_json_add_u64(cnt, "now", zc->count_now);
		ml_json_add_u64(cnt, "down_to_min", zc->count_min);
		cJSON_AddItemToObject(o, "count", cnt);
		ml_json_add_u64(o, "pages_above_low", zc->pages_fast);
		ml_json_add_u64(o, "pages_down_to_min", zc->pages_min);
		ml_json_add_u64(o, "pages_with_reclaim", zc->pages_reclaim);
		(void)ps;
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *json_result(const struct ml_system *sys, const struct ml_explain_request *req,
			  const struct ml_explain_result *r, const char *gfp_text)
{
	cJSON *root = ml_json_envelope("explain", sys);
	const struct ml_explain_inputs *in = &r->inputs;
	const struct ml_explain_api *api = &r->api;
	const struct ml_explain_gfp *g = &r->gfp;

	cJSON *rq = cJSON_AddObjectToObject(root, "request");
	cJSON_AddStringToObject(rq, "api", ml_alloc_api_name(req->api));
	if (req->order >= 0) {
		cJSON_AddNullToObject(rq, "size_bytes");
		ml_json_add_i64(rq, "order", req->order);
	} else {
		ml_json_add_u64(rq, "size_bytes", req->size_bytes);
		cJSON_AddNullToObject(rq, "order");
	}
	ml_json_add_u64(rq, "elements", api->elements);
	cJSON_AddStringToObject(rq, "gfp_text", gfp_text);
	json_gfp(rq, "gfp", req->gfp);
	ml_json_add_u64(rq, "gfp_unknown_bits", req->gfp_unknown_bits);
	ml_json_add_i64(rq, "node", in->node);
	if (ml_nodemask_empty(&req->nodemask)) {
		cJSON_AddNullToObject(rq, "nodemask");
	} else {
		char nodes[256];
		ml_nodemask_format(&req->nodemask, nodes, sizeof(nodes));
		cJSON_AddStringToObject(rq, "nodemask", nodes);
	}
	ml_json_add_u64(rq, "count", req->count);
	if (req->api == ML_API_DMA_COHERENT) {
		ml_json_add_i64(rq, "dma_mask_bits", api->dma_mask_bits);
		cJSON_AddBoolToObject(rq, "iommu", req->iommu);
	}

	cJSON *io = cJSON_AddObjectToObject(root, "inputs");
	cJSON_AddStringToObject(io, "arch", in->arch);
	cJSON_AddStringToObject(io, "kernel", in->kernel);
	ml_json_add_i64(io, "kernel_version_code", in->kernel_version);
	cJSON_AddBoolToObject(io, "kernel_assumed", in->kernel_assumed);
	ml_json_add_u64(io, "page_size", in->page_size);
	ml_json_add_u64(io, "pointer_bytes", in->pointer_bytes);
	ml_json_add_i64(io, "max_order", in->max_order);
	cJSON_AddBoolToObject(io, "max_order_assumed", in->max_order_assumed);
	ml_json_add_i64(io, "pageblock_order", in->pageblock_order);
	cJSON_AddBoolToObject(io, "pageblock_order_assumed", in->pageblock_order_assumed);
	ml_json_add_u64(io, "extfrag_threshold", in->extfrag_threshold);
	cJSON_AddBoolToObject(io, "extfrag_threshold_assumed", in->extfrag_threshold_assumed);
	cJSON_AddBoolToObject(io, "has_zones", in->has_zones);
	cJSON_AddBoolToObject(io, "has_migrate_type_counts", in->has_types);
	cJSON_AddBoolToObject(io, "has_slabinfo", in->has_slabinfo);
	cJSON_AddBoolToObject(io, "swap_available", in->swap_available);
	ml_json_add_u64(io, "totalram_pages", in->totalram_pages);

	cJSON *s1 = cJSON_AddObjectToObject(root, "api");
	cJSON_AddStringToObject(s1, "api", ml_alloc_api_name(api->api));
	ml_json_add_u64(s1, "size_bytes", api->size_bytes);
	ml_json_add_u64(s1, "total_bytes", api->total_bytes);
	cJSON_AddBoolToObject(s1, "size_overflow", api->size_overflow);
	if (api->kmalloc_max_cache_size) {
		ml_json_add_u64(s1, "kmalloc_max_cache_size", api->kmalloc_max_cache_size);
		ml_json_add_u64(s1, "kmalloc_max_size", api->kmalloc_max_size);
		ml_json_add_i64(s1, "kmalloc_max_order", api->kmalloc_max_order);
	}
	cJSON_AddBoolToObject(s1, "slab", api->slab);
	if (api->slab) {
		cJSON_AddStringToObject(s1, "family", api->family);
		cJSON_AddStringToObject(s1, "cache", api->cache);
		ml_json_add_u64(s1, "class_bytes", api->class_bytes);
		cJSON_AddBoolToObject(s1, "class_in_slabinfo", api->class_in_slabinfo);
		if (api->has_cache_stats) {
			ml_json_add_u64(s1, "cache_free_objects", api->cache_free_objects);
			ml_json_add_u64(s1, "objects_per_slab", api->objects_per_slab);
			ml_json_add_u64(s1, "pages_per_slab", api->pages_per_slab);
		}
		ml_json_add_i64(s1, "slab_order", api->slab_order);
		ml_json_add_i64(s1, "slab_min_order", api->slab_min_order);
	}
	ml_json_add_i64(s1, "order", api->order);
	cJSON_AddBoolToObject(s1, "exceeds_max_order", api->exceeds_max_order);
	ml_json_add_u64(s1, "taken_bytes", api->taken_bytes);
	ml_json_add_u64(s1, "wasted_bytes", api->wasted_bytes);
	ml_json_add_i64(s1, "waste_permille", api->waste_permille);
	if (api->vmalloc) {
		cJSON *vm = cJSON_AddObjectToObject(s1, "vmalloc");
		ml_json_add_u64(vm, "pages", api->vm_pages);
		ml_json_add_u64(vm, "area_bytes", api->vm_area_bytes);
		ml_json_add_u64(vm, "guard_bytes", api->vm_guard_bytes);
		ml_json_add_u64(vm, "page_array_bytes", api->vm_page_array_bytes);
		cJSON_AddBoolToObject(vm, "page_array_vmalloced", api->vm_page_array_vmalloced);
		ml_json_add_u64(vm, "page_array_pages", api->vm_page_array_pages);
		ml_json_add_u64(vm, "page_table_pages", api->vm_page_table_pages);
		cJSON_AddBoolToObject(vm, "huge_possible", api->vm_huge_possible);
		if (api->has_vm_total) {
			ml_json_add_u64(vm, "vmalloc_total_bytes", api->vm_total_bytes);
			ml_json_add_u64(vm, "vmalloc_used_bytes", api->vm_used_bytes);
		}
		cJSON_AddBoolToObject(vm, "exceeds_totalram", api->vm_exceeds_totalram);
		cJSON_AddBoolToObject(vm, "exceeds_space", api->vm_exceeds_space);
		cJSON_AddBoolToObject(vm, "exceeds_free_space", api->vm_exceeds_free_space);
		ml_json_add_u64(vm, "reserve_bytes", api->vm_reserve_bytes);
		cJSON_AddBoolToObject(vm, "holes_known", api->vm_holes_known);
		if (api->vm_holes_known) {
			ml_json_add_u64(vm, "free_bytes", api->vm_free_bytes);
			ml_json_add_u64(vm, "holes", api->vm_holes);
			ml_json_add_u64(vm, "largest_hole_bytes", api->vm_largest_hole_bytes);
			ml_json_add_u64(vm, "largest_hole_start", api->vm_largest_hole_start);
			ml_json_add_u64(vm, "fits", api->vm_fits);
		}
	}
	if (api->api == ML_API_KVMALLOC) {
		json_gfp(s1, "kvmalloc_kmalloc_gfp", api->kv_kmalloc_gfp);
		cJSON_AddBoolToObject(s1, "kvmalloc_vmalloc_fallback", api->kv_vmalloc_fallback);
	}
	if (api->api == ML_API_DMA_COHERENT) {
		ml_json_add_u64(s1, "cma_total_bytes", api->cma_total_bytes);
		ml_json_add_u64(s1, "cma_free_bytes", api->cma_free_bytes);
	}
	json_gfp(s1, "gfp_caller", api->gfp_caller);
	json_gfp(s1, "gfp_page_allocator", api->gfp_page);
	cJSON_AddItemToObject(s1, "steps", json_lines(&api->lines));

	cJSON *s2 = cJSON_AddObjectToObject(root, "gfp");
	json_gfp(s2, "gfp", g->gfp);
	cJSON_AddStringToObject(s2, "highest_zone", ml_zone_kind_name(g->highest_zone));
	ml_json_add_i64(s2, "highest_zoneidx", g->highest_zoneidx);
	cJSON_AddBoolToObject(s2, "zone_invalid", g->zone_invalid);
	cJSON_AddStringToObject(s2, "zonelist", g->zonelist);
	cJSON_AddStringToObject(s2, "migratetype", g->migratetype == 0 ? "Unmovable" : g->migratetype == 1 ? "Movable"
						     : g->migratetype == 2 ? "Reclaimable" : "HighAtomic");
	cJSON_AddBoolToObject(s2, "may_sleep", g->may_sleep);
	cJSON_AddBoolToObject(s2, "direct_reclaim", g->direct_reclaim);
	cJSON_AddBoolToObject(s2, "wakes_kswapd", g->wakes_kswapd);
	cJSON_AddBoolToObject(s2, "may_compact", g->may_compact);
	cJSON_AddBoolToObject(s2, "may_io", g->may_io);
	cJSON_AddBoolToObject(s2, "may_fs", g->may_fs);
	cJSON_AddBoolToObject(s2, "non_blocking", g->non_blocking);
	cJSON_AddBoolToObject(s2, "atomic_reserve", g->atomic_reserve);
	cJSON_AddBoolToObject(s2, "min_reserve", g->min_reserve);
	cJSON_AddBoolToObject(s2, "no_watermarks", g->no_watermarks);
	cJSON_AddBoolToObject(s2, "oom_killer_possible", g->oom_possible);
	cJSON_AddBoolToObject(s2, "nofail", g->nofail);
	cJSON_AddBoolToObject(s2, "noretry", g->noretry);
	cJSON_AddBoolToObject(s2, "retry_mayfail", g->retry_mayfail);
	cJSON_AddBoolToObject(s2, "thisnode", g->thisnode);
	cJSON_AddStringToObject(s2, "reserves", g->reserves);
	cJSON_AddStringToObject(s2, "retries", g->retries);
	cJSON_AddItemToObject(s2, "notes", json_lines(&g->lines));

	const struct ml_page_analysis *pa = &r->page;
	if (pa->present) {
		cJSON *p = cJSON_AddObjectToObject(root, "page_request");
		char fl[200];
		ml_json_add_i64(p, "order", pa->order);
		json_gfp(p, "gfp", pa->gfp);
		ml_alloc_flags_format(pa->fast_flags, fl, sizeof(fl));
		cJSON_AddStringToObject(p, "fast_alloc_flags", fl);
		ml_alloc_flags_format(pa->slow_flags, fl, sizeof(fl));
		cJSON_AddStringToObject(p, "slow_alloc_flags", fl);
		cJSON_AddStringToObject(p, "highest_zone", ml_zone_kind_name(pa->highest_zone));
		cJSON_AddItemToObject(p, "zones", json_zones(pa->zones, pa->nzones, in->page_size));
		cJSON_AddItemToObject(p, "unchecked_zones", ml_json_unchecked_zones(pa->unjudged, pa->nunjudged));
		cJSON_AddItemToObject(p, "slow_path", json_lines(&pa->slowpath));
		cJSON_AddStringToObject(p, "verdict", ml_verdict_name(pa->verdict));
		cJSON_AddStringToObject(p, "path", ml_alloc_path_name(pa->path));
		cJSON_AddStringToObject(p, "reason", pa->reason);
	} else {
		cJSON_AddNullToObject(root, "page_request");
	}
	if (r->bulk.present) {
		cJSON *bk = cJSON_AddObjectToObject(root, "order0_pages");
		ml_json_add_u64(bk, "pages_needed", r->bulk.pages_needed);
		json_gfp(bk, "gfp", r->bulk.gfp);
		cJSON_AddStringToObject(bk, "zonelist", r->bulk.zonelist);
		ml_json_add_u64(bk, "pages_above_low", r->bulk.pages_fast);
		ml_json_add_u64(bk, "pages_down_to_min", r->bulk.pages_min);
		ml_json_add_u64(bk, "pages_with_reclaim", r->bulk.pages_reclaim);
		cJSON_AddItemToObject(bk, "zones", json_zones(r->bulk.zones, r->bulk.nzones, in->page_size));
		cJSON_AddItemToObject(bk, "unchecked_zones", ml_json_unchecked_zones(r->bulk.unjudged, r->bulk.nunjudged));
		cJSON_AddStringToObject(bk, "verdict", ml_verdict_name(r->bulk.verdict));
		cJSON_AddStringToObject(bk, "reason", r->bulk.reason);
	} else {
		cJSON_AddNullToObject(root, "order0_pages");
	}

	cJSON_AddStringToObject(root, "verdict", ml_verdict_name(r->verdict));
	ml_json_add_i64(root, "exit_code", ml_verdict_exit_code(r->verdict));
	cJSON_AddStringToObject(root, "path", ml_alloc_path_name(r->path));
	cJSON_AddStringToObject(root, "reason", r->reason);
	cJSON *adv = cJSON_AddArrayToObject(root, "advice");
	for (size_t i = 0; i < r->nadvice; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "what", r->advice[i].what);
		cJSON_AddStringToObject(o, "why", r->advice[i].why);
		cJSON_AddStringToObject(o, "ref", r->advice[i].ref);
		cJSON_AddItemToArray(adv, o);
	}
	if (r->count_requested) {
		cJSON *cnt = cJSON_AddObjectToObject(root, "count");
		ml_json_add_u64(cnt, "requested", r->count_requested);
		ml_json_add_u64(cnt, "now", r->count_now);
		ml_json_add_u64(cnt, "down_to_min", r->count_min);
		ml_json_add_u64(cnt, "satisfied_now", r->count_now < r->count_requested ? r->count_now : r->count_requested);
		cJSON_AddStringToObject(cnt, "text", r->count_text);
	} else {
		cJSON_AddNullToObject(root, "count");
	}
	cJSON_AddItemToObject(root, "notes", json_lines(&r->notes));
	return root;
}

int cmd_explain(int argc, char **argv, struct ml_cli *cli, struct ml_error *err)
{
	static const struct option longopts[] = {
		ML_COMMON_LONGOPTS,
		{ "size", required_argument, NULL, 's' },
		{ "order", required_argument, NULL, OPT_ORDER },
		{ "gfp", required_argument, NULL, 'g' },
		{ "api", required_argument, NULL, 'a' },
		{ "node", required_argument, NULL, OPT_NODE },
		{ "nodemask", required_argument, NULL, OPT_NODEMASK },
		{ "count", required_argument, NULL, 'c' },
		{ "elements", required_argument, NULL, OPT_ELEMENTS },
		{ "kernel", required_argument, NULL, OPT_KERNEL },
		{ "arch", required_argument, NULL, OPT_ARCH },
		{ "page-size", required_argument, NULL, OPT_PAGE_SIZE },
		{ "dma-mask", required_argument, NULL, OPT_DMA_MASK },
		{ "iommu", no_argument, NULL, OPT_IOMMU },
		{ NULL, 0, NULL, 0 },
	};
	const char *size_text = NULL, *gfp_text = "GFP_KERNEL", *kernel = NULL, *arch = NULL, *ps_text = NULL;
	struct ml_explain_request req = { .order = -1, .node = -1 };
	bool have_order = false, have_elements = false, have_dma_mask = false;
	uint64_t v;
	int opt, rc;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ML_COMMON_SHORTOPTS "s:g:a:c:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			help(stdout);
			return ML_OK;
		case 's':
			size_text = optarg;
			continue;
		case OPT_ORDER:
			if ((rc = parse_uint("--order", optarg, 63, &v, err)) != ML_OK)
				return rc;
			req.order = (int)v;
			have_order = true;
			continue;
		case 'g':
			gfp_text = optarg;
			continue;
		case 'a':
			if ((rc = ml_alloc_api_parse(optarg, &req.api, err)) != ML_OK)
				return rc;
			continue;
		case OPT_NODE:
			if ((rc = parse_uint("--node", optarg, ML_MAX_NODES - 1, &v, err)) != ML_OK)
				return rc;
			req.node = (int)v;
			continue;
		case OPT_NODEMASK: {
			struct ml_error e = { 0 };
			if ((rc = ml_nodemask_parse(optarg, &req.nodemask, &e)) != ML_OK)
				return ml_error_set(err, rc, NULL, 0, "--nodemask: %s", e.message);
			continue;
		}
		case 'c':
			if ((rc = parse_uint("--count", optarg, UINT64_MAX, &v, err)) != ML_OK)
				return rc;
			if (v == 0)
				return ml_error_set(err, ML_EUSAGE, NULL, 0, "--count must be at least 1");
			req.count = v;
			continue;
		case OPT_ELEMENTS:
			if ((rc = parse_uint("--elements", optarg, UINT64_MAX, &v, err)) != ML_OK)
				return rc;
			if (v == 0)
				return ml_error_set(err, ML_EUSAGE, NULL, 0, "--elements 0 allocates nothing");
			req.elements = v;
			have_elements = true;
			continue;
		case OPT_KERNEL:
			kernel = optarg;
			continue;
		case OPT_ARCH:
			arch = optarg;
			continue;
		case OPT_PAGE_SIZE:
			ps_text = optarg;
			continue;
		case OPT_DMA_MASK:
			if ((rc = parse_uint("--dma-mask", optarg, 64, &v, err)) != ML_OK)
				return rc;
			if (v < 12)
				return ml_error_set(err, ML_EUSAGE, NULL, 0, "--dma-mask %s: a DMA mask has 12 to 64 bits", optarg);
			req.dma_mask_bits = (int)v;
			have_dma_mask = true;
			continue;
		case OPT_IOMMU:
			req.iommu = true;
			continue;
		case 'o':
			return ml_error_set(err, ML_EUSAGE, NULL, 0, "explain has no columns to choose (-o); use --json for everything");
		case '?':
			if (optopt)
				return ml_error_set(err, ML_EUSAGE, NULL, 0, "explain: option -%c %s (see memlayout explain --help)",
						    optopt, strchr("sgacJo", optopt) ? "needs a value" : "is unknown");
			return ml_error_set(err, ML_EUSAGE, NULL, 0, "explain: unknown option or missing value in '%s' (see memlayout explain --help)",
					    argv[optind - 1]);
		default:
			break;
		}
		if ((rc = ml_cli_common(cli, opt, optarg, err)) < 0)
			return rc;
		if (rc == 0)
			return ml_cli_bad_option(err, "explain");
	}
	if (optind < argc)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "explain takes no arguments ('%s'); the size goes after --size",
				    argv[optind]);
	/* One clear error per contradiction (exit 2). */
	if (size_text && have_order)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "give --size or --order, not both");
	if (!size_text && !have_order)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "explain needs --size SIZE (or --order N with --api pages)");
	if (have_order && req.api != ML_API_PAGES && req.api != ML_API_GET_FREE_PAGES)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "--order is for --api pages or get-free-pages; %s takes --size",
				    ml_alloc_api_name(req.api));
	if (have_elements && req.api != ML_API_KCALLOC)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "--elements is for --api kcalloc");
	if ((have_dma_mask || req.iommu) && req.api != ML_API_DMA_COHERENT)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "--dma-mask and --iommu are for --api dma-coherent");
	if (size_text) {
		if ((rc = ml_parse_size(size_text, &req.size_bytes, err)) != ML_OK)
			return rc;
		if (req.size_bytes == 0)
			return ml_error_set(err, ML_EUSAGE, NULL, 0,
					    "--size 0: a zero-byte allocation takes nothing (kmalloc returns ZERO_SIZE_PTR, vmalloc WARNs)");
	}
	uint64_t page_size = 0;
	if (ps_text) {
		if ((rc = ml_parse_size(ps_text, &page_size, err)) != ML_OK)
			return rc;
		if (page_size == 0 || (page_size & (page_size - 1)))
			return ml_error_set(err, ML_EUSAGE, NULL, 0, "--page-size %s is not a power of two", ps_text);
	}
	if (kernel) {
		struct ml_error e2 = { 0 };
		ml_gfp_t dummy;
		uint64_t unk;
		/* Validate the version early, with the same rule as the hex decoder. */
		if (ml_gfp_from_hex(0, kernel, &dummy, &unk, &e2) != ML_OK && strstr(e2.message, "not of the form"))
			return ml_error_set(err, ML_EUSAGE, NULL, 0, "--kernel %s: %s", kernel, e2.message);
	}
	ml_cli_finish(cli);

	struct ml_system sys;
	bool what_if = (arch || ps_text) && !cli->sysroot;
	if (what_if) {
		rc = what_if_system(&sys, arch ? arch : "x86_64", page_size, kernel, err);
		if (rc != ML_OK) {
			ml_system_free(&sys);
			return rc;
		}
	} else {
		/* vmalloc's free holes need vmallocinfo with real addresses, which
		 * kptr_restrict explains when they are not (§8.3). */
		bool vm = req.api == ML_API_VMALLOC || req.api == ML_API_KVMALLOC;
		rc = ml_cli_load(cli, &sys,
				 ML_LOAD_BUDDYINFO | ML_LOAD_PAGETYPEINFO | ML_LOAD_MEMINFO | ML_LOAD_VMSTAT |
					 ML_LOAD_SYSCTL | ML_LOAD_SLABINFO | ML_LOAD_VMALLOCINFO |
					 (vm ? ML_LOAD_KPTR_RESTRICT : 0),
				 ML_LOAD_ZONEINFO, err);
		if (rc != ML_OK)
			return rc;
		if (!ml_nodemask_empty(&req.nodemask)) {
			bool any = false;
			for (size_t i = 0; i < sys.nzones; i++)
				any |= ml_nodemask_test(&req.nodemask, sys.zones[i].node);
			if (!any) {
				rc = ml_error_set(err, ML_EUSAGE, NULL, 0, "--nodemask names no node of this machine (nodes 0-%d)",
						  sys.nnodes > 0 ? sys.nnodes - 1 : 0);
				goto out;
			}
		}
		if (arch && sys.info.arch[0] && !same_arch(arch, sys.info.arch)) {
			rc = ml_error_set(err, ML_EUSAGE, NULL, 0, "--arch %s contradicts the snapshot, which is %s",
					  arch, sys.info.arch);
			goto out;
		}
		if (page_size && page_size != sys.page_size) {
			rc = ml_error_set(err, ML_EUSAGE, NULL, 0, "--page-size %" PRIu64 " contradicts the snapshot's %" PRIu64 "-byte pages",
					  page_size, sys.page_size);
			goto out;
		}
		ml_cli_print_notes(&sys);
	}
	rc = parse_gfp(gfp_text, kernel ? kernel : sys.info.release, &req.gfp, &req.gfp_unknown_bits, err);
	if (rc != ML_OK)
		goto out;
	/* A hex mask is shown with what it means on that kernel (§1.5). */
	char shown_gfp[512];
	if (strstr(gfp_text, "0x") || strstr(gfp_text, "0X")) {
		char names[256];
		ml_gfp_format(req.gfp, names, sizeof(names));
		snprintf(shown_gfp, sizeof(shown_gfp), "%s = %s on %s", gfp_text, names, kernel ? kernel : sys.info.release);
		gfp_text = shown_gfp;
	}
	req.kernel_version = kernel;

	struct ml_explain_result res;
	rc = ml_explain(&sys, &req, &res, err);
	if (rc != ML_OK)
		goto out;
	if (cli->out.json) {
		cJSON *root = json_result(&sys, &req, &res, gfp_text);
		rc = root ? ml_json_print(root, stdout) : ML_ENOMEM;
		if (rc != ML_OK)
			ml_error_set(err, rc, NULL, 0, "cannot write the JSON document");
	} else {
		print_text(stdout, &sys, &req, &res, gfp_text);
	}
	if (rc == ML_OK)
		rc = ml_verdict_exit_code(res.verdict);
	ml_explain_result_free(&res);
out:
	ml_system_free(&sys);
	return rc;
}
