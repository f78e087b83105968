/* Per-process memory files: /proc/PID/maps (kernel-model §11.8),
 * /proc/PID/smaps and smaps_rollup, and the memory lines of /proc/PID/status
 * (kernel-model §11.9). */
#ifndef ML_PARSE_SMAPS_H
#define ML_PARSE_SMAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/error.h"
#include "../util/kv.h"

/* Longest VmFlags text kept: two-letter mnemonics joined by single spaces. */
#define ML_VMFLAGS_LEN 128

struct ml_mapping {
	uint64_t start, end;          /* [start, end) virtual addresses */
	char perms[5];                /* "r-xp": [r-][w-][x-][sp] */
	uint64_t offset;              /* file offset in bytes */
	unsigned dev_major, dev_minor;
	uint64_t inode;
	char *name;                   /* malloc'd, never NULL: "" when anonymous;
	                               * " (deleted)" and "\012" kept as printed */
	/* smaps only: every "Name: N kB" line in BYTES (Rss, Pss, Pss_Dirty,
	 * Shared_Clean, ..., Swap, SwapPss, Locked, Size, KernelPageSize,
	 * MMUPageSize; Pss_Anon/Pss_File/Pss_Shmem in smaps_rollup), and lines
	 * without a unit (THPeligible, ProtectionKey) as the plain number.
	 * Names unknown today are kept.  Empty for ml_parse_maps(). */
	struct ml_kv fields;
	char vmflags[ML_VMFLAGS_LEN]; /* "rd wr mr mw me ac": the VmFlags
	                               * tokens joined by one space, "" if none */
	unsigned long line;           /* line of the header in the file */
};

struct ml_smaps {
	struct ml_mapping *maps;      /* ascending, non-overlapping */
	size_t n;
};

/* /proc/PID/maps: one mapping per line, no fields.  An empty buffer is zero
 * mappings (kernel threads and exited tasks have no mm).  0, or
 * ML_EPARSE/ML_ENOMEM with err set (file and line) and *out empty. */
int ml_parse_maps(const char *buf, size_t len, const char *file,
		  struct ml_smaps *out, struct ml_error *err);

/* /proc/PID/smaps: each maps header followed by its "Name: value" lines and
 * VmFlags.  Also reads smaps_rollup, which is one "[rollup]" header (first
 * start - last end) plus fields.  Every mapping of one file must carry the
 * same field names: the kernel prints them unconditionally, so a difference
 * means the file was cut. */
int ml_parse_smaps(const char *buf, size_t len, const char *file,
		   struct ml_smaps *out, struct ml_error *err);

void ml_smaps_free(struct ml_smaps *sm);

struct ml_proc_status {
	char name[64];                /* after "Name:\t", may hold spaces;
	                               * longer (escaped) names are cut at 63 */
	int pid, ppid;
	uint32_t uid_real, uid_effective;
	int threads;
	/* Every "Name: N kB" line in bytes: VmPeak VmSize VmLck VmPin VmHWM
	 * VmRSS RssAnon RssFile RssShmem VmData VmStk VmExe VmLib VmPTE VmSwap
	 * HugetlbPages (and any added later). */
	struct ml_kv mem;
	/* "Kthread: 1" when the kernel prints that line (6.x); otherwise no
	 * VmSize line (no mm: a kernel thread, or a zombie). */
	bool is_kernel_thread;
};

/* /proc/PID/status.  Name, Pid, PPid, Uid and Threads are required. */
int ml_parse_status(const char *buf, size_t len, const char *file,
		    struct ml_proc_status *out, struct ml_error *err);
void ml_proc_status_free(struct ml_proc_status *st);

#endif
