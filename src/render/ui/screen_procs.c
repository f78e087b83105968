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
#include "list.h"

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
	struct ml_ui_list list;     /* first: see list.h */
	bool loaded;
	struct ml_error error;      /* why there is no table */
	size_t partial, no_mm;
	bool rollup;                /* this frame has smaps_rollup figures */
};

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
	p->loaded = f->has_procs;
	p->error = f->procs_error;
	if (!p->loaded) {
		ml_ui_list_forget(&p->list);
		return ML_OK;
	}
	const struct ml_proc_table *t = &f->procs;
	p->partial = t->partial;
	p->no_mm = t->no_mm;
	p->rollup = t->rollup_wanted;
	int rc = ml_ui_list_begin(&p->list, f, t->n, err);
	if (rc != ML_OK)
		return rc;
	for (size_t i = 0; i < t->n; i++) {
		const struct ml_proc *pr = &t->procs[i];
		void *next;
		struct row *r = ml_ui_list_add(&p->list, &next);
		r->p = pr;
		r->rss = ml_proc_rss(pr);
		r->uss = ml_proc_uss(pr);
		struct prev key = { .pid = pr->pid };
		const struct prev *hit = ml_ui_list_prev(&p->list, &key);
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
		*(struct prev *)next = (struct prev){ pr->pid, pr->start_ticks, r->rss, pr->rollup.pss,
						      pr->has_rollup };
	}
	ml_ui_list_end(&p->list, f);
	return ML_OK;
}

static bool keep(const void *row, const void *query)
{
	return ml_proc_matches(((const struct row *)row)->p, query);
}

static int cmp_row(const void *pa, const void *pb, void *sort)
{
	const struct row *a = *(const struct row *const *)pa, *b = *(const struct row *const *)pb;
	int c = 0;
	switch (*(const int *)sort) {
	case SORT_USER:
		c = strcmp(a->p->user, b->p->user);
		break;
	case SORT_RSS:
		c = ml_ui_cmp_desc(a->rss, b->rss);
		break;
	case SORT_DRSS:
		c = ml_ui_cmp_delta(a->has_delta, a->d_rss, b->has_delta, b->d_rss);
		break;
	case SORT_PSS:
		c = ml_ui_cmp_desc(a->p->rollup.pss, b->p->rollup.pss);
		break;
	case SORT_DPSS:
		c = ml_ui_cmp_delta(a->has_pss_delta, a->d_pss, b->has_pss_delta, b->d_pss);
		break;
	case SORT_USS:
		c = ml_ui_cmp_desc(a->uss, b->uss);
		break;
	case SORT_SWAP:
		c = ml_ui_cmp_desc(a->p->rollup.swap, b->p->rollup.swap);
		break;
	case SORT_VIRT:
		c = ml_ui_cmp_desc(a->p->virt_bytes, b->p->virt_bytes);
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
	/* The filter means what `memlayout procs --cmd` means: a substring of
	 * the command or its arguments, or a glob. */
	struct ml_procs_query q = { .cmd = s->filter[0] ? s->filter : NULL };
	ml_ui_list_order(&p->list, effective_sort(s), &q);
}

static const char *cell(const void *row, int col, const struct ml_ui_view *v, char *buf, size_t n,
			enum ml_ui_role *role)
{
	const struct row *r = row;
	const struct ml_proc *pr = r->p;
	switch (col) {
	case C_PID:
		snprintf(buf, n, "%d", pr->pid);
		break;
	case C_USER:
		return pr->user;
	case C_RSS:
		ml_ui_bytes(v, r->rss, buf, n);
		break;
	case C_DRSS:
		*role = ml_ui_delta_cell(v, r->has_delta, r->d_rss, buf, n);
		break;
	case C_DPSS:
		*role = ml_ui_delta_cell(v, r->has_pss_delta, r->d_pss, buf, n);
		break;
	case C_PSS:
	case C_USS:
	case C_SWAP:
		if (!pr->has_rollup) {
			snprintf(buf, n, "-");
			*role = ML_UI_DIM;
		} else {
			ml_ui_bytes(v, col == C_PSS ? pr->rollup.pss : col == C_USS ? r->uss : pr->rollup.swap,
				    buf, n);
		}
		break;
	case C_VIRT:
		ml_ui_bytes(v, pr->virt_bytes, buf, n);
		break;
	case C_CMD:
		return pr->args && pr->args[0] ? pr->args : pr->command ? pr->command : "";
	}
	return buf;
}

static const struct ml_ui_list_ops list_ops = {
	.row_size = sizeof(struct row),
	.prev_size = sizeof(struct prev),
	.cmp_prev = cmp_prev,
	.keep = keep,
	.cmp_row = cmp_row,
	.cell = cell,
	.cols = cols,
	.ncols = NCOLS,
	.none = "no processes",
	.no_match = "no process matches the filter",
};

static int init(struct ml_ui_screen *s)
{
	return ml_ui_list_init(s, sizeof(struct procs_screen), &list_ops);
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
	for (size_t i = 0; i < p->list.norder; i++)
		rss += ((const struct row *)p->list.order[i])->rss;
	ml_ui_bytes(v, rss, a, sizeof(a));
	int x = ml_ui_putf(head, y, 0, ML_UI_PLAIN, "%zu processes, RSS %s", p->list.norder, a);
	if (p->rollup && p->partial)
		ml_ui_putf(head, y, x, ML_UI_NOTE, "; PSS unreadable for %zu", p->partial);
	else if (!p->rollup && head->width - x > 30)
		ml_ui_put(head, y, x, ML_UI_DIM, "; m: PSS/USS/Swap columns");

	bool wanted[NCOLS];
	for (int i = 0; i < NCOLS; i++)
		wanted[i] = true;
	wanted[C_PSS] = wanted[C_DPSS] = wanted[C_USS] = wanted[C_SWAP] = p->rollup;
	ml_ui_list_draw(&p->list, v, wanted, effective_sort(s), head, body);
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
	for (size_t i = 0; i < p->list.norder; i++) {
		const struct row *r = p->list.order[i];
		const struct ml_proc *pr = r->p;
		cJSON *c = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, c);
		ml_json_add_i64(c, "pid", pr->pid);
		cJSON_AddStringToObject(c, "user", pr->user);
		cJSON_AddStringToObject(c, "command", pr->command ? pr->command : "");
		cJSON_AddStringToObject(c, "args", pr->args ? pr->args : "");
		ml_json_add_u64(c, "rss_bytes", r->rss);
		ml_ui_json_delta(c, "rss_change_bytes_per_second", r->has_delta, r->d_rss);
		ml_json_add_u64(c, "virt_bytes", pr->virt_bytes);
		if (pr->has_rollup) {
			ml_json_add_u64(c, "pss_bytes", pr->rollup.pss);
			ml_json_add_u64(c, "uss_bytes", r->uss);
			ml_json_add_u64(c, "swap_bytes", pr->rollup.swap);
			ml_ui_json_delta(c, "pss_change_bytes_per_second", r->has_pss_delta, r->d_pss);
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
	.fini = ml_ui_list_fini,
	.wants = wants,
	.update = update,
	.draw = draw,
	.json = json,
};
