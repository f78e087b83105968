/* Kernel allocation-failure reports in a log (kernel-model §9, §5.6, §8.1,
 * §9.5): "page allocation failure", "page allocation stalls for", "invoked
 * oom-killer", vmalloc failures, the over-max-order WARNING from
 * mm/page_alloc.c, and bare Mem-Info dumps (SysRq-m, show_mem).
 *
 * Pure: text -> list of reports, and one report -> an ml_system built from its
 * Mem-Info dump.  No I/O, no globals, no printing.  The parser copes with what
 * real logs look like: timestamps, syslog/journal/Android prefixes, other
 * messages interleaved, several reports in one file, kernels from 2.6 to 6.x,
 * truncated reports and lines wrapped by mail clients.  A figure that cannot
 * be read is never guessed: it is left unset and named in the report's
 * `problems` list. */
#ifndef ML_PARSE_FAILURE_REPORT_H
#define ML_PARSE_FAILURE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../analyse/explain.h"
#include "../analyse/gfp.h"
#include "../model/limits.h"
#include "../util/error.h"
#include "../util/kv.h"

struct ml_system;

enum ml_report_kind {
	ML_REPORT_PAGE_ALLOC_FAILURE,   /* warn_alloc(): "page allocation failure" (§9.2) */
	ML_REPORT_STALL,                /* warn_alloc(): "page allocation stalls for Nms" */
	ML_REPORT_OOM,                  /* dump_header(): "invoked oom-killer" (§5.6) */
	ML_REPORT_VMALLOC,              /* "vmalloc error: size", "vmalloc: allocation failure",
					 * "vmap allocation for size ... failed" (§8.1) */
	ML_REPORT_MAX_ORDER_WARNING,    /* WARNING at mm/page_alloc.c in __alloc_pages*() (§5, §9.5) */
	ML_REPORT_MEMINFO,              /* a Mem-Info dump with no failure header (SysRq-m) */
};

/* What a vmalloc report says failed (§8.1). */
enum ml_vmalloc_failure {
	ML_VMALLOC_UNKNOWN,
	ML_VMALLOC_ADDRESS_SPACE,       /* "vm_struct allocation failed", vmap/vmalloc_node_range failed */
	ML_VMALLOC_EXCEEDS_TOTAL,       /* "size N, exceeds total pages" */
	ML_VMALLOC_PAGES,               /* "failed to allocate pages", "allocated X of Y bytes" */
	ML_VMALLOC_PAGE_ARRAY,          /* "failed to allocated page array size N" */
	ML_VMALLOC_MAP,                 /* "failed to map pages" */
	ML_VMALLOC_OLD_GENERIC,         /* 3.x–5.x "vmalloc: allocation failure: N bytes" */
};

/* One "[Node N ]ZONE free:..." line, its lowmem_reserve[] line and its buddy
 * line.  Sizes printed in kB are kept in bytes; counts printed in pages stay
 * pages.  Every key:value of the zone line is also kept in `fields`. */
struct ml_report_zone {
	int node;                       /* 0 when the kernel printed no "Node N" (no NUMA) */
	char name[ML_NAME];
	unsigned long line;             /* of the zone line, 0 when only a buddy line was seen */

	bool has_zone_line;
	struct ml_kv fields;            /* kB values as bytes, bare numbers as printed */
	int all_unreclaimable;          /* old per-zone "all_unreclaimable? yes|no"; -1 absent */

	bool has_reserve;
	bool reserve_is_old_protections; /* 2.6.5 "protections[]:" (another meaning) */
	uint64_t reserve[ML_MAX_ZONES]; /* pages, by the allocation's highest zone index */
	int nreserve;

	bool has_buddy;                 /* a complete, readable buddy line */
	bool buddy_empty;               /* "Node 1 DMA: empty" (2.6.x) */
	unsigned long buddy_line;
	int norders;
	uint64_t block_kb;              /* size of an order-0 block in kB = PAGE_SIZE / 1024 */
	uint64_t blocks[ML_MAX_ORDERS];
	uint8_t types[ML_MAX_ORDERS];   /* ML_REPORT_TYPE_* letters present at each order */
	bool has_buddy_total;
	uint64_t buddy_total_kb;        /* the "= NkB" the kernel printed */
	bool buddy_whole;               /* readable to its "= NkB", and the blocks add up to it */
};

/* Migrate-type letters of a buddy line (§9.3 d, §3.1). */
enum {
	ML_REPORT_TYPE_U = 1u << 0,     /* Unmovable */
	ML_REPORT_TYPE_M = 1u << 1,     /* Movable */
	ML_REPORT_TYPE_E = 1u << 2,     /* Reclaimable */
	ML_REPORT_TYPE_H = 1u << 3,     /* HighAtomic (4.4+) */
	ML_REPORT_TYPE_C = 1u << 4,     /* CMA */
	ML_REPORT_TYPE_I = 1u << 5,     /* Isolate */
	ML_REPORT_TYPE_R = 1u << 6,     /* Reserve (2.6.24 – 4.3) */
	ML_REPORT_TYPE_OTHER = 1u << 7, /* a letter memlayout does not know */
};

struct ml_report_node {
	int node;
	unsigned long line;
	struct ml_kv fields;            /* kB values as bytes */
	int all_unreclaimable;          /* -1 absent */
};

struct ml_report_hugepages {
	int node;
	uint64_t size_kb, total, free, surplus;
};

/* One row of the OOM killer's task table ("Tasks state"), in pages. */
struct ml_report_task {
	int64_t pid;
	uint64_t total_vm, rss, swapents;
	bool has_swapents;
	int64_t oom_score_adj;
	char name[32];
};

/* usage/limit/failcnt lines of a memcg OOM ("memory: usage 10kB, limit ..."). */
struct ml_report_counter {
	bool has;
	uint64_t usage_bytes, limit_bytes, failcnt;
};

struct ml_report_slab {
	char name[48];
	uint64_t used_bytes, total_bytes;
};

#define ML_REPORT_MAX_FRAMES 64
#define ML_REPORT_FRAME 96

struct ml_report {
	enum ml_report_kind kind;
	unsigned long first_line, last_line;    /* in the input, 1-based */
	char header[600];               /* the header line as read, prefixes removed */
	char comm[64];                  /* task name ("" unknown) */

	bool has_order;
	unsigned order;
	bool has_mode;
	uint64_t mode_hex;              /* as printed: meaning depends on the kernel (§1.1) */
	bool has_mode_names;
	char mode_names[512];           /* the %pGg text inside the parentheses (§1.5) */
	bool has_nodemask;
	char nodemask[128];             /* "(null)" when the allocation had none */
	bool has_cpuset;
	char cpuset[256];
	char mems_allowed[128];

	char kernel[128];               /* release, "" unknown */
	char kernel_from[96];           /* where the release was read */
	char arch[32];                  /* "x86_64", "i386", "arm64", ... or "" */
	char arch_from[96];
	/* Read elsewhere in the log (a "Linux version" line, another report
	 * of the same boot), not in this report. */
	bool kernel_elsewhere, arch_elsewhere;
	unsigned long boot_line;        /* the last "Linux version" line before it, 0 none */
	int word_bits;                  /* 32/64 when the trace addresses tell, else 0 */
	char hardware[160];
	unsigned suppressed_before;     /* "warn_alloc: N callbacks suppressed" just before */

	/* stall */
	uint64_t stall_ms;

	/* OOM (§5.6) */
	bool has_oom_score_adj;
	int64_t oom_score_adj;
	char oom_constraint[48];        /* CONSTRAINT_NONE|CPUSET|MEMORY_POLICY|MEMCG */
	char oom_memcg[256], task_memcg[256];
	struct ml_report_counter memcg_memory, memcg_memsw, memcg_swap, memcg_kmem;
	bool has_memcg_stats;
	struct ml_kv memcg_stats;       /* "Memory cgroup stats for ...": name -> bytes */
	bool has_killed;
	int64_t killed_pid;
	char killed_comm[64];
	uint64_t cma_fail_pages;        /* "cma_alloc: alloc failed, req-size: N pages" just before */
	bool fault_injected;            /* "FAULT_INJECTION: forcing a failure." just before */
	bool has_killed_rss;            /* 2.6.25+: the kill line gives total-vm and the rss parts */
	uint64_t killed_total_vm_kb, killed_anon_rss_kb, killed_file_rss_kb, killed_shmem_rss_kb;
	bool memcg_oom_kill;            /* "Memory cgroup out of memory: Killed process" */
	bool oom_no_killable;           /* "Out of memory and no killable processes..." */
	struct ml_report_task *tasks;
	size_t ntasks;
	bool tasks_have_swap;
	struct ml_report_slab *slabs;   /* "Unreclaimable slab info:" rows */
	size_t nslabs;

	/* vmalloc (§8.1) */
	enum ml_vmalloc_failure vmalloc_what;
	bool has_vmalloc_size;
	uint64_t vmalloc_size;          /* the "size N" / "N bytes" / "of N bytes" request */
	bool has_vmalloc_allocated;
	uint64_t vmalloc_allocated;     /* bytes obtained before failing (page failures) */
	bool has_vmalloc_array;
	uint64_t vmalloc_array_size;    /* "failed to allocated page array size N" */
	bool vmalloc_page_order_given;  /* 5.15–6.1 "page order N": order is the vmalloc page order */
	bool has_vmap_size;
	uint64_t vmap_size;             /* "vmap allocation for size N": request + guard page */
	bool has_vmap_range;
	uint64_t vmap_range_start, vmap_range_end;
	bool vmap_says_vmalloc_param;   /* "... use vmalloc=<size> to increase size": up to 6.6 (§8.1) */
	/* One-line vmap failures just before this one, of the same burst
	 * (consecutive lines): counted here rather than as reports of their own. */
	unsigned vmap_burst;            /* how many */
	unsigned vmap_burst_same_size;  /* of them, of this report's vmap size */
	unsigned long vmap_burst_first, vmap_burst_last;   /* their lines */

	/* WARNING */
	char warn_location[128];        /* "mm/page_alloc.c:5295" */
	char warn_function[96];         /* "__alloc_pages" */

	/* "Kernel panic - not syncing: REASON" inside the report ("" none):
	 * the outcome the user saw (an OOM with nothing to kill, panic_on_oom) */
	char panic[160];

	/* call trace: function names, innermost first, '?' frames left out */
	char frames[ML_REPORT_MAX_FRAMES][ML_REPORT_FRAME];
	bool frame_unreliable[ML_REPORT_MAX_FRAMES];   /* printed with "? " */
	int nframes;

	/* Mem-Info dump (§9.3) */
	bool has_meminfo;
	unsigned long meminfo_line;
	bool meminfo_complete;          /* reached the "pages RAM"/"pages reserved" tail */
	struct ml_kv global;            /* first block, pages (old kernels: as printed) */
	struct ml_report_node *nodes;
	size_t nnodes;
	struct ml_report_zone *zones;
	size_t nzones;
	struct ml_report_hugepages *hugepages;
	size_t nhugepages;
	struct ml_kv tail;              /* "pages RAM" -> n, "Free swap" -> bytes, ... */
	bool has_free_swap, has_total_swap;
	uint64_t free_swap_bytes, total_swap_bytes;
	uint64_t page_size;             /* from the smallest buddy block, 0 unknown */
	int norders;                    /* MAX_PAGE_ORDER + 1 from the whole buddy lines, 0 unknown */
	unsigned long foreign_lines;    /* other messages found inside the dump */

	/* What the report lacks or could not be read: each a sentence. */
	char (*problems)[400];
	size_t nproblems;
	bool truncated;                 /* the report stops before its end */
};

/* What the log said outside the reports, that reports may use. */
struct ml_report_context {
	char kernel[128];               /* "Linux version X" */
	unsigned long kernel_line;
	char vmalloc_param[64];         /* "vmalloc=4M" from "Kernel command line:" */
};

struct ml_report_list {
	struct ml_report *v;
	size_t n;
	struct ml_report_context ctx;
	unsigned long lines;            /* lines read (of the decoded text when quoted_printable) */
	size_t dropped;                 /* reports beyond the first 4096, not kept */
	bool quoted_printable;          /* the input was undecoded quoted-printable mail text: decoded first */
};

/* Pure: buf (len bytes, any content) -> every report found, in log order.
 * One-line vmap failures in consecutive lines are one burst: they are
 * counted into the report of the last of them (vmap_burst), which the
 * stack dump after them belongs to.  A report whose own lines name no
 * kernel or arch takes those of the "Linux version" line before it, or of
 * the nearest report of the same boot (kernel_elsewhere, arch_elsewhere).
 * Text that is clearly quoted-printable (a mail saved undecoded: "=3D" or
 * "=20" escapes and every "=" an escape or a soft line break) is decoded
 * first and the list says so; line numbers are then those of the decoded
 * text.  Only ML_ENOMEM is an error; unreadable parts are reported per report. */
int ml_parse_failure_reports(const char *buf, size_t len, const char *file,
			     struct ml_report_list *out, struct ml_error *err);
void ml_report_list_free(struct ml_report_list *list);

const char *ml_report_kind_name(enum ml_report_kind kind);   /* "page allocation failure" */
const char *ml_report_kind_key(enum ml_report_kind kind);    /* "page_allocation_failure" */
const char *ml_vmalloc_failure_name(enum ml_vmalloc_failure what);

/* Zone figures of a report by name: a kB field in bytes. */
bool ml_report_zone_bytes(const struct ml_report_zone *z, const char *key, uint64_t *out);
/* Letters "UMEH" of a type mask. */
void ml_report_type_letters(uint8_t mask, char *buf, size_t n);
/* The first frame that is not dump/warn machinery ("veth_dev_init"), or "". */
const char *ml_report_caller(const struct ml_report *r);
bool ml_report_has_frame(const struct ml_report *r, const char *prefix);

/* Build an ml_system from the report's Mem-Info dump (kernel-model §9.3):
 * zones with node, name, kind, index (from the lowmem_reserve[] arrays,
 * §2.5), free pages, watermarks, boost, managed, present, protection[],
 * per-order free blocks, LRU sizes, free_pcp, free_cma; meminfo-named
 * figures (MemFree, SwapTotal, SwapFree, ... in bytes) in sys->meminfo and
 * vmstat-named page counts in sys->vmstat.  A zone whose free memory or
 * watermarks could not be read gets has_zoneinfo = false and a warning in
 * sys->warnings.  Only the zones the dump prints are in the model (sys->origin
 * is ML_ORIGIN_REPORT): the kinds it leaves out get their indices from the
 * analysis's zone numbering (alloc_rules.h ml_zone_numbering()).
 * ML_EPARSE when the report has no zone at all. */
int ml_report_to_system(const struct ml_report *r, const char *file, struct ml_system *sys,
			struct ml_error *err);

/* The question a report asks explain (kernel-model §5.8): the order and mask
 * of a page-allocator report, or the size and mask of a vmalloc report, on
 * the model built from its dump. */
struct ml_report_request {
	bool ok;                        /* a request could be built */
	char why_not[400];              /* else: what is missing */
	struct ml_explain_request req;
	ml_gfp_t gfp;
	uint64_t gfp_unknown;           /* bits without a name (reported) */
	bool gfp_from_names;            /* decoded from the %pGg names (§1.5) */
	char gfp_from[200];             /* how the mask was decoded */
	char gfp_note[300];             /* hex and names disagree, unknown names... */
	char kernel_note[300];          /* no release: the era the message format gives (§0) */
	uint64_t *free_highatomic;      /* per sys->zones[i], owned */
	char highatomic_from[120];
};

/* Build the request for report r on sys (from ml_report_to_system).  The
 * mask comes from the symbolic names when printed (§1.5), else from the hex
 * read with the layout of the kernel's version (§1.1, ml_gfp_from_hex(), which
 * knows the layouts back to 2.6.18).  Returns ML_OK even when no request can
 * be built (out->ok false, out->why_not says why); ML_ENOMEM otherwise. */
int ml_report_request(const struct ml_report *r, const struct ml_system *sys,
		      struct ml_report_request *out, struct ml_error *err);
void ml_report_request_free(struct ml_report_request *rq);

/* A node list ("0-1,3", as nodemask= and mems_allowed= print it) as one
 * flag per node below max; false when it cannot be read or names a node
 * beyond max.  ml_nodemask_parse() (model/nodemask.h) gives the mask. */
bool ml_report_nodelist(const char *list, bool *nodes, int max);

#endif
