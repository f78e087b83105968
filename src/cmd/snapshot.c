/* memlayout snapshot DIR: copy every file the other commands read into DIR,
 * laid out like /, with a MANIFEST, so that `memlayout --sysroot DIR ...`
 * answers the same questions later, on another machine.
 *
 * Reading goes through the source layer only (so `--sysroot A snapshot B`
 * copies a snapshot).  Writing is done relative to an fd of DIR and never
 * follows a symlink: a snapshot directory may hold files planted by someone
 * else, and this command is typically run as root. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "../cli.h"
#include "../render/format.h"
#include "../render/json.h"

enum {
	OPT_FORCE = ML_OPT_FIRST_COMMAND_OPTION,
	OPT_PID,
	OPT_ALL_PIDS,
};

/* System-wide files the commands read, as on a live system. */
static const char *const system_files[] = {
	"/proc/zoneinfo", "/proc/buddyinfo", "/proc/pagetypeinfo", "/proc/slabinfo",
	"/proc/vmallocinfo", "/proc/meminfo", "/proc/vmstat", "/proc/version",
	"/proc/cmdline", "/proc/iomem", "/proc/modules",
	"/proc/sys/kernel/kptr_restrict",
	"/sys/kernel/debug/extfrag/unusable_index", "/sys/kernel/debug/extfrag/extfrag_index",
};

/* Per process, under /proc/PID/.  stat comes first: it tells whether the
 * process exists at all; an empty maps marks a process without memory. */
enum { PID_STAT, PID_MAPS, PID_SMAPS_ROLLUP = 3 };
static const char *const pid_files[] = {
	"stat", "maps", "smaps", "smaps_rollup", "status", "statm", "cmdline", "comm",
};
#define NPID_FILES (sizeof(pid_files) / sizeof(pid_files[0]))

/* /proc/sys/vm files that act when touched: reading stat_refresh makes every
 * CPU fold its counters; the others are write-only triggers.  Never read,
 * whatever their mode says. */
static const char *const vm_triggers[] = { "drop_caches", "compact_memory", "stat_refresh" };

struct snap {
	const struct ml_source *src;
	const char *dir;           /* as the user gave it, for messages */
	int dir_fd;
	dev_t dev;                 /* DIR's filesystem: never cross into another */
	bool force;
	struct ml_system sys;      /* minimal: source info + unreadable notes */
	size_t nfiles;
	uint64_t bytes;
	size_t skipped_pids;
	cJSON *files;              /* with -J: [{path, bytes}] */
};

static void help(FILE *f)
{
	fputs("Usage: memlayout snapshot [OPTIONS] DIR\n\n"
	      "Copies every file memlayout reads (/proc memory files, /proc/sys/vm,\n"
	      "kptr_restrict, the debugfs extfrag indices when readable and, with --pid or\n"
	      "--all-pids, each process's maps, smaps, smaps_rollup, status, statm, stat,\n"
	      "cmdline and comm) into DIR laid out like /, with DIR/PAGE_SIZE, DIR/ARCH and\n"
	      "DIR/MANIFEST (kernel, arch, page size, time, hostname, and every file that\n"
	      "could not be read, with the reason).  Any command then runs on it with\n"
	      "'memlayout --sysroot DIR COMMAND', on any machine.\n\n"
	      "DIR and its parents are created when missing.  The copy holds files only root\n"
	      "may read, so it is created readable by its owner only (0700/0600).  Symlinks\n"
	      "inside DIR are never followed.  With --sysroot SRC, the snapshot SRC is copied.\n\n"
	      "Options:\n"
	      "      --force          write into DIR even if it is not empty (files of the\n"
	      "                       same name are replaced, others are left)\n"
	      "      --pid PID[,PID]  also copy these processes' files (repeatable); a process\n"
	      "                       that does not exist or exits during the copy is skipped\n"
	      "                       with a note, counted as skipped_pids in the MANIFEST\n"
	      "      --all-pids       also copy the files of every process\n\n",
	      f);
	ml_cli_help_common(f);
	fputs("\nFiles that cannot be read (root only, or missing) are listed in the MANIFEST\n"
	      "and noted once on stderr; the exit status is still 0.\n",
	      f);
}

/* "1234,5678" appended to *pids. */
static int parse_pids(const char *arg, int **pids, size_t *n, struct ml_error *err)
{
	const char *p = arg;
	for (;;) {
		char *end;
		errno = 0;
		long v = strtol(p, &end, 10);
		if (end == p || (*end && *end != ',') || errno || v <= 0 || v > INT_MAX)
			return ml_error_set(err, ML_EUSAGE, NULL, 0,
					    "--pid takes process IDs separated by commas, not '%s'", arg);
		int *np = realloc(*pids, (*n + 1) * sizeof(**pids));
		if (!np)
			return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
		*pids = np;
		(*pids)[(*n)++] = (int)v;
		if (!*end)
			return ML_OK;
		p = end + 1;
	}
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Filesystems where creating a directory or file does something else
 * (a cgroup, a kernel knob): a snapshot never goes there. */
static bool pseudo_fs(long type)
{
	switch (type) {
	case PROC_SUPER_MAGIC:
	case SYSFS_MAGIC:
	case DEBUGFS_MAGIC:
	case TRACEFS_MAGIC:
	case CGROUP_SUPER_MAGIC:
	case CGROUP2_SUPER_MAGIC:
	case SECURITYFS_MAGIC:
	case BPF_FS_MAGIC:
		return true;
	default:
		return false;
	}
}

static bool path_under(const char *path, const char *top)
{
	size_t l = strlen(top);
	return strncmp(path, top, l) == 0 && (path[l] == '\0' || path[l] == '/');
}

/* Where DIR will be created: its nearest existing ancestor.  Refused when
 * that is below /proc or /sys (by name: /sys/fs/cgroup is often a tmpfs) or
 * on a kernel filesystem mounted elsewhere. */
static bool forbidden_target(const char *dir)
{
	char p[PATH_MAX];
	struct statfs sf;
	if (snprintf(p, sizeof(p), "%s", dir) >= (int)sizeof(p))
		return false;
	while (statfs(p, &sf) != 0) {
		if (errno != ENOENT)
			return false;   /* the mkdir/open that follows reports it */
		char *slash = strrchr(p, '/');
		if (!slash)
			snprintf(p, sizeof(p), ".");
		else if (slash == p)
			p[1] = '\0';
		else
			*slash = '\0';
	}
	char real[PATH_MAX];
	if (realpath(p, real) && (path_under(real, "/proc") || path_under(real, "/sys")))
		return true;
	return pseudo_fs((long)sf.f_type);
}

/* mkdir -p, owner-only. */
static int make_dirs(const char *dir)
{
	char p[PATH_MAX];
	if (snprintf(p, sizeof(p), "%s", dir) >= (int)sizeof(p)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	if (mkdir(p, 0700) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* Create (or with --force accept) DIR and open it. */
static int open_target(struct snap *s, struct ml_error *err)
{
	if (forbidden_target(s->dir))
		return ml_error_set(err, ML_EUSAGE, s->dir, 0,
				    "is under /proc or /sys, or on a kernel filesystem: a snapshot is never written there");
	int fd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		if (make_dirs(s->dir) != 0)
			return ml_error_set(err, ML_EIO, s->dir, 0, "cannot create the directory: %s",
					    strerror(errno));
		fd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (fd < 0)
		return ml_error_set(err, ML_EIO, s->dir, 0, "cannot open the directory: %s", strerror(errno));
	s->dir_fd = fd;

	struct stat st;
	struct statfs sf;
	if (fstat(fd, &st) != 0 || fstatfs(fd, &sf) != 0)
		return ml_error_set(err, ML_EIO, s->dir, 0, "%s", strerror(errno));
	if (pseudo_fs((long)sf.f_type))
		return ml_error_set(err, ML_EUSAGE, s->dir, 0,
				    "is under /proc or /sys, or on a kernel filesystem: a snapshot is never written there");
	s->dev = st.st_dev;

	int dfd = dup(fd);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return ml_error_set(err, ML_EIO, s->dir, 0, "cannot list the directory: %s", strerror(errno));
	}
	bool empty = true;
	struct dirent *de;
	while (empty && (de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			empty = false;
	closedir(d);
	if (!empty && !s->force)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "%s is not empty (use --force to write into it)",
				    s->dir);
	return ML_OK;
}

/* Write DIR/path (path as on /: "/proc/1/maps").  Each directory on the way
 * is created with mkdirat and entered with O_NOFOLLOW on DIR's own
 * filesystem, so neither a planted symlink nor a mount point leads out. */
static int write_file(struct snap *s, const char *path, const char *data, size_t len,
		      struct ml_error *err)
{
	char rel[PATH_MAX], shown[PATH_MAX + 256];
	snprintf(rel, sizeof(rel), "%s", path + (path[0] == '/'));
	snprintf(shown, sizeof(shown), "%s/%s", s->dir, rel);
	int dfd = s->dir_fd, rc = ML_OK, fd = -1;
	char *name = rel;
	for (char *slash; (slash = strchr(name, '/')) != NULL; name = slash + 1) {
		*slash = '\0';
		if (mkdirat(dfd, name, 0700) != 0 && errno != EEXIST) {
			rc = ml_error_set(err, ML_EIO, shown, 0, "cannot create directory '%s': %s", name,
					  strerror(errno));
			goto out;
		}
		int nfd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		int e = errno;
		if (dfd != s->dir_fd)
			close(dfd);
		dfd = nfd;
		if (nfd < 0) {
			rc = ml_error_set(err, ML_EIO, shown, 0, "'%s' %s", name,
					  e == ELOOP || e == ENOTDIR ? "is a symlink or not a directory: not followed"
								     : strerror(e));
			goto out;
		}
		struct stat st;
		if (fstat(nfd, &st) != 0 || st.st_dev != s->dev) {
			rc = ml_error_set(err, ML_EIO, shown, 0,
					  "'%s' is another filesystem (a mount point): not written into", name);
			goto out;
		}
	}
	/* O_EXCL: never truncate or write through an existing entry, even a
	 * dangling symlink.  --force replaces it: unlinkat removes a symlink
	 * itself, not its target. */
	fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST && s->force && unlinkat(dfd, name, 0) == 0)
		fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = ml_error_set(err, ML_EIO, shown, 0, "cannot create: %s",
				  errno == EEXIST ? "it exists already" : strerror(errno));
		goto out;
	}
	for (size_t done = 0; done < len;) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			rc = ml_error_set(err, ML_EIO, shown, 0, "write error: %s", strerror(errno));
			goto out;
		}
		done += (size_t)w;
	}
	int c = close(fd);
	fd = -1;
	if (c != 0) {
		rc = ml_error_set(err, ML_EIO, shown, 0, "write error: %s", strerror(errno));
		goto out;
	}
	s->nfiles++;
	s->bytes += len;
	if (s->files) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "path", path);
		ml_json_add_u64(o, "bytes", len);
		cJSON_AddItemToArray(s->files, o);
	}
out:
	if (fd >= 0)
		close(fd);
	if (dfd >= 0 && dfd != s->dir_fd)
		close(dfd);
	return rc;
}

/* A file that could not be read is noted, not fatal; running out of memory is. */
static int note_unreadable(struct snap *s, const char *path, int rc, const struct ml_error *e,
			   struct ml_error *err)
{
	/* Copying a snapshot: a file it refuses (a symlink leading out of it,
	 * a FIFO) stops the copy rather than leave a hole in the new one. */
	if ((rc != ML_ENOENT && rc != ML_EACCES && rc != ML_EIO) ||
	    (rc == ML_EIO && !ml_source_is_live(s->src))) {
		*err = *e;
		return rc;
	}
	ml_system_note(&s->sys.unreadable, &s->sys.nunreadable, "%s: %s", path, e->message);
	return ML_OK;
}

static int copy_file(struct snap *s, const char *path, struct ml_error *err)
{
	struct ml_buffer b;
	struct ml_error e = { 0 };
	int rc = ml_source_read(s->src, path, &b, &e);
	if (rc != ML_OK)
		return note_unreadable(s, path, rc, &e, err);
	rc = write_file(s, path, b.data, b.len, err);
	ml_buffer_free(&b);
	return rc;
}

static int copy_sysctl_vm(struct snap *s, struct ml_error *err)
{
	struct ml_dir_file *files;
	size_t n;
	struct ml_error e = { 0 };
	int rc = ml_source_list_files(s->src, "/proc/sys/vm", &files, &n, &e);
	if (rc != ML_OK)
		return note_unreadable(s, "/proc/sys/vm", rc, &e, err);
	for (size_t i = 0; i < n && rc == ML_OK; i++) {
		bool trigger = false;
		for (size_t j = 0; j < sizeof(vm_triggers) / sizeof(vm_triggers[0]); j++)
			trigger |= strcmp(files[i].name, vm_triggers[j]) == 0;
		/* No read bit at all: a write-only knob, not data.  Left out
		 * silently; a root-only readable one is tried (and noted if denied). */
		if (trigger || !(files[i].mode & 0444))
			continue;
		char path[512];
		snprintf(path, sizeof(path), "/proc/sys/vm/%s", files[i].name);
		rc = copy_file(s, path, err);
	}
	free(files);
	return rc;
}

/* All of one process's files are read before any is written, so that a
 * process that exits half-way leaves nothing behind but a count. */
static int copy_process(struct snap *s, int pid, bool named, struct ml_error *err)
{
	struct ml_buffer b[NPID_FILES] = { { 0 } };
	struct ml_error e[NPID_FILES];
	int code[NPID_FILES];
	char path[NPID_FILES][64];
	int rc = ML_OK;
	bool gone = false;

	for (size_t i = 0; i < NPID_FILES; i++) {
		snprintf(path[i], sizeof(path[i]), "/proc/%d/%s", pid, pid_files[i]);
		memset(&e[i], 0, sizeof(e[i]));
		code[i] = ml_source_read(s->src, path[i], &b[i], &e[i]);
		if (code[i] == ML_ENOMEM) {
			rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
			goto out;
		}
		if (i == PID_STAT && code[i] == ML_ENOENT) {
			gone = true;
			goto out;
		}
	}
	/* A later file missing: gone during the copy, unless stat is still there. */
	for (size_t i = 1; i < NPID_FILES && !gone; i++) {
		if (code[i] != ML_ENOENT)
			continue;
		struct ml_buffer again;
		if (ml_source_read(s->src, path[PID_STAT], &again, NULL) == ML_OK)
			ml_buffer_free(&again);
		else
			gone = true;
	}
	if (gone)
		goto out;
	for (size_t i = 0; i < NPID_FILES && rc == ML_OK; i++) {
		if (code[i] == ML_OK) {
			rc = write_file(s, path[i], b[i].data, b[i].len, err);
			continue;
		}
		/* Kernel threads and zombies have no mm: empty maps, and
		 * smaps_rollup fails with ESRCH.  Nothing is lost there. */
		if (i == PID_SMAPS_ROLLUP && code[PID_MAPS] == ML_OK && b[PID_MAPS].len == 0)
			continue;
		rc = note_unreadable(s, path[i], code[i], &e[i], err);
	}
out:
	if (gone) {
		s->skipped_pids++;
		if (named)
			fprintf(stderr, "memlayout: note: process %d does not exist or has exited; skipped\n", pid);
	}
	for (size_t i = 0; i < NPID_FILES; i++)
		ml_buffer_free(&b[i]);
	return rc;
}

static void manifest_line(char *buf, size_t n, size_t *len, const char *key, const char *value)
{
	if (value[0] && *len < n)
		*len += (size_t)snprintf(buf + *len, n - *len, "%s: %s\n", key, value);
}

/* PAGE_SIZE, ARCH (as in the captured fixtures) and MANIFEST, last: a
 * snapshot with a MANIFEST is a finished one. */
static int write_metadata(struct snap *s, struct ml_error *err)
{
	const struct ml_source_info *info = &s->sys.info;
	char line[128];
	int rc;
	if (info->page_size) {
		snprintf(line, sizeof(line), "%" PRIu64 "\n", info->page_size);
		if ((rc = write_file(s, "/PAGE_SIZE", line, strlen(line), err)) != ML_OK)
			return rc;
	}
	if (info->arch[0]) {
		snprintf(line, sizeof(line), "%s\n", info->arch);
		if ((rc = write_file(s, "/ARCH", line, strlen(line), err)) != ML_OK)
			return rc;
	}
	size_t cap = 1024 + s->sys.nunreadable * (sizeof(s->sys.unreadable[0].text) + 16), len = 0;
	char *m = malloc(cap);
	if (!m)
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	char ps[32] = "";
	if (info->page_size)
		snprintf(ps, sizeof(ps), "%" PRIu64, info->page_size);
	/* What is not known (a capture without a time) is left out, not made up. */
	manifest_line(m, cap, &len, "memlayout_snapshot", "1");
	/* Keys as ml_source_info() reads them back. */
	manifest_line(m, cap, &len, "kernel", info->release);
	manifest_line(m, cap, &len, "arch", info->arch);
	manifest_line(m, cap, &len, "page_size", ps);
	manifest_line(m, cap, &len, "time", info->time);
	manifest_line(m, cap, &len, "hostname", info->hostname);
	manifest_line(m, cap, &len, "source", s->sys.source);
	for (size_t i = 0; i < s->sys.nunreadable; i++)
		manifest_line(m, cap, &len, "unreadable", s->sys.unreadable[i].text);
	snprintf(line, sizeof(line), "%zu", s->skipped_pids);
	manifest_line(m, cap, &len, "skipped_pids", line);
	rc = write_file(s, "/MANIFEST", m, len < cap ? len : cap - 1, err);
	free(m);
	return rc;
}

/* Once, on stderr: which files are missing from the copy. */
static void print_unreadable(const struct snap *s)
{
	size_t n = s->sys.nunreadable;
	if (!n)
		return;
	fprintf(stderr, "memlayout: note: %zu file%s could not be read:", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n && i < 6; i++) {
		/* "path: reason" -> "path (reason)" */
		const char *t = s->sys.unreadable[i].text, *sep = strstr(t, ": ");
		if (sep)
			fprintf(stderr, "%s %.*s (%s)", i ? "," : "", (int)(sep - t), t, sep + 2);
		else
			fprintf(stderr, "%s %s", i ? "," : "", t);
	}
	if (n > 6)
		fprintf(stderr, " and %zu more", n - 6);
	fprintf(stderr, "; listed in %s/MANIFEST\n", s->dir);
}

int cmd_snapshot(int argc, char **argv, struct ml_cli *cli, struct ml_error *err)
{
	static const struct option longopts[] = {
		ML_COMMON_LONGOPTS,
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "pid", required_argument, NULL, OPT_PID },
		{ "all-pids", no_argument, NULL, OPT_ALL_PIDS },
		{ NULL, 0, NULL, 0 },
	};
	struct snap s = { .dir_fd = -1 };
	struct ml_source src = { .root = NULL, .root_fd = -1 };
	int *pids = NULL;
	size_t npids = 0;
	bool all_pids = false;
	int opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, ML_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			help(stdout);
			free(pids);
			return ML_OK;
		case OPT_FORCE:
			s.force = true;
			continue;
		case OPT_ALL_PIDS:
			all_pids = true;
			continue;
		case OPT_PID:
			if ((rc = parse_pids(optarg, &pids, &npids, err)) != ML_OK)
				goto out;
			continue;
		}
		if ((rc = ml_cli_common(cli, opt, optarg, err)) < 0)
			goto out;
		if (rc == 0) {
			rc = ml_cli_bad_option(err, "snapshot");
			goto out;
		}
	}
	if (optind >= argc) {
		rc = ml_error_set(err, ML_EUSAGE, NULL, 0, "snapshot needs a directory (see memlayout snapshot --help)");
		goto out;
	}
	if (optind + 1 < argc) {
		rc = ml_error_set(err, ML_EUSAGE, NULL, 0, "snapshot takes one directory, not also '%s'",
				  argv[optind + 1]);
		goto out;
	}
	ml_cli_finish(cli);
	s.dir = argv[optind];

	if ((rc = ml_source_open(&src, cli->sysroot, err)) != ML_OK)
		goto out;
	s.src = &src;
	if ((rc = open_target(&s, err)) != ML_OK)
		goto out;

	ml_source_info(&src, &s.sys.info);
	s.sys.live = ml_source_is_live(&src);
	snprintf(s.sys.source, sizeof(s.sys.source), "%s", src.root ? src.root : "live");
	s.sys.page_size = s.sys.info.page_size;
	if (cli->out.json && !(s.files = cJSON_CreateArray())) {
		rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
		goto out;
	}

	for (size_t i = 0; i < sizeof(system_files) / sizeof(system_files[0]); i++)
		if ((rc = copy_file(&s, system_files[i], err)) != ML_OK)
			goto out;
	if ((rc = copy_sysctl_vm(&s, err)) != ML_OK)
		goto out;

	/* Named PIDs get a note when skipped; --all-pids ones are only counted. */
	/* (qsort, bsearch and memcpy take no NULL, even for 0 items.) */
	if (npids)
		qsort(pids, npids, sizeof(*pids), cmp_int);
	size_t nnamed = npids;
	if (all_pids) {
		int *all;
		size_t nall;
		if ((rc = ml_source_list_pids(&src, &all, &nall, err)) != ML_OK)
			goto out;
		int *np = realloc(pids, (npids + nall + 1) * sizeof(*pids));
		if (!np) {
			free(all);
			rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
			goto out;
		}
		pids = np;
		if (nall)
			memcpy(pids + npids, all, nall * sizeof(*all));
		npids += nall;
		free(all);
	}
	/* A PID named twice (or named and listed) is copied once: O_EXCL would
	 * refuse the second copy. */
	int *named = pids;
	if (npids > nnamed) {
		named = malloc((nnamed + 1) * sizeof(*named));
		if (!named) {
			rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
			goto out;
		}
		if (nnamed)
			memcpy(named, pids, nnamed * sizeof(*named));
		qsort(pids, npids, sizeof(*pids), cmp_int);
	}
	for (size_t i = 0; i < npids && rc == ML_OK; i++) {
		if (i && pids[i] == pids[i - 1])
			continue;
		bool is_named = nnamed && bsearch(&pids[i], named, nnamed, sizeof(*named), cmp_int);
		rc = copy_process(&s, pids[i], is_named, err);
	}
	if (named != pids)
		free(named);
	if (rc != ML_OK)
		goto out;
	if ((rc = write_metadata(&s, err)) != ML_OK)
		goto out;

	print_unreadable(&s);
	if (cli->out.json) {
		cJSON *root = ml_json_envelope("snapshot", &s.sys);
		cJSON_AddStringToObject(root, "directory", s.dir);
		ml_json_add_u64(root, "files_written", s.nfiles);
		ml_json_add_u64(root, "bytes", s.bytes);
		ml_json_add_u64(root, "skipped_pids", s.skipped_pids);
		cJSON_AddItemToObject(root, "files", s.files);
		s.files = NULL;
		rc = ml_json_print(root, stdout);
		if (rc != ML_OK)
			ml_error_set(err, rc, NULL, 0, "cannot write the JSON document");
		goto out;
	}
	char size[32];
	ml_format_size_words(s.bytes, size, sizeof(size));
	printf("wrote %zu files (%s) to %s", s.nfiles, size, s.dir);
	if (s.sys.nunreadable)
		printf("; %zu could not be read, see %s/MANIFEST", s.sys.nunreadable, s.dir);
	if (s.skipped_pids)
		printf("; %zu process%s skipped (exited)", s.skipped_pids, s.skipped_pids == 1 ? "" : "es");
	putchar('\n');
out:
	cJSON_Delete(s.files);
	if (s.dir_fd >= 0)
		close(s.dir_fd);
	ml_system_free(&s.sys);
	ml_source_close(&src);
	free(pids);
	return rc;
}
