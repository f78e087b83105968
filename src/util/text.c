#include "text.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

void ml_lines_init(struct ml_lines *it, const char *buf, size_t len, const char *file)
{
	it->pos = buf;
	it->end = buf + len;
	it->file = file;
	it->lineno = 0;
}

int ml_lines_next(struct ml_lines *it, struct ml_line *line, struct ml_error *err)
{
	if (it->pos >= it->end)
		return 0;
	const char *start = it->pos;
	const char *nl = memchr(start, '\n', (size_t)(it->end - start));
	const char *stop = nl ? nl : it->end;
	it->lineno++;
	it->pos = nl ? nl + 1 : it->end;
	size_t len = (size_t)(stop - start);
	if (memchr(start, '\0', len))
		return ml_error_set(err, ML_EPARSE, it->file, it->lineno,
				    "NUL byte in the text: not a /proc text file");
	if (len > ML_MAX_LINE)
		return ml_error_set(err, ML_EPARSE, it->file, it->lineno,
				    "line of %zu bytes is longer than any the kernel writes", len);
	/* A snapshot copied through another system may carry CRLF line ends. */
	if (len && start[len - 1] == '\r')
		len--;
	line->s = start;
	line->len = len;
	it->terminated = nl != NULL;
	return 1;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

size_t ml_split(struct ml_line line, struct ml_line *tok, size_t max)
{
	size_t n = 0, i = 0;
	while (i < line.len) {
		while (i < line.len && is_blank(line.s[i]))
			i++;
		if (i >= line.len)
			break;
		size_t b = i;
		while (i < line.len && !is_blank(line.s[i]))
			i++;
		if (n == max)
			return max + 1;
		tok[n].s = line.s + b;
		tok[n].len = i - b;
		n++;
	}
	return n;
}

bool ml_tok_eq(struct ml_line tok, const char *s)
{
	size_t n = strlen(s);
	return tok.len == n && memcmp(tok.s, s, n) == 0;
}

bool ml_tok_starts(struct ml_line tok, const char *prefix)
{
	size_t n = strlen(prefix);
	return tok.len >= n && memcmp(tok.s, prefix, n) == 0;
}

bool ml_tok_copy(struct ml_line tok, char *dst, size_t n)
{
	if (n == 0 || tok.len >= n)
		return false;
	memcpy(dst, tok.s, tok.len);
	dst[tok.len] = '\0';
	return true;
}

struct ml_line ml_trim(struct ml_line l)
{
	while (l.len && is_blank(l.s[0])) {
		l.s++;
		l.len--;
	}
	while (l.len && is_blank(l.s[l.len - 1]))
		l.len--;
	return l;
}

const char *ml_tok_shown(struct ml_line tok, char *buf, size_t n)
{
	size_t i, k = 0;
	for (i = 0; i < tok.len && k + 4 < n && i < 40; i++) {
		unsigned char c = (unsigned char)tok.s[i];
		buf[k++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	if (i < tok.len) {
		buf[k++] = '.';
		buf[k++] = '.';
		buf[k++] = '.';
	}
	buf[k] = '\0';
	return buf;
}

const char *ml_tok_number_problem(struct ml_line tok)
{
	size_t i = (tok.len && tok.s[0] == '-') ? 1 : 0;
	bool digits = i < tok.len;
	for (size_t k = i; k < tok.len; k++)
		if (tok.s[k] < '0' || tok.s[k] > '9')
			digits = false;
	if (digits && i)
		return " (never negative)";
	if (digits)
		return " (does not fit in 64 bits)";
	return "";
}

bool ml_mul_u64(uint64_t a, uint64_t b, uint64_t *out)
{
	return !__builtin_mul_overflow(a, b, out);
}

bool ml_add_u64(uint64_t a, uint64_t b, uint64_t *out)
{
	return !__builtin_add_overflow(a, b, out);
}

bool ml_tok_u64(struct ml_line tok, uint64_t *out)
{
	uint64_t v = 0;
	if (tok.len == 0)
		return false;
	for (size_t i = 0; i < tok.len; i++) {
		char c = tok.s[i];
		if (c < '0' || c > '9')
			return false;
		if (!ml_mul_u64(v, 10, &v) || !ml_add_u64(v, (uint64_t)(c - '0'), &v))
			return false;
	}
	*out = v;
	return true;
}

bool ml_tok_i64(struct ml_line tok, int64_t *out)
{
	bool neg = tok.len && tok.s[0] == '-';
	struct ml_line digits = tok;
	uint64_t v;
	if (neg) {
		digits.s++;
		digits.len--;
	}
	if (!ml_tok_u64(digits, &v))
		return false;
	if (neg) {
		if (v > (uint64_t)INT64_MAX + 1)
			return false;
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	} else {
		if (v > (uint64_t)INT64_MAX)
			return false;
		*out = (int64_t)v;
	}
	return true;
}

bool ml_tok_hex(struct ml_line tok, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	if (tok.len >= 2 && tok.s[0] == '0' && (tok.s[1] == 'x' || tok.s[1] == 'X'))
		i = 2;
	if (i == tok.len || tok.len - i > 16)
		return false;
	for (; i < tok.len; i++) {
		char c = tok.s[i];
		int d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		v = (v << 4) | (uint64_t)d;
	}
	*out = v;
	return true;
}

int ml_parse_size(const char *text, uint64_t *out, struct ml_error *err)
{
	struct ml_line t = { text, strlen(text) };
	size_t ndig = 0;
	while (ndig < t.len && isdigit((unsigned char)t.s[ndig]))
		ndig++;
	struct ml_line num = { t.s, ndig };
	uint64_t v;
	if (ndig == 0 || !ml_tok_u64(num, &v))
		return ml_error_set(err, ML_EUSAGE, NULL, 0,
				    "size '%s' is not a whole number of bytes (K, M, G, T suffixes allowed)%s",
				    text, ndig ? ": too large for 64 bits" : "");
	const char *suf = t.s + ndig;
	unsigned shift = 0;
	switch (toupper((unsigned char)*suf)) {
	case '\0': break;
	case 'K': shift = 10; suf++; break;
	case 'M': shift = 20; suf++; break;
	case 'G': shift = 30; suf++; break;
	case 'T': shift = 40; suf++; break;
	case 'P': shift = 50; suf++; break;
	case 'E': shift = 60; suf++; break;
	case 'B': break;
	default:
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "size '%s': unknown suffix '%s'", text, suf);
	}
	if (shift && (strcasecmp(suf, "iB") == 0 || strcasecmp(suf, "B") == 0))
		suf += strlen(suf);
	else if (!shift && strcasecmp(suf, "B") == 0)
		suf++;
	if (*suf)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "size '%s': unknown suffix '%s'", text, suf);
	if (shift && (v >> (64 - shift)) != 0)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "size '%s' does not fit in 64 bits", text);
	*out = v << shift;
	return ML_OK;
}
