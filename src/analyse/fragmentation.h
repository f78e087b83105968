/* Fragmentation indices exactly as the kernel's debugfs extfrag files compute
 * them (kernel-model §6): integer arithmetic, values in thousandths. */
#ifndef ML_FRAGMENTATION_H
#define ML_FRAGMENTATION_H

#include <stdint.h>

/* Totals of one zone for a target order (§6.1).  blocks[k] = free blocks of
 * order k (the buddyinfo row), norders columns. */
struct ml_contig_info {
	uint64_t free_pages;
	uint64_t free_blocks_total;
	uint64_t free_blocks_suitable;
};

void ml_contig_info(const uint64_t *blocks, int norders, int order, struct ml_contig_info *out);

/* Unusable free space index, 0..1000 (§6.2). */
int ml_unusable_index(const uint64_t *blocks, int norders, int order);

/* External fragmentation index, -1000 or 0..1000 (§6.2). */
int ml_extfrag_index(const uint64_t *blocks, int norders, int order);

/* Format a thousandths value the way debugfs prints it: "0.066", "-1.000". */
void ml_format_index(int value, char *buf, unsigned long n);

#endif
