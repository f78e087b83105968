/* Shared by the unit tests: read a fixture, run a parser on text that must
 * parse or must be refused, and make the malformed variants of real files
 * that the parser tests feed in.  One copy here, so that every parser test
 * asks its questions the same way. */
#ifndef ML_TESTUTIL_H
#define ML_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "util/error.h"

/* Read ML_FIXTURES/rel into a malloc'd, NUL-terminated buffer; fails the test
 * if it cannot.  *len gets the size without the NUL. */
char *ml_test_read_fixture(const char *rel, size_t *len);

/* ---- parsers ---- */

/* Every ml_parse_* has this shape with its own struct for out.  A test file
 * wraps its parser in a function of exactly this type: calling the parser
 * through a cast pointer instead would be undefined behaviour. */
typedef int (*ml_test_parse_fn)(const char *text, size_t len, const char *file, void *out,
				struct ml_error *err);
typedef void (*ml_test_free_fn)(void *out);

/* Parse text that must parse; fails the test with "file:line: message". */
void ml_test_parse_ok(ml_test_parse_fn parse, const char *text, size_t len, const char *file,
		      void *out);
/* The same on fixture rel read whole (rel names it in messages). */
void ml_test_parse_fixture(ml_test_parse_fn parse, const char *rel, void *out);

/* Parse text that must be refused: ML_EPARSE, and err (zeroed first) has that
 * code, names file and says something.  Returns err->line; what is left in
 * *out is the caller's to check and free. */
unsigned long ml_test_error_line(ml_test_parse_fn parse, const char *text, size_t len,
				 const char *file, void *out, struct ml_error *err);
/* err is on line (0: about no line) and its message contains needle (NULL:
 * any message). */
void ml_test_assert_error(const struct ml_error *err, unsigned long line, const char *needle);
/* ml_test_error_line, then ml_test_assert_error. */
void ml_test_expect_error(ml_test_parse_fn parse, const char *text, size_t len, const char *file,
			  void *out, unsigned long line, const char *needle);

/* Parse the prefixes of fixture rel: every cut up to 4096 bytes, then every
 * step bytes (step 1: every prefix).  Each must parse or be refused with
 * ML_EPARSE, never crash; parsed (may be NULL) checks what a prefix that
 * parsed gave.  Each prefix is a copy of exactly its size, so that ASan sees
 * a parser reading past the end. */
void ml_test_every_prefix(ml_test_parse_fn parse, ml_test_free_fn free_out, const char *rel,
			  size_t step, void *out,
			  void (*parsed)(const void *out, const char *part, size_t cut));

/* ---- malformed variants of real text ---- */

/* memmem without relying on _GNU_SOURCE; NULL when needle is not there. */
const char *ml_test_find(const char *hay, size_t hlen, const char *needle, size_t nlen);
/* Offset just after the first occurrence of s (which must occur). */
size_t ml_test_offset_after(const char *buf, size_t len, const char *s);
/* A NUL-terminated copy of src (len bytes) with the first occurrence of from
 * replaced by to (from must occur); *outlen gets its length.  Lengths are
 * explicit so that either may hold NUL bytes. */
char *ml_test_edit_bytes(const char *src, size_t len, const char *from, size_t flen,
			 const char *to, size_t tlen, size_t *outlen);
/* The same with from and to as strings. */
char *ml_test_edit(const char *src, size_t len, const char *from, const char *to, size_t *outlen);
/* A copy of the string text with its occurrence number nth (0 for the first;
 * occurrences may overlap) of from replaced by to. */
char *ml_test_replace(const char *text, const char *from, int nth, const char *to);
/* A copy of buf with every "\n" made "\r\n", as a file saved on Windows. */
char *ml_test_crlf(const char *buf, size_t len, size_t *outlen);
/* a then b in one buffer of exactly alen + blen bytes (two captures glued,
 * a line pasted twice); no NUL after, so that ASan sees a read past the end. */
char *ml_test_concat(const char *a, size_t alen, const char *b, size_t blen);

#endif
