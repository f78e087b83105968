/* Every input in fuzz/corpus/<parser>/ replayed through its parser, with the
 * same contract checks the fuzzers apply (fuzz/targets.c): the return is 0 or
 * a negative ML_E* code with the error filled, the output obeys the model's
 * bounds, and nothing crashes or leaks (run under ASan in CI).  The corpus
 * holds every input a fuzzer ever crashed on, plus hand-made hostile files;
 * fuzz/README.md says where each came from. */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

static void replay(void **state)
{
	const struct ml_fuzz_target *t = *state;
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/%s", ML_FUZZ_CORPUS, t->name);
	size_t n;
	char **files = list_dir(dir, &n);
	if (!files) {
		print_message("# no %s: nothing to replay\n", dir);
		return;
	}
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
	}
	print_message("# %s: %zu inputs replayed\n", t->name, n);
	free_list(files, n);
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
		/* Targets of parsers not built in this tree are compiled out. */
		if (!strcmp(dirs[i], "failure_report") || !strcmp(dirs[i], "gfp"))
			continue;
		print_error("fuzz/corpus/%s has no target in fuzz/targets.c\n", dirs[i]);
		missing++;
	}
	free_list(dirs, n);
	assert_int_equal(missing, 0);
}

int main(void)
{
	size_t n = 0;
	while (ml_fuzz_targets[n].name)
		n++;
	struct CMUnitTest *tests = calloc(n + 1, sizeof(*tests));
	char (*names)[64] = calloc(n, sizeof(*names));
	tests[0] = (struct CMUnitTest)cmocka_unit_test(test_every_corpus_folder_has_a_target);
	for (size_t i = 0; i < n; i++) {
		snprintf(names[i], sizeof(names[i]), "test_replay_corpus_%s", ml_fuzz_targets[i].name);
		tests[i + 1] = (struct CMUnitTest){ names[i], replay, NULL, NULL,
						    (void *)&ml_fuzz_targets[i] };
	}
	int rc = _cmocka_run_group_tests("regressions", tests, n + 1, NULL, NULL);
	free(tests);
	free(names);
	return rc;
}
