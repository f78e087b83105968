#include "system.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyse/fragmentation.h"
#include "../parse/buddyinfo.h"
#include "../parse/extfrag.h"
#include "../parse/kvfile.h"
#include "../parse/pagetypeinfo.h"
#include "../parse/slabinfo.h"
#include "../parse/vmallocinfo.h"
#include "../parse/zoneinfo.h"

static const char *const kind_names[] = {
	[ML_ZONE_DMA] = "DMA",         [ML_ZONE_DMA32] = "DMA32",
	[ML_ZONE_NORMAL] = "Normal",   [ML_ZONE_HIGHMEM] = "HighMem",
	[ML_ZONE_MOVABLE] = "Movable", [ML_ZONE_DEVICE] = "Device",
	[ML_ZONE_OTHER] = "other",
};

const char *ml_zone_kind_name(enum ml_zone_kind kind)
{
	return kind_names[kind];
}

enum ml_zone_kind ml_zone_kind_from_name(const char *name)
{
	for (int k = ML_ZONE_DMA; k < ML_ZONE_OTHER; k++)
		if (strcmp(kind_names[k], name) == 0)
			return (enum ml_zone_kind)k;
	return ML_ZONE_OTHER;
}

void ml_system_note(struct ml_note **list, size_t *n, const char *fmt, ...)
{
	struct ml_note *l = realloc(*list, (*n + 1) * sizeof(**list));
	if (!l)
		return;
	*list = l;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(l[*n].text, sizeof(l[*n].text), fmt, ap);
	va_end(ap);
	(*n)++;
}

struct ml_zone *ml_system_zone(struct ml_system *sys, int node, const char *name)
{
	for (size_t i = 0; i < sys->nzones; i++)
		if (sys->zones[i].node == node && strcmp(sys->zones[i].name, name) == 0)
			return &sys->zones[i];
	return NULL;
}

int ml_system_type(const struct ml_system *sys, const char *name)
{
	for (int t = 0; t < sys->ntypes; t++)
		if (strcmp(sys->type_names[t], name) == 0)
			return t;
	return -1;
}

uint64_t ml_system_meminfo(const struct ml_system *sys, const char *name, uint64_t dflt)
{
	return ml_kv_get_or(&sys->meminfo, name, dflt);
}

uint64_t ml_zone_buddy_free_pages(const struct ml_system *sys, const struct ml_zone *z)
{
	uint64_t sum = 0;
	for (int k = 0; k < sys->norders; k++)
		sum += z->free_blocks[k] << k;
	return sum;
}

int ml_zone_largest_order(const struct ml_system *sys, const struct ml_zone *z)
{
	for (int k = sys->norders - 1; k >= 0; k--)
		if (z->free_blocks[k])
			return k;
	return -1;
}

/* Add a zone at the end (keeps node-by-node order when files list them so). */
static struct ml_zone *add_zone(struct ml_system *sys, int node, const char *name)
{
	struct ml_zone *z = realloc(sys->zones, (sys->nzones + 1) * sizeof(*z));
	if (!z)
		return NULL;
	sys->zones = z;
	z = &sys->zones[sys->nzones++];
	memset(z, 0, sizeof(*z));
	z->node = node;
	snprintf(z->name, sizeof(z->name), "%s", name);
	z->kind = ml_zone_kind_from_name(name);
	z->index = z->kind == ML_ZONE_OTHER ? ML_MAX_ZONES - 1 : (int)z->kind;
	z->node_unreclaimable = -1;
	if (node + 1 > sys->nnodes)
		sys->nnodes = node + 1;
	return z;
}

static struct ml_zone *zone_for(struct ml_system *sys, int node, const char *name)
{
	struct ml_zone *z = ml_system_zone(sys, node, name);
	return z ? z : add_zone(sys, node, name);
}

/* Read one file.  1: read; 0: optional and unreadable (noted); <0: error. */
static int read_one(struct ml_system *sys, const struct ml_source *src, const char *path,
		    bool required, const char *why_needed, struct ml_buffer *buf,
		    struct ml_error *err)
{
	struct ml_error e = { 0 };
	int rc = ml_source_read(src, path, buf, &e);
	if (rc == ML_OK)
		return 1;
	if (required || (rc != ML_ENOENT && rc != ML_EACCES)) {
		if (err)
			*err = e;
		return rc;
	}
	ml_system_note(&sys->unreadable, &sys->nunreadable, "%s: %s%s; %s", e.file, e.message,
		       rc == ML_EACCES ? " (readable by root only)" : "", why_needed);
	return 0;
}

static int load_zoneinfo(struct ml_system *sys, const struct ml_zoneinfo *zi)
{
	int index_in_node = 0, last_node = -1;
	for (size_t i = 0; i < zi->nzones; i++) {
		const struct ml_zoneinfo_zone *src = &zi->zones[i];
		struct ml_zone *z = zone_for(sys, src->node, src->name);
		if (!z)
			return ML_ENOMEM;
		if (src->node != last_node) {
			last_node = src->node;
			index_in_node = 0;
		}
		/* zoneinfo prints every configured zone in index order (§11.3). */
		z->index = index_in_node++;
		z->has_zoneinfo = true;
		z->has_start_pfn = src->has_start_pfn;
		z->start_pfn = src->start_pfn;
		z->spanned = src->spanned;
		z->present = src->present;
		z->has_managed = src->has_managed;
		/* Before "managed" existed, present is the closest figure. */
		z->managed = src->has_managed ? src->managed : src->present;
		z->free_pages = src->free;
		z->has_watermarks = true;       /* the parser refuses a zone without them */
		z->wmark_min = src->min;
		z->wmark_low = src->low;
		z->wmark_high = src->high;
		z->wmark_promo = src->promo;
		z->boost = src->boost;
		z->has_boost = src->has_boost;
		z->has_promo = src->has_promo;
		z->nprotection = src->nprotection;
		memcpy(z->protection, src->protection, sizeof(z->protection));
		z->cma_pages = src->cma;
		z->free_cma_pages = ml_kv_get_or(&src->stats, "nr_free_cma", 0);
		z->pcp_pages = src->pcp_count;
		z->npcp_cpus = src->npcp_cpus;
		z->vmstat_threshold = ml_kv_get_or(&src->stats, "vm stats threshold", 0);
		z->node_unreclaimable = src->node_unreclaimable;
		/* Zone LRU sizes: nr_zone_* since 4.8, plain nr_* in every zone before. */
		static const char *const lru[2][4] = {
			{ "nr_zone_active_file", "nr_zone_inactive_file", "nr_zone_active_anon",
			  "nr_zone_inactive_anon" },
			{ "nr_active_file", "nr_inactive_file", "nr_active_anon", "nr_inactive_anon" },
		};
		for (int v = 0; v < 2 && !z->has_lru; v++) {
			uint64_t a, b, c, d;
			if (ml_kv_get(&src->stats, lru[v][0], &a) && ml_kv_get(&src->stats, lru[v][1], &b) &&
			    ml_kv_get(&src->stats, lru[v][2], &c) && ml_kv_get(&src->stats, lru[v][3], &d)) {
				z->has_lru = true;
				z->active_file = a;
				z->inactive_file = b;
				z->active_anon = c;
				z->inactive_anon = d;
			}
		}
	}
	return ML_OK;
}

static int load_buddyinfo(struct ml_system *sys, const struct ml_buddyinfo *bi,
			  const char *file)
{
	sys->norders = bi->norders;
	for (size_t i = 0; i < bi->nrows; i++) {
		const struct ml_buddyinfo_row *r = &bi->rows[i];
		struct ml_zone *z = ml_system_zone(sys, r->node, r->zone);
		if (!z && (sys->loaded & ML_LOAD_ZONEINFO))
			ml_system_note(&sys->warnings, &sys->nwarnings,
				       "%s:%lu: Node %d zone %s is not in zoneinfo", file, r->line,
				       r->node, r->zone);
		if (!z && !(z = add_zone(sys, r->node, r->zone)))
			return ML_ENOMEM;
		z->has_buddy = true;
		memcpy(z->free_blocks, r->blocks, sizeof(z->free_blocks));
	}
	return ML_OK;
}

static int load_pagetypeinfo(struct ml_system *sys, const struct ml_pagetypeinfo *pt,
			     const char *file)
{
	sys->pageblock_order = pt->pageblock_order;
	sys->ntypes = pt->ntypes;
	memcpy(sys->type_names, pt->type_names, sizeof(sys->type_names));
	if (sys->norders && pt->norders != sys->norders)
		ml_system_note(&sys->warnings, &sys->nwarnings,
			       "%s: %d orders, but buddyinfo has %d", file, pt->norders, sys->norders);
	if (!sys->norders)
		sys->norders = pt->norders;
	for (size_t i = 0; i < pt->nfree; i++) {
		const struct ml_pagetype_row *r = &pt->free[i];
		struct ml_zone *z = zone_for(sys, r->node, r->zone);
		if (!z)
			return ML_ENOMEM;
		z->has_types = true;
		memcpy(z->type_blocks[r->type], r->blocks, sizeof(z->type_blocks[r->type]));
		z->type_capped[r->type] = r->capped;
	}
	for (size_t i = 0; i < pt->nblocks; i++) {
		const struct ml_pageblock_row *r = &pt->blocks[i];
		struct ml_zone *z = zone_for(sys, r->node, r->zone);
		if (!z)
			return ML_ENOMEM;
		z->has_pageblocks = true;
		memcpy(z->pageblocks, r->count, sizeof(z->pageblocks));
	}
	return ML_OK;
}

static int cmp_area(const void *pa, const void *pb)
{
	const struct ml_vmalloc_area *a = *(const struct ml_vmalloc_area *const *)pa;
	const struct ml_vmalloc_area *b = *(const struct ml_vmalloc_area *const *)pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	return (a->line > b->line) - (a->line < b->line);
}

/* vmallocinfo lists each area once, but seq_file may print a line twice
 * when areas come and go between two read() calls (snippet 60 of the
 * fixtures has one).  Such a line is kept (it is what the kernel printed)
 * and said, so that a doubled figure is never silent.  Zeros
 * (kptr_restrict=2) and "(ptrval)" tell nothing. */
static void check_vmalloc_repeats(struct ml_system *sys, const char *file)
{
	const struct ml_vmallocinfo *vi = &sys->vmalloc;
	const struct ml_vmalloc_area **v = malloc((vi->n ? vi->n : 1) * sizeof(*v));
	size_t n = 0, repeats = 0;
	if (!v)
		return;
	for (size_t i = 0; i < vi->n; i++)
		if (vi->areas[i].start != 0 && vi->areas[i].end != 0)
			v[n++] = &vi->areas[i];
	qsort(v, n, sizeof(*v), cmp_area);
	const struct ml_vmalloc_area *first = NULL, *again = NULL;
	for (size_t i = 1; i < n; i++)
		if (v[i]->start == v[i - 1]->start && v[i]->end == v[i - 1]->end) {
			repeats++;
			if (!again || v[i]->line < again->line) {
				again = v[i];
				first = v[i - 1];
			}
		}
	if (again)
		ml_system_note(&sys->warnings, &sys->nwarnings,
			       "%s:%lu: area 0x%llx-0x%llx is listed again (first on line %lu)%s: the kernel repeats a line when areas change while the file is read, or two captures were joined; it is counted each time",
			       file, again->line, (unsigned long long)again->start,
			       (unsigned long long)again->end, first->line,
			       repeats > 1 ? ", and other areas too" : "");
	free(v);
}

static void cross_check(struct ml_system *sys)
{
	int isolate = ml_system_type(sys, "Isolate");
	uint64_t zone_free = 0, managed = 0;
	for (size_t i = 0; i < sys->nzones; i++) {
		struct ml_zone *z = &sys->zones[i];
		zone_free += z->free_pages;
		managed += z->managed;
		/* pagetypeinfo rows of a zone add up to its buddyinfo row (§3.8). */
		if (z->has_types && z->has_buddy) {
			for (int k = 0; k < sys->norders; k++) {
				uint64_t sum = 0;
				bool capped = false;
				for (int t = 0; t < sys->ntypes; t++) {
					sum += z->type_blocks[t][k];
					capped |= (z->type_capped[t] >> k) & 1;
				}
				if (!capped && sum != z->free_blocks[k]) {
					ml_system_note(&sys->warnings, &sys->nwarnings,
						       "Node %d %s: pagetypeinfo counts %llu free order-%d blocks, buddyinfo %llu (the files were read at different moments)",
						       z->node, z->name, (unsigned long long)sum, k,
						       (unsigned long long)z->free_blocks[k]);
					break;
				}
			}
		}
		/* NR_FREE_PAGES excludes isolated pages and drifts by up to the
		 * per-CPU threshold on each CPU (§3.7, §4.8). */
		if (z->has_zoneinfo && z->has_buddy) {
			uint64_t buddy = ml_zone_buddy_free_pages(sys, z);
			uint64_t slack = z->vmstat_threshold * (uint64_t)(z->npcp_cpus ? z->npcp_cpus : 1);
			if (isolate >= 0 && z->has_types)
				for (int k = 0; k < sys->norders; k++)
					slack += z->type_blocks[isolate][k] << k;
			uint64_t diff = buddy > z->free_pages ? buddy - z->free_pages : z->free_pages - buddy;
			if (diff > slack + 16)
				ml_system_note(&sys->warnings, &sys->nwarnings,
					       "Node %d %s: zoneinfo says %llu free pages, the buddy lists hold %llu (the files were read at different moments)",
					       z->node, z->name, (unsigned long long)z->free_pages,
					       (unsigned long long)buddy);
		}
		if (z->has_zoneinfo && z->present && !z->has_buddy && (sys->loaded & ML_LOAD_BUDDYINFO))
			ml_system_note(&sys->warnings, &sys->nwarnings,
				       "Node %d %s has %llu pages present but no buddyinfo row",
				       z->node, z->name, (unsigned long long)z->present);
	}
	/* meminfo and zoneinfo describe the same pages (§11.6). */
	uint64_t memfree, memtotal, ps = sys->page_size;
	if ((sys->loaded & ML_LOAD_ZONEINFO) && ml_kv_get(&sys->meminfo, "MemFree", &memfree) &&
	    ml_kv_get(&sys->meminfo, "MemTotal", &memtotal)) {
		uint64_t zf = zone_free * ps, zm = managed * ps;
		bool deferred = memtotal > zm + zm / 50 + (4u << 20);
		if (deferred)
			ml_system_note(&sys->warnings, &sys->nwarnings,
				       "meminfo MemTotal is %llu MiB but the zones manage only %llu MiB: memory not yet handed to the buddy allocator (deferred struct page initialisation, unaccepted or hot-plugged memory) is counted there but not in the zones",
				       (unsigned long long)(memtotal >> 20), (unsigned long long)(zm >> 20));
		/* With memory outside the zones, MemFree differs for the same reason. */
		if (!deferred &&
		    (memfree > zf + zf / 20 + (16u << 20) || zf > memfree + memfree / 20 + (16u << 20)))
			ml_system_note(&sys->warnings, &sys->nwarnings,
				       "meminfo MemFree is %llu MiB but the zones hold %llu MiB free: the two were taken at different moments, or memory is outside the zones' accounting",
				       (unsigned long long)(memfree >> 20), (unsigned long long)(zf >> 20));
	}
	/* The kernel's own indices, when captured with the same buddyinfo (§6). */
	const struct ml_extfrag *files[2] = { &sys->unusable_index, &sys->extfrag_index };
	static const char *const names[2] = { "unusable_index", "extfrag_index" };
	for (int f = 0; f < 2; f++) {
		for (size_t i = 0; i < files[f]->nrows; i++) {
			const struct ml_extfrag_row *r = &files[f]->rows[i];
			struct ml_zone *z = ml_system_zone(sys, r->node, r->zone);
			if (!z || !z->has_buddy) {
				/* Both files list the populated zones only. */
				if (sys->loaded & ML_LOAD_BUDDYINFO)
					ml_system_note(&sys->warnings, &sys->nwarnings,
						       "debugfs %s lists Node %d zone %s, which buddyinfo does not (the files come from different machines or moments)",
						       names[f], r->node, r->zone);
				continue;
			}
			for (int k = 0; k < r->norders && k < sys->norders; k++) {
				int mine = f == 0 ? ml_unusable_index(z->free_blocks, sys->norders, k)
						  : ml_extfrag_index(z->free_blocks, sys->norders, k);
				if (mine != r->value[k]) {
					ml_system_note(&sys->warnings, &sys->nwarnings,
						       "Node %d %s: debugfs %s at order %d is %d/1000, buddyinfo gives %d/1000 (the files were read at different moments)",
						       z->node, z->name, names[f], k, r->value[k], mine);
					break;
				}
			}
		}
	}
}

/* Page size when the snapshot did not record it: MemTotal in kB is
 * Σ managed × page kB on a machine without deferred memory. */
static void settle_page_size(struct ml_system *sys)
{
	sys->page_size = sys->info.page_size;
	if (sys->page_size)
		return;
	uint64_t memtotal, managed = 0;
	for (size_t i = 0; i < sys->nzones; i++)
		managed += sys->zones[i].managed;
	if (managed && ml_kv_get(&sys->meminfo, "MemTotal", &memtotal)) {
		for (uint64_t ps = 4096; ps <= 65536; ps *= 2)
			if (memtotal == managed * ps) {
				sys->page_size = ps;
				ml_system_note(&sys->unreadable, &sys->nunreadable,
					       "the snapshot does not record its page size; %llu bytes follows from MemTotal and the zones' managed pages",
					       (unsigned long long)ps);
				return;
			}
	}
	sys->page_size = 4096;
	sys->page_size_assumed = true;
	ml_system_note(&sys->unreadable, &sys->nunreadable,
		       "the snapshot does not record its page size (no PAGE_SIZE or MANIFEST file); assuming 4096 bytes");
}

int ml_system_load(struct ml_system *sys, const struct ml_source *src,
		   unsigned want, unsigned required, struct ml_error *err)
{
	memset(sys, 0, sizeof(*sys));
	sys->pageblock_order = -1;
	sys->live = ml_source_is_live(src);
	snprintf(sys->source, sizeof(sys->source), "%s", sys->live ? "live" : src->root);
	ml_source_info(src, &sys->info);
	want |= required;

	struct ml_buffer buf;
	char shown[4096];
	int rc = ML_OK, got;

#define READ(flag, path, why)                                                                   \
	(((want & (flag)) == 0) ? 0 :                                                           \
	 (ml_source_display(src, path, shown, sizeof(shown)),                                   \
	  read_one(sys, src, path, (required & (flag)) != 0, why, &buf, err)))

	if ((got = READ(ML_LOAD_ZONEINFO, "/proc/zoneinfo",
			"watermarks, zone sizes and protection are not shown")) < 0)
		return got;
	if (got) {
		struct ml_zoneinfo zi = { 0 };
		rc = ml_parse_zoneinfo(buf.data, buf.len, shown, &zi, err);
		if (rc == ML_OK)
			rc = load_zoneinfo(sys, &zi);
		ml_zoneinfo_free(&zi);
		ml_buffer_free(&buf);
		if (rc != ML_OK)
			goto fail;
		sys->loaded |= ML_LOAD_ZONEINFO;
	}
	if ((got = READ(ML_LOAD_BUDDYINFO, "/proc/buddyinfo", "free blocks per order are not shown")) < 0)
		goto fail_got;
	if (got) {
		struct ml_buddyinfo bi = { 0 };
		rc = ml_parse_buddyinfo(buf.data, buf.len, shown, &bi, err);
		if (rc == ML_OK)
			rc = load_buddyinfo(sys, &bi, shown);
		ml_buddyinfo_free(&bi);
		ml_buffer_free(&buf);
		if (rc != ML_OK)
			goto fail;
		sys->loaded |= ML_LOAD_BUDDYINFO;
	}
	if ((got = READ(ML_LOAD_PAGETYPEINFO, "/proc/pagetypeinfo",
			"--by-type (free blocks per migrate type, pageblocks) cannot be shown")) < 0)
		goto fail_got;
	if (got) {
		struct ml_pagetypeinfo pt = { 0 };
		rc = ml_parse_pagetypeinfo(buf.data, buf.len, shown, &pt, err);
		if (rc == ML_OK)
			rc = load_pagetypeinfo(sys, &pt, shown);
		ml_pagetypeinfo_free(&pt);
		ml_buffer_free(&buf);
		if (rc != ML_OK)
			goto fail;
		sys->loaded |= ML_LOAD_PAGETYPEINFO;
	}
	if ((got = READ(ML_LOAD_MEMINFO, "/proc/meminfo", "meminfo figures are not shown")) < 0)
		goto fail_got;
	if (got) {
		rc = ml_parse_meminfo(buf.data, buf.len, shown, &sys->meminfo, err);
		ml_buffer_free(&buf);
		if (rc != ML_OK)
			goto fail;
		sys->loaded |= ML_LOAD_MEMINFO;
	}
	if ((got = READ(ML_LOAD_VMSTAT, "/proc/vmstat", "vmstat counters are not shown")) < 0)
		goto fail_got;
	if (got) {
		rc = ml_parse_vmstat(buf.data, buf.len, shown, &sys->vmstat, err);
		ml_buffer_free(&buf);
		if (rc != ML_OK)
			goto fail;
		sys->loaded |= ML_LOAD_VMSTAT;
	}
	if (want & ML_LOAD_SYSCTL) {
		static const struct {
			const char *path;
			size_t off_val, off_has;
		} one[] = {
#define VMF(name) { "/proc/sys/vm/" #name, offsetof(struct ml_vm_sysctl, name), \
		    offsetof(struct ml_vm_sysctl, has_##name) }
			VMF(min_free_kbytes), VMF(watermark_scale_factor),
			VMF(watermark_boost_factor), VMF(extfrag_threshold),
#undef VMF
		};
		for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
			if ((got = READ(ML_LOAD_SYSCTL, one[i].path, "the kernel default is assumed")) < 0)
				goto fail_got;
			if (!got)
				continue;
			uint64_t v;
			rc = ml_parse_sysctl_u64(buf.data, buf.len, shown, &v, err);
			ml_buffer_free(&buf);
			if (rc != ML_OK)
				goto fail;
			*(uint64_t *)((char *)&sys->vm + one[i].off_val) = v;
			*(bool *)((char *)&sys->vm + one[i].off_has) = true;
		}
		if ((got = READ(ML_LOAD_SYSCTL, "/proc/sys/vm/lowmem_reserve_ratio",
				"the kernel default is assumed")) < 0)
			goto fail_got;
		if (got) {
			rc = ml_parse_sysctl_array(buf.data, buf.len, shown, sys->vm.lowmem_reserve_ratio,
						   ML_MAX_ZONES, &sys->vm.nlowmem_reserve_ratio, err);
			ml_buffer_free(&buf);
			if (rc != ML_OK)
				goto fail;
		}
		sys->loaded |= ML_LOAD_SYSCTL;
	}
	if (want & ML_LOAD_EXTFRAG) {
		static const char *const paths[2] = { "/sys/kernel/debug/extfrag/unusable_index",
						      "/sys/kernel/debug/extfrag/extfrag_index" };
		struct ml_extfrag *dst[2] = { &sys->unusable_index, &sys->extfrag_index };
		for (int f = 0; f < 2; f++) {
			ml_source_display(src, paths[f], shown, sizeof(shown));
			/* debugfs is optional and often absent: not worth a note.
			 * In a snapshot, a refused file (a symlink leading out of
			 * it) is an error all the same. */
			struct ml_error e = { 0 };
			int got_extfrag = ml_source_read(src, paths[f], &buf, &e);
			if (got_extfrag == ML_EIO && !sys->live) {
				if (err)
					*err = e;
				rc = got_extfrag;
				goto fail;
			}
			if (got_extfrag != ML_OK)
				continue;
			rc = ml_parse_extfrag(buf.data, buf.len, shown, dst[f], err);
			ml_buffer_free(&buf);
			if (rc != ML_OK)
				goto fail;
			sys->loaded |= ML_LOAD_EXTFRAG;
		}
	}
	if ((got = READ(ML_LOAD_SLABINFO, "/proc/slabinfo",
			"slab caches are not shown and kmalloc classes are the architecture's defaults")) < 0)
		goto fail_got;
	if (got) {
		rc = ml_parse_slabinfo(buf.data, buf.len, shown, &sys->slab, err);
		ml_buffer_free(&buf);
		if (rc != ML_OK)
			goto fail;
		sys->loaded |= ML_LOAD_SLABINFO;
	}
	if ((got = READ(ML_LOAD_VMALLOCINFO, "/proc/vmallocinfo", "vmalloc areas are not shown")) < 0)
		goto fail_got;
	if (got) {
		rc = ml_parse_vmallocinfo(buf.data, buf.len, shown, &sys->vmalloc, err);
		ml_buffer_free(&buf);
		if (rc != ML_OK)
			goto fail;
		check_vmalloc_repeats(sys, shown);
		sys->loaded |= ML_LOAD_VMALLOCINFO;
	}
	sys->kptr_restrict = -1;
	if (want & ML_LOAD_KPTR_RESTRICT) {
		ml_source_display(src, "/proc/sys/kernel/kptr_restrict", shown, sizeof(shown));
		struct ml_error e = { 0 };
		int got_kptr = ml_source_read(src, "/proc/sys/kernel/kptr_restrict", &buf, &e);
		if (got_kptr == ML_EIO && !sys->live) {
			if (err)
				*err = e;
			rc = got_kptr;
			goto fail;
		}
		if (got_kptr == ML_OK) {
			uint64_t v;
			rc = ml_parse_sysctl_u64(buf.data, buf.len, shown, &v, err);
			ml_buffer_free(&buf);
			if (rc != ML_OK)
				goto fail;
			sys->kptr_restrict = v > 2 ? 2 : (int)v;
			sys->loaded |= ML_LOAD_KPTR_RESTRICT;
		}
	}
#undef READ
	settle_page_size(sys);
	if (want & ML_LOAD_SLABINFO) {
		rc = ml_kmalloc_build(&sys->kmalloc, (sys->loaded & ML_LOAD_SLABINFO) ? &sys->slab : NULL,
				      sys->page_size, sys->info.arch, sys->norders ? sys->norders - 1 : -1, err);
		if (rc != ML_OK)
			goto fail;
	}
	cross_check(sys);
	return ML_OK;

fail_got:
	rc = got;
fail:
	if (rc == ML_ENOMEM && err && !err->code)
		ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	ml_system_free(sys);
	return rc;
}

void ml_system_free(struct ml_system *sys)
{
	free(sys->zones);
	ml_kv_free(&sys->meminfo);
	ml_kv_free(&sys->vmstat);
	ml_extfrag_free(&sys->unusable_index);
	ml_extfrag_free(&sys->extfrag_index);
	ml_kmalloc_free(&sys->kmalloc);
	ml_slabinfo_free(&sys->slab);
	ml_vmallocinfo_free(&sys->vmalloc);
	free(sys->unreadable);
	free(sys->warnings);
	memset(sys, 0, sizeof(*sys));
}
