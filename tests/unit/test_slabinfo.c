/* Unit tests of src/parse/slabinfo.c (kernel-model §7.8, §11.4) on real
 * captures: SLUB from Linux 6.18 x86_64 and 6.1 i386, SLAB 2.1 with tunables
 * from 2.6.11 (snippet 56, header wrapped by a mail client), SLAB 2.0 from
 * 2.6.5 (snippet 57), and public files (node-exporter, prometheus-procfs);
 * then malformed variants made here from those real files.  Expected rows
 * were read off the files by hand; the line number of each row is the one
 * `grep -n` prints. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/slabinfo.h"

#define X86 "captured/vm-6.18-x86_64/proc/slabinfo"
#define I386 "captured/qemu-i386-6.1-3g-highmem/proc/slabinfo"
#define SLAB56 "snippets/56-i386-4g-highmem-2.6.11-meminfo-slabinfo-slab/slabinfo"
#define SLAB57 "snippets/57-i386-1g-highmem-2.6.5-mm-meminfo-vmstat-slabinfo20-sysrqm/slabinfo"
#define NODE_EXPORTER "public/node-exporter/proc/slabinfo"
#define PROMETHEUS "public/prometheus-procfs/proc/slabinfo"

/* ---- helpers ---- */

/* The parser as testutil's helpers take it. */
static int parse(const char *text, size_t len, const char *file, void *out, struct ml_error *err)
{
	return ml_parse_slabinfo(text, len, file, out, err);
}

static struct ml_slabinfo parse_ok(const char *buf, size_t len, const char *what)
{
	struct ml_slabinfo si;
	ml_test_parse_ok(parse, buf, len, what, &si);
	return si;
}

static struct ml_slabinfo parse_fixture(const char *rel)
{
	struct ml_slabinfo si;
	ml_test_parse_fixture(parse, rel, &si);
	return si;
}

/* Parse must fail with ML_EPARSE on line, the message mentioning needle,
 * and leave no caches behind. */
static void expect_error(const char *buf, size_t len, unsigned long line, const char *needle)
{
	struct ml_slabinfo si;
	ml_test_expect_error(parse, buf, len, "variant", &si, line, needle);
	assert_null(si.caches);
	assert_int_equal(si.ncaches, 0);
}

/* Offset of the start of 1-based line n. */
static size_t line_offset(const char *buf, size_t len, unsigned long n)
{
	size_t off = 0;
	for (unsigned long l = 1; l < n; l++) {
		const char *nl = memchr(buf + off, '\n', len - off);
		assert_non_null(nl);
		off = (size_t)(nl - buf) + 1;
	}
	return off;
}

static const struct ml_slab_cache *cache(const struct ml_slabinfo *si, const char *name)
{
	const struct ml_slab_cache *c = ml_slabinfo_find(si, name);
	if (!c)
		fail_msg("no cache '%s'", name);
	return c;
}

static void assert_row(const struct ml_slab_cache *c, uint64_t active_objs, uint64_t num_objs,
		       uint64_t objsize, uint64_t objperslab, uint64_t pagesperslab,
		       uint64_t limit, uint64_t batchcount, uint64_t sharedfactor,
		       uint64_t active_slabs, uint64_t num_slabs, uint64_t sharedavail)
{
	assert_int_equal(c->active_objs, active_objs);
	assert_int_equal(c->num_objs, num_objs);
	assert_int_equal(c->objsize, objsize);
	assert_int_equal(c->objperslab, objperslab);
	assert_int_equal(c->pagesperslab, pagesperslab);
	assert_int_equal(c->limit, limit);
	assert_int_equal(c->batchcount, batchcount);
	assert_int_equal(c->sharedfactor, sharedfactor);
	assert_int_equal(c->active_slabs, active_slabs);
	assert_int_equal(c->num_slabs, num_slabs);
	assert_int_equal(c->sharedavail, sharedavail);
}

/* ---- real files ---- */

static void test_slub_x86_618_kmalloc128_matches_hand_reading(void **state)
{
	(void)state;
	struct ml_slabinfo si = parse_fixture(X86);
	assert_int_equal(si.version_major, 2);
	assert_int_equal(si.version_minor, 1);
	assert_false(si.statistics);
	/* 237 lines - 2 header lines. */
	assert_int_equal(si.ncaches, 235);

	/* line 229: "kmalloc-128  3776 3776 128 32 1 : tunables 0 0 0 : slabdata 118 118 0" */
	const struct ml_slab_cache *c = cache(&si, "kmalloc-128");
	assert_row(c, 3776, 3776, 128, 32, 1, 0, 0, 0, 118, 118, 0);
	assert_false(c->has_tunables);
	assert_int_equal(c->line, 229);
	/* 118 slabs x 32 objects = 3776 = num_objs: every slab at the preferred order. */
	assert_int_equal(c->num_slabs * c->objperslab, c->num_objs);

	/* line 167: task_struct 122 130 5888 5 8 ... 26 26 0 (order-3 slabs) */
	c = cache(&si, "task_struct");
	assert_row(c, 122, 130, 5888, 5, 8, 0, 0, 0, 26, 26, 0);
	assert_int_equal(c->line, 167);

	/* First row (line 3) is a name longer than the 17-column field that
	 * pushes the numbers right: "btrfs_delayed_node      0      0    312". */
	assert_string_equal(si.caches[0].name, "btrfs_delayed_node");
	assert_int_equal(si.caches[0].line, 3);
	assert_int_equal(si.caches[0].objsize, 312);
	assert_string_equal(si.caches[234].name, "kmem_cache");
	assert_int_equal(si.caches[234].line, 237);

	/* SLUB: tunables and sharedavail always 0, active_slabs = num_slabs (§7.8). */
	for (size_t i = 0; i < si.ncaches; i++) {
		assert_false(si.caches[i].has_tunables);
		assert_int_equal(si.caches[i].active_slabs, si.caches[i].num_slabs);
		assert_int_equal(si.caches[i].sharedavail, 0);
	}
	ml_slabinfo_free(&si);
	assert_null(si.caches);
}

static void test_slub_i386_61_rows_match_hand_reading(void **state)
{
	(void)state;
	struct ml_slabinfo si = parse_fixture(I386);
	assert_int_equal(si.version_minor, 1);
	assert_int_equal(si.ncaches, 165);
	/* line 160: kmalloc-128 480 480 128 32 1 : ... : slabdata 15 15 0 */
	const struct ml_slab_cache *c = cache(&si, "kmalloc-128");
	assert_row(c, 480, 480, 128, 32, 1, 0, 0, 0, 15, 15, 0);
	assert_int_equal(c->line, 160);
	/* line 100: task_struct 88 88 2944 11 8 (32-bit task_struct is half the size) */
	c = cache(&si, "task_struct");
	assert_row(c, 88, 88, 2944, 11, 8, 0, 0, 0, 8, 8, 0);
	/* line 154: kmalloc-4k 16 16 4096 8 8 : ... 2 2 0 */
	assert_row(cache(&si, "kmalloc-4k"), 16, 16, 4096, 8, 8, 0, 0, 0, 2, 2, 0);
	ml_slabinfo_free(&si);
}

static void test_slab_21_snippet56_tunables_and_wrapped_header(void **state)
{
	(void)state;
	struct ml_slabinfo si = parse_fixture(SLAB56);
	assert_int_equal(si.version_major, 2);
	assert_int_equal(si.version_minor, 1);
	/* 119 lines: version, comment, the comment's wrapped tail, 116 rows. */
	assert_int_equal(si.ncaches, 116);
	assert_string_equal(si.caches[0].name, "ip_fib_alias");
	assert_int_equal(si.caches[0].line, 4);
	/* line 4: ip_fib_alias 9 226 16 226 1 : tunables 120 60 8 : slabdata 1 1 0.
	 * The 2.6.11 header says "<batchcount> <limit>" but the kernel prints
	 * limit first: 120 is the limit, 60 the batch count. */
	assert_row(&si.caches[0], 9, 226, 16, 226, 1, 120, 60, 8, 1, 1, 0);
	assert_true(si.caches[0].has_tunables);

	/* line 83: the leak suspect of the thread. */
	const struct ml_slab_cache *c = cache(&si, "buffer_head");
	assert_row(c, 593099, 649500, 52, 75, 1, 120, 60, 8, 8660, 8660, 0);
	assert_int_equal(c->line, 83);
	/* line 93: 128 KiB objects in 32-page (order-5) slabs, tunables 8 4 0. */
	c = cache(&si, "size-131072(DMA)");
	assert_row(c, 0, 0, 131072, 1, 32, 8, 4, 0, 0, 0, 0);
	assert_true(c->has_tunables);
	/* line 60: a name with parentheses. */
	assert_row(cache(&si, "biovec-(256)"), 256, 256, 3072, 2, 2, 24, 12, 8, 128, 128, 0);
	for (size_t i = 0; i < si.ncaches; i++)
		assert_true(si.caches[i].has_tunables);
	ml_slabinfo_free(&si);
}

static void test_slab_20_snippet57_same_columns_as_21(void **state)
{
	(void)state;
	struct ml_slabinfo si = parse_fixture(SLAB57);
	assert_int_equal(si.version_major, 2);
	assert_int_equal(si.version_minor, 0);
	assert_int_equal(si.ncaches, 116);
	/* line 82: non-zero sharedavail (objects in the shared array cache). */
	const struct ml_slab_cache *c = cache(&si, "vm_area_struct");
	assert_row(c, 4848, 4897, 64, 59, 1, 120, 60, 8, 83, 83, 12);
	assert_int_equal(c->line, 82);
	/* line 60: a 20-character name pushing the columns right. */
	assert_row(cache(&si, "biovec-BIO_MAX_PAGES"), 256, 256, 3072, 2, 2, 24, 12, 8, 128, 128, 0);
	/* line 88: rmap pte chains of 2.6.5. */
	assert_row(cache(&si, "pte_chain"), 1063, 3717, 64, 59, 1, 120, 60, 8, 63, 63, 0);
	ml_slabinfo_free(&si);
}

static void test_public_node_exporter_total_pages_match_hand_sum(void **state)
{
	(void)state;
	struct ml_slabinfo si = parse_fixture(NODE_EXPORTER);
	assert_int_equal(si.ncaches, 4);
	/* Σ num_slabs × pagesperslab, by hand from the four rows:
	 *   tw_sock_TCP          27 × 2 =  54
	 *   dmaengine-unmap-128  44 × 8 = 352
	 *   kmalloc-8192         37 × 8 = 296
	 *   kmem_cache           10 × 2 =  20
	 *                                 ---
	 *                                 722 pages (2888 KiB with 4 KiB pages) */
	uint64_t pages = 0;
	for (size_t i = 0; i < si.ncaches; i++)
		pages += si.caches[i].num_slabs * si.caches[i].pagesperslab;
	assert_int_equal(pages, 722);
	/* dmaengine-unmap-128 is 19 characters: the columns after it shift. */
	assert_row(cache(&si, "dmaengine-unmap-128"), 1206, 1320, 1088, 30, 8, 0, 0, 0, 44, 44, 0);
	ml_slabinfo_free(&si);
}

static void test_public_prometheus_names_with_slashes(void **state)
{
	(void)state;
	struct ml_slabinfo si = parse_fixture(PROMETHEUS);
	assert_int_equal(si.ncaches, 300);
	/* lines 114-115: "L2TP/IPv6", "L2TP/IP"; line 7: a 12 KiB object cache. */
	assert_int_equal(cache(&si, "L2TP/IPv6")->line, 114);
	assert_row(cache(&si, "L2TP/IP"), 0, 0, 1408, 23, 8, 0, 0, 0, 0, 0, 0);
	assert_row(cache(&si, "nvidia_stack_cache"), 321, 326, 12624, 2, 8, 0, 0, 0, 163, 163, 0);
	ml_slabinfo_free(&si);
}

/* ---- variants of real files that the kernel can print ---- */

static void test_slab_active_slabs_below_num_slabs_is_accepted(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(SLAB56, &len);
	/* SLAB reports free slabs separately: line 74 radix_tree_node with 25
	 * of its 625 slabs empty. */
	char *v = ml_test_edit(buf, len, "slabdata    625    625", "slabdata    600    625", &n);
	struct ml_slabinfo si = parse_ok(v, n, "variant");
	const struct ml_slab_cache *c = cache(&si, "radix_tree_node");
	assert_int_equal(c->active_slabs, 600);
	assert_int_equal(c->num_slabs, 625);
	ml_slabinfo_free(&si);
	free(v);
	free(buf);
}

static void test_slab_statistics_rows_accepted_only_with_statistics_header(void **state)
{
	(void)state;
	size_t len, n, n2;
	char *buf = ml_test_read_fixture(SLAB57, &len);
	/* SLAB with STATS (mm/slab.c): header "(statistics)", and every row
	 * carries 7 (2.0) globalstat and 4 cpustat counters. */
	char *v = ml_test_edit(buf, len, "version: 2.0\n", "version: 2.0 (statistics)\n", &n);
	char *v2 = ml_test_edit(v, n, "slabdata      4      4      0\n",
				"slabdata      4      4      0 : globalstat 664846 590238 26829 0 0 1 70 "
				": cpustat 974008 78670 1990714 61964\n", &n2);
	struct ml_slabinfo si = parse_ok(v2, n2, "variant");
	assert_true(si.statistics);
	assert_int_equal(si.version_minor, 0);
	/* line 9 is the first row ending in "slabdata 4 4 0": nfs_write_data */
	const struct ml_slab_cache *c = cache(&si, "nfs_write_data");
	assert_row(c, 36, 36, 448, 9, 1, 54, 27, 8, 4, 4, 0);
	ml_slabinfo_free(&si);
	free(v2);
	free(v);

	/* The same row without the "(statistics)" header: 16 + 2 + 7 + 2 + 4 columns. */
	v2 = ml_test_edit(buf, len, "slabdata      4      4      0\n",
			  "slabdata      4      4      0 : globalstat 664846 590238 26829 0 0 1 70 "
			  ": cpustat 974008 78670 1990714 61964\n", &n2);
	expect_error(v2, n2, 9, "31 columns");
	free(v2);
	free(buf);
}

static void test_header_only_file_has_no_caches(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(X86, &len);
	size_t off = line_offset(buf, len, 3);
	struct ml_slabinfo si = parse_ok(buf, off, "variant");
	assert_int_equal(si.ncaches, 0);
	assert_int_equal(si.version_minor, 1);
	ml_slabinfo_free(&si);
	free(buf);
}

static void test_crlf_parses_the_same(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(SLAB56, &len);
	size_t n;
	char *crlf = ml_test_crlf(buf, len, &n);
	struct ml_slabinfo a = parse_ok(buf, len, SLAB56);
	struct ml_slabinfo b = parse_ok(crlf, n, "crlf");
	assert_int_equal(a.ncaches, b.ncaches);
	assert_int_equal(a.version_minor, b.version_minor);
	for (size_t i = 0; i < a.ncaches; i++)
		assert_memory_equal(&a.caches[i], &b.caches[i], sizeof(a.caches[i]));
	ml_slabinfo_free(&a);
	ml_slabinfo_free(&b);
	free(crlf);
	free(buf);
}

static void test_name_of_63_bytes_is_kept(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(X86, &len);
	char name[80];
	name[0] = '\n';
	memset(name + 1, 'k', 63);
	strcpy(name + 64, " ");
	/* "\nkmalloc-128 ": not "dma-kmalloc-128 " of line 203 */
	char *v = ml_test_edit(buf, len, "\nkmalloc-128 ", name, &n);
	struct ml_slabinfo si = parse_ok(v, n, "variant");
	name[64] = '\0';
	assert_int_equal(cache(&si, name + 1)->num_objs, 3776);
	ml_slabinfo_free(&si);
	free(v);
	free(buf);
}

/* ---- malformed variants ---- */

static void test_empty_file_is_refused(void **state)
{
	(void)state;
	expect_error("", 0, 0, "no 'slabinfo - version");
	expect_error("\n\n", 2, 0, "no 'slabinfo - version");
}

static void test_missing_header_is_refused_on_line_1(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(X86, &len);
	/* Without the version line the file starts at the '#' comment. */
	size_t off = line_offset(buf, len, 2);
	expect_error(buf + off, len - off, 1, "slabinfo - version");
	/* Without both header lines it starts at a row. */
	off = line_offset(buf, len, 3);
	expect_error(buf + off, len - off, 1, "btrfs_delayed_node");
	free(buf);
}

static void test_unknown_versions_are_refused(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(X86, &len);
	const char *bad[] = { "version: 1.1", "version: 3.0", "version: 2.2", "version: 2.",
			      "version: 2.1x", "version: 99999999999999999999999999999.1" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *v = ml_test_edit(buf, len, "version: 2.1", bad[i], &n);
		expect_error(v, n, 1, "version");
		free(v);
	}
	char *v = ml_test_edit(buf, len, "version: 2.1\n", "version: 2.1 (stats)\n", &n);
	expect_error(v, n, 1, "(stats)");
	free(v);
	free(buf);
}

static void test_missing_column_comment_is_refused(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(X86, &len);
	size_t l2 = line_offset(buf, len, 2), l3 = line_offset(buf, len, 3);
	char *v = malloc(len);
	memcpy(v, buf, l2);
	memcpy(v + l2, buf + l3, len - l3);
	expect_error(v, l2 + len - l3, 2, "# name");
	/* Only the version line: cut short. */
	expect_error(buf, l2, 1, "cut short");
	free(v);
	free(buf);
}

static void test_row_cut_mid_line_is_refused(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(X86, &len);
	/* line 229 cut after ": tunables    0" */
	size_t off = line_offset(buf, len, 229);
	const char *t = ml_test_find(buf + off, len - off, "tunables    0", 13);
	assert_non_null(t);
	expect_error(buf, (size_t)(t - buf) + 13, 229, "columns");
	/* cut right after the name */
	expect_error(buf, off + strlen("kmalloc-128"), 229, "columns");
	free(buf);
}

static void test_bad_numbers_are_refused_with_their_line(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(X86, &len);
	const char *row = "kmalloc-128         3776   3776    128   32    1";
	struct {
		const char *to, *needle;
	} bad[] = {
		{ "kmalloc-128         37x6   3776    128   32    1", "active_objs" },
		{ "kmalloc-128        -3776   3776    128   32    1", "never negative" },
		{ "kmalloc-128         3776   3776    123456789012345678901234567890   32    1",
		  "64 bits" },
		{ "kmalloc-128         3776   3776    128   0x20    1", "objperslab" },
		{ "kmalloc-128         3776   3776    128   32    1.0", "pagesperslab" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *v = ml_test_edit(buf, len, row, bad[i].to, &n);
		expect_error(v, n, 229, bad[i].needle);
		free(v);
	}
	/* 30 digits in the last column. */
	char *v = ml_test_edit(buf, len, "slabdata    118    118      0",
			       "slabdata    118    118      999999999999999999999999999999", &n);
	expect_error(v, n, 229, "sharedavail");
	free(v);
	free(buf);
}

static void test_impossible_counts_are_refused(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(X86, &len);
	/* More active objects than objects. */
	char *v = ml_test_edit(buf, len, "kmalloc-128         3776   3776", "kmalloc-128         3777   3776", &n);
	expect_error(v, n, 229, "active objects");
	free(v);
	/* More active slabs than slabs. */
	v = ml_test_edit(buf, len, "slabdata    118    118", "slabdata    119    118", &n);
	expect_error(v, n, 229, "active slabs");
	free(v);
	/* 118 slabs of 0 objects. */
	v = ml_test_edit(buf, len, "3776    128   32    1", "3776    128    0    1", &n);
	expect_error(v, n, 229, "at least one object");
	free(v);
	/* 118 slabs of 0 pages. */
	v = ml_test_edit(buf, len, "3776    128   32    1", "3776    128   32    0", &n);
	expect_error(v, n, 229, "one page");
	free(v);
	free(buf);
}

static void test_wrong_layout_is_refused(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(X86, &len);
	/* No tunables section: 11 columns. */
	char *v = ml_test_edit(buf, len, "128   32    1 : tunables    0    0    0 : slabdata    118",
			       "128   32    1 : slabdata    118", &n);
	expect_error(v, n, 229, "11 columns");
	free(v);
	/* One more column. */
	v = ml_test_edit(buf, len, "slabdata    118    118      0", "slabdata    118    118      0 0", &n);
	expect_error(v, n, 229, "17 columns");
	free(v);
	/* Labels misspelt. */
	v = ml_test_edit(buf, len, "3776    128   32    1 : tunables", "3776    128   32    1 : tunable5", &n);
	expect_error(v, n, 229, "': tunables'");
	free(v);
	v = ml_test_edit(buf, len, "0 : slabdata    118", "0 ; slabdata    118", &n);
	expect_error(v, n, 229, "': slabdata'");
	free(v);
	free(buf);
}

static void test_duplicate_cache_is_refused(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(X86, &len);
	size_t off = line_offset(buf, len, 229), end = line_offset(buf, len, 230);
	char *v = ml_test_concat(buf, len, buf + off, end - off);
	/* the copy of line 229 becomes line 238 */
	expect_error(v, len + end - off, 238, "first on line 229");
	free(v);
	/* Two captures glued: the second header is line 238. */
	v = ml_test_concat(buf, len, buf, len);
	expect_error(v, 2 * len, 238, "second");
	free(v);
	free(buf);
}

static void test_name_of_64_bytes_is_refused(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(X86, &len);
	char name[80];
	name[0] = '\n';
	memset(name + 1, 'k', 64);
	strcpy(name + 65, " ");
	char *v = ml_test_edit(buf, len, "\nkmalloc-128 ", name, &n);
	expect_error(v, n, 229, "longer than 63");
	free(v);
	free(buf);
}

static void test_nul_byte_and_overlong_line_are_refused(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(X86, &len);
	char *v = ml_test_edit_bytes(buf, len, "\nkmalloc-128 ", 13, "\nkmalloc\0" "128 ", 13, &n);
	expect_error(v, n, 229, "NUL");
	free(v);
	/* A 70000-byte line 229. */
	char *pad = malloc(70001);
	memset(pad, ' ', 70000);
	pad[70000] = '\0';
	memcpy(pad, "\nkmalloc-128", 12);
	v = ml_test_edit(buf, len, "\nkmalloc-128", pad, &n);
	expect_error(v, n, 229, "longer");
	free(v);
	free(pad);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slub_x86_618_kmalloc128_matches_hand_reading),
		cmocka_unit_test(test_slub_i386_61_rows_match_hand_reading),
		cmocka_unit_test(test_slab_21_snippet56_tunables_and_wrapped_header),
		cmocka_unit_test(test_slab_20_snippet57_same_columns_as_21),
		cmocka_unit_test(test_public_node_exporter_total_pages_match_hand_sum),
		cmocka_unit_test(test_public_prometheus_names_with_slashes),
		cmocka_unit_test(test_slab_active_slabs_below_num_slabs_is_accepted),
		cmocka_unit_test(test_slab_statistics_rows_accepted_only_with_statistics_header),
		cmocka_unit_test(test_header_only_file_has_no_caches),
		cmocka_unit_test(test_crlf_parses_the_same),
		cmocka_unit_test(test_name_of_63_bytes_is_kept),
		cmocka_unit_test(test_empty_file_is_refused),
		cmocka_unit_test(test_missing_header_is_refused_on_line_1),
		cmocka_unit_test(test_unknown_versions_are_refused),
		cmocka_unit_test(test_missing_column_comment_is_refused),
		cmocka_unit_test(test_row_cut_mid_line_is_refused),
		cmocka_unit_test(test_bad_numbers_are_refused_with_their_line),
		cmocka_unit_test(test_impossible_counts_are_refused),
		cmocka_unit_test(test_wrong_layout_is_refused),
		cmocka_unit_test(test_duplicate_cache_is_refused),
		cmocka_unit_test(test_name_of_64_bytes_is_refused),
		cmocka_unit_test(test_nul_byte_and_overlong_line_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
