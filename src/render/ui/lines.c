#include "lines.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

void ml_ui_lines_init(struct ml_ui_lines *l, int width)
{
	memset(l, 0, sizeof(*l));
	l->width = width > 0 ? width : 1;
}

void ml_ui_lines_reset(struct ml_ui_lines *l, int width)
{
	width = width > 0 ? width : 1;
	if (width != l->width) {
		/* The capacity was counted in lines of the old width. */
		l->cap = l->cap * (size_t)l->width / (size_t)width;
		l->width = width;
	}
	l->n = 0;
	l->oom = 0;
}

void ml_ui_lines_free(struct ml_ui_lines *l)
{
	free(l->cells);
	memset(l, 0, sizeof(*l));
}

int ml_ui_line_add(struct ml_ui_lines *l)
{
	if (l->oom)
		return -1;
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 64;
		struct ml_ui_cell *c = realloc(l->cells, ncap * (size_t)l->width * sizeof(*c));
		if (!c) {
			l->oom = 1;
			return -1;
		}
		l->cells = c;
		l->cap = ncap;
	}
	struct ml_ui_cell *c = ml_ui_line(l, l->n);
	for (int x = 0; x < l->width; x++)
		c[x] = (struct ml_ui_cell){ L' ', ML_UI_PLAIN };
	return (int)l->n++;
}

static bool valid(const struct ml_ui_lines *l, int y)
{
	return y >= 0 && (size_t)y < l->n;
}

/* Decode one character; '?' for bytes that are not valid in the locale and
 * for control characters, which would move the cursor. */
static const char *next_char(const char *s, wchar_t *wc, int *w, mbstate_t *st)
{
	size_t k = mbrtowc(wc, s, MB_CUR_MAX, st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		memset(st, 0, sizeof(*st));
		*wc = L'?';
		*w = 1;
		return s + 1;
	}
	int cw = wcwidth(*wc);
	if (cw < 0 || *wc < 0x20 || *wc == 0x7f) {
		*wc = L'?';
		cw = 1;
	}
	*w = cw;
	return s + k;
}

int ml_ui_text_width(const char *s)
{
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	int total = 0;
	while (*s) {
		wchar_t wc;
		int w;
		s = next_char(s, &wc, &w, &st);
		total += w;
	}
	return total;
}

int ml_ui_put(struct ml_ui_lines *l, int y, int x, enum ml_ui_role role, const char *s)
{
	if (!valid(l, y) || x < 0)
		return x;
	struct ml_ui_cell *c = ml_ui_line(l, (size_t)y);
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	while (*s && x < l->width) {
		wchar_t wc;
		int w;
		s = next_char(s, &wc, &w, &st);
		if (w == 0)
			continue;          /* combining marks: dropped, not worth the cell model */
		if (x + w > l->width)
			break;             /* a wide character that does not fit: leave blank */
		c[x] = (struct ml_ui_cell){ wc, (unsigned char)role };
		if (w == 2)
			c[x + 1] = (struct ml_ui_cell){ 0, (unsigned char)role };
		x += w;
	}
	return x;
}

int ml_ui_put_clip(struct ml_ui_lines *l, int y, int x, int limit, enum ml_ui_role role,
		   const char *s)
{
	if (!valid(l, y) || x < 0)
		return x;
	if (limit > l->width)
		limit = l->width;
	struct ml_ui_cell *c = ml_ui_line(l, (size_t)y);
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	while (*s) {
		wchar_t wc;
		int w;
		const char *next = next_char(s, &wc, &w, &st);
		if (w == 0) {
			s = next;
			continue;
		}
		/* Keep the last cell free for the cut mark unless this is the
		 * text's last character and it fits exactly. */
		if (x + w > limit || (x + w == limit && *next)) {
			for (int i = x; i < limit; i++)
				c[i] = (struct ml_ui_cell){ L' ', (unsigned char)role };
			return -1;
		}
		c[x] = (struct ml_ui_cell){ wc, (unsigned char)role };
		if (w == 2)
			c[x + 1] = (struct ml_ui_cell){ 0, (unsigned char)role };
		x += w;
		s = next;
	}
	return x;
}

int ml_ui_putf(struct ml_ui_lines *l, int y, int x, enum ml_ui_role role, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return ml_ui_put(l, y, x, role, buf);
}

int ml_ui_put_right(struct ml_ui_lines *l, int y, int x, int w, enum ml_ui_role role,
		    const char *s)
{
	int tw = ml_ui_text_width(s);
	if (tw > w) {
		/* Too wide for its column: show the end cut, marked, rather than
		 * spill into the neighbour (numbers never get here; names may). */
		ml_ui_put(l, y, x, role, s);
		if (w > 0)
			ml_ui_put(l, y, x + w - 1, role, "~");
		return x + w;
	}
	ml_ui_put(l, y, x + w - tw, role, s);
	return x + w;
}

int ml_ui_fill(struct ml_ui_lines *l, int y, int x, int count, enum ml_ui_role role, wchar_t ch)
{
	if (!valid(l, y) || x < 0)
		return x;
	struct ml_ui_cell *c = ml_ui_line(l, (size_t)y);
	for (int i = 0; i < count && x < l->width; i++, x++)
		c[x] = (struct ml_ui_cell){ ch, (unsigned char)role };
	return x;
}

void ml_ui_set_role(struct ml_ui_lines *l, int y, int x, int count, enum ml_ui_role role)
{
	if (!valid(l, y) || x < 0)
		return;
	struct ml_ui_cell *c = ml_ui_line(l, (size_t)y);
	for (int i = 0; i < count && x < l->width; i++, x++)
		c[x].role = (unsigned char)role;
}

void ml_ui_line_print(const struct ml_ui_lines *l, size_t y, FILE *f)
{
	const struct ml_ui_cell *c = l->cells + y * (size_t)l->width;
	int end = l->width;
	while (end > 0 && (c[end - 1].ch == L' ' || c[end - 1].ch == 0))
		end--;
	char mb[MB_LEN_MAX];
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	for (int x = 0; x < end; x++) {
		if (c[x].ch == 0)
			continue;
		size_t k = wcrtomb(mb, c[x].ch, &st);
		if (k == (size_t)-1) {
			memset(&st, 0, sizeof(st));
			fputc('?', f);
		} else {
			fwrite(mb, 1, k, f);
		}
	}
	fputc('\n', f);
}
