/* Shared by the unit tests: read a fixture file whole. */
#ifndef ML_TESTUTIL_H
#define ML_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

/* Read ML_FIXTURES/rel into a malloc'd, NUL-terminated buffer; fails the test
 * if it cannot.  *len gets the size without the NUL. */
char *ml_test_read_fixture(const char *rel, size_t *len);

#endif
