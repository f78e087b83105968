/* GFP flags (kernel-model §1): names, composites, %pGg-style formatting,
 * kernel hex per version, and the per-mask rules of §1.4, §2.2 and §3.2.
 * Expected hex values are the ones §1.1/§1.2 tabulate. */
#include "testutil.h"

#include <string.h>

#include "analyse/alloc_rules.h"
#include "analyse/gfp.h"

static ml_gfp_t parse_ok(const char *text)
{
	ml_gfp_t g = 0;
	uint64_t hex = 0;
	struct ml_error err = { 0 };
	if (ml_gfp_parse(text, &g, &hex, &err) != ML_OK)
		fail_msg("'%s': %s", text, err.message);
	assert_int_equal(hex, 0);
	return g;
}

static void test_gfp_composites_have_the_618_bits(void **state)
{
	(void)state;
	/* memlayout's bits 0..23 are the 6.3+ layout, so the hex equals §1.2's. */
	assert_int_equal(parse_ok("GFP_KERNEL"), 0xcc0);
	assert_int_equal(parse_ok("GFP_ATOMIC"), 0x820);
	assert_int_equal(parse_ok("GFP_NOWAIT"), 0x2800);
	assert_int_equal(parse_ok("GFP_NOIO"), 0xc00);
	assert_int_equal(parse_ok("GFP_NOFS"), 0xc40);
	assert_int_equal(parse_ok("GFP_USER"), 0x100cc0);
	assert_int_equal(parse_ok("GFP_HIGHUSER"), 0x100cc2);
	assert_int_equal(parse_ok("GFP_HIGHUSER_MOVABLE"), 0x100cca);
	assert_int_equal(parse_ok("GFP_TRANSHUGE_LIGHT"), 0x1c20ca);
	assert_int_equal(parse_ok("GFP_TRANSHUGE"), 0x1c24ca);
	assert_int_equal(parse_ok("GFP_KERNEL_ACCOUNT"), 0x400cc0);
	assert_int_equal(parse_ok("GFP_DMA"), 0x1);
	assert_int_equal(parse_ok("GFP_DMA32"), 0x4);
}

static void test_gfp_names_join_with_bar_or_comma_and_blanks(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("GFP_KERNEL|__GFP_NORETRY"), 0xcc0 | 0x10000);
	assert_int_equal(parse_ok("GFP_ATOMIC,__GFP_ZERO"), 0x820 | 0x100);
	assert_int_equal(parse_ok(" GFP_KERNEL | __GFP_COMP "), 0x40cc0);
	/* The "__" of a single flag may be left out; case does not matter. */
	assert_int_equal(parse_ok("GFP_KERNEL|GFP_NORETRY"), 0x10cc0);
	assert_int_equal(parse_ok("gfp_kernel"), 0xcc0);
	assert_int_equal(parse_ok("none"), 0);
}

static void test_gfp_unknown_name_suggests_the_nearest(void **state)
{
	(void)state;
	ml_gfp_t g;
	uint64_t hex;
	struct ml_error err = { 0 };
	assert_int_equal(ml_gfp_parse("GFP_KERNL|__GFP_ZERO", &g, &hex, &err), ML_EUSAGE);
	assert_non_null(strstr(err.message, "'GFP_KERNL'"));
	assert_non_null(strstr(err.message, "did you mean GFP_KERNEL?"));
	assert_int_equal(ml_gfp_parse("GFP_KERNEL|__GFP_NORETRYY", &g, &hex, &err), ML_EUSAGE);
	assert_non_null(strstr(err.message, "did you mean __GFP_NORETRY?"));
	assert_int_equal(ml_gfp_parse("GFP_ATOMIK", &g, &hex, &err), ML_EUSAGE);
	assert_non_null(strstr(err.message, "GFP_ATOMIC"));
	/* Nothing close: no suggestion, but an example. */
	assert_int_equal(ml_gfp_parse("banana_split_sundae", &g, &hex, &err), ML_EUSAGE);
	assert_null(strstr(err.message, "did you mean"));
	/* Empty names between separators are an error, not "none". */
	assert_int_equal(ml_gfp_parse("GFP_KERNEL||__GFP_ZERO", &g, &hex, &err), ML_EUSAGE);
	assert_int_equal(ml_gfp_parse("", &g, &hex, &err), ML_EUSAGE);
}

static void test_gfp_hex_tokens_are_kept_as_unknown(void **state)
{
	(void)state;
	ml_gfp_t g;
	uint64_t hex;
	struct ml_error err = { 0 };
	assert_int_equal(ml_gfp_parse("GFP_KERNEL|0x1000000", &g, &hex, &err), ML_OK);
	assert_int_equal(g, 0xcc0);
	assert_int_equal(hex, 0x1000000);
	/* Without a place to keep them, hex bits are refused. */
	assert_int_equal(ml_gfp_parse("0x40cc0", &g, NULL, &err), ML_EUSAGE);
}

static void fmt_is(ml_gfp_t g, const char *want)
{
	char buf[256];
	ml_gfp_format(g, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_gfp_format_longest_composite_first(void **state)
{
	(void)state;
	/* §1.5: 0x40dc0 prints GFP_KERNEL|__GFP_ZERO|__GFP_COMP on 6.18. */
	fmt_is(0x40dc0, "GFP_KERNEL|__GFP_ZERO|__GFP_COMP");
	/* §8.1: vmalloc's page mask. */
	fmt_is(0xcc2, "GFP_KERNEL|__GFP_HIGHMEM");
	fmt_is(0x40cc0, "GFP_KERNEL|__GFP_COMP");
	fmt_is(0x820, "GFP_ATOMIC");
	fmt_is(0x2800, "GFP_NOWAIT");
	fmt_is(0x1c24ca, "GFP_TRANSHUGE");
	fmt_is(0x100cca, "GFP_HIGHUSER_MOVABLE");
	fmt_is(0x5, "GFP_DMA|GFP_DMA32");
	fmt_is(0x400, "__GFP_DIRECT_RECLAIM");
	fmt_is(0, "none");
	fmt_is(1ull << 40, "0x10000000000");
}

static void test_gfp_format_then_parse_round_trips(void **state)
{
	(void)state;
	static const ml_gfp_t masks[] = {
		0xcc0, 0x820, 0x2800, 0x40dc0, 0x1c24ca, 0x100cca, 0x10cc0, 0x24cc0, 0x8820,
		ML_GFP_ATOMIC | 0x820, ML_GFP_DMA | 0xcc0, ML_GFP_NO_OBJ_EXT | 0xcc0, ML_GFP_WAIT,
	};
	for (size_t i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		char buf[256];
		ml_gfp_format(masks[i], buf, sizeof(buf));
		assert_int_equal(parse_ok(buf), masks[i]);
	}
}

static ml_gfp_t hex_ok(uint64_t hex, const char *version, uint64_t *unknown)
{
	ml_gfp_t g;
	struct ml_error err = { 0 };
	if (ml_gfp_from_hex(hex, version, &g, unknown, &err) != ML_OK)
		fail_msg("0x%llx on %s: %s", (unsigned long long)hex, version, err.message);
	return g;
}

static void test_gfp_hex_decoded_per_kernel_version(void **state)
{
	(void)state;
	uint64_t unk;
	/* §1.2 hex of GFP_KERNEL: 0xcc0 on 6.x, 0x6000c0 on 4.19. */
	assert_int_equal(hex_ok(0xcc0, "6.18", &unk), 0xcc0);
	assert_int_equal(unk, 0);
	assert_int_equal(hex_ok(0x6000c0, "4.19", &unk), 0xcc0);
	assert_int_equal(hex_ok(0x6000c0, "4.19.0-26-amd64", &unk), 0xcc0);
	/* GFP_ATOMIC ≤ 6.2 is 0xa20 and carries __GFP_ATOMIC. */
	assert_int_equal(hex_ok(0xa20, "6.1.0-50-686", &unk), 0x820 | ML_GFP_ATOMIC);
	assert_int_equal(hex_ok(0xa20, "5.15", &unk), 0x820 | ML_GFP_ATOMIC);
	/* On 6.3+ bit 9 means nothing: it stays unknown. */
	assert_int_equal(hex_ok(0xa20, "6.18", &unk), 0x820);
	assert_int_equal(unk, 0x200);
	/* Bits from 24 up depend on the config from 6.3 (§1.1): unknown. */
	assert_int_equal(hex_ok(0x1000cc0, "6.18", &unk), 0xcc0);
	assert_int_equal(unk, 0x1000000);
	/* ... but had fixed values in 6.1 and 5.15. */
	assert_int_equal(hex_ok(0x1000000, "6.1", &unk), ML_GFP_SKIP_ZERO);
	assert_int_equal(unk, 0);
	assert_int_equal(hex_ok(0x2000000, "5.15.0-91-generic", &unk), ML_GFP_NOLOCKDEP);
	/* 4.20 … 5.14 have no layout here: refused, with the way out. */
	ml_gfp_t g;
	struct ml_error err = { 0 };
	assert_int_equal(ml_gfp_from_hex(0xcc0, "5.4", &g, &unk, &err), ML_EUSAGE);
	assert_non_null(strstr(err.message, "give the flags by name"));
	assert_int_equal(ml_gfp_from_hex(0xcc0, "latest", &g, &unk, &err), ML_EUSAGE);
}

/* The layouts of kernels before 4.19, from their include/linux/gfp.h
 * (one place for every layout: gfp.c), checked on the hex of real reports
 * whose names the kernel also printed or the thread spelled out. */
static void test_gfp_hex_of_old_kernels_2_6_18_to_4_18(void **state)
{
	(void)state;
	uint64_t unk;
	/* 2.6.31 (reports/01): 0x8020 = __GFP_HIGH (GFP_ATOMIC) | __GFP_ZERO; every
	 * allocation before 4.4 woke kswapd unless __GFP_NO_KSWAPD. */
	assert_int_equal(hex_ok(0x8020, "2.6.31+frans2", &unk), ML_GFP_HIGH | ML_GFP_ZERO | ML_GFP_KSWAPD_RECLAIM);
	assert_int_equal(unk, 0);
	/* 2.6.18 (reports/08): GFP_ATOMIC = 0x20. */
	assert_int_equal(hex_ok(0x20, "2.6.18", &unk), ML_GFP_HIGH | ML_GFP_KSWAPD_RECLAIM);
	/* 2.6.18-2.6.30: __GFP_MOVABLE was 0x100000; from 2.6.31 it is 0x8. */
	assert_int_equal(hex_ok(0x100000, "2.6.24", &unk) & ML_GFP_MOVABLE, ML_GFP_MOVABLE);
	assert_int_equal(hex_ok(0x8, "2.6.31", &unk) & ML_GFP_MOVABLE, ML_GFP_MOVABLE);
	/* 3.2 GFP_KERNEL|__GFP_HIGHMEM = 0xd2 (__GFP_WAIT|IO|FS|HIGHMEM): WAIT
	 * is read as __GFP_RECLAIM (§1.3). */
	assert_int_equal(hex_ok(0xd2, "3.2.0-4-686-pae", &unk), 0xcc0 | ML_GFP_HIGHMEM);
	/* __GFP_NO_KSWAPD (0x400000, 2.6.38-4.3): no kswapd wake-up. */
	assert_int_equal(hex_ok(0x4000d0, "3.10", &unk), ML_GFP_RECLAIM | ML_GFP_IO | ML_GFP_FS);
	/* 4.1 (reports/05): 0x2000d1 = GFP_KERNEL|GFP_DMA|__GFP_NOTRACK. */
	assert_int_equal(hex_ok(0x2000d1, "4.1.18-g09f547b", &unk), 0xcc0 | ML_GFP_DMA | ML_GFP_NOTRACK);
	/* 4.8 (reports/13): 0x26040c0 = GFP_KERNEL|__GFP_COMP|__GFP_NOTRACK. */
	assert_int_equal(hex_ok(0x26040c0, "4.8.0-rc3-3.bug994066-default", &unk),
			 0xcc0 | ML_GFP_COMP | ML_GFP_NOTRACK);
	/* 4.13 renamed __GFP_REPEAT (0x400) __GFP_RETRY_MAYFAIL. */
	assert_int_equal(hex_ok(0x24004c0, "4.12", &unk), 0xcc0 | ML_GFP_REPEAT);
	assert_int_equal(hex_ok(0x24004c0, "4.14.300", &unk), 0xcc0 | ML_GFP_RETRY_MAYFAIL);
	/* 4.15-4.18 share 4.19's layout (§1.1): GFP_KERNEL 0x6000c0. */
	assert_int_equal(hex_ok(0x6000c0, "4.15", &unk), 0xcc0);
	assert_int_equal(hex_ok(0x6080c0, "4.18.0-553.el8", &unk), 0xcc0 | ML_GFP_ZERO);
	assert_string_equal(ml_gfp_hex_layout("4.18.0-553.el8"), "4.15-4.19");
	assert_string_equal(ml_gfp_hex_layout("2.6.31"), "2.6.31-4.3");
	assert_string_equal(ml_gfp_hex_layout("v6.1.0"), "5.15-6.2");
	assert_null(ml_gfp_hex_layout("5.4"));
	/* Bits a layout does not define stay unknown. */
	assert_int_equal(hex_ok(0x8000000 | 0xd0, "3.2", &unk), 0xcc0);
	assert_int_equal(unk, 0x8000000);
	/* A bare "2.6" cannot choose between 2.6.18-2.6.30 and 2.6.31 on. */
	ml_gfp_t g;
	struct ml_error err = { 0 };
	assert_int_equal(ml_gfp_from_hex(0x20, "2.6", &g, &unk, &err), ML_EUSAGE);
	assert_non_null(strstr(err.message, "sublevel"));
}

static void test_gfp_kernel_version_codes(void **state)
{
	(void)state;
	assert_int_equal(ml_kernel_version("6.18"), 6018);
	assert_int_equal(ml_kernel_version("6.18.44-fc-v657"), 6018);
	assert_int_equal(ml_kernel_version("v6.1.0-50-686"), 6001);
	assert_int_equal(ml_kernel_version("5.15.0-91-generic"), 5015);
	assert_int_equal(ml_kernel_version("Linux version 4.19.0 (x)"), 4019);
	assert_int_equal(ml_kernel_version("6"), -1);
	assert_int_equal(ml_kernel_version(""), -1);
	assert_int_equal(ml_kernel_version(NULL), -1);
	assert_int_equal(ml_kernel_version("6.99999"), -1);
}

#define K(kind) (1u << (kind))
static const unsigned X86_64 = K(ML_ZONE_DMA) | K(ML_ZONE_DMA32) | K(ML_ZONE_NORMAL) | K(ML_ZONE_MOVABLE) | K(ML_ZONE_DEVICE);
static const unsigned I386 = K(ML_ZONE_DMA) | K(ML_ZONE_NORMAL) | K(ML_ZONE_HIGHMEM) | K(ML_ZONE_MOVABLE);
static const unsigned NO_DMA = K(ML_ZONE_DMA32) | K(ML_ZONE_NORMAL) | K(ML_ZONE_MOVABLE);

static void test_gfp_zone_table_per_machine(void **state)
{
	(void)state;
	bool bad;
	/* §2.2 on x86_64: no modifier Normal, __GFP_HIGHMEM alone Normal (no
	 * HighMem zone), MOVABLE|HIGHMEM the only way into Movable. */
	assert_int_equal(ml_gfp_zone(0xcc0, X86_64, &bad), ML_ZONE_NORMAL);
	assert_false(bad);
	assert_int_equal(ml_gfp_zone(ML_GFP_HIGHMEM, X86_64, &bad), ML_ZONE_NORMAL);
	assert_int_equal(ml_gfp_zone(ML_GFP_DMA, X86_64, &bad), ML_ZONE_DMA);
	assert_int_equal(ml_gfp_zone(ML_GFP_DMA32, X86_64, &bad), ML_ZONE_DMA32);
	assert_int_equal(ml_gfp_zone(ML_GFP_MOVABLE, X86_64, &bad), ML_ZONE_NORMAL);
	assert_int_equal(ml_gfp_zone(ML_GFP_MOVABLE | ML_GFP_HIGHMEM, X86_64, &bad), ML_ZONE_MOVABLE);
	assert_int_equal(ml_gfp_zone(ML_GFP_MOVABLE | ML_GFP_DMA32, X86_64, &bad), ML_ZONE_DMA32);
	/* i386: __GFP_HIGHMEM is HighMem, __GFP_DMA32 is Normal (OPT, no DMA32). */
	assert_int_equal(ml_gfp_zone(ML_GFP_HIGHMEM, I386, &bad), ML_ZONE_HIGHMEM);
	assert_int_equal(ml_gfp_zone(ML_GFP_DMA32, I386, &bad), ML_ZONE_NORMAL);
	/* A kernel without ZONE_DMA: GFP_DMA is Normal (OPT). */
	assert_int_equal(ml_gfp_zone(ML_GFP_DMA, NO_DMA, &bad), ML_ZONE_NORMAL);
	assert_false(bad);
	/* Invalid combinations: flagged, and the lowest configured zone. */
	assert_int_equal(ml_gfp_zone(ML_GFP_DMA | ML_GFP_DMA32, X86_64, &bad), ML_ZONE_DMA);
	assert_true(bad);
	ml_gfp_zone(ML_GFP_DMA | ML_GFP_HIGHMEM, I386, &bad);
	assert_true(bad);
	assert_int_equal(ml_gfp_zone(ML_GFP_DMA32 | ML_GFP_HIGHMEM | ML_GFP_MOVABLE, NO_DMA, &bad), ML_ZONE_DMA32);
	assert_true(bad);
	/* Dense zone indices (§2.1): Normal is 2 on x86_64, 1 on i386. */
	assert_int_equal(ml_zone_kind_index(X86_64, ML_ZONE_NORMAL), 2);
	assert_int_equal(ml_zone_kind_index(I386, ML_ZONE_NORMAL), 1);
	assert_int_equal(ml_zone_kind_index(I386, ML_ZONE_HIGHMEM), 2);
	assert_int_equal(ml_zone_kind_index(NO_DMA, ML_ZONE_NORMAL), 1);
}

static void test_gfp_migratetype_and_predicates(void **state)
{
	(void)state;
	/* §3.2 */
	assert_int_equal(ml_gfp_migratetype(parse_ok("GFP_KERNEL")), ML_MT_UNMOVABLE);
	assert_int_equal(ml_gfp_migratetype(parse_ok("GFP_HIGHUSER_MOVABLE")), ML_MT_MOVABLE);
	assert_int_equal(ml_gfp_migratetype(parse_ok("GFP_KERNEL|__GFP_RECLAIMABLE")), ML_MT_RECLAIMABLE);
	assert_int_equal(ml_gfp_migratetype(ML_GFP_MOVABLE | ML_GFP_RECLAIMABLE), ML_MT_HIGHATOMIC);
	/* §1.4 */
	assert_true(ml_gfp_may_sleep(parse_ok("GFP_KERNEL")));
	assert_false(ml_gfp_may_sleep(parse_ok("GFP_ATOMIC")));
	assert_true(ml_gfp_non_blocking(parse_ok("GFP_NOWAIT")));
	assert_false(ml_gfp_non_blocking(parse_ok("GFP_ATOMIC|__GFP_NOMEMALLOC")));
	assert_false(ml_gfp_compaction_allowed(parse_ok("GFP_NOIO")));
	assert_true(ml_gfp_compaction_allowed(parse_ok("GFP_NOFS")));
	/* OOM killer: order ≤ 3, FS, no RETRY_MAYFAIL/THISNODE, zone ≥ Normal (§5.6). */
	assert_true(ml_oom_killer_possible(parse_ok("GFP_KERNEL"), 3, ML_ZONE_NORMAL));
	assert_false(ml_oom_killer_possible(parse_ok("GFP_KERNEL"), 4, ML_ZONE_NORMAL));
	assert_false(ml_oom_killer_possible(parse_ok("GFP_NOFS"), 0, ML_ZONE_NORMAL));
	assert_false(ml_oom_killer_possible(parse_ok("GFP_KERNEL|__GFP_RETRY_MAYFAIL"), 0, ML_ZONE_NORMAL));
	assert_false(ml_oom_killer_possible(parse_ok("GFP_KERNEL|__GFP_THISNODE"), 0, ML_ZONE_NORMAL));
	assert_false(ml_oom_killer_possible(parse_ok("GFP_KERNEL|GFP_DMA32"), 0, ML_ZONE_DMA32));
	assert_false(ml_oom_killer_possible(parse_ok("GFP_ATOMIC"), 0, ML_ZONE_NORMAL));
	assert_true(ml_gfp_no_watermarks(parse_ok("GFP_ATOMIC|__GFP_MEMALLOC")));
	assert_false(ml_gfp_no_watermarks(parse_ok("GFP_ATOMIC|__GFP_MEMALLOC|__GFP_NOMEMALLOC")));
}

static void test_gfp_alloc_flags_of_each_path(void **state)
{
	(void)state;
	/* §4.6: the fast path has no reserve flags even for GFP_ATOMIC. */
	unsigned f = ml_alloc_flags_fast(parse_ok("GFP_ATOMIC"), false);
	assert_int_equal(f & ML_ALLOC_WMARK_MASK, ML_ALLOC_WMARK_LOW);
	assert_int_equal(f & ML_ALLOC_RESERVES, 0);
	assert_true(f & ML_ALLOC_KSWAPD);
	assert_true(ml_alloc_flags_fast(parse_ok("GFP_HIGHUSER_MOVABLE"), false) & ML_ALLOC_CMA);
	/* GFP_ATOMIC order 3 in the slow path: MIN | MIN_RESERVE | NON_BLOCK |
	 * HIGHATOMIC | KSWAPD, cpuset ignored (§12.4). */
	unsigned s = ml_alloc_flags_slow(parse_ok("GFP_ATOMIC"), 3, 6018);
	assert_int_equal(s, ML_ALLOC_WMARK_MIN | ML_ALLOC_MIN_RESERVE | ML_ALLOC_NON_BLOCK |
				    ML_ALLOC_HIGHATOMIC | ML_ALLOC_KSWAPD);
	/* Order 0 gets no HIGHATOMIC. */
	assert_false(ml_alloc_flags_slow(parse_ok("GFP_ATOMIC"), 0, 6018) & ML_ALLOC_HIGHATOMIC);
	/* GFP_NOWAIT: NON_BLOCK without MIN_RESERVE, cpuset kept. */
	s = ml_alloc_flags_slow(parse_ok("GFP_NOWAIT"), 0, 6018);
	assert_int_equal(s, ML_ALLOC_WMARK_MIN | ML_ALLOC_CPUSET | ML_ALLOC_NON_BLOCK | ML_ALLOC_KSWAPD);
	/* GFP_KERNEL: MIN | CPUSET | KSWAPD only. */
	assert_int_equal(ml_alloc_flags_slow(parse_ok("GFP_KERNEL"), 0, 6018),
			 ML_ALLOC_WMARK_MIN | ML_ALLOC_CPUSET | ML_ALLOC_KSWAPD);
	/* 6.1: ALLOC_HARDER comes from __GFP_ATOMIC, not from not sleeping. */
	assert_false(ml_alloc_flags_slow(parse_ok("GFP_NOWAIT"), 0, 6001) & ML_ALLOC_NON_BLOCK);
	assert_true(ml_alloc_flags_slow(0xa20 | ML_GFP_ATOMIC, 0, 6001) & ML_ALLOC_NON_BLOCK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gfp_composites_have_the_618_bits),
		cmocka_unit_test(test_gfp_names_join_with_bar_or_comma_and_blanks),
		cmocka_unit_test(test_gfp_unknown_name_suggests_the_nearest),
		cmocka_unit_test(test_gfp_hex_tokens_are_kept_as_unknown),
		cmocka_unit_test(test_gfp_format_longest_composite_first),
		cmocka_unit_test(test_gfp_format_then_parse_round_trips),
		cmocka_unit_test(test_gfp_hex_decoded_per_kernel_version),
		cmocka_unit_test(test_gfp_hex_of_old_kernels_2_6_18_to_4_18),
		cmocka_unit_test(test_gfp_kernel_version_codes),
		cmocka_unit_test(test_gfp_zone_table_per_machine),
		cmocka_unit_test(test_gfp_migratetype_and_predicates),
		cmocka_unit_test(test_gfp_alloc_flags_of_each_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
