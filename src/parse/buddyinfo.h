/* /proc/buddyinfo (kernel-model §11.1): free blocks per order per zone. */
#ifndef ML_PARSE_BUDDYINFO_H
#define ML_PARSE_BUDDYINFO_H

#include <stddef.h>
#include <stdint.h>

#include "../model/limits.h"
#include "../util/error.h"

struct ml_buddyinfo_row {
	int node;
	char zone[ML_NAME];
	uint64_t blocks[ML_MAX_ORDERS];
	unsigned long line;
};

struct ml_buddyinfo {
	struct ml_buddyinfo_row *rows;
	size_t nrows;
	int norders;          /* value columns = MAX_PAGE_ORDER + 1, same on every row */
};

/* Pure: buf (len bytes, need not be NUL-terminated) -> out.  file names the
 * input in messages.  0 or ML_EPARSE/ML_ENOMEM with err set. */
int ml_parse_buddyinfo(const char *buf, size_t len, const char *file,
		       struct ml_buddyinfo *out, struct ml_error *err);
void ml_buddyinfo_free(struct ml_buddyinfo *bi);

#endif
