/* `memlayout top`: the screens, the current frame and the view, and the two
 * ways of showing them — the live ncurses view (app.c) and batch frames,
 * plain text or NDJSON (batch.c). */
#ifndef ML_UI_APP_H
#define ML_UI_APP_H

#include <stdbool.h>

#include "../../source/source.h"
#include "frame.h"
#include "lines.h"
#include "screen.h"

#define ML_UI_NSCREENS 4

struct ml_top_options {
	double interval;            /* seconds between refreshes */
	unsigned long iterations;   /* frames to show, 0 = until quit */
	bool batch, json;
	int width;                  /* batch: columns to lay out for */
	const char *sysroot;        /* a snapshot: one frame, no refresh */
	unsigned screens;           /* batch: bit i = screen i printed */
	int first;                  /* the screen shown first */
	const char *sort;           /* sort key of the first screen, NULL default */
	bool bytes, types, pss, color;
};

struct ml_top {
	struct ml_top_options opt;
	struct ml_source src;
	bool src_open;
	struct ml_ui_screen screens[ML_UI_NSCREENS];
	int current;
	struct ml_ui_view view;
	struct ml_ui_frame frame;
};

/* The screens, in key order (1-4). */
extern const struct ml_ui_screen_ops *const ml_ui_screens[ML_UI_NSCREENS];
/* Index of a screen by name, -1 if none. */
int ml_ui_screen_index(const char *name);

/* Open the source and set up the screens.  ML_EUSAGE for an unknown sort
 * key of the first screen. */
int ml_top_init(struct ml_top *t, const struct ml_top_options *opt, struct ml_error *err);
void ml_top_fini(struct ml_top *t);
/* What one refresh reads for the screens in mask (bit i = screen i). */
void ml_top_wants(const struct ml_top *t, unsigned mask, struct ml_ui_wants *w);
/* Read a frame for the screens in mask and hand it to every screen. */
int ml_top_refresh(struct ml_top *t, unsigned mask, struct ml_error *err);

int ml_top_run_batch(struct ml_top *t, struct ml_error *err);
int ml_top_run_interactive(struct ml_top *t, struct ml_error *err);

#endif
