/* Name/value files: /proc/meminfo (kernel-model §11.6), /proc/vmstat (§11.7)
 * and the integer sysctls under /proc/sys/vm (min_free_kbytes,
 * lowmem_reserve_ratio, ...; §2.5, §2.6).  Pure: no I/O, no globals.
 *
 * Contract shared by ml_parse_meminfo() and ml_parse_vmstat(): on success
 * *out holds exactly the file's entries in file order (whatever it held
 * before is freed, so pass a zeroed struct ml_kv or one to be replaced); on
 * failure *out is left as it was and err says what and where.
 *
 * What counts as malformed (ML_EPARSE, with the 1-based line):
 *  - a value that is not a decimal number, is negative, or does not fit in
 *    64 bits (meminfo: also after converting kB to bytes);
 *  - a missing value, text after the value, a meminfo unit other than "kB";
 *  - the same name twice (the kernel prints every counter once, so a
 *    repeated name means two files were pasted together);
 *  - a NUL byte or an overlong line (ml_lines_next);
 *  - a last line without its newline: the kernel ends every line of these
 *    files with "\n", so such a line was cut off, possibly in the middle of
 *    its number ("MemTotal: 24684" from "24684092 kB" looks valid otherwise);
 *  - a file with no entries at all (line 0).
 * Blank lines are skipped; CRLF line ends are accepted (ml_lines_next). */
#include "kvfile.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../util/text.h"

/* A token quoted for a message: at most 40 characters, non-printable bytes
 * shown as '?', "..." when cut. */
struct quoted {
	char s[48];
};

static struct quoted quote(struct ml_line tok)
{
	struct quoted q;
	size_t n = tok.len > 40 ? 40 : tok.len;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)tok.s[i];
		q.s[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	if (tok.len > n) {
		memcpy(q.s + n, "...", 3);
		n += 3;
	}
	q.s[n] = '\0';
	return q;
}

static bool all_digits(struct ml_line tok)
{
	if (tok.len == 0)
		return false;
	for (size_t i = 0; i < tok.len; i++)
		if (tok.s[i] < '0' || tok.s[i] > '9')
			return false;
	return true;
}

/* A non-negative decimal value; on failure an ML_EPARSE that says whether
 * the text was negative, too large or not a number at all.  what names the
 * value for the message ("'MemFree'", "value 3"). */
static int parse_value(struct ml_line tok, const char *what, const char *file,
		       unsigned long line, uint64_t *out, struct ml_error *err)
{
	if (ml_tok_u64(tok, out))
		return ML_OK;
	struct ml_line rest = { tok.s + 1, tok.len ? tok.len - 1 : 0 };
	if (tok.len > 1 && tok.s[0] == '-' && all_digits(rest))
		return ml_error_set(err, ML_EPARSE, file, line,
				    "%s is negative ('%s'); the kernel prints these unsigned",
				    what, quote(tok).s);
	if (all_digits(tok))
		return ml_error_set(err, ML_EPARSE, file, line,
				    "%s: %s (%zu digits) does not fit in 64 bits",
				    what, quote(tok).s, tok.len);
	return ml_error_set(err, ML_EPARSE, file, line, "%s: '%s' is not a number",
			    what, quote(tok).s);
}

/* Names are printable ASCII without blanks and shorter than ML_KV_NAME. */
static int check_name(struct ml_line name, const char *file, unsigned long line,
		      struct ml_error *err)
{
	if (name.len == 0)
		return ml_error_set(err, ML_EPARSE, file, line, "line has no name before its value");
	if (name.len >= ML_KV_NAME)
		return ml_error_set(err, ML_EPARSE, file, line,
				    "name '%s' is %zu characters long, longer than any counter the kernel has",
				    quote(name).s, name.len);
	for (size_t i = 0; i < name.len; i++) {
		unsigned char c = (unsigned char)name.s[i];
		if (c <= 0x20 || c >= 0x7f)
			return ml_error_set(err, ML_EPARSE, file, line,
					    "name '%s' contains a blank or a non-printable byte",
					    quote(name).s);
	}
	return ML_OK;
}

static bool blank_line(struct ml_line l)
{
	return ml_trim(l).len == 0;
}

static bool missing_final_newline(const char *buf, size_t len)
{
	return len > 0 && buf[len - 1] != '\n';
}

/* Store one entry in tmp, refusing a name seen before. */
static int store(struct ml_kv *tmp, struct ml_line name, uint64_t value, const char *file,
		 unsigned long line, struct ml_error *err)
{
	char key[ML_KV_NAME];
	if (!ml_tok_copy(name, key, sizeof(key)))   /* check_name() ran first */
		return ml_error_set(err, ML_EPARSE, file, line, "name too long");
	const struct ml_kv_entry *old = ml_kv_find(tmp, key);
	if (old)
		return ml_error_set(err, ML_EPARSE, file, line,
				    "duplicate key '%s' (first on line %lu): two files pasted together?",
				    key, old->line);
	if (ml_kv_set(tmp, key, value, line) != 0)
		return ml_error_set(err, ML_ENOMEM, file, line, "out of memory");
	return ML_OK;
}

typedef int (*line_fn)(struct ml_line l, struct ml_kv *tmp, const char *file,
		       unsigned long line, struct ml_error *err);

/* The loop both name/value files share: lines, blank lines, the final
 * newline, the empty file, and handing *out over only on success. */
static int parse_kv_lines(const char *buf, size_t len, const char *file, const char *kind,
			  line_fn one, struct ml_kv *out, struct ml_error *err)
{
	struct ml_kv tmp = { 0 };
	struct ml_lines it;
	struct ml_line l;
	int r;

	ml_lines_init(&it, buf, len, file);
	while ((r = ml_lines_next(&it, &l, err)) == 1) {
		if (it.pos == it.end && missing_final_newline(buf, len)) {
			r = ml_error_set(err, ML_EPARSE, file, it.lineno,
					 "last line has no newline: the file was cut short");
			break;
		}
		if (blank_line(l))
			continue;
		if ((r = one(l, &tmp, file, it.lineno, err)) != ML_OK)
			break;
	}
	if (r == 0 && tmp.n == 0)
		r = ml_error_set(err, ML_EPARSE, file, 0, "empty file: no %s lines", kind);
	if (r != 0) {
		ml_kv_free(&tmp);
		return r;
	}
	ml_kv_free(out);
	*out = tmp;
	return ML_OK;
}

/* §11.6: "%-16s%8lu kB" (label with its colon, padded), or for
 * HugePages_Total/Free/Rsvd/Surp a plain count without unit.  The name is
 * everything before the first ':'; it may hold parentheses ("Active(anon)")
 * but no blanks, so the per-node form "Node 0 MemTotal:" is refused. */
static int meminfo_line(struct ml_line l, struct ml_kv *tmp, const char *file,
			unsigned long line, struct ml_error *err)
{
	const char *colon = memchr(l.s, ':', l.len);
	if (!colon)
		return ml_error_set(err, ML_EPARSE, file, line,
				    "'%s' is not a 'Name: value kB' line (no ':')", quote(ml_trim(l)).s);
	struct ml_line name = ml_trim((struct ml_line){ l.s, (size_t)(colon - l.s) });
	struct ml_line rest = { colon + 1, l.len - (size_t)(colon - l.s) - 1 };
	if (ml_tok_starts(name, "Node "))
		return ml_error_set(err, ML_EPARSE, file, line,
				    "'%s': per-node meminfo (\"Node N Name:\") is not /proc/meminfo",
				    quote(name).s);
	int r = check_name(name, file, line, err);
	if (r)
		return r;

	struct ml_line tok[3];
	size_t n = ml_split(rest, tok, 2);
	if (n == 0)
		return ml_error_set(err, ML_EPARSE, file, line, "'%s' has no value", quote(name).s);
	if (n > 2)
		return ml_error_set(err, ML_EPARSE, file, line,
				    "'%s': unexpected text after the value and unit", quote(name).s);

	char what[ML_KV_NAME + 3];
	snprintf(what, sizeof(what), "'%.*s'", (int)name.len, name.s);
	uint64_t v;
	if ((r = parse_value(tok[0], what, file, line, &v, err)) != ML_OK)
		return r;
	if (n == 2) {
		if (!ml_tok_eq(tok[1], "kB"))
			return ml_error_set(err, ML_EPARSE, file, line,
					    "%s: unknown unit '%s' (meminfo uses only kB)",
					    what, quote(tok[1]).s);
		if (!ml_mul_u64(v, 1024, &v))
			return ml_error_set(err, ML_EPARSE, file, line,
					    "%s: %.*s kB does not fit in 64 bits as bytes",
					    what, (int)tok[0].len, tok[0].s);
	}
	return store(tmp, name, v, file, line, err);
}

int ml_parse_meminfo(const char *buf, size_t len, const char *file,
		     struct ml_kv *out, struct ml_error *err)
{
	return parse_kv_lines(buf, len, file, "'Name: value kB'", meminfo_line, out, err);
}

/* §11.7: "%s %lu" per line, counts (mostly pages), kept as they are. */
static int vmstat_line(struct ml_line l, struct ml_kv *tmp, const char *file,
		       unsigned long line, struct ml_error *err)
{
	struct ml_line tok[3];
	size_t n = ml_split(l, tok, 2);
	int r = check_name(tok[0], file, line, err);
	if (r)
		return r;
	if (n == 1)
		return ml_error_set(err, ML_EPARSE, file, line, "'%s' has no value", quote(tok[0]).s);
	if (n > 2)
		return ml_error_set(err, ML_EPARSE, file, line,
				    "'%s': unexpected text after the value (want 'name value')",
				    quote(tok[0]).s);
	char what[ML_KV_NAME + 3];
	snprintf(what, sizeof(what), "'%.*s'", (int)tok[0].len, tok[0].s);
	uint64_t v;
	if ((r = parse_value(tok[1], what, file, line, &v, err)) != ML_OK)
		return r;
	return store(tmp, tok[0], v, file, line, err);
}

int ml_parse_vmstat(const char *buf, size_t len, const char *file,
		    struct ml_kv *out, struct ml_error *err)
{
	return parse_kv_lines(buf, len, file, "'name value'", vmstat_line, out, err);
}

/* Sysctls (proc_dointvec and friends) print their values on one line,
 * separated by tabs, ending in "\n".  The values go to out (up to max of
 * them; *n gets how many, on success only); blank lines after the value line
 * are tolerated, any other text is not.  A missing final newline is fine
 * here: the text may come from `echo -n` or a shell variable, and a cut
 * number could not be told apart anyway. */
static int parse_sysctl_values(const char *buf, size_t len, const char *file, bool single,
			       uint64_t *out, size_t max, size_t *n, struct ml_error *err)
{
	struct ml_lines it;
	struct ml_line l;
	int r;
	unsigned long first = 0;
	size_t count = 0;

	ml_lines_init(&it, buf, len, file);
	while ((r = ml_lines_next(&it, &l, err)) == 1) {
		if (blank_line(l))
			continue;
		if (first)
			return ml_error_set(err, ML_EPARSE, file, it.lineno,
					    "unexpected second line: a sysctl prints one line (values on line %lu)",
					    first);
		first = it.lineno;
		/* Walk the tokens one at a time so that max may be any size. */
		struct ml_line rest = l, tok[2];
		while (ml_split(rest, tok, 1) >= 1) {
			if (count == max)
				return single
					? ml_error_set(err, ML_EPARSE, file, it.lineno,
						       "more than one value where the sysctl holds a single number")
					: ml_error_set(err, ML_EPARSE, file, it.lineno,
						       "too many array entries: more than %zu values", max);
			char what[32];
			if (single)
				snprintf(what, sizeof(what), "value");
			else
				snprintf(what, sizeof(what), "value %zu", count + 1);
			if ((r = parse_value(tok[0], what, file, it.lineno, &out[count], err)) != ML_OK)
				return r;
			count++;
			const char *next = tok[0].s + tok[0].len;
			rest.len -= (size_t)(next - rest.s);
			rest.s = next;
		}
	}
	if (r < 0)
		return r;
	if (count == 0)
		return ml_error_set(err, ML_EPARSE, file, 0, "empty file: no value");
	/* proc_dointvec() and friends end the line with "\n": without it the
	 * file was cut, maybe inside the number ("6" of "67584"). */
	if (buf[len - 1] != '\n')
		return ml_error_set(err, ML_EPARSE, file, it.lineno,
				    "the file ends in the middle of this line (cut short?)");
	*n = count;
	return ML_OK;
}

int ml_parse_sysctl_u64(const char *buf, size_t len, const char *file,
			uint64_t *out, struct ml_error *err)
{
	uint64_t v;
	size_t n;
	int r = parse_sysctl_values(buf, len, file, true, &v, 1, &n, err);
	if (r == ML_OK)
		*out = v;
	return r;
}

int ml_parse_sysctl_array(const char *buf, size_t len, const char *file,
			  uint64_t *out, size_t max, size_t *n, struct ml_error *err)
{
	return parse_sysctl_values(buf, len, file, false, out, max, n, err);
}
