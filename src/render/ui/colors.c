#include "colors.h"

#include <curses.h>

#define S(f, b, a) { (f), (b), (a) }
#define DEF (-1)

const struct ml_ui_scheme ml_ui_scheme_color = {
	"color",
	{
		[ML_UI_PLAIN] = S(DEF, DEF, A_NORMAL),
		[ML_UI_TITLE] = S(COLOR_BLACK, COLOR_CYAN, A_NORMAL),
		[ML_UI_TAB] = S(COLOR_BLACK, COLOR_CYAN, A_NORMAL),
		[ML_UI_TAB_ACTIVE] = S(COLOR_WHITE, COLOR_BLUE, A_BOLD),
		[ML_UI_LABEL] = S(COLOR_CYAN, DEF, A_NORMAL),
		[ML_UI_VALUE] = S(DEF, DEF, A_BOLD),
		[ML_UI_COLHEAD] = S(COLOR_BLACK, COLOR_GREEN, A_NORMAL),
		[ML_UI_COLHEAD_SORT] = S(COLOR_BLACK, COLOR_CYAN, A_BOLD),
		[ML_UI_DIM] = S(DEF, DEF, A_DIM),
		[ML_UI_OK] = S(COLOR_GREEN, DEF, A_NORMAL),
		[ML_UI_WARN] = S(COLOR_YELLOW, DEF, A_BOLD),
		[ML_UI_CRIT] = S(COLOR_RED, DEF, A_BOLD),
		[ML_UI_MARK] = S(COLOR_MAGENTA, DEF, A_BOLD),
		[ML_UI_BAR_EMPTY] = S(DEF, DEF, A_DIM),
		[ML_UI_HIST] = S(COLOR_BLUE, DEF, A_BOLD),
		[ML_UI_HIST_LARGEST] = S(COLOR_BLACK, COLOR_YELLOW, A_BOLD),
		[ML_UI_UP] = S(COLOR_RED, DEF, A_NORMAL),
		[ML_UI_DOWN] = S(COLOR_GREEN, DEF, A_NORMAL),
		[ML_UI_STATUS] = S(COLOR_BLACK, COLOR_CYAN, A_NORMAL),
		[ML_UI_NOTE] = S(COLOR_YELLOW, DEF, A_NORMAL),
		[ML_UI_HELP_KEY] = S(COLOR_CYAN, DEF, A_BOLD),
	},
};

/* Without colour every role must still be told apart where it matters:
 * the sort column, the active tab, the largest order and the watermark
 * state carry attributes only. */
const struct ml_ui_scheme ml_ui_scheme_mono = {
	"mono",
	{
		[ML_UI_PLAIN] = S(DEF, DEF, A_NORMAL),
		[ML_UI_TITLE] = S(DEF, DEF, A_REVERSE),
		[ML_UI_TAB] = S(DEF, DEF, A_REVERSE),
		[ML_UI_TAB_ACTIVE] = S(DEF, DEF, A_BOLD),
		[ML_UI_LABEL] = S(DEF, DEF, A_NORMAL),
		[ML_UI_VALUE] = S(DEF, DEF, A_BOLD),
		[ML_UI_COLHEAD] = S(DEF, DEF, A_REVERSE),
		[ML_UI_COLHEAD_SORT] = S(DEF, DEF, A_REVERSE | A_BOLD | A_UNDERLINE),
		[ML_UI_DIM] = S(DEF, DEF, A_DIM),
		[ML_UI_OK] = S(DEF, DEF, A_NORMAL),
		[ML_UI_WARN] = S(DEF, DEF, A_BOLD),
		[ML_UI_CRIT] = S(DEF, DEF, A_BOLD | A_REVERSE),
		[ML_UI_MARK] = S(DEF, DEF, A_BOLD),
		[ML_UI_BAR_EMPTY] = S(DEF, DEF, A_DIM),
		[ML_UI_HIST] = S(DEF, DEF, A_NORMAL),
		[ML_UI_HIST_LARGEST] = S(DEF, DEF, A_REVERSE),
		[ML_UI_UP] = S(DEF, DEF, A_BOLD),
		[ML_UI_DOWN] = S(DEF, DEF, A_NORMAL),
		[ML_UI_STATUS] = S(DEF, DEF, A_REVERSE),
		[ML_UI_NOTE] = S(DEF, DEF, A_BOLD),
		[ML_UI_HELP_KEY] = S(DEF, DEF, A_BOLD),
	},
};

static const struct ml_ui_scheme *scheme = &ml_ui_scheme_mono;
static bool pairs;

void ml_ui_colors_start(bool color)
{
	scheme = &ml_ui_scheme_mono;
	pairs = false;
	if (!color || !has_colors() || start_color() == ERR)
		return;
	/* Transparent background where the terminal allows; otherwise
	 * "default" falls back to white on black. */
	bool defaults = use_default_colors() == OK;
	scheme = &ml_ui_scheme_color;
	for (int r = 0; r < ML_UI_NROLES; r++) {
		short fg = scheme->style[r].fg, bg = scheme->style[r].bg;
		if (!defaults) {
			fg = fg < 0 ? COLOR_WHITE : fg;
			bg = bg < 0 ? COLOR_BLACK : bg;
		}
		/* Pair 0 is fixed to the defaults; role r uses pair r + 1. */
		if (r + 1 < COLOR_PAIRS)
			init_pair((short)(r + 1), fg, bg);
	}
	pairs = true;
}

unsigned long ml_ui_role_attr(enum ml_ui_role role)
{
	unsigned long a = scheme->style[role].attrs;
	if (pairs && (int)role + 1 < COLOR_PAIRS)
		a |= (unsigned long)COLOR_PAIR((int)role + 1);
	return a;
}
