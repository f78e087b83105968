/* One column-descriptor table per view drives the text table (libsmartcols,
 * util-linux conventions: -o, -n, -r, -b) and the JSON (cJSON).  Renderers
 * only format: commands fill cells with raw figures. */
#ifndef ML_TABLE_H
#define ML_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "../util/error.h"

enum ml_col_type {
	ML_COL_STR,
	ML_COL_BYTES,        /* u64 bytes: human or exact (-b); JSON integer */
	ML_COL_COUNT,        /* u64 */
	ML_COL_INT,          /* i64 */
	ML_COL_THOUSANDTHS,  /* i64 thousandths, shown 0.123; JSON number */
	ML_COL_PERMILLE,     /* i64 tenths of a percent, shown 12.5%; JSON number */
	ML_COL_HEX,          /* u64 address, shown 0x1000; JSON integer */
};

enum ml_col_flags {
	ML_COL_DEFAULT = 1u << 0,    /* shown without -o */
	ML_COL_RIGHT = 1u << 1,
	ML_COL_TREE = 1u << 2,       /* carries the tree in text output */
	ML_COL_TRUNC = 1u << 3,
	ML_COL_WRAP = 1u << 4,       /* long text: wrap in a terminal */
	ML_COL_KEY = 1u << 5,        /* identifies the row: always in JSON, whatever -o says */
};

struct ml_column {
	const char *name;       /* header and -o name */
	const char *json_key;   /* key in --json; sizes end in _bytes; NULL: text only */
	enum ml_col_type type;
	double whint;           /* libsmartcols width hint */
	unsigned flags;
	const char *help;       /* one line for --help */
};

struct ml_cell {
	bool set;
	uint64_t u;
	int64_t i;
	char *s;
	const char *color;      /* libsmartcols colour name, NULL for none */
	bool json_only;         /* in JSON, blank in the text table (tree children) */
};

enum ml_row_flags {
	ML_ROW_TEXT_ONLY = 1u << 0,  /* a tree parent shown in text, not in JSON */
};

struct ml_row {
	struct ml_cell *cells;
	int parent;                  /* row index or -1 */
	unsigned flags;
};

struct ml_table {
	const struct ml_column *cols;
	size_t ncols;
	struct ml_row *rows;
	size_t nrows;
};

/* How the user asked for output (common options). */
struct ml_output {
	const char *columns;    /* -o list, NULL for the defaults; "+A,B" adds */
	bool noheadings;        /* -n */
	bool raw;               /* -r */
	bool bytes;             /* -b */
	bool json;              /* -J */
	bool color;             /* decided once: TTY and no NO_COLOR */
};

void ml_table_init(struct ml_table *t, const struct ml_column *cols, size_t ncols);
void ml_table_free(struct ml_table *t);
/* Returns the new row's index, -1 when out of memory. */
int ml_table_add_row(struct ml_table *t, int parent, unsigned flags);
void ml_table_set_u64(struct ml_table *t, int row, size_t col, uint64_t v);
void ml_table_set_i64(struct ml_table *t, int row, size_t col, int64_t v);
void ml_table_set_str(struct ml_table *t, int row, size_t col, const char *s);
void ml_table_set_color(struct ml_table *t, int row, size_t col, const char *color);
/* Keep the cell for JSON but leave it blank in text (the tree shows it). */
void ml_table_json_only(struct ml_table *t, int row, size_t col);
/* Column index by name, or (size_t)-1. */
size_t ml_table_col(const struct ml_table *t, const char *name);

/* Which columns to show: indices into cols, in order.  ML_EUSAGE with err
 * when -o names an unknown column.  json: default is every column. */
int ml_table_select(const struct ml_column *cols, size_t ncols, const char *spec, bool json,
		    size_t *sel, size_t *nsel, struct ml_error *err);

/* Print as text through libsmartcols. */
int ml_table_print(const struct ml_table *t, const struct ml_output *out, FILE *f,
		   struct ml_error *err);
/* As a JSON array of objects with the selected columns (no text-only rows). */
int ml_table_to_json(const struct ml_table *t, const struct ml_output *out, cJSON **array,
		     struct ml_error *err);

/* "  NAME  help" lines for --help. */
void ml_table_help_columns(const struct ml_column *cols, size_t ncols, FILE *f);

#endif
