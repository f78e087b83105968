/* The process table and one process's mappings.
 *
 * Live, the table comes from libproc2 (procps 4), which copes with processes
 * that exit while /proc is walked; a snapshot's comes from its per-process
 * files (status, cmdline, smaps_rollup) through our own parsers
 * (kernel-model §11.9).  Both give the same figures for the same process: a
 * unit test reads a live process both ways.
 *
 * smaps_rollup makes the kernel walk the process's page tables and needs
 * ptrace-read access, so it is read only when asked for (PSS, USS, swap). */
#ifndef ML_PROCS_H
#define ML_PROCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../parse/smaps.h"
#include "../source/source.h"
#include "../util/error.h"
#include "system.h"

/* smaps_rollup figures, bytes (kernel-model §11.9). */
struct ml_proc_rollup {
	uint64_t rss, pss, pss_anon, pss_file, pss_shmem;
	uint64_t shared_clean, shared_dirty, private_clean, private_dirty;
	uint64_t swap, swap_pss, locked, anon_huge;
};

struct ml_proc {
	int pid;
	uint32_t uid;             /* effective uid */
	char user[64];            /* live: the user name (libproc2 looks it up);
	                           * snapshot: the uid in decimal, since a
	                           * snapshot's passwd is not ours to read */
	char *command;            /* comm (status Name); malloc'd */
	char *args;               /* cmdline, arguments joined by blanks; "" if none */
	uint64_t virt_bytes;      /* status VmSize */
	uint64_t vmrss_bytes;     /* status VmRSS (per-mm counters) */
	bool has_rollup;          /* smaps_rollup was read */
	struct ml_proc_rollup rollup;
	unsigned long long start_ticks; /* live: start time, to tell a reused PID */
};

/* RSS as shown: smaps_rollup Rss (page-table walk, the same walk as PSS)
 * when it was read, else status VmRSS (counters that may lag slightly,
 * kernel-model §11.9). */
uint64_t ml_proc_rss(const struct ml_proc *p);
/* USS: pages mapped by this process alone (Private_Clean + Private_Dirty). */
uint64_t ml_proc_uss(const struct ml_proc *p);

struct ml_proc_table {
	struct ml_proc *procs;
	size_t n, cap;
	size_t partial;           /* smaps_rollup wanted but unreadable */
	size_t skipped;           /* gone between listing and reading, or asked
	                           * for by --pid and not there */
	size_t no_mm;             /* kernel threads and zombies: no user memory */
	bool rollup_wanted;
	bool from_libproc2;
};

/* Which processes, and whether to read smaps_rollup. */
struct ml_procs_query {
	const int *pids;          /* only these; NULL for every process */
	size_t npids;
	const char *user;         /* user name or uid; NULL for any */
	const char *cmd;          /* substring of command or args, or a glob
	                           * (fnmatch) when it holds * ? or [; NULL any */
	bool rollup;
};

bool ml_proc_matches(const struct ml_proc *p, const struct ml_procs_query *q);

/* Live (src live): libproc2; snapshot: the files.  Processes that vanish
 * are counted in t->skipped, unreadable smaps_rollup in t->partial; only a
 * malformed file (ML_EPARSE, file:line), a missing /proc or no memory is an
 * error. */
int ml_procs_load(struct ml_proc_table *t, const struct ml_source *src,
		  const struct ml_procs_query *q, struct ml_error *err);
/* The two live steps, separately (tests kill a process between them):
 * list with status/statm items, then read smaps_rollup of those listed. */
int ml_procs_scan_libproc2(struct ml_proc_table *t, const struct ml_procs_query *q,
			   struct ml_error *err);
int ml_procs_add_rollups_libproc2(struct ml_proc_table *t, struct ml_error *err);
/* Through our parsers, from src (a snapshot, or the live /proc). */
int ml_procs_load_files(struct ml_proc_table *t, const struct ml_source *src,
			const struct ml_procs_query *q, struct ml_error *err);
void ml_procs_free(struct ml_proc_table *t);

enum ml_procs_sort {
	ML_SORT_PID, ML_SORT_CMD, ML_SORT_VSZ, ML_SORT_RSS, ML_SORT_PSS, ML_SORT_USS,
	ML_SORT_SWAP,
};
/* "pid", "cmd", "vsz", "rss", "pss", "uss", "swap"; -1 when unknown. */
int ml_procs_sort_key(const char *name);
/* pid and cmd ascending, sizes descending (ties by PID). */
void ml_procs_sort(struct ml_proc_table *t, enum ml_procs_sort key);

/* One process's mappings: smaps (required), smaps_rollup and status when
 * readable. */
struct ml_proc_maps {
	int pid;
	struct ml_smaps smaps;
	bool has_rollup;
	struct ml_proc_rollup rollup;
	bool has_status;
	struct ml_proc_status status;
};

/* ML_ENOENT: no such process; ML_EACCES: not allowed; ML_EPARSE: a
 * malformed file; ML_EIO: smaps empty although the process has memory (a
 * snapshot taken without access).  Notes about the optional files go to
 * notes (ml_system_note). */
int ml_proc_maps_load(struct ml_proc_maps *pm, const struct ml_source *src, int pid,
		      struct ml_note **notes, size_t *nnotes, struct ml_error *err);
void ml_proc_maps_free(struct ml_proc_maps *pm);

/* The overcommit policy: /proc/sys/vm/overcommit_{memory,ratio,kbytes}. */
struct ml_overcommit {
	int mode;                 /* 0 heuristic, 1 always, 2 strict; -1 unknown */
	bool has_ratio, has_kbytes;
	uint64_t ratio, kbytes;
};
/* Missing files leave the fields unknown; a malformed one is an error. */
int ml_overcommit_load(struct ml_overcommit *oc, const struct ml_source *src,
		       struct ml_error *err);

#endif
