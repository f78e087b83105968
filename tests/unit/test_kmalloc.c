/* Unit tests of src/model/kmalloc.c (kernel-model §7.1–§7.3): the kmalloc
 * classes read from real slabinfo captures (x86_64 6.18, i386 6.1, arm64 6.1,
 * SLAB 2.6.11), the architecture defaults when slabinfo cannot be read, and
 * the size -> class lookup of kmalloc_slab().  Expected rows were read off
 * the files by hand (grep -n). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/kmalloc.h"
#include "parse/slabinfo.h"

#define X86 "captured/vm-6.18-x86_64/proc/slabinfo"
#define I386 "captured/qemu-i386-6.1-3g-highmem/proc/slabinfo"
#define ARM64 "captured/qemu-arm64-6.1-2g/proc/slabinfo"
#define SLAB56 "snippets/56-i386-4g-highmem-2.6.11-meminfo-slabinfo-slab/slabinfo"

static struct ml_slabinfo parse_fixture(const char *rel)
{
	size_t len;
	struct ml_slabinfo si;
	struct ml_error err = { 0 };
	char *buf = ml_test_read_fixture(rel, &len);
	if (ml_parse_slabinfo(buf, len, rel, &si, &err) != ML_OK)
		fail_msg("%s:%lu: %s", rel, err.line, err.message);
	free(buf);
	return si;
}

static void build(struct ml_kmalloc_table *t, const struct ml_slabinfo *si, uint64_t page_size,
		  const char *arch, int max_order)
{
	struct ml_error err = { 0 };
	if (ml_kmalloc_build(t, si, page_size, arch, max_order, &err) != ML_OK)
		fail_msg("build: %s", err.message);
}

static size_t count_family(const struct ml_kmalloc_table *t, const char *family)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n; i++)
		n += strcmp(t->classes[i].family, family) == 0;
	return n;
}

static const char *lookup_name(const struct ml_kmalloc_table *t, const char *family, uint64_t size)
{
	const struct ml_kmalloc_class *c = ml_kmalloc_lookup(t, family, size);
	return c ? c->cache : "(none)";
}

/* x86_64 6.18: 13 classes (8..8k with 96 and 192) in each of kmalloc, cg,
 * rcl and dma; kmalloc_buckets (SLAB_BUCKETS bookkeeping) is not a class. */
static void test_x86_618_has_13_classes_in_4_families(void **state)
{
	(void)state;
	struct ml_slabinfo si = parse_fixture(X86);
	struct ml_kmalloc_table t;
	build(&t, &si, 4096, "x86_64", 10);
	assert_true(t.from_slabinfo);
	assert_int_equal(t.n, 52);
	assert_int_equal(count_family(&t, "kmalloc"), 13);
	assert_int_equal(count_family(&t, "kmalloc-cg"), 13);
	assert_int_equal(count_family(&t, "kmalloc-rcl"), 13);
	assert_int_equal(count_family(&t, "dma-kmalloc"), 13);
	for (size_t i = 0; i < t.n; i++)
		assert_string_not_equal(t.classes[i].cache, "kmalloc_buckets");
	/* Sorted by family (kernel enum order: normal, rcl, dma, cg), then size. */
	assert_string_equal(t.classes[0].cache, "kmalloc-8");
	assert_string_equal(t.classes[4].cache, "kmalloc-96");
	assert_string_equal(t.classes[5].cache, "kmalloc-128");
	assert_string_equal(t.classes[6].cache, "kmalloc-192");
	assert_string_equal(t.classes[12].cache, "kmalloc-8k");
	assert_string_equal(t.classes[13].family, "kmalloc-rcl");
	assert_string_equal(t.classes[26].family, "dma-kmalloc");
	assert_string_equal(t.classes[39].family, "kmalloc-cg");
	assert_int_equal(t.min_size, 8);
	assert_int_equal(t.max_cache_size, 8192);       /* 2 pages */
	assert_int_equal(t.max_size, 4u << 20);         /* 4 KiB << 10 */
	/* Line 229: kmalloc-128 3776 3776 128 32 1 ... slabdata 118 118 0. */
	const struct ml_kmalloc_class *c = ml_kmalloc_lookup(&t, "kmalloc", 100);
	assert_non_null(c);
	assert_string_equal(c->cache, "kmalloc-128");
	assert_int_equal(c->size, 128);
	assert_true(c->in_slabinfo);
	assert_non_null(c->slab);
	assert_int_equal(c->slab->active_objs, 3776);
	assert_int_equal(c->slab->num_slabs, 118);
	assert_int_equal(c->slab->line, 229);
	/* Line 195: kmalloc-cg-192 273 273 192 21 1 ... 13 13. */
	c = ml_kmalloc_lookup(&t, "kmalloc-cg", 150);
	assert_non_null(c);
	assert_string_equal(c->cache, "kmalloc-cg-192");
	assert_int_equal(c->slab->num_objs, 273);
	ml_kmalloc_free(&t);
	ml_slabinfo_free(&si);
}

/* kernel-model §7.2 table and §12.3: 100 -> 128, 65..96 -> 96, 129..192 ->
 * 192, 193 -> 256, 8193 -> page allocator (NULL), 0 -> ZERO_SIZE_PTR (NULL). */
static void test_x86_lookup_follows_kmalloc_slab(void **state)
{
	(void)state;
	struct ml_slabinfo si = parse_fixture(X86);
	struct ml_kmalloc_table t;
	build(&t, &si, 4096, "x86_64", 10);
	assert_string_equal(lookup_name(&t, "kmalloc", 1), "kmalloc-8");
	assert_string_equal(lookup_name(&t, "kmalloc", 8), "kmalloc-8");
	assert_string_equal(lookup_name(&t, "kmalloc", 9), "kmalloc-16");
	assert_string_equal(lookup_name(&t, "kmalloc", 33), "kmalloc-64");
	assert_string_equal(lookup_name(&t, "kmalloc", 64), "kmalloc-64");
	assert_string_equal(lookup_name(&t, "kmalloc", 65), "kmalloc-96");
	assert_string_equal(lookup_name(&t, "kmalloc", 96), "kmalloc-96");
	assert_string_equal(lookup_name(&t, "kmalloc", 97), "kmalloc-128");
	assert_string_equal(lookup_name(&t, "kmalloc", 100), "kmalloc-128");
	assert_string_equal(lookup_name(&t, "kmalloc", 129), "kmalloc-192");
	assert_string_equal(lookup_name(&t, "kmalloc", 192), "kmalloc-192");
	assert_string_equal(lookup_name(&t, "kmalloc", 193), "kmalloc-256");
	assert_string_equal(lookup_name(&t, "kmalloc", 1025), "kmalloc-2k");
	assert_string_equal(lookup_name(&t, "kmalloc", 8192), "kmalloc-8k");
	assert_null(ml_kmalloc_lookup(&t, "kmalloc", 8193));
	assert_null(ml_kmalloc_lookup(&t, "kmalloc", 0));
	assert_string_equal(lookup_name(&t, "dma-kmalloc", 70), "dma-kmalloc-96");
	assert_string_equal(lookup_name(&t, "kmalloc-rcl", 4000), "kmalloc-rcl-4k");
	/* NULL family means the normal one; a family this kernel lacks falls
	 * back to it (random copies are absent on 6.18 without the option). */
	assert_string_equal(lookup_name(&t, NULL, 100), "kmalloc-128");
	assert_string_equal(lookup_name(&t, "kmalloc-rnd-01", 100), "kmalloc-128");
	ml_kmalloc_free(&t);
	ml_slabinfo_free(&si);
}

/* i386 6.1 (SLUB, 4 KiB): the same 13 sizes per family; line 161 kmalloc-96
 * 378 378 96 42 1 ... 9 9. */
static void test_i386_61_classes_and_rows(void **state)
{
	(void)state;
	struct ml_slabinfo si = parse_fixture(I386);
	struct ml_kmalloc_table t;
	build(&t, &si, 4096, "i686", 10);
	assert_int_equal(t.n, 52);
	assert_int_equal(count_family(&t, "kmalloc"), 13);
	assert_int_equal(t.min_size, 8);
	assert_int_equal(t.max_cache_size, 8192);
	assert_int_equal(t.max_size, 4u << 20);
	const struct ml_kmalloc_class *c = ml_kmalloc_lookup(&t, "kmalloc", 80);
	assert_non_null(c);
	assert_string_equal(c->cache, "kmalloc-96");
	assert_int_equal(c->slab->active_objs, 378);
	assert_int_equal(c->slab->num_slabs, 9);
	assert_int_equal(c->slab->line, 161);
	ml_kmalloc_free(&t);
	ml_slabinfo_free(&si);
}

/* arm64 6.1: ARCH_KMALLOC_MINALIGN = 128 (§7.2, "checked in 6.1"), so the
 * slabinfo has kmalloc-128 .. kmalloc-8k only: no 8, 16, 32, 64, 96 or 192,
 * in every family (7 classes x 4 families).  Everything up to 128 bytes
 * lands in kmalloc-128 (line 144: 6784 objects), 129..256 in kmalloc-256. */
static void test_arm64_61_has_no_class_below_128(void **state)
{
	(void)state;
	struct ml_slabinfo si = parse_fixture(ARM64);
	struct ml_kmalloc_table t;
	build(&t, &si, 4096, "aarch64", 10);
	assert_int_equal(t.n, 28);
	assert_int_equal(count_family(&t, "kmalloc"), 7);
	assert_int_equal(count_family(&t, "dma-kmalloc"), 7);
	assert_int_equal(t.min_size, 128);
	for (size_t i = 0; i < t.n; i++)
		assert_true(t.classes[i].size >= 128 && t.classes[i].size != 192);
	assert_string_equal(lookup_name(&t, "kmalloc", 8), "kmalloc-128");
	assert_string_equal(lookup_name(&t, "kmalloc", 70), "kmalloc-128");
	const struct ml_kmalloc_class *c = ml_kmalloc_lookup(&t, "kmalloc", 1);
	assert_int_equal(c->slab->active_objs, 6784);
	assert_int_equal(c->slab->line, 144);
	assert_string_equal(lookup_name(&t, "kmalloc", 150), "kmalloc-256");
	assert_string_equal(lookup_name(&t, "kmalloc-rcl", 20), "kmalloc-rcl-128");
	assert_int_equal(t.max_cache_size, 8192);
	assert_int_equal(t.max_size, 4u << 20);
	ml_kmalloc_free(&t);
	ml_slabinfo_free(&si);
}

/* SLAB 2.6.11 (snippet 56): "size-N" and "size-N(DMA)" caches up to 128 KiB
 * are the kmalloc and dma-kmalloc families; 32 is the smallest (SLAB's
 * SHIFT_LOW 5, §7.1 history), and kmalloc stops at the largest cache. */
static void test_slab_2611_size_caches_are_kmalloc_classes(void **state)
{
	(void)state;
	struct ml_slabinfo si = parse_fixture(SLAB56);
	struct ml_kmalloc_table t;
	build(&t, &si, 4096, "i686", -1);
	assert_int_equal(count_family(&t, "kmalloc"), 13);
	assert_int_equal(count_family(&t, "dma-kmalloc"), 13);
	assert_int_equal(t.min_size, 32);
	assert_int_equal(t.max_cache_size, 131072);
	assert_string_equal(lookup_name(&t, "kmalloc", 100), "size-128");
	assert_string_equal(lookup_name(&t, "kmalloc", 150), "size-256");   /* no size-192 in 2.6.11 */
	assert_string_equal(lookup_name(&t, "dma-kmalloc", 5), "size-32(DMA)");
	assert_null(ml_kmalloc_lookup(&t, "kmalloc", 131073));
	ml_kmalloc_free(&t);
	ml_slabinfo_free(&si);
}

/* Names this model must read (§7.2, §7.3): k/M suffixes, random copies;
 * names it must not take for classes. */
static void test_names_with_suffixes_random_copies_and_non_classes(void **state)
{
	(void)state;
	static const char text[] =
		"slabinfo - version: 2.1\n"
		"# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n"
		"kmalloc-rnd-15-256      16     16    256   16    1 : tunables    0    0    0 : slabdata      1      1      0\n"
		"kmalloc-rnd-03-8k        4      4   8192    4    8 : tunables    0    0    0 : slabdata      1      1      0\n"
		"kmalloc-2M               0      0 2097152   1  512 : tunables    0    0    0 : slabdata      0      0      0\n"
		"kmalloc-128k             0      0 131072    1   32 : tunables    0    0    0 : slabdata      0      0      0\n"
		"kmalloc-256             16     16    256   16    1 : tunables    0    0    0 : slabdata      1      1      0\n"
		"kmalloc_buckets          0      0    128   32    1 : tunables    0    0    0 : slabdata      0      0      0\n"
		"memdup_user-64           0      0     64   64    1 : tunables    0    0    0 : slabdata      0      0      0\n"
		"kmalloc-100              0      0    104   39    1 : tunables    0    0    0 : slabdata      0      0      0\n"
		"kmalloc-rnd-x1-64        0      0     64   64    1 : tunables    0    0    0 : slabdata      0      0      0\n"
		"kmalloc-4                0      0      8  512    1 : tunables    0    0    0 : slabdata      0      0      0\n"
		"kmalloc-                 0      0      8  512    1 : tunables    0    0    0 : slabdata      0      0      0\n"
		"size-64(DMA             0      0     64   64    1 : tunables    0    0    0 : slabdata      0      0      0\n";
	struct ml_slabinfo si;
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_slabinfo(text, sizeof(text) - 1, "t", &si, &err), ML_OK);
	struct ml_kmalloc_table t;
	build(&t, &si, 65536, "aarch64", 13);
	assert_int_equal(t.n, 5);
	assert_string_equal(t.classes[0].cache, "kmalloc-256");
	assert_string_equal(t.classes[1].cache, "kmalloc-128k");
	assert_int_equal(t.classes[1].size, 131072);
	assert_string_equal(t.classes[2].cache, "kmalloc-2M");
	assert_int_equal(t.classes[2].size, 2u << 20);
	assert_string_equal(t.classes[3].family, "kmalloc-rnd-03");
	assert_int_equal(t.classes[3].size, 8192);
	assert_string_equal(t.classes[4].family, "kmalloc-rnd-15");
	/* 64 KiB pages: 2 pages = 128 KiB, but a kmalloc-2M row raises it. */
	assert_int_equal(t.max_cache_size, 2u << 20);
	assert_int_equal(t.max_size, 512u << 20);
	assert_string_equal(lookup_name(&t, "kmalloc-rnd-15", 10), "kmalloc-rnd-15-256");
	ml_kmalloc_free(&t);
	ml_slabinfo_free(&si);
}

/* Defaults without slabinfo (§7.1, §7.2). */
static void test_defaults_x86_64_and_i686(void **state)
{
	(void)state;
	static const char *const arches[] = { "x86_64", "i686" };
	for (int a = 0; a < 2; a++) {
		struct ml_kmalloc_table t;
		build(&t, NULL, 4096, arches[a], -1);
		assert_false(t.from_slabinfo);
		assert_int_equal(t.n, 13);
		static const uint64_t want[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192 };
		for (size_t i = 0; i < 13; i++) {
			assert_int_equal(t.classes[i].size, want[i]);
			assert_string_equal(t.classes[i].family, "kmalloc");
			assert_false(t.classes[i].in_slabinfo);
			assert_null(t.classes[i].slab);
		}
		assert_string_equal(t.classes[9].cache, "kmalloc-1k");
		assert_int_equal(t.min_size, 8);
		assert_int_equal(t.max_cache_size, 8192);
		assert_int_equal(t.max_size, 4u << 20);
		assert_string_equal(lookup_name(&t, "kmalloc", 100), "kmalloc-128");
		assert_string_equal(lookup_name(&t, "kmalloc-cg", 70), "kmalloc-96");
		ml_kmalloc_free(&t);
	}
}

/* arm64 defaults: 64-byte minimum (8/16/32 -> 64, 96 -> 128, 192 kept);
 * 16K and 64K pages raise KMALLOC_SHIFT_HIGH and MAX_PAGE_ORDER (§7.1). */
static void test_defaults_arm64_page_sizes(void **state)
{
	(void)state;
	struct ml_kmalloc_table t;
	build(&t, NULL, 4096, "aarch64", -1);
	assert_int_equal(t.min_size, 64);
	assert_int_equal(t.n, 9);  /* 64 128 192 256 512 1k 2k 4k 8k */
	assert_string_equal(lookup_name(&t, "kmalloc", 20), "kmalloc-64");
	assert_string_equal(lookup_name(&t, "kmalloc", 70), "kmalloc-128");
	assert_string_equal(lookup_name(&t, "kmalloc", 150), "kmalloc-192");
	assert_int_equal(t.max_cache_size, 8192);
	assert_int_equal(t.max_size, 4u << 20);
	ml_kmalloc_free(&t);

	build(&t, NULL, 16384, "aarch64", -1);
	assert_int_equal(t.max_cache_size, 32768);
	assert_int_equal(t.max_size, 32u << 20);        /* 16 KiB << 11 */
	assert_string_equal(t.classes[t.n - 1].cache, "kmalloc-32k");
	ml_kmalloc_free(&t);

	build(&t, NULL, 65536, "aarch64", -1);
	assert_int_equal(t.max_cache_size, 131072);
	assert_int_equal(t.max_size, 512u << 20);       /* 64 KiB << 13 */
	assert_string_equal(lookup_name(&t, "kmalloc", 100000), "kmalloc-128k");
	assert_null(ml_kmalloc_lookup(&t, "kmalloc", 131073));
	ml_kmalloc_free(&t);

	/* buddyinfo's order wins over the default. */
	build(&t, NULL, 4096, "aarch64", 12);
	assert_int_equal(t.max_size, 16u << 20);
	ml_kmalloc_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_x86_618_has_13_classes_in_4_families),
		cmocka_unit_test(test_x86_lookup_follows_kmalloc_slab),
		cmocka_unit_test(test_i386_61_classes_and_rows),
		cmocka_unit_test(test_arm64_61_has_no_class_below_128),
		cmocka_unit_test(test_slab_2611_size_caches_are_kmalloc_classes),
		cmocka_unit_test(test_names_with_suffixes_random_copies_and_non_classes),
		cmocka_unit_test(test_defaults_x86_64_and_i686),
		cmocka_unit_test(test_defaults_arm64_page_sizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
