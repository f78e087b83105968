/* memlayout report: find the allocation-failure reports in a kernel log and
 * explain each one (kernel-model §9, §5, §5.6, §8.1, §9.5).
 *
 * report is the second front door to explain's analysis (design.md): the
 * parser (src/parse/failure_report.c) turns a report's Mem-Info dump into an
 * ml_system and its header into an explain request; ml_explain() applies the
 * allocator's rules.  This file adds what only a report has — the kernel's own
 * verdict (it failed), the OOM killer's task table and memcg lines, the
 * vmalloc message, the over-max-order WARNING — and says, with the numbers,
 * why the allocation failed.  It never re-implements a watermark or zone rule:
 * every such judgement is explain's (its per-zone checks are read back). */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyse/alloc_rules.h"
#include "../analyse/explain.h"
#include "../analyse/fragmentation.h"
#include "../analyse/vmalloc_space.h"
#include "../cli.h"
#include "../parse/failure_report.h"
#include "../render/format.h"
#include "../render/json.h"
#include "../source/kmsg.h"
#include "../util/text.h"

/* Exit status when the input holds no report (documented in --help). */
#define REPORT_EXIT_NONE_FOUND 3

enum {
	OPT_BRIEF = ML_OPT_FIRST_COMMAND_OPTION,
	OPT_KMSG,
};

static void help(FILE *f)
{
	fputs("Usage: memlayout report [OPTIONS] [FILE|-]\n\n"
	      "Finds every allocation-failure report in a kernel log and explains it:\n"
	      "\"page allocation failure\", \"page allocation stalls for\", \"invoked\n"
	      "oom-killer\" (global, cpuset, mempolicy and memcg OOMs), \"vmalloc error: size\",\n"
	      "\"vmalloc: allocation failure\", \"vmap allocation for size ... failed\", the\n"
	      "over-max-order \"WARNING ... mm/page_alloc.c\", and Mem-Info dumps alone (SysRq-m).\n"
	      "Each report's header (task, order, GFP mode, nodemask, cpuset) and Mem-Info dump\n"
	      "(zones, watermarks, lowmem_reserve, free blocks per order with migrate types,\n"
	      "swap) are read into a model, and the same analysis as `memlayout explain`\n"
	      "says why the allocation failed, with the numbers: not enough free memory,\n"
	      "fragmentation, flags that forbid reclaim or compaction, an order too large,\n"
	      "a zone or nodemask restriction, a memcg limit, vmalloc space.\n\n"
	      "FILE is a saved log (dmesg, journalctl, /var/log/messages, a mail with the\n"
	      "report; timestamps and syslog prefixes are fine, wrapped lines are joined,\n"
	      "undecoded quoted-printable mail text is decoded first);\n"
	      "- reads standard input.  Without FILE the live kernel log is read: /dev/kmsg,\n"
	      "or the output of dmesg(1) when /dev/kmsg is not readable.  With --sysroot DIR\n"
	      "and no FILE, DIR/dmesg.txt is read.  memlayout never writes to the log.\n\n"
	      "Options:\n"
	      "      --brief          one line per report: where, what, and the cause\n",
	      f);
	ml_cli_help_common(f);
	fputs("\nExit status: 0 reports were found and explained (parts a report lacks are\n"
	      "listed with it); 3 no allocation-failure report was found (the text output\n"
	      "says \"no allocation failure reports found\", JSON has an empty \"reports\");\n"
	      "1 the log could not be read; 2 bad usage.\n",
	      f);
}

/* ---------------------------------------------------------------- text */

/* Sizes for sentences, several per printf: a small ring of buffers. */
static const char *words(uint64_t bytes)
{
	static char ring[16][48];
	static unsigned i;
	char *b = ring[i++ % 16];
	ml_format_size_words(bytes, b, 48);
	return b;
}

static const char *pages_words(uint64_t pages, uint64_t ps)
{
	uint64_t b;
	return words(__builtin_mul_overflow(pages, ps, &b) ? UINT64_MAX : b);
}

static const char *gfp_text(ml_gfp_t g)
{
	static char ring[4][320];
	static unsigned i;
	char *b = ring[i++ % 4];
	ml_gfp_format(g, b, 320);
	return b;
}

struct finding {
	char ref[16];
	char text[720];
};

#define MAX_FINDINGS 48
#define MAX_TAGS 12

struct analysis {
	const struct ml_report *r;
	const char *file;
	bool have_sys;
	struct ml_system sys;
	char no_sys[400];
	bool filtered;                  /* the dump has zones of nodes outside the nodemask */
	char filtered_text[300];
	struct ml_report_request rq;
	bool have_res;
	struct ml_explain_result res;
	char no_res[600];
	uint64_t ps;

	const char *cause;              /* key: "fragmentation", "low-memory", ... */
	char headline[1400];
	const char *tags[MAX_TAGS];
	size_t ntags;
	struct finding f[MAX_FINDINGS];
	size_t nf;
	struct finding notes[MAX_FINDINGS];
	size_t nnotes;
	struct finding advice[8];       /* what only the report shows */
	size_t nadvice;
	bool skip_explain_advice;       /* explain's advice is about pages: not the cause */
};

static void add(struct finding *list, size_t *n, const char *ref, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add(struct finding *list, size_t *n, const char *ref, const char *fmt, ...)
{
	if (*n >= MAX_FINDINGS)
		return;
	struct finding *f = &list[(*n)++];
	snprintf(f->ref, sizeof(f->ref), "%s", ref ? ref : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->text, sizeof(f->text), fmt, ap);
	va_end(ap);
}

#define FINDING(a, ref, ...) add((a)->f, &(a)->nf, ref, __VA_ARGS__)
#define NOTE(a, ref, ...) add((a)->notes, &(a)->nnotes, ref, __VA_ARGS__)
#define ADVICE(a, ref, ...)                                               \
	do {                                                              \
		if ((a)->nadvice < 8)                                     \
			add((a)->advice, &(a)->nadvice, ref, __VA_ARGS__); \
	} while (0)

static void tag(struct analysis *a, const char *t)
{
	for (size_t i = 0; i < a->ntags; i++)
		if (strcmp(a->tags[i], t) == 0)
			return;
	if (a->ntags < MAX_TAGS)
		a->tags[a->ntags++] = t;
}

static bool has_tag(const struct analysis *a, const char *t)
{
	for (size_t i = 0; i < a->ntags; i++)
		if (strcmp(a->tags[i], t) == 0)
			return true;
	return false;
}

/* Append to the headline. */
static void head(struct analysis *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void head(struct analysis *a, const char *fmt, ...)
{
	size_t len = strlen(a->headline);
	if (len + 1 >= sizeof(a->headline))
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->headline + len, sizeof(a->headline) - len, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------ report figures */

/* A global Mem-Info counter (pages), under its name in any kernel. */
static bool global_pages(const struct ml_report *r, const char *name, uint64_t *out)
{
	for (size_t i = 0; i < r->global.n; i++)
		if (strcasecmp(r->global.v[i].name, name) == 0) {
			*out = r->global.v[i].value;
			return true;
		}
	/* a global block cut short: the per-node lines (kB) hold the same
	 * LRU counters (§9.3 b) */
	static const char *const per_node[] = { "active_anon", "inactive_anon", "active_file", "inactive_file",
						"shmem", "pagetables", "unevictable" };
	uint64_t ps = r->page_size ? r->page_size : 4096, sum = 0, b;
	for (size_t k = 0; k < sizeof(per_node) / sizeof(per_node[0]); k++) {
		if (strcmp(name, per_node[k]) != 0)
			continue;
		for (size_t i = 0; i < r->nnodes; i++) {
			if (!ml_kv_get(&r->nodes[i].fields, name, &b))
				return false;
			sum += b / ps;
		}
		*out = sum;
		return r->nnodes > 0;
	}
	return false;
}

static uint64_t gp(const struct ml_report *r, const char *name)
{
	uint64_t v = 0;
	global_pages(r, name, &v);
	return v;
}

static const struct ml_report_zone *report_zone(const struct ml_report *r, int node, const char *name)
{
	for (size_t i = 0; i < r->nzones; i++)
		if (r->zones[i].node == node && strcmp(r->zones[i].name, name) == 0)
			return &r->zones[i];
	return NULL;
}

static int report_nodes(const struct ml_report *r)
{
	int max = -1;
	for (size_t i = 0; i < r->nzones; i++)
		if (r->zones[i].node > max)
			max = r->zones[i].node;
	return max + 1;
}

static const char *zone_label(const struct analysis *a, int node, const char *zone)
{
	static char ring[8][64];
	static unsigned i;
	char *b = ring[i++ % 8];
	if (report_nodes(a->r) > 1)
		snprintf(b, 64, "Node %d %s", node, zone);
	else
		snprintf(b, 64, "%s", zone);
	return b;
}

/* Pages free in blocks of at least this order (§6.1 free_blocks_suitable
 * × 2^order), and the largest order with a free block. */
static uint64_t pages_at_or_above(const struct ml_report_zone *z, int order)
{
	if (!z->has_buddy || order < 0 || order >= z->norders)
		return 0;
	struct ml_contig_info ci;
	ml_contig_info(z->blocks, z->norders, order, &ci);
	return ci.free_blocks_suitable << order;
}

static int largest_order(const struct ml_report_zone *z)
{
	for (int k = z->norders - 1; k >= 0; k--)
		if (z->blocks[k])
			return k;
	return -1;
}

/* Letters at orders ≥ o, e.g. "UM" (which types have a block that large). */
static void letters_from(const struct ml_report_zone *z, int o, char *buf, size_t n)
{
	uint8_t m = 0;
	for (int k = o < 0 ? 0 : o; k < z->norders && k < ML_MAX_ORDERS; k++)
		m |= z->types[k];
	ml_report_type_letters(m, buf, n);
}

/* ------------------------------------------------------ model, request */

/* The page size when the dump has no buddy line: a vmap line's size is the
 * request rounded up to pages plus one guard page (§8.1 step 3), which only
 * the right page size reproduces. */
static uint64_t infer_page_size(const struct ml_report *r, bool *assumed)
{
	*assumed = false;
	if (r->page_size)
		return r->page_size;
	if (r->has_vmap_size && r->has_vmalloc_size) {
		static const uint64_t sizes[] = { 4096, 16384, 65536 };
		for (size_t i = 0; i < 3; i++)
			if (ml_vmalloc_reservation(r->vmalloc_size, sizes[i]) == r->vmap_size)
				return sizes[i];
	}
	*assumed = true;
	return 4096;
}

static void build_model(struct analysis *a)
{
	const struct ml_report *r = a->r;
	struct ml_error e = { 0 };
	if (r->has_meminfo && ml_report_to_system(r, a->file, &a->sys, &e) == ML_OK) {
		a->have_sys = true;
	} else {
		if (r->has_meminfo)
			snprintf(a->no_sys, sizeof(a->no_sys), "%.300s", e.message);
		else
			snprintf(a->no_sys, sizeof(a->no_sys), "the report has no Mem-Info dump");
		/* A machine without zone figures: explain answers from the
		 * limits alone (its what-if mode). */
		memset(&a->sys, 0, sizeof(a->sys));
		a->sys.origin = ML_ORIGIN_REPORT;
		a->sys.pageblock_order = -1;
		a->sys.kptr_restrict = -1;
		snprintf(a->sys.source, sizeof(a->sys.source), "%s, lines %lu-%lu", a->file, r->first_line,
			 r->last_line);
		snprintf(a->sys.info.release, sizeof(a->sys.info.release), "%s", r->kernel);
		snprintf(a->sys.info.arch, sizeof(a->sys.info.arch), "%s", r->arch);
		bool assumed;
		a->sys.page_size = infer_page_size(r, &assumed);
		a->sys.page_size_assumed = assumed;
		if (!assumed && !r->page_size)
			NOTE(a, "§8.1", "page size %s worked out from the vmap size: %" PRIu64 " bytes rounded up to pages plus one guard page is %" PRIu64,
			     words(a->sys.page_size), r->vmalloc_size, r->vmap_size);
	}
	a->ps = a->sys.page_size ? a->sys.page_size : 4096;

	/* An explicit nodemask (a mempolicy): explain's zonelist walk skips
	 * the other nodes' zones (§2.3); say how much they had free. */
	struct ml_nodemask mask;
	struct ml_error me = { 0 };
	if (a->have_sys && r->has_nodemask && strcmp(r->nodemask, "(null)") != 0 &&
	    ml_nodemask_parse(r->nodemask, &mask, &me) == ML_OK) {
		uint64_t other_free = 0;
		bool others = false;
		for (size_t i = 0; i < a->sys.nzones; i++) {
			const struct ml_zone *z = &a->sys.zones[i];
			if (!ml_nodemask_test(&mask, z->node) && (z->has_zoneinfo || z->has_buddy)) {
				other_free += z->free_pages;
				others = true;
			}
		}
		if (others) {
			a->filtered = true;
			snprintf(a->filtered_text, sizeof(a->filtered_text),
				 "nodemask=%s: only those nodes' zones may be used; the other nodes had %s free",
				 r->nodemask, pages_words(other_free, a->ps));
		}
	}
}

/* 32-bit "vmalloc=SIZE" on the kernel command line sets the vmalloc area
 * (§10.1): its size is the VmallocTotal the analysis needs. */
static void set_vmalloc_total(struct analysis *a, const struct ml_report_context *ctx)
{
	const struct ml_report *r = a->r;
	uint64_t total;
	struct ml_error e = { 0 };
	if (r->kind != ML_REPORT_VMALLOC || !ctx->vmalloc_param[0])
		return;
	if (ml_parse_size(ctx->vmalloc_param + strlen("vmalloc="), &total, &e) != ML_OK || !total)
		return;
	ml_kv_set(&a->sys.meminfo, "VmallocTotal", total, 0);
	NOTE(a, "§10.1", "the kernel command line has %s: the vmalloc area is taken to be %s (VmallocTotal)",
	     ctx->vmalloc_param, words(total));
}

static void run_explain(struct analysis *a)
{
	struct ml_error e = { 0 };
	if (ml_report_request(a->r, &a->sys, &a->rq, &e) != ML_OK) {
		snprintf(a->no_res, sizeof(a->no_res), "%s", e.message);
		return;
	}
	if (!a->rq.ok) {
		snprintf(a->no_res, sizeof(a->no_res), "%s", a->rq.why_not);
		return;
	}
	if (ml_explain(&a->sys, &a->rq.req, &a->res, &e) == ML_OK)
		a->have_res = true;
	else
		snprintf(a->no_res, sizeof(a->no_res), "%s", e.message);
}

/* --------------------------------------------------------- the verdict */

static bool is_32bit(const struct analysis *a)
{
	const char *arch = a->r->arch;
	if (a->r->word_bits == 32 || strcmp(arch, "i386") == 0 || strcmp(arch, "arm") == 0)
		return true;
	/* ZONE_HIGHMEM exists only on 32-bit kernels (CONFIG_HIGHMEM, §2.1):
	 * a HighMem zone with pages says so when the log names no arch */
	if (arch[0] || a->r->word_bits)
		return false;
	for (size_t i = 0; i < a->sys.nzones; i++)
		if (a->sys.zones[i].kind == ML_ZONE_HIGHMEM && a->sys.zones[i].managed)
			return true;
	return false;
}

/* The log names an arch or the trace addresses' width, and it is not a
 * 32-bit one: the 64-bit layouts of §10.2 and §10.3 apply. */
static bool is_64bit(const struct analysis *a)
{
	return (a->r->arch[0] || a->r->word_bits) && !is_32bit(a);
}

/* A 32-bit kernel's vmalloc area by default, for the arch the log names
 * (§10.1; 32-bit arm: the note at the end of §10.3). */
static const char *vmalloc_default_size(const struct analysis *a)
{
	if (strcmp(a->r->arch, "i386") == 0)
		return "about 120 MiB by default on i386";
	if (strcmp(a->r->arch, "arm") == 0)
		return "240 MiB by default on 32-bit arm";
	return "about 120 MiB by default on i386, 240 MiB on 32-bit arm";
}

/* A HighMem zone with memory: printed with pages, or counted in the dump's
 * "pages HighMem/MovableOnly" line (§9.3 e). */
static bool highmem_configured(const struct analysis *a)
{
	uint64_t v;
	for (size_t i = 0; i < a->sys.nzones; i++)
		if (a->sys.zones[i].kind == ML_ZONE_HIGHMEM && a->sys.zones[i].managed)
			return true;
	if ((ml_kv_get(&a->r->tail, "pages HighMem/MovableOnly", &v) ||
	     ml_kv_get(&a->r->tail, "pages of HIGHMEM", &v)) && v)
		return true;
	return false;
}

/* "Normal 757 free ≤ min 180 + reserve 0" for each zone of the zonelist. */
static void zone_checks_summary(const struct analysis *a, const struct ml_page_analysis *pa, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < pa->nzones && len < n; i++) {
		const struct ml_zone_check *zc = &pa->zones[i];
		const struct ml_wmark_check *w = &zc->slow;
		uint64_t fu = w->free_pages > w->unusable_pages ? w->free_pages - w->unusable_pages : 0;
		len += (size_t)snprintf(buf + len, n - len, "%s%s %" PRIu64 " free pages%s %s min %" PRIu64 "%s",
					i ? "; " : "", zone_label(a, zc->node, zc->zone), w->free_pages,
					w->unusable_pages ? " (less unusable)" : "", fu > w->mark_reduced_pages + w->reserve_pages ? ">" : "≤",
					w->mark_reduced_pages, "");
		if (w->reserve_pages && len < n)
			len += (size_t)snprintf(buf + len, n - len, " + lowmem_reserve %" PRIu64, w->reserve_pages);
	}
}

/* Did the pre-4.4 form of the check refuse a zone with a suitable block? */
static bool pre44_failed(const struct ml_page_analysis *pa)
{
	for (size_t i = 0; i < pa->nzones; i++)
		if (pa->zones[i].slow.pre44_checked && !pa->zones[i].slow.pre44_ok)
			return true;
	return false;
}

/* Per-zone findings of the min check (§4.4), read from explain's result. */
static void zone_findings(struct analysis *a, const struct ml_page_analysis *pa)
{
	int o = pa->order;
	for (size_t i = 0; i < pa->nzones; i++) {
		const struct ml_zone_check *zc = &pa->zones[i];
		const struct ml_wmark_check *w = &zc->slow;
		const struct ml_report_zone *rz = report_zone(a->r, zc->node, zc->zone);
		uint64_t fu = w->free_pages > w->unusable_pages ? w->free_pages - w->unusable_pages : 0;
		char part2[400] = "";
		if (o == 0 && w->order0_ok && !w->ok && rz && rz->has_buddy) {
			char lt[12];
			letters_from(rz, 0, lt, sizeof(lt));
			snprintf(part2, sizeof(part2), "; but every free page is on a list this mask may not take (types there: %s)", lt);
		}
		if (o > 0 && rz && rz->has_buddy) {
			int lo = largest_order(rz);
			char lt[12];
			letters_from(rz, o, lt, sizeof(lt));
			uint64_t big = pages_at_or_above(rz, o);
			if (w->block_ok && w->pre44_checked && !w->pre44_ok)
				snprintf(part2, sizeof(part2), "; free block: %s; but the check of kernels before 4.4 also walks the lower orders: without the free pages in blocks of order ≤ %d, %" PRId64 " are left ≤ min halved %d time%s (%" PRIu64 ") → fails",
					 w->block_source, w->pre44_order, w->pre44_left > 0 ? w->pre44_left : 0,
					 w->pre44_order + 1, w->pre44_order ? "s" : "", w->pre44_min);
			else if (w->block_ok)
				snprintf(part2, sizeof(part2), "; free block: %s", w->block_source);
			else if (lo < 0)
				snprintf(part2, sizeof(part2), "; no free block at all");
			else
				snprintf(part2, sizeof(part2), "; no free block of order ≥ %d it may use%s%s%s (largest: order %d, %s); pages in blocks of order ≥ %d: %" PRIu64,
					 o, lt[0] ? " (types there: " : "", lt, lt[0] ? ")" : "", lo, pages_words(1, a->ps << lo), o, big);
		}
		FINDING(a, "§4.4", "%s: %" PRIu64 " free pages (%s) − %" PRIu64 " unusable = %" PRIu64 " %s min %" PRIu64 "%s + lowmem_reserve %" PRIu64 " → %s%s",
			zone_label(a, zc->node, zc->zone), w->free_pages, pages_words(w->free_pages, a->ps),
			w->unusable_pages, fu, w->order0_ok ? ">" : "≤", w->mark_reduced_pages,
			w->mark_reduced_pages != w->mark_pages ? " (reduced)" : "", w->reserve_pages,
			w->order0_ok ? (!w->ok ? "enough free pages" : "passes") : "fails", part2);
		if (!w->order0_ok && w->reserve_pages && fu > w->mark_reduced_pages && (o == 0 || w->block_ok)) {
			FINDING(a, "§2.5", "%s %s, but its lowmem_reserve keeps %" PRIu64 " pages (%s) from allocations that may use higher zones, more than it has free above min: refused",
				zone_label(a, zc->node, zc->zone), o > 0 ? "has a suitable free block" : "has free pages",
				w->reserve_pages, pages_words(w->reserve_pages, a->ps));
			if (pa->first_ok_slow < 0)
				tag(a, "lowmem-reserve");
		}
	}
}

/* Free memory outside the zones the request may use (§2.2, §9.2 item 3:
 * the dump leaves out zones above the request's highest zone). */
static void outside_zones(struct analysis *a, const struct ml_page_analysis *pa, const struct ml_explain_gfp *g)
{
	uint64_t gfree, listed = 0, managed = 0;
	if (!global_pages(a->r, "free", &gfree) || pa->nzones == 0)
		return;
	for (size_t i = 0; i < pa->nzones; i++) {
		listed += pa->zones[i].slow.free_pages;
		managed += pa->zones[i].managed_pages;
	}
	bool lowmem = g->highest_zone < ML_ZONE_NORMAL ||
		      (g->highest_zone == ML_ZONE_NORMAL && is_32bit(a) && highmem_configured(a));
	uint64_t outside = gfree > listed ? gfree - listed : 0;
	if (lowmem) {
		tag(a, "lowmem-zone");
		FINDING(a, "§2.2", "the mask limits it to %s (%s managed%s)%s",
			g->zonelist, pages_words(managed, a->ps),
			g->highest_zone < ML_ZONE_NORMAL ? "" : ", the lowmem of a 32-bit kernel",
			g->highest_zone < ML_ZONE_NORMAL && g->highest_zone == ML_ZONE_DMA ? ": a GFP_DMA request" :
			g->highest_zone == ML_ZONE_DMA32 ? ": a GFP_DMA32 request (a 32-bit DMA mask)" : "");
	}
	if (outside > listed && outside > 256 * (a->ps >= 4096 ? 1 : 1)) {
		tag(a, "zone-restricted");
		FINDING(a, "§2.3", "zones it may not use held %s free (global free %" PRIu64 " pages − %" PRIu64 " in %s)",
			pages_words(outside, a->ps), gfree, listed, g->zonelist);
	}
}

/* The mask's slow-path rights, from explain's decoding (§1.3, §5.2). */
static void mask_findings(struct analysis *a, const struct ml_explain_gfp *g)
{
	FINDING(a, "§1.3", "%s: %s; %s; %s",
		gfp_text(g->gfp),
		g->may_sleep ? "may sleep (direct reclaim)" : "cannot sleep (no __GFP_DIRECT_RECLAIM): no direct reclaim, no compaction",
		g->may_sleep ? (g->may_compact ? "compaction allowed" : "compaction not allowed (no __GFP_IO)") : (g->wakes_kswapd ? "kswapd is woken" : "kswapd is not woken"),
		g->reserves);
	FINDING(a, "§5.2", "retry policy: %s", g->retries);
	for (size_t i = 0; i < g->lines.n; i++)
		FINDING(a, g->lines.v[i].ref, "%s", g->lines.v[i].text);
}

static void thrash_findings(struct analysis *a)
{
	/* Who can reclaim what (§5.4): file LRU always, anon only to swap. */
	const struct ml_report *r = a->r;
	uint64_t file, anon = gp(r, "active_anon") + gp(r, "inactive_anon");
	if (!global_pages(r, "active_file", &file) && !global_pages(r, "inactive_file", &file))
		return;
	file = gp(r, "active_file") + gp(r, "inactive_file");
	if (!r->has_total_swap)
		return;
	if (r->total_swap_bytes == 0) {
		FINDING(a, "§5.4", "no swap: the %s of anonymous memory cannot be reclaimed at all; only the %s of file pages can",
			pages_words(anon, a->ps), pages_words(file, a->ps));
		tag(a, "no-swap");
	} else if (r->free_swap_bytes == 0) {
		FINDING(a, "§5.4", "swap is full (%s, all used): the %s of anonymous memory cannot be reclaimed; only the %s of file pages can",
			words(r->total_swap_bytes), pages_words(anon, a->ps), pages_words(file, a->ps));
		tag(a, "swap-full");
	} else if (anon > 10 * file) {
		FINDING(a, "§5.4", "the page cache is nearly gone (file LRU %s) while anonymous memory holds %s: reclaim must swap (%s free of %s) to make progress — the system is thrashing",
			pages_words(file, a->ps), pages_words(anon, a->ps), words(r->free_swap_bytes),
			words(r->total_swap_bytes));
		tag(a, "thrashing");
	}
}

/* What held the memory (§9.3 a, e): the biggest users, in the dump's words. */
static void holders(struct analysis *a, char *buf, size_t n)
{
	const struct ml_report *r = a->r;
	struct {
		const char *what;
		uint64_t pages;
	} v[12];
	char extra[80] = "";
	size_t k = 0;
	uint64_t x;
	v[k].what = "anonymous memory";
	v[k++].pages = gp(r, "active_anon") + gp(r, "inactive_anon");
	v[k].what = "page cache";
	v[k++].pages = gp(r, "active_file") + gp(r, "inactive_file");
	if (global_pages(r, "active", &x) && !global_pages(r, "active_anon", &x)) {
		v[0].what = "active LRU pages";
		v[0].pages = gp(r, "active");
		v[1].what = "inactive LRU pages";
		v[1].pages = gp(r, "inactive");
	}
	v[k].what = "unreclaimable slab";
	v[k++].pages = gp(r, "slab_unreclaimable");
	v[k].what = "reclaimable slab";
	v[k++].pages = gp(r, "slab_reclaimable");
	if (global_pages(r, "slab", &x) && !global_pages(r, "slab_unreclaimable", &x)) {
		v[k - 2].what = "slab";
		v[k - 2].pages = gp(r, "slab");
	}
	/* shmem/tmpfs pages sit on the anon LRU lists (swap-backed) since the
	 * LRU split: they are part of the anonymous figure, not added to it */
	uint64_t shmem = gp(r, "shmem");
	bool split = global_pages(r, "active_anon", &x) || global_pages(r, "inactive_anon", &x);
	if (split && shmem) {
		v[0].what = "anonymous memory and shmem";
		snprintf(extra, sizeof(extra), "; shmem/tmpfs %s of it", pages_words(shmem, a->ps));
	} else {
		v[k].what = "shmem/tmpfs";
		v[k++].pages = shmem;
	}
	v[k].what = "page tables";
	v[k++].pages = gp(r, "pagetables");
	uint64_t huge_kb = 0;
	for (size_t i = 0; i < r->nhugepages; i++)
		huge_kb += r->hugepages[i].total * r->hugepages[i].size_kb;
	v[k].what = "reserved huge pages";
	v[k++].pages = huge_kb * 1024 / a->ps;
	v[k].what = "free";
	v[k++].pages = gp(r, "free");
	/* sort by size, largest first */
	for (size_t i = 0; i < k; i++)
		for (size_t j = i + 1; j < k; j++)
			if (v[j].pages > v[i].pages) {
				__typeof__(v[0]) t = v[i];
				v[i] = v[j];
				v[j] = t;
			}
	uint64_t ram = 0;
	if (!ml_kv_get(&r->tail, "pages RAM", &ram))
		ml_kv_get(&r->tail, "pages of RAM", &ram);
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < k && len < n; i++) {
		if (!v[i].pages)
			continue;
		len += (size_t)snprintf(buf + len, n - len, "%s%s %s", len ? ", " : "", v[i].what,
					pages_words(v[i].pages, a->ps));
		bool with_extra = extra[0] && strcmp(v[i].what, "anonymous memory and shmem") == 0;
		if (ram && len < n)
			len += (size_t)snprintf(buf + len, n - len, " (%" PRIu64 "%%%s)", v[i].pages * 100 / ram,
						with_extra ? extra : "");
		else if (with_extra && len < n)
			len += (size_t)snprintf(buf + len, n - len, " (%s)", extra + 2);
	}
	if (ram && len && len < n)       /* nothing known held it: say nothing */
		snprintf(buf + len, n - len, " — of %s RAM", pages_words(ram, a->ps));
}

static int cmp_task(const void *x, const void *y)
{
	const struct ml_report_task *a = x, *b = y;
	return (a->rss < b->rss) - (a->rss > b->rss);
}

/* How the OOM ended when it killed nothing (§5.6): out_of_memory() found no
 * victim, and a global OOM without one panics ("System is deadlocked on
 * memory"); panic_on_oom panics too.  The panic is what the user saw. */
static void oom_outcome(struct analysis *a)
{
	const struct ml_report *r = a->r;
	if (r->oom_no_killable && r->panic[0])
		head(a, " The OOM killer found no process it could kill, so the kernel panicked: \"%s\".", r->panic);
	else if (r->oom_no_killable)
		head(a, " The OOM killer found no process it could kill.");
	else if (r->panic[0])
		head(a, " The kernel then panicked: \"%s\".", r->panic);
}

static void oom_findings(struct analysis *a)
{
	const struct ml_report *r = a->r;
	char b[900];
	if (r->has_meminfo) {
		holders(a, b, sizeof(b));
		if (b[0])
			FINDING(a, "§9.3", "what held the memory: %s", b);
	}
	if (r->ntasks) {
		struct ml_report_task *t = malloc(r->ntasks * sizeof(*t));
		if (t) {
			memcpy(t, r->tasks, r->ntasks * sizeof(*t));
			qsort(t, r->ntasks, sizeof(*t), cmp_task);
			uint64_t total = 0, swap = 0;
			for (size_t i = 0; i < r->ntasks; i++) {
				total += t[i].rss;
				swap += t[i].swapents;
			}
			size_t len = 0;
			b[0] = '\0';
			for (size_t i = 0; i < r->ntasks && i < 3 && len < sizeof(b); i++)
				len += (size_t)snprintf(b + len, sizeof(b) - len, "%s%s (pid %" PRId64 ") %s", i ? ", " : "",
							t[i].name, t[i].pid, pages_words(t[i].rss, a->ps));
			FINDING(a, "§5.6", "task table: %zu tasks with %s resident%s%s; largest: %s", r->ntasks,
				pages_words(total, a->ps), r->tasks_have_swap ? ", swapped out " : "",
				r->tasks_have_swap ? pages_words(swap, a->ps) : "", b);
			free(t);
		}
	}
	if (r->nslabs) {
		/* the kernel lists the caches in creation order: name the largest */
		size_t top[3], ntop = 0;
		for (size_t i = 0; i < r->nslabs; i++) {
			size_t k = ntop < 3 ? ntop++ : 3;
			if (k == 3 && r->slabs[i].total_bytes <= r->slabs[top[2]].total_bytes)
				continue;
			if (k == 3)
				k = 2;
			while (k > 0 && r->slabs[top[k - 1]].total_bytes < r->slabs[i].total_bytes) {
				top[k] = top[k - 1];
				k--;
			}
			top[k] = i;
		}
		uint64_t all = 0;
		for (size_t i = 0; i < r->nslabs; i++)
			all += r->slabs[i].total_bytes;
		size_t len = 0;
		b[0] = '\0';
		for (size_t i = 0; i < ntop && len < sizeof(b); i++)
			len += (size_t)snprintf(b + len, sizeof(b) - len, "%s%s %s", i ? ", " : "", r->slabs[top[i]].name,
						words(r->slabs[top[i]].total_bytes));
		FINDING(a, "§5.6", "unreclaimable slab exceeded the LRU lists, so the kernel listed its %zu caches (%s in all); the largest: %s",
			r->nslabs, words(all), b);
	}
	if (r->has_killed && r->has_killed_rss)
		FINDING(a, "§5.6", "%s killed %s (pid %" PRId64 "): anon-rss %s, file-rss %s, shmem-rss %s",
			r->memcg_oom_kill ? "the memcg OOM killer" : "the OOM killer", r->killed_comm, r->killed_pid,
			words(r->killed_anon_rss_kb * 1024), words(r->killed_file_rss_kb * 1024),
			words(r->killed_shmem_rss_kb * 1024));
	else if (r->has_killed)
		FINDING(a, "§5.6", "%s killed %s (pid %" PRId64 "); the kill line gives no sizes (kernels before 2.6.25)",
			r->memcg_oom_kill ? "the memcg OOM killer" : "the OOM killer", r->killed_comm, r->killed_pid);
	if (r->oom_no_killable)
		FINDING(a, "§5.6", "\"Out of memory and no killable processes...\": out_of_memory() chose no victim, so nothing was killed%s",
			r->panic[0] ? "; a global OOM without a victim panics" : "");
	if (r->panic[0])
		FINDING(a, "§5.6", "the kernel panicked: \"Kernel panic - not syncing: %s\"", r->panic);
	/* 32-bit: the kernel's own memory all lives in lowmem (§10.1). */
	if (is_32bit(a) && highmem_configured(a) && r->has_meminfo) {
		uint64_t lowmem = 0, lowfree = 0, gfree = gp(r, "free");
		for (size_t i = 0; i < a->sys.nzones; i++) {
			const struct ml_zone *z = &a->sys.zones[i];
			if (z->has_zoneinfo && z->kind <= ML_ZONE_NORMAL) {
				lowmem += z->managed;
				lowfree += z->free_pages;
			}
		}
		uint64_t kern = gp(r, "slab_unreclaimable") + gp(r, "slab_reclaimable") + gp(r, "slab") +
				gp(r, "pagetables");
		if (lowmem)
			FINDING(a, "§10.1", "32-bit lowmem: %s managed, %s free; kernel-only memory (slab and page tables, which live in lowmem) takes %s (%" PRIu64 "%% of lowmem); HighMem and other zones outside the dump held %s free",
				pages_words(lowmem, a->ps), pages_words(lowfree, a->ps), pages_words(kern, a->ps),
				kern * 100 / lowmem, pages_words(gfree > lowfree ? gfree - lowfree : 0, a->ps));
	}
}

/* The kernel version as a number (6018), -1 unknown. */
static int kver(const struct analysis *a)
{
	if (a->have_res && !a->res.inputs.kernel_assumed)
		return a->res.inputs.kernel_version;
	return -1;
}

/* Cause of a page-allocator failure, read from explain's zone checks. */
static void classify_page(struct analysis *a)
{
	const struct ml_report *r = a->r;
	const struct ml_page_analysis *pa = &a->res.page;
	const struct ml_explain_gfp *g = &a->res.gfp;
	int o = pa->order;
	char b[1000];
	if (!pa->present)
		return;
	mask_findings(a, g);
	if (!a->res.inputs.has_zones || pa->nzones == 0) {
		bool any_data = false;
		for (size_t i = 0; i < a->sys.nzones; i++)
			any_data |= a->sys.zones[i].has_zoneinfo || a->sys.zones[i].has_buddy ||
				    a->sys.zones[i].has_watermarks;
		bool zone_lines = false;
		for (size_t i = 0; i < r->nzones; i++)
			zone_lines |= r->zones[i].has_zone_line || r->zones[i].buddy_line;
		uint64_t gfree = 0;
		/* A whole dump (global block to "pages RAM") without one zone line:
		 * it prints only populated zones up to the request's highest
		 * (kernel-model §9.2 item 3, 9.3 c), so every zone it may use is
		 * empty while the free pages are in the zones above. */
		if (r->has_meminfo && r->meminfo_complete && !zone_lines && global_pages(r, "free", &gfree) &&
		    g->highest_zone < ML_ZONE_MOVABLE && kver(a) >= 5015) {
			a->cause = "no-usable-zone";
			tag(a, "zone-restricted");
			tag(a, "lowmem-zone");
			head(a, "No zone the mask may use has memory: the Mem-Info dump lists only the populated zones up to the request's highest (%s for %s) and lists none, while %s was free in the zones above it.",
			     ml_zone_kind_name(g->highest_zone), gfp_text(g->gfp), pages_words(gfree, a->ps));
			if (g->highest_zone == ML_ZONE_DMA32)
				head(a, " ZONE_DMA32 (memory below 4 GiB) is empty here: all RAM lies above 4 GiB, so a device limited to 32-bit DMA addresses cannot get memory from the page allocator.");
			else if (g->highest_zone == ML_ZONE_DMA)
				head(a, " ZONE_DMA is empty here, so nothing can satisfy __GFP_DMA.");
			head(a, " Retry policy: %s", g->retries);
			FINDING(a, "§9.2", "the dump has its global block and its tail (%" PRIu64 " free pages) but no zone or buddy line: the zones up to %s are unpopulated",
				gfree, ml_zone_kind_name(g->highest_zone));
			if (g->highest_zone == ML_ZONE_DMA32 || g->highest_zone == ML_ZONE_DMA)
				ADVICE(a, "§2.2", "let the device use its full addressing: set a wider DMA mask (dma_set_mask_and_coherent() with the bits the hardware has) and allocate through the DMA API, or put an IOMMU or a restricted-DMA/swiotlb pool below 4 GiB in front of it");
			return;
		}
		if (!r->has_meminfo || !any_data) {
			a->cause = "no-meminfo";
			head(a, "The report %s, so the free memory and free blocks that would say why are missing. What the request itself says: order %d (%s) with %s; %s.",
			     r->has_meminfo ? "has no readable zone figures" : "stops before its Mem-Info dump", o,
			     pages_words(1, a->ps << (o < 40 ? o : 40)), gfp_text(g->gfp), g->retries);
			return;
		}
	}
	if (pa->nzones == 0 && pa->nunjudged == 0) {
		a->cause = "no-usable-zone";
		head(a, "No zone the mask may use has memory: %s.", pa->reason);
		return;
	}
	FINDING(a, "§2.3", "zones tried, in order: %s", g->zonelist);
	/* Zones the request may use whose figures could not be read left the
	 * model: nothing can be concluded about them. */
	char unread[300] = "";
	size_t ulen = 0;
	for (size_t i = 0; i < a->sys.nzones; i++) {
		const struct ml_zone *z = &a->sys.zones[i];
		if (ml_zone_usable(z) || z->has_zoneinfo || z->kind > g->highest_zone || z->kind == ML_ZONE_OTHER)
			continue;
		const struct ml_report_zone *rz = report_zone(r, z->node, z->name);
		if (!rz || (!rz->has_zone_line && !rz->buddy_line))
			continue;
		if (ulen < sizeof(unread))
			ulen += (size_t)snprintf(unread + ulen, sizeof(unread) - ulen, "%s%s", ulen ? ", " : "",
						 zone_label(a, z->node, z->name));
	}
	/* and those explain could not check that may have served it (§4.4) */
	for (size_t i = 0; i < pa->nunjudged; i++)
		if (pa->unjudged[i].may_pass && ulen < sizeof(unread))
			ulen += (size_t)snprintf(unread + ulen, sizeof(unread) - ulen, "%s%s", ulen ? ", " : "",
						 zone_label(a, pa->unjudged[i].node, pa->unjudged[i].zone));
	zone_findings(a, pa);
	if (!unread[0])
		outside_zones(a, pa, g);
	for (size_t i = 0; i < pa->slowpath.n; i++)
		FINDING(a, pa->slowpath.v[i].ref, "%s", pa->slowpath.v[i].text);

	size_t order0_ok = 0, both = 0;
	uint64_t free_ok = 0;
	for (size_t i = 0; i < pa->nzones; i++) {
		if (pa->zones[i].slow.order0_ok) {
			order0_ok++;
			free_ok += pa->zones[i].slow.free_pages;
		}
		if (pa->zones[i].slow.ok)
			both++;
	}
	uint64_t total_free = 0;
	for (size_t i = 0; i < pa->nzones; i++)
		total_free += pa->zones[i].slow.free_pages;

	/* the largest free block among the zones with free pages above min */
	int best = -1;
	const char *best_zone = "";
	for (size_t i = 0; i < pa->nzones; i++) {
		const struct ml_report_zone *rz = report_zone(r, pa->zones[i].node, pa->zones[i].zone);
		if (!pa->zones[i].slow.order0_ok)
			continue;
		if (rz && largest_order(rz) > best) {
			best = largest_order(rz);
			best_zone = zone_label(a, rz->node, rz->name);
		}
	}

	if (pa->nzones == 0) {
		/* Every zone it may use was left out of the checks (§4.4). */
		if (unread[0]) {
			a->cause = "incomplete";
		} else {
			a->cause = "fragmentation";
			head(a, "No zone the mask may use has a free block of order %d (%s) it may take: %s (their watermarks are not in the dump, but without such a block the check fails whatever they are).",
			     o, pages_words(1, a->ps << (o < 40 ? o : 40)), g->zonelist);
			bool all_cma = pa->nunjudged > 0;
			for (size_t i = 0; i < pa->nunjudged && all_cma; i++) {
				const struct ml_report_zone *rz = report_zone(r, pa->unjudged[i].node, pa->unjudged[i].zone);
				char lt[12] = "";
				if (rz)
					letters_from(rz, o, lt, sizeof(lt));
				all_cma = strcmp(lt, "C") == 0;
			}
			if (all_cma) {
				tag(a, "cma-only");
				head(a, " Every free block there is a CMA block, which only movable allocations may take (kernel-model §3.6).");
			}
		}
	} else if (both == 0 && o == 0 && order0_ok > 0) {
		/* order 0 above min, but no page on a list the mask may use */
		char lt[12] = "";
		for (size_t i = 0; i < pa->nzones && !lt[0]; i++) {
			const struct ml_report_zone *rz = report_zone(r, pa->zones[i].node, pa->zones[i].zone);
			if (rz && pa->zones[i].slow.order0_ok)
				letters_from(rz, 0, lt, sizeof(lt));
		}
		a->cause = "reserved-free-lists";
		head(a, "Free pages, but none it may take: %s is free above min in the zones it may use, yet every free block is on a list this mask may not use (types there: %s).",
		     pages_words(free_ok, a->ps), lt[0] ? lt : "unknown");
		if (strchr(lt, 'H'))
			head(a, " H is the HighAtomic reserve, kept for high-order atomic allocations: an order-0 request may not take from it (kernel-model §3.5), so these pages are free but out of reach.");
		if (strchr(lt, 'C'))
			head(a, " C is CMA, which only movable allocations may take (kernel-model §3.6).");
	} else if (both == 0 && o > 0 && order0_ok > 0 && pre44_failed(pa)) {
		/* kernels before 4.4: the free pages in blocks below the order did
		 * not count, and min halved once per order walked */
		a->cause = "fragmentation";
		tag(a, "fragmented");
		size_t len = 0;
		b[0] = '\0';
		for (size_t i = 0; i < pa->nzones && len < sizeof(b); i++) {
			const struct ml_zone_check *z2 = &pa->zones[i];
			const struct ml_report_zone *rz = report_zone(r, z2->node, z2->zone);
			if (!z2->slow.order0_ok || !rz)
				continue;
			len += (size_t)snprintf(b + len, sizeof(b) - len, "%s%s %" PRIu64 " of %" PRIu64 " free pages (min %" PRIu64 ")",
						len ? ", " : "", zone_label(a, z2->node, z2->zone), pages_at_or_above(rz, o),
						z2->slow.free_pages, z2->slow.mark_reduced_pages);
		}
		head(a, "Fragmentation: the zones have free memory, but almost none of it in blocks of order ≥ %d (%s): %s. On this %s kernel (before 4.4) the watermark check of an order-%d request took away the free pages in smaller blocks and halved min for each order below %d, so a few free blocks of the order did not save it.",
		     o, pages_words(1, a->ps << o), b, r->kernel[0] ? r->kernel : "old", o, o);
	} else if (both == 0 && o > 0 && order0_ok > 0) {
		a->cause = "fragmentation";
		head(a, "Fragmentation: %s is free in the zones it may use (%s of it in zones above their min watermark), but none of them has a free block of order %d (%s) that this mask may use",
		     pages_words(total_free, a->ps), pages_words(free_ok, a->ps), o, pages_words(1, a->ps << o));
		if (best >= 0)
			head(a, "; the largest there is order %d (%s) in %s", best, pages_words(1, a->ps << best), best_zone);
		head(a, ".");
		/* Blocks of the order exist but only on lists this mask may not
		 * take: CMA (movable only, §3.6) or the HighAtomic reserve (§3.5). */
		char cma[200] = "", ha[200] = "";
		size_t lc = 0, lh = 0;
		for (size_t i = 0; i < pa->nzones; i++) {
			const struct ml_report_zone *rz = report_zone(r, pa->zones[i].node, pa->zones[i].zone);
			char lt[12];
			if (!pa->zones[i].slow.order0_ok || !rz || pages_at_or_above(rz, o) == 0)
				continue;
			letters_from(rz, o, lt, sizeof(lt));
			if (strcmp(lt, "C") == 0 && lc < sizeof(cma))
				lc += (size_t)snprintf(cma + lc, sizeof(cma) - lc, "%s%s", lc ? ", " : "",
						       zone_label(a, rz->node, rz->name));
			else if (strcmp(lt, "H") == 0 && lh < sizeof(ha))
				lh += (size_t)snprintf(ha + lh, sizeof(ha) - lh, "%s%s", lh ? ", " : "",
						       zone_label(a, rz->node, rz->name));
		}
		uint64_t fcma = gp(r, "free_cma");
		if (cma[0]) {
			tag(a, "cma-only");
			head(a, " In %s every free block of order ≥ %d is a CMA block (%s of CMA free in all), which only movable allocations may take (kernel-model §3.6): for this mask that memory is not there.",
			     cma, o, pages_words(fcma, a->ps));
		}
		if (ha[0])
			head(a, " In %s every free block of order ≥ %d is in the HighAtomic reserve, kept for high-order atomic allocations (kernel-model §3.5).",
			     ha, o);
	} else if (both == 0) {
		a->cause = "low-memory";
		zone_checks_summary(a, pa, b, sizeof(b));
		head(a, "Not enough free memory: every zone the mask may use is at or below its min watermark (%s).", b);
		if (has_tag(a, "lowmem-reserve"))
			head(a, " The lowmem_reserve keeps the lower zones for allocations that cannot use higher ones.");
		/* free memory that is CMA does not count for this mask (§3.6, §4.2) */
		uint64_t cma = 0, fr = 0;
		for (size_t i = 0; i < pa->nzones; i++) {
			cma += pa->zones[i].slow.unusable_cma;
			fr += pa->zones[i].slow.free_pages;
		}
		if (!g->may_sleep && o <= ML_PAGE_ALLOC_COSTLY_ORDER) {
			uint64_t cache = gp(r, "active_file") + gp(r, "inactive_file");
			if (cache > fr)
				head(a, " The page cache (%s) could have been reclaimed, but only by kswapd or a caller that may sleep: an atomic allocation cannot wait for it.",
				     pages_words(cache, a->ps));
		}
		if (cma * 2 > fr && cma > 0) {
			tag(a, "cma");
			head(a, " Most of the free memory there is CMA (%s of %s): only movable allocations may take CMA pageblocks, so for this mask it is not free (kernel-model §3.6).",
			     pages_words(cma, a->ps), pages_words(fr, a->ps));
		}
	} else {
		const struct ml_zone_check *zc = &pa->zones[pa->first_ok_slow];
		a->cause = "not-visible-in-dump";
		uint64_t need = zc->slow.mark_reduced_pages + zc->slow.reserve_pages;
		uint64_t spare = zc->slow.free_pages > zc->slow.unusable_pages ? zc->slow.free_pages - zc->slow.unusable_pages : 0;
		if (o <= ML_PAGE_ALLOC_COSTLY_ORDER && spare > 8 * need && spare - need > (1ull << 30) / a->ps) {
			/* far above min: a moment earlier the zone was not short either */
			a->cause = "not-a-shortage";
			head(a, "Not a memory shortage: %s passes the check in the dump with %s to spare (%s), far more than could have been taken in the moment between the failure and the dump. Something outside the zone checks refused it: a nodemask, cpuset or mempolicy that excluded this memory, fault injection, or code in the allocation path (a hook or a bug) returning NULL.",
			     zone_label(a, zc->node, zc->zone), pages_words(spare - need, a->ps), a->res.page.reason);
		} else {
			head(a, "The dump does not show the shortage: it is printed after the allocator gave up, and %s now passes the check (%s). The free lists changed between the failure and the dump (other CPUs free memory, kswapd and kcompactd run).",
			     zone_label(a, zc->node, zc->zone), a->res.page.reason);
		}
		/* How much of the free memory is in blocks large enough (§6.1) in
		 * the zones that pass: "thin" when those pages would not even cover
		 * the zone's min watermark. */
		if (o > 0) {
			size_t passing = 0, thin = 0, len = 0;
			uint64_t lo_pm = 1000, hi_pm = 0;
			b[0] = '\0';
			for (size_t i = 0; i < pa->nzones; i++) {
				const struct ml_zone_check *z2 = &pa->zones[i];
				const struct ml_report_zone *rz = report_zone(r, z2->node, z2->zone);
				if (!z2->slow.ok || !rz || !z2->slow.free_pages)
					continue;
				uint64_t big = pages_at_or_above(rz, o);
				uint64_t pm = big * 1000 / z2->slow.free_pages;
				passing++;
				if (big < z2->slow.mark_reduced_pages)
					thin++;
				lo_pm = pm < lo_pm ? pm : lo_pm;
				hi_pm = pm > hi_pm ? pm : hi_pm;
				if (len < sizeof(b))
					len += (size_t)snprintf(b + len, sizeof(b) - len, "%s%s %" PRIu64 " of %" PRIu64 " free pages (min %" PRIu64 ")",
								len ? ", " : "", zone_label(a, z2->node, z2->zone), big,
								z2->slow.free_pages, z2->slow.mark_reduced_pages);
			}
			char lo[16], hi[16];
			ml_format_permille_pct((int64_t)lo_pm, lo, sizeof(lo));
			ml_format_permille_pct((int64_t)hi_pm, hi, sizeof(hi));
			/* fragmented: in every zone that passes, at most a quarter of the
			 * free memory is in blocks of the order (unusable free index
			 * ≥ 0.75, §6.2) */
			if (passing && hi_pm <= 250) {
				a->cause = "fragmentation";
				tag(a, "fragmented");
				a->headline[0] = '\0';
				if (thin == passing)
					head(a, "Fragmentation: the zones have free memory, but almost none of it in blocks of order ≥ %d (%s): %s.",
					     o, pages_words(1, a->ps << o), b);
				else
					head(a, "Fragmentation: in the zones it may use only %s-%s of the free memory is in blocks of order ≥ %d (%s): %s.",
					     lo, hi, o, pages_words(1, a->ps << o), b);
				head(a, " The dump, printed a moment after the failure, shows such blocks again (%s now passes the check): on memory fragmented like this, order-%d requests fail whenever the few large blocks are used up.",
					     zone_label(a, zc->node, zc->zone), o);
			}
		}
	}

	if (unread[0]) {
		char h[sizeof(a->headline)];
		snprintf(h, sizeof(h), "%s", a->headline);
		a->headline[0] = '\0';
		a->cause = "incomplete";
		tag(a, "incomplete");
		if (h[0])
			head(a, "Incomplete: the figures of %s, which the request may use, could not be read (see below), so the dump cannot say why it failed. From the zones that could be read: %s",
			     unread, h);
		else
			head(a, "Incomplete: the figures of %s, which the request may use, could not be read (see below), so the dump cannot say why it failed.",
			     unread);
		/* what the free lists alone rule out (§4.4) */
		char out[300] = "";
		size_t ol = 0;
		for (size_t i = 0; i < pa->nunjudged && ol < sizeof(out); i++)
			if (!pa->unjudged[i].may_pass && pa->unjudged[i].block_checked)
				ol += (size_t)snprintf(out + ol, sizeof(out) - ol, "%s%s", ol ? ", " : "",
						       zone_label(a, pa->unjudged[i].node, pa->unjudged[i].zone));
		if (out[0] && !h[0])
			head(a, " Its free lists rule out %s: no free block of order ≥ %d there that this mask may use.", out, o);
	}
	/* kswapd runs with PF_MEMALLOC: its allocations skip the watermarks
	 * and reclaim nothing directly (§4.3, §5.1 table), so it fails only
	 * when the zones it may use are empty. */
	if (strncmp(r->comm, "kswapd", 6) == 0 && strcmp(a->cause, "low-memory") == 0) {
		tag(a, "pf-memalloc");
		head(a, " The failing task is kswapd itself, which runs with PF_MEMALLOC: it may take pages below min and does no direct reclaim, so its failure means the zones it may use were all but empty.");
	}
	/* Unmovable kernel memory pins pageblocks: compaction cannot move it
	 * (§5.5) — the usual source of lasting fragmentation. */
	if (strcmp(a->cause, "fragmentation") == 0) {
		uint64_t ram = 0, slab = gp(r, "slab_unreclaimable");
		if (!ml_kv_get(&r->tail, "pages RAM", &ram))
			ml_kv_get(&r->tail, "pages of RAM", &ram);
		if (ram && slab * 10 >= ram)
			head(a, " Unreclaimable slab holds %s (%" PRIu64 "%% of RAM): such unmovable pages pin their pageblocks, which compaction cannot empty (kernel-model §5.5).",
			     pages_words(slab, a->ps), slab * 100 / ram);
	}
	bool placement = a->filtered || strcmp(r->oom_constraint, "CONSTRAINT_CPUSET") == 0 ||
			 strcmp(r->oom_constraint, "CONSTRAINT_MEMORY_POLICY") == 0;
	/* What the mask allowed the allocator to do about it (§5.2). */
	if (!g->may_sleep) {
		tag(a, "atomic");
		head(a, " The mask cannot sleep (no __GFP_DIRECT_RECLAIM, as GFP_ATOMIC/GFP_NOWAIT), so there was no direct reclaim or compaction: it failed at once.");
	} else if (o > 0 && !g->may_compact) {
		tag(a, "no-compaction");
		head(a, " Without __GFP_IO (GFP_NOIO) compaction is not allowed, so nothing could assemble the block.");
	}
	if (g->may_sleep && g->noretry) {
		tag(a, "noretry");
		head(a, " __GFP_NORETRY allows one light round of reclaim and compaction and then fails: an opportunistic attempt whose caller must fall back (it should also pass __GFP_NOWARN).");
	} else if (g->may_sleep && o > 3 && !g->retry_mayfail && !g->nofail) {
		tag(a, "costly-order");
		head(a, " Order %d is costly (> 3): one round of reclaim and compaction, then failure; the OOM killer is never used for it.", o);
	} else if (g->may_sleep && g->highest_zone < ML_ZONE_NORMAL && o <= 3) {
		head(a, " A request limited to zones below Normal never invokes the OOM killer: it fails after reclaim retries.");
	}
	if (placement && !has_tag(a, "lowmem-zone") && has_tag(a, "zone-restricted")) {
		uint64_t gfree = gp(r, "free");
		if (gfree > total_free)
			head(a, " Only %s may be used, while the rest of the machine held %s free.", g->zonelist,
			     pages_words(gfree - total_free, a->ps));
	}
	for (size_t i = 0; !placement && i < a->ntags; i++) {
		if (strcmp(a->tags[i], "zone-restricted") == 0 || strcmp(a->tags[i], "lowmem-zone") == 0) {
			uint64_t managed = 0, gfree = gp(r, "free");
			for (size_t k = 0; k < pa->nzones; k++)
				managed += pa->zones[k].managed_pages;
			head(a, " The mask limits it to %s (%s managed)", g->zonelist, pages_words(managed, a->ps));
			if (gfree > total_free)
				head(a, ", while zones it may not use held %s free", pages_words(gfree - total_free, a->ps));
			head(a, ".");
			break;
		}
	}
	if (a->filtered && !placement)
		head(a, " The %s.", a->filtered_text);
	else if (a->filtered)
		FINDING(a, "§2.3", "%s", a->filtered_text);
	/* 32-bit: kernel memory can only be lowmem (§10.1) */
	if (is_32bit(a) && has_tag(a, "lowmem-zone") && strcmp(a->cause, "low-memory") == 0) {
		uint64_t lowmem = 0, kern = gp(r, "slab_unreclaimable") + gp(r, "slab_reclaimable") + gp(r, "slab") +
					    gp(r, "pagetables");
		for (size_t i = 0; i < a->sys.nzones; i++)
			if (a->sys.zones[i].has_zoneinfo && a->sys.zones[i].kind <= ML_ZONE_NORMAL)
				lowmem += a->sys.zones[i].managed;
		uint64_t slab = gp(r, "slab_unreclaimable") + gp(r, "slab_reclaimable") + gp(r, "slab"),
			 pt = gp(r, "pagetables");
		char sb[32], pb[32];
		snprintf(sb, sizeof(sb), "%s", pages_words(slab, a->ps));
		snprintf(pb, sizeof(pb), "%s", pages_words(pt, a->ps));
		if (lowmem && kern * 2 > lowmem)
			head(a, " Slab (%s) and page tables (%s), kernel memory that lives in lowmem (page tables go to HighMem only with CONFIG_HIGHPTE), fill %" PRIu64 "%% of it (%s of %s): lowmem is exhausted by kernel memory, which HighMem cannot take; a 64-bit kernel has no such limit.",
			     sb, pb, kern * 100 / lowmem, pages_words(kern, a->ps), pages_words(lowmem, a->ps));
	}
	if (r->kind == ML_REPORT_PAGE_ALLOC_FAILURE || r->kind == ML_REPORT_VMALLOC) {
		char h[900];
		holders(a, h, sizeof(h));
		if (h[0])
			FINDING(a, "§9.3", "what held the memory: %s", h);
	}
}

static void classify_oom(struct analysis *a)
{
	const struct ml_report *r = a->r;
	/* before the constraint line (4.x) a memcg OOM shows in its frames:
	 * mem_cgroup_out_of_memory(), or mem_cgroup_oom_synchronize() when the
	 * charge failed in a page fault (3.x) */
	bool memcg = strcmp(r->oom_constraint, "CONSTRAINT_MEMCG") == 0 || r->memcg_oom_kill ||
		     (r->memcg_memory.has && !r->has_meminfo) ||
		     (!r->oom_constraint[0] && (ml_report_has_frame(r, "mem_cgroup_out_of_memory") ||
						ml_report_has_frame(r, "mem_cgroup_oom_synchronize")));
	if (memcg) {
		a->cause = "memcg-limit";
		tag(a, "memcg");
		head(a, "The memory cgroup %s reached its limit", r->oom_memcg[0] ? r->oom_memcg : r->task_memcg[0] ? r->task_memcg : "of the task");
		if (r->memcg_memory.has)
			head(a, ": usage %s of limit %s (failcnt %" PRIu64 ")", words(r->memcg_memory.usage_bytes),
			     words(r->memcg_memory.limit_bytes), r->memcg_memory.failcnt);
		/* PAGE_COUNTER_MAX pages printed in kB: no limit (about 8 EiB) */
		if (r->memcg_memsw.has && r->memcg_memsw.limit_bytes >= (1ull << 62))
			head(a, "; memory+swap %s, not limited", words(r->memcg_memsw.usage_bytes));
		else if (r->memcg_memsw.has)
			head(a, "; memory+swap %s of %s", words(r->memcg_memsw.usage_bytes), words(r->memcg_memsw.limit_bytes));
		if (r->memcg_swap.has && r->memcg_swap.limit_bytes && r->memcg_swap.usage_bytes >= r->memcg_swap.limit_bytes)
			head(a, "; its swap is at its limit too (%s)", words(r->memcg_swap.limit_bytes));
		head(a, ". The charge, not the page allocator, failed: the cgroup could reclaim no more of its own pages, so the OOM killer chose a victim inside it (kernel-model §1.3 __GFP_ACCOUNT, §5.6).");
		if (r->has_meminfo) {
			uint64_t f = gp(r, "free");
			head(a, " The machine itself had %s free.", pages_words(f, a->ps));
		}
		oom_outcome(a);
		if (r->memcg_stats.n) {
			uint64_t anon = 0, file = 0, dirty = 0, wb = 0;
			if (ml_kv_get(&r->memcg_stats, "anon", &anon) || ml_kv_get(&r->memcg_stats, "rss", &anon))
				FINDING(a, "§5.6", "inside the cgroup: anonymous %s, file %s", words(anon),
					words(ml_kv_get(&r->memcg_stats, "file", &file) ? file : ml_kv_get(&r->memcg_stats, "cache", &file) ? file : 0));
			if (!file)
				(void)(ml_kv_get(&r->memcg_stats, "file", &file) || ml_kv_get(&r->memcg_stats, "cache", &file));
			bool have_dirty = ml_kv_get(&r->memcg_stats, "file_dirty", &dirty) ||
					  ml_kv_get(&r->memcg_stats, "dirty", &dirty);
			(void)(ml_kv_get(&r->memcg_stats, "file_writeback", &wb) || ml_kv_get(&r->memcg_stats, "writeback", &wb));
			/* page cache that is mostly dirty cannot be reclaimed until it is
			 * written back; with nothing under writeback, reclaim finds
			 * nothing to free and the cgroup OOMs (§5.4) */
			if (have_dirty && file && dirty * 2 > file) {
				tag(a, "dirty-pages");
				head(a, " Most of its page cache is dirty (%s of %s) with %s under writeback: reclaim cannot free dirty pages before they are written, so it found too little to free.",
				     words(dirty), words(file), wb ? words(wb) : "nothing");
				ADVICE(a, "§5.4", "write back sooner in this cgroup: lower vm.dirty_ratio/dirty_background_ratio (or the _bytes forms) so the dirty share of a small cgroup stays small, or give the cgroup more room than its dirty data");
			}
		}
		oom_findings(a);
		return;
	}
	if (a->have_res) {
		classify_page(a);
		char b[1600];
		snprintf(b, sizeof(b), "%s", a->headline);
		a->headline[0] = '\0';
		const char *c = r->oom_constraint;
		if (strcmp(c, "CONSTRAINT_CPUSET") == 0 || strcmp(c, "CONSTRAINT_MEMORY_POLICY") == 0) {
			a->cause = strcmp(c, "CONSTRAINT_CPUSET") == 0 ? "cpuset" : "mempolicy";
			tag(a, a->cause);
			head(a, "Out of memory within the %s: the allocation could use only node(s) %s. ",
			     strcmp(c, "CONSTRAINT_CPUSET") == 0 ? "task's cpuset" : "task's memory policy",
			     r->has_nodemask && strcmp(r->nodemask, "(null)") ? r->nodemask : r->mems_allowed[0] ? r->mems_allowed : "(not printed)");
		} else {
			head(a, "Out of memory: reclaim could not free enough and the allocation is too small to fail, so the OOM killer ran (kernel-model §5.6). ");
		}
		head(a, "%s", b);
		thrash_findings(a);
	} else {
		a->cause = "out-of-memory";
		head(a, "Out of memory (the OOM killer ran); %s.", a->no_res);
	}
	char h[900];
	if (r->has_meminfo) {
		holders(a, h, sizeof(h));
		if (h[0])
			head(a, " What held the memory: %s.", h);
	}
	if (r->ntasks) {
		size_t big = 0;
		for (size_t i = 1; i < r->ntasks; i++)
			if (r->tasks[i].rss > r->tasks[big].rss)
				big = i;
		head(a, " The largest task was %s (pid %" PRId64 ") with %s resident%s.", r->tasks[big].name,
		     r->tasks[big].pid, pages_words(r->tasks[big].rss, a->ps),
		     r->has_killed && r->killed_pid == r->tasks[big].pid ? ", and it was killed" : "");
	}
	oom_outcome(a);
	oom_findings(a);
}

static void classify_stall(struct analysis *a)
{
	const struct ml_report *r = a->r;
	if (!a->have_res) {
		a->cause = "stall";
		head(a, "The allocation had been retrying for %" PRIu64 " ms; %s.", r->stall_ms, a->no_res);
		return;
	}
	classify_page(a);
	char b[1600];
	snprintf(b, sizeof(b), "%s", a->headline);
	a->headline[0] = '\0';
	head(a, "Still not satisfied after %" PRIu64 " ms of reclaim and retries (it had not failed yet). %s", r->stall_ms, b);
	thrash_findings(a);
	for (size_t i = 0; i < a->ntags; i++)
		if (strcmp(a->tags[i], "thrashing") == 0) {
			uint64_t file = gp(r, "active_file") + gp(r, "inactive_file");
			uint64_t anon = gp(r, "active_anon") + gp(r, "inactive_anon");
			head(a, " Reclaim is slow because the page cache is nearly gone (%s) and what remains reclaimable is anonymous memory (%s) that must go to swap: the system is thrashing; a process growing its anonymous memory is the usual cause.",
			     pages_words(file, a->ps), pages_words(anon, a->ps));
			if (strcmp(a->cause, "not-visible-in-dump") == 0 || strcmp(a->cause, "low-memory") == 0)
				a->cause = "thrashing";
		}
	char h[900];
	holders(a, h, sizeof(h));
	if (h[0])
		FINDING(a, "§9.3", "what held the memory: %s", h);
}

static bool trace_has(const struct ml_report *r, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ml_report_has_frame(r, names[i]))
			return true;
	return false;
}

static void classify_vmalloc(struct analysis *a, const struct ml_report_context *ctx)
{
	const struct ml_report *r = a->r;
	static const char *const module_frames[] = { "module_alloc", "execmem_alloc", "move_module" };
	bool modules = trace_has(r, module_frames, 3);
	uint64_t gfree = gp(r, "free");
	/* Called from start_kernel() itself, not from an initcall or a task:
	 * early boot, where vmalloc may not be set up yet (mm_core_init()
	 * runs vmalloc_init() after some early users) */
	static const char *const later[] = { "kernel_init", "do_initcalls", "do_one_initcall", "kthread",
					     "ret_from_fork", "entry_SYSCALL", "do_syscall" };
	if (ml_report_has_frame(r, "start_kernel") && !trace_has(r, later, 7)) {
		a->cause = "early-boot";
		tag(a, "early-boot");
		head(a, "Too early in boot: the vmalloc call came straight from start_kernel() (by way of %s), before the kernel's own setup was done; a vmalloc area that is not yet set up (vmalloc_init() runs in mm_core_init()) fails every request, whatever the free space%s. The caller must use the early allocator (memblock) or wait for an initcall.",
		     ml_report_caller(r)[0] ? ml_report_caller(r) : "its callers",
		     gfree ? " and free memory" : "");
		ADVICE(a, "§8.1", "move the allocation out of the early start_kernel() path (an initcall runs after the vmalloc area exists), or use memblock_alloc() there");
		return;
	}
	switch (r->vmalloc_what) {
	case ML_VMALLOC_ADDRESS_SPACE: {
		a->cause = "vmalloc-address-space";
		uint64_t need = r->has_vmap_size ? r->vmap_size : a->have_res ? a->res.api.vm_area_bytes : 0;
		head(a, "Out of vmalloc address space, not memory: no free range of %s", need ? words(need) : "the size asked");
		if (r->has_vmalloc_size)
			head(a, " (%s asked, rounded up to pages, plus one guard page, kernel-model §8.1 step 3)", words(r->vmalloc_size));
		head(a, " was left in %s.", modules ? "the module area (the trace goes through module_alloc: module text has its own small region, §10)" : "the vmalloc area");
		if (ctx->vmalloc_param[0] && !modules)
			head(a, " The kernel was booted with %s, so the whole area is only that large (§10.1).", ctx->vmalloc_param);
		else if (!modules && is_32bit(a))
			head(a, " A 32-bit kernel's whole vmalloc area is small: %s (§10.1).", vmalloc_default_size(a));
		else if (!modules && !is_64bit(a) && r->vmap_says_vmalloc_param)
			head(a, " The log does not say whether the kernel is 32-bit; if it is, the whole vmalloc area is small (%s, §10.1), and the message's own hint, vmalloc=<size>, is the boot option that sets it.",
			     vmalloc_default_size(a));
		if (r->vmap_burst)
			head(a, " %u more vmap failure%s came just before it (line%s %lu-%lu): the area stayed full through the burst.",
			     r->vmap_burst, r->vmap_burst == 1 ? "" : "s", r->vmap_burst == 1 ? "" : "s", r->vmap_burst_first,
			     r->vmap_burst_last);
		if (r->has_vmap_range)
			head(a, " The range it could use was 0x%" PRIx64 "-0x%" PRIx64 ".", r->vmap_range_start, r->vmap_range_end);
		if (a->have_res && a->res.bulk.present && a->res.inputs.has_zones)
			head(a, " Physical memory was plentiful: %s.", a->res.bulk.reason);
		else if (r->has_meminfo)
			head(a, " Physical memory was not the problem (%s free).", pages_words(gfree, a->ps));
		else
			head(a, " The report has no Mem-Info dump, and an address-space failure does not depend on free memory.");
		tag(a, modules ? "module-area" : "vmalloc-area");
		break;
	}
	case ML_VMALLOC_EXCEEDS_TOTAL:
		a->cause = "size-exceeds-ram";
		head(a, "vmalloc of %s is more than all of the machine's RAM: refused at once (kernel-model §8.1 step 1); the size is a bug in the caller.",
		     words(r->vmalloc_size));
		break;
	case ML_VMALLOC_OLD_GENERIC:
		a->cause = "vmalloc-failure";
		head(a, "vmalloc of %s failed; this kernel's message does not say which step failed (address space or pages).",
		     words(r->vmalloc_size));
		if (a->have_res && a->res.bulk.present && a->res.inputs.has_zones)
			head(a, " Pages: %s.", a->res.bulk.reason);
		if (r->has_vmap_size)
			head(a, " The vmap line before it says the address space was exhausted.");
		break;
	default:
		if (a->have_res) {
			classify_page(a);
			char b[1600];
			snprintf(b, sizeof(b), "%s", a->headline);
			a->headline[0] = '\0';
			bool charge = (a->rq.gfp & ML_GFP_ACCOUNT) && a->res.page.present && a->res.page.first_ok_slow >= 0;
			if (charge) {
				a->cause = "memcg-charge";
				tag(a, "memcg");
				const struct ml_zone_check *zc = &a->res.page.zones[a->res.page.first_ok_slow];
				head(a, "vmalloc could not get its backing pages%s%s%s although the page allocator had them: %s passes the check (%s). The mask has __GFP_ACCOUNT, so every page is also charged to the task's memory cgroup, and a charge refused at the cgroup's limit fails the page like this (kernel-model §1.3): the cgroup was full, not the machine.",
				     r->has_vmalloc_allocated ? " after " : "",
				     r->has_vmalloc_allocated ? words(r->vmalloc_allocated) : "",
				     r->has_vmalloc_allocated ? " had been allocated" : "",
				     zone_label(a, zc->node, zc->zone), a->res.page.reason);
				a->nf = 0;
				mask_findings(a, &a->res.gfp);
			} else if (r->vmalloc_what == ML_VMALLOC_PAGES)
				head(a, "vmalloc could not get its backing pages%s%s%s; the order-%u page allocation that failed: %s",
				     r->has_vmalloc_allocated ? " after " : "",
				     r->has_vmalloc_allocated ? words(r->vmalloc_allocated) : "",
				     r->has_vmalloc_allocated ? " had been allocated" : "", r->has_order ? r->order : 0, b);
			else
				head(a, "vmalloc failed at the step \"%s\": %s", ml_vmalloc_failure_name(r->vmalloc_what), b);
		} else {
			a->cause = "vmalloc-failure";
			head(a, "vmalloc failed (%s); %s.", ml_vmalloc_failure_name(r->vmalloc_what), a->no_res);
		}
		break;
	}
}

/* The request came through the DMA API (dma_alloc_coherent() and kin). */
static bool via_dma_api(const struct ml_report *r)
{
	static const char *const dma[] = { "__dma_direct_alloc_pages", "dma_direct_alloc", "dma_alloc_attrs",
					   "__dma_alloc", "dma_alloc_coherent" };
	return trace_has(r, dma, 5);
}

static void classify_warning(struct analysis *a)
{
	const struct ml_report *r = a->r;
	a->cause = "order-too-large";
	tag(a, "max-order");
	/* Ask explain for this machine's MAX_PAGE_ORDER (§5 "Entry", §7.1). */
	struct ml_explain_request q = { .api = ML_API_PAGES, .order = 0, .node = -1,
					.gfp = ML_GFP_RECLAIM | ML_GFP_IO | ML_GFP_FS };
	struct ml_explain_result res;
	struct ml_error e = { 0 };
	int max = -1;
	uint64_t ps = a->ps;
	bool assumed_max = true;
	if (ml_explain(&a->sys, &q, &res, &e) == ML_OK) {
		max = res.inputs.max_order;
		assumed_max = res.inputs.max_order_assumed;
		ps = res.inputs.page_size;
		ml_explain_result_free(&res);
	}
	static const char *const kmalloc_large[] = { "kmalloc_large", "__kmalloc_large", "___kmalloc_large", "kmalloc_order" };
	bool via_kmalloc = trace_has(r, kmalloc_large, 4);
	head(a, "Order too large: a request for more than the largest buddy block reached %s (%s), which refuses it outright with this one-time WARNING and returns NULL (kernel-model §5 \"Entry\", §9.5). It is not a memory shortage: no amount of free memory can satisfy it.",
	     r->warn_function[0] ? r->warn_function : "the page allocator", r->warn_location);
	if (max >= 0)
		head(a, " The largest block is order %d = %s%s.", max, words(ps << max),
		     assumed_max ? (a->sys.page_size_assumed ? " (architecture default, 4 KiB pages assumed: the log does not show the page size)" : " (architecture default)") : "");
	if (via_kmalloc)
		head(a, " It came through kmalloc_large: kmalloc of more than KMALLOC_MAX_CACHE_SIZE goes straight to the page allocator with get_order(size), and nothing checks the size first (§7.5); so the size passed to kmalloc by %s was about %s or more.",
		     ml_report_caller(r)[0] ? ml_report_caller(r) : "the caller", max >= 0 ? words(ps << max) : "the largest block");
	else if (ml_report_caller(r)[0])
		head(a, " The caller is %s: check how it computes the size.", ml_report_caller(r));
	bool via_dma = via_dma_api(r);
	if (r->cma_fail_pages) {
		/* get_order() of the CMA request: what the fallback asked for */
		int o = 0;
		while (o < 40 && (1ull << o) < r->cma_fail_pages)
			o++;
		tag(a, "cma");
		head(a, " Just before it, cma_alloc() failed for %" PRIu64 " pages (%s): dma_alloc_coherent() tries the CMA area first and then falls back to the buddy allocator with the same size, order %d here%s, which the buddy allocator can never give (kernel-model §3.6).",
		     r->cma_fail_pages, pages_words(r->cma_fail_pages, ps), o,
		     max >= 0 && o > max ? " (above the largest block)" : "");
		ADVICE(a, "§3.6", "make the CMA area big enough for this buffer (cma=SIZE on the kernel command line, or the size of the device tree's linux,cma node): a contiguous DMA buffer above %s can only come from CMA or a boot-time reservation",
		       max >= 0 ? words(ps << max) : "the largest buddy block");
		ADVICE(a, "§9.1", "add __GFP_NOWARN to the buddy-allocator fallback if the driver copes with the failure: the WARNING then goes away (the CMA failure remains)");
	} else {
		head(a, " The report prints no order or size, so the exact request is unknown.");
	}
	if (via_dma && !r->cma_fail_pages)
		ADVICE(a, "§12.6", "a physically contiguous DMA buffer larger than %s needs a CMA area (cma=SIZE) or a boot-time reservation; or let the device use a scatter-gather list",
		       max >= 0 ? words(ps << max) : "the largest buddy block");
	if (strncmp(r->warn_function, "__alloc_pages_slowpath", 22) == 0)
		NOTE(a, "§5", "on kernels after about 4.14 a WARNING in __alloc_pages_slowpath can also be __GFP_NOFAIL misuse (order > 1, or no direct reclaim), not an oversized order; older kernels kept the order check there");
	if (!via_dma)
		FINDING(a, "§7.5", "kmalloc of more than KMALLOC_MAX_CACHE_SIZE uses the page allocator directly; a size above %s (order > MAX_PAGE_ORDER) fails with this WARNING, silently with __GFP_NOWARN",
			max >= 0 ? words(ps << max) : "the largest block");
	else
		FINDING(a, "§3.6", "the request came through the DMA API (%s): a coherent buffer comes from CMA when there is an area, else from the buddy allocator, whose largest block is %s",
			ml_report_has_frame(r, "__dma_direct_alloc_pages") ? "__dma_direct_alloc_pages" : "dma_alloc_*",
			max >= 0 ? words(ps << max) : "MAX_PAGE_ORDER");
}

static void classify_meminfo(struct analysis *a)
{
	const struct ml_report *r = a->r;
	char h[900];
	a->cause = "none";
	uint64_t f = 0;
	bool global = global_pages(r, "free", &f);
	if (!global)
		for (size_t i = 0; i < a->sys.nzones; i++)
			f += a->sys.zones[i].has_zoneinfo ? a->sys.zones[i].free_pages : 0;
	head(a, "A Mem-Info dump without a failure%s%s%s: %s free%s.", r->header[0] == '(' ? " " : " (",
	     r->header[0] ? r->header : "no header", r->header[0] == '(' ? "" : ")", pages_words(f, a->ps),
	     global ? "" : " in the zones shown (the dump has no global counters)");
	holders(a, h, sizeof(h));
	if (h[0])
		head(a, " Memory: %s.", h);
	for (size_t i = 0; i < a->sys.nzones; i++) {
		const struct ml_zone *z = &a->sys.zones[i];
		if (!z->has_zoneinfo)
			continue;
		const struct ml_report_zone *rz = report_zone(r, z->node, z->name);
		int lo = rz ? largest_order(rz) : -1;
		FINDING(a, "§2.6", "%s: %s free of %s managed, %s; largest free block order %d (%s)",
			zone_label(a, z->node, z->name), pages_words(z->free_pages, a->ps), pages_words(z->managed, a->ps),
			z->free_pages <= z->wmark_min ? "at or below min" : z->free_pages <= z->wmark_low ? "below low" :
			z->free_pages <= z->wmark_high ? "below high" : "above high",
			lo, lo >= 0 ? words(a->ps << lo) : "none");
	}
}

/* A full module area (§10): what makes room depends on where the arch
 * puts modules. */
static void module_area_advice(struct analysis *a)
{
	const struct ml_report *r = a->r;
	const char *arch = r->arch;
	const char *where = "";
	if (strcmp(arch, "x86_64") == 0)
		where = "; on x86_64 the module area is a fixed range of about 1-1.5 GiB (§10.2) that no boot option enlarges";
	else if (strcmp(arch, "arm64") == 0)
		where = "; newer arm64 kernels use a 2 GiB module region (§10.3)";
	else if (strcmp(arch, "i386") == 0)
		where = "; on i386 modules are loaded into the vmalloc area, which a larger vmalloc=<size> enlarges at the expense of lowmem (§10.1)";
	ADVICE(a, "§10", "the module area is full: unload unused modules or load fewer/smaller ones%s", where);
	if (r->vmap_burst)
		ADVICE(a, "§10", "%u failures in one burst: module loads running at the same time each hold their own module space until they finish (udev loading modules for many devices in parallel, for example); loading fewer at a time, or each module once before the parallel probing, keeps the area from filling",
		       r->vmap_burst + 1);
}

/* Advice that follows from what the report shows beyond the request. */
static void report_advice(struct analysis *a, const struct ml_report_context *ctx)
{
	const struct ml_report *r = a->r;
	const struct ml_explain_gfp *g = a->have_res ? &a->res.gfp : NULL;
	/* an atomic page-allocator failure that is not forced and not an
	 * impossible order: the reserve between kswapd's start and failure
	 * is what min_free_kbytes sets (§4.3) */
	if (g && !g->may_sleep && r->kind == ML_REPORT_PAGE_ALLOC_FAILURE && strcmp(a->cause, "order-too-large") != 0 &&
	    strcmp(a->cause, "fault-injection") != 0 && strcmp(a->cause, "no-usable-zone") != 0)
		ADVICE(a, "§4.3", "raise vm.min_free_kbytes: allocations that cannot sleep may only take part of min, and a larger min wakes kswapd earlier and keeps more pages free for them (bursts of network receive, interrupt handlers)");
	if (strcmp(a->cause, "vmalloc-address-space") == 0) {
		a->skip_explain_advice = true;
		if (has_tag(a, "module-area"))
			module_area_advice(a);
		else if (is_32bit(a))
			ADVICE(a, "§10.1", "boot with a larger vmalloc=<size>%s%s: the 32-bit vmalloc area is small (%s), and every MiB added to it is taken from lowmem%s, which kernel-only allocations need",
			       ctx->vmalloc_param[0] ? " than this kernel's " : r->vmap_says_vmalloc_param ? " (the message says so)" : "",
			       ctx->vmalloc_param, vmalloc_default_size(a),
			       strcmp(r->arch, "arm") == 0 ? "" : " (on i386 the directly mapped memory, below about 896 MiB)");
		else if (!is_64bit(a) && r->vmap_says_vmalloc_param)
			ADVICE(a, "§10.1", "if the kernel is 32-bit (i386, arm), do what the message says: boot with a larger vmalloc=<size> (256M, say; the area is %s); every MiB added to the vmalloc area is taken from lowmem (on i386 the directly mapped memory, below about 896 MiB), which kernel-only allocations need",
			       vmalloc_default_size(a));
		if (!has_tag(a, "module-area") && !is_32bit(a))
			ADVICE(a, "§8.1", "%sfind what fills the vmalloc space (/proc/vmallocinfo, memlayout vmalloc): leaked areas or huge ioremaps",
			       is_64bit(a) ? "" : "on a 64-bit kernel, whose vmalloc area is vast (32 TiB on x86_64, §8.2), ");
	}
	if (strcmp(a->cause, "order-too-large") == 0 && !via_dma_api(r) && !r->cma_fail_pages)
		ADVICE(a, "§7.7", "bound the size before allocating (it is likely computed from an unchecked length), and use kvmalloc() for buffers that may be large");
	if (strcmp(a->cause, "memcg-limit") == 0) {
		a->skip_explain_advice = true;
		ADVICE(a, "§5.6", "raise the cgroup's memory limit (memory.max, or memory.limit_in_bytes on cgroup v1) or reduce what runs in %s",
		       r->oom_memcg[0] ? r->oom_memcg : "it");
	}
	if (g && g->noretry && r->has_mode && !(a->rq.gfp & ML_GFP_NOWARN) && r->kind == ML_REPORT_PAGE_ALLOC_FAILURE)
		ADVICE(a, "§9.1", "add __GFP_NOWARN: a __GFP_NORETRY attempt with a fallback is expected to fail and need not print this report");
	if (g && g->may_sleep && !g->may_io && r->has_order && r->order > 0)
		ADVICE(a, "§1.3", "allocate the buffer where I/O is allowed (at probe or open time, with GFP_KERNEL) and keep it: in a NOIO scope (resume, block-device I/O paths) high orders cannot be compacted");
	if (has_tag(a, "thrashing"))
		ADVICE(a, "§5.4", "find the process whose anonymous memory grows (the largest RSS) and limit it (memory cgroup) or stop it; more swap only prolongs the thrashing");
	if (has_tag(a, "no-swap") && r->kind == ML_REPORT_OOM)
		ADVICE(a, "§5.4", "without swap anonymous memory can never be reclaimed: add swap (or zram) if the workload's anonymous memory is meant to exceed RAM");
}

static void analyse_report(struct analysis *a, const struct ml_report_context *ctx)
{
	const struct ml_report *r = a->r;
	build_model(a);
	set_vmalloc_total(a, ctx);
	if (r->kind != ML_REPORT_MAX_ORDER_WARNING && r->kind != ML_REPORT_MEMINFO)
		run_explain(a);
	switch (r->kind) {
	case ML_REPORT_PAGE_ALLOC_FAILURE:
		if (a->have_res) {
			classify_page(a);
		} else if (r->has_order && a->sys.norders > 0 && (int)r->order >= a->sys.norders) {
			/* the buddy lines end at MAX_PAGE_ORDER (§9.3 d) */
			a->cause = "order-too-large";
			tag(a, "max-order");
			head(a, "Order too large: order %u is above this kernel's MAX_PAGE_ORDER %d (its buddy lines end at %s): no free memory can satisfy it; %s.",
			     r->order, a->sys.norders - 1, pages_words(1, a->ps << (a->sys.norders - 1)), a->no_res);
		} else {
			a->cause = "unexplained";
			head(a, "Cannot be analysed: %s.", a->no_res);
		}
		break;
	case ML_REPORT_STALL:
		classify_stall(a);
		break;
	case ML_REPORT_OOM:
		classify_oom(a);
		break;
	case ML_REPORT_VMALLOC:
		classify_vmalloc(a, ctx);
		break;
	case ML_REPORT_MAX_ORDER_WARNING:
		classify_warning(a);
		break;
	case ML_REPORT_MEMINFO:
		classify_meminfo(a);
		break;
	}
	if (!a->cause)
		a->cause = "unexplained";
	/* fail_page_alloc / failslab print their reason just before the
	 * report: the failure was forced, whatever the figures say */
	if (r->fault_injected && r->kind != ML_REPORT_MEMINFO) {
		char h[sizeof(a->headline)];
		snprintf(h, sizeof(h), "%s", a->headline);
		a->headline[0] = '\0';
		a->cause = "fault-injection";
		tag(a, "fault-injection");
		head(a, "Fault injection: \"FAULT_INJECTION: forcing a failure\" just before the report says an allocation was failed on purpose (fail_page_alloc or failslab, as syzkaller and stress tests set up), whatever the free memory. What the report shows besides: %s",
		     h);
	}
	report_advice(a, ctx);
	if (r->truncated && strcmp(a->cause, "no-meminfo") != 0 && r->kind != ML_REPORT_MEMINFO) {
		char h[sizeof(a->headline)];
		snprintf(h, sizeof(h), "%s", a->headline);
		a->headline[0] = '\0';
		head(a, "(The report is truncated: see what is missing below; this is what the rest shows.) %s", h);
	}
	/* Zones the request may use that the (cut) dump does not show: the
	 * configured kinds up to its highest zone (§2.1, §9.2 item 3). */
	if (a->have_res && a->res.page.present && r->has_meminfo && !r->meminfo_complete) {
		struct ml_zone_numbering nb;
		ml_zone_numbering(&a->sys, &nb);
		for (int k = ML_ZONE_DMA; k <= (int)a->res.gfp.highest_zone && k < ML_ZONE_DEVICE; k++) {
			bool printed = false;
			for (size_t i = 0; i < r->nzones; i++)
				printed |= ml_zone_kind_from_name(r->zones[i].name) == (enum ml_zone_kind)k;
			if (nb.index[k] >= 0 && !printed)
				NOTE(a, "§9.2", "zone %s, which this request may use, is not in the dump (it stops early, or the zone is empty): the analysis could not include it",
				     ml_zone_kind_name((enum ml_zone_kind)k));
		}
	}
	/* Explain's own caveats, worded for a dump (sys.origin). */
	if (a->have_res)
		for (size_t i = 0; i < a->res.notes.n; i++)
			NOTE(a, a->res.notes.v[i].ref, "%s", a->res.notes.v[i].text);
	if (r->kind != ML_REPORT_MEMINFO && r->has_meminfo)
		NOTE(a, "§9.2", "the Mem-Info dump is printed after the allocation failed: it shows the state a moment later");
	if (r->suppressed_before)
		NOTE(a, "§9.1", "warn_alloc's rate limit suppressed %u earlier reports just before this one", r->suppressed_before);
	if (a->have_sys)
		for (size_t i = 0; i < a->sys.nwarnings; i++)
			NOTE(a, "", "%s", a->sys.warnings[i].text);
	if (a->rq.gfp_note[0])
		NOTE(a, "§1.5", "%s", a->rq.gfp_note);
	if (a->rq.kernel_note[0])
		NOTE(a, "§0", "%s", a->rq.kernel_note);
	if (r->vmap_burst) {
		unsigned other = r->vmap_burst - r->vmap_burst_same_size;
		char sizes[96] = "of other sizes";
		if (!other)
			snprintf(sizes, sizeof(sizes), "of the same size");
		else if (r->vmap_burst_same_size)
			snprintf(sizes, sizeof(sizes), "%u of the same size, %u of other sizes", r->vmap_burst_same_size, other);
		NOTE(a, "§9.1", "%u more vmap failure%s in line%s %lu-%lu (%s), one line each: the same burst, counted into this report rather than reported one by one",
		     r->vmap_burst, r->vmap_burst == 1 ? "" : "s", r->vmap_burst == 1 ? "" : "s", r->vmap_burst_first,
		     r->vmap_burst_last, sizes);
	}
}

/* ------------------------------------------------------------ output */

static const char *task_text(const struct ml_report *r)
{
	return r->comm[0] ? r->comm : "(not printed)";
}

static void request_text(const struct analysis *a, char *buf, size_t n)
{
	const struct ml_report *r = a->r;
	size_t len = 0;
	buf[0] = '\0';
	if (r->kind == ML_REPORT_VMALLOC) {
		if (r->has_vmalloc_size)
			len += (size_t)snprintf(buf + len, n - len, "vmalloc of %" PRIu64 " bytes (%s)", r->vmalloc_size,
						words(r->vmalloc_size));
		else if (r->has_vmap_size)
			len += (size_t)snprintf(buf + len, n - len, "vmap area of %" PRIu64 " bytes", r->vmap_size);
		if (r->has_vmalloc_allocated && len < n)
			len += (size_t)snprintf(buf + len, n - len, "%s%s allocated before the failure", len ? ", " : "",
						words(r->vmalloc_allocated));
		if (len < n)
			len += (size_t)snprintf(buf + len, n - len, "%sfailed step: %s", len ? "; " : "",
						ml_vmalloc_failure_name(r->vmalloc_what));
	} else if (r->has_order) {
		len += (size_t)snprintf(buf + len, n - len, "order %u (%s contiguous)", r->order,
					pages_words(1, a->ps << (r->order < 40 ? r->order : 40)));
	} else if (r->kind == ML_REPORT_MAX_ORDER_WARNING) {
		len += (size_t)snprintf(buf + len, n - len, "an order above MAX_PAGE_ORDER (not printed)");
	}
	if (r->has_mode && len < n) {
		len += (size_t)snprintf(buf + len, n - len, "%smode 0x%" PRIx64, len ? ", " : "", r->mode_hex);
		if (a->rq.gfp_from[0] && len < n)
			len += (size_t)snprintf(buf + len, n - len, " = %s", gfp_text(a->rq.gfp));
		else if (r->has_mode_names && len < n)
			len += (size_t)snprintf(buf + len, n - len, " (%s)", r->mode_names);
	}
}

static void print_zone_table(const struct analysis *a, const struct ml_output *out)
{
	const struct ml_report *r = a->r;
	bool multi = report_nodes(r) > 1;
	int o = r->has_order ? (int)r->order : 0;
	int hidx = a->have_res && a->res.page.present ? a->res.page.highest_zoneidx : -1;
	printf("  %-*s %9s %9s %9s %9s %9s %9s %9s  %s\n", multi ? 14 : 8, "ZONE", "FREE", "MIN", "LOW", "HIGH",
	       "MANAGED", "RESERVE", "LARGEST", o > 0 ? "TYPES≥ORDER" : "TYPES");
	bool present_for_managed = false;
	for (size_t i = 0; i < r->nzones; i++) {
		const struct ml_report_zone *z = &r->zones[i];
		char cells[7][32], lt[12];
		static const char *const keys[] = { "free", "min", "low", "high", "managed" };
		uint64_t tmp;
		present_for_managed |= !ml_report_zone_bytes(z, "managed", &tmp) && ml_report_zone_bytes(z, "present", &tmp);
		for (int k = 0; k < 5; k++) {
			uint64_t v;
			if (ml_report_zone_bytes(z, keys[k], &v))
				ml_format_bytes(v, out->bytes, cells[k], sizeof(cells[k]));
			else if (k == 4 && ml_report_zone_bytes(z, "present", &v))
				ml_format_bytes(v, out->bytes, cells[k], sizeof(cells[k]));
			else
				snprintf(cells[k], sizeof(cells[k]), "-");
		}
		if (hidx >= 0 && z->has_reserve && !z->reserve_is_old_protections && hidx < z->nreserve)
			ml_format_bytes(z->reserve[hidx] * a->ps, out->bytes, cells[5], sizeof(cells[5]));
		else
			snprintf(cells[5], sizeof(cells[5]), "-");
		int lo = largest_order(z);
		if (!z->has_buddy)
			snprintf(cells[6], sizeof(cells[6]), "?");
		else if (lo < 0)
			snprintf(cells[6], sizeof(cells[6]), "none");
		else
			ml_format_bytes(a->ps << lo, out->bytes, cells[6], sizeof(cells[6]));
		letters_from(z, o, lt, sizeof(lt));
		char name[48];
		if (multi)
			snprintf(name, sizeof(name), "Node %d %s", z->node, z->name);
		else
			snprintf(name, sizeof(name), "%s", z->name);
		printf("  %-*s %9s %9s %9s %9s %9s %9s %9s  %s\n", multi ? 14 : 8, name, cells[0], cells[1], cells[2],
		       cells[3], cells[4], cells[5], cells[6], lt[0] ? lt : "-");
	}
	if (hidx >= 0)
		printf("  (RESERVE: lowmem_reserve[%d], kept from this request; TYPES: migrate types with a free block%s)\n",
		       hidx, o > 0 ? " at or above the order" : "");
	if (present_for_managed)
		printf("  (MANAGED: the zone's present: figure where the dump prints no managed: (kernels before 3.x))\n");
}

static void print_text(const struct analysis *a, size_t idx, size_t total, const struct ml_output *out)
{
	const struct ml_report *r = a->r;
	char b[1200];
	printf("Report %zu of %zu: %s, lines %lu-%lu of %s%s\n", idx + 1, total, ml_report_kind_name(r->kind),
	       r->first_line, r->last_line, a->file, r->truncated ? " (truncated)" : "");
	if (r->kind != ML_REPORT_MEMINFO) {
		const char *caller = ml_report_caller(r);
		printf("  Task:      %s%s%s\n", task_text(r), caller[0] ? ", in " : "", caller);
		request_text(a, b, sizeof(b));
		if (b[0])
			printf("  Request:   %s\n", b);
		if (a->rq.gfp_from[0])
			printf("             (mask decoded from %s)\n", a->rq.gfp_from);
		if (a->rq.gfp_unknown)
			printf("             bits 0x%" PRIx64 " have no name in that layout\n", a->rq.gfp_unknown);
	}
	if (r->kernel[0] || r->arch[0]) {
		printf("  Kernel:    %s%s%s%s", r->kernel[0] ? r->kernel : "unknown", r->kernel[0] ? " (" : "",
		       r->kernel_from, r->kernel[0] ? ")" : "");
		if (r->arch[0])
			printf("; %s (from %s)", r->arch, r->arch_from);
		printf("\n");
	}
	if (r->has_nodemask || r->has_cpuset)
		printf("  Placement: nodemask %s%s%s%s%s\n", r->has_nodemask ? r->nodemask : "-",
		       r->has_cpuset ? ", cpuset " : "", r->has_cpuset ? r->cpuset : "",
		       r->mems_allowed[0] ? ", mems_allowed " : "", r->mems_allowed);
	if (r->kind == ML_REPORT_STALL)
		printf("  Stalled:   %" PRIu64 " ms\n", r->stall_ms);
	if (r->kind == ML_REPORT_OOM) {
		printf("  OOM:       %s%s%s", r->oom_constraint[0] ? r->oom_constraint : "constraint not printed",
		       r->has_oom_score_adj ? ", oom_score_adj " : "", "");
		if (r->has_oom_score_adj)
			printf("%" PRId64, r->oom_score_adj);
		if (r->has_killed)
			printf("; killed %s (pid %" PRId64 ")", r->killed_comm, r->killed_pid);
		if (r->oom_no_killable)
			printf("; no killable process");
		printf("\n");
		if (r->memcg_memory.has)
			printf("  memcg:     %s usage %s, limit %s, failcnt %" PRIu64 "\n",
			       r->oom_memcg[0] ? r->oom_memcg : r->task_memcg, words(r->memcg_memory.usage_bytes),
			       words(r->memcg_memory.limit_bytes), r->memcg_memory.failcnt);
	}
	if (r->kind == ML_REPORT_MAX_ORDER_WARNING)
		printf("  WARNING:   at %s in %s\n", r->warn_location, r->warn_function);
	if (r->panic[0])
		printf("  Outcome:   Kernel panic - not syncing: %s\n", r->panic);
	if (r->has_meminfo && r->nzones) {
		printf("\n  Zones in the Mem-Info dump (line %lu):\n", r->meminfo_line);
		print_zone_table(a, out);
		if (r->has_total_swap || r->has_free_swap)
			printf("  Swap: %s free of %s\n", r->has_free_swap ? words(r->free_swap_bytes) : "?",
			       r->has_total_swap ? words(r->total_swap_bytes) : "?");
	}
	printf("\n  %s %s\n", r->kind == ML_REPORT_MEMINFO ? "State:" : "Cause:", a->headline);
	if (a->ntags) {
		printf("  Tags:  ");
		for (size_t i = 0; i < a->ntags; i++)
			printf("%s%s", i ? ", " : "", a->tags[i]);
		printf("\n");
	}
	if (a->nf) {
		printf("\n  %s\n", r->kind == ML_REPORT_MEMINFO ? "Zones:" : "Why, step by step (kernel-model sections):");
		for (size_t i = 0; i < a->nf; i++)
			printf("    %-6s %s\n", a->f[i].ref, a->f[i].text);
	}
	bool explain_advice = a->have_res && a->res.nadvice && !a->skip_explain_advice;
	if (a->nadvice || explain_advice) {
		printf("\n  What would help:\n");
		for (size_t i = 0; i < a->nadvice; i++)
			printf("    - %s\n", a->advice[i].text);
		for (size_t i = 0; explain_advice && i < a->res.nadvice; i++)
			printf("    - %s: %s\n", a->res.advice[i].what, a->res.advice[i].why);
	}
	if (a->nnotes) {
		printf("\n  Notes:\n");
		for (size_t i = 0; i < a->nnotes; i++)
			printf("    - %s%s%s%s\n", a->notes[i].text, a->notes[i].ref[0] ? " (" : "",
			       a->notes[i].ref, a->notes[i].ref[0] ? ")" : "");
	}
	if (r->nproblems) {
		printf("\n  Missing or unreadable in the report:\n");
		for (size_t i = 0; i < r->nproblems; i++)
			printf("    - %s\n", r->problems[i]);
	}
	printf("\n");
}

static void print_brief(const struct analysis *a, FILE *f)
{
	const struct ml_report *r = a->r;
	char b[400];
	request_text(a, b, sizeof(b));
	/* the first sentence of the headline */
	char first[1400];
	snprintf(first, sizeof(first), "%s", a->headline);
	char *dot = strstr(first, ". ");
	if (dot)
		dot[1] = '\0';
	fprintf(f, "%s:%lu-%lu: %s, %s%s%s: %s — %s\n", a->file, r->first_line, r->last_line,
		ml_report_kind_name(r->kind), task_text(r), b[0] ? ", " : "", b, a->cause, first);
}

/* ---------------------------------------------------------------- JSON */

static cJSON *findings_json(const struct finding *f, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "ref", f[i].ref);
		cJSON_AddStringToObject(o, "text", f[i].text);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static void add_str_or_null(cJSON *o, const char *key, bool have, const char *v)
{
	if (have)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

static cJSON *kv_json(const struct ml_kv *kv)
{
	cJSON *o = cJSON_CreateObject();
	for (size_t i = 0; i < kv->n; i++)
		ml_json_add_u64(o, kv->v[i].name, kv->v[i].value);
	return o;
}

static cJSON *zones_json(const struct analysis *a)
{
	const struct ml_report *r = a->r;
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < r->nzones; i++) {
		const struct ml_report_zone *z = &r->zones[i];
		cJSON *o = cJSON_CreateObject();
		ml_json_add_i64(o, "node", z->node);
		cJSON_AddStringToObject(o, "zone", z->name);
		ml_json_add_u64(o, "line", z->line);
		static const char *const keys[] = { "free", "min", "low", "high", "boost", "managed", "present",
						    "free_pcp", "free_cma", "reserved_highatomic", "free_highatomic",
						    "active_anon", "inactive_anon", "active_file", "inactive_file" };
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			char key[64];
			uint64_t v;
			snprintf(key, sizeof(key), "%s_bytes", keys[k]);
			if (ml_report_zone_bytes(z, keys[k], &v))
				ml_json_add_u64(o, key, v);
		}
		if (z->has_reserve) {
			cJSON *res = cJSON_AddArrayToObject(o, z->reserve_is_old_protections ? "protections_pages" : "lowmem_reserve_pages");
			for (int k = 0; k < z->nreserve; k++) {
				char nb[24];
				snprintf(nb, sizeof(nb), "%" PRIu64, z->reserve[k]);
				cJSON_AddItemToArray(res, cJSON_CreateRaw(nb));
			}
		} else {
			cJSON_AddNullToObject(o, "lowmem_reserve_pages");
		}
		if (z->has_buddy) {
			cJSON *bl = cJSON_AddArrayToObject(o, "free_blocks");
			cJSON *ty = cJSON_AddArrayToObject(o, "migrate_types");
			for (int k = 0; k < z->norders; k++) {
				char nb[24], lt[12];
				snprintf(nb, sizeof(nb), "%" PRIu64, z->blocks[k]);
				cJSON_AddItemToArray(bl, cJSON_CreateRaw(nb));
				ml_report_type_letters(z->types[k], lt, sizeof(lt));
				cJSON_AddItemToArray(ty, cJSON_CreateString(lt));
			}
			ml_json_add_i64(o, "largest_free_order", largest_order(z));
		} else {
			cJSON_AddNullToObject(o, "free_blocks");
		}
		if (z->all_unreclaimable >= 0)
			cJSON_AddBoolToObject(o, "all_unreclaimable", z->all_unreclaimable == 1);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *zone_checks_json(const struct analysis *a)
{
	const struct ml_page_analysis *pa = &a->res.page;
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < pa->nzones; i++) {
		const struct ml_zone_check *zc = &pa->zones[i];
		cJSON *o = cJSON_CreateObject();
		ml_json_add_i64(o, "node", zc->node);
		cJSON_AddStringToObject(o, "zone", zc->zone);
		ml_json_add_u64(o, "free_pages", zc->slow.free_pages);
		ml_json_add_u64(o, "unusable_pages", zc->slow.unusable_pages);
		ml_json_add_u64(o, "min_pages", zc->slow.mark_reduced_pages);
		ml_json_add_u64(o, "lowmem_reserve_pages", zc->slow.reserve_pages);
		cJSON_AddBoolToObject(o, "order0_ok", zc->slow.order0_ok);
		cJSON_AddBoolToObject(o, "block_ok", zc->slow.order0_ok ? zc->slow.block_ok : zc->slow.block_ok);
		ml_json_add_i64(o, "block_order", zc->slow.block_order);
		cJSON_AddBoolToObject(o, "passes_min_check", zc->slow.ok);
		cJSON_AddBoolToObject(o, "passes_low_check", zc->fast.ok);
		ml_json_add_u64(o, "reclaimable_pages", zc->reclaimable_pages);
		if (zc->fragindex != INT32_MIN)
			ml_json_add_i64(o, "fragindex_thousandths", zc->fragindex);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *report_json(const struct analysis *a)
{
	const struct ml_report *r = a->r;
	cJSON *o = cJSON_CreateObject();
	char b[1200];
	cJSON_AddStringToObject(o, "kind", ml_report_kind_key(r->kind));
	ml_json_add_u64(o, "first_line", r->first_line);
	ml_json_add_u64(o, "last_line", r->last_line);
	cJSON_AddStringToObject(o, "header", r->header);
	add_str_or_null(o, "task", r->comm[0], r->comm);
	const char *caller = ml_report_caller(r);
	add_str_or_null(o, "caller", caller[0], caller);
	if (r->has_order) {
		ml_json_add_u64(o, "order", r->order);
		ml_json_add_u64(o, "order_bytes", a->ps << (r->order < 40 ? r->order : 40));
	} else {
		cJSON_AddNullToObject(o, "order");
	}
	cJSON *m = cJSON_AddObjectToObject(o, "mode");
	if (r->has_mode)
		ml_json_add_u64(m, "hex", r->mode_hex);
	else
		cJSON_AddNullToObject(m, "hex");
	add_str_or_null(m, "names", r->has_mode_names, r->mode_names);
	add_str_or_null(m, "decoded", a->rq.gfp_from[0], gfp_text(a->rq.gfp));
	add_str_or_null(m, "decoded_from", a->rq.gfp_from[0], a->rq.gfp_from);
	ml_json_add_u64(m, "unknown_bits", a->rq.gfp_unknown);
	add_str_or_null(o, "nodemask", r->has_nodemask, r->nodemask);
	add_str_or_null(o, "cpuset", r->has_cpuset, r->cpuset);
	add_str_or_null(o, "mems_allowed", r->mems_allowed[0], r->mems_allowed);
	add_str_or_null(o, "kernel", r->kernel[0], r->kernel);
	add_str_or_null(o, "kernel_from", r->kernel[0], r->kernel_from);
	add_str_or_null(o, "arch", r->arch[0], r->arch);
	add_str_or_null(o, "arch_from", r->arch[0], r->arch_from);
	ml_json_add_u64(o, "page_size", a->ps);
	cJSON_AddBoolToObject(o, "page_size_assumed", a->sys.page_size_assumed);
	if (r->kind == ML_REPORT_STALL)
		ml_json_add_u64(o, "stall_ms", r->stall_ms);
	if (r->kind == ML_REPORT_VMALLOC) {
		cJSON *v = cJSON_AddObjectToObject(o, "vmalloc");
		cJSON_AddStringToObject(v, "failed_step", ml_vmalloc_failure_name(r->vmalloc_what));
		if (r->has_vmalloc_size)
			ml_json_add_u64(v, "size_bytes", r->vmalloc_size);
		if (r->has_vmalloc_allocated)
			ml_json_add_u64(v, "allocated_bytes", r->vmalloc_allocated);
		if (r->has_vmap_size)
			ml_json_add_u64(v, "vmap_size_bytes", r->vmap_size);
		if (r->vmap_burst) {
			cJSON *b = cJSON_AddObjectToObject(v, "vmap_burst");
			ml_json_add_u64(b, "count", r->vmap_burst);
			ml_json_add_u64(b, "same_size", r->vmap_burst_same_size);
			ml_json_add_u64(b, "first_line", r->vmap_burst_first);
			ml_json_add_u64(b, "last_line", r->vmap_burst_last);
		} else {
			cJSON_AddNullToObject(v, "vmap_burst");
		}
	}
	if (r->kind == ML_REPORT_MAX_ORDER_WARNING) {
		cJSON *w = cJSON_AddObjectToObject(o, "warning");
		cJSON_AddStringToObject(w, "location", r->warn_location);
		cJSON_AddStringToObject(w, "function", r->warn_function);
	}
	if (r->cma_fail_pages)
		ml_json_add_u64(o, "cma_failed_pages", r->cma_fail_pages);
	else
		cJSON_AddNullToObject(o, "cma_failed_pages");
	if (r->kind == ML_REPORT_OOM) {
		cJSON *v = cJSON_AddObjectToObject(o, "oom");
		add_str_or_null(v, "constraint", r->oom_constraint[0], r->oom_constraint);
		if (r->has_oom_score_adj)
			ml_json_add_i64(v, "oom_score_adj", r->oom_score_adj);
		add_str_or_null(v, "oom_memcg", r->oom_memcg[0], r->oom_memcg);
		if (r->memcg_memory.has) {
			ml_json_add_u64(v, "memcg_usage_bytes", r->memcg_memory.usage_bytes);
			ml_json_add_u64(v, "memcg_limit_bytes", r->memcg_memory.limit_bytes);
			ml_json_add_u64(v, "memcg_failcnt", r->memcg_memory.failcnt);
		}
		if (r->has_killed) {
			ml_json_add_i64(v, "killed_pid", r->killed_pid);
			cJSON_AddStringToObject(v, "killed_comm", r->killed_comm);
			if (r->has_killed_rss)
				ml_json_add_u64(v, "killed_anon_rss_bytes", r->killed_anon_rss_kb * 1024);
			else
				cJSON_AddNullToObject(v, "killed_anon_rss_bytes");
		}
		ml_json_add_u64(v, "tasks", r->ntasks);
		cJSON_AddBoolToObject(v, "no_killable_processes", r->oom_no_killable);
	}
	add_str_or_null(o, "panic", r->panic[0], r->panic);
	if (r->has_meminfo) {
		cJSON *mi = cJSON_AddObjectToObject(o, "meminfo");
		ml_json_add_u64(mi, "line", r->meminfo_line);
		cJSON_AddBoolToObject(mi, "complete", r->meminfo_complete);
		cJSON_AddItemToObject(mi, "global_pages", kv_json(&r->global));
		cJSON_AddItemToObject(mi, "zones", zones_json(a));
		cJSON_AddItemToObject(mi, "totals", kv_json(&r->tail));
		if (r->has_total_swap)
			ml_json_add_u64(mi, "swap_total_bytes", r->total_swap_bytes);
		if (r->has_free_swap)
			ml_json_add_u64(mi, "swap_free_bytes", r->free_swap_bytes);
		ml_json_add_i64(mi, "norders", r->norders);
	}
	cJSON *an = cJSON_AddObjectToObject(o, "analysis");
	cJSON_AddStringToObject(an, "cause", a->cause);
	cJSON_AddStringToObject(an, "explanation", a->headline);
	cJSON *tags = cJSON_AddArrayToObject(an, "tags");
	for (size_t i = 0; i < a->ntags; i++)
		cJSON_AddItemToArray(tags, cJSON_CreateString(a->tags[i]));
	if (a->have_res) {
		/* explain's verdict on the dump's figures; none without a dump */
		if (a->res.inputs.has_zones)
			cJSON_AddStringToObject(an, "verdict_on_dump", ml_verdict_name(a->res.verdict));
		else
			cJSON_AddNullToObject(an, "verdict_on_dump");
		cJSON_AddStringToObject(an, "path", ml_alloc_path_name(a->res.path));
		cJSON_AddStringToObject(an, "explain_reason", a->res.reason);
		if (a->res.page.present) {
			cJSON_AddItemToObject(an, "zone_checks", zone_checks_json(a));
			cJSON_AddItemToObject(an, "unchecked_zones",
					      ml_json_unchecked_zones(a->res.page.unjudged, a->res.page.nunjudged));
		}
		cJSON *adv = cJSON_AddArrayToObject(an, "advice");
		for (size_t i = 0; i < a->nadvice; i++) {
			cJSON *x = cJSON_CreateObject();
			cJSON_AddStringToObject(x, "what", a->advice[i].text);
			cJSON_AddStringToObject(x, "why", "");
			cJSON_AddStringToObject(x, "ref", a->advice[i].ref);
			cJSON_AddItemToArray(adv, x);
		}
		for (size_t i = 0; !a->skip_explain_advice && i < a->res.nadvice; i++) {
			cJSON *x = cJSON_CreateObject();
			cJSON_AddStringToObject(x, "what", a->res.advice[i].what);
			cJSON_AddStringToObject(x, "why", a->res.advice[i].why);
			cJSON_AddStringToObject(x, "ref", a->res.advice[i].ref);
			cJSON_AddItemToArray(adv, x);
		}
	} else {
		cJSON *adv = cJSON_AddArrayToObject(an, "advice");
		for (size_t i = 0; i < a->nadvice; i++) {
			cJSON *x = cJSON_CreateObject();
			cJSON_AddStringToObject(x, "what", a->advice[i].text);
			cJSON_AddStringToObject(x, "why", "");
			cJSON_AddStringToObject(x, "ref", a->advice[i].ref);
			cJSON_AddItemToArray(adv, x);
		}
		cJSON_AddNullToObject(an, "verdict_on_dump");
		add_str_or_null(an, "not_analysed_because", a->no_res[0], a->no_res);
	}
	cJSON_AddItemToObject(an, "findings", findings_json(a->f, a->nf));
	cJSON_AddItemToObject(an, "notes", findings_json(a->notes, a->nnotes));
	cJSON *pr = cJSON_AddArrayToObject(o, "problems");
	for (size_t i = 0; i < r->nproblems; i++)
		cJSON_AddItemToArray(pr, cJSON_CreateString(r->problems[i]));
	cJSON_AddBoolToObject(o, "truncated", r->truncated);
	request_text(a, b, sizeof(b));
	cJSON_AddStringToObject(o, "request", b);
	return o;
}

/* ------------------------------------------------------------- command */

static void analysis_free(struct analysis *a)
{
	if (a->have_res)
		ml_explain_result_free(&a->res);
	ml_report_request_free(&a->rq);
	ml_system_free(&a->sys);
}

int cmd_report(int argc, char **argv, struct ml_cli *cli, struct ml_error *err)
{
	static const struct option longopts[] = {
		ML_COMMON_LONGOPTS,
		{ "brief", no_argument, NULL, OPT_BRIEF },
		{ NULL, 0, NULL, 0 },
	};
	bool brief = false;
	int opt, rc;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ML_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			help(stdout);
			return ML_OK;
		case OPT_BRIEF:
			brief = true;
			continue;
		case 'o':
			return ml_error_set(err, ML_EUSAGE, NULL, 0, "report has no columns to choose (-o); use --json for everything");
		case '?':
			if (optopt)
				return ml_error_set(err, ML_EUSAGE, NULL, 0, "report: option -%c %s (see memlayout report --help)",
						    optopt, strchr("o", optopt) ? "needs a value" : "is unknown");
			return ml_error_set(err, ML_EUSAGE, NULL, 0, "report: unknown option or missing value in '%s' (see memlayout report --help)",
					    argv[optind - 1]);
		default:
			break;
		}
		if ((rc = ml_cli_common(cli, opt, optarg, err)) < 0)
			return rc;
		if (rc == 0)
			return ml_cli_bad_option(err, "report");
	}
	if (argc - optind > 1)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "report reads one log: give one FILE (or - for standard input), not %d",
				    argc - optind);
	ml_cli_finish(cli);

	/* source: a file, stdin, a snapshot's dmesg.txt, or the live log */
	struct ml_buffer buf = { 0 };
	char name[4200];
	if (optind < argc) {
		const char *path = argv[optind];
		if ((rc = ml_log_read_file(path, &buf, err)) != ML_OK)
			return rc;
		snprintf(name, sizeof(name), "%s", strcmp(path, "-") == 0 ? "standard input" : path);
	} else if (cli->sysroot && cli->sysroot[0]) {
		/* Through the snapshot reader: a dmesg.txt that is a symlink
		 * leading out of the snapshot, or a FIFO, is refused. */
		struct ml_source src;
		if ((rc = ml_source_open(&src, cli->sysroot, err)) != ML_OK)
			return rc;
		ml_source_display(&src, "/dmesg.txt", name, sizeof(name));
		rc = ml_source_read(&src, "/dmesg.txt", &buf, err);
		ml_source_close(&src);
		if (rc != ML_OK)
			return rc;
	} else {
		char from[300];
		if ((rc = ml_kmsg_read(NULL, NULL, &buf, from, sizeof(from), err)) != ML_OK)
			return rc;
		snprintf(name, sizeof(name), "%s", from);
	}

	struct ml_report_list list;
	rc = ml_parse_failure_reports(buf.data, buf.len, name, &list, err);
	ml_buffer_free(&buf);
	if (rc != ML_OK)
		return rc;

	/* One report at a time: an analysis is large (explain's result, the
	 * findings), a log may hold thousands of reports. */
	int status = list.n ? ML_OK : REPORT_EXIT_NONE_FOUND;
	cJSON *root = NULL, *arr = NULL;
	char **briefs = list.n > 1 && !brief && !cli->out.json ? calloc(list.n, sizeof(char *)) : NULL;
	struct analysis *a = calloc(1, sizeof(*a));
	if (!a) {
		ml_report_list_free(&list);
		free(briefs);
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	}
	if (cli->out.json) {
		struct ml_system env = { 0 };
		snprintf(env.source, sizeof(env.source), "%.4000s", name);
		if (list.n) {
			/* the log's kernel and arch: those every report names */
			bool same_kernel = true, same_arch = true;
			for (size_t i = 1; i < list.n; i++) {
				same_kernel &= strcmp(list.v[i].kernel, list.v[0].kernel) == 0;
				same_arch &= strcmp(list.v[i].arch, list.v[0].arch) == 0;
			}
			if (same_kernel)
				snprintf(env.info.release, sizeof(env.info.release), "%s", list.v[0].kernel);
			if (same_arch)
				snprintf(env.info.arch, sizeof(env.info.arch), "%s", list.v[0].arch);
			/* the page size every report shows or implies */
			bool assumed = false, same_ps = true;
			uint64_t ps0 = infer_page_size(&list.v[0], &assumed);
			for (size_t i = 1; i < list.n && same_ps && !assumed; i++) {
				bool as = false;
				same_ps = infer_page_size(&list.v[i], &as) == ps0 && !as;
			}
			env.page_size = same_ps && !assumed ? ps0 : list.v[0].page_size;
		}
		root = ml_json_envelope("report", &env);
		add_str_or_null(root, "input_encoding", list.quoted_printable, "quoted-printable");
		ml_json_add_u64(root, "lines_read", list.lines);
		ml_json_add_u64(root, "reports_not_read", list.dropped);
		arr = cJSON_AddArrayToObject(root, "reports");
	} else if (!brief && list.quoted_printable) {
		printf("%s is quoted-printable mail text: decoded before reading (soft line breaks joined, =XX escapes "
		       "decoded); line numbers are those of the decoded text\n\n", name);
	}
	if (!cli->out.json && !list.n)
		printf("no allocation failure reports found in %s (%lu lines read)\n", name, list.lines);
	for (size_t i = 0; i < list.n; i++) {
		memset(a, 0, sizeof(*a));
		a->r = &list.v[i];
		a->file = name;
		analyse_report(a, &list.ctx);
		if (cli->out.json) {
			cJSON_AddItemToArray(arr, report_json(a));
		} else if (brief) {
			print_brief(a, stdout);
		} else {
			print_text(a, i, list.n, &cli->out);
			if (briefs) {
				size_t blen = 0;
				FILE *mf = open_memstream(&briefs[i], &blen);
				if (mf) {
					print_brief(a, mf);
					fclose(mf);
				}
			}
		}
		analysis_free(a);
	}
	free(a);
	if (cli->out.json) {
		if (ml_json_print(root, stdout) != ML_OK)
			status = ml_error_set(err, ML_EIO, NULL, 0, "cannot write the JSON document");
	} else {
		if (list.dropped)
			printf("%zu more reports in %s were not read (only the first %zu are kept)\n", list.dropped, name,
			       list.n);
		if (briefs) {
			printf("Summary: %zu reports\n", list.n);
			for (size_t i = 0; i < list.n; i++)
				if (briefs[i])
					fputs(briefs[i], stdout);
		}
	}
	if (briefs)
		for (size_t i = 0; i < list.n; i++)
			free(briefs[i]);
	free(briefs);
	ml_report_list_free(&list);
	return status;
}
