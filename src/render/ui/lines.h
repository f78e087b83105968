/* A frame as lines of terminal cells, each cell one character and a role.
 * Screens draw into this once; the ncurses backend paints it and batch mode
 * prints it as plain text, so the live view and `--batch` can never differ
 * in what they show (htop draws straight to curses and needs a separate
 * dump path; we avoid that). */
#ifndef ML_UI_LINES_H
#define ML_UI_LINES_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <wchar.h>

#include "colors.h"

struct ml_ui_cell {
	wchar_t ch;             /* 0: right half of a double-width character */
	unsigned char role;     /* enum ml_ui_role */
};

struct ml_ui_lines {
	int width;              /* cells per line */
	size_t n, cap;
	struct ml_ui_cell *cells;   /* n * width */
	int oom;                /* an allocation failed: later lines are dropped */
};

void ml_ui_lines_init(struct ml_ui_lines *l, int width);
/* Forget the lines, keep the memory (one allocation reused every refresh). */
void ml_ui_lines_reset(struct ml_ui_lines *l, int width);
void ml_ui_lines_free(struct ml_ui_lines *l);

/* Append a blank line; its index, or -1 when out of memory. */
int ml_ui_line_add(struct ml_ui_lines *l);
/* Write UTF-8 text at (y, x) with a role, clipped at the line's end; control
 * and undecodable bytes become '?' (command names are not trusted).  Returns
 * the column after the text. */
int ml_ui_put(struct ml_ui_lines *l, int y, int x, enum ml_ui_role role, const char *s);
/* As ml_ui_put, but stop at column limit: returns the column after the
 * text, or -1 when the text did not fit before limit - 1 (the caller marks
 * the cut). */
int ml_ui_put_clip(struct ml_ui_lines *l, int y, int x, int limit, enum ml_ui_role role,
		   const char *s);
int ml_ui_putf(struct ml_ui_lines *l, int y, int x, enum ml_ui_role role, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Right-aligned in [x, x + w). */
int ml_ui_put_right(struct ml_ui_lines *l, int y, int x, int w, enum ml_ui_role role,
		    const char *s);
/* Repeat one character. */
int ml_ui_fill(struct ml_ui_lines *l, int y, int x, int count, enum ml_ui_role role, wchar_t ch);
/* Give a role to cells already written (highlight a column, a bar). */
void ml_ui_set_role(struct ml_ui_lines *l, int y, int x, int count, enum ml_ui_role role);
/* Columns the text takes (wcwidth), to lay things out before writing. */
int ml_ui_text_width(const char *s);

static inline struct ml_ui_cell *ml_ui_line(struct ml_ui_lines *l, size_t y)
{
	return l->cells + y * (size_t)l->width;
}

/* One line as plain UTF-8, trailing blanks removed. */
void ml_ui_line_print(const struct ml_ui_lines *l, size_t y, FILE *f);

#endif
