/* Screen 2, slab: the caches holding the most memory, and how fast each
 * grows or shrinks between refreshes.  Figures come from the slab analysis
 * (analyse/slab_usage.h, kernel-model §7.8) over the model's slabinfo. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyse/slab_usage.h"
#include "../format.h"
#include "../json.h"
#include "screen.h"

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

struct prev {
	char name[ML_SLAB_NAME];
	uint64_t mem;
};

struct slab_screen {
	bool loaded;            /* slabinfo was read this frame */
	struct row *rows;
	size_t n;
	struct prev *prev;      /* by name, for the next frame's changes */
	size_t nprev;
	unsigned long prev_frame;
	struct ml_slab_totals totals;
	struct ml_slab_meminfo mi;
	const struct row **order;   /* filtered and sorted, rebuilt by draw */
	size_t norder;
};

static int init(struct ml_ui_screen *s)
{
	s->priv = calloc(1, sizeof(struct slab_screen));
	return s->priv ? ML_OK : ML_ENOMEM;
}

static void fini(struct ml_ui_screen *s)
{
	struct slab_screen *p = s->priv;
	if (!p)
		return;
	free(p->rows);
	free(p->prev);
	free(p->order);
	free(p);
	s->priv = NULL;
}

static void wants(const struct ml_ui_screen *s, const struct ml_ui_view *v, struct ml_ui_wants *w)
{
	(void)s, (void)v;
	w->load |= ML_LOAD_SLABINFO | ML_LOAD_MEMINFO;
}

static int cmp_prev(const void *a, const void *b)
{
	return strcmp(((const struct prev *)a)->name, ((const struct prev *)b)->name);
}

static int update(struct ml_ui_screen *s, const struct ml_ui_frame *f, struct ml_error *err)
{
	struct slab_screen *p = s->priv;
	const struct ml_system *sys = &f->sys;
	p->n = 0;
	p->loaded = f->has_sys && (sys->loaded & ML_LOAD_SLABINFO);
	memset(&p->totals, 0, sizeof(p->totals));
	if (f->has_sys)
		ml_slab_meminfo(sys, NULL, &p->mi);
	if (!p->loaded) {
		p->nprev = 0;
		return ML_OK;
	}
	size_t nc = sys->slab.ncaches;
	struct row *rows = realloc(p->rows, (nc ? nc : 1) * sizeof(*rows));
	if (!rows)
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	p->rows = rows;
	/* A change per second only between consecutive refreshes. */
	bool deltas = p->prev_frame && p->prev_frame + 1 == f->number && f->elapsed > 0;
	char file[4200];
	snprintf(file, sizeof(file), "%s/proc/slabinfo", sys->live ? "" : sys->source);
	for (size_t i = 0; i < nc; i++) {
		struct ml_slab_usage u;
		int rc = ml_slab_usage(&sys->slab.caches[i], sys->page_size, file, &u, err);
		if (rc == ML_OK)
			rc = ml_slab_totals_add(&p->totals, &u, file, err);
		if (rc != ML_OK)
			return rc;
		struct row *r = &rows[p->n++];
		memcpy(r->name, u.cache->name, sizeof(r->name));
		r->active_objs = u.cache->active_objs;
		r->objsize = u.cache->objsize;
		r->mem = u.mem_bytes;
		r->util_permille = u.util_permille;
		r->has_delta = false;
		if (deltas) {
			struct prev key, *hit;
			memcpy(key.name, r->name, sizeof(key.name));
			hit = bsearch(&key, p->prev, p->nprev, sizeof(*p->prev), cmp_prev);
			/* A cache created since the last refresh grew from nothing. */
			r->has_delta = true;
			r->delta = ml_ui_rate(r->mem, hit ? hit->mem : 0, f->elapsed);
		}
	}
	ml_slab_meminfo(sys, &p->totals, &p->mi);
	struct prev *pv = realloc(p->prev, (nc ? nc : 1) * sizeof(*pv));
	if (!pv)
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	p->prev = pv;
	for (size_t i = 0; i < p->n; i++) {
		memcpy(pv[i].name, rows[i].name, sizeof(pv[i].name));
		pv[i].mem = rows[i].mem;
	}
	p->nprev = p->n;
	qsort(pv, p->nprev, sizeof(*pv), cmp_prev);
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
	case SORT_MEM:
		c = cmp_u64_desc(a->mem, b->mem);
		break;
	case SORT_DELTA: {
		/* The fastest movers, growing or shrinking, first. */
		uint64_t da = a->has_delta ? (uint64_t)llabs(a->delta) : 0;
		uint64_t db = b->has_delta ? (uint64_t)llabs(b->delta) : 0;
		c = cmp_u64_desc(da, db);
		break;
	}
	case SORT_OBJS:
		c = cmp_u64_desc(a->active_objs, b->active_objs);
		break;
	case SORT_SIZE:
		c = cmp_u64_desc(a->objsize, b->objsize);
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

static void order(struct ml_ui_screen *s)
{
	struct slab_screen *p = s->priv;
	p->norder = 0;
	const struct row **o = realloc(p->order, (p->n ? p->n : 1) * sizeof(*o));
	if (!o)
		return;
	p->order = o;
	for (size_t i = 0; i < p->n; i++)
		if (ml_ui_filter_match(s->filter, p->rows[i].name))
			o[p->norder++] = &p->rows[i];
	g_sort = s->sort;
	qsort(o, p->norder, sizeof(*o), cmp_row);
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
			case C_NAME:
				text = r->name;
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
			case C_OBJS:
				snprintf(a, sizeof(a), "%llu", (unsigned long long)r->active_objs);
				break;
			case C_SIZE:
				snprintf(a, sizeof(a), "%llu", (unsigned long long)r->objsize);
				break;
			case C_UTIL:
				ml_format_permille_pct(r->util_permille, a, sizeof(a));
				break;
			}
			ml_ui_cols_cell(body, y, &cols[k], cx[k], cw[k], role, text);
		}
	}
	if (p->norder == 0) {
		y = ml_ui_line_add(body);
		ml_ui_put(body, y, 0, ML_UI_DIM, p->n ? "no cache matches the filter" : "no slab caches");
	}
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
	order(s);
	for (size_t i = 0; i < p->norder; i++) {
		const struct row *r = p->order[i];
		cJSON *c = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, c);
		cJSON_AddStringToObject(c, "name", r->name);
		ml_json_add_u64(c, "mem_bytes", r->mem);
		if (r->has_delta)
			ml_json_add_i64(c, "mem_change_bytes_per_second", r->delta);
		else
			cJSON_AddNullToObject(c, "mem_change_bytes_per_second");
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
	.fini = fini,
	.wants = wants,
	.update = update,
	.draw = draw,
	.json = json,
};
