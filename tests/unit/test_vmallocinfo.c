/* Unit tests of src/parse/vmallocinfo.c (kernel-model §8.2, §8.3, §11.5) on
 * real captures: Linux 6.18 x86_64 (kptr_restrict=0: hashed addresses),
 * 6.1 i386 and arm64 (kptr_restrict=1 read as root: real addresses), a
 * vendor 4.9 arm32 camera (snippet 60: "user" areas, "[module]" tags, phys=
 * without 0x), the jc x86_64 5.x file, and an excerpt quoted in an LKML
 * thread (64 KiB pages); then variants made here from those real files.
 * Counts and sums were taken off the files by hand (grep/awk) and checked
 * against meminfo's VmallocUsed of the same capture. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/vmallocinfo.h"

#define X86 "captured/vm-6.18-x86_64/proc/vmallocinfo"
#define I386 "captured/qemu-i386-6.1-3g-highmem/proc/vmallocinfo"
#define ARM64 "captured/qemu-arm64-6.1-2g/proc/vmallocinfo"
#define ARM32 "snippets/60-arm32-ipcam-fh8856-32mb-4.9-meminfo-vmallocinfo-vmstat/vmallocinfo"
#define JC "public/jc/linux-proc/vmallocinfo"
#define EXCERPT30 "reports-excerpts/30-arm64-64k-6.2-vmallocinfo.excerpt"

/* ---- helpers ---- */

/* The parser as testutil's helpers take it. */
static int parse(const char *text, size_t len, const char *file, void *out, struct ml_error *err)
{
	return ml_parse_vmallocinfo(text, len, file, out, err);
}

static struct ml_vmallocinfo parse_ok(const char *buf, size_t len, const char *what)
{
	struct ml_vmallocinfo vi;
	ml_test_parse_ok(parse, buf, len, what, &vi);
	return vi;
}

static struct ml_vmallocinfo parse_fixture(const char *rel)
{
	struct ml_vmallocinfo vi;
	ml_test_parse_fixture(parse, rel, &vi);
	return vi;
}

/* Parse must fail with ML_EPARSE on line, the message mentioning needle,
 * and leave no areas behind. */
static void expect_error(const char *buf, size_t len, unsigned long line, const char *needle)
{
	struct ml_vmallocinfo vi;
	ml_test_expect_error(parse, buf, len, "variant", &vi, line, needle);
	assert_null(vi.areas);
	assert_int_equal(vi.n, 0);
}

/* A copy of buf with every line's address range replaced by range. */
static char *with_ranges(const char *buf, size_t len, const char *range, size_t *outlen)
{
	size_t cap = len * 4 + 64, n = 0, i = 0;
	char *out = malloc(cap);
	assert_non_null(out);
	while (i < len) {
		const char *sp = memchr(buf + i, ' ', len - i);
		const char *nl = memchr(buf + i, '\n', len - i);
		assert_non_null(sp);
		assert_non_null(nl);
		n += (size_t)sprintf(out + n, "%s", range);
		memcpy(out + n, sp, (size_t)(nl - sp) + 1);
		n += (size_t)(nl - sp) + 1;
		i = (size_t)(nl - buf) + 1;
	}
	*outlen = n;
	return out;
}

struct kind_counts {
	size_t ioremap, vmalloc, vmap, user, vpages, dma_coherent, sparse, vm_map_ram, unpurged, other;
	uint64_t vmalloc_pages;   /* Σ pages= over lines marked vmalloc */
	uint64_t size_bytes;      /* Σ size over all lines */
};

static struct kind_counts count(const struct ml_vmallocinfo *vi)
{
	struct kind_counts k;
	memset(&k, 0, sizeof(k));
	for (size_t i = 0; i < vi->n; i++) {
		unsigned f = vi->areas[i].kind_flags;
		k.ioremap += !!(f & ML_VMALLOC_IOREMAP);
		k.vmalloc += !!(f & ML_VMALLOC_VMALLOC);
		k.vmap += !!(f & ML_VMALLOC_VMAP);
		k.user += !!(f & ML_VMALLOC_USER);
		k.vpages += !!(f & ML_VMALLOC_VPAGES);
		k.dma_coherent += !!(f & ML_VMALLOC_DMA_COHERENT);
		k.sparse += !!(f & ML_VMALLOC_SPARSE);
		k.vm_map_ram += !!(f & ML_VMALLOC_VM_MAP_RAM);
		k.unpurged += !!(f & ML_VMALLOC_UNPURGED);
		k.other += !!(f & ML_VMALLOC_OTHER);
		if (f & ML_VMALLOC_VMALLOC)
			k.vmalloc_pages += vi->areas[i].pages;
		k.size_bytes += vi->areas[i].size;
	}
	return k;
}

/* ---- real files ---- */

static void test_x86_618_hashed_addresses_counts_and_vmalloc_used(void **state)
{
	(void)state;
	struct ml_vmallocinfo vi = parse_fixture(X86);
	assert_int_equal(vi.n, 2186);
	/* kptr_restrict was 0: "0x00000000daa76f79-0x00000000dd324653 20480"
	 * cannot be subtracted. */
	assert_int_equal(vi.addresses, ML_VMALLOC_ADDR_HASHED);
	assert_false(vi.addresses_real);

	struct kind_counts k = count(&vi);
	assert_int_equal(k.vmalloc, 210);
	assert_int_equal(k.ioremap, 29);
	assert_int_equal(k.vmap, 2);
	assert_int_equal(k.vpages, 3);
	assert_int_equal(k.unpurged, 1945);   /* 1943 of 20480 bytes + 2 of 16384 */
	assert_int_equal(k.user + k.dma_coherent + k.sparse + k.vm_map_ram + k.other, 0);
	/* Σ pages= over vmalloc lines = 3591 pages = 14364 kB = meminfo
	 * VmallocUsed of the same capture (kernel-model §8.3 "Accounting"). */
	assert_int_equal(k.vmalloc_pages, 3591);
	assert_int_equal(k.vmalloc_pages * 4, 14364);
	assert_int_equal(k.size_bytes, 58814464);

	/* line 59: "0x000000006b91297b-0x000000006f309540 2105344
	 *           htab_map_alloc+0x2e4/0x5a0 pages=513 vmalloc vpages N0=513"
	 * 513 pages + guard page = 514 * 4096 = 2105344 bytes. */
	const struct ml_vmalloc_area *a = &vi.areas[58];
	assert_int_equal(a->line, 59);
	assert_string_equal(a->caller, "htab_map_alloc");
	assert_string_equal(a->module, "");
	assert_int_equal(a->size, 2105344);
	assert_int_equal(a->size, (513 + 1) * 4096);
	assert_true(a->has_pages);
	assert_int_equal(a->pages, 513);
	assert_false(a->has_phys);
	assert_int_equal(a->kind_flags, ML_VMALLOC_VMALLOC | ML_VMALLOC_VPAGES);
	assert_int_equal(a->nnode_pages, 1);
	assert_int_equal(a->node_pages[0].node, 0);
	assert_int_equal(a->node_pages[0].pages, 513);
	assert_int_equal(a->node_pages_total, 513);
	assert_int_equal(a->start, 0x6b91297b);
	assert_int_equal(a->end, 0x6f309540);

	/* line 2: "... 8192 acpi_os_map_iomem+0x1bc/0x1e0 phys=0x00000000000a0000 ioremap" */
	a = &vi.areas[1];
	assert_string_equal(a->caller, "acpi_os_map_iomem");
	assert_true(a->has_phys);
	assert_int_equal(a->phys, 0xa0000);
	assert_false(a->has_pages);
	assert_int_equal(a->kind_flags, ML_VMALLOC_IOREMAP);
	assert_int_equal(a->nnode_pages, 0);

	/* line 243: "0x00000000a2c4caa5-0x00000000a97dc43c 20480 unpurged vm_area" */
	a = &vi.areas[242];
	assert_string_equal(a->caller, "");
	assert_int_equal(a->size, 20480);
	assert_int_equal(a->kind_flags, ML_VMALLOC_UNPURGED);

	/* line 124: the percpu first chunk is VM_ALLOC without a pages array. */
	a = &vi.areas[123];
	assert_string_equal(a->caller, "pcpu_get_vm_areas");
	assert_int_equal(a->kind_flags, ML_VMALLOC_VMALLOC);
	assert_false(a->has_pages);
	assert_int_equal(a->size, 2097152);
	ml_vmallocinfo_free(&vi);
	assert_null(vi.areas);
}

static void test_i386_61_real_addresses_and_vmalloc_used(void **state)
{
	(void)state;
	struct ml_vmallocinfo vi = parse_fixture(I386);
	assert_int_equal(vi.n, 46);
	assert_int_equal(vi.addresses, ML_VMALLOC_ADDR_REAL);
	assert_true(vi.addresses_real);
	struct kind_counts k = count(&vi);
	assert_int_equal(k.vmalloc, 40);
	assert_int_equal(k.ioremap, 6);
	assert_int_equal(k.vmap + k.user + k.unpurged + k.other, 0);
	/* 938 pages = 3752 kB = VmallocUsed in that capture's meminfo. */
	assert_int_equal(k.vmalloc_pages, 938);
	assert_int_equal(k.vmalloc_pages * 4, 3752);

	/* line 1: "0xf73fe000-0xf7400000 8192 acpi_os_map_iomem+0x211/0x240 phys=0xbffe1000 ioremap" */
	const struct ml_vmalloc_area *a = &vi.areas[0];
	assert_int_equal(a->start, 0xf73fe000);
	assert_int_equal(a->end, 0xf7400000);
	assert_int_equal(a->end - a->start, a->size);
	assert_int_equal(a->size, 8192);
	assert_int_equal(a->phys, 0xbffe1000);
	assert_string_equal(a->caller, "acpi_os_map_iomem");
	/* No NUMA on this kernel: no N<node>= words anywhere. */
	for (size_t i = 0; i < vi.n; i++)
		assert_int_equal(vi.areas[i].nnode_pages, 0);
	/* line 46: "0xfebbc000-0xfebfe000 270336 pcpu_get_vm_areas+0x0/0xde0 vmalloc" */
	a = &vi.areas[45];
	assert_int_equal(a->line, 46);
	assert_false(a->has_pages);
	assert_int_equal(a->size, 270336);
	ml_vmallocinfo_free(&vi);
}

static void test_arm64_61_real_addresses_kinds_and_nodes(void **state)
{
	(void)state;
	struct ml_vmallocinfo vi = parse_fixture(ARM64);
	assert_int_equal(vi.n, 286);
	assert_true(vi.addresses_real);
	struct kind_counts k = count(&vi);
	assert_int_equal(k.vmalloc, 94);
	assert_int_equal(k.ioremap, 12);
	assert_int_equal(k.vmap, 5);
	assert_int_equal(k.dma_coherent, 3);
	assert_int_equal(k.unpurged, 172);
	assert_int_equal(k.other + k.vpages + k.user, 0);
	/* 1110 pages = 4440 kB = VmallocUsed. */
	assert_int_equal(k.vmalloc_pages, 1110);

	/* line 1: "0xffff800008000000-0xffff800008005000 20480 start_kernel+0x568/0x790 pages=4 vmalloc N0=4" */
	const struct ml_vmalloc_area *a = &vi.areas[0];
	assert_int_equal(a->start, 0xffff800008000000ULL);
	assert_int_equal(a->end, 0xffff800008005000ULL);
	assert_string_equal(a->caller, "start_kernel");
	assert_int_equal(a->pages, 4);
	assert_int_equal(a->nnode_pages, 1);
	assert_int_equal(a->node_pages[0].pages, 4);
	/* line 109: the kernel image mapped by paging_init: vmap with phys=. */
	a = &vi.areas[108];
	assert_string_equal(a->caller, "paging_init");
	assert_int_equal(a->kind_flags, ML_VMALLOC_VMAP);
	assert_int_equal(a->phys, 0x40210000);
	assert_int_equal(a->size, 13565952);
	ml_vmallocinfo_free(&vi);
}

static void test_arm32_49_user_modules_and_bare_hex_phys(void **state)
{
	(void)state;
	struct ml_vmallocinfo vi = parse_fixture(ARM32);
	assert_int_equal(vi.n, 99);
	assert_true(vi.addresses_real);
	struct kind_counts k = count(&vi);
	assert_int_equal(k.ioremap, 77);
	assert_int_equal(k.vmalloc, 17);
	assert_int_equal(k.user, 5);
	assert_int_equal(k.vmalloc_pages, 300);
	assert_int_equal(k.other, 0);

	size_t enc = 0;
	for (size_t i = 0; i < vi.n; i++)
		enc += strcmp(vi.areas[i].module, "enc") == 0;
	assert_int_equal(enc, 29);

	/* line 81: a 25 MB ioremap by the vpu module, phys printed without 0x. */
	const struct ml_vmalloc_area *a = &vi.areas[80];
	assert_int_equal(a->line, 81);
	assert_string_equal(a->caller, "vpu_create_channel");
	assert_string_equal(a->module, "vpu");
	assert_int_equal(a->size, 25382912);
	assert_int_equal(a->phys, 0xa2426000);
	/* line 11: a symbol with dots, "user" (VM_USERMAP) area. */
	a = &vi.areas[10];
	assert_string_equal(a->caller, "dma_alloc_attrs.constprop.5");
	assert_int_equal(a->kind_flags, ML_VMALLOC_USER);
	/* lines 98 and 99 are the same area twice, as posted: kept. */
	assert_int_equal(vi.areas[97].start, vi.areas[98].start);
	assert_int_equal(vi.areas[98].phys, 0xed000000);
	ml_vmallocinfo_free(&vi);
}

static void test_jc_x86_64_real_addresses_with_modules(void **state)
{
	(void)state;
	struct ml_vmallocinfo vi = parse_fixture(JC);
	assert_int_equal(vi.n, 1362);
	assert_true(vi.addresses_real);
	struct kind_counts k = count(&vi);
	assert_int_equal(k.vmalloc, 972);
	assert_int_equal(k.unpurged, 371);
	/* line 21: "... 12288 vmw_fb_init+0x1c3/0x3f0 [vmwgfx] pages=2 vmalloc N0=2" */
	const struct ml_vmalloc_area *a = &vi.areas[20];
	assert_string_equal(a->caller, "vmw_fb_init");
	assert_string_equal(a->module, "vmwgfx");
	assert_int_equal(a->pages, 2);
	ml_vmallocinfo_free(&vi);
}

static void test_excerpt30_64k_pages_and_trailing_ellipsis(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(EXCERPT30, &len);
	/* The poster's "..." on line 9 is not vmallocinfo text. */
	expect_error(buf, len, 9, "address range");
	/* The 8 real lines: 64 KiB pages, so 393216 = (5 + 1 guard) x 65536. */
	const char *dots = ml_test_find(buf, len, "...", 3);
	assert_non_null(dots);
	struct ml_vmallocinfo vi = parse_ok(buf, (size_t)(dots - buf), EXCERPT30);
	assert_int_equal(vi.n, 8);
	assert_true(vi.addresses_real);
	assert_int_equal(vi.areas[1].size, 393216);
	assert_int_equal(vi.areas[1].pages, 5);
	assert_int_equal(vi.areas[1].size, (vi.areas[1].pages + 1) * 65536);
	assert_string_equal(vi.areas[1].caller, "move_module");
	ml_vmallocinfo_free(&vi);
	free(buf);
}

/* ---- address forms, decided per file ---- */

static void test_zero_and_ptrval_addresses_are_recognised(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(I386, &len);
	/* kptr_restrict=2: every range prints as zeros. */
	char *v = with_ranges(buf, len, "0x00000000-0x00000000", &n);
	struct ml_vmallocinfo vi = parse_ok(v, n, "zeros");
	assert_int_equal(vi.addresses, ML_VMALLOC_ADDR_ZERO);
	assert_false(vi.addresses_real);
	assert_int_equal(count(&vi).vmalloc_pages, 938);   /* sizes and pages untouched */
	ml_vmallocinfo_free(&vi);
	free(v);
	/* Read before the hash key was ready (captured/ NOTES.md step 5). */
	v = with_ranges(buf, len, "0x(ptrval)-0x(ptrval)", &n);
	vi = parse_ok(v, n, "ptrval");
	assert_int_equal(vi.addresses, ML_VMALLOC_ADDR_PTRVAL);
	assert_false(vi.addresses_real);
	assert_int_equal(vi.areas[0].size, 8192);
	ml_vmallocinfo_free(&vi);
	free(v);
	free(buf);
}

static void test_one_edited_line_does_not_unmake_real_addresses(void **state)
{
	(void)state;
	size_t len, n, n2;
	char *buf = ml_test_read_fixture(ARM64, &len);
	/* 286 lines: up to 2 lines may disagree with their size. */
	char *v = ml_test_edit(buf, len, "0xffff800008000000-0xffff800008005000",
			       "0xffff800008000000-0xffff800008006000", &n);
	struct ml_vmallocinfo vi = parse_ok(v, n, "one");
	assert_true(vi.addresses_real);
	ml_vmallocinfo_free(&vi);
	/* A line of zeros among real ones: read while kptr_restrict changed. */
	char *v2 = ml_test_edit(v, n, "0xffff800008005000-0xffff800008007000",
				"0x0000000000000000-0x0000000000000000", &n2);
	vi = parse_ok(v2, n2, "mixed");
	assert_false(vi.addresses_real);
	assert_int_equal(vi.addresses, ML_VMALLOC_ADDR_HASHED);
	ml_vmallocinfo_free(&vi);
	free(v2);
	free(v);
	free(buf);
}

/* ---- words the kernel may add ---- */

static void test_unknown_word_and_build_id_module_are_tolerated(void **state)
{
	(void)state;
	size_t len, n, n2;
	char *buf = ml_test_read_fixture(ARM32, &len);
	/* line 1 gains a word from some future kernel */
	char *v = ml_test_edit(buf, len, "pages=3 vmalloc\n", "pages=3 vmalloc huge\n", &n);
	/* line 24: %pS with CONFIG_STACKTRACE_BUILD_ID prints "[isp <build id>]" */
	char *v2 = ml_test_edit(v, n, "[isp] phys=f1100000",
				"[isp 0123456789abcdef0123456789abcdef01234567] phys=f1100000", &n2);
	struct ml_vmallocinfo vi = parse_ok(v2, n2, "variant");
	assert_int_equal(vi.areas[0].kind_flags, ML_VMALLOC_VMALLOC | ML_VMALLOC_OTHER);
	assert_string_equal(vi.areas[0].other, "huge");
	assert_int_equal(vi.areas[0].pages, 3);
	assert_string_equal(vi.areas[23].module, "isp");
	assert_string_equal(vi.areas[23].caller, "mipi_driver_init");
	assert_int_equal(vi.areas[23].phys, 0xf1100000);
	assert_int_equal(count(&vi).other, 1);
	ml_vmallocinfo_free(&vi);
	free(v2);
	free(v);
	free(buf);
}

static void test_vm_map_ram_and_sparse_lines(void **state)
{
	(void)state;
	size_t len, n, n2;
	char *buf = ml_test_read_fixture(X86, &len);
	/* line 243 as a vm_map_ram area; line 59 with 6.12's "sparse" word. */
	char *v = ml_test_edit(buf, len, "0x00000000a97dc43c   20480 unpurged vm_area",
			       "0x00000000a97dc43c   20480 vm_map_ram", &n);
	char *v2 = ml_test_edit(v, n, "pages=513 vmalloc vpages", "pages=513 sparse vmalloc vpages", &n2);
	struct ml_vmallocinfo vi = parse_ok(v2, n2, "variant");
	struct kind_counts k = count(&vi);
	assert_int_equal(k.vm_map_ram, 1);
	assert_int_equal(k.unpurged, 1944);
	assert_int_equal(k.sparse, 1);
	assert_int_equal(k.other, 0);
	ml_vmallocinfo_free(&vi);
	free(v2);
	free(v);
	free(buf);
}

static void test_more_nodes_than_pairs_are_summed(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(X86, &len);
	/* line 59's 513 pages spread over 19 nodes, 27 each (19 * 27 = 513),
	 * as an interleaved allocation prints; only 16 pairs are kept, the sum
	 * stays whole. */
	char spread[400];
	size_t k = 0;
	for (int node = 0; node < 19; node++)
		k += (size_t)snprintf(spread + k, sizeof(spread) - k, "%sN%d=27", node ? " " : "", node);
	char *v = ml_test_edit(buf, len, "vpages N0=513", spread, &n);
	struct ml_vmallocinfo vi = parse_ok(v, n, "variant");
	const struct ml_vmalloc_area *a = &vi.areas[58];
	/* "vpages" was replaced too: the flags lose it */
	assert_int_equal(a->kind_flags, ML_VMALLOC_VMALLOC);
	assert_int_equal(a->nnode_pages, ML_VMALLOC_NODE_PAIRS);
	assert_true(a->node_pages_truncated);
	assert_int_equal(a->node_pages[15].node, 15);
	assert_int_equal(a->node_pages_total, 513);
	assert_int_equal(a->node_pages_total, a->pages);
	ml_vmallocinfo_free(&vi);
	free(v);
	free(buf);
}

static void test_crlf_parses_the_same(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(ARM32, &len);
	size_t n;
	char *crlf = ml_test_crlf(buf, len, &n);
	struct ml_vmallocinfo a = parse_ok(buf, len, "lf");
	struct ml_vmallocinfo b = parse_ok(crlf, n, "crlf");
	assert_int_equal(a.n, b.n);
	assert_int_equal(a.addresses, b.addresses);
	for (size_t i = 0; i < a.n; i++)
		assert_memory_equal(&a.areas[i], &b.areas[i], sizeof(a.areas[i]));
	ml_vmallocinfo_free(&a);
	ml_vmallocinfo_free(&b);
	free(crlf);
	free(buf);
}

/* ---- malformed variants ---- */

static void test_empty_file_is_refused(void **state)
{
	(void)state;
	expect_error("", 0, 0, "empty");
	expect_error("\n \n", 3, 0, "empty");
}

static void test_bad_range_tokens_are_refused(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(I386, &len);
	const char *from = "0xf7403000-0xf7405000";   /* line 3 */
	const char *bad[] = { "0xf7403000 0xf7405000", "0xf7403000", "f7403000-f7405000",
			      "0xf74g3000-0xf7405000", "0x-0xf7405000", "0x12345678901234567-0x0",
			      "0x(ptrval-0x(ptrval)" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *v = ml_test_edit(buf, len, from, bad[i], &n);
		expect_error(v, n, 3, "address range");
		free(v);
	}
	free(buf);
}

static void test_bad_numbers_are_refused_with_their_line(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(X86, &len);
	/* all on line 59: "... 2105344 htab_map_alloc+0x2e4/0x5a0 pages=513 vmalloc vpages N0=513" */
	struct {
		const char *from, *to, *needle;
	} bad[] = {
		{ " 2105344 htab", " 21o5344 htab", "size" },
		{ " 2105344 htab", " -2105344 htab", "never negative" },
		{ " 2105344 htab", " 123456789012345678901234567890 htab", "64 bits" },
		{ "pages=513 vmalloc vpages", "pages=5l3 vmalloc vpages", "pages=" },
		{ "pages=513 vmalloc vpages", "pages= vmalloc vpages", "pages=" },
		{ "pages=513 vmalloc vpages", "pages=999999999999999999999999999999 vmalloc vpages",
		  "64 bits" },
		{ "vpages N0=513", "vpages N0=51x", "N<node>=" },
		{ "vpages N0=513", "vpages N0=", "N<node>=" },
		{ "vpages N0=513", "vpages N5000=513", "node number" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *v = ml_test_edit(buf, len, bad[i].from, bad[i].to, &n);
		expect_error(v, n, 59, bad[i].needle);
		free(v);
	}
	/* line 2: phys= that is not hex, or longer than 64 bits */
	char *v = ml_test_edit(buf, len, "phys=0x00000000000a0000", "phys=0x00000000000a000z", &n);
	expect_error(v, n, 2, "phys=");
	free(v);
	v = ml_test_edit(buf, len, "phys=0x00000000000a0000", "phys=0x100000000000a0000", &n);
	expect_error(v, n, 2, "phys=");
	free(v);
	free(buf);
}

static void test_cut_lines_are_refused(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(X86, &len);
	/* The capture cut right after line 59's address range... */
	const char *at = ml_test_find(buf, len, "0x000000006b91297b-0x000000006f309540", 37);
	assert_non_null(at);
	expect_error(buf, (size_t)(at - buf) + 37, 59, "no size");
	/* ...inside the range... */
	expect_error(buf, (size_t)(at - buf) + 20, 59, "address range");
	/* ...or inside "N0=513" after the '='. */
	const char *n0 = ml_test_find(at, len - (size_t)(at - buf), "N0=513", 6);
	expect_error(buf, (size_t)(n0 - buf) + 3, 59, "N<node>=");
	/* An unclosed module tag (line 24 of the arm32 file cut after "[isp"). */
	free(buf);
	buf = ml_test_read_fixture(ARM32, &len);
	char *v = ml_test_edit(buf, len, "[isp] phys=f1100000", "[isp", &n);
	expect_error(v, n, 24, "not closed");
	free(v);
	free(buf);
}

static void test_nul_byte_and_overlong_line_are_refused(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(I386, &len);
	char *v = ml_test_edit_bytes(buf, len, "hpet_enable", 11, "hpet\0enable", 11, &n);
	expect_error(v, n, 3, "NUL");
	free(v);
	/* line 3 padded to 70000 bytes */
	char *pad = malloc(70001);
	memset(pad, ' ', 70000);
	pad[70000] = '\0';
	memcpy(pad, "hpet_enable+0xc5/0x3da", 22);
	v = ml_test_edit(buf, len, "hpet_enable+0xc5/0x3da", pad, &n);
	expect_error(v, n, 3, "longer");
	free(v);
	free(pad);
	free(buf);
}

static void test_overlong_module_name_is_refused(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(ARM32, &len);
	char tag[80];
	tag[0] = '[';
	memset(tag + 1, 'm', 64);
	strcpy(tag + 65, "]");
	char *v = ml_test_edit(buf, len, "[isp]", tag, &n);
	expect_error(v, n, 24, "module tag");
	free(v);
	free(buf);
}

static void test_long_caller_is_cut_not_refused(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(I386, &len);
	/* KSYM_NAME_LEN is 512: a long (e.g. Rust) symbol is real output. */
	char sym[300];
	memset(sym, 's', 200);
	strcpy(sym + 200, "+0xc5/0x3da");
	char *v = ml_test_edit(buf, len, "hpet_enable+0xc5/0x3da", sym, &n);
	struct ml_vmallocinfo vi = parse_ok(v, n, "variant");
	assert_true(vi.areas[2].caller_truncated);
	assert_int_equal(strlen(vi.areas[2].caller), 127);
	assert_int_equal(vi.areas[2].phys, 0xfed00000);
	ml_vmallocinfo_free(&vi);
	free(v);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_x86_618_hashed_addresses_counts_and_vmalloc_used),
		cmocka_unit_test(test_i386_61_real_addresses_and_vmalloc_used),
		cmocka_unit_test(test_arm64_61_real_addresses_kinds_and_nodes),
		cmocka_unit_test(test_arm32_49_user_modules_and_bare_hex_phys),
		cmocka_unit_test(test_jc_x86_64_real_addresses_with_modules),
		cmocka_unit_test(test_excerpt30_64k_pages_and_trailing_ellipsis),
		cmocka_unit_test(test_zero_and_ptrval_addresses_are_recognised),
		cmocka_unit_test(test_one_edited_line_does_not_unmake_real_addresses),
		cmocka_unit_test(test_unknown_word_and_build_id_module_are_tolerated),
		cmocka_unit_test(test_vm_map_ram_and_sparse_lines),
		cmocka_unit_test(test_more_nodes_than_pairs_are_summed),
		cmocka_unit_test(test_crlf_parses_the_same),
		cmocka_unit_test(test_empty_file_is_refused),
		cmocka_unit_test(test_bad_range_tokens_are_refused),
		cmocka_unit_test(test_bad_numbers_are_refused_with_their_line),
		cmocka_unit_test(test_cut_lines_are_refused),
		cmocka_unit_test(test_nul_byte_and_overlong_line_are_refused),
		cmocka_unit_test(test_overlong_module_name_is_refused),
		cmocka_unit_test(test_long_caller_is_cut_not_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
