/* Screen 4, vmalloc: totals of the vmalloc area and the callers holding the
 * most of it, from the vmalloc analysis (analyse/vmalloc_space.h,
 * kernel-model §8) over the model's vmallocinfo. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyse/vmalloc_space.h"
#include "../json.h"
#include "list.h"

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

struct vmalloc_screen {
	struct ml_ui_list list;             /* first: see list.h */
	bool loaded;
	uint64_t page_size;
	struct ml_vmalloc_summary sum;
	bool has_used;
	uint64_t used;                      /* meminfo VmallocUsed */
};

static void fini(struct ml_ui_screen *s)
{
	struct vmalloc_screen *p = s->priv;
	if (p)
		ml_vmalloc_summary_free(&p->sum);
	ml_ui_list_fini(s);
}

static void wants(const struct ml_ui_screen *s, const struct ml_ui_view *v, struct ml_ui_wants *w)
{
	(void)s, (void)v;
	w->load |= ML_LOAD_VMALLOCINFO | ML_LOAD_MEMINFO;
}

static int update(struct ml_ui_screen *s, const struct ml_ui_frame *f, struct ml_error *err)
{
	struct vmalloc_screen *p = s->priv;
	const struct ml_system *sys = &f->sys;
	ml_vmalloc_summary_free(&p->sum);
	p->list.n = 0;                      /* the rows pointed into the summary */
	p->has_used = f->has_sys && ml_kv_get(&sys->meminfo, "VmallocUsed", &p->used);
	p->loaded = f->has_sys && (sys->loaded & ML_LOAD_VMALLOCINFO);
	if (!p->loaded) {
		ml_ui_list_forget(&p->list);
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
	rc = ml_ui_list_begin(&p->list, f, nc, err);
	if (rc != ML_OK)
		return rc;
	for (size_t i = 0; i < nc; i++) {
		const struct ml_vmalloc_group *g = &p->sum.callers[i];
		void *next;
		struct row *r = ml_ui_list_add(&p->list, &next);
		r->g = g;
		r->mem = g->pages * sys->page_size;
		r->has_delta = ml_ui_named_rate(&p->list, f, next, g->name, r->mem, &r->delta);
	}
	ml_ui_list_end(&p->list, f);
	return ML_OK;
}

static bool keep(const void *row, const void *filter)
{
	return ml_ui_filter_match(filter, ((const struct row *)row)->g->name);
}

static int cmp_row(const void *pa, const void *pb, void *sort)
{
	const struct row *a = *(const struct row *const *)pa, *b = *(const struct row *const *)pb;
	int c = 0;
	switch (*(const int *)sort) {
	case SORT_AREAS:
		c = ml_ui_cmp_desc(a->g->areas, b->g->areas);
		break;
	case SORT_SIZE:
		c = ml_ui_cmp_desc(a->g->size_bytes, b->g->size_bytes);
		break;
	case SORT_MEM:
		c = ml_ui_cmp_desc(a->mem, b->mem);
		break;
	case SORT_DELTA:
		c = ml_ui_cmp_delta(a->has_delta, a->delta, b->has_delta, b->delta);
		break;
	default:
		break;
	}
	if (c == 0)
		c = strcmp(a->g->name, b->g->name);
	return c;
}

static const char *cell(const void *row, int col, const struct ml_ui_view *v, char *buf, size_t n,
			enum ml_ui_role *role)
{
	const struct row *r = row;
	switch (col) {
	case C_CALLER:
		return r->g->name;
	case C_AREAS:
		snprintf(buf, n, "%llu", (unsigned long long)r->g->areas);
		break;
	case C_SIZE:
		ml_ui_bytes(v, r->g->size_bytes, buf, n);
		break;
	case C_MEM:
		ml_ui_bytes(v, r->mem, buf, n);
		break;
	case C_DELTA:
		*role = ml_ui_delta_cell(v, r->has_delta, r->delta, buf, n);
		break;
	}
	return buf;
}

static const struct ml_ui_list_ops list_ops = {
	.row_size = sizeof(struct row),
	.prev_size = sizeof(struct ml_ui_named),
	.cmp_prev = ml_ui_named_cmp,
	.keep = keep,
	.cmp_row = cmp_row,
	.cell = cell,
	.cols = cols,
	.ncols = NCOLS,
	.none = "no vmalloc areas",
	.no_match = "no caller matches the filter",
};

static int init(struct ml_ui_screen *s)
{
	return ml_ui_list_init(s, sizeof(struct vmalloc_screen), &list_ops);
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
	ml_ui_list_order(&p->list, s->sort, s->filter);
	ml_ui_list_draw(&p->list, v, NULL, s->sort, head, body);
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
	ml_ui_list_order(&p->list, s->sort, s->filter);
	for (size_t i = 0; i < p->list.norder; i++) {
		const struct row *r = p->list.order[i];
		cJSON *c = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, c);
		cJSON_AddStringToObject(c, "caller", r->g->name);
		ml_json_add_u64(c, "areas", r->g->areas);
		ml_json_add_u64(c, "reserved_bytes", r->g->size_bytes);
		ml_json_add_u64(c, "pages_bytes", r->mem);
		ml_ui_json_delta(c, "pages_change_bytes_per_second", r->has_delta, r->delta);
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
