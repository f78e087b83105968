/* memlayout vmalloc: the vmalloc areas (/proc/vmallocinfo, root only) by
 * kind, by caller and by NUMA node, the memory behind them against the
 * virtual space they reserve, meminfo's VmallocTotal and VmallocUsed, and,
 * when the addresses are real, the free holes of the range (kernel-model §8). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyse/slab_usage.h"
#include "../analyse/vmalloc_space.h"
#include "../cli.h"
#include "../render/format.h"
#include "../render/json.h"
#include "../util/text.h"

/* Group tables (kind, caller, node): the first column is renamed per view. */
enum { G_NAME, G_AREAS, G_SIZE, G_MEMORY, G_PAGES, G_SHARE, G_KINDS, NG };

static const struct ml_column group_columns[NG] = {
	[G_NAME] = { "KIND", "kind", ML_COL_STR, 12, ML_COL_DEFAULT, "" },
	[G_AREAS] = { "AREAS", "areas", ML_COL_COUNT, 5, ML_COL_DEFAULT | ML_COL_RIGHT, "vmallocinfo lines" },
	[G_SIZE] = { "SIZE", "size_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "virtual space reserved, guard pages included" },
	[G_MEMORY] = { "MEMORY", "memory_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "pages allocated behind the areas (pages=), no guard page" },
	[G_PAGES] = { "PAGES", "pages", ML_COL_COUNT, 6, ML_COL_RIGHT, "the same in pages" },
	[G_SHARE] = { "SHARE", "size_percent", ML_COL_PERMILLE, 5, ML_COL_RIGHT, "share of all reserved space" },
	[G_KINDS] = { "KINDS", "kinds", ML_COL_STR, 14, ML_COL_DEFAULT, "vmallocinfo words of the caller's areas (by caller)" },
};

/* --by area: one row per area by address, holes between them. */
enum { A_START, A_END, A_SIZE, A_MEMORY, A_CALLER, A_KINDS, A_PHYS, A_NODES, A_LINE, NA };

static const struct ml_column area_columns[NA] = {
	[A_START] = { "START", "start_address", ML_COL_HEX, 12, ML_COL_DEFAULT | ML_COL_RIGHT, "first address (as printed: real, hashed or 0)" },
	[A_END] = { "END", "end_address", ML_COL_HEX, 12, ML_COL_DEFAULT | ML_COL_RIGHT, "end address, exclusive (as printed)" },
	[A_SIZE] = { "SIZE", "size_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "reserved bytes with the guard page (holes: free bytes)" },
	[A_MEMORY] = { "MEMORY", "memory_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "pages allocated (pages=)" },
	[A_CALLER] = { "CALLER", "caller", ML_COL_STR, 24, ML_COL_DEFAULT, "allocating function [module]; \"(free)\" for a hole" },
	[A_KINDS] = { "KINDS", "kinds", ML_COL_STR, 12, ML_COL_DEFAULT, "vmallocinfo words" },
	[A_PHYS] = { "PHYS", "phys_address", ML_COL_HEX, 12, ML_COL_RIGHT, "ioremap physical address" },
	[A_NODES] = { "NODES", "nodes", ML_COL_STR, 10, ML_COL_RIGHT, "pages per NUMA node (N0=4)" },
	[A_LINE] = { "LINE", "line", ML_COL_COUNT, 5, ML_COL_RIGHT, "line in vmallocinfo" },
};

enum by { BY_KIND, BY_CALLER, BY_NODE, BY_AREA };
static const char *const by_names[] = { "kind", "caller", "node", "area" };

enum { OPT_BY = ML_OPT_FIRST_COMMAND_OPTION, OPT_SIZE };

static void help(FILE *f)
{
	fputs("Usage: memlayout vmalloc [OPTIONS]\n\n"
	      "The vmalloc areas (/proc/vmallocinfo, readable by root only) by kind, by caller\n"
	      "and by NUMA node; the pages behind them against the virtual space they reserve\n"
	      "(one guard page each), meminfo's VmallocUsed and VmallocTotal; and, when the\n"
	      "addresses are real (kptr_restrict=1 read as root), the free holes of the range:\n"
	      "the largest vmalloc that can still find room.\n\n"
	      "Options:\n"
	      "      --by VIEW        main table: kind (default), caller, node, or area (every\n"
	      "                       area by address, with the holes between them)\n"
	      "  -t, --top N          callers to list (default 10; with --by caller, all)\n"
	      "      --size SIZE      would vmalloc(SIZE) find room now? (K, M, G suffixes)\n\n",
	      f);
	ml_cli_help_common(f);
	fputs("\nColumns (-o) of the kind, caller and node tables (first column KIND, CALLER\n"
	      "or NODE):\n", f);
	ml_table_help_columns(group_columns + 1, NG - 1, f);
	fputs("\nColumns (-o) with --by area:\n", f);
	ml_table_help_columns(area_columns, NA, f);
}

static void kinds_text(unsigned flags, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int k = 0; k < ML_VK_NONE && len < n; k++) {
		static const unsigned bits[ML_VK_NONE] = {
			ML_VMALLOC_VMALLOC, ML_VMALLOC_VMAP, ML_VMALLOC_IOREMAP, ML_VMALLOC_USER,
			ML_VMALLOC_VPAGES, ML_VMALLOC_DMA_COHERENT, ML_VMALLOC_SPARSE,
			ML_VMALLOC_VM_MAP_RAM, ML_VMALLOC_UNPURGED, ML_VMALLOC_OTHER,
		};
		if (flags & bits[k])
			len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? "," : "",
						ml_vmalloc_kind_name((enum ml_vmalloc_kind_index)k));
	}
}

static int add_group_row(struct ml_table *t, const struct ml_vmalloc_group *g, uint64_t ps,
			 uint64_t total_size, bool with_kinds)
{
	int r = ml_table_add_row(t, -1, 0);
	if (r < 0)
		return r;
	char buf[160];
	ml_table_set_str(t, r, G_NAME, g->name);
	if (t->cols[G_NAME].type == ML_COL_INT)
		ml_table_set_i64(t, r, G_NAME, g->node);
	ml_table_set_u64(t, r, G_AREAS, g->areas);
	if (t->cols[G_NAME].type != ML_COL_INT)   /* by node: only pages are per node */
		ml_table_set_u64(t, r, G_SIZE, g->size_bytes);
	ml_table_set_u64(t, r, G_MEMORY, g->pages * ps);
	ml_table_set_u64(t, r, G_PAGES, g->pages);
	if (t->cols[G_NAME].type != ML_COL_INT)
		ml_table_set_i64(t, r, G_SHARE, ml_permille(g->size_bytes, total_size));
	if (with_kinds) {
		kinds_text(g->kind_flags, buf, sizeof(buf));
		ml_table_set_str(t, r, G_KINDS, buf);
	}
	return r;
}

/* Column set for a group view. */
static void group_view(struct ml_column *cols, enum by by)
{
	memcpy(cols, group_columns, sizeof(group_columns));
	if (by == BY_CALLER) {
		cols[G_NAME] = (struct ml_column){ "CALLER", "caller", ML_COL_STR, 30, ML_COL_DEFAULT,
						   "allocating function without +offset/length, [module]" };
	} else if (by == BY_NODE) {
		cols[G_NAME] = (struct ml_column){ "NODE", "node", ML_COL_INT, 4, ML_COL_DEFAULT | ML_COL_RIGHT,
						   "NUMA node of the pages (N<node>=)" };
		cols[G_SIZE].flags &= ~(unsigned)ML_COL_DEFAULT;
		cols[G_SHARE].flags &= ~(unsigned)ML_COL_DEFAULT;
		cols[G_KINDS].flags &= ~(unsigned)ML_COL_DEFAULT;
	} else {
		cols[G_NAME].help = "vmallocinfo word; an area with several counts under each";
		cols[G_KINDS].flags &= ~(unsigned)ML_COL_DEFAULT;
	}
}

static int fill_groups(struct ml_table *t, const struct ml_vmalloc_summary *s, enum by by,
		       uint64_t ps, size_t top)
{
	if (by == BY_KIND) {
		for (int k = 0; k < ML_VK_COUNT; k++)
			if (s->kinds[k].areas && add_group_row(t, &s->kinds[k], ps, s->size_bytes, false) < 0)
				return ML_ENOMEM;
		/* Distinct areas: an area with two words counts once here. */
		int r = ml_table_add_row(t, -1, ML_ROW_TEXT_ONLY);
		if (r < 0)
			return ML_ENOMEM;
		ml_table_set_str(t, r, G_NAME, "total");
		ml_table_set_u64(t, r, G_AREAS, s->areas);
		ml_table_set_u64(t, r, G_SIZE, s->size_bytes);
		ml_table_set_u64(t, r, G_MEMORY, s->pages * ps);
		ml_table_set_u64(t, r, G_PAGES, s->pages);
		ml_table_set_i64(t, r, G_SHARE, 1000);
	} else if (by == BY_CALLER) {
		for (size_t i = 0; i < s->ncallers && (top == 0 || i < top); i++)
			if (add_group_row(t, &s->callers[i], ps, s->size_bytes, true) < 0)
				return ML_ENOMEM;
	} else {
		for (size_t i = 0; i < s->nnodes; i++)
			if (add_group_row(t, &s->nodes[i], ps, s->size_bytes, false) < 0)
				return ML_ENOMEM;
	}
	return ML_OK;
}

static int by_area_start(const void *x, const void *y)
{
	const struct ml_vmalloc_area *a = *(const struct ml_vmalloc_area *const *)x;
	const struct ml_vmalloc_area *b = *(const struct ml_vmalloc_area *const *)y;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

static int add_hole_row(struct ml_table *t, uint64_t start, uint64_t end)
{
	int r = ml_table_add_row(t, -1, 0);
	if (r < 0)
		return r;
	ml_table_set_u64(t, r, A_START, start);
	ml_table_set_u64(t, r, A_END, end);
	ml_table_set_u64(t, r, A_SIZE, end - start);
	ml_table_set_str(t, r, A_CALLER, "(free)");
	ml_table_set_str(t, r, A_KINDS, "free");
	return r;
}

/* Every area; by address with the holes when addresses are real (on 6.9+
 * the file is grouped by vmap node, not sorted), else in file order. */
static int fill_areas(struct ml_table *t, const struct ml_system *sys,
		      const struct ml_vmalloc_summary *s)
{
	const struct ml_vmallocinfo *vi = &sys->vmalloc;
	const struct ml_vmalloc_area **order = malloc((vi->n ? vi->n : 1) * sizeof(*order));
	if (!order)
		return ML_ENOMEM;
	for (size_t i = 0; i < vi->n; i++)
		order[i] = &vi->areas[i];
	bool real = s->range.known;
	if (real)
		qsort(order, vi->n, sizeof(*order), by_area_start);
	uint64_t cur = real ? s->range.start : 0;
	char buf[256];
	int rc = ML_OK;
	for (size_t i = 0; i < vi->n; i++) {
		const struct ml_vmalloc_area *a = order[i];
		uint64_t end = a->start + a->size < a->start ? UINT64_MAX : a->start + a->size;
		if (real && a->start > cur && add_hole_row(t, cur, a->start) < 0)
			goto nomem;
		if (real && end > cur)
			cur = end;
		int r = ml_table_add_row(t, -1, 0);
		if (r < 0)
			goto nomem;
		ml_table_set_u64(t, r, A_START, a->start);
		ml_table_set_u64(t, r, A_END, a->end);
		ml_table_set_u64(t, r, A_SIZE, a->size);
		if (a->has_pages)
			ml_table_set_u64(t, r, A_MEMORY, a->pages * sys->page_size);
		if (a->module[0])
			snprintf(buf, sizeof(buf), "%s [%s]", a->caller, a->module);
		else
			snprintf(buf, sizeof(buf), "%s", a->caller);
		ml_table_set_str(t, r, A_CALLER, buf);
		kinds_text(a->kind_flags, buf, sizeof(buf));
		ml_table_set_str(t, r, A_KINDS, buf);
		if (a->has_phys)
			ml_table_set_u64(t, r, A_PHYS, a->phys);
		size_t len = 0;
		buf[0] = '\0';
		for (unsigned j = 0; j < a->nnode_pages && len < sizeof(buf); j++)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%sN%u=%llu", j ? " " : "",
						a->node_pages[j].node, (unsigned long long)a->node_pages[j].pages);
		ml_table_set_str(t, r, A_NODES, buf);
		ml_table_set_u64(t, r, A_LINE, a->line);
	}
	if (real && s->range.end > cur && add_hole_row(t, cur, s->range.end) < 0)
		goto nomem;
	free(order);
	return rc;
nomem:
	free(order);
	return ML_ENOMEM;
}

/* A size in a sentence: words, or exact bytes with -b. */
static const char *sz(const struct ml_cli *cli, uint64_t bytes, char *buf, size_t n)
{
	if (cli->out.bytes)
		snprintf(buf, n, "%llu bytes", (unsigned long long)bytes);
	else
		ml_format_size_words(bytes, buf, n);
	return buf;
}

static const char *addresses_text(const struct ml_system *sys)
{
	switch (sys->vmalloc.addresses) {
	case ML_VMALLOC_ADDR_REAL:
		return "real";
	case ML_VMALLOC_ADDR_HASHED:
		return "hashed";
	case ML_VMALLOC_ADDR_ZERO:
		return "zero";
	case ML_VMALLOC_ADDR_PTRVAL:
		return "ptrval";
	}
	return "?";
}

static void print_space(const struct ml_cli *cli, const struct ml_system *sys,
			const struct ml_vmalloc_summary *s, uint64_t total, uint64_t want_size)
{
	char a[48], b[48], c[48];
	const struct ml_vmalloc_range *r = &s->range;
	uint64_t ps = sys->page_size;
	char kr[48] = "";
	if (sys->kptr_restrict >= 0)
		snprintf(kr, sizeof(kr), ", kptr_restrict=%d", sys->kptr_restrict);

	switch (sys->vmalloc.addresses) {
	case ML_VMALLOC_ADDR_HASHED:
		printf("Addresses are hashed (%%pK with %s): start and end are not addresses, so the holes\n"
		       "of the range cannot be computed (kernel-model 8.3). Read vmallocinfo as root with\n"
		       "kptr_restrict=1 to see them.\n", kr[0] ? kr + 2 : "kptr_restrict=0");
		break;
	case ML_VMALLOC_ADDR_ZERO:
		printf("Addresses are zeros (kptr_restrict=2, or 1 for a reader without CAP_SYSLOG%s):\n"
		       "the holes of the range cannot be computed (kernel-model 8.3).\n", kr);
		break;
	case ML_VMALLOC_ADDR_PTRVAL:
		printf("Addresses read \"(ptrval)\": the file was read before the kernel's pointer-hash key\n"
		       "was ready; the holes of the range cannot be computed (kernel-model 8.3).\n");
		break;
	case ML_VMALLOC_ADDR_REAL:
		break;
	}
	if (!r->known) {
		if (want_size)
			printf("Whether vmalloc(%llu) finds room cannot be told without real addresses.\n",
			       (unsigned long long)want_size);
		return;
	}
	printf("Addresses are real%s.\n", kr);
	if (r->bounded_by_total)
		printf("Range 0x%llx-0x%llx: VmallocTotal (%s) from the lowest area, which is\n"
		       "VMALLOC_START unless it was freed (vmalloc hands out the lowest free address first,\n"
		       "kernel-model 8.2).\n",
		       (unsigned long long)r->start, (unsigned long long)r->end, sz(cli, total, a, sizeof(a)));
	else if (r->areas_exceed_total)
		printf("The areas span %s, more than VmallocTotal (%s):\n"
		       "some lie outside the vmalloc range (module areas, as in x86_64's module range,\n"
		       "kernel-model 10.2); only the holes between areas are counted, and the largest may be\n"
		       "the gap between the two ranges.\n",
		       sz(cli, r->span, a, sizeof(a)), sz(cli, total, b, sizeof(b)));
	else
		printf("Without VmallocTotal the range is taken as the areas' own span, 0x%llx-0x%llx;\n"
		       "space before the first and after the last area is not counted.\n",
		       (unsigned long long)r->start, (unsigned long long)r->end);
	if (r->overlaps)
		printf("Some areas overlap: the file is torn or edited; the holes below are a lower bound.\n");
	printf("Free: %s in %llu holes", sz(cli, r->free_bytes, a, sizeof(a)), (unsigned long long)r->nholes);
	if (r->free_bytes) {
		char f[16];
		int64_t share = ml_permille(r->largest.size, r->free_bytes);
		ml_format_permille_pct(share, c, sizeof(c));
		ml_format_thousandths(1000 - share, f, sizeof(f));
		printf("; the largest, %s at 0x%llx, is %s of it\n(fragmentation 1 - largest/free = %s)",
		       sz(cli, r->largest.size, b, sizeof(b)), (unsigned long long)r->largest.start, c, f);
	}
	printf(".\n");
	if (s->unpurged_areas)
		printf("After purging the %llu lazily-freed areas (%s), as the allocator does before it\n"
		       "gives up: %s free in %llu holes, the largest %s at 0x%llx.\n",
		       (unsigned long long)s->unpurged_areas, sz(cli, s->unpurged_bytes, a, sizeof(a)),
		       sz(cli, r->free_after_purge, b, sizeof(b)), (unsigned long long)r->nholes_after_purge,
		       sz(cli, r->largest_after_purge.size, c, sizeof(c)),
		       (unsigned long long)r->largest_after_purge.start);
	if (r->bounded_by_total && r->edge_unplaced && r->largest.start + r->largest.size == r->end)
		printf("(The largest hole is the top of the range: if the lowest area is not at VMALLOC_START,\n"
		       "up to %s of it lies below the first area instead.)\n",
		       sz(cli, r->edge_unplaced, a, sizeof(a)));
	uint64_t largest = r->largest_after_purge.size;
	uint64_t fits = largest > ps ? (largest - ps) / ps * ps : 0;
	uint64_t ram = ml_system_meminfo(sys, "MemTotal", 0);
	printf("The largest vmalloc that can find room now is %s (largest hole less one guard page)",
	       sz(cli, fits, a, sizeof(a)));
	if (ram && fits >= ram)
		printf(":\nmore than all RAM (%s), so address space is not what limits vmalloc here\n"
		       "(a request above total RAM is refused first, kernel-model 8.1 step 1).\n",
		       sz(cli, ram, b, sizeof(b)));
	else
		printf(";\na larger one fails with \"vmap allocation for size N failed\" however much memory\n"
		       "is free: the range is out of address space, not of pages (kernel-model 8.1 step 3).\n");
	if (want_size) {
		uint64_t need = ml_vmalloc_reservation(want_size, ps);
		printf("vmalloc(%llu) reserves %llu bytes (rounded up to pages, plus a %llu-byte guard page);\n"
		       "the largest hole is %llu bytes: %s.\n",
		       (unsigned long long)want_size, (unsigned long long)need, (unsigned long long)ps,
		       (unsigned long long)largest, need && need <= largest ? "it fits" : "it does NOT fit");
	}
}

static void print_summary(const struct ml_cli *cli, const struct ml_system *sys,
			  const struct ml_vmalloc_summary *s, uint64_t want_size)
{
	char a[48], b[48], c[48];
	uint64_t ps = sys->page_size, used, total;
	bool has_used = ml_kv_get(&sys->meminfo, "VmallocUsed", &used);
	bool has_total = ml_kv_get(&sys->meminfo, "VmallocTotal", &total);
	bool have_vi = sys->loaded & ML_LOAD_VMALLOCINFO;

	if (have_vi) {
		printf("%llu areas reserve %s of virtual space; %s of pages are mapped in the %llu areas that\n"
		       "list pages=, whose reservations exceed their pages by %s (one guard page each,\n"
		       "kernel-model 8.1); ioremap and vmap areas map memory they do not own.\n",
		       (unsigned long long)s->areas, sz(cli, s->size_bytes, a, sizeof(a)),
		       sz(cli, s->pages * ps, b, sizeof(b)), (unsigned long long)s->paged_areas,
		       sz(cli, s->guard_bytes, c, sizeof(c)));
		if (s->nnodes) {
			printf("Pages by NUMA node:");
			for (size_t i = 0; i < s->nnodes; i++)
				printf(" N%u=%llu (%s)", s->nodes[i].node, (unsigned long long)s->nodes[i].pages,
				       sz(cli, s->nodes[i].pages * ps, a, sizeof(a)));
			printf("%s\n", s->node_pages_truncated ? " (areas on more than 16 nodes summed only)" : ".");
		} else {
			printf("No N<node>= counts: a kernel without NUMA.\n");
		}
	}
	if (has_used && have_vi) {
		uint64_t mine = s->vmalloc_pages * ps;
		printf("meminfo VmallocUsed %llu kB; the pages of the %llu vmalloc areas: %llu x %llu bytes = %llu kB%s\n",
		       (unsigned long long)(used / 1024), (unsigned long long)s->vmalloc_areas,
		       (unsigned long long)s->vmalloc_pages, (unsigned long long)ps,
		       (unsigned long long)(mine / 1024),
		       mine == used ? " (equal, kernel-model 8.2)." :
		       ";\nthey differ: the files were read at different moments, or VmallocUsed is 0 as on\n"
		       "some 4.x kernels (kernel-model 8.2).");
	} else if (has_used) {
		printf("meminfo VmallocUsed %llu kB: pages behind vmalloc areas (kernel-model 8.2).\n",
		       (unsigned long long)(used / 1024));
	}
	if (has_total) {
		printf("meminfo VmallocTotal %llu kB (%s): the size of the vmalloc range", (unsigned long long)(total / 1024),
		       sz(cli, total, a, sizeof(a)));
		if (have_vi) {
			ml_format_permille_pct(ml_permille(s->size_bytes, total), b, sizeof(b));
			printf("; the areas reserve %s of it", b);
		}
		printf(".\n");
	}
	if (have_vi)
		print_space(cli, sys, s, has_total ? total : 0, want_size);
	else if (want_size)
		printf("Whether vmalloc(%llu) fits needs /proc/vmallocinfo (root only).\n",
		       (unsigned long long)want_size);
}

static cJSON *group_json(const struct ml_vmalloc_group *g, size_t n, const char *key, uint64_t ps)
{
	cJSON *arr = cJSON_CreateArray();
	char buf[160];
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		if (!strcmp(key, "node"))
			ml_json_add_u64(o, "node", g[i].node);
		else
			cJSON_AddStringToObject(o, key, g[i].name);
		ml_json_add_u64(o, "areas", g[i].areas);
		if (strcmp(key, "node"))
			ml_json_add_u64(o, "size_bytes", g[i].size_bytes);
		ml_json_add_u64(o, "pages", g[i].pages);
		ml_json_add_u64(o, "memory_bytes", g[i].pages * ps);
		if (!strcmp(key, "caller")) {
			kinds_text(g[i].kind_flags, buf, sizeof(buf));
			cJSON_AddStringToObject(o, "kinds", buf);
		}
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *hole_json(const struct ml_vmalloc_hole *h)
{
	cJSON *o = cJSON_CreateObject();
	ml_json_add_u64(o, "start_address", h->start);
	ml_json_add_u64(o, "size_bytes", h->size);
	return o;
}

static int print_json(const struct ml_cli *cli, const struct ml_system *sys,
		      const struct ml_vmalloc_summary *s, struct ml_table *areas, size_t top,
		      uint64_t want_size, struct ml_error *err)
{
	cJSON *root = ml_json_envelope("vmalloc", sys);
	uint64_t ps = sys->page_size, v;
	bool have_vi = sys->loaded & ML_LOAD_VMALLOCINFO;
	cJSON *m = cJSON_AddObjectToObject(root, "meminfo");
	if (ml_kv_get(&sys->meminfo, "VmallocTotal", &v))
		ml_json_add_u64(m, "vmalloc_total_bytes", v);
	if (ml_kv_get(&sys->meminfo, "VmallocUsed", &v))
		ml_json_add_u64(m, "vmalloc_used_bytes", v);
	if (!have_vi) {
		cJSON_AddNullToObject(root, "totals");
		return ml_json_print(root, stdout);
	}
	cJSON_AddStringToObject(root, "addresses", addresses_text(sys));
	if (sys->kptr_restrict >= 0)
		ml_json_add_i64(root, "kptr_restrict", sys->kptr_restrict);
	cJSON *t = cJSON_AddObjectToObject(root, "totals");
	ml_json_add_u64(t, "areas", s->areas);
	ml_json_add_u64(t, "size_bytes", s->size_bytes);
	ml_json_add_u64(t, "pages", s->pages);
	ml_json_add_u64(t, "memory_bytes", s->pages * ps);
	ml_json_add_u64(t, "paged_areas", s->paged_areas);
	ml_json_add_u64(t, "guard_bytes", s->guard_bytes);
	ml_json_add_u64(t, "vmalloc_areas", s->vmalloc_areas);
	ml_json_add_u64(t, "vmalloc_pages", s->vmalloc_pages);
	ml_json_add_u64(t, "vmalloc_memory_bytes", s->vmalloc_pages * ps);
	ml_json_add_u64(t, "unpurged_areas", s->unpurged_areas);
	ml_json_add_u64(t, "unpurged_bytes", s->unpurged_bytes);
	size_t nkinds = 0;
	struct ml_vmalloc_group kinds[ML_VK_COUNT];
	for (int k = 0; k < ML_VK_COUNT; k++)
		if (s->kinds[k].areas)
			kinds[nkinds++] = s->kinds[k];
	cJSON_AddItemToObject(root, "kinds", group_json(kinds, nkinds, "kind", ps));
	size_t nc = top && top < s->ncallers ? top : s->ncallers;
	cJSON_AddItemToObject(root, "callers", group_json(s->callers, nc, "caller", ps));
	ml_json_add_u64(root, "callers_total", s->ncallers);
	cJSON_AddItemToObject(root, "nodes", group_json(s->nodes, s->nnodes, "node", ps));
	const struct ml_vmalloc_range *r = &s->range;
	if (r->known) {
		cJSON *a = cJSON_AddObjectToObject(root, "address_space");
		ml_json_add_u64(a, "start_address", r->start);
		ml_json_add_u64(a, "end_address", r->end);
		cJSON_AddBoolToObject(a, "bounded_by_vmalloc_total", r->bounded_by_total);
		cJSON_AddBoolToObject(a, "areas_exceed_vmalloc_total", r->areas_exceed_total);
		cJSON_AddBoolToObject(a, "overlaps", r->overlaps);
		ml_json_add_u64(a, "span_bytes", r->span);
		ml_json_add_u64(a, "edge_unplaced_bytes", r->edge_unplaced);
		ml_json_add_u64(a, "free_bytes", r->free_bytes);
		ml_json_add_u64(a, "holes", r->nholes);
		cJSON_AddItemToObject(a, "largest_hole", hole_json(&r->largest));
		ml_json_add_i64(a, "fragmentation_thousandths",
				r->free_bytes ? 1000 - ml_permille(r->largest.size, r->free_bytes) : 0);
		ml_json_add_u64(a, "free_after_purge_bytes", r->free_after_purge);
		ml_json_add_u64(a, "holes_after_purge", r->nholes_after_purge);
		cJSON_AddItemToObject(a, "largest_hole_after_purge", hole_json(&r->largest_after_purge));
		uint64_t l = r->largest_after_purge.size;
		ml_json_add_u64(a, "largest_vmalloc_bytes", l > ps ? (l - ps) / ps * ps : 0);
		if (want_size) {
			uint64_t need = ml_vmalloc_reservation(want_size, ps);
			cJSON *f = cJSON_AddObjectToObject(a, "fit");
			ml_json_add_u64(f, "size_bytes", want_size);
			ml_json_add_u64(f, "reservation_bytes", need);
			cJSON_AddBoolToObject(f, "fits", need && need <= l);
		}
	} else {
		cJSON_AddNullToObject(root, "address_space");
	}
	if (areas) {
		cJSON *arr = NULL;
		int rc = ml_table_to_json(areas, &cli->out, &arr, err);
		if (rc != ML_OK) {
			cJSON_Delete(root);
			return rc;
		}
		cJSON_AddItemToObject(root, "areas", arr);
	}
	return ml_json_print(root, stdout);
}

int cmd_vmalloc(int argc, char **argv, struct ml_cli *cli, struct ml_error *err)
{
	static const struct option longopts[] = {
		ML_COMMON_LONGOPTS,
		{ "by", required_argument, NULL, OPT_BY },
		{ "top", required_argument, NULL, 't' },
		{ "size", required_argument, NULL, OPT_SIZE },
		{ NULL, 0, NULL, 0 },
	};
	enum by by = BY_KIND;
	bool top_given = false;
	unsigned long long top = 10;
	uint64_t want_size = 0;
	int opt, rc;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ML_COMMON_SHORTOPTS "t:", longopts, NULL)) != -1) {
		if (opt == 'h') {
			help(stdout);
			return ML_OK;
		}
		if (opt == OPT_BY) {
			size_t k;
			for (k = 0; k < sizeof(by_names) / sizeof(by_names[0]); k++)
				if (strcmp(optarg, by_names[k]) == 0)
					break;
			if (k == sizeof(by_names) / sizeof(by_names[0]))
				return ml_error_set(err, ML_EUSAGE, NULL, 0,
						    "--by takes kind, caller, node or area, not '%s'", optarg);
			by = (enum by)k;
			continue;
		}
		if (opt == 't') {
			char *end;
			top = strtoull(optarg, &end, 10);
			if (!*optarg || *end || optarg[0] == '-' || top == 0 || top > 1000000000ULL)
				return ml_error_set(err, ML_EUSAGE, NULL, 0,
						    "--top takes a count from 1, not '%s'", optarg);
			top_given = true;
			continue;
		}
		if (opt == OPT_SIZE) {
			if ((rc = ml_parse_size(optarg, &want_size, err)) != ML_OK)
				return rc;
			if (want_size == 0)
				return ml_error_set(err, ML_EUSAGE, NULL, 0, "--size: vmalloc(0) allocates nothing");
			continue;
		}
		if ((rc = ml_cli_common(cli, opt, optarg, err)) < 0)
			return rc;
		if (rc == 0)
			return ml_cli_bad_option(err, "vmalloc");
	}
	if (optind < argc)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "vmalloc takes no arguments ('%s')", argv[optind]);
	if (by == BY_CALLER && !top_given)
		top = 0;
	ml_cli_finish(cli);

	/* vmallocinfo is root only: without it meminfo's two lines remain. */
	struct ml_system sys;
	rc = ml_cli_load(cli, &sys, ML_LOAD_VMALLOCINFO | ML_LOAD_MEMINFO | ML_LOAD_KPTR_RESTRICT, 0, err);
	if (rc != ML_OK)
		return rc;
	ml_cli_print_notes(&sys);

	char file[4200];
	if (sys.live)
		snprintf(file, sizeof(file), "/proc/vmallocinfo");
	else
		snprintf(file, sizeof(file), "%s/proc/vmallocinfo", sys.source);
	uint64_t total = ml_system_meminfo(&sys, "VmallocTotal", 0);
	struct ml_vmalloc_summary s;
	memset(&s, 0, sizeof(s));
	bool have_vi = sys.loaded & ML_LOAD_VMALLOCINFO;
	if (have_vi && (rc = ml_vmalloc_summarise(&sys.vmalloc, sys.page_size, total, file, &s, err)) != ML_OK) {
		ml_system_free(&sys);
		return rc;
	}

	struct ml_column cols[NG];
	struct ml_table t, side;
	bool areas = by == BY_AREA;
	if (areas) {
		ml_table_init(&t, area_columns, NA);
	} else {
		group_view(cols, by);
		ml_table_init(&t, cols, NG);
	}
	struct ml_column caller_cols[NG];
	group_view(caller_cols, BY_CALLER);
	ml_table_init(&side, caller_cols, NG);
	if (have_vi) {
		rc = areas ? fill_areas(&t, &sys, &s) : fill_groups(&t, &s, by, sys.page_size, (size_t)top);
		if (rc != ML_OK) {
			rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
			goto out;
		}
	}

	if (cli->out.json) {
		rc = print_json(cli, &sys, &s, areas ? &t : NULL, (size_t)top, want_size, err);
		if (rc != ML_OK && !err->code)
			ml_error_set(err, rc, NULL, 0, "cannot write the JSON document");
		goto out;
	}
	bool prose = !cli->out.raw && !cli->out.noheadings;
	if (have_vi) {
		rc = ml_table_print(&t, &cli->out, stdout, err);
		/* The default view also lists the top callers. */
		if (rc == ML_OK && by == BY_KIND && prose && s.ncallers) {
			if (fill_groups(&side, &s, BY_CALLER, sys.page_size, (size_t)top) != ML_OK) {
				rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
				goto out;
			}
			struct ml_output o = cli->out;
			o.columns = NULL;
			printf("\nTop %llu of %zu callers by reserved space:\n",
			       (unsigned long long)(top && top < s.ncallers ? top : s.ncallers), s.ncallers);
			rc = ml_table_print(&side, &o, stdout, err);
		}
	}
	if (rc == ML_OK && prose) {
		if (have_vi)
			putchar('\n');
		print_summary(cli, &sys, &s, want_size);
	}
out:
	ml_table_free(&t);
	ml_table_free(&side);
	ml_vmalloc_summary_free(&s);
	ml_system_free(&sys);
	return rc;
}
