/* The kmalloc size classes of this kernel (kernel-model §7.1–§7.3).
 *
 * From /proc/slabinfo: every cache whose name is a kmalloc family prefix
 * followed by a size ("kmalloc-96", "kmalloc-cg-1k", "dma-kmalloc-8k",
 * "kmalloc-rcl-2M", "kmalloc-rnd-03-256") is a class; the names say which
 * classes exist, which matters because the run-time alignment can alias the
 * small ones away (arm64, §7.2).  SLAB kernels before 2.6.22 called them
 * "size-N" and "size-N(DMA)": they are read as the kmalloc and dma-kmalloc
 * families, so that lookups work the same on old captures.
 *
 * Without slabinfo (root only): the architecture's defaults for the page
 * size, which is what the kernel builds when no alignment aliases a class. */
#include "kmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Families in the kernel's enum kmalloc_cache_type order (§7.3): NORMAL,
 * its random copies, RECLAIM, DMA, CGROUP.  The rank orders the table. */
static const struct {
	const char *prefix;     /* name up to the size */
	const char *family;
	int rank;
} families[] = {
	{ "kmalloc-cg-", "kmalloc-cg", 40 },
	{ "kmalloc-rcl-", "kmalloc-rcl", 20 },
	{ "dma-kmalloc-", "dma-kmalloc", 30 },
	{ "kmalloc-", "kmalloc", 0 },
};

/* "8", "96", "1k", "8k", "2M" -> bytes; a class is a power of two from 8, or
 * 96 or 192 (§7.2: kmalloc_info[]).  Anything else ("buckets" in
 * kmalloc_buckets, a bucket set's "memdup_user-64" is not seen here) is not
 * a class. */
static bool parse_class_size(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0, mult = 1;
	size_t i = 0;
	if (len && (s[len - 1] == 'k' || s[len - 1] == 'M')) {
		mult = s[len - 1] == 'k' ? 1024 : 1024 * 1024;
		len--;
	}
	if (len == 0 || len > 9)
		return false;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	v *= mult;
	if (v < 8)
		return false;
	if (v == 96 || v == 192 || (v & (v - 1)) == 0) {
		*out = v;
		return true;
	}
	return false;
}

/* Family, rank and size of a slabinfo cache name, false when it is not a
 * kmalloc class. */
static bool classify(const char *name, char *family, size_t nfamily, int *rank, uint64_t *size)
{
	size_t n = strlen(name);

	/* 2.6-era SLAB: "size-32", "size-32(DMA)" (kernel-model §7.1 history). */
	if (strncmp(name, "size-", 5) == 0) {
		bool dma = n > 5 + 5 && strcmp(name + n - 5, "(DMA)") == 0;
		if (!parse_class_size(name + 5, n - 5 - (dma ? 5 : 0), size))
			return false;
		snprintf(family, nfamily, "%s", dma ? "dma-kmalloc" : "kmalloc");
		*rank = dma ? 30 : 0;
		return true;
	}
	/* Random copies (CONFIG_RANDOM_KMALLOC_CACHES, 6.6+): "kmalloc-rnd-NN-<size>",
	 * NN 01..15; copy 0 is the plain kmalloc-<size>. */
	if (strncmp(name, "kmalloc-rnd-", 12) == 0) {
		const char *p = name + 12;
		if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' && p[2] == '-'))
			return false;
		if (!parse_class_size(p + 3, strlen(p + 3), size))
			return false;
		snprintf(family, nfamily, "kmalloc-rnd-%c%c", p[0], p[1]);
		*rank = 1 + (p[0] - '0') * 10 + (p[1] - '0');
		return true;
	}
	for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
		size_t pl = strlen(families[f].prefix);
		if (strncmp(name, families[f].prefix, pl) != 0)
			continue;
		if (!parse_class_size(name + pl, n - pl, size))
			return false;
		snprintf(family, nfamily, "%s", families[f].family);
		*rank = families[f].rank;
		return true;
	}
	return false;
}

static int family_rank(const char *family)
{
	char f[24];
	int rank;
	uint64_t size;
	char probe[64];
	snprintf(probe, sizeof(probe), "%s-8", family);
	return classify(probe, f, sizeof(f), &rank, &size) ? rank : 99;
}

static int by_family_then_size(const void *a, const void *b)
{
	const struct ml_kmalloc_class *x = a, *y = b;
	int rx = family_rank(x->family), ry = family_rank(y->family);
	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (x->size != y->size)
		return x->size < y->size ? -1 : 1;
	return strcmp(x->cache, y->cache);
}

/* "kmalloc-1k" style names, as new_kmalloc_cache() makes them. */
static void class_name(char *buf, size_t n, const char *family, uint64_t size)
{
	if (size >= (1u << 20) && size % (1u << 20) == 0)
		snprintf(buf, n, "%s-%lluM", family, (unsigned long long)(size >> 20));
	else if (size >= 1024 && size % 1024 == 0)
		snprintf(buf, n, "%s-%lluk", family, (unsigned long long)(size >> 10));
	else
		snprintf(buf, n, "%s-%llu", family, (unsigned long long)size);
}

static bool is_arm64(const char *arch)
{
	return arch && (strcmp(arch, "aarch64") == 0 || strcmp(arch, "arm64") == 0);
}

/* MAX_PAGE_ORDER when buddyinfo did not say: 10 everywhere with 4 KiB pages;
 * arm64 raises it with the page size (kernel-model §7.1, §10.3). */
static int default_max_order(uint64_t page_size, const char *arch)
{
	if (is_arm64(arch) && page_size == 16384)
		return 11;
	if (is_arm64(arch) && page_size == 65536)
		return 13;
	return 10;
}

static int add(struct ml_kmalloc_table *t, size_t *cap, const char *family, const char *cache,
	       uint64_t size, const struct ml_slab_cache *slab)
{
	if (t->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct ml_kmalloc_class *c = realloc(t->classes, ncap * sizeof(*c));
		if (!c)
			return ML_ENOMEM;
		t->classes = c;
		*cap = ncap;
	}
	struct ml_kmalloc_class *c = &t->classes[t->n++];
	memset(c, 0, sizeof(*c));
	snprintf(c->family, sizeof(c->family), "%s", family);
	snprintf(c->cache, sizeof(c->cache), "%s", cache);
	c->size = size;
	c->slab = slab;
	c->in_slabinfo = slab != NULL;
	return ML_OK;
}

/* The defaults (§7.2): classes 8 .. 2^(PAGE_SHIFT+1) with 96 and 192, for the
 * normal family only — which of the others exist depends on the kernel's
 * configuration (MEMCG, ZONE_DMA), not on the architecture.  arm64 aliases
 * the small classes to its DMA alignment: 64 bytes is the common cache
 * writeback granule since ≈6.5 (8/16/32 -> 64, 96 -> 128, 192 kept); before
 * that the minimum was 128 (no 96, no 192).  The newer rule is the default;
 * slabinfo, when readable, shows which one a kernel follows. */
static int build_defaults(struct ml_kmalloc_table *t, const char *arch)
{
	size_t cap = 0;
	uint64_t min = is_arm64(arch) ? 64 : 8;
	char name[64];
	for (uint64_t pow = 8; pow <= t->max_cache_size; pow *= 2) {
		/* 96 sits between 64 and 128, 192 between 128 and 256. */
		uint64_t sizes[2] = { pow, pow == 128 || pow == 256 ? pow * 3 / 4 : 0 };
		for (int k = 1; k >= 0; k--) {
			uint64_t s = sizes[k];
			if (s == 0 || s < min || (min > 32 && s == 96) || (min > 64 && s == 192))
				continue;
			class_name(name, sizeof(name), "kmalloc", s);
			int rc = add(t, &cap, "kmalloc", name, s, NULL);
			if (rc != ML_OK)
				return rc;
		}
	}
	return ML_OK;
}

int ml_kmalloc_build(struct ml_kmalloc_table *t, const struct ml_slabinfo *si,
		     uint64_t page_size, const char *arch, int max_order, struct ml_error *err)
{
	memset(t, 0, sizeof(*t));
	if (page_size == 0)
		page_size = 4096;
	if (max_order < 0 || max_order > 20)
		max_order = default_max_order(page_size, arch);
	/* KMALLOC_SHIFT_HIGH = PAGE_SHIFT + 1; KMALLOC_SHIFT_MAX = MAX_PAGE_ORDER +
	 * PAGE_SHIFT (§7.1). */
	t->max_cache_size = page_size * 2;
	t->max_size = page_size << max_order;

	int rc = ML_OK;
	if (si) {
		size_t cap = 0;
		t->from_slabinfo = true;
		for (size_t i = 0; i < si->ncaches && rc == ML_OK; i++) {
			char family[24];
			int rank;
			uint64_t size;
			if (classify(si->caches[i].name, family, sizeof(family), &rank, &size))
				rc = add(t, &cap, family, si->caches[i].name, size, &si->caches[i]);
		}
	} else {
		rc = build_defaults(t, arch);
	}
	if (rc != ML_OK) {
		ml_kmalloc_free(t);
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	}
	if (t->n)   /* qsort(NULL, 0) is undefined */
		qsort(t->classes, t->n, sizeof(*t->classes), by_family_then_size);

	/* The normal family's ends.  SLAB kernels had caches far above two pages
	 * (kmalloc-4M on 5.15 SLAB, size-131072 on 2.6): there the largest
	 * cache, not the page size, is where kmalloc leaves the slab (§7.1). */
	t->min_size = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->classes[i].family, "kmalloc") != 0)
			continue;
		if (t->min_size == 0)
			t->min_size = t->classes[i].size;
		if (t->classes[i].size > t->max_cache_size)
			t->max_cache_size = t->classes[i].size;
	}
	return ML_OK;
}

void ml_kmalloc_free(struct ml_kmalloc_table *t)
{
	if (!t)
		return;
	free(t->classes);
	memset(t, 0, sizeof(*t));
}

const struct ml_kmalloc_class *ml_kmalloc_lookup(const struct ml_kmalloc_table *t,
						 const char *family, uint64_t size)
{
	if (!t || size == 0 || size > t->max_cache_size)
		return NULL;
	if (!family)
		family = "kmalloc";
	/* A family the kernel did not create falls back to the normal caches:
	 * kmalloc-cg aliases kmalloc with cgroup.memory=nokmem, kmalloc-rcl with
	 * SLUB_TINY, and without CONFIG_ZONE_DMA there is no DMA family (§7.3). */
	bool have = false;
	for (size_t i = 0; i < t->n && !have; i++)
		have = strcmp(t->classes[i].family, family) == 0;
	if (!have)
		family = "kmalloc";
	/* kmalloc_slab(): kmalloc_size_index[] up to 192, fls(size - 1) above
	 * (§7.2).  Both pick the smallest class that holds size, with 96 and
	 * 192 in between; a class the alignment aliased away is absent from the
	 * table, and its requests go to the next larger class, as the kernel's
	 * alias does.  Classes are sorted by size within a family. */
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->classes[i].family, family) == 0 && t->classes[i].size >= size)
			return &t->classes[i];
	return NULL;
}
