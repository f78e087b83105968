/* /proc/slabinfo parser, versions 2.0 and 2.1 (kernel-model §7.8, §11.4).
 *
 * The kernel prints (mm/slab_common.c: print_slabinfo_header(), cache_show();
 * 2.6-era mm/slab.c: s_show()):
 *   "slabinfo - version: 2.1"   (2.0 on early 2.6 kernels: 2.6.5 in snippets/57)
 *   "# name <active_objs> ... : slabdata <active_slabs> <num_slabs> <sharedavail>"
 *   "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu"
 * Versions 2.0 and 2.1 have the same 16 columns.  The tunables are always
 * printed limit, batchcount, sharedfactor, even where the 2.6-era header text
 * says "<batchcount> <limit>" (a label slip, the values never moved).
 * SLAB built with STATS says "(statistics)" after the version and appends
 * ": globalstat N..." and ": cpustat N..." to every row; those counters are
 * checked as numbers and not kept.  Names longer than 17 characters push the
 * columns right, so rows are split on blanks, never on positions. */
#include "slabinfo.h"

#include <stdlib.h>
#include <string.h>

#include "../util/text.h"

/* 16 fixed columns + ": globalstat" with up to 9 counters + ": cpustat" with
 * 4, with room to spare; one more lets ml_split report "too many". */
#define SI_MAX_TOKENS 48
#define SI_COLUMNS 16



void ml_slabinfo_free(struct ml_slabinfo *si)
{
	if (!si)
		return;
	free(si->caches);
	memset(si, 0, sizeof(*si));
}

const struct ml_slab_cache *ml_slabinfo_find(const struct ml_slabinfo *si, const char *name)
{
	for (size_t i = 0; si && i < si->ncaches; i++)
		if (strcmp(si->caches[i].name, name) == 0)
			return &si->caches[i];
	return NULL;
}

/* ---- duplicate names ----
 * An open-addressing table of cache indexes, so that a huge garbage file
 * cannot make the duplicate check quadratic. */

struct name_set {
	size_t *slot;   /* cache index + 1; 0 = empty */
	size_t cap;     /* power of two */
};

static uint64_t name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* Index of the cache already called caches[idx].name, or (size_t)-1 after
 * recording idx.  -2 when out of memory. */
static size_t set_add(struct name_set *set, const struct ml_slab_cache *caches, size_t idx)
{
	if ((idx + 1) * 2 > set->cap) {
		size_t ncap = set->cap ? set->cap * 2 : 64;
		size_t *ns = calloc(ncap, sizeof(*ns));
		if (!ns)
			return (size_t)-2;
		for (size_t i = 0; i < idx; i++) {
			size_t h = (size_t)name_hash(caches[i].name) & (ncap - 1);
			while (ns[h])
				h = (h + 1) & (ncap - 1);
			ns[h] = i + 1;
		}
		free(set->slot);
		set->slot = ns;
		set->cap = ncap;
	}
	size_t h = (size_t)name_hash(caches[idx].name) & (set->cap - 1);
	while (set->slot[h]) {
		size_t other = set->slot[h] - 1;
		if (strcmp(caches[other].name, caches[idx].name) == 0)
			return other;
		h = (h + 1) & (set->cap - 1);
	}
	set->slot[h] = idx + 1;
	return (size_t)-1;
}

/* ---- header ---- */

/* "slabinfo - version: 2.1" or "... 2.1 (statistics)". */
static int parse_version(struct ml_line line, unsigned long lineno, const char *file,
			 struct ml_slabinfo *out, struct ml_error *err)
{
	struct ml_line tok[6];
	char a[48];
	size_t n = ml_split(line, tok, 5);

	if (n < 4 || n > 5 || !ml_tok_eq(tok[0], "slabinfo") || !ml_tok_eq(tok[1], "-") ||
	    !ml_tok_eq(tok[2], "version:"))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "expected the header 'slabinfo - version: 2.x', found '%s' "
				    "(not a /proc/slabinfo file, or its first line was cut off)",
				    ml_tok_shown(ml_trim(line), a, sizeof(a)));
	if (n == 5 && !ml_tok_eq(tok[4], "(statistics)"))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "unexpected '%s' after the slabinfo version (only '(statistics)' is printed there)",
				    ml_tok_shown(tok[4], a, sizeof(a)));
	out->statistics = n == 5;

	/* 2.0 (early 2.6, snippets/57) and 2.1 (2.6.11 in snippets/56 to
	 * today) share one row layout; 1.x (Linux 2.4) has other columns and
	 * nothing newer exists. */
	const char *dot = memchr(tok[3].s, '.', tok[3].len);
	uint64_t major, minor;
	if (dot) {
		struct ml_line ma = { tok[3].s, (size_t)(dot - tok[3].s) };
		struct ml_line mi = { dot + 1, tok[3].len - ma.len - 1 };
		if (ml_tok_u64(ma, &major) && ml_tok_u64(mi, &minor) && major == 2 && minor <= 1) {
			out->version_major = 2;
			out->version_minor = (int)minor;
			return ML_OK;
		}
	}
	return ml_error_set(err, ML_EPARSE, file, lineno,
			    "slabinfo version '%s' is not one this parser reads (2.0 and 2.1 are; "
			    "1.x is the Linux 2.4 layout)", ml_tok_shown(tok[3], a, sizeof(a)));
}

/* ---- rows ---- */

/* Token positions of the 11 numbers in a row, and their names for messages. */
static const struct {
	size_t tok;
	const char *name;
	size_t off;
} numbers[] = {
	{ 1, "active_objs", offsetof(struct ml_slab_cache, active_objs) },
	{ 2, "num_objs", offsetof(struct ml_slab_cache, num_objs) },
	{ 3, "objsize", offsetof(struct ml_slab_cache, objsize) },
	{ 4, "objperslab", offsetof(struct ml_slab_cache, objperslab) },
	{ 5, "pagesperslab", offsetof(struct ml_slab_cache, pagesperslab) },
	{ 8, "limit", offsetof(struct ml_slab_cache, limit) },
	{ 9, "batchcount", offsetof(struct ml_slab_cache, batchcount) },
	{ 10, "sharedfactor", offsetof(struct ml_slab_cache, sharedfactor) },
	{ 13, "active_slabs", offsetof(struct ml_slab_cache, active_slabs) },
	{ 14, "num_slabs", offsetof(struct ml_slab_cache, num_slabs) },
	{ 15, "sharedavail", offsetof(struct ml_slab_cache, sharedavail) },
};

/* The ": globalstat N..." and ": cpustat N..." sections of a "(statistics)"
 * row (mm/slab.c: slabinfo_show_stats()).  Their counter counts changed
 * between kernels (7 to 9 in globalstat), so any number of counters is taken,
 * but each must be a number. */
static int check_stat_sections(const struct ml_line *tok, size_t n, unsigned long lineno,
			       const char *file, const char *name, struct ml_error *err)
{
	char a[48];
	size_t i = SI_COLUMNS;
	while (i < n) {
		if (!ml_tok_eq(tok[i], ":") || i + 1 >= n ||
		    !(ml_tok_eq(tok[i + 1], "globalstat") || ml_tok_eq(tok[i + 1], "cpustat")))
			return ml_error_set(err, ML_EPARSE, file, lineno,
					    "cache '%s': expected ': globalstat' or ': cpustat' after the "
					    "slabdata columns, found '%s' (column %zu)",
					    name, ml_tok_shown(tok[i], a, sizeof(a)), i + 1);
		size_t k = i + 2;
		for (; k < n && !ml_tok_eq(tok[k], ":"); k++) {
			uint64_t v;
			if (!ml_tok_u64(tok[k], &v))
				return ml_error_set(err, ML_EPARSE, file, lineno,
						    "cache '%s': expected a %.*s counter in column %zu, found '%s'%s",
						    name, (int)tok[i + 1].len, tok[i + 1].s, k + 1,
						    ml_tok_shown(tok[k], a, sizeof(a)), ml_tok_number_problem(tok[k]));
		}
		if (k == i + 2)
			return ml_error_set(err, ML_EPARSE, file, lineno,
					    "cache '%s': no counters after ': %.*s'",
					    name, (int)tok[i + 1].len, tok[i + 1].s);
		i = k;
	}
	return ML_OK;
}

static int parse_row(struct ml_line line, unsigned long lineno, const char *file,
		     const struct ml_slabinfo *out, struct ml_slab_cache *row, struct ml_error *err)
{
	struct ml_line tok[SI_MAX_TOKENS + 1];
	char a[48], b[48];
	size_t n = ml_split(line, tok, SI_MAX_TOKENS);

	if (n >= 3 && ml_tok_eq(tok[0], "slabinfo") && ml_tok_eq(tok[2], "version:"))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "a second 'slabinfo - version' header: two captures glued together?");
	if (n < SI_COLUMNS || (n > SI_COLUMNS && !out->statistics) || n > SI_MAX_TOKENS)
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "%s%zu columns where a slabinfo row has %d (name, 5 numbers, "
				    "': tunables' 3 numbers, ': slabdata' 3 numbers): cut or garbled line",
				    n > SI_MAX_TOKENS ? "more than " : "", n > SI_MAX_TOKENS ? SI_MAX_TOKENS : n,
				    SI_COLUMNS);

	memset(row, 0, sizeof(*row));
	row->line = lineno;
	if (!ml_tok_copy(tok[0], row->name, sizeof(row->name)))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "cache name '%s' is longer than %d bytes",
				    ml_tok_shown(tok[0], a, sizeof(a)), ML_SLAB_NAME - 1);
	if (!ml_tok_eq(tok[6], ":") || !ml_tok_eq(tok[7], "tunables"))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "cache '%s': expected ': tunables' in columns 7-8, found '%s %s'",
				    row->name, ml_tok_shown(tok[6], a, sizeof(a)), ml_tok_shown(tok[7], b, sizeof(b)));
	if (!ml_tok_eq(tok[11], ":") || !ml_tok_eq(tok[12], "slabdata"))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "cache '%s': expected ': slabdata' in columns 12-13, found '%s %s'",
				    row->name, ml_tok_shown(tok[11], a, sizeof(a)), ml_tok_shown(tok[12], b, sizeof(b)));
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		struct ml_line t = tok[numbers[i].tok];
		if (!ml_tok_u64(t, (uint64_t *)((char *)row + numbers[i].off)))
			return ml_error_set(err, ML_EPARSE, file, lineno,
					    "cache '%s': expected a number for %s (column %zu), found '%s'%s",
					    row->name, numbers[i].name, numbers[i].tok + 1,
					    ml_tok_shown(t, a, sizeof(a)), ml_tok_number_problem(t));
	}
	if (n > SI_COLUMNS) {
		int rc = check_stat_sections(tok, n, lineno, file, row->name, err);
		if (rc < 0)
			return rc;
	}

	/* Only what neither allocator can print is refused (kernel-model §7.8):
	 * SLUB's active_objs is num_objs minus free objects found on the
	 * partial lists, and its sampled estimate is capped at the node's
	 * objects; SLAB counted both under the node lock and derived num_slabs
	 * as active + free slabs.  A slab always holds at least one object and
	 * one page.  SLUB's active_slabs == num_slabs is not checked: SLAB
	 * rows differ legitimately, and a row says which allocator only
	 * through its tunables. */
	if (row->active_objs > row->num_objs)
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "cache '%s': %llu active objects but only %llu objects",
				    row->name, (unsigned long long)row->active_objs,
				    (unsigned long long)row->num_objs);
	if (row->active_slabs > row->num_slabs)
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "cache '%s': %llu active slabs but only %llu slabs",
				    row->name, (unsigned long long)row->active_slabs,
				    (unsigned long long)row->num_slabs);
	if (row->num_slabs > 0 && (row->objperslab == 0 || row->pagesperslab == 0))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "cache '%s': %llu slabs of %llu objects in %llu pages each: "
				    "a slab holds at least one object and one page",
				    row->name, (unsigned long long)row->num_slabs,
				    (unsigned long long)row->objperslab,
				    (unsigned long long)row->pagesperslab);
	/* SLUB prints the tunables as 0 0 0; SLAB's limit is at least 1. */
	row->has_tunables = row->limit || row->batchcount || row->sharedfactor;
	return ML_OK;
}

/* A header comment wrapped by a mail client leaves its tail
 * ("<active_slabs> <num_slabs> <sharedavail>") on a line of its own
 * (snippets/56).  No cache row starts with '<', so such a line right after
 * the comment is taken as more comment. */
static bool wrapped_comment(struct ml_line line)
{
	struct ml_line t = ml_trim(line);
	return t.len && t.s[0] == '<';
}

int ml_parse_slabinfo(const char *buf, size_t len, const char *file,
		      struct ml_slabinfo *out, struct ml_error *err)
{
	enum { WANT_VERSION, WANT_COMMENT, AFTER_COMMENT, ROWS } state = WANT_VERSION;
	struct ml_lines it;
	struct ml_line line;
	struct name_set names = { NULL, 0 };
	size_t cap = 0;
	int rc;
	char a[48];

	memset(out, 0, sizeof(*out));
	ml_lines_init(&it, buf, len, file);
	while ((rc = ml_lines_next(&it, &line, err)) > 0) {
		/* The kernel prints no blank lines; captures pasted by hand
		 * often end with one. */
		if (ml_trim(line).len == 0)
			continue;
		if (state == WANT_VERSION) {
			rc = parse_version(line, it.lineno, file, out, err);
			if (rc < 0)
				break;
			state = WANT_COMMENT;
			continue;
		}
		if (state == WANT_COMMENT) {
			struct ml_line t = ml_trim(line);
			if (t.s[0] != '#') {
				rc = ml_error_set(err, ML_EPARSE, file, it.lineno,
						  "expected the column line '# name <active_objs> ...' after the "
						  "version header, found '%s'", ml_tok_shown(t, a, sizeof(a)));
				break;
			}
			state = AFTER_COMMENT;
			continue;
		}
		if (state == AFTER_COMMENT && wrapped_comment(line))
			continue;
		state = ROWS;

		struct ml_slab_cache row;
		rc = parse_row(line, it.lineno, file, out, &row, err);
		if (rc < 0)
			break;
		if (out->ncaches == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct ml_slab_cache *c = realloc(out->caches, ncap * sizeof(*c));
			if (!c) {
				rc = ml_error_set(err, ML_ENOMEM, file, it.lineno, "out of memory");
				break;
			}
			out->caches = c;
			cap = ncap;
		}
		out->caches[out->ncaches] = row;
		/* One row per cache: merged caches appear once under the
		 * creator's name (kernel-model §7.8), so a repeat means two
		 * captures glued together, and keeping either would be a
		 * guess. */
		size_t prev = set_add(&names, out->caches, out->ncaches);
		if (prev == (size_t)-2) {
			rc = ml_error_set(err, ML_ENOMEM, file, it.lineno, "out of memory");
			break;
		}
		if (prev != (size_t)-1) {
			rc = ml_error_set(err, ML_EPARSE, file, it.lineno,
					  "cache '%s' listed twice (first on line %lu)",
					  row.name, out->caches[prev].line);
			break;
		}
		out->ncaches++;
	}
	free(names.slot);
	if (rc == 0 && state == WANT_VERSION)
		rc = ml_error_set(err, ML_EPARSE, file, 0,
				  "no 'slabinfo - version: 2.x' header: empty or not a slabinfo file");
	else if (rc == 0 && state == WANT_COMMENT)
		rc = ml_error_set(err, ML_EPARSE, file, it.lineno,
				  "the file ends after the version header, before the "
				  "'# name <active_objs> ...' line: cut short");
	/* The kernel ends every row with "\n"; a last row without it was cut,
	 * maybe inside its last number ("1" of "12" still reads). */
	if (rc == 0 && len && buf[len - 1] != '\n')
		rc = ml_error_set(err, ML_EPARSE, file, it.lineno,
				  "the file ends in the middle of this line (cut short?)");
	if (rc < 0) {
		ml_slabinfo_free(out);
		return rc;
	}
	return ML_OK;
}
