/* /proc/vmallocinfo parser (kernel-model §8.3, §11.5).
 *
 * mm/vmalloc.c: vmalloc_info_show() prints per area
 *   "0x%pK-0x%pK %7ld" start, end (exclusive), size in bytes with the guard page,
 * then, each only when it applies and in this order: the caller ("%pS":
 * "func+0xoff/0xlen [module]"), " pages=%d", " phys=%pa", the words
 * " ioremap", " sparse", " vmalloc", " vmap", " user", " dma-coherent",
 * " vpages", and with NUMA " N<node>=<pages>" per node.  Areas without a
 * vm_struct print "... vm_map_ram", lazily-freed ones "... unpurged vm_area".
 * Older kernels print phys= without "0x" (4.9: "phys=e0300000"); newer ones
 * add words ("sparse" came between 6.6 and 6.12), so an unknown word is kept
 * as ML_VMALLOC_OTHER instead of failing the file.
 *
 * The addresses are %pK: real, hashed, zero or "(ptrval)" depending on
 * kptr_restrict and the reader.  The size column is always right, so it is
 * the one to use; what the addresses are is decided once for the whole file
 * from whether end - start agrees with the size. */
#include "vmallocinfo.h"

#include <stdlib.h>
#include <string.h>

#include "../model/limits.h"
#include "../util/text.h"



static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Next blank-separated token of *rest; false at the end. */
static bool next_token(struct ml_line *rest, struct ml_line *tok)
{
	size_t i = 0;
	while (i < rest->len && is_blank(rest->s[i]))
		i++;
	if (i == rest->len) {
		rest->s += i;
		rest->len = 0;
		return false;
	}
	size_t b = i;
	while (i < rest->len && !is_blank(rest->s[i]))
		i++;
	tok->s = rest->s + b;
	tok->len = i - b;
	rest->s += i;
	rest->len -= i;
	return true;
}

static struct ml_line peek_token(struct ml_line rest)
{
	struct ml_line tok = { rest.s, 0 };
	next_token(&rest, &tok);
	return tok;
}

void ml_vmallocinfo_free(struct ml_vmallocinfo *vi)
{
	if (!vi)
		return;
	free(vi->areas);
	memset(vi, 0, sizeof(*vi));
}

/* ---- tokens ---- */

enum addr_form { ADDR_VALUE, ADDR_PTRVAL };

/* "0x<hex>" or the "0x(ptrval)" / "0x(____ptrval____)" that %p prints before
 * its hash key is ready (lib/vsprintf.c). */
static bool parse_addr(struct ml_line t, uint64_t *v, enum addr_form *form)
{
	if (t.len < 3 || t.s[0] != '0' || t.s[1] != 'x')
		return false;
	if (t.s[2] == '(') {
		if (t.s[t.len - 1] != ')')
			return false;
		*v = 0;
		*form = ADDR_PTRVAL;
		return true;
	}
	*form = ADDR_VALUE;
	return ml_tok_hex(t, v);
}

static bool parse_range(struct ml_line t, struct ml_vmalloc_area *a, bool *ptrval)
{
	const char *dash = memchr(t.s, '-', t.len);
	if (!dash)
		return false;
	struct ml_line l = { t.s, (size_t)(dash - t.s) };
	struct ml_line r = { dash + 1, t.len - l.len - 1 };
	enum addr_form fl, fr;
	if (!parse_addr(l, &a->start, &fl) || !parse_addr(r, &a->end, &fr))
		return false;
	*ptrval = fl == ADDR_PTRVAL || fr == ADDR_PTRVAL;
	return true;
}

static const struct {
	const char *word;
	unsigned flag;
} words[] = {
	{ "ioremap", ML_VMALLOC_IOREMAP },
	{ "vmalloc", ML_VMALLOC_VMALLOC },
	{ "vmap", ML_VMALLOC_VMAP },
	{ "user", ML_VMALLOC_USER },
	{ "vpages", ML_VMALLOC_VPAGES },
	{ "dma-coherent", ML_VMALLOC_DMA_COHERENT },
	{ "sparse", ML_VMALLOC_SPARSE },
	{ "vm_map_ram", ML_VMALLOC_VM_MAP_RAM },
	{ "unpurged", ML_VMALLOC_UNPURGED },
};

static unsigned word_flag(struct ml_line t)
{
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (ml_tok_eq(t, words[i].word))
			return words[i].flag;
	return 0;
}

/* "N<digits>=" starts a per-node page count. */
static bool is_node_token(struct ml_line t)
{
	size_t i = 1;
	if (t.len < 3 || t.s[0] != 'N')
		return false;
	while (i < t.len && t.s[i] >= '0' && t.s[i] <= '9')
		i++;
	return i > 1 && i < t.len && t.s[i] == '=';
}

/* Words that can follow the size without a caller before them. */
static bool is_attribute(struct ml_line t)
{
	return word_flag(t) || ml_tok_starts(t, "pages=") || ml_tok_starts(t, "phys=") ||
	       is_node_token(t);
}

/* ---- one line ---- */

struct line_ctx {
	unsigned long lineno;
	const char *file;
	struct ml_error *err;
};

static int fail_number(const struct line_ctx *c, const char *what, struct ml_line t)
{
	char a[48];
	return ml_error_set(c->err, ML_EPARSE, c->file, c->lineno,
			    "expected %s, found '%s'%s", what, ml_tok_shown(t, a, sizeof(a)),
			    ml_tok_number_problem(t));
}

/* "func+0xoff/0xlen" -> "func"; a caller kallsyms could not name is printed
 * as a bare address and kept as it is. */
static void set_caller(struct ml_vmalloc_area *a, struct ml_line t)
{
	const char *plus = memchr(t.s, '+', t.len);
	size_t n = plus ? (size_t)(plus - t.s) : t.len;
	if (n >= sizeof(a->caller)) {
		n = sizeof(a->caller) - 1;
		a->caller_truncated = true;
	}
	memcpy(a->caller, t.s, n);
	a->caller[n] = '\0';
}

/* "[module]", or "[module buildid]" over two tokens when %pS prints build
 * ids (CONFIG_STACKTRACE_BUILD_ID). */
static int parse_module(const struct line_ctx *c, struct ml_vmalloc_area *a,
			struct ml_line first, struct ml_line *rest)
{
	char m[48];
	struct ml_line name = { first.s + 1, first.len - 1 };
	bool closed = name.len && name.s[name.len - 1] == ']';
	if (closed) {
		name.len--;
	} else {
		struct ml_line id;
		if (!next_token(rest, &id) || id.len < 2 || id.s[id.len - 1] != ']')
			return ml_error_set(c->err, ML_EPARSE, c->file, c->lineno,
					    "module tag '%s' is not closed with ']'",
					    ml_tok_shown(first, m, sizeof(m)));
	}
	/* MODULE_NAME_LEN is 64 - sizeof(long): a longer name is not one. */
	if (name.len == 0 || !ml_tok_copy(name, a->module, sizeof(a->module)))
		return ml_error_set(c->err, ML_EPARSE, c->file, c->lineno,
				    "module tag '%s' is empty or longer than %zu bytes",
				    ml_tok_shown(first, m, sizeof(m)), sizeof(a->module) - 1);
	return ML_OK;
}

static int parse_node_pages(const struct line_ctx *c, struct ml_vmalloc_area *a, struct ml_line t)
{
	const char *eq = memchr(t.s, '=', t.len);
	struct ml_line node = { t.s + 1, (size_t)(eq - t.s) - 1 };
	struct ml_line val = { eq + 1, t.len - (size_t)(eq - t.s) - 1 };
	uint64_t nd, pages;
	char m[48];
	if (!ml_tok_u64(node, &nd) || nd >= ML_MAX_NODES)
		return ml_error_set(c->err, ML_EPARSE, c->file, c->lineno,
				    "node number in '%s' is not below %d", ml_tok_shown(t, m, sizeof(m)),
				    ML_MAX_NODES);
	if (!ml_tok_u64(val, &pages))
		return fail_number(c, "a page count after 'N<node>='", val);
	if (!ml_add_u64(a->node_pages_total, pages, &a->node_pages_total))
		return ml_error_set(c->err, ML_EPARSE, c->file, c->lineno,
				    "per-node page counts add up beyond 64 bits");
	if (a->nnode_pages < ML_VMALLOC_NODE_PAIRS) {
		a->node_pages[a->nnode_pages].node = (unsigned)nd;
		a->node_pages[a->nnode_pages].pages = pages;
		a->nnode_pages++;
	} else {
		a->node_pages_truncated = true;
	}
	return ML_OK;
}

static int parse_area(const struct line_ctx *c, struct ml_line line,
		      struct ml_vmalloc_area *a, bool *ptrval)
{
	struct ml_line rest = line, t;
	char m[48];
	int rc;

	memset(a, 0, sizeof(*a));
	a->line = c->lineno;
	next_token(&rest, &t);   /* the line is not blank: a token exists */
	if (!parse_range(t, a, ptrval))
		return ml_error_set(c->err, ML_EPARSE, c->file, c->lineno,
				    "expected an address range '0x<start>-0x<end>', found '%s'",
				    ml_tok_shown(t, m, sizeof(m)));
	if (!next_token(&rest, &t))
		return ml_error_set(c->err, ML_EPARSE, c->file, c->lineno,
				    "no size after the address range: cut line?");
	if (!ml_tok_u64(t, &a->size))
		return fail_number(c, "the area size in bytes", t);

	/* The caller comes first and is the only free-form token: anything
	 * before a known word or key=value is it. */
	t = peek_token(rest);
	if (t.len && !is_attribute(t)) {
		next_token(&rest, &t);
		set_caller(a, t);
		t = peek_token(rest);
		if (t.len && t.s[0] == '[') {
			next_token(&rest, &t);
			rc = parse_module(c, a, t, &rest);
			if (rc < 0)
				return rc;
		}
	}

	while (next_token(&rest, &t)) {
		unsigned flag = word_flag(t);
		if (flag) {
			a->kind_flags |= flag;
			/* "unpurged vm_area" is one mark in two words. */
			if (flag == ML_VMALLOC_UNPURGED && ml_tok_eq(peek_token(rest), "vm_area"))
				next_token(&rest, &t);
		} else if (ml_tok_starts(t, "pages=")) {
			struct ml_line v = { t.s + 6, t.len - 6 };
			if (!ml_tok_u64(v, &a->pages))
				return fail_number(c, "a page count after 'pages='", v);
			a->has_pages = true;
		} else if (ml_tok_starts(t, "phys=")) {
			/* %pa prints "0x" and full width; 4.x printed bare hex. */
			struct ml_line v = { t.s + 5, t.len - 5 };
			if (!ml_tok_hex(v, &a->phys))
				return ml_error_set(c->err, ML_EPARSE, c->file, c->lineno,
						    "expected a hexadecimal physical address after 'phys=', found '%s'",
						    ml_tok_shown(v, m, sizeof(m)));
			a->has_phys = true;
		} else if (is_node_token(t)) {
			rc = parse_node_pages(c, a, t);
			if (rc < 0)
				return rc;
		} else {
			/* A word from a newer kernel: kept, not fatal. */
			if (!(a->kind_flags & ML_VMALLOC_OTHER)) {
				size_t n = t.len < sizeof(a->other) - 1 ? t.len : sizeof(a->other) - 1;
				memcpy(a->other, t.s, n);
				a->other[n] = '\0';
			}
			a->kind_flags |= ML_VMALLOC_OTHER;
		}
	}
	return ML_OK;
}

/* kernel-model §8.3: with real addresses every line has end = start + size
 * (vm_struct lines print addr and addr + size, the others va_start, va_end
 * and their difference).  Hashed pointers are hashed one by one, so their
 * difference matches the size only by chance (2^-32 a line): one matching
 * line already rules hashing out.  "Nearly every" (all but 1 %, at least one
 * line) leaves room for a hand-edited line; a file mixing zeros or
 * "(ptrval)" with values was read while kptr_restrict changed and is not
 * trusted either. */
static enum ml_vmalloc_addresses classify(const struct ml_vmallocinfo *vi, size_t nptrval)
{
	size_t nzero = 0, nmatch = 0;
	for (size_t i = 0; i < vi->n; i++) {
		const struct ml_vmalloc_area *a = &vi->areas[i];
		if (a->start == 0 && a->end == 0)
			nzero++;
		else if (a->end > a->start && a->end - a->start == a->size)
			nmatch++;
	}
	size_t slack = vi->n / 100 ? vi->n / 100 : 1;
	if (nptrval == vi->n)
		return ML_VMALLOC_ADDR_PTRVAL;
	if (nzero == vi->n)
		return ML_VMALLOC_ADDR_ZERO;
	if (nzero == 0 && nptrval == 0 && nmatch > 0 && vi->n - nmatch <= slack)
		return ML_VMALLOC_ADDR_REAL;
	return ML_VMALLOC_ADDR_HASHED;
}

int ml_parse_vmallocinfo(const char *buf, size_t len, const char *file,
			 struct ml_vmallocinfo *out, struct ml_error *err)
{
	struct ml_lines it;
	struct ml_line line;
	size_t cap = 0, nptrval = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	ml_lines_init(&it, buf, len, file);
	while ((rc = ml_lines_next(&it, &line, err)) > 0) {
		/* The kernel prints no blank lines; captures pasted by hand
		 * often end with one. */
		if (ml_trim(line).len == 0)
			continue;
		struct line_ctx c = { it.lineno, file, err };
		struct ml_vmalloc_area area;
		bool ptrval = false;
		rc = parse_area(&c, line, &area, &ptrval);
		if (rc < 0)
			break;
		if (out->n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct ml_vmalloc_area *p = realloc(out->areas, ncap * sizeof(*p));
			if (!p) {
				rc = ml_error_set(err, ML_ENOMEM, file, it.lineno, "out of memory");
				break;
			}
			out->areas = p;
			cap = ncap;
		}
		out->areas[out->n++] = area;
		nptrval += ptrval;
	}
	/* Every running kernel with an MMU has vmalloc areas (stacks, ioremaps,
	 * modules); an empty file is a failed or cut capture. */
	if (rc == 0 && out->n == 0)
		rc = ml_error_set(err, ML_EPARSE, file, 0,
				  "no '0x<start>-0x<end> <size> ...' lines: empty or not a vmallocinfo file");
	/* The kernel ends every line with "\n"; a last line without it was
	 * cut, maybe inside the size ("2" of "20480") or the caller's name. */
	if (rc == 0 && len && buf[len - 1] != '\n')
		rc = ml_error_set(err, ML_EPARSE, file, it.lineno,
				  "the file ends in the middle of this line (cut short?)");
	if (rc < 0) {
		ml_vmallocinfo_free(out);
		return rc;
	}
	out->addresses = classify(out, nptrval);
	out->addresses_real = out->addresses == ML_VMALLOC_ADDR_REAL;
	return ML_OK;
}
