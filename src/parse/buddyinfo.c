/* /proc/buddyinfo parser (kernel-model §11.1).
 *
 * The kernel prints, per populated zone of every online node,
 *   "Node %d, zone %8s " then "%6lu " per order 0..MAX_PAGE_ORDER.
 * The number of orders is not fixed (11 on x86, 14 on arm64 with 64 KiB pages
 * and so on), so it is read from the columns and must agree on every row. */
#include "buddyinfo.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../util/text.h"

/* Room for "Node N, zone NAME" + ML_MAX_ORDERS counts, plus one so that
 * ml_split can tell "too many". */
#define BI_MAX_TOKENS (4 + ML_MAX_ORDERS)



/* "N," -> N; the node number is printed with "%d," so the comma is part of
 * the token. */
static bool node_token(struct ml_line tok, int *node)
{
	uint64_t v;
	if (tok.len < 2 || tok.s[tok.len - 1] != ',')
		return false;
	tok.len--;
	if (!ml_tok_u64(tok, &v) || v >= ML_MAX_NODES)
		return false;
	*node = (int)v;
	return true;
}

void ml_buddyinfo_free(struct ml_buddyinfo *bi)
{
	if (!bi)
		return;
	free(bi->rows);
	bi->rows = NULL;
	bi->nrows = 0;
	bi->norders = 0;
}

static int parse_line(struct ml_buddyinfo *out, size_t *cap, struct ml_line line,
		      unsigned long lineno, const char *file, struct ml_error *err)
{
	struct ml_line tok[BI_MAX_TOKENS];
	char a[48], b[48];
	size_t n = ml_split(line, tok, BI_MAX_TOKENS);
	int node;

	if (n < 4 || !ml_tok_eq(tok[0], "Node") || !ml_tok_eq(tok[2], "zone"))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "expected 'Node N, zone NAME' followed by free block counts, found '%s'",
				    ml_tok_shown(ml_trim(line), a, sizeof(a)));
	if (!node_token(tok[1], &node))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "expected a node number below %d followed by ',', found '%s'",
				    ML_MAX_NODES, ml_tok_shown(tok[1], a, sizeof(a)));
	if (n > BI_MAX_TOKENS)
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "more than %d orders of free block counts: not a buddyinfo line",
				    ML_MAX_ORDERS);
	if (n == 4)
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "no free block counts after zone '%s'", ml_tok_shown(tok[3], a, sizeof(a)));

	int norders = (int)(n - 4);
	/* kernel-model §11.1: columns - 1 = MAX_PAGE_ORDER, one value for the
	 * whole kernel, so every row must have as many as the first one. */
	if (out->nrows && norders != out->norders)
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "zone '%s' has %d free block counts, but line %lu had %d (cut or mixed file?)",
				    ml_tok_shown(tok[3], a, sizeof(a)), norders, out->rows[0].line, out->norders);

	struct ml_buddyinfo_row row;
	memset(&row, 0, sizeof(row));
	row.node = node;
	row.line = lineno;
	if (!ml_tok_copy(tok[3], row.zone, sizeof(row.zone)))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "zone name '%s' is longer than %d characters",
				    ml_tok_shown(tok[3], a, sizeof(a)), ML_NAME - 1);
	for (int k = 0; k < norders; k++) {
		struct ml_line t = tok[4 + k];
		if (!ml_tok_u64(t, &row.blocks[k]))
			return ml_error_set(err, ML_EPARSE, file, lineno,
					    "expected a number of free blocks at order %d, found '%s'%s",
					    k, ml_tok_shown(t, b, sizeof(b)), ml_tok_number_problem(t));
		if (row.blocks[k] > (ML_MAX_PAGES >> k))
			return ml_error_set(err, ML_EPARSE, file, lineno,
					    "%llu free blocks at order %d are more memory than any machine has",
					    (unsigned long long)row.blocks[k], k);
	}

	/* One line per zone per node: a repeat means two captures glued
	 * together, and summing or picking one would both be guesses. */
	for (size_t i = 0; i < out->nrows; i++)
		if (out->rows[i].node == node && strcmp(out->rows[i].zone, row.zone) == 0)
			return ml_error_set(err, ML_EPARSE, file, lineno,
					    "node %d zone '%s' listed twice (first on line %lu)",
					    node, row.zone, out->rows[i].line);

	if (out->nrows == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		struct ml_buddyinfo_row *r = realloc(out->rows, ncap * sizeof(*r));
		if (!r)
			return ml_error_set(err, ML_ENOMEM, file, lineno, "out of memory");
		out->rows = r;
		*cap = ncap;
	}
	out->rows[out->nrows++] = row;
	out->norders = norders;
	return ML_OK;
}

int ml_parse_buddyinfo(const char *buf, size_t len, const char *file,
		       struct ml_buddyinfo *out, struct ml_error *err)
{
	struct ml_lines it;
	struct ml_line line;
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	ml_lines_init(&it, buf, len, file);
	while ((rc = ml_lines_next(&it, &line, err)) > 0) {
		/* Blank lines carry nothing; a capture pasted by hand often
		 * ends with one. */
		if (ml_trim(line).len == 0)
			continue;
		/* The kernel ends every row with "\n": a last row without it was
		 * cut, and a cut row could pass for one with fewer orders. */
		if (!it.terminated) {
			rc = ml_error_set(err, ML_EPARSE, file, it.lineno,
					  "the file ends in the middle of this row (cut short?)");
			break;
		}
		rc = parse_line(out, &cap, line, it.lineno, file, err);
		if (rc < 0)
			break;
	}
	if (rc == 0 && out->nrows == 0)
		rc = ml_error_set(err, ML_EPARSE, file, 0,
				  "no 'Node N, zone NAME' lines: empty or not a buddyinfo file");
	if (rc < 0) {
		ml_buddyinfo_free(out);
		return rc;
	}
	return ML_OK;
}
