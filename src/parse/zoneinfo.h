/* /proc/zoneinfo (kernel-model §11.3): every zone of every node, populated
 * or not, with watermarks, sizes, protection and statistics. */
#ifndef ML_PARSE_ZONEINFO_H
#define ML_PARSE_ZONEINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/limits.h"
#include "../util/error.h"
#include "../util/kv.h"

struct ml_zoneinfo_zone {
	int node;
	char name[ML_NAME];
	unsigned long line;             /* line of the "Node N, zone NAME" header */
	/* in pages */
	uint64_t free;                  /* "pages free" */
	uint64_t boost, min, low, high, promo;
	uint64_t spanned, present, managed, cma;
	bool has_boost, has_promo, has_managed, has_cma;
	uint64_t protection[ML_MAX_ZONES];
	int nprotection;                /* entries in "protection: (...)" */
	bool has_start_pfn;
	uint64_t start_pfn;
	uint64_t pcp_count;             /* sum of pagesets "count:" over CPUs */
	int npcp_cpus;                  /* CPUs listed under pagesets */
	int node_unreclaimable;         /* 0/1, -1 when not printed */
	struct ml_kv stats;             /* nr_free_pages, nr_zone_*, numa_*, ... */
};

struct ml_zoneinfo_node {
	int node;
	struct ml_kv stats;             /* "per-node stats" block */
};

struct ml_zoneinfo {
	struct ml_zoneinfo_zone *zones;
	size_t nzones;
	struct ml_zoneinfo_node *nodes;
	size_t nnodes;
};

int ml_parse_zoneinfo(const char *buf, size_t len, const char *file,
		      struct ml_zoneinfo *out, struct ml_error *err);
void ml_zoneinfo_free(struct ml_zoneinfo *zi);

#endif
