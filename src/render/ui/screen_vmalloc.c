/* Screen 4, vmalloc: totals of the vmalloc area and the callers holding the
 * most of it, from the vmalloc analysis (analyse/vmalloc_space.h,
 * kernel-model §8) over the model's vmallocinfo. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyse/vmalloc_space.h"
#include "../json.h"
#include "screen.h"

enum { SORT_CALLER, SORT_AREAS, SORT_SIZE, SORT_MEM, SORT_DELTA, NSORT };
static const char *const sort_keys[NSORT] = { "caller", "areas", "size", "mem", "delta" };

enum { C_CALLER, C_AREAS, C_SIZE, C_MEM, C_DELTA, NCOLS };
static const struct ml_ui_col cols[NCOLS] = {
	[C_CALLER] = { "CALLER", 20, 0, 100, ML_UI_COL_FLEX, SORT_CALLER },
	[C_AREAS] = { "AREAS", 6, 0, 50, ML_UI_COL_RIGHT, SORT_AREAS },
	[C_SIZE] = { "RESERVED", 8, 14, 60, ML_UI_COL_RIGHT, SORT_SIZE },
	[C_MEM] = { "PAGES", 7, 12, 90, ML_UI_COL_RIGHT, SORT_MEM },
	[C_DELTA] = { "CHANGE/s", 8, 12, 80, ML_UI_COL_RIGHT, SORT_DELTA },
};

struct row {
	const struct ml_vmalloc_group *g;   /* in sum.callers */
	uint64_t mem;                       /* pages × page size */
	bool has_delta;
	int64_t delta;
};

struct prev {
	char name[200];
	uint64_t mem;
};

struct vmalloc_screen {
	bool loaded;
	uint64_t page_size;
	struct ml_vmalloc_summary sum;
	struct row *rows;
	size_t n;
	struct prev *prev;
	size_t nprev;
	unsigned long prev_frame;
	const struct row **order;
	size_t norder;
	bool has_used;
	uint64_t used;                      /* meminfo VmallocUsed */
};

static int init(struct ml_ui_screen *s)
{
	s->priv = calloc(1, sizeof(struct vmalloc_screen));
	return s->priv ? ML_OK : ML_ENOMEM;
}

static void fini(struct ml_ui_screen *s)
{
	struct vmalloc_screen *p = s->priv;
	if (!p)
		return;
	ml_vmalloc_summary_free(&p->sum);
	free(p->rows);
	free(p->prev);
	free(p->order);
	free(p);
	s->priv = NULL;
}

static void wants(const struct ml_ui_screen *s, const struct ml_ui_view *v, struct ml_ui_wants *w)
{
	(void)s, (void)v;
	w->load |= ML_LOAD_VMALLOCINFO | ML_LOAD_MEMINFO;
}

static int cmp_prev(const void *a, const void *b)
{
	return strcmp(((const struct prev *)a)->name, ((const struct prev *)b)->name);
}

static int update(struct ml_ui_screen *s, const struct ml_ui_frame *f, struct ml_error *err)
{
	struct vmalloc_screen *p = s->priv;
	const struct ml_system *sys = &f->sys;
	ml_vmalloc_summary_free(&p->sum);
	p->n = 0;
	p->has_used = f->has_sys && ml_kv_get(&sys->meminfo, "VmallocUsed", &p->used);
	p->loaded = f->has_sys && (sys->loaded & ML_LOAD_VMALLOCINFO);
	if (!p->loaded) {
		p->nprev = 0;
		return ML_OK;
	}
	p->page_size = sys->page_size;
	char file[4200];
	snprintf(file, sizeof(file), "%s/proc/vmallocinfo", sys->live ? "" : sys->source);
	int rc = ml_vmalloc_summarise(&sys->vmalloc, sys->page_size,
				      ml_system_meminfo(sys, "VmallocTotal", 0), file, &p->sum, err);
	if (rc != ML_OK)
		return rc;
	size_t nc = p->sum.ncallers;
	struct row *rows = realloc(p->rows, (nc ? nc : 1) * sizeof(*rows));
	struct prev *pv = rows ? malloc((nc ? nc : 1) * sizeof(*pv)) : NULL;
	if (!rows || !pv) {
		if (rows)
			p->rows = rows;
		free(pv);
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	}
	p->rows = rows;
	bool deltas = p->prev_frame && p->prev_frame + 1 == f->number && f->elapsed > 0;
	for (size_t i = 0; i < nc; i++) {
		const struct ml_vmalloc_group *g = &p->sum.callers[i];
		struct row *r = &rows[p->n++];
		r->g = g;
		r->mem = g->pages * sys->page_size;
		r->has_delta = false;
		if (deltas) {
			struct prev key, *hit;
			snprintf(key.name, sizeof(key.name), "%s", g->name);
			hit = bsearch(&key, p->prev, p->nprev, sizeof(*p->prev), cmp_prev);
			r->has_delta = true;
			r->delta = ml_ui_rate(r->mem, hit ? hit->mem : 0, f->elapsed);
		}
		snprintf(pv[i].name, sizeof(pv[i].name), "%s", g->name);
		pv[i].mem = r->mem;
	}
	qsort(pv, nc, sizeof(*pv), cmp_prev);
	free(p->prev);
	p->prev = pv;
	p->nprev = nc;
	p->prev_frame = f->number;
	return ML_OK;
}

static int g_sort;

static int cmp_u64_desc(uint64_t a, uint64_t b)
{
	return a < b ? 1 : a > b ? -1 : 0;
}

static int cmp_row(const void *pa, const void *pb)
{
	const struct row *a = *(const struct row *const *)pa, *b = *(const struct row *const *)pb;
	int c = 0;
	switch (g_sort) {
	case SORT_AREAS:
		c = cmp_u64_desc(a->g->areas, b->g->areas);
		break;
	case SORT_SIZE:
		c = cmp_u64_desc(a->g->size_bytes, b->g->size_bytes);
		break;
	case SORT_MEM:
		c = cmp_u64_desc(a->mem, b->mem);
		break;
	case SORT_DELTA:
		c = cmp_u64_desc(a->has_delta ? (uint64_t)llabs(a->delta) : 0,
				 b->has_delta ? (uint64_t)llabs(b->delta) : 0);
		break;
	default:
		break;
	}
	if (c == 0)
		c = strcmp(a->g->name, b->g->name);
	return c;
}

static void order(struct ml_ui_screen *s)
{
	struct vmalloc_screen *p = s->priv;
	p->norder = 0;
	const struct row **o = realloc(p->order, (p->n ? p->n : 1) * sizeof(*o));
	if (!o)
		return;
	p->order = o;
	for (size_t i = 0; i < p->n; i++)
		if (ml_ui_filter_match(s->filter, p->rows[i].g->name))
			o[p->norder++] = &p->rows[i];
	g_sort = s->sort;
	qsort(o, p->norder, sizeof(*o), cmp_row);
}

static void draw(struct ml_ui_screen *s, const struct ml_ui_frame *f, const struct ml_ui_view *v,
		 struct ml_ui_lines *head, struct ml_ui_lines *body)
{
	struct vmalloc_screen *p = s->priv;
	char a[32], b[32], c[32];
	int y = ml_ui_line_add(head), x;
	if (!p->loaded) {
		x = ml_ui_put(head, y, 0, ML_UI_NOTE, f->sys.live ? "/proc/vmallocinfo unreadable (root only)"
						     : "/proc/vmallocinfo is not in this snapshot");
		if (p->has_used) {
			ml_ui_bytes(v, p->used, a, sizeof(a));
			ml_ui_putf(head, y, x, ML_UI_PLAIN, "; VmallocUsed %s", a);
		}
		return;
	}
	const struct ml_vmalloc_summary *sum = &p->sum;
	ml_ui_bytes(v, sum->size_bytes, a, sizeof(a));
	ml_ui_bytes(v, sum->pages * p->page_size, b, sizeof(b));
	ml_ui_bytes(v, sum->vmalloc_pages * p->page_size, c, sizeof(c));
	x = ml_ui_putf(head, y, 0, ML_UI_PLAIN, "%llu areas, %s reserved, %s in pages",
		       (unsigned long long)sum->areas, a, b);
	x = ml_ui_putf(head, y, x, ML_UI_DIM, "; vmalloc() %s", c);
	/* The kinds with areas, as far as the line goes. */
	y = ml_ui_line_add(head);
	x = ml_ui_put(head, y, 0, ML_UI_DIM, "by kind:");
	for (int k = 0; k < ML_VK_COUNT; k++) {
		const struct ml_vmalloc_group *g = &sum->kinds[k];
		if (!g->areas)
			continue;
		ml_ui_bytes(v, g->size_bytes, a, sizeof(a));
		char t[96];
		snprintf(t, sizeof(t), " %s %llu (%s)", g->name, (unsigned long long)g->areas, a);
		if (x + ml_ui_text_width(t) > head->width)
			break;
		x = ml_ui_put(head, y, x, ML_UI_PLAIN, t);
	}
	if (sum->range.known) {
		y = ml_ui_line_add(head);
		ml_ui_bytes(v, sum->range.free_bytes, a, sizeof(a));
		ml_ui_bytes(v, sum->range.largest.size, b, sizeof(b));
		ml_ui_putf(head, y, 0, ML_UI_PLAIN, "free space %s, largest hole %s", a, b);
	}
	bool shown[NCOLS];
	int cx[NCOLS], cw[NCOLS];
	for (int i = 0; i < NCOLS; i++)
		shown[i] = true;
	ml_ui_cols_fit(cols, NCOLS, v, shown, cx, cw);
	ml_ui_cols_head(head, cols, NCOLS, shown, cx, cw, s->sort);
	order(s);
	for (size_t i = 0; i < p->norder; i++) {
		const struct row *r = p->order[i];
		y = ml_ui_line_add(body);
		if (y < 0)
			break;
		for (int k = 0; k < NCOLS; k++) {
			if (!shown[k])
				continue;
			enum ml_ui_role role = ML_UI_PLAIN;
			const char *text = a;
			switch (k) {
			case C_CALLER:
				text = r->g->name;
				break;
			case C_AREAS:
				snprintf(a, sizeof(a), "%llu", (unsigned long long)r->g->areas);
				break;
			case C_SIZE:
				ml_ui_bytes(v, r->g->size_bytes, a, sizeof(a));
				break;
			case C_MEM:
				ml_ui_bytes(v, r->mem, a, sizeof(a));
				break;
			case C_DELTA:
				if (!r->has_delta) {
					snprintf(a, sizeof(a), "-");
					role = ML_UI_DIM;
				} else {
					ml_ui_delta(v, r->delta, a, sizeof(a));
					role = r->delta > 0 ? ML_UI_UP : r->delta < 0 ? ML_UI_DOWN : ML_UI_DIM;
				}
				break;
			}
			ml_ui_cols_cell(body, y, &cols[k], cx[k], cw[k], role, text);
		}
	}
	if (p->norder == 0) {
		y = ml_ui_line_add(body);
		ml_ui_put(body, y, 0, ML_UI_DIM, p->n ? "no caller matches the filter" : "no vmalloc areas");
	}
}

static int json(struct ml_ui_screen *s, const struct ml_ui_frame *f, const struct ml_ui_view *v,
		cJSON *doc)
{
	struct vmalloc_screen *p = s->priv;
	(void)f, (void)v;
	cJSON *o = cJSON_AddObjectToObject(doc, "vmalloc");
	if (!o)
		return ML_ENOMEM;
	cJSON_AddBoolToObject(o, "vmallocinfo_read", p->loaded);
	if (p->has_used)
		ml_json_add_u64(o, "meminfo_vmalloc_used_bytes", p->used);
	if (!p->loaded)
		return ML_OK;
	const struct ml_vmalloc_summary *sum = &p->sum;
	ml_json_add_u64(o, "areas", sum->areas);
	ml_json_add_u64(o, "reserved_bytes", sum->size_bytes);
	ml_json_add_u64(o, "pages_bytes", sum->pages * p->page_size);
	ml_json_add_u64(o, "vmalloc_pages_bytes", sum->vmalloc_pages * p->page_size);
	ml_json_add_u64(o, "unpurged_areas", sum->unpurged_areas);
	cJSON *kinds = cJSON_AddObjectToObject(o, "kinds");
	for (int k = 0; kinds && k < ML_VK_COUNT; k++) {
		const struct ml_vmalloc_group *g = &sum->kinds[k];
		if (!g->areas)
			continue;
		cJSON *ko = cJSON_AddObjectToObject(kinds, g->name);
		ml_json_add_u64(ko, "areas", g->areas);
		ml_json_add_u64(ko, "reserved_bytes", g->size_bytes);
		ml_json_add_u64(ko, "pages_bytes", g->pages * p->page_size);
	}
	cJSON *arr = cJSON_AddArrayToObject(o, "callers");
	if (!arr)
		return ML_ENOMEM;
	order(s);
	for (size_t i = 0; i < p->norder; i++) {
		const struct row *r = p->order[i];
		cJSON *c = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, c);
		cJSON_AddStringToObject(c, "caller", r->g->name);
		ml_json_add_u64(c, "areas", r->g->areas);
		ml_json_add_u64(c, "reserved_bytes", r->g->size_bytes);
		ml_json_add_u64(c, "pages_bytes", r->mem);
		if (r->has_delta)
			ml_json_add_i64(c, "pages_change_bytes_per_second", r->delta);
		else
			cJSON_AddNullToObject(c, "pages_change_bytes_per_second");
	}
	return ML_OK;
}

const struct ml_ui_screen_ops ml_ui_screen_vmalloc = {
	.name = "vmalloc",
	.sort_keys = sort_keys,
	.nsort = NSORT,
	.default_sort = SORT_MEM,
	.init = init,
	.fini = fini,
	.wants = wants,
	.update = update,
	.draw = draw,
	.json = json,
};
