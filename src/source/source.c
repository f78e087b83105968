#include "source.h"

#include "../util/text.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

int ml_source_open(struct ml_source *src, const char *sysroot, struct ml_error *err)
{
	src->root = NULL;
	src->root_fd = -1;
	if (!sysroot || !*sysroot)
		return ML_OK;
	int fd = open(sysroot, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		int code = e == ENOENT ? ML_ENOENT : e == EACCES ? ML_EACCES : ML_EIO;
		return ml_error_set(err, code, sysroot, 0, "cannot open snapshot directory: %s",
				    e == ENOTDIR ? "not a directory" : strerror(e));
	}
	src->root = strdup(sysroot);
	if (!src->root) {
		close(fd);
		return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
	}
	/* Strip trailing slashes for display: "DIR//proc" reads badly. */
	size_t l = strlen(src->root);
	while (l > 1 && src->root[l - 1] == '/')
		src->root[--l] = '\0';
	src->root_fd = fd;
	return ML_OK;
}

void ml_source_close(struct ml_source *src)
{
	if (src->root_fd >= 0)
		close(src->root_fd);
	free(src->root);
	src->root = NULL;
	src->root_fd = -1;
}

bool ml_source_is_live(const struct ml_source *src)
{
	return src->root == NULL;
}

void ml_source_display(const struct ml_source *src, const char *path, char *out, size_t n)
{
	if (src->root)
		snprintf(out, n, "%s%s", src->root, path);
	else
		snprintf(out, n, "%s", path);
}

/* Without openat2 (kernels before 5.6, and valgrind, which does not know
 * the call): walk the path one component at a time from root_fd, refusing
 * ".." and every symlink, in the directories on the way as in the last
 * component.  A refused symlink or ".." sets errno to EXDEV. */
static int walk_beneath(int root_fd, const char *path, int flags)
{
	char buf[4096];
	size_t len = strlen(path);
	if (len >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, len + 1);
	int dfd = root_fd;
	char *save = NULL, *comp = strtok_r(buf, "/", &save);
	if (!comp)
		return openat(root_fd, ".", flags);
	for (;;) {
		char *next = strtok_r(NULL, "/", &save);
		int fd = -1, e;
		if (strcmp(comp, "..") == 0) {
			e = EXDEV;
		} else {
			fd = openat(dfd, comp, next ? O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC
						    : flags | O_NOFOLLOW);
			e = errno;
			struct stat st;
			/* O_NOFOLLOW on a symlink says ELOOP, or ENOTDIR with
			 * O_DIRECTORY: tell a refused symlink from a missing
			 * directory. */
			if (fd < 0 && (e == ENOTDIR || e == ELOOP) &&
			    fstatat(dfd, comp, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
				e = EXDEV;
		}
		if (dfd != root_fd)
			close(dfd);
		if (fd < 0) {
			errno = e;
			return -1;
		}
		if (!next)
			return fd;
		dfd = fd;
		comp = next;
	}
}

/* Open a snapshot file or directory so that neither ".." nor a symlink can
 * lead outside the snapshot directory: no symlink is followed at all (a
 * snapshot holds directories and regular files only, and a symlink that
 * stays inside today may be swapped for one that does not), nor "..".
 * openat2 RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS on Linux 5.6+, the same rule
 * by walk_beneath() before. */
static bool has_dotdot(const char *path)
{
	for (const char *p = path; (p = strstr(p, "..")) != NULL; p += 2)
		if ((p == path || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
			return true;
	return false;
}

static int openat_beneath(int root_fd, const char *path, int flags)
{
	while (*path == '/')
		path++;
	/* RESOLVE_BENEATH would allow a ".." that stays inside; the walk does
	 * not: refuse it alike. */
	if (has_dotdot(path)) {
		errno = EXDEV;
		return -1;
	}
	struct open_how how = {
		.flags = (uint64_t)flags,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	int fd = (int)syscall(SYS_openat2, root_fd, path, &how, sizeof(how));
	if (fd >= 0 || errno != ENOSYS)
		return fd;
	return walk_beneath(root_fd, path, flags);
}

static int open_beneath(int root_fd, const char *path)
{
	return openat_beneath(root_fd, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
}

static int errno_code(int e)
{
	switch (e) {
	case ENOENT:
	case ENOTDIR:
	case ESRCH:   /* /proc/PID of a process that has gone */
		return ML_ENOENT;
	case EACCES:
	case EPERM:
		return ML_EACCES;
	default:
		return ML_EIO;
	}
}

static const char *errno_text(int e)
{
	switch (e) {
	case ENOENT:
	case ENOTDIR:
		return "missing";
	case ESRCH:
		return "missing (the process has exited)";
	case EACCES:
	case EPERM:
		return "permission denied";
	case EXDEV:
	case ELOOP:
		return "refused: a symlink or '..', which could lead outside the snapshot directory "
		       "(a snapshot holds regular files only)";
	default:
		return strerror(e);
	}
}

int ml_source_read(const struct ml_source *src, const char *path,
		   struct ml_buffer *out, struct ml_error *err)
{
	char shown[4096];
	ml_source_display(src, path, shown, sizeof(shown));
	out->data = NULL;
	out->len = 0;

	int fd = src->root ? open_beneath(src->root_fd, path)
			   : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		int e = errno;
		return ml_error_set(err, errno_code(e), shown, 0, "%s", errno_text(e));
	}
	if (src->root) {
		/* A FIFO or device in a snapshot would hang or never end. */
		struct stat st;
		if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			return ml_error_set(err, ML_EIO, shown, 0, "not a regular file");
		}
	}
	size_t cap = 65536, len = 0;
	char *data = malloc(cap + 1);
	if (!data) {
		close(fd);
		return ml_error_set(err, ML_ENOMEM, shown, 0, "out of memory");
	}
	for (;;) {
		if (len == cap) {
			if (cap >= ML_MAX_FILE) {
				free(data);
				close(fd);
				return ml_error_set(err, ML_EIO, shown, 0,
						    "larger than %u MiB: not a /proc file", ML_MAX_FILE >> 20);
			}
			cap *= 2;
			char *n = realloc(data, cap + 1);
			if (!n) {
				free(data);
				close(fd);
				return ml_error_set(err, ML_ENOMEM, shown, 0, "out of memory");
			}
			data = n;
		}
		ssize_t r = read(fd, data + len, cap - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			free(data);
			close(fd);
			return ml_error_set(err, errno_code(e), shown, 0, "read error: %s", errno_text(e));
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	data[len] = '\0';
	out->data = data;
	out->len = len;
	return ML_OK;
}

void ml_buffer_free(struct ml_buffer *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = 0;
}

/* First line of a small snapshot file, trimmed, or "" when absent. */
static void read_word(const struct ml_source *src, const char *path, char *out, size_t n)
{
	struct ml_buffer b;
	out[0] = '\0';
	if (ml_source_read(src, path, &b, NULL) != ML_OK)
		return;
	size_t i = 0;
	while (i < b.len && (b.data[i] == ' ' || b.data[i] == '\t'))
		i++;
	size_t j = i;
	while (j < b.len && b.data[j] != '\n' && b.data[j] != '\r')
		j++;
	while (j > i && (b.data[j - 1] == ' ' || b.data[j - 1] == '\t'))
		j--;
	if (j - i < n) {
		memcpy(out, b.data + i, j - i);
		out[j - i] = '\0';
	}
	ml_buffer_free(&b);
}

/* "key: value" from a snapshot's MANIFEST, "" when absent. */
static void manifest_value(const char *manifest, const char *key, char *out, size_t n)
{
	size_t kl = strlen(key);
	out[0] = '\0';
	for (const char *p = manifest; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t ll = nl ? (size_t)(nl - p) : strlen(p);
		if (ll > kl + 1 && strncmp(p, key, kl) == 0 && p[kl] == ':') {
			const char *v = p + kl + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			size_t vl = ll - (size_t)(v - p);
			if (vl < n) {
				memcpy(out, v, vl);
				out[vl] = '\0';
			}
			return;
		}
		p = nl ? nl + 1 : NULL;
	}
}

void ml_source_info(const struct ml_source *src, struct ml_source_info *info)
{
	memset(info, 0, sizeof(*info));
	if (!src->root) {
		struct utsname u;
		long ps = sysconf(_SC_PAGESIZE);
		info->page_size = ps > 0 ? (uint64_t)ps : 0;
		if (uname(&u) == 0) {
			snprintf(info->arch, sizeof(info->arch), "%s", u.machine);
			snprintf(info->release, sizeof(info->release), "%s", u.release);
			snprintf(info->hostname, sizeof(info->hostname), "%s", u.nodename);
		}
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(info->time, sizeof(info->time), "%Y-%m-%dT%H:%M:%SZ", &tm);
		return;
	}
	struct ml_buffer man = { 0 };
	bool have_manifest = ml_source_read(src, "/MANIFEST", &man, NULL) == ML_OK;
	char word[256];
	read_word(src, "/PAGE_SIZE", word, sizeof(word));
	if (!word[0] && have_manifest)
		manifest_value(man.data, "page_size", word, sizeof(word));
	struct ml_line t = { word, strlen(word) };
	uint64_t ps;
	if (ml_tok_u64(t, &ps) && ps >= 1024 && (ps & (ps - 1)) == 0 && ps <= (1u << 24))
		info->page_size = ps;
	read_word(src, "/ARCH", info->arch, sizeof(info->arch));
	if (!info->arch[0] && have_manifest)
		manifest_value(man.data, "arch", info->arch, sizeof(info->arch));
	/* "Linux version 6.1.0-50-686 (debian-kernel@...) ..." */
	read_word(src, "/proc/version", word, sizeof(word));
	if (strncmp(word, "Linux version ", 14) == 0)
		sscanf(word + 14, "%127s", info->release);
	else if (have_manifest)
		manifest_value(man.data, "kernel", info->release, sizeof(info->release));
	if (have_manifest) {
		manifest_value(man.data, "hostname", info->hostname, sizeof(info->hostname));
		manifest_value(man.data, "time", info->time, sizeof(info->time));
	}
	ml_buffer_free(&man);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

int ml_source_list_pids(const struct ml_source *src, int **pids, size_t *n,
			struct ml_error *err)
{
	char shown[4096];
	ml_source_display(src, "/proc", shown, sizeof(shown));
	*pids = NULL;
	*n = 0;
	int dfd;
	if (src->root) {
		dfd = openat_beneath(src->root_fd, "proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	} else {
		dfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (dfd < 0) {
		int e = errno;
		return ml_error_set(err, errno_code(e), shown, 0, "%s", errno_text(e));
	}
	DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return ml_error_set(err, ML_EIO, shown, 0, "%s", strerror(errno));
	}
	size_t cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		char *end;
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		long v = strtol(de->d_name, &end, 10);
		if (*end || v <= 0 || v > 0x7fffffffL)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			int *p = realloc(*pids, cap * sizeof(int));
			if (!p) {
				closedir(d);
				free(*pids);
				*pids = NULL;
				*n = 0;
				return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
			}
			*pids = p;
		}
		(*pids)[(*n)++] = (int)v;
	}
	closedir(d);
	qsort(*pids, *n, sizeof(int), cmp_int);
	return ML_OK;
}

static int cmp_dir_file(const void *a, const void *b)
{
	return strcmp(((const struct ml_dir_file *)a)->name, ((const struct ml_dir_file *)b)->name);
}

int ml_source_list_files(const struct ml_source *src, const char *dir,
			 struct ml_dir_file **files, size_t *n, struct ml_error *err)
{
	char shown[4096];
	ml_source_display(src, dir, shown, sizeof(shown));
	*files = NULL;
	*n = 0;
	int dfd;
	if (src->root) {
		dfd = openat_beneath(src->root_fd, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	} else {
		dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (dfd < 0) {
		int e = errno;
		return ml_error_set(err, errno_code(e), shown, 0, "%s", errno_text(e));
	}
	DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return ml_error_set(err, ML_EIO, shown, 0, "%s", strerror(errno));
	}
	size_t cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		/* lstat-like: a symlink in a snapshot is not a file of it. */
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
		    strlen(de->d_name) >= sizeof((*files)->name))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			struct ml_dir_file *p = realloc(*files, cap * sizeof(**files));
			if (!p) {
				closedir(d);
				free(*files);
				*files = NULL;
				*n = 0;
				return ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
			}
			*files = p;
		}
		snprintf((*files)[*n].name, sizeof((*files)[*n].name), "%s", de->d_name);
		(*files)[(*n)++].mode = st.st_mode & 07777;
	}
	closedir(d);
	qsort(*files, *n, sizeof(**files), cmp_dir_file);
	return ML_OK;
}
