/* /proc/zoneinfo parser (kernel-model §11.3, §13) on real captures from
 * 2.6.15 to 6.18, and on malformed text made from them in each test. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/zoneinfo.h"

#define VM618 "captured/vm-6.18-x86_64/proc/zoneinfo"
#define I386_3G "captured/qemu-i386-6.1-3g-highmem/proc/zoneinfo"
#define ARM64 "captured/qemu-arm64-6.1-2g/proc/zoneinfo"
#define NCOLLECTD "public/ncollectd/zoneinfo/test01/proc/zoneinfo"

/* Linux 2.6.15-rc2, x86_64, 2 nodes: /proc/zoneinfo as posted by Jan
 * Kasprzak to linux-kernel, "Re: 2.6.14 kswapd eating too much CPU",
 * 23 Nov 2005, Message-ID <20051123131417.GH24091@fi.muni.cz> (first of
 * the two samples, all three zones, unchanged).  Hot and cold per-CPU lists
 * ("cpu: N pcp: M"), per-CPU NUMA counters under pagesets,
 * "scanned N (a: N i: N)", "active"/"inactive", temp_priority, no
 * "managed", and node 1 printed before node 0. */
static const char zoneinfo_2_6_15[] =
	"Node 1, zone   Normal\n"
	"  pages free     1809\n"
	"        min      1423\n"
	"        low      1778\n"
	"        high     2134\n"
	"        active   251683\n"
	"        inactive 753741\n"
	"        scanned  66 (a: 0 i: 0)\n"
	"        spanned  1048576\n"
	"        present  1013647\n"
	"        protection: (0, 0, 0, 0)\n"
	"  pagesets\n"
	"    cpu: 0 pcp: 0\n"
	"              count: 66\n"
	"              low:   0\n"
	"              high:  384\n"
	"              batch: 64\n"
	"    cpu: 0 pcp: 1\n"
	"              count: 127\n"
	"              low:   0\n"
	"              high:  128\n"
	"              batch: 32\n"
	"            numa_hit:       2155\n"
	"            numa_miss:      26392398\n"
	"            numa_foreign:   150\n"
	"            interleave_hit: 2070\n"
	"            local_node:     0\n"
	"            other_node:     26394553\n"
	"    cpu: 1 pcp: 0\n"
	"              count: 68\n"
	"              low:   0\n"
	"              high:  384\n"
	"              batch: 64\n"
	"    cpu: 1 pcp: 1\n"
	"              count: 111\n"
	"              low:   0\n"
	"              high:  128\n"
	"              batch: 32\n"
	"            numa_hit:       41672333\n"
	"            numa_miss:      1482\n"
	"            numa_foreign:   5904214\n"
	"            interleave_hit: 5717\n"
	"            local_node:     41673815\n"
	"            other_node:     0\n"
	"  all_unreclaimable: 0\n"
	"  prev_priority:     12\n"
	"  temp_priority:     12\n"
	"  start_pfn:         1048576\n"
	"Node 0, zone      DMA\n"
	"  pages free     2855\n"
	"        min      3\n"
	"        low      3\n"
	"        high     4\n"
	"        active   0\n"
	"        inactive 0\n"
	"        scanned  0 (a: 12 i: 12)\n"
	"        spanned  4096\n"
	"        present  2761\n"
	"        protection: (0, 3944, 3944, 3944)\n"
	"  pagesets\n"
	"    cpu: 1 pcp: 0\n"
	"              count: 10\n"
	"              low:   0\n"
	"              high:  12\n"
	"              batch: 2\n"
	"    cpu: 1 pcp: 1\n"
	"              count: 0\n"
	"              low:   0\n"
	"              high:  4\n"
	"              batch: 1\n"
	"            numa_hit:       5286426\n"
	"            numa_miss:      0\n"
	"            numa_foreign:   0\n"
	"            interleave_hit: 3821307\n"
	"            local_node:     0\n"
	"            other_node:     5286426\n"
	"  all_unreclaimable: 0\n"
	"  prev_priority:     12\n"
	"  temp_priority:     12\n"
	"  start_pfn:         0\n"
	"Node 0, zone    DMA32\n"
	"  pages free     2912\n"
	"        min      1418\n"
	"        low      1772\n"
	"        high     2127\n"
	"        active   33310\n"
	"        inactive 946725\n"
	"        scanned  0 (a: 27 i: 0)\n"
	"        spanned  1044480\n"
	"        present  1009704\n"
	"        protection: (0, 0, 0, 0)\n"
	"  pagesets\n"
	"    cpu: 0 pcp: 0\n"
	"              count: 51\n"
	"              low:   0\n"
	"              high:  384\n"
	"              batch: 64\n"
	"    cpu: 0 pcp: 1\n"
	"              count: 20\n"
	"              low:   0\n"
	"              high:  128\n"
	"              batch: 32\n"
	"            numa_hit:       47176253\n"
	"            numa_miss:      150\n"
	"            numa_foreign:   26392398\n"
	"            interleave_hit: 1788\n"
	"            local_node:     47176403\n"
	"            other_node:     0\n"
	"    cpu: 1 pcp: 0\n"
	"              count: 345\n"
	"              low:   0\n"
	"              high:  384\n"
	"              batch: 64\n"
	"    cpu: 1 pcp: 1\n"
	"              count: 62\n"
	"              low:   0\n"
	"              high:  128\n"
	"              batch: 32\n"
	"            numa_hit:       5081\n"
	"            numa_miss:      5904214\n"
	"            numa_foreign:   1482\n"
	"            interleave_hit: 4507\n"
	"            local_node:     0\n"
	"            other_node:     5909295\n"
	"  all_unreclaimable: 0\n"
	"  prev_priority:     12\n"
	"  temp_priority:     12\n"
	"  start_pfn:         4096\n";

/* 2.6.2x-era x86_64 (512 MB VM, early 2009): /proc/zoneinfo as posted by
 * Pierre Ossman to linux-mm, "Re: [Bug 12832] New: kernel leaks a lot of
 * memory", 9 Mar 2009, Message-ID <20090309084045.2c652fbf@mjolnir.ossman.eu>
 * (unchanged; the mail's "=20" after the command was not part of it).
 * Zone statistics between "present" and "protection:", no "managed". */
static const char zoneinfo_2009[] =
	"Node 0, zone      DMA\n"
	"  pages free     2524\n"
	"        min      12\n"
	"        low      15\n"
	"        high     18\n"
	"        scanned  0 (a: 27 i: 24)\n"
	"        spanned  4096\n"
	"        present  2180\n"
	"    nr_free_pages 2524\n"
	"    nr_inactive  0\n"
	"    nr_active    8\n"
	"    nr_anon_pages 8\n"
	"    nr_mapped    0\n"
	"    nr_file_pages 0\n"
	"    nr_dirty     0\n"
	"    nr_writeback 0\n"
	"    nr_slab_reclaimable 16\n"
	"    nr_slab_unreclaimable 7\n"
	"    nr_page_table_pages 15\n"
	"    nr_unstable  0\n"
	"    nr_bounce    0\n"
	"    nr_vmscan_write 292\n"
	"    nr_writeback_temp 0\n"
	"    numa_hit     295370\n"
	"    numa_miss    0\n"
	"    numa_foreign 0\n"
	"    numa_interleave 0\n"
	"    numa_local   295370\n"
	"    numa_other   0\n"
	"        protection: (0, 489, 489, 489)\n"
	"  pagesets\n"
	"    cpu: 0\n"
	"              count: 0\n"
	"              high:  0\n"
	"              batch: 1\n"
	"  vm stats threshold: 2\n"
	"  all_unreclaimable: 0\n"
	"  prev_priority:     12\n"
	"  start_pfn:         0\n"
	"Node 0, zone    DMA32\n"
	"  pages free     65515\n"
	"        min      700\n"
	"        low      875\n"
	"        high     1050\n"
	"        scanned  0 (a: 0 i: 0)\n"
	"        spanned  126960\n"
	"        present  125224\n"
	"    nr_free_pages 65515\n"
	"    nr_inactive  1482\n"
	"    nr_active    8137\n"
	"    nr_anon_pages 5843\n"
	"    nr_mapped    2162\n"
	"    nr_file_pages 3789\n"
	"    nr_dirty     128\n"
	"    nr_writeback 0\n"
	"    nr_slab_reclaimable 1331\n"
	"    nr_slab_unreclaimable 4429\n"
	"    nr_page_table_pages 816\n"
	"    nr_unstable  0\n"
	"    nr_bounce    0\n"
	"    nr_vmscan_write 32\n"
	"    nr_writeback_temp 0\n"
	"    numa_hit     18690260\n"
	"    numa_miss    0\n"
	"    numa_foreign 0\n"
	"    numa_interleave 44220\n"
	"    numa_local   18690260\n"
	"    numa_other   0\n"
	"        protection: (0, 0, 0, 0)\n"
	"  pagesets\n"
	"    cpu: 0\n"
	"              count: 69\n"
	"              high:  186\n"
	"              batch: 31\n"
	"  vm stats threshold: 6\n"
	"  all_unreclaimable: 0\n"
	"  prev_priority:     12\n"
	"  start_pfn:         4096\n";

/* The parser as testutil's helpers take it. */
static int parse(const char *text, size_t len, const char *file, void *out, struct ml_error *err)
{
	return ml_parse_zoneinfo(text, len, file, out, err);
}

static void release(void *out)
{
	ml_zoneinfo_free(out);
}

static void parse_text(const char *text, size_t len, const char *name, struct ml_zoneinfo *zi)
{
	ml_test_parse_ok(parse, text, len, name, zi);
}

static void parse_fixture(const char *rel, struct ml_zoneinfo *zi)
{
	ml_test_parse_fixture(parse, rel, zi);
}

static const struct ml_zoneinfo_zone *zone(const struct ml_zoneinfo *zi, int node, const char *name)
{
	for (size_t i = 0; i < zi->nzones; i++)
		if (zi->zones[i].node == node && strcmp(zi->zones[i].name, name) == 0)
			return &zi->zones[i];
	fail_msg("no zone %s on node %d", name, node);
	return NULL;
}

static uint64_t stat_of(const struct ml_kv *kv, const char *name)
{
	uint64_t v;
	if (!ml_kv_get(kv, name, &v))
		fail_msg("no statistic %s", name);
	return v;
}

static unsigned long parse_error_line(const char *text, size_t len, struct ml_error *err)
{
	struct ml_zoneinfo zi;
	unsigned long line = ml_test_error_line(parse, text, len, "zoneinfo", &zi, err);
	assert_null(zi.zones);
	assert_null(zi.nodes);
	ml_zoneinfo_free(&zi);
	return line;
}

static void test_zoneinfo_vm618_has_5_zones_including_empty_movable_and_device(void **state)
{
	(void)state;
	struct ml_zoneinfo zi;
	parse_fixture(VM618, &zi);
	/* §11.3: all zones are printed, populated or not. */
	assert_int_equal(zi.nzones, 5);
	static const char *names[] = { "DMA", "DMA32", "Normal", "Movable", "Device" };
	for (int i = 0; i < 5; i++) {
		assert_string_equal(zi.zones[i].name, names[i]);
		assert_int_equal(zi.zones[i].node, 0);
	}
	const struct ml_zoneinfo_zone *m = zone(&zi, 0, "Movable");
	assert_int_equal(m->present, 0);
	assert_int_equal(m->managed, 0);
	assert_int_equal(m->min, 32);
	assert_int_equal(m->line, 191);
	/* An empty zone prints no pagesets and no start_pfn. */
	const struct ml_zoneinfo_zone *d = zone(&zi, 0, "Device");
	assert_int_equal(d->npcp_cpus, 0);
	assert_false(d->has_start_pfn);
	assert_int_equal(d->node_unreclaimable, -1);
	assert_int_equal(d->stats.n, 0);
	ml_zoneinfo_free(&zi);
}

static void test_zoneinfo_vm618_normal_managed_294912_of_5505024_present(void **state)
{
	(void)state;
	struct ml_zoneinfo zi;
	parse_fixture(VM618, &zi);
	const struct ml_zoneinfo_zone *n = zone(&zi, 0, "Normal");
	assert_int_equal(n->free, 101250);
	assert_int_equal(n->managed, 294912);
	assert_int_equal(n->present, 5505024);
	assert_int_equal(n->spanned, 5505024);
	assert_int_equal(n->boost, 0);
	assert_int_equal(n->min, 4649);
	assert_int_equal(n->low, 5811);
	assert_int_equal(n->high, 6973);
	assert_int_equal(n->promo, 8135);
	assert_true(n->has_boost && n->has_promo && n->has_managed && n->has_cma);
	assert_int_equal(n->cma, 0);
	assert_true(n->has_start_pfn);
	assert_int_equal(n->start_pfn, 1048576);
	assert_int_equal(n->node_unreclaimable, 0);
	ml_zoneinfo_free(&zi);
}

static void test_zoneinfo_vm618_dma_protection_is_0_3019_4171_4171_4171(void **state)
{
	(void)state;
	struct ml_zoneinfo zi;
	parse_fixture(VM618, &zi);
	const struct ml_zoneinfo_zone *d = zone(&zi, 0, "DMA");
	static const uint64_t want[] = { 0, 3019, 4171, 4171, 4171 };
	assert_int_equal(d->nprotection, 5);
	assert_memory_equal(d->protection, want, sizeof(want));
	assert_int_equal(zone(&zi, 0, "DMA32")->protection[2], 1152);
	ml_zoneinfo_free(&zi);
}

static void test_zoneinfo_vm618_pagesets_high_is_not_the_watermark(void **state)
{
	(void)state;
	struct ml_zoneinfo zi;
	parse_fixture(VM618, &zi);
	const struct ml_zoneinfo_zone *n = zone(&zi, 0, "Normal");
	/* "high:" 6659 and 3283 are per-CPU list limits; "high" is 6973. */
	assert_int_equal(n->high, 6973);
	assert_int_equal(n->npcp_cpus, 2);
	assert_int_equal(n->pcp_count, 4201 + 712);
	assert_int_equal(zone(&zi, 0, "DMA32")->pcp_count, 0);
	assert_int_equal(zone(&zi, 0, "DMA32")->high, 18277);
	ml_zoneinfo_free(&zi);
}

static void test_zoneinfo_vm618_per_node_stats_stay_out_of_the_dma_zone(void **state)
{
	(void)state;
	struct ml_zoneinfo zi;
	parse_fixture(VM618, &zi);
	assert_int_equal(zi.nnodes, 1);
	assert_int_equal(zi.nodes[0].node, 0);
	assert_int_equal(zi.nodes[0].stats.n, 51);
	assert_int_equal(stat_of(&zi.nodes[0].stats, "nr_dirty"), 49448);
	assert_int_equal(stat_of(&zi.nodes[0].stats, "nr_inactive_file"), 103313);
	assert_int_equal(stat_of(&zi.nodes[0].stats, "nr_kernel_file_pages"), 0);
	const struct ml_zoneinfo_zone *d = zone(&zi, 0, "DMA");
	assert_null(ml_kv_find(&d->stats, "nr_dirty"));
	assert_int_equal(stat_of(&d->stats, "nr_free_pages"), 3840);
	/* 16 zone counters plus the pagesets' "vm stats threshold". */
	assert_int_equal(d->stats.n, 18);
	assert_int_equal(stat_of(&d->stats, "vm stats threshold"), 4);
	const struct ml_zoneinfo_zone *n = zone(&zi, 0, "Normal");
	assert_int_equal(stat_of(&n->stats, "nr_free_pages_blocks"), 91648);
	assert_int_equal(stat_of(&n->stats, "numa_hit"), 1576583);
	assert_int_equal(ml_kv_find(&n->stats, "nr_free_pages")->line, 157);
	assert_int_equal(stat_of(&n->stats, "vm stats threshold"), 20);
	ml_zoneinfo_free(&zi);
}

static void test_zoneinfo_i386_3g_highmem_managed_562146_and_4_protection_entries(void **state)
{
	(void)state;
	struct ml_zoneinfo zi;
	parse_fixture(I386_3G, &zi);
	assert_int_equal(zi.nzones, 4);
	const struct ml_zoneinfo_zone *h = zone(&zi, 0, "HighMem");
	assert_int_equal(h->managed, 562146);
	assert_int_equal(h->free, 555498);
	assert_int_equal(h->min, 128);
	assert_int_equal(h->pcp_count, 582 + 1372);
	const struct ml_zoneinfo_zone *n = zone(&zi, 0, "Normal");
	static const uint64_t want[] = { 0, 0, 17567, 17567 };
	assert_int_equal(n->nprotection, 4);
	assert_memory_equal(n->protection, want, sizeof(want));
	/* 6.1: boost yes, promo not yet (§13). */
	assert_true(n->has_boost);
	assert_false(n->has_promo);
	assert_int_equal(zi.nnodes, 1);
	ml_zoneinfo_free(&zi);
}

static void test_zoneinfo_arm64_dma_holds_16384_cma_pages(void **state)
{
	(void)state;
	struct ml_zoneinfo zi;
	parse_fixture(ARM64, &zi);
	assert_int_equal(zi.nzones, 4);
	const struct ml_zoneinfo_zone *d = zone(&zi, 0, "DMA");
	assert_true(d->has_cma);
	assert_int_equal(d->cma, 16384);
	assert_int_equal(d->managed, 502751);
	assert_int_equal(d->start_pfn, 262144);
	assert_int_equal(zone(&zi, 0, "Normal")->present, 0);
	assert_int_equal(zone(&zi, 0, "DMA32")->spanned, 0);
	ml_zoneinfo_free(&zi);
}

static void test_zoneinfo_jc_5_8_has_no_boost_or_cma_lines(void **state)
{
	(void)state;
	struct ml_zoneinfo zi;
	parse_fixture("public/jc/linux-proc/zoneinfo", &zi);
	const struct ml_zoneinfo_zone *n = zone(&zi, 0, "Normal");
	assert_false(n->has_boost);
	assert_false(n->has_cma);
	assert_false(n->has_promo);
	assert_true(n->has_managed);
	assert_int_equal(n->managed, 236634);
	assert_int_equal(zone(&zi, 0, "DMA32")->protection[2], 924);
	ml_zoneinfo_free(&zi);
}

static void test_zoneinfo_jc_handmade_two_node_file_with_unreclaimable_9_is_refused(void **state)
{
	(void)state;
	/* SOURCES.md: zoneinfo2 is a hand-made copy of node 0 as node 1; its
	 * last zone prints 9 everywhere, and node_unreclaimable is a boolean. */
	size_t len;
	char *buf = ml_test_read_fixture("public/jc/linux-proc/zoneinfo2", &len);
	struct ml_error err;
	assert_int_equal(parse_error_line(buf, len, &err), 362);
	free(buf);
}

static void test_zoneinfo_ncollectd_pre_4_8_keeps_node_counters_in_zones(void **state)
{
	(void)state;
	struct ml_zoneinfo zi;
	parse_fixture(NCOLLECTD, &zi);
	/* 4 nodes, 6 zones, 48 CPUs; no per-node block before 4.8. */
	assert_int_equal(zi.nzones, 6);
	assert_int_equal(zi.nnodes, 0);
	const struct ml_zoneinfo_zone *d = zone(&zi, 0, "DMA");
	assert_int_equal(d->free, 3977);
	assert_int_equal(d->managed, 3977);
	assert_false(d->has_boost);
	assert_false(d->has_cma);
	assert_int_equal(d->npcp_cpus, 48);
	assert_int_equal(d->node_unreclaimable, -1);
	assert_int_equal(stat_of(&d->stats, "nr_free_pages"), 3977);
	assert_int_equal(stat_of(&d->stats, "nr_alloc_batch"), 1);
	assert_int_equal(stat_of(&d->stats, "scanned"), 0);
	assert_int_equal(stat_of(&d->stats, "all_unreclaimable"), 1);
	assert_int_equal(stat_of(&d->stats, "inactive_ratio"), 1);
	const struct ml_zoneinfo_zone *n3 = zone(&zi, 3, "Normal");
	assert_int_equal(n3->present, 12582911);
	assert_int_equal(n3->start_pfn, 38010880);
	ml_zoneinfo_free(&zi);
}

static void test_zoneinfo_node_exporter_and_procfs_5x_parse(void **state)
{
	(void)state;
	struct ml_zoneinfo zi;
	parse_fixture("public/node-exporter/proc/zoneinfo", &zi);
	assert_int_equal(zi.nzones, 5);
	assert_int_equal(zone(&zi, 0, "Normal")->managed, 7654794);
	assert_int_equal(zone(&zi, 0, "Normal")->npcp_cpus, 8);
	ml_zoneinfo_free(&zi);
	parse_fixture("public/prometheus-procfs/proc/zoneinfo", &zi);
	assert_int_equal(zone(&zi, 0, "DMA32")->pcp_count, 2721);
	assert_int_equal(zone(&zi, 0, "DMA")->protection[1], 2877);
	ml_zoneinfo_free(&zi);
}

static void test_zoneinfo_2_6_15_hot_and_cold_lists_count_each_cpu_once(void **state)
{
	(void)state;
	struct ml_zoneinfo zi;
	parse_text(zoneinfo_2_6_15, sizeof(zoneinfo_2_6_15) - 1, "zoneinfo-2.6.15", &zi);
	assert_int_equal(zi.nzones, 3);
	assert_int_equal(zi.nnodes, 0);
	/* Node 1 comes first in this capture. */
	assert_int_equal(zi.zones[0].node, 1);
	const struct ml_zoneinfo_zone *n = zone(&zi, 1, "Normal");
	assert_int_equal(n->npcp_cpus, 2);
	assert_int_equal(n->pcp_count, 66 + 127 + 68 + 111);
	assert_int_equal(n->free, 1809);
	assert_int_equal(n->high, 2134);
	assert_false(n->has_managed);
	assert_int_equal(stat_of(&n->stats, "scanned"), 66);
	assert_int_equal(stat_of(&n->stats, "active"), 251683);
	assert_int_equal(stat_of(&n->stats, "temp_priority"), 12);
	/* Per-CPU NUMA counters are one CPU's values, not the zone's. */
	assert_null(ml_kv_find(&n->stats, "numa_hit"));
	const struct ml_zoneinfo_zone *d = zone(&zi, 0, "DMA");
	assert_int_equal(d->npcp_cpus, 1);
	assert_int_equal(d->pcp_count, 10);
	assert_int_equal(d->protection[1], 3944);
	assert_int_equal(zone(&zi, 0, "DMA32")->pcp_count, 51 + 20 + 345 + 62);
	ml_zoneinfo_free(&zi);
}

static void test_zoneinfo_2009_zone_counters_sit_before_protection(void **state)
{
	(void)state;
	struct ml_zoneinfo zi;
	parse_text(zoneinfo_2009, sizeof(zoneinfo_2009) - 1, "zoneinfo-2009", &zi);
	assert_int_equal(zi.nzones, 2);
	const struct ml_zoneinfo_zone *d = zone(&zi, 0, "DMA");
	static const uint64_t want[] = { 0, 489, 489, 489 };
	assert_int_equal(d->nprotection, 4);
	assert_memory_equal(d->protection, want, sizeof(want));
	assert_int_equal(stat_of(&d->stats, "nr_free_pages"), 2524);
	assert_int_equal(stat_of(&d->stats, "numa_hit"), 295370);
	assert_int_equal(stat_of(&d->stats, "prev_priority"), 12);
	assert_false(d->has_managed || d->has_boost || d->has_promo || d->has_cma);
	assert_true(d->has_start_pfn);
	assert_int_equal(d->start_pfn, 0);
	const struct ml_zoneinfo_zone *d32 = zone(&zi, 0, "DMA32");
	assert_int_equal(d32->pcp_count, 69);
	assert_int_equal(d32->npcp_cpus, 1);
	assert_int_equal(d32->present, 125224);
	ml_zoneinfo_free(&zi);
}

static void test_zoneinfo_crlf_parses_identically(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(VM618, &len);
	char *crlf = ml_test_crlf(buf, len, &n);
	struct ml_zoneinfo a, b;
	parse_text(buf, len, VM618, &a);
	parse_text(crlf, n, VM618, &b);
	assert_int_equal(a.nzones, b.nzones);
	assert_int_equal(a.nnodes, b.nnodes);
	for (size_t i = 0; i < a.nzones; i++) {
		const struct ml_zoneinfo_zone *x = &a.zones[i], *y = &b.zones[i];
		assert_string_equal(x->name, y->name);
		assert_int_equal(x->free, y->free);
		assert_int_equal(x->managed, y->managed);
		assert_int_equal(x->nprotection, y->nprotection);
		assert_memory_equal(x->protection, y->protection, sizeof(x->protection));
		assert_int_equal(x->pcp_count, y->pcp_count);
		assert_int_equal(x->stats.n, y->stats.n);
		for (size_t k = 0; k < x->stats.n; k++) {
			assert_string_equal(x->stats.v[k].name, y->stats.v[k].name);
			assert_int_equal(x->stats.v[k].value, y->stats.v[k].value);
		}
	}
	assert_int_equal(a.nodes[0].stats.n, b.nodes[0].stats.n);
	ml_zoneinfo_free(&a);
	ml_zoneinfo_free(&b);
	free(crlf);
	free(buf);
}

static void test_zoneinfo_empty_input_is_refused(void **state)
{
	(void)state;
	struct ml_error err;
	assert_int_equal(parse_error_line("", 0, &err), 0);
	assert_int_equal(parse_error_line("\n \n", 3, &err), 0);
}

static void test_zoneinfo_cut_mid_line_is_refused_on_that_line(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	struct ml_error err;
	/* Inside DMA32's protection list (line 110). */
	const char *cut = strstr(buf, "protection: (0, 0, 1152, ");
	assert_int_equal(parse_error_line(buf, (size_t)(cut - buf) + 25, &err), 110);
	/* Inside "pages free" of Normal (line 146). */
	cut = strstr(buf, "  pages free     101250");
	assert_int_equal(parse_error_line(buf, (size_t)(cut - buf) + 10, &err), 146);
	/* Inside the Device header (line 203). */
	cut = strstr(buf, "Node 0, zone   Device");
	assert_int_equal(parse_error_line(buf, (size_t)(cut - buf) + 8, &err), 203);
	free(buf);
}

static void test_zoneinfo_cut_after_a_zone_header_is_refused(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	struct ml_error err;
	/* Whole lines, but the Normal zone (line 145) stops at its header. */
	const char *cut = strstr(buf, "  pages free     101250");
	assert_int_equal(parse_error_line(buf, (size_t)(cut - buf), &err), 145);
	assert_non_null(strstr(err.message, "pages free"));
	/* The Device zone stops before "protection:". */
	cut = strstr(buf, "Node 0, zone   Device");
	cut = strstr(cut, "        protection:");
	assert_int_equal(parse_error_line(buf, (size_t)(cut - buf), &err), 203);
	assert_non_null(strstr(err.message, "protection"));
	free(buf);
}

static void test_zoneinfo_garbage_numbers_are_refused_with_the_token(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	struct ml_error err;
	char *t = ml_test_replace(buf, "managed  294912", 0, "managed  x1");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 154);
	assert_non_null(strstr(err.message, "found 'x1'"));
	free(t);
	t = ml_test_replace(buf, "nr_free_pages 101250", 0, "nr_free_pages 123456789012345678901234567890");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 157);
	assert_non_null(strstr(err.message, "64 bits"));
	free(t);
	t = ml_test_replace(buf, "min      4649", 0, "min      -4649");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 148);
	assert_non_null(strstr(err.message, "negative"));
	free(t);
	t = ml_test_replace(buf, "protection: (0, 0, 0, 0, 0)", 0, "protection: (0, 0, x, 0, 0)");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 156);
	free(t);
	t = ml_test_replace(buf, "count:    4201", 0, "count:    -1");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 176);
	free(t);
	free(buf);
}

static void test_zoneinfo_duplicated_zone_is_refused(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	struct ml_error err;
	/* The Movable zone printed again after Device. */
	const char *mv = strstr(buf, "Node 0, zone  Movable");
	size_t ml = (size_t)(strstr(buf, "Node 0, zone   Device") - mv);
	char *t = ml_test_concat(buf, len, mv, ml);
	assert_int_equal(parse_error_line(t, len + ml, &err), 215);
	assert_non_null(strstr(err.message, "listed twice"));
	free(t);
	/* A second per-node block for node 0. */
	t = ml_test_replace(buf, "Node 0, zone    DMA32\n", 0, "Node 0, zone    DMA32\n  per-node stats\n");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 100);
	free(t);
	/* A counter printed twice in one zone. */
	t = ml_test_replace(buf, "      nr_mlock     3798\n", 0, "      nr_mlock     3798\n      nr_mlock     3798\n");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 166);
	free(t);
	/* A watermark printed twice. */
	t = ml_test_replace(buf, "        low      5811\n", 0, "        low      5811\n        low      5811\n");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 150);
	free(t);
	free(buf);
}

static void test_zoneinfo_node_coming_back_after_another_is_refused(void **state)
{
	(void)state;
	/* Node 1's zone (48 lines) moved between node 0's DMA (32 lines) and
	 * DMA32, which then starts on line 81. */
	const char *dma32 = strstr(zoneinfo_2_6_15, "Node 0, zone    DMA32");
	const char *dma = strstr(zoneinfo_2_6_15, "Node 0, zone      DMA");
	assert_true(dma && dma32 && dma < dma32);
	char *t = malloc(2 * sizeof(zoneinfo_2_6_15));
	snprintf(t, 2 * sizeof(zoneinfo_2_6_15), "%.*s%.*s%s", (int)(dma32 - dma), dma,
		 (int)(dma - zoneinfo_2_6_15), zoneinfo_2_6_15, dma32);
	struct ml_error err;
	assert_int_equal(parse_error_line(t, strlen(t), &err), 32 + 48 + 1);
	assert_non_null(strstr(err.message, "not together"));
	free(t);
}

static void test_zoneinfo_limits_are_enforced(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	struct ml_error err;
	char *t = ml_test_replace(buf, "Node 0, zone   Device", 0, "Node 1024, zone   Device");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 203);
	free(t);
	t = ml_test_replace(buf, "protection: (0, 0, 0, 0, 0)", 0, "protection: (0, 0, 0, 0, 0, 0, 0, 0, 0)");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 156);
	free(t);
	/* Nine zones on one node. */
	char nine[2048] = "";
	for (int i = 0; i < 9; i++) {
		char z[200];
		snprintf(z, sizeof(z),
			 "Node 0, zone Z%d\n  pages free 0\n  min 0\n  low 0\n  high 0\n"
			 "  spanned 0\n  present 0\n  protection: (0)\n", i);
		strcat(nine, z);
	}
	assert_int_equal(parse_error_line(nine, strlen(nine), &err), 8 * 8 + 1);
	free(buf);
}

static void test_zoneinfo_lines_out_of_place_are_refused(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	struct ml_error err;
	/* A pagesets line in a zone without pagesets (Movable, line 192). */
	char *t = ml_test_replace(buf, "Node 0, zone  Movable\n", 0, "Node 0, zone  Movable\n    cpu: 0\n");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 192);
	free(t);
	t = ml_test_replace(buf, "    cpu: 0\n              count:    4201", 0, "              count:    4201");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 175);
	free(t);
	/* Statistics before any zone. */
	t = ml_test_replace(buf, "Node 0, zone      DMA\n", 0, "nr_free_pages 1\nNode 0, zone      DMA\n");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 1);
	free(t);
	/* Something that is no zoneinfo line at all. */
	t = ml_test_replace(buf, "  pagesets\n", 2, "  page sets are here\n");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 174);
	free(t);
	/* Other files. */
	char *bi = ml_test_read_fixture("captured/vm-6.18-x86_64/proc/buddyinfo", &len);
	assert_int_equal(parse_error_line(bi, len, &err), 1);
	free(bi);
	free(buf);
}

static void test_zoneinfo_nul_byte_is_refused_on_its_line(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	strstr(buf, "nr_dirty     49448")[4] = '\0';
	struct ml_error err;
	assert_int_equal(parse_error_line(buf, len, &err), 23);
	free(buf);
}

static void test_zoneinfo_every_97th_prefix_parses_or_is_refused(void **state)
{
	(void)state;
	static const char *const files[] = { VM618, NCOLLECTD, ARM64 };
	struct ml_zoneinfo zi;
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++)
		ml_test_every_prefix(parse, release, files[f], 97, &zi, NULL);
}

static void test_zoneinfo_free_is_safe_on_zeroed_and_twice(void **state)
{
	(void)state;
	struct ml_zoneinfo zi;
	memset(&zi, 0, sizeof(zi));
	ml_zoneinfo_free(&zi);
	ml_zoneinfo_free(NULL);
	parse_fixture(VM618, &zi);
	ml_zoneinfo_free(&zi);
	ml_zoneinfo_free(&zi);
	assert_null(zi.zones);
	assert_int_equal(zi.nzones, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zoneinfo_vm618_has_5_zones_including_empty_movable_and_device),
		cmocka_unit_test(test_zoneinfo_vm618_normal_managed_294912_of_5505024_present),
		cmocka_unit_test(test_zoneinfo_vm618_dma_protection_is_0_3019_4171_4171_4171),
		cmocka_unit_test(test_zoneinfo_vm618_pagesets_high_is_not_the_watermark),
		cmocka_unit_test(test_zoneinfo_vm618_per_node_stats_stay_out_of_the_dma_zone),
		cmocka_unit_test(test_zoneinfo_i386_3g_highmem_managed_562146_and_4_protection_entries),
		cmocka_unit_test(test_zoneinfo_arm64_dma_holds_16384_cma_pages),
		cmocka_unit_test(test_zoneinfo_jc_5_8_has_no_boost_or_cma_lines),
		cmocka_unit_test(test_zoneinfo_jc_handmade_two_node_file_with_unreclaimable_9_is_refused),
		cmocka_unit_test(test_zoneinfo_ncollectd_pre_4_8_keeps_node_counters_in_zones),
		cmocka_unit_test(test_zoneinfo_node_exporter_and_procfs_5x_parse),
		cmocka_unit_test(test_zoneinfo_2_6_15_hot_and_cold_lists_count_each_cpu_once),
		cmocka_unit_test(test_zoneinfo_2009_zone_counters_sit_before_protection),
		cmocka_unit_test(test_zoneinfo_crlf_parses_identically),
		cmocka_unit_test(test_zoneinfo_empty_input_is_refused),
		cmocka_unit_test(test_zoneinfo_cut_mid_line_is_refused_on_that_line),
		cmocka_unit_test(test_zoneinfo_cut_after_a_zone_header_is_refused),
		cmocka_unit_test(test_zoneinfo_garbage_numbers_are_refused_with_the_token),
		cmocka_unit_test(test_zoneinfo_duplicated_zone_is_refused),
		cmocka_unit_test(test_zoneinfo_node_coming_back_after_another_is_refused),
		cmocka_unit_test(test_zoneinfo_limits_are_enforced),
		cmocka_unit_test(test_zoneinfo_lines_out_of_place_are_refused),
		cmocka_unit_test(test_zoneinfo_nul_byte_is_refused_on_its_line),
		cmocka_unit_test(test_zoneinfo_every_97th_prefix_parses_or_is_refused),
		cmocka_unit_test(test_zoneinfo_free_is_safe_on_zeroed_and_twice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
