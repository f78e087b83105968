/* What each mapping is, and why VIRT is so much larger than RSS: every byte
 * of a process's address space, from its smaps (kernel-model §11.8, §11.9),
 * put in exactly one part, so that the parts add up to VIRT. */
#ifndef ML_VM_RSS_H
#define ML_VM_RSS_H

#include <stddef.h>
#include <stdint.h>

#include "../model/procs.h"
#include "../parse/smaps.h"
#include "../util/kv.h"

/* What backs a mapping, from its name, permissions and hugetlb fields
 * (kernel-model §11.8 name table). */
enum ml_map_kind {
	ML_MAP_ANON,          /* unnamed anonymous */
	ML_MAP_ANON_NAMED,    /* [anon:NAME] (prctl PR_SET_VMA_ANON_NAME) */
	ML_MAP_FILE,
	ML_MAP_HEAP,          /* [heap]: the brk area */
	ML_MAP_STACK,         /* [stack]: the main thread's */
	ML_MAP_VDSO,
	ML_MAP_VVAR,          /* [vvar], [vvar_vclock] */
	ML_MAP_VSYSCALL,
	ML_MAP_SPECIAL,       /* other [name]: [uprobes], [sigpage], [vectors] */
	ML_MAP_SHMEM,         /* /dev/zero (deleted), [anon_shmem:], /dev/shm/ */
	ML_MAP_SYSV,          /* /SYSV%08x (deleted) */
	ML_MAP_MEMFD,         /* /memfd:NAME (deleted) */
	ML_MAP_HUGETLB,       /* hugetlbfs: *_Hugetlb > 0 or VmFlags 'ht' */
	ML_MAP_NKINDS
};
enum ml_map_kind ml_map_kind(const struct ml_mapping *m);
const char *ml_map_kind_name(enum ml_map_kind kind);
/* A smaps field in bytes, 0 when the kernel did not print it. */
uint64_t ml_map_field(const struct ml_mapping *m, const char *name);
/* Bytes in PMD-mapped transparent huge pages (AnonHugePages +
 * ShmemPmdMapped + FilePmdMapped). */
uint64_t ml_map_thp_bytes(const struct ml_mapping *m);

/* What an anonymous mapping is for, recognised from the layout glibc (and
 * musl) leave behind. */
enum ml_map_role {
	ML_ROLE_NONE,
	ML_ROLE_THREAD_STACK,    /* rw-p right above a PROT_NONE guard */
	ML_ROLE_STACK_GUARD,
	ML_ROLE_ARENA,           /* malloc arena: rw-p part of an aligned heap */
	ML_ROLE_ARENA_RESERVE,   /* its PROT_NONE rest, up to HEAP_MAX_SIZE */
	ML_ROLE_N
};
const char *ml_map_role_name(enum ml_map_role role);   /* NULL for none */
/* roles[i] for sm->maps[i]. */
void ml_map_roles(const struct ml_smaps *sm, enum ml_map_role *roles);
/* glibc's HEAP_MAX_SIZE for the process: 64 MiB for a 64-bit one, 1 MiB
 * for a 32-bit one (told by its addresses). */
uint64_t ml_arena_size(const struct ml_smaps *sm);

/* The parts of VIRT.  Each mapping's bytes go: resident (Rss), then
 * hugetlb pages, then swap, and the rest by what the mapping is. */
enum ml_vm_part {
	ML_VM_RESIDENT,
	ML_VM_HUGETLB,
	ML_VM_SWAPPED,
	ML_VM_ARENA_RESERVE,
	ML_VM_GUARD,
	ML_VM_PROT_NONE,
	ML_VM_THREAD_STACK,
	ML_VM_ARENA,
	ML_VM_HEAP,
	ML_VM_STACK,
	ML_VM_ANON,
	ML_VM_SHMEM,
	ML_VM_FILE,
	ML_VM_SPECIAL,
	ML_VM_HUGETLB_UNFAULTED,
	ML_VM_NPARTS
};
struct ml_vm_part_info {
	const char *key;      /* JSON */
	const char *label;    /* short, for the table */
	const char *why;      /* one line */
};
const struct ml_vm_part_info *ml_vm_part_info(enum ml_vm_part part);

#define ML_VM_NSHARED 5

struct ml_vm_shared_file {
	char name[256];       /* the mapping name, "[anon]" when unnamed */
	uint64_t bytes;       /* Σ (Rss - Pss) over its mappings */
};

struct ml_vm_breakdown {
	size_t nmaps;
	uint64_t virt;                          /* Σ (end - start) */
	uint64_t part[ML_VM_NPARTS];            /* Σ part = virt */
	size_t part_maps[ML_VM_NPARTS];         /* mappings with bytes in the part */
	size_t role_count[ML_ROLE_N];
	uint64_t role_virt[ML_ROLE_N], role_rss[ML_ROLE_N];
	/* Σ over mappings, bytes */
	uint64_t rss, pss, uss, shared, anon, thp, swap, swap_pss, locked, hugetlb;
	/* Rss - Pss in mappings none of whose pages is shared (Shared_* = 0):
	 * the kernel counted PSS below RSS for pages no one else maps. */
	uint64_t pss_gap_unshared;
	struct ml_vm_shared_file shared_files[ML_VM_NSHARED];  /* largest Rss - Pss */
	size_t nshared_files;
	uint64_t vsyscall;    /* the gate page: printed in maps, not in VmSize */
};

/* 0 or ML_ENOMEM (err set). */
int ml_vm_breakdown(const struct ml_smaps *sm, struct ml_vm_breakdown *out,
		    struct ml_error *err);

/* One sentence on the overcommit policy with CommitLimit and Committed_AS
 * from meminfo (kernel-model §11.6); meminfo may be empty. */
void ml_overcommit_sentence(const struct ml_overcommit *oc, const struct ml_kv *meminfo,
			    char *buf, size_t n);

#endif
