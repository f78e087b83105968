/* Unit tests of src/parse/kvfile.c: /proc/meminfo (kernel-model §11.6),
 * /proc/vmstat (§11.7) and /proc/sys/vm integer sysctls, on real captures
 * (tests/fixtures/captured, snippets, public) and on malformed variants made
 * here from those real files.  Expected figures were read off the files by
 * hand; kB figures appear as "N * 1024" so that they can be checked against
 * the file at a glance. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/kvfile.h"

#define CAP_X86 "captured/vm-6.18-x86_64/"
#define CAP_I386 "captured/qemu-i386-6.1-3g-highmem/"
#define CAP_ARM64 "captured/qemu-arm64-6.1-2g/"

/* ---- helpers ---- */

/* The parsers as testutil's helpers take them. */
static int parse_meminfo(const char *text, size_t len, const char *file, void *out, struct ml_error *err)
{
	return ml_parse_meminfo(text, len, file, out, err);
}

static int parse_vmstat(const char *text, size_t len, const char *file, void *out, struct ml_error *err)
{
	return ml_parse_vmstat(text, len, file, out, err);
}

static int parse_sysctl_u64(const char *text, size_t len, const char *file, void *out,
			    struct ml_error *err)
{
	return ml_parse_sysctl_u64(text, len, file, out, err);
}

/* A meminfo or vmstat fixture that must parse. */
static struct ml_kv kv_fixture(ml_test_parse_fn parse, const char *rel)
{
	struct ml_kv kv = { 0 };
	ml_test_parse_fixture(parse, rel, &kv);
	return kv;
}

static uint64_t get(const struct ml_kv *kv, const char *name)
{
	uint64_t v;
	if (!ml_kv_get(kv, name, &v))
		fail_msg("no '%s'", name);
	return v;
}

/* Parse must fail with ML_EPARSE on line (0: not about a line), with a
 * message containing what; the kv handed in must come back untouched. */
static void expect_kv_error(ml_test_parse_fn parse, const char *buf, size_t len, unsigned long line,
			    const char *what)
{
	struct ml_kv kv = { 0 };
	assert_int_equal(ml_kv_set(&kv, "sentinel", 42, 7), 0);
	ml_test_expect_error(parse, buf, len, "f", &kv, line, what);
	assert_int_equal(kv.n, 1);
	assert_int_equal(get(&kv, "sentinel"), 42);
	ml_kv_free(&kv);
}

/* ---- meminfo on real captures ---- */

static void test_meminfo_x86_64_6_18_totals_in_bytes(void **state)
{
	(void)state;
	struct ml_kv kv = kv_fixture(parse_meminfo, CAP_X86 "proc/meminfo");
	assert_int_equal(kv.n, 54);                               /* 54 lines, all kept */
	assert_string_equal(kv.v[0].name, "MemTotal");
	assert_int_equal(kv.v[0].line, 1);
	assert_int_equal(get(&kv, "MemTotal"), 24684092ULL * 1024);    /* 25276510208 */
	assert_int_equal(get(&kv, "MemFree"), 23908976ULL * 1024);
	assert_int_equal(get(&kv, "Active(anon)"), 1552ULL * 1024);
	assert_int_equal(get(&kv, "Inactive(file)"), 413492ULL * 1024);
	assert_int_equal(get(&kv, "Balloon"), 0);                 /* new in 6.18 */
	assert_int_equal(get(&kv, "Hugepagesize"), 2097152);
	assert_int_equal(get(&kv, "DirectMap1G"), 25165824ULL * 1024);
	assert_string_equal(kv.v[53].name, "DirectMap1G");
	assert_int_equal(kv.v[53].line, 54);
	ml_kv_free(&kv);
}

static void test_meminfo_x86_64_vmalloc_total_32_tib_fits_in_bytes(void **state)
{
	(void)state;
	struct ml_kv kv = kv_fixture(parse_meminfo, CAP_X86 "proc/meminfo");
	/* 34359738367 kB = 32 TiB - 1 kB: the 47-bit vmalloc area (§8.2). */
	assert_int_equal(get(&kv, "VmallocTotal"), 35184372087808ULL);
	ml_kv_free(&kv);
}

static void test_meminfo_hugepages_lines_without_unit_keep_the_count(void **state)
{
	(void)state;
	struct ml_kv kv = kv_fixture(parse_meminfo, CAP_X86 "proc/meminfo");
	assert_int_equal(get(&kv, "HugePages_Total"), 0);
	assert_int_equal(get(&kv, "HugePages_Surp"), 0);
	ml_kv_free(&kv);
	/* A non-zero count stays a count, not ×1024. */
	const char text[] = "HugePages_Total:      12\nHugePages_Free:        5\nHugepagesize:       2048 kB\n";
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_meminfo(text, sizeof(text) - 1, "m", &kv, &err), ML_OK);
	assert_int_equal(get(&kv, "HugePages_Total"), 12);
	assert_int_equal(get(&kv, "HugePages_Free"), 5);
	assert_int_equal(get(&kv, "Hugepagesize"), 2048 * 1024);
	ml_kv_free(&kv);
}

static void test_meminfo_i386_highmem_high_plus_low_is_mem_total(void **state)
{
	(void)state;
	struct ml_kv kv = kv_fixture(parse_meminfo, CAP_I386 "proc/meminfo");
	assert_int_equal(kv.n, 57);
	assert_int_equal(get(&kv, "HighTotal"), 2248584ULL * 1024);    /* 2302550016 */
	assert_int_equal(get(&kv, "HighFree"), 2221992ULL * 1024);
	assert_int_equal(get(&kv, "LowTotal"), 832576ULL * 1024);
	assert_int_equal(get(&kv, "MemTotal"), 3081160ULL * 1024);
	assert_int_equal(get(&kv, "HighTotal") + get(&kv, "LowTotal"), get(&kv, "MemTotal"));
	assert_int_equal(get(&kv, "VmallocTotal"), 122880ULL * 1024);  /* 120 MiB on i386 */
	assert_int_equal(get(&kv, "DirectMap4M"), 884736ULL * 1024);
	assert_int_equal(get(&kv, "Hugepagesize"), 4096 * 1024);       /* non-PAE: 4 MiB */
	assert_null(ml_kv_find(&kv, "DirectMap2M"));
	ml_kv_free(&kv);
}

static void test_meminfo_arm64_cma_total_is_64_mib(void **state)
{
	(void)state;
	struct ml_kv kv = kv_fixture(parse_meminfo, CAP_ARM64 "proc/meminfo");
	assert_int_equal(kv.n, 53);
	assert_int_equal(get(&kv, "CmaTotal"), 67108864);               /* 65536 kB */
	assert_int_equal(get(&kv, "CmaFree"), 64768ULL * 1024);
	assert_int_equal(get(&kv, "MemTotal"), 2011004ULL * 1024);
	assert_int_equal(get(&kv, "VmallocTotal"), 133143592960ULL * 1024);
	assert_null(ml_kv_find(&kv, "HighTotal"));
	ml_kv_free(&kv);
}

static void test_meminfo_arm64_cma_free_matches_vmstat_nr_free_cma(void **state)
{
	(void)state;
	struct ml_kv mi = kv_fixture(parse_meminfo, CAP_ARM64 "proc/meminfo");
	struct ml_kv vs = kv_fixture(parse_vmstat, CAP_ARM64 "proc/vmstat");
	/* 16192 pages of 4 KiB = 64768 kB: the two files agree. */
	assert_int_equal(get(&vs, "nr_free_cma") * 4096, get(&mi, "CmaFree"));
	ml_kv_free(&mi);
	ml_kv_free(&vs);
}

static void test_meminfo_2_6_5_snippet_has_old_field_set(void **state)
{
	(void)state;
	struct ml_kv kv = kv_fixture(parse_meminfo, 
		"snippets/57-i386-1g-highmem-2.6.5-mm-meminfo-vmstat-slabinfo20-sysrqm/meminfo");
	assert_int_equal(kv.n, 22);
	assert_int_equal(get(&kv, "MemTotal"), 1036272ULL * 1024);
	assert_int_equal(get(&kv, "HighTotal"), 130496ULL * 1024);
	assert_int_equal(get(&kv, "LowFree"), 4368ULL * 1024);
	assert_int_equal(get(&kv, "VmallocChunk"), 98700ULL * 1024);
	assert_int_equal(ml_kv_find(&kv, "VmallocChunk")->line, 22);
	assert_null(ml_kv_find(&kv, "MemAvailable"));
	assert_null(ml_kv_find(&kv, "CommitLimit"));
	ml_kv_free(&kv);
}

static void test_meminfo_2_6_11_snippet_high_plus_low_is_mem_total(void **state)
{
	(void)state;
	struct ml_kv kv = kv_fixture(parse_meminfo, 
		"snippets/56-i386-4g-highmem-2.6.11-meminfo-slabinfo-slab/meminfo");
	assert_int_equal(kv.n, 23);
	assert_int_equal(get(&kv, "MemTotal"), 3734304ULL * 1024);
	assert_int_equal(get(&kv, "HighTotal") + get(&kv, "LowTotal"), get(&kv, "MemTotal"));
	ml_kv_free(&kv);
}

static void test_meminfo_arm32_4_9_snippet_stops_at_vmalloc_chunk(void **state)
{
	(void)state;
	struct ml_kv kv = kv_fixture(parse_meminfo, 
		"snippets/60-arm32-ipcam-fh8856-32mb-4.9-meminfo-vmallocinfo-vmstat/meminfo");
	assert_int_equal(kv.n, 34);
	assert_int_equal(get(&kv, "MemTotal"), 32256ULL * 1024);
	assert_int_equal(get(&kv, "VmallocTotal"), 999424ULL * 1024);
	assert_string_equal(kv.v[33].name, "VmallocChunk");
	ml_kv_free(&kv);
}

static void test_meminfo_every_public_fixture_parses(void **state)
{
	(void)state;
	static const struct { const char *rel; size_t n; uint64_t memtotal_kb; } files[] = {
		{ "public/node-exporter/proc/meminfo", 42, 3742148 },
		{ "public/prometheus-procfs/proc/meminfo", 45, 15666184 },
		{ "public/jc/linux-proc/meminfo", 51, 3997272 },
		{ "public/ncollectd/meminfo/test01/proc/meminfo", 57, 32705688 },
		{ "public/ncollectd/memory/test01/proc/meminfo", 57, 32705688 },
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct ml_kv kv = kv_fixture(parse_meminfo, files[i].rel);
		assert_int_equal(kv.n, files[i].n);
		assert_int_equal(get(&kv, "MemTotal"), files[i].memtotal_kb * 1024);
		ml_kv_free(&kv);
	}
}

static void test_meminfo_per_node_file_is_refused_with_a_reason(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture("public/node-exporter/sys/devices/system/node/node0/meminfo", &len);
	expect_kv_error(parse_meminfo, buf, len, 1, "per-node");
	free(buf);
}

/* ---- meminfo, malformed variants of the real vm-6.18 file ---- */

static void test_meminfo_crlf_copy_parses_the_same(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(CAP_X86 "proc/meminfo", &len);
	char *crlf = ml_test_crlf(buf, len, &n);
	struct ml_kv a = { 0 }, b = { 0 };
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_meminfo(buf, len, "lf", &a, &err), ML_OK);
	assert_int_equal(ml_parse_meminfo(crlf, n, "crlf", &b, &err), ML_OK);
	assert_int_equal(a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		assert_string_equal(a.v[i].name, b.v[i].name);
		assert_int_equal(a.v[i].value, b.v[i].value);
		assert_int_equal(a.v[i].line, b.v[i].line);
	}
	ml_kv_free(&a);
	ml_kv_free(&b);
	free(crlf);
	free(buf);
}

static void test_meminfo_cut_mid_number_is_an_error_on_that_line(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(CAP_X86 "proc/meminfo", &len);
	/* "Cached:           607572 kB" cut after "6075": line 5. */
	size_t cut = ml_test_offset_after(buf, len, "Cached:           6075");
	expect_kv_error(parse_meminfo, buf, cut, 5, "cut short");
	/* Cut in the first line's number, "MemTotal:       24684|092 kB". */
	cut = ml_test_offset_after(buf, len, "MemTotal:       24684");
	expect_kv_error(parse_meminfo, buf, cut, 1, "cut short");
	/* Cut inside the unit: "k" is not a unit. */
	cut = ml_test_offset_after(buf, len, "Buffers:            5112 k");
	expect_kv_error(parse_meminfo, buf, cut, 4, "cut short");
	free(buf);
}

static void test_meminfo_garbage_value_names_the_field(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(CAP_X86 "proc/meminfo", &len);
	char *bad = ml_test_edit(buf, len, "MemFree:        23908976 kB", "MemFree:        2390X976 kB", &n);
	expect_kv_error(parse_meminfo, bad, n, 2, "'2390X976' is not a number");
	free(bad);
	bad = ml_test_edit(buf, len, "Buffers:            5112 kB", "Buffers:            5112kB", &n);
	expect_kv_error(parse_meminfo, bad, n, 4, "Buffers");
	free(bad);
	free(buf);
}

static void test_meminfo_30_digit_value_does_not_fit(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(CAP_X86 "proc/meminfo", &len);
	char *bad = ml_test_edit(buf, len, "24684092 kB", "123456789012345678901234567890 kB", &n);
	expect_kv_error(parse_meminfo, bad, n, 1, "does not fit in 64 bits");
	free(bad);
	free(buf);
}

static void test_meminfo_kb_to_bytes_overflow_is_caught(void **state)
{
	(void)state;
	/* 2^54 - 1 kB is the largest that fits as bytes; 2^54 kB is 2^64. */
	const char ok[] = "MemTotal: 18014398509481983 kB\n";
	const char bad[] = "MemTotal: 18014398509481984 kB\n";
	struct ml_kv kv = { 0 };
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_meminfo(ok, sizeof(ok) - 1, "m", &kv, &err), ML_OK);
	assert_true(get(&kv, "MemTotal") == UINT64_MAX - 1023);
	ml_kv_free(&kv);
	expect_kv_error(parse_meminfo, bad, sizeof(bad) - 1, 1, "as bytes");
}

static void test_meminfo_negative_value_is_refused(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(CAP_X86 "proc/meminfo", &len);
	char *bad = ml_test_edit(buf, len, "SwapCached:            0 kB", "SwapCached:           -4 kB", &n);
	expect_kv_error(parse_meminfo, bad, n, 6, "negative");
	free(bad);
	free(buf);
}

static void test_meminfo_unknown_unit_is_refused(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(CAP_X86 "proc/meminfo", &len);
	char *bad = ml_test_edit(buf, len, "MemAvailable:   24331852 kB", "MemAvailable:   24331852 MB", &n);
	expect_kv_error(parse_meminfo, bad, n, 3, "unknown unit 'MB'");
	free(bad);
	bad = ml_test_edit(buf, len, "Hugepagesize:       2048 kB", "Hugepagesize:       2048 KB", &n);
	expect_kv_error(parse_meminfo, bad, n, 50, "unknown unit 'KB'");
	free(bad);
	free(buf);
}

static void test_meminfo_missing_value_colon_or_extra_text_is_refused(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(CAP_X86 "proc/meminfo", &len);
	char *bad = ml_test_edit(buf, len, "Buffers:            5112 kB", "Buffers:", &n);
	expect_kv_error(parse_meminfo, bad, n, 4, "no value");
	free(bad);
	bad = ml_test_edit(buf, len, "Buffers:            5112 kB", "Buffers            5112 kB", &n);
	expect_kv_error(parse_meminfo, bad, n, 4, "no ':'");
	free(bad);
	bad = ml_test_edit(buf, len, "Buffers:            5112 kB", "Buffers:            5112 kB 7", &n);
	expect_kv_error(parse_meminfo, bad, n, 4, "unexpected text");
	free(bad);
	bad = ml_test_edit(buf, len, "Buffers:", ":", &n);
	expect_kv_error(parse_meminfo, bad, n, 4, "no name");
	free(bad);
	free(buf);
}

static void test_meminfo_name_longer_than_the_table_allows_is_refused(void **state)
{
	(void)state;
	char text[200];
	snprintf(text, sizeof(text), "%0*d: 1 kB\n", ML_KV_NAME, 0);
	expect_kv_error(parse_meminfo, text, strlen(text), 1, "characters long");
	snprintf(text, sizeof(text), "%0*d: 1 kB\n", ML_KV_NAME - 1, 0);
	struct ml_kv kv = { 0 };
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_meminfo(text, strlen(text), "m", &kv, &err), ML_OK);
	assert_int_equal(kv.n, 1);
	ml_kv_free(&kv);
}

static void test_meminfo_nul_byte_is_an_error_on_its_line(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(CAP_X86 "proc/meminfo", &len);
	char *bad = ml_test_edit_bytes(buf, len, "Cached:           607572", 24,
				       "Cached:     \0     607572", 24, &n);
	assert_int_equal(n, len);
	expect_kv_error(parse_meminfo, bad, n, 5, "NUL");
	free(bad);
	free(buf);
}

static void test_meminfo_empty_or_blank_file_is_an_error_without_line(void **state)
{
	(void)state;
	expect_kv_error(parse_meminfo, "", 0, 0, "empty file");
	expect_kv_error(parse_meminfo, "\n\n  \n", 5, 0, "empty file");
}

static void test_meminfo_two_files_pasted_together_is_a_duplicate_key(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(CAP_X86 "proc/meminfo", &len);
	char *twice = ml_test_concat(buf, len, buf, len);
	/* 54 lines, so the second MemTotal is line 55. */
	expect_kv_error(parse_meminfo, twice, 2 * len, 55, "duplicate key 'MemTotal' (first on line 1)");
	free(twice);
	free(buf);
}

static void test_meminfo_success_replaces_previous_contents(void **state)
{
	(void)state;
	struct ml_kv kv = { 0 };
	assert_int_equal(ml_kv_set(&kv, "old", 1, 1), 0);
	const char text[] = "MemTotal: 4 kB\n";
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_meminfo(text, sizeof(text) - 1, "m", &kv, &err), ML_OK);
	assert_int_equal(kv.n, 1);
	assert_null(ml_kv_find(&kv, "old"));
	assert_int_equal(get(&kv, "MemTotal"), 4096);
	ml_kv_free(&kv);
}

static void test_meminfo_err_may_be_null(void **state)
{
	(void)state;
	struct ml_kv kv = { 0 };
	assert_int_equal(ml_parse_meminfo("MemTotal: x kB\n", 15, "m", &kv, NULL), ML_EPARSE);
	assert_int_equal(kv.n, 0);
}

/* ---- vmstat ---- */

static void test_vmstat_x86_64_6_18_counters(void **state)
{
	(void)state;
	struct ml_kv kv = kv_fixture(parse_vmstat, CAP_X86 "proc/vmstat");
	assert_int_equal(kv.n, 192);
	assert_string_equal(kv.v[0].name, "nr_free_pages");
	assert_int_equal(get(&kv, "nr_free_pages"), 877903);          /* pages, not bytes */
	assert_int_equal(get(&kv, "pgfault"), 1219106);
	assert_int_equal(ml_kv_find(&kv, "pgfault")->line, 96);
	assert_int_equal(get(&kv, "compact_stall"), 0);
	assert_int_equal(get(&kv, "pgalloc_normal"), 2037717);
	/* The deprecated counter the kernel keeps printing last. */
	assert_string_equal(kv.v[191].name, "nr_unstable");
	ml_kv_free(&kv);
}

static void test_vmstat_arm64_6_1_cma_counters(void **state)
{
	(void)state;
	struct ml_kv kv = kv_fixture(parse_vmstat, CAP_ARM64 "proc/vmstat");
	assert_int_equal(kv.n, 169);
	assert_int_equal(get(&kv, "nr_free_pages"), 486276);
	assert_int_equal(get(&kv, "nr_free_cma"), 16192);
	assert_int_equal(get(&kv, "cma_alloc_success"), 3);
	assert_int_equal(get(&kv, "thp_fault_alloc"), 4);
	/* arm64 with 2 GiB: every allocation came from ZONE_DMA. */
	assert_int_equal(get(&kv, "pgalloc_dma"), 27140);
	assert_int_equal(get(&kv, "pgalloc_normal"), 0);
	ml_kv_free(&kv);
}

static void test_vmstat_2_6_38_snippet_old_names(void **state)
{
	(void)state;
	struct ml_kv kv = kv_fixture(parse_vmstat, "snippets/50-i386-2.6.38-highmem-buddyinfo-vmstat/vmstat");
	assert_int_equal(kv.n, 83);
	assert_int_equal(get(&kv, "nr_free_pages"), 187236);
	assert_int_equal(get(&kv, "pgalloc_high"), 45511627);
	assert_int_equal(get(&kv, "kswapd_steal"), 4026528);
	assert_int_equal(get(&kv, "compact_blocks_moved"), 11205);
	assert_int_equal(ml_kv_find(&kv, "compact_blocks_moved")->line, 68);
	assert_int_equal(get(&kv, "nr_anon_transparent_hugepages"), 9);
	assert_string_equal(kv.v[82].name, "unevictable_pgs_mlockfreed");
	ml_kv_free(&kv);
}

static void test_vmstat_2_6_5_snippet_zone_suffixed_counters(void **state)
{
	(void)state;
	struct ml_kv kv = kv_fixture(parse_vmstat, 
		"snippets/57-i386-1g-highmem-2.6.5-mm-meminfo-vmstat-slabinfo20-sysrqm/vmstat");
	assert_int_equal(kv.n, 37);
	assert_int_equal(get(&kv, "nr_slab"), 6596);
	assert_int_equal(get(&kv, "pgalloc_high"), 2402153);
	assert_int_equal(get(&kv, "allocstall"), 52579);
	ml_kv_free(&kv);
}

static void test_vmstat_every_public_fixture_parses(void **state)
{
	(void)state;
	static const struct { const char *rel; size_t n; uint64_t free; } files[] = {
		{ "public/node-exporter/proc/vmstat", 120, 977769 },
		{ "public/jc/linux-proc/vmstat", 147, 615337 },
		{ "public/ncollectd/vmem/test01/proc/vmstat", 179, 5682603 },
		{ "snippets/60-arm32-ipcam-fh8856-32mb-4.9-meminfo-vmallocinfo-vmstat/vmstat", 43, 3139 },
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct ml_kv kv = kv_fixture(parse_vmstat, files[i].rel);
		assert_int_equal(kv.n, files[i].n);
		assert_int_equal(get(&kv, "nr_free_pages"), files[i].free);
		ml_kv_free(&kv);
	}
}

static void test_vmstat_crlf_copy_parses_the_same(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(CAP_ARM64 "proc/vmstat", &len);
	char *crlf = ml_test_crlf(buf, len, &n);
	struct ml_kv a = { 0 }, b = { 0 };
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_vmstat(buf, len, "lf", &a, &err), ML_OK);
	assert_int_equal(ml_parse_vmstat(crlf, n, "crlf", &b, &err), ML_OK);
	assert_int_equal(a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		assert_string_equal(a.v[i].name, b.v[i].name);
		assert_int_equal(a.v[i].value, b.v[i].value);
	}
	ml_kv_free(&a);
	ml_kv_free(&b);
	free(crlf);
	free(buf);
}

static void test_vmstat_malformed_variants_of_the_real_file(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(CAP_X86 "proc/vmstat", &len);
	char *bad;

	/* cut mid-number: "nr_free_pages 8779|03" */
	expect_kv_error(parse_vmstat, buf, ml_test_offset_after(buf, len, "nr_free_pages 8779"), 1, "cut short");
	/* cut after a whole line: still no final newline */
	expect_kv_error(parse_vmstat, buf, ml_test_offset_after(buf, len, "nr_free_pages 877903"), 1,
			"cut short");
	/* the same cut with its newline is a valid one-line file */
	struct ml_kv kv = { 0 };
	struct ml_error err = { 0 };
	size_t whole_line = ml_test_offset_after(buf, len, "nr_free_pages 877903\n");
	assert_int_equal(ml_parse_vmstat(buf, whole_line, "v", &kv, &err), ML_OK);
	assert_int_equal(kv.n, 1);
	ml_kv_free(&kv);

	bad = ml_test_edit(buf, len, "pgfault 1219106", "pgfault 12l9106", &n);
	expect_kv_error(parse_vmstat, bad, n, 96, "'12l9106' is not a number");
	free(bad);
	bad = ml_test_edit(buf, len, "nr_free_pages 877903", "nr_free_pages -877903", &n);
	expect_kv_error(parse_vmstat, bad, n, 1, "negative");
	free(bad);
	bad = ml_test_edit(buf, len, "pgfault 1219106", "pgfault 987654321098765432109876543210", &n);
	expect_kv_error(parse_vmstat, bad, n, 96, "does not fit in 64 bits");
	free(bad);
	bad = ml_test_edit(buf, len, "pgfault 1219106", "pgfault", &n);
	expect_kv_error(parse_vmstat, bad, n, 96, "no value");
	free(bad);
	bad = ml_test_edit(buf, len, "pgfault 1219106", "pgfault 1219106 pages", &n);
	expect_kv_error(parse_vmstat, bad, n, 96, "unexpected text");
	free(bad);
	bad = ml_test_edit(buf, len, "pgfault 1219106", "nr_free_pages 1219106", &n);
	expect_kv_error(parse_vmstat, bad, n, 96, "duplicate key 'nr_free_pages' (first on line 1)");
	free(bad);
	bad = ml_test_edit_bytes(buf, len, "pgfault", 7, "pgf\0ult", 7, &n);
	expect_kv_error(parse_vmstat, bad, n, 96, "NUL");
	free(bad);
	/* a meminfo handed to the vmstat parser */
	char *mi = ml_test_read_fixture(CAP_X86 "proc/meminfo", &n);
	expect_kv_error(parse_vmstat, mi, n, 1, "'MemTotal:': unexpected text");
	free(mi);
	expect_kv_error(parse_vmstat, "", 0, 0, "empty file");
	free(buf);
}

/* ---- sysctls ---- */

static uint64_t sysctl_u64_fixture(const char *rel)
{
	uint64_t v = 0;
	ml_test_parse_fixture(parse_sysctl_u64, rel, &v);
	return v;
}

static void test_sysctl_min_free_kbytes_of_every_capture(void **state)
{
	(void)state;
	assert_int_equal(sysctl_u64_fixture(CAP_X86 "proc/sys/vm/min_free_kbytes"), 67584);
	assert_int_equal(sysctl_u64_fixture(CAP_ARM64 "proc/sys/vm/min_free_kbytes"), 22528);
	assert_int_equal(sysctl_u64_fixture(CAP_I386 "proc/sys/vm/min_free_kbytes"), 41180);
	assert_int_equal(sysctl_u64_fixture("captured/qemu-i386-6.1-3g-vmalloc4m-vmap-failure/proc/sys/vm/min_free_kbytes"),
			 47104);
	assert_int_equal(sysctl_u64_fixture("captured/qemu-i386-6.1-768m/proc/sys/vm/min_free_kbytes"), 36812);
	assert_int_equal(sysctl_u64_fixture(CAP_X86 "proc/sys/vm/extfrag_threshold"), 500);
	assert_int_equal(sysctl_u64_fixture(CAP_X86 "proc/sys/vm/watermark_scale_factor"), 10);
	assert_int_equal(sysctl_u64_fixture(CAP_X86 "proc/sys/vm/nr_hugepages"), 0);
}

static void test_sysctl_u64_newline_required_crlf_accepted(void **state)
{
	(void)state;
	uint64_t v = 0;
	struct ml_error err = { 0 };
	/* Without its "\n" the value may have been cut ("6" of "67584"):
	 * refused (hostile-input work; tests/fixtures/malformed/NOTES.md). */
	assert_int_equal(ml_parse_sysctl_u64("67584", 5, "s", &v, &err), ML_EPARSE);
	assert_int_equal(err.line, 1);
	v = 0;
	assert_int_equal(ml_parse_sysctl_u64("22528\r\n", 7, "s", &v, &err), ML_OK);
	assert_int_equal(v, 22528);
	assert_int_equal(ml_parse_sysctl_u64("18446744073709551615\n", 21, "s", &v, &err), ML_OK);
	assert_true(v == UINT64_MAX);
}

static void expect_sysctl_u64_error(const char *text, size_t len, unsigned long line, const char *what)
{
	uint64_t v = 99;
	ml_test_expect_error(parse_sysctl_u64, text, len, "s", &v, line, what);
	assert_int_equal(v, 99);
}

static void test_sysctl_u64_malformed(void **state)
{
	(void)state;
	expect_sysctl_u64_error("", 0, 0, "empty");
	expect_sysctl_u64_error("\n", 1, 0, "empty");
	expect_sysctl_u64_error("-1\n", 3, 1, "negative");
	expect_sysctl_u64_error("675B4\n", 6, 1, "not a number");
	expect_sysctl_u64_error("123456789012345678901234567890\n", 31, 1, "does not fit in 64 bits");
	expect_sysctl_u64_error("18446744073709551616\n", 21, 1, "does not fit in 64 bits");
	expect_sysctl_u64_error("256\t256\t32\t0\n", 13, 1, "more than one value");
	expect_sysctl_u64_error("67584\n1\n", 8, 2, "second line");
	expect_sysctl_u64_error("67\0" "584\n", 7, 1, "NUL");
}

static void test_sysctl_lowmem_reserve_ratio_one_entry_per_zone(void **state)
{
	(void)state;
	static const struct { const char *rel; size_t n; uint64_t v[5]; } files[] = {
		/* DMA DMA32 Normal Movable Device */
		{ CAP_X86 "proc/sys/vm/lowmem_reserve_ratio", 5, { 256, 256, 32, 0, 0 } },
		/* DMA DMA32 Normal Movable */
		{ CAP_ARM64 "proc/sys/vm/lowmem_reserve_ratio", 4, { 256, 256, 32, 0 } },
		/* DMA Normal HighMem Movable */
		{ CAP_I386 "proc/sys/vm/lowmem_reserve_ratio", 4, { 256, 32, 0, 0 } },
		{ "captured/qemu-i386-6.1-768m/proc/sys/vm/lowmem_reserve_ratio", 4, { 256, 32, 0, 0 } },
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		size_t len, n = 0;
		char *buf = ml_test_read_fixture(files[i].rel, &len);
		uint64_t v[8] = { 0 };
		struct ml_error err = { 0 };
		int r = ml_parse_sysctl_array(buf, len, files[i].rel, v, 8, &n, &err);
		if (r != ML_OK)
			fail_msg("%s: %s", files[i].rel, err.message);
		assert_int_equal(n, files[i].n);
		for (size_t k = 0; k < n; k++)
			assert_int_equal(v[k], files[i].v[k]);
		free(buf);
	}
}

static void test_sysctl_array_exactly_max_entries_fits_one_more_does_not(void **state)
{
	(void)state;
	size_t len, n = 0;
	char *buf = ml_test_read_fixture(CAP_X86 "proc/sys/vm/lowmem_reserve_ratio", &len);
	uint64_t v[5];
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_sysctl_array(buf, len, "l", v, 5, &n, &err), ML_OK);
	assert_int_equal(n, 5);
	n = 77;
	assert_int_equal(ml_parse_sysctl_array(buf, len, "l", v, 4, &n, &err), ML_EPARSE);
	assert_int_equal(err.line, 1);
	assert_non_null(strstr(err.message, "too many array entries"));
	assert_int_equal(n, 77);
	assert_int_equal(ml_parse_sysctl_array(buf, len, "l", NULL, 0, &n, &err), ML_EPARSE);
	free(buf);
}

static void test_sysctl_array_blanks_of_any_kind_separate_values(void **state)
{
	(void)state;
	const char text[] = "  256 256\t\t32 \t 0\r\n\n";
	uint64_t v[4];
	size_t n = 0;
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_sysctl_array(text, sizeof(text) - 1, "l", v, 4, &n, &err), ML_OK);
	assert_int_equal(n, 4);
	assert_int_equal(v[0], 256);
	assert_int_equal(v[2], 32);
	assert_int_equal(v[3], 0);
}

static void test_sysctl_array_malformed(void **state)
{
	(void)state;
	uint64_t v[8];
	size_t n;
	struct ml_error err;
	static const struct { const char *text; unsigned long line; const char *what; } cases[] = {
		{ "", 0, "empty" },
		{ "\n", 0, "empty" },
		{ "256\t256\tx\t0\n", 1, "value 3: 'x' is not a number" },
		{ "256\t-256\t32\t0\n", 1, "value 2 is negative" },
		{ "256\t123456789012345678901234567890\n", 1, "value 2" },
		{ "256\t256\n32\t0\n", 2, "second line" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&err, 0, sizeof(err));
		int r = ml_parse_sysctl_array(cases[i].text, strlen(cases[i].text), "l", v, 8, &n, &err);
		if (r != ML_EPARSE)
			fail_msg("'%s': expected ML_EPARSE, got %d", cases[i].text, r);
		ml_test_assert_error(&err, cases[i].line, cases[i].what);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meminfo_x86_64_6_18_totals_in_bytes),
		cmocka_unit_test(test_meminfo_x86_64_vmalloc_total_32_tib_fits_in_bytes),
		cmocka_unit_test(test_meminfo_hugepages_lines_without_unit_keep_the_count),
		cmocka_unit_test(test_meminfo_i386_highmem_high_plus_low_is_mem_total),
		cmocka_unit_test(test_meminfo_arm64_cma_total_is_64_mib),
		cmocka_unit_test(test_meminfo_arm64_cma_free_matches_vmstat_nr_free_cma),
		cmocka_unit_test(test_meminfo_2_6_5_snippet_has_old_field_set),
		cmocka_unit_test(test_meminfo_2_6_11_snippet_high_plus_low_is_mem_total),
		cmocka_unit_test(test_meminfo_arm32_4_9_snippet_stops_at_vmalloc_chunk),
		cmocka_unit_test(test_meminfo_every_public_fixture_parses),
		cmocka_unit_test(test_meminfo_per_node_file_is_refused_with_a_reason),
		cmocka_unit_test(test_meminfo_crlf_copy_parses_the_same),
		cmocka_unit_test(test_meminfo_cut_mid_number_is_an_error_on_that_line),
		cmocka_unit_test(test_meminfo_garbage_value_names_the_field),
		cmocka_unit_test(test_meminfo_30_digit_value_does_not_fit),
		cmocka_unit_test(test_meminfo_kb_to_bytes_overflow_is_caught),
		cmocka_unit_test(test_meminfo_negative_value_is_refused),
		cmocka_unit_test(test_meminfo_unknown_unit_is_refused),
		cmocka_unit_test(test_meminfo_missing_value_colon_or_extra_text_is_refused),
		cmocka_unit_test(test_meminfo_name_longer_than_the_table_allows_is_refused),
		cmocka_unit_test(test_meminfo_nul_byte_is_an_error_on_its_line),
		cmocka_unit_test(test_meminfo_empty_or_blank_file_is_an_error_without_line),
		cmocka_unit_test(test_meminfo_two_files_pasted_together_is_a_duplicate_key),
		cmocka_unit_test(test_meminfo_success_replaces_previous_contents),
		cmocka_unit_test(test_meminfo_err_may_be_null),
		cmocka_unit_test(test_vmstat_x86_64_6_18_counters),
		cmocka_unit_test(test_vmstat_arm64_6_1_cma_counters),
		cmocka_unit_test(test_vmstat_2_6_38_snippet_old_names),
		cmocka_unit_test(test_vmstat_2_6_5_snippet_zone_suffixed_counters),
		cmocka_unit_test(test_vmstat_every_public_fixture_parses),
		cmocka_unit_test(test_vmstat_crlf_copy_parses_the_same),
		cmocka_unit_test(test_vmstat_malformed_variants_of_the_real_file),
		cmocka_unit_test(test_sysctl_min_free_kbytes_of_every_capture),
		cmocka_unit_test(test_sysctl_u64_newline_required_crlf_accepted),
		cmocka_unit_test(test_sysctl_u64_malformed),
		cmocka_unit_test(test_sysctl_lowmem_reserve_ratio_one_entry_per_zone),
		cmocka_unit_test(test_sysctl_array_exactly_max_entries_fits_one_more_does_not),
		cmocka_unit_test(test_sysctl_array_blanks_of_any_kind_separate_values),
		cmocka_unit_test(test_sysctl_array_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
