/* Unit tests of src/parse/smaps.c: /proc/PID/maps (kernel-model §11.8),
 * smaps, smaps_rollup and status (kernel-model §11.9), on real captures and
 * on malformed variants made here from those real files.  Expected figures
 * were worked by hand from the files (awk sums over smaps, the smaps_rollup
 * lines, the total line of pmap-X-python.txt); kB figures appear as
 * "N * KB" so that they can be checked against the file at a glance. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/smaps.h"

#define CAP_X86 "captured/vm-6.18-x86_64/"
#define CAP_I386 "captured/qemu-i386-6.1-3g-highmem/"
#define CAP_ARM64 "captured/qemu-arm64-6.1-2g/"
#define PROMETHEUS "public/prometheus-procfs/proc/"
#define JC "public/jc/linux-proc/"

#define PY_SMAPS CAP_X86 "proc/5670/smaps"
#define KB 1024ULL

/* ---- helpers ---- */

/* The parsers as testutil's helpers take them. */
static int parse_smaps(const char *text, size_t len, const char *file, void *out, struct ml_error *err)
{
	return ml_parse_smaps(text, len, file, out, err);
}

static int parse_maps(const char *text, size_t len, const char *file, void *out, struct ml_error *err)
{
	return ml_parse_maps(text, len, file, out, err);
}

static int parse_status(const char *text, size_t len, const char *file, void *out, struct ml_error *err)
{
	return ml_parse_status(text, len, file, out, err);
}

static struct ml_smaps parse_with(ml_test_parse_fn parse, const char *rel)
{
	struct ml_smaps sm;
	ml_test_parse_fixture(parse, rel, &sm);
	return sm;
}

static struct ml_smaps smaps_fixture(const char *rel)
{
	return parse_with(parse_smaps, rel);
}

static struct ml_smaps maps_fixture(const char *rel)
{
	return parse_with(parse_maps, rel);
}

static struct ml_proc_status status_fixture(const char *rel)
{
	struct ml_proc_status st;
	ml_test_parse_fixture(parse_status, rel, &st);
	return st;
}

static uint64_t field(const struct ml_mapping *m, const char *name)
{
	uint64_t v;
	if (!ml_kv_get(&m->fields, name, &v))
		fail_msg("mapping on line %lu has no '%s'", m->line, name);
	return v;
}

static uint64_t mem(const struct ml_proc_status *st, const char *name)
{
	uint64_t v;
	if (!ml_kv_get(&st->mem, name, &v))
		fail_msg("status has no '%s'", name);
	return v;
}

/* Sum of one field over every mapping. */
static uint64_t sum(const struct ml_smaps *sm, const char *name)
{
	uint64_t s = 0;
	for (size_t i = 0; i < sm->n; i++)
		s += field(&sm->maps[i], name);
	return s;
}

static uint64_t sum_size_from_range(const struct ml_smaps *sm)
{
	uint64_t s = 0;
	for (size_t i = 0; i < sm->n; i++)
		s += sm->maps[i].end - sm->maps[i].start;
	return s;
}

/* The mapping starting at start (must exist). */
static const struct ml_mapping *at(const struct ml_smaps *sm, uint64_t start)
{
	for (size_t i = 0; i < sm->n; i++)
		if (sm->maps[i].start == start)
			return &sm->maps[i];
	fail_msg("no mapping at %llx", (unsigned long long)start);
	return NULL;
}

/* A copy with every occurrence of from replaced by to. */
static char *replace_all(const char *src, size_t len, const char *from, const char *to, size_t *outlen)
{
	size_t flen = strlen(from), tlen = strlen(to), n = 0;
	for (const char *p = src; (p = ml_test_find(p, len - (size_t)(p - src), from, flen)); p += flen)
		n++;
	char *out = malloc(len + n * tlen + 1);
	assert_non_null(out);
	size_t k = 0;
	for (size_t i = 0; i < len;) {
		if (i + flen <= len && memcmp(src + i, from, flen) == 0) {
			memcpy(out + k, to, tlen);
			k += tlen;
			i += flen;
		} else {
			out[k++] = src[i++];
		}
	}
	out[k] = '\0';
	*outlen = k;
	return out;
}

/* Parse must fail with ML_EPARSE on line, with a message containing what,
 * and leave *out empty. */
static void expect_error(ml_test_parse_fn parse, const char *buf, size_t len, unsigned long line,
			 const char *what)
{
	struct ml_smaps sm;
	memset(&sm, 0xA5, sizeof(sm));
	ml_test_expect_error(parse, buf, len, "f", &sm, line, what);
	assert_null(sm.maps);
	assert_int_equal(sm.n, 0);
}

static void expect_status_error(const char *buf, size_t len, unsigned long line, const char *what)
{
	struct ml_proc_status st;
	ml_test_expect_error(parse_status, buf, len, "f", &st, line, what);
	assert_null(st.mem.v);
}

/* Two parses agree on everything. */
static void assert_same_smaps(const struct ml_smaps *a, const struct ml_smaps *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		const struct ml_mapping *x = &a->maps[i], *y = &b->maps[i];
		assert_int_equal(x->start, y->start);
		assert_int_equal(x->end, y->end);
		assert_string_equal(x->perms, y->perms);
		assert_int_equal(x->offset, y->offset);
		assert_int_equal(x->dev_major, y->dev_major);
		assert_int_equal(x->dev_minor, y->dev_minor);
		assert_int_equal(x->inode, y->inode);
		assert_string_equal(x->name, y->name);
		assert_string_equal(x->vmflags, y->vmflags);
		assert_int_equal(x->line, y->line);
		assert_int_equal(x->fields.n, y->fields.n);
		for (size_t k = 0; k < x->fields.n; k++) {
			assert_string_equal(x->fields.v[k].name, y->fields.v[k].name);
			assert_int_equal(x->fields.v[k].value, y->fields.v[k].value);
		}
	}
}

/* ---- vm-6.18 x86_64, python3 pid 5670 ---- */

static void test_python_smaps_has_the_129_mappings_of_maps_in_order(void **state)
{
	(void)state;
	struct ml_smaps sm = smaps_fixture(PY_SMAPS);
	struct ml_smaps mp = maps_fixture(CAP_X86 "proc/5670/maps");
	assert_int_equal(sm.n, 129);
	assert_int_equal(mp.n, 129);
	for (size_t i = 0; i < sm.n; i++) {
		assert_int_equal(sm.maps[i].start, mp.maps[i].start);
		assert_int_equal(sm.maps[i].end, mp.maps[i].end);
		assert_string_equal(sm.maps[i].name, mp.maps[i].name);
		assert_int_equal(mp.maps[i].line, i + 1);
		assert_int_equal(mp.maps[i].fields.n, 0);
		assert_string_equal(mp.maps[i].vmflags, "");
		/* 22 kB fields + THPeligible, VmFlags: 25 lines per mapping */
		assert_int_equal(sm.maps[i].fields.n, 23);
		assert_int_equal(sm.maps[i].line, 1 + 25 * i);
		/* Size is the range, in bytes */
		assert_int_equal(field(&sm.maps[i], "Size"), sm.maps[i].end - sm.maps[i].start);
	}
	const struct ml_mapping *m = &sm.maps[0];
	assert_int_equal(m->start, 0x5589af5ce000ULL);
	assert_int_equal(m->end, 0x5589af5cf000ULL);
	assert_string_equal(m->perms, "r--p");
	assert_int_equal(m->offset, 0);
	assert_int_equal(m->dev_major, 0xfe);
	assert_int_equal(m->dev_minor, 0);
	assert_int_equal(m->inode, 18624);
	assert_string_equal(m->name, "/usr/local/bin/python3.11");
	assert_string_equal(m->vmflags, "rd mr mw me");        /* trailing blank dropped */
	assert_int_equal(field(m, "KernelPageSize"), 4 * KB);
	assert_int_equal(field(m, "THPeligible"), 0);
	/* the kernel's order is kept */
	assert_string_equal(m->fields.v[0].name, "Size");
	assert_string_equal(m->fields.v[5].name, "Pss_Dirty");
	assert_string_equal(m->fields.v[22].name, "THPeligible");
	assert_int_equal(m->fields.v[3].line, 5);               /* Rss */

	assert_string_equal(mp.maps[5].name, "[heap]");
	assert_string_equal(mp.maps[120].name, "[vvar_vclock]");
	assert_string_equal(mp.maps[127].name, "[stack]");
	assert_string_equal(mp.maps[128].name, "[vsyscall]");
	assert_int_equal(mp.maps[128].start, 0xffffffffff600000ULL);
	assert_string_equal(mp.maps[6].name, "");               /* anonymous: "0 " then end */
	assert_string_equal(sm.maps[128].vmflags, "ex");
	ml_smaps_free(&sm);
	ml_smaps_free(&mp);
	assert_null(sm.maps);
	assert_int_equal(sm.n, 0);
}

static void test_python_64_mib_mapping_is_shared_dev_zero_with_8_mib_touched(void **state)
{
	(void)state;
	struct ml_smaps sm = smaps_fixture(PY_SMAPS);
	const struct ml_mapping *big = NULL;
	for (size_t i = 0; i < sm.n; i++)
		if (field(&sm.maps[i], "Size") == 64 * 1024 * KB) {
			assert_null(big);                        /* only one */
			big = &sm.maps[i];
		}
	assert_non_null(big);
	assert_int_equal(big->line, 576);
	assert_int_equal(big->start, 0x7f1a9b22e000ULL);
	assert_int_equal(big->end, 0x7f1a9f22e000ULL);
	assert_int_equal(field(big, "Size"), 65536 * KB);        /* 67108864 */
	assert_int_equal(field(big, "Size"), 67108864);
	assert_int_equal(field(big, "Rss"), 8192 * KB);
	assert_int_equal(field(big, "Pss"), 8192 * KB);
	assert_int_equal(field(big, "Private_Dirty"), 8192 * KB);
	/* MAP_SHARED|MAP_ANONYMOUS is shmem: "rw-s", "/dev/zero (deleted)",
	 * and not Anonymous (status counts it in RssShmem). */
	assert_string_equal(big->perms, "rw-s");
	assert_string_equal(big->name, "/dev/zero (deleted)");
	assert_int_equal(big->dev_major, 0);
	assert_int_equal(big->dev_minor, 1);
	assert_int_equal(big->inode, 1024);
	assert_int_equal(field(big, "Anonymous"), 0);
	assert_string_equal(big->vmflags, "rd wr sh mr mw me ms");
	ml_smaps_free(&sm);
}

static void test_python_sums_match_rollup_and_pmap_total(void **state)
{
	(void)state;
	struct ml_smaps sm = smaps_fixture(PY_SMAPS);
	struct ml_smaps ru = smaps_fixture(CAP_X86 "proc/5670/smaps_rollup");
	assert_int_equal(ru.n, 1);
	const struct ml_mapping *r = &ru.maps[0];
	assert_string_equal(r->name, "[rollup]");
	assert_string_equal(r->perms, "---p");
	/* first start to last end of the VMA tree: the vsyscall gate page is
	 * not a VMA, so the rollup ends with the stack */
	assert_int_equal(r->start, 0x5589af5ce000ULL);
	assert_int_equal(r->end, 0x7ffc01dcc000ULL);
	assert_int_equal(r->end, sm.maps[127].end);
	assert_int_equal(r->fields.n, 22);     /* no Size/KernelPageSize/MMUPageSize/THPeligible,
	                                         * plus Pss_Anon/File/Shmem */
	assert_string_equal(r->vmflags, "");
	assert_int_equal(field(r, "Pss_Anon"), 6976 * KB);
	assert_int_equal(field(r, "Pss_File"), 5155 * KB);
	assert_int_equal(field(r, "Pss_Shmem"), 8192 * KB);

	/* awk over smaps | rollup line | pmap -X total */
	assert_int_equal(sum(&sm, "Rss"), 21804 * KB);
	assert_int_equal(field(r, "Rss"), 21804 * KB);                 /* pmap Rss 21804 */
	assert_int_equal(sum(&sm, "Private_Clean"), 4996 * KB);
	assert_int_equal(field(r, "Private_Clean"), 4996 * KB);
	assert_int_equal(sum(&sm, "Private_Dirty"), 15168 * KB);
	assert_int_equal(field(r, "Private_Dirty"), 15168 * KB);
	assert_int_equal(sum(&sm, "Pss_Dirty"), 15168 * KB);           /* pmap Pss_Dirty 15168 */
	assert_int_equal(field(r, "Pss_Dirty"), 15168 * KB);
	assert_int_equal(sum(&sm, "Shared_Clean"), 1640 * KB);
	assert_int_equal(field(r, "Shared_Clean"), 1640 * KB);
	assert_int_equal(sum(&sm, "Referenced"), 21804 * KB);          /* pmap Referenced 21804 */
	assert_int_equal(sum(&sm, "Anonymous"), 6976 * KB);            /* pmap Anonymous 6976 */
	assert_int_equal(field(r, "Anonymous"), 6976 * KB);
	assert_int_equal(sum(&sm, "Size"), 377132 * KB);               /* pmap Size 377132 */
	assert_int_equal(sum_size_from_range(&sm), 377132 * KB);
	/* Pss does not add up exactly: each smaps line truncates its own
	 * Pss to kB, the rollup truncates once (20323), and pmap read smaps
	 * again later, when other processes shared the libraries differently
	 * (20290). */
	assert_int_equal(sum(&sm, "Pss"), 20320 * KB);
	assert_int_equal(field(r, "Pss"), 20323 * KB);
	assert_true(field(r, "Pss") - sum(&sm, "Pss") < sm.n * KB);
	ml_smaps_free(&sm);
	ml_smaps_free(&ru);
}

static void test_python_status_vmsize_vmrss_threads(void **state)
{
	(void)state;
	struct ml_proc_status st = status_fixture(CAP_X86 "proc/5670/status");
	struct ml_smaps sm = smaps_fixture(PY_SMAPS);
	assert_string_equal(st.name, "python3");
	assert_int_equal(st.pid, 5670);
	assert_int_equal(st.ppid, 5664);
	assert_int_equal(st.uid_real, 0);
	assert_int_equal(st.uid_effective, 0);
	assert_int_equal(st.threads, 5);                      /* main + 4 */
	assert_false(st.is_kernel_thread);                   /* "Kthread:\t0" */
	assert_int_equal(st.mem.n, 16);                       /* the task_mem() lines */
	assert_int_equal(mem(&st, "VmPeak"), 442648 * KB);
	assert_int_equal(mem(&st, "VmSize"), 377128 * KB);
	assert_int_equal(mem(&st, "VmRSS"), 21804 * KB);
	assert_int_equal(mem(&st, "HugetlbPages"), 0);
	/* VmRSS = RssAnon + RssFile + RssShmem */
	assert_int_equal(mem(&st, "RssAnon") + mem(&st, "RssFile") + mem(&st, "RssShmem"),
			 mem(&st, "VmRSS"));
	/* the 64 MiB shared mapping's 8 MiB are all of RssShmem */
	assert_int_equal(mem(&st, "RssShmem"), 8192 * KB);
	/* VIRT: every VMA but the vsyscall gate page, which maps prints */
	assert_int_equal(mem(&st, "VmSize"), sum_size_from_range(&sm) - 4 * KB);
	/* here the page-table walk and the counters agree */
	assert_int_equal(mem(&st, "VmRSS"), sum(&sm, "Rss"));
	ml_proc_status_free(&st);
	ml_smaps_free(&sm);
}

static void test_pid1_empty_maps_are_zero_mappings(void **state)
{
	(void)state;
	/* vm-6.18 proc/1 maps, smaps and smaps_rollup were captured empty;
	 * kernel threads read the same. */
	struct ml_smaps sm = maps_fixture(CAP_X86 "proc/1/maps");
	assert_int_equal(sm.n, 0);
	sm = smaps_fixture(CAP_X86 "proc/1/smaps");
	assert_int_equal(sm.n, 0);
	sm = smaps_fixture(CAP_X86 "proc/1/smaps_rollup");
	assert_int_equal(sm.n, 0);
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_smaps("\n", 1, "f", &sm, &err), ML_OK);
	assert_int_equal(sm.n, 0);
	assert_int_equal(ml_parse_maps(NULL, 0, "f", &sm, &err), ML_OK);
	assert_int_equal(sm.n, 0);
	/* its status is a real process all the same */
	struct ml_proc_status st = status_fixture(CAP_X86 "proc/1/status");
	assert_string_equal(st.name, "process_api");
	assert_int_equal(st.threads, 13);
	assert_int_equal(mem(&st, "VmLck"), 44880 * KB);
	assert_false(st.is_kernel_thread);
	ml_proc_status_free(&st);
}

/* ---- i386 and arm64 6.1: busybox PID 1 and dd with its 8 MiB buffer ---- */

static void test_i386_dd_buffer_has_a_4_mib_thp(void **state)
{
	(void)state;
	struct ml_smaps sm = smaps_fixture(CAP_I386 "proc/114/smaps");
	struct ml_smaps ru = smaps_fixture(CAP_I386 "proc/114/smaps_rollup");
	assert_int_equal(sm.n, 11);
	assert_int_equal(sm.maps[0].fields.n, 22);            /* 6.1: no KSM yet */
	assert_false(ml_kv_find(&sm.maps[0].fields, "KSM"));
	const struct ml_mapping *buf = at(&sm, 0xb7715000);
	assert_int_equal(buf->end, 0xb7f15000);
	assert_string_equal(buf->name, "");
	assert_string_equal(buf->perms, "rw-p");
	assert_int_equal(field(buf, "Size"), 8192 * KB);
	assert_int_equal(field(buf, "Rss"), 8192 * KB);
	assert_int_equal(field(buf, "Anonymous"), 8192 * KB);
	assert_int_equal(field(buf, "Private_Dirty"), 8192 * KB);
	/* 32-bit non-PAE: a PMD maps 4 MiB, so one THP of 4 MiB */
	assert_int_equal(field(buf, "AnonHugePages"), 4096 * KB);
	/* as captured: Pss is half of the private 8 MiB */
	assert_int_equal(field(buf, "Pss"), 4096 * KB);
	assert_int_equal(field(buf, "THPeligible"), 1);        /* "THPeligible:    1" (6.1 "%d") */
	assert_string_equal(buf->vmflags, "rd wr mr mw me ac");

	/* the name sits at column 49 on 32-bit, 73 on 64-bit */
	assert_string_equal(sm.maps[0].name, "/bin/busybox");
	assert_int_equal(sm.maps[0].dev_major, 0);
	assert_int_equal(sm.maps[0].dev_minor, 2);
	assert_int_equal(sm.maps[0].inode, 68);
	assert_int_equal(sm.maps[4].offset, 0x1f6000);

	const struct ml_mapping *r = &ru.maps[0];
	assert_int_equal(r->start, 0x08048000);
	assert_int_equal(r->end, 0xbf904000);
	assert_int_equal(sum(&sm, "Rss"), 9428 * KB);
	assert_int_equal(field(r, "Rss"), 9428 * KB);
	assert_int_equal(sum(&sm, "Pss"), 4458 * KB);
	assert_int_equal(field(r, "Pss"), 4458 * KB);
	assert_int_equal(sum(&sm, "Private_Dirty"), 8232 * KB);
	assert_int_equal(field(r, "Private_Dirty"), 8232 * KB);
	assert_int_equal(sum(&sm, "AnonHugePages"), 4096 * KB);
	assert_int_equal(field(r, "AnonHugePages"), 4096 * KB);

	struct ml_proc_status st = status_fixture(CAP_I386 "proc/114/status");
	assert_string_equal(st.name, "dd");
	assert_int_equal(st.pid, 114);
	assert_int_equal(st.ppid, 1);
	assert_int_equal(st.threads, 1);
	assert_false(st.is_kernel_thread);                   /* 6.1: no Kthread line, VmSize present */
	assert_int_equal(mem(&st, "VmSize"), sum_size_from_range(&sm));   /* 10516 kB, no gate page */
	assert_int_equal(mem(&st, "VmSize"), 10516 * KB);
	/* the per-mm counters lag the page-table walk by one page */
	assert_int_equal(mem(&st, "VmRSS"), 9424 * KB);
	ml_proc_status_free(&st);
	ml_smaps_free(&sm);
	ml_smaps_free(&ru);
}

static void test_i386_pid1_sums_match_rollup(void **state)
{
	(void)state;
	struct ml_smaps sm = smaps_fixture(CAP_I386 "proc/1/smaps");
	struct ml_smaps ru = smaps_fixture(CAP_I386 "proc/1/smaps_rollup");
	struct ml_smaps mp = maps_fixture(CAP_I386 "proc/1/maps");
	assert_int_equal(sm.n, 10);
	assert_int_equal(mp.n, 10);
	assert_int_equal(sum(&sm, "Rss"), 1568 * KB);
	assert_int_equal(field(&ru.maps[0], "Rss"), 1568 * KB);
	assert_int_equal(sum(&sm, "Pss"), 659 * KB);
	assert_int_equal(field(&ru.maps[0], "Pss"), 659 * KB);
	assert_int_equal(sum(&sm, "Private_Dirty"), 320 * KB);
	assert_int_equal(field(&ru.maps[0], "Private_Dirty"), 320 * KB);
	assert_int_equal(sum(&sm, "Shared_Dirty"), 1244 * KB);
	assert_int_equal(sum_size_from_range(&mp), 2324 * KB);   /* = VmSize */
	assert_string_equal(mp.maps[5].name, "");
	assert_string_equal(mp.maps[7].name, "[vvar]");
	ml_smaps_free(&sm);
	ml_smaps_free(&ru);
	ml_smaps_free(&mp);
}

static void test_arm64_dd_buffer_has_three_2_mib_thps(void **state)
{
	(void)state;
	struct ml_smaps sm = smaps_fixture(CAP_ARM64 "proc/108/smaps");
	struct ml_smaps ru = smaps_fixture(CAP_ARM64 "proc/108/smaps_rollup");
	assert_int_equal(sm.n, 9);
	const struct ml_mapping *buf = at(&sm, 0xffff83bb9000ULL);
	assert_int_equal(buf->end, 0xffff843b9000ULL);
	assert_int_equal(field(buf, "Size"), 8192 * KB);
	assert_int_equal(field(buf, "Rss"), 8192 * KB);
	assert_int_equal(field(buf, "Pss"), 8192 * KB);
	assert_int_equal(field(buf, "AnonHugePages"), 6144 * KB);   /* 3 x 2 MiB PMDs */
	assert_int_equal(sum(&sm, "Rss"), 9356 * KB);
	assert_int_equal(field(&ru.maps[0], "Rss"), 9356 * KB);
	assert_int_equal(sum(&sm, "Pss"), 8527 * KB);
	assert_int_equal(field(&ru.maps[0], "Pss"), 8527 * KB);
	assert_int_equal(sum(&sm, "Private_Dirty"), 8244 * KB);
	assert_int_equal(field(&ru.maps[0], "Private_Dirty"), 8244 * KB);
	assert_int_equal(field(&ru.maps[0], "AnonHugePages"), 6144 * KB);
	assert_int_equal(ru.maps[0].start, 0x00400000);
	assert_int_equal(ru.maps[0].end, 0xffffc372a000ULL);

	struct ml_proc_status st = status_fixture(CAP_ARM64 "proc/108/status");
	assert_string_equal(st.name, "dd");
	assert_int_equal(mem(&st, "VmSize"), sum_size_from_range(&sm));
	assert_int_equal(mem(&st, "VmSize"), 10280 * KB);
	assert_int_equal(mem(&st, "VmRSS"), 9276 * KB);
	ml_proc_status_free(&st);
	ml_smaps_free(&sm);
	ml_smaps_free(&ru);
}

static void test_arm64_pid1_maps_and_smaps_agree(void **state)
{
	(void)state;
	struct ml_smaps sm = smaps_fixture(CAP_ARM64 "proc/1/smaps");
	struct ml_smaps mp = maps_fixture(CAP_ARM64 "proc/1/maps");
	struct ml_smaps ru = smaps_fixture(CAP_ARM64 "proc/1/smaps_rollup");
	assert_int_equal(sm.n, 8);
	assert_int_equal(mp.n, 8);
	for (size_t i = 0; i < mp.n; i++) {
		assert_int_equal(mp.maps[i].start, sm.maps[i].start);
		assert_string_equal(mp.maps[i].name, sm.maps[i].name);
	}
	assert_string_equal(mp.maps[0].perms, "r-xp");
	assert_string_equal(mp.maps[0].name, "/bin/busybox");
	assert_string_equal(mp.maps[7].name, "[stack]");
	assert_int_equal(sum(&sm, "Rss"), 1444 * KB);
	assert_int_equal(field(&ru.maps[0], "Rss"), 1444 * KB);
	assert_int_equal(sum(&sm, "Pss"), 551 * KB);
	assert_int_equal(field(&ru.maps[0], "Pss"), 551 * KB);
	assert_int_equal(sum_size_from_range(&mp), 2088 * KB);
	struct ml_proc_status st = status_fixture(CAP_ARM64 "proc/1/status");
	assert_string_equal(st.name, "init");
	assert_int_equal(st.pid, 1);
	assert_int_equal(st.ppid, 0);
	assert_int_equal(mem(&st, "VmRSS"), 1444 * KB);
	ml_proc_status_free(&st);
	ml_smaps_free(&sm);
	ml_smaps_free(&mp);
	ml_smaps_free(&ru);
}

/* ---- public fixtures ---- */

static void test_prometheus_26231_older_field_set(void **state)
{
	(void)state;
	struct ml_smaps sm = smaps_fixture(PROMETHEUS "26231/smaps");
	struct ml_smaps ru = smaps_fixture(PROMETHEUS "26231/smaps_rollup");
	assert_int_equal(sm.n, 12);
	/* 4.x: no Pss_Dirty, KSM, FilePmdMapped, THPeligible */
	assert_int_equal(sm.maps[0].fields.n, 19);
	assert_null(ml_kv_find(&sm.maps[0].fields, "Pss_Dirty"));
	assert_null(ml_kv_find(&sm.maps[0].fields, "THPeligible"));
	assert_non_null(ml_kv_find(&sm.maps[0].fields, "ShmemPmdMapped"));
	/* "dw" (VM_DENYWRITE) has left the kernel since: still taken */
	assert_string_equal(sm.maps[0].vmflags, "rd ex mr mw me dw sd");
	assert_string_equal(sm.maps[0].name, "/bin/alertmanager");
	assert_int_equal(sm.maps[0].dev_major, 0xfd);
	assert_int_equal(sm.maps[0].dev_minor, 1);
	/* Go heap at 0xc000000000: ten hex digits, still ascending */
	assert_int_equal(sm.maps[4].start, 0xc000000000ULL);
	assert_int_equal(sm.maps[4].end, 0xc000400000ULL);
	assert_int_equal(sm.maps[7].start, 0x7f0ab95ca000ULL);
	assert_int_equal(sum(&sm, "Rss"), 29948 * KB);
	assert_int_equal(sum(&sm, "Pss"), 29944 * KB);
	assert_int_equal(sum(&sm, "Swap"), 1940 * KB);
	assert_int_equal(sum(&sm, "LazyFree"), 5848 * KB);
	assert_int_equal(sum(&sm, "Size"), 123996 * KB);

	const struct ml_mapping *r = &ru.maps[0];
	assert_int_equal(r->fields.n, 16);            /* no Pss_Anon/File/Shmem yet */
	assert_null(ml_kv_find(&r->fields, "Pss_Anon"));
	/* this older rollup ran to the end of the vsyscall page */
	assert_int_equal(r->end, 0xffffffffff601000ULL);
	assert_int_equal(field(r, "Rss"), 29948 * KB);
	assert_int_equal(field(r, "Pss"), 29944 * KB);
	assert_int_equal(field(r, "Private_Clean") + field(r, "Private_Dirty"), (15548 + 14396) * KB);
	assert_int_equal(sum(&sm, "Private_Clean"), 15548 * KB);
	assert_int_equal(sum(&sm, "Private_Dirty"), 14396 * KB);
	assert_int_equal(field(r, "Swap"), 1940 * KB);
	ml_smaps_free(&sm);
	ml_smaps_free(&ru);
}

static void test_prometheus_26234_32_bit_maps_name_after_one_space(void **state)
{
	(void)state;
	struct ml_smaps mp = maps_fixture(PROMETHEUS "26234/maps");
	assert_int_equal(mp.n, 4);
	assert_int_equal(mp.maps[0].start, 0x08048000);
	assert_int_equal(mp.maps[0].end, 0x08089000);
	assert_string_equal(mp.maps[0].perms, "r-xp");
	assert_int_equal(mp.maps[0].dev_major, 3);
	assert_int_equal(mp.maps[0].dev_minor, 1);
	assert_int_equal(mp.maps[0].inode, 104219);
	assert_string_equal(mp.maps[0].name, "/bin/tcsh");
	assert_int_equal(mp.maps[1].offset, 0x41000);
	/* anonymous, and no trailing blank at all */
	assert_string_equal(mp.maps[2].perms, "rwxp");
	assert_string_equal(mp.maps[2].name, "");
	assert_string_equal(mp.maps[3].name, "/lib/ld-2.3.2.so");
	assert_int_equal(mp.maps[3].inode, 61874);
	assert_int_equal(sum_size_from_range(&mp), 1100 * KB);
	ml_smaps_free(&mp);
}

static void test_prometheus_26232_shared_exec_and_vsyscall(void **state)
{
	(void)state;
	struct ml_smaps mp = maps_fixture(PROMETHEUS "26232/maps");
	assert_int_equal(mp.n, 9);
	assert_string_equal(mp.maps[1].perms, "rwxs");
	assert_int_equal(mp.maps[1].offset, 0xa000);
	assert_string_equal(mp.maps[3].name, "/usr/lib/locale/locale-archive");
	assert_int_equal(mp.maps[8].start, 0xffffffffff600000ULL);
	assert_string_equal(mp.maps[8].name, "[vsyscall]");
	ml_smaps_free(&mp);
}

static void test_jc_systemd_maps_and_smaps_agree(void **state)
{
	(void)state;
	struct ml_smaps sm = smaps_fixture(JC "pid_smaps");
	struct ml_smaps mp = maps_fixture(JC "pid_maps");
	assert_int_equal(sm.n, 214);
	assert_int_equal(mp.n, 214);
	for (size_t i = 0; i < mp.n; i++) {
		assert_int_equal(mp.maps[i].end, sm.maps[i].end);
		assert_string_equal(mp.maps[i].name, sm.maps[i].name);
		assert_int_equal(sm.maps[i].fields.n, 21);
	}
	assert_string_equal(mp.maps[0].name, "/usr/lib/systemd/systemd");
	assert_int_equal(sum(&sm, "Rss"), 13252 * KB);
	assert_int_equal(sum(&sm, "Pss"), 5594 * KB);
	assert_int_equal(sum(&sm, "Size"), 169988 * KB);
	assert_int_equal(sum_size_from_range(&mp), 169988 * KB);
	ml_smaps_free(&sm);
	ml_smaps_free(&mp);
}

/* ---- format details ---- */

static void test_names_keep_blanks_deleted_and_escapes(void **state)
{
	(void)state;
	size_t len, n, n2;
	char *buf = ml_test_read_fixture(CAP_X86 "proc/5670/maps", &len);
	char *a = ml_test_edit(buf, len, "/dev/zero (deleted)", "/tmp/a\\012b  c (deleted)", &n);
	char *b = ml_test_edit(a, n, "0                          [heap]", "0 [anon:my  buffer]", &n2);
	struct ml_smaps mp;
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_maps(b, n2, "f", &mp, &err), ML_OK);
	assert_string_equal(mp.maps[23].name, "/tmp/a\\012b  c (deleted)");
	assert_string_equal(mp.maps[5].name, "[anon:my  buffer]");
	ml_smaps_free(&mp);
	free(a);
	free(b);
	free(buf);
}

static void test_unknown_fields_are_kept(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(CAP_ARM64 "proc/1/smaps", &len);
	/* a future kernel adds two lines to every mapping */
	char *more = replace_all(buf, len, "Locked:                0 kB\n",
				 "Locked:                0 kB\nPss_Future:           12 kB\nNewCount:     7\n"
				 "ProtectionKey:         0\n", &n);
	struct ml_smaps sm;
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_smaps(more, n, "f", &sm, &err), ML_OK);
	assert_int_equal(sm.n, 8);
	for (size_t i = 0; i < sm.n; i++) {
		assert_int_equal(sm.maps[i].fields.n, 25);
		assert_int_equal(field(&sm.maps[i], "Pss_Future"), 12 * KB);
		assert_int_equal(field(&sm.maps[i], "NewCount"), 7);
		assert_int_equal(field(&sm.maps[i], "ProtectionKey"), 0);
	}
	ml_smaps_free(&sm);
	free(more);
	free(buf);
}

static void test_crlf_copy_parses_the_same(void **state)
{
	(void)state;
	static const char *const files[] = {
		PY_SMAPS, CAP_X86 "proc/5670/smaps_rollup", CAP_I386 "proc/114/smaps", PROMETHEUS "26234/maps",
	};
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		size_t len, n;
		char *buf = ml_test_read_fixture(files[f], &len);
		char *crlf = ml_test_crlf(buf, len, &n);
		ml_test_parse_fn p = strstr(files[f], "smaps") ? parse_smaps : parse_maps;
		struct ml_smaps a, b;
		struct ml_error err = { 0 };
		assert_int_equal(p(buf, len, "f", &a, &err), ML_OK);
		if (p(crlf, n, "f", &b, &err) != ML_OK)
			fail_msg("%s with CRLF: line %lu: %s", files[f], err.line, err.message);
		assert_same_smaps(&a, &b);
		ml_smaps_free(&a);
		ml_smaps_free(&b);
		free(crlf);
		free(buf);
	}
	size_t len, n;
	char *buf = ml_test_read_fixture(CAP_X86 "proc/5670/status", &len);
	char *crlf = ml_test_crlf(buf, len, &n);
	struct ml_proc_status st;
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_status(crlf, n, "f", &st, &err), ML_OK);
	assert_string_equal(st.name, "python3");
	assert_int_equal(mem(&st, "VmRSS"), 21804 * KB);
	ml_proc_status_free(&st);
	free(crlf);
	free(buf);
}

/* ---- malformed variants of the real python smaps ---- */

static void test_cut_mid_line_is_an_error_on_that_line(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture(PY_SMAPS, &len);
	/* inside the header of the 64 MiB mapping: two of five fields */
	size_t cut = ml_test_offset_after(buf, len, "7f1a9b22e000-7f1a9f22e000 rw-s");
	expect_error(parse_smaps, buf, cut, 576, "has 2 of the 5 fields");
	cut = ml_test_offset_after(buf, len, "7f1a9b22e000-7f1a9f2");
	expect_error(parse_smaps, buf, cut, 576, "5 fields");
	/* inside its name: the header is complete but nothing follows */
	cut = ml_test_offset_after(buf, len, "/dev/zero (del");
	expect_error(parse_smaps, buf, cut, 576, "no fields");
	/* inside a value, and inside the unit */
	cut = ml_test_offset_after(buf, len, "65536 kB\nKernelPageSize:        4 kB\nMMUPageSize:           4 kB\nRss:                81");
	expect_error(parse_smaps, buf, cut, 580, "no kB unit");
	cut = ml_test_offset_after(buf, len, "65536 kB\nKernelPageSize:        4 kB\nMMUPageSize:           4 kB\nRss:                8192 k");
	expect_error(parse_smaps, buf, cut, 580, "cut mid-line");
	cut = ml_test_offset_after(buf, len, "65536 kB\nKernelPageSize:        4 kB\nMMUPageSize:           4 kB\nRss:     ");
	expect_error(parse_smaps, buf, cut, 580, "no value");
	/* at a line end: the mapping lacks the rest of its fields */
	cut = ml_test_offset_after(buf, len, "65536 kB\nKernelPageSize:        4 kB\nMMUPageSize:           4 kB\nRss:                8192 kB\n");
	expect_error(parse_smaps, buf, cut, 576, "no 'Pss' line");
	/* inside VmFlags: in a mnemonic, or between two of them */
	cut = ml_test_offset_after(buf, len, "VmFlags: rd wr sh mr mw me m");
	expect_error(parse_smaps, buf, cut, 600, "two-letter");
	cut = ml_test_offset_after(buf, len, "VmFlags: rd wr sh");
	expect_error(parse_smaps, buf, cut, 600, "newline");
	/* before VmFlags of the 64 MiB mapping */
	cut = ml_test_offset_after(buf, len, "THPeligible:           0\nVmFlags: rd wr sh mr mw me ms \n") - 31;
	expect_error(parse_smaps, buf, cut, 576, "VmFlags");
	/* the maps file cut inside its last name */
	size_t mlen;
	char *maps = ml_test_read_fixture(CAP_X86 "proc/5670/maps", &mlen);
	expect_error(parse_maps, maps, mlen - 3, 129, "newline");
	cut = ml_test_offset_after(maps, mlen, "7f1a9b22e000-7f1a9f22e000 rw-s 00000000");
	expect_error(parse_maps, maps, cut, 24, "3 of the 5 fields");
	free(maps);
	free(buf);
}

static void test_garbage_header_fields(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(PY_SMAPS, &len);
	static const struct { const char *to, *what; } cases[] = {
		{ "7f1a9b22e000-7f1a9f22e000 rwzs 00000000 00:01 1024", "permissions 'rwzs'" },
		{ "7f1a9b22e000-7f1a9f22e000 rw- 00000000 00:01 1024 x", "permissions 'rw-'" },
		{ "7f1a9b22e000-7f1a9f22e000 rw-sp 00000000 00:01 1024", "permissions" },
		{ "7f1a9b22e000-7f1a9f22e000 wr-s 00000000 00:01 1024", "permissions" },
		{ "7f1a9f22e000-7f1a9b22e000 rw-s 00000000 00:01 1024", "starts above its end" },
		{ "7f1a9b22g000-7f1a9f22e000 rw-s 00000000 00:01 1024", "address range" },
		{ "7f1a9b22e000+7f1a9f22e000 rw-s 00000000 00:01 1024", "address range" },
		{ "0x7f1a9b22e000-7f1a9f22e000 rw-s 00000000 00:01 1024", "address range" },
		{ "7f1a9b22e000-17f1a9f22e0000000 rw-s 00000000 00:01 1024", "address range" },
		{ "7f1a9b22e000-7f1a9f22e000 rw-s 0000000z 00:01 1024", "file offset" },
		{ "7f1a9b22e000-7f1a9f22e000 rw-s 00000000 00-01 1024", "device" },
		{ "7f1a9b22e000-7f1a9f22e000 rw-s 00000000 00:01 10x4", "inode" },
		{ "7f1a9b22e000-7f1a9f22e000 rw-s 00000000 00:01 123456789012345678901234567890",
		  "does not fit in 64 bits" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *bad = ml_test_edit(buf, len, "7f1a9b22e000-7f1a9f22e000 rw-s 00000000 00:01 1024",
					 cases[i].to, &n);
		expect_error(parse_smaps, bad, n, 576, cases[i].what);
		free(bad);
	}
	free(buf);
}

static void test_unsorted_or_overlapping_mappings_are_refused(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(PY_SMAPS, &len);
	/* the next mapping starts one page early: overlaps the 64 MiB one */
	char *bad = ml_test_edit(buf, len, "\n7f1a9f22e000-7f1a9f365000 rw-p", "\n7f1a9f22d000-7f1a9f365000 rw-p", &n);
	expect_error(parse_smaps, bad, n, 601, "ascending and never overlapping");
	free(bad);
	free(buf);

	/* maps with its first two lines swapped */
	buf = ml_test_read_fixture(CAP_X86 "proc/5670/maps", &len);
	const char *nl1 = memchr(buf, '\n', len);
	const char *nl2 = memchr(nl1 + 1, '\n', len - (size_t)(nl1 + 1 - buf));
	size_t l1 = (size_t)(nl1 + 1 - buf), l2 = (size_t)(nl2 - nl1);
	char *swapped = malloc(len);
	assert_non_null(swapped);
	memcpy(swapped, nl1 + 1, l2);
	memcpy(swapped + l2, buf, l1);
	memcpy(swapped + l1 + l2, nl2 + 1, len - l1 - l2);
	expect_error(parse_maps, swapped, len, 2, "ascending");
	/* the same mapping twice */
	char *twice = ml_test_concat(buf, l1, buf, len);
	expect_error(parse_maps, twice, len + l1, 2, "never overlapping");
	free(twice);
	free(swapped);
	free(buf);
}

static void test_garbage_field_values(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(PY_SMAPS, &len);
	static const struct { const char *to, *what; } cases[] = {
		{ "Rss:                81x2 kB", "'81x2' of 'Rss' is not a number" },
		{ "Rss:                -8192 kB", "never negative" },
		{ "Rss:   123456789012345678901234567890 kB", "does not fit in 64 bits" },
		{ "Rss:   18014398509481984 kB", "does not fit in 64 bits as bytes" },   /* 2^54 kB */
		{ "Rss:                8192 MB", "unit 'MB' of 'Rss' is not kB" },
		{ "Rss:                8192 kB extra", "extra text" },
		{ "Rss:                8192kB", "not a number" },
		{ "Rss:", "no value" },
		{ "Rss :               8192 kB", "expected a field 'Name: value'" },
		{ "Rss", "found 'Rss' (file cut mid-line?)" },
		{ "Rss:                8192 kB\nRss:                8192 kB", "'Rss' twice in the mapping of line 576 (first on line 580)" },
	};
	static const char from[] = "65536 kB\nKernelPageSize:        4 kB\nMMUPageSize:           4 kB\n"
				   "Rss:                8192 kB";
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char to[256];
		snprintf(to, sizeof(to), "65536 kB\nKernelPageSize:        4 kB\nMMUPageSize:           4 kB\n%s",
			 cases[i].to);
		char *bad = ml_test_edit(buf, len, from, to, &n);
		/* the duplicate is reported on its own line */
		expect_error(parse_smaps, bad, n, strstr(cases[i].what, "twice") ? 581 : 580, cases[i].what);
		free(bad);
	}
	/* plain numbers stay plain */
	char *bad = ml_test_edit(buf, len, "Locked:                0 kB\nTHPeligible:           0\nVmFlags: rd wr sh",
				 "Locked:                0 kB\nTHPeligible:           0 kB\nVmFlags: rd wr sh", &n);
	expect_error(parse_smaps, bad, n, 599, "plain number");
	free(bad);
	bad = ml_test_edit(buf, len, "VmFlags: rd wr sh mr mw me ms", "VmFlags: rd wr sh mr mw me ms\nVmFlags: rd", &n);
	expect_error(parse_smaps, bad, n, 601, "'VmFlags' twice");
	free(bad);
	bad = ml_test_edit(buf, len, "VmFlags: rd wr sh mr mw me ms", "VmFlags: rd wr shared", &n);
	expect_error(parse_smaps, bad, n, 600, "'shared' is not a two-letter");
	free(bad);
	free(buf);
}

static void test_field_before_any_header_and_files_mixed_up(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(PY_SMAPS, &len);
	char *bad = ml_test_edit(buf, len, "5589af5ce000-5589af5cf000 r--p", "Rss:  4 kB\n5589af5ce000-5589af5cf000 r--p", &n);
	expect_error(parse_smaps, bad, n, 1, "before any mapping");
	free(bad);
	/* smaps handed to the maps parser, maps to the smaps parser */
	expect_error(parse_maps, buf, len, 2, "in a maps file");
	size_t mlen;
	char *maps = ml_test_read_fixture(CAP_X86 "proc/5670/maps", &mlen);
	expect_error(parse_smaps, maps, mlen, 1, "no fields");
	free(maps);
	/* a field only one mapping has: two files pasted together */
	bad = ml_test_edit(buf, len, "Size:              65536 kB\n", "Size:              65536 kB\nPss_Anon:  0 kB\n", &n);
	expect_error(parse_smaps, bad, n, 578, "'Pss_Anon' is not in the first mapping (line 1)");
	free(bad);
	/* a rollup pasted after smaps: out of order and short of fields */
	size_t rlen;
	char *roll = ml_test_read_fixture(CAP_X86 "proc/5670/smaps_rollup", &rlen);
	char *both = ml_test_concat(buf, len, roll, rlen);
	expect_error(parse_smaps, both, len + rlen, 3226, "ascending");
	free(both);
	free(roll);
	free(buf);
}

static void test_nul_byte_is_an_error_on_its_line(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(PY_SMAPS, &len);
	static const char from[] = "Size:              65536 kB\nKernelPageSize:        4 kB\nMMUPageSize:           4 kB\nRss:                8192 kB";
	static const char to[] = "Size:              65536 kB\nKernelPageSize:        4 kB\nMMUPageSize:           4 kB\nRss:                8\0" "192 kB";
	char *bad = ml_test_edit_bytes(buf, len, from, sizeof(from) - 1, to, sizeof(to) - 1, &n);
	expect_error(parse_smaps, bad, n, 580, "NUL");
	free(bad);
	bad = ml_test_edit_bytes(buf, len, "/dev/zero", 9, "/dev\0zero", 9, &n);
	expect_error(parse_smaps, bad, n, 576, "NUL");
	free(bad);
	free(buf);
}

static void test_err_may_be_null(void **state)
{
	(void)state;
	struct ml_smaps sm;
	struct ml_proc_status st;
	assert_int_equal(ml_parse_smaps("Rss: 1 kB\n", 10, "f", &sm, NULL), ML_EPARSE);
	assert_int_equal(ml_parse_maps("00-01 r--p\n", 11, "f", &sm, NULL), ML_EPARSE);
	assert_int_equal(ml_parse_status("", 0, "f", &st, NULL), ML_EPARSE);
	ml_smaps_free(NULL);
	ml_proc_status_free(NULL);
}

/* ---- status ---- */

static void test_status_name_with_blanks_and_kernel_threads(void **state)
{
	(void)state;
	size_t len, n, n2;
	char *buf = ml_test_read_fixture(CAP_X86 "proc/5670/status", &len);
	char *named = ml_test_edit(buf, len, "Name:\tpython3\n", "Name:\tmy  prog x\n", &n);
	struct ml_proc_status st;
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_status(named, n, "f", &st, &err), ML_OK);
	assert_string_equal(st.name, "my  prog x");
	ml_proc_status_free(&st);
	free(named);

	/* 6.x says so itself */
	char *kt = ml_test_edit(buf, len, "Kthread:\t0", "Kthread:\t1", &n);
	assert_int_equal(ml_parse_status(kt, n, "f", &st, &err), ML_OK);
	assert_true(st.is_kernel_thread);
	ml_proc_status_free(&st);
	free(kt);

	/* 6.1 has no Kthread line: a task without task_mem() lines has no mm */
	char *i386 = ml_test_read_fixture(CAP_I386 "proc/1/status", &len);
	const char *from = strstr(i386, "VmPeak:");
	const char *to = strstr(i386, "HugetlbPages:");
	assert_non_null(from);
	assert_non_null(to);
	to = strchr(to, '\n') + 1;
	char *nomm = malloc(len);
	assert_non_null(nomm);
	n = (size_t)(from - i386);
	memcpy(nomm, i386, n);
	n2 = len - (size_t)(to - i386);
	memcpy(nomm + n, to, n2);
	assert_int_equal(ml_parse_status(nomm, n + n2, "f", &st, &err), ML_OK);
	assert_true(st.is_kernel_thread);
	assert_int_equal(st.mem.n, 0);
	assert_string_equal(st.name, "init");
	ml_proc_status_free(&st);
	free(nomm);
	free(i386);
	free(buf);
}

static void test_status_malformed(void **state)
{
	(void)state;
	size_t len, n;
	char *buf = ml_test_read_fixture(CAP_X86 "proc/5670/status", &len);
	static const struct { const char *from, *to; unsigned long line; const char *what; } cases[] = {
		{ "Uid:\t0\t0\t0\t0", "Uid:\t0\t0\t0", 9, "has 3 ids, expected 4" },
		{ "Uid:\t0\t0\t0\t0", "Uid:\t0\t0\t0\t0\t0", 9, "more than 4" },
		{ "Uid:\t0\t0\t0\t0", "Uid:\t0\t4294967296\t0\t0", 9, "not a 32-bit" },
		{ "VmRSS:\t   21804 kB", "VmRSS:\t   218O4 kB", 23, "'218O4' of 'VmRSS' is not a number" },
		{ "VmRSS:\t   21804 kB", "VmRSS:\t   123456789012345678901234567890 kB", 23, "64 bits" },
		{ "VmRSS:\t   21804 kB", "VmRSS:\t   21804 MB", 23, "expected 'N kB'" },
		{ "VmRSS:\t   21804 kB", "VmRSS:\t   21804", 23, "cut mid-line" },
		{ "VmRSS:\t   21804 kB", "VmRSS:\t   21804 kB\nVmRSS:\t   21804 kB", 24, "twice" },
		{ "Threads:\t5", "Threads:\tfive", 37, "expected one number" },
		{ "Threads:\t5", "Threads:\t5\nThreads:\t5", 38, "twice" },
		{ "Pid:\t5670", "Pid:\t-5670", 6, "never negative" },
		{ "Pid:\t5670", "Pid:\t99999999999", 6, "expected one number up to 2147483647" },
		{ "Threads:\t5", "Threads 5", 37, "expected 'Name:<tab>value'" },
		{ "Threads:\t5", "Threadz:\t5", 0, "no 'Threads:' line" },
		{ "Name:\tpython3", "Nome:\tpython3", 0, "no 'Name:' line" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *bad = ml_test_edit(buf, len, cases[i].from, cases[i].to, &n);
		expect_status_error(bad, n, cases[i].line, cases[i].what);
		free(bad);
	}
	/* cut files */
	expect_status_error(buf, ml_test_offset_after(buf, len, "VmSize:\t  3771"), 19, "cut mid-line");
	expect_status_error(buf, ml_test_offset_after(buf, len, "VmSize:\t  377128 kB\n"), 0, "no 'Threads:' line");
	expect_status_error(buf, len - 1, 59, "newline");
	expect_status_error(buf, 0, 0, "empty");
	/* another file altogether */
	size_t mlen;
	char *meminfo = ml_test_read_fixture(CAP_X86 "proc/meminfo", &mlen);
	expect_status_error(meminfo, mlen, 0, "no 'Name:' line");
	free(meminfo);
	char *nul = ml_test_edit_bytes(buf, len, "python3", 7, "pyt\0on3", 7, &n);
	expect_status_error(nul, n, 1, "NUL");
	free(nul);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_python_smaps_has_the_129_mappings_of_maps_in_order),
		cmocka_unit_test(test_python_64_mib_mapping_is_shared_dev_zero_with_8_mib_touched),
		cmocka_unit_test(test_python_sums_match_rollup_and_pmap_total),
		cmocka_unit_test(test_python_status_vmsize_vmrss_threads),
		cmocka_unit_test(test_pid1_empty_maps_are_zero_mappings),
		cmocka_unit_test(test_i386_dd_buffer_has_a_4_mib_thp),
		cmocka_unit_test(test_i386_pid1_sums_match_rollup),
		cmocka_unit_test(test_arm64_dd_buffer_has_three_2_mib_thps),
		cmocka_unit_test(test_arm64_pid1_maps_and_smaps_agree),
		cmocka_unit_test(test_prometheus_26231_older_field_set),
		cmocka_unit_test(test_prometheus_26234_32_bit_maps_name_after_one_space),
		cmocka_unit_test(test_prometheus_26232_shared_exec_and_vsyscall),
		cmocka_unit_test(test_jc_systemd_maps_and_smaps_agree),
		cmocka_unit_test(test_names_keep_blanks_deleted_and_escapes),
		cmocka_unit_test(test_unknown_fields_are_kept),
		cmocka_unit_test(test_crlf_copy_parses_the_same),
		cmocka_unit_test(test_cut_mid_line_is_an_error_on_that_line),
		cmocka_unit_test(test_garbage_header_fields),
		cmocka_unit_test(test_unsorted_or_overlapping_mappings_are_refused),
		cmocka_unit_test(test_garbage_field_values),
		cmocka_unit_test(test_field_before_any_header_and_files_mixed_up),
		cmocka_unit_test(test_nul_byte_is_an_error_on_its_line),
		cmocka_unit_test(test_err_may_be_null),
		cmocka_unit_test(test_status_name_with_blanks_and_kernel_threads),
		cmocka_unit_test(test_status_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
