/* /proc/pagetypeinfo (kernel-model §11.2, §3.8): free blocks per order per
 * migrate type, and pageblocks per migrate type. */
#ifndef ML_PARSE_PAGETYPEINFO_H
#define ML_PARSE_PAGETYPEINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/limits.h"
#include "../util/error.h"

struct ml_pagetype_row {
	int node;
	char zone[ML_NAME];
	int type;                       /* index into ml_pagetypeinfo.type_names */
	uint64_t blocks[ML_MAX_ORDERS];
	uint32_t capped;                /* bit k: order k printed as ">100000" */
	unsigned long line;
};

struct ml_pageblock_row {
	int node;
	char zone[ML_NAME];
	uint64_t count[ML_MAX_MIGRATE_TYPES];   /* by type index */
	bool has[ML_MAX_MIGRATE_TYPES];         /* the header listed that type */
	unsigned long line;
};

struct ml_pagetypeinfo {
	int pageblock_order;            /* "Page block order: N"; -1 when not in the text */
	uint64_t pages_per_block;       /* "Pages per block:  N"; 0 when not in the text */
	int norders;                    /* columns of the free table */
	int ntypes;
	char type_names[ML_MAX_MIGRATE_TYPES][ML_NAME]; /* as printed: Unmovable, Movable, ... */
	struct ml_pagetype_row *free;
	size_t nfree;
	struct ml_pageblock_row *blocks;
	size_t nblocks;
};

int ml_parse_pagetypeinfo(const char *buf, size_t len, const char *file,
			  struct ml_pagetypeinfo *out, struct ml_error *err);
void ml_pagetypeinfo_free(struct ml_pagetypeinfo *pt);
/* Index of a type name, or -1. */
int ml_pagetypeinfo_type(const struct ml_pagetypeinfo *pt, const char *name);

#endif
