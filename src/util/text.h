/* Helpers every pure parser shares: walking a buffer line by line with line
 * numbers, splitting on white space, and reading numbers with overflow checks.
 * No I/O, no globals. */
#ifndef ML_TEXT_H
#define ML_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Longest line a parser accepts; the kernel's /proc lines are far shorter
 * (a 1 MiB line is garbage, not data). */
#define ML_MAX_LINE 65536

struct ml_lines {
	const char *pos, *end;
	const char *file;       /* for messages */
	unsigned long lineno;   /* number of the line last returned */
	bool terminated;        /* that line ended with "\n": the kernel ends every
				 * line so, and a last line without it was cut */
};

struct ml_line {
	const char *s;          /* not NUL-terminated */
	size_t len;             /* without "\n" (and without a trailing "\r") */
};

void ml_lines_init(struct ml_lines *it, const char *buf, size_t len, const char *file);

/* Next line: 1 and *line filled; 0 at the end; ML_EPARSE (with err) on a NUL
 * byte or a line longer than ML_MAX_LINE. */
int ml_lines_next(struct ml_lines *it, struct ml_line *line, struct ml_error *err);

/* Split a line on blanks into at most max tokens (each a struct ml_line).
 * Returns the number of tokens, or max + 1 if there were more. */
size_t ml_split(struct ml_line line, struct ml_line *tok, size_t max);

bool ml_tok_eq(struct ml_line tok, const char *s);
bool ml_tok_starts(struct ml_line tok, const char *prefix);
/* Copy a token into dst (size n), NUL-terminated; false if it did not fit. */
bool ml_tok_copy(struct ml_line tok, char *dst, size_t n);
/* Strip leading/trailing blanks. */
struct ml_line ml_trim(struct ml_line l);

/* A token quoted in a message: at most 40 bytes, anything unprintable
 * shown as '?', so that garbage input cannot garble the terminal. */
const char *ml_tok_shown(struct ml_line tok, char *buf, size_t n);
/* Why a token is not a count: " (never negative)", " (does not fit in 64
 * bits)", or "" when it is not a number at all. */
const char *ml_tok_number_problem(struct ml_line tok);

/* Decimal unsigned number, whole token, no sign, no overflow. */
bool ml_tok_u64(struct ml_line tok, uint64_t *out);
/* Decimal signed number (optional '-'), whole token. */
bool ml_tok_i64(struct ml_line tok, int64_t *out);
/* Hex number with optional 0x prefix, whole token. */
bool ml_tok_hex(struct ml_line tok, uint64_t *out);

/* Checked arithmetic: false on overflow. */
bool ml_mul_u64(uint64_t a, uint64_t b, uint64_t *out);
bool ml_add_u64(uint64_t a, uint64_t b, uint64_t *out);

/* Parse "4M", "100", "1.5G"? no: integer with optional K/M/G/T/P/E suffix
 * (binary, optional "iB"/"B").  ML_EUSAGE on bad text or overflow. */
int ml_parse_size(const char *text, uint64_t *out, struct ml_error *err);

#endif
