/* memlayout maps PID: every mapping of a process from its smaps, totals
 * equal to smaps_rollup and pmap -X, and why VIRT is so much larger than
 * RSS (analyse/vm_rss.c). */
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../analyse/vm_rss.h"
#include "../cli.h"
#include "../model/procs.h"
#include "../render/format.h"
#include "../render/json.h"

/* ---- one row per mapping ---- */

enum {
	COL_START, COL_END, COL_PERMS, COL_OFFSET, COL_DEVICE, COL_INODE, COL_KIND, COL_ROLE,
	COL_VIRT, COL_RSS, COL_PSS, COL_SHR_CLEAN, COL_SHR_DIRTY, COL_PRV_CLEAN, COL_PRV_DIRTY,
	COL_SWAP, COL_LOCKED, COL_ANON, COL_THP, COL_HUGETLB, COL_SWAPPSS, COL_VMFLAGS, COL_NAME,
	NCOLS
};

static const struct ml_column columns[NCOLS] = {
	[COL_START] = { "START", "start", ML_COL_HEX, 12, ML_COL_DEFAULT | ML_COL_RIGHT, "first address" },
	[COL_END] = { "END", "end", ML_COL_HEX, 12, ML_COL_DEFAULT | ML_COL_RIGHT, "address after the last byte" },
	[COL_PERMS] = { "PERMS", "perms", ML_COL_STR, 4, ML_COL_DEFAULT, "r/w/x, s shared or p private (copy-on-write)" },
	[COL_OFFSET] = { "OFFSET", "offset", ML_COL_HEX, 8, ML_COL_RIGHT, "offset in the file" },
	[COL_DEVICE] = { "DEVICE", "device", ML_COL_STR, 5, 0, "device major:minor of the file" },
	[COL_INODE] = { "INODE", "inode", ML_COL_COUNT, 6, ML_COL_RIGHT, "inode of the file" },
	[COL_KIND] = { "KIND", "kind", ML_COL_STR, 6, ML_COL_DEFAULT, "anon, named-anon, file, heap, stack, vdso, vvar, vsyscall, special, shmem, sysv-shm, memfd, hugetlb; +thp: backed by transparent huge pages" },
	[COL_ROLE] = { "ROLE", "role", ML_COL_STR, 8, ML_COL_DEFAULT, "thread-stack, stack-guard, malloc-arena, arena-reserve (glibc's layout)" },
	[COL_VIRT] = { "VIRT", "virt_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "size of the mapping (smaps Size)" },
	[COL_RSS] = { "RSS", "rss_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "resident (hugetlbfs pages excluded)" },
	[COL_PSS] = { "PSS", "pss_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "proportional set size" },
	[COL_SHR_CLEAN] = { "SHR_CLEAN", "shared_clean_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "resident, mapped by other processes too, clean" },
	[COL_SHR_DIRTY] = { "SHR_DIRTY", "shared_dirty_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "resident, mapped by other processes too, dirty" },
	[COL_PRV_CLEAN] = { "PRV_CLEAN", "private_clean_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "resident, mapped here only, clean" },
	[COL_PRV_DIRTY] = { "PRV_DIRTY", "private_dirty_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "resident, mapped here only, dirty" },
	[COL_SWAP] = { "SWAP", "swap_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "swapped out" },
	[COL_LOCKED] = { "LOCKED", "locked_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "mlocked (smaps Locked)" },
	[COL_ANON] = { "ANON", "anonymous_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "anonymous pages, copy-on-write copies included" },
	[COL_THP] = { "THP", "thp_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "in PMD-mapped transparent huge pages" },
	[COL_HUGETLB] = { "HUGETLB", "hugetlb_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "hugetlbfs pages (Private_ + Shared_Hugetlb), not in RSS" },
	[COL_SWAPPSS] = { "SWAPPSS", "swap_pss_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "swap divided among its sharers" },
	[COL_VMFLAGS] = { "VMFLAGS", "vmflags", ML_COL_STR, 12, 0, "the kernel's VmFlags mnemonics" },
	[COL_NAME] = { "NAME", "name", ML_COL_STR, 20, ML_COL_DEFAULT | ML_COL_TRUNC, "file, [heap], [stack], ... or empty for anonymous memory" },
};

/* ---- --group: one row per file or kind ---- */

enum {
	G_GROUP, G_MAPPINGS, G_VIRT, G_RSS, G_PSS, G_SHR_CLEAN, G_SHR_DIRTY, G_PRV_CLEAN,
	G_PRV_DIRTY, G_SWAP, G_LOCKED, G_ANON, G_THP, G_HUGETLB, G_SWAPPSS, NGCOLS
};

static const struct ml_column group_columns[NGCOLS] = {
	[G_GROUP] = { "GROUP", "group", ML_COL_STR, 20, ML_COL_DEFAULT | ML_COL_TRUNC, "file name ([anon] for unnamed memory) or kind" },
	[G_MAPPINGS] = { "MAPPINGS", "mappings", ML_COL_COUNT, 4, ML_COL_DEFAULT | ML_COL_RIGHT, "mappings in the group" },
	[G_VIRT] = { "VIRT", "virt_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "sum of the mapping sizes" },
	[G_RSS] = { "RSS", "rss_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "resident" },
	[G_PSS] = { "PSS", "pss_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "proportional set size (sum of the mappings' Pss)" },
	[G_SHR_CLEAN] = { "SHR_CLEAN", "shared_clean_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "shared, clean" },
	[G_SHR_DIRTY] = { "SHR_DIRTY", "shared_dirty_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "shared, dirty" },
	[G_PRV_CLEAN] = { "PRV_CLEAN", "private_clean_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "private, clean" },
	[G_PRV_DIRTY] = { "PRV_DIRTY", "private_dirty_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "private, dirty" },
	[G_SWAP] = { "SWAP", "swap_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "swapped out" },
	[G_LOCKED] = { "LOCKED", "locked_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "mlocked" },
	[G_ANON] = { "ANON", "anonymous_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "anonymous pages" },
	[G_THP] = { "THP", "thp_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "in transparent huge pages" },
	[G_HUGETLB] = { "HUGETLB", "hugetlb_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "hugetlbfs pages" },
	[G_SWAPPSS] = { "SWAPPSS", "swap_pss_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "proportional swap" },
};

/* The smaps fields summed per group and in the totals, by column. */
static const struct {
	int col, gcol;
	const char *field;
} sums[] = {
	{ COL_RSS, G_RSS, "Rss" },
	{ COL_PSS, G_PSS, "Pss" },
	{ COL_SHR_CLEAN, G_SHR_CLEAN, "Shared_Clean" },
	{ COL_SHR_DIRTY, G_SHR_DIRTY, "Shared_Dirty" },
	{ COL_PRV_CLEAN, G_PRV_CLEAN, "Private_Clean" },
	{ COL_PRV_DIRTY, G_PRV_DIRTY, "Private_Dirty" },
	{ COL_SWAP, G_SWAP, "Swap" },
	{ COL_LOCKED, G_LOCKED, "Locked" },
	{ COL_ANON, G_ANON, "Anonymous" },
	{ COL_SWAPPSS, G_SWAPPSS, "SwapPss" },
};
#define NSUMS (sizeof(sums) / sizeof(sums[0]))

/* ---- --why: the parts of VIRT ---- */

enum { W_PART, W_LABEL, W_BYTES, W_SHARE, W_MAPPINGS, W_WHY, NWCOLS };

static const struct ml_column why_columns[NWCOLS] = {
	[W_PART] = { "PART", "part", ML_COL_STR, 10, 0, "the part's key" },
	[W_LABEL] = { "WHAT", "label", ML_COL_STR, 20, ML_COL_DEFAULT, "part of VIRT" },
	[W_BYTES] = { "BYTES", "bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "bytes of VIRT in the part" },
	[W_SHARE] = { "SHARE", "percent_of_virt", ML_COL_PERMILLE, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "share of VIRT" },
	[W_MAPPINGS] = { "MAPPINGS", "mappings", ML_COL_COUNT, 4, ML_COL_DEFAULT | ML_COL_RIGHT, "mappings with bytes in the part" },
	[W_WHY] = { "WHY", "why", ML_COL_STR, 30, ML_COL_DEFAULT | ML_COL_WRAP, "what it is" },
};

enum { OPT_GROUP = ML_OPT_FIRST_COMMAND_OPTION, OPT_WHY };

static void help(FILE *f)
{
	fputs("Usage: memlayout maps [OPTIONS] PID\n\n"
	      "Every mapping of a process from /proc/PID/smaps: range, permissions, kind,\n"
	      "size (VIRT), RSS, PSS, shared and private clean/dirty pages, swap and locked\n"
	      "memory.  The totals are smaps_rollup's, as pmap -X shows them; then a short\n"
	      "account of why VIRT is so much larger than RSS.\n\n"
	      "Options:\n"
	      "      --group file|kind  one row per file (or [anon]) or per kind\n"
	      "      --why              break VIRT down into parts that add up to it: resident,\n"
	      "                         swapped, reserved but never touched (thread stacks,\n"
	      "                         malloc arenas, PROT_NONE), files not paged in, ...;\n"
	      "                         what RSS shares with other processes; the overcommit\n"
	      "                         policy\n\n",
	      f);
	ml_cli_help_common(f);
	fputs("\nColumns (-o):\n", f);
	ml_table_help_columns(columns, NCOLS, f);
	fputs("\nColumns with --group:\n", f);
	ml_table_help_columns(group_columns, NGCOLS, f);
	fputs("\nColumns with --why:\n", f);
	ml_table_help_columns(why_columns, NWCOLS, f);
}

/* Sizes in sentences: "4 MiB", or exact bytes under -b. */
static const char *words(uint64_t v, bool exact, char *buf, size_t n)
{
	if (exact)
		snprintf(buf, n, "%" PRIu64 " bytes", v);
	else
		ml_format_size_words(v, buf, n);
	return buf;
}

struct maps_view {
	int pid;
	const char *command;          /* status Name, "" when unknown */
	const struct ml_proc_maps *pm;
	struct ml_vm_breakdown bd;
	enum ml_map_role *roles;
	uint64_t total[NCOLS];        /* Σ over mappings, by column */
	uint64_t pss_total;           /* smaps_rollup Pss, else the sum */
	bool has_vmsize;
	uint64_t vmsize;
	char overcommit[600];
	struct ml_overcommit oc;
};

static void fill_mapping(struct ml_table *t, int r, const struct ml_mapping *m, enum ml_map_role role)
{
	char buf[64];
	enum ml_map_kind kind = ml_map_kind(m);
	uint64_t thp = ml_map_thp_bytes(m);
	ml_table_set_u64(t, r, COL_START, m->start);
	ml_table_set_u64(t, r, COL_END, m->end);
	ml_table_set_str(t, r, COL_PERMS, m->perms);
	ml_table_set_u64(t, r, COL_OFFSET, m->offset);
	snprintf(buf, sizeof(buf), "%02x:%02x", m->dev_major, m->dev_minor);
	ml_table_set_str(t, r, COL_DEVICE, buf);
	ml_table_set_u64(t, r, COL_INODE, m->inode);
	snprintf(buf, sizeof(buf), "%s%s", ml_map_kind_name(kind), thp ? "+thp" : "");
	ml_table_set_str(t, r, COL_KIND, buf);
	if (ml_map_role_name(role))
		ml_table_set_str(t, r, COL_ROLE, ml_map_role_name(role));
	ml_table_set_u64(t, r, COL_VIRT, m->end - m->start);
	for (size_t i = 0; i < NSUMS; i++)
		ml_table_set_u64(t, r, (size_t)sums[i].col, ml_map_field(m, sums[i].field));
	ml_table_set_u64(t, r, COL_THP, thp);
	ml_table_set_u64(t, r, COL_HUGETLB,
			 ml_map_field(m, "Private_Hugetlb") + ml_map_field(m, "Shared_Hugetlb"));
	ml_table_set_str(t, r, COL_VMFLAGS, m->vmflags);
	ml_table_set_str(t, r, COL_NAME, m->name);
}

static void compute_totals(struct maps_view *v)
{
	const struct ml_smaps *sm = &v->pm->smaps;
	for (size_t k = 0; k < sm->n; k++) {
		const struct ml_mapping *m = &sm->maps[k];
		v->total[COL_VIRT] += m->end - m->start;
		for (size_t i = 0; i < NSUMS; i++)
			v->total[sums[i].col] += ml_map_field(m, sums[i].field);
		v->total[COL_THP] += ml_map_thp_bytes(m);
		v->total[COL_HUGETLB] += ml_map_field(m, "Private_Hugetlb") + ml_map_field(m, "Shared_Hugetlb");
	}
	/* The rollup's Pss is rounded once, the mappings' each (§11.9). */
	v->pss_total = v->pm->has_rollup ? v->pm->rollup.pss : v->total[COL_PSS];
}

/* smaps and smaps_rollup are two reads: a live process may change in
 * between.  Page counts must agree exactly; Pss and Locked are rounded
 * per mapping, so they are not compared here. */
static void cross_check(const struct maps_view *v, struct ml_system *sys)
{
	if (!v->pm->has_rollup)
		return;
	const struct ml_proc_rollup *r = &v->pm->rollup;
	const struct {
		const char *name;
		uint64_t rollup, sum;
	} c[] = {
		{ "Rss", r->rss, v->total[COL_RSS] },
		{ "Shared_Clean", r->shared_clean, v->total[COL_SHR_CLEAN] },
		{ "Shared_Dirty", r->shared_dirty, v->total[COL_SHR_DIRTY] },
		{ "Private_Clean", r->private_clean, v->total[COL_PRV_CLEAN] },
		{ "Private_Dirty", r->private_dirty, v->total[COL_PRV_DIRTY] },
		{ "Swap", r->swap, v->total[COL_SWAP] },
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		if (c[i].rollup != c[i].sum)
			ml_system_note(&sys->warnings, &sys->nwarnings,
				       "smaps and smaps_rollup of process %d disagree on %s (%llu kB summed, %llu kB in the rollup): the process changed between the two reads",
				       v->pid, c[i].name, (unsigned long long)(c[i].sum / 1024),
				       (unsigned long long)(c[i].rollup / 1024));
}

static int add_total_row(struct ml_table *t, const struct maps_view *v, size_t label_col,
			 bool grouped)
{
	int r = ml_table_add_row(t, -1, ML_ROW_TEXT_ONLY);
	if (r < 0)
		return r;
	ml_table_set_str(t, r, label_col, "total");
	if (grouped) {
		ml_table_set_u64(t, r, G_MAPPINGS, v->pm->smaps.n);
		ml_table_set_u64(t, r, G_VIRT, v->total[COL_VIRT]);
		for (size_t i = 0; i < NSUMS; i++)
			ml_table_set_u64(t, r, (size_t)sums[i].gcol, v->total[sums[i].col]);
		ml_table_set_u64(t, r, G_THP, v->total[COL_THP]);
		ml_table_set_u64(t, r, G_HUGETLB, v->total[COL_HUGETLB]);
		ml_table_set_u64(t, r, G_PSS, v->pss_total);
	} else {
		for (size_t c = COL_VIRT; c <= COL_SWAPPSS; c++)
			ml_table_set_u64(t, r, c, v->total[c]);
		ml_table_set_u64(t, r, COL_PSS, v->pss_total);
	}
	return r;
}

/* One row per file or kind, in order of RSS (then first appearance). */
struct group {
	char *key;
	size_t first, n;
	uint64_t virt, thp, hugetlb, v[NSUMS];
};

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	int c = (x->v[0] < y->v[0]) - (x->v[0] > y->v[0]);   /* sums[0] is Rss */
	return c ? c : (x->first > y->first) - (x->first < y->first);
}

static int build_groups(const struct ml_smaps *sm, bool by_kind, struct ml_table *t,
			struct ml_error *err)
{
	struct group *g = calloc(sm->n ? sm->n : 1, sizeof(*g));
	size_t ng = 0;
	int rc = ML_OK;
	if (!g)
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	for (size_t i = 0; i < sm->n; i++) {
		const struct ml_mapping *m = &sm->maps[i];
		const char *key = by_kind ? ml_map_kind_name(ml_map_kind(m)) : m->name[0] ? m->name : "[anon]";
		size_t k;
		for (k = 0; k < ng && strcmp(g[k].key, key) != 0; k++)
			;
		if (k == ng) {
			g[ng].key = strdup(key);
			g[ng].first = i;
			if (!g[ng++].key) {
				rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
				goto out;
			}
		}
		g[k].n++;
		g[k].virt += m->end - m->start;
		g[k].thp += ml_map_thp_bytes(m);
		g[k].hugetlb += ml_map_field(m, "Private_Hugetlb") + ml_map_field(m, "Shared_Hugetlb");
		for (size_t s = 0; s < NSUMS; s++)
			g[k].v[s] += ml_map_field(m, sums[s].field);
	}
	qsort(g, ng, sizeof(*g), cmp_group);
	for (size_t k = 0; k < ng; k++) {
		int r = ml_table_add_row(t, -1, 0);
		if (r < 0) {
			rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
			goto out;
		}
		ml_table_set_str(t, r, G_GROUP, g[k].key);
		ml_table_set_u64(t, r, G_MAPPINGS, g[k].n);
		ml_table_set_u64(t, r, G_VIRT, g[k].virt);
		ml_table_set_u64(t, r, G_THP, g[k].thp);
		ml_table_set_u64(t, r, G_HUGETLB, g[k].hugetlb);
		for (size_t s = 0; s < NSUMS; s++)
			ml_table_set_u64(t, r, (size_t)sums[s].gcol, g[k].v[s]);
	}
out:
	for (size_t k = 0; k < ng; k++)
		free(g[k].key);
	free(g);
	return rc;
}

static int build_why(const struct maps_view *v, struct ml_table *t, bool all)
{
	for (int p = 0; p < ML_VM_NPARTS; p++) {
		const struct ml_vm_part_info *info = ml_vm_part_info((enum ml_vm_part)p);
		if (!all && v->bd.part[p] == 0)
			continue;
		int r = ml_table_add_row(t, -1, 0);
		if (r < 0)
			return r;
		ml_table_set_str(t, r, W_PART, info->key);
		ml_table_set_str(t, r, W_LABEL, info->label);
		ml_table_set_u64(t, r, W_BYTES, v->bd.part[p]);
		ml_table_set_i64(t, r, W_SHARE,
				 v->bd.virt ? (int64_t)((v->bd.part[p] * 1000 + v->bd.virt / 2) / v->bd.virt) : 0);
		ml_table_set_u64(t, r, W_MAPPINGS, v->bd.part_maps[p]);
		ml_table_set_str(t, r, W_WHY, info->why);
	}
	return 0;
}

/* Print a paragraph wrapped at 79 columns (words longer than that stay
 * whole: file names are not cut). */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	char text[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	size_t col = 0;
	for (const char *p = text; *p;) {
		size_t word = strcspn(p, " ");
		/* "84 KiB" stays on one line. */
		static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "kB" };
		for (size_t u = 0; p[word] == ' ' && u < sizeof(units) / sizeof(units[0]); u++)
			if (!strncmp(p + word + 1, units[u], strlen(units[u]))) {
				word += 1 + strcspn(p + word + 1, " ");
				break;
			}
		if (col && col + 1 + word > 79) {
			putchar('\n');
			col = 0;
		} else if (col) {
			putchar(' ');
			col++;
		}
		fwrite(p, 1, word, stdout);
		col += word;
		p += word;
		while (*p == ' ')
			p++;
	}
	putchar('\n');
}

/* Footnotes under the mapping table: where the totals may differ from
 * other tools, and why. */
static void print_footnotes(const struct maps_view *v)
{
	const struct ml_proc_maps *pm = v->pm;
	if (pm->has_rollup && pm->rollup.pss != v->total[COL_PSS])
		say("PSS total %" PRIu64 " kB is smaps_rollup's; the %zu mappings' Pss lines add up to %" PRIu64
		    " kB (what pmap -X shows): the kernel rounds each mapping's Pss down to a whole kB, the"
		    " rollup only once (kernel-model §11.9).",
		    pm->rollup.pss / 1024, pm->smaps.n, v->total[COL_PSS] / 1024);
	if (v->has_vmsize && v->vmsize != v->total[COL_VIRT]) {
		if (v->total[COL_VIRT] - v->vmsize == v->bd.vsyscall)
			say("status VmSize is %" PRIu64 " kB: it leaves out [vsyscall] (%" PRIu64
			    " kB), the kernel's gate page, which maps shows but which is not one of the"
			    " process's own mappings (kernel-model §11.8).",
			    v->vmsize / 1024, v->bd.vsyscall / 1024);
		else
			say("status VmSize is %" PRIu64 " kB, the mappings add up to %" PRIu64
			    " kB: the process changed between the reads.",
			    v->vmsize / 1024, v->total[COL_VIRT] / 1024);
	}
}

/* "libc.so.6 1.2 MiB, ld-linux-x86-64.so.2 190 KiB" */
static void shared_list(const struct ml_vm_breakdown *bd, bool exact, char *out, size_t n)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < bd->nshared_files && len < n; i++) {
		char b[48];
		const char *name = strrchr(bd->shared_files[i].name, '/');
		name = name && name[1] ? name + 1 : bd->shared_files[i].name;
		len += (size_t)snprintf(out + len, n - len, "%s%s %s", i ? ", " : "", name,
					words(bd->shared_files[i].bytes, exact, b, sizeof(b)));
	}
}

static uint64_t rss_minus(uint64_t rss, uint64_t pss)
{
	return rss > pss ? rss - pss : 0;
}

/* The short account under the table. */
static void print_summary(const struct maps_view *v, bool exact)
{
	const struct ml_vm_breakdown *bd = &v->bd;
	char a[48], b[48], c[48], d[48], list[1200], top[600];
	uint64_t idle = bd->virt - bd->part[ML_VM_RESIDENT] - bd->part[ML_VM_HUGETLB] -
			bd->part[ML_VM_SWAPPED];
	/* The three largest parts that are in neither RSS nor swap. */
	bool used[ML_VM_NPARTS] = { false };
	size_t len = 0;
	top[0] = '\0';
	for (int k = 0; k < 3; k++) {
		int best = -1;
		for (int p = ML_VM_ARENA_RESERVE; p < ML_VM_NPARTS; p++)
			if (!used[p] && bd->part[p] && (best < 0 || bd->part[p] > bd->part[best]))
				best = p;
		if (best < 0)
			break;
		used[best] = true;
		len += (size_t)snprintf(top + len, sizeof(top) - len, "%s%s %s", k ? ", " : " (largest: ",
					words(bd->part[best], exact, a, sizeof(a)),
					ml_vm_part_info((enum ml_vm_part)best)->label);
	}
	if (top[0])
		snprintf(top + len, sizeof(top) - len, ")");
	putchar('\n');
	say("VIRT %s = %s resident (RSS) + %s swapped + %s not in memory: never touched or not paged in%s.",
	    words(bd->virt, exact, a, sizeof(a)), words(bd->part[ML_VM_RESIDENT], exact, b, sizeof(b)),
	    words(bd->part[ML_VM_SWAPPED], exact, c, sizeof(c)), words(idle, exact, d, sizeof(d)), top);
	if (bd->rss) {
		shared_list(bd, exact, list, sizeof(list));
		say("RSS %s: PSS %s is this process's share; %s is shared with other processes%s%s%s.",
		    words(bd->rss, exact, a, sizeof(a)), words(v->pss_total, exact, b, sizeof(b)),
		    words(rss_minus(bd->rss, v->pss_total), exact, c, sizeof(c)), list[0] ? " (" : "", list,
		    list[0] ? ")" : "");
	}
	say("%s", v->overcommit);
	say("'memlayout maps %d --why' breaks VIRT down in full.", v->pid);
}

/* The RSS side of --why, and the policy. */
static void print_why_text(const struct maps_view *v, bool exact)
{
	const struct ml_vm_breakdown *bd = &v->bd;
	char a[48], b[48], c[48], list[1200];
	putchar('\n');
	if (bd->role_count[ML_ROLE_THREAD_STACK])
		say("%zu thread stacks (each above a PROT_NONE guard, as glibc lays them out) reserve %s"
		    " and have touched %s.",
		    bd->role_count[ML_ROLE_THREAD_STACK],
		    words(bd->role_virt[ML_ROLE_THREAD_STACK], exact, a, sizeof(a)),
		    words(bd->role_rss[ML_ROLE_THREAD_STACK], exact, b, sizeof(b)));
	if (bd->role_count[ML_ROLE_ARENA])
		say("%zu malloc arenas reserve %s (up to %s each) and have touched %s.",
		    bd->role_count[ML_ROLE_ARENA],
		    words(bd->role_virt[ML_ROLE_ARENA] + bd->role_virt[ML_ROLE_ARENA_RESERVE], exact, a,
			  sizeof(a)),
		    words(ml_arena_size(&v->pm->smaps), exact, c, sizeof(c)),
		    words(bd->role_rss[ML_ROLE_ARENA], exact, b, sizeof(b)));
	shared_list(bd, exact, list, sizeof(list));
	say("RSS %s = PSS %s (the mappings' Pss lines) + %s that other processes share and count"
	    " in their own PSS%s%s.",
	    words(bd->rss, exact, a, sizeof(a)), words(bd->pss, exact, b, sizeof(b)),
	    words(rss_minus(bd->rss, bd->pss), exact, c, sizeof(c)), list[0] ? ": " : "", list);
	if (v->pm->has_rollup && v->pm->rollup.pss != bd->pss)
		say("smaps_rollup says PSS %s: it rounds once, the mappings each (kernel-model §11.9).",
		    words(v->pm->rollup.pss, exact, a, sizeof(a)));
	if (bd->pss_gap_unshared)
		say("%s of RSS - PSS is in mappings with no shared page: the kernel counted PSS below"
		    " RSS for pages no other process maps (seen with transparent huge pages).",
		    words(bd->pss_gap_unshared, exact, a, sizeof(a)));
	say("USS %s (Private_Clean + Private_Dirty) is this process's alone and is freed when it"
	    " exits; %s (Shared_Clean + Shared_Dirty) is mapped by other processes too.",
	    words(bd->uss, exact, a, sizeof(a)), words(bd->shared, exact, b, sizeof(b)));
	if (bd->thp)
		say("%s of RSS is in transparent huge pages: one fault makes a whole huge page resident.",
		    words(bd->thp, exact, a, sizeof(a)));
	if (bd->hugetlb)
		say("%s is in hugetlbfs pages, which RSS does not count.",
		    words(bd->hugetlb, exact, a, sizeof(a)));
	if (bd->swap)
		say("%s is swapped out (SwapPss %s).", words(bd->swap, exact, a, sizeof(a)),
		    words(bd->swap_pss, exact, b, sizeof(b)));
	if (bd->locked)
		say("%s is mlocked and cannot be swapped out.", words(bd->locked, exact, a, sizeof(a)));
	putchar('\n');
	say("%s", v->overcommit);
}

static cJSON *why_json(const struct maps_view *v, const struct ml_output *out, struct ml_error *err)
{
	const struct ml_vm_breakdown *bd = &v->bd;
	struct ml_table t;
	cJSON *o = cJSON_CreateObject(), *arr = NULL;
	struct ml_output all = *out;
	all.columns = NULL;   /* -o names the mapping columns, not these */
	ml_table_init(&t, why_columns, NWCOLS);
	if (build_why(v, &t, true) < 0 || ml_table_to_json(&t, &all, &arr, err) != ML_OK) {
		ml_table_free(&t);
		cJSON_Delete(o);
		return NULL;
	}
	ml_table_free(&t);
	ml_json_add_u64(o, "virt_bytes", bd->virt);
	cJSON_AddItemToObject(o, "parts", arr);
	cJSON *roles = cJSON_AddObjectToObject(o, "roles");
	for (int r = ML_ROLE_THREAD_STACK; r < ML_ROLE_N; r++) {
		cJSON *x = cJSON_AddObjectToObject(roles, ml_map_role_name((enum ml_map_role)r));
		ml_json_add_u64(x, "mappings", bd->role_count[r]);
		ml_json_add_u64(x, "virt_bytes", bd->role_virt[r]);
		ml_json_add_u64(x, "rss_bytes", bd->role_rss[r]);
	}
	ml_json_add_u64(o, "arena_size_bytes", ml_arena_size(&v->pm->smaps));
	ml_json_add_u64(o, "rss_bytes", bd->rss);
	ml_json_add_u64(o, "pss_mappings_sum_bytes", bd->pss);
	ml_json_add_u64(o, "rss_minus_pss_bytes", rss_minus(bd->rss, bd->pss));
	ml_json_add_u64(o, "rss_minus_pss_unshared_bytes", bd->pss_gap_unshared);
	ml_json_add_u64(o, "uss_bytes", bd->uss);
	ml_json_add_u64(o, "shared_bytes", bd->shared);
	ml_json_add_u64(o, "thp_bytes", bd->thp);
	ml_json_add_u64(o, "hugetlb_bytes", bd->hugetlb);
	ml_json_add_u64(o, "swap_bytes", bd->swap);
	ml_json_add_u64(o, "swap_pss_bytes", bd->swap_pss);
	ml_json_add_u64(o, "locked_bytes", bd->locked);
	cJSON *files = cJSON_AddArrayToObject(o, "shared_with_others");
	for (size_t i = 0; i < bd->nshared_files; i++) {
		cJSON *f = cJSON_CreateObject();
		cJSON_AddStringToObject(f, "name", bd->shared_files[i].name);
		ml_json_add_u64(f, "rss_minus_pss_bytes", bd->shared_files[i].bytes);
		cJSON_AddItemToArray(files, f);
	}
	cJSON *oc = cJSON_AddObjectToObject(o, "overcommit");
	if (v->oc.mode >= 0)
		ml_json_add_i64(oc, "mode", v->oc.mode);
	else
		cJSON_AddNullToObject(oc, "mode");
	if (v->oc.has_ratio)
		ml_json_add_u64(oc, "ratio", v->oc.ratio);
	else
		cJSON_AddNullToObject(oc, "ratio");
	if (v->oc.has_kbytes)
		ml_json_add_u64(oc, "kbytes", v->oc.kbytes);
	else
		cJSON_AddNullToObject(oc, "kbytes");
	cJSON_AddStringToObject(oc, "sentence", v->overcommit);
	return o;
}

static cJSON *totals_json(const struct maps_view *v)
{
	cJSON *o = cJSON_CreateObject();
	ml_json_add_u64(o, "mappings", v->pm->smaps.n);
	for (size_t c = COL_VIRT; c <= COL_SWAPPSS; c++)
		ml_json_add_u64(o, columns[c].json_key, c == COL_PSS ? v->pss_total : v->total[c]);
	ml_json_add_u64(o, "pss_mappings_sum_bytes", v->total[COL_PSS]);
	if (v->pm->has_rollup)
		ml_json_add_u64(o, "pss_rollup_bytes", v->pm->rollup.pss);
	else
		cJSON_AddNullToObject(o, "pss_rollup_bytes");
	if (v->has_vmsize)
		ml_json_add_u64(o, "status_vm_size_bytes", v->vmsize);
	else
		cJSON_AddNullToObject(o, "status_vm_size_bytes");
	return o;
}

static int parse_pid(const char *s, int *pid, struct ml_error *err)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end || v <= 0 || v > INT_MAX || *s == '+' || *s == '-')
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "maps takes a process ID, not '%s'", s);
	*pid = (int)v;
	return ML_OK;
}

int cmd_maps(int argc, char **argv, struct ml_cli *cli, struct ml_error *err)
{
	static const struct option longopts[] = {
		ML_COMMON_LONGOPTS,
		{ "group", required_argument, NULL, OPT_GROUP },
		{ "why", no_argument, NULL, OPT_WHY },
		{ NULL, 0, NULL, 0 },
	};
	const char *group = NULL;
	bool why = false;
	int opt, rc = ML_OK, pid = 0;

	optind = 1;
	while ((opt = getopt_long(argc, argv, ML_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (opt == 'h') {
			help(stdout);
			return ML_OK;
		}
		if (opt == OPT_GROUP) {
			group = optarg;
			if (strcmp(group, "file") && strcmp(group, "kind"))
				return ml_error_set(err, ML_EUSAGE, NULL, 0,
						    "--group takes file or kind, not '%s'", group);
			continue;
		}
		if (opt == OPT_WHY) {
			why = true;
			continue;
		}
		if ((rc = ml_cli_common(cli, opt, optarg, err)) < 0)
			return rc;
		if (rc == 0)
			return ml_cli_bad_option(err, "maps");
	}
	if (optind >= argc)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "maps needs a process ID (see memlayout maps --help)");
	if (optind + 1 < argc)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "maps takes one process ID, not also '%s'",
				    argv[optind + 1]);
	if ((rc = parse_pid(argv[optind], &pid, err)) != ML_OK)
		return rc;
	if (group && why)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "--group and --why do not go together");
	ml_cli_finish(cli);

	struct ml_system sys;
	rc = ml_cli_load(cli, &sys, ML_LOAD_MEMINFO, 0, err);
	if (rc != ML_OK)
		return rc;
	struct ml_source src;
	struct ml_proc_maps pm = { 0 };
	struct maps_view v = { .pid = pid, .pm = &pm, .command = "" };
	struct ml_table t;
	ml_table_init(&t, why ? why_columns : group ? group_columns : columns,
		      why ? NWCOLS : group ? NGCOLS : NCOLS);
	rc = ml_source_open(&src, cli->sysroot, err);
	if (rc != ML_OK)
		goto out;
	rc = ml_proc_maps_load(&pm, &src, pid, &sys.unreadable, &sys.nunreadable, err);
	if (rc == ML_OK)
		rc = ml_overcommit_load(&v.oc, &src, err);
	ml_source_close(&src);
	if (rc != ML_OK)
		goto out;
	if (pm.has_status) {
		v.command = pm.status.name;
		v.has_vmsize = ml_kv_get(&pm.status.mem, "VmSize", &v.vmsize);
	}
	rc = ml_vm_breakdown(&pm.smaps, &v.bd, err);
	if (rc != ML_OK)
		goto out;
	v.roles = calloc(pm.smaps.n, sizeof(*v.roles));
	if (!v.roles) {
		rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
		goto out;
	}
	ml_map_roles(&pm.smaps, v.roles);
	compute_totals(&v);
	cross_check(&v, &sys);
	ml_overcommit_sentence(&v.oc, &sys.meminfo, v.overcommit, sizeof(v.overcommit));
	ml_cli_print_notes(&sys);

	if (why) {
		rc = build_why(&v, &t, false) < 0 ? ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory") : ML_OK;
	} else if (group) {
		rc = build_groups(&pm.smaps, !strcmp(group, "kind"), &t, err);
	} else {
		for (size_t i = 0; rc == ML_OK && i < pm.smaps.n; i++) {
			int r = ml_table_add_row(&t, -1, 0);
			if (r < 0)
				rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
			else
				fill_mapping(&t, r, &pm.smaps.maps[i], v.roles[i]);
		}
	}
	if (rc != ML_OK)
		goto out;

	if (cli->out.json) {
		/* --why's parts are always under "virt_vs_rss"; -o picks the
		 * mapping or group columns. */
		cJSON *root = ml_json_envelope("maps", &sys), *arr = NULL, *w;
		rc = why ? ML_OK : ml_table_to_json(&t, &cli->out, &arr, err);
		if (rc != ML_OK || !(w = why_json(&v, &cli->out, err))) {
			cJSON_Delete(root);
			cJSON_Delete(arr);
			if (rc == ML_OK)
				rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
			goto out;
		}
		ml_json_add_i64(root, "pid", pid);
		cJSON_AddStringToObject(root, "process_name", v.command);
		if (arr)
			cJSON_AddItemToObject(root, group ? "groups" : "mappings", arr);
		if (group)
			cJSON_AddStringToObject(root, "group_by", group);
		cJSON_AddItemToObject(root, "totals", totals_json(&v));
		cJSON_AddItemToObject(root, "virt_vs_rss", w);
		rc = ml_json_print(root, stdout);
		if (rc != ML_OK)
			ml_error_set(err, rc, NULL, 0, "cannot write the JSON document");
		goto out;
	}

	bool prose = !cli->out.raw && !cli->out.noheadings;
	if (why) {
		char a[48], b[48];
		if (prose) {
			say("Process %d (%s): VIRT %s, RSS %s. VIRT breaks down as:", pid, v.command,
			    words(v.bd.virt, cli->out.bytes, a, sizeof(a)),
			    words(v.bd.rss, cli->out.bytes, b, sizeof(b)));
			putchar('\n');
		}
		int r = ml_table_add_row(&t, -1, ML_ROW_TEXT_ONLY);
		if (r >= 0) {
			ml_table_set_str(&t, r, W_LABEL, "VIRT");
			ml_table_set_u64(&t, r, W_BYTES, v.bd.virt);
			ml_table_set_i64(&t, r, W_SHARE, v.bd.virt ? 1000 : 0);
			ml_table_set_u64(&t, r, W_MAPPINGS, v.bd.nmaps);
		}
		rc = ml_table_print(&t, &cli->out, stdout, err);
		if (rc == ML_OK && prose)
			print_why_text(&v, cli->out.bytes);
		goto out;
	}
	if (add_total_row(&t, &v, group ? G_GROUP : COL_NAME, group != NULL) < 0) {
		rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
		goto out;
	}
	rc = ml_table_print(&t, &cli->out, stdout, err);
	if (rc == ML_OK && prose) {
		putchar('\n');
		print_footnotes(&v);
		print_summary(&v, cli->out.bytes);
	}
out:
	free(v.roles);
	ml_table_free(&t);
	ml_proc_maps_free(&pm);
	ml_system_free(&sys);
	return rc;
}
