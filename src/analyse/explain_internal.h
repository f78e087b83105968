/* Shared by explain.c (the page allocator's verdict), explain_api.c (step 1,
 * the API front ends) and explain_advice.c (steps 5-7).  Not for commands. */
#ifndef ML_EXPLAIN_INTERNAL_H
#define ML_EXPLAIN_INTERNAL_H

#include "alloc_rules.h"
#include "explain.h"

struct ml_context {
	const struct ml_system *sys;
	const struct ml_explain_request *req;
	struct ml_explain_result *res;
	int kver;                       /* major × 1000 + minor */
	uint64_t ps;                    /* page size */
	int max_order;
	int node;                       /* preferred node */
	bool presence;                  /* type_blocks are presence only */
	struct ml_zone_numbering zones; /* the kernel's zone indices (§2.1) */
	unsigned configured;            /* zone kinds built in (bit per kind) */
	struct ml_type_index ti;
};

void ml_explain_add_line(struct ml_explain_lines *l, const char *ref, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* snprintf for sentences: cutting a long sentence is acceptable, so
 * GCC's truncation analysis of snprintf is not wanted here. */
int ml_textf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Where the model's figures came from, for sentences: "these files" (/proc
 * or a snapshot), "the dump" (a report's Mem-Info), "a what-if". */
const char *ml_explain_source_name(const struct ml_context *c);
/* "4 MiB", "4 MiB + 1 byte", "100 bytes", "104857601 bytes (100 MiB)". */
void ml_explain_size_phrase(uint64_t bytes, char *buf, size_t n);

/* Step 2 on the result, for the mask that reaches the page allocator. */
void ml_explain_decode_gfp(struct ml_context *c, ml_gfp_t gfp, int order);
/* The mask as the kernel version reads it (GFP_ATOMIC ≤ 6.2, __GFP_WAIT). */
ml_gfp_t ml_explain_version_adjust(struct ml_context *c, ml_gfp_t gfp);

/* Steps 3-4 for one request of 2^order pages (§5.8). */
int ml_explain_page_request(struct ml_context *c, int order, ml_gfp_t gfp, struct ml_page_analysis *pa);
/* Steps 3-4 for `pages` order-0 pages taken one by one (§8.1). */
int ml_explain_bulk(struct ml_context *c, uint64_t pages, ml_gfp_t gfp, struct ml_bulk_analysis *ba);

/* Step 1 and the API's verdict (explain_api.c). */
int ml_explain_api_step(struct ml_context *c);
/* Steps 5-7 and the caveats (explain_advice.c). */
int ml_explain_finish(struct ml_context *c);

#endif
