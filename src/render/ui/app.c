/* The live view: one loop that reads a frame when the interval has passed,
 * paints header, screen and status line, and waits for a key.  KEY_RESIZE
 * (ncurses turns SIGWINCH into it) is handled in one place, at the top of
 * on_key(); quit signals are seen as a flag at the top of the loop. */
#include "app.h"

#include <curses.h>
#include <langinfo.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "header.h"
#include "keys.h"
#include "terminal.h"

const struct ml_ui_screen_ops *const ml_ui_screens[ML_UI_NSCREENS] = {
	&ml_ui_screen_zones,
	&ml_ui_screen_slab,
	&ml_ui_screen_procs,
	&ml_ui_screen_vmalloc,
};

int ml_ui_screen_index(const char *name)
{
	for (int i = 0; i < ML_UI_NSCREENS; i++)
		if (strcmp(ml_ui_screens[i]->name, name) == 0)
			return i;
	return -1;
}

int ml_top_init(struct ml_top *t, const struct ml_top_options *opt, struct ml_error *err)
{
	memset(t, 0, sizeof(*t));
	t->opt = *opt;
	t->current = opt->first;
	t->view.bytes = opt->bytes;
	t->view.types = opt->types;
	t->view.pss = opt->pss;
	t->view.cols = opt->width > 0 ? opt->width : 80;
	/* Block characters only where the locale can encode them. */
	t->view.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	for (int i = 0; i < ML_UI_NSCREENS; i++) {
		struct ml_ui_screen *s = &t->screens[i];
		s->ops = ml_ui_screens[i];
		s->sort = s->ops->default_sort;
		if (s->ops->init && s->ops->init(s) != ML_OK) {
			ml_top_fini(t);
			return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
		}
	}
	if (opt->sort) {
		struct ml_ui_screen *s = &t->screens[t->current];
		int k;
		for (k = 0; k < s->ops->nsort && strcmp(s->ops->sort_keys[k], opt->sort) != 0; k++)
			;
		if (k == s->ops->nsort) {
			char list[256] = "";
			for (int i = 0; i < s->ops->nsort; i++)
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
					 i ? ", " : "", s->ops->sort_keys[i]);
			ml_top_fini(t);
			return ml_error_set(err, ML_EUSAGE, NULL, 0,
					    "--sort for the %s screen takes %s, not '%s'",
					    ml_ui_screens[opt->first]->name, list, opt->sort);
		}
		s->sort = k;
	}
	int rc = ml_source_open(&t->src, opt->sysroot, err);
	if (rc != ML_OK) {
		ml_top_fini(t);
		return rc;
	}
	t->src_open = true;
	return ML_OK;
}

void ml_top_fini(struct ml_top *t)
{
	for (int i = 0; i < ML_UI_NSCREENS; i++)
		if (t->screens[i].ops && t->screens[i].ops->fini)
			t->screens[i].ops->fini(&t->screens[i]);
	ml_ui_frame_free(&t->frame);
	if (t->src_open)
		ml_source_close(&t->src);
	t->src_open = false;
}

static bool snapshot(const struct ml_top *t)
{
	return t->opt.sysroot && t->opt.sysroot[0];
}

void ml_top_wants(const struct ml_top *t, unsigned mask, struct ml_ui_wants *w)
{
	memset(w, 0, sizeof(*w));
	ml_ui_header_wants(w);
	struct ml_ui_view v = t->view;
	/* A snapshot is read once: read all of it, so that every screen and
	 * toggle works without going back to the files. */
	if (snapshot(t)) {
		mask = (1u << ML_UI_NSCREENS) - 1;
		v.types = v.pss = true;
	}
	for (int i = 0; i < ML_UI_NSCREENS; i++)
		if (mask & (1u << i))
			t->screens[i].ops->wants(&t->screens[i], &v, w);
}

int ml_top_refresh(struct ml_top *t, unsigned mask, struct ml_error *err)
{
	struct ml_ui_wants w;
	ml_top_wants(t, mask, &w);
	int rc = ml_ui_frame_load(&t->frame, &t->src, &w, err);
	if (rc != ML_OK)
		return rc;
	for (int i = 0; i < ML_UI_NSCREENS; i++) {
		struct ml_ui_screen *s = &t->screens[i];
		if ((rc = s->ops->update(s, &t->frame, err)) != ML_OK)
			return rc;
	}
	return ML_OK;
}

/* ---- the live view ---- */

struct ui {
	struct ml_top *t;
	struct ml_ui_lines title, header, head, body, status;
	bool help, paused, editing, dirty, need_load, quit;
	int help_scroll;
	double due;
	char message[1024];
	unsigned long frames;
	int body_rows;
	const char *crash_test;
};

static const double intervals[] = { 0.5, 1, 2, 3, 5, 10, 15, 30, 60, 120, 300 };
#define NINTERVALS (sizeof(intervals) / sizeof(intervals[0]))

static void format_interval(double s, char *buf, size_t n)
{
	snprintf(buf, n, "%gs", s);
}

static void draw_title(struct ui *u, int cols)
{
	struct ml_top *t = u->t;
	struct ml_ui_lines *l = &u->title;
	ml_ui_lines_reset(l, cols);
	int y = ml_ui_line_add(l), x = 0;
	ml_ui_fill(l, y, 0, cols, ML_UI_TITLE, L' ');
	bool wide = cols >= 64;
	if (wide)
		x = ml_ui_put(l, y, 0, ML_UI_TITLE, " memlayout top ");
	for (int i = 0; i < ML_UI_NSCREENS; i++) {
		char tab[32];
		snprintf(tab, sizeof(tab), wide ? " %d %s " : "%d %s ", i + 1, ml_ui_screens[i]->name);
		x = ml_ui_put(l, y, x, i == t->current ? ML_UI_TAB_ACTIVE : ML_UI_TAB, tab);
	}
	char state[64], iv[32];
	format_interval(t->opt.interval, iv, sizeof(iv));
	if (snapshot(t))
		snprintf(state, sizeof(state), "snapshot ");
	else if (u->paused)
		snprintf(state, sizeof(state), "PAUSED ");
	else
		snprintf(state, sizeof(state), "every %s ", iv);
	int w = ml_ui_text_width(state);
	if (x + 1 + w <= cols)
		ml_ui_put(l, y, cols - w, ML_UI_TITLE, state);
}

static void draw_status(struct ui *u, int cols)
{
	struct ml_top *t = u->t;
	struct ml_ui_screen *s = &t->screens[t->current];
	struct ml_ui_lines *l = &u->status;
	ml_ui_lines_reset(l, cols);
	int y = ml_ui_line_add(l), x;
	ml_ui_fill(l, y, 0, cols, ML_UI_STATUS, L' ');
	if (u->editing) {
		x = ml_ui_put(l, y, 0, ML_UI_STATUS, "Filter: ");
		x = ml_ui_put(l, y, x, ML_UI_VALUE, s->filter);
		x = ml_ui_put(l, y, x, ML_UI_STATUS, "_");
		ml_ui_put(l, y, x + 2, ML_UI_STATUS, "Enter keeps, Esc drops");
		return;
	}
	if (u->message[0]) {
		ml_ui_put(l, y, 0, ML_UI_NOTE, u->message);
		return;
	}
	x = ml_ui_put(l, y, 0, ML_UI_STATUS, u->help ? "any key: back" : "h help  q quit");
	if (!u->help && s->ops->nsort) {
		x = ml_ui_putf(l, y, x, ML_UI_STATUS, "  sort %s", s->ops->sort_keys[s->sort]);
	}
	if (!u->help && s->filter[0])
		x = ml_ui_putf(l, y, x, ML_UI_STATUS, "  filter \"%s\"", s->filter);
	if (u->paused)
		ml_ui_put(l, y, x, ML_UI_STATUS, "  PAUSED");
}

/* Paint one line of cells at row y, a run of equal roles at a time. */
static void paint_line(int y, const struct ml_ui_lines *l, size_t i)
{
	const struct ml_ui_cell *c = l->cells + i * (size_t)l->width;
	int width = l->width < COLS ? l->width : COLS;
	int x = 0;
	while (x < width) {
		unsigned char role = c[x].role;
		wchar_t run[512];
		int n = 0, start = x;
		while (x < width && c[x].role == role && n < 511) {
			if (c[x].ch)
				run[n++] = c[x].ch;
			x++;
		}
		run[n] = L'\0';
		attrset((attr_t)ml_ui_role_attr((enum ml_ui_role)role));
		/* The bottom-right cell returns ERR (the cursor cannot move
		 * past it) but is drawn: nothing to handle. */
		mvaddnwstr(y, start, run, n);
	}
	attrset(A_NORMAL);
}

static void paint(struct ui *u)
{
	struct ml_top *t = u->t;
	struct ml_ui_screen *s = &t->screens[t->current];
	int rows = LINES, cols = COLS;
	if (cols < 1 || rows < 1)
		return;
	t->view.cols = cols;
	draw_title(u, cols);
	ml_ui_lines_reset(&u->header, cols);
	ml_ui_header_draw(&t->frame, &t->view, &u->header);
	ml_ui_lines_reset(&u->head, cols);
	ml_ui_lines_reset(&u->body, cols);
	if (u->help)
		ml_ui_keys_help(&u->body);
	else
		s->ops->draw(s, &t->frame, &t->view, &u->head, &u->body);
	draw_status(u, cols);

	erase();
	int y = 0, last = rows - 1;   /* the status line's row */
	paint_line(y++, &u->title, 0);
	for (size_t i = 0; i < u->header.n && y < last; i++)
		paint_line(y++, &u->header, i);
	if (u->crash_test && t->frame.number >= 2) {
		/* tests/cli/top_tmux.sh: die with the screen half drawn and
		 * check that the crash handler gave the terminal back. */
		wnoutrefresh(stdscr);
		doupdate();
		if (strcmp(u->crash_test, "abort") == 0)
			abort();
		raise(SIGSEGV);
	}
	for (size_t i = 0; i < u->head.n && y < last; i++)
		paint_line(y++, &u->head, i);
	u->body_rows = last - y > 0 ? last - y : 0;
	int *scroll = u->help ? &u->help_scroll : &s->scroll;
	int max_scroll = (int)u->body.n - u->body_rows;
	if (*scroll > max_scroll)
		*scroll = max_scroll;
	if (*scroll < 0)
		*scroll = 0;
	for (int i = 0; i < u->body_rows && (size_t)(*scroll + i) < u->body.n; i++)
		paint_line(y++, &u->body, (size_t)(*scroll + i));
	if (last > 0 || rows == 1)
		paint_line(last, &u->status, 0);
	wnoutrefresh(stdscr);
	doupdate();
}

static bool covered(const struct ml_ui_wants *have, const struct ml_ui_wants *need)
{
	return (need->load & ~have->load) == 0 && (!need->procs || have->procs) &&
	       (!need->rollup || have->rollup);
}

/* After a key changed what is shown: read again now if the current frame
 * lacks files the view needs (a live system only). */
static void check_wants(struct ui *u)
{
	struct ml_ui_wants w;
	if (snapshot(u->t))
		return;
	ml_top_wants(u->t, 1u << u->t->current, &w);
	if (!covered(&u->t->frame.wants, &w))
		u->need_load = true;
}

static void set_screen(struct ui *u, int i)
{
	u->t->current = (i + ML_UI_NSCREENS) % ML_UI_NSCREENS;
	u->help = false;
	u->message[0] = '\0';
	check_wants(u);
}

static void change_interval(struct ui *u, int dir)
{
	double cur = u->t->opt.interval, next = cur;
	if (dir > 0) {
		for (size_t i = 0; i < NINTERVALS; i++)
			if (intervals[i] > cur + 1e-9) {
				next = intervals[i];
				break;
			}
	} else {
		for (size_t i = NINTERVALS; i-- > 0;)
			if (intervals[i] < cur - 1e-9) {
				next = intervals[i];
				break;
			}
	}
	u->t->opt.interval = next;
	/* The next refresh comes one new interval after the last one. */
	u->due = u->t->frame.time + next;
}

static void filter_key(struct ui *u, int r, wint_t wc)
{
	struct ml_ui_screen *s = &u->t->screens[u->t->current];
	size_t len = strlen(s->filter);
	if (r == KEY_CODE_YES && wc == KEY_ENTER) {
		u->editing = false;
	} else if (r == KEY_CODE_YES && wc == KEY_BACKSPACE) {
		goto backspace;
	} else if (r == KEY_CODE_YES) {
		return;
	} else if (wc == L'\n' || wc == L'\r') {
		u->editing = false;
	} else if (wc == 27) {
		/* Esc drops the filter, as htop's does. */
		s->filter[0] = '\0';
		u->editing = false;
	} else if (wc == 127 || wc == 8) {
		goto backspace;
	} else if (wc >= 32) {
		char mb[MB_LEN_MAX];
		mbstate_t st;
		memset(&st, 0, sizeof(st));
		size_t k = wcrtomb(mb, (wchar_t)wc, &st);
		if (k != (size_t)-1 && len + k < sizeof(s->filter)) {
			memcpy(s->filter + len, mb, k);
			s->filter[len + k] = '\0';
		}
	}
	s->scroll = 0;
	return;
backspace:
	/* Drop one whole UTF-8 character. */
	while (len > 0) {
		len--;
		if (((unsigned char)s->filter[len] & 0xc0) != 0x80)
			break;
	}
	s->filter[len] = '\0';
	s->scroll = 0;
}

static void on_key(struct ui *u, int r, wint_t wc)
{
	struct ml_top *t = u->t;
	struct ml_ui_screen *s = &t->screens[t->current];
	u->dirty = true;
	if (r == KEY_CODE_YES && wc == KEY_RESIZE) {
		/* The one place a resize is handled: ncurses has already
		 * updated LINES and COLS; lay everything out again and repaint
		 * every cell, so nothing of the old size is left behind. */
		clearok(curscr, TRUE);
		return;
	}
	if (u->editing) {
		filter_key(u, r, wc);
		return;
	}
	/* Characters beyond Latin-1 could collide with KEY_* codes: they
	 * are only ever text for the filter. */
	int key = r == KEY_CODE_YES ? (int)wc : wc < 256 ? (int)wc : 0;
	enum ml_ui_action act = key ? ml_ui_key_action(key) : ML_ACT_NONE;
	u->message[0] = '\0';
	int *scroll = u->help ? &u->help_scroll : &s->scroll;
	int page = u->body_rows > 1 ? u->body_rows - 1 : 1;
	switch (act) {
	case ML_ACT_UP:
		(*scroll)--;
		return;
	case ML_ACT_DOWN:
		(*scroll)++;
		return;
	case ML_ACT_PAGE_UP:
		*scroll -= page;
		return;
	case ML_ACT_PAGE_DOWN:
		*scroll += page;
		return;
	case ML_ACT_HOME:
		*scroll = 0;
		return;
	case ML_ACT_END:
		*scroll = 1 << 30;     /* clamped when painted */
		return;
	default:
		break;
	}
	if (u->help && act != ML_ACT_QUIT) {
		u->help = false;
		return;
	}
	switch (act) {
	case ML_ACT_QUIT:
		u->quit = true;
		break;
	case ML_ACT_HELP:
		u->help = true;
		u->help_scroll = 0;
		break;
	case ML_ACT_SCREEN1:
	case ML_ACT_SCREEN2:
	case ML_ACT_SCREEN3:
	case ML_ACT_SCREEN4:
		set_screen(u, (int)(act - ML_ACT_SCREEN1));
		break;
	case ML_ACT_NEXT_SCREEN:
		set_screen(u, t->current + 1);
		break;
	case ML_ACT_PREV_SCREEN:
		set_screen(u, t->current - 1);
		break;
	case ML_ACT_SORT_NEXT:
	case ML_ACT_SORT_RIGHT:
		if (s->ops->nsort)
			s->sort = (s->sort + 1) % s->ops->nsort;
		break;
	case ML_ACT_SORT_LEFT:
		if (s->ops->nsort)
			s->sort = (s->sort + s->ops->nsort - 1) % s->ops->nsort;
		break;
	case ML_ACT_FILTER:
		u->editing = true;
		break;
	case ML_ACT_PAUSE:
		u->paused = !u->paused;
		if (!u->paused)
			u->due = ml_ui_now();
		break;
	case ML_ACT_SLOWER:
		change_interval(u, +1);
		break;
	case ML_ACT_FASTER:
		change_interval(u, -1);
		break;
	case ML_ACT_BYTES:
		t->view.bytes = !t->view.bytes;
		break;
	case ML_ACT_TYPES:
		t->view.types = !t->view.types;
		check_wants(u);
		break;
	case ML_ACT_PSS:
		t->view.pss = !t->view.pss;
		check_wants(u);
		break;
	case ML_ACT_REFRESH:
		if (!snapshot(t))
			u->need_load = true;
		break;
	case ML_ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	default:
		u->dirty = false;
		break;
	}
}

static void error_text(const struct ml_error *e, char *buf, size_t n)
{
	if (e->file[0] && e->line)
		snprintf(buf, n, "%s:%lu: %s", e->file, e->line, e->message);
	else if (e->file[0])
		snprintf(buf, n, "%s: %s", e->file, e->message);
	else
		snprintf(buf, n, "%s", e->message);
}

int ml_top_run_interactive(struct ml_top *t, struct ml_error *err)
{
	struct ui u;
	memset(&u, 0, sizeof(u));
	u.t = t;
	u.crash_test = getenv("ML_TOP_TEST_CRASH");
	/* The first frame before the terminal is taken: a bad snapshot is
	 * reported as a plain error, not inside curses. */
	int rc = ml_top_refresh(t, 1u << t->current, err);
	if (rc != ML_OK)
		return rc;
	u.frames = 1;
	u.due = t->frame.time + t->opt.interval;
	rc = ml_ui_term_start(t->opt.color, err);
	if (rc != ML_OK)
		return rc;
	ml_ui_lines_init(&u.title, COLS);
	ml_ui_lines_init(&u.header, COLS);
	ml_ui_lines_init(&u.head, COLS);
	ml_ui_lines_init(&u.body, COLS);
	ml_ui_lines_init(&u.status, COLS);
	u.dirty = true;
	while (!u.quit && !ml_ui_term_quit_signal()) {
		double now = ml_ui_now();
		if (!snapshot(t) && (u.need_load || (!u.paused && now >= u.due))) {
			struct ml_error e = { 0 };
			/* A failed refresh keeps the last good frame and says why
			 * on the status line until one succeeds. */
			if (ml_top_refresh(t, 1u << t->current, &e) != ML_OK)
				error_text(&e, u.message, sizeof(u.message));
			else
				u.message[0] = '\0';
			u.frames++;
			u.need_load = false;
			u.due = ml_ui_now() + t->opt.interval;
			u.dirty = true;
		}
		if (u.dirty) {
			paint(&u);
			u.dirty = false;
		}
		if (t->opt.iterations && u.frames >= t->opt.iterations && !snapshot(t))
			break;
		/* Sleep until the next refresh or a key; a signal ends the
		 * wait early (no SA_RESTART), the one-second cap is only a
		 * backstop. */
		double wait = u.paused || snapshot(t) ? 1.0 : u.due - ml_ui_now();
		int ms = wait <= 0 ? 0 : wait >= 1.0 ? 1000 : (int)ceil(wait * 1000);
		timeout(ms);
		wint_t wc;
		int r = get_wch(&wc);
		if (r == ERR)
			continue;
		on_key(&u, r, wc);
	}
	ml_ui_term_stop();
	ml_ui_lines_free(&u.title);
	ml_ui_lines_free(&u.header);
	ml_ui_lines_free(&u.head);
	ml_ui_lines_free(&u.body);
	ml_ui_lines_free(&u.status);
	return ML_OK;
}
