/* Mapping kinds, glibc's stack and arena layout, and the VIRT-vs-RSS
 * breakdown (kernel-model §11.8, §11.9). */
#include "vm_rss.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../render/format.h"

uint64_t ml_map_field(const struct ml_mapping *m, const char *name)
{
	return ml_kv_get_or(&m->fields, name, 0);
}

uint64_t ml_map_thp_bytes(const struct ml_mapping *m)
{
	return ml_map_field(m, "AnonHugePages") + ml_map_field(m, "ShmemPmdMapped") +
	       ml_map_field(m, "FilePmdMapped");
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool has_vmflag(const struct ml_mapping *m, const char *flag)
{
	for (const char *p = m->vmflags; *p; p += p[2] ? 3 : 2)
		if (p[0] == flag[0] && p[1] == flag[1])
			return true;
	return false;
}

enum ml_map_kind ml_map_kind(const struct ml_mapping *m)
{
	const char *n = m->name;
	/* hugetlbfs pages are counted in *_Hugetlb, not Rss (kernel-model
	 * §11.9); VmFlags 'ht' marks the VMA even before a fault. */
	if (ml_map_field(m, "Private_Hugetlb") || ml_map_field(m, "Shared_Hugetlb") ||
	    has_vmflag(m, "ht"))
		return ML_MAP_HUGETLB;
	if (!n[0])
		return ML_MAP_ANON;
	if (!strcmp(n, "[heap]"))
		return ML_MAP_HEAP;
	if (!strcmp(n, "[stack]"))
		return ML_MAP_STACK;
	if (!strcmp(n, "[vdso]"))
		return ML_MAP_VDSO;
	if (starts(n, "[vvar"))
		return ML_MAP_VVAR;
	if (!strcmp(n, "[vsyscall]"))
		return ML_MAP_VSYSCALL;
	if (starts(n, "[anon:"))
		return ML_MAP_ANON_NAMED;
	if (starts(n, "[anon_shmem:"))
		return ML_MAP_SHMEM;
	if (n[0] == '[')
		return ML_MAP_SPECIAL;
	/* shmem_zero_setup() names a shared anonymous mapping after
	 * /dev/zero; shm_open() files live on the /dev/shm tmpfs. */
	if ((starts(n, "/dev/zero") && m->perms[3] == 's') || starts(n, "/dev/shm/"))
		return ML_MAP_SHMEM;
	if (starts(n, "/SYSV"))
		return ML_MAP_SYSV;
	if (starts(n, "/memfd:"))
		return ML_MAP_MEMFD;
	return ML_MAP_FILE;
}

const char *ml_map_kind_name(enum ml_map_kind kind)
{
	static const char *const names[ML_MAP_NKINDS] = {
		[ML_MAP_ANON] = "anon", [ML_MAP_ANON_NAMED] = "named-anon", [ML_MAP_FILE] = "file",
		[ML_MAP_HEAP] = "heap", [ML_MAP_STACK] = "stack", [ML_MAP_VDSO] = "vdso",
		[ML_MAP_VVAR] = "vvar", [ML_MAP_VSYSCALL] = "vsyscall", [ML_MAP_SPECIAL] = "special",
		[ML_MAP_SHMEM] = "shmem", [ML_MAP_SYSV] = "sysv-shm", [ML_MAP_MEMFD] = "memfd",
		[ML_MAP_HUGETLB] = "hugetlb",
	};
	return kind < ML_MAP_NKINDS ? names[kind] : "?";
}

const char *ml_map_role_name(enum ml_map_role role)
{
	static const char *const names[ML_ROLE_N] = {
		[ML_ROLE_NONE] = NULL, [ML_ROLE_THREAD_STACK] = "thread-stack",
		[ML_ROLE_STACK_GUARD] = "stack-guard", [ML_ROLE_ARENA] = "malloc-arena",
		[ML_ROLE_ARENA_RESERVE] = "arena-reserve",
	};
	return role < ML_ROLE_N ? names[role] : NULL;
}

static bool anon_private(const struct ml_mapping *m, const char *perms)
{
	return m->inode == 0 && !m->name[0] && !strcmp(m->perms, perms);
}

uint64_t ml_arena_size(const struct ml_smaps *sm)
{
	/* glibc malloc/malloc.c: HEAP_MAX_SIZE = 2 * DEFAULT_MMAP_THRESHOLD_MAX,
	 * which is 4 MiB * sizeof(long) on 64-bit and 512 KiB on 32-bit.  The
	 * x86_64 vsyscall page sits at the top even of a compat process's
	 * maps, so it does not count. */
	for (size_t i = 0; i < sm->n; i++)
		if (sm->maps[i].end > (1ull << 32) && strcmp(sm->maps[i].name, "[vsyscall]") != 0)
			return 64ull << 20;
	return 1ull << 20;
}

void ml_map_roles(const struct ml_smaps *sm, enum ml_map_role *roles)
{
	uint64_t arena = ml_arena_size(sm);
	for (size_t i = 0; i < sm->n; i++)
		roles[i] = ML_ROLE_NONE;
	/* Arenas (glibc arena.c new_heap()): HEAP_MAX_SIZE reserved PROT_NONE at
	 * a HEAP_MAX_SIZE-aligned address; the front is made read-write as the
	 * arena grows, so it reads as rw-p + ---p adding up to HEAP_MAX_SIZE. */
	for (size_t i = 0; i < sm->n; i++) {
		const struct ml_mapping *m = &sm->maps[i];
		if (!anon_private(m, "rw-p") || m->start % arena)
			continue;
		if (m->end - m->start == arena) {
			roles[i] = ML_ROLE_ARENA;
		} else if (i + 1 < sm->n && anon_private(&sm->maps[i + 1], "---p") &&
			   sm->maps[i + 1].start == m->end && sm->maps[i + 1].end - m->start == arena) {
			roles[i] = ML_ROLE_ARENA;
			roles[i + 1] = ML_ROLE_ARENA_RESERVE;
		}
	}
	/* Thread stacks (glibc nptl allocate_stack(), musl pthread_create()):
	 * one mmap for stack + guard, the guard made PROT_NONE at the low end
	 * since stacks grow down; so a small ---p right below a larger rw-p. */
	for (size_t i = 0; i + 1 < sm->n; i++) {
		const struct ml_mapping *g = &sm->maps[i], *s = &sm->maps[i + 1];
		uint64_t gsize = g->end - g->start;
		if (roles[i] || roles[i + 1] || !anon_private(g, "---p") || !anon_private(s, "rw-p") ||
		    s->start != g->end || gsize > (1u << 20) || gsize >= s->end - s->start)
			continue;
		roles[i] = ML_ROLE_STACK_GUARD;
		roles[i + 1] = ML_ROLE_THREAD_STACK;
	}
}

const struct ml_vm_part_info *ml_vm_part_info(enum ml_vm_part part)
{
	static const struct ml_vm_part_info info[ML_VM_NPARTS] = {
		[ML_VM_RESIDENT] = { "resident", "resident (RSS)",
				     "in RAM and mapped: what RSS counts" },
		[ML_VM_HUGETLB] = { "hugetlb_resident", "hugetlbfs pages",
				    "huge pages in RAM, reserved at boot or by nr_hugepages: not counted in RSS" },
		[ML_VM_SWAPPED] = { "swapped", "swapped out",
				    "pages written to swap: still part of VIRT, no longer of RSS" },
		[ML_VM_ARENA_RESERVE] = { "arena_reserve", "malloc arena reserve",
					  "PROT_NONE rest of glibc malloc arenas: address space kept so an arena can grow in place" },
		[ML_VM_GUARD] = { "stack_guards", "thread stack guards",
				  "PROT_NONE pages below thread stacks: an overflow faults instead of corrupting memory" },
		[ML_VM_PROT_NONE] = { "prot_none", "other PROT_NONE",
				      "address space reserved with no access (---p): alignment gaps, reservations" },
		[ML_VM_THREAD_STACK] = { "thread_stacks_untouched", "untouched thread stacks",
					 "each thread reserves a full stack (RLIMIT_STACK, often 8 MiB); only the touched part is RSS" },
		[ML_VM_ARENA] = { "arenas_untouched", "untouched malloc arenas",
				  "read-write part of malloc arenas never written" },
		[ML_VM_HEAP] = { "heap_untouched", "untouched heap", "brk heap never written" },
		[ML_VM_STACK] = { "stack_untouched", "untouched main stack",
				  "main thread's stack below its deepest use" },
		[ML_VM_ANON] = { "anon_untouched", "untouched anonymous",
				 "mapped but never touched: no page allocated yet" },
		[ML_VM_SHMEM] = { "shmem_untouched", "untouched shared memory",
				  "shmem, SysV and memfd pages this process has not faulted in" },
		[ML_VM_FILE] = { "file_not_mapped", "files not paged in",
				 "parts of mapped files not in this process's page tables (maybe in the page cache)" },
		[ML_VM_SPECIAL] = { "kernel_special", "vdso/vvar/vsyscall",
				    "pages the kernel provides (vdso, vvar, vsyscall): not counted in RSS" },
		[ML_VM_HUGETLB_UNFAULTED] = { "hugetlb_unfaulted", "unfaulted hugetlbfs",
					      "hugetlbfs mapping not yet faulted in" },
	};
	return part < ML_VM_NPARTS ? &info[part] : NULL;
}

/* Where the bytes of a mapping that are neither resident, hugetlb nor
 * swapped go.  PROT_NONE first: such bytes can never be touched, whatever
 * else the mapping is. */
static enum ml_vm_part idle_part(const struct ml_mapping *m, enum ml_map_kind kind,
				 enum ml_map_role role)
{
	if (role == ML_ROLE_STACK_GUARD)
		return ML_VM_GUARD;
	if (role == ML_ROLE_ARENA_RESERVE)
		return ML_VM_ARENA_RESERVE;
	if (kind == ML_MAP_HUGETLB)
		return ML_VM_HUGETLB_UNFAULTED;
	if (!strncmp(m->perms, "---", 3))
		return ML_VM_PROT_NONE;
	switch (kind) {
	case ML_MAP_VDSO:
	case ML_MAP_VVAR:
	case ML_MAP_VSYSCALL:
	case ML_MAP_SPECIAL:
		return ML_VM_SPECIAL;
	case ML_MAP_HEAP:
		return ML_VM_HEAP;
	case ML_MAP_STACK:
		return ML_VM_STACK;
	case ML_MAP_SHMEM:
	case ML_MAP_SYSV:
	case ML_MAP_MEMFD:
		return ML_VM_SHMEM;
	case ML_MAP_FILE:
		return ML_VM_FILE;
	default:
		break;
	}
	if (role == ML_ROLE_THREAD_STACK)
		return ML_VM_THREAD_STACK;
	if (role == ML_ROLE_ARENA)
		return ML_VM_ARENA;
	return ML_VM_ANON;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static int cmp_shared(const void *a, const void *b)
{
	const struct ml_vm_shared_file *x = a, *y = b;
	int c = (x->bytes < y->bytes) - (x->bytes > y->bytes);
	return c ? c : strcmp(x->name, y->name);
}

int ml_vm_breakdown(const struct ml_smaps *sm, struct ml_vm_breakdown *out, struct ml_error *err)
{
	memset(out, 0, sizeof(*out));
	out->nmaps = sm->n;
	if (sm->n == 0)
		return ML_OK;
	enum ml_map_role *roles = calloc(sm->n, sizeof(*roles));
	struct ml_vm_shared_file *files = calloc(sm->n, sizeof(*files));
	size_t nfiles = 0;
	if (!roles || !files) {
		free(roles);
		free(files);
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	}
	ml_map_roles(sm, roles);
	for (size_t i = 0; i < sm->n; i++) {
		const struct ml_mapping *m = &sm->maps[i];
		enum ml_map_kind kind = ml_map_kind(m);
		uint64_t size = m->end - m->start;
		uint64_t rss_f = ml_map_field(m, "Rss"), pss = ml_map_field(m, "Pss");
		uint64_t ht_f = ml_map_field(m, "Private_Hugetlb") + ml_map_field(m, "Shared_Hugetlb");
		uint64_t shared = ml_map_field(m, "Shared_Clean") + ml_map_field(m, "Shared_Dirty");
		/* Rss, hugetlb and swap count different pages of the range; the
		 * clamps only guard against a hand-edited file, so the parts
		 * always add up to VIRT. */
		uint64_t rss = min_u64(rss_f, size);
		uint64_t ht = min_u64(ht_f, size - rss);
		uint64_t sw = min_u64(ml_map_field(m, "Swap"), size - rss - ht);
		uint64_t idle = size - rss - ht - sw;
		enum ml_vm_part ip = idle_part(m, kind, roles[i]);

		out->virt += size;
		out->part[ML_VM_RESIDENT] += rss;
		out->part[ML_VM_HUGETLB] += ht;
		out->part[ML_VM_SWAPPED] += sw;
		out->part[ip] += idle;
		out->part_maps[ML_VM_RESIDENT] += rss != 0;
		out->part_maps[ML_VM_HUGETLB] += ht != 0;
		out->part_maps[ML_VM_SWAPPED] += sw != 0;
		out->part_maps[ip] += idle != 0;
		out->role_count[roles[i]]++;
		out->role_virt[roles[i]] += size;
		out->role_rss[roles[i]] += rss_f;

		out->rss += rss_f;
		out->pss += pss;
		out->uss += ml_map_field(m, "Private_Clean") + ml_map_field(m, "Private_Dirty");
		out->shared += shared;
		out->anon += ml_map_field(m, "Anonymous");
		out->thp += ml_map_thp_bytes(m);
		out->swap += ml_map_field(m, "Swap");
		out->swap_pss += ml_map_field(m, "SwapPss");
		out->locked += ml_map_field(m, "Locked");
		out->hugetlb += ht_f;
		if (kind == ML_MAP_VSYSCALL)
			out->vsyscall += size;
		if (rss_f > pss) {
			if (!shared)
				out->pss_gap_unshared += rss_f - pss;
			const char *name = m->name[0] ? m->name : "[anon]";
			size_t k;
			for (k = 0; k < nfiles && strcmp(files[k].name, name) != 0; k++)
				;
			if (k == nfiles)
				snprintf(files[nfiles++].name, sizeof(files[0].name), "%s", name);
			files[k].bytes += rss_f - pss;
		}
	}
	qsort(files, nfiles, sizeof(*files), cmp_shared);
	out->nshared_files = nfiles < ML_VM_NSHARED ? nfiles : ML_VM_NSHARED;
	memcpy(out->shared_files, files, out->nshared_files * sizeof(*files));
	free(files);
	free(roles);
	return ML_OK;
}

void ml_overcommit_sentence(const struct ml_overcommit *oc, const struct ml_kv *meminfo,
			    char *buf, size_t n)
{
	uint64_t limit = 0, committed = 0;
	char l[32], c[32], figures[160] = "";
	bool have = meminfo && ml_kv_get(meminfo, "CommitLimit", &limit) &&
		    ml_kv_get(meminfo, "Committed_AS", &committed);
	if (have) {
		ml_format_size_words(limit, l, sizeof(l));
		ml_format_size_words(committed, c, sizeof(c));
	}
	/* The policies are mm/util.c __vm_enough_memory() and
	 * Documentation/mm/overcommit-accounting.rst (not in kernel-model);
	 * CommitLimit and Committed_AS are meminfo's (kernel-model §11.6). */
	switch (oc->mode) {
	case 0:
		if (have)
			snprintf(figures, sizeof(figures),
				 "; all processes have reserved %s (Committed_AS) against a CommitLimit of %s that only mode 2 enforces",
				 c, l);
		snprintf(buf, n,
			 "Overcommit is heuristic (vm.overcommit_memory = 0): a reservation is refused only when it is larger than RAM plus swap could ever hold, so untouched VIRT costs nothing%s.",
			 figures);
		break;
	case 1:
		if (have)
			snprintf(figures, sizeof(figures), " (Committed_AS %s, CommitLimit %s not enforced)", c,
				 l);
		snprintf(buf, n,
			 "Overcommit is always allowed (vm.overcommit_memory = 1): no reservation is ever refused%s.",
			 figures);
		break;
	case 2: {
		char rule[96];
		if (oc->has_kbytes && oc->kbytes)
			snprintf(rule, sizeof(rule), "swap + overcommit_kbytes %llu kB",
				 (unsigned long long)oc->kbytes);
		else if (oc->has_ratio)
			snprintf(rule, sizeof(rule), "swap + %llu%% of RAM", (unsigned long long)oc->ratio);
		else
			snprintf(rule, sizeof(rule), "swap + overcommit_ratio%% of RAM");
		if (have)
			snprintf(figures, sizeof(figures), " (now %s of %s)", c, l);
		snprintf(buf, n,
			 "Overcommit is strict (vm.overcommit_memory = 2): writable private mappings count in full, touched or not, and a reservation fails once Committed_AS would pass CommitLimit = %s%s.",
			 rule, figures);
		break;
	}
	default:
		if (have)
			snprintf(figures, sizeof(figures), "; Committed_AS %s, CommitLimit %s", c, l);
		snprintf(buf, n, "The overcommit policy is unknown (no /proc/sys/vm/overcommit_memory)%s.",
			 figures);
		break;
	}
}
