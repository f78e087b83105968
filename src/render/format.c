#include "format.h"

#include <inttypes.h>
#include <stdio.h>

static const char units[] = "BKMGTPE";

/* Integer-only rounding to one decimal so output never depends on the
 * locale or floating point. */
static void human(uint64_t bytes, char *buf, size_t n, const char *sep, const char *suffix)
{
	int u = 0;
	uint64_t whole = bytes, rem = 0;
	while (whole >= 1024 && u < 6) {
		rem = whole & 1023;
		whole >>= 10;
		u++;
	}
	if (u == 0) {
		snprintf(buf, n, "%" PRIu64 "%sB", bytes, sep);
		return;
	}
	uint64_t tenth = (rem * 10 + 512) / 1024;
	if (tenth == 10) {
		whole++;
		tenth = 0;
	}
	if (whole == 1024 && u < 6) {
		whole = 1;
		u++;
	}
	if (tenth)
		snprintf(buf, n, "%" PRIu64 ".%" PRIu64 "%s%c%s", whole, tenth, sep, units[u], suffix);
	else
		snprintf(buf, n, "%" PRIu64 "%s%c%s", whole, sep, units[u], suffix);
}

void ml_format_bytes(uint64_t bytes, bool exact, char *buf, size_t n)
{
	if (exact)
		snprintf(buf, n, "%" PRIu64, bytes);
	else
		human(bytes, buf, n, "", "");
}

void ml_format_size_words(uint64_t bytes, char *buf, size_t n)
{
	if (bytes < 1024)
		snprintf(buf, n, "%" PRIu64 " bytes", bytes);
	else
		human(bytes, buf, n, " ", "iB");
}

void ml_format_thousandths(int64_t v, char *buf, size_t n)
{
	uint64_t a = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
	snprintf(buf, n, "%s%" PRIu64 ".%03" PRIu64, v < 0 ? "-" : "", a / 1000, a % 1000);
}

void ml_format_permille_pct(int64_t v, char *buf, size_t n)
{
	uint64_t a = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
	snprintf(buf, n, "%s%" PRIu64 ".%" PRIu64 "%%", v < 0 ? "-" : "", a / 10, a % 10);
}
