/* /proc/zoneinfo parser (kernel-model §11.3, §13).
 *
 * The layout moved a lot between kernels: 2.6 printed every statistic
 * inside each zone and pagesets as "cpu: N pcp: M", 4.8 moved the node
 * counters to a "per-node stats" block in the node's first populated zone,
 * 5.x added "managed"/"cma", 6.1 "boost", 6.12 "promo", 6.18 realigned the
 * pagesets and added "high_min:"/"high_max:".  Indentation carries no
 * meaning the kernel guarantees, so lines are recognised by their keywords;
 * the only context kept is "which zone", "inside the per-node block" and
 * "inside pagesets" (where "high:" is a per-CPU list limit, not the
 * watermark "high"). */
#include "zoneinfo.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/text.h"

/* The longest line that is not "protection:" is the split-LRU kernels'
 * (≈2.6.28) "scanned N (aa: N ia: N af: N if: N)": 10 words. */
#define ZI_MAX_TOKENS 16

/* Zone lines seen, to refuse repeats and to notice a zone cut short. */
enum {
	F_FREE = 1u << 0,
	F_BOOST = 1u << 1,
	F_MIN = 1u << 2,
	F_LOW = 1u << 3,
	F_HIGH = 1u << 4,
	F_PROMO = 1u << 5,
	F_SCANNED = 1u << 6,
	F_SPANNED = 1u << 7,
	F_PRESENT = 1u << 8,
	F_MANAGED = 1u << 9,
	F_CMA = 1u << 10,
	F_PROTECTION = 1u << 11,
	F_PAGESETS = 1u << 12,
	F_UNRECLAIMABLE = 1u << 13,
	F_START_PFN = 1u << 14,
};

struct zi_state {
	struct ml_zoneinfo *out;
	const char *file;
	struct ml_error *err;
	unsigned long lineno;
	size_t zones_cap, nodes_cap;
	long zone;              /* index of the current zone, -1 before the first */
	long node_stats;        /* node entry being filled, -1 outside the block */
	uint32_t seen;          /* F_* of the current zone */
	bool in_pagesets;
	bool have_cpu;
	uint64_t last_cpu;
};



static int fail(struct zi_state *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct zi_state *st, const char *fmt, ...)
{
	char msg[sizeof(st->err->message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return ml_error_set(st->err, ML_EPARSE, st->file, st->lineno, "%s", msg);
}

static int nomem(struct zi_state *st)
{
	return ml_error_set(st->err, ML_ENOMEM, st->file, st->lineno, "out of memory");
}

void ml_zoneinfo_free(struct ml_zoneinfo *zi)
{
	if (!zi)
		return;
	for (size_t i = 0; i < zi->nzones && zi->zones; i++)
		ml_kv_free(&zi->zones[i].stats);
	for (size_t i = 0; i < zi->nnodes && zi->nodes; i++)
		ml_kv_free(&zi->nodes[i].stats);
	free(zi->zones);
	free(zi->nodes);
	memset(zi, 0, sizeof(*zi));
}

static struct ml_zoneinfo_zone *cur(struct zi_state *st)
{
	return &st->out->zones[st->zone];
}

/* A number for the line's keyword. */
static int number(struct zi_state *st, struct ml_line tok, const char *what, uint64_t *v)
{
	char a[48];
	if (!ml_tok_u64(tok, v))
		return fail(st, "expected a number for '%s', found '%s'%s", what,
			    ml_tok_shown(tok, a, sizeof(a)), ml_tok_number_problem(tok));
	return ML_OK;
}

/* A zone's page figure (free, watermarks, sizes, protection): a count of
 * pages, bounded by what a machine can hold (limits.h). */
static int pages(struct zi_state *st, struct ml_line tok, const char *what, uint64_t *v)
{
	int rc = number(st, tok, what, v);
	if (rc == ML_OK && *v > ML_MAX_PAGES)
		return fail(st, "'%s' of %llu pages is more memory than any machine has", what,
			    (unsigned long long)*v);
	return rc;
}

/* Statistic names are C identifiers (vmstat_text[]); anything else on a
 * two-word line is garbage, not a new counter. */
static bool stat_name(struct ml_line tok, char *name, size_t n)
{
	if (tok.len && tok.s[tok.len - 1] == ':')
		tok.len--;
	if (tok.len == 0 || !((tok.s[0] >= 'a' && tok.s[0] <= 'z') ||
			      (tok.s[0] >= 'A' && tok.s[0] <= 'Z') || tok.s[0] == '_'))
		return false;
	for (size_t i = 1; i < tok.len; i++) {
		char c = tok.s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return ml_tok_copy(tok, name, n);
}

/* "name value" into kv; a name printed twice in one block means two
 * captures glued together. */
static int put_stat(struct zi_state *st, struct ml_kv *kv, struct ml_line *tok,
		    const char *where)
{
	char name[ML_KV_NAME], a[48];
	uint64_t v;
	if (!stat_name(tok[0], name, sizeof(name)))
		return fail(st, "unexpected line starting with '%s': not a zoneinfo statistic",
			    ml_tok_shown(tok[0], a, sizeof(a)));
	int rc = number(st, tok[1], name, &v);
	if (rc < 0)
		return rc;
	const struct ml_kv_entry *old = ml_kv_find(kv, name);
	if (old)
		return fail(st, "'%s' printed twice in %s (first on line %lu)", name, where, old->line);
	if (ml_kv_set(kv, name, v, st->lineno) < 0)
		return nomem(st);
	return ML_OK;
}

/* Mark a keyword of the current zone as seen; repeats are refused. */
static int once(struct zi_state *st, uint32_t flag, const char *what)
{
	if (st->seen & flag)
		return fail(st, "'%s' printed twice for node %d zone '%s' (header on line %lu)",
			    what, cur(st)->node, cur(st)->name, cur(st)->line);
	st->seen |= flag;
	return ML_OK;
}

/* A zone ends at the next header or at the end of the file.  Every kernel
 * since zoneinfo appeared (2.6.13) prints these lines for every zone it
 * lists, populated or not, so a missing one means a cut file. */
static int finish_zone(struct zi_state *st)
{
	static const struct { uint32_t flag; const char *name; } req[] = {
		{ F_FREE, "pages free" }, { F_MIN, "min" }, { F_LOW, "low" },
		{ F_HIGH, "high" }, { F_SPANNED, "spanned" }, { F_PRESENT, "present" },
		{ F_PROTECTION, "protection:" },
	};
	if (st->zone < 0)
		return ML_OK;
	struct ml_zoneinfo_zone *z = cur(st);
	for (size_t i = 0; i < sizeof(req) / sizeof(req[0]); i++)
		if (!(st->seen & req[i].flag)) {
			st->lineno = z->line;
			return fail(st, "node %d zone '%s' has no '%s' line (file cut short?)",
				    z->node, z->name, req[i].name);
		}
	return ML_OK;
}

/* "Node N, zone NAME" */
static int zone_header(struct zi_state *st, struct ml_line line, struct ml_line *tok, size_t n)
{
	struct ml_zoneinfo *out = st->out;
	struct ml_zoneinfo_zone z;
	char a[48];
	uint64_t node;

	if (n != 4 || !ml_tok_eq(tok[2], "zone"))
		return fail(st, "expected 'Node N, zone NAME', found '%s'", ml_tok_shown(line, a, sizeof(a)));
	struct ml_line num = tok[1];
	if (num.len < 2 || num.s[num.len - 1] != ',')
		return fail(st, "expected 'N,' after 'Node', found '%s'", ml_tok_shown(tok[1], a, sizeof(a)));
	num.len--;
	if (!ml_tok_u64(num, &node) || node >= ML_MAX_NODES)
		return fail(st, "expected a node number below %d, found '%s'", ML_MAX_NODES,
			    ml_tok_shown(num, a, sizeof(a)));
	int rc = finish_zone(st);
	if (rc < 0)
		return rc;

	memset(&z, 0, sizeof(z));
	z.node = (int)node;
	z.line = st->lineno;
	z.node_unreclaimable = -1;
	if (!ml_tok_copy(tok[3], z.name, sizeof(z.name)))
		return fail(st, "zone name '%s' is longer than %d characters",
			    ml_tok_shown(tok[3], a, sizeof(a)), ML_NAME - 1);
	int same_node = 0;
	for (size_t i = 0; i < out->nzones; i++) {
		if (out->zones[i].node != z.node)
			continue;
		if (strcmp(out->zones[i].name, z.name) == 0)
			return fail(st, "node %d zone '%s' listed twice (first on line %lu)",
				    z.node, z.name, out->zones[i].line);
		same_node++;
	}
	/* MAX_NR_ZONES bounds the zones of a node (§2.1). */
	if (same_node >= ML_MAX_ZONES)
		return fail(st, "node %d has more than %d zones", z.node, ML_MAX_ZONES);
	/* The kernel walks one node at a time, zones in index order (§11.3),
	 * and readers take a zone's index from its place in the node: a node
	 * that comes back after another one means files glued together. */
	if (same_node && out->zones[out->nzones - 1].node != z.node)
		return fail(st, "node %d zone '%s' comes after node %d: the zones of node %d "
			    "are not together", z.node, z.name, out->zones[out->nzones - 1].node, z.node);

	if (out->nzones == st->zones_cap) {
		size_t ncap = st->zones_cap ? st->zones_cap * 2 : 8;
		struct ml_zoneinfo_zone *v = realloc(out->zones, ncap * sizeof(*v));
		if (!v)
			return nomem(st);
		out->zones = v;
		st->zones_cap = ncap;
	}
	out->zones[out->nzones] = z;
	st->zone = (long)out->nzones++;
	st->node_stats = -1;
	st->seen = 0;
	st->in_pagesets = false;
	st->have_cpu = false;
	return ML_OK;
}

/* "per-node stats": the node's counters follow, up to "pages free" (§11.3:
 * printed once, in the node's first populated zone). */
static int node_block(struct zi_state *st)
{
	struct ml_zoneinfo *out = st->out;
	struct ml_zoneinfo_zone *z = cur(st);
	if (st->seen)
		return fail(st, "'per-node stats' after the fields of node %d zone '%s'", z->node, z->name);
	for (size_t i = 0; i < out->nnodes; i++)
		if (out->nodes[i].node == z->node)
			return fail(st, "'per-node stats' of node %d printed twice", z->node);
	if (out->nnodes == st->nodes_cap) {
		size_t ncap = st->nodes_cap ? st->nodes_cap * 2 : 4;
		struct ml_zoneinfo_node *v = realloc(out->nodes, ncap * sizeof(*v));
		if (!v)
			return nomem(st);
		out->nodes = v;
		st->nodes_cap = ncap;
	}
	memset(&out->nodes[out->nnodes], 0, sizeof(out->nodes[0]));
	out->nodes[out->nnodes].node = z->node;
	st->node_stats = (long)out->nnodes++;
	return ML_OK;
}

/* "protection: (0, 3019, 4171, 4171, 4171)": lowmem_reserve[] (§2.5). */
static int protection(struct zi_state *st, struct ml_line rest)
{
	struct ml_zoneinfo_zone *z = cur(st);
	char a[48];
	int rc = once(st, F_PROTECTION, "protection:");
	if (rc < 0)
		return rc;
	rest = ml_trim(rest);
	if (rest.len < 2 || rest.s[0] != '(' || rest.s[rest.len - 1] != ')')
		return fail(st, "expected '(a, b, ...)' after 'protection:', found '%s'",
			    ml_tok_shown(rest, a, sizeof(a)));
	rest.s++;
	rest.len -= 2;
	size_t i = 0;
	for (;;) {
		size_t b = i;
		while (i < rest.len && rest.s[i] != ',')
			i++;
		struct ml_line item = ml_trim((struct ml_line){ rest.s + b, i - b });
		if (z->nprotection == ML_MAX_ZONES)
			return fail(st, "more than %d protection entries (one per zone type)", ML_MAX_ZONES);
		if (!ml_tok_u64(item, &z->protection[z->nprotection]))
			return fail(st, "expected a number of pages in 'protection:', found '%s'%s",
				    ml_tok_shown(item, a, sizeof(a)), ml_tok_number_problem(item));
		if (z->protection[z->nprotection] > ML_MAX_PAGES)
			return fail(st, "a protection of %llu pages is more memory than any machine has",
				    (unsigned long long)z->protection[z->nprotection]);
		z->nprotection++;
		if (i >= rest.len)
			break;
		i++;    /* past the ',' */
	}
	return ML_OK;
}

/* Watermarks and sizes: "min 4649", "managed 294912", ... (§2.6, §11.3).
 * Matched as whole words, so the pagesets' "high:" never lands here. */
static int zone_field(struct zi_state *st, struct ml_line *tok, size_t n, bool *handled)
{
	struct ml_zoneinfo_zone *z = cur(st);
	const struct {
		const char *name;
		uint32_t flag;
		uint64_t *dst;
		bool *has;      /* NULL: printed by every kernel */
	} fields[] = {
		{ "boost", F_BOOST, &z->boost, &z->has_boost },
		{ "min", F_MIN, &z->min, NULL },
		{ "low", F_LOW, &z->low, NULL },
		{ "high", F_HIGH, &z->high, NULL },
		{ "promo", F_PROMO, &z->promo, &z->has_promo },
		{ "spanned", F_SPANNED, &z->spanned, NULL },
		{ "present", F_PRESENT, &z->present, NULL },
		{ "managed", F_MANAGED, &z->managed, &z->has_managed },
		{ "cma", F_CMA, &z->cma, &z->has_cma },
	};
	*handled = false;
	if (n != 2)
		return ML_OK;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (!ml_tok_eq(tok[0], fields[i].name))
			continue;
		*handled = true;
		int rc = once(st, fields[i].flag, fields[i].name);
		if (rc == 0)
			rc = pages(st, tok[1], fields[i].name, fields[i].dst);
		if (rc < 0)
			return rc;
		if (fields[i].has)
			*fields[i].has = true;
		return ML_OK;
	}
	return ML_OK;
}

/* Lines under "pagesets": per-CPU lists (§11.3). */
static int pageset_line(struct zi_state *st, struct ml_line *tok, size_t n, bool *handled)
{
	/* Per-CPU keys of every kernel: 2.6.13 had "low:", 6.18 added
	 * "high_min:"/"high_max:". */
	static const char *const pcp_keys[] = { "high:", "batch:", "low:", "high_min:", "high_max:" };
	struct ml_zoneinfo_zone *z = cur(st);
	uint64_t v;
	int rc;

	*handled = true;
	if (ml_tok_eq(tok[0], "pagesets")) {
		if (n != 1)
			return fail(st, "expected 'pagesets' alone on its line");
		rc = once(st, F_PAGESETS, "pagesets");
		if (rc < 0)
			return rc;
		st->in_pagesets = true;
		st->have_cpu = false;
		return ML_OK;
	}
	if (ml_tok_eq(tok[0], "cpu:")) {
		/* Until ≈2.6.24 each CPU had a hot and a cold list,
		 * "cpu: N pcp: M": the CPU is counted once, both lists'
		 * pages are summed. */
		if (!(n == 2 || (n == 4 && ml_tok_eq(tok[2], "pcp:"))))
			return fail(st, "expected 'cpu: N' under pagesets");
		if (!st->in_pagesets)
			return fail(st, "'cpu:' outside 'pagesets'");
		rc = number(st, tok[1], "cpu:", &v);
		if (rc == 0 && n == 4) {
			uint64_t pcp;
			rc = number(st, tok[3], "pcp:", &pcp);
		}
		if (rc < 0)
			return rc;
		if (!st->have_cpu || v != st->last_cpu) {
			if (z->npcp_cpus == INT_MAX)
				return fail(st, "too many CPUs under pagesets");
			z->npcp_cpus++;
		}
		st->have_cpu = true;
		st->last_cpu = v;
		return ML_OK;
	}
	if (ml_tok_eq(tok[0], "count:")) {
		if (n != 2)
			return fail(st, "expected 'count: N' under pagesets");
		if (!st->in_pagesets || !st->have_cpu)
			return fail(st, "'count:' outside a pagesets 'cpu:' entry");
		rc = number(st, tok[1], "count:", &v);
		if (rc < 0)
			return rc;
		if (!ml_add_u64(z->pcp_count, v, &z->pcp_count))
			return fail(st, "pageset counts add up beyond 64 bits");
		return ML_OK;
	}
	for (size_t i = 0; i < sizeof(pcp_keys) / sizeof(pcp_keys[0]); i++) {
		if (!ml_tok_eq(tok[0], pcp_keys[i]))
			continue;
		/* Per-CPU list limits: checked, not modelled. */
		if (n != 2)
			return fail(st, "expected '%s N' under pagesets", pcp_keys[i]);
		if (!st->in_pagesets || !st->have_cpu)
			return fail(st, "'%s' outside a pagesets 'cpu:' entry", pcp_keys[i]);
		return number(st, tok[1], pcp_keys[i], &v);
	}
	if (n >= 3 && ml_tok_eq(tok[0], "vm") && ml_tok_eq(tok[1], "stats") &&
	    ml_tok_eq(tok[2], "threshold:")) {
		if (n != 4)
			return fail(st, "expected 'vm stats threshold: N'");
		if (!st->in_pagesets)
			return fail(st, "'vm stats threshold:' outside 'pagesets'");
		rc = number(st, tok[3], "vm stats threshold:", &v);
		if (rc < 0)
			return rc;
		/* Printed once per CPU, the same for all in practice; the
		 * largest bounds how far the zone counters can lag (per-CPU
		 * drift), so that is the one kept, as "vm stats threshold". */
		const struct ml_kv_entry *old = ml_kv_find(&z->stats, "vm stats threshold");
		if ((!old || v > old->value) && ml_kv_set(&z->stats, "vm stats threshold", v, st->lineno) < 0)
			return nomem(st);
		return ML_OK;
	}
	*handled = false;
	return ML_OK;
}

static int parse_line(struct zi_state *st, struct ml_line line)
{
	struct ml_zoneinfo *out = st->out;
	struct ml_line tok[ZI_MAX_TOKENS];
	char a[48];
	bool handled;
	int rc;

	line = ml_trim(line);
	size_t n = ml_split(line, tok, ZI_MAX_TOKENS);

	if (ml_tok_eq(tok[0], "Node"))
		return zone_header(st, line, tok, n);
	if (st->zone < 0)
		return fail(st, "'%s' before any 'Node N, zone NAME' line", ml_tok_shown(line, a, sizeof(a)));
	struct ml_zoneinfo_zone *z = cur(st);

	if (n == 2 && ml_tok_eq(tok[0], "per-node") && ml_tok_eq(tok[1], "stats"))
		return node_block(st);
	if (n >= 2 && ml_tok_eq(tok[0], "pages") && ml_tok_eq(tok[1], "free")) {
		if (n != 3)
			return fail(st, "expected 'pages free N'");
		st->node_stats = -1;    /* ends the per-node block */
		rc = once(st, F_FREE, "pages free");
		return rc < 0 ? rc : pages(st, tok[2], "pages free", &z->free);
	}
	if (st->node_stats >= 0) {
		if (n != 2)
			return fail(st, "expected 'name value' in the per-node stats of node %d, found '%s'",
				    z->node, ml_tok_shown(line, a, sizeof(a)));
		return put_stat(st, &out->nodes[st->node_stats].stats, tok, "the per-node stats");
	}

	if (ml_tok_starts(tok[0], "protection:")) {
		struct ml_line rest = { line.s + strlen("protection:"), line.len - strlen("protection:") };
		return protection(st, rest);
	}
	rc = zone_field(st, tok, n, &handled);
	if (rc < 0 || handled)
		return rc;
	if (ml_tok_eq(tok[0], "scanned")) {
		/* Up to ≈2.6.31 "scanned N (a: N i: N)", then with
		 * "(aa: N ia: N af: N if: N)"; only the total is kept. */
		if (n < 2 || n > ZI_MAX_TOKENS ||
		    (n > 2 && (tok[2].s[0] != '(' || tok[n - 1].s[tok[n - 1].len - 1] != ')')))
			return fail(st, "expected 'scanned N' or 'scanned N (...)'");
		rc = once(st, F_SCANNED, "scanned");
		if (rc < 0)
			return rc;
		return put_stat(st, &z->stats, tok, "a zone");
	}
	rc = pageset_line(st, tok, n, &handled);
	if (rc < 0 || handled)
		return rc;

	if (n == 2 && ml_tok_eq(tok[0], "node_unreclaimable:")) {
		uint64_t v;
		st->in_pagesets = false;
		rc = once(st, F_UNRECLAIMABLE, "node_unreclaimable:");
		if (rc == 0)
			rc = number(st, tok[1], "node_unreclaimable:", &v);
		if (rc < 0)
			return rc;
		/* Printed as a boolean: kswapd_failures >= MAX_RECLAIM_RETRIES. */
		if (v > 1)
			return fail(st, "'node_unreclaimable:' is 0 or 1, found %llu", (unsigned long long)v);
		z->node_unreclaimable = (int)v;
		return ML_OK;
	}
	if (n == 2 && ml_tok_eq(tok[0], "start_pfn:")) {
		st->in_pagesets = false;
		rc = once(st, F_START_PFN, "start_pfn:");
		if (rc == 0)
			rc = number(st, tok[1], "start_pfn:", &z->start_pfn);
		if (rc < 0)
			return rc;
		z->has_start_pfn = true;
		return ML_OK;
	}
	if (n == 2) {
		/* 2.6-4.x zone keys after pagesets; they end it. */
		if (ml_tok_eq(tok[0], "all_unreclaimable:") || ml_tok_eq(tok[0], "prev_priority:") ||
		    ml_tok_eq(tok[0], "temp_priority:") || ml_tok_eq(tok[0], "inactive_ratio:"))
			st->in_pagesets = false;
		/* Inside a pagesets "cpu:" entry, "key: N" is one CPU's value
		 * (2.6.13-2.6.17 printed per-CPU "numa_hit:", "local_node:",
		 * ...): checked, but not a zone figure, so not kept. */
		if (st->in_pagesets && st->have_cpu && tok[0].s[tok[0].len - 1] == ':') {
			char name[ML_KV_NAME];
			uint64_t v;
			if (!stat_name(tok[0], name, sizeof(name)))
				return fail(st, "unexpected line starting with '%s' under pagesets",
					    ml_tok_shown(tok[0], a, sizeof(a)));
			return number(st, tok[1], name, &v);
		}
		/* Zone counters (nr_free_pages, numa_hit, ...), open-ended by
		 * version. */
		return put_stat(st, &z->stats, tok, "a zone");
	}
	return fail(st, "unexpected line '%s': not a zoneinfo line", ml_tok_shown(line, a, sizeof(a)));
}

int ml_parse_zoneinfo(const char *buf, size_t len, const char *file,
		      struct ml_zoneinfo *out, struct ml_error *err)
{
	struct zi_state st;
	struct ml_lines it;
	struct ml_line line;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&st, 0, sizeof(st));
	st.out = out;
	st.file = file;
	st.err = err;
	st.zone = -1;
	st.node_stats = -1;

	ml_lines_init(&it, buf, len, file);
	while ((rc = ml_lines_next(&it, &line, err)) > 0) {
		st.lineno = it.lineno;
		if (ml_trim(line).len == 0)
			continue;
		rc = parse_line(&st, line);
		if (rc < 0)
			break;
	}
	if (rc == 0 && out->nzones == 0)
		rc = ml_error_set(err, ML_EPARSE, file, 0,
				  "no 'Node N, zone NAME' lines: empty or not a zoneinfo file");
	/* The kernel ends every line with "\n".  A last line without it that
	 * ends in a digit may have been cut inside its number ("start_pfn: 10"
	 * of "1048576"); one ending otherwise (")" of protection) is whole. */
	if (rc == 0 && len && buf[len - 1] != '\n' && buf[len - 1] >= '0' && buf[len - 1] <= '9')
		rc = ml_error_set(err, ML_EPARSE, file, it.lineno,
				  "the file ends in the middle of this line (cut short?)");
	if (rc == 0)
		rc = finish_zone(&st);
	if (rc < 0) {
		ml_zoneinfo_free(out);
		return rc;
	}
	return ML_OK;
}
