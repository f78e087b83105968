/* Fragmentation indices exactly as mm/vmstat.c computes them for debugfs
 * extfrag/unusable_index and extfrag/extfrag_index (kernel-model §6):
 * fill_contig_page_info() (§6.1), unusable_free_index() and
 * __fragmentation_index() (§6.2), and the "%d.%03d" printing (§6.3).
 *
 * The kernel works in 64-bit unsigned arithmetic and would wrap on absurd
 * inputs; here every sum saturates and the one product that could leave 64
 * bits (free_pages × 1000) goes through an exact 128-bit intermediate, so
 * that the results equal the kernel's for every real zone (they do whenever
 * free_pages × 1000 fits in 64 bits, i.e. below 2^54 pages) and stay in range
 * for made-up ones.  No __int128: the tool also builds for 32-bit hosts. */
#include "fragmentation.h"

#include <stdio.h>

/* v << s, or UINT64_MAX when bits would be lost. */
static uint64_t sat_shl(uint64_t v, unsigned s)
{
	if (v == 0)
		return 0;
	if (s >= 64 || v > (UINT64_MAX >> s))
		return UINT64_MAX;
	return v << s;
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* floor(a × m / d) for m < 2^32 and d > 0, exact: the product is built as a
 * 128-bit hi:lo pair and divided bit by bit.  UINT64_MAX if the quotient does
 * not fit (cannot happen for the callers, whose quotients are ≤ m × a / d
 * with a ≤ d, or with d a power of two and m = 1000). */
static uint64_t mul_div(uint64_t a, uint32_t m, uint64_t d)
{
	uint64_t p0 = (a & 0xffffffffu) * m;   /* < 2^64 */
	uint64_t p1 = (a >> 32) * m;           /* < 2^64 */
	uint64_t lo = p0 + (p1 << 32);
	uint64_t hi = (p1 >> 32) + (lo < p0);
	if (hi >= d)
		return UINT64_MAX;
	uint64_t r = hi, q = 0;
	for (int i = 63; i >= 0; i--) {
		uint64_t top = r >> 63;
		r = (r << 1) | ((lo >> i) & 1);
		q <<= 1;
		if (top || r >= d) {
			r -= d;         /* wraps back below d when top was set */
			q |= 1;
		}
	}
	return q;
}

/* §6.1, fill_contig_page_info(): for k in 0..norders-1
 *   free_pages           += nr_free[k] << k
 *   free_blocks_total    += nr_free[k]
 *   free_blocks_suitable += nr_free[k] << (k - order)   for k >= order.
 * An order outside 0..norders-1 has no suitable blocks. */
void ml_contig_info(const uint64_t *blocks, int norders, int order, struct ml_contig_info *out)
{
	out->free_pages = 0;
	out->free_blocks_total = 0;
	out->free_blocks_suitable = 0;
	for (int k = 0; k < norders; k++) {
		uint64_t b = blocks[k];
		out->free_blocks_total = sat_add(out->free_blocks_total, b);
		out->free_pages = sat_add(out->free_pages, sat_shl(b, (unsigned)k));
		if (order >= 0 && k >= order)
			out->free_blocks_suitable = sat_add(out->free_blocks_suitable,
							    sat_shl(b, (unsigned)(k - order)));
	}
}

/* §6.2, unusable_free_index():
 *   free_pages == 0  -> 1000 (no free memory: all of it "unusable")
 *   otherwise        (free_pages - (suitable << order)) * 1000 / free_pages.
 * An order beyond the last column has no suitable blocks: 1000. */
int ml_unusable_index(const uint64_t *blocks, int norders, int order)
{
	struct ml_contig_info info;
	ml_contig_info(blocks, norders, order, &info);
	if (info.free_pages == 0)
		return 1000;
	uint64_t usable = order >= 0 ? sat_shl(info.free_blocks_suitable, (unsigned)order) : 0;
	uint64_t unusable = usable >= info.free_pages ? 0 : info.free_pages - usable;
	return (int)mul_div(unusable, 1000, info.free_pages);   /* unusable <= free: <= 1000 */
}

/* floor(free_pages * 1000 / 2^order), for any order >= 0. */
static uint64_t thousandths_per_block(uint64_t free_pages, int order)
{
	if (order < 63)
		return mul_div(free_pages, 1000, (uint64_t)1 << order);
	/* floor(floor(x / 2^63) / 2^(order-63)) = floor(x / 2^order); x < 2^74. */
	uint64_t q = mul_div(free_pages, 1000, (uint64_t)1 << 63);
	return order - 63 >= 64 ? 0 : q >> (order - 63);
}

/* §6.2, __fragmentation_index():
 *   order > MAX_PAGE_ORDER (here: no such column)  -> 0 (the kernel WARNs)
 *   free_blocks_total == 0                         -> 0
 *   free_blocks_suitable > 0                       -> -1000
 *   otherwise 1000 - (1000 + free_pages * 1000 / 2^order) / free_blocks_total.
 * The last case is negative when the zone holds a single free block
 * (total 1, e.g. one order-0 page at order 1: 1000 - 1500 = -500); the kernel
 * returns that too (its u64 result wraps, then becomes an int). */
int ml_extfrag_index(const uint64_t *blocks, int norders, int order)
{
	if (order < 0 || order >= norders)
		return 0;
	struct ml_contig_info info;
	ml_contig_info(blocks, norders, order, &info);
	if (info.free_blocks_total == 0)
		return 0;
	if (info.free_blocks_suitable)
		return -1000;
	uint64_t q = sat_add(1000, thousandths_per_block(info.free_pages, order))
		     / info.free_blocks_total;
	/* Every block is below order, so free_pages < total × 2^order and
	 * q < 1000 + 1000 / total <= 2000; the clamp only guards saturated sums. */
	if (q > 2000)
		q = 2000;
	return 1000 - (int)q;
}

/* §6.3: the kernel prints index / 1000 and index % 1000 with "%d.%03d"
 * (unusable_index) or "%2d.%03d" (extfrag_index, same digits with a pad):
 * 66 -> "0.066", 998 -> "0.998", -1000 -> "-1.000".  Like the kernel, a
 * negative value above -1000 comes out as "0.-500" (C division truncates
 * towards zero); that is what debugfs shows, so it is kept. */
void ml_format_index(int value, char *buf, unsigned long n)
{
	if (n == 0)
		return;
	snprintf(buf, n, "%d.%03d", value / 1000, value % 1000);
}
