/* Every key of `top` in one table (htop keeps its key bindings in one
 * place too): the loop looks a key up here, and the help screen (h, ?) is
 * printed from the same table, so the two cannot disagree. */
#ifndef ML_UI_KEYS_H
#define ML_UI_KEYS_H

#include "lines.h"

enum ml_ui_action {
	ML_ACT_NONE,
	ML_ACT_QUIT,
	ML_ACT_HELP,
	ML_ACT_SCREEN1,
	ML_ACT_SCREEN2,
	ML_ACT_SCREEN3,
	ML_ACT_SCREEN4,
	ML_ACT_NEXT_SCREEN,
	ML_ACT_PREV_SCREEN,
	ML_ACT_SORT_NEXT,
	ML_ACT_SORT_LEFT,
	ML_ACT_SORT_RIGHT,
	ML_ACT_FILTER,
	ML_ACT_PAUSE,
	ML_ACT_SLOWER,
	ML_ACT_FASTER,
	ML_ACT_BYTES,
	ML_ACT_TYPES,
	ML_ACT_PSS,
	ML_ACT_UP,
	ML_ACT_DOWN,
	ML_ACT_PAGE_UP,
	ML_ACT_PAGE_DOWN,
	ML_ACT_HOME,
	ML_ACT_END,
	ML_ACT_REFRESH,
	ML_ACT_REDRAW,
};

struct ml_ui_key {
	int key;                    /* a character or a KEY_* code */
	enum ml_ui_action action;
	const char *label;          /* as shown in help; NULL: an alias of the line above */
	const char *help;
};

extern const struct ml_ui_key ml_ui_keys[];

enum ml_ui_action ml_ui_key_action(int key);
/* The help screen, from the table. */
void ml_ui_keys_help(struct ml_ui_lines *out);

#endif
