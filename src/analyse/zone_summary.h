/* Where a zone's free memory stands against its watermarks, and a one-line
 * plain-language summary of the zone (kernel-model §2, §10). */
#ifndef ML_ZONE_SUMMARY_H
#define ML_ZONE_SUMMARY_H

#include <stddef.h>

#include "../model/system.h"

enum ml_wmark_state {
	ML_WMARK_EMPTY,         /* no managed pages */
	ML_WMARK_BELOW_MIN,     /* only reserve-entitled allocations succeed (§2.6) */
	ML_WMARK_BELOW_LOW,     /* fast path fails, kswapd is woken */
	ML_WMARK_BELOW_HIGH,    /* kswapd, once woken, keeps reclaiming */
	ML_WMARK_ABOVE_HIGH,
};

enum ml_wmark_state ml_zone_wmark_state(const struct ml_zone *z);
/* "below min", "above high", ... */
const char *ml_wmark_state_name(enum ml_wmark_state s);

/* True when the zone is the kernel's permanently mapped memory on a machine
 * that also has HighMem (the 32-bit lowmem limit, §10.1). */
int ml_system_has_highmem(const struct ml_system *sys);

/* One sentence about the zone: free, largest block, watermark state, and
 * what is special about it (HighMem, lowmem limit, DMA reserve, memory
 * present but not managed). */
void ml_zone_summary(const struct ml_system *sys, const struct ml_zone *z, char *buf, size_t n);

#endif
