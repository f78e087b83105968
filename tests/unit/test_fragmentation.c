/* Unit tests of src/analyse/fragmentation.c (kernel-model §6).
 *
 * The acceptance test: for every captured snapshot, the indices computed from
 * its /proc/buddyinfo and printed with ml_format_index() equal, cell by cell,
 * what the kernel wrote to debugfs extfrag/unusable_index and
 * extfrag/extfrag_index in the same snapshot.  buddyinfo is read here with a
 * tiny sscanf loop on purpose: this file tests the arithmetic, not the
 * buddyinfo parser. */
#include "testutil.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/fragmentation.h"

#define MAXCOLS 32
#define MAXROWS 16

/* One "Node N, zone NAME  v0 v1 ..." row of buddyinfo or of an extfrag file. */
struct row {
	int node;
	char zone[16];
	int ncols;
	uint64_t blocks[MAXCOLS];      /* buddyinfo */
	char cell[MAXCOLS][16];        /* extfrag files: the text of each cell */
};

/* Read the rows of a "Node %d, zone %s ..." file; numeric picks buddyinfo
 * counts (else cells are kept as text). */
static int read_rows(const char *rel, int numeric, struct row *rows)
{
	size_t len;
	char *buf = ml_test_read_fixture(rel, &len);
	int nrows = 0;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		struct row *r = &rows[nrows];
		int pos = 0;
		memset(r, 0, sizeof(*r));
		if (sscanf(line, "Node %d, zone %15s%n", &r->node, r->zone, &pos) != 2)
			fail_msg("%s: not a zone row: '%s'", rel, line);
		char *p = line + pos;
		int used;
		while (r->ncols < MAXCOLS) {
			if (numeric) {
				if (sscanf(p, "%" SCNu64 "%n", &r->blocks[r->ncols], &used) != 1)
					break;
			} else {
				if (sscanf(p, "%15s%n", r->cell[r->ncols], &used) != 1)
					break;
			}
			r->ncols++;
			p += used;
		}
		assert_true(r->ncols > 0);
		if (++nrows == MAXROWS)
			break;
	}
	free(buf);
	return nrows;
}

static void fmt(int v, char *buf)
{
	ml_format_index(v, buf, 16);
}

/* Every zone, every order of one snapshot; returns the number of cells. */
static int check_snapshot(const char *dir)
{
	char path[256];
	struct row buddy[MAXROWS], unus[MAXROWS], ext[MAXROWS];
	snprintf(path, sizeof(path), "captured/%s/proc/buddyinfo", dir);
	int nb = read_rows(path, 1, buddy);
	snprintf(path, sizeof(path), "captured/%s/sys/kernel/debug/extfrag/unusable_index", dir);
	int nu = read_rows(path, 0, unus);
	snprintf(path, sizeof(path), "captured/%s/sys/kernel/debug/extfrag/extfrag_index", dir);
	int ne = read_rows(path, 0, ext);
	assert_true(nb > 0);
	assert_int_equal(nu, nb);
	assert_int_equal(ne, nb);

	int cells = 0;
	char got[16];
	for (int z = 0; z < nb; z++) {
		const struct row *b = &buddy[z];
		assert_int_equal(unus[z].node, b->node);
		assert_string_equal(unus[z].zone, b->zone);
		assert_int_equal(ext[z].node, b->node);
		assert_string_equal(ext[z].zone, b->zone);
		assert_int_equal(unus[z].ncols, b->ncols);
		assert_int_equal(ext[z].ncols, b->ncols);
		for (int j = 0; j < b->ncols; j++) {
			fmt(ml_unusable_index(b->blocks, b->ncols, j), got);
			if (strcmp(got, unus[z].cell[j]) != 0)
				fail_msg("%s node %d zone %s order %d: unusable %s, debugfs %s", dir,
					 b->node, b->zone, j, got, unus[z].cell[j]);
			fmt(ml_extfrag_index(b->blocks, b->ncols, j), got);
			if (strcmp(got, ext[z].cell[j]) != 0)
				fail_msg("%s node %d zone %s order %d: extfrag %s, debugfs %s", dir,
					 b->node, b->zone, j, got, ext[z].cell[j]);
			cells += 2;
		}
	}
	return cells;
}

/* ---- the kernel's own figures, every captured snapshot ---- */

static void test_vm_6_18_x86_64_indices_equal_debugfs_for_every_zone_and_order(void **state)
{
	(void)state;
	assert_int_equal(check_snapshot("vm-6.18-x86_64"), 3 * 11 * 2);
}

static void test_i386_3g_highmem_indices_equal_debugfs_for_every_zone_and_order(void **state)
{
	(void)state;
	assert_int_equal(check_snapshot("qemu-i386-6.1-3g-highmem"), 3 * 11 * 2);
}

static void test_i386_vmalloc4m_indices_equal_debugfs_for_every_zone_and_order(void **state)
{
	(void)state;
	assert_int_equal(check_snapshot("qemu-i386-6.1-3g-vmalloc4m-vmap-failure"), 3 * 11 * 2);
}

static void test_i386_768m_indices_equal_debugfs_for_every_zone_and_order(void **state)
{
	(void)state;
	assert_int_equal(check_snapshot("qemu-i386-6.1-768m"), 2 * 11 * 2);
}

static void test_arm64_2g_indices_equal_debugfs_for_its_single_dma_zone(void **state)
{
	(void)state;
	assert_int_equal(check_snapshot("qemu-arm64-6.1-2g"), 1 * 11 * 2);
}

/* ---- worked by hand ---- */

/* vm-6.18 DMA: "0 0 0 0 0 0 0 0 1 1 3"
 *   free_pages = 1×256 + 1×512 + 3×1024 = 3840, free_blocks_total = 5
 *   order 9:  suitable = 1 + 3×2 = 7, usable 7×512 = 3584,
 *             U = (3840 − 3584) × 1000 / 3840 = 256000 / 3840 = 66.6 → 66  "0.066"
 *   order 10: suitable = 3, usable 3072, U = 768000 / 3840 = 200          "0.200"
 *   order 8:  suitable = 1 + 2 + 12 = 15, usable 3840, U = 0              "0.000"
 *   extfrag:  a block of every order up to 10 exists → −1000              "-1.000" */
static const uint64_t vm618_dma[11] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3 };

static void test_vm_6_18_dma_order9_unusable_is_0_066(void **state)
{
	(void)state;
	struct ml_contig_info ci;
	ml_contig_info(vm618_dma, 11, 9, &ci);
	assert_int_equal(ci.free_pages, 3840);
	assert_int_equal(ci.free_blocks_total, 5);
	assert_int_equal(ci.free_blocks_suitable, 7);
	assert_int_equal(ml_unusable_index(vm618_dma, 11, 9), 66);
	assert_int_equal(ml_unusable_index(vm618_dma, 11, 10), 200);
	assert_int_equal(ml_unusable_index(vm618_dma, 11, 8), 0);
	assert_int_equal(ml_unusable_index(vm618_dma, 11, 0), 0);
	char buf[16];
	fmt(ml_unusable_index(vm618_dma, 11, 9), buf);
	assert_string_equal(buf, "0.066");
	fmt(ml_extfrag_index(vm618_dma, 11, 10), buf);
	assert_string_equal(buf, "-1.000");
}

/* vm-6.18 Normal: "486 604 351 193 53 20 18 12 3 1 89"
 *   free_pages = 486 + 1208 + 1404 + 1544 + 848 + 640 + 1152 + 1536 + 768 + 512 + 91136 = 101234
 *   order 1:  only the 486 single pages are unusable: 486000 / 101234 = 4.8 → 4       "0.004"
 *   order 10: usable 89×1024 = 91136, unusable 10098: 10098000 / 101234 = 99.7 → 99 "0.099" */
static void test_vm_6_18_normal_unusable_order1_and_order10(void **state)
{
	(void)state;
	static const uint64_t b[11] = { 486, 604, 351, 193, 53, 20, 18, 12, 3, 1, 89 };
	struct ml_contig_info ci;
	ml_contig_info(b, 11, 10, &ci);
	assert_int_equal(ci.free_pages, 101234);
	assert_int_equal(ci.free_blocks_total, 1830);
	assert_int_equal(ci.free_blocks_suitable, 89);
	assert_int_equal(ml_unusable_index(b, 11, 1), 4);
	assert_int_equal(ml_unusable_index(b, 11, 10), 99);
}

/* A zone with no free page at all: §6.2 says unusable 1000 ("all free memory
 * is unusable", by definition) and extfrag 0 (free_blocks_total == 0). */
static void test_zone_with_no_free_pages_is_1000_unusable_and_0_extfrag(void **state)
{
	(void)state;
	static const uint64_t empty[11] = { 0 };
	char buf[16];
	for (int j = 0; j < 11; j++) {
		assert_int_equal(ml_unusable_index(empty, 11, j), 1000);
		assert_int_equal(ml_extfrag_index(empty, 11, j), 0);
	}
	fmt(ml_unusable_index(empty, 11, 3), buf);
	assert_string_equal(buf, "1.000");
	fmt(ml_extfrag_index(empty, 11, 3), buf);
	assert_string_equal(buf, "0.000");
	struct ml_contig_info ci;
	ml_contig_info(empty, 11, 0, &ci);
	assert_int_equal(ci.free_pages, 0);
	assert_int_equal(ci.free_blocks_total, 0);
	assert_int_equal(ci.free_blocks_suitable, 0);
}

/* kernel-model §9.4, Normal: "15210 9877 5120 2304 801 233 57 11 3 0 0"
 *   free_pages = 15210 + 19754 + 20480 + 18432 + 12816 + 7456 + 3648 + 1408 + 768 = 99972
 *   free_blocks_total = 33616, nothing at order 9 or 10 → suitable(10) = 0
 *   F = 1000 − (1000 + 99972000 / 1024) / 33616 = 1000 − (1000 + 97628) / 33616
 *     = 1000 − 2 = 998                                                      "0.998"
 * DMA32: "812 655 430 301 188 95 40 17 6 2 0": free 19594, total 2546
 *   F = 1000 − (1000 + 19594000 / 1024) / 2546 = 1000 − 20134 / 2546 = 1000 − 7 = 993 */
static void test_reference_9_4_normal_order10_extfrag_is_0_998(void **state)
{
	(void)state;
	static const uint64_t normal[11] = { 15210, 9877, 5120, 2304, 801, 233, 57, 11, 3, 0, 0 };
	static const uint64_t dma32[11] = { 812, 655, 430, 301, 188, 95, 40, 17, 6, 2, 0 };
	struct ml_contig_info ci;
	ml_contig_info(normal, 11, 10, &ci);
	assert_int_equal(ci.free_pages, 99972);
	assert_int_equal(ci.free_blocks_total, 33616);
	assert_int_equal(ci.free_blocks_suitable, 0);
	assert_int_equal(ml_extfrag_index(normal, 11, 10), 998);
	char buf[16];
	fmt(ml_extfrag_index(normal, 11, 10), buf);
	assert_string_equal(buf, "0.998");
	/* order 8 still has its three blocks: not a fragmentation failure */
	assert_int_equal(ml_extfrag_index(normal, 11, 8), -1000);
	ml_contig_info(dma32, 11, 10, &ci);
	assert_int_equal(ci.free_pages, 19594);
	assert_int_equal(ci.free_blocks_total, 2546);
	assert_int_equal(ml_extfrag_index(dma32, 11, 10), 993);
	/* and none of its 99972 free pages is usable for order 10 */
	assert_int_equal(ml_unusable_index(normal, 11, 10), 1000);
}

/* snippets/50 (i386 2.6.38) HighMem: "657 3474 1338 873 254 12 0 0 0 0 0"
 *   free_pages = 657 + 6948 + 5352 + 6984 + 4064 + 384 = 24389, total 6608
 *   order 6:  F = 1000 − (1000 + 24389000/64) / 6608   = 1000 − 382078/6608 = 1000 − 57 = 943
 *   order 9:  F = 1000 − (1000 + 24389000/512) / 6608  = 1000 − 48634/6608  = 1000 − 7  = 993
 *   order 10: F = 1000 − (1000 + 24389000/1024) / 6608 = 1000 − 24817/6608  = 1000 − 3  = 997
 *   order 5:  12 blocks of order 5 exist → −1000; unusable at order 6+ → 1000 */
static void test_i386_2_6_38_highmem_extfrag_where_nothing_above_order5_is_free(void **state)
{
	(void)state;
	static const uint64_t b[11] = { 657, 3474, 1338, 873, 254, 12, 0, 0, 0, 0, 0 };
	assert_int_equal(ml_extfrag_index(b, 11, 5), -1000);
	assert_int_equal(ml_extfrag_index(b, 11, 6), 943);
	assert_int_equal(ml_extfrag_index(b, 11, 9), 993);
	assert_int_equal(ml_extfrag_index(b, 11, 10), 997);
	assert_int_equal(ml_unusable_index(b, 11, 6), 1000);
	/* order 5: usable 12×32 = 384: (24389 − 384) × 1000 / 24389 = 984.2 → 984 */
	assert_int_equal(ml_unusable_index(b, 11, 5), 984);
}

/* A zone whose only free block is one page: at order 1, F = 1000 − (1000 +
 * 1×1000/2)/1 = −500.  The formula goes below zero whenever the zone holds a
 * single free block; the kernel returns the same −500 and debugfs prints it
 * with "%d.%03d" as "0.-500". */
static void test_single_free_page_gives_negative_extfrag_printed_like_the_kernel(void **state)
{
	(void)state;
	static const uint64_t one[11] = { 1 };
	assert_int_equal(ml_extfrag_index(one, 11, 0), -1000);
	assert_int_equal(ml_extfrag_index(one, 11, 1), -500);
	assert_int_equal(ml_extfrag_index(one, 11, 10), 0);    /* 1000 − (1000 + 1000/1024)/1 */
	char buf[16];
	fmt(ml_extfrag_index(one, 11, 1), buf);
	assert_string_equal(buf, "0.-500");
	/* one order-3 block asked for at order 5: 1000 − (1000 + 8000/32) = −250 */
	static const uint64_t o3[11] = { 0, 0, 0, 1 };
	assert_int_equal(ml_extfrag_index(o3, 11, 5), -250);
	/* two blocks are enough to stay at or above 0 */
	static const uint64_t two[11] = { 2 };
	assert_int_equal(ml_extfrag_index(two, 11, 1), 0);   /* 1000 − (1000 + 1000)/2 */
}

/* The kernel returns 0 (with a WARN) for an order above MAX_PAGE_ORDER; here
 * that is any order without a column.  The unusable index has no such check
 * in the kernel: no block can be of a missing order, so it is 1000. */
static void test_order_beyond_the_last_column(void **state)
{
	(void)state;
	assert_int_equal(ml_extfrag_index(vm618_dma, 11, 11), 0);
	assert_int_equal(ml_extfrag_index(vm618_dma, 11, 64), 0);
	assert_int_equal(ml_extfrag_index(vm618_dma, 11, -1), 0);
	assert_int_equal(ml_unusable_index(vm618_dma, 11, 11), 1000);
	assert_int_equal(ml_unusable_index(vm618_dma, 11, 200), 1000);
	struct ml_contig_info ci;
	ml_contig_info(vm618_dma, 11, 11, &ci);
	assert_int_equal(ci.free_pages, 3840);
	assert_int_equal(ci.free_blocks_suitable, 0);
	/* fewer columns: the order-10 blocks are not seen */
	assert_int_equal(ml_extfrag_index(vm618_dma, 10, 10), 0);
	/* free 256 + 512 = 768, usable at order 9: 512 → 256000 / 768 = 333 */
	assert_int_equal(ml_unusable_index(vm618_dma, 10, 9), 333);
	ml_contig_info(vm618_dma, 0, 0, &ci);
	assert_int_equal(ci.free_pages, 0);
}

/* §6.1's nr_free[k] << (k − j): with huge counts the products leave 64 bits.
 * The results must be exact where the mathematics fits and in range where it
 * does not, with no undefined behaviour (this runs under UBSan). */
static void test_huge_counts_are_exact_or_saturate_without_overflow(void **state)
{
	(void)state;
	/* 2^62 single pages + 2^52 blocks of order 10 = 2^63 pages: half of them
	 * unusable at order 10 → exactly 500, although 2^62 × 1000 > 2^64. */
	uint64_t b[11] = { 0 };
	b[0] = UINT64_C(1) << 62;
	b[10] = UINT64_C(1) << 52;
	assert_int_equal(ml_unusable_index(b, 11, 10), 500);
	assert_int_equal(ml_extfrag_index(b, 11, 10), -1000);
	/* 2^62 pages + 2^52 order-9 blocks, order 10: nothing suitable;
	 * F = 1000 − (1000 + 3·2^61·1000/1024) / (2^62 + 2^52) = 1000 − 1 = 999 */
	b[10] = 0;
	b[9] = UINT64_C(1) << 52;
	assert_int_equal(ml_extfrag_index(b, 11, 10), 999);
	/* every count at the maximum: sums saturate, indices stay in range */
	uint64_t max[11];
	for (int k = 0; k < 11; k++)
		max[k] = UINT64_MAX;
	struct ml_contig_info ci;
	ml_contig_info(max, 11, 3, &ci);
	assert_true(ci.free_pages == UINT64_MAX);
	assert_true(ci.free_blocks_total == UINT64_MAX);
	for (int j = 0; j < 11; j++) {
		int u = ml_unusable_index(max, 11, j), f = ml_extfrag_index(max, 11, j);
		assert_in_range(u, 0, 1000);
		assert_int_equal(f, -1000);
	}
	/* 70 columns: shifts of 64 and more must not be undefined behaviour */
	uint64_t wide[70] = { 0 };
	wide[69] = 1;
	wide[0] = 5;
	for (int j = 0; j < 70; j++) {
		int u = ml_unusable_index(wide, 70, j), f = ml_extfrag_index(wide, 70, j);
		assert_in_range(u, 0, 1000);
		assert_int_equal(f, -1000);
	}
	uint64_t low[70] = { 0 };
	low[0] = 3;
	assert_int_equal(ml_extfrag_index(low, 70, 69), 1000 - 1000 / 3);  /* 1000·3/2^69 → 0 */
}

static void test_format_index_like_debugfs(void **state)
{
	(void)state;
	char buf[16];
	static const struct { int v; const char *s; } cases[] = {
		{ 0, "0.000" }, { 66, "0.066" }, { 998, "0.998" }, { 1000, "1.000" },
		{ -1000, "-1.000" }, { 5, "0.005" }, { 200, "0.200" }, { -500, "0.-500" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fmt(cases[i].v, buf);
		assert_string_equal(buf, cases[i].s);
	}
	/* a short buffer is cut and still terminated; n = 0 writes nothing */
	memset(buf, 'x', sizeof(buf));
	ml_format_index(66, buf, 4);
	assert_string_equal(buf, "0.0");
	memset(buf, 'x', sizeof(buf));
	ml_format_index(66, buf, 0);
	assert_int_equal(buf[0], 'x');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vm_6_18_x86_64_indices_equal_debugfs_for_every_zone_and_order),
		cmocka_unit_test(test_i386_3g_highmem_indices_equal_debugfs_for_every_zone_and_order),
		cmocka_unit_test(test_i386_vmalloc4m_indices_equal_debugfs_for_every_zone_and_order),
		cmocka_unit_test(test_i386_768m_indices_equal_debugfs_for_every_zone_and_order),
		cmocka_unit_test(test_arm64_2g_indices_equal_debugfs_for_its_single_dma_zone),
		cmocka_unit_test(test_vm_6_18_dma_order9_unusable_is_0_066),
		cmocka_unit_test(test_vm_6_18_normal_unusable_order1_and_order10),
		cmocka_unit_test(test_zone_with_no_free_pages_is_1000_unusable_and_0_extfrag),
		cmocka_unit_test(test_reference_9_4_normal_order10_extfrag_is_0_998),
		cmocka_unit_test(test_i386_2_6_38_highmem_extfrag_where_nothing_above_order5_is_free),
		cmocka_unit_test(test_single_free_page_gives_negative_extfrag_printed_like_the_kernel),
		cmocka_unit_test(test_order_beyond_the_last_column),
		cmocka_unit_test(test_huge_counts_are_exact_or_saturate_without_overflow),
		cmocka_unit_test(test_format_index_like_debugfs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
