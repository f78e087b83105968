/* The shape the list screens share: rows, changes per second between
 * frames, filter, sort and the column table (list.h). */
#include "list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../json.h"

int ml_ui_list_init(struct ml_ui_screen *s, size_t size, const struct ml_ui_list_ops *ops)
{
	struct ml_ui_list *l = calloc(1, size);
	if (!l)
		return ML_ENOMEM;
	l->ops = ops;
	s->priv = l;
	return ML_OK;
}

void ml_ui_list_fini(struct ml_ui_screen *s)
{
	struct ml_ui_list *l = s->priv;
	if (!l)
		return;
	free(l->rows);
	free(l->prev);
	free(l->next);
	free(l->order);
	free(l);
	s->priv = NULL;
}

void ml_ui_list_forget(struct ml_ui_list *l)
{
	l->n = 0;
	l->nprev = 0;
}

int ml_ui_list_begin(struct ml_ui_list *l, const struct ml_ui_frame *f, size_t n,
		     struct ml_error *err)
{
	l->n = 0;
	void *rows = realloc(l->rows, (n ? n : 1) * l->ops->row_size);
	if (rows)
		l->rows = rows;
	void *next = rows ? realloc(l->next, (n ? n : 1) * l->ops->prev_size) : NULL;
	if (next)
		l->next = next;
	if (!rows || !next)
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	l->deltas = l->prev_frame && l->prev_frame + 1 == f->number && f->elapsed > 0;
	return ML_OK;
}

void *ml_ui_list_add(struct ml_ui_list *l, void **next)
{
	void *row = (char *)l->rows + l->n * l->ops->row_size;
	*next = (char *)l->next + l->n * l->ops->prev_size;
	memset(row, 0, l->ops->row_size);
	memset(*next, 0, l->ops->prev_size);
	l->n++;
	return row;
}

const void *ml_ui_list_prev(const struct ml_ui_list *l, const void *key)
{
	if (!l->deltas)
		return NULL;
	return bsearch(key, l->prev, l->nprev, l->ops->prev_size, l->ops->cmp_prev);
}

void ml_ui_list_end(struct ml_ui_list *l, const struct ml_ui_frame *f)
{
	qsort(l->next, l->n, l->ops->prev_size, l->ops->cmp_prev);
	/* Swapped, not copied: the old figures' memory takes the next frame's. */
	void *old = l->prev;
	l->prev = l->next;
	l->next = old;
	l->nprev = l->n;
	l->prev_frame = f->number;
}

int ml_ui_named_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ml_ui_named *)a)->name, ((const struct ml_ui_named *)b)->name);
}

bool ml_ui_named_rate(const struct ml_ui_list *l, const struct ml_ui_frame *f,
		      struct ml_ui_named *next, const char *name, uint64_t value, int64_t *rate)
{
	snprintf(next->name, sizeof(next->name), "%s", name);
	next->value = value;
	if (!l->deltas)
		return false;
	const struct ml_ui_named *hit = ml_ui_list_prev(l, next);
	*rate = ml_ui_rate(value, hit ? hit->value : 0, f->elapsed);
	return true;
}

void ml_ui_list_order(struct ml_ui_list *l, int sort, const void *filter)
{
	l->norder = 0;
	const void **o = realloc(l->order, (l->n ? l->n : 1) * sizeof(*o));
	if (!o)
		return;
	l->order = o;
	for (size_t i = 0; i < l->n; i++) {
		const void *row = (const char *)l->rows + i * l->ops->row_size;
		if (l->ops->keep(row, filter))
			o[l->norder++] = row;
	}
	qsort_r(o, l->norder, sizeof(*o), l->ops->cmp_row, &sort);
}

void ml_ui_list_draw(const struct ml_ui_list *l, const struct ml_ui_view *v, const bool *wanted,
		     int sort, struct ml_ui_lines *head, struct ml_ui_lines *body)
{
	const struct ml_ui_list_ops *ops = l->ops;
	bool shown[ML_UI_LIST_MAX_COLS];
	int cx[ML_UI_LIST_MAX_COLS], cw[ML_UI_LIST_MAX_COLS];
	for (int i = 0; i < ops->ncols; i++)
		shown[i] = wanted ? wanted[i] : true;
	ml_ui_cols_fit(ops->cols, ops->ncols, v, shown, cx, cw);
	ml_ui_cols_head(head, ops->cols, ops->ncols, shown, cx, cw, sort);
	char buf[64];
	for (size_t i = 0; i < l->norder; i++) {
		int y = ml_ui_line_add(body);
		if (y < 0)
			break;
		for (int k = 0; k < ops->ncols; k++) {
			if (!shown[k])
				continue;
			enum ml_ui_role role = ML_UI_PLAIN;
			const char *text = ops->cell(l->order[i], k, v, buf, sizeof(buf), &role);
			ml_ui_cols_cell(body, y, &ops->cols[k], cx[k], cw[k], role, text);
		}
	}
	if (l->norder == 0) {
		int y = ml_ui_line_add(body);
		ml_ui_put(body, y, 0, ML_UI_DIM, l->n ? ops->no_match : ops->none);
	}
}

int ml_ui_cmp_desc(uint64_t a, uint64_t b)
{
	return a < b ? 1 : a > b ? -1 : 0;
}

int ml_ui_cmp_delta(bool has_a, int64_t a, bool has_b, int64_t b)
{
	return ml_ui_cmp_desc(has_a ? (uint64_t)llabs(a) : 0, has_b ? (uint64_t)llabs(b) : 0);
}

enum ml_ui_role ml_ui_delta_cell(const struct ml_ui_view *v, bool has, int64_t delta, char *buf,
				 size_t n)
{
	if (!has) {
		snprintf(buf, n, "-");
		return ML_UI_DIM;
	}
	ml_ui_delta(v, delta, buf, n);
	return delta > 0 ? ML_UI_UP : delta < 0 ? ML_UI_DOWN : ML_UI_DIM;
}

void ml_ui_json_delta(cJSON *o, const char *key, bool has, int64_t delta)
{
	if (has)
		ml_json_add_i64(o, key, delta);
	else
		cJSON_AddNullToObject(o, key);
}
