/* Helpers every screen uses: sizes, changes per second, filters, columns. */
#include "screen.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../format.h"

void ml_ui_bytes(const struct ml_ui_view *v, uint64_t bytes, char *buf, size_t n)
{
	ml_format_bytes(bytes, v->bytes, buf, n);
}

void ml_ui_delta(const struct ml_ui_view *v, int64_t per_second, char *buf, size_t n)
{
	if (per_second == 0) {
		snprintf(buf, n, "0");
		return;
	}
	uint64_t a = per_second < 0 ? (uint64_t)(-(per_second + 1)) + 1 : (uint64_t)per_second;
	char num[32];
	ml_format_bytes(a, v->bytes, num, sizeof(num));
	snprintf(buf, n, "%c%s", per_second < 0 ? '-' : '+', num);
}

int64_t ml_ui_rate(uint64_t now, uint64_t before, double elapsed)
{
	if (!(elapsed > 0))
		return 0;
	/* Differences of byte counts fit a double exactly below 2^53 (8 PiB). */
	double d = now >= before ? (double)(now - before) : -(double)(before - now);
	return (int64_t)llround(d / elapsed);
}

bool ml_ui_filter_match(const char *filter, const char *text)
{
	if (!filter || !*filter)
		return true;
	if (!text)
		return false;
	size_t fl = strlen(filter);
	for (const char *p = text; *p; p++) {
		size_t k = 0;
		while (k < fl && p[k] &&
		       tolower((unsigned char)p[k]) == tolower((unsigned char)filter[k]))
			k++;
		if (k == fl)
			return true;
	}
	return false;
}

const char *ml_ui_block(const struct ml_ui_view *v, int eighths)
{
	static const char *const utf8[9] = { " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	/* Without UTF-8 (LANG=C on a serial console) a ramp of ASCII that
	 * still reads as "more" left to right. */
	static const char *const ascii[9] = { " ", ".", ".", ":", ":", "=", "=", "#", "#" };
	if (eighths < 0)
		eighths = 0;
	if (eighths > 8)
		eighths = 8;
	return v->utf8 ? utf8[eighths] : ascii[eighths];
}

static int col_width(const struct ml_ui_col *c, const struct ml_ui_view *v)
{
	return v->bytes && c->width_exact ? c->width_exact : c->width;
}

int ml_ui_cols_fit(const struct ml_ui_col *cols, int ncols, const struct ml_ui_view *v,
		   bool *shown, int *x, int *w)
{
	int flex = -1;
	for (int i = 0; i < ncols; i++)
		if (shown[i] && (cols[i].flags & ML_UI_COL_FLEX))
			flex = i;
	for (;;) {
		int total = 0, n = 0;
		for (int i = 0; i < ncols; i++) {
			if (!shown[i])
				continue;
			total += col_width(&cols[i], v) + (n ? 1 : 0);
			n++;
		}
		if (total <= v->cols || n <= 1)
			break;
		/* Narrow terminal: the lowest priority column goes first. */
		int drop = -1;
		for (int i = 0; i < ncols; i++)
			if (shown[i] && i != flex && (drop < 0 || cols[i].priority < cols[drop].priority))
				drop = i;
		if (drop < 0)
			break;
		shown[drop] = false;
	}
	int pos = 0, used = 0;
	for (int i = 0; i < ncols; i++)
		if (shown[i])
			used += col_width(&cols[i], v);
	int nshown = 0;
	for (int i = 0; i < ncols; i++)
		nshown += shown[i];
	int gaps = nshown > 0 ? nshown - 1 : 0;
	int flexw = 0;
	for (int i = 0; i < ncols; i++) {
		if (!shown[i])
			continue;
		w[i] = col_width(&cols[i], v);
		if (i == flex) {
			/* The name column takes what is left, at least its own width. */
			flexw = v->cols - (used - w[i]) - gaps;
			if (flexw > w[i])
				w[i] = flexw;
			flexw = w[i];
		}
		x[i] = pos;
		pos += w[i] + 1;
	}
	return flexw;
}

void ml_ui_cols_cell(struct ml_ui_lines *l, int y, const struct ml_ui_col *c, int x, int w,
		     enum ml_ui_role role, const char *text)
{
	if (c->flags & ML_UI_COL_RIGHT) {
		ml_ui_put_right(l, y, x, w, role, text);
		return;
	}
	/* Left-aligned text (names, command lines of any length) is cut at
	 * the column's end with a '+' in the last cell.  One pass: a command
	 * line of thousands of characters costs no more than its first w. */
	int end = ml_ui_put_clip(l, y, x, x + w, role, text);
	if (end < 0)
		ml_ui_put(l, y, x + w - 1, ML_UI_DIM, "+");
}

void ml_ui_cols_head(struct ml_ui_lines *head, const struct ml_ui_col *cols, int ncols,
		     const bool *shown, const int *x, const int *w, int sort)
{
	int y = ml_ui_line_add(head);
	if (y < 0)
		return;
	ml_ui_fill(head, y, 0, head->width, ML_UI_COLHEAD, L' ');
	for (int i = 0; i < ncols; i++) {
		if (!shown[i])
			continue;
		enum ml_ui_role r = cols[i].sort >= 0 && cols[i].sort == sort ? ML_UI_COLHEAD_SORT
									 : ML_UI_COLHEAD;
		ml_ui_set_role(head, y, x[i], w[i], r);
		ml_ui_cols_cell(head, y, &cols[i], x[i], w[i], r, cols[i].name);
	}
}
