/* The process table: live through libproc2, from a snapshot through our
 * parsers (kernel-model §11.9), and one process's mappings. */
#include "procs.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libproc2/pids.h>

#include "../parse/kvfile.h"
#include "../util/text.h"

/* procps_pids_select() takes at most FILL_ID_MAX (255) PIDs per call
 * (procps 4.0.2 library/pids.c). */
#define SELECT_MAX 255

uint64_t ml_proc_rss(const struct ml_proc *p)
{
	return p->has_rollup ? p->rollup.rss : p->vmrss_bytes;
}

uint64_t ml_proc_uss(const struct ml_proc *p)
{
	return p->rollup.private_clean + p->rollup.private_dirty;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

bool ml_proc_matches(const struct ml_proc *p, const struct ml_procs_query *q)
{
	if (q->user) {
		if (all_digits(q->user)) {
			if (strtoull(q->user, NULL, 10) != p->uid)
				return false;
		} else if (strcmp(q->user, p->user) != 0) {
			return false;
		}
	}
	if (q->cmd) {
		const char *args = p->args ? p->args : "";
		const char *cmd = p->command ? p->command : "";
		if (strpbrk(q->cmd, "*?[")) {
			if (fnmatch(q->cmd, cmd, 0) != 0 && fnmatch(q->cmd, args, 0) != 0)
				return false;
		} else if (!strstr(cmd, q->cmd) && !strstr(args, q->cmd)) {
			return false;
		}
	}
	return true;
}

static void proc_free(struct ml_proc *p)
{
	free(p->command);
	free(p->args);
	p->command = p->args = NULL;
}

void ml_procs_free(struct ml_proc_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		proc_free(&t->procs[i]);
	free(t->procs);
	memset(t, 0, sizeof(*t));
}

/* Takes p's strings; frees them when out of memory. */
static int append(struct ml_proc_table *t, struct ml_proc *p, struct ml_error *err)
{
	if (!p->command || !p->args) {
		proc_free(p);
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	}
	if (t->n == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 256;
		struct ml_proc *v = realloc(t->procs, ncap * sizeof(*v));
		if (!v) {
			proc_free(p);
			return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
		}
		t->procs = v;
		t->cap = ncap;
	}
	t->procs[t->n++] = *p;
	return ML_OK;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The --pid list sorted, duplicates dropped: a PID asked for twice is one
 * process, and the skipped count must not count it twice. */
static int unique_pids(const struct ml_procs_query *q, int **out, size_t *n, struct ml_error *err)
{
	*out = NULL;
	*n = 0;
	if (!q->npids)
		return ML_OK;
	int *v = malloc(q->npids * sizeof(*v));
	if (!v)
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	memcpy(v, q->pids, q->npids * sizeof(*v));
	qsort(v, q->npids, sizeof(*v), cmp_int);
	size_t k = 0;
	for (size_t i = 0; i < q->npids; i++)
		if (k == 0 || v[k - 1] != v[i])
			v[k++] = v[i];
	*out = v;
	*n = k;
	return ML_OK;
}

/* ---- live: libproc2 (reference/libraries.md: read head[i].result) ---- */

/* Pass 1: status/stat items only, so listing every process stays cheap. */
enum { S_PID, S_EUID, S_EUSER, S_CMD, S_CMDLINE, S_VM_SIZE, S_VM_RSS, S_BEGAN, NSCAN };
static enum pids_item scan_items[NSCAN] = {
	[S_PID] = PIDS_ID_PID, [S_EUID] = PIDS_ID_EUID, [S_EUSER] = PIDS_ID_EUSER,
	[S_CMD] = PIDS_CMD, [S_CMDLINE] = PIDS_CMDLINE, [S_VM_SIZE] = PIDS_VM_SIZE,
	[S_VM_RSS] = PIDS_VM_RSS, [S_BEGAN] = PIDS_TICS_BEGAN,
};

/* Pass 2: smaps_rollup, which walks page tables (kernel-model §11.9). */
enum {
	R_PID, R_BEGAN, R_RSS, R_PSS, R_PSS_ANON, R_PSS_FILE, R_PSS_SHMEM, R_SHR_CLEAN,
	R_SHR_DIRTY, R_PRV_CLEAN, R_PRV_DIRTY, R_SWAP, R_SWAP_PSS, R_LOCKED, R_HUGE_ANON, NROLL
};
static enum pids_item rollup_items[NROLL] = {
	[R_PID] = PIDS_ID_PID, [R_BEGAN] = PIDS_TICS_BEGAN, [R_RSS] = PIDS_SMAP_RSS,
	[R_PSS] = PIDS_SMAP_PSS, [R_PSS_ANON] = PIDS_SMAP_PSS_ANON,
	[R_PSS_FILE] = PIDS_SMAP_PSS_FILE, [R_PSS_SHMEM] = PIDS_SMAP_PSS_SHMEM,
	[R_SHR_CLEAN] = PIDS_SMAP_SHR_CLEAN, [R_SHR_DIRTY] = PIDS_SMAP_SHR_DIRTY,
	[R_PRV_CLEAN] = PIDS_SMAP_PRV_CLEAN, [R_PRV_DIRTY] = PIDS_SMAP_PRV_DIRTY,
	[R_SWAP] = PIDS_SMAP_SWAP, [R_SWAP_PSS] = PIDS_SMAP_SWAP_PSS,
	[R_LOCKED] = PIDS_SMAP_LOCKED, [R_HUGE_ANON] = PIDS_SMAP_HUGE_ANON,
};

static int libproc2_error(struct ml_error *err, const char *what, int e)
{
	return ml_error_set(err, e == ENOMEM ? ML_ENOMEM : ML_EIO, "/proc", 0, "libproc2: %s: %s",
			    what, strerror(e ? e : EIO));
}

/* libproc2 returns NULL both for "no process matched" and for errors; only
 * ENOMEM is an error when selecting PIDs that may have gone. */
static bool fetch_failed(const struct pids_fetch *f)
{
	return !f && errno == ENOMEM;
}

static int take_scanned(struct ml_proc_table *t, const struct pids_stack *s,
			const struct ml_procs_query *q, struct ml_error *err)
{
	const struct pids_result *h = s->head;
	/* Kernel threads and zombies have no mm: no VmSize line (kernel-model
	 * §11.9), which libproc2 reports as 0. */
	if (h[S_VM_SIZE].result.ul_int == 0) {
		t->no_mm++;
		return ML_OK;
	}
	struct ml_proc p = { 0 };
	p.pid = h[S_PID].result.s_int;
	p.uid = h[S_EUID].result.u_int;
	snprintf(p.user, sizeof(p.user), "%s", h[S_EUSER].result.str ? h[S_EUSER].result.str : "");
	p.command = strdup(h[S_CMD].result.str ? h[S_CMD].result.str : "");
	p.args = strdup(h[S_CMDLINE].result.str ? h[S_CMDLINE].result.str : "");
	/* libproc2's memory items are KiB. */
	p.virt_bytes = (uint64_t)h[S_VM_SIZE].result.ul_int * 1024;
	p.vmrss_bytes = (uint64_t)h[S_VM_RSS].result.ul_int * 1024;
	p.start_ticks = h[S_BEGAN].result.ull_int;
	if (p.command && p.args && !ml_proc_matches(&p, q)) {
		proc_free(&p);
		return ML_OK;
	}
	return append(t, &p, err);
}

int ml_procs_scan_libproc2(struct ml_proc_table *t, const struct ml_procs_query *q,
			   struct ml_error *err)
{
	memset(t, 0, sizeof(*t));
	t->from_libproc2 = true;
	struct pids_info *info = NULL;
	int rc = procps_pids_new(&info, scan_items, NSCAN);
	if (rc < 0)
		return libproc2_error(err, "cannot start", -rc);

	if (q->pids) {
		int *pids;
		size_t npids;
		rc = unique_pids(q, &pids, &npids, err);
		for (size_t i = 0; rc == ML_OK && i < npids; i += SELECT_MAX) {
			unsigned ids[SELECT_MAX];
			int n = (int)(npids - i < SELECT_MAX ? npids - i : SELECT_MAX);
			for (int k = 0; k < n; k++)
				ids[k] = (unsigned)pids[i + (size_t)k];
			errno = 0;
			struct pids_fetch *f = procps_pids_select(info, ids, n, PIDS_SELECT_PID);
			if (fetch_failed(f)) {
				rc = libproc2_error(err, "cannot read processes", errno);
				break;
			}
			int got = f ? f->counts->total : 0;
			/* Asked for and not there: never existed or already gone. */
			t->skipped += (size_t)(n - got);
			for (int k = 0; rc == ML_OK && k < got; k++)
				rc = take_scanned(t, f->stacks[k], q, err);
		}
		free(pids);
	} else {
		errno = 0;
		struct pids_fetch *f = procps_pids_reap(info, PIDS_FETCH_TASKS_ONLY);
		if (!f) {
			rc = errno == ENOMEM ? libproc2_error(err, "cannot read processes", ENOMEM)
					     : ml_error_set(err, ML_EIO, "/proc", 0,
							    "libproc2 found no process (is /proc mounted?)");
		} else {
			for (int k = 0; rc == ML_OK && k < f->counts->total; k++)
				rc = take_scanned(t, f->stacks[k], q, err);
		}
	}
	procps_pids_unref(&info);
	if (rc != ML_OK)
		ml_procs_free(t);
	return rc;
}

static void rollup_from_stack(struct ml_proc_rollup *r, const struct pids_result *h)
{
#define KB(i) ((uint64_t)h[i].result.ul_int * 1024)
	r->rss = KB(R_RSS);
	r->pss = KB(R_PSS);
	r->pss_anon = KB(R_PSS_ANON);
	r->pss_file = KB(R_PSS_FILE);
	r->pss_shmem = KB(R_PSS_SHMEM);
	r->shared_clean = KB(R_SHR_CLEAN);
	r->shared_dirty = KB(R_SHR_DIRTY);
	r->private_clean = KB(R_PRV_CLEAN);
	r->private_dirty = KB(R_PRV_DIRTY);
	r->swap = KB(R_SWAP);
	r->swap_pss = KB(R_SWAP_PSS);
	r->locked = KB(R_LOCKED);
	r->anon_huge = KB(R_HUGE_ANON);
#undef KB
}

int ml_procs_add_rollups_libproc2(struct ml_proc_table *t, struct ml_error *err)
{
	t->rollup_wanted = true;
	if (t->n == 0)
		return ML_OK;
	struct pids_info *info = NULL;
	int rc = procps_pids_new(&info, rollup_items, NROLL);
	if (rc < 0)
		return libproc2_error(err, "cannot start", -rc);
	bool *seen = calloc(t->n, sizeof(*seen));
	if (!seen) {
		procps_pids_unref(&info);
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	}
	rc = ML_OK;
	for (size_t i = 0; i < t->n; i += SELECT_MAX) {
		unsigned ids[SELECT_MAX];
		size_t n = t->n - i < SELECT_MAX ? t->n - i : SELECT_MAX;
		for (size_t k = 0; k < n; k++)
			ids[k] = (unsigned)t->procs[i + k].pid;
		errno = 0;
		struct pids_fetch *f = procps_pids_select(info, ids, (int)n, PIDS_SELECT_PID);
		if (fetch_failed(f)) {
			rc = libproc2_error(err, "cannot read smaps_rollup", errno);
			break;
		}
		for (int s = 0; f && s < f->counts->total; s++) {
			const struct pids_result *h = f->stacks[s]->head;
			size_t k;
			for (k = 0; k < n && t->procs[i + k].pid != h[R_PID].result.s_int; k++)
				;
			/* A different start time: the PID was reused by a new
			 * process after the listing; the one listed is gone. */
			if (k == n || t->procs[i + k].start_ticks != h[R_BEGAN].result.ull_int)
				continue;
			struct ml_proc *p = &t->procs[i + k];
			seen[i + k] = true;
			/* libproc2 4.0.2 gives 0 for every smaps item when it
			 * cannot open smaps_rollup (no ptrace access).  A process
			 * with resident pages always has a non-zero smaps Rss, so
			 * 0 there with VmRSS > 0 means "unreadable". */
			if (h[R_RSS].result.ul_int == 0 && p->vmrss_bytes > 0) {
				t->partial++;
				continue;
			}
			rollup_from_stack(&p->rollup, h);
			p->has_rollup = true;
		}
	}
	procps_pids_unref(&info);
	if (rc == ML_OK) {
		/* Drop the processes that exited between the two passes. */
		size_t k = 0;
		for (size_t i = 0; i < t->n; i++) {
			if (seen[i]) {
				t->procs[k++] = t->procs[i];
			} else {
				proc_free(&t->procs[i]);
				t->skipped++;
			}
		}
		t->n = k;
	}
	free(seen);
	return rc;
}

/* ---- our parsers (snapshot, or the live /proc) ---- */

/* Fields of a parsed smaps_rollup (one "[rollup]" pseudo-mapping). */
static int rollup_from_smaps(const struct ml_smaps *sm, const char *shown,
			     struct ml_proc_rollup *r, struct ml_error *err)
{
	if (sm->n != 1)
		return ml_error_set(err, ML_EPARSE, shown, sm->maps[1].line,
				    "a second mapping line: smaps_rollup has one '[rollup]' line (is this smaps?)");
	const struct ml_kv *f = &sm->maps[0].fields;
	static const char *const required[] = { "Rss", "Pss", "Private_Clean", "Private_Dirty" };
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!ml_kv_find(f, required[i]))
			return ml_error_set(err, ML_EPARSE, shown, sm->maps[0].line,
					    "no '%s:' line after the [rollup] line (file cut?)", required[i]);
	r->rss = ml_kv_get_or(f, "Rss", 0);
	r->pss = ml_kv_get_or(f, "Pss", 0);
	r->pss_anon = ml_kv_get_or(f, "Pss_Anon", 0);
	r->pss_file = ml_kv_get_or(f, "Pss_File", 0);
	r->pss_shmem = ml_kv_get_or(f, "Pss_Shmem", 0);
	r->shared_clean = ml_kv_get_or(f, "Shared_Clean", 0);
	r->shared_dirty = ml_kv_get_or(f, "Shared_Dirty", 0);
	r->private_clean = ml_kv_get_or(f, "Private_Clean", 0);
	r->private_dirty = ml_kv_get_or(f, "Private_Dirty", 0);
	r->swap = ml_kv_get_or(f, "Swap", 0);
	r->swap_pss = ml_kv_get_or(f, "SwapPss", 0);
	r->locked = ml_kv_get_or(f, "Locked", 0);
	r->anon_huge = ml_kv_get_or(f, "AnonHugePages", 0);
	return ML_OK;
}

/* Read and parse smaps_rollup.  1: read; 0: unreadable or empty (err2
 * says why); <0: malformed (err). */
static int read_rollup(const struct ml_source *src, int pid, struct ml_proc_rollup *r,
		       struct ml_error *err2, struct ml_error *err)
{
	char path[64], shown[4096];
	struct ml_buffer b;
	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", pid);
	int rc = ml_source_read(src, path, &b, err2);
	if (rc == ML_ENOMEM)
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	/* In a snapshot, a file refused (a symlink leading out of it, not a
	 * regular file) or unreadable is not "taken without access": say so. */
	if (rc == ML_EIO && !ml_source_is_live(src)) {
		*err = *err2;
		return rc;
	}
	if (rc != ML_OK)
		return 0;
	ml_source_display(src, path, shown, sizeof(shown));
	struct ml_smaps sm;
	rc = ml_parse_smaps(b.data, b.len, shown, &sm, err);
	ml_buffer_free(&b);
	if (rc != ML_OK)
		return rc;
	if (sm.n == 0) {
		/* What a capture without ptrace access holds, and what an mm
		 * without mappings prints. */
		ml_error_set(err2, ML_EIO, shown, 0, "empty");
		ml_smaps_free(&sm);
		return 0;
	}
	rc = rollup_from_smaps(&sm, shown, r, err);
	ml_smaps_free(&sm);
	return rc < 0 ? rc : 1;
}

/* "a\0b\0" -> "a b"; NULL when out of memory. */
static char *join_cmdline(const char *data, size_t len)
{
	while (len && data[len - 1] == '\0')
		len--;
	char *s = malloc(len + 1);
	if (!s)
		return NULL;
	for (size_t i = 0; i < len; i++)
		s[i] = data[i] ? data[i] : ' ';
	s[len] = '\0';
	return s;
}

/* The status file of /proc/PID says "Pid: PID" (the PID as seen from that
 * procfs); another number means the files of two processes were mixed up
 * (a snapshot assembled by hand), and their figures must not be shown under
 * this PID.  ML_EPARSE naming the Pid line. */
static int check_status_pid(const struct ml_proc_status *st, int pid, const struct ml_buffer *b,
			    const char *shown, struct ml_error *err)
{
	if (st->pid == pid)
		return ML_OK;
	unsigned long line = 1;
	for (size_t i = 0; i < b->len; i++) {
		if ((i == 0 || b->data[i - 1] == '\n') && b->len - i >= 4 && memcmp(b->data + i, "Pid:", 4) == 0)
			break;
		line += b->data[i] == '\n';
	}
	return ml_error_set(err, ML_EPARSE, shown, line,
			    "says Pid %d, but it is the status file of process %d: files of two processes mixed up",
			    st->pid, pid);
}

static int load_one_file(struct ml_proc_table *t, const struct ml_source *src, int pid,
			 const struct ml_procs_query *q, struct ml_error *err)
{
	char path[64], shown[4096];
	struct ml_buffer b;
	struct ml_error quiet = { 0 };
	bool live = ml_source_is_live(src);

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	int rc = ml_source_read(src, path, &b, &quiet);
	if (rc == ML_ENOMEM)
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	if (rc == ML_EIO && !live) {
		/* A snapshot's status refused (a symlink leading out of the
		 * snapshot, not a regular file) or unreadable: an error, not a
		 * process that exited. */
		*err = quiet;
		return rc;
	}
	if (rc != ML_OK) {
		/* Exited since the listing (live), or a snapshot directory
		 * without its status: nothing to show. */
		t->skipped++;
		return ML_OK;
	}
	ml_source_display(src, path, shown, sizeof(shown));
	struct ml_proc_status st;
	rc = ml_parse_status(b.data, b.len, shown, &st, err);
	if (rc == ML_OK && (rc = check_status_pid(&st, pid, &b, shown, err)) != ML_OK)
		ml_proc_status_free(&st);
	ml_buffer_free(&b);
	if (rc != ML_OK)
		return rc;
	uint64_t vmsize = 0;
	if (st.is_kernel_thread || !ml_kv_get(&st.mem, "VmSize", &vmsize) || vmsize == 0) {
		ml_proc_status_free(&st);
		t->no_mm++;
		return ML_OK;
	}
	struct ml_proc p = { 0 };
	p.pid = pid;
	p.uid = st.uid_effective;
	snprintf(p.user, sizeof(p.user), "%u", st.uid_effective);
	p.command = strdup(st.name);
	p.virt_bytes = vmsize;
	p.vmrss_bytes = ml_kv_get_or(&st.mem, "VmRSS", 0);
	ml_proc_status_free(&st);

	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	if (ml_source_read(src, path, &b, NULL) == ML_OK) {
		p.args = join_cmdline(b.data, b.len);
		ml_buffer_free(&b);
	} else {
		p.args = strdup("");
	}
	if (p.command && p.args && !ml_proc_matches(&p, q)) {
		proc_free(&p);
		return ML_OK;
	}
	if (q->rollup) {
		rc = read_rollup(src, pid, &p.rollup, &quiet, err);
		if (rc < 0) {
			proc_free(&p);
			return rc;
		}
		if (rc == 1) {
			p.has_rollup = true;
		} else if (live && quiet.code == ML_ENOENT) {
			/* Exited between status and smaps_rollup. */
			proc_free(&p);
			t->skipped++;
			return ML_OK;
		} else if (p.vmrss_bytes == 0 && quiet.code == ML_EIO) {
			/* Empty rollup and nothing resident: all figures are 0. */
			p.has_rollup = true;
		} else {
			t->partial++;
		}
	}
	return append(t, &p, err);
}

int ml_procs_load_files(struct ml_proc_table *t, const struct ml_source *src,
			const struct ml_procs_query *q, struct ml_error *err)
{
	memset(t, 0, sizeof(*t));
	t->rollup_wanted = q->rollup;
	int *pids;
	size_t n;
	int rc = q->pids ? unique_pids(q, &pids, &n, err) : ml_source_list_pids(src, &pids, &n, err);
	for (size_t i = 0; rc == ML_OK && i < n; i++)
		rc = load_one_file(t, src, pids[i], q, err);
	free(pids);
	if (rc != ML_OK)
		ml_procs_free(t);
	return rc;
}

int ml_procs_load(struct ml_proc_table *t, const struct ml_source *src,
		  const struct ml_procs_query *q, struct ml_error *err)
{
	if (!ml_source_is_live(src))
		return ml_procs_load_files(t, src, q, err);
	int rc = ml_procs_scan_libproc2(t, q, err);
	if (rc == ML_OK && q->rollup) {
		rc = ml_procs_add_rollups_libproc2(t, err);
		if (rc != ML_OK)
			ml_procs_free(t);
	}
	return rc;
}

/* ---- sorting ---- */

int ml_procs_sort_key(const char *name)
{
	static const char *const names[] = {
		[ML_SORT_PID] = "pid", [ML_SORT_CMD] = "cmd", [ML_SORT_VSZ] = "vsz",
		[ML_SORT_RSS] = "rss", [ML_SORT_PSS] = "pss", [ML_SORT_USS] = "uss",
		[ML_SORT_SWAP] = "swap",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

static uint64_t sort_value(const struct ml_proc *p, enum ml_procs_sort key)
{
	switch (key) {
	case ML_SORT_VSZ:
		return p->virt_bytes;
	case ML_SORT_RSS:
		return ml_proc_rss(p);
	case ML_SORT_PSS:
		return p->rollup.pss;
	case ML_SORT_USS:
		return ml_proc_uss(p);
	case ML_SORT_SWAP:
		return p->rollup.swap;
	default:
		return 0;
	}
}

static int cmp_proc(const void *a, const void *b, void *arg)
{
	const struct ml_proc *x = a, *y = b;
	enum ml_procs_sort key = *(const enum ml_procs_sort *)arg;
	int c = 0;
	if (key == ML_SORT_CMD) {
		c = strcmp(x->command, y->command);
	} else if (key != ML_SORT_PID) {
		uint64_t u = sort_value(x, key), v = sort_value(y, key);
		c = (u < v) - (u > v);
	}
	return c ? c : (x->pid > y->pid) - (x->pid < y->pid);
}

void ml_procs_sort(struct ml_proc_table *t, enum ml_procs_sort key)
{
	if (t->n > 1)
		qsort_r(t->procs, t->n, sizeof(*t->procs), cmp_proc, &key);
}

/* ---- one process's mappings ---- */

void ml_proc_maps_free(struct ml_proc_maps *pm)
{
	ml_smaps_free(&pm->smaps);
	if (pm->has_status)
		ml_proc_status_free(&pm->status);
	memset(pm, 0, sizeof(*pm));
}

int ml_proc_maps_load(struct ml_proc_maps *pm, const struct ml_source *src, int pid,
		      struct ml_note **notes, size_t *nnotes, struct ml_error *err)
{
	char path[64], shown[4096];
	struct ml_buffer b;
	struct ml_error quiet = { 0 };
	memset(pm, 0, sizeof(*pm));
	pm->pid = pid;

	snprintf(path, sizeof(path), "/proc/%d/smaps", pid);
	ml_source_display(src, path, shown, sizeof(shown));
	/* Live, the kernel prints smaps a few KiB per read() and finds its place
	 * again by address: a mapping split, merged or moved between two reads
	 * can show up overlapping the one before, or twice.  That is the process
	 * changing, not a malformed file: read again, a few times. */
	int rc, attempts = 0;
	for (;;) {
		rc = ml_source_read(src, path, &b, &quiet);
		if (rc == ML_ENOENT)
			return ml_error_set(err, ML_ENOENT, NULL, 0, "no process %d%s (%s: %s)", pid,
					    ml_source_is_live(src) ? "" : " in the snapshot", quiet.file,
					    quiet.message);
		if (rc != ML_OK) {
			*err = quiet;
			return rc;
		}
		rc = ml_parse_smaps(b.data, b.len, shown, &pm->smaps, err);
		ml_buffer_free(&b);
		if (rc != ML_EPARSE || !ml_source_is_live(src))
			break;
		if (++attempts == 5) {
			struct ml_error last = *err;
			return ml_error_set(err, ML_EIO, shown, 0,
					    "process %d changed its mappings while they were read, %d times in a row (last: line %lu: %s); try again",
					    pid, attempts, last.line, last.message);
		}
	}
	if (rc != ML_OK)
		return rc;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	ml_source_display(src, path, shown, sizeof(shown));
	rc = ml_source_read(src, path, &b, &quiet);
	if (rc == ML_OK) {
		rc = ml_parse_status(b.data, b.len, shown, &pm->status, err);
		if (rc == ML_OK)
			pm->has_status = true;
		if (rc == ML_OK)
			rc = check_status_pid(&pm->status, pid, &b, shown, err);
		ml_buffer_free(&b);
		if (rc != ML_OK)
			goto fail;
	} else if (rc == ML_ENOMEM) {
		rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
		goto fail;
	} else if (rc == ML_EIO && !ml_source_is_live(src)) {
		/* Refused (a symlink leading out of the snapshot) or unreadable. */
		*err = quiet;
		goto fail;
	} else {
		ml_system_note(notes, nnotes, "%s: %s: the command name and VmSize are not shown",
			       quiet.file, quiet.message);
	}

	rc = read_rollup(src, pid, &pm->rollup, &quiet, err);
	if (rc < 0)
		goto fail;
	pm->has_rollup = rc == 1;
	if (!pm->has_rollup && pm->smaps.n)
		ml_system_note(notes, nnotes, "%s: %s: totals are the sums of the mappings",
			       quiet.file, quiet.message);

	if (pm->smaps.n == 0) {
		uint64_t vmsize = 0;
		snprintf(path, sizeof(path), "/proc/%d/smaps", pid);
		ml_source_display(src, path, shown, sizeof(shown));
		if (pm->has_status && ml_kv_get(&pm->status.mem, "VmSize", &vmsize) && vmsize)
			rc = ml_error_set(err, ML_EIO, shown, 0,
					  "empty, although status says %llu kB are mapped: it was read without access to the process (ptrace rights)",
					  (unsigned long long)(vmsize / 1024));
		else
			rc = ml_error_set(err, ML_EIO, NULL, 0,
					  "process %d%s%s%s has no user memory (a kernel thread or a zombie)",
					  pid, pm->has_status ? " (" : "",
					  pm->has_status ? pm->status.name : "", pm->has_status ? ")" : "");
		goto fail;
	}
	return ML_OK;
fail:
	ml_proc_maps_free(pm);
	return rc;
}

/* ---- overcommit policy ---- */

int ml_overcommit_load(struct ml_overcommit *oc, const struct ml_source *src,
		       struct ml_error *err)
{
	static const char *const paths[] = { "/proc/sys/vm/overcommit_memory",
					     "/proc/sys/vm/overcommit_ratio",
					     "/proc/sys/vm/overcommit_kbytes" };
	memset(oc, 0, sizeof(*oc));
	oc->mode = -1;
	for (int i = 0; i < 3; i++) {
		struct ml_buffer b;
		char shown[4096];
		uint64_t v;
		struct ml_error e = { 0 };
		int got = ml_source_read(src, paths[i], &b, &e);
		/* A snapshot's file refused (a symlink leading out of it) is an
		 * error; a missing one leaves the policy unknown. */
		if (got == ML_EIO && !ml_source_is_live(src)) {
			*err = e;
			return got;
		}
		if (got != ML_OK)
			continue;
		ml_source_display(src, paths[i], shown, sizeof(shown));
		int rc = ml_parse_sysctl_u64(b.data, b.len, shown, &v, err);
		ml_buffer_free(&b);
		if (rc != ML_OK)
			return rc;
		if (i == 0) {
			/* mm/util.c: overcommit_policy_handler accepts 0..2. */
			if (v > 2)
				return ml_error_set(err, ML_EPARSE, shown, 1,
						    "overcommit_memory is %llu; the kernel takes 0, 1 or 2",
						    (unsigned long long)v);
			oc->mode = (int)v;
		} else if (i == 1) {
			oc->ratio = v;
			oc->has_ratio = true;
		} else {
			oc->kbytes = v;
			oc->has_kbytes = true;
		}
	}
	return ML_OK;
}
