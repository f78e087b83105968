/* Unit tests of the process table (src/model/procs.c) and the VIRT-vs-RSS
 * analysis (src/analyse/vm_rss.c): on the captured processes, on mappings
 * written here in the kernel's smaps format, and on live child processes,
 * where libproc2 and our own parsers must give the same figures.
 *
 * Figures for the python3 capture (vm-6.18-x86_64/proc/5670) were worked by
 * hand from its smaps and from pmap-X-python.txt (pmap -X of the same
 * process); they appear as "N * KB" with the sum spelt out. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyse/vm_rss.h"
#include "model/procs.h"
#include "source/source.h"

#define KB 1024ULL
#define MB (1024ULL * 1024)
#define CAP_X86 "captured/vm-6.18-x86_64"
#define CAP_I386 "captured/qemu-i386-6.1-3g-highmem"
#define CAP_ARM64 "captured/qemu-arm64-6.1-2g"

/* ---- helpers ---- */

static void open_fixture(struct ml_source *src, const char *rel)
{
	char dir[4096];
	struct ml_error err = { 0 };
	snprintf(dir, sizeof(dir), "%s/%s", ML_FIXTURES, rel);
	assert_int_equal(ml_source_open(src, dir, &err), ML_OK);
}

static void open_live(struct ml_source *src)
{
	struct ml_error err = { 0 };
	assert_int_equal(ml_source_open(src, NULL, &err), ML_OK);
}

static struct ml_smaps parse_smaps_text(const char *text)
{
	struct ml_smaps sm;
	struct ml_error err = { 0 };
	if (ml_parse_smaps(text, strlen(text), "test", &sm, &err) != ML_OK)
		fail_msg("test:%lu: %s", err.line, err.message);
	return sm;
}

static struct ml_proc_maps load_maps(const char *rel, int pid)
{
	struct ml_source src;
	struct ml_proc_maps pm;
	struct ml_note *notes = NULL;
	size_t nnotes = 0;
	struct ml_error err = { 0 };
	open_fixture(&src, rel);
	if (ml_proc_maps_load(&pm, &src, pid, &notes, &nnotes, &err) != ML_OK)
		fail_msg("%s:%lu: %s", err.file, err.line, err.message);
	ml_source_close(&src);
	free(notes);
	return pm;
}

static const struct ml_proc *find_pid(const struct ml_proc_table *t, int pid)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->procs[i].pid == pid)
			return &t->procs[i];
	return NULL;
}

/* One smaps entry in the kernel's format with the given name, perms and
 * figures (kB); the other fields 0. */
static char *entry(char *out, size_t n, const char *range, const char *perms, const char *dev_inode,
		   const char *name, unsigned size, unsigned rss, unsigned priv_hugetlb,
		   unsigned anon_huge, const char *vmflags)
{
	snprintf(out, n,
		 "%s %s 00000000 %s %s\n"
		 "Size: %u kB\nKernelPageSize: 4 kB\nMMUPageSize: 4 kB\nRss: %u kB\nPss: %u kB\n"
		 "Shared_Clean: 0 kB\nShared_Dirty: 0 kB\nPrivate_Clean: 0 kB\nPrivate_Dirty: %u kB\n"
		 "Referenced: %u kB\nAnonymous: %u kB\nAnonHugePages: %u kB\nShmemPmdMapped: 0 kB\n"
		 "FilePmdMapped: 0 kB\nShared_Hugetlb: 0 kB\nPrivate_Hugetlb: %u kB\nSwap: 0 kB\n"
		 "SwapPss: 0 kB\nLocked: 0 kB\nTHPeligible: 0\nVmFlags: %s\n",
		 range, perms, dev_inode, name, size, rss, rss, rss, rss, rss, anon_huge, priv_hugetlb,
		 vmflags);
	return out;
}

/* ---- what backs a mapping (kernel-model §11.8 name table) ---- */

static void test_kinds_from_names_perms_and_hugetlb_fields(void **state)
{
	(void)state;
	static const struct {
		const char *range, *perms, *dev_inode, *name;
		unsigned priv_hugetlb, anon_huge;
		const char *vmflags, *kind;
	} cases[] = {
		{ "00400000-00401000", "rw-p", "00:00 0", "", 0, 0, "rd wr mr mw me ac", "anon" },
		{ "00401000-00402000", "rw-p", "00:00 0", "[anon:jit cache]", 0, 0, "rd wr mr mw me ac", "named-anon" },
		{ "00402000-00403000", "r--p", "fe:00 332835", "/usr/lib/x86_64-linux-gnu/libc.so.6", 0, 0, "rd mr mw me", "file" },
		{ "00403000-00404000", "rw-p", "00:00 0", "[heap]", 0, 0, "rd wr mr mw me ac", "heap" },
		{ "00404000-00405000", "rw-p", "00:00 0", "[stack]", 0, 0, "rd wr mr mw me gd ac", "stack" },
		{ "00405000-00406000", "r-xp", "00:00 0", "[vdso]", 0, 0, "rd ex mr mw me de", "vdso" },
		{ "00406000-00407000", "r--p", "00:00 0", "[vvar]", 0, 0, "rd mr pf io de dd", "vvar" },
		{ "00407000-00408000", "r--p", "00:00 0", "[vvar_vclock]", 0, 0, "rd mr pf io de dd", "vvar" },
		{ "00408000-00409000", "r-xp", "00:00 0", "[uprobes]", 0, 0, "rd ex mr me", "special" },
		{ "00409000-0040a000", "rw-s", "00:01 1024", "/dev/zero (deleted)", 0, 0, "rd wr sh mr mw me ms", "shmem" },
		{ "0040a000-0040b000", "rw-s", "00:01 7", "[anon_shmem:ring]", 0, 0, "rd wr sh mr mw me ms", "shmem" },
		{ "0040b000-0040c000", "rw-s", "00:19 12", "/dev/shm/pulse-shm-1", 0, 0, "rd wr sh mr mw me ms", "shmem" },
		{ "0040c000-0040d000", "rw-s", "00:01 32768", "/SYSV0000162e (deleted)", 0, 0, "rd wr sh mr mw me ms", "sysv-shm" },
		{ "0040d000-0040e000", "rw-s", "00:01 9", "/memfd:wayland-shm (deleted)", 0, 0, "rd wr sh mr mw me ms", "memfd" },
		/* hugetlbfs: pages in Private_Hugetlb, or only the 'ht' flag
		 * before the first fault */
		{ "00600000-00800000", "rw-p", "00:10 4", "/dev/hugepages/buf", 2048, 0, "rd wr mr mw me de ht", "hugetlb" },
		{ "00800000-00a00000", "rw-s", "00:01 5", "/SYSV00000000 (deleted)", 0, 0, "rd wr sh mr mw me ms de ht", "hugetlb" },
		{ "ffffffffff600000-ffffffffff601000", "--xp", "00:00 0", "[vsyscall]", 0, 0, "ex", "vsyscall" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[2048];
		struct ml_smaps sm = parse_smaps_text(entry(text, sizeof(text), cases[i].range, cases[i].perms,
							    cases[i].dev_inode, cases[i].name, 4, 4,
							    cases[i].priv_hugetlb, cases[i].anon_huge,
							    cases[i].vmflags));
		assert_int_equal(sm.n, 1);
		assert_string_equal(ml_map_kind_name(ml_map_kind(&sm.maps[0])), cases[i].kind);
		ml_smaps_free(&sm);
	}
}

static void test_thp_bytes_on_the_dd_buffers(void **state)
{
	(void)state;
	/* i386: one 4 MiB THP (non-PAE PMD); arm64: three 2 MiB THPs. */
	struct ml_proc_maps pm = load_maps(CAP_I386, 114);
	assert_int_equal(pm.smaps.maps[7].start, 0xb7715000);
	assert_int_equal(ml_map_thp_bytes(&pm.smaps.maps[7]), 4096 * KB);
	assert_int_equal(ml_map_kind(&pm.smaps.maps[7]), ML_MAP_ANON);
	ml_proc_maps_free(&pm);
	pm = load_maps(CAP_ARM64, 108);
	assert_int_equal(pm.smaps.maps[5].start, 0xffff83bb9000);
	assert_int_equal(ml_map_thp_bytes(&pm.smaps.maps[5]), 6144 * KB);
	ml_proc_maps_free(&pm);
}

/* ---- glibc's layout: thread stacks and malloc arenas ---- */

static void test_python_has_4_thread_stacks_and_4_arenas(void **state)
{
	(void)state;
	struct ml_proc_maps pm = load_maps(CAP_X86, 5670);
	enum ml_map_role *roles = calloc(pm.smaps.n, sizeof(*roles));
	assert_int_equal(ml_arena_size(&pm.smaps), 64 * MB);
	ml_map_roles(&pm.smaps, roles);
	size_t count[ML_ROLE_N] = { 0 };
	for (size_t i = 0; i < pm.smaps.n; i++)
		count[roles[i]]++;
	assert_int_equal(count[ML_ROLE_THREAD_STACK], 4);
	assert_int_equal(count[ML_ROLE_STACK_GUARD], 4);
	assert_int_equal(count[ML_ROLE_ARENA], 4);
	assert_int_equal(count[ML_ROLE_ARENA_RESERVE], 4);
	/* 7f1a84000000 rw-p 132 kB + 7f1a84021000 ---p 65404 kB = 64 MiB,
	 * 64 MiB-aligned: an arena; 7f1a9922a000 ---p 4 kB below
	 * 7f1a9922b000 rw-p 8192 kB: a guard and its thread stack. */
	for (size_t i = 0; i < pm.smaps.n; i++) {
		uint64_t s = pm.smaps.maps[i].start;
		if (s == 0x7f1a84000000)
			assert_int_equal(roles[i], ML_ROLE_ARENA);
		if (s == 0x7f1a84021000)
			assert_int_equal(roles[i], ML_ROLE_ARENA_RESERVE);
		if (s == 0x7f1a9922a000)
			assert_int_equal(roles[i], ML_ROLE_STACK_GUARD);
		if (s == 0x7f1a9922b000)
			assert_int_equal(roles[i], ML_ROLE_THREAD_STACK);
		/* the 16 kB rw-p below that guard has no guard of its own */
		if (s == 0x7f1a99226000)
			assert_int_equal(roles[i], ML_ROLE_NONE);
	}
	free(roles);
	ml_proc_maps_free(&pm);

	/* 32-bit: HEAP_MAX_SIZE is 1 MiB; busybox is static: no arena. */
	pm = load_maps(CAP_I386, 114);
	assert_int_equal(ml_arena_size(&pm.smaps), 1 * MB);
	ml_proc_maps_free(&pm);
}

/* ---- VIRT broken down: every byte in one part ---- */

static void test_python_virt_breakdown_worked_by_hand(void **state)
{
	(void)state;
	struct ml_proc_maps pm = load_maps(CAP_X86, 5670);
	struct ml_vm_breakdown bd;
	struct ml_error err = { 0 };
	assert_int_equal(ml_vm_breakdown(&pm.smaps, &bd, &err), ML_OK);
	/* pmap -X total line: Size 377132, Rss 21804 kB. */
	assert_int_equal(bd.virt, 377132 * KB);
	assert_int_equal(bd.part[ML_VM_RESIDENT], 21804 * KB);
	assert_int_equal(bd.part[ML_VM_SWAPPED], 0);
	/* 4 arenas: 4 x 65404 kB PROT_NONE, 4 x (132 - 4) kB never touched */
	assert_int_equal(bd.part[ML_VM_ARENA_RESERVE], 4 * 65404 * KB);
	assert_int_equal(bd.part[ML_VM_ARENA], 4 * (132 - 4) * KB);
	/* 4 thread stacks of 8192 kB with 8, 8, 8 and 12 kB touched, each
	 * with a 4 kB guard */
	assert_int_equal(bd.part[ML_VM_GUARD], 4 * 4 * KB);
	assert_int_equal(bd.part[ML_VM_THREAD_STACK], (4 * 8192 - (8 + 8 + 8 + 12)) * KB);
	assert_int_equal(bd.role_count[ML_ROLE_THREAD_STACK], 4);
	assert_int_equal(bd.role_rss[ML_ROLE_THREAD_STACK], 36 * KB);
	/* [heap] 1596 - 1540, [stack] 132 - 60 */
	assert_int_equal(bd.part[ML_VM_HEAP], (1596 - 1540) * KB);
	assert_int_equal(bd.part[ML_VM_STACK], (132 - 60) * KB);
	/* /dev/zero (deleted): 64 MiB with 8 MiB touched */
	assert_int_equal(bd.part[ML_VM_SHMEM], (65536 - 8192) * KB);
	/* [vvar] 16 + [vvar_vclock] 8 + [vdso] 8 - 4 + [vsyscall] 4 */
	assert_int_equal(bd.part[ML_VM_SPECIAL], (16 + 8 + 4 + 4) * KB);
	/* the 97 file mappings: sum of (Size - Rss) over pmap's rows = 1684 kB */
	assert_int_equal(bd.part[ML_VM_FILE], 1684 * KB);
	/* the other unnamed rw-p: 34508 kB idle in all 25, less the stacks'
	 * 32732 and the arenas' 512 */
	assert_int_equal(bd.part[ML_VM_ANON], (34508 - 32732 - 512) * KB);
	assert_int_equal(bd.part[ML_VM_PROT_NONE], 0);
	uint64_t sum = 0;
	for (int p = 0; p < ML_VM_NPARTS; p++)
		sum += bd.part[p];
	assert_int_equal(sum, bd.virt);
	/* RSS side: mappings' Pss 20320 (rollup 20323), USS 4996 + 15168,
	 * shared 1640, RSS - PSS = 1484 of which libc.so.6
	 * (152-13)+(1008-97)+(152-11) = 1191 kB. */
	assert_int_equal(bd.pss, 20320 * KB);
	assert_int_equal(bd.uss, (4996 + 15168) * KB);
	assert_int_equal(bd.shared, 1640 * KB);
	assert_int_equal(bd.anon, 6976 * KB);
	assert_int_equal(bd.pss_gap_unshared, 0);
	assert_string_equal(bd.shared_files[0].name, "/usr/lib/x86_64-linux-gnu/libc.so.6");
	assert_int_equal(bd.shared_files[0].bytes, 1191 * KB);
	assert_int_equal(bd.vsyscall, 4 * KB);
	assert_true(pm.has_rollup);
	assert_int_equal(pm.rollup.pss, 20323 * KB);
	ml_proc_maps_free(&pm);
}

static void test_i386_dd_pss_below_rss_without_sharing(void **state)
{
	(void)state;
	/* The 8 MiB buffer: Rss 8192, Pss 4096, no shared page, 4 MiB THP. */
	struct ml_proc_maps pm = load_maps(CAP_I386, 114);
	struct ml_vm_breakdown bd;
	struct ml_error err = { 0 };
	assert_int_equal(ml_vm_breakdown(&pm.smaps, &bd, &err), ML_OK);
	assert_int_equal(bd.rss, 9428 * KB);
	assert_int_equal(bd.pss_gap_unshared, 4096 * KB);
	assert_int_equal(bd.thp, 4096 * KB);
	assert_int_equal(bd.virt, 10516 * KB);   /* = status VmSize: no vsyscall on i386 */
	ml_proc_maps_free(&pm);
}

static void test_prot_none_hugetlb_and_swap_parts(void **state)
{
	(void)state;
	char a[2048], b[2048], c[2048], text[8192];
	entry(a, sizeof(a), "00400000-00500000", "---p", "00:00 0", "", 1024, 0, 0, 0, "mr mw me");
	entry(b, sizeof(b), "00600000-00a00000", "rw-p", "00:10 4", "/dev/hugepages/x", 4096, 0, 2048, 0,
	      "rd wr mr mw me de ht");
	entry(c, sizeof(c), "00a00000-00a10000", "rw-p", "00:00 0", "", 64, 16, 0, 0, "rd wr mr mw me ac");
	/* 8 kB of the last one swapped */
	char *sw = strstr(c, "Swap: 0 kB");
	memcpy(sw, "Swap: 8 kB", 10);
	snprintf(text, sizeof(text), "%s%s%s", a, b, c);
	struct ml_smaps sm = parse_smaps_text(text);
	struct ml_vm_breakdown bd;
	struct ml_error err = { 0 };
	assert_int_equal(ml_vm_breakdown(&sm, &bd, &err), ML_OK);
	assert_int_equal(bd.virt, (1024 + 4096 + 64) * KB);
	assert_int_equal(bd.part[ML_VM_PROT_NONE], 1024 * KB);
	assert_int_equal(bd.part[ML_VM_HUGETLB], 2048 * KB);
	assert_int_equal(bd.part[ML_VM_HUGETLB_UNFAULTED], 2048 * KB);
	assert_int_equal(bd.part[ML_VM_SWAPPED], 8 * KB);
	assert_int_equal(bd.part[ML_VM_RESIDENT], 16 * KB);
	assert_int_equal(bd.part[ML_VM_ANON], (64 - 16 - 8) * KB);
	ml_smaps_free(&sm);
}

/* ---- the process table from snapshots (our parsers) ---- */

static void test_x86_snapshot_table_python_and_partial_pid1(void **state)
{
	(void)state;
	struct ml_source src;
	struct ml_proc_table t;
	struct ml_error err = { 0 };
	struct ml_procs_query q = { .rollup = true };
	open_fixture(&src, CAP_X86);
	assert_int_equal(ml_procs_load(&t, &src, &q, &err), ML_OK);
	assert_false(t.from_libproc2);
	assert_int_equal(t.n, 2);
	/* PID 1's smaps_rollup was captured empty although VmRSS is
	 * 15200 kB: partial. */
	assert_int_equal(t.partial, 1);
	assert_int_equal(t.skipped, 0);
	const struct ml_proc *p = find_pid(&t, 5670);
	assert_non_null(p);
	assert_string_equal(p->command, "python3");
	assert_string_equal(p->args, "/usr/local/bin/python3 /srv/known.py");
	assert_string_equal(p->user, "0");
	assert_int_equal(p->virt_bytes, 377128 * KB);
	assert_true(p->has_rollup);
	assert_int_equal(ml_proc_rss(p), 21804 * KB);
	assert_int_equal(p->rollup.pss, 20323 * KB);
	assert_int_equal(ml_proc_uss(p), (4996 + 15168) * KB);
	assert_int_equal(p->rollup.pss_shmem, 8192 * KB);
	p = find_pid(&t, 1);
	assert_non_null(p);
	assert_false(p->has_rollup);
	assert_int_equal(ml_proc_rss(p), 15200 * KB);   /* VmRSS */
	ml_procs_free(&t);

	/* Without smaps_rollup nothing is partial. */
	q.rollup = false;
	assert_int_equal(ml_procs_load(&t, &src, &q, &err), ML_OK);
	assert_int_equal(t.partial, 0);
	assert_int_equal(ml_proc_rss(find_pid(&t, 5670)), 21804 * KB);
	ml_procs_free(&t);
	ml_source_close(&src);
}

static void test_dd_processes_i386_and_arm64(void **state)
{
	(void)state;
	static const struct {
		const char *rel;
		int pid;
		uint64_t virt, rss, pss, uss, thp;
	} dd[] = {
		{ CAP_I386, 114, 10516 * KB, 9428 * KB, 4458 * KB, (0 + 8232) * KB, 4096 * KB },
		{ CAP_ARM64, 108, 10280 * KB, 9356 * KB, 8527 * KB, (0 + 8244) * KB, 6144 * KB },
	};
	for (size_t i = 0; i < 2; i++) {
		struct ml_source src;
		struct ml_proc_table t;
		struct ml_error err = { 0 };
		struct ml_procs_query q = { .rollup = true, .cmd = "dd" };
		open_fixture(&src, dd[i].rel);
		assert_int_equal(ml_procs_load(&t, &src, &q, &err), ML_OK);
		assert_int_equal(t.n, 1);
		const struct ml_proc *p = &t.procs[0];
		assert_int_equal(p->pid, dd[i].pid);
		assert_int_equal(p->virt_bytes, dd[i].virt);
		assert_int_equal(ml_proc_rss(p), dd[i].rss);
		assert_int_equal(p->rollup.pss, dd[i].pss);
		assert_int_equal(ml_proc_uss(p), dd[i].uss);
		assert_int_equal(p->rollup.anon_huge, dd[i].thp);
		ml_procs_free(&t);
		ml_source_close(&src);
	}
}

static void test_filters_sorting_and_missing_pids(void **state)
{
	(void)state;
	struct ml_source src;
	struct ml_proc_table t;
	struct ml_error err = { 0 };
	open_fixture(&src, CAP_X86);
	struct ml_procs_query q = { .user = "0" };
	assert_int_equal(ml_procs_load(&t, &src, &q, &err), ML_OK);
	assert_int_equal(t.n, 2);
	ml_procs_sort(&t, ML_SORT_VSZ);
	assert_int_equal(t.procs[0].pid, 5670);
	ml_procs_sort(&t, ML_SORT_CMD);   /* process_api < python3 */
	assert_int_equal(t.procs[0].pid, 1);
	ml_procs_sort(&t, ML_SORT_RSS);   /* 21804 > 15200 kB */
	assert_int_equal(t.procs[0].pid, 5670);
	ml_procs_free(&t);

	q = (struct ml_procs_query){ .user = "1000" };
	assert_int_equal(ml_procs_load(&t, &src, &q, &err), ML_OK);
	assert_int_equal(t.n, 0);
	ml_procs_free(&t);

	/* substring of the name, glob on the command line, glob on the name */
	const char *pats[] = { "pyth", "*known.py", "proc*" };
	const int want[] = { 5670, 5670, 1 };
	for (int i = 0; i < 3; i++) {
		q = (struct ml_procs_query){ .cmd = pats[i] };
		assert_int_equal(ml_procs_load(&t, &src, &q, &err), ML_OK);
		assert_int_equal(t.n, 1);
		assert_int_equal(t.procs[0].pid, want[i]);
		ml_procs_free(&t);
	}

	/* --pid with one that is not there (twice: counted once) */
	int pids[] = { 5670, 424242, 424242 };
	q = (struct ml_procs_query){ .pids = pids, .npids = 3, .rollup = true };
	assert_int_equal(ml_procs_load(&t, &src, &q, &err), ML_OK);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.skipped, 1);
	ml_procs_free(&t);
	ml_source_close(&src);

	assert_int_equal(ml_procs_sort_key("uss"), ML_SORT_USS);
	assert_int_equal(ml_procs_sort_key("size"), -1);
}

/* A snapshot made here with a malformed smaps_rollup: an error naming the
 * file and line, never a partial table. */
static void test_malformed_rollup_in_a_snapshot_names_file_and_line(void **state)
{
	(void)state;
	char dir[] = "/tmp/ml-test-procs-XXXXXX", path[4096];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/proc", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/proc/77", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	size_t len;
	char *status = ml_test_read_fixture(CAP_X86 "/proc/5670/status", &len);
	snprintf(path, sizeof(path), "%s/proc/77/status", dir);
	FILE *f = fopen(path, "w");
	/* It is process 77's status: "Pid: 5670" there is refused. */
	char *pid_line = strstr(status, "\nPid:\t5670\n");
	assert_non_null(pid_line);
	fwrite(status, 1, (size_t)(pid_line - status), f);
	fputs("\nPid:\t77\n", f);
	fputs(pid_line + strlen("\nPid:\t5670\n"), f);
	fclose(f);
	free(status);
	snprintf(path, sizeof(path), "%s/proc/77/smaps_rollup", dir);
	f = fopen(path, "w");
	fputs("5589af5ce000-7ffc01dcc000 ---p 00000000 00:00 0 [rollup]\nRss: 21804 kB\nPss: 20x23 kB\n", f);
	fclose(f);

	struct ml_source src;
	struct ml_proc_table t;
	struct ml_error err = { 0 };
	struct ml_procs_query q = { .rollup = true };
	assert_int_equal(ml_source_open(&src, dir, &err), ML_OK);
	assert_int_equal(ml_procs_load(&t, &src, &q, &err), ML_EPARSE);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.file, "/proc/77/smaps_rollup"));
	assert_int_equal(t.n, 0);

	/* a rollup with two mapping lines is not a rollup */
	f = fopen(path, "w");
	fputs("00400000-00401000 r--p 00000000 00:00 0\nRss: 4 kB\nPss: 4 kB\nPrivate_Clean: 4 kB\n"
	      "Private_Dirty: 0 kB\n00401000-00402000 r--p 00000000 00:00 0\nRss: 4 kB\nPss: 4 kB\n"
	      "Private_Clean: 4 kB\nPrivate_Dirty: 0 kB\n", f);
	fclose(f);
	assert_int_equal(ml_procs_load(&t, &src, &q, &err), ML_EPARSE);
	assert_int_equal(err.line, 6);
	ml_source_close(&src);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

static void test_maps_of_unreadable_and_missing_processes(void **state)
{
	(void)state;
	struct ml_source src;
	struct ml_proc_maps pm;
	struct ml_note *notes = NULL;
	size_t nnotes = 0;
	struct ml_error err = { 0 };
	open_fixture(&src, CAP_X86);
	/* PID 1: smaps captured empty while status says 44912 kB mapped */
	assert_int_equal(ml_proc_maps_load(&pm, &src, 1, &notes, &nnotes, &err), ML_EIO);
	assert_non_null(strstr(err.message, "44912 kB"));
	assert_int_equal(ml_proc_maps_load(&pm, &src, 424242, &notes, &nnotes, &err), ML_ENOENT);
	assert_non_null(strstr(err.message, "no process 424242"));
	ml_source_close(&src);
	free(notes);
}

static void test_overcommit_policy_and_sentence(void **state)
{
	(void)state;
	struct ml_source src;
	struct ml_overcommit oc;
	struct ml_error err = { 0 };
	open_fixture(&src, CAP_X86);
	assert_int_equal(ml_overcommit_load(&oc, &src, &err), ML_OK);
	assert_int_equal(oc.mode, 0);
	assert_int_equal(oc.ratio, 50);
	assert_true(oc.has_kbytes);
	ml_source_close(&src);

	struct ml_kv mi = { 0 };
	ml_kv_set(&mi, "CommitLimit", 12342044 * KB, 1);
	ml_kv_set(&mi, "Committed_AS", 168904 * KB, 2);
	char s[600];
	ml_overcommit_sentence(&oc, &mi, s, sizeof(s));
	assert_non_null(strstr(s, "heuristic (vm.overcommit_memory = 0)"));
	assert_non_null(strstr(s, "164.9 MiB (Committed_AS)"));
	assert_non_null(strstr(s, "CommitLimit of 11.8 GiB"));
	oc.mode = 2;
	ml_overcommit_sentence(&oc, &mi, s, sizeof(s));
	assert_non_null(strstr(s, "strict"));
	assert_non_null(strstr(s, "swap + 50% of RAM"));
	oc.mode = 1;
	ml_overcommit_sentence(&oc, &mi, s, sizeof(s));
	assert_non_null(strstr(s, "no reservation is ever refused"));
	oc.mode = -1;
	ml_overcommit_sentence(&oc, NULL, s, sizeof(s));
	assert_non_null(strstr(s, "unknown"));
	ml_kv_free(&mi);
}

/* ---- live: a child with a known mapping ---- */

struct child {
	pid_t pid;
	int hold;      /* write end: closing it lets a forked child exit; -1
	                * for the helper, which is killed */
};

/* A process that maps 16 MiB, writes 4 MiB of it and waits: the helper
 * (tests/helpers/maphelper.c, $MAPHELPER), which shares no page with any
 * other process so that its PSS stays put between two reads; without it a
 * forked child, whose PSS moves with the parent's libraries' sharers. */
static struct child spawn_child(void)
{
	const char *helper = getenv("MAPHELPER");
	int ready[2], hold[2];
	assert_int_equal(pipe(ready), 0);
	if (helper) {
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			dup2(ready[1], STDOUT_FILENO);
			close(ready[0]);
			close(ready[1]);
			execl(helper, helper, (char *)NULL);
			_exit(127);
		}
		close(ready[1]);
		char line[128] = "";
		ssize_t n = read(ready[0], line, sizeof(line) - 1);
		close(ready[0]);
		assert_true(n > 0);
		line[n] = '\0';
		assert_int_equal(atoi(line), pid);
		return (struct child){ pid, -1 };
	}
	assert_int_equal(pipe(hold), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(ready[0]);
		close(hold[1]);
		char *p = mmap(NULL, 16 * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(1);
		madvise(p, 16 * MB, MADV_NOHUGEPAGE);
		memset(p, 1, 4 * MB);
		char c = 'r';
		if (write(ready[1], &c, 1) != 1)
			_exit(1);
		while (read(hold[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	char c;
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	return (struct child){ pid, hold[1] };
}

static void stop_child(struct child *c)
{
	int st;
	if (c->hold >= 0)
		close(c->hold);
	else
		kill(c->pid, SIGTERM);
	waitpid(c->pid, &st, 0);
}

static bool same_rollup(const struct ml_proc *a, const struct ml_proc *b)
{
	return !memcmp(&a->rollup, &b->rollup, sizeof(a->rollup));
}

static void test_live_libproc2_and_our_parsers_agree(void **state)
{
	(void)state;
	struct child c = spawn_child();
	struct ml_source src;
	open_live(&src);
	int pids[] = { c.pid };
	struct ml_procs_query q = { .pids = pids, .npids = 1, .rollup = true };
	struct ml_error err = { 0 };
	/* Page counts of the child's own page tables must agree at once; PSS
	 * and shared/private splits of library pages move when other
	 * processes map or unmap the same files between the two reads, so a
	 * few attempts are allowed for an exact match of everything. */
	bool all_equal = false;
	for (int attempt = 0; attempt < 5 && !all_equal; attempt++) {
		struct ml_proc_table a, b;
		assert_int_equal(ml_procs_load(&a, &src, &q, &err), ML_OK);
		assert_true(a.from_libproc2);
		assert_int_equal(ml_procs_load_files(&b, &src, &q, &err), ML_OK);
		assert_int_equal(a.n, 1);
		assert_int_equal(b.n, 1);
		const struct ml_proc *x = &a.procs[0], *y = &b.procs[0];
		assert_true(x->has_rollup);
		assert_true(y->has_rollup);
		assert_int_equal(x->pid, y->pid);
		assert_int_equal(x->uid, y->uid);
		assert_string_equal(x->command, y->command);
		assert_int_equal(x->virt_bytes, y->virt_bytes);
		assert_int_equal(x->vmrss_bytes, y->vmrss_bytes);
		assert_int_equal(x->rollup.rss, y->rollup.rss);
		assert_int_equal(x->rollup.swap, y->rollup.swap);
		assert_int_equal(x->rollup.locked, y->rollup.locked);
		assert_int_equal(x->rollup.anon_huge, y->rollup.anon_huge);
		assert_int_equal(x->rollup.shared_clean + x->rollup.private_clean + x->rollup.shared_dirty +
					 x->rollup.private_dirty,
				 y->rollup.shared_clean + y->rollup.private_clean + y->rollup.shared_dirty +
					 y->rollup.private_dirty);
		/* the 4 MiB written are resident and private */
		assert_true(x->rollup.rss >= 4 * MB);
		assert_true(x->rollup.private_dirty >= 4 * MB);
		assert_true(x->virt_bytes >= 16 * MB);
		all_equal = same_rollup(x, y);
		ml_procs_free(&a);
		ml_procs_free(&b);
	}
	assert_true(all_equal);
	ml_source_close(&src);
	stop_child(&c);
}

static void test_live_process_killed_between_listing_and_reading(void **state)
{
	(void)state;
	struct child c = spawn_child();
	int pids[] = { c.pid, (int)getpid() };
	struct ml_procs_query q = { .pids = pids, .npids = 2, .rollup = true };
	struct ml_proc_table t;
	struct ml_error err = { 0 };
	assert_int_equal(ml_procs_scan_libproc2(&t, &q, &err), ML_OK);
	assert_int_equal(t.n, 2);
	kill(c.pid, SIGKILL);
	stop_child(&c);
	assert_int_equal(ml_procs_add_rollups_libproc2(&t, &err), ML_OK);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.procs[0].pid, getpid());
	assert_int_equal(t.skipped, 1);
	ml_procs_free(&t);

	/* gone before the listing: skipped by both paths */
	struct ml_source src;
	open_live(&src);
	assert_int_equal(ml_procs_load(&t, &src, &q, &err), ML_OK);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.skipped, 1);
	ml_procs_free(&t);
	assert_int_equal(ml_procs_load_files(&t, &src, &q, &err), ML_OK);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.skipped, 1);
	ml_procs_free(&t);
	ml_source_close(&src);
}

/* PID 1 here may refuse smaps_rollup even to root (not dumpable, no
 * CAP_SYS_PTRACE): both paths must then call it partial, never 0. */
static void test_live_unreadable_rollup_is_partial_in_both_paths(void **state)
{
	(void)state;
	int fd = open("/proc/1/smaps_rollup", O_RDONLY);
	bool readable = fd >= 0;
	if (fd >= 0)
		close(fd);
	int pids[] = { 1 };
	struct ml_procs_query q = { .pids = pids, .npids = 1, .rollup = true };
	struct ml_source src;
	struct ml_proc_table a, b;
	struct ml_error err = { 0 };
	open_live(&src);
	assert_int_equal(ml_procs_load(&a, &src, &q, &err), ML_OK);
	assert_int_equal(ml_procs_load_files(&b, &src, &q, &err), ML_OK);
	assert_int_equal(a.n, 1);
	assert_int_equal(b.n, 1);
	assert_int_equal(a.procs[0].has_rollup, readable);
	assert_int_equal(b.procs[0].has_rollup, readable);
	assert_int_equal(a.partial, readable ? 0 : 1);
	assert_int_equal(b.partial, readable ? 0 : 1);
	ml_procs_free(&a);
	ml_procs_free(&b);
	ml_source_close(&src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds_from_names_perms_and_hugetlb_fields),
		cmocka_unit_test(test_thp_bytes_on_the_dd_buffers),
		cmocka_unit_test(test_python_has_4_thread_stacks_and_4_arenas),
		cmocka_unit_test(test_python_virt_breakdown_worked_by_hand),
		cmocka_unit_test(test_i386_dd_pss_below_rss_without_sharing),
		cmocka_unit_test(test_prot_none_hugetlb_and_swap_parts),
		cmocka_unit_test(test_x86_snapshot_table_python_and_partial_pid1),
		cmocka_unit_test(test_dd_processes_i386_and_arm64),
		cmocka_unit_test(test_filters_sorting_and_missing_pids),
		cmocka_unit_test(test_malformed_rollup_in_a_snapshot_names_file_and_line),
		cmocka_unit_test(test_maps_of_unreadable_and_missing_processes),
		cmocka_unit_test(test_overcommit_policy_and_sentence),
		cmocka_unit_test(test_live_libproc2_and_our_parsers_agree),
		cmocka_unit_test(test_live_process_killed_between_listing_and_reading),
		cmocka_unit_test(test_live_unreadable_rollup_is_partial_in_both_paths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
