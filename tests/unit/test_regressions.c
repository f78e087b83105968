/* Every input in fuzz/corpus/<parser>/ replayed through its parser, with the
 * same contract checks the fuzzers apply (fuzz/targets.c): the return is 0 or
 * a negative ML_E* code with the error filled, the output obeys the model's
 * bounds, and nothing crashes or leaks (run under ASan in CI).  The corpus
 * holds every input a fuzzer ever crashed on, plus hand-made hostile files;
 * fuzz/README.md says where each came from. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/procs.h"
#include "model/system.h"
#include "parse/buddyinfo.h"
#include "parse/extfrag.h"
#include "parse/kvfile.h"
#include "parse/slabinfo.h"
#include "parse/vmallocinfo.h"
#include "parse/zoneinfo.h"
#include "source/source.h"
#include "targets.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entry names of a directory (no dot files); NULL-terminated. */
static char **list_dir(const char *path, size_t *n)
{
	DIR *d = opendir(path);
	size_t cap = 64;
	char **v;
	*n = 0;
	if (!d)
		return NULL;
	v = malloc(cap * sizeof(*v));
	assert_non_null(v);
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (*n + 1 >= cap) {
			cap *= 2;
			v = realloc(v, cap * sizeof(*v));
			assert_non_null(v);
		}
		v[(*n)++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(v, *n, sizeof(*v), cmp_str);
	v[*n] = NULL;
	return v;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	size_t cap = 1 << 16, n = 0, r;
	/* Exactly sized at the end so that ASan sees reads past the input. */
	unsigned char *buf = malloc(cap);
	while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
	}
	fclose(f);
	unsigned char *exact = malloc(n ? n : 1);
	memcpy(exact, buf, n);
	free(buf);
	*len = n;
	return exact;
}

/* Replay every file of dir through t; the number that broke the contract. */
static int replay_dir(const struct ml_fuzz_target *t, const char *dir, size_t *count)
{
	size_t n;
	char **files = list_dir(dir, &n);
	*count = 0;
	if (!files)
		return 0;
	int broken = 0;
	for (size_t i = 0; i < n; i++) {
		char path[8192];
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		size_t len;
		unsigned char *data = read_all(path, &len);
		const char *msg = t->run(data, len);
		free(data);
		if (msg) {
			print_error("%s: %s\n", path, msg);
			broken++;
		}
		(*count)++;
	}
	free_list(files, n);
	return broken;
}

/* The hostile CLI inputs of tests/fixtures/malformed/ (by the file they
 * replace) go through the parsers' contracts too. */
static const struct {
	const char *target, *folder;
} malformed_folders[] = {
	{ "zoneinfo", "zoneinfo" }, { "buddyinfo", "buddyinfo" }, { "pagetypeinfo", "pagetypeinfo" },
	{ "meminfo", "meminfo" }, { "vmstat", "vmstat" }, { "slabinfo", "slabinfo" },
	{ "vmallocinfo", "vmallocinfo" }, { "sysctl", "min_free_kbytes" },
	{ "sysctl", "lowmem_reserve_ratio" }, { "extfrag", "unusable_index" },
	{ "extfrag", "extfrag_index" }, { "smaps", "smaps" }, { "smaps_rollup", "smaps_rollup" },
	{ "status", "status" }, { "maps", "maps" },
};

static void replay(void **state)
{
	const struct ml_fuzz_target *t = *state;
	char dir[4096];
	size_t n, total = 0;
	snprintf(dir, sizeof(dir), "%s/%s", ML_FUZZ_CORPUS, t->name);
	int broken = replay_dir(t, dir, &n);
	total += n;
	for (size_t i = 0; i < sizeof(malformed_folders) / sizeof(malformed_folders[0]); i++) {
		if (strcmp(malformed_folders[i].target, t->name) != 0)
			continue;
		snprintf(dir, sizeof(dir), "%s/malformed/%s", ML_FIXTURES, malformed_folders[i].folder);
		broken += replay_dir(t, dir, &n);
		total += n;
	}
	print_message("# %s: %zu inputs replayed\n", t->name, total);
	if (broken)
		fail_msg("%d of the %s inputs broke the parser's contract", broken, t->name);
}

/* A corpus folder without a target would never be replayed. */
static void test_every_corpus_folder_has_a_target(void **state)
{
	(void)state;
	size_t n;
	char **dirs = list_dir(ML_FUZZ_CORPUS, &n);
	assert_non_null(dirs);
	int missing = 0;
	for (size_t i = 0; i < n; i++) {
		if (ml_fuzz_target_find(dirs[i]))
			continue;
		print_error("fuzz/corpus/%s has no target in fuzz/targets.c\n", dirs[i]);
		missing++;
	}
	free_list(dirs, n);
	assert_int_equal(missing, 0);
}

/* ------------------------------------------------------------------------
 * Bugs found by the hostile-input work, one test each (fuzz/README.md lists
 * them).  Each was a file the kernel cannot print, read silently into wrong
 * figures, or a snapshot read through a symlink leading out of it. */

/* A copy of a fixture, cut to n bytes (n <= its length). */
static char *fixture_cut(const char *rel, size_t keep_from_end_cut, size_t *n)
{
	size_t len;
	char *buf = ml_test_read_fixture(rel, &len);
	assert_true(keep_from_end_cut < len);
	*n = len - keep_from_end_cut;
	return buf;
}

/* vmallocinfo's last line cut inside its size ("2" of "20480") read as a
 * 2-byte area; now refused naming the cut line. */
static void test_vmallocinfo_cut_inside_the_last_size_is_refused(void **state)
{
	(void)state;
	const char text[] = "0x00000000640890ee-0x00000000ae5fb3ff   20480 kernel_clone+0x94/0x3e0 pages=4 vmalloc N0=4\n"
			    "0x00000000daa76f79-0x00000000dd324653   2";
	struct ml_vmallocinfo vi;
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_vmallocinfo(text, sizeof(text) - 1, "v", &vi, &err), ML_EPARSE);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.message, "cut"));
	assert_null(vi.areas);
}

/* slabinfo's last row cut inside its last number still had 16 columns. */
static void test_slabinfo_cut_inside_the_last_number_is_refused(void **state)
{
	(void)state;
	size_t n;
	char *buf = fixture_cut("captured/vm-6.18-x86_64/proc/slabinfo", 2, &n);
	/* the capture ends "...      0\n": make the last number two digits, cut after one */
	char *text = malloc(n + 8);
	memcpy(text, buf, n);
	memcpy(text + n, "1", 1);
	struct ml_slabinfo si;
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_slabinfo(text, n + 1, "s", &si, &err), ML_EPARSE);
	assert_int_equal(err.line, 237);
	free(text);
	free(buf);
}

/* zoneinfo ending inside a number ("start_pfn: 10" of "1048576") read it. */
static void test_zoneinfo_cut_inside_the_last_number_is_refused(void **state)
{
	(void)state;
	size_t len;
	char *buf = ml_test_read_fixture("captured/vm-6.18-x86_64/proc/zoneinfo", &len);
	const char *at = strstr(buf, "  start_pfn:           1048576\n");
	assert_non_null(at);
	size_t n = (size_t)(at - buf) + strlen("  start_pfn:           10");
	struct ml_zoneinfo zi;
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_zoneinfo(buf, n, "z", &zi, &err), ML_EPARSE);
	assert_int_equal(err.line, 190);
	ml_zoneinfo_free(&zi);
	/* A last line ending otherwise (the node-exporter file ends with
	 * "protection: (0, 0, 0, 0, 0)" and no newline) is whole: read. */
	char *pub = ml_test_read_fixture("public/node-exporter/proc/zoneinfo", &len);
	memset(&err, 0, sizeof(err));
	assert_int_equal(ml_parse_zoneinfo(pub, len, "z", &zi, &err), ML_OK);
	ml_zoneinfo_free(&zi);
	free(pub);
	free(buf);
}

/* A sysctl cut inside its number ("6" of "67584") read as 6. */
static void test_sysctl_without_its_newline_is_refused(void **state)
{
	(void)state;
	uint64_t v = 7, a[8];
	size_t n = 0;
	struct ml_error err = { 0 };
	assert_int_equal(ml_parse_sysctl_u64("6", 1, "m", &v, &err), ML_EPARSE);
	assert_int_equal(v, 7);
	assert_int_equal(ml_parse_sysctl_array("256\t256\t3", 9, "l", a, 8, &n, &err), ML_EPARSE);
	assert_int_equal(ml_parse_sysctl_u64("67584\n", 6, "m", &v, &err), ML_OK);
	assert_int_equal(v, 67584);
}

/* debugfs extfrag: empty, a row with fewer indices, a zone twice, and a
 * negative index other than -1.000 were all accepted. */
static void test_extfrag_malformed_files_are_refused(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		unsigned long line;
	} bad[] = {
		{ "", 0 },
		{ "\n", 0 },
		{ "Node 0, zone DMA 0.000 0.000 0.000\nNode 0, zone Normal 0.000 0.000\n", 2 },
		{ "Node 0, zone DMA 0.000 0.000\nNode 0, zone DMA 0.000 0.000\n", 2 },
		{ "Node 0, zone DMA 0.000 -0.500\n", 1 },
		{ "Node 0, zone DMA 0.000 -1.001\n", 1 },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ml_extfrag ef;
		struct ml_error err = { 0 };
		int rc = ml_parse_extfrag(bad[i].text, strlen(bad[i].text), "e", &ef, &err);
		if (rc != ML_EPARSE || err.line != bad[i].line)
			fail_msg("case %zu: rc %d line %lu (%s)", i, rc, err.line, err.message);
		ml_extfrag_free(&ef);
	}
	struct ml_extfrag ef;
	struct ml_error err = { 0 };
	const char *good = "Node 0, zone DMA -1.000 0.066 1.000\nNode 1, zone DMA -1.000 0.000 0.500\n";
	assert_int_equal(ml_parse_extfrag(good, strlen(good), "e", &ef, &err), ML_OK);
	assert_int_equal(ef.nrows, 2);
	assert_int_equal(ef.rows[0].value[0], -1000);
	ml_extfrag_free(&ef);
}

/* Page counts no machine has (2^64 - 1 free blocks) were read, and every
 * sum and pages-to-bytes product over them wrapped: buddy printed a zone
 * total of 18446744073709551605 blocks, zones "16E" free and "below min".
 * Zone page figures are now bounded by ML_MAX_PAGES (limits.h). */
static void test_page_counts_beyond_any_machine_are_refused(void **state)
{
	(void)state;
	struct ml_error err = { 0 };
	struct ml_buddyinfo bi;
	const char *b = "Node 0, zone Normal 1 2 4398046511104\n";   /* 2^42 at order 2: 2^44 pages */
	assert_int_equal(ml_parse_buddyinfo(b, strlen(b), "b", &bi, &err), ML_EPARSE);
	assert_int_equal(err.line, 1);
	ml_buddyinfo_free(&bi);
	b = "Node 0, zone Normal 1 2 274877906944\n";                 /* 2^38 at order 2: 2^40 pages, allowed */
	assert_int_equal(ml_parse_buddyinfo(b, strlen(b), "b", &bi, &err), ML_OK);
	ml_buddyinfo_free(&bi);

	size_t len;
	char *zi_text = ml_test_read_fixture("captured/vm-6.18-x86_64/proc/zoneinfo", &len);
	static const struct {
		const char *from, *to;
		unsigned long line;
	} bad[] = {
		{ "pages free     101250", "pages free     18446744073709551615", 146 },
		{ "managed  294912", "managed  1099511627777", 154 },
		{ "protection: (0, 0, 0, 0, 0)", "protection: (0, 0, 0, 0, 1099511627777)", 156 },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *at = strstr(zi_text, bad[i].from);
		assert_non_null(at);
		size_t pre = (size_t)(at - zi_text), fl = strlen(bad[i].from), tl = strlen(bad[i].to);
		char *t = malloc(len - fl + tl + 1);
		memcpy(t, zi_text, pre);
		memcpy(t + pre, bad[i].to, tl);
		memcpy(t + pre + tl, at + fl, len - pre - fl + 1);
		struct ml_zoneinfo zi;
		memset(&err, 0, sizeof(err));
		int rc = ml_parse_zoneinfo(t, len - fl + tl, "z", &zi, &err);
		if (rc != ML_EPARSE || err.line != bad[i].line)
			fail_msg("case %zu: rc %d line %lu: %s", i, rc, err.line, err.message);
		ml_zoneinfo_free(&zi);
		free(t);
	}
	free(zi_text);
}

/* Make a snapshot directory: the x86 capture, then `edit` run in it. */
static void make_snapshot(char *dir, size_t n, const char *edit)
{
	snprintf(dir, n, "/tmp/ml-test-regressions-XXXXXX");
	assert_non_null(mkdtemp(dir));
	char cmd[16384];
	snprintf(cmd, sizeof(cmd), "cp -r '%s/captured/vm-6.18-x86_64/.' '%s/' && cd '%s' && %s", ML_FIXTURES, dir,
		 dir, edit);
	if (system(cmd) != 0)
		fail_msg("could not make the snapshot: %s", cmd);
}

static void remove_snapshot(const char *dir)
{
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* A status file of another process under this PID mixed two processes'
 * figures in one row. */
static void test_status_of_another_pid_is_refused(void **state)
{
	(void)state;
	char dir[256];
	make_snapshot(dir, sizeof(dir), "cp proc/1/status proc/5670/status");
	struct ml_source src;
	struct ml_proc_table t;
	struct ml_error err = { 0 };
	struct ml_procs_query q = { .rollup = true };
	assert_int_equal(ml_source_open(&src, dir, &err), ML_OK);
	assert_int_equal(ml_procs_load(&t, &src, &q, &err), ML_EPARSE);
	assert_non_null(strstr(err.file, "/proc/5670/status"));
	assert_int_equal(err.line, 6);
	ml_source_close(&src);
	remove_snapshot(dir);
}

/* Two lines of one vmalloc area: kept (seq_file can print a line twice),
 * but never silently: a warning names both lines. */
static void test_vmallocinfo_repeated_area_is_warned_about(void **state)
{
	(void)state;
	char dir[256];
	make_snapshot(dir, sizeof(dir), "sed -n 4p proc/vmallocinfo >> proc/vmallocinfo");
	struct ml_source src;
	struct ml_system sys;
	struct ml_error err = { 0 };
	assert_int_equal(ml_source_open(&src, dir, &err), ML_OK);
	assert_int_equal(ml_system_load(&sys, &src, 0, ML_LOAD_VMALLOCINFO, &err), ML_OK);
	bool warned = false;
	for (size_t i = 0; i < sys.nwarnings; i++)
		warned |= strstr(sys.warnings[i].text, "vmallocinfo:2187: area") != NULL &&
			  strstr(sys.warnings[i].text, "first on line 4") != NULL;
	assert_true(warned);
	ml_system_free(&sys);
	ml_source_close(&src);
	remove_snapshot(dir);
}

/* Read one snapshot file, in a child whose openat2 says ENOSYS when
 * no_openat2 (a kernel before 5.6, or valgrind): the code of the path. */
static int read_in_child(const char *dir, const char *path, bool no_openat2)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (no_openat2) {
			struct sock_filter f[] = {
				BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
				BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
				BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)),
				BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
			};
			struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };
			if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
			    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
				_exit(100);
			if (syscall(SYS_openat2, AT_FDCWD, "/", NULL, 0) != -1 || errno != ENOSYS)
				_exit(101);
		}
		struct ml_source src;
		struct ml_buffer b;
		struct ml_error err = { 0 };
		if (ml_source_open(&src, dir, &err) != ML_OK)
			_exit(102);
		int rc = ml_source_read(&src, path, &b, &err);
		if (rc == ML_OK)
			ml_buffer_free(&b);
		bool said = rc != ML_EIO || strstr(err.message, "outside the snapshot directory");
		_exit(rc == ML_OK ? 0 : rc == ML_EIO && said ? 1 : rc == ML_ENOENT ? 2 : 3);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	if (WEXITSTATUS(st) >= 100)
		skip();   /* no seccomp here */
	return WEXITSTATUS(st);
}

/* Without openat2 the snapshot reader refused symlinks in the last component
 * only: DIR/proc -> /proc was followed.  Now every component is checked, and
 * no symlink is followed with or without openat2. */
static void test_snapshot_symlinks_refused_with_and_without_openat2(void **state)
{
	(void)state;
	char dir[256];
	make_snapshot(dir, sizeof(dir),
		      "mv proc proc.real && ln -s /proc proc && mkdir -p a/b && echo x > a/b/real && "
		      "ln -s real a/b/inside && ln -s ../.. a/b/up && mkfifo a/fifo");
	for (int no = 0; no < 2; no++) {
		/* 1: refused as a symlink; 0: read; 2: missing; 3: other error */
		assert_int_equal(read_in_child(dir, "/proc/zoneinfo", no), 1);
		assert_int_equal(read_in_child(dir, "/proc/1/status", no), 1);
		assert_int_equal(read_in_child(dir, "/a/b/inside", no), 1);
		assert_int_equal(read_in_child(dir, "/a/b/up/proc.real/zoneinfo", no), 1);
		assert_int_equal(read_in_child(dir, "/a/../proc.real/zoneinfo", no), 1);
		assert_int_equal(read_in_child(dir, "/a/b/real", no), 0);
		assert_int_equal(read_in_child(dir, "/proc.real/zoneinfo", no), 0);
		assert_int_equal(read_in_child(dir, "/proc.real/nothing", no), 2);
		assert_int_equal(read_in_child(dir, "/a/fifo", no), 3);
	}
	remove_snapshot(dir);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_every_corpus_folder_has_a_target),
		cmocka_unit_test(test_vmallocinfo_cut_inside_the_last_size_is_refused),
		cmocka_unit_test(test_slabinfo_cut_inside_the_last_number_is_refused),
		cmocka_unit_test(test_zoneinfo_cut_inside_the_last_number_is_refused),
		cmocka_unit_test(test_sysctl_without_its_newline_is_refused),
		cmocka_unit_test(test_extfrag_malformed_files_are_refused),
		cmocka_unit_test(test_page_counts_beyond_any_machine_are_refused),
		cmocka_unit_test(test_status_of_another_pid_is_refused),
		cmocka_unit_test(test_vmallocinfo_repeated_area_is_warned_about),
		cmocka_unit_test(test_snapshot_symlinks_refused_with_and_without_openat2),
	};
	size_t nfixed = sizeof(fixed) / sizeof(fixed[0]), n = 0;
	while (ml_fuzz_targets[n].name)
		n++;
	/* One group (one TAP plan): the fixed tests, then one replay per target. */
	struct CMUnitTest *tests = calloc(nfixed + n, sizeof(*tests));
	char (*names)[64] = calloc(n ? n : 1, sizeof(*names));
	memcpy(tests, fixed, sizeof(fixed));
	for (size_t i = 0; i < n; i++) {
		snprintf(names[i], sizeof(names[i]), "test_replay_corpus_%s", ml_fuzz_targets[i].name);
		tests[nfixed + i] = (struct CMUnitTest){ names[i], replay, NULL, NULL,
							 (void *)&ml_fuzz_targets[i] };
	}
	int rc = _cmocka_run_group_tests("regressions", tests, nfixed + n, NULL, NULL);
	free(tests);
	free(names);
	return rc;
}
