#include "extfrag.h"

#include <stdlib.h>
#include <string.h>

#include "../util/text.h"

/* "-1.000", "0.066", "1.000" -> thousandths. */
static bool parse_index(struct ml_line t, int *out)
{
	bool neg = t.len && t.s[0] == '-';
	if (neg) {
		t.s++;
		t.len--;
	}
	const char *dot = memchr(t.s, '.', t.len);
	if (!dot || (size_t)(t.s + t.len - dot) != 4)
		return false;
	struct ml_line ip = { t.s, (size_t)(dot - t.s) }, fp = { dot + 1, 3 };
	uint64_t i, f;
	if (!ml_tok_u64(ip, &i) || !ml_tok_u64(fp, &f) || i > 1)
		return false;
	int v = (int)(i * 1000 + f);
	/* 0.000 .. 1.000; the only negative value is extfrag_index's -1.000
	 * ("the allocation would succeed"). */
	if (v > 1000 || (neg && v != 1000))
		return false;
	*out = neg ? -v : v;
	return true;
}

int ml_parse_extfrag(const char *buf, size_t len, const char *file,
		     struct ml_extfrag *out, struct ml_error *err)
{
	struct ml_lines it;
	struct ml_line line, tok[ML_MAX_ORDERS + 5];
	int rc;
	memset(out, 0, sizeof(*out));
	ml_lines_init(&it, buf, len, file);
	while ((rc = ml_lines_next(&it, &line, err)) > 0) {
		size_t n = ml_split(line, tok, ML_MAX_ORDERS + 4);
		if (n == 0)
			continue;
		if (!it.terminated)
			return ml_error_set(err, ML_EPARSE, file, it.lineno,
					    "the file ends in the middle of this line (cut short?)");
		uint64_t node;
		if (n < 5 || n > ML_MAX_ORDERS + 4 || !ml_tok_eq(tok[0], "Node") ||
		    tok[1].len < 2 || tok[1].s[tok[1].len - 1] != ',' || !ml_tok_eq(tok[2], "zone"))
			return ml_error_set(err, ML_EPARSE, file, it.lineno,
					    "expected \"Node N, zone NAME\" and one index per order");
		tok[1].len--;
		if (!ml_tok_u64(tok[1], &node) || node >= ML_MAX_NODES)
			return ml_error_set(err, ML_EPARSE, file, it.lineno, "bad node number");
		struct ml_extfrag_row row = { .node = (int)node, .norders = (int)(n - 4) };
		if (!ml_tok_copy(tok[3], row.zone, sizeof(row.zone)))
			return ml_error_set(err, ML_EPARSE, file, it.lineno, "zone name too long");
		for (size_t k = 4; k < n; k++)
			if (!parse_index(tok[k], &row.value[k - 4]))
				return ml_error_set(err, ML_EPARSE, file, it.lineno,
						    "expected an index like 0.123 or -1.000, found '%.*s'",
						    (int)(tok[k].len > 40 ? 40 : tok[k].len), tok[k].s);
		if (out->nrows >= (size_t)ML_MAX_NODES * ML_MAX_ZONES)
			return ml_error_set(err, ML_EPARSE, file, it.lineno,
					    "more zones than %d nodes of %d zones: not an extfrag file",
					    ML_MAX_NODES, ML_MAX_ZONES);
		/* One row per zone, and one column per order on every row: the
		 * kernel prints each populated zone once, all orders. */
		for (size_t i = 0; i < out->nrows; i++) {
			if (out->rows[i].node == row.node && strcmp(out->rows[i].zone, row.zone) == 0)
				return ml_error_set(err, ML_EPARSE, file, it.lineno,
						    "node %d zone '%s' listed twice", row.node, row.zone);
			if (out->rows[i].norders != row.norders)
				return ml_error_set(err, ML_EPARSE, file, it.lineno,
						    "%d indices, but an earlier row has %d (cut or mixed file?)",
						    row.norders, out->rows[i].norders);
		}
		struct ml_extfrag_row *rows = realloc(out->rows, (out->nrows + 1) * sizeof(*rows));
		if (!rows)
			return ml_error_set(err, ML_ENOMEM, file, it.lineno, "out of memory");
		out->rows = rows;
		out->rows[out->nrows++] = row;
	}
	if (rc == 0 && out->nrows == 0)
		rc = ml_error_set(err, ML_EPARSE, file, 0,
				  "no 'Node N, zone NAME' lines: empty or not a debugfs extfrag file");
	if (rc < 0) {
		ml_extfrag_free(out);
		return rc;
	}
	return ML_OK;
}

void ml_extfrag_free(struct ml_extfrag *ef)
{
	free(ef->rows);
	ef->rows = NULL;
	ef->nrows = 0;
}
