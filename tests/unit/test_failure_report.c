/* Failure reports in kernel logs (kernel-model §9, §5.6, §8.1, §9.5): the
 * parser on the real reports of tests/fixtures/reports/ (figures read off
 * their text by hand), on the captured SysRq-m and vmalloc dumps, on the
 * malformed and truncated variants made from them, on the constructed OOM
 * reports, and a robustness loop over every prefix and byte flip. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/alloc_rules.h"
#include "analyse/explain.h"
#include "model/system.h"
#include "parse/failure_report.h"
#include "source/kmsg.h"

#define R01 "reports/01-i386-2.6.31-e100-order5-atomic/input.txt"
#define R03 "reports/03-x86_64-5.11-ttm-order10-noretry/input.txt"
#define R05 "reports/05-arm64-hi3650-4.1.18-order2-dma-fork/input.txt"
#define R08 "reports/08-x86_64-numa4-2.6.18-e1000-jumbo-order3/input.txt"
#define R10 "reports/10-x86_64-steamdeck-6.11-order7-noio-dma32-resume/input.txt"
#define R13 "reports/13-x86_64-4.8-rc3-nfsd-order4-costly/input.txt"
#define R15 "reports/15-arm64-taishan-numa4-6.1-veth-order5-memcg/input.txt"
#define R30 "reports/30-arm64-64k-6.2-vmalloc-vm_struct-module/input.txt"
#define R31 "reports/31-x86_64-4.9.13-stall-anon-thrashing/input.txt"
#define R33 "reports/33-arm64-syzkaller-6.1-warn-order-ge-max-order/input.txt"
#define R44 "reports/44-arm-3.12-beaglebone-order1-atomic-cma/input.txt"
#define R49 "reports/49-x86_64-4.9-stall-interleaved-nofs/input.txt"
#define R61 "reports/61-i686-2.6.18-oom-lowmem-pagetables/input.txt"
#define R41 "reports/41-x86_64-5.19-kasan-module-vmap-burst/input.txt"
#define R42 "reports/42-i386-2010-nvidia-vmalloc-too-small/input.txt"
#define R43 "reports/43-arm64-5.4-oom-kmemleak-slab-wrapped-tasks/input.txt"
#define SYSRQ "captured/qemu-i386-6.1-3g-highmem/sysrq-m.txt"
#define VMAP "captured/qemu-i386-6.1-3g-vmalloc4m-vmap-failure/dmesg.txt"
#define MAL "reports/malformed/"
#define CON "reports/constructed/"

#define KB(x) ((uint64_t)(x) * 1024u)

static void parse(const char *rel, struct ml_report_list *l)
{
	size_t len;
	struct ml_error err = { 0 };
	char *buf = ml_test_read_fixture(rel, &len);
	if (ml_parse_failure_reports(buf, len, rel, l, &err) != ML_OK)
		fail_msg("%s: %s", rel, err.message);
	free(buf);
}

static const struct ml_report_zone *zone(const struct ml_report *r, int node, const char *name)
{
	for (size_t i = 0; i < r->nzones; i++)
		if (r->zones[i].node == node && strcmp(r->zones[i].name, name) == 0)
			return &r->zones[i];
	fail_msg("no zone %d %s", node, name);
	return NULL;
}

static uint64_t zf(const struct ml_report_zone *z, const char *key)
{
	uint64_t v;
	if (!ml_report_zone_bytes(z, key, &v))
		fail_msg("zone %s has no %s", z->name, key);
	return v;
}

static uint64_t glob(const struct ml_report *r, const char *key)
{
	uint64_t v;
	if (!ml_kv_get(&r->global, key, &v))
		fail_msg("no global %s", key);
	return v;
}

static void blocks_are(const struct ml_report_zone *z, const uint64_t *want, int n)
{
	assert_true(z->has_buddy);
	assert_int_equal(z->norders, n);
	for (int k = 0; k < n; k++)
		if (z->blocks[k] != want[k])
			fail_msg("%s order %d: %llu blocks, want %llu", z->name, k, (unsigned long long)z->blocks[k],
				 (unsigned long long)want[k]);
}

static bool has_problem(const struct ml_report *r, const char *needle)
{
	for (size_t i = 0; i < r->nproblems; i++)
		if (strstr(r->problems[i], needle))
			return true;
	return false;
}

static const struct ml_zone *szone(const struct ml_system *s, int node, const char *name)
{
	for (size_t i = 0; i < s->nzones; i++)
		if (s->zones[i].node == node && strcmp(s->zones[i].name, name) == 0)
			return &s->zones[i];
	fail_msg("model has no zone %d %s", node, name);
	return NULL;
}

/* ---------------------------------------------------------------- 01 */

static void test_report01_two_atomic_failures_old_format(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(R01, &l);
	assert_int_equal(l.n, 2);
	const struct ml_report *r = &l.v[0];
	assert_int_equal(r->kind, ML_REPORT_PAGE_ALLOC_FAILURE);
	assert_int_equal(r->first_line, 6);
	assert_int_equal(l.v[1].first_line, 50);
	assert_string_equal(r->comm, "ifconfig");
	assert_true(r->has_order);
	assert_int_equal(r->order, 5);
	assert_int_equal(r->mode_hex, 0x8020);
	assert_false(r->has_mode_names);
	assert_string_equal(r->kernel, "2.6.31+frans2+mel-00002-g90702f9-dirty");
	assert_string_equal(r->arch, "i386");
	assert_string_equal(ml_report_caller(r), "e100_alloc_cbs");
	/* Active_anon:14778 ... free:1031 slab:2083 */
	assert_int_equal(glob(r, "Active_anon"), 14778);
	assert_int_equal(glob(r, "free"), 1031);
	assert_int_equal(glob(r, "slab"), 2083);
	const struct ml_report_zone *dma = zone(r, 0, "DMA"), *nor = zone(r, 0, "Normal");
	assert_int_equal(zf(dma, "free"), KB(1096));
	assert_int_equal(zf(dma, "min"), KB(124));
	assert_int_equal(zf(nor, "high"), KB(2860));
	assert_int_equal(zf(nor, "present"), KB(243776));
	assert_int_equal(dma->nreserve, 3);
	assert_int_equal(dma->reserve[1], 238);
	static const uint64_t db[] = { 46, 0, 5, 0, 1, 0, 1, 1, 0, 0, 0 };
	static const uint64_t nb[] = { 135, 213, 21, 4, 5, 0, 0, 0, 0, 0, 0 };
	blocks_are(dma, db, 11);
	blocks_are(nor, nb, 11);
	assert_int_equal(nor->buddy_total_kb, 3028);
	assert_int_equal(r->page_size, 4096);
	assert_true(r->has_free_swap && r->has_total_swap);
	assert_int_equal(r->free_swap_bytes, KB(485236));
	assert_int_equal(r->total_swap_bytes, KB(514040));
	assert_int_equal(ml_kv_get_or(&r->tail, "pages RAM", 0), 65520);
	assert_true(r->meminfo_complete);
	assert_false(r->truncated);

	struct ml_system sys;
	struct ml_error err = { 0 };
	assert_int_equal(ml_report_to_system(r, R01, &sys, &err), ML_OK);
	const struct ml_zone *z = szone(&sys, 0, "Normal");
	assert_int_equal(z->index, 1);
	assert_int_equal(z->free_pages, 757);
	assert_int_equal(z->wmark_min, 477);
	/* no "managed:" before 3.x: present stands in */
	assert_int_equal(z->managed, 60944);
	assert_false(z->has_managed);
	assert_int_equal(ml_system_meminfo(&sys, "SwapFree", 0), KB(485236));

	/* 0x8020 on 2.6.31 = __GFP_HIGH (GFP_ATOMIC) | __GFP_ZERO (§1.1) */
	struct ml_report_request rq;
	assert_int_equal(ml_report_request(r, &sys, &rq, &err), ML_OK);
	assert_true(rq.ok);
	assert_false(rq.gfp_from_names);
	assert_int_equal(rq.gfp, ML_GFP_HIGH | ML_GFP_ZERO | ML_GFP_KSWAPD_RECLAIM);
	assert_int_equal(rq.req.api, ML_API_PAGES);
	assert_int_equal(rq.req.order, 5);
	ml_report_request_free(&rq);
	ml_system_free(&sys);
	ml_report_list_free(&l);
}

/* ---------------------------------------------------------------- 03 */

static void test_report03_mail_wrapped_lines_are_joined(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(R03, &l);
	assert_int_equal(l.n, 1);
	const struct ml_report *r = &l.v[0];
	/* header wrapped over three lines */
	assert_string_equal(r->comm, "msedge:cs0");
	assert_int_equal(r->order, 10);
	assert_int_equal(r->mode_hex, 0x190cc2);
	assert_string_equal(r->mode_names, "GFP_HIGHUSER|__GFP_NORETRY|__GFP_NOMEMALLOC");
	assert_string_equal(r->nodemask, "(null)");
	assert_string_equal(r->cpuset, "/");
	assert_string_equal(r->mems_allowed, "0");
	/* release on the wrapped second line of the CPU header */
	assert_string_equal(r->kernel, "5.11.0-0.rc5.20210128git76c057c84d28.138.fc34.x86_64");
	assert_string_equal(r->arch, "x86_64");
	assert_string_equal(ml_report_caller(r), "ttm_pool_alloc");
	/* node line over five lines */
	assert_int_equal(r->nnodes, 1);
	assert_int_equal(ml_kv_get_or(&r->nodes[0].fields, "kernel_stack", 0), KB(62528));
	assert_int_equal(ml_kv_get_or(&r->nodes[0].fields, "shmem_thp", 99), 0);
	assert_int_equal(r->nodes[0].all_unreclaimable, 0);
	const struct ml_report_zone *dma = zone(r, 0, "DMA"), *d32 = zone(r, 0, "DMA32"), *nor = zone(r, 0, "Normal");
	assert_int_equal(zf(dma, "managed"), KB(15900));
	assert_int_equal(zf(d32, "free_pcp"), KB(4));
	assert_int_equal(zf(nor, "min"), KB(61052));
	assert_int_equal(zf(nor, "managed"), KB(29421044));
	assert_int_equal(dma->reserve[2], 31787);
	assert_int_equal(d32->reserve[2], 28731);
	static const uint64_t d32b[] = { 1009, 724, 488, 1111, 950, 620, 223, 74, 11, 2, 0 };
	static const uint64_t nb[] = { 964, 719, 379, 192, 127, 130, 122, 18, 4, 11, 0 };
	blocks_are(d32, d32b, 11);
	blocks_are(nor, nb, 11);
	assert_int_equal(d32->types[3], ML_REPORT_TYPE_U | ML_REPORT_TYPE_M | ML_REPORT_TYPE_E);
	assert_int_equal(d32->types[9], ML_REPORT_TYPE_M | ML_REPORT_TYPE_E);
	assert_int_equal(dma->types[10], ML_REPORT_TYPE_M);
	assert_int_equal(nor->buddy_total_kb, 113656);
	/* the hugepages line wrapped before hugepages_size= */
	assert_int_equal(r->nhugepages, 2);
	assert_int_equal(r->hugepages[0].size_kb, 1048576);
	assert_int_equal(r->hugepages[1].size_kb, 2048);
	assert_int_equal(r->total_swap_bytes, KB(67108860));
	assert_int_equal(r->foreign_lines, 0);
	assert_int_equal(r->nproblems, 0);

	struct ml_system sys;
	struct ml_error err = { 0 };
	assert_int_equal(ml_report_to_system(r, R03, &sys, &err), ML_OK);
	assert_int_equal(szone(&sys, 0, "DMA32")->index, 1);
	assert_int_equal(szone(&sys, 0, "Normal")->index, 2);
	assert_true(szone(&sys, 0, "Normal")->has_types);
	assert_int_equal(szone(&sys, 0, "Normal")->type_blocks[1][9], 1);   /* Movable at order 9 */
	assert_int_equal(szone(&sys, 0, "Normal")->type_blocks[2][9], 0);   /* no Reclaimable */
	struct ml_report_request rq;
	assert_int_equal(ml_report_request(r, &sys, &rq, &err), ML_OK);
	assert_true(rq.ok && rq.gfp_from_names);
	assert_true(rq.req.types_are_presence);
	assert_true((rq.gfp & ML_GFP_NORETRY) && (rq.gfp & ML_GFP_HIGHMEM) && (rq.gfp & ML_GFP_DIRECT_RECLAIM));

	/* explain on the dump: no zone passes at min, Normal for lack of an
	 * order-10 block (§4.4), DMA for its lowmem_reserve (§2.5) */
	struct ml_explain_result res;
	assert_int_equal(ml_explain(&sys, &rq.req, &res, &err), ML_OK);
	assert_int_equal(res.page.first_ok_slow, -1);
	assert_true(res.page.zones[0].slow.order0_ok);
	assert_false(res.page.zones[0].slow.block_ok);
	assert_int_equal(res.page.zones[2].slow.reserve_pages, 31787);
	ml_explain_result_free(&res);
	ml_report_request_free(&rq);
	ml_system_free(&sys);
	ml_report_list_free(&l);
}

/* ---------------------------------------------------------------- 05 */

static void test_report05_android_prefix_and_reserve_letters(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(R05, &l);
	assert_int_equal(l.n, 1);
	const struct ml_report *r = &l.v[0];
	assert_string_equal(r->comm, "sManagerService");
	assert_int_equal(r->order, 2);
	assert_int_equal(r->mode_hex, 0x2000d1);
	assert_string_equal(r->kernel, "4.1.18-g09f547b");
	assert_string_equal(r->hardware, "hi3650 (DT)");
	const struct ml_report_zone *dma = zone(r, 0, "DMA"), *nor = zone(r, 0, "Normal");
	assert_int_equal(zf(dma, "free"), KB(470628));
	assert_int_equal(zf(dma, "low"), KB(29116));
	assert_int_equal(zf(dma, "managed"), KB(3307056));
	static const uint64_t db[] = { 68324, 24706, 2, 0, 0, 0, 0, 0, 0, 0, 0 };
	blocks_are(dma, db, 11);
	assert_true(nor->types[3] & ML_REPORT_TYPE_R);
	assert_int_equal(r->free_swap_bytes, 0);
	assert_int_equal(r->total_swap_bytes, KB(524284));
	assert_int_equal(ml_kv_get_or(&r->tail, "pages cma reserved", 0), 8192);

	struct ml_system sys;
	struct ml_error err = { 0 };
	assert_int_equal(ml_report_to_system(r, R05, &sys, &err), ML_OK);
	/* MIGRATE_RESERVE letters (≤ 4.3): types are not handed on */
	assert_false(szone(&sys, 0, "DMA")->has_types);
	assert_int_equal(ml_system_meminfo(&sys, "CmaTotal", 0), 8192ull * 4096);
	struct ml_report_request rq;
	assert_int_equal(ml_report_request(r, &sys, &rq, &err), ML_OK);
	/* 0x2000d1 on 4.1 = __GFP_WAIT|IO|FS (GFP_KERNEL) | __GFP_DMA | __GFP_NOTRACK */
	assert_int_equal(rq.gfp, ML_GFP_DMA | ML_GFP_RECLAIM | ML_GFP_IO | ML_GFP_FS | ML_GFP_NOTRACK);
	ml_report_request_free(&rq);
	ml_system_free(&sys);
	ml_report_list_free(&l);
}

/* ---------------------------------------------------------------- 08 */

static void test_report08_syslog_indented_numa_2618(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(R08, &l);
	assert_int_equal(l.n, 1);
	const struct ml_report *r = &l.v[0];
	assert_string_equal(r->comm, "vsftpd");
	assert_int_equal(r->order, 3);
	assert_int_equal(r->mode_hex, 0x20);
	assert_string_equal(r->kernel, "");
	assert_int_equal(r->word_bits, 64);
	assert_int_equal(r->nzones, 16);
	const struct ml_report_zone *n3 = zone(r, 3, "Normal"), *n1dma = zone(r, 1, "DMA");
	assert_int_equal(zf(n3, "free"), KB(320576));
	assert_int_equal(zf(n3, "min"), KB(2876));
	static const uint64_t b3[] = { 47395, 14417, 926, 96, 0, 1, 0, 0, 0, 0, 0 };
	blocks_are(n3, b3, 11);
	assert_true(n1dma->buddy_empty);
	assert_int_equal(n1dma->reserve[2], 2020);
	assert_int_equal(zone(r, 0, "DMA")->all_unreclaimable, 1);
	assert_int_equal(glob(r, "Active"), 1351719);
	assert_int_equal(ml_kv_get_or(&r->tail, "Free pages", 0), KB(654488));
	assert_int_equal(ml_kv_get_or(&r->tail, "pages of RAM", 0), 2097152);
	assert_int_equal(r->free_swap_bytes, KB(33214052));

	struct ml_system sys;
	struct ml_error err = { 0 };
	assert_int_equal(ml_report_to_system(r, R08, &sys, &err), ML_OK);
	assert_int_equal(sys.nnodes, 4);
	assert_int_equal(szone(&sys, 1, "Normal")->index, 2);
	assert_int_equal(szone(&sys, 0, "HighMem")->index, 3);
	struct ml_report_request rq;
	assert_int_equal(ml_report_request(r, &sys, &rq, &err), ML_OK);
	/* no release in the log: the "failure. order" format dates it 2.6 */
	assert_string_equal(rq.req.kernel_version, "2.6");
	assert_int_equal(rq.gfp, ML_GFP_HIGH | ML_GFP_KSWAPD_RECLAIM);
	ml_report_request_free(&rq);
	ml_system_free(&sys);
	ml_report_list_free(&l);
}

/* ---------------------------------------------------------------- 10 */

static void test_report10_dma32_only_dump_keeps_zone_indices(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(R10, &l);
	const struct ml_report *r = &l.v[0];
	assert_string_equal(r->comm, "kworker/u33:5");
	assert_int_equal(r->order, 7);
	assert_string_equal(r->mode_names, "GFP_NOIO|GFP_DMA32");
	assert_string_equal(r->kernel, "6.11.11-valve17-1-neptune-611-g027868a0ac03");
	assert_int_equal(r->nzones, 2);
	const struct ml_report_zone *d32 = zone(r, 0, "DMA32");
	assert_int_equal(zf(d32, "free"), KB(9796));
	assert_int_equal(zf(d32, "inactive_file"), KB(1757192));
	assert_int_equal(zf(d32, "boost"), 0);
	static const uint64_t b[] = { 103, 52, 43, 58, 35, 23, 5, 0, 0, 0, 0 };
	blocks_are(d32, b, 11);
	assert_int_equal(d32->buddy_total_kb, 9836);
	assert_int_equal(zone(r, 0, "DMA")->nreserve, 5);
	assert_int_equal(glob(r, "free"), 125666);

	struct ml_system sys;
	struct ml_error err = { 0 };
	assert_int_equal(ml_report_to_system(r, R10, &sys, &err), ML_OK);
	/* Normal is not printed (above the request's zone) but configured: the
	 * model holds only the printed zones, and the zone numbering places
	 * Normal at 2 from DMA's 5-entry lowmem_reserve[] (§2.1, §2.5). */
	assert_int_equal(sys.nzones, 2);
	assert_null(ml_system_zone(&sys, 0, "Normal"));
	struct ml_zone_numbering nb;
	ml_zone_numbering(&sys, &nb);
	assert_int_equal(nb.nr_zones, 5);
	assert_int_equal(nb.index[ML_ZONE_DMA32], 1);
	assert_int_equal(nb.index[ML_ZONE_NORMAL], 2);
	assert_int_equal(nb.index[ML_ZONE_MOVABLE], 3);
	assert_int_equal(nb.index[ML_ZONE_DEVICE], 4);
	assert_int_equal(szone(&sys, 0, "DMA32")->free_pages, 2449);
	assert_int_equal(szone(&sys, 0, "DMA32")->wmark_min, 2066);
	struct ml_report_request rq;
	assert_int_equal(ml_report_request(r, &sys, &rq, &err), ML_OK);
	assert_int_equal(rq.gfp, ML_GFP_DMA32 | ML_GFP_RECLAIM);
	ml_report_request_free(&rq);
	ml_system_free(&sys);
	ml_report_list_free(&l);
}

/* ---------------------------------------------------------------- 13 */

static void test_report13_timestamps_and_continuations(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(R13, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.ctx.kernel, "4.8.0-rc3-3.bug994066-default");
	const struct ml_report *r = &l.v[0];
	assert_int_equal(r->first_line, 10);
	assert_string_equal(r->comm, "modprobe");
	assert_int_equal(r->order, 4);
	assert_int_equal(r->mode_hex, 0x26040c0);
	assert_string_equal(r->mode_names, "GFP_KERNEL|__GFP_COMP|__GFP_NOTRACK");
	assert_string_equal(ml_report_caller(r), "nfsd_reply_cache_init");
	/* global block continued on lines with 16 spaces and no timestamp */
	assert_int_equal(glob(r, "slab_reclaimable"), 796425);
	assert_int_equal(glob(r, "free"), 51321);
	const struct ml_report_zone *d32 = zone(r, 0, "DMA32");
	assert_int_equal(zf(d32, "min"), KB(23244));
	assert_int_equal(zf(d32, "slab_reclaimable"), KB(1418576));
	static const uint64_t b[] = { 13633, 8035, 890, 10, 0, 0, 0, 0, 0, 0, 0 };
	blocks_are(d32, b, 11);
	assert_int_equal(r->nproblems, 0);
	ml_report_list_free(&l);
}

/* ---------------------------------------------------------------- 15 */

static void test_report15_numa4_cma_boost_highatomic(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(R15, &l);
	const struct ml_report *r = &l.v[0];
	assert_string_equal(r->cpuset, "docker.service");
	assert_string_equal(r->mems_allowed, "0-3");
	assert_string_equal(r->kernel, "6.1.0-17-arm64");
	assert_string_equal(r->arch, "arm64");
	assert_int_equal(r->nnodes, 4);
	assert_int_equal(r->nodes[3].all_unreclaimable, 1);
	const struct ml_report_zone *n2 = zone(r, 2, "Normal"), *dma = zone(r, 0, "DMA"), *n0 = zone(r, 0, "Normal");
	assert_int_equal(zf(n2, "boost"), KB(439048));
	assert_int_equal(zf(n2, "min"), KB(467516));
	assert_int_equal(zf(dma, "free_cma"), KB(194052));
	assert_int_equal(zf(n0, "reserved_highatomic"), KB(2048));
	assert_int_equal(dma->types[10], ML_REPORT_TYPE_U | ML_REPORT_TYPE_C);
	assert_int_equal(n0->types[7], ML_REPORT_TYPE_H);
	assert_int_equal(r->nhugepages, 16);
	assert_int_equal(ml_kv_get_or(&r->tail, "pages cma reserved", 0), 131072);

	struct ml_system sys;
	struct ml_error err = { 0 };
	assert_int_equal(ml_report_to_system(r, R15, &sys, &err), ML_OK);
	/* DMA's lowmem_reserve "0 0 122877 122877": DMA32 configured but empty,
	 * so not printed; the numbering keeps its index (§2.1, §2.5). */
	assert_null(ml_system_zone(&sys, 0, "DMA32"));
	assert_int_equal(szone(&sys, 3, "Normal")->index, 2);
	struct ml_zone_numbering nb;
	ml_zone_numbering(&sys, &nb);
	assert_int_equal(nb.index[ML_ZONE_DMA], 0);
	assert_int_equal(nb.index[ML_ZONE_DMA32], 1);
	assert_int_equal(nb.index[ML_ZONE_NORMAL], 2);
	assert_int_equal(nb.index[ML_ZONE_MOVABLE], 3);
	assert_int_equal(nb.nr_zones, 4);
	assert_int_equal(szone(&sys, 0, "DMA")->free_cma_pages, 48513);
	assert_int_equal(szone(&sys, 2, "Normal")->boost, 109762);
	struct ml_report_request rq;
	assert_int_equal(ml_report_request(r, &sys, &rq, &err), ML_OK);
	for (size_t i = 0; i < sys.nzones; i++)
		if (sys.zones[i].node == 0 && strcmp(sys.zones[i].name, "Normal") == 0)
			assert_int_equal(rq.free_highatomic[i], 512);
	ml_report_request_free(&rq);
	ml_system_free(&sys);
	ml_report_list_free(&l);
}

/* ------------------------------------------------------- 30, 31, 33 */

static void test_report30_vmap_and_vmalloc_error_are_one_report(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(R30, &l);
	assert_int_equal(l.n, 1);
	const struct ml_report *r = &l.v[0];
	assert_int_equal(r->kind, ML_REPORT_VMALLOC);
	assert_int_equal(r->first_line, 3);
	assert_int_equal(r->vmalloc_what, ML_VMALLOC_ADDRESS_SPACE);
	assert_int_equal(r->vmalloc_size, 327680);
	assert_int_equal(r->vmap_size, 393216);
	assert_string_equal(r->comm, "systemd-udevd");
	assert_string_equal(r->kernel, "6.2-generic-64k");
	assert_true(ml_report_has_frame(r, "module_alloc"));
	assert_false(r->has_meminfo);
	assert_int_equal(r->nproblems, 0);
	ml_report_list_free(&l);
}

static void test_report31_two_stalls_with_kern_cont_lines(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(R31, &l);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].kind, ML_REPORT_STALL);
	assert_int_equal(l.v[0].stall_ms, 10646);
	assert_int_equal(l.v[1].stall_ms, 11024);
	assert_string_equal(l.v[0].comm, "DOM Worker");
	const struct ml_report_zone *d32 = zone(&l.v[0], 0, "DMA32");
	assert_int_equal(zf(d32, "free"), KB(44684));
	assert_int_equal(zf(d32, "min"), KB(44696));
	/* "DMA32: ..." and "lowmem_reserve[]" carried no timestamp */
	static const uint64_t b[] = { 1208, 856, 779, 295, 106, 20, 7, 0, 0, 0, 0 };
	blocks_are(d32, b, 11);
	assert_int_equal(zone(&l.v[0], 0, "DMA")->reserve[1], 1933);
	assert_int_equal(l.v[0].free_swap_bytes, KB(1836400));
	ml_report_list_free(&l);
}

static void test_report33_over_max_order_warning(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(R33, &l);
	assert_int_equal(l.n, 1);
	const struct ml_report *r = &l.v[0];
	assert_int_equal(r->kind, ML_REPORT_MAX_ORDER_WARNING);
	assert_string_equal(r->warn_location, "mm/page_alloc.c:5295");
	assert_string_equal(r->warn_function, "__alloc_pages");
	assert_true(ml_report_has_frame(r, "kmalloc_large_node"));
	assert_string_equal(ml_report_caller(r), "tun_napi_alloc_frags");
	assert_false(r->has_order);
	ml_report_list_free(&l);
}

/* ------------------------------------------------------------ 41, 42 */

static void test_report41_vmap_burst_is_one_report_with_its_stack_dump(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(R41, &l);
	assert_int_equal(l.n, 1);
	const struct ml_report *r = &l.v[0];
	assert_int_equal(r->kind, ML_REPORT_VMALLOC);
	assert_int_equal(r->first_line, 1);
	assert_int_equal(r->last_line, 46);
	assert_int_equal(r->vmalloc_what, ML_VMALLOC_ADDRESS_SPACE);
	/* the tenth line is the one the stack dump belongs to */
	assert_int_equal(r->vmap_size, 2498560);
	assert_int_equal(r->vmap_burst, 9);
	assert_int_equal(r->vmap_burst_same_size, 7);     /* lines 2-3 are 315392 */
	assert_int_equal(r->vmap_burst_first, 1);
	assert_int_equal(r->vmap_burst_last, 9);
	assert_true(r->vmap_says_vmalloc_param);
	assert_string_equal(r->comm, "systemd-udevd");
	assert_string_equal(r->kernel, "5.19.0");
	assert_false(r->kernel_elsewhere);
	assert_string_equal(r->arch, "x86_64");
	assert_true(ml_report_has_frame(r, "module_alloc"));
	ml_report_list_free(&l);
}

static void test_report42_no_release_the_vmap_message_gives_the_era(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(R42, &l);
	assert_int_equal(l.n, 1);
	const struct ml_report *r = &l.v[0];
	assert_int_equal(r->first_line, 3);
	assert_int_equal(r->vmap_size, 16781312);
	assert_int_equal(r->vmap_burst, 0);
	assert_string_equal(r->kernel, "");
	assert_string_equal(r->arch, "");
	assert_true(r->vmap_says_vmalloc_param);
	struct ml_system sys = { .origin = ML_ORIGIN_REPORT, .page_size = 4096, .pageblock_order = -1 };
	struct ml_report_request rq;
	struct ml_error err = { 0 };
	assert_int_equal(ml_report_request(r, &sys, &rq, &err), ML_OK);
	assert_true(rq.ok);
	assert_int_equal(rq.req.size_bytes, 16781312 - 4096);
	/* printed up to 6.6 (§8.1): not 6.18's rules */
	assert_string_equal(rq.req.kernel_version, "6.6");
	assert_non_null(strstr(rq.kernel_note, "up to 6.6"));
	ml_report_request_free(&rq);
	ml_report_list_free(&l);
}

static void test_report_without_kernel_takes_it_from_its_boot(void **state)
{
	(void)state;
	/* a vmap line on its own (not in the burst: four lines apart), then a
	 * full report; then the same after a reboot line */
	static const char log[] =
		"vmap allocation for size 8192 failed: use vmalloc=<size> to increase size\n"
		"usb 1-1: new high-speed USB device\n"
		"usb 1-1: new high-speed USB device\n"
		"usb 1-1: new high-speed USB device\n"
		"usb 1-1: new high-speed USB device\n"
		"vmap allocation for size 393216 failed: use vmalloc=<size> to increase size\n"
		"systemd-udevd: vmalloc error: size 327680, vm_struct allocation failed, mode:0xcc0(GFP_KERNEL), "
		"nodemask=(null),cpuset=/,mems_allowed=0\n"
		"CPU: 32 PID: 2910 Comm: systemd-udevd Not tainted 6.1.0-17-arm64 #1\n"
		"Call trace:\n"
		" warn_alloc+0x11c/0x1b0\n"
		" module_alloc+0x118/0x160\n"
		"Linux version 6.12.0 (gcc) #1 SMP\n"
		"vmap allocation for size 8192 failed: use vmalloc=<size> to increase size\n";
	struct ml_report_list l;
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_failure_reports(log, sizeof(log) - 1, "log", &l, &err), ML_OK);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0].vmap_burst, 0);
	assert_string_equal(l.v[0].kernel, "6.1.0-17-arm64");
	assert_true(l.v[0].kernel_elsewhere);
	assert_string_equal(l.v[0].kernel_from, "stack dump header, line 8, in the report at lines 6-11");
	assert_string_equal(l.v[0].arch, "arm64");
	assert_false(l.v[1].kernel_elsewhere);
	/* after the reboot: the "Linux version" line, not the report before it */
	assert_string_equal(l.v[2].kernel, "6.12.0");
	assert_string_equal(l.v[2].kernel_from, "\"Linux version\" line 12");
	ml_report_list_free(&l);
}

/* ------------------------------------------------- captured snapshots */

static void test_sysrq_m_dump_alone_builds_three_zones(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(SYSRQ, &l);
	assert_int_equal(l.n, 1);
	const struct ml_report *r = &l.v[0];
	assert_int_equal(r->kind, ML_REPORT_MEMINFO);
	assert_int_equal(r->nzones, 3);
	assert_int_equal(zf(zone(r, 0, "HighMem"), "free"), KB(2220732));
	assert_int_equal(zone(r, 0, "Normal")->reserve[2], 17567);
	static const uint64_t hb[] = { 1, 1, 1, 1, 2, 0, 0, 1, 2, 1, 541 };
	blocks_are(zone(r, 0, "HighMem"), hb, 11);
	assert_int_equal(ml_kv_get_or(&r->tail, "pages HighMem/MovableOnly", 0), 562146);
	struct ml_system sys;
	struct ml_error err = { 0 };
	assert_int_equal(ml_report_to_system(r, SYSRQ, &sys, &err), ML_OK);
	assert_int_equal(szone(&sys, 0, "DMA")->index, 0);
	assert_int_equal(szone(&sys, 0, "Normal")->index, 1);
	assert_int_equal(szone(&sys, 0, "HighMem")->index, 2);
	assert_int_equal(szone(&sys, 0, "HighMem")->free_pages, 555183);
	assert_int_equal(szone(&sys, 0, "Normal")->pcp_pages, 1569);
	assert_int_equal(sys.norders, 11);
	struct ml_report_request rq;
	assert_int_equal(ml_report_request(r, &sys, &rq, &err), ML_OK);
	assert_false(rq.ok);
	ml_report_request_free(&rq);
	ml_system_free(&sys);
	ml_report_list_free(&l);
}

static void test_captured_vmalloc_vmap_failure_in_boot_log(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(VMAP, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.ctx.vmalloc_param, "vmalloc=4M");
	const struct ml_report *r = &l.v[0];
	assert_int_equal(r->first_line, 372);
	assert_int_equal(r->vmalloc_what, ML_VMALLOC_ADDRESS_SPACE);
	assert_int_equal(r->vmalloc_size, 1801529);
	assert_int_equal(r->vmap_size, 1806336);
	assert_string_equal(r->comm, "modprobe");
	assert_string_equal(r->kernel, "6.1.0-50-686");
	assert_string_equal(r->arch, "i386");
	assert_int_equal(zf(zone(r, 0, "Normal"), "free"), KB(917832));
	assert_int_equal(ml_kv_get_or(&r->tail, "pages HighMem/MovableOnly", 0), 532450);
	struct ml_system sys;
	struct ml_error err = { 0 };
	assert_int_equal(ml_report_to_system(r, VMAP, &sys, &err), ML_OK);
	struct ml_report_request rq;
	assert_int_equal(ml_report_request(r, &sys, &rq, &err), ML_OK);
	assert_true(rq.ok);
	assert_int_equal(rq.req.api, ML_API_VMALLOC);
	assert_int_equal(rq.req.size_bytes, 1801529);
	struct ml_explain_result res;
	assert_int_equal(ml_explain(&sys, &rq.req, &res, &err), ML_OK);
	/* the vmalloc space the kernel asked for: 440 pages + a guard page */
	assert_int_equal(res.api.vm_area_bytes, 1806336);
	ml_explain_result_free(&res);
	ml_report_request_free(&rq);
	ml_system_free(&sys);
	ml_report_list_free(&l);
}

/* ------------------------------------------------- malformed variants */

static void test_malformed_numbers_are_named_and_zones_left_out(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(MAL "13-garbled-numbers.txt", &l);
	const struct ml_report *r = &l.v[0];
	assert_true(has_problem(r, "min:44x00kB is not a number"));
	assert_true(has_problem(r, "'136O3*4kB' is not a count*size block"));
	assert_false(ml_kv_find(&zone(r, 0, "Normal")->fields, "min"));
	assert_false(zone(r, 0, "DMA32")->has_buddy);
	struct ml_system sys;
	struct ml_error err = { 0 };
	assert_int_equal(ml_report_to_system(r, "x", &sys, &err), ML_OK);
	/* never a silently wrong figure: Normal has no watermarks (min 0
	 * would be made up); its free lists are kept, DMA32 has none */
	assert_false(szone(&sys, 0, "Normal")->has_zoneinfo);
	assert_false(szone(&sys, 0, "Normal")->has_watermarks);
	assert_true(szone(&sys, 0, "Normal")->has_buddy);
	assert_true(szone(&sys, 0, "DMA32")->has_zoneinfo);
	assert_true(szone(&sys, 0, "DMA32")->has_watermarks);
	assert_false(szone(&sys, 0, "DMA32")->has_buddy);
	/* explain checks neither: Normal's free lists have no order ≥ 4
	 * block (its largest are two 16kB blocks), so it fails whatever its marks;
	 * DMA32's blocks are unknown, so the verdict is "may fail", not a
	 * certain failure drawn from DMA alone */
	struct ml_report_request rq;
	assert_int_equal(ml_report_request(r, &sys, &rq, &err), ML_OK);
	struct ml_explain_result res;
	assert_int_equal(ml_explain(&sys, &rq.req, &res, &err), ML_OK);
	const struct ml_page_analysis *pa = &res.page;
	assert_int_equal(pa->order, 4);
	assert_int_equal(pa->nzones, 1);
	assert_string_equal(pa->zones[0].zone, "DMA");
	assert_int_equal(pa->nunjudged, 2);
	assert_string_equal(pa->unjudged[0].zone, "Normal");
	assert_true(pa->unjudged[0].no_watermarks);
	assert_false(pa->unjudged[0].may_pass);
	assert_string_equal(pa->unjudged[1].zone, "DMA32");
	assert_false(pa->unjudged[1].no_watermarks);
	assert_true(pa->unjudged[1].may_pass);
	assert_int_equal(pa->verdict, ML_VERDICT_MAY_FAIL);
	assert_non_null(strstr(pa->reason, "unknown: DMA32 could not be checked"));
	ml_explain_result_free(&res);
	ml_report_request_free(&rq);
	ml_system_free(&sys);
	ml_report_list_free(&l);
}

static void test_truncated_dump_says_what_is_missing(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(MAL "03-cut-after-dma32.txt", &l);
	const struct ml_report *r = &l.v[0];
	assert_true(r->truncated);
	assert_false(r->meminfo_complete);
	assert_true(has_problem(r, "stops before its end"));
	assert_true(has_problem(r, "no buddy line for Node 0 DMA32"));
	assert_int_equal(r->nzones, 2);
	ml_report_list_free(&l);

	parse(MAL "10-header-only.txt", &l);
	assert_int_equal(l.n, 1);
	assert_true(l.v[0].truncated);
	assert_true(has_problem(&l.v[0], "no Mem-Info dump follows"));
	assert_int_equal(l.v[0].order, 7);
	ml_report_list_free(&l);

	parse(MAL "30-cut-header.txt", &l);
	assert_int_equal(l.n, 1);
	assert_false(l.v[0].has_mode);
	assert_int_equal(l.v[0].vmalloc_what, ML_VMALLOC_ADDRESS_SPACE);
	ml_report_list_free(&l);
}

static void test_overflowing_numbers_are_refused(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(MAL "10-overflow.txt", &l);
	const struct ml_report *r = &l.v[0];
	assert_false(r->has_order);
	assert_true(has_problem(r, "not a valid order"));
	assert_true(has_problem(r, "free:99999999999999999999999kB is not a number"));
	assert_false(ml_kv_find(&zone(r, 0, "DMA32")->fields, "free"));
	ml_report_list_free(&l);
}

/* The same report through other logging chains parses to the same figures. */
static void same_as(const char *variant, const char *original)
{
	struct ml_report_list a, b;
	parse(variant, &a);
	parse(original, &b);
	assert_int_equal(a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		const struct ml_report *x = &a.v[i], *y = &b.v[i];
		assert_int_equal(x->kind, y->kind);
		assert_string_equal(x->comm, y->comm);
		assert_int_equal(x->order, y->order);
		assert_int_equal(x->mode_hex, y->mode_hex);
		assert_string_equal(x->kernel, y->kernel);
		assert_int_equal(x->nzones, y->nzones);
		assert_int_equal(x->global.n, y->global.n);
		for (size_t z = 0; z < x->nzones; z++) {
			assert_string_equal(x->zones[z].name, y->zones[z].name);
			assert_int_equal(x->zones[z].fields.n, y->zones[z].fields.n);
			for (size_t k = 0; k < x->zones[z].fields.n; k++)
				assert_int_equal(x->zones[z].fields.v[k].value, y->zones[z].fields.v[k].value);
			assert_memory_equal(x->zones[z].blocks, y->zones[z].blocks, sizeof(x->zones[z].blocks));
			assert_memory_equal(x->zones[z].types, y->zones[z].types, sizeof(x->zones[z].types));
			assert_memory_equal(x->zones[z].reserve, y->zones[z].reserve, sizeof(x->zones[z].reserve));
		}
		assert_int_equal(x->free_swap_bytes, y->free_swap_bytes);
		assert_int_equal(x->total_swap_bytes, y->total_swap_bytes);
	}
	ml_report_list_free(&a);
	ml_report_list_free(&b);
}

static void test_other_logging_chains_give_the_same_figures(void **state)
{
	(void)state;
	same_as(MAL "31-crlf.txt", R31);
	same_as(MAL "10-devkmsg-raw.txt", R10);
	same_as(MAL "13-mail-quoted.txt", R13);
	same_as(MAL "15-journal-iso.txt", R15);
}

static void test_interleaved_messages_are_skipped(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(MAL "01-interleaved.txt", &l);
	assert_int_equal(l.n, 2);
	const struct ml_report *r = &l.v[0];
	assert_int_equal(r->foreign_lines, 2);
	static const uint64_t nb[] = { 135, 213, 21, 4, 5, 0, 0, 0, 0, 0, 0 };
	blocks_are(zone(r, 0, "Normal"), nb, 11);
	assert_true(has_problem(r, "other messages inside the dump"));
	ml_report_list_free(&l);
}

static void test_binary_garbage_around_a_header(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(MAL "garbage-with-header.bin", &l);
	assert_true(l.n >= 1);
	assert_string_equal(l.v[0].comm, "ifconfig");
	assert_int_equal(l.v[0].order, 5);
	ml_report_list_free(&l);
}

/* ------------------------------------------------------ constructed */

static void test_constructed_global_oom_task_table_and_kill(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(CON "oom-x86_64-6.1-global-noswap.txt", &l);
	assert_int_equal(l.n, 1);
	const struct ml_report *r = &l.v[0];
	assert_int_equal(r->kind, ML_REPORT_OOM);
	assert_string_equal(r->comm, "stress-ng-vm");
	assert_int_equal(r->order, 0);
	assert_int_equal(r->oom_score_adj, 1000);
	assert_string_equal(r->oom_constraint, "CONSTRAINT_NONE");
	assert_int_equal(r->ntasks, 7);
	assert_int_equal(r->tasks[6].rss, 1951987);
	assert_int_equal(r->tasks[0].oom_score_adj, -250);
	assert_true(r->has_killed);
	assert_int_equal(r->killed_pid, 40213);
	assert_string_equal(r->killed_comm, "stress-ng-vm");
	assert_int_equal(r->killed_anon_rss_kb, 7807944);
	assert_int_equal(r->last_line, 64);
	assert_string_equal(r->mems_allowed, "0");
	assert_int_equal(r->total_swap_bytes, 0);
	ml_report_list_free(&l);
}

static void test_constructed_memcg_oom_without_meminfo(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(CON "oom-memcg-v2-5.15.txt", &l);
	const struct ml_report *r = &l.v[0];
	assert_true(r->memcg_memory.has);
	assert_int_equal(r->memcg_memory.usage_bytes, KB(524288));
	assert_int_equal(r->memcg_memory.limit_bytes, KB(524288));
	assert_int_equal(r->memcg_memory.failcnt, 1184);
	assert_true(r->memcg_swap.has);
	assert_int_equal(ml_kv_get_or(&r->memcg_stats, "anon", 0), 529731584);
	assert_string_equal(r->oom_memcg, "/system.slice/batch-job.service");
	assert_true(r->memcg_oom_kill);
	assert_false(r->has_meminfo);
	assert_false(r->truncated);
	assert_int_equal(r->nproblems, 0);
	ml_report_list_free(&l);
}

static void test_constructed_mempolicy_oom_new_task_columns(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(CON "oom-mempolicy-6.12-2node.txt", &l);
	const struct ml_report *r = &l.v[0];
	assert_string_equal(r->kernel, "6.12.9-amd64");
	assert_string_equal(r->oom_constraint, "CONSTRAINT_MEMORY_POLICY");
	assert_string_equal(r->nodemask, "0");
	assert_string_equal(r->mems_allowed, "0-1");
	assert_int_equal(r->ntasks, 2);
	assert_int_equal(r->tasks[1].rss, 4091820);
	assert_int_equal(r->tasks[1].swapents, 524287);
	assert_string_equal(r->tasks[1].name, "loader");
	struct ml_system sys;
	struct ml_error err = { 0 };
	assert_int_equal(ml_report_to_system(r, "x", &sys, &err), ML_OK);
	assert_int_equal(sys.nnodes, 2);
	bool nodes[8];
	assert_true(ml_report_nodelist("0-1,3", nodes, 8));
	assert_true(nodes[0] && nodes[1] && !nodes[2] && nodes[3]);
	assert_false(ml_report_nodelist("1-0", nodes, 8));
	assert_false(ml_report_nodelist("9", nodes, 8));
	ml_system_free(&sys);
	ml_report_list_free(&l);
}

static void test_constructed_old_vmalloc_three_lines_one_report(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(CON "vmalloc-old-3.2-i386-two-line.txt", &l);
	assert_int_equal(l.n, 1);
	const struct ml_report *r = &l.v[0];
	assert_int_equal(r->kind, ML_REPORT_VMALLOC);
	assert_int_equal(r->vmalloc_what, ML_VMALLOC_ADDRESS_SPACE);
	assert_int_equal(r->vmalloc_size, 134217728);
	assert_int_equal(r->vmap_size, 134221824);
	assert_int_equal(r->mode_hex, 0xd2);
	assert_string_equal(r->kernel, "3.2.0-4-686-pae");
	assert_int_equal(zf(zone(r, 0, "HighMem"), "free"), KB(1034724));
	struct ml_system sys;
	struct ml_error err = { 0 };
	assert_int_equal(ml_report_to_system(r, "x", &sys, &err), ML_OK);
	struct ml_report_request rq;
	assert_int_equal(ml_report_request(r, &sys, &rq, &err), ML_OK);
	/* 0xd2 on 3.2 = __GFP_WAIT|IO|FS|HIGHMEM: GFP_KERNEL|__GFP_HIGHMEM */
	assert_int_equal(rq.gfp, ML_GFP_RECLAIM | ML_GFP_IO | ML_GFP_FS | ML_GFP_HIGHMEM);
	ml_report_request_free(&rq);
	ml_system_free(&sys);
	ml_report_list_free(&l);
}

/* ---------------------------------------------------------------- 43 */

static void test_report43_wrapped_task_table_and_panic(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(R43, &l);
	assert_int_equal(l.n, 1);
	const struct ml_report *r = &l.v[0];
	assert_int_equal(r->kind, ML_REPORT_OOM);
	assert_string_equal(r->comm, "systemd");
	assert_int_equal(r->order, 1);
	assert_int_equal(r->mode_hex, 0x40cc0);
	assert_string_equal(r->mode_names, "GFP_KERNEL|__GFP_COMP");
	assert_string_equal(r->kernel, "5.4.51-xxx");
	assert_int_equal(glob(r, "slab_unreclaimable"), 795718);
	assert_int_equal(glob(r, "free"), 340962);
	const struct ml_report_zone *nor = zone(r, 0, "Normal");
	assert_int_equal(zf(nor, "free"), KB(12652));
	assert_int_equal(zf(nor, "min"), KB(14344));
	static const uint64_t nb[] = { 3138, 38, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	blocks_are(nor, nb, 11);
	assert_int_equal(r->norders, 11);
	/* "[    238]     0   238     3446     1394    61440 " + "0         -1000 systemd-udevd" */
	assert_int_equal(r->ntasks, 55);
	assert_int_equal(r->tasks[0].pid, 238);
	assert_int_equal(r->tasks[0].total_vm, 3446);
	assert_int_equal(r->tasks[0].rss, 1394);
	assert_int_equal(r->tasks[0].swapents, 0);
	assert_int_equal(r->tasks[0].oom_score_adj, -1000);
	assert_string_equal(r->tasks[0].name, "systemd-udevd");
	assert_string_equal(r->tasks[54].name, "systemd-user-ru");
	assert_int_equal(r->tasks[54].pid, 10366);
	/* kmemleak_object 2449340KB, the 95th of the caches */
	assert_int_equal(r->nslabs, 106);
	bool kmemleak = false;
	for (size_t i = 0; i < r->nslabs; i++)
		kmemleak |= strcmp(r->slabs[i].name, "kmemleak_object") == 0 && r->slabs[i].total_bytes == KB(2449340);
	assert_true(kmemleak);
	assert_true(r->oom_no_killable);
	assert_string_equal(r->panic, "System is deadlocked on memory");
	/* the panic ends the report: its stack dump adds no frames */
	assert_int_equal(r->last_line, 295);
	assert_false(ml_report_has_frame(r, "panic"));
	assert_false(r->truncated);
	assert_int_equal(r->nproblems, 1);      /* no swap lines */
	ml_report_list_free(&l);
}

/* A cut task-table row is joined only with a next line that completes it
 * with numbers; otherwise it is named and left out. */
static void test_cut_task_rows_are_joined_or_named(void **state)
{
	(void)state;
	static const char text[] =
		"stress invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0\n"
		"Tasks state (memory values in pages):\n"
		"[  pid  ]   uid  tgid total_vm      rss pgtables_bytes\n"
		"swapents oom_score_adj name\n"
		"[    238]     0   238     3446     1394    61440\n"
		"0         -1000 systemd-udevd\n"
		"[    240]     0   240     3446     1500    61440\n"
		"the mailer ate this\n"
		"[    241]     0   241     3446     1600    61440\n"
		"[    242]     0   242     3446     1700    61440        0             0 stress\n"
		"Out of memory and no killable processes...\n"
		"Kernel panic - not syncing: System is deadlocked on memory\n"
		"CPU: 0 PID: 1 Comm: stress Not tainted 6.1.0 #1\n";
	struct ml_report_list l;
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_failure_reports(text, sizeof(text) - 1, "t", &l, &err), ML_OK);
	assert_int_equal(l.n, 1);
	const struct ml_report *r = &l.v[0];
	assert_int_equal(r->ntasks, 2);
	assert_int_equal(r->tasks[0].rss, 1394);
	assert_string_equal(r->tasks[0].name, "systemd-udevd");
	assert_int_equal(r->tasks[1].pid, 242);
	assert_true(has_problem(r, "row '[    240]     0   240     3446     1500    61440' is cut short"));
	assert_true(has_problem(r, "row '[    241]     0   241     3446     1600    61440' is cut short"));
	assert_true(r->oom_no_killable);
	assert_int_equal(r->last_line, 12);
	ml_report_list_free(&l);
}

/* ------------------------------------------------------ quoted-printable */

static void test_quoted_printable_mail_is_decoded_first(void **state)
{
	(void)state;
	struct ml_report_list l;
	/* 04 is the undecoded mail behind 13: the same figures once decoded */
	same_as(MAL "04-quoted-printable.txt", R13);
	parse(MAL "04-quoted-printable.txt", &l);
	assert_true(l.quoted_printable);
	assert_int_equal(l.lines, 66);
	assert_int_equal(l.v[0].first_line, 10);
	assert_int_equal(l.v[0].norders, 11);
	assert_int_equal(l.v[0].nproblems, 0);
	ml_report_list_free(&l);
	parse(R13, &l);
	assert_false(l.quoted_printable);
	ml_report_list_free(&l);
	/* 05: "3.8.0-r=" + "c4+" and "=3D 86428kB" */
	parse(MAL "05-quoted-printable.txt", &l);
	assert_true(l.quoted_printable);
	assert_int_equal(l.n, 1);
	const struct ml_report *r = &l.v[0];
	assert_string_equal(r->kernel, "3.8.0-rc4+");
	assert_int_equal(r->first_line, 17);
	assert_int_equal(r->mode_hex, 0x2000d0);
	static const uint64_t nb[] = { 11559, 4308, 110, 2, 1, 0, 1, 1, 1, 1, 0 };
	blocks_are(zone(r, 0, "Normal"), nb, 11);
	assert_int_equal(zone(r, 0, "Normal")->buddy_total_kb, 86428);
	assert_int_equal(r->free_swap_bytes, KB(11973912));
	ml_report_list_free(&l);
}

/* One bare "=" (as every kernel report has) and the text is read as it is. */
static void test_text_with_a_bare_equals_sign_is_not_decoded(void **state)
{
	(void)state;
	static const char text[] =
		"a.out: page allocation failure: order:0, mode:0x20(GFP_ATOMIC) x=3D\n"
		"Node 0 hugepages_total=20 hugepages_free=20 hugepages_surp=0 hugepages_size=2048kB\n";
	struct ml_report_list l;
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_failure_reports(text, sizeof(text) - 1, "t", &l, &err), ML_OK);
	assert_false(l.quoted_printable);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].mode_names, "GFP_ATOMIC");
	ml_report_list_free(&l);
}

/* ------------------------------------------------------ MAX_PAGE_ORDER */

static struct ml_report_list dump_with(const char *buddy_lines)
{
	char text[2048];
	snprintf(text, sizeof(text),
		 "a.out: page allocation failure: order:4, mode:0xcc0(GFP_KERNEL)\n"
		 "Mem-Info:\n"
		 "active_anon:1 inactive_anon:1 isolated_anon:0\n"
		 " free:100 free_pcp:0 free_cma:0\n"
		 "Node 0 DMA32 free:400kB min:40kB low:50kB high:60kB managed:4000kB present:4000kB\n"
		 "lowmem_reserve[]: 0 0 0 0\n"
		 "Node 0 Normal free:400kB min:40kB low:50kB high:60kB managed:4000kB present:4000kB\n"
		 "lowmem_reserve[]: 0 0 0 0\n"
		 "%s"
		 "100 pages RAM\n",
		 buddy_lines);
	struct ml_report_list l;
	struct ml_error err = { 0 };
	if (ml_parse_failure_reports(text, strlen(text), "t", &l, &err) != ML_OK || l.n != 1)
		fail_msg("dump not read");
	return l;
}

static void test_cut_buddy_line_is_never_max_order(void **state)
{
	(void)state;
	struct ml_report_list l;
	struct ml_system sys;
	struct ml_error err = { 0 };
	/* a whole 3-order line (adds up to its total) and a line cut after 5
	 * orders: the cut one shows MAX_PAGE_ORDER is at least 4 */
	l = dump_with("Node 0 DMA32: 2*4kB (U) 1*8kB (U) 1*16kB (U) = 32kB\n"
		      "Node 0 Normal: 1*4kB (U) 0*8kB 0*16kB 1*32kB (U) 2*64kB (U) 1*1=\n");
	assert_true(zone(&l.v[0], 0, "DMA32")->buddy_whole);
	assert_int_equal(l.v[0].norders, 0);
	assert_true(has_problem(&l.v[0], "shows 5 orders, more than the 3 of the whole ones: MAX_PAGE_ORDER is unknown"));
	assert_int_equal(ml_report_to_system(&l.v[0], "t", &sys, &err), ML_OK);
	assert_int_equal(sys.norders, 0);
	assert_false(szone(&sys, 0, "DMA32")->has_buddy);
	ml_system_free(&sys);
	ml_report_list_free(&l);
	/* a line that lost its middle orders: its total does not add up */
	l = dump_with("Node 0 DMA32: 13633*4kB (UME) 8035*8kB (UME) 890*16kB (UME) = 33372kB\n");
	assert_false(zone(&l.v[0], 0, "DMA32")->buddy_whole);
	assert_int_equal(l.v[0].norders, 0);
	assert_true(has_problem(&l.v[0], "no buddy line is whole"));
	ml_report_list_free(&l);
	/* whole lines: the longest tells it */
	l = dump_with("Node 0 DMA32: 2*4kB (U) 1*8kB (U) 1*16kB (U) 0*32kB 0*64kB = 32kB\n"
		      "Node 0 Normal: 2*4kB (U) 1*8kB (U) 1*16kB (U) 0*32kB 0*64kB = 32kB\n");
	assert_int_equal(l.v[0].norders, 5);
	ml_report_list_free(&l);
}

/* ------------------------------------------------------------- kmsg */

/* Another CPU's message glued into a line at its timestamp, "comm:" left
 * at the end of it, and 4.x "Node 0 " printed apart (49, by hand). */
static void test_interleaved_printk_pieces_are_put_back(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(R49, &l);
	/* "sysrq: SysRq : Show Memory" then "Changing Loglevel": no report */
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0].kind, ML_REPORT_MEMINFO);
	assert_int_equal(l.v[0].first_line, 10);
	assert_int_equal(l.v[1].kind, ML_REPORT_STALL);
	assert_int_equal(l.v[1].stall_ms, 140001);
	assert_false(l.v[1].has_mode);
	const struct ml_report *r = &l.v[2];
	assert_string_equal(r->comm, "a.out");
	assert_int_equal(r->stall_ms, 140026);
	assert_int_equal(r->mode_hex, 0x342004a);
	/* "lowmem_reserve[]:" / " 0 1677 1677 1677Node 0 " / "DMA32 free:..." */
	const struct ml_report_zone *dma = zone(r, 0, "DMA");
	assert_true(dma->has_reserve);
	assert_int_equal(dma->nreserve, 4);
	assert_int_equal(dma->reserve[1], 1677);
	assert_int_equal(zf(zone(r, 0, "DMA32"), "min"), KB(44640));
	assert_int_equal(zone(r, 0, "DMA32")->blocks[1], 248);
	ml_report_list_free(&l);
}

/* 2.6.18: "oom-killer: gfp_mask=0xd0, order=0", no task before it, and a
 * kill line without sizes; an empty DMA32 zone on i686 (61, by hand). */
static void test_old_oom_header_and_empty_dma32(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(R61, &l);
	assert_int_equal(l.n, 1);
	const struct ml_report *r = &l.v[0];
	assert_int_equal(r->kind, ML_REPORT_OOM);
	assert_string_equal(r->comm, "");
	assert_int_equal(r->order, 0);
	assert_int_equal(r->mode_hex, 0xd0);
	assert_true(r->has_killed);
	assert_false(r->has_killed_rss);
	assert_int_equal(r->killed_pid, 27937);
	assert_string_equal(r->killed_comm, "postmaster");
	assert_int_equal(ml_kv_get_or(&r->global, "pagetables", 0), 152848);
	assert_int_equal(zf(zone(r, 0, "Normal"), "free"), KB(3692));
	assert_int_equal(zf(zone(r, 0, "DMA32"), "present"), 0);
	assert_int_equal(r->word_bits, 32);    /* HighMem populated, DMA32 empty */
	assert_string_equal(r->arch, "i386"); /* sysenter_past_esp */
	ml_report_list_free(&l);
}

/* A mail client wrapped a 3.12 arm report: the release inside its token,
 * "(function) from" frames, a buddy line after its '=' (44, by hand). */
static void test_mail_wrapped_arm_report(void **state)
{
	(void)state;
	struct ml_report_list l;
	parse(R44, &l);
	assert_int_equal(l.n, 2);
	const struct ml_report *r = &l.v[0];
	assert_string_equal(r->kernel, "3.12.10-005-ts-armv7l");
	assert_string_equal(r->arch, "arm");
	assert_string_equal(ml_report_caller(r), "edma_prep_slave_sg");
	const struct ml_report_zone *z = zone(r, 0, "Normal");
	assert_true(z->has_buddy);
	assert_int_equal(z->norders, 12);       /* 4kB ... 8192kB: MAX_ORDER 12 */
	assert_int_equal(z->blocks[0], 2584);
	assert_int_equal(z->blocks[3], 5);
	assert_int_equal(zf(z, "free"), KB(13144));
	ml_report_list_free(&l);
}

static void test_kmsg_record_becomes_a_log_line(void **state)
{
	(void)state;
	struct ml_buffer b = { 0 };
	size_t cap = 0;
	const char rec[] = "4,1234,5678901,-;kworker: page allocation failure: order:7\n SUBSYSTEM=pci\n";
	assert_int_equal(ml_kmsg_record_to_line(rec, sizeof(rec) - 1, &b, &cap), 1);
	assert_string_equal(b.data, "[    5.678901] kworker: page allocation failure: order:7\n");
	ml_buffer_free(&b);
}

static void test_log_file_errors_name_the_file(void **state)
{
	(void)state;
	struct ml_buffer b;
	struct ml_error err = { 0 };
	assert_int_equal(ml_log_read_file("/nonexistent/log", &b, &err), ML_ENOENT);
	assert_string_equal(err.file, "/nonexistent/log");
	assert_int_equal(ml_log_read_file("/", &b, &err), ML_EIO);
}

static void test_live_log_falls_back_to_dmesg_and_names_both_failures(void **state)
{
	(void)state;
	struct ml_buffer b = { 0 };
	char from[300];
	struct ml_error err = { 0 };
	/* /dev/kmsg missing: the dmesg command's output is used ("true": none) */
	assert_int_equal(ml_kmsg_read("/nonexistent/kmsg", "true", &b, from, sizeof(from), &err), ML_OK);
	assert_non_null(strstr(from, "true"));
	assert_non_null(strstr(from, "/nonexistent/kmsg"));
	assert_int_equal(b.len, 0);
	ml_buffer_free(&b);
	/* both fail: one error naming both */
	assert_int_not_equal(ml_kmsg_read("/nonexistent/kmsg", "false", &b, from, sizeof(from), &err), ML_OK);
	assert_non_null(strstr(err.message, "cannot read the kernel log"));
	assert_non_null(strstr(err.message, "/nonexistent/kmsg"));
	assert_non_null(strstr(err.message, "false"));
	assert_int_not_equal(ml_kmsg_read("/nonexistent/kmsg", "/nonexistent/dmesg", &b, from, sizeof(from), &err), ML_OK);
}

/* ------------------------------------------------------- robustness */

static const char *const all_fixtures[] = {
	R01, R03, R05, R08, R10, R13, R15, R30, R31, R33, R41, R42, R43, R44, R49, R61, SYSRQ, VMAP,
	MAL "01-interleaved.txt", MAL "03-cut-after-dma32.txt", MAL "10-devkmsg-raw.txt",
	MAL "10-header-only.txt", MAL "10-overflow.txt", MAL "13-garbled-numbers.txt",
	MAL "13-mail-quoted.txt", MAL "15-journal-iso.txt", MAL "30-cut-header.txt", MAL "31-crlf.txt",
	MAL "04-quoted-printable.txt", MAL "05-quoted-printable.txt",
	MAL "garbage-with-header.bin", CON "oom-x86_64-6.1-global-noswap.txt", CON "oom-i386-6.1-lowmem-slab.txt",
	CON "oom-memcg-v2-5.15.txt", CON "oom-cpuset-6.1-2node.txt", CON "oom-mempolicy-6.12-2node.txt",
	CON "vmalloc-pages-account-6.6.txt", CON "vmalloc-old-3.2-i386-two-line.txt",
};

/* Parse, model, request and explain every report of buf: nothing may crash
 * (the ASan/UBSan build turns any memory error into a failure). */
static void whole_pipeline(const char *buf, size_t len)
{
	struct ml_report_list l;
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_failure_reports(buf, len, "fuzz", &l, &err), ML_OK);
	for (size_t i = 0; i < l.n; i++) {
		struct ml_system sys;
		if (ml_report_to_system(&l.v[i], "fuzz", &sys, &err) != ML_OK)
			continue;
		struct ml_report_request rq;
		if (ml_report_request(&l.v[i], &sys, &rq, &err) == ML_OK && rq.ok) {
			struct ml_explain_result res;
			if (ml_explain(&sys, &rq.req, &res, &err) == ML_OK)
				ml_explain_result_free(&res);
		}
		ml_report_request_free(&rq);
		ml_system_free(&sys);
	}
	ml_report_list_free(&l);
}

static void test_every_prefix_and_byte_flip_is_survived(void **state)
{
	(void)state;
	unsigned seed = 12345;
	for (size_t f = 0; f < sizeof(all_fixtures) / sizeof(all_fixtures[0]); f++) {
		size_t len;
		char *buf = ml_test_read_fixture(all_fixtures[f], &len);
		/* truncations: every 61st byte, and each line end */
		for (size_t cut = 0; cut <= len; cut += (cut % 2 ? 61 : 1) + (len > 20000 ? 200 : 0))
			whole_pipeline(buf, cut);
		/* flips and junk bytes at random places, deterministic */
		char *copy = malloc(len + 1);
		for (int it = 0; it < 60; it++) {
			memcpy(copy, buf, len);
			for (int k = 0; k < 8 && len; k++) {
				seed = seed * 1103515245u + 12345u;
				size_t at = (seed >> 8) % len;
				static const char junk[] = "0123456789:*()=[]- \n\tkBxyz\377\0";
				seed = seed * 1103515245u + 12345u;
				copy[at] = junk[(seed >> 8) % (sizeof(junk) - 1)];
			}
			whole_pipeline(copy, len);
		}
		free(copy);
		free(buf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report01_two_atomic_failures_old_format),
		cmocka_unit_test(test_report03_mail_wrapped_lines_are_joined),
		cmocka_unit_test(test_report05_android_prefix_and_reserve_letters),
		cmocka_unit_test(test_report08_syslog_indented_numa_2618),
		cmocka_unit_test(test_report10_dma32_only_dump_keeps_zone_indices),
		cmocka_unit_test(test_report13_timestamps_and_continuations),
		cmocka_unit_test(test_report15_numa4_cma_boost_highatomic),
		cmocka_unit_test(test_report30_vmap_and_vmalloc_error_are_one_report),
		cmocka_unit_test(test_report31_two_stalls_with_kern_cont_lines),
		cmocka_unit_test(test_report33_over_max_order_warning),
		cmocka_unit_test(test_report41_vmap_burst_is_one_report_with_its_stack_dump),
		cmocka_unit_test(test_report42_no_release_the_vmap_message_gives_the_era),
		cmocka_unit_test(test_report_without_kernel_takes_it_from_its_boot),
		cmocka_unit_test(test_sysrq_m_dump_alone_builds_three_zones),
		cmocka_unit_test(test_captured_vmalloc_vmap_failure_in_boot_log),
		cmocka_unit_test(test_malformed_numbers_are_named_and_zones_left_out),
		cmocka_unit_test(test_truncated_dump_says_what_is_missing),
		cmocka_unit_test(test_overflowing_numbers_are_refused),
		cmocka_unit_test(test_other_logging_chains_give_the_same_figures),
		cmocka_unit_test(test_interleaved_messages_are_skipped),
		cmocka_unit_test(test_binary_garbage_around_a_header),
		cmocka_unit_test(test_constructed_global_oom_task_table_and_kill),
		cmocka_unit_test(test_constructed_memcg_oom_without_meminfo),
		cmocka_unit_test(test_constructed_mempolicy_oom_new_task_columns),
		cmocka_unit_test(test_constructed_old_vmalloc_three_lines_one_report),
		cmocka_unit_test(test_interleaved_printk_pieces_are_put_back),
		cmocka_unit_test(test_old_oom_header_and_empty_dma32),
		cmocka_unit_test(test_mail_wrapped_arm_report),
		cmocka_unit_test(test_report43_wrapped_task_table_and_panic),
		cmocka_unit_test(test_cut_task_rows_are_joined_or_named),
		cmocka_unit_test(test_quoted_printable_mail_is_decoded_first),
		cmocka_unit_test(test_text_with_a_bare_equals_sign_is_not_decoded),
		cmocka_unit_test(test_cut_buddy_line_is_never_max_order),
		cmocka_unit_test(test_kmsg_record_becomes_a_log_line),
		cmocka_unit_test(test_log_file_errors_name_the_file),
		cmocka_unit_test(test_live_log_falls_back_to_dmesg_and_names_both_failures),
		cmocka_unit_test(test_every_prefix_and_byte_flip_is_survived),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
