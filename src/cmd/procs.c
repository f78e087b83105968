/* memlayout procs: every process with VIRT, RSS, PSS, USS and swap; the sum
 * of PSS is the honest "memory used by processes". */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../cli.h"
#include "../model/procs.h"
#include "../render/format.h"
#include "../render/json.h"

enum {
	COL_PID, COL_USER, COL_UID, COL_COMMAND, COL_ARGS, COL_VIRT, COL_RSS, COL_PSS, COL_USS,
	COL_SWAP, COL_SWAPPSS, COL_SHARED, COL_PSS_ANON, COL_PSS_FILE, COL_PSS_SHMEM,
	COL_LOCKED, COL_THP, NCOLS
};
/* Columns from COL_PSS on come from smaps_rollup. */
#define FIRST_ROLLUP_COL COL_PSS

static const struct ml_column columns[NCOLS] = {
	[COL_PID] = { "PID", "pid", ML_COL_INT, 7, ML_COL_DEFAULT | ML_COL_RIGHT, "process ID" },
	[COL_USER] = { "USER", "user", ML_COL_STR, 8, ML_COL_DEFAULT, "effective user (a snapshot records the uid only)" },
	[COL_UID] = { "UID", "uid", ML_COL_INT, 6, ML_COL_RIGHT, "effective user ID" },
	[COL_COMMAND] = { "COMMAND", "command", ML_COL_STR, 15, ML_COL_DEFAULT, "command name (status Name)" },
	[COL_ARGS] = { "ARGS", "args", ML_COL_STR, 30, ML_COL_TRUNC, "command line" },
	[COL_VIRT] = { "VIRT", "virt_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "address space mapped (status VmSize)" },
	[COL_RSS] = { "RSS", "rss_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "resident: smaps_rollup Rss when PSS is read, else status VmRSS" },
	[COL_PSS] = { "PSS", "pss_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "proportional set size: shared pages divided among their users" },
	[COL_USS] = { "USS", "uss_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "unique set size: Private_Clean + Private_Dirty, freed on exit" },
	[COL_SWAP] = { "SWAP", "swap_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "swapped out (smaps_rollup Swap)" },
	[COL_SWAPPSS] = { "SWAPPSS", "swap_pss_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "swap divided among the processes sharing it" },
	[COL_SHARED] = { "SHARED", "shared_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "resident pages other processes map too (Shared_Clean + Shared_Dirty)" },
	[COL_PSS_ANON] = { "PSS_ANON", "pss_anon_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "PSS of anonymous pages" },
	[COL_PSS_FILE] = { "PSS_FILE", "pss_file_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "PSS of file pages" },
	[COL_PSS_SHMEM] = { "PSS_SHMEM", "pss_shmem_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "PSS of shared memory (shmem, SysV, memfd)" },
	[COL_LOCKED] = { "LOCKED", "locked_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "mlocked (smaps_rollup Locked)" },
	[COL_THP] = { "THP", "thp_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "anonymous memory in transparent huge pages" },
};

enum { OPT_SORT = ML_OPT_FIRST_COMMAND_OPTION, OPT_USER, OPT_CMD, OPT_PID, OPT_TOP };

static void help(FILE *f)
{
	fputs("Usage: memlayout procs [OPTIONS]\n\n"
	      "Every process with its address space (VIRT), resident memory (RSS), its fair\n"
	      "share of it (PSS), the memory only it uses (USS) and swap.  The sum of PSS is\n"
	      "the honest \"memory used by processes\".  Live figures come from libproc2;\n"
	      "a snapshot's from its proc/PID/status and smaps_rollup.  PSS, USS and swap\n"
	      "need smaps_rollup, which makes the kernel walk each process's page tables and\n"
	      "needs ptrace access: it is read only when one of those columns is shown or\n"
	      "sorted by.\n\n"
	      "Options:\n"
	      "      --sort KEY       vsz, rss, pss, uss, swap (largest first), pid or cmd;\n"
	      "                       default pss, or rss without smaps_rollup columns\n"
	      "      --user USER      only this user (name or uid; a snapshot has uids)\n"
	      "      --cmd PATTERN    command name or line containing PATTERN, or matching it\n"
	      "                       as a glob when it holds * ? or [\n"
	      "      --pid PID[,PID]  only these processes (repeatable)\n"
	      "      --top N          the first N after sorting\n\n",
	      f);
	ml_cli_help_common(f);
	fputs("\nColumns (-o):\n", f);
	ml_table_help_columns(columns, NCOLS, f);
}

static int parse_pids(const char *arg, int **pids, size_t *n, struct ml_error *err)
{
	const char *p = arg;
	do {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p || (*end && *end != ',') || v <= 0 || v > INT_MAX || *p == '-' || *p == '+')
			return ml_error_set(err, ML_EUSAGE, NULL, 0,
					    "--pid takes process IDs separated by commas, not '%s'", arg);
		int *np = realloc(*pids, (*n + 1) * sizeof(**pids));
		if (!np)
			return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
		*pids = np;
		(*pids)[(*n)++] = (int)v;
		p = *end ? end + 1 : end;
	} while (*p);
	return ML_OK;
}

static void fill_row(struct ml_table *t, int r, const struct ml_proc *p)
{
	ml_table_set_i64(t, r, COL_PID, p->pid);
	ml_table_set_str(t, r, COL_USER, p->user);
	ml_table_set_i64(t, r, COL_UID, p->uid);
	ml_table_set_str(t, r, COL_COMMAND, p->command);
	ml_table_set_str(t, r, COL_ARGS, p->args);
	ml_table_set_u64(t, r, COL_VIRT, p->virt_bytes);
	ml_table_set_u64(t, r, COL_RSS, ml_proc_rss(p));
	if (!p->has_rollup)
		return;   /* unreadable: blank, null in JSON */
	const struct ml_proc_rollup *x = &p->rollup;
	ml_table_set_u64(t, r, COL_PSS, x->pss);
	ml_table_set_u64(t, r, COL_USS, ml_proc_uss(p));
	ml_table_set_u64(t, r, COL_SWAP, x->swap);
	ml_table_set_u64(t, r, COL_SWAPPSS, x->swap_pss);
	ml_table_set_u64(t, r, COL_SHARED, x->shared_clean + x->shared_dirty);
	ml_table_set_u64(t, r, COL_PSS_ANON, x->pss_anon);
	ml_table_set_u64(t, r, COL_PSS_FILE, x->pss_file);
	ml_table_set_u64(t, r, COL_PSS_SHMEM, x->pss_shmem);
	ml_table_set_u64(t, r, COL_LOCKED, x->locked);
	ml_table_set_u64(t, r, COL_THP, x->anon_huge);
}

/* Totals of the rows shown; smaps_rollup figures over the processes whose
 * rollup was read. */
struct totals {
	size_t n, with_rollup;
	uint64_t v[NCOLS];
};

static void add_totals(struct totals *s, const struct ml_proc *p)
{
	const struct ml_proc_rollup *x = &p->rollup;
	s->n++;
	s->v[COL_VIRT] += p->virt_bytes;
	s->v[COL_RSS] += ml_proc_rss(p);
	if (!p->has_rollup)
		return;
	s->with_rollup++;
	s->v[COL_PSS] += x->pss;
	s->v[COL_USS] += ml_proc_uss(p);
	s->v[COL_SWAP] += x->swap;
	s->v[COL_SWAPPSS] += x->swap_pss;
	s->v[COL_SHARED] += x->shared_clean + x->shared_dirty;
	s->v[COL_PSS_ANON] += x->pss_anon;
	s->v[COL_PSS_FILE] += x->pss_file;
	s->v[COL_PSS_SHMEM] += x->pss_shmem;
	s->v[COL_LOCKED] += x->locked;
	s->v[COL_THP] += x->anon_huge;
}

static void print_footer(const struct ml_proc_table *t, const struct totals *s, bool exact)
{
	char pss[32], rss[32];
	ml_format_bytes(s->v[COL_RSS], exact, rss, sizeof(rss));
	if (t->rollup_wanted && s->with_rollup) {
		ml_format_bytes(s->v[COL_PSS], exact, pss, sizeof(pss));
		printf("\nThe sum of PSS, %s, is the memory these processes use: PSS divides each shared\n"
		       "page among the processes that map it, so it adds up; the sum of RSS, %s,\n"
		       "counts every shared page once per process that maps it.\n",
		       pss, rss);
		if (s->with_rollup < s->n)
			printf("%zu of the %zu processes shown %s left out of the PSS, USS and swap sums:\n"
			       "%s smaps_rollup could not be read.\n",
			       s->n - s->with_rollup, s->n, s->n - s->with_rollup == 1 ? "is" : "are",
			       s->n - s->with_rollup == 1 ? "its" : "their");
	} else {
		printf("\nThe sum of RSS, %s, counts every shared page once per process that maps it;\n"
		       "show PSS (-o +PSS) for a sum that adds up.\n",
		       rss);
	}
	if (t->no_mm)
		printf("%zu kernel threads and zombies have no user memory and are not listed.\n", t->no_mm);
}

static cJSON *totals_json(const struct ml_proc_table *t, const struct totals *s)
{
	cJSON *o = cJSON_CreateObject();
	ml_json_add_u64(o, "processes", s->n);
	ml_json_add_u64(o, "processes_with_smaps_rollup", s->with_rollup);
	for (int c = COL_VIRT; c < NCOLS; c++) {
		if (c >= FIRST_ROLLUP_COL && !(t->rollup_wanted && s->with_rollup))
			cJSON_AddNullToObject(o, columns[c].json_key);
		else
			ml_json_add_u64(o, columns[c].json_key, s->v[c]);
	}
	return o;
}

int cmd_procs(int argc, char **argv, struct ml_cli *cli, struct ml_error *err)
{
	static const struct option longopts[] = {
		ML_COMMON_LONGOPTS,
		{ "sort", required_argument, NULL, OPT_SORT },
		{ "user", required_argument, NULL, OPT_USER },
		{ "cmd", required_argument, NULL, OPT_CMD },
		{ "pid", required_argument, NULL, OPT_PID },
		{ "top", required_argument, NULL, OPT_TOP },
		{ NULL, 0, NULL, 0 },
	};
	struct ml_procs_query q = { 0 };
	int *pids = NULL;
	size_t npids = 0;
	int sort = -1;
	long top = 0;
	int opt, rc = ML_OK;

	optind = 1;
	while ((opt = getopt_long(argc, argv, ML_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		char *end;
		switch (opt) {
		case 'h':
			help(stdout);
			free(pids);
			return ML_OK;
		case OPT_SORT:
			sort = ml_procs_sort_key(optarg);
			if (sort < 0)
				rc = ml_error_set(err, ML_EUSAGE, NULL, 0,
						  "--sort takes vsz, rss, pss, uss, swap, pid or cmd, not '%s'", optarg);
			break;
		case OPT_USER:
			q.user = optarg;
			break;
		case OPT_CMD:
			q.cmd = optarg;
			break;
		case OPT_PID:
			rc = parse_pids(optarg, &pids, &npids, err);
			break;
		case OPT_TOP:
			top = strtol(optarg, &end, 10);
			if (end == optarg || *end || top < 1 || top > INT_MAX)
				rc = ml_error_set(err, ML_EUSAGE, NULL, 0,
						  "--top takes a number of processes, not '%s'", optarg);
			break;
		default:
			rc = ml_cli_common(cli, opt, optarg, err);
			rc = rc < 0 ? rc : rc == 0 ? ml_cli_bad_option(err, "procs") : ML_OK;
			break;
		}
		if (rc != ML_OK) {
			free(pids);
			return rc;
		}
	}
	if (optind < argc) {
		free(pids);
		return ml_error_set(err, ML_EUSAGE, NULL, 0,
				    "procs takes no arguments ('%s'; use --pid for a process)", argv[optind]);
	}
	/* A snapshot's status files hold uids; names would be looked up in
	 * this machine's passwd, which need not be the snapshot's. */
	if (q.user && cli->sysroot && *cli->sysroot && strspn(q.user, "0123456789") != strlen(q.user)) {
		free(pids);
		return ml_error_set(err, ML_EUSAGE, NULL, 0,
				    "a snapshot records uids, not user names: give --user a number, not '%s'", q.user);
	}
	ml_cli_finish(cli);
	q.pids = pids;
	q.npids = npids;

	/* smaps_rollup only when a column or the sort needs it. */
	size_t sel[NCOLS], nsel;
	rc = ml_table_select(columns, NCOLS, cli->out.columns, cli->out.json, sel, &nsel, err);
	if (rc != ML_OK) {
		free(pids);
		return rc;
	}
	for (size_t i = 0; i < nsel; i++)
		q.rollup |= sel[i] >= FIRST_ROLLUP_COL;
	q.rollup |= sort == ML_SORT_PSS || sort == ML_SORT_USS || sort == ML_SORT_SWAP;
	if (sort < 0)
		sort = q.rollup ? ML_SORT_PSS : ML_SORT_RSS;

	struct ml_system sys;
	rc = ml_cli_load(cli, &sys, 0, 0, err);
	if (rc != ML_OK) {
		free(pids);
		return rc;
	}
	struct ml_source src;
	struct ml_proc_table t = { 0 };
	struct ml_table tab;
	ml_table_init(&tab, columns, NCOLS);
	rc = ml_source_open(&src, cli->sysroot, err);
	if (rc != ML_OK)
		goto out;
	rc = ml_procs_load(&t, &src, &q, err);
	ml_source_close(&src);
	if (rc != ML_OK)
		goto out;
	/* Live, smaps_rollup needs ptrace read access (kernel-model §11.0):
	 * the owner, or CAP_SYS_PTRACE, which a process that is not dumpable
	 * demands even of root.  A snapshot holds what its taker could read. */
	if (t.partial)
		ml_system_note(&sys.unreadable, &sys.nunreadable,
			       "%zu process%s: smaps_rollup could not be read (%s); PSS, USS and swap are blank for %s",
			       t.partial, t.partial == 1 ? "" : "es",
			       sys.live ? "it needs ptrace access: the process's owner, or CAP_SYS_PTRACE"
					: "missing or empty in the snapshot: taken without access",
			       t.partial == 1 ? "it" : "them");
	if (t.skipped)
		ml_system_note(&sys.unreadable, &sys.nunreadable,
			       "%zu process%s exited (or did not exist) before %s could be read: skipped",
			       t.skipped, t.skipped == 1 ? "" : "es", t.skipped == 1 ? "it" : "they");
	ml_cli_print_notes(&sys);

	ml_procs_sort(&t, (enum ml_procs_sort)sort);
	size_t shown = top && (size_t)top < t.n ? (size_t)top : t.n;
	struct totals sum = { 0 };
	for (size_t i = 0; i < shown; i++) {
		int r = ml_table_add_row(&tab, -1, 0);
		if (r < 0) {
			rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
			goto out;
		}
		fill_row(&tab, r, &t.procs[i]);
		add_totals(&sum, &t.procs[i]);
	}

	if (cli->out.json) {
		cJSON *root = ml_json_envelope("procs", &sys), *arr = NULL;
		rc = ml_table_to_json(&tab, &cli->out, &arr, err);
		if (rc != ML_OK) {
			cJSON_Delete(root);
			goto out;
		}
		cJSON_AddStringToObject(root, "figures_from", t.from_libproc2 ? "libproc2" : "files");
		cJSON_AddBoolToObject(root, "smaps_rollup_read", t.rollup_wanted);
		cJSON_AddItemToObject(root, "processes", arr);
		cJSON_AddItemToObject(root, "totals", totals_json(&t, &sum));
		ml_json_add_u64(root, "partial", t.partial);
		ml_json_add_u64(root, "skipped", t.skipped);
		ml_json_add_u64(root, "no_mm", t.no_mm);
		rc = ml_json_print(root, stdout);
		if (rc != ML_OK)
			ml_error_set(err, rc, NULL, 0, "cannot write the JSON document");
		goto out;
	}
	/* The totals row: text only (-r keeps one row per process). */
	int r = ml_table_add_row(&tab, -1, ML_ROW_TEXT_ONLY);
	if (r < 0) {
		rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
		goto out;
	}
	char label[64];
	snprintf(label, sizeof(label), "total (%zu)", sum.n);
	ml_table_set_str(&tab, r, COL_COMMAND, label);
	for (int c = COL_VIRT; c < NCOLS; c++)
		if (c < FIRST_ROLLUP_COL || (t.rollup_wanted && sum.with_rollup))
			ml_table_set_u64(&tab, r, (size_t)c, sum.v[c]);
	rc = ml_table_print(&tab, &cli->out, stdout, err);
	if (rc == ML_OK && !cli->out.raw && !cli->out.noheadings)
		print_footer(&t, &sum, cli->out.bytes);
out:
	ml_table_free(&tab);
	ml_procs_free(&t);
	ml_system_free(&sys);
	free(pids);
	return rc;
}
