/* /proc/pagetypeinfo parser (kernel-model §11.2, §3.8).
 *
 * The file holds, per node with memory (the whole block repeats per node,
 * snippet 55):
 *   "Page block order: %d" / "Pages per block:  %lu"
 *   "Free pages count per migrate type at order" + the orders, then one row
 *     per populated zone and migrate type, "Node %4d, zone %8s, type %12s "
 *     + one count per order, a count reading ">100000" once it hit the cap;
 *   "Number of blocks type " + the type names, then one row per populated
 *     zone, "Node %d, zone %8s " + one pageblock count per type;
 *   with page_owner, "Number of mixed blocks " laid out like the previous
 *     table.
 * Neither the orders nor the types are fixed (CMA and Isolate are config
 * options, old kernels have Reserve, patched ones Mirror), so both are read
 * from the headers and rows, never assumed. */
#include "pagetypeinfo.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/text.h"

/* The longest legal line is the free-table header: 8 words + the orders.
 * One more token than this and ml_split says "too many". */
#define PT_MAX_TOKENS (8 + ML_MAX_ORDERS)

enum pt_table { PT_NONE, PT_FREE, PT_BLOCKS, PT_MIXED };

/* One (node, zone) seen in any table, to refuse repeats and to check at the
 * end that the free and blocks tables describe the same zones and types. */
struct pt_zone {
	int node;
	char name[ML_NAME];
	uint32_t free_types;    /* bit t: a free row for type t was read */
	long blocks_row;        /* index into out->blocks, -1 when none yet */
	bool mixed;             /* a "mixed blocks" row was read */
	unsigned long line;     /* first row naming this zone */
};

struct pt_state {
	struct ml_pagetypeinfo *out;
	const char *file;
	struct ml_error *err;
	unsigned long lineno;
	enum pt_table table;
	size_t free_cap, blocks_cap;
	struct pt_zone *zones;
	size_t nzones, zones_cap;
	/* Columns of the current blocks / mixed table, as type indexes. */
	int col_type[ML_MAX_MIGRATE_TYPES];
	int ncols;
	unsigned long blocks_header_line;
	unsigned long order_line, ppb_line, free_header_line;
};



static int fail(struct pt_state *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct pt_state *st, const char *fmt, ...)
{
	char msg[sizeof(st->err->message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return ml_error_set(st->err, ML_EPARSE, st->file, st->lineno, "%s", msg);
}

static bool node_token(struct ml_line tok, int *node)
{
	uint64_t v;
	if (tok.len < 2 || tok.s[tok.len - 1] != ',')
		return false;
	tok.len--;
	if (!ml_tok_u64(tok, &v) || v >= ML_MAX_NODES)
		return false;
	*node = (int)v;
	return true;
}

void ml_pagetypeinfo_free(struct ml_pagetypeinfo *pt)
{
	if (!pt)
		return;
	free(pt->free);
	free(pt->blocks);
	memset(pt, 0, sizeof(*pt));
}

int ml_pagetypeinfo_type(const struct ml_pagetypeinfo *pt, const char *name)
{
	if (!pt || !name)
		return -1;
	for (int i = 0; i < pt->ntypes && i < ML_MAX_MIGRATE_TYPES; i++)
		if (strcmp(pt->type_names[i], name) == 0)
			return i;
	return -1;
}

/* Index of a type name, adding it in order of first appearance (§3.1: read
 * the names, do not assume indices).  Negative error code on failure. */
static int type_index(struct pt_state *st, struct ml_line tok)
{
	struct ml_pagetypeinfo *out = st->out;
	char a[48];
	for (int i = 0; i < out->ntypes; i++)
		if (ml_tok_eq(tok, out->type_names[i]))
			return i;
	if (out->ntypes == ML_MAX_MIGRATE_TYPES)
		return fail(st, "more than %d migrate types (new one '%s'): not a pagetypeinfo file",
			    ML_MAX_MIGRATE_TYPES, ml_tok_shown(tok, a, sizeof(a)));
	if (!ml_tok_copy(tok, out->type_names[out->ntypes], ML_NAME))
		return fail(st, "migrate type name '%s' is longer than %d characters",
			    ml_tok_shown(tok, a, sizeof(a)), ML_NAME - 1);
	return out->ntypes++;
}

/* The (node, zone) entry, created on first sight.  Rows of one zone sit
 * together in the file, so the search starts from the newest entry. */
static int zone_entry(struct pt_state *st, int node, const char *name, struct pt_zone **zp)
{
	int same_node = 0;
	for (size_t i = st->nzones; i-- > 0;) {
		struct pt_zone *z = &st->zones[i];
		if (z->node != node)
			continue;
		if (strcmp(z->name, name) == 0) {
			*zp = z;
			return ML_OK;
		}
		same_node++;
	}
	/* MAX_NR_ZONES bounds the zones of a node (§2.1). */
	if (same_node >= ML_MAX_ZONES)
		return fail(st, "node %d has more than %d zones (new one '%s')", node, ML_MAX_ZONES, name);
	if (st->nzones == st->zones_cap) {
		size_t ncap = st->zones_cap ? st->zones_cap * 2 : 8;
		struct pt_zone *z = realloc(st->zones, ncap * sizeof(*z));
		if (!z)
			return ml_error_set(st->err, ML_ENOMEM, st->file, st->lineno, "out of memory");
		st->zones = z;
		st->zones_cap = ncap;
	}
	struct pt_zone *z = &st->zones[st->nzones++];
	memset(z, 0, sizeof(*z));
	z->node = node;
	snprintf(z->name, sizeof(z->name), "%s", name);
	z->blocks_row = -1;
	z->line = st->lineno;
	*zp = z;
	return ML_OK;
}

/* "Page block order: N" or "Pages per block:  N". */
static int header_number(struct pt_state *st, struct ml_line *tok, size_t n, bool is_order)
{
	struct ml_pagetypeinfo *out = st->out;
	const char *what = is_order ? "Page block order:" : "Pages per block:";
	char a[48];
	uint64_t v;

	if (n != 4)
		return fail(st, "expected '%s N', found %zu words", what, n);
	if (!ml_tok_u64(tok[3], &v))
		return fail(st, "expected a number after '%s', found '%s'%s", what,
			    ml_tok_shown(tok[3], a, sizeof(a)), ml_tok_number_problem(tok[3]));
	if (is_order) {
		/* pageblock_nr_pages is 1UL << pageblock_order (§3.3). */
		if (v > 62)
			return fail(st, "page block order %llu is beyond any kernel's", (unsigned long long)v);
		if (st->order_line && (uint64_t)out->pageblock_order != v)
			return fail(st, "page block order %llu differs from %d on line %lu",
				    (unsigned long long)v, out->pageblock_order, st->order_line);
		out->pageblock_order = (int)v;
		st->order_line = st->lineno;
	} else {
		if (v == 0)
			return fail(st, "0 pages per block");
		if (st->ppb_line && out->pages_per_block != v)
			return fail(st, "%llu pages per block differs from %llu on line %lu",
				    (unsigned long long)v, (unsigned long long)out->pages_per_block,
				    st->ppb_line);
		out->pages_per_block = v;
		st->ppb_line = st->lineno;
	}
	if (st->order_line && st->ppb_line &&
	    out->pages_per_block != (uint64_t)1 << out->pageblock_order)
		return fail(st, "%llu pages per block do not match page block order %d (expected %llu)",
			    (unsigned long long)out->pages_per_block, out->pageblock_order,
			    (unsigned long long)((uint64_t)1 << out->pageblock_order));
	/* A repeated header opens the next node's block (snippet 55). */
	st->table = PT_NONE;
	return ML_OK;
}

/* "Free pages count per migrate type at order   0   1 ... " */
static int free_header(struct pt_state *st, struct ml_line *tok, size_t n)
{
	struct ml_pagetypeinfo *out = st->out;
	char a[48];
	if (n > PT_MAX_TOKENS)
		return fail(st, "more than %d orders in the free-count header", ML_MAX_ORDERS);
	if (n == 8)
		return fail(st, "no orders after 'Free pages count per migrate type at order'");
	int norders = (int)(n - 8);
	for (int k = 0; k < norders; k++) {
		uint64_t v;
		if (!ml_tok_u64(tok[8 + k], &v) || v != (uint64_t)k)
			return fail(st, "expected order %d in the free-count header, found '%s'",
				    k, ml_tok_shown(tok[8 + k], a, sizeof(a)));
	}
	/* MAX_PAGE_ORDER is one value for the whole kernel (§11.1). */
	if (st->free_header_line && norders != out->norders)
		return fail(st, "%d orders in the free-count header, but line %lu had %d",
			    norders, st->free_header_line, out->norders);
	out->norders = norders;
	st->free_header_line = st->lineno;
	st->table = PT_FREE;
	return ML_OK;
}

/* "Number of blocks type  Unmovable Movable ..." or
 * "Number of mixed blocks Unmovable Movable ..." */
static int blocks_header(struct pt_state *st, struct ml_line *tok, size_t n, bool mixed)
{
	char a[48];
	if (n > 4 + ML_MAX_MIGRATE_TYPES)
		return fail(st, "more than %d migrate types in the '%s' header",
			    ML_MAX_MIGRATE_TYPES, mixed ? "Number of mixed blocks" : "Number of blocks type");
	if (n == 4)
		return fail(st, "no migrate type names after '%s'",
			    mixed ? "Number of mixed blocks" : "Number of blocks type");
	st->ncols = 0;
	for (size_t i = 4; i < n; i++) {
		int t = type_index(st, tok[i]);
		if (t < 0)
			return t;
		for (int c = 0; c < st->ncols; c++)
			if (st->col_type[c] == t)
				return fail(st, "migrate type '%s' listed twice in the header",
					    ml_tok_shown(tok[i], a, sizeof(a)));
		st->col_type[st->ncols++] = t;
	}
	st->blocks_header_line = st->lineno;
	st->table = mixed ? PT_MIXED : PT_BLOCKS;
	return ML_OK;
}

/* "Node    0, zone      DMA, type    Unmovable      0 >100000 ..." */
static int free_row(struct pt_state *st, struct ml_line *tok, size_t n, int node)
{
	struct ml_pagetypeinfo *out = st->out;
	struct ml_pagetype_row row;
	char a[48], b[48];

	if (st->table != PT_FREE)
		return fail(st, "free-count row ('Node N, zone NAME, type TYPE') %s",
			    st->table == PT_NONE
				    ? "before the 'Free pages count per migrate type at order' header"
				    : "inside the 'Number of blocks' table");
	if (n > PT_MAX_TOKENS)
		return fail(st, "more than %d free counts for type '%s'", ML_MAX_ORDERS,
			    ml_tok_shown(tok[5], a, sizeof(a)));
	if (n - 6 != (size_t)out->norders)
		return fail(st, "%zu free counts for type '%s', but the header on line %lu has %d orders",
			    n - 6, ml_tok_shown(tok[5], a, sizeof(a)), st->free_header_line, out->norders);

	memset(&row, 0, sizeof(row));
	row.node = node;
	row.line = st->lineno;
	struct ml_line zname = tok[3];
	zname.len--;    /* the caller checked the trailing ',' */
	if (zname.len == 0 || !ml_tok_copy(zname, row.zone, sizeof(row.zone)))
		return fail(st, "bad zone name '%s'", ml_tok_shown(tok[3], a, sizeof(a)));
	int t = type_index(st, tok[5]);
	if (t < 0)
		return t;
	row.type = t;
	for (int k = 0; k < out->norders; k++) {
		struct ml_line cell = tok[6 + k];
		/* §3.8: the count stops at 100000 and is then printed ">100000". */
		if (cell.len && cell.s[0] == '>') {
			cell.s++;
			cell.len--;
			row.capped |= (uint32_t)1 << k;
		}
		if (!ml_tok_u64(cell, &row.blocks[k]))
			return fail(st, "expected a number of free blocks at order %d, found '%s'%s",
				    k, ml_tok_shown(tok[6 + k], b, sizeof(b)), ml_tok_number_problem(cell));
		if (row.blocks[k] > (ML_MAX_PAGES >> k))
			return fail(st, "%llu free blocks at order %d are more memory than any machine has",
				    (unsigned long long)row.blocks[k], k);
	}

	struct pt_zone *z;
	int rc = zone_entry(st, node, row.zone, &z);
	if (rc < 0)
		return rc;
	if (z->free_types & (1u << t)) {
		unsigned long first = 0;
		for (size_t i = out->nfree; i-- > 0;)
			if (out->free[i].node == node && out->free[i].type == t &&
			    strcmp(out->free[i].zone, row.zone) == 0)
				first = out->free[i].line;
		return fail(st, "node %d zone '%s' type '%s' listed twice (first on line %lu)",
			    node, row.zone, out->type_names[t], first);
	}
	z->free_types |= 1u << t;

	if (out->nfree == st->free_cap) {
		size_t ncap = st->free_cap ? st->free_cap * 2 : 16;
		struct ml_pagetype_row *r = realloc(out->free, ncap * sizeof(*r));
		if (!r)
			return ml_error_set(st->err, ML_ENOMEM, st->file, st->lineno, "out of memory");
		out->free = r;
		st->free_cap = ncap;
	}
	out->free[out->nfree++] = row;
	return ML_OK;
}

/* "Node 0, zone      DMA            1            7 ..." in the blocks or
 * mixed-blocks table. */
static int blocks_row(struct pt_state *st, struct ml_line *tok, size_t n, int node)
{
	struct ml_pagetypeinfo *out = st->out;
	struct ml_pageblock_row row;
	char a[48], b[48];

	if (st->table == PT_NONE)
		return fail(st, "'Node N, zone NAME' row before any table header "
			    "('Free pages count per migrate type at order' or 'Number of blocks type')");
	if (st->table == PT_FREE)
		return fail(st, "expected ', type NAME' after zone '%s' in the free-count table",
			    ml_tok_shown(tok[3], a, sizeof(a)));
	if (n > PT_MAX_TOKENS)
		return fail(st, "more than %d pageblock counts for zone '%s'", PT_MAX_TOKENS - 4,
			    ml_tok_shown(tok[3], a, sizeof(a)));
	if (n - 4 != (size_t)st->ncols)
		return fail(st, "%zu pageblock counts for zone '%s', but the header on line %lu lists %d types",
			    n - 4, ml_tok_shown(tok[3], a, sizeof(a)), st->blocks_header_line, st->ncols);

	memset(&row, 0, sizeof(row));
	row.node = node;
	row.line = st->lineno;
	if (!ml_tok_copy(tok[3], row.zone, sizeof(row.zone)))
		return fail(st, "zone name '%s' is longer than %d characters",
			    ml_tok_shown(tok[3], a, sizeof(a)), ML_NAME - 1);
	for (int c = 0; c < st->ncols; c++) {
		int t = st->col_type[c];
		if (!ml_tok_u64(tok[4 + c], &row.count[t]))
			return fail(st, "expected a number of %s pageblocks, found '%s'%s",
				    out->type_names[t], ml_tok_shown(tok[4 + c], b, sizeof(b)),
				    ml_tok_number_problem(tok[4 + c]));
		if (row.count[t] > ML_MAX_PAGES)
			return fail(st, "%llu %s pageblocks are more memory than any machine has",
				    (unsigned long long)row.count[t], out->type_names[t]);
		row.has[t] = true;
	}

	struct pt_zone *z;
	int rc = zone_entry(st, node, row.zone, &z);
	if (rc < 0)
		return rc;
	if (st->table == PT_MIXED) {
		/* Mixed-block counts (page_owner) are not part of the model:
		 * checked for shape, then dropped. */
		if (z->mixed)
			return fail(st, "node %d zone '%s' listed twice in the mixed-blocks table",
				    node, row.zone);
		z->mixed = true;
		return ML_OK;
	}
	if (z->blocks_row >= 0)
		return fail(st, "node %d zone '%s' listed twice in the blocks table (first on line %lu)",
			    node, row.zone, out->blocks[z->blocks_row].line);
	if (out->nblocks == st->blocks_cap) {
		size_t ncap = st->blocks_cap ? st->blocks_cap * 2 : 8;
		struct ml_pageblock_row *r = realloc(out->blocks, ncap * sizeof(*r));
		if (!r)
			return ml_error_set(st->err, ML_ENOMEM, st->file, st->lineno, "out of memory");
		out->blocks = r;
		st->blocks_cap = ncap;
	}
	z->blocks_row = (long)out->nblocks;
	out->blocks[out->nblocks++] = row;
	return ML_OK;
}

static int parse_line(struct pt_state *st, struct ml_line line)
{
	struct ml_line tok[PT_MAX_TOKENS];
	size_t n = ml_split(line, tok, PT_MAX_TOKENS);
	char a[48];
	int node;

	if (n >= 4 && ml_tok_eq(tok[0], "Node")) {
		if (!node_token(tok[1], &node))
			return fail(st, "expected a node number below %d followed by ',', found '%s'",
				    ML_MAX_NODES, ml_tok_shown(tok[1], a, sizeof(a)));
		if (!ml_tok_eq(tok[2], "zone"))
			return fail(st, "expected 'zone' after the node number, found '%s'",
				    ml_tok_shown(tok[2], a, sizeof(a)));
		if (n >= 6 && ml_tok_eq(tok[4], "type") && tok[3].s[tok[3].len - 1] == ',')
			return free_row(st, tok, n, node);
		return blocks_row(st, tok, n, node);
	}
	if (n >= 3 && ml_tok_eq(tok[0], "Page") && ml_tok_eq(tok[1], "block") &&
	    ml_tok_eq(tok[2], "order:"))
		return header_number(st, tok, n, true);
	if (n >= 3 && ml_tok_eq(tok[0], "Pages") && ml_tok_eq(tok[1], "per") &&
	    ml_tok_eq(tok[2], "block:"))
		return header_number(st, tok, n, false);
	if (n >= 8 && ml_tok_eq(tok[0], "Free") && ml_tok_eq(tok[1], "pages") &&
	    ml_tok_eq(tok[2], "count") && ml_tok_eq(tok[3], "per") &&
	    ml_tok_eq(tok[4], "migrate") && ml_tok_eq(tok[5], "type") &&
	    ml_tok_eq(tok[6], "at") && ml_tok_eq(tok[7], "order"))
		return free_header(st, tok, n);
	if (n >= 4 && ml_tok_eq(tok[0], "Number") && ml_tok_eq(tok[1], "of")) {
		if (ml_tok_eq(tok[2], "blocks") && ml_tok_eq(tok[3], "type"))
			return blocks_header(st, tok, n, false);
		if (ml_tok_eq(tok[2], "mixed") && ml_tok_eq(tok[3], "blocks"))
			return blocks_header(st, tok, n, true);
	}
	return fail(st, "unexpected line '%s': not a pagetypeinfo line", ml_tok_shown(ml_trim(line), a, sizeof(a)));
}

/* §3.8: both tables walk the same populated zones and every configured
 * type, so a zone or type present in one and missing from the other means
 * a file cut short or two captures mixed. */
static int check_tables(struct pt_state *st)
{
	struct ml_pagetypeinfo *out = st->out;
	for (size_t i = 0; i < st->nzones; i++) {
		struct pt_zone *z = &st->zones[i];
		st->lineno = z->line;
		if (z->free_types && z->blocks_row < 0)
			return fail(st, "node %d zone '%s' has free counts but no row in the "
				    "'Number of blocks type' table (file cut short?)", z->node, z->name);
		if (!z->free_types && z->blocks_row >= 0)
			return fail(st, "node %d zone '%s' has pageblock counts but no free-count rows",
				    z->node, z->name);
		if (z->blocks_row < 0)
			continue;   /* only in the mixed table: nothing to compare */
		const struct ml_pageblock_row *b = &out->blocks[z->blocks_row];
		for (int t = 0; t < out->ntypes; t++) {
			bool in_free = (z->free_types >> t) & 1;
			if (in_free && !b->has[t])
				return fail(st, "node %d zone '%s' has free counts for type '%s' "
					    "but the blocks table (line %lu) has no such column",
					    z->node, z->name, out->type_names[t], b->line);
			if (!in_free && b->has[t])
				return fail(st, "node %d zone '%s' has no free-count row for type '%s' "
					    "listed in the blocks table (line %lu): file cut short?",
					    z->node, z->name, out->type_names[t], b->line);
		}
	}
	if ((st->order_line != 0) != (st->ppb_line != 0)) {
		st->lineno = st->order_line ? st->order_line : st->ppb_line;
		return fail(st, "'%s' without '%s'",
			    st->order_line ? "Page block order:" : "Pages per block:",
			    st->order_line ? "Pages per block:" : "Page block order:");
	}
	return ML_OK;
}

int ml_parse_pagetypeinfo(const char *buf, size_t len, const char *file,
			  struct ml_pagetypeinfo *out, struct ml_error *err)
{
	struct pt_state st;
	struct ml_lines it;
	struct ml_line line;
	int rc;

	memset(out, 0, sizeof(*out));
	/* A capture cut above the tables (snippet 59) lacks the header lines. */
	out->pageblock_order = -1;
	memset(&st, 0, sizeof(st));
	st.out = out;
	st.file = file;
	st.err = err;
	st.table = PT_NONE;

	ml_lines_init(&it, buf, len, file);
	while ((rc = ml_lines_next(&it, &line, err)) > 0) {
		st.lineno = it.lineno;
		/* The kernel prints a blank line between the sections. */
		if (ml_trim(line).len == 0)
			continue;
		rc = parse_line(&st, line);
		if (rc < 0)
			break;
	}
	if (rc == 0 && out->nfree == 0 && out->nblocks == 0)
		rc = ml_error_set(err, ML_EPARSE, file, 0,
				  "no 'Node N, zone NAME' rows: empty or not a pagetypeinfo file");
	if (rc == 0)
		rc = check_tables(&st);
	free(st.zones);
	if (rc < 0) {
		ml_pagetypeinfo_free(out);
		return rc;
	}
	return ML_OK;
}
