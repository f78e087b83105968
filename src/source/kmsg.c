/* Reading a kernel log: files, stdin, /dev/kmsg, dmesg(1).  Read-only by
 * construction: /dev/kmsg is opened O_RDONLY and dmesg is run without
 * options (it never clears the buffer unless asked to). */
#include "kmsg.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int grow(struct ml_buffer *b, size_t *cap, size_t need, struct ml_error *err, const char *what)
{
	if (b->len + need + 1 <= *cap)
		return ML_OK;
	if (b->len + need + 1 > (size_t)ML_MAX_FILE)
		return ml_error_set(err, ML_EIO, what, 0, "more than %u MiB: not a kernel log",
				    (unsigned)(ML_MAX_FILE >> 20));
	size_t c = *cap ? *cap : 65536;
	while (c < b->len + need + 1)
		c *= 2;
	if (c > (size_t)ML_MAX_FILE + 1)
		c = (size_t)ML_MAX_FILE + 1;
	char *p = realloc(b->data, c);
	if (!p)
		return ml_error_set(err, ML_ENOMEM, what, 0, "out of memory");
	b->data = p;
	*cap = c;
	return ML_OK;
}

/* Read fd to its end. */
static int read_all(int fd, struct ml_buffer *out, const char *what, struct ml_error *err)
{
	size_t cap = 0;
	out->data = NULL;
	out->len = 0;
	for (;;) {
		int rc = grow(out, &cap, 65536, err, what);
		if (rc != ML_OK) {
			ml_buffer_free(out);
			return rc;
		}
		ssize_t r = read(fd, out->data + out->len, cap - out->len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			ml_buffer_free(out);
			return ml_error_set(err, ML_EIO, what, 0, "read error: %s", strerror(e));
		}
		if (r == 0)
			break;
		out->len += (size_t)r;
	}
	out->data[out->len] = '\0';
	return ML_OK;
}

int ml_log_read_file(const char *path, struct ml_buffer *out, struct ml_error *err)
{
	out->data = NULL;
	out->len = 0;
	if (strcmp(path, "-") == 0)
		return read_all(STDIN_FILENO, out, "standard input", err);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		return ml_error_set(err, e == ENOENT ? ML_ENOENT : e == EACCES || e == EPERM ? ML_EACCES : ML_EIO,
				    path, 0, "%s", strerror(e));
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return ml_error_set(err, ML_EIO, path, 0, "is a directory, not a log file");
	}
	int rc = read_all(fd, out, path, err);
	close(fd);
	return rc;
}

int ml_kmsg_record_to_line(const char *rec, size_t len, struct ml_buffer *out, size_t *cap)
{
	/* "prio,seq,usec,flags[,...];text" then, after a newline, " KEY=value"
	 * dictionary lines, which are not log text. */
	const char *nl = memchr(rec, '\n', len);
	size_t head = nl ? (size_t)(nl - rec) : len;
	const char *semi = memchr(rec, ';', head);
	uint64_t usec = 0;
	bool ok = false;
	if (semi) {
		int fields = 0;
		const char *p = rec;
		uint64_t v[3] = { 0, 0, 0 };
		while (p < semi && fields < 3) {
			const char *q = p;
			uint64_t x = 0;
			while (q < semi && *q >= '0' && *q <= '9' && x < UINT64_MAX / 10)
				x = x * 10 + (uint64_t)(*q++ - '0');
			if (q == p)
				break;
			v[fields++] = x;
			if (q < semi && *q == ',')
				q++;
			p = q;
		}
		if (fields == 3) {
			usec = v[2];
			ok = true;
		}
	}
	struct ml_error e = { 0 };
	const char *text = ok ? semi + 1 : rec;
	size_t tlen = ok ? head - (size_t)(semi + 1 - rec) : head;
	if (grow(out, cap, tlen + 40, &e, "/dev/kmsg") != ML_OK)
		return -1;
	if (ok)
		out->len += (size_t)snprintf(out->data + out->len, *cap - out->len, "[%5" PRIu64 ".%06" PRIu64 "] ",
					     usec / 1000000, usec % 1000000);
	memcpy(out->data + out->len, text, tlen);
	out->len += tlen;
	out->data[out->len++] = '\n';
	out->data[out->len] = '\0';
	return ok ? 1 : 0;
}

/* /dev/kmsg: every record still in the ring buffer, oldest first, without
 * waiting for new ones (O_NONBLOCK: EAGAIN at the end). */
static int read_kmsg(const char *path, struct ml_buffer *out, struct ml_error *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		return ml_error_set(err, e == ENOENT ? ML_ENOENT : e == EACCES || e == EPERM ? ML_EACCES : ML_EIO,
				    path, 0, "%s", strerror(e));
	}
	/* A record is at most about 8 KiB (PRINTKRB_RECORD_MAX + dictionary);
	 * a smaller buffer makes read() fail with EINVAL. */
	size_t bufsize = 65536, cap = 0;
	char *rec = malloc(bufsize);
	if (!rec) {
		close(fd);
		return ml_error_set(err, ML_ENOMEM, path, 0, "out of memory");
	}
	out->data = NULL;
	out->len = 0;
	int rc = ML_OK;
	for (unsigned long n = 0;; n++) {
		ssize_t r = read(fd, rec, bufsize);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				break;          /* nothing more: the end of the log */
			if (errno == EPIPE)
				continue;       /* records were overwritten while reading: go on */
			rc = ml_error_set(err, errno == EPERM || errno == EACCES ? ML_EACCES : ML_EIO, path, 0,
					  "read error: %s", strerror(errno));
			break;
		}
		if (r == 0)
			break;
		if (ml_kmsg_record_to_line(rec, (size_t)r, out, &cap) < 0) {
			rc = ml_error_set(err, ML_ENOMEM, path, 0, "the log is too large or out of memory");
			break;
		}
	}
	free(rec);
	close(fd);
	if (rc != ML_OK) {
		ml_buffer_free(out);
		return rc;
	}
	if (!out->data) {
		out->data = calloc(1, 1);
		if (!out->data)
			return ml_error_set(err, ML_ENOMEM, path, 0, "out of memory");
	}
	return ML_OK;
}

/* Run "dmesg" and take its standard output. */
static int run_dmesg(const char *cmd, struct ml_buffer *out, struct ml_error *err)
{
	int pfd[2];
	if (pipe2(pfd, O_CLOEXEC) != 0)
		return ml_error_set(err, ML_EIO, cmd, 0, "pipe: %s", strerror(errno));
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	char *argv[] = { (char *)cmd, NULL };
	pid_t pid;
	int e = posix_spawnp(&pid, cmd, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (e != 0) {
		close(pfd[0]);
		return ml_error_set(err, ML_EIO, cmd, 0, "cannot run it: %s", strerror(e));
	}
	int rc = read_all(pfd[0], out, cmd, err);
	close(pfd[0]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc != ML_OK)
		return rc;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		ml_buffer_free(out);
		return ml_error_set(err, ML_EACCES, cmd, 0, "exited with status %d",
				    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	}
	return ML_OK;
}

int ml_kmsg_read(const char *kmsg_path, const char *dmesg_cmd, struct ml_buffer *out, char *from,
		 size_t n, struct ml_error *err)
{
	const char *kp = kmsg_path ? kmsg_path : "/dev/kmsg";
	const char *dc = dmesg_cmd ? dmesg_cmd : "dmesg";
	struct ml_error e1 = { 0 }, e2 = { 0 };
	if (read_kmsg(kp, out, &e1) == ML_OK) {
		snprintf(from, n, "%s", kp);
		return ML_OK;
	}
	if (run_dmesg(dc, out, &e2) == ML_OK) {
		snprintf(from, n, "%s (%s: %s)", dc, kp, e1.message);
		return ML_OK;
	}
	return ml_error_set(err, e1.code == ML_EACCES || e2.code == ML_EACCES ? ML_EACCES : ML_EIO, NULL, 0,
			    "cannot read the kernel log: %s: %s; %s: %s (kernel.dmesg_restrict=1 keeps it for root "
			    "or CAP_SYSLOG; or give a saved log as FILE)",
			    kp, e1.message, dc, e2.message);
}
