#include "table.h"

#include <inttypes.h>
#include <libsmartcols.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "format.h"

void ml_table_init(struct ml_table *t, const struct ml_column *cols, size_t ncols)
{
	t->cols = cols;
	t->ncols = ncols;
	t->rows = NULL;
	t->nrows = 0;
}

void ml_table_free(struct ml_table *t)
{
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++)
			free(t->rows[r].cells[c].s);
		free(t->rows[r].cells);
	}
	free(t->rows);
	t->rows = NULL;
	t->nrows = 0;
}

int ml_table_add_row(struct ml_table *t, int parent, unsigned flags)
{
	struct ml_row *rows = realloc(t->rows, (t->nrows + 1) * sizeof(*rows));
	if (!rows)
		return -1;
	t->rows = rows;
	struct ml_cell *cells = calloc(t->ncols, sizeof(*cells));
	if (!cells)
		return -1;
	rows[t->nrows] = (struct ml_row){ .cells = cells, .parent = parent, .flags = flags };
	return (int)t->nrows++;
}

static struct ml_cell *cell(struct ml_table *t, int row, size_t col)
{
	if (row < 0 || (size_t)row >= t->nrows || col >= t->ncols)
		return NULL;
	return &t->rows[row].cells[col];
}

void ml_table_set_u64(struct ml_table *t, int row, size_t col, uint64_t v)
{
	struct ml_cell *c = cell(t, row, col);
	if (c) {
		c->set = true;
		c->u = v;
		c->i = (int64_t)v;
	}
}

void ml_table_set_i64(struct ml_table *t, int row, size_t col, int64_t v)
{
	struct ml_cell *c = cell(t, row, col);
	if (c) {
		c->set = true;
		c->i = v;
		c->u = (uint64_t)v;
	}
}

void ml_table_set_str(struct ml_table *t, int row, size_t col, const char *s)
{
	struct ml_cell *c = cell(t, row, col);
	if (c && s) {
		free(c->s);
		c->s = strdup(s);
		c->set = c->s != NULL;
	}
}

void ml_table_set_color(struct ml_table *t, int row, size_t col, const char *color)
{
	struct ml_cell *c = cell(t, row, col);
	if (c)
		c->color = color;
}

void ml_table_json_only(struct ml_table *t, int row, size_t col)
{
	struct ml_cell *c = cell(t, row, col);
	if (c)
		c->json_only = true;
}

size_t ml_table_col(const struct ml_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcasecmp(t->cols[i].name, name) == 0)
			return i;
	return (size_t)-1;
}

int ml_table_select(const struct ml_column *cols, size_t ncols, const char *spec, bool json,
		    size_t *sel, size_t *nsel, struct ml_error *err)
{
	*nsel = 0;
	bool add = spec && spec[0] == '+';
	if (!spec || add) {
		for (size_t i = 0; i < ncols; i++)
			if (json ? cols[i].json_key != NULL : (cols[i].flags & ML_COL_DEFAULT) != 0)
				sel[(*nsel)++] = i;
		if (!spec)
			return ML_OK;
		spec++;
	}
	char *copy = strdup(spec), *save = NULL;
	if (!copy)
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		size_t i;
		for (i = 0; i < ncols; i++)
			if (strcasecmp(cols[i].name, name) == 0)
				break;
		if (i == ncols) {
			int rc = ml_error_set(err, ML_EUSAGE, NULL, 0,
					      "unknown column '%s' (--help lists the columns)", name);
			free(copy);
			return rc;
		}
		bool dup = false;
		for (size_t k = 0; k < *nsel; k++)
			dup |= sel[k] == i;
		if (!dup && *nsel < ncols)
			sel[(*nsel)++] = i;
	}
	free(copy);
	if (*nsel == 0)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "no columns selected");
	/* JSON objects must stay identifiable: key columns come first. */
	if (json) {
		size_t keyed[64], nk = 0;
		for (size_t i = 0; i < ncols && nk < 64; i++) {
			bool chosen = false;
			for (size_t k = 0; k < *nsel; k++)
				chosen |= sel[k] == i;
			if ((cols[i].flags & ML_COL_KEY) && !chosen)
				keyed[nk++] = i;
		}
		if (nk && *nsel + nk <= ncols) {
			memmove(sel + nk, sel, *nsel * sizeof(*sel));
			memcpy(sel, keyed, nk * sizeof(*sel));
			*nsel += nk;
		}
	}
	return ML_OK;
}

static void cell_text(const struct ml_column *col, const struct ml_cell *c, bool bytes,
		      char *buf, size_t n)
{
	buf[0] = '\0';
	if (!c->set)
		return;
	switch (col->type) {
	case ML_COL_STR:
		snprintf(buf, n, "%s", c->s ? c->s : "");
		break;
	case ML_COL_BYTES:
		ml_format_bytes(c->u, bytes, buf, n);
		break;
	case ML_COL_COUNT:
		snprintf(buf, n, "%" PRIu64, c->u);
		break;
	case ML_COL_HEX:
		snprintf(buf, n, "0x%" PRIx64, c->u);
		break;
	case ML_COL_INT:
		snprintf(buf, n, "%" PRId64, c->i);
		break;
	case ML_COL_THOUSANDTHS:
		ml_format_thousandths(c->i, buf, n);
		break;
	case ML_COL_PERMILLE:
		ml_format_permille_pct(c->i, buf, n);
		break;
	}
}

int ml_table_print(const struct ml_table *t, const struct ml_output *out, FILE *f,
		   struct ml_error *err)
{
	size_t sel[64], nsel;
	if (t->ncols > 64)
		return ml_error_set(err, ML_EIO, NULL, 0, "too many columns");
	int rc = ml_table_select(t->cols, t->ncols, out->columns, false, sel, &nsel, err);
	if (rc != ML_OK)
		return rc;
	struct libscols_table *tb = scols_new_table();
	if (!tb)
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	scols_table_enable_raw(tb, out->raw);
	scols_table_enable_noheadings(tb, out->noheadings);
	scols_table_enable_colors(tb, out->color);
	scols_table_set_stream(tb, f);
	bool tree = false;
	for (size_t r = 0; r < t->nrows; r++)
		tree |= t->rows[r].parent >= 0;
	struct libscols_column *cl[64];
	for (size_t i = 0; i < nsel; i++) {
		const struct ml_column *c = &t->cols[sel[i]];
		int fl = 0;
		if (c->flags & ML_COL_RIGHT)
			fl |= SCOLS_FL_RIGHT;
		if ((c->flags & ML_COL_TREE) && tree && !out->raw)
			fl |= SCOLS_FL_TREE;
		if (c->flags & ML_COL_TRUNC)
			fl |= SCOLS_FL_TRUNC;
		if (c->flags & ML_COL_WRAP)
			fl |= SCOLS_FL_WRAP;
		cl[i] = scols_table_new_column(tb, c->name, c->whint, fl);
		if (!cl[i]) {
			scols_unref_table(tb);
			return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
		}
	}
	struct libscols_line **lines = calloc(t->nrows ? t->nrows : 1, sizeof(*lines));
	if (!lines) {
		scols_unref_table(tb);
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	}
	char buf[512];
	for (size_t r = 0; r < t->nrows; r++) {
		const struct ml_row *row = &t->rows[r];
		/* Raw output is for scripts: one row per record, no tree parents. */
		if (out->raw && (row->flags & ML_ROW_TEXT_ONLY))
			continue;
		struct libscols_line *parent =
			row->parent >= 0 && (size_t)row->parent < r ? lines[row->parent] : NULL;
		lines[r] = scols_table_new_line(tb, out->raw ? NULL : parent);
		if (!lines[r])
			continue;
		for (size_t i = 0; i < nsel; i++) {
			const struct ml_cell *c = &row->cells[sel[i]];
			if (c->json_only && !out->raw)
				buf[0] = '\0';
			else
				cell_text(&t->cols[sel[i]], c, out->bytes, buf, sizeof(buf));
			scols_line_set_data(lines[r], i, buf);
			if (c->color && out->color)
				scols_cell_set_color(scols_line_get_cell(lines[r], i), c->color);
		}
	}
	scols_print_table(tb);
	free(lines);
	scols_unref_table(tb);
	return ML_OK;
}

int ml_table_to_json(const struct ml_table *t, const struct ml_output *out, cJSON **array,
		     struct ml_error *err)
{
	size_t sel[64], nsel;
	if (t->ncols > 64)
		return ml_error_set(err, ML_EIO, NULL, 0, "too many columns");
	int rc = ml_table_select(t->cols, t->ncols, out->columns, true, sel, &nsel, err);
	if (rc != ML_OK)
		return rc;
	cJSON *arr = cJSON_CreateArray();
	if (!arr)
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	char buf[512];
	for (size_t r = 0; r < t->nrows; r++) {
		const struct ml_row *row = &t->rows[r];
		if (row->flags & ML_ROW_TEXT_ONLY)
			continue;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, o);
		for (size_t i = 0; i < nsel; i++) {
			const struct ml_column *col = &t->cols[sel[i]];
			const struct ml_cell *c = &row->cells[sel[i]];
			if (!col->json_key)
				continue;   /* a text-only column such as a bar */
			if (!c->set) {
				cJSON_AddNullToObject(o, col->json_key);
				continue;
			}
			switch (col->type) {
			case ML_COL_STR:
				cJSON_AddStringToObject(o, col->json_key, c->s ? c->s : "");
				break;
			case ML_COL_BYTES:
			case ML_COL_COUNT:
			case ML_COL_HEX:
				/* Exact 64-bit integers: cJSON numbers are doubles. */
				snprintf(buf, sizeof(buf), "%" PRIu64, c->u);
				cJSON_AddRawToObject(o, col->json_key, buf);
				break;
			case ML_COL_INT:
				snprintf(buf, sizeof(buf), "%" PRId64, c->i);
				cJSON_AddRawToObject(o, col->json_key, buf);
				break;
			case ML_COL_THOUSANDTHS:
				ml_format_thousandths(c->i, buf, sizeof(buf));
				cJSON_AddRawToObject(o, col->json_key, buf);
				break;
			case ML_COL_PERMILLE: {
				uint64_t a = c->i < 0 ? (uint64_t)(-(c->i + 1)) + 1 : (uint64_t)c->i;
				snprintf(buf, sizeof(buf), "%s%" PRIu64 ".%" PRIu64, c->i < 0 ? "-" : "",
					 a / 10, a % 10);
				cJSON_AddRawToObject(o, col->json_key, buf);
				break;
			}
			}
		}
	}
	*array = arr;
	return ML_OK;
}

void ml_table_help_columns(const struct ml_column *cols, size_t ncols, FILE *f)
{
	for (size_t i = 0; i < ncols; i++)
		fprintf(f, "  %-12s %s%s\n", cols[i].name, cols[i].help,
			cols[i].flags & ML_COL_DEFAULT ? "" : " (not shown by default)");
}
