/* What each piece of the screen is (a role), and colour schemes as data: a
 * table from role to colours and attributes, one for colour terminals and
 * one for NO_COLOR / monochrome, as htop keeps its CRT colour schemes. */
#ifndef ML_UI_COLORS_H
#define ML_UI_COLORS_H

#include <stdbool.h>

enum ml_ui_role {
	ML_UI_PLAIN,
	ML_UI_TITLE,          /* the top line */
	ML_UI_TAB,            /* an inactive screen name */
	ML_UI_TAB_ACTIVE,
	ML_UI_LABEL,          /* header labels: "MemTotal" */
	ML_UI_VALUE,          /* header figures */
	ML_UI_COLHEAD,        /* a table's column names */
	ML_UI_COLHEAD_SORT,   /* the column the rows are sorted by */
	ML_UI_DIM,            /* secondary text: units, "-" for no delta */
	ML_UI_OK,             /* above the high watermark */
	ML_UI_WARN,           /* below high or low */
	ML_UI_CRIT,           /* below min */
	ML_UI_MARK,           /* a watermark marker in a bar */
	ML_UI_BAR_EMPTY,      /* the unfilled part of a bar */
	ML_UI_HIST,           /* histogram columns */
	ML_UI_HIST_LARGEST,   /* the largest order that has a free block */
	ML_UI_UP,             /* growing */
	ML_UI_DOWN,           /* shrinking */
	ML_UI_STATUS,         /* the bottom line */
	ML_UI_NOTE,           /* "needs root" and other notes */
	ML_UI_HELP_KEY,
	ML_UI_NROLES
};

/* ncurses colour numbers are small ints; -1 is the terminal's default
 * (use_default_colors).  attrs are A_* bits. */
struct ml_ui_style {
	short fg, bg;
	unsigned long attrs;
};

struct ml_ui_scheme {
	const char *name;
	struct ml_ui_style style[ML_UI_NROLES];
};

extern const struct ml_ui_scheme ml_ui_scheme_color;
extern const struct ml_ui_scheme ml_ui_scheme_mono;

/* Set up colour pairs for a scheme (curses must be running); mono when
 * colour is off or the terminal has none. */
void ml_ui_colors_start(bool color);
/* The curses attributes of a role under the scheme started. */
unsigned long ml_ui_role_attr(enum ml_ui_role role);

#endif
