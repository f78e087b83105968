/* /proc/PID/maps, smaps, smaps_rollup and status parsers (kernel-model §11.8,
 * §11.9).
 *
 * A maps line is "start-end perms offset major:minor inode [name]"
 * (fs/proc/task_mmu.c: show_vma_header_prefix()).  The name is padded to a
 * column that depends on sizeof(void *) and on how long the prefix came out,
 * so it is found by fields, not by column: everything after the fifth field
 * with the leading blanks taken off.
 *
 * smaps repeats each maps line followed by "Name:   N kB" lines, a few plain
 * numbers (THPeligible, ProtectionKey) and "VmFlags: rd wr ...".  The set of
 * names grows with the kernel (Pss_Dirty in 6.0, KSM in 6.6, ...), so every
 * name is kept rather than matched against today's list. */
#include "smaps.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../util/text.h"



/* The kernel prints addresses, offsets and device numbers as bare lowercase
 * hex ("%08lx", no "0x"); ml_tok_hex alone would also take "0x12". */
static bool bare_hex(struct ml_line tok, size_t maxdigits, uint64_t *out)
{
	if (tok.len == 0 || tok.len > maxdigits)
		return false;
	for (size_t i = 0; i < tok.len; i++) {
		char c = tok.s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return false;
	}
	return ml_tok_hex(tok, out);
}

static struct ml_line sub(struct ml_line l, size_t from, size_t to)
{
	struct ml_line r = { l.s + from, to - from };
	return r;
}

static const char *find_char(struct ml_line l, char c)
{
	return l.len ? memchr(l.s, c, l.len) : NULL;
}

/* ---- maps header (kernel-model §11.8) ---- */

static int parse_header(struct ml_line line, unsigned long lineno, const char *file,
			struct ml_mapping *m, struct ml_error *err)
{
	struct ml_line tok[6];
	char a[48];
	size_t n = ml_split(line, tok, 5);

	if (n < 5)
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "mapping line '%s' has %zu of the 5 fields 'start-end perms offset dev inode' (file cut mid-line?)",
				    ml_tok_shown(ml_trim(line), a, sizeof(a)), n);

	const char *dash = find_char(tok[0], '-');
	size_t at = dash ? (size_t)(dash - tok[0].s) : 0;
	if (!dash || !bare_hex(sub(tok[0], 0, at), 16, &m->start) ||
	    !bare_hex(sub(tok[0], at + 1, tok[0].len), 16, &m->end))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "expected an address range 'start-end' in hex, found '%s'",
				    ml_tok_shown(tok[0], a, sizeof(a)));
	/* start == end is left alone: smaps_rollup of an mm without VMAs
	 * prints 00000000-00000000. */
	if (m->start > m->end)
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "address range '%s' starts above its end",
				    ml_tok_shown(tok[0], a, sizeof(a)));

	const char *p = tok[1].s;
	if (tok[1].len != 4 || (p[0] != 'r' && p[0] != '-') || (p[1] != 'w' && p[1] != '-') ||
	    (p[2] != 'x' && p[2] != '-') || (p[3] != 's' && p[3] != 'p'))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "permissions '%s' are not 4 characters [r-][w-][x-][sp]",
				    ml_tok_shown(tok[1], a, sizeof(a)));
	memcpy(m->perms, p, 4);
	m->perms[4] = '\0';

	if (!bare_hex(tok[2], 16, &m->offset))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "expected a file offset in hex, found '%s'", ml_tok_shown(tok[2], a, sizeof(a)));

	const char *colon = find_char(tok[3], ':');
	size_t c = colon ? (size_t)(colon - tok[3].s) : 0;
	uint64_t major, minor;
	if (!colon || !bare_hex(sub(tok[3], 0, c), 8, &major) ||
	    !bare_hex(sub(tok[3], c + 1, tok[3].len), 8, &minor) ||
	    major > UINT_MAX || minor > UINT_MAX)
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "expected a device 'major:minor' in hex, found '%s'",
				    ml_tok_shown(tok[3], a, sizeof(a)));
	m->dev_major = (unsigned)major;
	m->dev_minor = (unsigned)minor;

	if (!ml_tok_u64(tok[4], &m->inode))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "expected an inode number, found '%s'%s",
				    ml_tok_shown(tok[4], a, sizeof(a)), ml_tok_number_problem(tok[4]));

	/* The name: the rest of the line after the inode, leading blanks
	 * dropped, trailing ones kept (a file name may end in a space; the
	 * anonymous line's trailing blank leaves ""). */
	struct ml_line name = { "", 0 };
	if (n > 5) {
		const char *from = tok[4].s + tok[4].len;
		name.s = from;
		name.len = (size_t)(line.s + line.len - from);
		while (name.len && (name.s[0] == ' ' || name.s[0] == '\t')) {
			name.s++;
			name.len--;
		}
	}
	m->name = malloc(name.len + 1);
	if (!m->name)
		return ml_error_set(err, ML_ENOMEM, file, lineno, "out of memory");
	memcpy(m->name, name.s, name.len);
	m->name[name.len] = '\0';
	m->line = lineno;
	return ML_OK;
}

/* ---- smaps fields (kernel-model §11.9) ---- */

/* Printed by __show_smap()/show_smap() with " kB".  A line of one of these
 * without its unit was cut. */
static const char *const kb_fields[] = {
	"Size", "KernelPageSize", "MMUPageSize", "Rss", "Pss", "Pss_Dirty",
	"Pss_Anon", "Pss_File", "Pss_Shmem", "Shared_Clean", "Shared_Dirty",
	"Private_Clean", "Private_Dirty", "Referenced", "Anonymous", "KSM",
	"LazyFree", "AnonHugePages", "ShmemPmdMapped", "FilePmdMapped",
	"Shared_Hugetlb", "Private_Hugetlb", "Swap", "SwapPss", "Locked",
};
/* Printed as bare numbers. */
static const char *const plain_fields[] = { "THPeligible", "ProtectionKey" };

static bool in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return true;
	return false;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Field names are identifiers ("Pss_Dirty"); a blank or other byte in one
 * means the line is not a field line. */
static bool field_name_ok(struct ml_line key)
{
	if (key.len == 0 || key.len >= ML_KV_NAME)
		return false;
	for (size_t i = 0; i < key.len; i++) {
		char c = key.s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '(' || c == ')'))
			return false;
	}
	return true;
}

struct smaps_state {
	struct ml_smaps *out;
	size_t cap;
	bool fields_wanted;        /* smaps (true) or maps (false) */
	bool cur_vmflags;          /* the current mapping had a VmFlags line */
	unsigned long cur_vmflags_line;
	bool first_vmflags;        /* the first mapping had one */
	const char *file;
	struct ml_error *err;
};

/* VmFlags: two-letter mnemonics with a trailing blank; unknown bits print
 * "??", so any two-character token is taken (kernel-model §11.9). */
static int parse_vmflags(struct smaps_state *st, struct ml_mapping *m, struct ml_line rest,
			 unsigned long lineno)
{
	char a[48];
	if (st->cur_vmflags)
		return ml_error_set(st->err, ML_EPARSE, st->file, lineno,
				    "'VmFlags' twice in the mapping of line %lu (first on line %lu)",
				    m->line, st->cur_vmflags_line);
	size_t k = 0;
	struct ml_line tok;
	for (;;) {
		if (ml_split(rest, &tok, 1) == 0)
			break;
		if (tok.len != 2)
			return ml_error_set(st->err, ML_EPARSE, st->file, lineno,
					    "VmFlags token '%s' is not a two-letter mnemonic%s",
					    ml_tok_shown(tok, a, sizeof(a)),
					    tok.len == 1 ? " (file cut mid-line?)" : "");
		if (k + (k ? 3 : 2) >= sizeof(m->vmflags))
			return ml_error_set(st->err, ML_EPARSE, st->file, lineno,
					    "VmFlags longer than %zu characters: not a kernel VmFlags line",
					    sizeof(m->vmflags) - 1);
		if (k)
			m->vmflags[k++] = ' ';
		m->vmflags[k++] = tok.s[0];
		m->vmflags[k++] = tok.s[1];
		rest = sub(rest, (size_t)(tok.s + tok.len - rest.s), rest.len);
	}
	m->vmflags[k] = '\0';
	st->cur_vmflags = true;
	st->cur_vmflags_line = lineno;
	return ML_OK;
}

static int parse_field(struct smaps_state *st, struct ml_line line, unsigned long lineno)
{
	const char *file = st->file;
	struct ml_error *err = st->err;
	char a[48], b[48], name[ML_KV_NAME];
	struct ml_line body = ml_trim(line);
	const char *colon = find_char(body, ':');
	struct ml_line key = sub(body, 0, colon ? (size_t)(colon - body.s) : 0);
	struct ml_line rest = sub(body, colon ? key.len + 1 : body.len, body.len);

	if (!colon || !field_name_ok(key))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "expected a field 'Name: value' or a mapping line 'start-end ...', found '%s'%s",
				    ml_tok_shown(body, a, sizeof(a)), colon ? "" : " (file cut mid-line?)");
	if (!st->fields_wanted)
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "field line '%s' in a maps file (is this smaps?)", ml_tok_shown(body, a, sizeof(a)));
	if (st->out->n == 0)
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "field '%s' before any mapping line", ml_tok_shown(key, a, sizeof(a)));

	struct ml_mapping *m = &st->out->maps[st->out->n - 1];
	ml_tok_copy(key, name, sizeof(name));
	if (strcmp(name, "VmFlags") == 0)
		return parse_vmflags(st, m, rest, lineno);

	struct ml_line tok[3];
	size_t n = ml_split(rest, tok, 2);
	if (n == 0)
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "no value after '%s:' (file cut mid-line?)", name);
	if (n > 2)
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "extra text after the value of '%s': '%s'", name,
				    ml_tok_shown(ml_trim(rest), a, sizeof(a)));

	uint64_t v;
	if (!ml_tok_u64(tok[0], &v))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "value '%s' of '%s' is not a number%s",
				    ml_tok_shown(tok[0], a, sizeof(a)), name, ml_tok_number_problem(tok[0]));
	if (n == 2) {
		if (!ml_tok_eq(tok[1], "kB"))
			return ml_error_set(err, ML_EPARSE, file, lineno,
					    "unit '%s' of '%s' is not kB%s", ml_tok_shown(tok[1], b, sizeof(b)), name,
					    ml_tok_eq(tok[1], "k") ? " (file cut mid-line?)" : "");
		if (in_list(name, plain_fields, COUNT(plain_fields)))
			return ml_error_set(err, ML_EPARSE, file, lineno,
					    "'%s' is a plain number, never in kB", name);
		if (!ml_mul_u64(v, 1024, &v))
			return ml_error_set(err, ML_EPARSE, file, lineno,
					    "'%s' of %s kB does not fit in 64 bits as bytes", name,
					    ml_tok_shown(tok[0], a, sizeof(a)));
	} else if (in_list(name, kb_fields, COUNT(kb_fields))) {
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "'%s' has no kB unit after %s (file cut mid-line?)", name,
				    ml_tok_shown(tok[0], a, sizeof(a)));
	}

	const struct ml_kv_entry *dup = ml_kv_find(&m->fields, name);
	if (dup)
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "'%s' twice in the mapping of line %lu (first on line %lu)",
				    name, m->line, dup->line);
	if (ml_kv_set(&m->fields, name, v, lineno) < 0)
		return ml_error_set(err, ML_ENOMEM, file, lineno, "out of memory");
	return ML_OK;
}

/* Close the current mapping: trim its table to size (a process can have
 * tens of thousands of mappings) and check it against the first one.
 * show_smap() prints every field for every VMA, so a mapping with fewer or
 * other names than the first means the file was cut or pasted together. */
static int finish_mapping(struct smaps_state *st)
{
	struct ml_smaps *sm = st->out;
	if (!st->fields_wanted || sm->n == 0)
		return ML_OK;
	struct ml_mapping *m = &sm->maps[sm->n - 1];
	struct ml_kv *kv = &m->fields;

	if (kv->n && kv->n < kv->cap) {
		struct ml_kv_entry *v = realloc(kv->v, kv->n * sizeof(*v));
		if (v) {
			kv->v = v;
			kv->cap = kv->n;
		}
	}
	if (kv->n == 0 && !st->cur_vmflags)
		return ml_error_set(st->err, ML_EPARSE, st->file, m->line,
				    "mapping has no fields after it (file cut, or a maps file?)");
	if (sm->n == 1) {
		st->first_vmflags = st->cur_vmflags;
		return ML_OK;
	}

	const struct ml_mapping *first = &sm->maps[0];
	for (size_t i = 0; i < first->fields.n; i++)
		if (!ml_kv_find(kv, first->fields.v[i].name))
			return ml_error_set(st->err, ML_EPARSE, st->file, m->line,
					    "mapping has no '%s' line, but the first mapping (line %lu) has one (file cut?)",
					    first->fields.v[i].name, first->line);
	for (size_t i = 0; i < kv->n; i++)
		if (!ml_kv_find(&first->fields, kv->v[i].name))
			return ml_error_set(st->err, ML_EPARSE, st->file, kv->v[i].line,
					    "'%s' is not in the first mapping (line %lu): two files pasted together?",
					    kv->v[i].name, first->line);
	if (st->first_vmflags != st->cur_vmflags)
		return ml_error_set(st->err, ML_EPARSE, st->file, m->line,
				    "mapping %s VmFlags line, but the first mapping (line %lu) %s (file cut?)",
				    st->cur_vmflags ? "has a" : "has no", first->line,
				    st->first_vmflags ? "has one" : "does not");
	return ML_OK;
}

static int add_mapping(struct smaps_state *st, struct ml_line line, unsigned long lineno)
{
	struct ml_smaps *sm = st->out;
	int rc = finish_mapping(st);
	if (rc < 0)
		return rc;
	if (sm->n == st->cap) {
		size_t ncap = st->cap ? st->cap * 2 : 16;
		struct ml_mapping *v = realloc(sm->maps, ncap * sizeof(*v));
		if (!v)
			return ml_error_set(st->err, ML_ENOMEM, st->file, lineno, "out of memory");
		sm->maps = v;
		st->cap = ncap;
	}
	struct ml_mapping *m = &sm->maps[sm->n];
	memset(m, 0, sizeof(*m));
	rc = parse_header(line, lineno, st->file, m, st->err);
	if (rc < 0) {
		free(m->name);
		return rc;
	}
	sm->n++;
	st->cur_vmflags = false;

	/* show_map() walks the VMA tree in address order and VMAs never
	 * overlap (kernel-model §11.8): anything else is two files mixed. */
	if (sm->n > 1) {
		const struct ml_mapping *prev = &sm->maps[sm->n - 2];
		if (m->start < prev->end)
			return ml_error_set(st->err, ML_EPARSE, st->file, lineno,
					    "mapping %llx-%llx starts below the end %llx of the mapping on line %lu: "
					    "the kernel prints mappings ascending and never overlapping",
					    (unsigned long long)m->start, (unsigned long long)m->end,
					    (unsigned long long)prev->end, prev->line);
	}
	return ML_OK;
}

void ml_smaps_free(struct ml_smaps *sm)
{
	if (!sm)
		return;
	for (size_t i = 0; i < sm->n; i++) {
		free(sm->maps[i].name);
		ml_kv_free(&sm->maps[i].fields);
	}
	free(sm->maps);
	sm->maps = NULL;
	sm->n = 0;
}

/* The kernel ends every line with '\n'; text that stops without one was cut
 * inside its last line, which may still look well formed ("/usr/lib/libc.s",
 * "VmFlags: rd wr"). */
static int check_final_newline(const char *buf, size_t len, const struct ml_lines *it,
			       const char *file, struct ml_error *err)
{
	if (len && buf[len - 1] != '\n')
		return ml_error_set(err, ML_EPARSE, file, it->lineno,
				    "last line does not end with a newline: file cut mid-line");
	return ML_OK;
}

/* A field line starts "Name:"; a header "start-end" and has five or more
 * fields.  Broken lines go where their message will make most sense: a lone
 * hex number is a header cut short, "Rss :" a field gone wrong. */
static bool is_field_line(struct ml_line body)
{
	struct ml_line tok[5];
	size_t n = ml_split(body, tok, 4);
	if (find_char(tok[0], ':'))
		return true;
	if (n > 4 || find_char(tok[0], '-'))
		return false;
	for (size_t i = 0; i < tok[0].len; i++) {
		char c = tok[0].s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return true;
	}
	return false;
}

static int parse_smaps_like(const char *buf, size_t len, const char *file, bool fields_wanted,
			    struct ml_smaps *out, struct ml_error *err)
{
	struct smaps_state st = { .out = out, .fields_wanted = fields_wanted, .file = file, .err = err };
	struct ml_lines it;
	struct ml_line line;
	int rc;

	memset(out, 0, sizeof(*out));
	ml_lines_init(&it, buf, len, file);
	while ((rc = ml_lines_next(&it, &line, err)) > 0) {
		struct ml_line body = ml_trim(line);
		if (body.len == 0)
			continue;
		if (is_field_line(body))
			rc = parse_field(&st, line, it.lineno);
		else
			rc = add_mapping(&st, line, it.lineno);
		if (rc < 0)
			break;
	}
	if (rc == 0)
		rc = finish_mapping(&st);
	if (rc == 0)
		rc = check_final_newline(buf, len, &it, file, err);
	if (rc < 0) {
		ml_smaps_free(out);
		return rc;
	}
	return ML_OK;
}

int ml_parse_maps(const char *buf, size_t len, const char *file,
		  struct ml_smaps *out, struct ml_error *err)
{
	return parse_smaps_like(buf, len, file, false, out, err);
}

int ml_parse_smaps(const char *buf, size_t len, const char *file,
		   struct ml_smaps *out, struct ml_error *err)
{
	return parse_smaps_like(buf, len, file, true, out, err);
}

/* ---- /proc/PID/status (kernel-model §11.9: task_mem()) ---- */

/* Lines of task_mem(): always "N kB".  Other "N kB" lines are kept too. */
static const char *const status_kb_fields[] = {
	"VmPeak", "VmSize", "VmLck", "VmPin", "VmHWM", "VmRSS", "RssAnon", "RssFile",
	"RssShmem", "VmData", "VmStk", "VmExe", "VmLib", "VmPTE", "VmSwap", "HugetlbPages",
};

void ml_proc_status_free(struct ml_proc_status *st)
{
	if (!st)
		return;
	ml_kv_free(&st->mem);
}

enum {
	SEEN_NAME = 1, SEEN_PID = 2, SEEN_PPID = 4, SEEN_UID = 8, SEEN_THREADS = 16, SEEN_KTHREAD = 32,
};

static int status_int(struct ml_line rest, const char *key, uint64_t max, uint64_t *out,
		      unsigned long lineno, const char *file, struct ml_error *err)
{
	struct ml_line tok[2];
	char a[48];
	size_t n = ml_split(rest, tok, 1);
	if (n != 1 || !ml_tok_u64(tok[0], out) || *out > max)
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "expected one number up to %llu after '%s:', found '%s'%s",
				    (unsigned long long)max, key, ml_tok_shown(ml_trim(rest), a, sizeof(a)),
				    n == 1 ? ml_tok_number_problem(tok[0]) : "");
	return ML_OK;
}

/* status keys are identifiers too, but a key this parser does not use is
 * skipped whatever its spelling: only a blank or control byte disqualifies. */
static bool status_key_ok(struct ml_line key)
{
	if (key.len == 0)
		return false;
	for (size_t i = 0; i < key.len; i++) {
		unsigned char c = (unsigned char)key.s[i];
		if (c <= 0x20 || c >= 0x7f)
			return false;
	}
	return true;
}

static int status_line(struct ml_proc_status *out, unsigned *seen, struct ml_line line,
		       unsigned long lineno, const char *file, struct ml_error *err)
{
	char a[48], b[48], key[ML_KV_NAME];
	const char *colon = find_char(line, ':');
	struct ml_line k = colon ? sub(line, 0, (size_t)(colon - line.s)) : line;
	if (!colon || !status_key_ok(k))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "expected 'Name:<tab>value', found '%s'", ml_tok_shown(ml_trim(line), a, sizeof(a)));
	/* Long keys are cut for the comparisons below; one that must be
	 * stored is checked again before that. */
	if (!ml_tok_copy(k, key, sizeof(key)))
		ml_tok_copy(sub(k, 0, sizeof(key) - 1), key, sizeof(key));
	struct ml_line rest = sub(line, k.len + 1, line.len);
	unsigned bit = 0;
	uint64_t v;
	int rc;

	if (strcmp(key, "Name") == 0)
		bit = SEEN_NAME;
	else if (strcmp(key, "Pid") == 0)
		bit = SEEN_PID;
	else if (strcmp(key, "PPid") == 0)
		bit = SEEN_PPID;
	else if (strcmp(key, "Uid") == 0)
		bit = SEEN_UID;
	else if (strcmp(key, "Threads") == 0)
		bit = SEEN_THREADS;
	else if (strcmp(key, "Kthread") == 0)
		bit = SEEN_KTHREAD;
	if (bit && (*seen & bit))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "'%s' twice: two status files pasted together?", key);
	*seen |= bit;

	switch (bit) {
	case SEEN_NAME: {
		/* "Name:\t" then the comm, which may hold blanks of its own;
		 * the kernel escapes '\n' and '\\', which can make it longer
		 * than TASK_COMM_LEN: the label is cut to fit. */
		if (rest.len && rest.s[0] == '\t')
			rest = sub(rest, 1, rest.len);
		else
			while (rest.len && rest.s[0] == ' ')
				rest = sub(rest, 1, rest.len);
		size_t n = rest.len < sizeof(out->name) ? rest.len : sizeof(out->name) - 1;
		memcpy(out->name, rest.s, n);
		out->name[n] = '\0';
		return ML_OK;
	}
	case SEEN_PID:
	case SEEN_PPID:
	case SEEN_THREADS:
		rc = status_int(rest, key, INT_MAX, &v, lineno, file, err);
		if (rc < 0)
			return rc;
		*(bit == SEEN_PID ? &out->pid : bit == SEEN_PPID ? &out->ppid : &out->threads) = (int)v;
		return ML_OK;
	case SEEN_KTHREAD:
		rc = status_int(rest, key, 1, &v, lineno, file, err);
		if (rc < 0)
			return rc;
		out->is_kernel_thread = v == 1;
		return ML_OK;
	case SEEN_UID: {
		/* real, effective, saved set, filesystem */
		struct ml_line tok[5];
		uint64_t id[4];
		size_t n = ml_split(rest, tok, 4);
		if (n != 4)
			return ml_error_set(err, ML_EPARSE, file, lineno,
					    "'Uid:' has %s%zu ids, expected 4 (real, effective, saved, fs)",
					    n > 4 ? "more than " : "", n > 4 ? (size_t)4 : n);
		for (size_t i = 0; i < 4; i++)
			if (!ml_tok_u64(tok[i], &id[i]) || id[i] > UINT32_MAX)
				return ml_error_set(err, ML_EPARSE, file, lineno,
						    "uid '%s' is not a 32-bit number", ml_tok_shown(tok[i], a, sizeof(a)));
		out->uid_real = (uint32_t)id[0];
		out->uid_effective = (uint32_t)id[1];
		return ML_OK;
	}
	default:
		break;
	}

	/* Everything else: "N kB" lines go into mem, other text is left. */
	struct ml_line tok[3];
	size_t n = ml_split(rest, tok, 2);
	bool known = in_list(key, status_kb_fields, COUNT(status_kb_fields));
	bool kb = n == 2 && ml_tok_eq(tok[1], "kB");
	if (!known && !kb)
		return ML_OK;
	if (!kb)
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "expected 'N kB' after '%s:', found '%s'%s", key,
				    ml_tok_shown(ml_trim(rest), a, sizeof(a)),
				    n < 2 ? " (file cut mid-line?)" : "");
	if (k.len >= ML_KV_NAME)
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "name '%s' is longer than %d characters", ml_tok_shown(k, b, sizeof(b)),
				    ML_KV_NAME - 1);
	if (!ml_tok_u64(tok[0], &v))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "value '%s' of '%s' is not a number%s",
				    ml_tok_shown(tok[0], b, sizeof(b)), key, ml_tok_number_problem(tok[0]));
	if (!ml_mul_u64(v, 1024, &v))
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "'%s' of %s kB does not fit in 64 bits as bytes", key,
				    ml_tok_shown(tok[0], b, sizeof(b)));
	const struct ml_kv_entry *dup = ml_kv_find(&out->mem, key);
	if (dup)
		return ml_error_set(err, ML_EPARSE, file, lineno,
				    "'%s' twice (first on line %lu): two status files pasted together?",
				    key, dup->line);
	if (ml_kv_set(&out->mem, key, v, lineno) < 0)
		return ml_error_set(err, ML_ENOMEM, file, lineno, "out of memory");
	return ML_OK;
}

int ml_parse_status(const char *buf, size_t len, const char *file,
		    struct ml_proc_status *out, struct ml_error *err)
{
	static const struct { unsigned bit; const char *name; } required[] = {
		{ SEEN_NAME, "Name" }, { SEEN_PID, "Pid" }, { SEEN_PPID, "PPid" },
		{ SEEN_UID, "Uid" }, { SEEN_THREADS, "Threads" },
	};
	struct ml_lines it;
	struct ml_line line;
	unsigned seen = 0;
	size_t nlines = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	ml_lines_init(&it, buf, len, file);
	while ((rc = ml_lines_next(&it, &line, err)) > 0) {
		if (ml_trim(line).len == 0)
			continue;
		nlines++;
		rc = status_line(out, &seen, line, it.lineno, file, err);
		if (rc < 0)
			break;
	}
	if (rc == 0)
		rc = check_final_newline(buf, len, &it, file, err);
	if (rc == 0 && nlines == 0)
		rc = ml_error_set(err, ML_EPARSE, file, 0, "empty: not a /proc/PID/status file");
	for (size_t i = 0; rc == 0 && i < COUNT(required); i++)
		if (!(seen & required[i].bit))
			rc = ml_error_set(err, ML_EPARSE, file, 0,
					  "no '%s:' line (file cut, or not a /proc/PID/status file?)",
					  required[i].name);
	if (rc < 0) {
		ml_proc_status_free(out);
		memset(out, 0, sizeof(*out));
		return rc;
	}
	/* Without a Kthread line (before 6.x), no task_mem() lines means no mm:
	 * a kernel thread (or a zombie, which looks the same here). */
	if (!(seen & SEEN_KTHREAD))
		out->is_kernel_thread = !ml_kv_find(&out->mem, "VmSize");
	return ML_OK;
}
