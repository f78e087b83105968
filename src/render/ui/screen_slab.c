/* Screen 2, slab: the caches holding the most memory, and how fast each
 * grows or shrinks between refreshes.  Figures come from the slab analysis
 * (analyse/slab_usage.h, kernel-model §7.8) over the model's slabinfo. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyse/slab_usage.h"
#include "../format.h"
#include "../json.h"
#include "list.h"

enum { SORT_NAME, SORT_MEM, SORT_DELTA, SORT_OBJS, SORT_SIZE, SORT_UTIL, NSORT };
static const char *const sort_keys[NSORT] = { "name", "mem", "delta", "objs", "size", "util" };

enum { C_NAME, C_MEM, C_DELTA, C_OBJS, C_SIZE, C_UTIL, NCOLS };
static const struct ml_ui_col cols[NCOLS] = {
	[C_NAME] = { "CACHE", 18, 0, 100, ML_UI_COL_FLEX, SORT_NAME },
	[C_MEM] = { "MEM", 7, 12, 90, ML_UI_COL_RIGHT, SORT_MEM },
	[C_DELTA] = { "CHANGE/s", 8, 12, 80, ML_UI_COL_RIGHT, SORT_DELTA },
	[C_OBJS] = { "OBJS", 9, 0, 50, ML_UI_COL_RIGHT, SORT_OBJS },
	[C_SIZE] = { "OBJSIZE", 7, 0, 40, ML_UI_COL_RIGHT, SORT_SIZE },
	[C_UTIL] = { "UTIL", 6, 0, 60, ML_UI_COL_RIGHT, SORT_UTIL },
};

struct row {
	char name[ML_SLAB_NAME];
	uint64_t active_objs, objsize, mem;
	int64_t util_permille;
	bool has_delta;
	int64_t delta;          /* bytes per second */
};

struct slab_screen {
	struct ml_ui_list list;     /* first: see list.h */
	bool loaded;                /* slabinfo was read this frame */
	struct ml_slab_totals totals;
	struct ml_slab_meminfo mi;
};

static void wants(const struct ml_ui_screen *s, const struct ml_ui_view *v, struct ml_ui_wants *w)
{
	(void)s, (void)v;
	w->load |= ML_LOAD_SLABINFO | ML_LOAD_MEMINFO;
}

static int update(struct ml_ui_screen *s, const struct ml_ui_frame *f, struct ml_error *err)
{
	struct slab_screen *p = s->priv;
	const struct ml_system *sys = &f->sys;
	p->loaded = f->has_sys && (sys->loaded & ML_LOAD_SLABINFO);
	memset(&p->totals, 0, sizeof(p->totals));
	if (f->has_sys)
		ml_slab_meminfo(sys, NULL, &p->mi);
	if (!p->loaded) {
		ml_ui_list_forget(&p->list);
		return ML_OK;
	}
	size_t nc = sys->slab.ncaches;
	int rc = ml_ui_list_begin(&p->list, f, nc, err);
	if (rc != ML_OK)
		return rc;
	char file[4200];
	snprintf(file, sizeof(file), "%s/proc/slabinfo", sys->live ? "" : sys->source);
	for (size_t i = 0; i < nc; i++) {
		struct ml_slab_usage u;
		rc = ml_slab_usage(&sys->slab.caches[i], sys->page_size, file, &u, err);
		if (rc == ML_OK)
			rc = ml_slab_totals_add(&p->totals, &u, file, err);
		if (rc != ML_OK)
			return rc;
		void *next;
		struct row *r = ml_ui_list_add(&p->list, &next);
		memcpy(r->name, u.cache->name, sizeof(r->name));
		r->active_objs = u.cache->active_objs;
		r->objsize = u.cache->objsize;
		r->mem = u.mem_bytes;
		r->util_permille = u.util_permille;
		/* A cache created since the last refresh grew from nothing. */
		r->has_delta = ml_ui_named_rate(&p->list, f, next, r->name, r->mem, &r->delta);
	}
	ml_slab_meminfo(sys, &p->totals, &p->mi);
	ml_ui_list_end(&p->list, f);
	return ML_OK;
}

static bool keep(const void *row, const void *filter)
{
	return ml_ui_filter_match(filter, ((const struct row *)row)->name);
}

static int cmp_row(const void *pa, const void *pb, void *sort)
{
	const struct row *a = *(const struct row *const *)pa, *b = *(const struct row *const *)pb;
	int c = 0;
	switch (*(const int *)sort) {
	case SORT_MEM:
		c = ml_ui_cmp_desc(a->mem, b->mem);
		break;
	case SORT_DELTA:
		c = ml_ui_cmp_delta(a->has_delta, a->delta, b->has_delta, b->delta);
		break;
	case SORT_OBJS:
		c = ml_ui_cmp_desc(a->active_objs, b->active_objs);
		break;
	case SORT_SIZE:
		c = ml_ui_cmp_desc(a->objsize, b->objsize);
		break;
	case SORT_UTIL:
		/* Least used first: where the waste is.  Empty caches waste
		 * nothing and go last. */
		if ((a->mem == 0) != (b->mem == 0))
			c = a->mem == 0 ? 1 : -1;
		else
			c = a->util_permille < b->util_permille ? -1 : a->util_permille > b->util_permille;
		break;
	default:
		break;
	}
	if (c == 0)
		c = strcmp(a->name, b->name);
	return c;
}

static const char *cell(const void *row, int col, const struct ml_ui_view *v, char *buf, size_t n,
			enum ml_ui_role *role)
{
	const struct row *r = row;
	switch (col) {
	case C_NAME:
		return r->name;
	case C_MEM:
		ml_ui_bytes(v, r->mem, buf, n);
		break;
	case C_DELTA:
		*role = ml_ui_delta_cell(v, r->has_delta, r->delta, buf, n);
		break;
	case C_OBJS:
		snprintf(buf, n, "%llu", (unsigned long long)r->active_objs);
		break;
	case C_SIZE:
		snprintf(buf, n, "%llu", (unsigned long long)r->objsize);
		break;
	case C_UTIL:
		ml_format_permille_pct(r->util_permille, buf, n);
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
	.none = "no slab caches",
	.no_match = "no cache matches the filter",
};

static int init(struct ml_ui_screen *s)
{
	return ml_ui_list_init(s, sizeof(struct slab_screen), &list_ops);
}

static void draw(struct ml_ui_screen *s, const struct ml_ui_frame *f, const struct ml_ui_view *v,
		 struct ml_ui_lines *head, struct ml_ui_lines *body)
{
	struct slab_screen *p = s->priv;
	char a[32], b[32], c[32];
	int y = ml_ui_line_add(head);
	if (!p->loaded) {
		ml_ui_put(head, y, 0, ML_UI_NOTE, f->sys.live ? "/proc/slabinfo unreadable (root only)"
						     : "/proc/slabinfo is not in this snapshot");
		if (p->mi.has_slab) {
			ml_ui_bytes(v, p->mi.slab, a, sizeof(a));
			ml_ui_bytes(v, p->mi.reclaimable, b, sizeof(b));
			y = ml_ui_line_add(head);
			ml_ui_putf(head, y, 0, ML_UI_PLAIN, "meminfo Slab %s, reclaimable %s", a, b);
		}
		return;
	}
	ml_ui_bytes(v, p->totals.mem_bytes, a, sizeof(a));
	int x = ml_ui_putf(head, y, 0, ML_UI_PLAIN, "%llu caches, %s in slabs",
			   (unsigned long long)p->totals.caches, a);
	if (p->mi.has_slab) {
		ml_ui_bytes(v, p->mi.slab, b, sizeof(b));
		ml_ui_bytes(v, p->mi.reclaimable, c, sizeof(c));
		ml_ui_putf(head, y, x, ML_UI_DIM, "; meminfo Slab %s (%s reclaimable)", b, c);
	}
	ml_ui_list_order(&p->list, s->sort, s->filter);
	ml_ui_list_draw(&p->list, v, NULL, s->sort, head, body);
}

static int json(struct ml_ui_screen *s, const struct ml_ui_frame *f, const struct ml_ui_view *v,
		cJSON *doc)
{
	struct slab_screen *p = s->priv;
	(void)f, (void)v;
	cJSON *o = cJSON_AddObjectToObject(doc, "slab");
	if (!o)
		return ML_ENOMEM;
	cJSON_AddBoolToObject(o, "slabinfo_read", p->loaded);
	if (p->mi.has_slab) {
		ml_json_add_u64(o, "meminfo_slab_bytes", p->mi.slab);
		ml_json_add_u64(o, "meminfo_reclaimable_bytes", p->mi.reclaimable);
	}
	if (!p->loaded)
		return ML_OK;
	ml_json_add_u64(o, "caches_count", p->totals.caches);
	ml_json_add_u64(o, "mem_bytes", p->totals.mem_bytes);
	cJSON *arr = cJSON_AddArrayToObject(o, "caches");
	if (!arr)
		return ML_ENOMEM;
	ml_ui_list_order(&p->list, s->sort, s->filter);
	for (size_t i = 0; i < p->list.norder; i++) {
		const struct row *r = p->list.order[i];
		cJSON *c = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, c);
		cJSON_AddStringToObject(c, "name", r->name);
		ml_json_add_u64(c, "mem_bytes", r->mem);
		ml_ui_json_delta(c, "mem_change_bytes_per_second", r->has_delta, r->delta);
		ml_json_add_u64(c, "active_objs", r->active_objs);
		ml_json_add_u64(c, "object_size_bytes", r->objsize);
		char pct[32];
		snprintf(pct, sizeof(pct), "%lld.%lld", (long long)(r->util_permille / 10),
			 (long long)(r->util_permille % 10));
		cJSON_AddRawToObject(c, "util_percent", pct);
	}
	return ML_OK;
}

const struct ml_ui_screen_ops ml_ui_screen_slab = {
	.name = "slab",
	.sort_keys = sort_keys,
	.nsort = NSORT,
	.default_sort = SORT_MEM,
	.init = init,
	.fini = ml_ui_list_fini,
	.wants = wants,
	.update = update,
	.draw = draw,
	.json = json,
};
