/* explain on real captures, with the arithmetic of every rule worked by
 * hand in the comments (kernel-model §4, §5.8, §7, §8, §12).
 *
 * Captures (tests/fixtures/captured, each with its NOTES.md):
 *   vm-6.18-x86_64           x86_64 6.18; zoneinfo Normal free 101250 min 4649 low 5811,
 *                            DMA32 free 772917 min 12185 low 15231 protection (0,0,1152,...),
 *                            DMA free 3840 min 60 low 75 protection (0,3019,4171,...),
 *                            Normal buddyinfo 486 604 351 193 53 20 18 12 3 1 89
 *   qemu-i386-6.1-3g-highmem i686 6.1; Normal free 198872 low 12630 protection (0,0,17567,17567),
 *                            HighMem free 555498 low 7108
 *   qemu-arm64-6.1-2g        aarch64 6.1, all RAM in DMA, CMA 64 MiB (CmaFree 64768 kB)
 *   qemu-i386-6.1-3g-vmalloc4m-vmap-failure  i686 booted with vmalloc=4M
 * Variants (fragmented zones, a zone below min, no DMA zone, the "reference
 * box" of §12) are made in memory from these captures by the helpers below;
 * each says what it changed. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/alloc_rules.h"
#include "analyse/explain.h"
#include "model/nodemask.h"
#include "model/system.h"
#include "parse/failure_report.h"
#include "source/source.h"

#define X86 "captured/vm-6.18-x86_64"
#define I386 "captured/qemu-i386-6.1-3g-highmem"
#define I386_VM4M "captured/qemu-i386-6.1-3g-vmalloc4m-vmap-failure"
#define ARM64 "captured/qemu-arm64-6.1-2g"

static const unsigned ALL = ML_LOAD_BUDDYINFO | ML_LOAD_PAGETYPEINFO | ML_LOAD_MEMINFO | ML_LOAD_VMSTAT |
			    ML_LOAD_SYSCTL | ML_LOAD_SLABINFO | ML_LOAD_VMALLOCINFO;

static void load(const char *rel, struct ml_system *sys)
{
	char dir[4096];
	struct ml_source src;
	struct ml_error err = { 0 };
	snprintf(dir, sizeof(dir), "%s/%s", ML_FIXTURES, rel);
	assert_int_equal(ml_source_open(&src, dir, &err), ML_OK);
	if (ml_system_load(sys, &src, ALL, ML_LOAD_ZONEINFO, &err) != ML_OK)
		fail_msg("%s:%lu: %s", err.file, err.line, err.message);
	ml_source_close(&src);
}

static ml_gfp_t gfp(const char *names)
{
	ml_gfp_t g;
	uint64_t hex;
	struct ml_error err = { 0 };
	if (ml_gfp_parse(names, &g, &hex, &err) != ML_OK)
		fail_msg("%s", err.message);
	return g;
}

static struct ml_explain_request request(enum ml_alloc_api api, uint64_t size, const char *flags)
{
	struct ml_explain_request r = { .api = api, .size_bytes = size, .order = -1, .node = -1 };
	r.gfp = gfp(flags);
	return r;
}

static struct ml_explain_request order_request(enum ml_alloc_api api, int order, const char *flags)
{
	struct ml_explain_request r = { .api = api, .order = order, .node = -1 };
	r.gfp = gfp(flags);
	return r;
}

static void explain(const struct ml_system *sys, const struct ml_explain_request *req, struct ml_explain_result *res)
{
	struct ml_error err = { 0 };
	if (ml_explain(sys, req, res, &err) != ML_OK)
		fail_msg("explain: %s", err.message);
}

static const struct ml_zone_check *check_of(const struct ml_zone_check *zones, size_t n, const char *zone)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(zones[i].zone, zone) == 0)
			return &zones[i];
	fail_msg("zone %s not in the fallback list", zone);
	abort();
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool has_advice(const struct ml_explain_result *r, const char *needle)
{
	for (size_t i = 0; i < r->nadvice; i++)
		if (strstr(r->advice[i].what, needle))
			return true;
	return false;
}

static bool has_line(const struct ml_explain_lines *l, const char *needle)
{
	for (size_t i = 0; i < l->n; i++)
		if (strstr(l->v[i].text, needle))
			return true;
	return false;
}

static struct ml_zone *zone(struct ml_system *sys, const char *name)
{
	struct ml_zone *z = ml_system_zone(sys, 0, name);
	assert_non_null(z);
	return z;
}

/* Set a zone's free lists: counts per order for one migrate type, the
 * other types emptied, buddyinfo kept equal to the sum. */
static void set_free_lists(struct ml_system *sys, struct ml_zone *z, const char *type, const uint64_t *blocks, int n)
{
	int t = ml_system_type(sys, type);
	assert_true(t >= 0);
	memset(z->type_blocks, 0, sizeof(z->type_blocks));
	memset(z->free_blocks, 0, sizeof(z->free_blocks));
	for (int k = 0; k < n; k++) {
		z->type_blocks[t][k] = blocks[k];
		z->free_blocks[k] = blocks[k];
	}
}

/* ---- the rules alone -------------------------------------------------- */

static void test_explain_watermark_reductions_of_4_3(void **state)
{
	(void)state;
	/* §12.4 reference box: min 4263; GFP_ATOMIC: 4263 − 4263/2 = 2132,
	 * then 2132 − 2132/4 = 1599 (≈ 37.5 %). */
	unsigned atomic = ML_ALLOC_WMARK_MIN | ML_ALLOC_MIN_RESERVE | ML_ALLOC_NON_BLOCK;
	assert_int_equal(ml_wmark_reduce(4263, atomic, 6018), 1599);
	assert_int_equal(ml_wmark_reduce(4263, ML_ALLOC_MIN_RESERVE, 6018), 2132);
	/* NON_BLOCK alone (GFP_NOWAIT) does not lower the mark. */
	assert_int_equal(ml_wmark_reduce(4263, ML_ALLOC_NON_BLOCK, 6018), 4263);
	assert_int_equal(ml_wmark_reduce(4263, ML_ALLOC_OOM, 6018), 2132);
	/* 6.1: ALLOC_HIGH halves, ALLOC_HARDER a quarter: the same 1599; HARDER
	 * alone (an RT task) 4263 − 1065 = 3198. */
	assert_int_equal(ml_wmark_reduce(4263, atomic, 6001), 1599);
	assert_int_equal(ml_wmark_reduce(4263, ML_ALLOC_NON_BLOCK, 6001), 3198);
	/* The vm-6.18 capture's Normal min 4649: 4649 − 2324 = 2325, 2325 − 581 = 1744. */
	assert_int_equal(ml_wmark_reduce(4649, atomic, 6018), 1744);
}

static void test_explain_unusable_free_and_the_strict_check(void **state)
{
	(void)state;
	struct ml_unusable_terms t;
	/* §4.2: order 10 → 1023; highatomic only without reserve flags; CMA
	 * only without ALLOC_CMA. */
	assert_int_equal(ml_wmark_unusable(10, ML_ALLOC_WMARK_LOW, 45, 0, 6018, &t), 1023 + 45);
	assert_int_equal(t.order, 1023);
	assert_int_equal(t.highatomic, 45);
	assert_int_equal(ml_wmark_unusable(3, ML_ALLOC_NON_BLOCK, 45, 100, 6018, &t), 7 + 100);
	assert_int_equal(ml_wmark_unusable(0, ML_ALLOC_CMA, 45, 100, 6018, &t), 45);
	/* §4.4: strictly greater.  F − U = M + R fails, one more page passes. */
	assert_false(ml_wmark_order0_ok(5811 + 1023, 1023, 5811, 0));
	assert_true(ml_wmark_order0_ok(5812 + 1023, 1023, 5811, 0));
	/* F − U negative: fails, no wrap-around. */
	assert_false(ml_wmark_order0_ok(100, 1023, 0, 0));
	/* Takes: Normal of the 6.18 capture, order 3 at low: (101250 − 7 − 5811)
	 * = 95432 pages of room, ⌈95432 / 8⌉ = 11929 blocks. */
	assert_int_equal(ml_wmark_takes(101250, 7, 5811, 0, 3), 11929);
	assert_int_equal(ml_wmark_takes(100, 0, 100, 0, 0), 0);
	assert_int_equal(ml_wmark_takes(101, 0, 100, 0, 0), 1);
	/* §5.5: compact_gap(3) = 16; fragindex 0..500 means lack of memory. */
	assert_int_equal(ml_compact_gap(3), 16);
	assert_false(ml_fragindex_suitable(500, 500));
	assert_true(ml_fragindex_suitable(501, 500));
	assert_true(ml_fragindex_suitable(-1000, 500));
	assert_int_equal(ml_get_order(4194304, 4096), 10);
	assert_int_equal(ml_get_order(4194305, 4096), 11);
	assert_int_equal(ml_get_order(104857600, 4096), 15);
	assert_int_equal(ml_get_order(1, 4096), 0);
}

/* ---- §12.1, §12.2, §12.3: kmalloc on x86_64 ----------------------------- */

static void test_explain_kmalloc_4mib_succeeds_from_normal_by_claiming_movable(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	struct ml_explain_request q = request(ML_API_KMALLOC, 4u << 20, "GFP_KERNEL");
	explain(&sys, &q, &r);
	/* §12.1 step 1: 4194304 > 8192 → large kmalloc, order 10 = MAX_PAGE_ORDER. */
	assert_false(r.api.slab);
	assert_int_equal(r.api.kmalloc_max_cache_size, 8192);
	assert_int_equal(r.api.kmalloc_max_size, 4u << 20);
	assert_int_equal(r.api.order, 10);
	assert_false(r.api.exceeds_max_order);
	assert_int_equal(r.api.gfp_page, 0x40cc0);  /* GFP_KERNEL|__GFP_COMP */
	assert_int_equal(r.api.wasted_bytes, 0);
	/* step 2: Normal → DMA32 → DMA, Unmovable, no OOM for a costly order. */
	assert_int_equal(r.gfp.highest_zone, ML_ZONE_NORMAL);
	assert_string_equal(r.gfp.zonelist, "Normal → DMA32 → DMA");
	assert_int_equal(r.gfp.migratetype, ML_MT_UNMOVABLE);
	assert_false(r.gfp.oom_possible);
	/* step 3: Normal 101250 − 1023 = 100227 > 5811 + 0, 89 order-10 blocks
	 * all on the Movable list → claimed whole (10 ≥ pageblock order 9). */
	const struct ml_zone_check *n = check_of(r.page.zones, r.page.nzones, "Normal");
	assert_int_equal(n->fast.free_pages, 101250);
	assert_int_equal(n->fast.unusable_pages, 1023);
	assert_int_equal(n->fast.mark_pages, 5811);
	assert_int_equal(n->fast.reserve_pages, 0);
	assert_true(n->fast.order0_ok);
	assert_int_equal(n->fast.block_order, 10);
	assert_string_equal(n->fast.block_type, "Movable");
	assert_non_null(strstr(n->fast.block_source, "claiming a free order-10 Movable block"));
	assert_true(n->fast.ok);
	/* DMA32 would also qualify: 772917 − 1023 > 15231 + 1152. */
	const struct ml_zone_check *d32 = check_of(r.page.zones, r.page.nzones, "DMA32");
	assert_int_equal(d32->fast.reserve_pages, 1152);
	assert_true(d32->fast.ok);
	/* DMA never: 3840 − 1023 = 2817 ≤ 75 + 4171. */
	const struct ml_zone_check *dma = check_of(r.page.zones, r.page.nzones, "DMA");
	assert_int_equal(dma->fast.reserve_pages, 4171);
	assert_false(dma->fast.order0_ok);
	assert_int_equal(r.page.first_ok_fast, 0);
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	assert_int_equal(r.path, ML_PATH_FAST);
	assert_int_equal(ml_verdict_exit_code(r.verdict), 0);
	assert_true(starts_with(r.reason, "succeeds-now: "));
	/* step 6 (§12.1 step 5): kvmalloc/vmalloc unless contiguity is needed. */
	assert_true(has_advice(&r, "kvmalloc()"));
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

static void test_explain_kmalloc_4mib_plus_1_always_fails(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	struct ml_explain_request q = request(ML_API_KMALLOC, (4u << 20) + 1, "GFP_KERNEL");
	explain(&sys, &q, &r);
	/* §12.2: get_order(4194305) = 11 > 10: WARN once, NULL, whatever is free. */
	assert_int_equal(r.api.order, 11);
	assert_true(r.api.exceeds_max_order);
	assert_false(r.page.present);
	assert_int_equal(r.verdict, ML_VERDICT_FAILS);
	assert_int_equal(ml_verdict_exit_code(r.verdict), 13);
	assert_true(starts_with(r.reason, "fails: 4 MiB + 1 byte exceeds KMALLOC_MAX_SIZE (4 MiB = order 10 with 4 KiB pages)"));
	ml_explain_result_free(&r);
	/* The brief's sentence for 5 MiB. */
	q.size_bytes = 5u << 20;
	explain(&sys, &q, &r);
	assert_true(starts_with(r.reason, "fails: 5 MiB exceeds KMALLOC_MAX_SIZE (4 MiB = order 10 with 4 KiB pages)"));
	assert_true(has_advice(&r, "kvmalloc()"));
	ml_explain_result_free(&r);
	/* kvmalloc of the same size: the kmalloc attempt fails silently, vmalloc
	 * serves it (§12.2 step 3). */
	q.api = ML_API_KVMALLOC;
	q.size_bytes = (4u << 20) + 1;
	explain(&sys, &q, &r);
	assert_true(r.api.kv_vmalloc_fallback);
	assert_true(r.bulk.present);
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

static void test_explain_kmalloc_100_bytes_takes_kmalloc_128(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	struct ml_explain_request q = request(ML_API_KMALLOC, 100, "GFP_KERNEL");
	explain(&sys, &q, &r);
	/* §12.3: (100 − 1)/8 = 12 → index 7 → kmalloc-128; 28 bytes = 21.9 %. */
	assert_true(r.api.slab);
	assert_string_equal(r.api.cache, "kmalloc-128");
	assert_int_equal(r.api.class_bytes, 128);
	assert_int_equal(r.api.wasted_bytes, 28);
	assert_int_equal(r.api.waste_permille, 219);
	/* slabinfo: kmalloc-128 32 objects, 1 page per slab, 3776 of 3776 active. */
	assert_true(r.api.has_cache_stats);
	assert_int_equal(r.api.objects_per_slab, 32);
	assert_int_equal(r.api.pages_per_slab, 1);
	assert_int_equal(r.api.cache_free_objects, 0);
	assert_int_equal(r.api.slab_min_order, 0);
	/* A new slab: one order-0 page, GFP_KERNEL, too small to fail. */
	assert_int_equal(r.page.order, 0);
	assert_true(r.gfp.oom_possible);
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	assert_true(has_advice(&r, "kmem_cache_create()"));
	/* Per-CPU lists: Normal's pagesets count 4201 + 712 = 4913 pages. */
	assert_true(has_line(&r.notes, "4913 more free pages"));
	ml_explain_result_free(&r);
	/* kmalloc-4k has 368 − 238 = 130 free objects: no page needed. */
	q.size_bytes = 3000;
	explain(&sys, &q, &r);
	assert_string_equal(r.api.cache, "kmalloc-4k");
	assert_int_equal(r.api.cache_free_objects, 130);
	assert_int_equal(r.path, ML_PATH_SLAB_OBJECT);
	ml_explain_result_free(&r);
	/* __GFP_DMA selects dma-kmalloc-128, whose slab pages come from DMA. */
	q = request(ML_API_KMALLOC, 100, "GFP_KERNEL|GFP_DMA");
	explain(&sys, &q, &r);
	assert_string_equal(r.api.cache, "dma-kmalloc-128");
	assert_int_equal(r.gfp.highest_zone, ML_ZONE_DMA);
	assert_string_equal(r.gfp.zonelist, "DMA");
	/* DMA: 3840 > low 75 + protection[DMA] 0 → served from DMA. */
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	assert_true(has_advice(&r, "drop __GFP_DMA"));
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

/* ---- §12.4 GFP_ATOMIC order 3 ----------------------------------------- */

/* The reference box of §12: zones of the 6.18 capture with §12's figures
 * (Normal managed 262144, free 30000, min/low 4263/5328, buddyinfo of §11.1
 * with every block on the Movable list; DMA32 min/low 12570/15712,
 * protection (0,0,1024,...); DMA min/low 62/77, protection (0,3019,4043,...)). */
static void make_reference_box(struct ml_system *sys)
{
	static const uint64_t normal[11] = { 1227, 378, 84, 92, 134, 87, 29, 14, 12, 6, 12 };
	struct ml_zone *n = zone(sys, "Normal"), *d32 = zone(sys, "DMA32"), *dma = zone(sys, "DMA");
	n->managed = 262144;
	n->free_pages = 30000;
	n->wmark_min = 4263;
	n->wmark_low = 5328;
	n->wmark_high = 6393;
	set_free_lists(sys, n, "Movable", normal, 11);
	d32->wmark_min = 12570;
	d32->wmark_low = 15712;
	for (int j = 2; j < 5; j++)
		d32->protection[j] = 1024;
	dma->wmark_min = 62;
	dma->wmark_low = 77;
	dma->protection[1] = 3019;
	for (int j = 2; j < 5; j++)
		dma->protection[j] = 4043;
}

static void test_explain_reference_box_numbers_of_12_1_and_12_4(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	make_reference_box(&sys);
	struct ml_explain_request q = request(ML_API_KMALLOC, 4u << 20, "GFP_KERNEL");
	explain(&sys, &q, &r);
	/* §12.1: Normal 30000 − 1023 > 5328 + 0, 12 Movable order-10 blocks. */
	const struct ml_zone_check *n = check_of(r.page.zones, r.page.nzones, "Normal");
	assert_int_equal(n->fast.free_pages - n->fast.unusable_pages, 28977);
	assert_int_equal(n->fast.mark_pages + n->fast.reserve_pages, 5328);
	assert_true(n->fast.ok);
	/* DMA32: 772917 − 1023 > 15712 + 1024; DMA: 3840 − 1023 ≤ 77 + 4043. */
	const struct ml_zone_check *d32 = check_of(r.page.zones, r.page.nzones, "DMA32");
	assert_int_equal(d32->fast.mark_pages + d32->fast.reserve_pages, 16736);
	assert_true(d32->fast.ok);
	const struct ml_zone_check *dma = check_of(r.page.zones, r.page.nzones, "DMA");
	assert_int_equal(dma->fast.mark_pages + dma->fast.reserve_pages, 4120);
	assert_false(dma->fast.ok);
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	ml_explain_result_free(&r);

	/* §12.4: __get_free_pages(GFP_ATOMIC, 3): Normal 30000 − 7 > 5328, an
	 * order ≥ 3 block exists → succeeds now; the slow path's mark would be
	 * 4263 → 2132 → 1599 pages. */
	q = order_request(ML_API_GET_FREE_PAGES, 3, "GFP_ATOMIC");
	explain(&sys, &q, &r);
	n = check_of(r.page.zones, r.page.nzones, "Normal");
	assert_int_equal(n->fast.unusable_pages, 7);
	assert_true(n->fast.ok);
	assert_int_equal(n->slow.mark_reduced_pages, 1599);
	assert_true(r.page.slow_flags & ML_ALLOC_HIGHATOMIC);
	assert_false(r.gfp.may_sleep);
	assert_int_equal(r.gfp.reserve_numerator, 3);
	assert_int_equal(r.gfp.reserve_denominator, 8);
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

/* Normal fragmented: 90000 free pages, all in orders 0-2 (20000 + 15000×2
 * + 10000×4), nothing of order ≥ 3.  Made from the 6.18 capture. */
static void fragment_normal(struct ml_system *sys)
{
	static const uint64_t frag[3] = { 20000, 15000, 10000 };
	struct ml_zone *n = zone(sys, "Normal");
	set_free_lists(sys, n, "Unmovable", frag, 3);
	n->free_pages = 90000;
}

static void test_explain_atomic_order3_in_fragmented_normal_falls_back_to_dma32(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	fragment_normal(&sys);
	struct ml_explain_request q = order_request(ML_API_GET_FREE_PAGES, 3, "GFP_ATOMIC");
	explain(&sys, &q, &r);
	/* Normal: 90000 − 7 > 5811 passes the order-0 part, but no block of
	 * order ≥ 3 → fails there; DMA32 (772917 − 7 > 15231 + 1152, 752 order-10
	 * blocks) takes it. */
	const struct ml_zone_check *n = check_of(r.page.zones, r.page.nzones, "Normal");
	assert_true(n->fast.order0_ok);
	assert_false(n->fast.block_ok);
	assert_false(n->fast.ok);
	assert_int_equal(r.page.first_ok_fast, 1);
	assert_string_equal(r.page.zones[1].zone, "DMA32");
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	assert_non_null(strstr(r.reason, "DMA32"));
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

static void test_explain_atomic_order3_fails_when_every_zone_is_fragmented(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	fragment_normal(&sys);
	/* DMA32 too: its 772917 free pages as single pages (Movable). */
	static const uint64_t singles[1] = { 772917 };
	set_free_lists(&sys, zone(&sys, "DMA32"), "Movable", singles, 1);
	struct ml_explain_request q = order_request(ML_API_GET_FREE_PAGES, 3, "GFP_ATOMIC");
	explain(&sys, &q, &r);
	/* Fast: Normal and DMA32 lack blocks, DMA is refused by its reserve
	 * (3840 − 7 ≤ 75 + 4171).  Slow: Normal's mark 4649 → 1744 passes the
	 * order-0 part, still no block, and no HighAtomic blocks; it cannot
	 * sleep → fails (§5.2). */
	assert_int_equal(r.page.first_ok_fast, -1);
	assert_int_equal(r.page.first_ok_slow, -1);
	const struct ml_zone_check *n = check_of(r.page.zones, r.page.nzones, "Normal");
	assert_int_equal(n->slow.mark_reduced_pages, 1744);
	assert_true(n->slow.order0_ok);
	assert_false(n->slow.block_ok);
	assert_int_equal(r.verdict, ML_VERDICT_FAILS);
	assert_non_null(strstr(r.reason, "cannot sleep"));
	assert_true(has_advice(&r, "process context"));
	ml_explain_result_free(&r);

	/* The same state with GFP_KERNEL: compaction.  Headroom in Normal:
	 * 90000 − 0 > min 4649 + 2^4 = 4665 + 0; order 3 is not costly (no
	 * fragmentation-index test); 503 Movable pageblocks. */
	q = order_request(ML_API_PAGES, 3, "GFP_KERNEL");
	explain(&sys, &q, &r);
	n = check_of(r.page.zones, r.page.nzones, "Normal");
	assert_true(n->compact_evaluated);
	assert_int_equal(n->compact_mark_pages, 4665);
	assert_true(n->compact_headroom_ok);
	assert_int_equal(n->movable_pageblocks, 503);
	assert_true(n->compact_ok);
	assert_int_equal(r.verdict, ML_VERDICT_AFTER_COMPACTION);
	assert_int_equal(ml_verdict_exit_code(r.verdict), 11);
	ml_explain_result_free(&r);

	/* GFP_NOIO may not compact (§1.3): then too small to fail → OOM path?
	 * No: NOIO lacks __GFP_FS, so the OOM killer kills nothing → stall. */
	q = order_request(ML_API_PAGES, 3, "GFP_NOIO");
	explain(&sys, &q, &r);
	assert_false(r.gfp.may_compact);
	assert_int_equal(r.verdict, ML_VERDICT_MAY_FAIL);
	assert_int_equal(r.path, ML_PATH_STALL);
	ml_explain_result_free(&r);

	/* One free HighAtomic order-3 block in Normal: GFP_ATOMIC's slow path
	 * may use it (ALLOC_HIGHATOMIC, §3.5). */
	struct ml_zone *nz = zone(&sys, "Normal");
	nz->type_blocks[ml_system_type(&sys, "HighAtomic")][3] = 1;
	nz->free_blocks[3] = 1;
	q = order_request(ML_API_GET_FREE_PAGES, 3, "GFP_ATOMIC");
	explain(&sys, &q, &r);
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	assert_int_equal(r.path, ML_PATH_MIN_RESERVE);
	n = check_of(r.page.zones, r.page.nzones, "Normal");
	assert_non_null(strstr(n->slow.block_source, "HighAtomic"));
	/* The fast path cannot use it: the HighAtomic free pages (8) count as
	 * unusable there (no reserve flags, §4.2). */
	assert_int_equal(n->fast.unusable_highatomic, 8);
	assert_false(n->fast.block_ok);
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

/* ---- §12.5 vmalloc, §12.6 DMA ------------------------------------------- */

static void test_explain_vmalloc_100mib(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	struct ml_explain_request q = request(ML_API_VMALLOC, 100u << 20, "GFP_KERNEL");
	q.count = 1000;
	explain(&sys, &q, &r);
	/* §12.5: 25600 pages; 104857600 + 4096 guard = 104861696 bytes of space;
	 * page array 25600 × 8 = 204800 > 4096 → vmalloc'ed, 50 pages; page
	 * tables ⌈25600/512⌉ + ⌈50/512⌉ = 51. */
	assert_int_equal(r.api.vm_pages, 25600);
	assert_int_equal(r.api.vm_area_bytes, 104861696);
	assert_int_equal(r.api.vm_page_array_bytes, 204800);
	assert_true(r.api.vm_page_array_vmalloced);
	assert_int_equal(r.api.vm_page_array_pages, 50);
	assert_int_equal(r.api.vm_page_table_pages, 51);
	assert_false(r.api.vm_huge_possible);
	assert_int_equal(r.api.gfp_page, 0x2cc2);  /* GFP_KERNEL|__GFP_HIGHMEM|__GFP_NOWARN */
	/* Order-0 pages above low: Normal 101250 − 5811 = 95439, DMA32
	 * 772917 − 16383 = 756534, DMA 0 (reserve) → 851973 ≥ 25701. */
	assert_int_equal(r.bulk.pages_needed, 25701);
	assert_int_equal(r.bulk.pages_fast, 851973);
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	/* --count 1000: 851973 / 25701 = 33 by pages. */
	assert_int_equal(r.count_now, 33);
	ml_explain_result_free(&r);

	/* i386 with vmalloc=4M: 100 MiB do not fit the 4 MiB range at all. */
	ml_system_free(&sys);
	load(I386_VM4M, &sys);
	explain(&sys, &q, &r);
	assert_true(r.api.vm_exceeds_space);
	assert_int_equal(r.api.vm_total_bytes, 4096u * 1024);
	assert_int_equal(r.verdict, ML_VERDICT_FAILS);
	assert_true(has_advice(&r, "vmalloc=SIZE"));
	ml_explain_result_free(&r);
	/* The 1.8 MB module buffer of that capture's failure (vmalloc of
	 * 1801529 bytes = 440 pages + guard = 1806336 bytes, as the log says)
	 * does not fit what is left of the range either. */
	q.size_bytes = 1801529;
	explain(&sys, &q, &r);
	assert_int_equal(r.api.vm_area_bytes, 1806336);
	assert_int_equal(r.verdict, ML_VERDICT_FAILS);
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

static void test_explain_100mb_dma_buffer(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	struct ml_explain_request q = request(ML_API_DMA_COHERENT, 100u << 20, "GFP_KERNEL");
	explain(&sys, &q, &r);
	/* §12.6: get_order(100 MiB) = 15 > 10 and no CMA on this x86 box. */
	assert_int_equal(r.api.order, 15);
	assert_false(r.api.dma_cma_possible);
	assert_int_equal(r.verdict, ML_VERDICT_FAILS);
	assert_non_null(strstr(r.reason, "order 15"));
	assert_true(has_advice(&r, "CMA area"));
	assert_true(has_advice(&r, "IOMMU"));
	assert_true(has_advice(&r, "scatter-gather"));
	assert_true(has_advice(&r, "boot-time reservation"));
	ml_explain_result_free(&r);
	/* 100 × 10^6 bytes: also order 15. */
	q.size_bytes = 100000000;
	explain(&sys, &q, &r);
	assert_int_equal(r.api.order, 15);
	ml_explain_result_free(&r);
	/* Behind an IOMMU: 25600 non-contiguous pages, plenty free. */
	q.size_bytes = 100u << 20;
	q.iommu = true;
	explain(&sys, &q, &r);
	assert_int_equal(r.bulk.pages_needed, 25600);
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	ml_explain_result_free(&r);
	/* alloc_pages cannot do it either (order > MAX is bad input there, so
	 * ask by size). */
	q = request(ML_API_PAGES, 100u << 20, "GFP_KERNEL");
	explain(&sys, &q, &r);
	assert_int_equal(r.verdict, ML_VERDICT_FAILS);
	ml_explain_result_free(&r);
	ml_system_free(&sys);

	/* arm64 with a 64 MiB CMA area (CmaFree 64768 kB): 32 MiB comes from
	 * CMA at once; 100 MiB is larger than the area → buddy → order 15 fails. */
	load(ARM64, &sys);
	q = request(ML_API_DMA_COHERENT, 32u << 20, "GFP_KERNEL");
	explain(&sys, &q, &r);
	assert_int_equal(r.api.cma_total_bytes, 65536u * 1024);
	assert_int_equal(r.path, ML_PATH_CMA);
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	ml_explain_result_free(&r);
	q.size_bytes = 100u << 20;
	explain(&sys, &q, &r);
	assert_int_equal(r.verdict, ML_VERDICT_FAILS);
	assert_non_null(strstr(r.reason, "CMA area is too small"));
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

/* ---- i386: HighMem ------------------------------------------------------ */

static void test_explain_i386_kmalloc_highmem_never_gets_highmem(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(I386, &sys);
	static const uint64_t sizes[2] = { 100, 64u << 10 };
	for (int i = 0; i < 2; i++) {
		struct ml_explain_request q = request(ML_API_KMALLOC, sizes[i], "GFP_KERNEL|__GFP_HIGHMEM");
		explain(&sys, &q, &r);
		/* §7.6: HIGHMEM is in GFP_SLAB_BUG_MASK, fixed up; §2.2: the page
		 * mask has no HIGHMEM → highest Normal, zonelist Normal → DMA. */
		assert_true(has_line(&r.api.lines, "Fixing up"));
		assert_false(r.api.gfp_page & ML_GFP_HIGHMEM);
		assert_int_equal(r.gfp.highest_zone, ML_ZONE_NORMAL);
		assert_string_equal(r.gfp.zonelist, "Normal → DMA");
		for (size_t z = 0; z < r.page.nzones; z++)
			assert_int_not_equal(r.page.zones[z].kind, ML_ZONE_HIGHMEM);
		/* Normal: 198872 − U > 12630 + 0. */
		assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
		assert_true(has_advice(&r, "kmap_local_page()"));
		ml_explain_result_free(&r);
	}
	/* __get_free_pages strips __GFP_HIGHMEM too (§5.7). */
	struct ml_explain_request q = order_request(ML_API_GET_FREE_PAGES, 0, "GFP_HIGHUSER");
	explain(&sys, &q, &r);
	assert_int_equal(r.gfp.highest_zone, ML_ZONE_NORMAL);
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

static void test_explain_i386_alloc_pages_highmem_tries_highmem_first(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(I386, &sys);
	struct ml_explain_request q = order_request(ML_API_PAGES, 0, "GFP_KERNEL|__GFP_HIGHMEM");
	explain(&sys, &q, &r);
	assert_int_equal(r.gfp.highest_zone, ML_ZONE_HIGHMEM);
	assert_int_equal(r.gfp.highest_zoneidx, 2);
	assert_string_equal(r.gfp.zonelist, "HighMem → Normal → DMA");
	/* HighMem: 555498 > low 7108 + 0 → taken there. */
	assert_int_equal(r.page.zones[0].kind, ML_ZONE_HIGHMEM);
	assert_int_equal(r.page.zones[0].fast.mark_pages, 7108);
	assert_true(r.page.zones[0].fast.ok);
	/* For this HighMem-capable request Normal keeps protection[2] = 17567. */
	const struct ml_zone_check *n = check_of(r.page.zones, r.page.nzones, "Normal");
	assert_int_equal(n->fast.reserve_pages, 17567);
	assert_int_equal(r.page.first_ok_fast, 0);
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	ml_explain_result_free(&r);
	/* vmalloc adds __GFP_HIGHMEM: its pages come from HighMem first. */
	q = request(ML_API_VMALLOC, 100u << 20, "GFP_KERNEL");
	explain(&sys, &q, &r);
	assert_string_equal(r.bulk.zonelist, "HighMem → Normal → DMA");
	/* 32-bit: the page array is 25600 × 4 bytes. */
	assert_int_equal(r.api.vm_page_array_bytes, 102400);
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

static void test_explain_i386_kernel_61_rules(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(I386, &sys);
	/* kvmalloc on 6.1 gives the kmalloc attempt __GFP_NORETRY (§7.7). */
	struct ml_explain_request q = request(ML_API_KVMALLOC, 64u << 10, "GFP_KERNEL");
	explain(&sys, &q, &r);
	assert_int_equal(r.inputs.kernel_version, 6001);
	assert_true(r.api.kv_kmalloc_gfp & ML_GFP_NORETRY);
	assert_true(r.api.kv_kmalloc_gfp & ML_GFP_DIRECT_RECLAIM);
	assert_false(r.api.kv_vmalloc_fallback);
	ml_explain_result_free(&r);
	/* The same on 6.18 drops direct reclaim instead. */
	q.kernel_version = "6.18";
	explain(&sys, &q, &r);
	assert_false(r.api.kv_kmalloc_gfp & ML_GFP_DIRECT_RECLAIM);
	assert_false(r.api.kv_kmalloc_gfp & ML_GFP_NORETRY);
	ml_explain_result_free(&r);
	/* GFP_ATOMIC on 6.1 carried __GFP_ATOMIC: ALLOC_HARDER (bit 0x10). */
	q = order_request(ML_API_PAGES, 1, "GFP_ATOMIC");
	explain(&sys, &q, &r);
	assert_true(r.page.gfp & ML_GFP_ATOMIC);
	assert_true(r.page.slow_flags & ML_ALLOC_NON_BLOCK);
	assert_true(has_line(&r.gfp.lines, "__GFP_ATOMIC"));
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

/* ---- zones that refuse ---------------------------------------------------- */

/* Pressure: Normal free 4000 (below its min 4649), DMA32 free 13000 (above
 * its min 12185, but not above min + protection[Normal] 1152 = 13337). */
static void squeeze(struct ml_system *sys)
{
	zone(sys, "Normal")->free_pages = 4000;
	zone(sys, "DMA32")->free_pages = 13000;
}

static void test_explain_lowmem_reserve_makes_dma32_refuse_normal_requests(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	squeeze(&sys);
	struct ml_explain_request q = order_request(ML_API_PAGES, 0, "GFP_KERNEL");
	explain(&sys, &q, &r);
	/* DMA32 for a Normal-class request: low 15231 + 1152; min 12185 + 1152
	 * = 13337 ≥ 13000 → refused by the reserve alone (13000 > 12185). */
	const struct ml_zone_check *d32 = check_of(r.page.zones, r.page.nzones, "DMA32");
	assert_int_equal(d32->slow.reserve_pages, 1152);
	assert_int_equal(d32->slow.mark_reduced_pages, 12185);
	assert_false(d32->slow.order0_ok);
	assert_true(d32->slow.free_pages > d32->slow.mark_reduced_pages);
	/* Normal 4000 ≤ min 4649; reclaim: 4000 + 148863 file pages > 4649 →
	 * succeeds after reclaim. */
	const struct ml_zone_check *n = check_of(r.page.zones, r.page.nzones, "Normal");
	assert_int_equal(n->reclaimable_pages, 148863);
	assert_true(n->reclaim_ok);
	assert_int_equal(r.verdict, ML_VERDICT_AFTER_RECLAIM);
	assert_int_equal(ml_verdict_exit_code(r.verdict), 10);
	ml_explain_result_free(&r);
	/* A GFP_DMA32 request (highest_zoneidx 1) meets other reserves: DMA32
	 * keeps protection[1] = 0 from it (13000 > min 12185 + 0 would pass at
	 * min), and DMA keeps only protection[1] = 3019, so the fast path
	 * already takes it from DMA: 3840 > low 75 + 3019 = 3094. */
	q = order_request(ML_API_PAGES, 0, "GFP_KERNEL|GFP_DMA32");
	explain(&sys, &q, &r);
	assert_string_equal(r.gfp.zonelist, "DMA32 → DMA");
	assert_int_equal(r.page.zones[0].slow.reserve_pages, 0);
	assert_true(r.page.zones[0].slow.ok);
	assert_false(r.page.zones[0].fast.ok);
	assert_int_equal(r.page.zones[1].fast.reserve_pages, 3019);
	assert_int_equal(r.page.first_ok_fast, 1);
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	assert_int_equal(r.path, ML_PATH_FAST);
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

static void test_explain_zone_below_min_serves_only_reserve_users(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	squeeze(&sys);
	/* GFP_ATOMIC order 0: Normal's min 4649 → 2325 → 1744 < 4000. */
	struct ml_explain_request q = order_request(ML_API_PAGES, 0, "GFP_ATOMIC");
	explain(&sys, &q, &r);
	assert_int_equal(r.page.zones[0].slow.mark_reduced_pages, 1744);
	assert_true(r.page.zones[0].slow.ok);
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	assert_int_equal(r.path, ML_PATH_MIN_RESERVE);
	ml_explain_result_free(&r);
	/* __GFP_HIGH that may sleep: half of min, 2325 < 4000. */
	q = order_request(ML_API_PAGES, 0, "GFP_KERNEL|__GFP_HIGH");
	explain(&sys, &q, &r);
	assert_int_equal(r.page.zones[0].slow.mark_reduced_pages, 2325);
	assert_int_equal(r.path, ML_PATH_MIN_RESERVE);
	ml_explain_result_free(&r);
	/* GFP_NOWAIT: no reserve (4000 ≤ 4649), DMA32 refused, cannot sleep. */
	q = order_request(ML_API_PAGES, 0, "GFP_NOWAIT");
	explain(&sys, &q, &r);
	assert_int_equal(r.page.zones[0].slow.mark_reduced_pages, 4649);
	assert_int_equal(r.verdict, ML_VERDICT_FAILS);
	ml_explain_result_free(&r);
	/* __GFP_MEMALLOC ignores the watermarks. */
	q = order_request(ML_API_PAGES, 0, "GFP_NOWAIT|__GFP_MEMALLOC");
	explain(&sys, &q, &r);
	assert_int_equal(r.path, ML_PATH_NO_WATERMARKS);
	ml_explain_result_free(&r);
	/* No reclaimable memory and no swap either: GFP_KERNEL needs the OOM
	 * killer (may-fail), GFP_NOFS stalls, GFP_DMA32 fails (lowmem: no OOM). */
	/* DMA32 12000 ≤ min 12185; DMA 3000 ≤ min 60 + 3019 for DMA32-class
	 * requests, ≤ 60 + 4171 for Normal-class ones. */
	zone(&sys, "Normal")->active_file = zone(&sys, "Normal")->inactive_file = 0;
	zone(&sys, "DMA32")->free_pages = 12000;
	zone(&sys, "DMA")->free_pages = 3000;
	q = order_request(ML_API_PAGES, 0, "GFP_KERNEL");
	explain(&sys, &q, &r);
	assert_int_equal(r.verdict, ML_VERDICT_MAY_FAIL);
	assert_int_equal(r.path, ML_PATH_OOM_KILL);
	assert_int_equal(ml_verdict_exit_code(r.verdict), 12);
	ml_explain_result_free(&r);
	q = order_request(ML_API_PAGES, 0, "GFP_NOFS");
	explain(&sys, &q, &r);
	assert_int_equal(r.path, ML_PATH_STALL);
	ml_explain_result_free(&r);
	q = order_request(ML_API_PAGES, 0, "GFP_KERNEL|GFP_DMA32");
	explain(&sys, &q, &r);
	assert_int_equal(r.verdict, ML_VERDICT_FAILS);
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

/* A kernel built without ZONE_DMA: the 6.18 capture with its DMA zone
 * removed (zone indices shift down by one, protection arrays lose their
 * first entry), as zoneinfo would print it. */
static void remove_dma_zone(struct ml_system *sys)
{
	size_t j = 0;
	for (size_t i = 0; i < sys->nzones; i++) {
		struct ml_zone z = sys->zones[i];
		if (z.kind == ML_ZONE_DMA)
			continue;
		z.index--;
		memmove(z.protection, z.protection + 1, sizeof(z.protection) - sizeof(z.protection[0]));
		z.nprotection--;
		sys->zones[j++] = z;
	}
	sys->nzones = j;
}

static void test_explain_gfp_dma_without_dma_zone(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	remove_dma_zone(&sys);
	struct ml_explain_request q = order_request(ML_API_PAGES, 0, "GFP_KERNEL|GFP_DMA");
	explain(&sys, &q, &r);
	/* §2.2 "OPT": without ZONE_DMA, __GFP_DMA gives Normal (index 1 now). */
	assert_int_equal(r.gfp.highest_zone, ML_ZONE_NORMAL);
	assert_int_equal(r.gfp.highest_zoneidx, 1);
	assert_string_equal(r.gfp.zonelist, "Normal → DMA32");
	assert_true(has_line(&r.gfp.lines, "no ZONE_DMA"));
	/* DMA32's reserve for Normal is now protection[1] = 1152. */
	assert_int_equal(check_of(r.page.zones, r.page.nzones, "DMA32")->fast.reserve_pages, 1152);
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	assert_true(has_advice(&r, "drop __GFP_DMA"));
	ml_explain_result_free(&r);
	/* kmalloc(GFP_DMA) then uses the normal caches: no dma-kmalloc family. */
	q = request(ML_API_KMALLOC, 100, "GFP_KERNEL|GFP_DMA");
	explain(&sys, &q, &r);
	assert_string_equal(r.api.cache, "kmalloc-128");
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

/* ---- flags, limits, counting, bad input ---------------------------------- */

static void test_explain_invalid_and_odd_masks(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	/* __GFP_DMA with __GFP_DMA32: GFP_ZONE_BAD (§2.2) → fails. */
	struct ml_explain_request q = order_request(ML_API_PAGES, 0, "GFP_KERNEL|GFP_DMA|GFP_DMA32");
	explain(&sys, &q, &r);
	assert_true(r.gfp.zone_invalid);
	assert_int_equal(r.verdict, ML_VERDICT_FAILS);
	assert_true(has_line(&r.gfp.lines, "invalid zone combination"));
	ml_explain_result_free(&r);
	/* ... but kmalloc clears DMA32 first (§7.6) and uses dma-kmalloc. */
	q = request(ML_API_KMALLOC, 100, "GFP_KERNEL|GFP_DMA|GFP_DMA32");
	explain(&sys, &q, &r);
	assert_false(r.gfp.zone_invalid);
	assert_string_equal(r.api.cache, "dma-kmalloc-128");
	ml_explain_result_free(&r);
	/* __GFP_NOFAIL with a costly order WARNs; advice against it. */
	q = order_request(ML_API_PAGES, 4, "GFP_KERNEL|__GFP_NOFAIL");
	explain(&sys, &q, &r);
	assert_true(has_line(&r.gfp.lines, "order 4 > 1 WARNs"));
	assert_true(has_advice(&r, "__GFP_NOFAIL"));
	ml_explain_result_free(&r);
	/* MOVABLE|RECLAIMABLE: migrate type 3, a caller bug. */
	q = order_request(ML_API_PAGES, 0, "GFP_KERNEL|__GFP_MOVABLE|__GFP_RECLAIMABLE");
	explain(&sys, &q, &r);
	assert_int_equal(r.gfp.migratetype, ML_MT_HIGHATOMIC);
	ml_explain_result_free(&r);
	/* vmalloc cannot be called with GFP_ATOMIC (§8.1). */
	q = request(ML_API_VMALLOC, 1u << 20, "GFP_ATOMIC");
	explain(&sys, &q, &r);
	assert_int_equal(r.verdict, ML_VERDICT_FAILS);
	assert_non_null(strstr(r.reason, "may sleep"));
	ml_explain_result_free(&r);
	/* kcalloc overflow: 2^62 × 8 does not fit 64 bits. */
	q = request(ML_API_KCALLOC, 8, "GFP_KERNEL");
	q.elements = 1ull << 62;
	explain(&sys, &q, &r);
	assert_true(r.api.size_overflow);
	assert_int_equal(r.verdict, ML_VERDICT_FAILS);
	ml_explain_result_free(&r);
	q.elements = 10;
	explain(&sys, &q, &r);
	assert_int_equal(r.api.total_bytes, 80);
	assert_string_equal(r.api.cache, "kmalloc-96");
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

static void test_explain_count_is_order_aware_and_stops_at_the_watermark(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	struct ml_explain_request q = order_request(ML_API_PAGES, 3, "GFP_KERNEL");
	q.count = 200000;
	explain(&sys, &q, &r);
	/* Normal, order 3, from pagetypeinfo (Unmovable + Movable + Reclaimable,
	 * each order-k block giving 2^(k−3) chunks):
	 *   U: 162 + 37·2 + 6·4 + 4·8 + 1·16 + 2·32           = 372
	 *   M: 30 + 13·2 + 13·4 + 13·8 + 10·16 + 1·32 + 1·64 + 89·128 = 11860
	 *   E: 1 + 3·2 + 1·4 + 1·8 + 1·16                      = 35
	 * = 12267 chunks; the low check allows ⌈(101250 − 7 − 5811)/8⌉ = 11929. */
	const struct ml_zone_check *n = check_of(r.page.zones, r.page.nzones, "Normal");
	assert_int_equal(n->count_blocks, 12267);
	assert_int_equal(n->count_wmark_fast, 11929);
	assert_int_equal(n->count_now, 11929);
	/* DMA: 480 chunks (one order-8 U = 32, one order-9 M = 64, three order-10
	 * M = 384) but the reserve stops it at 0. */
	const struct ml_zone_check *dma = check_of(r.page.zones, r.page.nzones, "DMA");
	assert_int_equal(dma->count_blocks, 480);
	assert_int_equal(dma->count_now, 0);
	/* DMA32: ⌈(772917 − 7 − 16383)/8⌉ = 94566 < 96612 chunks. */
	const struct ml_zone_check *d32 = check_of(r.page.zones, r.page.nzones, "DMA32");
	assert_int_equal(d32->count_now, 94566);
	assert_int_equal(r.count_now, 11929 + 94566);
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

static void test_explain_bad_requests_are_usage_errors(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	struct ml_error err = { 0 };
	load(X86, &sys);
	struct ml_explain_request q = request(ML_API_KMALLOC, 0, "GFP_KERNEL");
	assert_int_equal(ml_explain(&sys, &q, &r, &err), ML_EUSAGE);
	assert_non_null(strstr(err.message, "size of 0"));
	q = order_request(ML_API_PAGES, 11, "GFP_KERNEL");
	assert_int_equal(ml_explain(&sys, &q, &r, &err), ML_EUSAGE);
	assert_non_null(strstr(err.message, "MAX_PAGE_ORDER 10"));
	q = order_request(ML_API_KMALLOC, 3, "GFP_KERNEL");
	assert_int_equal(ml_explain(&sys, &q, &r, &err), ML_EUSAGE);
	q = request(ML_API_KMALLOC, 100, "GFP_KERNEL");
	q.node = 3;
	assert_int_equal(ml_explain(&sys, &q, &r, &err), ML_EUSAGE);
	assert_non_null(strstr(err.message, "node 3"));
	q.node = -1;
	q.kernel_version = "banana";
	assert_int_equal(ml_explain(&sys, &q, &r, &err), ML_EUSAGE);
	ml_system_free(&sys);
}

static void test_explain_without_pagetypeinfo_is_less_certain(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	for (size_t i = 0; i < sys.nzones; i++)
		sys.zones[i].has_types = sys.zones[i].has_pageblocks = false;
	struct ml_explain_request q = request(ML_API_KMALLOC, 4u << 20, "GFP_KERNEL");
	explain(&sys, &q, &r);
	const struct ml_zone_check *n = check_of(r.page.zones, r.page.nzones, "Normal");
	assert_true(n->fast.block_ok);
	assert_false(n->fast.block_certain);
	assert_true(has_line(&r.notes, "less certain"));
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

/* What `report` will do: zones from a Mem-Info dump, migrate types only as
 * letters.  Here: the 6.18 capture's Normal with presence 0/1 only. */
static void test_explain_presence_letters_are_enough_for_the_check(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	for (size_t i = 0; i < sys.nzones; i++)
		for (int t = 0; t < ML_MAX_MIGRATE_TYPES; t++)
			for (int k = 0; k < ML_MAX_ORDERS; k++)
				sys.zones[i].type_blocks[t][k] = sys.zones[i].type_blocks[t][k] ? 1 : 0;
	uint64_t highatomic[8] = { 0 };
	highatomic[2] = 45;   /* Normal's free_highatomic:180KB in a dump */
	struct ml_explain_request q = order_request(ML_API_PAGES, 10, "GFP_KERNEL|__GFP_COMP");
	q.types_are_presence = true;
	q.free_highatomic_pages = highatomic;
	q.count = 10;
	explain(&sys, &q, &r);
	const struct ml_zone_check *n = check_of(r.page.zones, r.page.nzones, "Normal");
	/* §9.4's arithmetic shape: F − 1023 − 45 highatomic. */
	assert_int_equal(n->fast.unusable_pages, 1023 + 45);
	assert_true(n->fast.block_ok);
	/* Counting uses the buddy totals (89 order-10 blocks), not the 0/1. */
	assert_int_equal(n->count_blocks, 89);
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

static void test_explain_what_if_arm64_page_sizes(void **state)
{
	(void)state;
	static const struct {
		uint64_t ps;
		uint64_t max_cache, max_size;
		int max_order;
	} cases[] = {
		/* §7.1: KMALLOC_MAX_CACHE_SIZE 2 pages; KMALLOC_MAX_SIZE ps << max order. */
		{ 4096, 8192, 4u << 20, 10 },
		{ 16384, 32768, 32u << 20, 11 },
		{ 65536, 131072, 512u << 20, 13 },
	};
	for (size_t i = 0; i < 3; i++) {
		struct ml_system sys;
		struct ml_error err = { 0 };
		struct ml_explain_result r;
		memset(&sys, 0, sizeof(sys));
		snprintf(sys.info.arch, sizeof(sys.info.arch), "aarch64");
		sys.page_size = cases[i].ps;
		sys.pageblock_order = -1;
		assert_int_equal(ml_kmalloc_build(&sys.kmalloc, NULL, cases[i].ps, "aarch64", -1, &err), ML_OK);
		struct ml_explain_request q = request(ML_API_KMALLOC, cases[i].max_size, "GFP_KERNEL");
		explain(&sys, &q, &r);
		assert_int_equal(r.inputs.max_order, cases[i].max_order);
		assert_int_equal(r.api.kmalloc_max_cache_size, cases[i].max_cache);
		assert_int_equal(r.api.kmalloc_max_size, cases[i].max_size);
		assert_false(r.api.exceeds_max_order);
		/* No zone data: within limits is "may-fail", not a guess. */
		assert_int_equal(r.verdict, ML_VERDICT_MAY_FAIL);
		ml_explain_result_free(&r);
		q.size_bytes = cases[i].max_size + 1;
		explain(&sys, &q, &r);
		assert_int_equal(r.verdict, ML_VERDICT_FAILS);
		ml_explain_result_free(&r);
		ml_system_free(&sys);
	}
}

static void test_explain_kmalloc_rounding_without_slabinfo_uses_arch_defaults(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	struct ml_error err = { 0 };
	load(X86, &sys);
	/* As when /proc/slabinfo is unreadable (not root): the table of the
	 * architecture's defaults (§7.2). */
	ml_kmalloc_free(&sys.kmalloc);
	assert_int_equal(ml_kmalloc_build(&sys.kmalloc, NULL, 4096, "x86_64", 10, &err), ML_OK);
	static const struct {
		uint64_t size, cls;
	} x86[] = { { 1, 8 }, { 9, 16 }, { 70, 96 }, { 100, 128 }, { 129, 192 }, { 193, 256 }, { 4097, 8192 } };
	for (size_t i = 0; i < sizeof(x86) / sizeof(x86[0]); i++) {
		struct ml_explain_request q = request(ML_API_KMALLOC, x86[i].size, "GFP_KERNEL");
		explain(&sys, &q, &r);
		assert_int_equal(r.api.class_bytes, x86[i].cls);
		assert_false(r.api.class_in_slabinfo);
		assert_false(r.api.has_cache_stats);
		ml_explain_result_free(&r);
	}
	/* arm64 (§12.3 step 4): 64-byte DMA alignment, 20 bytes → kmalloc-64,
	 * 70 → kmalloc-128, 100 still kmalloc-128. */
	ml_kmalloc_free(&sys.kmalloc);
	assert_int_equal(ml_kmalloc_build(&sys.kmalloc, NULL, 4096, "aarch64", 10, &err), ML_OK);
	static const struct {
		uint64_t size, cls;
	} arm[] = { { 20, 64 }, { 70, 128 }, { 100, 128 } };
	for (size_t i = 0; i < sizeof(arm) / sizeof(arm[0]); i++) {
		struct ml_explain_request q = request(ML_API_KMALLOC, arm[i].size, "GFP_KERNEL");
		explain(&sys, &q, &r);
		assert_int_equal(r.api.class_bytes, arm[i].cls);
		ml_explain_result_free(&r);
	}
	ml_system_free(&sys);
}

/* ---- zone indices (§2.1, §2.5) ----------------------------------------- */

/* The 6.18 capture without its DMA32 zone, the others keeping their indices
 * (DMA 0, Normal 2, Movable 3, Device 4): what a dump that leaves out an
 * empty zone gives.  The request's highest_zoneidx and the lowmem_reserve
 * entry it selects follow the kernel's numbering, not the count of kinds the
 * model happens to show. */
static void remove_zone_keep_indices(struct ml_system *sys, const char *name)
{
	size_t j = 0;
	for (size_t i = 0; i < sys->nzones; i++)
		if (strcmp(sys->zones[i].name, name) != 0)
			sys->zones[j++] = sys->zones[i];
	sys->nzones = j;
}

static void test_explain_zone_index_is_the_kernels_not_the_count_of_kinds_present(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	remove_zone_keep_indices(&sys, "DMA32");
	struct ml_zone_numbering nb;
	ml_zone_numbering(&sys, &nb);
	assert_int_equal(nb.nr_zones, 5);
	assert_int_equal(nb.index[ML_ZONE_DMA32], 1);
	assert_int_equal(nb.index[ML_ZONE_NORMAL], 2);
	assert_int_equal(nb.index[ML_ZONE_DEVICE], 4);
	/* GFP_KERNEL: highest Normal = index 2, so DMA keeps protection[2] =
	 * 4171 (not protection[1] = 3019). */
	struct ml_explain_request q = order_request(ML_API_PAGES, 0, "GFP_KERNEL");
	explain(&sys, &q, &r);
	assert_int_equal(r.gfp.highest_zoneidx, 2);
	assert_string_equal(r.gfp.zonelist, "Normal → DMA");
	const struct ml_zone_check *dma = check_of(r.page.zones, r.page.nzones, "DMA");
	assert_int_equal(dma->zone_index, 0);
	assert_int_equal(dma->fast.reserve_pages, 4171);
	assert_int_equal(check_of(r.page.zones, r.page.nzones, "Normal")->zone_index, 2);
	ml_explain_result_free(&r);
	/* GFP_DMA32 still means ZONE_DMA32 (index 1), configured though not in
	 * the model: only DMA below it, which keeps protection[1] = 3019. */
	q = order_request(ML_API_PAGES, 0, "GFP_KERNEL|GFP_DMA32");
	explain(&sys, &q, &r);
	assert_int_equal(r.gfp.highest_zone, ML_ZONE_DMA32);
	assert_int_equal(r.gfp.highest_zoneidx, 1);
	assert_string_equal(r.gfp.zonelist, "DMA");
	assert_int_equal(r.page.zones[0].fast.reserve_pages, 3019);
	assert_false(has_line(&r.gfp.lines, "no ZONE_DMA32"));
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

/* The machine's numbering, per architecture, with and without zoneinfo. */
static void test_explain_zone_numbering_per_architecture(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_zone_numbering nb;
	static const struct {
		const char *capture;
		int index[ML_ZONE_OTHER];   /* DMA DMA32 Normal HighMem Movable Device */
		int nr;
	} cases[] = {
		{ X86, { 0, 1, 2, -1, 3, 4 }, 5 },
		{ I386, { 0, -1, 1, 2, 3, -1 }, 4 },
		/* arm64 6.1: DMA32 and Normal empty, still 1 and 2 */
		{ ARM64, { 0, 1, 2, -1, 3, -1 }, 4 },
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		for (int pass = 0; pass < 2; pass++) {
			load(cases[c].capture, &sys);
			if (pass == 1) {
				/* buddyinfo alone: only the populated zones, no index */
				size_t j = 0;
				for (size_t i = 0; i < sys.nzones; i++) {
					sys.zones[i].has_zoneinfo = false;
					sys.zones[i].index = 7;
					if (sys.zones[i].has_buddy)
						sys.zones[j++] = sys.zones[i];
				}
				sys.nzones = j;
			}
			ml_zone_numbering(&sys, &nb);
			for (int k = 0; k < ML_ZONE_OTHER; k++)
				if (nb.index[k] != cases[c].index[k])
					fail_msg("%s%s: %s index %d, want %d", cases[c].capture, pass ? " (buddyinfo only)" : "",
						 ml_zone_kind_name((enum ml_zone_kind)k), nb.index[k], cases[c].index[k]);
			assert_int_equal(nb.nr_zones, cases[c].nr);
			assert_int_equal(nb.guessed, pass == 1);
			ml_system_free(&sys);
		}
	}
	/* What-if machines: the architecture's zones. */
	memset(&sys, 0, sizeof(sys));
	sys.origin = ML_ORIGIN_WHAT_IF;
	snprintf(sys.info.arch, sizeof(sys.info.arch), "i686");
	ml_zone_numbering(&sys, &nb);
	assert_int_equal(nb.index[ML_ZONE_HIGHMEM], 2);
	assert_int_equal(nb.index[ML_ZONE_DMA32], -1);
	snprintf(sys.info.arch, sizeof(sys.info.arch), "aarch64");
	ml_zone_numbering(&sys, &nb);
	assert_int_equal(nb.index[ML_ZONE_NORMAL], 2);
	assert_int_equal(nb.index[ML_ZONE_MOVABLE], 3);
	assert_int_equal(nb.nr_zones, 4);
}

static struct ml_report_list parse_fixture(const char *rel)
{
	size_t len;
	char *buf = ml_test_read_fixture(rel, &len);
	struct ml_report_list l;
	struct ml_error err = { 0 };
	if (ml_parse_failure_reports(buf, len, rel, &l, &err) != ML_OK)
		fail_msg("%s: %s", rel, err.message);
	free(buf);
	return l;
}

/* Models from Mem-Info dumps hold only the printed zones; explain numbers the
 * rest from lowmem_reserve[] (MAX_NR_ZONES entries) and the architecture. */
static void test_explain_on_dumps_uses_the_configured_zone_indices(void **state)
{
	(void)state;
	struct ml_report_list l = parse_fixture("reports/10-x86_64-steamdeck-6.11-order7-noio-dma32-resume/input.txt");
	struct ml_system sys;
	struct ml_explain_result r;
	struct ml_error err = { 0 };
	assert_int_equal(ml_report_to_system(&l.v[0], "r10", &sys, &err), ML_OK);
	/* GFP_NOIO|GFP_DMA32: highest DMA32 = 1; DMA's "lowmem_reserve[]: 0 1808
	 * 14772 0 0" gives 1808 (§2.5). */
	struct ml_explain_request q = order_request(ML_API_PAGES, 0, "GFP_NOIO|GFP_DMA32");
	explain(&sys, &q, &r);
	assert_int_equal(r.gfp.highest_zoneidx, 1);
	assert_int_equal(check_of(r.page.zones, r.page.nzones, "DMA")->fast.reserve_pages, 1808);
	ml_explain_result_free(&r);
	/* GFP_KERNEL: Normal (2) is configured but not printed: 14772. */
	q = order_request(ML_API_PAGES, 0, "GFP_KERNEL");
	explain(&sys, &q, &r);
	assert_int_equal(r.gfp.highest_zoneidx, 2);
	assert_int_equal(check_of(r.page.zones, r.page.nzones, "DMA")->fast.reserve_pages, 14772);
	ml_explain_result_free(&r);
	ml_system_free(&sys);
	ml_report_list_free(&l);

	/* arm64 6.1 SysRq-m: only DMA printed, "lowmem_reserve[]: 0 0 0 0". */
	l = parse_fixture(ARM64 "/sysrq-m.txt");
	assert_int_equal(ml_report_to_system(&l.v[0], "arm64", &sys, &err), ML_OK);
	q = order_request(ML_API_PAGES, 0, "GFP_KERNEL");
	explain(&sys, &q, &r);
	assert_int_equal(r.gfp.highest_zone, ML_ZONE_NORMAL);
	assert_int_equal(r.gfp.highest_zoneidx, 2);
	assert_string_equal(r.gfp.zonelist, "DMA");
	ml_explain_result_free(&r);
	ml_system_free(&sys);
	ml_report_list_free(&l);
}

/* ---- nodemask and cpuset (§2.3, §4.6) ------------------------------------- */

/* The 6.18 capture as node 0 and a copy as node 1, node 0 starved: Normal
 * 1000 free (min 4649; GFP_ATOMIC's reduced min 1744), DMA32 5000 (min
 * 12185 + protection[2] 1152; reduced 4570 + 1152 = 5722), DMA refused by
 * its reserve.  Node 1 keeps the capture's figures. */
static void two_nodes(struct ml_system *sys)
{
	size_t n = sys->nzones;
	struct ml_zone *z = realloc(sys->zones, 2 * n * sizeof(*z));
	assert_non_null(z);
	sys->zones = z;
	for (size_t i = 0; i < n; i++) {
		z[n + i] = z[i];
		z[n + i].node = 1;
	}
	sys->nzones = 2 * n;
	sys->nnodes = 2;
	ml_system_zone(sys, 0, "Normal")->free_pages = 1000;
	ml_system_zone(sys, 0, "DMA32")->free_pages = 5000;
}

static struct ml_nodemask nodes(const char *list)
{
	struct ml_nodemask m;
	struct ml_error err = { 0 };
	if (ml_nodemask_parse(list, &m, &err) != ML_OK)
		fail_msg("%s", err.message);
	return m;
}

static void test_explain_nodemask_skips_other_nodes_zones(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	two_nodes(&sys);
	/* No nodemask: node 0 fails at low, node 1's Normal serves it. */
	struct ml_explain_request q = order_request(ML_API_PAGES, 0, "GFP_KERNEL");
	explain(&sys, &q, &r);
	assert_int_equal(r.page.nzones, 6);
	assert_int_equal(r.page.zones[r.page.first_ok_fast].node, 1);
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	ml_explain_result_free(&r);
	/* nodemask 0: node 1's zones are skipped, and node 0 has no room. */
	q.nodemask = nodes("0");
	explain(&sys, &q, &r);
	assert_int_equal(r.page.nzones, 3);
	for (size_t i = 0; i < r.page.nzones; i++)
		assert_int_equal(r.page.zones[i].node, 0);
	assert_string_equal(r.gfp.zonelist, "node 0 Normal → node 0 DMA32 → node 0 DMA");
	assert_true(has_line(&r.gfp.lines, "nodemask 0: the zonelist walk skips"));
	assert_int_not_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	ml_explain_result_free(&r);
	/* nodemask 1 with node 0 preferred: straight to node 1. */
	q.nodemask = nodes("1");
	explain(&sys, &q, &r);
	assert_string_equal(r.gfp.zonelist, "node 1 Normal → node 1 DMA32 → node 1 DMA");
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	ml_explain_result_free(&r);
	/* __GFP_THISNODE on node 0 with nodemask 1: nothing is left. */
	q = order_request(ML_API_PAGES, 0, "GFP_KERNEL|__GFP_THISNODE");
	q.node = 0;
	q.nodemask = nodes("1");
	explain(&sys, &q, &r);
	assert_int_equal(r.page.nzones, 0);
	assert_int_equal(r.verdict, ML_VERDICT_FAILS);
	assert_non_null(strstr(r.reason, "nodemask"));
	ml_explain_result_free(&r);
	/* vmalloc's order-0 pages obey it too. */
	q = request(ML_API_VMALLOC, 1u << 20, "GFP_KERNEL");
	q.nodemask = nodes("1");
	explain(&sys, &q, &r);
	for (size_t i = 0; i < r.bulk.nzones; i++)
		assert_int_equal(r.bulk.zones[i].node, 1);
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

static void test_explain_cpuset_binds_the_fast_path_and_not_atomic_slow_path(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	two_nodes(&sys);
	/* GFP_KERNEL keeps ALLOC_CPUSET in the slow path: node 1 is out. */
	struct ml_explain_request q = order_request(ML_API_PAGES, 0, "GFP_KERNEL");
	q.cpuset_mems = nodes("0");
	explain(&sys, &q, &r);
	assert_int_equal(r.page.nzones, 3);
	assert_int_not_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	assert_true(has_line(&r.gfp.lines, "cpuset mems_allowed 0"));
	ml_explain_result_free(&r);
	/* GFP_ATOMIC drops ALLOC_CPUSET in the slow path (§4.6): the fast path
	 * fails on node 0, the retry at min takes node 1's Normal. */
	q = order_request(ML_API_PAGES, 0, "GFP_ATOMIC");
	q.cpuset_mems = nodes("0");
	explain(&sys, &q, &r);
	assert_int_equal(r.page.nzones, 6);
	assert_int_equal(r.page.first_ok_fast, -1);
	const struct ml_zone_check *zc = &r.page.zones[r.page.first_ok_slow];
	assert_int_equal(zc->node, 1);
	assert_true(zc->slow_path_only);
	assert_false(zc->fast.ok);
	assert_int_equal(r.path, ML_PATH_MIN_RESERVE);
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	assert_non_null(strstr(r.gfp.zonelist, "node 1 Normal (slow path only)"));
	assert_true(has_line(&r.gfp.lines, "the slow path ignores it"));
	ml_explain_result_free(&r);
	/* So does an explicit nodemask: the slow path resets it when
	 * ALLOC_CPUSET is gone (§4.6, §5.1 step 6a). */
	q.cpuset_mems = nodes("0-1");
	q.nodemask = nodes("0");
	explain(&sys, &q, &r);
	assert_int_equal(r.page.nzones, 6);
	assert_int_equal(r.page.zones[r.page.first_ok_slow].node, 1);
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	ml_explain_result_free(&r);
	q.nodemask = nodes("0");
	/* A cpuset that leaves nothing out says nothing. */
	memset(&q.nodemask, 0, sizeof(q.nodemask));
	q.cpuset_mems = nodes("0-1");
	explain(&sys, &q, &r);
	assert_false(has_line(&r.gfp.lines, "cpuset"));
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

/* report hands the dump's nodemask= and mems_allowed= to explain. */
static void test_explain_report_request_carries_nodemask_and_cpuset(void **state)
{
	(void)state;
	struct ml_report_list l = parse_fixture("reports/constructed/oom-mempolicy-6.12-2node.txt");
	struct ml_system sys;
	struct ml_report_request rq;
	struct ml_explain_result r;
	struct ml_error err = { 0 };
	assert_int_equal(ml_report_to_system(&l.v[0], "x", &sys, &err), ML_OK);
	assert_int_equal(ml_report_request(&l.v[0], &sys, &rq, &err), ML_OK);
	assert_true(rq.ok);
	assert_true(ml_nodemask_test(&rq.req.nodemask, 0));
	assert_false(ml_nodemask_test(&rq.req.nodemask, 1));
	assert_true(ml_nodemask_test(&rq.req.cpuset_mems, 1));
	/* The model keeps node 1; explain skips it. */
	assert_non_null(ml_system_zone(&sys, 1, "Normal"));
	explain(&sys, &rq.req, &r);
	for (size_t i = 0; i < r.page.nzones; i++)
		assert_int_equal(r.page.zones[i].node, 0);
	assert_int_equal(r.verdict, ML_VERDICT_MAY_FAIL);
	ml_explain_result_free(&r);
	ml_report_request_free(&rq);
	ml_system_free(&sys);
	ml_report_list_free(&l);
}

/* ---- vmalloc address space (§8.1 step 3, §8.3) ----------------------------- */

/* i386 booted with vmalloc=4M, real addresses (kptr_restrict=1): 968 KiB
 * free in 17 holes after the purge, the largest 648 KiB (663552 bytes) at
 * 0xfeafa000 (memlayout vmalloc --by area lists them). */
static void test_explain_vmalloc_needs_one_hole_not_the_free_total(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(I386_VM4M, &sys);
	/* 1 MiB + guard = 1052672 > 663552: fails for address space, while
	 * HighMem alone has ~2 GiB free. */
	struct ml_explain_request q = request(ML_API_VMALLOC, 1u << 20, "GFP_KERNEL");
	explain(&sys, &q, &r);
	assert_true(r.api.vm_holes_known);
	assert_int_equal(r.api.vm_largest_hole_bytes, 663552);
	assert_int_equal(r.api.vm_largest_hole_start, 0xfeafa000);
	assert_int_equal(r.api.vm_free_bytes, 991232);
	assert_int_equal(r.api.vm_holes, 17);
	assert_true(r.api.vm_exceeds_free_space);
	assert_int_equal(r.verdict, ML_VERDICT_FAILS);
	assert_non_null(strstr(r.reason, "largest free hole of the 4 MiB vmalloc range is 648 KiB"));
	assert_false(r.bulk.present);
	ml_explain_result_free(&r);
	/* 800 KiB + guard = 823296 ≤ 991232 free in all, but > 663552: still
	 * no single hole holds it. */
	q.size_bytes = 800u << 10;
	explain(&sys, &q, &r);
	assert_int_equal(r.verdict, ML_VERDICT_FAILS);
	ml_explain_result_free(&r);
	/* 512 KiB + guard = 528384 fits the largest hole. */
	q.size_bytes = 512u << 10;
	explain(&sys, &q, &r);
	assert_false(r.api.vm_exceeds_free_space);
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	ml_explain_result_free(&r);
	/* --count: 12 KiB + guard = 16384 bytes; Σ ⌊hole / 16384⌋ over the 17
	 * holes = 1+1+1+1+1+1+2+40+7 = 55 (the free total would say 60). */
	q.size_bytes = 12u << 10;
	q.count = 100;
	explain(&sys, &q, &r);
	assert_int_equal(r.api.vm_fits, 55);
	assert_int_equal(r.count_now, 55);
	ml_explain_result_free(&r);
	ml_system_free(&sys);

	/* Hashed addresses (the 6.18 capture, kptr_restrict=0): VmallocTotal
	 * only, and said so. */
	load(X86, &sys);
	q = request(ML_API_VMALLOC, 1u << 20, "GFP_KERNEL");
	explain(&sys, &q, &r);
	assert_false(r.api.vm_holes_known);
	assert_true(has_line(&r.api.lines, "from VmallocTotal only"));
	assert_int_equal(r.verdict, ML_VERDICT_SUCCEEDS_NOW);
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

/* ---- compaction without pageblock counts (§5.5) -------------------------- */

static void test_explain_compaction_says_pageblocks_unknown(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	/* No pagetypeinfo, and no free block of order ≥ 3 anywhere: plenty of
	 * free pages, so compaction is the way (order 3, no fragindex test). */
	for (size_t i = 0; i < sys.nzones; i++) {
		struct ml_zone *z = &sys.zones[i];
		z->has_types = z->has_pageblocks = false;
		for (int k = 3; k < ML_MAX_ORDERS; k++)
			z->free_blocks[k] = 0;
	}
	struct ml_explain_request q = order_request(ML_API_PAGES, 3, "GFP_KERNEL");
	explain(&sys, &q, &r);
	assert_int_equal(r.verdict, ML_VERDICT_AFTER_COMPACTION);
	assert_non_null(strstr(r.reason, "Movable pageblocks unknown (no pagetypeinfo)"));
	assert_null(strstr(r.reason, "0 Movable pageblocks"));
	ml_explain_result_free(&r);
	sys.origin = ML_ORIGIN_REPORT;
	explain(&sys, &q, &r);
	assert_non_null(strstr(r.reason, "Movable pageblocks unknown (a dump does not count them)"));
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

/* ---- notes by where the model came from ---------------------------------- */

static bool any_text(const struct ml_explain_lines *l, const char *needle)
{
	return has_line(l, needle);
}

static void test_explain_notes_follow_the_models_origin(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_explain_result r;
	load(X86, &sys);
	two_nodes(&sys);
	for (size_t i = 0; i < sys.nzones; i++)
		sys.zones[i].has_types = sys.zones[i].has_pageblocks = false;
	struct ml_explain_request q = order_request(ML_API_PAGES, 0, "GFP_USER|__GFP_ACCOUNT|__GFP_WRITE");
	/* /proc files: the notes name them. */
	explain(&sys, &q, &r);
	assert_true(any_text(&r.notes, "/proc/pagetypeinfo is root-only"));
	assert_true(any_text(&r.notes, "node distances are not in these files"));
	assert_true(any_text(&r.gfp.lines, "cgroup limits are not in these files"));
	ml_explain_result_free(&r);
	/* The same figures from a dump: no /proc file is blamed. */
	sys.origin = ML_ORIGIN_REPORT;
	explain(&sys, &q, &r);
	static const char *const proc_words[] = { "/proc", "these files", "pagetypeinfo", "buddyinfo" };
	for (size_t w = 0; w < sizeof(proc_words) / sizeof(proc_words[0]); w++) {
		if (any_text(&r.notes, proc_words[w]) || any_text(&r.gfp.lines, proc_words[w]))
			fail_msg("a dump's notes mention %s", proc_words[w]);
	}
	assert_true(any_text(&r.notes, "node distances are not in the dump"));
	assert_true(any_text(&r.notes, "the buddy lines carry no migrate-type letters"));
	assert_true(any_text(&r.gfp.lines, "cgroup limits are not in the dump"));
	ml_explain_result_free(&r);
	ml_system_free(&sys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_explain_watermark_reductions_of_4_3),
		cmocka_unit_test(test_explain_unusable_free_and_the_strict_check),
		cmocka_unit_test(test_explain_kmalloc_4mib_succeeds_from_normal_by_claiming_movable),
		cmocka_unit_test(test_explain_kmalloc_4mib_plus_1_always_fails),
		cmocka_unit_test(test_explain_kmalloc_100_bytes_takes_kmalloc_128),
		cmocka_unit_test(test_explain_reference_box_numbers_of_12_1_and_12_4),
		cmocka_unit_test(test_explain_atomic_order3_in_fragmented_normal_falls_back_to_dma32),
		cmocka_unit_test(test_explain_atomic_order3_fails_when_every_zone_is_fragmented),
		cmocka_unit_test(test_explain_vmalloc_100mib),
		cmocka_unit_test(test_explain_100mb_dma_buffer),
		cmocka_unit_test(test_explain_i386_kmalloc_highmem_never_gets_highmem),
		cmocka_unit_test(test_explain_i386_alloc_pages_highmem_tries_highmem_first),
		cmocka_unit_test(test_explain_i386_kernel_61_rules),
		cmocka_unit_test(test_explain_lowmem_reserve_makes_dma32_refuse_normal_requests),
		cmocka_unit_test(test_explain_zone_below_min_serves_only_reserve_users),
		cmocka_unit_test(test_explain_gfp_dma_without_dma_zone),
		cmocka_unit_test(test_explain_invalid_and_odd_masks),
		cmocka_unit_test(test_explain_count_is_order_aware_and_stops_at_the_watermark),
		cmocka_unit_test(test_explain_bad_requests_are_usage_errors),
		cmocka_unit_test(test_explain_without_pagetypeinfo_is_less_certain),
		cmocka_unit_test(test_explain_presence_letters_are_enough_for_the_check),
		cmocka_unit_test(test_explain_what_if_arm64_page_sizes),
		cmocka_unit_test(test_explain_kmalloc_rounding_without_slabinfo_uses_arch_defaults),
		cmocka_unit_test(test_explain_zone_index_is_the_kernels_not_the_count_of_kinds_present),
		cmocka_unit_test(test_explain_zone_numbering_per_architecture),
		cmocka_unit_test(test_explain_on_dumps_uses_the_configured_zone_indices),
		cmocka_unit_test(test_explain_nodemask_skips_other_nodes_zones),
		cmocka_unit_test(test_explain_cpuset_binds_the_fast_path_and_not_atomic_slow_path),
		cmocka_unit_test(test_explain_report_request_carries_nodemask_and_cpuset),
		cmocka_unit_test(test_explain_vmalloc_needs_one_hole_not_the_free_total),
		cmocka_unit_test(test_explain_compaction_says_pageblocks_unknown),
		cmocka_unit_test(test_explain_notes_follow_the_models_origin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
