/* Unit tests of src/util/text.c (line walking, splitting, checked numbers,
 * sizes) and src/util/kv.c (the ordered name -> value table). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/kv.h"
#include "util/text.h"

static struct ml_line L(const char *s)
{
	return (struct ml_line){ s, strlen(s) };
}

/* Expect the next line to read exactly want (and carry number lineno). */
static void expect_line(struct ml_lines *it, const char *want, unsigned long lineno)
{
	struct ml_line l;
	struct ml_error err = { 0 };
	assert_int_equal(ml_lines_next(it, &l, &err), 1);
	assert_int_equal(l.len, strlen(want));
	assert_memory_equal(l.s, want, l.len);
	assert_int_equal(it->lineno, lineno);
}

static void expect_end(struct ml_lines *it)
{
	struct ml_line l;
	struct ml_error err = { 0 };
	assert_int_equal(ml_lines_next(it, &l, &err), 0);
	assert_int_equal(err.code, 0);
}

/* ---- ml_lines_next ---- */

static void test_lines_are_numbered_from_one_and_keep_blank_lines(void **state)
{
	(void)state;
	const char buf[] = "MemTotal: 1 kB\n\nMemFree: 2 kB\n";
	struct ml_lines it;
	ml_lines_init(&it, buf, sizeof(buf) - 1, "meminfo");
	expect_line(&it, "MemTotal: 1 kB", 1);
	expect_line(&it, "", 2);
	expect_line(&it, "MemFree: 2 kB", 3);
	expect_end(&it);
}

static void test_lines_crlf_line_ends_lose_their_cr(void **state)
{
	(void)state;
	const char buf[] = "nr_free_pages 877903\r\nnr_zone_inactive_anon 5315\r\n";
	struct ml_lines it;
	ml_lines_init(&it, buf, sizeof(buf) - 1, "vmstat");
	expect_line(&it, "nr_free_pages 877903", 1);
	expect_line(&it, "nr_zone_inactive_anon 5315", 2);
	expect_end(&it);
}

static void test_lines_last_line_without_newline_is_still_returned(void **state)
{
	(void)state;
	const char buf[] = "22528\n256\t256\t32\t0";
	struct ml_lines it;
	ml_lines_init(&it, buf, sizeof(buf) - 1, "x");
	expect_line(&it, "22528", 1);
	expect_line(&it, "256\t256\t32\t0", 2);
	expect_end(&it);
}

static void test_lines_nul_byte_is_a_parse_error_on_its_line(void **state)
{
	(void)state;
	const char buf[] = "MemTotal: 1 kB\nMemF\0ree: 2 kB\n";
	struct ml_lines it;
	struct ml_line l;
	struct ml_error err = { 0 };
	ml_lines_init(&it, buf, sizeof(buf) - 1, "meminfo");
	expect_line(&it, "MemTotal: 1 kB", 1);
	assert_int_equal(ml_lines_next(&it, &l, &err), ML_EPARSE);
	assert_int_equal(err.code, ML_EPARSE);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.file, "meminfo");
	assert_non_null(strstr(err.message, "NUL"));
}

static void test_lines_longer_than_max_line_are_refused(void **state)
{
	(void)state;
	size_t n = ML_MAX_LINE + 1;
	char *buf = malloc(n + 3);
	assert_non_null(buf);
	buf[0] = 'a';
	buf[1] = '\n';
	memset(buf + 2, 'x', n);
	buf[n + 2] = '\n';
	struct ml_lines it;
	struct ml_line l;
	struct ml_error err = { 0 };
	ml_lines_init(&it, buf, n + 3, "big");
	expect_line(&it, "a", 1);
	assert_int_equal(ml_lines_next(&it, &l, &err), ML_EPARSE);
	assert_int_equal(err.line, 2);
	free(buf);
}

static void test_lines_exactly_max_line_is_accepted(void **state)
{
	(void)state;
	char *buf = malloc(ML_MAX_LINE + 1);
	assert_non_null(buf);
	memset(buf, 'x', ML_MAX_LINE);
	buf[ML_MAX_LINE] = '\n';
	struct ml_lines it;
	struct ml_line l;
	struct ml_error err = { 0 };
	ml_lines_init(&it, buf, ML_MAX_LINE + 1, "big");
	assert_int_equal(ml_lines_next(&it, &l, &err), 1);
	assert_int_equal(l.len, ML_MAX_LINE);
	free(buf);
}

static void test_lines_empty_buffer_has_no_lines(void **state)
{
	(void)state;
	struct ml_lines it;
	ml_lines_init(&it, "", 0, "empty");
	expect_end(&it);
	assert_int_equal(it.lineno, 0);
}

/* ---- ml_split and token helpers ---- */

static void test_split_on_spaces_and_tabs_of_a_buddyinfo_row(void **state)
{
	(void)state;
	struct ml_line tok[16];
	size_t n = ml_split(L("Node 0, zone      DMA      0      0      1 \t 3 "), tok, 16);
	assert_int_equal(n, 8);
	assert_true(ml_tok_eq(tok[0], "Node"));
	assert_true(ml_tok_eq(tok[1], "0,"));
	assert_true(ml_tok_eq(tok[3], "DMA"));
	assert_true(ml_tok_eq(tok[7], "3"));
}

static void test_split_says_max_plus_one_when_more_tokens_follow(void **state)
{
	(void)state;
	struct ml_line tok[2];
	assert_int_equal(ml_split(L("256\t256\t32\t0"), tok, 2), 3);
	assert_int_equal(ml_split(L("256\t256"), tok, 2), 2);
	assert_int_equal(ml_split(L("256\t256  "), tok, 2), 2);
}

static void test_split_blank_line_has_no_tokens(void **state)
{
	(void)state;
	struct ml_line tok[2];
	assert_int_equal(ml_split(L(""), tok, 2), 0);
	assert_int_equal(ml_split(L(" \t \r"), tok, 2), 0);
}

static void test_tok_eq_starts_copy_and_trim(void **state)
{
	(void)state;
	struct ml_line t = L("Active(anon):");
	assert_true(ml_tok_eq(t, "Active(anon):"));
	assert_false(ml_tok_eq(t, "Active(anon)"));
	assert_true(ml_tok_starts(t, "Active("));
	assert_false(ml_tok_starts(L("Act"), "Active"));
	char small[6], big[32];
	assert_false(ml_tok_copy(t, small, sizeof(small)));
	assert_false(ml_tok_copy(t, big, 0));
	assert_true(ml_tok_copy(t, big, sizeof(big)));
	assert_string_equal(big, "Active(anon):");
	/* exactly fills: 13 characters need 14 bytes */
	char exact[14];
	assert_true(ml_tok_copy(t, exact, sizeof(exact)));
	assert_false(ml_tok_copy(t, exact, 13));
	struct ml_line tr = ml_trim(L(" \t 123 kB \r"));
	assert_true(ml_tok_eq(tr, "123 kB"));
	assert_int_equal(ml_trim(L("   ")).len, 0);
}

/* ---- numbers ---- */

static void test_tok_u64_reads_up_to_2_pow_64_minus_1_and_no_further(void **state)
{
	(void)state;
	uint64_t v = 7;
	assert_true(ml_tok_u64(L("0"), &v));
	assert_int_equal(v, 0);
	assert_true(ml_tok_u64(L("34359738367"), &v));   /* VmallocTotal on x86_64, kB */
	assert_int_equal(v, 34359738367ULL);
	assert_true(ml_tok_u64(L("18446744073709551615"), &v));
	assert_true(v == UINT64_MAX);
	v = 7;
	assert_false(ml_tok_u64(L("18446744073709551616"), &v));
	assert_false(ml_tok_u64(L("99999999999999999999"), &v));
	assert_false(ml_tok_u64(L("000000000000000000000000000018446744073709551616"), &v));
	assert_int_equal(v, 7);   /* untouched on failure */
	assert_true(ml_tok_u64(L("00000000000000000000000000001"), &v));
	assert_int_equal(v, 1);
}

static void test_tok_u64_refuses_signs_blanks_and_garbage(void **state)
{
	(void)state;
	uint64_t v;
	assert_false(ml_tok_u64(L(""), &v));
	assert_false(ml_tok_u64(L("-1"), &v));
	assert_false(ml_tok_u64(L("+1"), &v));
	assert_false(ml_tok_u64(L(" 1"), &v));
	assert_false(ml_tok_u64(L("12kB"), &v));
	assert_false(ml_tok_u64(L("0x10"), &v));
	assert_false(ml_tok_u64(L("1.5"), &v));
}

static void test_tok_i64_covers_both_ends_of_int64(void **state)
{
	(void)state;
	int64_t v;
	assert_true(ml_tok_i64(L("-1"), &v));
	assert_int_equal(v, -1);
	assert_true(ml_tok_i64(L("42"), &v));
	assert_int_equal(v, 42);
	assert_true(ml_tok_i64(L("9223372036854775807"), &v));
	assert_true(v == INT64_MAX);
	assert_true(ml_tok_i64(L("-9223372036854775808"), &v));
	assert_true(v == INT64_MIN);
	assert_false(ml_tok_i64(L("9223372036854775808"), &v));
	assert_false(ml_tok_i64(L("-9223372036854775809"), &v));
	assert_false(ml_tok_i64(L("-"), &v));
	assert_false(ml_tok_i64(L("--1"), &v));
	assert_false(ml_tok_i64(L(""), &v));
}

static void test_tok_hex_with_and_without_0x_up_to_16_digits(void **state)
{
	(void)state;
	uint64_t v;
	assert_true(ml_tok_hex(L("0x10"), &v));
	assert_int_equal(v, 16);
	assert_true(ml_tok_hex(L("DEADbeef"), &v));
	assert_int_equal(v, 0xdeadbeefULL);
	assert_true(ml_tok_hex(L("ffffffffffffffff"), &v));
	assert_true(v == UINT64_MAX);
	assert_true(ml_tok_hex(L("0Xffff888100000000"), &v));
	assert_true(v == 0xffff888100000000ULL);
	assert_false(ml_tok_hex(L("10000000000000000"), &v));   /* 17 digits: 2^64 */
	assert_false(ml_tok_hex(L("0x"), &v));
	assert_false(ml_tok_hex(L(""), &v));
	assert_false(ml_tok_hex(L("0xg"), &v));
	assert_false(ml_tok_hex(L("-1"), &v));
}

static void test_checked_mul_and_add_report_overflow(void **state)
{
	(void)state;
	uint64_t v;
	assert_true(ml_mul_u64(34359738367ULL, 1024, &v));
	assert_true(v == 35184372087808ULL);
	assert_false(ml_mul_u64(UINT64_MAX / 1024 + 1, 1024, &v));
	assert_true(ml_mul_u64(UINT64_MAX / 1024, 1024, &v));
	assert_true(ml_add_u64(UINT64_MAX - 1, 1, &v));
	assert_true(v == UINT64_MAX);
	assert_false(ml_add_u64(UINT64_MAX, 1, &v));
}

/* ---- ml_parse_size ---- */

static uint64_t size_ok(const char *text)
{
	uint64_t v = 0;
	struct ml_error err = { 0 };
	int r = ml_parse_size(text, &v, &err);
	if (r != ML_OK)
		fail_msg("'%s' refused: %s", text, err.message);
	return v;
}

static void size_bad(const char *text)
{
	uint64_t v = 12345;
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_size(text, &v, &err), ML_EUSAGE);
	assert_int_equal(err.code, ML_EUSAGE);
	assert_true(err.message[0] != '\0');
	assert_int_equal(v, 12345);
}

static void test_size_binary_suffixes(void **state)
{
	(void)state;
	assert_int_equal(size_ok("100"), 100);
	assert_int_equal(size_ok("100B"), 100);
	assert_int_equal(size_ok("4M"), 4194304);
	assert_int_equal(size_ok("4m"), 4194304);
	assert_int_equal(size_ok("4MB"), 4194304);
	assert_int_equal(size_ok("1G"), 1073741824);
	assert_int_equal(size_ok("16KiB"), 16384);
	assert_int_equal(size_ok("16k"), 16384);
	assert_true(size_ok("2T") == 2ULL << 40);
	assert_true(size_ok("1P") == 1ULL << 50);
	assert_true(size_ok("15E") == 15ULL << 60);
	assert_int_equal(size_ok("0"), 0);
}

static void test_size_refuses_hex_decimals_overflow_and_junk(void **state)
{
	(void)state;
	size_bad("0x10");
	size_bad("99999999999999999999");
	size_bad("17E");          /* 17 << 60 > 2^64 */
	size_bad("16E");          /* exactly 2^64 */
	size_bad("1.5G");
	size_bad("");
	size_bad("G");
	size_bad("-4M");
	size_bad("4 M");
	size_bad("4Mi");
	size_bad("4X");
	size_bad("4MBs");
}

/* ---- kv.c ---- */

static void test_kv_keeps_insertion_order_and_replaces_in_place(void **state)
{
	(void)state;
	struct ml_kv kv = { 0 };
	assert_int_equal(ml_kv_set(&kv, "MemTotal", 100, 1), 0);
	assert_int_equal(ml_kv_set(&kv, "Active(anon)", 200, 8), 0);
	assert_int_equal(ml_kv_set(&kv, "MemTotal", 300, 9), 0);
	assert_int_equal(kv.n, 2);
	assert_string_equal(kv.v[0].name, "MemTotal");
	assert_int_equal(kv.v[0].value, 300);
	assert_int_equal(kv.v[0].line, 9);
	assert_string_equal(kv.v[1].name, "Active(anon)");
	uint64_t v = 0;
	assert_true(ml_kv_get(&kv, "Active(anon)", &v));
	assert_int_equal(v, 200);
	v = 5;
	assert_false(ml_kv_get(&kv, "Active", &v));
	assert_int_equal(v, 5);
	assert_null(ml_kv_find(&kv, "memtotal"));   /* names are case-sensitive */
	assert_int_equal(ml_kv_get_or(&kv, "CmaTotal", 77), 77);
	assert_int_equal(ml_kv_get_or(&kv, "MemTotal", 77), 300);
	ml_kv_free(&kv);
	assert_null(kv.v);
	assert_int_equal(kv.n, 0);
	assert_int_equal(kv.cap, 0);
}

static void test_kv_grows_past_its_first_allocation(void **state)
{
	(void)state;
	struct ml_kv kv = { 0 };
	char name[32];
	for (int i = 0; i < 500; i++) {
		snprintf(name, sizeof(name), "counter_%d", i);
		assert_int_equal(ml_kv_set(&kv, name, (uint64_t)i * 3, (unsigned long)i + 1), 0);
	}
	assert_int_equal(kv.n, 500);
	assert_true(kv.cap >= 500);
	assert_int_equal(ml_kv_get_or(&kv, "counter_0", 1), 0);
	assert_int_equal(ml_kv_get_or(&kv, "counter_499", 1), 1497);
	assert_int_equal(ml_kv_find(&kv, "counter_64")->line, 65);
	ml_kv_free(&kv);
}

static void test_kv_cuts_names_at_63_characters(void **state)
{
	(void)state;
	struct ml_kv kv = { 0 };
	char name[100];
	memset(name, 'n', sizeof(name) - 1);
	name[99] = '\0';
	assert_int_equal(ml_kv_set(&kv, name, 1, 1), 0);
	assert_int_equal(strlen(kv.v[0].name), ML_KV_NAME - 1);
	ml_kv_free(&kv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_are_numbered_from_one_and_keep_blank_lines),
		cmocka_unit_test(test_lines_crlf_line_ends_lose_their_cr),
		cmocka_unit_test(test_lines_last_line_without_newline_is_still_returned),
		cmocka_unit_test(test_lines_nul_byte_is_a_parse_error_on_its_line),
		cmocka_unit_test(test_lines_longer_than_max_line_are_refused),
		cmocka_unit_test(test_lines_exactly_max_line_is_accepted),
		cmocka_unit_test(test_lines_empty_buffer_has_no_lines),
		cmocka_unit_test(test_split_on_spaces_and_tabs_of_a_buddyinfo_row),
		cmocka_unit_test(test_split_says_max_plus_one_when_more_tokens_follow),
		cmocka_unit_test(test_split_blank_line_has_no_tokens),
		cmocka_unit_test(test_tok_eq_starts_copy_and_trim),
		cmocka_unit_test(test_tok_u64_reads_up_to_2_pow_64_minus_1_and_no_further),
		cmocka_unit_test(test_tok_u64_refuses_signs_blanks_and_garbage),
		cmocka_unit_test(test_tok_i64_covers_both_ends_of_int64),
		cmocka_unit_test(test_tok_hex_with_and_without_0x_up_to_16_digits),
		cmocka_unit_test(test_checked_mul_and_add_report_overflow),
		cmocka_unit_test(test_size_binary_suffixes),
		cmocka_unit_test(test_size_refuses_hex_decimals_overflow_and_junk),
		cmocka_unit_test(test_kv_keeps_insertion_order_and_replaces_in_place),
		cmocka_unit_test(test_kv_grows_past_its_first_allocation),
		cmocka_unit_test(test_kv_cuts_names_at_63_characters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
