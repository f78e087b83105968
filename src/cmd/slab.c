/* memlayout slab: one row per slab cache from /proc/slabinfo with what it
 * costs in pages and how full it is, totals that agree with slabtop, and how
 * they relate to meminfo's Slab lines (kernel-model §7.8, §11.6).
 * --kmalloc: the kmalloc size classes this kernel has, by family, with their
 * use (§7.1–§7.3). */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyse/slab_usage.h"
#include "../cli.h"
#include "../render/format.h"
#include "../render/json.h"

enum {
	COL_NAME, COL_ACTIVE, COL_OBJS, COL_USE, COL_OBJSIZE, COL_OBJPERSLAB, COL_PAGESPERSLAB,
	COL_SLABS, COL_ACTIVESLABS, COL_MEMORY, COL_ACTIVEMEM, COL_OBJMEM, COL_WASTE, COL_UTIL,
	COL_LIMIT, COL_BATCH, COL_SHARED, NCOLS
};

static const struct ml_column columns[NCOLS] = {
	[COL_NAME] = { "NAME", "name", ML_COL_STR, 20, ML_COL_DEFAULT, "cache name (merged caches appear under their creator's name)" },
	[COL_ACTIVE] = { "ACTIVE", "active_objs", ML_COL_COUNT, 7, ML_COL_DEFAULT | ML_COL_RIGHT, "objects in use (SLUB: free objects in per-CPU slabs count as in use)" },
	[COL_OBJS] = { "OBJS", "num_objs", ML_COL_COUNT, 7, ML_COL_DEFAULT | ML_COL_RIGHT, "objects in all slabs" },
	[COL_USE] = { "USE", "use_percent", ML_COL_PERMILLE, 5, ML_COL_RIGHT, "ACTIVE / OBJS (slabtop's USE)" },
	[COL_OBJSIZE] = { "OBJSIZE", "objsize_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "bytes per object with metadata and padding (s->size)" },
	[COL_OBJPERSLAB] = { "OBJ/SLAB", "objperslab", ML_COL_COUNT, 4, ML_COL_DEFAULT | ML_COL_RIGHT, "objects per slab" },
	[COL_PAGESPERSLAB] = { "PAGES/SLAB", "pagesperslab", ML_COL_COUNT, 4, ML_COL_DEFAULT | ML_COL_RIGHT, "pages per slab (2^order)" },
	[COL_SLABS] = { "SLABS", "num_slabs", ML_COL_COUNT, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "slabs" },
	[COL_ACTIVESLABS] = { "ACTIVESLABS", "active_slabs", ML_COL_COUNT, 6, ML_COL_RIGHT, "slabs with objects in use (SLAB); equal to SLABS on SLUB" },
	[COL_MEMORY] = { "MEMORY", "memory_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "SLABS x PAGES/SLAB x page size (slabtop's CACHE SIZE)" },
	[COL_ACTIVEMEM] = { "ACTIVEMEM", "active_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "ACTIVE x OBJSIZE" },
	[COL_OBJMEM] = { "OBJMEM", "object_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "OBJS x OBJSIZE (what slabtop sums as the total size)" },
	[COL_WASTE] = { "WASTE", "waste_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "MEMORY - ACTIVEMEM: free slots and slab tails" },
	[COL_UTIL] = { "UTIL", "util_percent", ML_COL_PERMILLE, 5, ML_COL_DEFAULT | ML_COL_RIGHT, "ACTIVEMEM / MEMORY" },
	[COL_LIMIT] = { "LIMIT", "limit", ML_COL_COUNT, 4, ML_COL_RIGHT, "SLAB tunable: per-CPU array limit (0 on SLUB)" },
	[COL_BATCH] = { "BATCH", "batchcount", ML_COL_COUNT, 4, ML_COL_RIGHT, "SLAB tunable: batch count (0 on SLUB)" },
	[COL_SHARED] = { "SHARED", "sharedfactor", ML_COL_COUNT, 4, ML_COL_RIGHT, "SLAB tunable: shared factor (0 on SLUB)" },
};

enum {
	KM_FAMILY, KM_CACHE, KM_SIZE, KM_REQUESTS, KM_OBJSIZE, KM_ACTIVE, KM_OBJS, KM_SLABS,
	KM_MEMORY, KM_ACTIVEMEM, KM_UTIL, NKM
};

static const struct ml_column km_columns[NKM] = {
	[KM_FAMILY] = { "FAMILY", "family", ML_COL_STR, 12, ML_COL_DEFAULT | ML_COL_TREE, "kmalloc family (tree: family, then its classes)" },
	[KM_CACHE] = { "CACHE", "cache", ML_COL_STR, 16, ML_COL_DEFAULT, "slab cache of the class" },
	[KM_SIZE] = { "SIZE", "size_bytes", ML_COL_BYTES, 5, ML_COL_DEFAULT | ML_COL_RIGHT, "class size: what one kmalloc of this class takes" },
	[KM_REQUESTS] = { "REQUESTS", "requests", ML_COL_STR, 10, ML_COL_DEFAULT | ML_COL_RIGHT, "request sizes in bytes that land in this class" },
	[KM_OBJSIZE] = { "OBJSIZE", "objsize_bytes", ML_COL_BYTES, 5, ML_COL_RIGHT, "object stride in slabinfo (larger with slab debugging)" },
	[KM_ACTIVE] = { "ACTIVE", "active_objs", ML_COL_COUNT, 7, ML_COL_DEFAULT | ML_COL_RIGHT, "objects in use" },
	[KM_OBJS] = { "OBJS", "num_objs", ML_COL_COUNT, 7, ML_COL_DEFAULT | ML_COL_RIGHT, "objects in all slabs" },
	[KM_SLABS] = { "SLABS", "num_slabs", ML_COL_COUNT, 6, ML_COL_RIGHT, "slabs" },
	[KM_MEMORY] = { "MEMORY", "memory_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "slabs x pages per slab x page size" },
	[KM_ACTIVEMEM] = { "ACTIVEMEM", "active_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "objects in use x object size" },
	[KM_UTIL] = { "UTIL", "util_percent", ML_COL_PERMILLE, 5, ML_COL_DEFAULT | ML_COL_RIGHT, "ACTIVEMEM / MEMORY" },
};

enum sort_key { SORT_NAME, SORT_OBJS, SORT_SIZE, SORT_TOTAL, SORT_WASTE, SORT_UTIL };
static const char *const sort_names[] = { "name", "objs", "size", "total", "waste", "util" };

enum { OPT_NAME = ML_OPT_FIRST_COMMAND_OPTION };

static void help(FILE *f)
{
	fputs("Usage: memlayout slab [OPTIONS]\n\n"
	      "One row per slab cache (/proc/slabinfo, readable by root only): objects, object\n"
	      "size, slab geometry, the pages the cache holds, the bytes in active objects,\n"
	      "the waste and the utilisation; totals as slabtop prints them, and how they\n"
	      "relate to meminfo's Slab, SReclaimable and SUnreclaim.\n\n"
	      "Options:\n"
	      "  -s, --sort KEY       name, objs, size (object size), total (memory, the\n"
	      "                       default), waste or util; numbers sort largest first\n"
	      "  -t, --top N          show only the first N caches (the totals still count\n"
	      "                       every cache the filter lets through)\n"
	      "      --name GLOB      only caches whose name matches the shell pattern GLOB\n"
	      "                       (fnmatch: 'kmalloc-*', 'ext4_*'); quote it\n"
	      "  -k, --kmalloc        the kmalloc size classes of this kernel by family, with\n"
	      "                       their use; without slabinfo, the architecture's defaults\n\n",
	      f);
	ml_cli_help_common(f);
	fputs("\nColumns (-o):\n", f);
	ml_table_help_columns(columns, NCOLS, f);
	fputs("\nColumns with --kmalloc (-o):\n", f);
	ml_table_help_columns(km_columns, NKM, f);
}

static enum sort_key g_sort;

static int cmp_u64_desc(uint64_t a, uint64_t b)
{
	return a > b ? -1 : a < b ? 1 : 0;
}

static int by_key(const void *pa, const void *pb)
{
	const struct ml_slab_usage *a = pa, *b = pb;
	int c = 0;
	switch (g_sort) {
	case SORT_NAME:
		break;
	case SORT_OBJS:
		c = cmp_u64_desc(a->cache->num_objs, b->cache->num_objs);
		break;
	case SORT_SIZE:
		c = cmp_u64_desc(a->cache->objsize, b->cache->objsize);
		break;
	case SORT_TOTAL:
		c = cmp_u64_desc(a->mem_bytes, b->mem_bytes);
		break;
	case SORT_WASTE:
		c = cmp_u64_desc(a->waste_bytes, b->waste_bytes);
		break;
	case SORT_UTIL:
		c = cmp_u64_desc((uint64_t)a->util_permille, (uint64_t)b->util_permille);
		break;
	}
	return c ? c : strcmp(a->cache->name, b->cache->name);
}

static void slabinfo_path(const struct ml_system *sys, char *buf, size_t n)
{
	if (sys->live)
		snprintf(buf, n, "/proc/slabinfo");
	else
		snprintf(buf, n, "%s/proc/slabinfo", sys->source);
}

static void fill_row(struct ml_table *t, int r, const struct ml_slab_usage *u)
{
	const struct ml_slab_cache *c = u->cache;
	ml_table_set_str(t, r, COL_NAME, c->name);
	ml_table_set_u64(t, r, COL_ACTIVE, c->active_objs);
	ml_table_set_u64(t, r, COL_OBJS, c->num_objs);
	ml_table_set_i64(t, r, COL_USE, u->use_permille);
	ml_table_set_u64(t, r, COL_OBJSIZE, c->objsize);
	ml_table_set_u64(t, r, COL_OBJPERSLAB, c->objperslab);
	ml_table_set_u64(t, r, COL_PAGESPERSLAB, c->pagesperslab);
	ml_table_set_u64(t, r, COL_SLABS, c->num_slabs);
	ml_table_set_u64(t, r, COL_ACTIVESLABS, c->active_slabs);
	ml_table_set_u64(t, r, COL_MEMORY, u->mem_bytes);
	ml_table_set_u64(t, r, COL_ACTIVEMEM, u->active_bytes);
	ml_table_set_u64(t, r, COL_OBJMEM, u->object_bytes);
	ml_table_set_u64(t, r, COL_WASTE, u->waste_bytes);
	ml_table_set_i64(t, r, COL_UTIL, u->util_permille);
	ml_table_set_u64(t, r, COL_LIMIT, c->limit);
	ml_table_set_u64(t, r, COL_BATCH, c->batchcount);
	ml_table_set_u64(t, r, COL_SHARED, c->sharedfactor);
}

static void add_totals_json(cJSON *o, const struct ml_slab_totals *t)
{
	ml_json_add_u64(o, "caches", t->caches);
	ml_json_add_u64(o, "caches_with_objects", t->caches_with_objects);
	ml_json_add_u64(o, "active_objs", t->active_objs);
	ml_json_add_u64(o, "num_objs", t->num_objs);
	ml_json_add_u64(o, "active_slabs", t->active_slabs);
	ml_json_add_u64(o, "num_slabs", t->num_slabs);
	ml_json_add_u64(o, "pages", t->pages);
	ml_json_add_u64(o, "memory_bytes", t->mem_bytes);
	ml_json_add_u64(o, "active_bytes", t->active_bytes);
	ml_json_add_u64(o, "object_bytes", t->object_bytes);
	ml_json_add_u64(o, "waste_bytes", t->waste_bytes);
}

static void pct(char *buf, size_t n, uint64_t part, uint64_t whole)
{
	ml_format_permille_pct(ml_permille(part, whole), buf, n);
}

/* The lines below the table: totals as slabtop prints them, then meminfo. */
static void print_explanation(const struct ml_system *sys, const struct ml_slab_totals *all,
			      const struct ml_slab_meminfo *mi)
{
	char a[32], b[32], c[32];
	bool have_slab = sys->loaded & ML_LOAD_SLABINFO;
	uint64_t kb = 1024;

	if (have_slab) {
		pct(a, sizeof(a), all->active_objs, all->num_objs);
		printf("All %llu caches (%llu hold objects): %llu of %llu objects active (%s) in %llu slabs (%llu active).\n",
		       (unsigned long long)all->caches, (unsigned long long)all->caches_with_objects,
		       (unsigned long long)all->active_objs, (unsigned long long)all->num_objs, a,
		       (unsigned long long)all->num_slabs, (unsigned long long)all->active_slabs);
		/* slabtop (procps libproc2 slabinfo.c) sums objects x objsize for its
		 * "Active / Total Size" and prints it in K = bytes / 1024 with two
		 * decimals; its per-cache CACHE SIZE is slabs x pages x page size. */
		pct(a, sizeof(a), all->active_bytes, all->object_bytes);
		/* Printed as slabtop prints it (%.2f of bytes / 1024.0, exact in a
		 * double below 2^53 bytes), so the two can be compared as text. */
		printf("Object bytes, active / total: %.2fK / %.2fK (%s), slabtop's \"Active / Total Size\".\n",
		       (double)all->active_bytes / 1024.0, (double)all->object_bytes / 1024.0, a);
		pct(a, sizeof(a), all->active_bytes, all->mem_bytes);
		printf("Slab pages: %llu kB = %llu pages of %llu bytes; %llu kB in active objects (%s), %llu kB waste.\n",
		       (unsigned long long)(all->mem_bytes / kb), (unsigned long long)all->pages,
		       (unsigned long long)sys->page_size, (unsigned long long)(all->active_bytes / kb), a,
		       (unsigned long long)(all->waste_bytes / kb));
	}
	if (!mi->has_slab) {
		if (sys->loaded & ML_LOAD_MEMINFO)
			printf("meminfo has no Slab line.\n");
		return;
	}
	if (mi->has_split)
		printf("meminfo: Slab %llu kB = SReclaimable %llu kB + SUnreclaim %llu kB.\n",
		       (unsigned long long)(mi->slab / kb), (unsigned long long)(mi->reclaimable / kb),
		       (unsigned long long)(mi->unreclaimable / kb));
	else
		printf("meminfo: Slab %llu kB (this kernel does not split it into SReclaimable and SUnreclaim).\n",
		       (unsigned long long)(mi->slab / kb));
	if (!have_slab) {
		printf("Per-cache figures need /proc/slabinfo (root only).\n");
		return;
	}
	uint64_t gap = (uint64_t)(mi->gap_bytes < 0 ? -mi->gap_bytes : mi->gap_bytes);
	pct(b, sizeof(b), gap, mi->slab);
	snprintf(c, sizeof(c), "%llu kB", (unsigned long long)(gap / kb));
	if (gap < kb)
		printf("The slab pages equal meminfo's Slab. They can differ because:\n");
	else
		printf("The slab pages are %s (%s of Slab) %s than meminfo's Slab. Why they differ:\n", c, b,
		       mi->gap_bytes >= 0 ? "less" : "more");
	bool slab_allocator = false;
	for (size_t i = 0; i < sys->slab.ncaches && !slab_allocator; i++)
		slab_allocator = sys->slab.caches[i].has_tunables;
	if (slab_allocator) {
		/* SLAB (<= 6.7) counted whole slabs in both files; it had no
		 * large-kmalloc path before 6.1 (kernel-model 7.1 history). */
		printf("  this is the SLAB allocator (tunables set): both count whole slabs; objects held in\n"
		       "  per-CPU arrays count as active; off-slab slab descriptors live in the kmalloc (size-N)\n"
		       "  rows; and the two files are read at different moments (kernel-model 7.8).\n");
		return;
	}
	ml_format_size_words(sys->kmalloc.max_cache_size, a, sizeof(a));
	printf("  kmallocs above %s go to the page allocator and count in SUnreclaim with no slabinfo\n"
	       "  row (kernel-model 7.5); slabinfo counts every slab at its preferred order, an upper bound\n"
	       "  when SLUB fell back to a smaller one (7.4); merged caches show once, under the creator's\n"
	       "  name (7.8); free objects in per-CPU slabs count as active; struct slab metadata is in\n"
	       "  neither; and the two files are read at different moments.\n", a);
}

static int run_kmalloc(struct ml_cli *cli, struct ml_system *sys, const char *glob,
		       const char *file, struct ml_error *err)
{
	const struct ml_kmalloc_table *km = &sys->kmalloc;
	struct ml_table t;
	ml_table_init(&t, km_columns, NKM);
	int rc = ML_OK, fam_row = -1;
	const char *last_family = "";
	uint64_t prev_size = 0;
	char buf[64];
	struct ml_slab_totals fam = { 0 };

	cJSON *families = cli->out.json ? cJSON_CreateArray() : NULL;
	for (size_t i = 0; i <= km->n; i++) {
		const struct ml_kmalloc_class *k = i < km->n ? &km->classes[i] : NULL;
		if (!k || strcmp(k->family, last_family) != 0) {
			/* Close the family before: its totals on the tree parent. */
			if (fam_row >= 0 && km->from_slabinfo) {
				ml_table_set_u64(&t, fam_row, KM_ACTIVE, fam.active_objs);
				ml_table_set_u64(&t, fam_row, KM_OBJS, fam.num_objs);
				ml_table_set_u64(&t, fam_row, KM_SLABS, fam.num_slabs);
				ml_table_set_u64(&t, fam_row, KM_MEMORY, fam.mem_bytes);
				ml_table_set_u64(&t, fam_row, KM_ACTIVEMEM, fam.active_bytes);
				ml_table_set_i64(&t, fam_row, KM_UTIL, ml_permille(fam.active_bytes, fam.mem_bytes));
			}
			if (fam_row >= 0) {
				if (families) {
					cJSON *o = cJSON_CreateObject();
					cJSON_AddStringToObject(o, "family", last_family);
					ml_json_add_u64(o, "classes", fam.caches);
					if (km->from_slabinfo) {
						add_totals_json(o, &fam);
						cJSON_DeleteItemFromObject(o, "caches");   /* = classes */
					}
					cJSON_AddItemToArray(families, o);
				}
			}
			if (!k)
				break;
			fam_row = -1;
			last_family = k->family;
			prev_size = 0;
			memset(&fam, 0, sizeof(fam));
		}
		/* Requests from the previous class + 1 up to this size land here
		 * (§7.2: the smallest class that holds the request). */
		uint64_t lo = prev_size + 1;
		prev_size = k->size;
		if (glob && fnmatch(glob, k->cache, 0) != 0)
			continue;
		if (fam_row < 0) {
			fam_row = ml_table_add_row(&t, -1, ML_ROW_TEXT_ONLY);
			if (fam_row < 0) {
				rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
				goto out;
			}
			ml_table_set_str(&t, fam_row, KM_FAMILY, k->family);
		}
		int r = ml_table_add_row(&t, fam_row, 0);
		if (r < 0) {
			rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
			goto out;
		}
		ml_table_set_str(&t, r, KM_FAMILY, k->family);
		ml_table_json_only(&t, r, KM_FAMILY);
		ml_table_set_str(&t, r, KM_CACHE, k->cache);
		ml_table_set_u64(&t, r, KM_SIZE, k->size);
		snprintf(buf, sizeof(buf), "%llu-%llu", (unsigned long long)lo, (unsigned long long)k->size);
		ml_table_set_str(&t, r, KM_REQUESTS, buf);
		if (k->slab) {
			struct ml_slab_usage u;
			if ((rc = ml_slab_usage(k->slab, sys->page_size, file, &u, err)) != ML_OK ||
			    (rc = ml_slab_totals_add(&fam, &u, file, err)) != ML_OK)
				goto out;
			ml_table_set_u64(&t, r, KM_OBJSIZE, k->slab->objsize);
			ml_table_set_u64(&t, r, KM_ACTIVE, k->slab->active_objs);
			ml_table_set_u64(&t, r, KM_OBJS, k->slab->num_objs);
			ml_table_set_u64(&t, r, KM_SLABS, k->slab->num_slabs);
			ml_table_set_u64(&t, r, KM_MEMORY, u.mem_bytes);
			ml_table_set_u64(&t, r, KM_ACTIVEMEM, u.active_bytes);
			ml_table_set_i64(&t, r, KM_UTIL, u.util_permille);
		} else {
			fam.caches++;
		}
	}

	char minb[32], maxc[32], maxs[32];
	ml_format_size_words(km->min_size, minb, sizeof(minb));
	ml_format_size_words(km->max_cache_size, maxc, sizeof(maxc));
	ml_format_size_words(km->max_size, maxs, sizeof(maxs));
	if (cli->out.json) {
		cJSON *root = ml_json_envelope("slab", sys), *arr = NULL;
		rc = ml_table_to_json(&t, &cli->out, &arr, err);
		if (rc != ML_OK) {
			cJSON_Delete(root);
			goto out;
		}
		cJSON *o = cJSON_AddObjectToObject(root, "kmalloc");
		cJSON_AddBoolToObject(o, "from_slabinfo", km->from_slabinfo);
		ml_json_add_u64(o, "min_size_bytes", km->min_size);
		ml_json_add_u64(o, "max_cache_size_bytes", km->max_cache_size);
		ml_json_add_u64(o, "max_size_bytes", km->max_size);
		cJSON_AddItemToObject(o, "families", families);
		families = NULL;
		cJSON_AddItemToObject(o, "classes", arr);
		rc = ml_json_print(root, stdout);
		if (rc != ML_OK)
			ml_error_set(err, rc, NULL, 0, "cannot write the JSON document");
		goto out;
	}
	rc = ml_table_print(&t, &cli->out, stdout, err);
	if (rc != ML_OK || cli->out.raw || cli->out.noheadings)
		goto out;
	putchar('\n');
	if (km->from_slabinfo)
		printf("Classes as this kernel created them (/proc/slabinfo).\n");
	else
		printf("Classes are the defaults for %s with %llu-byte pages (kernel-model 7.2): /proc/slabinfo\n"
		       "was not read, so neither use nor the other families (cg, rcl, dma, rnd) are known.\n",
		       sys->info.arch[0] ? sys->info.arch : "this architecture",
		       (unsigned long long)sys->page_size);
	if (km->min_size > 8)
		printf("No class below %s: requests of 1 to %llu bytes all land in the %s class (the minimum\n"
		       "kmalloc alignment aliases the smaller classes, kernel-model 7.2).\n",
		       minb, (unsigned long long)km->min_size, minb);
	if (!km->from_slabinfo && km->min_size == 64)
		printf("That is arm64 from about 6.5 with a 64-byte cache line; earlier arm64 kernels had no class\n"
		       "below 128 bytes, and none of 96 or 192.\n");
	printf("kmalloc caches serve %s to %s (KMALLOC_MAX_CACHE_SIZE); larger requests go to the page\n"
	       "allocator as one block of 2^order pages, up to %s (KMALLOC_MAX_SIZE), and are counted\n"
	       "in meminfo SUnreclaim, not here (kernel-model 7.1, 7.5).\n",
	       km->n ? minb : "?", maxc, maxs);
out:
	cJSON_Delete(families);
	ml_table_free(&t);
	return rc;
}

int cmd_slab(int argc, char **argv, struct ml_cli *cli, struct ml_error *err)
{
	static const struct option longopts[] = {
		ML_COMMON_LONGOPTS,
		{ "sort", required_argument, NULL, 's' },
		{ "top", required_argument, NULL, 't' },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "kmalloc", no_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	enum sort_key sort = SORT_TOTAL;
	bool kmalloc = false, sort_given = false;
	unsigned long long top = 0;
	const char *glob = NULL;
	int opt, rc;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ML_COMMON_SHORTOPTS "s:t:k", longopts, NULL)) != -1) {
		if (opt == 'h') {
			help(stdout);
			return ML_OK;
		}
		if (opt == 's') {
			size_t k;
			for (k = 0; k < sizeof(sort_names) / sizeof(sort_names[0]); k++)
				if (strcmp(optarg, sort_names[k]) == 0)
					break;
			if (k == sizeof(sort_names) / sizeof(sort_names[0]))
				return ml_error_set(err, ML_EUSAGE, NULL, 0,
						    "--sort takes name, objs, size, total, waste or util, not '%s'", optarg);
			sort = (enum sort_key)k;
			sort_given = true;
			continue;
		}
		if (opt == 't') {
			char *end;
			top = strtoull(optarg, &end, 10);
			if (!*optarg || *end || optarg[0] == '-' || top == 0 || top > 1000000000ULL)
				return ml_error_set(err, ML_EUSAGE, NULL, 0,
						    "--top takes a count from 1, not '%s'", optarg);
			continue;
		}
		if (opt == OPT_NAME) {
			glob = optarg;
			continue;
		}
		if (opt == 'k') {
			kmalloc = true;
			continue;
		}
		if ((rc = ml_cli_common(cli, opt, optarg, err)) < 0)
			return rc;
		if (rc == 0)
			return ml_cli_bad_option(err, "slab");
	}
	if (optind < argc)
		return ml_error_set(err, ML_EUSAGE, NULL, 0,
				    "slab takes no arguments ('%s'); filter names with --name GLOB", argv[optind]);
	if (kmalloc && (sort_given || top))
		return ml_error_set(err, ML_EUSAGE, NULL, 0,
				    "--sort and --top order the cache list; --kmalloc lists classes by family and size");
	ml_cli_finish(cli);

	/* Nothing is required: slabinfo is root only, and without it meminfo's
	 * Slab lines and the kmalloc defaults are still worth showing.
	 * buddyinfo gives MAX_PAGE_ORDER for the largest kmalloc. */
	struct ml_system sys;
	rc = ml_cli_load(cli, &sys,
			 ML_LOAD_SLABINFO | ML_LOAD_MEMINFO | (kmalloc ? ML_LOAD_BUDDYINFO : 0), 0, err);
	if (rc != ML_OK)
		return rc;
	ml_cli_print_notes(&sys);

	char file[4200];
	slabinfo_path(&sys, file, sizeof(file));
	if (kmalloc) {
		rc = run_kmalloc(cli, &sys, glob, file, err);
		ml_system_free(&sys);
		return rc;
	}

	struct ml_table t;
	ml_table_init(&t, columns, NCOLS);
	struct ml_slab_usage *use = calloc(sys.slab.ncaches ? sys.slab.ncaches : 1, sizeof(*use));
	struct ml_slab_totals all = { 0 }, shown = { 0 };
	size_t n = 0;
	if (!use) {
		rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < sys.slab.ncaches; i++) {
		struct ml_slab_usage u;
		if ((rc = ml_slab_usage(&sys.slab.caches[i], sys.page_size, file, &u, err)) != ML_OK ||
		    (rc = ml_slab_totals_add(&all, &u, file, err)) != ML_OK)
			goto out;
		if (glob && fnmatch(glob, u.cache->name, 0) != 0)
			continue;
		if ((rc = ml_slab_totals_add(&shown, &u, file, err)) != ML_OK)
			goto out;
		use[n++] = u;
	}
	g_sort = sort;
	qsort(use, n, sizeof(*use), by_key);
	size_t nshow = top && top < n ? (size_t)top : n;
	for (size_t i = 0; i < nshow; i++) {
		int r = ml_table_add_row(&t, -1, 0);
		if (r < 0) {
			rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
			goto out;
		}
		fill_row(&t, r, &use[i]);
	}
	bool have_slab = sys.loaded & ML_LOAD_SLABINFO;
	if (have_slab) {
		/* The totals row: text only; JSON carries "totals". */
		char label[64];
		int r = ml_table_add_row(&t, -1, ML_ROW_TEXT_ONLY);
		if (r < 0) {
			rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
			goto out;
		}
		if (shown.caches == all.caches)
			snprintf(label, sizeof(label), "total (%llu caches)", (unsigned long long)all.caches);
		else
			snprintf(label, sizeof(label), "total (%llu of %llu caches)",
				 (unsigned long long)shown.caches, (unsigned long long)all.caches);
		ml_table_set_str(&t, r, COL_NAME, label);
		ml_table_set_u64(&t, r, COL_ACTIVE, shown.active_objs);
		ml_table_set_u64(&t, r, COL_OBJS, shown.num_objs);
		ml_table_set_i64(&t, r, COL_USE, ml_permille(shown.active_objs, shown.num_objs));
		ml_table_set_u64(&t, r, COL_SLABS, shown.num_slabs);
		ml_table_set_u64(&t, r, COL_ACTIVESLABS, shown.active_slabs);
		ml_table_set_u64(&t, r, COL_MEMORY, shown.mem_bytes);
		ml_table_set_u64(&t, r, COL_ACTIVEMEM, shown.active_bytes);
		ml_table_set_u64(&t, r, COL_OBJMEM, shown.object_bytes);
		ml_table_set_u64(&t, r, COL_WASTE, shown.waste_bytes);
		ml_table_set_i64(&t, r, COL_UTIL, ml_permille(shown.active_bytes, shown.mem_bytes));
	}
	struct ml_slab_meminfo mi;
	ml_slab_meminfo(&sys, have_slab ? &all : NULL, &mi);

	if (cli->out.json) {
		cJSON *root = ml_json_envelope("slab", &sys), *arr = NULL;
		rc = ml_table_to_json(&t, &cli->out, &arr, err);
		if (rc != ML_OK) {
			cJSON_Delete(root);
			goto out;
		}
		cJSON_AddStringToObject(root, "sort", sort_names[sort]);
		if (glob)
			cJSON_AddStringToObject(root, "name_filter", glob);
		if (have_slab) {
			cJSON_AddStringToObject(root, "slabinfo_version", sys.slab.version_minor ? "2.1" : "2.0");
			cJSON_AddItemToObject(root, "caches", arr);
			add_totals_json(cJSON_AddObjectToObject(root, "totals"), &shown);
			add_totals_json(cJSON_AddObjectToObject(root, "totals_all"), &all);
		} else {
			cJSON_Delete(arr);
			cJSON_AddNullToObject(root, "caches");
		}
		cJSON *m = cJSON_AddObjectToObject(root, "meminfo");
		if (mi.has_slab)
			ml_json_add_u64(m, "slab_bytes", mi.slab);
		if (mi.has_split) {
			ml_json_add_u64(m, "sreclaimable_bytes", mi.reclaimable);
			ml_json_add_u64(m, "sunreclaim_bytes", mi.unreclaimable);
		}
		if (mi.has_slab && have_slab)
			ml_json_add_i64(m, "slab_minus_slabinfo_bytes", mi.gap_bytes);
		rc = ml_json_print(root, stdout);
		if (rc != ML_OK)
			ml_error_set(err, rc, NULL, 0, "cannot write the JSON document");
		goto out;
	}
	if (have_slab)
		rc = ml_table_print(&t, &cli->out, stdout, err);
	if (rc == ML_OK && !cli->out.raw && !cli->out.noheadings) {
		if (have_slab)
			putchar('\n');
		print_explanation(&sys, &all, &mi);
	}
out:
	free(use);
	ml_table_free(&t);
	ml_system_free(&sys);
	return rc;
}
