#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *ml_test_read_fixture(const char *rel, size_t *len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", ML_FIXTURES, rel);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open fixture %s", path);
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap + 1);
	size_t r;
	while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
		}
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* ---- parsers ---- */

void ml_test_parse_ok(ml_test_parse_fn parse, const char *text, size_t len, const char *file,
		      void *out)
{
	struct ml_error err = { 0 };
	if (parse(text, len, file, out, &err) != ML_OK)
		fail_msg("%s:%lu: %s", file, err.line, err.message);
}

void ml_test_parse_fixture(ml_test_parse_fn parse, const char *rel, void *out)
{
	size_t len;
	char *buf = ml_test_read_fixture(rel, &len);
	ml_test_parse_ok(parse, buf, len, rel, out);
	free(buf);
}

unsigned long ml_test_error_line(ml_test_parse_fn parse, const char *text, size_t len,
				 const char *file, void *out, struct ml_error *err)
{
	memset(err, 0, sizeof(*err));
	int rc = parse(text, len, file, out, err);
	if (rc != ML_EPARSE)
		fail_msg("expected ML_EPARSE, got %d (%s)", rc, err->message);
	assert_int_equal(err->code, ML_EPARSE);
	assert_string_equal(err->file, file);
	assert_true(err->message[0] != '\0');
	return err->line;
}

void ml_test_assert_error(const struct ml_error *err, unsigned long line, const char *needle)
{
	if (err->line != line)
		fail_msg("error on line %lu, expected %lu: %s", err->line, line, err->message);
	if (needle && !strstr(err->message, needle))
		fail_msg("message '%s' does not say '%s'", err->message, needle);
}

void ml_test_expect_error(ml_test_parse_fn parse, const char *text, size_t len, const char *file,
			  void *out, unsigned long line, const char *needle)
{
	struct ml_error err;
	ml_test_error_line(parse, text, len, file, out, &err);
	ml_test_assert_error(&err, line, needle);
}

void ml_test_every_prefix(ml_test_parse_fn parse, ml_test_free_fn free_out, const char *rel,
			  size_t step, void *out,
			  void (*parsed)(const void *out, const char *part, size_t cut))
{
	size_t len;
	char *buf = ml_test_read_fixture(rel, &len);
	for (size_t cut = 0; cut <= len; cut += cut < 4096 ? 1 : step) {
		char *part = malloc(cut ? cut : 1);
		assert_non_null(part);
		memcpy(part, buf, cut);
		struct ml_error err = { 0 };
		int rc = parse(part, cut, rel, out, &err);
		assert_true(rc == ML_OK || rc == ML_EPARSE);
		if (rc == ML_OK && parsed)
			parsed(out, part, cut);
		free_out(out);
		free(part);
	}
	free(buf);
}

/* ---- malformed variants of real text ---- */

const char *ml_test_find(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	for (size_t i = 0; nlen <= hlen && i <= hlen - nlen; i++)
		if (memcmp(hay + i, needle, nlen) == 0)
			return hay + i;
	return NULL;
}

size_t ml_test_offset_after(const char *buf, size_t len, const char *s)
{
	const char *at = ml_test_find(buf, len, s, strlen(s));
	if (!at)
		fail_msg("'%s' not in the text", s);
	return (size_t)(at - buf) + strlen(s);
}

/* The edits below are this one: occurrence nth of from replaced by to. */
static char *edit_nth(const char *src, size_t len, const char *from, size_t flen, int nth,
		      const char *to, size_t tlen, size_t *outlen)
{
	const char *at = ml_test_find(src, len, from, flen);
	while (at && nth-- > 0)
		at = ml_test_find(at + 1, len - (size_t)(at + 1 - src), from, flen);
	if (!at)
		fail_msg("'%.*s' not in the text", (int)flen, from);
	size_t pre = (size_t)(at - src), n = len - flen + tlen;
	char *out = malloc(n + 1);
	assert_non_null(out);
	memcpy(out, src, pre);
	memcpy(out + pre, to, tlen);
	memcpy(out + pre + tlen, at + flen, len - pre - flen);
	out[n] = '\0';
	if (outlen)
		*outlen = n;
	return out;
}

char *ml_test_edit_bytes(const char *src, size_t len, const char *from, size_t flen,
			 const char *to, size_t tlen, size_t *outlen)
{
	return edit_nth(src, len, from, flen, 0, to, tlen, outlen);
}

char *ml_test_edit(const char *src, size_t len, const char *from, const char *to, size_t *outlen)
{
	return edit_nth(src, len, from, strlen(from), 0, to, strlen(to), outlen);
}

char *ml_test_replace(const char *text, const char *from, int nth, const char *to)
{
	return edit_nth(text, strlen(text), from, strlen(from), nth, to, strlen(to), NULL);
}

char *ml_test_crlf(const char *buf, size_t len, size_t *outlen)
{
	char *out = malloc(2 * len + 1);
	assert_non_null(out);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			out[n++] = '\r';
		out[n++] = buf[i];
	}
	out[n] = '\0';
	*outlen = n;
	return out;
}

char *ml_test_concat(const char *a, size_t alen, const char *b, size_t blen)
{
	char *out = malloc(alen + blen > 0 ? alen + blen : 1);
	assert_non_null(out);
	memcpy(out, a, alen);
	memcpy(out + alen, b, blen);
	return out;
}
