/* GFP flags (kernel-model §1): memlayout keeps them in its own fixed bit
 * numbering — the v6.3+ layout of bits 0..23 plus the obsolete
 * __GFP_ATOMIC at bit 9 and the config-dependent flags above — so that one
 * decoded mask means the same thing whatever kernel printed it.  Kernel hex
 * values are translated per version (§1.1) and never decoded blindly. */
#ifndef ML_GFP_H
#define ML_GFP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/error.h"

typedef uint64_t ml_gfp_t;

enum {
	ML_GFP_DMA = 1ull << 0,
	ML_GFP_HIGHMEM = 1ull << 1,
	ML_GFP_DMA32 = 1ull << 2,
	ML_GFP_MOVABLE = 1ull << 3,
	ML_GFP_RECLAIMABLE = 1ull << 4,
	ML_GFP_HIGH = 1ull << 5,
	ML_GFP_IO = 1ull << 6,
	ML_GFP_FS = 1ull << 7,
	ML_GFP_ZERO = 1ull << 8,
	ML_GFP_ATOMIC = 1ull << 9,          /* removed in 6.3; kept to decode old reports */
	ML_GFP_DIRECT_RECLAIM = 1ull << 10,
	ML_GFP_KSWAPD_RECLAIM = 1ull << 11,
	ML_GFP_WRITE = 1ull << 12,
	ML_GFP_NOWARN = 1ull << 13,
	ML_GFP_RETRY_MAYFAIL = 1ull << 14,
	ML_GFP_NOFAIL = 1ull << 15,
	ML_GFP_NORETRY = 1ull << 16,
	ML_GFP_MEMALLOC = 1ull << 17,
	ML_GFP_COMP = 1ull << 18,
	ML_GFP_NOMEMALLOC = 1ull << 19,
	ML_GFP_HARDWALL = 1ull << 20,
	ML_GFP_THISNODE = 1ull << 21,
	ML_GFP_ACCOUNT = 1ull << 22,
	ML_GFP_ZEROTAGS = 1ull << 23,
	ML_GFP_SKIP_ZERO = 1ull << 24,
	ML_GFP_SKIP_KASAN = 1ull << 25,
	ML_GFP_NOLOCKDEP = 1ull << 26,
	ML_GFP_NO_OBJ_EXT = 1ull << 27,
	ML_GFP_NOTRACK = 1ull << 28,        /* 4.x kmemcheck, decoded from old reports only */
	ML_GFP_OTHER_NODE = 1ull << 29,     /* 4.x, old reports only */
	ML_GFP_COLD = 1ull << 30,           /* ≤ 4.14, old reports only */
	ML_GFP_REPEAT = 1ull << 31,         /* ≤ 4.12, old reports only */
	ML_GFP_WAIT = 1ull << 32,           /* ≤ 4.3, = DIRECT_RECLAIM in spirit */
};

#define ML_GFP_RECLAIM (ML_GFP_DIRECT_RECLAIM | ML_GFP_KSWAPD_RECLAIM)
#define ML_GFP_ZONEMASK (ML_GFP_DMA | ML_GFP_HIGHMEM | ML_GFP_DMA32 | ML_GFP_MOVABLE)

/* Parse "GFP_KERNEL|__GFP_NORETRY", "GFP_ATOMIC,__GFP_ZERO", "none"; names
 * are composites (§1.2) or single flags; the "__" prefix may be omitted for
 * single flags.  A token "0x..." is kept in *unknown_hex (report leftovers).
 * Unknown name → ML_EUSAGE naming it and suggesting the nearest known name. */
int ml_gfp_parse(const char *text, ml_gfp_t *out, uint64_t *unknown_hex, struct ml_error *err);

/* Translate a kernel's hex mask for a kernel version ("6.18", "5.15.0-91",
 * "4.19", "2.6.31"), following the layouts of §1.1 and, before 4.19, the
 * include/linux/gfp.h of those releases: 2.6.18-2.6.30, 2.6.31-4.3,
 * 4.4-4.14, 4.15-4.19, 5.15-6.2, 6.3 on (4.20-5.14 are not covered; a 2.6
 * version needs its sublevel).  Flags of old kernels are read in today's
 * terms: __GFP_WAIT as __GFP_RECLAIM, the kswapd wake-up that every
 * allocation before 4.4 had (without __GFP_NO_KSWAPD) as
 * __GFP_KSWAPD_RECLAIM, 4.13's renamed __GFP_REPEAT as
 * __GFP_RETRY_MAYFAIL.  Bits with no meaning in that layout go to
 * *unknown.  ML_EUSAGE for a version without a known layout. */
int ml_gfp_from_hex(uint64_t hex, const char *kernel_version, ml_gfp_t *out, uint64_t *unknown,
		    struct ml_error *err);
/* The name of the layout ml_gfp_from_hex() uses for a version
 * ("2.6.31-4.3", "6.3 on"), NULL when it has none. */
const char *ml_gfp_hex_layout(const char *kernel_version);

/* Symbolic text like the kernel's %pGg (composites first, §1.5). */
void ml_gfp_format(ml_gfp_t gfp, char *buf, size_t n);

#endif
