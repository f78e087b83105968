#include "keys.h"

#include <curses.h>

#define CTRL(c) ((c) & 0x1f)

const struct ml_ui_key ml_ui_keys[] = {
	{ 'q', ML_ACT_QUIT, "q", "quit (also Ctrl-C)" },
	{ 'h', ML_ACT_HELP, "h ?", "this help; any key returns" },
	{ '?', ML_ACT_HELP, NULL, NULL },
	{ KEY_F(1), ML_ACT_HELP, NULL, NULL },
	{ '1', ML_ACT_SCREEN1, "1", "zones: free memory against watermarks, free blocks per order" },
	{ '2', ML_ACT_SCREEN2, "2", "slab: caches by memory, change per second" },
	{ '3', ML_ACT_SCREEN3, "3", "procs: processes by RSS (PSS with m), change per second" },
	{ '4', ML_ACT_SCREEN4, "4", "vmalloc: totals and top callers" },
	{ '\t', ML_ACT_NEXT_SCREEN, "Tab", "next screen (Shift-Tab: previous)" },
	{ KEY_BTAB, ML_ACT_PREV_SCREEN, NULL, NULL },
	{ 's', ML_ACT_SORT_NEXT, "s", "sort by the next column (highlighted in the header)" },
	{ '<', ML_ACT_SORT_LEFT, "< >", "sort by the column to the left / right" },
	{ '>', ML_ACT_SORT_RIGHT, NULL, NULL },
	{ '/', ML_ACT_FILTER, "/", "filter rows by name (Enter keeps it, Esc drops it)" },
	{ 'p', ML_ACT_PAUSE, "p", "pause / resume refreshing" },
	{ '+', ML_ACT_SLOWER, "+ -", "longer / shorter refresh interval" },
	{ '=', ML_ACT_SLOWER, NULL, NULL },
	{ '-', ML_ACT_FASTER, NULL, NULL },
	{ 'b', ML_ACT_BYTES, "b", "exact bytes / human sizes (K, M, G)" },
	{ 't', ML_ACT_TYPES, "t", "zones: free blocks per migrate type (reads /proc/pagetypeinfo)" },
	{ 'm', ML_ACT_PSS, "m", "procs: PSS, USS and Swap columns (reads smaps_rollup)" },
	{ KEY_UP, ML_ACT_UP, "Up Down", "scroll one line" },
	{ 'k', ML_ACT_UP, NULL, NULL },
	{ KEY_DOWN, ML_ACT_DOWN, NULL, NULL },
	{ 'j', ML_ACT_DOWN, NULL, NULL },
	{ KEY_PPAGE, ML_ACT_PAGE_UP, "PgUp PgDn", "scroll one page" },
	{ KEY_NPAGE, ML_ACT_PAGE_DOWN, NULL, NULL },
	{ KEY_HOME, ML_ACT_HOME, "Home End", "first / last line" },
	{ KEY_END, ML_ACT_END, NULL, NULL },
	{ ' ', ML_ACT_REFRESH, "Space", "refresh now" },
	{ CTRL('l'), ML_ACT_REDRAW, "Ctrl-L", "redraw the terminal" },
	{ 0, ML_ACT_NONE, NULL, NULL },
};

enum ml_ui_action ml_ui_key_action(int key)
{
	for (const struct ml_ui_key *k = ml_ui_keys; k->key; k++)
		if (k->key == key)
			return k->action;
	return ML_ACT_NONE;
}

void ml_ui_keys_help(struct ml_ui_lines *out)
{
	int y = ml_ui_line_add(out);
	ml_ui_put(out, y, 0, ML_UI_VALUE, "memlayout top: keys");
	ml_ui_line_add(out);
	for (const struct ml_ui_key *k = ml_ui_keys; k->key; k++) {
		if (!k->label)
			continue;
		y = ml_ui_line_add(out);
		ml_ui_put(out, y, 1, ML_UI_HELP_KEY, k->label);
		ml_ui_put(out, y, 11, ML_UI_PLAIN, k->help);
	}
	ml_ui_line_add(out);
	static const char *const notes[] = {
		"Zones bar: free memory against the m(in), l(ow) and h(igh) watermarks,",
		"full at twice high; '>' means more free than that.  Histogram: free",
		"memory per order; the largest order with a free block is highlighted.",
		"CHANGE/s and RSS/s: change per second since the previous refresh.",
	};
	for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++) {
		y = ml_ui_line_add(out);
		ml_ui_put(out, y, 1, ML_UI_DIM, notes[i]);
	}
}
