/* Allocation-failure reports in a kernel log (kernel-model §9, §5.6, §8.1,
 * §9.5, §13).
 *
 * The log is read line by line.  Each physical line first loses whatever the
 * logging chain put in front of the kernel's text (§9.5 "Parsing rules"):
 * printk timestamps "[  12.345678]", caller ids "[T123]", levels "<4>",
 * syslog/journal "Jan  1 00:00:00 host kernel: ", ISO timestamps, Android
 * "07-13 08:41:51.341 <4>[...s][pid:..]", /dev/kmsg "6,123,456,-;", dmesg -x
 * "kern  :warn  : ", mail quoting "> " and indentation.  A header line opens a
 * report; the lines after it are the stack dump, then (for most kinds) the
 * Mem-Info dump of §9.3, which is parsed as logical lines: a physical line that
 * does not start a Mem-Info line and holds only Mem-Info tokens continues the
 * previous one (mail clients wrap long lines; KERN_CONT output is split),
 * while any other line is another message interleaved with the dump and is
 * skipped.  Values keep their units apart: kB figures become bytes, page counts
 * stay pages.  Nothing is guessed: what cannot be read goes to r->problems. */
#include "failure_report.h"

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../analyse/alloc_rules.h"
#include "../model/system.h"
#include "../util/text.h"

typedef struct ml_line span;

/* Bounds that keep garbage from growing tables without end. */
#define MAX_REPORTS 4096
#define MAX_PROBLEMS 48
#define MAX_TASKS 100000
#define MAX_SLABS 512
#define MAX_HUGEPAGES 256
#define MAX_LOGICAL (256u << 10)        /* one joined Mem-Info line */
#define MAX_TOKENS 4096
/* Lines of other output tolerated between a header and its Mem-Info dump:
 * registers, "Code:", raw stack words, other CPUs' messages. */
#define MAX_GAP_BEFORE_MEMINFO 120
#define MAX_GAP_AFTER_MEMINFO 12

/* ------------------------------------------------------------------ spans */

static span sp(const char *s, size_t n)
{
	span r = { s, n };
	return r;
}

static bool sp_eq(span a, const char *b)
{
	return ml_tok_eq(a, b);
}

static bool sp_starts(span a, const char *p)
{
	return ml_tok_starts(a, p);
}

static bool sp_ends(span a, const char *p)
{
	size_t n = strlen(p);
	return a.len >= n && memcmp(a.s + a.len - n, p, n) == 0;
}

static const char *sp_find(span a, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0 || a.len < n)
		return NULL;
	for (size_t i = 0; i + n <= a.len; i++)
		if (a.s[i] == needle[0] && memcmp(a.s + i, needle, n) == 0)
			return a.s + i;
	return NULL;
}

static span sp_after(span a, const char *p)
{
	size_t off = (size_t)(p - a.s);
	return off > a.len ? sp(a.s + a.len, 0) : sp(p, a.len - off);
}

static span sp_skip(span a, size_t n)
{
	return n > a.len ? sp(a.s + a.len, 0) : sp(a.s + n, a.len - n);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static span ltrim(span a)
{
	while (a.len && is_blank(a.s[0]))
		a = sp_skip(a, 1);
	return a;
}

static bool all_digits(span a)
{
	if (!a.len)
		return false;
	for (size_t i = 0; i < a.len; i++)
		if (!is_digit(a.s[i]))
			return false;
	return true;
}

/* Copy for messages: printable ASCII only, at most 60 bytes. */
static const char *shown(span a, char *buf, size_t n)
{
	size_t i, k = 0;
	for (i = 0; i < a.len && k + 4 < n && i < 60; i++) {
		unsigned char c = (unsigned char)a.s[i];
		buf[k++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	if (i < a.len && k + 3 < n) {
		buf[k++] = '.';
		buf[k++] = '.';
		buf[k++] = '.';
	}
	buf[k] = '\0';
	return buf;
}

/* Copy into a fixed field, printable bytes only (the text is shown later). */
static void copy_field(char *dst, size_t n, span a)
{
	size_t k = 0;
	for (size_t i = 0; i < a.len && k + 1 < n; i++) {
		unsigned char c = (unsigned char)a.s[i];
		dst[k++] = (c >= 0x20 && c != 0x7f) ? (char)c : '?';
	}
	dst[k] = '\0';
}

/* Number followed by a unit: "123kB", "123KB" -> bytes; false otherwise. */
static bool kb_bytes(span tok, uint64_t *out)
{
	uint64_t v;
	if (!(sp_ends(tok, "kB") || sp_ends(tok, "KB")))
		return false;
	if (!ml_tok_u64(sp(tok.s, tok.len - 2), &v) || !ml_mul_u64(v, 1024, out))
		return false;
	return true;
}

/* ------------------------------------------------------- dynamic strings */

struct sbuf {
	char *s;
	size_t len, cap;
};

static bool sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 2 > MAX_LOGICAL)
		return false;
	if (b->len + n + 2 > b->cap) {
		size_t cap = b->cap ? b->cap : 512;
		while (cap < b->len + n + 2)
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (!p)
			return false;
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return true;
}

static void sb_free(struct sbuf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

/* ---------------------------------------------------- log prefix removal */

static const char *const month_names[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
static const char *const day_names[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

static bool is_name3(span a, const char *const *names, size_t n)
{
	if (a.len < 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (memcmp(a.s, names[i], 3) == 0)
			return true;
	return false;
}

/* "hh:mm:ss" at a.s; returns its length (8) or 0. */
static size_t clock_at(span a)
{
	if (a.len < 8)
		return 0;
	const char *s = a.s;
	if (is_digit(s[0]) && is_digit(s[1]) && s[2] == ':' && is_digit(s[3]) && is_digit(s[4]) &&
	    s[5] == ':' && is_digit(s[6]) && is_digit(s[7]))
		return 8;
	return 0;
}

/* After a timestamp: optional fraction, optional zone, then " host tag: ".
 * The tag is the program ("kernel:", "kernel[0]:"); it must end in ':'. */
static bool host_and_tag(span *m, span rest, bool need_tag)
{
	rest = ltrim(rest);
	size_t i = 0;
	while (i < rest.len && !is_blank(rest.s[i]))
		i++;
	if (i == 0)
		return false;
	span host = sp(rest.s, i);
	span after = ltrim(sp_skip(rest, i));
	/* no host: "Nov 12 15:15:41 kernel: exe: page allocation failure" */
	if (sp_eq(host, "kernel:")) {
		*m = after;
		return true;
	}
	size_t j = 0;
	while (j < after.len && !is_blank(after.s[j]))
		j++;
	span tag = sp(after.s, j);
	if (tag.len >= 2 && tag.s[tag.len - 1] == ':') {
		*m = sp_skip(after, j);
		return true;
	}
	/* "Sep 21 21:03:15 athena kernel:" with nothing after the tag */
	if (!need_tag && host.len && host.s[host.len - 1] == ':') {
		*m = after;
		return true;
	}
	return false;
}

static bool syslog_prefix(span *m)
{
	span a = *m;
	/* "Mmm dd hh:mm:ss " or "Mmm  d hh:mm:ss " */
	if (a.len < 16 || !is_name3(a, month_names, 12) || a.s[3] != ' ')
		return false;
	size_t i = 4;
	if (a.s[i] == ' ')
		i++;
	if (!is_digit(a.s[i]))
		return false;
	while (i < a.len && is_digit(a.s[i]))
		i++;
	if (i >= a.len || a.s[i] != ' ')
		return false;
	i++;
	size_t c = clock_at(sp_skip(a, i));
	if (!c)
		return false;
	i += c;
	if (i < a.len && a.s[i] == '.')    /* journalctl -o short-precise */
		for (i++; i < a.len && is_digit(a.s[i]); i++)
			;
	if (i >= a.len || a.s[i] != ' ')
		return false;
	return host_and_tag(m, sp_skip(a, i), true);
}

static bool iso_prefix(span *m)
{
	span a = *m;
	/* "2024-01-31T12:34:56[.frac][Z|+hh:mm] host kernel: " */
	if (a.len < 20)
		return false;
	const char *s = a.s;
	for (int k = 0; k < 4; k++)
		if (!is_digit(s[k]))
			return false;
	if (s[4] != '-' || !is_digit(s[5]) || !is_digit(s[6]) || s[7] != '-' || !is_digit(s[8]) ||
	    !is_digit(s[9]) || (s[10] != 'T' && s[10] != ' '))
		return false;
	size_t i = 11, c = clock_at(sp_skip(a, 11));
	if (!c)
		return false;
	i += c;
	if (i < a.len && (a.s[i] == '.' || a.s[i] == ','))
		for (i++; i < a.len && is_digit(a.s[i]); i++)
			;
	if (i < a.len && a.s[i] == 'Z')
		i++;
	else if (i < a.len && (a.s[i] == '+' || a.s[i] == '-'))
		for (i++; i < a.len && (is_digit(a.s[i]) || a.s[i] == ':'); i++)
			;
	if (i >= a.len || a.s[i] != ' ')
		return false;
	return host_and_tag(m, sp_skip(a, i), true);
}

/* Android logcat-style "07-13 08:41:51.341 " */
static bool android_prefix(span *m)
{
	span a = *m;
	const char *s = a.s;
	if (a.len < 15 || !is_digit(s[0]) || !is_digit(s[1]) || s[2] != '-' || !is_digit(s[3]) ||
	    !is_digit(s[4]) || s[5] != ' ')
		return false;
	size_t i = 6, c = clock_at(sp_skip(a, 6));
	if (!c)
		return false;
	i += c;
	if (i < a.len && a.s[i] == '.')
		for (i++; i < a.len && is_digit(a.s[i]); i++)
			;
	if (i >= a.len || a.s[i] != ' ')
		return false;
	*m = sp_skip(a, i + 1);
	return true;
}

/* /dev/kmsg record "6,1234,5678,-;" (cat /dev/kmsg > file) */
static bool kmsg_prefix(span *m)
{
	span a = *m;
	size_t i = 0;
	int fields = 0;
	while (i < a.len && i < 64) {
		size_t b = i;
		while (i < a.len && is_digit(a.s[i]))
			i++;
		if (i == b)
			break;
		fields++;
		if (i < a.len && a.s[i] == ',') {
			i++;
			if (fields == 3)
				break;
			continue;
		}
		break;
	}
	if (fields < 3)
		return false;
	while (i < a.len && i < 96 && a.s[i] != ';' && !is_blank(a.s[i]))
		i++;
	if (i >= a.len || a.s[i] != ';')
		return false;
	*m = sp_skip(a, i + 1);
	return true;
}

/* dmesg -x: "kern  :warn  : " */
static bool facility_prefix(span *m)
{
	static const char *const fac[] = { "kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
					   "news", "uucp", "cron", "authpriv", "ftp", "local" };
	span a = *m;
	size_t i = 0;
	while (i < a.len && i < 12 && (is_alpha(a.s[i]) || is_digit(a.s[i])))
		i++;
	if (i == 0)
		return false;
	bool known = false;
	for (size_t k = 0; k < sizeof(fac) / sizeof(fac[0]); k++) {
		size_t n = strlen(fac[k]);
		if (memcmp(a.s, fac[k], i < n ? i : n) != 0 || i < n)
			continue;
		if (i == n || (strcmp(fac[k], "local") == 0 && i == n + 1 && is_digit(a.s[n])))
			known = true;
	}
	if (!known)
		return false;
	while (i < a.len && a.s[i] == ' ')
		i++;
	if (i >= a.len || a.s[i] != ':')
		return false;
	i++;
	size_t b = i;
	while (i < a.len && is_alpha(a.s[i]))
		i++;
	if (i == b)
		return false;
	while (i < a.len && a.s[i] == ' ')
		i++;
	if (i >= a.len || a.s[i] != ':')
		return false;
	*m = sp_skip(a, i + 1);
	return true;
}

static bool level_prefix(span *m)
{
	span a = *m;
	if (a.len < 3 || a.s[0] != '<' || !is_digit(a.s[1]))
		return false;
	size_t i = 1;
	while (i < a.len && i < 6 && is_digit(a.s[i]))
		i++;
	if (i >= a.len || a.s[i] != '>')
		return false;
	*m = sp_skip(a, i + 1);
	return true;
}

/* "[  123.456789]", "[309805.658142s]", "[T123]", "[ C4]", "[pid:1,cpu5,x]",
 * "[Mon Jan  1 00:00:00 2024]" (dmesg -T). */
static bool bracket_prefix(span *m)
{
	span a = *m;
	if (a.len < 3 || a.s[0] != '[')
		return false;
	size_t lim = a.len < 96 ? a.len : 96, close = 0;
	for (size_t i = 1; i < lim; i++)
		if (a.s[i] == ']') {
			close = i;
			break;
		}
	if (!close)
		return false;
	span in = ml_trim(sp(a.s + 1, close - 1));
	bool ok = false;
	/* dmesg -H: "[  +0.000012]" after "[Jul25 00:43]" */
	if (in.len > 3 && in.s[0] == '+' && is_digit(in.s[1]))
		in = sp_skip(in, 1);
	if (in.len >= 10 && in.len <= 12 && is_name3(in, month_names, 12) && is_digit(in.s[3]) &&
	    in.s[in.len - 3] == ':' && is_digit(in.s[in.len - 1]))
		ok = true;
	else if (in.len && is_digit(in.s[0])) {
		size_t i = 0;
		while (i < in.len && is_digit(in.s[i]))
			i++;
		if (i < in.len && in.s[i] == '.') {
			size_t b = ++i;
			while (i < in.len && is_digit(in.s[i]))
				i++;
			if (i > b && (i == in.len || (i + 1 == in.len && in.s[i] == 's')))
				ok = true;
		}
	} else if (in.len >= 2 && (in.s[0] == 'T' || in.s[0] == 'C') && all_digits(sp_skip(in, 1))) {
		ok = true;
	} else if (sp_starts(in, "pid:")) {
		ok = true;
	}
	if (!ok && in.len >= 5 && is_digit(in.s[0]) && memchr(in.s, ':', in.len) && is_digit(in.s[in.len - 1])) {
		/* Samsung: "[3:  Binder:9343_3:22875]" = cpu: comm:pid */
		size_t i = 0;
		while (i < in.len && is_digit(in.s[i]))
			i++;
		size_t last = in.len;
		while (last > 0 && is_digit(in.s[last - 1]))
			last--;
		ok = i < in.len && in.s[i] == ':' && last > i + 1 && in.s[last - 1] == ':';
	}
	if (!ok && in.len >= 20 && is_name3(in, day_names, 7) && sp_find(in, ":") && is_digit(in.s[in.len - 1]))
		ok = true;
	if (!ok)
		return false;
	*m = sp_skip(a, close + 1);
	return true;
}

/* "kernel: " alone: a syslog or journal line whose time and host were cut */
static bool kernel_prefix(span *m)
{
	if (!sp_starts(*m, "kernel: "))
		return false;
	*m = sp_skip(*m, 8);
	return true;
}

static bool quote_prefix(span *m)
{
	/* "> " mail quoting; "| " as some mail and forum software quotes */
	if (m->len >= 2 && m->s[0] == '|' && m->s[1] == ' ') {
		*m = sp_skip(*m, 1);
		return true;
	}
	if (!m->len || m->s[0] != '>')
		return false;
	*m = sp_skip(*m, 1);
	return true;
}

/* The kernel's text of a log line, without any prefix, trimmed. */
static span strip_prefixes(span m)
{
	for (int rounds = 0; rounds < 16; rounds++) {
		m = ltrim(m);
		if (bracket_prefix(&m) || level_prefix(&m) || syslog_prefix(&m) || iso_prefix(&m) ||
		    android_prefix(&m) || kmsg_prefix(&m) || facility_prefix(&m) || quote_prefix(&m) ||
		    kernel_prefix(&m))
			continue;
		break;
	}
	return ml_trim(m);
}

/* ------------------------------------------------------------- headers */

enum hdr_type {
	H_NONE,
	H_FAIL,          /* "comm: page allocation failure[:.] order:N, mode:..." */
	H_STALL,         /* "comm: page allocation stalls for Nms, order:N, mode:..." */
	H_OOM,           /* "comm invoked oom-killer: gfp_mask=..., order=N, ..." */
	H_VMALLOC_ERR,   /* "comm: vmalloc error: size N, WHAT, mode:..." (5.13+) */
	H_VMALLOC_OLD,   /* "comm: vmalloc: allocation failure: N bytes" / ", allocated X of Y bytes" */
	H_VMAP,          /* "vmap allocation for size N failed: use vmalloc=<size> ..." (≤ 6.6) */
	H_VMALLOC_RANGE, /* "vmalloc_node_range for size N failed: Address range restricted ..." */
	H_WARN,          /* "WARNING: ... at mm/page_alloc.c:N __alloc_pages*+0x..." */
	H_SYSRQ,         /* "sysrq: Show Memory" */
	H_MEMINFO,       /* "Mem-Info:" with no report open */
};

/* Text before ": MARKER" is the comm.  Returns the marker position or NULL. */
static const char *after_comm(span c, const char *marker, span *comm)
{
	const char *p = sp_find(c, marker);
	if (!p || p < c.s + 2 || p[-1] != ' ' || p[-2] != ':')
		return NULL;
	*comm = ml_trim(sp(c.s, (size_t)(p - 2 - c.s)));
	return p;
}

/* A WARNING line from mm/page_alloc.c; *function gets the function name. */
static bool page_alloc_warning(span c, span *location, span *function)
{
	if (!sp_starts(c, "WARNING:"))
		return false;
	const char *p = sp_find(c, "mm/page_alloc.c");
	if (!p)
		return false;
	span rest = sp_after(c, p);
	size_t i = 0;
	while (i < rest.len && !is_blank(rest.s[i]) && rest.s[i] != ',')
		i++;
	*location = sp(rest.s, i);
	span tok[16];
	size_t n = ml_split(sp_skip(rest, i), tok, 16);
	if (n > 16)
		n = 16;
	for (size_t k = 0; k < n; k++) {
		const char *plus = sp_find(tok[k], "+0x");
		if (!plus)
			continue;
		*function = sp(tok[k].s, (size_t)(plus - tok[k].s));
		return function->len > 0;
	}
	function->len = 0;
	function->s = rest.s;
	return true;
}

/* Functions that hold the order > MAX_ORDER check (kernel-model §5 "Entry";
 * older kernels kept it at the top of __alloc_pages_slowpath()). */
static bool is_order_check_function(span f)
{
	static const char *const names[] = {
		"__alloc_frozen_pages_noprof", "__alloc_pages_noprof", "__alloc_pages",
		"__alloc_pages_nodemask", "__alloc_pages_internal", "__alloc_pages_slowpath",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t n = strlen(names[i]);
		/* "__alloc_pages_slowpath.constprop.0" and the like */
		if (f.len >= n && memcmp(f.s, names[i], n) == 0 && (f.len == n || f.s[n] == '.'))
			return true;
	}
	return false;
}

static enum hdr_type detect_header(span c, span *comm)
{
	comm->s = c.s;
	comm->len = 0;
	if (!c.len)
		return H_NONE;
	if (after_comm(c, "page allocation failure", comm))
		return H_FAIL;
	if (after_comm(c, "page allocation stalls for ", comm))
		return H_STALL;
	if (after_comm(c, "vmalloc error: size ", comm))
		return H_VMALLOC_ERR;
	if (after_comm(c, "vmalloc: allocation failure", comm))
		return H_VMALLOC_OLD;
	const char *p = sp_find(c, " invoked oom-killer:");
	if (p && p > c.s) {
		*comm = ml_trim(sp(c.s, (size_t)(p - c.s)));
		return H_OOM;
	}
	/* before 2.6.25 out_of_memory() printed no task: "oom-killer:
	 * gfp_mask=0xd0, order=0"; the task is named by the kill line */
	if (sp_starts(c, "oom-killer: gfp_mask="))
		return H_OOM;
	if (sp_starts(c, "vmap allocation for size "))
		return H_VMAP;
	if (sp_starts(c, "vmalloc_node_range for size "))
		return H_VMALLOC_RANGE;
	span loc, fn;
	if (page_alloc_warning(c, &loc, &fn) && is_order_check_function(fn))
		return H_WARN;
	if ((sp_starts(c, "sysrq: ") || sp_starts(c, "SysRq : ") || sp_starts(c, "SysRq: ")) &&
	    sp_find(c, "Show Memory"))
		return H_SYSRQ;
	if (sp_eq(c, "Mem-Info:") || sp_eq(c, "Mem-info:"))
		return H_MEMINFO;
	return H_NONE;
}

/* ---------------------------------------------------------- parse state */

enum mi_type {
	MI_NONE,
	MI_GLOBAL,     /* "active_anon:N inactive_anon:N ..." pages */
	MI_NODE,       /* "Node N active_anon:NkB ..." */
	MI_ZONE,       /* "[Node N ]ZONE free:NkB min:..." */
	MI_RESERVE,    /* "lowmem_reserve[]: a b c" */
	MI_BUDDY,      /* "[Node N ]ZONE: n*4kB (UM) ... = NkB" */
	MI_HUGE,       /* "Node N hugepages_total=..." */
	MI_TAIL,       /* "N pages RAM", "Free swap  = NkB", ... */
	MI_PCP,        /* 2.6.x per-cpu list lines */
	MI_FREEPAGES,  /* 2.6.x "Free pages:  NkB (NkB HighMem)" */
	MI_PROFILE,    /* "Memory allocations:" (6.10+ allocation profiling) */
};

struct state {
	const char *file;
	struct ml_report_list *list;
	bool open;                      /* list->v[list->n - 1] is being read */
	enum hdr_type htype;

	/* header joined across wrapped lines */
	struct sbuf hdr;
	bool hdr_open;
	unsigned long hdr_line;

	bool want_version_next;         /* the CPU line was wrapped before the release */
	bool want_release_tail;         /* ... or inside it ("3.12.10-005-" / "ts-armv7l #2") */
	bool arm_from_open;             /* an arm frame line ended in "from" */
	bool in_trace;
	bool in_meminfo, meminfo_done, tail_seen;
	unsigned long gap;              /* unrecognised lines since the last recognised one */
	unsigned long last_useful;

	/* the Mem-Info logical line being assembled */
	struct sbuf logical;
	struct sbuf counter;            /* a memcg counter line cut before "failcnt" */
	enum mi_type ltype;
	unsigned long lline;
	bool lbuddy_closed;             /* buddy line already has its "= NkB" */
	long cur_zone;                  /* zone that a lowmem_reserve[] line belongs to */

	bool vmap_only;                 /* report opened by a "vmap allocation" line */
	unsigned long vmap_line;
	/* sizes of the one-line vmap failures counted into the open report */
	struct {
		uint64_t size;
		unsigned count;
	} burst[8];
	int nburst;
	bool expect_old_fail;           /* 3.x vmalloc line: the "page allocation failure" follows */
	unsigned long old_fail_line;

	/* "comm:" alone at the end of a line another message cut: the
	 * header it starts goes on on the next line */
	char lone_comm[64];
	unsigned long lone_comm_line;
	/* 4.x printed "Node N " with its own printk: interleaving leaves it
	 * alone or glued to the end of the line before ("1677Node 0") */
	long pending_node;
	unsigned long pending_node_line;

	unsigned tail_gap;              /* unread lines among the tail lines */
	unsigned pager_cuts;            /* lines a pager cut (ending in '>') in this report */
	uint64_t cma_fail_pages;        /* the last "cma_alloc: alloc failed, req-size: N pages" */
	unsigned long fault_line;       /* the last "FAULT_INJECTION: forcing a failure" */
	unsigned long cma_fail_line;
	bool kill_line_open;            /* "Killed process ... total-vm:NkB," wrapped */
	bool in_tasks;
	int col_total_vm, col_rss, col_swapents, col_score, col_name, ncols;
	/* a task-table header or row a mailer cut in two: its first part,
	 * waiting for the rest on the next line */
	char task_part[160];
	unsigned long task_part_line;
	bool task_part_header;
	bool panic_seen;                /* "Kernel panic - not syncing": the report ends */
	bool in_slab, in_memcg_stats;
	bool killed_seen;

	unsigned pending_suppressed;
};

static struct ml_report *cur(struct state *st)
{
	return st->open ? &st->list->v[st->list->n - 1] : NULL;
}

static void problem(struct ml_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(struct ml_report *r, const char *fmt, ...)
{
	if (r->nproblems >= MAX_PROBLEMS)
		return;
	char(*p)[400] = realloc(r->problems, (r->nproblems + 1) * sizeof(*p));
	if (!p)
		return;
	r->problems = p;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p[r->nproblems], sizeof(p[0]), fmt, ap);
	va_end(ap);
	/* the same sentence twice says nothing new */
	for (size_t i = 0; i < r->nproblems; i++)
		if (strcmp(p[i], p[r->nproblems]) == 0)
			return;
	r->nproblems++;
}

/* ------------------------------------------------------ header fields */

/* Value after "key" up to one of the stop strings (the first that occurs) or
 * the end; trimmed.  False when key is absent. */
static bool field_value(span h, const char *key, const char *const *stops, size_t nstops, span *out)
{
	const char *p = sp_find(h, key);
	if (!p)
		return false;
	span v = sp_after(h, p + strlen(key));
	size_t end = v.len;
	for (size_t i = 0; i < nstops; i++) {
		const char *q = sp_find(v, stops[i]);
		if (q && (size_t)(q - v.s) < end)
			end = (size_t)(q - v.s);
	}
	*out = ml_trim(sp(v.s, end));
	return true;
}

/* Leading decimal number of a span ("10646ms" -> 10646). */
static bool lead_u64(span a, uint64_t *out, span *rest)
{
	size_t i = 0;
	while (i < a.len && is_digit(a.s[i]))
		i++;
	if (!i || !ml_tok_u64(sp(a.s, i), out))
		return false;
	if (rest)
		*rest = sp_skip(a, i);
	return true;
}

static bool lead_i64(span a, int64_t *out)
{
	bool neg = a.len && a.s[0] == '-';
	uint64_t v;
	if (!lead_u64(neg ? sp_skip(a, 1) : a, &v, NULL) || v > (uint64_t)INT64_MAX)
		return false;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return true;
}

/* "mode:0x8020" or "mode:0x190cc2(GFP_HIGHUSER|...)" after key. */
static void parse_mode(struct ml_report *r, span h, const char *key)
{
	const char *p = sp_find(h, key);
	char b[80];
	if (!p)
		return;
	span v = sp_after(h, p + strlen(key));
	size_t i = 0;
	if (v.len >= 2 && v.s[0] == '0' && (v.s[1] == 'x' || v.s[1] == 'X'))
		i = 2;
	while (i < v.len && isxdigit((unsigned char)v.s[i]))
		i++;
	if (!ml_tok_hex(sp(v.s, i), &r->mode_hex)) {
		problem(r, "the mode/gfp_mask '%s' in the header is not a hexadecimal number",
			shown(sp(v.s, i ? i : (v.len < 20 ? v.len : 20)), b, sizeof(b)));
		return;
	}
	r->has_mode = true;
	span names = sp_skip(v, i);
	if (names.len && names.s[0] == '(') {
		const char *close = memchr(names.s, ')', names.len);
		if (!close) {
			problem(r, "the symbolic GFP names after mode 0x%llx are cut off",
				(unsigned long long)r->mode_hex);
			return;
		}
		span inner = sp(names.s + 1, (size_t)(close - names.s - 1));
		copy_field(r->mode_names, sizeof(r->mode_names), inner);
		r->has_mode_names = true;
	}
}

static const char *const list_stops[] = { ",cpuset=", ", cpuset=", ", order", ",order",
					  ", oom_score_adj", " cpuset=" };

/* nodemask=..., cpuset=..., mems_allowed=... (§9.2 item 1). */
static void parse_placement(struct ml_report *r, span h)
{
	span v;
	if (field_value(h, "nodemask=", list_stops, sizeof(list_stops) / sizeof(list_stops[0]), &v)) {
		/* "nodemask=0, order=0" (4.x OOM): the list ends at ", " */
		const char *sp2 = sp_find(v, ", ");
		if (sp2)
			v.len = (size_t)(sp2 - v.s);
		copy_field(r->nodemask, sizeof(r->nodemask), v);
		r->has_nodemask = true;
	}
	static const char *const cs_stops[] = { ",mems_allowed=", " mems_allowed=" };
	if (field_value(h, "cpuset=", cs_stops, 2, &v)) {
		copy_field(r->cpuset, sizeof(r->cpuset), v);
		r->has_cpuset = true;
	}
	static const char *const ma_stops[] = { " " };
	if (field_value(h, "mems_allowed=", ma_stops, 1, &v)) {
		/* a node list ("0-3", "0,2"): the next field starts with a letter */
		size_t i = 0;
		while (i < v.len && (is_digit(v.s[i]) || v.s[i] == '-' || v.s[i] == ','))
			i++;
		while (i && v.s[i - 1] == ',')
			i--;
		copy_field(r->mems_allowed, sizeof(r->mems_allowed), sp(v.s, i));
	}
}

static void parse_order(struct ml_report *r, span h, const char *key)
{
	const char *p = sp_find(h, key);
	uint64_t v;
	char b[80];
	if (!p)
		return;
	span rest = sp_after(h, p + strlen(key));
	if (!lead_u64(rest, &v, NULL) || v > 64) {
		problem(r, "the order in the header ('%s') is not a valid order", shown(sp(rest.s, rest.len < 12 ? rest.len : 12), b, sizeof(b)));
		return;
	}
	r->has_order = true;
	r->order = (unsigned)v;
}

static void parse_vmalloc_text(struct ml_report *r, span h)
{
	uint64_t v;
	span rest;
	const char *p;
	char b[80];
	if ((p = sp_find(h, "vmalloc error: size "))) {
		span t = sp_after(h, p + strlen("vmalloc error: size "));
		if (lead_u64(t, &v, &rest)) {
			r->has_vmalloc_size = true;
			r->vmalloc_size = v;
		} else {
			problem(r, "the vmalloc size '%s' is not a number", shown(sp(t.s, t.len < 16 ? t.len : 16), b, sizeof(b)));
		}
		if (sp_find(h, "vm_struct allocation failed"))
			r->vmalloc_what = ML_VMALLOC_ADDRESS_SPACE;
		else if (sp_find(h, "exceeds total pages"))
			r->vmalloc_what = ML_VMALLOC_EXCEEDS_TOTAL;
		else if (sp_find(h, "failed to allocate pages"))
			r->vmalloc_what = ML_VMALLOC_PAGES;
		else if (sp_find(h, "page array size"))
			r->vmalloc_what = ML_VMALLOC_PAGE_ARRAY;
		else if (sp_find(h, "failed to map pages"))
			r->vmalloc_what = ML_VMALLOC_MAP;
		if (r->vmalloc_what == ML_VMALLOC_PAGES && r->has_vmalloc_size) {
			/* §8.1 item 6: the size is what had been allocated */
			r->has_vmalloc_allocated = true;
			r->vmalloc_allocated = r->vmalloc_size;
			r->has_vmalloc_size = false;
		}
		if ((p = sp_find(h, "page order "))) {
			if (lead_u64(sp_after(h, p + strlen("page order ")), &v, NULL) && v <= 64) {
				r->has_order = true;
				r->order = (unsigned)v;
				r->vmalloc_page_order_given = true;
			}
		}
		if ((p = sp_find(h, "page array size "))) {
			if (lead_u64(sp_after(h, p + strlen("page array size ")), &v, NULL)) {
				r->has_vmalloc_array = true;
				r->vmalloc_array_size = v;
			}
		}
		return;
	}
	if ((p = sp_find(h, "vmalloc: allocation failure"))) {
		span t = sp_after(h, p + strlen("vmalloc: allocation failure"));
		if (sp_starts(t, ": ") && lead_u64(sp_skip(t, 2), &v, NULL)) {
			/* after a "vmap allocation ... failed" line it is the
			 * address space (§8.1 step 3) */
			if (!r->has_vmap_size)
				r->vmalloc_what = ML_VMALLOC_OLD_GENERIC;
			r->has_vmalloc_size = true;
			r->vmalloc_size = v;
		} else if ((p = sp_find(t, "allocated "))) {
			uint64_t got, want;
			span t2 = sp_after(t, p + strlen("allocated "));
			r->vmalloc_what = ML_VMALLOC_PAGES;
			if (lead_u64(t2, &got, &rest) && sp_starts(rest, " of ") &&
			    lead_u64(sp_skip(rest, 4), &want, NULL)) {
				r->has_vmalloc_allocated = r->has_vmalloc_size = true;
				r->vmalloc_allocated = got;
				r->vmalloc_size = want;
			} else {
				problem(r, "the sizes in 'allocated X of Y bytes' could not be read");
			}
		} else {
			problem(r, "the vmalloc failure line has no size");
		}
	}
}

static void parse_vmap_line(struct ml_report *r, span c)
{
	uint64_t v;
	span rest;
	char b[80];
	const char *key = sp_starts(c, "vmap allocation for size ") ? "vmap allocation for size "
								     : "vmalloc_node_range for size ";
	span t = sp_skip(c, strlen(key));
	if (lead_u64(t, &v, &rest)) {
		r->has_vmap_size = true;
		r->vmap_size = v;
	} else {
		problem(r, "the size in '%s' is not a number", shown(c, b, sizeof(b)));
	}
	const char *p = sp_find(c, "restricted to ");
	if (p) {
		uint64_t a, e;
		span t2 = sp_after(c, p + strlen("restricted to "));
		span tok[4];
		size_t n = ml_split(t2, tok, 4);
		if (n >= 3 && ml_tok_hex(tok[0], &a) && sp_eq(tok[1], "-") && ml_tok_hex(tok[2], &e)) {
			r->has_vmap_range = true;
			r->vmap_range_start = a;
			r->vmap_range_end = e;
		}
	}
	/* what 5.15-6.6 printed (older kernels too); 6.12+ prints the range (§8.1) */
	if (sp_find(c, "use vmalloc="))
		r->vmap_says_vmalloc_param = true;
	r->vmalloc_what = ML_VMALLOC_ADDRESS_SPACE;
}

/* Everything the header line says, once it is complete. */
static void parse_header(struct ml_report *r, enum hdr_type t, span h)
{
	span v;
	uint64_t u;
	char b[80];
	copy_field(r->header, sizeof(r->header), h);
	switch (t) {
	case H_FAIL:
	case H_STALL:
		if (t == H_STALL) {
			const char *p = sp_find(h, "stalls for ");
			span rest;
			if (p && lead_u64(sp_after(h, p + strlen("stalls for ")), &u, &rest))
				r->stall_ms = u;
			else
				problem(r, "the stall time is not a number");
		}
		parse_order(r, h, "order:");
		parse_mode(r, h, "mode:");
		parse_placement(r, h);
		if (!r->has_order)
			problem(r, "the header has no order");
		if (!r->has_mode)
			problem(r, "the header has no mode (GFP flags)");
		break;
	case H_OOM:
		parse_order(r, h, "order=");
		parse_mode(r, h, "gfp_mask=");
		parse_placement(r, h);
		static const char *const adj_stops[] = { ",", " " };
		const char *adjkey = sp_find(h, "oom_score_adj=") ? "oom_score_adj="
				     : sp_find(h, "oom_adj=")       ? "oom_adj="
								    : "oomkilladj=";
		if (field_value(h, adjkey, adj_stops, 2, &v)) {
			if (lead_i64(v, &r->oom_score_adj))
				r->has_oom_score_adj = true;
			else
				problem(r, "%s'%s' is not a number", adjkey, shown(v, b, sizeof(b)));
		}
		if (!r->has_order)
			problem(r, "the header has no order");
		if (!r->has_mode)
			problem(r, "the header has no gfp_mask");
		break;
	case H_VMALLOC_ERR:
	case H_VMALLOC_OLD:
		parse_vmalloc_text(r, h);
		parse_mode(r, h, "mode:");
		parse_placement(r, h);
		break;
	case H_VMAP:
	case H_VMALLOC_RANGE:
		parse_vmap_line(r, h);
		break;
	case H_WARN: {
		span loc, fn;
		if (page_alloc_warning(h, &loc, &fn)) {
			copy_field(r->warn_location, sizeof(r->warn_location), loc);
			copy_field(r->warn_function, sizeof(r->warn_function), fn);
		}
		break;
	}
	default:
		break;
	}
}

/* A header that ends in ',' '|' or '(' continues on the next line (mail
 * clients wrap the long first line of §9.2). */
static bool header_wants_more(const struct sbuf *h, enum hdr_type t)
{
	if (!h->len)
		return false;
	char last = h->s[h->len - 1];
	if (last == ',' || last == '|' || last == '(')
		return true;
	span s = sp(h->s, h->len);
	if ((t == H_FAIL || t == H_STALL || t == H_VMALLOC_ERR) && !sp_find(s, "mode:"))
		return true;
	if (t == H_OOM && !sp_find(s, "order="))
		return true;
	return false;
}

/* ------------------------------------------------------------ Mem-Info */

static bool is_zone_name(span t)
{
	if (!t.len || t.len >= ML_NAME || !is_alpha(t.s[0]))
		return false;
	for (size_t i = 0; i < t.len; i++)
		if (!is_alpha(t.s[i]) && !is_digit(t.s[i]))
			return false;
	return true;
}

/* "N*SkB" -> count, size in kB */
static bool block_token(span t, uint64_t *count, uint64_t *kb)
{
	const char *star = memchr(t.s, '*', t.len);
	if (!star)
		return false;
	span a = sp(t.s, (size_t)(star - t.s)), b = sp_after(t, star + 1);
	if (!sp_ends(b, "kB"))
		return false;
	return ml_tok_u64(a, count) && ml_tok_u64(sp(b.s, b.len - 2), kb);
}

/* Looks like a buddy block even if garbled: "<something>*<something>kB" */
static bool blockish(span t)
{
	return memchr(t.s, '*', t.len) && (sp_ends(t, "kB") || sp_ends(t, "KB"));
}

static bool is_type_letters(span t)
{
	if (t.len < 3 || t.s[0] != '(' || t.s[t.len - 1] != ')')
		return false;
	for (size_t i = 1; i + 1 < t.len; i++)
		if (!(t.s[i] >= 'A' && t.s[i] <= 'Z'))
			return false;
	return true;
}

/* key:value with value a bare number (global block, pages) */
static bool global_token(span t)
{
	const char *colon = memchr(t.s, ':', t.len);
	return colon && colon > t.s && all_digits(sp_after(t, colon + 1));
}

/* A token that can only belong to a Mem-Info line, so that a wrapped line's
 * remainder can be told apart from another message. */
static bool data_token(span t, span next, bool *consumes_next)
{
	*consumes_next = false;
	if (!t.len)
		return false;
	const char *colon = memchr(t.s, ':', t.len);
	if (colon && colon > t.s) {
		span v = sp_after(t, colon + 1);
		if (!v.len) {       /* "shmem_thp: 0kB" */
			uint64_t x;
			if (next.len && (all_digits(next) || kb_bytes(next, &x))) {
				*consumes_next = true;
				return true;
			}
			/* the value wrapped onto the next line ("shmem_thp:" / "0kB") */
			return !next.len;
		}
		return v.len && is_digit(v.s[0]);
	}
	const char *eq = memchr(t.s, '=', t.len);
	if (eq && sp_starts(t, "hugepages_"))
		return true;
	if (blockish(t) || is_type_letters(t) || sp_eq(t, "=") || sp_eq(t, "?cut") || sp_eq(t, "all_unreclaimable?") ||
	    sp_eq(t, "yes") || sp_eq(t, "no"))
		return true;
	uint64_t x;
	return all_digits(t) || kb_bytes(t, &x);
}

static bool all_data_tokens(span c)
{
	span tok[64];
	size_t n = ml_split(c, tok, 64);
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool eat;
		if (!data_token(tok[i], i + 1 < n ? tok[i + 1] : sp(c.s + c.len, 0), &eat))
			return false;
		if (eat)
			i++;
	}
	return true;
}

static bool word_then(span c, const char *w)
{
	return sp_starts(c, w);
}

static enum mi_type mi_classify(span c)
{
	span tok[6];
	size_t n = ml_split(c, tok, 6);
	if (n > 6)
		n = 6;
	if (n == 0)
		return MI_NONE;
	uint64_t x;
	if (sp_eq(tok[0], "Node") && n >= 3 && all_digits(tok[1])) {
		if (sp_starts(tok[2], "hugepages_"))
			return MI_HUGE;
		if (n >= 4 && is_zone_name(tok[2]) && sp_starts(tok[3], "free:"))
			return MI_ZONE;
		if (n >= 4 && is_zone_name(tok[2]) && sp_eq(tok[3], "per-cpu:"))
			return MI_PCP;
		if (tok[2].len > 1 && tok[2].s[tok[2].len - 1] == ':' &&
		    is_zone_name(sp(tok[2].s, tok[2].len - 1)) &&
		    (n == 3 || blockish(tok[3]) || sp_eq(tok[3], "empty")))
			return MI_BUDDY;
		const char *colon = memchr(tok[2].s, ':', tok[2].len);
		if (colon)
			return MI_NODE;
		return MI_NONE;
	}
	if (sp_eq(tok[0], "lowmem_reserve[]:") || sp_eq(tok[0], "protections[]:"))
		return MI_RESERVE;
	if (n >= 2 && is_zone_name(tok[0]) && sp_starts(tok[1], "free:") && !sp_eq(tok[0], "Free"))
		return MI_ZONE;
	if (n >= 2 && is_zone_name(tok[0]) && sp_eq(tok[1], "per-cpu:"))
		return MI_PCP;
	if (tok[0].len > 1 && tok[0].s[tok[0].len - 1] == ':' && is_zone_name(sp(tok[0].s, tok[0].len - 1)) &&
	    n >= 2 && (blockish(tok[1]) || sp_eq(tok[1], "empty")))
		return MI_BUDDY;
	if ((sp_eq(tok[0], "CPU") || sp_eq(tok[0], "cpu")) && n >= 3)
		return MI_PCP;
	if (sp_eq(tok[0], "Free") && n >= 2 && sp_eq(tok[1], "pages:"))
		return MI_FREEPAGES;
	if (sp_eq(tok[0], "Free") && n >= 2 && (sp_eq(tok[1], "swap") || sp_starts(tok[1], "swap:")))
		return MI_TAIL;
	if (sp_eq(tok[0], "Total") && n >= 2 && sp_eq(tok[1], "swap"))
		return MI_TAIL;
	if (word_then(c, "Swap cache"))
		return MI_TAIL;
	if (word_then(c, "Memory allocations:"))
		return MI_PROFILE;
	if (all_digits(tok[0]) && n >= 2 && sp_find(c, "page"))
		return MI_TAIL;
	if (global_token(tok[0]) && !kb_bytes(tok[0], &x))
		return MI_GLOBAL;
	return MI_NONE;
}

static struct ml_report_zone *find_zone(struct ml_report *r, int node, span name, bool create)
{
	for (size_t i = 0; i < r->nzones; i++)
		if (r->zones[i].node == node && sp_eq(name, r->zones[i].name))
			return &r->zones[i];
	if (!create || r->nzones >= (size_t)ML_MAX_ZONES * 64)
		return NULL;
	struct ml_report_zone *z = realloc(r->zones, (r->nzones + 1) * sizeof(*z));
	if (!z)
		return NULL;
	r->zones = z;
	z = &r->zones[r->nzones++];
	memset(z, 0, sizeof(*z));
	z->node = node;
	copy_field(z->name, sizeof(z->name), name);
	z->all_unreclaimable = -1;
	return z;
}

/* "Node N" prefix: *node and the index of the next token; node 0 without it. */
static bool node_prefix(struct ml_report *r, span *tok, size_t n, int *node, size_t *i)
{
	uint64_t v;
	char b[80];
	*node = 0;
	*i = 0;
	if (n >= 2 && sp_eq(tok[0], "Node")) {
		if (!ml_tok_u64(tok[1], &v) || v >= ML_MAX_NODES) {
			problem(r, "node number '%s' is not a valid node", shown(tok[1], b, sizeof(b)));
			return false;
		}
		*node = (int)v;
		*i = 2;
	}
	return true;
}

/* key:value pairs into kv: kB values as bytes, bare numbers as they are.
 * Returns false if nothing could be read. */
static void read_pairs(struct ml_report *r, const char *what, span *tok, size_t n, size_t from,
		       struct ml_kv *kv, int *unreclaimable, unsigned long line)
{
	char b[80], kb[ML_KV_NAME];
	for (size_t i = from; i < n; i++) {
		span t = tok[i];
		if (sp_eq(t, "all_unreclaimable?")) {
			if (i + 1 < n && (sp_eq(tok[i + 1], "yes") || sp_eq(tok[i + 1], "no"))) {
				if (unreclaimable)
					*unreclaimable = sp_eq(tok[i + 1], "yes");
				i++;
			} else {
				problem(r, "%s: 'all_unreclaimable?' is not followed by yes or no", what);
			}
			continue;
		}
		const char *colon = memchr(t.s, ':', t.len);
		if (!colon || colon == t.s) {
			problem(r, "%s: '%s' is not a key:value pair; ignored", what, shown(t, b, sizeof(b)));
			continue;
		}
		span key = sp(t.s, (size_t)(colon - t.s)), val = sp_after(t, colon + 1);
		if (!val.len && i + 1 < n) {     /* "shmem_thp: 0kB" (6.1) */
			val = tok[i + 1];
			i++;
		}
		uint64_t v;
		if (key.len >= sizeof(kb))
			key.len = sizeof(kb) - 1;
		copy_field(kb, sizeof(kb), key);
		if (kb_bytes(val, &v) || ml_tok_u64(val, &v)) {
			if (ml_kv_set(kv, kb, v, line) != 0)
				return;
		} else {
			problem(r, "%s: %s:%s is not a number (or does not fit in 64 bits); %s is unknown", what, kb,
				shown(val, b, sizeof(b)), kb);
		}
	}
}

static void process_zone(struct state *st, struct ml_report *r, span *tok, size_t n)
{
	int node;
	size_t i;
	char what[96], b[80];
	if (!node_prefix(r, tok, n, &node, &i) || i >= n)
		return;
	struct ml_report_zone *z = find_zone(r, node, tok[i], true);
	if (!z)
		return;
	snprintf(what, sizeof(what), "zone line of Node %d %s", node, shown(tok[i], b, sizeof(b)));
	if (z->has_zone_line) {
		problem(r, "%s appears twice; the second is ignored", what);
		st->cur_zone = -1;
		return;
	}
	z->has_zone_line = true;
	z->line = st->lline;
	read_pairs(r, what, tok, n, i + 1, &z->fields, &z->all_unreclaimable, st->lline);
	st->cur_zone = (long)(z - r->zones);
}

static void process_reserve(struct state *st, struct ml_report *r, span *tok, size_t n)
{
	char b[80];
	if (st->cur_zone < 0 || (size_t)st->cur_zone >= r->nzones) {
		problem(r, "a lowmem_reserve[] line (line %lu) follows no zone line; ignored", st->lline);
		return;
	}
	struct ml_report_zone *z = &r->zones[st->cur_zone];
	st->cur_zone = -1;
	if (n - 1 > ML_MAX_ZONES) {
		problem(r, "lowmem_reserve[] of %s has %zu entries, more than any kernel has zones", z->name,
			n - 1);
		return;
	}
	for (size_t k = 1; k < n; k++) {
		if (!ml_tok_u64(tok[k], &z->reserve[k - 1])) {
			problem(r, "lowmem_reserve[] of Node %d %s: '%s' is not a number; the reserve is unknown",
				z->node, z->name, shown(tok[k], b, sizeof(b)));
			z->nreserve = 0;
			return;
		}
	}
	z->nreserve = (int)(n - 1);
	z->has_reserve = true;
	z->reserve_is_old_protections = sp_eq(tok[0], "protections[]:");
}

static uint8_t letter_bit(char c)
{
	switch (c) {
	case 'U': return ML_REPORT_TYPE_U;
	case 'M': return ML_REPORT_TYPE_M;
	case 'E': return ML_REPORT_TYPE_E;
	case 'H': return ML_REPORT_TYPE_H;
	case 'C': return ML_REPORT_TYPE_C;
	case 'I': return ML_REPORT_TYPE_I;
	case 'R': return ML_REPORT_TYPE_R;
	default: return ML_REPORT_TYPE_OTHER;
	}
}

static void process_buddy(struct state *st, struct ml_report *r, span *tok, size_t n)
{
	int node;
	size_t i;
	char b[80];
	if (!node_prefix(r, tok, n, &node, &i) || i >= n)
		return;
	span name = sp(tok[i].s, tok[i].len ? tok[i].len - 1 : 0);
	struct ml_report_zone *z = find_zone(r, node, name, true);
	if (!z)
		return;
	if (z->buddy_line) {
		problem(r, "the buddy line of Node %d %s appears twice; the second is ignored", node, z->name);
		return;
	}
	z->buddy_line = st->lline;
	i++;
	if (i < n && sp_eq(tok[i], "empty")) {
		z->buddy_empty = true;
		z->has_buddy = true;
		z->norders = 0;
		return;
	}
	int order = 0;
	bool ok = true, total = false;
	uint64_t prev_kb = 0, sum_kb = 0;
	for (; i < n; i++) {
		uint64_t count, kb, t;
		if (is_type_letters(tok[i])) {
			if (order == 0) {
				ok = false;
				break;
			}
			for (size_t k = 1; k + 1 < tok[i].len; k++)
				z->types[order - 1] |= letter_bit(tok[i].s[k]);
			continue;
		}
		if (sp_eq(tok[i], "=")) {
			if (i + 1 < n && sp_eq(tok[i + 1], "?cut")) {
				problem(r, "the total of the buddy line of Node %d %s was cut off by a pager ('>'): its blocks are read, their sum is not checked",
					node, z->name);
				total = true;
				i++;
			} else if (i + 1 < n && kb_bytes(tok[i + 1], &t)) {
				z->has_buddy_total = true;
				z->buddy_total_kb = t / 1024;
				total = true;
				i++;
			} else {
				problem(r, "buddy line of Node %d %s: the total after '=' is not a number", node,
					z->name);
			}
			break;
		}
		if (!block_token(tok[i], &count, &kb)) {
			problem(r, "buddy line of Node %d %s: '%s' is not a count*size block; the free blocks of this zone are unknown",
				node, z->name, shown(tok[i], b, sizeof(b)));
			ok = false;
			break;
		}
		if (order >= ML_MAX_ORDERS) {
			problem(r, "buddy line of Node %d %s has more than %d orders", node, z->name, ML_MAX_ORDERS);
			ok = false;
			break;
		}
		if (order == 0 && (kb == 0 || (kb & (kb - 1)) != 0)) {
			problem(r, "buddy line of Node %d %s: the smallest block %llukB is not a page size", node,
				z->name, (unsigned long long)kb);
			ok = false;
			break;
		}
		if (order > 0 && kb != prev_kb * 2) {
			problem(r, "buddy line of Node %d %s: block sizes do not double (%llukB after %llukB)", node,
				z->name, (unsigned long long)kb, (unsigned long long)prev_kb);
			ok = false;
			break;
		}
		uint64_t part;
		if (!ml_mul_u64(count, kb, &part) || !ml_add_u64(sum_kb, part, &sum_kb)) {
			problem(r, "buddy line of Node %d %s: counts too large", node, z->name);
			ok = false;
			break;
		}
		if (order == 0)
			z->block_kb = kb;
		z->blocks[order++] = count;
		prev_kb = kb;
	}
	z->norders = order;
	if (ok && !total) {
		problem(r, "the buddy line of Node %d %s is cut off after order %d (no '= total'); its free blocks are unknown",
			node, z->name, order - 1);
		ok = false;
	}
	if (ok && order == 0)
		ok = false;
	if (ok && z->has_buddy_total && z->buddy_total_kb != sum_kb)
		problem(r, "buddy line of Node %d %s: the blocks add up to %llukB but the line says %llukB; a count may be garbled",
			node, z->name, (unsigned long long)sum_kb, (unsigned long long)z->buddy_total_kb);
	z->has_buddy = ok;
	if (!ok)
		return;
	z->buddy_whole = z->buddy_total_kb == sum_kb;
	uint64_t ps = z->block_kb * 1024;
	if (r->page_size && r->page_size != ps)
		problem(r, "buddy lines disagree on the page size (%llu and %llu bytes)",
			(unsigned long long)r->page_size, (unsigned long long)ps);
	else
		r->page_size = ps;
}

/* MAX_PAGE_ORDER + 1 from the buddy lines (§9.3 d): the kernel prints one
 * column per order up to MAX_PAGE_ORDER on every line of a dump, so only a
 * whole line (read up to its "= NkB", the blocks adding up to it) tells it,
 * and only when no other line of the dump, cut or garbled ones included,
 * shows more columns.  A line cut by a mailer or a log must never pass for
 * a small MAX_PAGE_ORDER: then it is unknown (0). */
static void derive_norders(struct ml_report *r)
{
	int whole = 0, seen = 0;
	for (size_t i = 0; i < r->nzones; i++) {
		const struct ml_report_zone *z = &r->zones[i];
		if (!z->buddy_line || z->buddy_empty)
			continue;
		if (z->norders > seen)
			seen = z->norders;
		if (!z->has_buddy || !z->buddy_whole)
			continue;
		if (whole && z->norders != whole)
			problem(r, "buddy lines disagree on the number of orders (%d and %d)", whole, z->norders);
		if (z->norders > whole)
			whole = z->norders;
	}
	r->norders = whole >= seen ? whole : 0;
	if (seen && !whole)
		problem(r, "no buddy line is whole (each is cut off, garbled or does not add up to its '= total'): MAX_PAGE_ORDER is unknown");
	else if (seen > whole)
		problem(r, "a cut or garbled buddy line shows %d orders, more than the %d of the whole ones: MAX_PAGE_ORDER is unknown",
			seen, whole);
}

static struct ml_report_node *find_node(struct ml_report *r, int node)
{
	for (size_t i = 0; i < r->nnodes; i++)
		if (r->nodes[i].node == node)
			return &r->nodes[i];
	if (r->nnodes >= ML_MAX_NODES)
		return NULL;
	struct ml_report_node *v = realloc(r->nodes, (r->nnodes + 1) * sizeof(*v));
	if (!v)
		return NULL;
	r->nodes = v;
	v = &r->nodes[r->nnodes++];
	memset(v, 0, sizeof(*v));
	v->node = node;
	v->all_unreclaimable = -1;
	return v;
}

static void process_node(struct state *st, struct ml_report *r, span *tok, size_t n)
{
	int node;
	size_t i;
	char what[64];
	if (!node_prefix(r, tok, n, &node, &i))
		return;
	struct ml_report_node *nd = find_node(r, node);
	if (!nd)
		return;
	nd->line = st->lline;
	snprintf(what, sizeof(what), "node line of Node %d", node);
	read_pairs(r, what, tok, n, i, &nd->fields, &nd->all_unreclaimable, st->lline);
}

static void process_huge(struct ml_report *r, span *tok, size_t n)
{
	int node;
	size_t i;
	if (!node_prefix(r, tok, n, &node, &i) || r->nhugepages >= MAX_HUGEPAGES)
		return;
	struct ml_report_hugepages h = { .node = node };
	bool have_size = false;
	for (; i < n; i++) {
		const char *eq = memchr(tok[i].s, '=', tok[i].len);
		if (!eq)
			continue;
		span k = sp(tok[i].s, (size_t)(eq - tok[i].s)), v = sp_after(tok[i], eq + 1);
		uint64_t x;
		if (sp_eq(k, "hugepages_size") && kb_bytes(v, &x)) {
			h.size_kb = x / 1024;
			have_size = true;
		} else if (sp_eq(k, "hugepages_total") && ml_tok_u64(v, &x)) {
			h.total = x;
		} else if (sp_eq(k, "hugepages_free") && ml_tok_u64(v, &x)) {
			h.free = x;
		} else if (sp_eq(k, "hugepages_surp") && ml_tok_u64(v, &x)) {
			h.surplus = x;
		}
	}
	if (!have_size) {
		problem(r, "a hugepages line of Node %d has no readable hugepages_size", node);
		return;
	}
	struct ml_report_hugepages *v = realloc(r->hugepages, (r->nhugepages + 1) * sizeof(*v));
	if (!v)
		return;
	r->hugepages = v;
	v[r->nhugepages++] = h;
}

static void process_global(struct state *st, struct ml_report *r, span *tok, size_t n)
{
	char b[80], kb[ML_KV_NAME];
	for (size_t i = 0; i < n; i++) {
		const char *colon = memchr(tok[i].s, ':', tok[i].len);
		if (!colon || colon == tok[i].s) {
			problem(r, "Mem-Info counters: '%s' is not a key:value pair; ignored", shown(tok[i], b, sizeof(b)));
			continue;
		}
		span key = sp(tok[i].s, (size_t)(colon - tok[i].s)), val = sp_after(tok[i], colon + 1);
		uint64_t v;
		copy_field(kb, sizeof(kb), key);
		if (ml_tok_u64(val, &v))
			ml_kv_set(&r->global, kb, v, st->lline);
		else
			problem(r, "Mem-Info counters: %s:%s is not a number; %s is unknown", kb,
				shown(val, b, sizeof(b)), kb);
	}
}

static void process_tail(struct state *st, struct ml_report *r, span c)
{
	uint64_t v, bytes;
	span rest, tok[8];
	char name[ML_KV_NAME], b[80];
	size_t n = ml_split(c, tok, 8);
	st->tail_seen = true;
	if (n > 8)
		n = 8;
	/* "Free swap  = 485236kB", "Total swap = 514040kB", "Free swap:  1104732kB" */
	if (n >= 3 && (sp_eq(tok[0], "Free") || sp_eq(tok[0], "Total")) && sp_starts(tok[1], "swap")) {
		span val = sp_eq(tok[2], "=") && n >= 4 ? tok[3] : tok[n - 1];
		bool total = sp_eq(tok[0], "Total");
		if (!kb_bytes(val, &bytes)) {
			problem(r, "'%s': the swap size is not a number", shown(c, b, sizeof(b)));
			return;
		}
		if (total) {
			r->has_total_swap = true;
			r->total_swap_bytes = bytes;
		} else {
			r->has_free_swap = true;
			r->free_swap_bytes = bytes;
		}
		return;
	}
	if (n >= 2 && sp_eq(tok[0], "Free") && sp_eq(tok[1], "swap:")) {
		if (n >= 3 && kb_bytes(tok[2], &bytes)) {
			r->has_free_swap = true;
			r->free_swap_bytes = bytes;
		}
		return;
	}
	if (sp_starts(c, "Swap cache"))
		return;
	/* "N words..." */
	if (lead_u64(c, &v, &rest) && rest.len && is_blank(rest.s[0])) {
		rest = ml_trim(rest);
		copy_field(name, sizeof(name), rest);
		ml_kv_set(&r->tail, name, v, st->lline);
		if (sp_eq(rest, "pages RAM") || sp_eq(rest, "pages of RAM") || sp_eq(rest, "pages reserved") ||
		    sp_eq(rest, "reserved pages") || sp_eq(rest, "pages hwpoisoned"))
			r->meminfo_complete = true;
	} else if (all_digits(tok[0])) {
		problem(r, "'%s' could not be read", shown(c, b, sizeof(b)));
	}
}

/* Handle the assembled logical line. */
static void flush_logical(struct state *st)
{
	struct ml_report *r = cur(st);
	if (!r || st->ltype == MI_NONE || !st->logical.len) {
		st->ltype = MI_NONE;
		st->logical.len = 0;
		return;
	}
	span c = sp(st->logical.s, st->logical.len);
	span *tok = malloc(MAX_TOKENS * sizeof(*tok));
	if (!tok)
		goto out;
	size_t n = ml_split(c, tok, MAX_TOKENS);
	if (n > MAX_TOKENS) {
		problem(r, "a Mem-Info line at line %lu has more than %d fields; ignored", st->lline, MAX_TOKENS);
		goto out;
	}
	switch (st->ltype) {
	case MI_GLOBAL:
		process_global(st, r, tok, n);
		break;
	case MI_NODE:
		process_node(st, r, tok, n);
		break;
	case MI_ZONE:
		process_zone(st, r, tok, n);
		break;
	case MI_RESERVE:
		process_reserve(st, r, tok, n);
		break;
	case MI_BUDDY:
		process_buddy(st, r, tok, n);
		break;
	case MI_HUGE:
		process_huge(r, tok, n);
		break;
	case MI_TAIL:
		process_tail(st, r, c);
		break;
	case MI_FREEPAGES: {
		uint64_t v;
		if (n >= 3 && kb_bytes(tok[2], &v))
			ml_kv_set(&r->tail, "Free pages", v, st->lline);
		break;
	}
	default:
		break;
	}
out:
	free(tok);
	st->ltype = MI_NONE;
	st->logical.len = 0;
}

static bool logical_open(const struct state *st)
{
	switch (st->ltype) {
	case MI_BUDDY:
		return !st->lbuddy_closed;
	case MI_ZONE:
	case MI_NODE:
	case MI_RESERVE:
	case MI_HUGE:
	case MI_GLOBAL:
		return true;
	default:
		return false;
	}
}

static void start_logical(struct state *st, enum mi_type t, span c, unsigned long line)
{
	flush_logical(st);
	st->ltype = t;
	st->lline = line;
	st->lbuddy_closed = t == MI_BUDDY && ((sp_find(c, " = ") && ml_trim(c).s[ml_trim(c).len - 1] != '=') ||
					      sp_find(c, ": empty"));
	if (!sb_add(&st->logical, c.s, c.len))
		st->ltype = MI_NONE;
	if (t == MI_TAIL || t == MI_FREEPAGES || t == MI_PCP || t == MI_PROFILE)
		flush_logical(st);
}

/* One line inside the Mem-Info dump.  True if it belonged to the dump. */
static bool meminfo_feed(struct state *st, span c, unsigned long line)
{
	enum mi_type t = mi_classify(c);
	struct ml_report *r = cur(st);
	/* The global block comes first; later a line of bare-number pairs
	 * ("pages_scanned:0 all_unreclaimable? no") is a wrapped zone line. */
	if (t == MI_GLOBAL && r && (r->nzones || r->nnodes) && logical_open(st) &&
	    st->ltype != MI_GLOBAL && all_data_tokens(c))
		t = MI_NONE;
	if (t != MI_NONE) {
		if (st->tail_seen && t != MI_TAIL && t != MI_PROFILE) {
			/* a zone or counter line after the swap/RAM lines is a new dump */
			return false;
		}
		start_logical(st, t, c, line);
		return true;
	}
	/* "present:1018016" / "kB pages_scanned:96 ...": the unit wrapped */
	if (logical_open(st) && st->logical.len && is_digit(st->logical.s[st->logical.len - 1]) &&
	    (sp_starts(c, "kB ") || sp_eq(c, "kB")) && all_data_tokens(sp_skip(c, 2).len ? sp_skip(c, 2) : sp("0", 1))) {
		if (!sb_add(&st->logical, "kB", 2) || !sb_add(&st->logical, " ", 1) ||
		    !sb_add(&st->logical, sp_skip(c, 2).s, sp_skip(c, 2).len))
			return true;
		if (st->ltype == MI_BUDDY && sp_find(c, "="))
			st->lbuddy_closed = true;
		return true;
	}
	if (logical_open(st) && all_data_tokens(c)) {
		if (st->ltype == MI_RESERVE) {
			/* a wrapped lowmem_reserve[] continues with numbers only */
			span tok[ML_MAX_ZONES + 1];
			size_t n = ml_split(c, tok, ML_MAX_ZONES + 1);
			if (n > ML_MAX_ZONES)
				return false;
			for (size_t k = 0; k < n; k++)
				if (!all_digits(tok[k]))
					return false;
		}
		if (!sb_add(&st->logical, " ", 1) || !sb_add(&st->logical, c.s, c.len))
			return true;
		/* closed by "= NkB"; a mail client may wrap right after the '=' */
		if (st->ltype == MI_BUDDY && sp_find(c, "=") && ml_trim(c).s[ml_trim(c).len - 1] != '=')
			st->lbuddy_closed = true;
		return true;
	}
	return false;
}

/* ------------------------------------------------------- stack dump */

/* "5.11.0-0.rc5.fc34.x86_64", "2.6.31+frans2", "6.2-generic-64k" */
static bool version_token(span t)
{
	size_t i = 0;
	while (i < t.len && is_digit(t.s[i]))
		i++;
	if (i == 0 || i > 2 || i >= t.len || t.s[i] != '.')
		return false;
	size_t b = ++i;
	while (i < t.len && is_digit(t.s[i]))
		i++;
	if (i == b)
		return false;
	for (; i < t.len; i++)
		if (!(is_alpha(t.s[i]) || is_digit(t.s[i]) || strchr(".-+_~", t.s[i])))
			return false;
	return t.len <= 100;
}

/* Release from "CPU: 1 PID: 2 Comm: x Not tainted 6.1.0 #1" or
 * "Pid: 5151, comm: ifconfig Not tainted 2.6.31 #2" (§9.2 item 2). */
static bool release_in(span c, span *out)
{
	const char *p = sp_find(c, "ainted");
	if (!p)
		return false;
	span rest = sp_after(c, p + strlen("ainted"));
	span tok[24];
	size_t n = ml_split(rest, tok, 24);
	if (n > 24)
		n = 24;
	for (size_t i = 0; i < n; i++)
		if (version_token(tok[i])) {
			*out = tok[i];
			return true;
		}
	return false;
}

static void set_arch(struct ml_report *r, const char *arch, const char *from)
{
	if (r->arch[0])
		return;
	snprintf(r->arch, sizeof(r->arch), "%s", arch);
	snprintf(r->arch_from, sizeof(r->arch_from), "%s", from);
}

/* The architecture from a release string ("...fc34.x86_64", "6.1.0-17-arm64"). */
static void arch_from_release(struct ml_report *r, const char *rel)
{
	static const struct {
		const char *needle, *arch;
	} map[] = {
		{ "x86_64", "x86_64" }, { "amd64", "x86_64" }, { "aarch64", "arm64" }, { "arm64", "arm64" },
		{ "-686", "i386" },     { "i686", "i386" },    { "i586", "i386" },     { "-pae", "i386" },
		{ "ppc64", "ppc64" },   { "s390x", "s390x" },  { "riscv64", "riscv64" }, { "armv7", "arm" },
		{ "armmp", "arm" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strstr(rel, map[i].needle)) {
			set_arch(r, map[i].arch, "the kernel release string");
			return;
		}
}

static bool is_register_line(span c, struct ml_report *r)
{
	if (sp_starts(c, "RIP: ") || sp_starts(c, "RSP: ") || sp_starts(c, "RAX: ") ||
	    sp_starts(c, "RDX: ") || sp_starts(c, "RBP: ") || sp_starts(c, "R10: ") ||
	    sp_starts(c, "R13: ")) {
		set_arch(r, "x86_64", "the x86_64 registers (RIP) in the dump");
		return true;
	}
	if (sp_starts(c, "EIP: ") || sp_starts(c, "EAX: ") || sp_starts(c, "ESI: ") ||
	    sp_starts(c, "DS: ")) {
		set_arch(r, "i386", "the 32-bit x86 registers (EIP) in the dump");
		return true;
	}
	if (sp_starts(c, "pc : ") || sp_starts(c, "lr : ") || sp_starts(c, "sp : ") ||
	    sp_starts(c, "pstate: ")) {
		set_arch(r, "arm64", "the arm64 registers (pc/lr/pstate) in the dump");
		/* "lr : __dma_direct_alloc_pages+0x100/0x1e8": the function the
		 * WARNING's caller returns to, a frame even when the call trace
		 * was not posted */
		span f = ltrim(sp_skip(c, 5));
		size_t i = 0;
		while (i < f.len && (is_alpha(f.s[i]) || is_digit(f.s[i]) || f.s[i] == '_' || f.s[i] == '.'))
			i++;
		if (i && sp_starts(sp_skip(f, i), "+0x") && r->nframes < ML_REPORT_MAX_FRAMES) {
			r->frame_unreliable[r->nframes] = false;
			copy_field(r->frames[r->nframes++], ML_REPORT_FRAME, sp(f.s, i));
		}
		return true;
	}
	if (sp_starts(c, "Code: ") || sp_starts(c, "CR2: ") || sp_starts(c, "FS: ") ||
	    sp_starts(c, "CS: ") || sp_starts(c, "DR0: ") || sp_starts(c, "DR3: ") ||
	    sp_starts(c, "PKRU: ") || sp_starts(c, "EFLAGS: ") || sp_starts(c, "ORIG_RAX: "))
		return true;
	if (c.len >= 4 && c.s[0] == 'x' && is_digit(c.s[1]) && sp_find(c, ": "))
		return true;    /* arm64 "x29: ffff... x28: ..." */
	return false;
}

/* Symbols that only one architecture has (§10). */
static void arch_from_frame(struct ml_report *r, span f)
{
	if (sp_starts(f, "__x64_sys_") || sp_starts(f, "entry_SYSCALL_64") || sp_starts(f, "do_syscall_64") ||
	    sp_starts(f, "system_call_fastpath"))
		set_arch(r, "x86_64", "x86_64 system-call frames in the call trace");
	else if (sp_starts(f, "el0_svc") || sp_starts(f, "__arm64_sys_") || sp_starts(f, "el0t_64_sync") ||
		 sp_starts(f, "el1h_64_sync"))
		set_arch(r, "arm64", "arm64 exception-entry frames in the call trace");
	else if (sp_starts(f, "sysenter_do_call") || sp_starts(f, "entry_SYSENTER_32") ||
		 sp_starts(f, "do_SYSENTER_32") || sp_starts(f, "do_fast_syscall_32") ||
		 sp_starts(f, "syscall_call") || sp_starts(f, "sysenter_past_esp"))
		set_arch(r, "i386", "32-bit x86 system-call frames in the call trace");
	else if (sp_starts(f, "vector_swi") || sp_starts(f, "ret_fast_syscall") || sp_starts(f, "__irq_svc") ||
		 sp_starts(f, "__irq_usr") || sp_starts(f, "__dabt_svc") || sp_starts(f, "__dabt_usr") ||
		 sp_starts(f, "unwind_backtrace"))
		set_arch(r, "arm", "32-bit arm exception-entry frames in the call trace");
	else if (sp_starts(f, "do_trap_ecall_u") || sp_starts(f, "__riscv_sys_"))
		set_arch(r, "riscv64", "riscv system-call frames in the call trace");
}

/* A call-trace line: " [<c015c4e1>] ? __alloc_pages_nodemask+0x423/0x468",
 * " warn_alloc+0x164/0x190", " <IRQ> [<ffff...>] __alloc_pages+0x282/0x29b",
 * " __alloc_pages_node include/linux/gfp.h:550 [inline]". */
static bool trace_line(struct ml_report *r, span c, bool *arm_from_open)
{
	/* the second half of a 32-bit arm frame a mail client wrapped: the
	 * caller, printed again as the next frame */
	/* powerpc marks a stale frame with "(unreliable)" (a mail client may
	 * wrap it onto a line of its own) */
	if (sp_eq(ml_trim(c), "(unreliable)")) {
		*arm_from_open = false;
		return true;
	}
	bool continuation = *arm_from_open || (sp_starts(ltrim(c), "(") && sp_find(c, "+0x"));
	*arm_from_open = false;
	span t = c;
	bool unreliable = false;
	int ppc_words = 0;
	for (int k = 0; k < 4; k++) {
		t = ltrim(t);
		if (sp_starts(t, "<IRQ>") || sp_starts(t, "<EOI>") || sp_starts(t, "<NMI>") ||
		    sp_starts(t, "<TASK>") || sp_starts(t, "</TASK>") || sp_starts(t, "</IRQ>") ||
		    sp_starts(t, "<SOFTIRQ>") || sp_starts(t, "</SOFTIRQ>") || sp_starts(t, "</NMI>")) {
			const char *gt = memchr(t.s, '>', t.len);
			t = sp_after(t, gt + 1);
			continue;
		}
		if (sp_starts(t, "[<")) {
			const char *close = sp_find(t, ">]");
			if (!close)
				return false;
			size_t digits = (size_t)(close - t.s) - 2;
			if (!r->word_bits && (digits == 8 || digits == 16))
				r->word_bits = (int)digits * 4;
			t = sp_after(t, close + 2);
			continue;
		}
		if (sp_starts(t, "? ")) {
			t = sp_skip(t, 2);
			unreliable = true;
			continue;
		}
		/* powerpc: "[c000000ffffcb610] [c000000000017330] .show_stack+0x130/0x200" */
		if (t.len > 10 && t.s[0] == '[') {
			size_t d = 1;
			while (d < t.len && d <= 17 && isxdigit((unsigned char)t.s[d]))
				d++;
			if ((d == 9 || d == 17) && d < t.len && t.s[d] == ']') {
				ppc_words++;
				if (!r->word_bits)
					r->word_bits = (int)(d - 1) * 4;
				t = sp_skip(t, d + 1);
				continue;
			}
		}
		break;
	}
	if (ppc_words == 2)
		set_arch(r, r->word_bits == 32 ? "powerpc" : "ppc64", "the powerpc call-trace format (\"[sp] [pc] function\")");
	/* ppc64 ELFv1 function descriptors: ".show_stack" */
	if (ppc_words && t.len > 1 && t.s[0] == '.')
		t = sp_skip(t, 1);
	/* the two addresses alone, the function wrapped onto the next line */
	if (ppc_words == 2 && !ltrim(t).len)
		return true;
	if (sp_ends(ml_trim(t), "(unreliable)"))
		unreliable = true;
	t = ltrim(t);
	if (!t.len)
		return c.len > 0 && (sp_starts(ltrim(c), "<") || sp_starts(ltrim(c), "[<"));
	/* 32-bit arm: "[<c0012d24>] (unwind_backtrace+0x0/0xf4) from [<c0011130>]"
	 * (to 4.x, the offset left out in some), "unwind_backtrace from
	 * show_stack+0x18/0x1c" (5.x on): the frame is the first function */
	bool arm_from = false;
	if (t.s[0] == '(') {
		const char *close = memchr(t.s, ')', t.len);
		if (!close)
			return false;
		span after = ltrim(sp_after(t, close + 1));
		if (after.len && !sp_starts(after, "from"))
			return false;
		*arm_from_open = sp_eq(after, "from");
		t = sp(t.s + 1, (size_t)(close - t.s - 1));
		arm_from = true;
		if (continuation) {
			*arm_from_open = false;
			set_arch(r, "arm", "the 32-bit arm call-trace format (\"(function) from [<address>]\")");
			return true;
		}
	}
	size_t i = 0;
	while (i < t.len && !is_blank(t.s[i]) && t.s[i] != '+')
		i++;
	span fn = sp(t.s, i);
	bool has_off = i < t.len && sp_starts(sp_skip(t, i), "+0x");
	bool inlined = sp_ends(t, "[inline]");
	if (!arm_from && !has_off && i < t.len && sp_starts(ltrim(sp_skip(t, i)), "from ")) {
		span rest = ltrim(sp_skip(ltrim(sp_skip(t, i)), 5));
		arm_from = sp_find(rest, "+0x") != NULL;
	}
	if (arm_from)
		set_arch(r, "arm", "the 32-bit arm call-trace format (\"(function) from [<address>]\")");
	if (!fn.len || (!has_off && !inlined && !arm_from))
		return false;
	for (size_t k = 0; k < fn.len; k++)
		if (!(is_alpha(fn.s[k]) || is_digit(fn.s[k]) || fn.s[k] == '_' || fn.s[k] == '.' || fn.s[k] == '$'))
			return false;
	arch_from_frame(r, fn);
	if (r->nframes < ML_REPORT_MAX_FRAMES) {
		r->frame_unreliable[r->nframes] = unreliable;
		copy_field(r->frames[r->nframes++], ML_REPORT_FRAME, fn);
	}
	return true;
}

/* ------------------------------------------------------------ OOM parts */

/* "memory: usage 524288kB, limit 524288kB, failcnt 123" */
static bool counter_line(struct ml_report *r, span c)
{
	static const struct {
		const char *prefix;
		size_t off;
	} kinds[] = {
		{ "memory: usage ", offsetof(struct ml_report, memcg_memory) },
		{ "memory+swap: usage ", offsetof(struct ml_report, memcg_memsw) },
		{ "swap: usage ", offsetof(struct ml_report, memcg_swap) },
		{ "kmem: usage ", offsetof(struct ml_report, memcg_kmem) },
	};
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		if (!sp_starts(c, kinds[k].prefix))
			continue;
		struct ml_report_counter *ctr = (struct ml_report_counter *)((char *)r + kinds[k].off);
		span tok[8];
		size_t n = ml_split(sp_skip(c, strlen(kinds[k].prefix)), tok, 8);
		/* "524288kB," "limit" "524288kB," "failcnt" "123" */
		uint64_t u, l, f;
		if (n >= 5 && n <= 8 && tok[0].len > 1 && tok[2].len > 1 &&
		    kb_bytes(sp(tok[0].s, tok[0].len - 1), &u) && sp_eq(tok[1], "limit") &&
		    kb_bytes(sp(tok[2].s, tok[2].len - 1), &l) && sp_eq(tok[3], "failcnt") &&
		    ml_tok_u64(tok[4], &f)) {
			ctr->has = true;
			ctr->usage_bytes = u;
			ctr->limit_bytes = l;
			ctr->failcnt = f;
		} else {
			char b[80];
			problem(r, "memcg line '%s' could not be read", shown(c, b, sizeof(b)));
		}
		return true;
	}
	return false;
}

/* A column name of the task table: "total_vm", "pgtables_bytes", "name". */
static bool column_word(span t)
{
	if (!t.len)
		return false;
	for (size_t i = 0; i < t.len; i++)
		if (!(t.s[i] >= 'a' && t.s[i] <= 'z') && t.s[i] != '_' && !is_digit(t.s[i]))
			return false;
	return true;
}

/* A whole decimal number, maybe negative ("-1000"). */
static bool int_token(span t)
{
	size_t i = t.len && t.s[0] == '-';
	return i < t.len && all_digits(sp_skip(t, i));
}

/* Keep the first part of a header or row cut by a mailer (task_rest()). */
static bool keep_task_part(struct state *st, span c, unsigned long line, bool header)
{
	if (c.len >= sizeof(st->task_part))
		return false;
	memcpy(st->task_part, c.s, c.len);
	st->task_part[c.len] = '\0';
	st->task_part_line = line;
	st->task_part_header = header;
	return true;
}

/* "Tasks state (memory values in pages):" then "[  pid  ]   uid  tgid total_vm ...
 * name" (mm/oom_kill.c dump_tasks(), §5.6).  A header cut before its last
 * columns waits for them on the next line; joined, every column must be a
 * column name. */
static bool tasks_header(struct state *st, span c, unsigned long line, bool joined)
{
	if (!sp_starts(c, "[") || !sp_find(c, "pid"))
		return false;
	const char *close = memchr(c.s, ']', c.len);
	if (!close)
		return false;
	span tok[24];
	size_t n = ml_split(sp_after(c, close + 1), tok, 24);
	if (n > 24)
		return false;
	bool words = true;
	for (size_t i = 0; i < n; i++)
		words &= column_word(tok[i]);
	if (!sp_find(c, "name"))
		return !joined && words && sp_eq(ml_trim(sp(c.s + 1, (size_t)(close - c.s - 1))), "pid") &&
		       keep_task_part(st, c, line, true);
	if (!sp_find(c, "rss") || (joined && !words))
		return false;
	st->col_total_vm = st->col_rss = st->col_swapents = st->col_score = st->col_name = -1;
	for (size_t i = 0; i < n; i++) {
		if (sp_eq(tok[i], "total_vm"))
			st->col_total_vm = (int)i;
		else if (sp_eq(tok[i], "rss"))
			st->col_rss = (int)i;
		else if (sp_eq(tok[i], "swapents"))
			st->col_swapents = (int)i;
		else if (sp_eq(tok[i], "oom_score_adj"))
			st->col_score = (int)i;
		else if (sp_eq(tok[i], "name"))
			st->col_name = (int)i;
	}
	st->ncols = (int)n;
	st->in_tasks = st->col_rss >= 0 && st->col_name >= 0;
	return true;
}

/* One row: "[    238]     0   238     3446     1394    61440        0         -1000 systemd-udevd".
 * A row with fewer columns than the header, all of them numbers, is the
 * first part of a row a mailer cut: it waits for the rest (task_rest()).
 * A joined row must have every column, each before the name a number. */
static bool task_row(struct state *st, struct ml_report *r, span c, unsigned long line, bool joined)
{
	if (!st->in_tasks || !sp_starts(c, "["))
		return false;
	const char *close = memchr(c.s, ']', c.len);
	if (!close)
		return false;
	int64_t pid;
	if (!lead_i64(ml_trim(sp(c.s + 1, (size_t)(close - c.s - 1))), &pid))
		return false;
	span tok[24];
	size_t n = ml_split(sp_after(c, close + 1), tok, 24);
	if (n > 24)
		return false;
	bool numbers = true;
	for (size_t i = 0; i < n && (int)i < st->col_name; i++)
		numbers &= int_token(tok[i]);
	if ((int)n < st->ncols)
		return !joined && n > 0 && numbers && keep_task_part(st, c, line, false);
	if (joined && !numbers)
		return false;
	struct ml_report_task t = { .pid = pid };
	/* the name is the last column and may contain blanks */
	span name = sp_after(c, tok[st->col_name].s);
	copy_field(t.name, sizeof(t.name), ml_trim(name));
	if (!ml_tok_u64(tok[st->col_rss], &t.rss) ||
	    (st->col_total_vm >= 0 && !ml_tok_u64(tok[st->col_total_vm], &t.total_vm))) {
		char b[80];
		problem(r, "task table row '%s' has unreadable numbers; left out", shown(c, b, sizeof(b)));
		return true;
	}
	if (st->col_swapents >= 0 && ml_tok_u64(tok[st->col_swapents], &t.swapents)) {
		t.has_swapents = true;
		r->tasks_have_swap = true;
	}
	if (st->col_score >= 0)
		lead_i64(tok[st->col_score], &t.oom_score_adj);
	if (r->ntasks >= MAX_TASKS)
		return true;
	struct ml_report_task *v = realloc(r->tasks, (r->ntasks + 1) * sizeof(*v));
	if (!v)
		return true;
	r->tasks = v;
	v[r->ntasks++] = t;
	return true;
}

/* The next line after a cut header or row: its rest, with no "[ pid]" of
 * its own (mail clients wrap the long rows of 4.19+ kernels).  True when
 * the two parts make a whole header or row; a cut row that finds no rest
 * is named, never read from half its columns. */
static bool task_rest(struct state *st, struct ml_report *r, span c, unsigned long line)
{
	bool header = st->task_part_header, next = st->task_part_line + 1 == line;
	char joined[sizeof(st->task_part) * 2 + 2];
	size_t k = strlen(st->task_part);
	st->task_part_line = 0;
	if (next && c.len && !sp_starts(c, "[") && k + 1 + c.len <= sizeof(joined)) {
		memcpy(joined, st->task_part, k);
		joined[k] = ' ';
		memcpy(joined + k + 1, c.s, c.len);
		span j = sp(joined, k + 1 + c.len);
		if (header ? tasks_header(st, j, line, true) : task_row(st, r, j, line, true))
			return true;
	}
	if (!header) {
		char b[80];
		problem(r, "task table row '%s' is cut short and its rest was not found; left out",
			shown(sp(st->task_part, k), b, sizeof(b)));
	}
	return false;
}

/* "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,
 *  oom_memcg=/x,task_memcg=/x,task=stress,pid=1,uid=0" (4.19+) */
static void constraint_line(struct ml_report *r, span c)
{
	span v;
	static const char *const comma[] = { "," };
	if (field_value(c, "constraint=", comma, 1, &v))
		copy_field(r->oom_constraint, sizeof(r->oom_constraint), v);
	if (field_value(c, "oom_memcg=", comma, 1, &v))
		copy_field(r->oom_memcg, sizeof(r->oom_memcg), v);
	if (field_value(c, "task_memcg=", comma, 1, &v))
		copy_field(r->task_memcg, sizeof(r->task_memcg), v);
	if (!r->has_cpuset) {
		parse_placement(r, c);
		if (r->has_nodemask && !r->has_mode)
			r->has_nodemask = true;
	}
}

static void killed_sizes(struct ml_report *r, span c);

/* "Killed process 123 (stress) total-vm:..kB, anon-rss:..kB, file-rss:..kB, shmem-rss:..kB" */
static void killed_line(struct ml_report *r, span c)
{
	const char *p = sp_find(c, "process ");
	if (!p)
		return;
	span t = sp_after(c, p + strlen("process "));
	int64_t pid;
	if (!lead_i64(t, &pid))
		return;
	r->has_killed = true;
	r->killed_pid = pid;
	const char *o = memchr(t.s, '(', t.len), *e = NULL;
	if (o) {
		/* the comm may contain ')' : take the last ") " */
		for (const char *q = t.s + t.len - 1; q > o; q--)
			if (*q == ')') {
				e = q;
				if (q + 1 < t.s + t.len && q[1] == ' ')
					break;
			}
	}
	if (o && e)
		copy_field(r->killed_comm, sizeof(r->killed_comm), sp(o + 1, (size_t)(e - o - 1)));
	killed_sizes(r, c);
	if (sp_find(c, "Memory cgroup out of memory"))
		r->memcg_oom_kill = true;
}

/* "total-vm:..kB, anon-rss:..kB, file-rss:..kB, shmem-rss:..kB" */
static void killed_sizes(struct ml_report *r, span c)
{
	static const struct {
		const char *key;
		size_t off;
	} f[] = {
		{ "total-vm:", offsetof(struct ml_report, killed_total_vm_kb) },
		{ "anon-rss:", offsetof(struct ml_report, killed_anon_rss_kb) },
		{ "file-rss:", offsetof(struct ml_report, killed_file_rss_kb) },
		{ "shmem-rss:", offsetof(struct ml_report, killed_shmem_rss_kb) },
	};
	for (size_t k = 0; k < sizeof(f) / sizeof(f[0]); k++) {
		const char *q = sp_find(c, f[k].key);
		uint64_t v;
		if (q && lead_u64(sp_after(c, q + strlen(f[k].key)), &v, NULL)) {
			*(uint64_t *)((char *)r + f[k].off) = v;
			r->has_killed_rss |= k == 1;
		}
	}
}

/* "kmalloc-64   1234KB   5678KB" under "Unreclaimable slab info:" */
static bool slab_row(struct ml_report *r, span c)
{
	span tok[4];
	size_t n = ml_split(c, tok, 4);
	uint64_t used, total;
	if (n == 3 && sp_eq(tok[0], "Name"))
		return true;
	if (n != 3 || !kb_bytes(tok[1], &used) || !kb_bytes(tok[2], &total))
		return false;
	if (r->nslabs >= MAX_SLABS)
		return true;
	struct ml_report_slab *v = realloc(r->slabs, (r->nslabs + 1) * sizeof(*v));
	if (!v)
		return true;
	r->slabs = v;
	copy_field(v[r->nslabs].name, sizeof(v[0].name), tok[0]);
	v[r->nslabs].used_bytes = used;
	v[r->nslabs].total_bytes = total;
	r->nslabs++;
	return true;
}

/* Memory cgroup stats: v1 "cache:0KB rss:1024KB ..." or v2 "anon 1060864000". */
static bool memcg_stat_line(struct ml_report *r, span c)
{
	span tok[64];
	size_t n = ml_split(c, tok, 64);
	uint64_t v;
	char name[ML_KV_NAME];
	if (n == 2 && all_digits(tok[1]) && !memchr(tok[0].s, ':', tok[0].len)) {
		copy_field(name, sizeof(name), tok[0]);
		if (ml_tok_u64(tok[1], &v))
			ml_kv_set(&r->memcg_stats, name, v, 0);
		return true;
	}
	if (n == 0 || n > 64)
		return false;
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		const char *colon = memchr(tok[i].s, ':', tok[i].len);
		if (!colon)
			return any;
		copy_field(name, sizeof(name), sp(tok[i].s, (size_t)(colon - tok[i].s)));
		if (kb_bytes(sp_after(tok[i], colon + 1), &v)) {
			ml_kv_set(&r->memcg_stats, name, v, 0);
			any = true;
		} else if (ml_tok_u64(sp_after(tok[i], colon + 1), &v)) {
			ml_kv_set(&r->memcg_stats, name, v, 0);
			any = true;
		}
	}
	return any;
}

/* ------------------------------------------------------ report life */

static void report_free(struct ml_report *r);

/* No report open any more. */
static void close_state(struct state *st)
{
	st->open = false;
	st->in_trace = st->in_meminfo = st->meminfo_done = st->tail_seen = false;
	st->in_tasks = st->in_slab = st->in_memcg_stats = st->killed_seen = false;
	st->task_part_line = 0;
	st->panic_seen = false;
	st->vmap_only = st->expect_old_fail = st->want_version_next = false;
	st->want_release_tail = st->arm_from_open = false;
	st->tail_gap = 0;
	st->pager_cuts = 0;
	st->nburst = 0;
	st->gap = 0;
	st->cur_zone = -1;
}

static void finish_report(struct state *st, bool at_end)
{
	struct ml_report *r = cur(st);
	if (!r)
		return;
	if (st->hdr_open) {
		parse_header(r, st->htype, sp(st->hdr.s, st->hdr.len));
		st->hdr_open = false;
		if (at_end)
			r->truncated = true;
	}
	flush_logical(st);
	derive_norders(r);
	if (st->last_useful > r->last_line)
		r->last_line = st->last_useful;
	/* "sysrq: Show Memory" with no dump after it (another SysRq line, a
	 * log cut there) reports nothing */
	if (r->kind == ML_REPORT_MEMINFO && !r->has_meminfo && !at_end) {
		report_free(r);
		st->list->n--;
		close_state(st);
		return;
	}

	bool needs_meminfo = r->kind == ML_REPORT_PAGE_ALLOC_FAILURE || r->kind == ML_REPORT_STALL ||
			     r->kind == ML_REPORT_MEMINFO ||
			     (r->kind == ML_REPORT_OOM && !r->memcg_memory.has &&
			      strcmp(r->oom_constraint, "CONSTRAINT_MEMCG") != 0 && !r->memcg_oom_kill);
	if (!r->has_meminfo) {
		if (needs_meminfo) {
			problem(r, "no Mem-Info dump follows the header (the log stops or was cut here, or a rate "
				   "limit suppressed it): zone figures are unknown");
			r->truncated = true;
		} else if (r->kind == ML_REPORT_VMALLOC && r->vmalloc_what != ML_VMALLOC_ADDRESS_SPACE) {
			problem(r, "no Mem-Info dump follows the vmalloc report: free memory is unknown");
		}
	} else {
		if (!r->global.n)
			problem(r, "the Mem-Info dump has no global counters block (active_anon:... free:...)");
		size_t zl = 0;
		for (size_t i = 0; i < r->nzones; i++) {
			struct ml_report_zone *z = &r->zones[i];
			if (z->has_zone_line)
				zl++;
			if (z->has_zone_line && !z->buddy_line) {
				problem(r, "no buddy line for Node %d %s: its free blocks per order are unknown",
					z->node, z->name);
				r->truncated = r->truncated || !r->meminfo_complete;
			}
			if (!z->has_zone_line && z->buddy_line)
				problem(r, "no zone line for Node %d %s: its watermarks are unknown", z->node, z->name);
			if (z->has_zone_line && !z->has_reserve && !z->reserve_is_old_protections) {
				bool old = !ml_kv_find(&z->fields, "managed") && !ml_kv_find(&z->fields, "present");
				if (!old)
					problem(r, "no lowmem_reserve[] line for Node %d %s: the reserve it keeps "
						   "from higher-zone allocations is unknown",
						z->node, z->name);
			}
			static const char *const need[] = { "free", "min", "low", "high" };
			for (size_t k = 0; k < 4; k++)
				if (z->has_zone_line && !ml_kv_find(&z->fields, need[k]))
					problem(r, "the zone line of Node %d %s has no %s: figure", z->node, z->name,
						need[k]);
		}
		if (!zl)
			problem(r, "the Mem-Info dump has no zone lines (\"Node N ZONE free:...\")");
		if (!r->meminfo_complete) {
			problem(r, "the Mem-Info dump stops before its end (no \"pages RAM\" line)%s",
				(r->has_free_swap && r->has_total_swap) ? "" : ": swap figures are missing");
			r->truncated = true;
		} else if (!r->has_total_swap && !r->has_free_swap) {
			problem(r, "the Mem-Info dump has no swap lines: whether swap could take anonymous memory is unknown");
		}
		if (st->pager_cuts)
			problem(r, "%u line%s end%s in '>': cut by a pager (journalctl without --no-pager); what followed is missing",
				st->pager_cuts, st->pager_cuts == 1 ? "" : "s", st->pager_cuts == 1 ? "s" : "");
		if (r->foreign_lines)
			problem(r, "%lu line%s of other messages inside the dump %s skipped", r->foreign_lines,
				r->foreign_lines == 1 ? "" : "s", r->foreign_lines == 1 ? "was" : "were");
	}
	if (r->kind == ML_REPORT_OOM && r->ntasks == 0 && !r->has_killed && !r->oom_no_killable && !r->panic[0] &&
	    at_end) {
		problem(r, "the log stops before the OOM report's task table and kill line: which task was killed is unknown");
		r->truncated = true;
	}
	if (r->kind == ML_REPORT_VMALLOC && !r->has_mode && !r->has_vmap_size)
		problem(r, "the vmalloc report has no mode");
	for (int i = 0; i < st->nburst; i++)
		if (r->has_vmap_size && st->burst[i].size == r->vmap_size)
			r->vmap_burst_same_size += st->burst[i].count;
	if (!r->kernel[0] && st->list->ctx.kernel[0]) {
		snprintf(r->kernel, sizeof(r->kernel), "%s", st->list->ctx.kernel);
		snprintf(r->kernel_from, sizeof(r->kernel_from), "\"Linux version\" line %lu",
			 st->list->ctx.kernel_line);
		r->kernel_elsewhere = true;
	}
	if (r->kernel[0] && !r->arch[0]) {
		arch_from_release(r, r->kernel);
		r->arch_elsewhere = r->kernel_elsewhere && r->arch[0];
	}
	if (!r->arch[0]) {
		/* Zones tell the word size (§2.1): a populated DMA32 exists only
		 * on 64-bit (2.6 kernels printed an empty one on i386 too), a
		 * populated HighMem only on 32-bit. */
		for (size_t i = 0; i < r->nzones; i++) {
			uint64_t present = 0;
			ml_report_zone_bytes(&r->zones[i], "present", &present);
			if (strcmp(r->zones[i].name, "DMA32") == 0 && present && !r->word_bits)
				r->word_bits = 64;
			if (strcmp(r->zones[i].name, "HighMem") == 0 && present && !r->word_bits)
				r->word_bits = 32;
		}
	}
	close_state(st);
}

static int open_report(struct state *st, enum ml_report_kind kind, unsigned long line)
{
	struct ml_report_list *l = st->list;
	if (l->n >= MAX_REPORTS) {
		l->dropped++;
		return 1;
	}
	struct ml_report *v = realloc(l->v, (l->n + 1) * sizeof(*v));
	if (!v)
		return ML_ENOMEM;
	l->v = v;
	struct ml_report *r = &v[l->n++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->first_line = r->last_line = line;
	r->suppressed_before = st->pending_suppressed;
	r->boot_line = l->ctx.kernel_line;
	st->pending_suppressed = 0;
	st->open = true;
	st->gap = 0;
	st->last_useful = line;
	st->cur_zone = -1;
	return 0;
}

static enum ml_report_kind kind_of(enum hdr_type t)
{
	switch (t) {
	case H_FAIL: return ML_REPORT_PAGE_ALLOC_FAILURE;
	case H_STALL: return ML_REPORT_STALL;
	case H_OOM: return ML_REPORT_OOM;
	case H_WARN: return ML_REPORT_MAX_ORDER_WARNING;
	case H_SYSRQ:
	case H_MEMINFO: return ML_REPORT_MEMINFO;
	default: return ML_REPORT_VMALLOC;
	}
}

/* Lines that are part of a report but carry nothing we need. */
static bool known_noise(span c)
{
	static const char *const prefixes[] = {
		"Hardware name:", "Workqueue:", "Modules linked in:", "TGID:", "Call Trace:", "Call trace:",
		"Stack:", "Leftover inexact backtrace", "DWARF2 unwinder", "---[ end trace", "------------[ cut here",
		"Kernel panic", "Tasks state", "Unreclaimable slab info:", "Swap cache", "Show Memory",
		"Backtrace:", "Exception stack", "irq event stamp:", "hardirqs ", "softirqs ", "CPU:", "Pid:",
		"Node ", "Free swap", "Total swap", "sysrq:", "Mem-Info:", "Mem-info:", "Instruction dump:",
		"NIP:", "LR:", "REGS:", "MSR:", "GPR", "Process ", "PC is at", "LR is at", "pc :", "lr :",
		"pstate:", "sp :", "...",
	};
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (sp_starts(c, prefixes[i]))
			return true;
	/* raw stack words of old x86 dumps: "0000000000000000 ffffffff813a2952 ..." */
	span tok[2];
	if (ml_split(c, tok, 1) >= 1 && (tok[0].len == 8 || tok[0].len == 16)) {
		uint64_t x;
		if (ml_tok_hex(tok[0], &x))
			return true;
	}
	return false;
}

/* A line after the header: true if it belonged to the report. */
static bool body_line(struct state *st, struct ml_report *r, span c, unsigned long line)
{
	span v;
	if (st->task_part_line && task_rest(st, r, c, line))
		return true;
	/* stack-dump header: release (§9.2 item 2) */
	if (sp_starts(c, "CPU: ") || sp_starts(c, "Pid: ")) {
		if (!r->kernel[0]) {
			if (release_in(c, &v)) {
				copy_field(r->kernel, sizeof(r->kernel), v);
				snprintf(r->kernel_from, sizeof(r->kernel_from), "stack dump header, line %lu", line);
				char last = v.s[v.len - 1];
				st->want_release_tail = v.s + v.len == c.s + c.len && (last == '-' || last == '.' || last == '_');
			} else if (sp_find(c, "ainted") || sp_find(c, "Comm: ") || sp_find(c, "comm: ")) {
				/* "... Comm: chrome Not" / "tainted 5.13.14 #5" */
				st->want_version_next = true;
			}
		}
		const char *p = sp_find(c, "Comm: ");
		if (!p)
			p = sp_find(c, "comm: ");
		span tok[1];
		if (p && ml_split(sp_after(c, p + 6), tok, 1) >= 1) {
			/* a comm is at most 15 characters (TASK_COMM_LEN): a longer one
			 * in the header carries another program's output before it */
			size_t have = strlen(r->comm);
			if (!have || (have > 15 && tok[0].len < have &&
				      memcmp(r->comm + have - tok[0].len, tok[0].s, tok[0].len) == 0))
				copy_field(r->comm, sizeof(r->comm), tok[0]);
		}
		return true;
	}
	if (st->want_release_tail) {
		st->want_release_tail = false;
		span tok[2];
		size_t n = ml_split(c, tok, 2);
		bool ok = n >= 1 && tok[0].len < 48 && (n == 1 || sp_starts(tok[1], "#"));
		for (size_t k = 0; ok && k < tok[0].len; k++)
			ok = is_alpha(tok[0].s[k]) || is_digit(tok[0].s[k]) || strchr(".-_+~", tok[0].s[k]);
		size_t have = strlen(r->kernel);
		if (ok && have + tok[0].len < sizeof(r->kernel)) {
			memcpy(r->kernel + have, tok[0].s, tok[0].len);
			r->kernel[have + tok[0].len] = '\0';
			snprintf(r->kernel_from, sizeof(r->kernel_from), "wrapped stack dump header, line %lu", line);
			return true;
		}
	}
	if (st->want_version_next && !sp_starts(c, "Hardware name:")) {
		st->want_version_next = false;
		span tok[16];
		size_t n = ml_split(c, tok, 16);
		/* the rest of the stack-dump header: "[Not ]tainted 5.13.14 #5",
		 * "Tainted: G W 4.1.18 #1", or the release itself */
		bool header_rest = n > 0 && (sp_eq(tok[0], "Not") || sp_eq(tok[0], "tainted") ||
					     sp_eq(tok[0], "Tainted:") || version_token(tok[0]));
		/* or taint flags then "<release> #<build>" */
		for (size_t i = 0; i + 1 < n && i + 1 < 16 && !header_rest; i++)
			header_rest = version_token(tok[i]) && sp_starts(tok[i + 1], "#");
		if (!header_rest)
			n = 0;
		for (size_t i = 0; i < n && i < 16; i++)
			if (version_token(tok[i])) {
				copy_field(r->kernel, sizeof(r->kernel), tok[i]);
				snprintf(r->kernel_from, sizeof(r->kernel_from),
					 "wrapped stack dump header, line %lu", line);
				return true;
			}
	}
	if (sp_starts(c, "Hardware name: ")) {
		copy_field(r->hardware, sizeof(r->hardware), sp_skip(c, strlen("Hardware name: ")));
		return true;
	}
	if (sp_starts(c, "Call Trace:") || sp_starts(c, "Call trace:") || sp_starts(c, "Backtrace:")) {
		st->in_trace = true;
		/* arm64 spells it "Call trace:" (x86, riscv, s390: "Call Trace:") */
		if (sp_starts(c, "Call trace:"))
			set_arch(r, "arm64", "its \"Call trace:\" heading (arm64's spelling)");
		return true;
	}
	if (sp_eq(c, "Mem-Info:") || sp_eq(c, "Mem-info:")) {
		if (r->has_meminfo) {
			/* a second dump belongs to another report */
			return false;
		}
		st->in_trace = false;
		st->in_meminfo = true;
		r->has_meminfo = true;
		r->meminfo_line = line;
		return true;
	}
	/* 2.6 kernels of some distributions printed the dump without its
	 * "Mem-info:" line: it starts at "DMA per-cpu:" or a zone line */
	if (!r->has_meminfo && !st->in_meminfo && r->kind != ML_REPORT_VMALLOC &&
	    r->kind != ML_REPORT_MAX_ORDER_WARNING) {
		enum mi_type t = mi_classify(c);
		bool zone_line = t == MI_ZONE && sp_find(c, " min:") && sp_find(c, " low:");
		if ((t == MI_PCP && sp_find(c, "per-cpu:")) || zone_line || t == MI_BUDDY) {
			/* a dump whose heading (and maybe more) was cut when posted */
			st->in_trace = false;
			st->in_meminfo = true;
			r->has_meminfo = true;
			r->meminfo_line = line;
			if (t != MI_PCP) {
				problem(r, "the Mem-Info dump starts at line %lu without its \"Mem-Info:\" line: what came before it is missing", line);
				meminfo_feed(st, c, line);
			}
			return true;
		}
	}
	if (st->in_meminfo && !st->meminfo_done) {
		if (meminfo_feed(st, c, line))
			return true;
		/* a tail line a mail client wrapped ("Swap cache stats: add 170,
		 * delete 169," / "find 61/83"): the rest is still to come */
		span hc;
		if (st->tail_seen && !r->meminfo_complete && st->tail_gap < 2 && c.len < 40 &&
		    detect_header(c, &hc) == H_NONE) {
			st->tail_gap++;
			return true;
		}
		/* the OOM killer's own lines end a dump whose tail was cut */
		bool oom_part = sp_starts(c, "oom-kill:") || sp_find(c, "Killed process ") || sp_starts(c, "Tasks state") ||
				sp_starts(c, "Unreclaimable slab info:") || sp_starts(c, "Out of memory") ||
				(sp_starts(c, "[") && sp_find(c, "pid") && sp_find(c, "name"));
		if (st->tail_seen || oom_part) {
			flush_logical(st);
			st->meminfo_done = true;
		} else if (!c.len) {
			return true;
		} else {
			/* another message printed in the middle of the dump */
			if (!counter_line(r, c)) {
				r->foreign_lines++;
				return false;
			}
			return true;
		}
	}
	if (is_register_line(c, r))
		return true;
	/* old 32-bit arm kernels print the frames with no "Backtrace:" line */
	if ((st->in_trace || sp_starts(c, "[<")) && trace_line(r, c, &st->arm_from_open)) {
		st->in_trace = true;
		return true;
	}
	/* "memory+swap: usage 1048556kB, limit" / "9007199254740988kB, failcnt 0":
	 * a counter line a mail client wrapped */
	if (st->counter.len) {
		bool joined = sb_add(&st->counter, " ", 1) && sb_add(&st->counter, c.s, c.len);
		span whole = sp(st->counter.s, st->counter.len);
		st->counter.len = 0;
		if (joined && counter_line(r, whole))
			return true;
	}
	if ((sp_starts(c, "memory: usage ") || sp_starts(c, "memory+swap: usage ") || sp_starts(c, "swap: usage ") ||
	     sp_starts(c, "kmem: usage ")) && !sp_find(c, "failcnt")) {
		if (sb_add(&st->counter, c.s, c.len))
			return true;
	}
	if (counter_line(r, c))
		return true;
	if (sp_starts(c, "Memory cgroup stats for ")) {
		r->has_memcg_stats = true;
		st->in_memcg_stats = true;
		span rest = sp_skip(c, strlen("Memory cgroup stats for "));
		const char *colon = memchr(rest.s, ':', rest.len);
		if (colon && colon + 1 < rest.s + rest.len)
			memcg_stat_line(r, ml_trim(sp_after(rest, colon + 1)));
		return true;
	}
	if (st->in_memcg_stats) {
		if (memcg_stat_line(r, c))
			return true;
		st->in_memcg_stats = false;
	}
	if (sp_starts(c, "Task in ") && sp_find(c, " killed as a result of limit of ")) {
		const char *p = sp_find(c, " killed as a result of limit of ");
		copy_field(r->task_memcg, sizeof(r->task_memcg), ml_trim(sp(c.s + 8, (size_t)(p - c.s - 8))));
		copy_field(r->oom_memcg, sizeof(r->oom_memcg),
			   ml_trim(sp_after(c, p + strlen(" killed as a result of limit of "))));
		return true;
	}
	if (sp_starts(c, "Unreclaimable slab info:")) {
		st->in_slab = true;
		return true;
	}
	if (st->in_slab) {
		if (slab_row(r, c))
			return true;
		st->in_slab = false;
	}
	if (sp_starts(c, "Tasks state"))
		return true;
	if (tasks_header(st, c, line, false))
		return true;
	if (task_row(st, r, c, line, false))
		return true;
	/* out_of_memory() found no task to kill (§5.6): 4.x+ print this and
	 * panic "System is deadlocked on memory"; older kernels panicked with
	 * this text.  panic_on_oom panics too.  The panic ends the report. */
	if (sp_starts(c, "Out of memory and no killable processes")) {
		r->oom_no_killable = true;
		return true;
	}
	if (sp_starts(c, "Kernel panic - not syncing:")) {
		span why = ml_trim(sp_skip(c, strlen("Kernel panic - not syncing:")));
		copy_field(r->panic, sizeof(r->panic), why);
		if (sp_starts(why, "Out of memory and no killable processes"))
			r->oom_no_killable = true;
		st->panic_seen = true;
		return true;
	}
	if (sp_starts(c, "oom-kill:")) {
		constraint_line(r, c);
		return true;
	}
	if (sp_find(c, "Killed process ") || sp_find(c, "Kill process ")) {
		killed_line(r, c);
		if (sp_find(c, "Killed process "))
			st->killed_seen = true;
		/* a mail client wrapped it after total-vm: */
		st->kill_line_open = sp_find(c, "total-vm:") && !sp_find(c, "anon-rss:");
		return true;
	}
	if (st->kill_line_open && sp_starts(c, "anon-rss:")) {
		st->kill_line_open = false;
		killed_sizes(r, c);
		return true;
	}
	st->kill_line_open = false;
	if (sp_starts(c, "oom_reaper:"))
		return true;
	/* "stress cpuset=/ mems_allowed=0" (OOM, 3.x–4.x) */
	if (sp_find(c, " cpuset=") && sp_find(c, " mems_allowed=") && !r->has_cpuset) {
		parse_placement(r, c);
		return true;
	}
	if (sp_starts(c, "---[ end trace")) {
		if (r->kind == ML_REPORT_MAX_ORDER_WARNING)
			st->meminfo_done = true;
		return true;
	}
	return known_noise(c);
}

/* Does this line continue a wrapped header? */
static bool continues_header(const struct sbuf *h, span c)
{
	static const char *const starts[] = { "mode:", "nodemask=", "cpuset=", "mems_allowed=", "order",
					      "gfp_mask=", "oom_score_adj", "GFP_", "__GFP_", "0x" };
	if (!c.len || h->len > 1000)
		return false;
	for (size_t i = 0; i < sizeof(starts) / sizeof(starts[0]); i++)
		if (sp_starts(c, starts[i]))
			return true;
	return false;
}

static void context_line(struct state *st, span c, unsigned long line)
{
	struct ml_report_context *ctx = &st->list->ctx;
	const char *p;
	if (sp_starts(c, "Linux version ")) {
		span tok[3];
		if (ml_split(c, tok, 3) >= 3 && version_token(tok[2])) {
			copy_field(ctx->kernel, sizeof(ctx->kernel), tok[2]);
			ctx->kernel_line = line;
		}
	} else if (sp_starts(c, "Kernel command line:") && (p = sp_find(c, "vmalloc="))) {
		span t = sp_after(c, p);
		size_t i = 0;
		while (i < t.len && !is_blank(t.s[i]))
			i++;
		copy_field(ctx->vmalloc_param, sizeof(ctx->vmalloc_param), sp(t.s, i));
	} else if (sp_starts(c, "FAULT_INJECTION: forcing a failure")) {
		st->fault_line = line;
	} else if ((p = sp_find(c, "cma_alloc: alloc failed, req-size: ")) != NULL) {
		uint64_t v;
		if (lead_u64(sp_after(c, p + strlen("cma_alloc: alloc failed, req-size: ")), &v, NULL)) {
			st->cma_fail_pages = v;
			st->cma_fail_line = line;
		}
	} else if ((p = sp_find(c, "callbacks suppressed")) &&
		   (sp_starts(c, "warn_alloc") || sp_starts(c, "warn_alloc_show_mem") ||
		    sp_starts(c, "__alloc_pages"))) {
		span tok[2];
		uint64_t v;
		if (ml_split(c, tok, 2) >= 2 && ml_tok_u64(tok[1], &v) && v < 1000000000)
			st->pending_suppressed += (unsigned)v;
	}
}

/* A one-line vmap failure right after another (a burst: each prints its
 * line, while warn_alloc's rate limit lets few print a report, §9.1): the
 * open report becomes this one, and the one before is counted in it. */
static void vmap_burst_add(struct state *st, struct ml_report *r, span c, unsigned long line)
{
	if (r->has_vmap_size) {
		int i = 0;
		while (i < st->nburst && st->burst[i].size != r->vmap_size)
			i++;
		if (i == st->nburst && st->nburst < (int)(sizeof(st->burst) / sizeof(st->burst[0])))
			st->burst[st->nburst++].size = r->vmap_size;
		if (i < st->nburst)
			st->burst[i].count++;
	}
	if (!r->vmap_burst)
		r->vmap_burst_first = st->vmap_line;
	r->vmap_burst++;
	r->vmap_burst_last = st->vmap_line;
	r->has_vmap_size = r->has_vmap_range = false;
	parse_header(r, st->htype, c);
	st->vmap_line = line;
	st->last_useful = line;
}

static int handle_line(struct state *st, span raw, unsigned long line)
{
	span c = strip_prefixes(raw);
	struct ml_report *r = cur(st);
	span comm;
	int rc;

	/* a wrapped header */
	if (r && st->hdr_open) {
		if (continues_header(&st->hdr, c) || (st->hdr.len && st->hdr.s[st->hdr.len - 1] == '|')) {
			if (!sb_add(&st->hdr, " ", 1) || !sb_add(&st->hdr, c.s, c.len))
				st->hdr_open = false;
			else
				st->hdr_open = header_wants_more(&st->hdr, st->htype) && line - st->hdr_line < 4;
			st->last_useful = line;
			if (!st->hdr_open)
				parse_header(r, st->htype, sp(st->hdr.s, st->hdr.len));
			return 0;
		}
		st->hdr_open = false;
		parse_header(r, st->htype, sp(st->hdr.s, st->hdr.len));
	}

	enum hdr_type h = detect_header(c, &comm);
	char kept[sizeof(st->lone_comm)];
	if (h == H_NONE && st->lone_comm[0] && st->lone_comm_line + 1 == line) {
		/* "a.out: " cut from its "page allocation stalls for ..." */
		static const struct { const char *marker; enum hdr_type t; } m[] = {
			{ "page allocation failure", H_FAIL }, { "page allocation stalls for ", H_STALL },
			{ "vmalloc error: size ", H_VMALLOC_ERR }, { "vmalloc: allocation failure", H_VMALLOC_OLD },
		};
		for (size_t i = 0; i < sizeof(m) / sizeof(m[0]) && h == H_NONE; i++)
			if (sp_starts(c, m[i].marker)) {
				h = m[i].t;
				memcpy(kept, st->lone_comm, sizeof(kept));
				comm = sp(kept, strlen(kept));
			}
	}
	st->lone_comm[0] = '\0';
	if (h == H_NONE && c.len > 1 && c.len < sizeof(st->lone_comm) && c.s[c.len - 1] == ':' &&
	    !memchr(c.s, ' ', c.len)) {
		copy_field(st->lone_comm, sizeof(st->lone_comm), sp(c.s, c.len - 1));
		st->lone_comm_line = line;
	}
	if (h == H_MEMINFO && r)
		h = H_NONE;     /* the dump of the open report */
	/* a dump quoted without its "Mem-Info:" line starts at a zone line */
	bool bare_zone = h == H_NONE && !r && mi_classify(c) == MI_ZONE && sp_find(c, " min:") && sp_find(c, " low:");
	if (bare_zone)
		h = H_MEMINFO;
	if ((h == H_VMAP || h == H_VMALLOC_RANGE) && r && st->vmap_only && st->htype == h && !st->hdr_open &&
	    line - st->vmap_line <= 3 && !r->kernel[0] && !r->comm[0] && !r->nframes) {
		vmap_burst_add(st, r, c, line);
		return 0;
	}
	if (h != H_NONE) {
		/* "vmap allocation ... failed" comes just before "vmalloc error: size"
		 * (§8.1 item 3): one report. */
		bool merge_vmap = r && st->vmap_only && (h == H_VMALLOC_ERR || h == H_VMALLOC_OLD) &&
				  line - st->vmap_line <= 3;
		/* 3.x printed "vmalloc: allocation failure" then a separate
		 * "page allocation failure: order:0" line from warn_alloc_failed(). */
		bool merge_old = r && st->expect_old_fail && h == H_FAIL && line - st->old_fail_line <= 2;
		if (merge_vmap || merge_old) {
			if (merge_old) {
				span hs = c;
				parse_order(r, hs, "order:");
				parse_mode(r, hs, "mode:");
				parse_placement(r, hs);
				st->expect_old_fail = false;
			} else {
				st->vmap_only = false;
				st->htype = h;
				st->hdr.len = 0;
				sb_add(&st->hdr, c.s, c.len);
				st->hdr_line = line;
				st->hdr_open = header_wants_more(&st->hdr, h);
				if (!st->hdr_open)
					parse_header(r, h, c);
				if (!r->comm[0])
					copy_field(r->comm, sizeof(r->comm), comm);
				if (h == H_VMALLOC_OLD && !sp_find(c, "mode:")) {
					st->expect_old_fail = true;
					st->old_fail_line = line;
				}
			}
			st->last_useful = line;
			return 0;
		}
		if (r)
			finish_report(st, false);
		if ((rc = open_report(st, kind_of(h), line)) != 0)
			return rc == 1 ? 0 : rc;
		r = cur(st);
		copy_field(r->comm, sizeof(r->comm), comm);
		/* dma_alloc_coherent() tries CMA first: its failure comes just before */
		if (st->cma_fail_line && line - st->cma_fail_line <= 3)
			r->cma_fail_pages = st->cma_fail_pages;
		/* fail_page_alloc prints its reason and a stack before the report */
		if (st->fault_line && line - st->fault_line <= 80)
			r->fault_injected = true;
		st->fault_line = 0;
		st->htype = h;
		st->hdr.len = 0;
		sb_add(&st->hdr, c.s, c.len);
		st->hdr_line = line;
		st->hdr_open = (h == H_FAIL || h == H_STALL || h == H_OOM || h == H_VMALLOC_ERR ||
				h == H_VMALLOC_OLD) &&
			       header_wants_more(&st->hdr, h);
		if (!st->hdr_open)
			parse_header(r, h, c);
		if (h == H_VMAP || h == H_VMALLOC_RANGE) {
			st->vmap_only = true;
			st->vmap_line = line;
		}
		if (h == H_VMALLOC_OLD && !sp_find(c, "mode:")) {
			st->expect_old_fail = true;
			st->old_fail_line = line;
		}
		if (h == H_MEMINFO) {
			r->has_meminfo = true;
			r->meminfo_line = line;
			st->in_meminfo = true;
			copy_field(r->header, sizeof(r->header), bare_zone ? sp("(a Mem-Info dump without its header)", 36) : c);
			if (bare_zone)
				meminfo_feed(st, c, line);
		}
		if (h == H_WARN)
			st->in_trace = true;
		return 0;
	}

	context_line(st, c, line);
	if (!r)
		return 0;
	if (body_line(st, r, c, line)) {
		st->gap = 0;
		st->last_useful = line;
		if (st->panic_seen)
			finish_report(st, false);
		return 0;
	}
	st->gap++;
	/* When does a report end?  After its dump (and, for an OOM, after the
	 * kill), at the first line that is not part of it; before the dump, after
	 * a long stretch of unrelated lines. */
	bool oom = r->kind == ML_REPORT_OOM;
	if (st->meminfo_done && (!oom || st->killed_seen || st->gap > MAX_GAP_AFTER_MEMINFO))
		finish_report(st, false);
	else if (st->killed_seen && oom)
		finish_report(st, false);
	else if (!r->has_meminfo && st->gap > MAX_GAP_BEFORE_MEMINFO)
		finish_report(st, false);
	else if (r->kind == ML_REPORT_MAX_ORDER_WARNING && !r->has_meminfo && st->gap > 20)
		finish_report(st, false);
	return 0;
}

/* Two CPUs printing at once leave a second message, timestamp and all,
 * in the middle of a line: "...order:0[  624.646725] a.out: ".  Each part
 * is read as a line of its own. */
/* "Node 3" at the end of c (alone, or glued to what was printed before):
 * its start, or NULL. */
static const char *trailing_node(span c, long *node)
{
	span t = ml_trim(c);
	size_t i = t.len;
	while (i > 0 && is_digit(t.s[i - 1]))
		i--;
	if (i == t.len || t.len - i > 4 || i < 5 || t.s[i - 1] != ' ' || memcmp(t.s + i - 5, "Node", 4) != 0)
		return NULL;
	long v = 0;
	for (size_t k = i; k < t.len; k++)
		v = v * 10 + (t.s[k] - '0');
	*node = v;
	return t.s + i - 5;
}

/* One physical line, with the "Node N " piece of a 4.x dump put back in
 * front of the zone or buddy line it belongs to. */
static int handle_piece(struct state *st, span raw, unsigned long line);

/* journalctl's pager cuts a long line and ends it with '>' ("...
 * isolated(anon):0kB i>", "... 3*4096kB (M) = >"): the cut token is
 * dropped; a buddy line cut after its '=' has all its orders, only its
 * total is lost (read as "= ?cut"). */
static int handle_pager_cut(struct state *st, span raw, unsigned long line)
{
	span t = ml_trim(raw);
	if (t.len < 3 || t.s[t.len - 1] != '>' || t.s[t.len - 2] == '-' || sp_ends(t, "=>"))
		return handle_piece(st, raw, line);
	/* a kernel line that really ends in '>' ("<TASK>", "</IRQ>") */
	span c = strip_prefixes(raw);
	if (sp_find(c, "<") && !sp_ends(c, "= >"))
		return handle_piece(st, raw, line);
	char b[4096 + 16];
	size_t n = t.len - 1;
	if (n > 4096)
		n = 4096;
	memcpy(b, t.s, n);
	if (n >= 2 && b[n - 1] == ' ' && b[n - 2] == '=') {
		memcpy(b + n, "?cut", 4);
		n += 4;
	} else {
		while (n > 0 && !is_blank(b[n - 1]))
			n--;
	}
	st->pager_cuts++;
	return handle_piece(st, sp(b, n), line);
}

static int handle_piece(struct state *st, span raw, unsigned long line)
{
	span c = strip_prefixes(raw);
	long node;
	const char *nodep = st->in_meminfo ? trailing_node(c, &node) : NULL;
	if (nodep) {
		int rc = 0;
		if (nodep > c.s && ml_trim(sp(c.s, (size_t)(nodep - c.s))).len)
			rc = handle_line(st, sp(raw.s, (size_t)(nodep - raw.s)), line);
		st->pending_node = node;
		st->pending_node_line = line;
		return rc;
	}
	if (st->pending_node_line && line - st->pending_node_line <= 1 && st->in_meminfo) {
		st->pending_node_line = 0;
		enum mi_type t = mi_classify(c);
		if ((t == MI_ZONE || t == MI_BUDDY) && !sp_starts(c, "Node ")) {
			char b[4096 + 32];
			int k = snprintf(b, sizeof(b), "Node %ld ", st->pending_node);
			size_t n = c.len < sizeof(b) - (size_t)k - 1 ? c.len : sizeof(b) - (size_t)k - 1;
			memcpy(b + k, c.s, n);
			return handle_line(st, sp(b, (size_t)k + n), line);
		}
	}
	return handle_line(st, raw, line);
}

static int handle_interleaved(struct state *st, span raw, unsigned long line)
{
	/* rsyslog writes the newlines inside one record as "#012": each part
	 * is a line (the prefix of the record stays on the first) */
	const char *esc = sp_find(raw, "#012");
	if (esc) {
		int rc = handle_interleaved(st, sp(raw.s, (size_t)(esc - raw.s)), line);
		if (rc != 0)
			return rc;
		return handle_interleaved(st, sp_after(raw, esc + 4), line);
	}
	for (;;) {
		span c = strip_prefixes(raw);
		size_t cut = 0;
		for (size_t i = 1; i + 3 < c.len && !cut; i++) {
			span m = sp(c.s + i, c.len - i);
			if (c.s[i] == '[' && bracket_prefix(&m))
				cut = i;
		}
		if (!cut)
			return handle_pager_cut(st, raw, line);
		size_t head = (size_t)(c.s - raw.s) + cut;
		int rc = handle_piece(st, sp(raw.s, head), line);
		if (rc != 0)
			return rc;
		raw = sp(c.s + cut, c.len - cut);
	}
}

static unsigned long line_distance(const struct ml_report *a, const struct ml_report *b)
{
	return a->first_line > b->first_line ? a->first_line - b->first_line : b->first_line - a->first_line;
}

/* A report whose own lines name no kernel or arch (a one-line vmap
 * failure, a Mem-Info dump alone) and no "Linux version" line before it
 * takes them from the nearest report of the same boot (no "Linux version"
 * line between them) that names them in its own stack dump (§9.2 item 2):
 * one kernel printed both. */
/* The nearest other report of the same boot that names its own kernel
 * (arch false) or arch (arch true, and the same kernel when both name one). */
static const struct ml_report *nearest_namer(const struct ml_report_list *l, size_t i, bool arch)
{
	const struct ml_report *r = &l->v[i], *from = NULL;
	for (size_t k = 0; k < l->n; k++) {
		const struct ml_report *o = &l->v[k];
		bool names = arch ? o->arch[0] && !o->arch_elsewhere &&
					    (!r->kernel[0] || !o->kernel[0] || strcmp(r->kernel, o->kernel) == 0)
				  : o->kernel[0] && !o->kernel_elsewhere;
		if (k != i && o->boot_line == r->boot_line && names &&
		    (!from || line_distance(o, r) < line_distance(from, r)))
			from = o;
	}
	return from;
}

static void borrow_kernel(struct ml_report_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct ml_report *r = &l->v[i];
		const struct ml_report *from = r->kernel[0] ? NULL : nearest_namer(l, i, false);
		if (from) {
			snprintf(r->kernel, sizeof(r->kernel), "%s", from->kernel);
			snprintf(r->kernel_from, sizeof(r->kernel_from), "%.50s, in the report at lines %lu-%lu",
				 from->kernel_from, from->first_line, from->last_line);
			r->kernel_elsewhere = true;
			if (!r->arch[0]) {
				arch_from_release(r, r->kernel);
				r->arch_elsewhere = r->arch[0] != '\0';
			}
		}
		from = r->arch[0] ? NULL : nearest_namer(l, i, true);
		if (from) {
			snprintf(r->arch, sizeof(r->arch), "%s", from->arch);
			snprintf(r->arch_from, sizeof(r->arch_from), "%.50s, in the report at lines %lu-%lu",
				 from->arch_from, from->first_line, from->last_line);
			r->arch_elsewhere = true;
		}
	}
}

/* ------------------------------------------------- quoted-printable */

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Length of the soft line break ("=" at a line end) at buf[i], or 0. */
static size_t soft_break(const char *buf, size_t len, size_t i)
{
	if (i + 1 == len)
		return 1;
	if (buf[i + 1] == '\n')
		return 2;
	if (buf[i + 1] == '\r' && i + 2 < len && buf[i + 2] == '\n')
		return 3;
	return 0;
}

/* A mail part saved undecoded (quoted-printable, RFC 2045 §6.7): the
 * mailer wrote "=3D" for every "=" and broke long lines with a soft break
 * ("=" at the line end), which cuts buddy lines, zone lines and releases
 * anywhere.  The kernel prints "=" bare ("order=1,", "= 56244kB",
 * "hugepages_total=0"), never "=3D" or "=20", so the text is taken as
 * quoted-printable only when it holds such an escape and every "=" in it
 * is an escape or a soft break: one bare "=" and it is read as it is. */
static bool is_quoted_printable(const char *buf, size_t len)
{
	bool escape = false;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] != '=')
			continue;
		size_t brk = soft_break(buf, len, i);
		if (brk) {
			i += brk - 1;
			continue;
		}
		if (i + 2 >= len || hex_value(buf[i + 1]) < 0 || hex_value(buf[i + 2]) < 0)
			return false;
		escape |= (buf[i + 1] == '3' && buf[i + 2] == 'D') || (buf[i + 1] == '2' && buf[i + 2] == '0');
		i += 2;
	}
	return escape;
}

/* Decode text that is_quoted_printable() accepted: soft breaks joined,
 * "=XX" turned into its byte.  out holds at least len bytes. */
static size_t decode_quoted_printable(const char *buf, size_t len, char *out)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] != '=') {
			out[n++] = buf[i];
			continue;
		}
		size_t brk = soft_break(buf, len, i);
		if (brk) {
			i += brk - 1;
			continue;
		}
		out[n++] = (char)(hex_value(buf[i + 1]) << 4 | hex_value(buf[i + 2]));
		i += 2;
	}
	return n;
}

int ml_parse_failure_reports(const char *buf, size_t len, const char *file,
			     struct ml_report_list *out, struct ml_error *err)
{
	struct state st;
	memset(&st, 0, sizeof(st));
	memset(out, 0, sizeof(*out));
	char *decoded = NULL;
	if (is_quoted_printable(buf, len)) {
		if (!(decoded = malloc(len)))
			return ml_error_set(err, ML_ENOMEM, file, 0, "out of memory while decoding quoted-printable text");
		len = decode_quoted_printable(buf, len, decoded);
		buf = decoded;
		out->quoted_printable = true;
	}
	st.file = file;
	st.list = out;
	st.cur_zone = -1;
	const char *p = buf, *end = buf + len;
	unsigned long line = 0;
	int rc = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		size_t n = (size_t)(stop - p);
		line++;
		if (n && p[n - 1] == '\r')
			n--;
		/* a line longer than anything the kernel prints is garbage: look
		 * at its start only */
		if (n > 4096)
			n = 4096;
		rc = handle_interleaved(&st, sp(p, n), line);
		if (rc != 0)
			break;
		p = nl ? nl + 1 : end;
	}
	out->lines = line;
	if (rc == 0 && st.open)
		finish_report(&st, true);
	if (rc == 0)
		borrow_kernel(out);
	sb_free(&st.hdr);
	sb_free(&st.logical);
	sb_free(&st.counter);
	free(decoded);
	if (rc != 0) {
		ml_report_list_free(out);
		return ml_error_set(err, ML_ENOMEM, file, line, "out of memory while reading reports");
	}
	return ML_OK;
}

static void report_free(struct ml_report *r)
{
	for (size_t k = 0; k < r->nzones; k++)
		ml_kv_free(&r->zones[k].fields);
	for (size_t k = 0; k < r->nnodes; k++)
		ml_kv_free(&r->nodes[k].fields);
	free(r->zones);
	free(r->nodes);
	free(r->hugepages);
	free(r->tasks);
	free(r->slabs);
	free(r->problems);
	ml_kv_free(&r->global);
	ml_kv_free(&r->tail);
	ml_kv_free(&r->memcg_stats);
}

void ml_report_list_free(struct ml_report_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++)
		report_free(&list->v[i]);
	free(list->v);
	memset(list, 0, sizeof(*list));
}

/* --------------------------------------------------------- accessors */

const char *ml_report_kind_name(enum ml_report_kind kind)
{
	switch (kind) {
	case ML_REPORT_PAGE_ALLOC_FAILURE: return "page allocation failure";
	case ML_REPORT_STALL: return "page allocation stall";
	case ML_REPORT_OOM: return "OOM killer invocation";
	case ML_REPORT_VMALLOC: return "vmalloc failure";
	case ML_REPORT_MAX_ORDER_WARNING: return "over-max-order WARNING";
	case ML_REPORT_MEMINFO: return "Mem-Info dump";
	}
	return "report";
}

const char *ml_report_kind_key(enum ml_report_kind kind)
{
	switch (kind) {
	case ML_REPORT_PAGE_ALLOC_FAILURE: return "page_allocation_failure";
	case ML_REPORT_STALL: return "page_allocation_stall";
	case ML_REPORT_OOM: return "oom";
	case ML_REPORT_VMALLOC: return "vmalloc_failure";
	case ML_REPORT_MAX_ORDER_WARNING: return "max_order_warning";
	case ML_REPORT_MEMINFO: return "meminfo_dump";
	}
	return "report";
}

const char *ml_vmalloc_failure_name(enum ml_vmalloc_failure what)
{
	switch (what) {
	case ML_VMALLOC_ADDRESS_SPACE: return "no free virtual address range (vm_struct/vmap allocation failed)";
	case ML_VMALLOC_EXCEEDS_TOTAL: return "size exceeds total RAM";
	case ML_VMALLOC_PAGES: return "backing pages could not be allocated";
	case ML_VMALLOC_PAGE_ARRAY: return "the page array could not be allocated";
	case ML_VMALLOC_MAP: return "the pages could not be mapped (page-table allocation failed)";
	case ML_VMALLOC_OLD_GENERIC: return "allocation failed (the old message does not say which step)";
	case ML_VMALLOC_UNKNOWN: break;
	}
	return "unknown step";
}

bool ml_report_zone_bytes(const struct ml_report_zone *z, const char *key, uint64_t *out)
{
	return ml_kv_get(&z->fields, key, out);
}

void ml_report_type_letters(uint8_t mask, char *buf, size_t n)
{
	static const char letters[] = "UMEHCIR?";
	size_t k = 0;
	for (int b = 0; b < 8 && k + 1 < n; b++)
		if (mask & (1u << b))
			buf[k++] = letters[b];
	if (n)
		buf[k < n ? k : n - 1] = '\0';
}

bool ml_report_has_frame(const struct ml_report *r, const char *prefix)
{
	for (int i = 0; i < r->nframes; i++)
		if (strncmp(r->frames[i], prefix, strlen(prefix)) == 0)
			return true;
	return false;
}

/* Frames that belong to the report machinery or the page allocator itself. */
static bool machinery(const char *f)
{
	static const char *const m[] = {
		"dump_stack", "show_stack", "dump_backtrace", "show_trace", "dump_trace", "warn_alloc",
		"__warn_alloc", "__alloc_pages", "alloc_pages", "__alloc_frozen", "alloc_frozen",
		"__get_free_pages", "get_free_pages", "__folio_alloc", "folio_alloc", "alloc_slab_page",
		"allocate_slab", "new_slab", "___slab_alloc", "__slab_alloc", "slab_alloc", "kmem_cache_alloc",
		"__kmalloc", "kmalloc", "kmalloc_large", "__kmalloc_large", "___kmalloc_large",
		"kmalloc_order", "cache_grow", "cache_alloc", "fallback_alloc", "____cache_alloc",
		"__do_kmalloc", "kvmalloc", "__kvmalloc", "__vmalloc", "vmalloc", "__get_vm_area",
		"dump_header", "oom_kill_process", "out_of_memory", "__alloc_pages_may_oom",
		"pagefault_out_of_memory", "mem_cgroup_out_of_memory", "try_charge", "__warn", "warn_slowpath",
		"report_bug", "handle_bug", "exc_invalid_op", "asm_exc_invalid_op", "invalid_op", "do_error_trap",
		"bug_handler", "el1h_64_sync", "el1_dbg", "el1_sync", "call_break_hook", "brk_handler",
		"do_debug_exception", "? ", "__kmalloc_reserve", "kmalloc_reserve", "pskb_expand_head",
		"__alloc_skb", "__netdev_alloc_skb", "alloc_pages_exact", "__dma_direct_alloc_pages",
		"dma_direct_alloc", "dma_alloc_attrs", "dma_generic_alloc_coherent", "dma_alloc_coherent",
		"__dma_alloc", "alloc_kmem_pages", "__kmalloc_node", "kmalloc_node", "__kmalloc_node_track_caller",
		"__alloc_pages_node", "alloc_pages_node", "module_alloc", "execmem_alloc", "kernel_read_file",
		"_raw_spin", "lock_", "trace_", "srso_", "__pfx_", "__vmalloc_node", "vmalloc_node", "__skb_grow",
		"__vmalloc_area_node", "vm_area_alloc_pages", "unwind_backtrace", "kmem_getpages", "__do_cache_alloc",
		"__netdev_alloc_frag", "netdev_alloc_frag", "__napi_alloc", "napi_alloc", "page_frag_alloc", "__page_frag",
		"mem_cgroup_oom", "mem_cgroup_charge", "__mem_cgroup_charge", "obj_cgroup_charge", "charge_memcg",
		"check_panic_on_oom", "memcg_kmem_charge", "__memcg_kmem_charge", "mm_fault_error", "___ratelimit",
		"__ratelimit", "__out_of_memory", "warn_alloc_show_mem"
	};
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (strncmp(f, m[i], strlen(m[i])) == 0)
			return true;
	return false;
}

const char *ml_report_caller(const struct ml_report *r)
{
	/* "? " frames are stale stack words; use them only when all are so */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < r->nframes; i++)
			if ((pass || !r->frame_unreliable[i]) && !machinery(r->frames[i]))
				return r->frames[i];
	return "";
}

/* ------------------------------------------------------ to the model */

static bool zone_kb(const struct ml_report_zone *z, const char *key, uint64_t ps, uint64_t *pages)
{
	uint64_t b;
	if (!ml_kv_get(&z->fields, key, &b))
		return false;
	*pages = b / ps;
	return true;
}

/* Global Mem-Info counter (pages) -> meminfo name (bytes) and vmstat name. */
static const struct {
	const char *mem_info, *meminfo, *vmstat;
} global_names[] = {
	{ "active_anon", "Active(anon)", "nr_active_anon" },
	{ "inactive_anon", "Inactive(anon)", "nr_inactive_anon" },
	{ "active_file", "Active(file)", "nr_active_file" },
	{ "inactive_file", "Inactive(file)", "nr_inactive_file" },
	{ "isolated_anon", NULL, "nr_isolated_anon" },
	{ "isolated_file", NULL, "nr_isolated_file" },
	{ "unevictable", "Unevictable", "nr_unevictable" },
	{ "dirty", "Dirty", "nr_dirty" },
	{ "writeback", "Writeback", "nr_writeback" },
	{ "slab_reclaimable", "SReclaimable", "nr_slab_reclaimable" },
	{ "slab_unreclaimable", "SUnreclaim", "nr_slab_unreclaimable" },
	{ "slab", "Slab", NULL },
	{ "mapped", "Mapped", "nr_mapped" },
	{ "shmem", "Shmem", "nr_shmem" },
	{ "pagetables", "PageTables", "nr_page_table_pages" },
	{ "sec_pagetables", "SecPageTables", "nr_sec_page_table_pages" },
	{ "bounce", "Bounce", "nr_bounce" },
	{ "kernel_misc_reclaimable", "KReclaimable", "nr_kernel_misc_reclaimable" },
	{ "free", "MemFree", "nr_free_pages" },
	{ "free_cma", "CmaFree", "nr_free_cma" },
	{ "active", "Active", NULL },
	{ "inactive", "Inactive", NULL },
};

static enum ml_zone_kind kind_of_zone(const char *name)
{
	return ml_zone_kind_from_name(name);
}

/* Zone indices (§2.1, §2.5): a zone's index is its position among the
 * configured zones, which a Mem-Info dump does not print.  lowmem_reserve[]
 * tells it: entry j of a lower zone is the managed memory of the zones above
 * it up to j, so its first non-zero entry is the index of the next zone that
 * has memory.  The index of a kind is the same on every node. */
/* How many entries the dump's lowmem_reserve[] arrays have (MAX_NR_ZONES). */
static int nr_reserve_entries(const struct ml_report *r)
{
	int n = 0;
	for (size_t i = 0; i < r->nzones; i++)
		if (r->zones[i].has_reserve && !r->zones[i].reserve_is_old_protections && r->zones[i].nreserve > n)
			n = r->zones[i].nreserve;
	return n;
}

static void assign_indices(const struct ml_report *r, uint64_t ps, int idx[ML_ZONE_OTHER + 1],
			   struct ml_system *sys)
{
	bool seen[ML_ZONE_OTHER + 1] = { false };
	for (int k = 0; k <= ML_ZONE_OTHER; k++)
		idx[k] = -1;
	for (size_t i = 0; i < r->nzones; i++)
		seen[kind_of_zone(r->zones[i].name)] = true;
	if (seen[ML_ZONE_DMA])
		idx[ML_ZONE_DMA] = 0;
	for (size_t i = 0; i < r->nzones; i++) {
		const struct ml_report_zone *z = &r->zones[i];
		if (!z->has_reserve || z->reserve_is_old_protections)
			continue;
		int j = -1;
		for (int k = 0; k < z->nreserve; k++)
			if (z->reserve[k]) {
				j = k;
				break;
			}
		if (j < 0)
			continue;
		enum ml_zone_kind zk = kind_of_zone(z->name);
		for (size_t m = i + 1; m < r->nzones; m++) {
			const struct ml_report_zone *nz = &r->zones[m];
			enum ml_zone_kind nk = kind_of_zone(nz->name);
			uint64_t present = 1, managed = 1;
			if (nz->node != z->node || nk <= zk || nk == ML_ZONE_OTHER)
				continue;
			bool hp = zone_kb(nz, "present", ps, &present);
			bool hm = zone_kb(nz, "managed", ps, &managed);
			if ((hp && !present) || (hm && !managed))
				continue;       /* an empty zone adds nothing to the reserve */
			if (idx[nk] < 0)
				idx[nk] = j;
			else if (idx[nk] != j)
				ml_system_note(&sys->warnings, &sys->nwarnings,
					       "lowmem_reserve[] arrays disagree on the index of zone %s (%d or %d)",
					       nz->name, idx[nk], j);
			break;
		}
	}
	/* A kind no lowmem_reserve[] array places keeps no index here when the
	 * dump shows zones below it are missing: the zone numbering of the
	 * architecture places it (ml_zone_numbering(), §2.1).  A lone Movable
	 * zone of a node is index 3 on x86_64, not 0. */
	int prev = -1;
	for (int k = ML_ZONE_DMA; k < ML_ZONE_OTHER; k++) {
		if (!seen[k])
			continue;
		if (idx[k] < 0 && prev < 0 && k > ML_ZONE_DMA && r->nzones && nr_reserve_entries(r) > 0) {
			continue;      /* nothing below it to count from */
		}
		if (idx[k] < 0 || idx[k] <= prev)
			idx[k] = prev + 1;
		prev = idx[k];
	}
	if (seen[ML_ZONE_OTHER])
		idx[ML_ZONE_OTHER] = prev + 1 < ML_MAX_ZONES ? prev + 1 : ML_MAX_ZONES - 1;
	for (int k = 0; k <= ML_ZONE_OTHER; k++)
		if (idx[k] >= ML_MAX_ZONES)
			idx[k] = ML_MAX_ZONES - 1;
}

/* The buddy lines' letters say which migrate types have a free block at each
 * order (§9.3 d): explain takes them as presence (explain.h).  Kernels before
 * 4.4 had MIGRATE_RESERVE ("R") and a watermark check blind to types: their
 * letters are not handed on. */
static void add_type_presence(const struct ml_report *r, struct ml_system *sys)
{
	static const char *const names[] = { "Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate" };
	static const uint8_t bits[] = { ML_REPORT_TYPE_U, ML_REPORT_TYPE_M, ML_REPORT_TYPE_E,
					ML_REPORT_TYPE_H, ML_REPORT_TYPE_C, ML_REPORT_TYPE_I };
	bool any = false;
	for (size_t i = 0; i < r->nzones; i++)
		for (int o = 0; o < r->zones[i].norders && o < ML_MAX_ORDERS; o++) {
			if (r->zones[i].types[o] & (ML_REPORT_TYPE_R | ML_REPORT_TYPE_OTHER))
				return;
			any |= r->zones[i].types[o] != 0;
		}
	if (!any)
		return;
	sys->ntypes = 6;
	for (int t = 0; t < 6; t++)
		snprintf(sys->type_names[t], sizeof(sys->type_names[t]), "%s", names[t]);
	for (size_t i = 0; i < sys->nzones; i++) {
		struct ml_zone *z = &sys->zones[i];
		if (!z->has_buddy)
			continue;
		for (size_t k = 0; k < r->nzones; k++) {
			const struct ml_report_zone *rz = &r->zones[k];
			if (rz->node != z->node || strcmp(rz->name, z->name) != 0 || !rz->has_buddy)
				continue;
			/* every order with blocks must carry letters, or the line
			 * is not one that prints them */
			bool complete = true;
			for (int o = 0; o < rz->norders && o < ML_MAX_ORDERS; o++)
				if (rz->blocks[o] && !rz->types[o])
					complete = false;
			if (!complete)
				continue;
			z->has_types = true;
			for (int t = 0; t < 6; t++)
				for (int o = 0; o < rz->norders && o < ML_MAX_ORDERS; o++)
					z->type_blocks[t][o] = (rz->types[o] & bits[t]) ? 1 : 0;
		}
	}
}

static int cmp_zone(const void *a, const void *b)
{
	const struct ml_zone *x = a, *y = b;
	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

int ml_report_to_system(const struct ml_report *r, const char *file, struct ml_system *sys,
			struct ml_error *err)
{
	memset(sys, 0, sizeof(*sys));
	sys->origin = ML_ORIGIN_REPORT;
	sys->live = false;
	sys->pageblock_order = -1;
	sys->kptr_restrict = -1;
	snprintf(sys->source, sizeof(sys->source), "%s, lines %lu-%lu", file ? file : "report",
		 r->first_line, r->last_line);
	snprintf(sys->info.release, sizeof(sys->info.release), "%s", r->kernel);
	snprintf(sys->info.arch, sizeof(sys->info.arch), "%s", r->arch);

	size_t nz = 0;
	for (size_t i = 0; i < r->nzones; i++)
		if (r->zones[i].has_zone_line || r->zones[i].has_buddy)
			nz++;
	if (!r->has_meminfo || nz == 0)
		return ml_error_set(err, ML_EPARSE, file, r->first_line,
				    "the %s has no Mem-Info zone lines to build a model from",
				    ml_report_kind_name(r->kind));

	uint64_t ps = r->page_size;
	if (!ps) {
		/* no buddy line: the smallest block size is not known */
		ps = 4096;
		sys->page_size_assumed = true;
		ml_system_note(&sys->warnings, &sys->nwarnings,
			       "no buddy line gives the page size: 4 KiB assumed to turn kB into pages");
	}
	sys->page_size = ps;
	sys->info.page_size = r->page_size;
	sys->norders = r->norders;

	sys->zones = calloc(nz, sizeof(*sys->zones));
	if (!sys->zones)
		return ml_error_set(err, ML_ENOMEM, file, 0, "out of memory");
	int idx[ML_ZONE_OTHER + 1];
	assign_indices(r, ps, idx, sys);

	size_t k = 0;
	for (size_t i = 0; i < r->nzones; i++) {
		const struct ml_report_zone *rz = &r->zones[i];
		if (!rz->has_zone_line && !rz->has_buddy)
			continue;
		struct ml_zone *z = &sys->zones[k++];
		z->node = rz->node;
		snprintf(z->name, sizeof(z->name), "%s", rz->name);
		z->kind = kind_of_zone(rz->name);
		z->index = idx[z->kind];
		z->node_unreclaimable = rz->all_unreclaimable;
		if (z->node + 1 > sys->nnodes)
			sys->nnodes = z->node + 1;

		if (rz->has_zone_line) {
			bool ok = zone_kb(rz, "free", ps, &z->free_pages) && zone_kb(rz, "min", ps, &z->wmark_min) &&
				  zone_kb(rz, "low", ps, &z->wmark_low) && zone_kb(rz, "high", ps, &z->wmark_high);
			/* the watermark check needs the zone's free pages and its
			 * marks (§4.4); without them explain leaves the zone out */
			z->has_watermarks = ok;
			z->has_boost = zone_kb(rz, "boost", ps, &z->boost);
			z->has_managed = zone_kb(rz, "managed", ps, &z->managed);
			bool has_present = zone_kb(rz, "present", ps, &z->present);
			if (!z->has_managed && has_present)
				z->managed = z->present;      /* before 3.x: no "managed" */
			if (!z->has_managed && !has_present)
				ok = false;
			z->spanned = z->present;
			zone_kb(rz, "free_cma", ps, &z->free_cma_pages);
			zone_kb(rz, "free_pcp", ps, &z->pcp_pages);
			z->has_lru = zone_kb(rz, "active_anon", ps, &z->active_anon) &&
				     zone_kb(rz, "inactive_anon", ps, &z->inactive_anon) &&
				     zone_kb(rz, "active_file", ps, &z->active_file) &&
				     zone_kb(rz, "inactive_file", ps, &z->inactive_file);
			if (!z->has_lru)
				z->active_anon = z->inactive_anon = z->active_file = z->inactive_file = 0;
			if (rz->has_reserve && !rz->reserve_is_old_protections) {
				z->nprotection = rz->nreserve;
				memcpy(z->protection, rz->reserve, sizeof(z->protection));
			} else if (ok) {
				ml_system_note(&sys->warnings, &sys->nwarnings,
					       "Node %d %s: lowmem_reserve[] unknown, taken as 0", z->node, z->name);
			}
			z->has_zoneinfo = ok;
			if (!z->has_watermarks)
				ml_system_note(&sys->warnings, &sys->nwarnings,
					       "Node %d %s: free memory or watermarks could not be read; the watermark "
					       "check cannot be made in this zone",
					       z->node, z->name);
			else if (!ok)
				ml_system_note(&sys->warnings, &sys->nwarnings,
					       "Node %d %s: its size (managed, present) could not be read", z->node, z->name);
		}
		/* The free blocks are kept even when the watermarks are unknown:
		 * explain leaves such a zone out of the checks but its free lists
		 * may still show it would have failed anyway (§4.4).  Without the
		 * number of orders (derive_norders()) they cannot be used. */
		if (rz->has_buddy && (r->norders || rz->buddy_empty)) {
			z->has_buddy = true;
			for (int o = 0; o < rz->norders && o < ML_MAX_ORDERS; o++)
				z->free_blocks[o] = rz->blocks[o];
		}
	}
	sys->nzones = k;
	/* Zones the dump leaves out (empty ones, those above the request's
	 * highest, §9.2 item 3) keep their indices in the analysis's zone
	 * numbering (ml_zone_numbering(), §2.1): nothing to add here. */
	add_type_presence(r, sys);
	/* node-level "all_unreclaimable?" (4.8+) */
	for (size_t n = 0; n < r->nnodes; n++)
		for (size_t i = 0; i < sys->nzones; i++)
			if (sys->zones[i].node == r->nodes[n].node && sys->zones[i].node_unreclaimable < 0)
				sys->zones[i].node_unreclaimable = r->nodes[n].all_unreclaimable;
	qsort(sys->zones, sys->nzones, sizeof(*sys->zones), cmp_zone);

	/* meminfo names in bytes, vmstat names in pages (§11.6, §11.7) */
	for (size_t i = 0; i < r->global.n; i++) {
		const struct ml_kv_entry *e = &r->global.v[i];
		for (size_t g = 0; g < sizeof(global_names) / sizeof(global_names[0]); g++) {
			if (strcasecmp(e->name, global_names[g].mem_info) != 0)
				continue;
			uint64_t bytes;
			if (global_names[g].meminfo && ml_mul_u64(e->value, ps, &bytes))
				ml_kv_set(&sys->meminfo, global_names[g].meminfo, bytes, e->line);
			if (global_names[g].vmstat)
				ml_kv_set(&sys->vmstat, global_names[g].vmstat, e->value, e->line);
		}
	}
	if (r->has_total_swap)
		ml_kv_set(&sys->meminfo, "SwapTotal", r->total_swap_bytes, 0);
	if (r->has_free_swap)
		ml_kv_set(&sys->meminfo, "SwapFree", r->free_swap_bytes, 0);
	uint64_t v, bytes;
	if (ml_kv_get(&r->tail, "pages in swap cache", &v) && ml_mul_u64(v, ps, &bytes))
		ml_kv_set(&sys->meminfo, "SwapCached", bytes, 0);
	if (ml_kv_get(&r->tail, "pages cma reserved", &v) && ml_mul_u64(v, ps, &bytes))
		ml_kv_set(&sys->meminfo, "CmaTotal", bytes, 0);
	uint64_t kstack = 0;
	bool have_kstack = false;
	for (size_t n = 0; n < r->nnodes; n++)
		if (ml_kv_get(&r->nodes[n].fields, "kernel_stack", &v)) {
			kstack += v;
			have_kstack = true;
		}
	if (have_kstack)
		ml_kv_set(&sys->meminfo, "KernelStack", kstack, 0);

	sys->loaded = ML_LOAD_ZONEINFO | (r->norders ? ML_LOAD_BUDDYINFO : 0) |
		      (sys->meminfo.n ? ML_LOAD_MEMINFO : 0) | (sys->vmstat.n ? ML_LOAD_VMSTAT : 0);
	return ML_OK;
}

/* ------------------------------------------------------- the request */

/* "2.6.31+frans2" -> 2, 6, 31; false when it is not a release. */
static bool release_numbers(const char *rel, int *major, int *minor, int *sub)
{
	*major = *minor = *sub = 0;
	if (!rel || !is_digit(rel[0]))
		return false;
	char *end;
	long a = strtol(rel, &end, 10);
	if (*end != '.' || !is_digit(end[1]) || a > 99)
		return false;
	long b = strtol(end + 1, &end, 10);
	long c = 0;
	if (*end == '.' && is_digit(end[1]))
		c = strtol(end + 1, &end, 10);
	if (b > 999 || c > 999)
		return false;
	*major = (int)a;
	*minor = (int)b;
	*sub = (int)c;
	return true;
}

bool ml_report_nodelist(const char *list, bool *nodes, int max)
{
	struct ml_nodemask m;
	struct ml_error e = { 0 };
	for (int i = 0; i < max; i++)
		nodes[i] = false;
	if (ml_nodemask_parse(list, &m, &e) != ML_OK)
		return false;
	for (int n = max; n < ML_MAX_NODES; n++)
		if (ml_nodemask_test(&m, n))
			return false;
	for (int i = 0; i < max && i < ML_MAX_NODES; i++)
		nodes[i] = ml_nodemask_test(&m, i);
	return true;
}

/* The symbolic names, token by token: a name gfp.c does not know is noted,
 * not fatal (kernels add and rename flags). */
/* The composites changed meaning over time (§1.2): GFP_ATOMIC carried
 * __GFP_ATOMIC from 4.4 to 6.2, GFP_NOWAIT __GFP_NOWARN only from 6.12, and
 * GFP_TEMPORARY (to 4.13) was GFP_KERNEL|__GFP_RECLAIMABLE.  kver: 6018
 * style, -1 unknown (today's meanings). */
static bool names_to_gfp(const char *names, int kver, ml_gfp_t *out, uint64_t *unknown_hex, char *note, size_t n)
{
	ml_gfp_t g = 0;
	uint64_t hex = 0;
	size_t len = 0, good = 0;
	const char *p = names;
	note[0] = '\0';
	while (*p) {
		size_t k = strcspn(p, "|");
		char tok[128];
		if (k && k < sizeof(tok)) {
			memcpy(tok, p, k);
			tok[k] = '\0';
			ml_gfp_t bits;
			uint64_t h = 0;
			struct ml_error e = { 0 };
			if (strcmp(tok, "GFP_TEMPORARY") == 0) {
				bits = ML_GFP_RECLAIM | ML_GFP_IO | ML_GFP_FS | ML_GFP_RECLAIMABLE;
				g |= bits;
				good++;
			} else if (ml_gfp_parse(tok, &bits, &h, &e) == ML_OK) {
				if (strcmp(tok, "GFP_ATOMIC") == 0 && kver >= 4004 && kver < 6003)
					bits |= ML_GFP_ATOMIC;
				if (strcmp(tok, "GFP_NOWAIT") == 0 && kver >= 0 && kver < 6012)
					bits &= ~(ml_gfp_t)ML_GFP_NOWARN;
				g |= bits;
				hex |= h;
				good++;
			} else if (len < n) {
				len += (size_t)snprintf(note + len, n - len, "%s%s", len ? ", " : "unknown GFP names ignored: ", tok);
			}
		}
		p += k;
		if (*p == '|')
			p++;
	}
	*out = g;
	*unknown_hex = hex;
	return good > 0 || strcmp(names, "none") == 0;
}

int ml_report_request(const struct ml_report *r, const struct ml_system *sys,
		      struct ml_report_request *out, struct ml_error *err)
{
	memset(out, 0, sizeof(*out));
	struct ml_explain_request *q = &out->req;
	q->order = -1;
	q->node = -1;

	/* The kernel version the rules should follow.  Without one, the
	 * message format can tell an era: "page allocation failure. order:"
	 * with a period is what kernels before 3.1 printed. */
	int major, minor, sub;
	bool have_rel = release_numbers(r->kernel, &major, &minor, &sub);
	if (have_rel && ml_kernel_version(r->kernel) >= 0)
		q->kernel_version = r->kernel;
	if (!have_rel && strstr(r->header, "page allocation failure. order")) {
		major = 2;
		minor = 6;
		sub = ml_kv_find(&r->global, "Active") ? 18 : 31;
		q->kernel_version = "2.6";
		snprintf(out->kernel_note, sizeof(out->kernel_note),
			 "the log names no kernel version; \"page allocation failure. order:\" with a period is what "
			 "kernels before 3.1 printed: the rules of 2.6 are applied");
	}
	/* "invoked oom-killer: ... oom_adj=N" without oom_score_adj: before
	 * 2.6.36, which added oom_score_adj */
	if (!have_rel && !q->kernel_version && strstr(r->header, "invoked oom-killer:") &&
	    strstr(r->header, "oom_adj=") && !strstr(r->header, "oom_score_adj=")) {
		major = 2;
		minor = 6;
		sub = ml_kv_find(&r->global, "Active") ? 18 : 31;
		q->kernel_version = "2.6";
	}
	/* "oom-killer: gfp_mask=" with no task before it: before 2.6.25 */
	if (!have_rel && strncmp(r->header, "oom-killer: gfp_mask=", 21) == 0) {
		major = 2;
		minor = 6;
		sub = 18;
		q->kernel_version = "2.6";
		snprintf(out->kernel_note, sizeof(out->kernel_note),
			 "the log names no kernel version; \"oom-killer: gfp_mask=\" with no task before it is what "
			 "kernels before 2.6.25 printed: the rules of 2.6 are applied");
	}

	/* The mask: names first (§1.5 rule 1-3), hex with the version's layout
	 * otherwise (rule 4). */
	bool have_gfp = false;
	if (r->has_mode_names) {
		int kv = have_rel ? major * 1000 + minor : q->kernel_version ? 2006 : -1;
		if (names_to_gfp(r->mode_names, kv, &out->gfp, &out->gfp_unknown, out->gfp_note, sizeof(out->gfp_note))) {
			have_gfp = true;
			out->gfp_from_names = true;
			/* the kernel's own names say which of __GFP_ATOMIC's bits
			 * were set: no version rule to add it (§1.5) */
			q->gfp_exact = true;
			snprintf(out->gfp_from, sizeof(out->gfp_from), "the symbolic names the kernel printed (%%pGg)");
		}
	}
	if (!have_gfp && r->has_mode) {
		struct ml_error e = { 0 };
		uint64_t left = 0;
		if (have_rel || q->kernel_version) {
			/* gfp.c holds every layout, the old ones included (§1.1). */
			char ver[48];
			snprintf(ver, sizeof(ver), "%d.%d.%d", major, minor, sub);
			if (ml_gfp_from_hex(r->mode_hex, ver, &out->gfp, &left, &e) == ML_OK) {
				have_gfp = true;
				q->gfp_exact = true;
				out->gfp_unknown = left;
				snprintf(out->gfp_from, sizeof(out->gfp_from),
					 "the hex mode with the GFP bit layout of Linux %s (kernel-model §1.1)%s",
					 ml_gfp_hex_layout(ver) ? ml_gfp_hex_layout(ver) : ver,
					 have_rel ? "" : ": the log names no kernel, and the message format is that of 2.6 kernels");
			} else {
				snprintf(out->why_not, sizeof(out->why_not), "mode 0x%llx cannot be decoded: %.300s",
					 (unsigned long long)r->mode_hex, e.message);
			}
		} else {
			snprintf(out->why_not, sizeof(out->why_not),
				 "mode 0x%llx is printed without names and the log does not say which kernel printed it: "
				 "the hex is not portable across kernels (kernel-model §1.5 rule 4)",
				 (unsigned long long)r->mode_hex);
		}
	}
	q->gfp = out->gfp;
	q->gfp_unknown_bits = out->gfp_unknown;

	/* "vmap allocation for size N failed: use vmalloc=<size> to increase
	 * size" is printed by kernels up to 6.6; 6.12 and later print the
	 * address range instead (§8.1).  Without a release the newest kernel
	 * that prints it is closer than 6.18.  Not used for the mask above:
	 * the era is too wide to choose a hex layout. */
	if (!have_rel && !q->kernel_version && r->vmap_says_vmalloc_param) {
		q->kernel_version = "6.6";
		snprintf(out->kernel_note, sizeof(out->kernel_note),
			 "the log names no kernel version; its \"vmap allocation ... use vmalloc=<size>\" line is "
			 "printed only by kernels up to 6.6 (later ones print the address range): the rules of 6.6 "
			 "are applied, and the log may be from an older kernel");
	}

	/* what the allocator was asked */
	switch (r->kind) {
	case ML_REPORT_PAGE_ALLOC_FAILURE:
	case ML_REPORT_STALL:
	case ML_REPORT_OOM:
		q->api = ML_API_PAGES;
		if (!r->has_order) {
			snprintf(out->why_not, sizeof(out->why_not), "the report's order could not be read");
			return ML_OK;
		}
		q->order = (int)r->order;
		break;
	case ML_REPORT_VMALLOC:
		if (r->vmalloc_what == ML_VMALLOC_ADDRESS_SPACE || r->vmalloc_what == ML_VMALLOC_EXCEEDS_TOTAL ||
		    r->vmalloc_what == ML_VMALLOC_OLD_GENERIC) {
			q->api = ML_API_VMALLOC;
			if (r->has_vmalloc_size)
				q->size_bytes = r->vmalloc_size;
			else if (r->has_vmap_size && r->vmap_size > sys->page_size)
				q->size_bytes = r->vmap_size - sys->page_size;   /* less the guard page, §8.1 */
			if (!q->size_bytes) {
				snprintf(out->why_not, sizeof(out->why_not), "the vmalloc size could not be read");
				return ML_OK;
			}
		} else {
			/* the failing step was one page-allocator call (§8.1 steps 4-7) */
			q->api = ML_API_PAGES;
			q->order = r->has_order ? (int)r->order : 0;
		}
		if (!have_gfp && !r->has_mode) {
			/* "vmap allocation ... failed" alone prints no mask: a plain
			 * vmalloc() is GFP_KERNEL (§8.1) */
			out->gfp = q->gfp = ML_GFP_RECLAIM | ML_GFP_IO | ML_GFP_FS;
			have_gfp = true;
			snprintf(out->gfp_from, sizeof(out->gfp_from),
				 "no mask printed: GFP_KERNEL assumed (what vmalloc() passes, kernel-model §8.1)");
		}
		break;
	default:
		snprintf(out->why_not, sizeof(out->why_not), "a %s asks no allocation question",
			 ml_report_kind_name(r->kind));
		return ML_OK;
	}
	if (!have_gfp) {
		if (!out->why_not[0])
			snprintf(out->why_not, sizeof(out->why_not), "the report's GFP mask could not be read");
		return ML_OK;
	}

	/* Where it could take pages (§2.3, §9.2 item 1): the explicit nodemask
	 * (a mempolicy), and the cpuset's mems_allowed; explain's zonelist walk
	 * skips the other nodes.  A single node in the nodemask is where the
	 * allocation starts. */
	struct ml_error me = { 0 };
	if (r->has_nodemask && strcmp(r->nodemask, "(null)") != 0 &&
	    ml_nodemask_parse(r->nodemask, &q->nodemask, &me) == ML_OK) {
		int only = -1, count = 0;
		for (int i = 0; i < ML_MAX_NODES; i++)
			if (ml_nodemask_test(&q->nodemask, i)) {
				only = i;
				count++;
			}
		bool exists = false;
		for (size_t i = 0; i < sys->nzones; i++)
			exists |= sys->zones[i].node == only;
		if (count == 1 && exists)
			q->node = only;
	}
	if (r->mems_allowed[0] && ml_nodemask_parse(r->mems_allowed, &q->cpuset_mems, &me) != ML_OK)
		memset(&q->cpuset_mems, 0, sizeof(q->cpuset_mems));

	/* free HighAtomic pages per zone (§4.2): 6.18 prints free_highatomic;
	 * before, the dump has only reserved_highatomic, which is the term
	 * kernels up to 6.6 used and an upper bound for 6.10-6.17. */
	out->free_highatomic = calloc(sys->nzones ? sys->nzones : 1, sizeof(uint64_t));
	if (!out->free_highatomic)
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	bool used_free = false, used_reserved = false;
	for (size_t i = 0; i < sys->nzones; i++) {
		const struct ml_zone *z = &sys->zones[i];
		for (size_t k = 0; k < r->nzones; k++) {
			const struct ml_report_zone *rz = &r->zones[k];
			uint64_t b;
			if (rz->node != z->node || strcmp(rz->name, z->name) != 0)
				continue;
			if (ml_kv_get(&rz->fields, "free_highatomic", &b)) {
				out->free_highatomic[i] = b / sys->page_size;
				used_free = true;
			} else if (ml_kv_get(&rz->fields, "reserved_highatomic", &b)) {
				out->free_highatomic[i] = b / sys->page_size;
				used_reserved = true;
			}
		}
	}
	q->free_highatomic_pages = out->free_highatomic;
	snprintf(out->highatomic_from, sizeof(out->highatomic_from), "%s",
		 used_free ? "free_highatomic of the dump"
		 : used_reserved ? "reserved_highatomic of the dump (the reserved pageblocks: exact up to 6.6, an upper bound after)"
				 : "none in the dump");

	/* Presence of each migrate type per order, from the letters (§9.3 d). */
	for (size_t i = 0; i < sys->nzones; i++)
		if (sys->zones[i].has_types)
			q->types_are_presence = true;
	q->memcg_known = r->memcg_memory.has;
	out->ok = true;
	return ML_OK;
}

void ml_report_request_free(struct ml_report_request *rq)
{
	if (!rq)
		return;
	free(rq->free_highatomic);
	rq->free_highatomic = NULL;
}
