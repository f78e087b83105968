/* Screen 1, zones: per zone a bar of free memory against the min, low and
 * high watermarks (kernel-model §2.6, §4.4), and the free blocks per order
 * as a small histogram with the largest order that has a free block
 * highlighted: what a high-order allocation can still find (§3). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyse/zone_summary.h"
#include "../json.h"
#include "screen.h"

enum { SORT_ZONE, SORT_FREE, SORT_LARGEST };
static const char *const sort_keys[] = { "zone", "free", "largest" };

static void wants(const struct ml_ui_screen *s, const struct ml_ui_view *v, struct ml_ui_wants *w)
{
	(void)s;
	w->load |= ML_LOAD_ZONEINFO | ML_LOAD_BUDDYINFO;
	/* pagetypeinfo makes the kernel walk every pageblock of every zone
	 * (§11.3): read only while the migrate types are on screen. */
	if (v->types)
		w->load |= ML_LOAD_PAGETYPEINFO;
}

static int update(struct ml_ui_screen *s, const struct ml_ui_frame *f, struct ml_error *err)
{
	/* Zones are drawn straight from the frame's model: nothing to keep. */
	(void)s, (void)f, (void)err;
	return ML_OK;
}

static bool shown_zone(const struct ml_ui_screen *s, const struct ml_zone *z)
{
	if (!z->has_zoneinfo && !z->has_buddy)
		return false;
	char name[64];
	snprintf(name, sizeof(name), "node %d %s", z->node, z->name);
	return ml_ui_filter_match(s->filter, name);
}

static const struct ml_system *g_sys;   /* qsort has no context argument */
static int g_sort;

static int cmp_zone(const void *pa, const void *pb)
{
	const struct ml_zone *a = *(const struct ml_zone *const *)pa;
	const struct ml_zone *b = *(const struct ml_zone *const *)pb;
	if (g_sort == SORT_FREE && a->free_pages != b->free_pages)
		return a->free_pages < b->free_pages ? 1 : -1;
	if (g_sort == SORT_LARGEST) {
		int la = ml_zone_largest_order(g_sys, a), lb = ml_zone_largest_order(g_sys, b);
		if (la != lb)
			return la < lb ? 1 : -1;
	}
	/* The model's own order: node by node, zone index order. */
	return a < b ? -1 : a > b;
}

/* The zones to show, in order; *n set.  NULL when there are none. */
static const struct ml_zone **ordered(const struct ml_ui_screen *s, const struct ml_system *sys,
				      size_t *n)
{
	*n = 0;
	const struct ml_zone **v = malloc((sys->nzones ? sys->nzones : 1) * sizeof(*v));
	if (!v)
		return NULL;
	for (size_t i = 0; i < sys->nzones; i++)
		if (shown_zone(s, &sys->zones[i]))
			v[(*n)++] = &sys->zones[i];
	g_sys = sys;
	g_sort = s->sort;
	qsort(v, *n, sizeof(*v), cmp_zone);
	return v;
}

static enum ml_ui_role state_role(enum ml_wmark_state st)
{
	switch (st) {
	case ML_WMARK_BELOW_MIN:
		return ML_UI_CRIT;
	case ML_WMARK_BELOW_LOW:
	case ML_WMARK_BELOW_HIGH:
		return ML_UI_WARN;
	case ML_WMARK_EMPTY:
		return ML_UI_DIM;
	default:
		return ML_UI_OK;
	}
}

/* A count in at most w characters: exact, else rounded to k, M, G, else
 * "+" (does not fit: only at the narrowest widths, where the histogram
 * below still shows the figure's size). */
static void compact_count(uint64_t c, int w, char *buf, size_t n)
{
	snprintf(buf, n, "%llu", (unsigned long long)c);
	if ((int)strlen(buf) <= w)
		return;
	static const char suffix[] = "kMGT";
	uint64_t v = c;
	for (int u = 0; u < 4; u++) {
		v = (v + 500) / 1000;
		if (v == 0)
			break;
		snprintf(buf, n, "%llu%c", (unsigned long long)v, suffix[u]);
		if ((int)strlen(buf) <= w)
			return;
	}
	snprintf(buf, n, "+");
}

/* Bar of free memory against the watermarks over [x, x + bw): full at twice
 * the high watermark, so that min, low and high sit left of the middle
 * where a change is visible; more free than that ends in '>'. */
static void draw_bar(struct ml_ui_lines *l, int y, int x, int bw, const struct ml_zone *z,
		     const struct ml_ui_view *v)
{
	uint64_t scale = z->wmark_high * 2;
	if (bw < 3 || scale == 0)
		return;
	enum ml_ui_role fill_role = state_role(ml_zone_wmark_state(z));
	uint64_t fill = z->free_pages >= scale ? (uint64_t)bw : z->free_pages * (uint64_t)bw / scale;
	if (z->free_pages && fill == 0)
		fill = 1;
	for (int i = 0; i < bw; i++) {
		if ((uint64_t)i < fill)
			ml_ui_put(l, y, x + i, fill_role, ml_ui_block(v, 8));
		else
			ml_ui_put(l, y, x + i, ML_UI_BAR_EMPTY, v->utf8 ? "·" : ".");
	}
	if (z->free_pages > scale)
		ml_ui_put(l, y, x + bw - 1, fill_role, ">");
	/* Markers stay distinct even when the watermarks are close together
	 * on a short bar. */
	int pm = (int)(z->wmark_min * (uint64_t)bw / scale);
	int pl = (int)(z->wmark_low * (uint64_t)bw / scale);
	int ph = (int)(z->wmark_high * (uint64_t)bw / scale);
	if (pl <= pm)
		pl = pm + 1;
	if (ph <= pl)
		ph = pl + 1;
	if (ph < bw) {
		ml_ui_put(l, y, x + pm, ML_UI_MARK, "m");
		ml_ui_put(l, y, x + pl, ML_UI_MARK, "l");
		ml_ui_put(l, y, x + ph, ML_UI_MARK, "h");
	}
}

static void draw_zone(struct ml_ui_lines *b, const struct ml_system *sys, const struct ml_zone *z,
		      const struct ml_ui_view *v)
{
	uint64_t ps = sys->page_size;
	int W = b->width, y = ml_ui_line_add(b), x;
	char name[40], s1[32], s2[32], s3[32];
	if (y < 0)
		return;
	bool narrow = W < 60;
	snprintf(name, sizeof(name), narrow ? "N%d %s" : "N%d %-8s", z->node, z->name);
	x = ml_ui_put(b, y, 0, ML_UI_VALUE, name);
	if (z->has_zoneinfo && z->managed == 0) {
		ml_ui_put(b, y, x + 1, ML_UI_DIM, narrow ? "empty" : "empty: no memory in this zone");
		return;
	}
	uint64_t free_pages = z->has_zoneinfo ? z->free_pages : ml_zone_buddy_free_pages(sys, z);
	ml_ui_bytes(v, free_pages * ps, s1, sizeof(s1));
	x = ml_ui_putf(b, y, x + 1, ML_UI_PLAIN, narrow ? "%s" : "free %s", s1);
	if (z->has_zoneinfo) {
		ml_ui_bytes(v, z->managed * ps, s2, sizeof(s2));
		x = ml_ui_putf(b, y, x, ML_UI_DIM, narrow ? "/%s" : " of %s", s2);
		enum ml_wmark_state st = ml_zone_wmark_state(z);
		x = ml_ui_put(b, y, x + (narrow ? 1 : 2), state_role(st), ml_wmark_state_name(st));
	}
	int lo = z->has_buddy ? ml_zone_largest_order(sys, z) : -1;
	if (lo >= 0) {
		ml_ui_bytes(v, ps << lo, s3, sizeof(s3));
		char t[64];
		snprintf(t, sizeof(t), "  largest %s (order %d)", s3, lo);
		if (x + ml_ui_text_width(t) <= W)
			ml_ui_put(b, y, x, ML_UI_PLAIN, t);
	}

	/* The watermark bar, with the figures beside it when there is room. */
	if (z->has_zoneinfo && z->wmark_high) {
		y = ml_ui_line_add(b);
		char legend[128];
		ml_ui_bytes(v, z->wmark_min * ps, s1, sizeof(s1));
		ml_ui_bytes(v, z->wmark_low * ps, s2, sizeof(s2));
		ml_ui_bytes(v, z->wmark_high * ps, s3, sizeof(s3));
		snprintf(legend, sizeof(legend), " min %s low %s high %s", s1, s2, s3);
		int lw = ml_ui_text_width(legend), bw = W - 4;
		if (bw - lw >= 20)
			bw -= lw;
		else
			legend[0] = '\0';
		ml_ui_put(b, y, 2, ML_UI_DIM, "[");
		draw_bar(b, y, 3, bw, z, v);
		x = ml_ui_put(b, y, 3 + bw, ML_UI_DIM, "]");
		ml_ui_put(b, y, x, ML_UI_DIM, legend);
	}
	if (!z->has_buddy || sys->norders <= 0)
		return;

	/* The histogram: one column per order. */
	/* The model never holds more orders than its arrays. */
	int norders = sys->norders < ML_MAX_ORDERS ? sys->norders : ML_MAX_ORDERS;
	bool wide = W >= 9 + norders * 5;
	int L = wide ? 9 : 4;
	int cw = (W - L) / norders;
	if (cw > 7)
		cw = 7;
	if (cw < 2)
		return;
	uint64_t max_mem = 0;
	for (int k = 0; k < norders; k++)
		if ((z->free_blocks[k] << k) > max_mem)
			max_mem = z->free_blocks[k] << k;
	int yo = ml_ui_line_add(b), yc = ml_ui_line_add(b), yh = ml_ui_line_add(b);
	ml_ui_put(b, yo, 0, ML_UI_DIM, wide ? "  order" : "  o");
	ml_ui_put(b, yc, 0, ML_UI_DIM, wide ? "  blocks" : "  #");
	ml_ui_put(b, yh, 0, ML_UI_DIM, wide ? "  memory" : "  m");
	for (int k = 0; k < norders; k++) {
		int cx = L + k * cw;
		enum ml_ui_role r = k == lo ? ML_UI_HIST_LARGEST : ML_UI_PLAIN;
		char t[32];
		snprintf(t, sizeof(t), "%d", k);
		ml_ui_put_right(b, yo, cx, cw, k == lo ? r : ML_UI_DIM, t);
		compact_count(z->free_blocks[k], cw - 1, t, sizeof(t));
		ml_ui_put_right(b, yc, cx, cw, r, t);
		uint64_t mem = z->free_blocks[k] << k;
		if (mem) {
			/* Height: this order's share of the zone's largest
			 * column, at least one eighth so nothing free looks empty. */
			int e = (int)((mem * 8 + max_mem - 1) / max_mem);
			for (int i = 1; i < cw; i++)
				ml_ui_put(b, yh, cx + i, k == lo ? ML_UI_HIST_LARGEST : ML_UI_HIST,
					  ml_ui_block(v, e));
		}
	}

	/* Free blocks per migrate type (pagetypeinfo), when asked for. */
	if (v->types && z->has_types) {
		for (int t = 0; t < sys->ntypes; t++) {
			uint64_t any = z->has_pageblocks ? z->pageblocks[t] : 0;
			for (int k = 0; k < norders; k++)
				any |= z->type_blocks[t][k];
			if (!any)
				continue;
			int yt = ml_ui_line_add(b);
			char label[16];
			snprintf(label, sizeof(label), "  %.*s", L - 3, sys->type_names[t]);
			ml_ui_put(b, yt, 0, ML_UI_DIM, label);
			for (int k = 0; k < norders; k++) {
				char c[32];
				compact_count(z->type_blocks[t][k], cw - 1, c, sizeof(c));
				if ((z->type_capped[t] >> k) & 1)
					snprintf(c, sizeof(c), ">%s", cw > 7 ? "100000" : "1e5");
				ml_ui_put_right(b, yt, L + k * cw, cw, z->type_blocks[t][k] ? ML_UI_PLAIN : ML_UI_DIM, c);
			}
		}
		if (z->has_pageblocks) {
			/* Pageblocks per type, flowed over as many lines as needed. */
			int yp = ml_ui_line_add(b);
			int px = ml_ui_put(b, yp, 0, ML_UI_DIM, "  pageblocks:");
			for (int t = 0; t < sys->ntypes; t++) {
				if (!z->pageblocks[t])
					continue;
				char c[64];
				snprintf(c, sizeof(c), " %s %llu", sys->type_names[t],
					 (unsigned long long)z->pageblocks[t]);
				if (px + ml_ui_text_width(c) > W) {
					yp = ml_ui_line_add(b);
					px = ml_ui_put(b, yp, 0, ML_UI_DIM, "  ");
				}
				px = ml_ui_put(b, yp, px, ML_UI_PLAIN, c);
			}
		}
	}
}

static void draw(struct ml_ui_screen *s, const struct ml_ui_frame *f, const struct ml_ui_view *v,
		 struct ml_ui_lines *head, struct ml_ui_lines *body)
{
	const struct ml_system *sys = &f->sys;
	int y = ml_ui_line_add(head);
	ml_ui_put(head, y, 0, ML_UI_DIM,
		  v->cols >= 80 ? "bar: free vs m(in) l(ow) h(igh) watermarks, full = 2×high;"
				  " free blocks by order"
				: "bar: free vs m/l/h watermarks");
	if (!(sys->loaded & ML_LOAD_ZONEINFO) && !(sys->loaded & ML_LOAD_BUDDYINFO)) {
		y = ml_ui_line_add(body);
		ml_ui_put(body, y, 0, ML_UI_NOTE, "neither /proc/zoneinfo nor /proc/buddyinfo could be read");
		return;
	}
	if (v->types && !(sys->loaded & ML_LOAD_PAGETYPEINFO)) {
		y = ml_ui_line_add(body);
		ml_ui_put(body, y, 0, ML_UI_NOTE, f->sys.live ? "migrate types: /proc/pagetypeinfo unreadable (root only)"
						     : "migrate types: /proc/pagetypeinfo is not in this snapshot");
	}
	size_t n;
	const struct ml_zone **zs = ordered(s, sys, &n);
	if (!zs)
		return;
	for (size_t i = 0; i < n; i++) {
		if (i)
			ml_ui_line_add(body);
		draw_zone(body, sys, zs[i], v);
	}
	if (n == 0) {
		y = ml_ui_line_add(body);
		ml_ui_put(body, y, 0, ML_UI_DIM, "no zone matches the filter");
	}
	free(zs);
}

static cJSON *u64_array(const uint64_t *v, int n)
{
	cJSON *a = cJSON_CreateArray();
	for (int i = 0; a && i < n; i++) {
		char b[32];
		snprintf(b, sizeof(b), "%llu", (unsigned long long)v[i]);
		cJSON_AddItemToArray(a, cJSON_CreateRaw(b));
	}
	return a;
}

static int json(struct ml_ui_screen *s, const struct ml_ui_frame *f, const struct ml_ui_view *v,
		cJSON *doc)
{
	(void)v;
	const struct ml_system *sys = &f->sys;
	uint64_t ps = sys->page_size;
	size_t n;
	const struct ml_zone **zs = ordered(s, sys, &n);
	cJSON *arr = cJSON_AddArrayToObject(doc, "zones");
	if (!zs || !arr) {
		free(zs);
		return ML_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		const struct ml_zone *z = zs[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, o);
		ml_json_add_i64(o, "node", z->node);
		cJSON_AddStringToObject(o, "zone", z->name);
		if (z->has_zoneinfo) {
			ml_json_add_u64(o, "managed_bytes", z->managed * ps);
			ml_json_add_u64(o, "free_bytes", z->free_pages * ps);
			ml_json_add_u64(o, "min_bytes", z->wmark_min * ps);
			ml_json_add_u64(o, "low_bytes", z->wmark_low * ps);
			ml_json_add_u64(o, "high_bytes", z->wmark_high * ps);
			cJSON_AddStringToObject(o, "state", ml_wmark_state_name(ml_zone_wmark_state(z)));
		}
		if (z->has_buddy) {
			int lo = ml_zone_largest_order(sys, z);
			ml_json_add_i64(o, "largest_order", lo);
			ml_json_add_u64(o, "largest_free_block_bytes", lo >= 0 ? ps << lo : 0);
			cJSON_AddItemToObject(o, "free_blocks", u64_array(z->free_blocks, sys->norders));
		}
		if (z->has_types) {
			cJSON *t = cJSON_AddObjectToObject(o, "free_blocks_by_type");
			for (int k = 0; t && k < sys->ntypes; k++)
				cJSON_AddItemToObject(t, sys->type_names[k],
						      u64_array(z->type_blocks[k], sys->norders));
		}
		if (z->has_pageblocks) {
			cJSON *t = cJSON_AddObjectToObject(o, "pageblocks");
			for (int k = 0; t && k < sys->ntypes; k++)
				ml_json_add_u64(t, sys->type_names[k], z->pageblocks[k]);
		}
	}
	free(zs);
	return ML_OK;
}

const struct ml_ui_screen_ops ml_ui_screen_zones = {
	.name = "zones",
	.sort_keys = sort_keys,
	.nsort = 3,
	.default_sort = SORT_ZONE,
	.wants = wants,
	.update = update,
	.draw = draw,
	.json = json,
};
