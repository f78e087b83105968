/* The list screens (slab, procs, vmalloc) share one shape: rows taken from
 * each frame, a change per second against the previous frame, a filter and a
 * sort applied when drawn (so keys need no re-read), and a table of columns
 * that fits the width.  That shape lives here once.  A screen describes its
 * rows with a struct of function pointers, as htop's panels do, and keeps
 * only what its rows are and what a cell reads. */
#ifndef ML_UI_LIST_H
#define ML_UI_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "screen.h"

enum { ML_UI_LIST_MAX_COLS = 16 };

struct ml_ui_list_ops {
	size_t row_size;            /* sizeof the screen's struct row */
	size_t prev_size;           /* sizeof what the next frame needs of a row */
	/* Order of those figures, for bsearch: by name, by PID. */
	int (*cmp_prev)(const void *a, const void *b);
	/* Whether a row passes the filter (as given to ml_ui_list_order). */
	bool (*keep)(const void *row, const void *filter);
	/* Order of two rows, for qsort_r over pointers to rows; sort points to
	 * the int index of the screen's sort key. */
	int (*cmp_row)(const void *a, const void *b, void *sort);
	/* The text of column col of a row: written to buf, or a string of the
	 * row's.  *role starts as ML_UI_PLAIN. */
	const char *(*cell)(const void *row, int col, const struct ml_ui_view *v, char *buf,
			    size_t n, enum ml_ui_role *role);
	const struct ml_ui_col *cols;
	int ncols;                  /* at most ML_UI_LIST_MAX_COLS */
	const char *none;           /* the body when there are no rows */
	const char *no_match;       /* the body when the filter keeps none */
};

/* The first member of a list screen's private state (ml_ui_list_init
 * allocates that state, ml_ui_list_fini frees it). */
struct ml_ui_list {
	const struct ml_ui_list_ops *ops;
	void *rows;                 /* n rows of this frame */
	size_t n;
	void *prev;                 /* nprev figures of the previous frame, sorted */
	size_t nprev;
	void *next;                 /* this frame's figures, prev after ml_ui_list_end */
	unsigned long prev_frame;   /* the frame prev comes from, 0 for none */
	bool deltas;                /* this frame follows prev_frame */
	const void **order;         /* rows the filter keeps, sorted */
	size_t norder;
};

/* Allocate the screen's private state of size bytes, its list first. */
int ml_ui_list_init(struct ml_ui_screen *s, size_t size, const struct ml_ui_list_ops *ops);
void ml_ui_list_fini(struct ml_ui_screen *s);

/* This frame's files were not read: no rows, and no previous figures (a
 * change per second is only honest between consecutive refreshes). */
void ml_ui_list_forget(struct ml_ui_list *l);
/* A frame of n rows begins: room for them, and whether changes per second
 * can be shown (l->deltas). */
int ml_ui_list_begin(struct ml_ui_list *l, const struct ml_ui_frame *f, size_t n,
		     struct ml_error *err);
/* This frame's next row, zeroed; *next (zeroed too) takes what the next
 * frame needs of it. */
void *ml_ui_list_add(struct ml_ui_list *l, void **next);
/* The previous frame's figures matching key, NULL when there are none or
 * the frames are not consecutive. */
const void *ml_ui_list_prev(const struct ml_ui_list *l, const void *key);
/* The frame's rows are all added: their figures become the previous ones. */
void ml_ui_list_end(struct ml_ui_list *l, const struct ml_ui_frame *f);

/* What the next frame needs of a row known by name (slab caches, vmalloc
 * callers); the list's prev_size and cmp_prev for such rows. */
struct ml_ui_named {
	char name[200];
	uint64_t value;
};
int ml_ui_named_cmp(const void *a, const void *b);
/* Keep (name, value) in next and give value's change per second since the
 * previous frame; false when the frames are not consecutive.  A name new
 * since then grew from nothing. */
bool ml_ui_named_rate(const struct ml_ui_list *l, const struct ml_ui_frame *f,
		      struct ml_ui_named *next, const char *name, uint64_t value, int64_t *rate);

/* Rebuild l->order: the rows filter keeps, sorted by sort key sort. */
void ml_ui_list_order(struct ml_ui_list *l, int sort, const void *filter);
/* The column-name line (sort highlighted) to head and a line per row in
 * order to body; wanted (NULL: all) says which columns the screen shows
 * before the width decides. */
void ml_ui_list_draw(const struct ml_ui_list *l, const struct ml_ui_view *v, const bool *wanted,
		     int sort, struct ml_ui_lines *head, struct ml_ui_lines *body);

/* ---- pieces of rows with changes per second ---- */

/* Descending order of two sizes, for cmp_row: the largest first. */
int ml_ui_cmp_desc(uint64_t a, uint64_t b);
/* Two changes per second, for cmp_row: the fastest movers, growing or
 * shrinking, first; a row with no change to show yet counts as still. */
int ml_ui_cmp_delta(bool has_a, int64_t a, bool has_b, int64_t b);
/* A change-per-second cell: "-" (dim) when there is none yet, else signed,
 * its role saying which way it goes. */
enum ml_ui_role ml_ui_delta_cell(const struct ml_ui_view *v, bool has, int64_t delta, char *buf,
				 size_t n);
/* The same in JSON: bytes per second, or null. */
void ml_ui_json_delta(cJSON *o, const char *key, bool has, int64_t delta);

#endif
