/* /proc/buddyinfo parser (kernel-model §11.1) on real captures, and on
 * malformed text made from them in each test. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "parse/buddyinfo.h"

#define VM618 "captured/vm-6.18-x86_64/proc/buddyinfo"
#define I386_3G "captured/qemu-i386-6.1-3g-highmem/proc/buddyinfo"
#define ARM64 "captured/qemu-arm64-6.1-2g/proc/buddyinfo"
#define SNIP50 "snippets/50-i386-2.6.38-highmem-buddyinfo-vmstat/buddyinfo"
#define SNIP59 "snippets/59-lge-1g-3.16-normal-only-pagetypeinfo-buddyinfo/snapshot1-pagetypeinfo+buddyinfo.txt"

/* The parser as testutil's helpers take it. */
static int parse(const char *text, size_t len, const char *file, void *out, struct ml_error *err)
{
	return ml_parse_buddyinfo(text, len, file, out, err);
}

static void release(void *out)
{
	ml_buddyinfo_free(out);
}

/* Parse a fixture; the test fails if it does not parse. */
static void parse_fixture(const char *rel, struct ml_buddyinfo *bi)
{
	ml_test_parse_fixture(parse, rel, bi);
}

static const struct ml_buddyinfo_row *row(const struct ml_buddyinfo *bi, int node, const char *zone)
{
	for (size_t i = 0; i < bi->nrows; i++)
		if (bi->rows[i].node == node && strcmp(bi->rows[i].zone, zone) == 0)
			return &bi->rows[i];
	fail_msg("no row for node %d zone %s", node, zone);
	return NULL;
}

/* Parse text expected to be refused; returns the error line. */
static unsigned long parse_error_line(const char *text, size_t len, struct ml_error *err)
{
	struct ml_buddyinfo bi;
	unsigned long line = ml_test_error_line(parse, text, len, "buddyinfo", &bi, err);
	/* Callers free after an error too; the parser left nothing behind. */
	assert_null(bi.rows);
	assert_int_equal(bi.nrows, 0);
	ml_buddyinfo_free(&bi);
	return line;
}

static void test_buddyinfo_vm618_normal_order10_has_89_blocks(void **state)
{
	(void)state;
	struct ml_buddyinfo bi;
	parse_fixture(VM618, &bi);
	const struct ml_buddyinfo_row *n = row(&bi, 0, "Normal");
	assert_int_equal(n->blocks[0], 486);
	assert_int_equal(n->blocks[1], 604);
	assert_int_equal(n->blocks[9], 1);
	assert_int_equal(n->blocks[10], 89);
	assert_int_equal(n->line, 3);
	ml_buddyinfo_free(&bi);
}

static void test_buddyinfo_vm618_has_dma_dma32_normal_with_11_orders(void **state)
{
	(void)state;
	struct ml_buddyinfo bi;
	parse_fixture(VM618, &bi);
	/* §11.1: 11 columns on x86_64 in every version. */
	assert_int_equal(bi.norders, 11);
	assert_int_equal(bi.nrows, 3);
	assert_string_equal(bi.rows[0].zone, "DMA");
	assert_string_equal(bi.rows[1].zone, "DMA32");
	assert_string_equal(bi.rows[2].zone, "Normal");
	assert_int_equal(bi.rows[0].blocks[10], 3);
	assert_int_equal(bi.rows[1].blocks[10], 752);
	ml_buddyinfo_free(&bi);
}

static void test_buddyinfo_vm618_dma32_free_pages_equal_zoneinfo_pages_free(void **state)
{
	(void)state;
	struct ml_buddyinfo bi;
	parse_fixture(VM618, &bi);
	/* §11.1: free pages = sum of count[k] * 2^k; the same capture's
	 * zoneinfo says "pages free 772917" for DMA32. */
	const struct ml_buddyinfo_row *d = row(&bi, 0, "DMA32");
	uint64_t pages = 0;
	assert_int_equal(bi.norders, 11);
	for (int k = 0; k < 11; k++)
		pages += d->blocks[k] << k;
	assert_int_equal(pages, 772917);
	ml_buddyinfo_free(&bi);
}

static void test_buddyinfo_i386_3g_highmem_order10_has_541_blocks(void **state)
{
	(void)state;
	struct ml_buddyinfo bi;
	parse_fixture(I386_3G, &bi);
	assert_int_equal(bi.norders, 11);
	assert_int_equal(bi.nrows, 3);
	const struct ml_buddyinfo_row *h = row(&bi, 0, "HighMem");
	assert_int_equal(h->blocks[0], 0);
	assert_int_equal(h->blocks[1], 1);
	assert_int_equal(h->blocks[10], 541);
	assert_int_equal(row(&bi, 0, "Normal")->blocks[10], 192);
	ml_buddyinfo_free(&bi);
}

static void test_buddyinfo_arm64_has_only_dma_with_472_order10_blocks(void **state)
{
	(void)state;
	struct ml_buddyinfo bi;
	parse_fixture(ARM64, &bi);
	/* arm64 puts all 2 GiB in ZONE_DMA (below 4 GiB); only populated
	 * zones are printed. */
	assert_int_equal(bi.nrows, 1);
	assert_int_equal(bi.norders, 11);
	assert_string_equal(bi.rows[0].zone, "DMA");
	assert_int_equal(bi.rows[0].blocks[0], 1);
	assert_int_equal(bi.rows[0].blocks[10], 472);
	ml_buddyinfo_free(&bi);
}

static void test_buddyinfo_snippet50_kernel_2_6_38_highmem_order1_has_3474_blocks(void **state)
{
	(void)state;
	struct ml_buddyinfo bi;
	parse_fixture(SNIP50, &bi);
	assert_int_equal(bi.norders, 11);
	const struct ml_buddyinfo_row *h = row(&bi, 0, "HighMem");
	assert_int_equal(h->blocks[0], 657);
	assert_int_equal(h->blocks[1], 3474);
	assert_int_equal(h->blocks[5], 12);
	assert_int_equal(h->blocks[6], 0);
	assert_int_equal(row(&bi, 0, "Normal")->blocks[10], 2);
	ml_buddyinfo_free(&bi);
}

static void test_buddyinfo_snippet59_last_line_is_a_3_16_buddyinfo_row(void **state)
{
	(void)state;
	/* The poster pasted pagetypeinfo then buddyinfo; the last line is the
	 * buddyinfo one. */
	size_t len;
	char *buf = ml_test_read_fixture(SNIP59, &len);
	const char *last = strstr(buf, "Node 0, zone   Normal   9880");
	assert_non_null(last);
	struct ml_buddyinfo bi;
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_buddyinfo(last, strlen(last), SNIP59, &bi, &err), 0);
	assert_int_equal(bi.nrows, 1);
	assert_int_equal(bi.norders, 11);
	assert_int_equal(bi.rows[0].blocks[0], 9880);
	assert_int_equal(bi.rows[0].blocks[10], 1);
	ml_buddyinfo_free(&bi);
	/* The whole paste is not a buddyinfo file: refused on line 1. */
	assert_int_equal(parse_error_line(buf, len, &err), 1);
	free(buf);
}

static void test_buddyinfo_trailing_blank_or_not_reads_the_same(void **state)
{
	(void)state;
	/* Same machine: node-exporter kept the kernel's trailing blank,
	 * prometheus/procfs stripped it. */
	struct ml_buddyinfo a, b;
	parse_fixture("public/node-exporter/proc/buddyinfo", &a);
	parse_fixture("public/prometheus-procfs/proc/buddyinfo", &b);
	assert_int_equal(a.nrows, b.nrows);
	assert_int_equal(a.norders, b.norders);
	for (size_t i = 0; i < a.nrows; i++)
		assert_memory_equal(a.rows[i].blocks, b.rows[i].blocks, sizeof(a.rows[i].blocks));
	assert_int_equal(row(&a, 0, "Normal")->blocks[3], 1530);
	ml_buddyinfo_free(&a);
	ml_buddyinfo_free(&b);
}

static void test_buddyinfo_ncollectd_and_jc_captures_parse(void **state)
{
	(void)state;
	struct ml_buddyinfo bi;
	parse_fixture("public/ncollectd/buddyinfo/test01/proc/buddyinfo", &bi);
	assert_int_equal(row(&bi, 0, "Normal")->blocks[0], 76382);
	assert_int_equal(row(&bi, 0, "DMA32")->blocks[10], 67);
	ml_buddyinfo_free(&bi);
	parse_fixture("public/jc/linux-proc/buddyinfo", &bi);
	assert_int_equal(row(&bi, 0, "DMA32")->blocks[10], 629);
	ml_buddyinfo_free(&bi);
}

static void test_buddyinfo_crlf_parses_identically(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(VM618, &len);
	char *crlf = ml_test_crlf(buf, len, &n);
	struct ml_buddyinfo a, b;
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_buddyinfo(buf, len, VM618, &a, &err), 0);
	assert_int_equal(ml_parse_buddyinfo(crlf, n, VM618, &b, &err), 0);
	assert_int_equal(a.nrows, b.nrows);
	assert_int_equal(a.norders, b.norders);
	for (size_t i = 0; i < a.nrows; i++) {
		assert_string_equal(a.rows[i].zone, b.rows[i].zone);
		assert_memory_equal(a.rows[i].blocks, b.rows[i].blocks, sizeof(a.rows[i].blocks));
	}
	ml_buddyinfo_free(&a);
	ml_buddyinfo_free(&b);
	free(crlf);
	free(buf);
}

static void test_buddyinfo_blank_lines_are_ignored(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	char *t = ml_test_replace(buf, "Node 0, zone    DMA32", 0, "\n  \nNode 0, zone    DMA32");
	struct ml_buddyinfo bi;
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_buddyinfo(t, strlen(t), VM618, &bi, &err), 0);
	assert_int_equal(bi.nrows, 3);
	assert_int_equal(row(&bi, 0, "Normal")->line, 5);
	ml_buddyinfo_free(&bi);
	free(t);
	free(buf);
}

static void test_buddyinfo_empty_input_is_refused(void **state)
{
	(void)state;
	struct ml_error err;
	assert_int_equal(parse_error_line("", 0, &err), 0);
	assert_int_equal(parse_error_line("\n\n   \n", 6, &err), 0);
}

static void test_buddyinfo_cut_mid_line_is_refused_on_that_line(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	/* Cut inside the Normal row: it has 2 counts where the others had 11. */
	const char *cut = strstr(buf, "   604");
	struct ml_error err;
	assert_int_equal(parse_error_line(buf, (size_t)(cut - buf) + 6, &err), 3);
	assert_non_null(strstr(err.message, "cut short"));
	/* Cut right after the zone name: no counts at all. */
	cut = strstr(buf, "Normal");
	assert_int_equal(parse_error_line(buf, (size_t)(cut - buf) + 6, &err), 3);
	free(buf);
}

static void test_buddyinfo_garbage_count_is_refused_with_the_token(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	struct ml_error err;
	char *t = ml_test_replace(buf, "  604 ", 0, "   x1 ");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 3);
	assert_non_null(strstr(err.message, "free blocks at order 1, found 'x1'"));
	free(t);
	t = ml_test_replace(buf, "   89 ", 0, " 123456789012345678901234567890 ");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 3);
	assert_non_null(strstr(err.message, "64 bits"));
	free(t);
	t = ml_test_replace(buf, "  752 ", 0, " -752 ");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 2);
	assert_non_null(strstr(err.message, "negative"));
	free(t);
	free(buf);
}

static void test_buddyinfo_row_with_other_column_count_is_refused(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	struct ml_error err;
	/* DMA32 loses its order-10 column. */
	char *t = ml_test_replace(buf, "      2    752 ", 0, "      2 ");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 2);
	free(t);
	/* The first row may not decide on 10 either: then row 2 is wrong. */
	t = ml_test_replace(buf, "      1      1      3 ", 0, "      1      1 ");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 2);
	free(t);
	free(buf);
}

static void test_buddyinfo_more_than_32_orders_is_refused(void **state)
{
	(void)state;
	char line[512] = "Node 0, zone   Normal";
	for (int k = 0; k < ML_MAX_ORDERS + 1; k++)
		strcat(line, "      1");
	strcat(line, " \n");
	struct ml_error err;
	assert_int_equal(parse_error_line(line, strlen(line), &err), 1);
	/* Exactly 32 is the model's bound and is fine. */
	char ok[512] = "Node 0, zone   Normal";
	for (int k = 0; k < ML_MAX_ORDERS; k++)
		strcat(ok, "      1");
	strcat(ok, " \n");
	struct ml_buddyinfo bi;
	assert_int_equal(ml_parse_buddyinfo(ok, strlen(ok), "buddyinfo", &bi, &err), 0);
	assert_int_equal(bi.norders, ML_MAX_ORDERS);
	ml_buddyinfo_free(&bi);
}

static void test_buddyinfo_duplicated_zone_is_refused(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	/* Two captures glued together. */
	char *twice = ml_test_concat(buf, len, buf, len);
	struct ml_error err;
	assert_int_equal(parse_error_line(twice, 2 * len, &err), 4);
	assert_non_null(strstr(err.message, "listed twice"));
	free(twice);
	free(buf);
}

static void test_buddyinfo_node_number_beyond_limit_is_refused(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	struct ml_error err;
	char *t = ml_test_replace(buf, "Node 0, zone    DMA32", 0, "Node 1024, zone    DMA32");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 2);
	free(t);
	t = ml_test_replace(buf, "Node 0, zone    DMA32", 0, "Node 1023, zone    DMA32");
	struct ml_buddyinfo bi;
	assert_int_equal(ml_parse_buddyinfo(t, strlen(t), "buddyinfo", &bi, &err), 0);
	assert_int_equal(bi.rows[1].node, 1023);
	ml_buddyinfo_free(&bi);
	free(t);
	free(buf);
}

static void test_buddyinfo_unknown_line_shapes_are_refused(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	struct ml_error err;
	char *t = ml_test_replace(buf, "Node 0, zone    DMA32", 0, "Node 0 zone    DMA32");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 2);
	free(t);
	t = ml_test_replace(buf, "Node 0, zone    DMA32", 0, "Nod 0, zone    DMA32");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 2);
	free(t);
	t = ml_test_replace(buf, "Node 0, zone   Normal", 0, "Node 0, zone   NormalNormalNormalNormalNormalNormal");
	assert_int_equal(parse_error_line(t, strlen(t), &err), 3);
	free(t);
	/* A zoneinfo file is not a buddyinfo file. */
	char *zi = ml_test_read_fixture("captured/vm-6.18-x86_64/proc/zoneinfo", &len);
	assert_int_equal(parse_error_line(zi, len, &err), 1);
	free(zi);
	free(buf);
}

static void test_buddyinfo_nul_byte_is_refused_on_its_line(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(VM618, &len);
	char *p = strstr(buf, "   486");
	p[1] = '\0';
	struct ml_error err;
	assert_int_equal(parse_error_line(buf, len, &err), 3);
	free(buf);
}

/* Only cuts right after a newline parse, and then every row is whole: a
 * cut row never passes for one with fewer orders. */
static void prefix_parsed(const void *out, const char *part, size_t cut)
{
	const struct ml_buddyinfo *bi = out;
	assert_true(cut > 0 && part[cut - 1] == '\n');
	assert_int_equal(bi->norders, 11);
}

static void test_buddyinfo_every_prefix_parses_or_is_refused(void **state)
{
	(void)state;
	struct ml_buddyinfo bi;
	ml_test_every_prefix(parse, release, I386_3G, 1, &bi, prefix_parsed);
}

static void test_buddyinfo_free_is_safe_on_zeroed_and_twice(void **state)
{
	(void)state;
	struct ml_buddyinfo bi;
	memset(&bi, 0, sizeof(bi));
	ml_buddyinfo_free(&bi);
	ml_buddyinfo_free(NULL);
	parse_fixture(VM618, &bi);
	ml_buddyinfo_free(&bi);
	ml_buddyinfo_free(&bi);
	assert_null(bi.rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buddyinfo_vm618_normal_order10_has_89_blocks),
		cmocka_unit_test(test_buddyinfo_vm618_has_dma_dma32_normal_with_11_orders),
		cmocka_unit_test(test_buddyinfo_vm618_dma32_free_pages_equal_zoneinfo_pages_free),
		cmocka_unit_test(test_buddyinfo_i386_3g_highmem_order10_has_541_blocks),
		cmocka_unit_test(test_buddyinfo_arm64_has_only_dma_with_472_order10_blocks),
		cmocka_unit_test(test_buddyinfo_snippet50_kernel_2_6_38_highmem_order1_has_3474_blocks),
		cmocka_unit_test(test_buddyinfo_snippet59_last_line_is_a_3_16_buddyinfo_row),
		cmocka_unit_test(test_buddyinfo_trailing_blank_or_not_reads_the_same),
		cmocka_unit_test(test_buddyinfo_ncollectd_and_jc_captures_parse),
		cmocka_unit_test(test_buddyinfo_crlf_parses_identically),
		cmocka_unit_test(test_buddyinfo_blank_lines_are_ignored),
		cmocka_unit_test(test_buddyinfo_empty_input_is_refused),
		cmocka_unit_test(test_buddyinfo_cut_mid_line_is_refused_on_that_line),
		cmocka_unit_test(test_buddyinfo_garbage_count_is_refused_with_the_token),
		cmocka_unit_test(test_buddyinfo_row_with_other_column_count_is_refused),
		cmocka_unit_test(test_buddyinfo_more_than_32_orders_is_refused),
		cmocka_unit_test(test_buddyinfo_duplicated_zone_is_refused),
		cmocka_unit_test(test_buddyinfo_node_number_beyond_limit_is_refused),
		cmocka_unit_test(test_buddyinfo_unknown_line_shapes_are_refused),
		cmocka_unit_test(test_buddyinfo_nul_byte_is_refused_on_its_line),
		cmocka_unit_test(test_buddyinfo_every_prefix_parses_or_is_refused),
		cmocka_unit_test(test_buddyinfo_free_is_safe_on_zeroed_and_twice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
