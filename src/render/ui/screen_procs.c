/* Screen 3, procs: the processes holding the most memory and how fast each
 * grows.  The table is the process model's (model/procs.h): live through
 * libproc2, from a snapshot through its files.  RSS comes from status (the
 * per-mm counters, cheap); PSS, USS and Swap need smaps_rollup, which makes
 * the kernel walk each process's page tables (kernel-model §11.9), so they
 * are read only while their columns are on screen (key m, --pss). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../json.h"
#include "screen.h"

enum { SORT_PID, SORT_USER, SORT_RSS, SORT_DRSS, SORT_PSS, SORT_DPSS, SORT_USS, SORT_SWAP,
       SORT_VIRT, SORT_CMD, NSORT };
static const char *const sort_keys[NSORT] = { "pid", "user", "rss", "rss-change", "pss",
					      "pss-change", "uss", "swap", "virt", "command" };

enum { C_PID, C_USER, C_RSS, C_DRSS, C_PSS, C_DPSS, C_USS, C_SWAP, C_VIRT, C_CMD, NCOLS };
static const struct ml_ui_col cols[NCOLS] = {
	[C_PID] = { "PID", 7, 0, 100, ML_UI_COL_RIGHT, SORT_PID },
	[C_USER] = { "USER", 8, 0, 30, 0, SORT_USER },
	[C_RSS] = { "RSS", 7, 12, 95, ML_UI_COL_RIGHT, SORT_RSS },
	[C_DRSS] = { "RSS/s", 7, 12, 90, ML_UI_COL_RIGHT, SORT_DRSS },
	[C_PSS] = { "PSS", 7, 12, 85, ML_UI_COL_RIGHT, SORT_PSS },
	[C_DPSS] = { "PSS/s", 7, 12, 70, ML_UI_COL_RIGHT, SORT_DPSS },
	[C_USS] = { "USS", 7, 12, 60, ML_UI_COL_RIGHT, SORT_USS },
	[C_SWAP] = { "SWAP", 7, 12, 50, ML_UI_COL_RIGHT, SORT_SWAP },
	[C_VIRT] = { "VIRT", 7, 12, 20, ML_UI_COL_RIGHT, SORT_VIRT },
	[C_CMD] = { "COMMAND", 12, 0, 100, ML_UI_COL_FLEX, SORT_CMD },
};

struct row {
	const struct ml_proc *p;    /* in the current frame's table */
	uint64_t rss, uss;
	bool has_delta, has_pss_delta;
	int64_t d_rss, d_pss;
};

struct prev {
	int pid;
	unsigned long long start_ticks;
	uint64_t rss, pss;
	bool has_pss;
};

struct procs_screen {
	bool loaded;
	struct ml_error error;      /* why there is no table */
	size_t partial, no_mm;
	bool rollup;                /* this frame has smaps_rollup figures */
	struct row *rows;
	size_t n;
	struct prev *prev;
	size_t nprev;
	unsigned long prev_frame;
	const struct row **order;
	size_t norder;
};

static int init(struct ml_ui_screen *s)
{
	s->priv = calloc(1, sizeof(struct procs_screen));
	return s->priv ? ML_OK : ML_ENOMEM;
}

static void fini(struct ml_ui_screen *s)
{
	struct procs_screen *p = s->priv;
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
	(void)s;
	w->procs = true;
	if (v->pss)
		w->rollup = true;
}

static int cmp_prev(const void *a, const void *b)
{
	const struct prev *x = a, *y = b;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

static int update(struct ml_ui_screen *s, const struct ml_ui_frame *f, struct ml_error *err)
{
	struct procs_screen *p = s->priv;
	p->n = 0;
	p->loaded = f->has_procs;
	p->error = f->procs_error;
	if (!p->loaded) {
		p->nprev = 0;
		return ML_OK;
	}
	const struct ml_proc_table *t = &f->procs;
	p->partial = t->partial;
	p->no_mm = t->no_mm;
	p->rollup = t->rollup_wanted;
	struct row *rows = realloc(p->rows, (t->n ? t->n : 1) * sizeof(*rows));
	struct prev *pv = rows ? malloc((t->n ? t->n : 1) * sizeof(*pv)) : NULL;
	if (!rows || !pv) {
		if (rows)
			p->rows = rows;
		free(pv);
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	}
	p->rows = rows;
	bool deltas = p->prev_frame && p->prev_frame + 1 == f->number && f->elapsed > 0;
	for (size_t i = 0; i < t->n; i++) {
		const struct ml_proc *pr = &t->procs[i];
		struct row *r = &rows[p->n++];
		memset(r, 0, sizeof(*r));
		r->p = pr;
		r->rss = ml_proc_rss(pr);
		r->uss = ml_proc_uss(pr);
		struct prev key = { .pid = pr->pid }, *hit = NULL;
		if (deltas)
			hit = bsearch(&key, p->prev, p->nprev, sizeof(*p->prev), cmp_prev);
		/* A reused PID is a new process: no change to show.  Snapshots
		 * have no start time (0 on both sides). */
		if (hit && hit->start_ticks == pr->start_ticks) {
			r->has_delta = true;
			r->d_rss = ml_ui_rate(r->rss, hit->rss, f->elapsed);
			if (hit->has_pss && pr->has_rollup) {
				r->has_pss_delta = true;
				r->d_pss = ml_ui_rate(pr->rollup.pss, hit->pss, f->elapsed);
			}
		}
		pv[i] = (struct prev){ pr->pid, pr->start_ticks, r->rss, pr->rollup.pss, pr->has_rollup };
	}
	qsort(pv, t->n, sizeof(*pv), cmp_prev);
	free(p->prev);
	p->prev = pv;
	p->nprev = t->n;
	p->prev_frame = f->number;
	return ML_OK;
}

static int g_sort;

static int cmp_u64_desc(uint64_t a, uint64_t b)
{
	return a < b ? 1 : a > b ? -1 : 0;
}

static uint64_t mag(bool has, int64_t d)
{
	return has ? (uint64_t)(d < 0 ? -d : d) : 0;
}

static int cmp_row(const void *pa, const void *pb)
{
	const struct row *a = *(const struct row *const *)pa, *b = *(const struct row *const *)pb;
	int c = 0;
	switch (g_sort) {
	case SORT_USER:
		c = strcmp(a->p->user, b->p->user);
		break;
	case SORT_RSS:
		c = cmp_u64_desc(a->rss, b->rss);
		break;
	case SORT_DRSS:
		c = cmp_u64_desc(mag(a->has_delta, a->d_rss), mag(b->has_delta, b->d_rss));
		break;
	case SORT_PSS:
		c = cmp_u64_desc(a->p->rollup.pss, b->p->rollup.pss);
		break;
	case SORT_DPSS:
		c = cmp_u64_desc(mag(a->has_pss_delta, a->d_pss), mag(b->has_pss_delta, b->d_pss));
		break;
	case SORT_USS:
		c = cmp_u64_desc(a->uss, b->uss);
		break;
	case SORT_SWAP:
		c = cmp_u64_desc(a->p->rollup.swap, b->p->rollup.swap);
		break;
	case SORT_VIRT:
		c = cmp_u64_desc(a->p->virt_bytes, b->p->virt_bytes);
		break;
	case SORT_CMD:
		c = strcmp(a->p->command ? a->p->command : "", b->p->command ? b->p->command : "");
		break;
	default:
		break;
	}
	if (c == 0)
		c = (a->p->pid > b->p->pid) - (a->p->pid < b->p->pid);
	return c;
}

static bool pss_sort(int sort)
{
	return sort == SORT_PSS || sort == SORT_DPSS || sort == SORT_USS || sort == SORT_SWAP;
}

/* The sort in effect: a PSS column that is not shown sorts by RSS. */
static int effective_sort(const struct ml_ui_screen *s)
{
	const struct procs_screen *p = s->priv;
	return pss_sort(s->sort) && !p->rollup ? SORT_RSS : s->sort;
}

static void order(struct ml_ui_screen *s)
{
	struct procs_screen *p = s->priv;
	p->norder = 0;
	const struct row **o = realloc(p->order, (p->n ? p->n : 1) * sizeof(*o));
	if (!o)
		return;
	p->order = o;
	/* The filter means what `memlayout procs --cmd` means: a substring of
	 * the command or its arguments, or a glob. */
	struct ml_procs_query q = { .cmd = s->filter[0] ? s->filter : NULL };
	for (size_t i = 0; i < p->n; i++)
		if (ml_proc_matches(p->rows[i].p, &q))
			o[p->norder++] = &p->rows[i];
	g_sort = effective_sort(s);
	qsort(o, p->norder, sizeof(*o), cmp_row);
}

static void draw(struct ml_ui_screen *s, const struct ml_ui_frame *f, const struct ml_ui_view *v,
		 struct ml_ui_lines *head, struct ml_ui_lines *body)
{
	struct procs_screen *p = s->priv;
	char a[64];
	(void)f;
	int y = ml_ui_line_add(head);
	if (!p->loaded) {
		ml_ui_putf(head, y, 0, ML_UI_NOTE, "no process table: %s",
			   p->error.message[0] ? p->error.message : "not read");
		return;
	}
	order(s);
	uint64_t rss = 0;
	for (size_t i = 0; i < p->norder; i++)
		rss += p->order[i]->rss;
	ml_ui_bytes(v, rss, a, sizeof(a));
	int x = ml_ui_putf(head, y, 0, ML_UI_PLAIN, "%zu processes, RSS %s", p->norder, a);
	if (p->rollup && p->partial)
		ml_ui_putf(head, y, x, ML_UI_NOTE, "; PSS unreadable for %zu", p->partial);
	else if (!p->rollup && head->width - x > 30)
		ml_ui_put(head, y, x, ML_UI_DIM, "; m: PSS/USS/Swap columns");

	bool shown[NCOLS];
	int cx[NCOLS], cw[NCOLS];
	for (int i = 0; i < NCOLS; i++)
		shown[i] = true;
	shown[C_PSS] = shown[C_DPSS] = shown[C_USS] = shown[C_SWAP] = p->rollup;
	ml_ui_cols_fit(cols, NCOLS, v, shown, cx, cw);
	ml_ui_cols_head(head, cols, NCOLS, shown, cx, cw, effective_sort(s));
	for (size_t i = 0; i < p->norder; i++) {
		const struct row *r = p->order[i];
		const struct ml_proc *pr = r->p;
		y = ml_ui_line_add(body);
		if (y < 0)
			break;
		for (int k = 0; k < NCOLS; k++) {
			if (!shown[k])
				continue;
			enum ml_ui_role role = ML_UI_PLAIN;
			const char *text = a;
			bool has = true;
			int64_t d = 0;
			switch (k) {
			case C_PID:
				snprintf(a, sizeof(a), "%d", pr->pid);
				break;
			case C_USER:
				text = pr->user;
				break;
			case C_RSS:
				ml_ui_bytes(v, r->rss, a, sizeof(a));
				break;
			case C_DRSS:
			case C_DPSS:
				has = k == C_DRSS ? r->has_delta : r->has_pss_delta;
				d = k == C_DRSS ? r->d_rss : r->d_pss;
				if (!has) {
					snprintf(a, sizeof(a), "-");
					role = ML_UI_DIM;
				} else {
					ml_ui_delta(v, d, a, sizeof(a));
					role = d > 0 ? ML_UI_UP : d < 0 ? ML_UI_DOWN : ML_UI_DIM;
				}
				break;
			case C_PSS:
			case C_USS:
			case C_SWAP:
				if (!pr->has_rollup) {
					snprintf(a, sizeof(a), "-");
					role = ML_UI_DIM;
				} else {
					ml_ui_bytes(v, k == C_PSS ? pr->rollup.pss : k == C_USS ? r->uss : pr->rollup.swap,
						    a, sizeof(a));
				}
				break;
			case C_VIRT:
				ml_ui_bytes(v, pr->virt_bytes, a, sizeof(a));
				break;
			case C_CMD:
				text = pr->args && pr->args[0] ? pr->args : pr->command ? pr->command : "";
				break;
			}
			ml_ui_cols_cell(body, y, &cols[k], cx[k], cw[k], role, text);
		}
	}
	if (p->norder == 0) {
		y = ml_ui_line_add(body);
		ml_ui_put(body, y, 0, ML_UI_DIM, p->n ? "no process matches the filter" : "no processes");
	}
}

static int json(struct ml_ui_screen *s, const struct ml_ui_frame *f, const struct ml_ui_view *v,
		cJSON *doc)
{
	struct procs_screen *p = s->priv;
	(void)f, (void)v;
	cJSON *o = cJSON_AddObjectToObject(doc, "procs");
	if (!o)
		return ML_ENOMEM;
	if (!p->loaded) {
		cJSON_AddStringToObject(o, "error", p->error.message);
		return ML_OK;
	}
	cJSON_AddBoolToObject(o, "rollup", p->rollup);
	ml_json_add_u64(o, "rollup_unreadable", p->partial);
	cJSON *arr = cJSON_AddArrayToObject(o, "processes");
	if (!arr)
		return ML_ENOMEM;
	order(s);
	for (size_t i = 0; i < p->norder; i++) {
		const struct row *r = p->order[i];
		const struct ml_proc *pr = r->p;
		cJSON *c = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, c);
		ml_json_add_i64(c, "pid", pr->pid);
		cJSON_AddStringToObject(c, "user", pr->user);
		cJSON_AddStringToObject(c, "command", pr->command ? pr->command : "");
		cJSON_AddStringToObject(c, "args", pr->args ? pr->args : "");
		ml_json_add_u64(c, "rss_bytes", r->rss);
		if (r->has_delta)
			ml_json_add_i64(c, "rss_change_bytes_per_second", r->d_rss);
		else
			cJSON_AddNullToObject(c, "rss_change_bytes_per_second");
		ml_json_add_u64(c, "virt_bytes", pr->virt_bytes);
		if (pr->has_rollup) {
			ml_json_add_u64(c, "pss_bytes", pr->rollup.pss);
			ml_json_add_u64(c, "uss_bytes", r->uss);
			ml_json_add_u64(c, "swap_bytes", pr->rollup.swap);
			if (r->has_pss_delta)
				ml_json_add_i64(c, "pss_change_bytes_per_second", r->d_pss);
			else
				cJSON_AddNullToObject(c, "pss_change_bytes_per_second");
		}
	}
	return ML_OK;
}

const struct ml_ui_screen_ops ml_ui_screen_procs = {
	.name = "procs",
	.sort_keys = sort_keys,
	.nsort = NSORT,
	.default_sort = SORT_RSS,
	.init = init,
	.fini = fini,
	.wants = wants,
	.update = update,
	.draw = draw,
	.json = json,
};
