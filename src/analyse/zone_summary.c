#include "zone_summary.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../render/format.h"

enum ml_wmark_state ml_zone_wmark_state(const struct ml_zone *z)
{
	if (z->managed == 0)
		return ML_WMARK_EMPTY;
	/* The kernel's checks are "free > mark" (§4.4); watermarks as printed
	 * already include the boost (§2.6). */
	if (z->free_pages <= z->wmark_min)
		return ML_WMARK_BELOW_MIN;
	if (z->free_pages <= z->wmark_low)
		return ML_WMARK_BELOW_LOW;
	if (z->free_pages <= z->wmark_high)
		return ML_WMARK_BELOW_HIGH;
	return ML_WMARK_ABOVE_HIGH;
}

const char *ml_wmark_state_name(enum ml_wmark_state s)
{
	switch (s) {
	case ML_WMARK_EMPTY:
		return "empty";
	case ML_WMARK_BELOW_MIN:
		return "below min";
	case ML_WMARK_BELOW_LOW:
		return "below low";
	case ML_WMARK_BELOW_HIGH:
		return "below high";
	case ML_WMARK_ABOVE_HIGH:
		return "above high";
	}
	return "?";
}

int ml_system_has_highmem(const struct ml_system *sys)
{
	for (size_t i = 0; i < sys->nzones; i++)
		if (sys->zones[i].kind == ML_ZONE_HIGHMEM && sys->zones[i].present)
			return 1;
	return 0;
}

static const char *state_sentence(enum ml_wmark_state s)
{
	switch (s) {
	case ML_WMARK_BELOW_MIN:
		return "below the min watermark: only GFP_ATOMIC-like and reserve-entitled allocations can take pages, everything else reclaims first";
	case ML_WMARK_BELOW_LOW:
		return "below the low watermark: allocations leave the fast path and kswapd is reclaiming";
	case ML_WMARK_BELOW_HIGH:
		return "between the low and high watermarks: allocations succeed; kswapd, if woken, reclaims up to high";
	case ML_WMARK_ABOVE_HIGH:
		return "above the high watermark";
	default:
		return "";
	}
}

void ml_zone_summary(const struct ml_system *sys, const struct ml_zone *z, char *buf, size_t n)
{
	uint64_t ps = sys->page_size;
	char a[32], b[32], c[32];
	size_t len = 0;
#define ADD(...) (len += (size_t)snprintf(buf + len, len < n ? n - len : 0, __VA_ARGS__))
	buf[0] = '\0';
	ADD("Node %d %s: ", z->node, z->name);
	if (z->has_zoneinfo && z->present == 0 && z->managed == 0) {
		ADD("empty (no memory in this zone on this machine)");
		if (z->kind == ML_ZONE_MOVABLE)
			ADD("; ZONE_MOVABLE is only populated with kernelcore=/movablecore= or memory hot-plug");
		return;
	}
	if (z->kind == ML_ZONE_DEVICE) {
		ADD("device memory (ZONE_DEVICE): never used by the buddy allocator");
		return;
	}
	ml_format_size_words(z->free_pages * ps, a, sizeof(a));
	ml_format_size_words(z->managed * ps, b, sizeof(b));
	if (z->has_zoneinfo)
		ADD("%s free of %s managed", a, b);
	else
		ADD("%s free", (ml_format_size_words(ml_zone_buddy_free_pages(sys, z) * ps, a, sizeof(a)), a));
	if (z->has_buddy) {
		int lo = ml_zone_largest_order(sys, z);
		if (lo >= 0) {
			ml_format_size_words(ps << lo, c, sizeof(c));
			ADD(", largest free block %s (order %d)", c, lo);
		} else {
			ADD(", no free block at all");
		}
	}
	if (z->has_zoneinfo)
		ADD(", %s", state_sentence(ml_zone_wmark_state(z)));
	ADD(".");
	if (z->present > z->managed && z->has_managed) {
		uint64_t gap = (z->present - z->managed) * ps;
		ml_format_size_words(gap, a, sizeof(a));
		if (gap * 4 > z->present * ps)
			ADD(" %s present but not managed: not handed to the buddy allocator (deferred initialisation, unaccepted or reserved memory).", a);
		else
			ADD(" %s present but reserved at boot (kernel image, struct page array, firmware).", a);
	}
	bool highmem = ml_system_has_highmem(sys);
	if (z->kind == ML_ZONE_HIGHMEM) {
		ADD(" HighMem is not permanently mapped into the kernel's address space: kmalloc() and __get_free_pages() can never return it; user pages and page cache live here and the kernel reaches them through kmap_local_page().");
	} else if (z->kind == ML_ZONE_NORMAL && (highmem || (sys->info.arch[0] == 'i' && strncmp(sys->info.arch + 2, "86", 2) == 0) ||
						strncmp(sys->info.arch, "arm", 3) == 0)) {
		if (z->has_start_pfn) {
			ml_format_size_words((z->start_pfn + z->spanned) * ps, a, sizeof(a));
			ADD(" This is lowmem, the part of RAM the kernel maps permanently; it ends at %s because a 32-bit kernel has 1 GiB of address space and keeps 128 MiB of it for vmalloc, kmap and the fixmap (the classic 896 MiB limit).", a);
		} else {
			ADD(" This is lowmem, the part of RAM the kernel maps permanently (at most about 896 MiB on 32-bit x86).");
		}
	}
	/* lowmem_reserve: what allocations that could use higher zones must
	 * leave here (§2.5). */
	if (z->nprotection > z->index + 1) {
		uint64_t top = 0;
		for (int j = z->index + 1; j < z->nprotection; j++)
			if (z->protection[j] > top)
				top = z->protection[j];
		if (top) {
			ml_format_size_words(top * ps, a, sizeof(a));
			if (top >= z->managed)
				ADD(" lowmem_reserve keeps all of it (%s) from allocations that may use higher zones.", a);
			else
				ADD(" lowmem_reserve keeps up to %s from allocations that may use higher zones.", a);
		}
	}
#undef ADD
}
