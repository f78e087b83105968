/* GFP flags by name and by a kernel's hex (kernel-model §1). */
#include "gfp.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/text.h"
#include "alloc_rules.h"

int ml_kernel_version(const char *text)
{
	/* "6.18", "v6.1.0-50-686", "5.15.0-91-generic", "Linux version 6.18.2 ..." */
	if (!text)
		return -1;
	if (strncmp(text, "Linux version ", 14) == 0)
		text += 14;
	if (*text == 'v' || *text == 'V')
		text++;
	long major = 0, minor = 0;
	int nd = 0;
	while (isdigit((unsigned char)*text) && nd < 4) {
		major = major * 10 + (*text++ - '0');
		nd++;
	}
	if (nd == 0 || *text != '.' || isdigit((unsigned char)*text) || major > 99)
		return -1;
	text++;
	nd = 0;
	while (isdigit((unsigned char)*text) && nd < 4) {
		minor = minor * 10 + (*text++ - '0');
		nd++;
	}
	if (nd == 0 || nd == 4 || minor > 999 || isdigit((unsigned char)*text))
		return -1;
	return (int)(major * 1000 + minor);
}

/* Single flags in memlayout's bit order (gfp.h).  Index = bit number. */
static const char *const single_names[] = {
	"__GFP_DMA", "__GFP_HIGHMEM", "__GFP_DMA32", "__GFP_MOVABLE", "__GFP_RECLAIMABLE",
	"__GFP_HIGH", "__GFP_IO", "__GFP_FS", "__GFP_ZERO", "__GFP_ATOMIC",
	"__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM", "__GFP_WRITE", "__GFP_NOWARN",
	"__GFP_RETRY_MAYFAIL", "__GFP_NOFAIL", "__GFP_NORETRY", "__GFP_MEMALLOC", "__GFP_COMP",
	"__GFP_NOMEMALLOC", "__GFP_HARDWALL", "__GFP_THISNODE", "__GFP_ACCOUNT", "__GFP_ZEROTAGS",
	"__GFP_SKIP_ZERO", "__GFP_SKIP_KASAN", "__GFP_NOLOCKDEP", "__GFP_NO_OBJ_EXT",
	"__GFP_NOTRACK", "__GFP_OTHER_NODE", "__GFP_COLD", "__GFP_REPEAT", "__GFP_WAIT",
};
#define NSINGLE (sizeof(single_names) / sizeof(single_names[0]))

#define USER_BITS (ML_GFP_RECLAIM | ML_GFP_IO | ML_GFP_FS | ML_GFP_HARDWALL)
#define HIGHUSER_MOVABLE_BITS (USER_BITS | ML_GFP_HIGHMEM | ML_GFP_MOVABLE)
#define TRANSHUGE_LIGHT_BITS \
	((HIGHUSER_MOVABLE_BITS | ML_GFP_COMP | ML_GFP_NOMEMALLOC | ML_GFP_NOWARN) & ~ML_GFP_RECLAIM)

/* Composite masks, v6.18 definitions (§1.2), in the order %pGg tries them
 * (§1.5): the longest composite wins. */
static const struct {
	const char *name;
	ml_gfp_t bits;
} composites[] = {
	{ "GFP_TRANSHUGE", TRANSHUGE_LIGHT_BITS | ML_GFP_DIRECT_RECLAIM },
	{ "GFP_TRANSHUGE_LIGHT", TRANSHUGE_LIGHT_BITS },
	{ "GFP_HIGHUSER_MOVABLE", HIGHUSER_MOVABLE_BITS },
	{ "GFP_HIGHUSER", USER_BITS | ML_GFP_HIGHMEM },
	{ "GFP_USER", USER_BITS },
	{ "GFP_KERNEL_ACCOUNT", ML_GFP_RECLAIM | ML_GFP_IO | ML_GFP_FS | ML_GFP_ACCOUNT },
	{ "GFP_KERNEL", ML_GFP_RECLAIM | ML_GFP_IO | ML_GFP_FS },
	{ "GFP_NOFS", ML_GFP_RECLAIM | ML_GFP_IO },
	{ "GFP_ATOMIC", ML_GFP_HIGH | ML_GFP_KSWAPD_RECLAIM },
	{ "GFP_NOIO", ML_GFP_RECLAIM },
	{ "GFP_NOWAIT", ML_GFP_KSWAPD_RECLAIM | ML_GFP_NOWARN },
	{ "GFP_DMA", ML_GFP_DMA },
	{ "GFP_DMA32", ML_GFP_DMA32 },
	{ "__GFP_RECLAIM", ML_GFP_RECLAIM },
};
#define NCOMPOSITE (sizeof(composites) / sizeof(composites[0]))

/* Levenshtein distance, case-insensitive, for "did you mean". */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[64];
	if (la >= 63 || lb >= 63)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t cost = toupper((unsigned char)a[i - 1]) == toupper((unsigned char)b[j - 1]) ? 0 : 1;
			size_t best = prev + cost;
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

static const char *nearest_name(const char *tok)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1;
	for (size_t i = 0; i < NCOMPOSITE + NSINGLE; i++) {
		const char *name = i < NCOMPOSITE ? composites[i].name : single_names[i - NCOMPOSITE];
		size_t d = distance(tok, name);
		/* Also compare without the "__" the user may have left out. */
		if (name[0] == '_' && name[1] == '_') {
			size_t d2 = distance(tok, name + 2);
			if (d2 < d)
				d = d2;
		}
		if (d < bestd) {
			bestd = d;
			best = name;
		}
	}
	size_t len = strlen(tok);
	return bestd <= (len / 3 > 3 ? len / 3 : 3) ? best : NULL;
}

/* One name → bits; false when unknown. */
static bool lookup_name(const char *tok, ml_gfp_t *bits)
{
	for (size_t i = 0; i < NCOMPOSITE; i++)
		if (strcasecmp(tok, composites[i].name) == 0) {
			*bits = composites[i].bits;
			return true;
		}
	for (size_t i = 0; i < NSINGLE; i++) {
		const char *n = single_names[i];
		/* "__GFP_NORETRY", or "GFP_NORETRY" with the "__" left out. */
		if (strcasecmp(tok, n) == 0 || strcasecmp(tok, n + 2) == 0) {
			*bits = 1ull << i;
			return true;
		}
	}
	return false;
}

int ml_gfp_parse(const char *text, ml_gfp_t *out, uint64_t *unknown_hex, struct ml_error *err)
{
	ml_gfp_t gfp = 0;
	uint64_t hex = 0;
	const char *p = text ? text : "";
	if (strlen(p) > 1024)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "GFP flags: text too long");
	for (;;) {
		const char *end = p + strcspn(p, "|,");
		char tok[128];
		const char *b = p, *e = end;
		while (b < e && isspace((unsigned char)*b))
			b++;
		while (e > b && isspace((unsigned char)e[-1]))
			e--;
		size_t len = (size_t)(e - b);
		if (len == 0)
			return ml_error_set(err, ML_EUSAGE, NULL, 0,
					    "GFP flags '%s': empty name (flags are joined with '|' or ',')",
					    text ? text : "");
		if (len >= sizeof(tok))
			return ml_error_set(err, ML_EUSAGE, NULL, 0, "GFP flags: name '%.40s...' too long", b);
		memcpy(tok, b, len);
		tok[len] = '\0';
		ml_gfp_t bits;
		if (strcasecmp(tok, "none") == 0 || strcmp(tok, "0") == 0) {
			/* the empty mask, as tracepoints print it (§1.5 rule 5) */
		} else if (len > 2 && tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X')) {
			struct ml_line l = { tok, len };
			uint64_t v;
			if (!ml_tok_hex(l, &v))
				return ml_error_set(err, ML_EUSAGE, NULL, 0, "GFP flags: '%s' is not a hex number", tok);
			hex |= v;
		} else if (lookup_name(tok, &bits)) {
			gfp |= bits;
		} else {
			const char *near = nearest_name(tok);
			if (near)
				return ml_error_set(err, ML_EUSAGE, NULL, 0,
						    "unknown GFP flag '%s' (did you mean %s?)", tok, near);
			return ml_error_set(err, ML_EUSAGE, NULL, 0,
					    "unknown GFP flag '%s' (names as in include/linux/gfp_types.h, e.g. GFP_KERNEL, __GFP_NORETRY)",
					    tok);
		}
		if (*end == '\0')
			break;
		p = end + 1;
	}
	*out = gfp;
	if (unknown_hex)
		*unknown_hex = hex;
	else if (hex)
		return ml_error_set(err, ML_EUSAGE, NULL, 0,
				    "GFP flags: hex bits 0x%" PRIx64 " cannot be named without a kernel version", hex);
	return ML_OK;
}

void ml_gfp_format(ml_gfp_t gfp, char *buf, size_t n)
{
	size_t len = 0;
	if (n == 0)
		return;
	buf[0] = '\0';
	if (gfp == 0) {
		snprintf(buf, n, "none");
		return;
	}
#define APPEND(...)                                                                    \
	do {                                                                           \
		if (len < n)                                                           \
			len += (size_t)snprintf(buf + len, n - len, __VA_ARGS__);      \
	} while (0)
	ml_gfp_t rest = gfp;
	for (size_t i = 0; i < NCOMPOSITE && rest; i++) {
		if ((rest & composites[i].bits) == composites[i].bits) {
			APPEND("%s%s", len ? "|" : "", composites[i].name);
			rest &= ~composites[i].bits;
		}
	}
	for (size_t i = 0; i < NSINGLE && rest; i++) {
		if (rest & (1ull << i)) {
			APPEND("%s%s", len ? "|" : "", single_names[i]);
			rest &= ~(1ull << i);
		}
	}
	if (rest)
		APPEND("%s0x%" PRIx64, len ? "|" : "", rest);
#undef APPEND
}

/* Bit layouts of §1.1.  Each entry: kernel bit value → memlayout bit; a 0
 * on the right is a bit with no meaning for the model (memcg accounting
 * only, or __GFP_NO_KSWAPD, handled below). */
struct layout_bit {
	uint64_t kernel;
	ml_gfp_t ours;
};

/* 2.6.18 … 2.6.30 (include/linux/gfp.h of those releases): __GFP_MOVABLE
 * was 0x100000 (2.6.24+), the zone bits only DMA, HIGHMEM, DMA32. */
static const struct layout_bit layout_2618[] = {
	{ 0x1, ML_GFP_DMA },          { 0x2, ML_GFP_HIGHMEM },       { 0x4, ML_GFP_DMA32 },
	{ 0x10, ML_GFP_WAIT },        { 0x20, ML_GFP_HIGH },         { 0x40, ML_GFP_IO },
	{ 0x80, ML_GFP_FS },          { 0x100, ML_GFP_COLD },        { 0x200, ML_GFP_NOWARN },
	{ 0x400, ML_GFP_REPEAT },     { 0x800, ML_GFP_NOFAIL },      { 0x1000, ML_GFP_NORETRY },
	{ 0x4000, ML_GFP_COMP },      { 0x8000, ML_GFP_ZERO },       { 0x10000, ML_GFP_NOMEMALLOC },
	{ 0x20000, ML_GFP_HARDWALL }, { 0x40000, ML_GFP_THISNODE },  { 0x80000, ML_GFP_RECLAIMABLE },
	{ 0x100000, ML_GFP_MOVABLE },
};
/* 2.6.31 … 4.3: the four zone bits in 0x1..0x8 (GFP_ZONE_TABLE); 0x100000
 * was __GFP_KMEMCG / __GFP_NOACCOUNT (memcg accounting only) and 0x400000
 * __GFP_NO_KSWAPD. */
static const struct layout_bit layout_2631[] = {
	{ 0x1, ML_GFP_DMA },          { 0x2, ML_GFP_HIGHMEM },        { 0x4, ML_GFP_DMA32 },
	{ 0x8, ML_GFP_MOVABLE },      { 0x10, ML_GFP_WAIT },          { 0x20, ML_GFP_HIGH },
	{ 0x40, ML_GFP_IO },          { 0x80, ML_GFP_FS },            { 0x100, ML_GFP_COLD },
	{ 0x200, ML_GFP_NOWARN },     { 0x400, ML_GFP_REPEAT },       { 0x800, ML_GFP_NOFAIL },
	{ 0x1000, ML_GFP_NORETRY },   { 0x2000, ML_GFP_MEMALLOC },    { 0x4000, ML_GFP_COMP },
	{ 0x8000, ML_GFP_ZERO },      { 0x10000, ML_GFP_NOMEMALLOC }, { 0x20000, ML_GFP_HARDWALL },
	{ 0x40000, ML_GFP_THISNODE }, { 0x80000, ML_GFP_RECLAIMABLE }, { 0x100000, 0 },
	{ 0x200000, ML_GFP_NOTRACK }, { 0x400000, 0 },                { 0x800000, ML_GFP_OTHER_NODE },
	{ 0x1000000, ML_GFP_WRITE },
};
/* 4.4 … 4.14: __GFP_WAIT split into DIRECT_RECLAIM and KSWAPD_RECLAIM. */
static const struct layout_bit layout_44[] = {
	{ 0x1, ML_GFP_DMA },           { 0x2, ML_GFP_HIGHMEM },         { 0x4, ML_GFP_DMA32 },
	{ 0x8, ML_GFP_MOVABLE },       { 0x10, ML_GFP_RECLAIMABLE },    { 0x20, ML_GFP_HIGH },
	{ 0x40, ML_GFP_IO },           { 0x80, ML_GFP_FS },             { 0x100, ML_GFP_COLD },
	{ 0x200, ML_GFP_NOWARN },      { 0x400, ML_GFP_REPEAT },        { 0x800, ML_GFP_NOFAIL },
	{ 0x1000, ML_GFP_NORETRY },    { 0x2000, ML_GFP_MEMALLOC },     { 0x4000, ML_GFP_COMP },
	{ 0x8000, ML_GFP_ZERO },       { 0x10000, ML_GFP_NOMEMALLOC },  { 0x20000, ML_GFP_HARDWALL },
	{ 0x40000, ML_GFP_THISNODE },  { 0x80000, ML_GFP_ATOMIC },      { 0x100000, ML_GFP_ACCOUNT },
	{ 0x200000, ML_GFP_NOTRACK },  { 0x400000, ML_GFP_DIRECT_RECLAIM }, { 0x800000, ML_GFP_OTHER_NODE },
	{ 0x1000000, ML_GFP_WRITE },   { 0x2000000, ML_GFP_KSWAPD_RECLAIM },
};
/* 4.15 … 4.19 (§1.1's v4.19 column). */
static const struct layout_bit layout_419[] = {
	{ 0x1, ML_GFP_DMA }, { 0x2, ML_GFP_HIGHMEM }, { 0x4, ML_GFP_DMA32 },
	{ 0x8, ML_GFP_MOVABLE }, { 0x10, ML_GFP_RECLAIMABLE }, { 0x20, ML_GFP_HIGH },
	{ 0x40, ML_GFP_IO }, { 0x80, ML_GFP_FS }, { 0x100, ML_GFP_WRITE },
	{ 0x200, ML_GFP_NOWARN }, { 0x400, ML_GFP_RETRY_MAYFAIL }, { 0x800, ML_GFP_NOFAIL },
	{ 0x1000, ML_GFP_NORETRY }, { 0x2000, ML_GFP_MEMALLOC }, { 0x4000, ML_GFP_COMP },
	{ 0x8000, ML_GFP_ZERO }, { 0x10000, ML_GFP_NOMEMALLOC }, { 0x20000, ML_GFP_HARDWALL },
	{ 0x40000, ML_GFP_THISNODE }, { 0x80000, ML_GFP_ATOMIC }, { 0x100000, ML_GFP_ACCOUNT },
	{ 0x200000, ML_GFP_DIRECT_RECLAIM }, { 0x400000, ML_GFP_KSWAPD_RECLAIM },
	{ 0x800000, ML_GFP_NOLOCKDEP },
};

/* v6.1 config-dependent bits above bit 23 (fixed values in that release). */
static const struct layout_bit layout_61_high[] = {
	{ 0x1000000, ML_GFP_SKIP_ZERO }, { 0x2000000, ML_GFP_SKIP_KASAN },
	{ 0x4000000, ML_GFP_SKIP_KASAN }, { 0x8000000, ML_GFP_NOLOCKDEP },
};
/* v5.15 likewise. */
static const struct layout_bit layout_515_high[] = {
	{ 0x1000000, ML_GFP_SKIP_KASAN }, { 0x2000000, ML_GFP_NOLOCKDEP },
};

#define N(t) (sizeof(t) / sizeof((t)[0]))

/* "2.6.31+frans2", "v4.1.18-g09f547b", "6.1.0-50-686" → numbers; the
 * sublevel is -1 when absent.  False when it is not a version. */
static bool release_numbers(const char *text, int *major, int *minor, int *sub)
{
	int v = ml_kernel_version(text);
	if (v < 0)
		return false;
	*major = v / 1000;
	*minor = v % 1000;
	*sub = -1;
	const char *p = text;
	if (strncmp(p, "Linux version ", 14) == 0)
		p += 14;
	if (*p == 'v' || *p == 'V')
		p++;
	p = strchr(p, '.') + 1;          /* after the major (ml_kernel_version checked it) */
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.' && isdigit((unsigned char)p[1])) {
		long s = 0;
		for (p++; isdigit((unsigned char)*p) && s < 100000; p++)
			s = s * 10 + (*p - '0');
		*sub = (int)s;
	}
	return true;
}

/* Which of §1.1's layouts a release used; NULL table for 5.15 on (the
 * 6.3+ bit numbers, handled in place).  name NULL: no layout known. */
struct hex_layout {
	const struct layout_bit *bits;
	size_t n;
	const char *name;
};

static struct hex_layout layout_for(int major, int minor, int sub)
{
	struct hex_layout l = { NULL, 0, NULL };
	int v = major * 1000 + minor;
	if (major == 2 && minor == 6 && sub < 0) {
		/* 2.6.18-2.6.30 and 2.6.31 on differ: the sublevel decides. */
	} else if (major == 2 && minor == 6 && sub < 31) {
		/* (before 2.6.18 the low bits were the same; read with this one) */
		l = (struct hex_layout){ layout_2618, N(layout_2618), "2.6.18-2.6.30" };
	} else if ((major == 2 && minor == 6) || major == 3 || (major == 4 && minor < 4)) {
		l = (struct hex_layout){ layout_2631, N(layout_2631), "2.6.31-4.3" };
	} else if (major == 4 && minor < 15) {
		l = (struct hex_layout){ layout_44, N(layout_44), "4.4-4.14" };
	} else if (major == 4 && minor < 20) {
		l = (struct hex_layout){ layout_419, N(layout_419), "4.15-4.19" };
	} else if (v >= 5015 && v < 6003) {
		l.name = "5.15-6.2";
	} else if (v >= 6003) {
		l.name = "6.3 on";
	}
	return l;
}

const char *ml_gfp_hex_layout(const char *kernel_version)
{
	int major, minor, sub;
	if (!release_numbers(kernel_version, &major, &minor, &sub))
		return NULL;
	return layout_for(major, minor, sub).name;
}

/* A table layout (2.6.18 … 4.19) read into memlayout's bits, with what the
 * old flags meant in the terms of today's (§1.3). */
static ml_gfp_t from_old_layout(uint64_t hex, const struct hex_layout *l, int major, int minor, uint64_t *left)
{
	ml_gfp_t g = 0;
	*left = hex;
	for (size_t i = 0; i < l->n; i++)
		if (hex & l->bits[i].kernel) {
			g |= l->bits[i].ours;
			*left &= ~l->bits[i].kernel;
		}
	/* Before 4.4 every allocation entering the slow path woke kswapd
	 * unless it had __GFP_NO_KSWAPD (0x400000 in 2.6.38-4.3). */
	if (l->bits == layout_2618 || (l->bits == layout_2631 && !(hex & 0x400000)))
		g |= ML_GFP_KSWAPD_RECLAIM;
	/* __GFP_WAIT (≤ 4.3) was "may sleep": the 4.4 split made it
	 * __GFP_DIRECT_RECLAIM|__GFP_KSWAPD_RECLAIM (§1.3). */
	if (g & ML_GFP_WAIT)
		g = (g & ~(ml_gfp_t)ML_GFP_WAIT) | ML_GFP_RECLAIM;
	/* 4.13 renamed __GFP_REPEAT's bit __GFP_RETRY_MAYFAIL. */
	if (l->bits == layout_44 && major == 4 && minor >= 13 && (g & ML_GFP_REPEAT))
		g = (g & ~(ml_gfp_t)ML_GFP_REPEAT) | ML_GFP_RETRY_MAYFAIL;
	return g;
}

int ml_gfp_from_hex(uint64_t hex, const char *kernel_version, ml_gfp_t *out, uint64_t *unknown,
		    struct ml_error *err)
{
	int major, minor, sub;
	ml_gfp_t gfp = 0;
	uint64_t left = hex;
	if (!release_numbers(kernel_version, &major, &minor, &sub))
		return ml_error_set(err, ML_EUSAGE, NULL, 0,
				    "kernel version '%s' is not of the form 6.18 or 5.15.0-91",
				    kernel_version ? kernel_version : "");
	int v = major * 1000 + minor;
	struct hex_layout l = layout_for(major, minor, sub);
	if (l.bits) {
		gfp = from_old_layout(hex, &l, major, minor, &left);
	} else if (v >= 6003) {
		/* Bits 0..23 are the same from 6.3 to 6.18; bit 9 is unused; bits
		 * from 24 up depend on the configuration (§1.1) and stay unknown. */
		for (int b = 0; b < 24; b++)
			if (b != 9 && (hex & (1ull << b))) {
				gfp |= 1ull << b;
				left &= ~(1ull << b);
			}
	} else if (v >= 5015) {
		/* 5.15 … 6.2: same low bits, bit 9 is __GFP_ATOMIC. */
		for (int b = 0; b < 24; b++)
			if (hex & (1ull << b)) {
				gfp |= 1ull << b;
				left &= ~(1ull << b);
			}
		const struct layout_bit *hi = NULL;
		size_t nhi = 0;
		if (major == 6 && minor <= 2) {
			hi = layout_61_high;
			nhi = N(layout_61_high);
		} else if (major == 5 && minor == 15) {
			hi = layout_515_high;
			nhi = N(layout_515_high);
		}
		for (size_t i = 0; i < nhi; i++)
			if (hex & hi[i].kernel) {
				gfp |= hi[i].ours;
				left &= ~hi[i].kernel;
			}
	} else if (major == 2 && minor == 6 && sub < 0) {
		return ml_error_set(err, ML_EUSAGE, NULL, 0,
				    "Linux 2.6 needs its sublevel for the GFP bit layout (2.6.18-2.6.30 and 2.6.31 on differ, kernel-model §1.1); give e.g. 2.6.31 or the flags by name");
	} else {
		return ml_error_set(err, ML_EUSAGE, NULL, 0,
				    "the GFP bit layout of Linux %d.%d is not known (memlayout reads 2.6.18 to 4.19 and 5.15 on, kernel-model §1.1); give the flags by name",
				    major, minor);
	}
	*out = gfp;
	if (unknown)
		*unknown = left;
	return ML_OK;
}
