/* /proc/pagetypeinfo parser (kernel-model §11.2, §3.8) on real captures,
 * and on malformed text made from them in each test. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "parse/pagetypeinfo.h"

#define VM618 "captured/vm-6.18-x86_64/proc/pagetypeinfo"
#define I386_3G "captured/qemu-i386-6.1-3g-highmem/proc/pagetypeinfo"
#define ARM64 "captured/qemu-arm64-6.1-2g/proc/pagetypeinfo"
#define SNIP54_CAPPED "snippets/54-x86_64-pagetypeinfo-beats-cma-and-capped/pagetypeinfo.capped-100000"
#define SNIP54_CMA "snippets/54-x86_64-pagetypeinfo-beats-cma-and-capped/pagetypeinfo.cma-column"
#define SNIP55 "snippets/55-x86_64-numa2-pagetypeinfo-mirror-reserve-2015/pagetypeinfo.quoted.txt"
#define SNIP59 "snippets/59-lge-1g-3.16-normal-only-pagetypeinfo-buddyinfo/snapshot1-pagetypeinfo+buddyinfo.txt"

/* The parser as testutil's helpers take it. */
static int parse(const char *text, size_t len, const char *file, void *out, struct ml_error *err)
{
	return ml_parse_pagetypeinfo(text, len, file, out, err);
}

static void release(void *out)
{
	ml_pagetypeinfo_free(out);
}

static void parse_text(const char *text, size_t len, const char *name, struct ml_pagetypeinfo *pt)
{
	ml_test_parse_ok(parse, text, len, name, pt);
}

static void parse_fixture(const char *rel, struct ml_pagetypeinfo *pt)
{
	ml_test_parse_fixture(parse, rel, pt);
}

static const struct ml_pagetype_row *free_row(const struct ml_pagetypeinfo *pt, int node,
					      const char *zone, const char *type)
{
	int t = ml_pagetypeinfo_type(pt, type);
	for (size_t i = 0; i < pt->nfree; i++)
		if (pt->free[i].node == node && pt->free[i].type == t &&
		    strcmp(pt->free[i].zone, zone) == 0)
			return &pt->free[i];
	fail_msg("no free row for node %d zone %s type %s", node, zone, type);
	return NULL;
}

/* Pageblocks of a type in a zone. */
static uint64_t blocks(const struct ml_pagetypeinfo *pt, int node, const char *zone, const char *type)
{
	int t = ml_pagetypeinfo_type(pt, type);
	assert_true(t >= 0);
	for (size_t i = 0; i < pt->nblocks; i++)
		if (pt->blocks[i].node == node && strcmp(pt->blocks[i].zone, zone) == 0) {
			assert_true(pt->blocks[i].has[t]);
			return pt->blocks[i].count[t];
		}
	fail_msg("no blocks row for node %d zone %s", node, zone);
	return 0;
}

/* Snippet 55 is a capture quoted in a mail: drop the first line (the
 * shell prompt) and the "> " quote prefix to get the file back (its
 * truth.md says so). */
static char *unquoted_snippet55(size_t *len)
{
	size_t n;
	char *buf = ml_test_read_fixture(SNIP55, &n);
	char *out = malloc(n + 1);
	const char *p = strchr(buf, '\n') + 1;
	size_t k = 0;
	while (*p) {
		if (p[0] == '>')
			p += p[1] == ' ' ? 2 : 1;
		while (*p && *p != '\n')
			out[k++] = *p++;
		if (*p == '\n')
			out[k++] = *p++;
	}
	out[k] = '\0';
	*len = k;
	free(buf);
	return out;
}

static unsigned long parse_error_line(const char *text, size_t len, struct ml_error *err)
{
	struct ml_pagetypeinfo pt;
	unsigned long line = ml_test_error_line(parse, text, len, "pagetypeinfo", &pt, err);
	assert_null(pt.free);
	assert_null(pt.blocks);
	ml_pagetypeinfo_free(&pt);
	return line;
}

static void test_pagetypeinfo_vm618_pageblock_order_9_of_512_pages(void **state)
{
	(void)state;
	struct ml_pagetypeinfo pt;
	parse_fixture(VM618, &pt);
	assert_int_equal(pt.pageblock_order, 9);
	assert_int_equal(pt.pages_per_block, 512);
	assert_int_equal(pt.norders, 11);
	ml_pagetypeinfo_free(&pt);
}

static void test_pagetypeinfo_vm618_types_in_printed_order(void **state)
{
	(void)state;
	struct ml_pagetypeinfo pt;
	parse_fixture(VM618, &pt);
	assert_int_equal(pt.ntypes, 5);
	assert_string_equal(pt.type_names[0], "Unmovable");
	assert_string_equal(pt.type_names[1], "Movable");
	assert_string_equal(pt.type_names[2], "Reclaimable");
	assert_string_equal(pt.type_names[3], "HighAtomic");
	assert_string_equal(pt.type_names[4], "Isolate");
	assert_int_equal(ml_pagetypeinfo_type(&pt, "CMA"), -1);
	assert_int_equal(ml_pagetypeinfo_type(&pt, "Isolate"), 4);
	/* 3 zones x 5 types. */
	assert_int_equal(pt.nfree, 15);
	assert_int_equal(pt.nblocks, 3);
	ml_pagetypeinfo_free(&pt);
}

static void test_pagetypeinfo_vm618_normal_movable_pageblocks_503(void **state)
{
	(void)state;
	struct ml_pagetypeinfo pt;
	parse_fixture(VM618, &pt);
	assert_int_equal(blocks(&pt, 0, "Normal", "Movable"), 503);
	assert_int_equal(blocks(&pt, 0, "Normal", "Unmovable"), 40);
	assert_int_equal(blocks(&pt, 0, "Normal", "Reclaimable"), 33);
	assert_int_equal(blocks(&pt, 0, "DMA32", "Movable"), 1528);
	assert_int_equal(blocks(&pt, 0, "DMA", "Movable"), 7);
	assert_int_equal(pt.blocks[2].line, 24);
	ml_pagetypeinfo_free(&pt);
}

static void test_pagetypeinfo_vm618_normal_type_rows_sum_to_buddyinfo_row(void **state)
{
	(void)state;
	struct ml_pagetypeinfo pt;
	parse_fixture(VM618, &pt);
	/* §3.8: the per-type rows of a zone add up to its buddyinfo row; the
	 * same capture's buddyinfo reads Normal 486 604 351 193 53 20 18 12 3 1 89. */
	static const uint64_t buddy[11] = { 486, 604, 351, 193, 53, 20, 18, 12, 3, 1, 89 };
	for (int k = 0; k < pt.norders; k++) {
		uint64_t sum = 0;
		for (int t = 0; t < pt.ntypes; t++)
			sum += free_row(&pt, 0, "Normal", pt.type_names[t])->blocks[k];
		assert_int_equal(sum, buddy[k]);
	}
	const struct ml_pagetype_row *m = free_row(&pt, 0, "Normal", "Movable");
	assert_int_equal(m->blocks[10], 89);
	assert_int_equal(m->capped, 0);
	assert_int_equal(m->line, 16);
	ml_pagetypeinfo_free(&pt);
}

static void test_pagetypeinfo_i386_3g_pageblock_order_10_and_highmem(void **state)
{
	(void)state;
	struct ml_pagetypeinfo pt;
	parse_fixture(I386_3G, &pt);
	/* i386 without PAE: huge pages are 4 MiB, so pageblocks are order 10. */
	assert_int_equal(pt.pageblock_order, 10);
	assert_int_equal(pt.pages_per_block, 1024);
	assert_int_equal(blocks(&pt, 0, "HighMem", "Movable"), 546);
	assert_int_equal(blocks(&pt, 0, "Normal", "Movable"), 209);
	assert_int_equal(free_row(&pt, 0, "HighMem", "Movable")->blocks[10], 541);
	ml_pagetypeinfo_free(&pt);
}

static void test_pagetypeinfo_arm64_cma_type_has_32_pageblocks(void **state)
{
	(void)state;
	struct ml_pagetypeinfo pt;
	parse_fixture(ARM64, &pt);
	assert_int_equal(pt.ntypes, 6);
	/* §3.1: CMA sits between HighAtomic and Isolate. */
	assert_int_equal(ml_pagetypeinfo_type(&pt, "CMA"), 4);
	assert_int_equal(ml_pagetypeinfo_type(&pt, "Isolate"), 5);
	assert_int_equal(blocks(&pt, 0, "DMA", "CMA"), 32);
	assert_int_equal(blocks(&pt, 0, "DMA", "Movable"), 941);
	assert_int_equal(free_row(&pt, 0, "DMA", "CMA")->blocks[10], 15);
	assert_int_equal(free_row(&pt, 0, "DMA", "Movable")->blocks[10], 457);
	ml_pagetypeinfo_free(&pt);
}

static void test_pagetypeinfo_snippet54_capped_cell_sets_the_bit(void **state)
{
	(void)state;
	struct ml_pagetypeinfo pt;
	/* No trailing blanks and no final newline in this capture. */
	parse_fixture(SNIP54_CAPPED, &pt);
	const struct ml_pagetype_row *m = free_row(&pt, 0, "Normal", "Movable");
	assert_int_equal(m->capped, 1u << 1);
	assert_int_equal(m->blocks[1], 100000);
	assert_int_equal(m->blocks[0], 10);
	assert_int_equal(m->blocks[2], 70473);
	for (size_t i = 0; i < pt.nfree; i++)
		if (&pt.free[i] != m)
			assert_int_equal(pt.free[i].capped, 0);
	assert_int_equal(blocks(&pt, 0, "Normal", "Movable"), 29689);
	ml_pagetypeinfo_free(&pt);
}

static void test_pagetypeinfo_snippet54_cma_column_is_read(void **state)
{
	(void)state;
	struct ml_pagetypeinfo pt;
	parse_fixture(SNIP54_CMA, &pt);
	assert_int_equal(pt.ntypes, 6);
	assert_int_equal(blocks(&pt, 0, "Normal", "CMA"), 0);
	assert_int_equal(blocks(&pt, 0, "Normal", "Movable"), 5408);
	assert_int_equal(free_row(&pt, 0, "Normal", "Movable")->blocks[10], 291);
	assert_int_equal(free_row(&pt, 0, "Normal", "Unmovable")->blocks[3], 1857);
	ml_pagetypeinfo_free(&pt);
}

static void test_pagetypeinfo_snippet55_two_nodes_with_mirror_and_reserve(void **state)
{
	(void)state;
	size_t len;
	char *text = unquoted_snippet55(&len);
	struct ml_pagetypeinfo pt;
	parse_text(text, len, SNIP55, &pt);
	/* Pre-4.8 type order, non-mainline Mirror, pre-4.4 Reserve. */
	assert_int_equal(pt.ntypes, 6);
	assert_string_equal(pt.type_names[1], "Reclaimable");
	assert_string_equal(pt.type_names[2], "Movable");
	assert_string_equal(pt.type_names[3], "Mirror");
	assert_string_equal(pt.type_names[4], "Reserve");
	/* The header block repeats for node 1. */
	assert_int_equal(pt.pageblock_order, 9);
	assert_int_equal(pt.nblocks, 4);
	assert_int_equal(pt.nfree, 24);
	assert_int_equal(blocks(&pt, 1, "Normal", "Mirror"), 4096);
	assert_int_equal(blocks(&pt, 1, "Normal", "Movable"), 8190);
	assert_int_equal(blocks(&pt, 0, "Normal", "Mirror"), 2048);
	assert_int_equal(free_row(&pt, 1, "Normal", "Movable")->blocks[10], 3996);
	assert_int_equal(free_row(&pt, 1, "Normal", "Mirror")->blocks[0], 68);
	ml_pagetypeinfo_free(&pt);
	free(text);
}

static void test_pagetypeinfo_snippet59_without_header_lines_has_order_minus_1(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(SNIP59, &len);
	struct ml_error err;
	/* As pasted, the buddyinfo line follows the blocks table: 11 numbers
	 * under a 6-type header. */
	assert_int_equal(parse_error_line(buf, len, &err), 11);
	/* Without it: the poster cut "Page block order"/"Pages per block". */
	*strstr(buf, "Node 0, zone   Normal   9880") = '\0';
	struct ml_pagetypeinfo pt;
	parse_text(buf, strlen(buf), SNIP59, &pt);
	assert_int_equal(pt.pageblock_order, -1);
	assert_int_equal(pt.pages_per_block, 0);
	assert_int_equal(blocks(&pt, 0, "Normal", "Unmovable"), 135);
	assert_int_equal(blocks(&pt, 0, "Normal", "Reserve"), 2);
	assert_int_equal(free_row(&pt, 0, "Normal", "Unmovable")->blocks[0], 3864);
	ml_pagetypeinfo_free(&pt);
	free(buf);
}

static void test_pagetypeinfo_jc_dma32_movable_pageblocks_1472(void **state)
{
	(void)state;
	struct ml_pagetypeinfo pt;
	parse_fixture("public/jc/linux-proc/pagetypeinfo", &pt);
	assert_int_equal(blocks(&pt, 0, "DMA32", "Movable"), 1472);
	assert_int_equal(free_row(&pt, 0, "Normal", "Movable")->blocks[8], 13);
	ml_pagetypeinfo_free(&pt);
}

static void test_pagetypeinfo_mixed_blocks_table_is_accepted(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	/* With page_owner a third table follows, laid out like the second. */
	const char *tbl = strstr(buf, "Number of blocks type");
	size_t tl = strlen(tbl);
	char *t = malloc(len + 1 + tl + 1);
	memcpy(t, buf, len);
	t[len] = '\n';
	memcpy(t + len + 1, tbl, tl + 1);
	memcpy(strstr(t + len, "Number of blocks type"), "Number of mixed blocks", 22);
	struct ml_pagetypeinfo pt;
	parse_text(t, strlen(t), "mixed", &pt);
	assert_int_equal(pt.nblocks, 3);
	assert_int_equal(blocks(&pt, 0, "Normal", "Movable"), 503);
	ml_pagetypeinfo_free(&pt);
	free(t);
	free(buf);
}

static void test_pagetypeinfo_crlf_parses_identically(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(ARM64, &len);
	char *crlf = ml_test_crlf(buf, len, &n);
	struct ml_pagetypeinfo a, b;
	parse_text(buf, len, ARM64, &a);
	parse_text(crlf, n, ARM64, &b);
	assert_int_equal(a.pageblock_order, b.pageblock_order);
	assert_int_equal(a.ntypes, b.ntypes);
	assert_memory_equal(a.type_names, b.type_names, sizeof(a.type_names));
	assert_int_equal(a.nfree, b.nfree);
	assert_int_equal(a.nblocks, b.nblocks);
	for (size_t i = 0; i < a.nfree; i++)
		assert_memory_equal(a.free[i].blocks, b.free[i].blocks, sizeof(a.free[i].blocks));
	for (size_t i = 0; i < a.nblocks; i++)
		assert_memory_equal(a.blocks[i].count, b.blocks[i].count, sizeof(a.blocks[i].count));
	ml_pagetypeinfo_free(&a);
	ml_pagetypeinfo_free(&b);
	free(crlf);
	free(buf);
}

static void test_pagetypeinfo_empty_input_is_refused(void **state)
{
	(void)state;
	struct ml_error err;
	assert_int_equal(parse_error_line("", 0, &err), 0);
	/* Headers alone hold no zone. */
	const char *h = "Page block order: 9\nPages per block:  512\n\n";
	assert_int_equal(parse_error_line(h, strlen(h), &err), 0);
}

static void test_pagetypeinfo_zone_row_before_any_header_is_refused(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	struct ml_error err;
	/* Drop the "Free pages count ..." header: line 4 becomes a row. */
	char *t = ml_test_replace(buf, "Free pages count per migrate type at order", 0, "");
	char *nl = strstr(t, "\n\n") + 2;
	memmove(nl, strchr(nl, '\n') + 1, strlen(strchr(nl, '\n') + 1) + 1);
	assert_int_equal(parse_error_line(t, strlen(t), &err), 4);
	free(t);
	/* A blocks-table row with no header at all. */
	const char *row = "Node 0, zone      DMA            1            7            0 \n";
	assert_int_equal(parse_error_line(row, strlen(row), &err), 1);
	free(buf);
}

static void test_pagetypeinfo_cut_mid_line_is_refused_on_that_line(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	struct ml_error err;
	/* Inside the Normal Movable row (line 16): 3 counts, not 11. */
	const char *cut = strstr(buf, "     97     66     44");
	assert_int_equal(parse_error_line(buf, (size_t)(cut - buf) + 21, &err), 16);
	/* Inside the last blocks row (line 24): 2 counts, not 5. */
	cut = strstr(buf, "Node 0, zone   Normal           40          503");
	assert_int_equal(parse_error_line(buf, (size_t)(cut - buf) + 47, &err), 24);
	free(buf);
}

static void test_pagetypeinfo_cut_between_tables_is_refused(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	struct ml_error err;
	/* Free table complete, blocks table missing: the DMA rows (line 5)
	 * have nothing to match. */
	const char *cut = strstr(buf, "Number of blocks type");
	assert_int_equal(parse_error_line(buf, (size_t)(cut - buf), &err), 5);
	assert_non_null(strstr(err.message, "cut short"));
	/* Cut after the DMA32 blocks row: Normal (first row line 15) lacks one. */
	cut = strstr(buf, "Node 0, zone   Normal  ");
	assert_int_equal(parse_error_line(buf, (size_t)(cut - buf), &err), 15);
	/* Cut inside the free table at a line end: DMA32 has 2 of 5 types. */
	cut = strstr(buf, "Node    0, zone    DMA32, type  Reclaimable");
	char *t = malloc(len + 1);
	memcpy(t, buf, (size_t)(cut - buf));
	strcpy(t + (cut - buf), strstr(buf, "\nNumber of blocks type"));
	assert_int_equal(parse_error_line(t, strlen(t), &err), 10);
	free(t);
	free(buf);
}

static void test_pagetypeinfo_garbage_cells_are_refused_with_the_token(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	struct ml_error err;
	char *t = ml_test_replace(buf, "    97 ", 0, "    x1 ");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 16);
	assert_non_null(strstr(err.message, "free blocks at order 0, found 'x1'"));
	free(t);
	t = ml_test_replace(buf, "    89 ", 0, " 123456789012345678901234567890 ");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 16);
	assert_non_null(strstr(err.message, "64 bits"));
	free(t);
	t = ml_test_replace(buf, "   503 ", 0, "  -503 ");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 24);
	assert_non_null(strstr(err.message, "negative"));
	free(t);
	t = ml_test_replace(buf, "    97 ", 0, "  >abc ");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 16);
	free(t);
	t = ml_test_replace(buf, "Page block order: 9", 0, "Page block order: nine");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 1);
	free(t);
	free(buf);
}

static void test_pagetypeinfo_row_with_other_column_count_is_refused(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	struct ml_error err;
	/* One cell too many in the DMA32 Movable row (line 11). */
	char *t = ml_test_replace(buf, "   752 ", 0, "   752      0 ");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 11);
	free(t);
	/* The free header's orders must read 0, 1, 2, ... */
	t = ml_test_replace(buf, "     9     10 ", 0, "    10      9 ");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 4);
	free(t);
	free(buf);
}

static void test_pagetypeinfo_duplicated_rows_are_refused(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	struct ml_error err;
	/* Normal Movable printed twice (the copy lands on line 17). */
	const char *r = strstr(buf, "Node    0, zone   Normal, type      Movable");
	size_t rl = (size_t)(strchr(r, '\n') + 1 - r);
	char *t = malloc(len + rl + 1);
	size_t pre = (size_t)(r - buf) + rl;
	memcpy(t, buf, pre);
	memcpy(t + pre, r, rl);
	memcpy(t + pre + rl, buf + pre, len - pre + 1);
	assert_int_equal(parse_error_line(t, len + rl, &err), 17);
	free(t);
	/* Two whole captures glued: the second "Free pages" header is fine
	 * (per-node repeat), its first row is the repeat. */
	char *twice = ml_test_concat(buf, len, buf, len);
	assert_int_equal(parse_error_line(twice, 2 * len, &err), 24 + 5);
	free(twice);
	free(buf);
}

static void test_pagetypeinfo_limits_are_enforced(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	struct ml_error err;
	char *t = ml_test_replace(buf, "Node    0, zone    DMA32, type    Unmovable", 0,
			   "Node 1024, zone    DMA32, type    Unmovable");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 10);
	free(t);
	/* Nine types in the blocks header. */
	t = ml_test_replace(buf, "HighAtomic      Isolate ", 0, "HighAtomic      Isolate A B C D ");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 21);
	free(t);
	/* A repeated header must agree with the first one. */
	t = ml_test_replace(buf, "Number of blocks type", 0,
		     "Page block order: 10\nNumber of blocks type");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 21);
	free(t);
	t = ml_test_replace(buf, "Pages per block:  512", 0, "Pages per block:  1024");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 2);
	free(t);
	free(buf);
}

static void test_pagetypeinfo_other_files_are_refused(void **state)
{
	(void)state;
	size_t len;
	struct ml_error err;
	char *buf = ml_test_read_fixture("captured/vm-6.18-x86_64/proc/buddyinfo", &len);
	assert_int_equal(parse_error_line(buf, len, &err), 1);
	free(buf);
	buf = ml_test_read_fixture("captured/vm-6.18-x86_64/proc/zoneinfo", &len);
	assert_int_equal(parse_error_line(buf, len, &err), 1);
	free(buf);
}

static void test_pagetypeinfo_nul_byte_is_refused_on_its_line(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	strstr(buf, "Number of blocks")[3] = '\0';
	struct ml_error err;
	assert_int_equal(parse_error_line(buf, len, &err), 21);
	free(buf);
}

/* Only a cut inside the final numbers can go unnoticed. */
static void prefix_parsed(const void *out, const char *part, size_t cut)
{
	const struct ml_pagetypeinfo *pt = out;
	(void)part, (void)cut;
	assert_int_equal(pt->nblocks, 1);
	assert_int_equal(pt->nfree, 6);
}

static void test_pagetypeinfo_every_prefix_parses_or_is_refused(void **state)
{
	(void)state;
	struct ml_pagetypeinfo pt;
	ml_test_every_prefix(parse, release, ARM64, 1, &pt, prefix_parsed);
}

static void test_pagetypeinfo_free_is_safe_on_zeroed_and_twice(void **state)
{
	(void)state;
	struct ml_pagetypeinfo pt;
	memset(&pt, 0, sizeof(pt));
	ml_pagetypeinfo_free(&pt);
	ml_pagetypeinfo_free(NULL);
	parse_fixture(VM618, &pt);
	ml_pagetypeinfo_free(&pt);
	ml_pagetypeinfo_free(&pt);
	assert_null(pt.free);
	assert_int_equal(ml_pagetypeinfo_type(&pt, "Movable"), -1);
	assert_int_equal(ml_pagetypeinfo_type(NULL, "Movable"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pagetypeinfo_vm618_pageblock_order_9_of_512_pages),
		cmocka_unit_test(test_pagetypeinfo_vm618_types_in_printed_order),
		cmocka_unit_test(test_pagetypeinfo_vm618_normal_movable_pageblocks_503),
		cmocka_unit_test(test_pagetypeinfo_vm618_normal_type_rows_sum_to_buddyinfo_row),
		cmocka_unit_test(test_pagetypeinfo_i386_3g_pageblock_order_10_and_highmem),
		cmocka_unit_test(test_pagetypeinfo_arm64_cma_type_has_32_pageblocks),
		cmocka_unit_test(test_pagetypeinfo_snippet54_capped_cell_sets_the_bit),
		cmocka_unit_test(test_pagetypeinfo_snippet54_cma_column_is_read),
		cmocka_unit_test(test_pagetypeinfo_snippet55_two_nodes_with_mirror_and_reserve),
		cmocka_unit_test(test_pagetypeinfo_snippet59_without_header_lines_has_order_minus_1),
		cmocka_unit_test(test_pagetypeinfo_jc_dma32_movable_pageblocks_1472),
		cmocka_unit_test(test_pagetypeinfo_mixed_blocks_table_is_accepted),
		cmocka_unit_test(test_pagetypeinfo_crlf_parses_identically),
		cmocka_unit_test(test_pagetypeinfo_empty_input_is_refused),
		cmocka_unit_test(test_pagetypeinfo_zone_row_before_any_header_is_refused),
		cmocka_unit_test(test_pagetypeinfo_cut_mid_line_is_refused_on_that_line),
		cmocka_unit_test(test_pagetypeinfo_cut_between_tables_is_refused),
		cmocka_unit_test(test_pagetypeinfo_garbage_cells_are_refused_with_the_token),
		cmocka_unit_test(test_pagetypeinfo_row_with_other_column_count_is_refused),
		cmocka_unit_test(test_pagetypeinfo_duplicated_rows_are_refused),
		cmocka_unit_test(test_pagetypeinfo_limits_are_enforced),
		cmocka_unit_test(test_pagetypeinfo_other_files_are_refused),
		cmocka_unit_test(test_pagetypeinfo_nul_byte_is_refused_on_its_line),
		cmocka_unit_test(test_pagetypeinfo_every_prefix_parses_or_is_refused),
		cmocka_unit_test(test_pagetypeinfo_free_is_safe_on_zeroed_and_twice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
