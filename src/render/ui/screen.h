/* A screen of `top` is an object, as htop's panels and meters are: a struct
 * of function pointers (init, wants, update, draw, json, fini) and its own
 * state.  The loop in app.c and batch.c knows nothing about zones or slabs;
 * adding a screen is one file and one line in screens[] (top.c). */
#ifndef ML_UI_SCREEN_H
#define ML_UI_SCREEN_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "frame.h"
#include "lines.h"

/* How everything is shown right now; keys change it. */
struct ml_ui_view {
	int cols;               /* width to lay out for */
	bool bytes;             /* exact bytes instead of K/M/G (key b, -b) */
	bool utf8;              /* block characters can be drawn */
	bool types;             /* zones: free blocks per migrate type (key t) */
	bool pss;               /* procs: PSS/USS/Swap columns (key m) */
};

struct ml_ui_screen;

struct ml_ui_screen_ops {
	const char *name;                   /* "zones": --screen, tabs, JSON key */
	const char *const *sort_keys;       /* --sort names, in column order */
	int nsort;
	int default_sort;
	int (*init)(struct ml_ui_screen *s);
	void (*fini)(struct ml_ui_screen *s);
	/* Add to w what this screen needs read under view v. */
	void (*wants)(const struct ml_ui_screen *s, const struct ml_ui_view *v,
		      struct ml_ui_wants *w);
	/* A new frame: take figures, work out changes since the last one.
	 * Called for every frame, shown or not; a screen whose files were not
	 * read forgets its rows (and its previous figures: a change per second
	 * is only honest between consecutive refreshes). */
	int (*update)(struct ml_ui_screen *s, const struct ml_ui_frame *f, struct ml_error *err);
	/* Lay out for v->cols: head lines stay put (column names), body lines
	 * scroll.  Filter and sort apply here, so keys need no re-read. */
	void (*draw)(struct ml_ui_screen *s, const struct ml_ui_frame *f, const struct ml_ui_view *v,
		     struct ml_ui_lines *head, struct ml_ui_lines *body);
	/* Add this screen's figures (bytes as integers) to one NDJSON document. */
	int (*json)(struct ml_ui_screen *s, const struct ml_ui_frame *f, const struct ml_ui_view *v,
		    cJSON *doc);
};

struct ml_ui_screen {
	const struct ml_ui_screen_ops *ops;
	void *priv;
	int sort;               /* index into ops->sort_keys */
	char filter[128];       /* substring, "" for none */
	int scroll;             /* first body line shown */
};

extern const struct ml_ui_screen_ops ml_ui_screen_zones;
extern const struct ml_ui_screen_ops ml_ui_screen_slab;
extern const struct ml_ui_screen_ops ml_ui_screen_procs;
extern const struct ml_ui_screen_ops ml_ui_screen_vmalloc;

/* ---- helpers the screens share (screen.c) ---- */

/* Bytes as the view wants them: "1.5M" or "1572864". */
void ml_ui_bytes(const struct ml_ui_view *v, uint64_t bytes, char *buf, size_t n);
/* A signed change per second: "+1.5M", "-12K", "0"; exact with v->bytes. */
void ml_ui_delta(const struct ml_ui_view *v, int64_t per_second, char *buf, size_t n);
/* Change per second between two readings elapsed seconds apart. */
int64_t ml_ui_rate(uint64_t now, uint64_t before, double elapsed);
/* Case-insensitive substring test; an empty filter matches everything. */
bool ml_ui_filter_match(const char *filter, const char *text);
/* Bar cell characters: a full cell, and eighths for histograms. */
const char *ml_ui_block(const struct ml_ui_view *v, int eighths);

/* A list screen's columns: fixed widths (wider with exact bytes), a
 * priority saying which go first when the terminal is narrow, and at most
 * one flexible column (a name) that takes the rest. */
enum { ML_UI_COL_RIGHT = 1, ML_UI_COL_FLEX = 2 };
struct ml_ui_col {
	const char *name;
	int width, width_exact;     /* width_exact: with v->bytes; 0 = same */
	int priority;               /* higher stays longer */
	unsigned flags;
	int sort;                   /* index in the screen's sort_keys, -1 none */
};
/* Decide which columns are shown (shown[i] in: wanted by the screen; out:
 * also fits) and their x positions; returns the flexible column's width. */
int ml_ui_cols_fit(const struct ml_ui_col *cols, int ncols, const struct ml_ui_view *v,
		   bool *shown, int *x, int *w);
/* The column-name line, the sort column highlighted. */
void ml_ui_cols_head(struct ml_ui_lines *head, const struct ml_ui_col *cols, int ncols,
		     const bool *shown, const int *x, const int *w, int sort);
/* One cell. */
void ml_ui_cols_cell(struct ml_ui_lines *l, int y, const struct ml_ui_col *c, int x, int w,
		     enum ml_ui_role role, const char *text);

#endif
