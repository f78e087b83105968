/* The reading layer: where bytes come from, and nothing else.  A path is
 * always given as on a live system ("/proc/zoneinfo"); with a snapshot
 * directory (--sysroot DIR) it is looked up below DIR and may not leave it. */
#ifndef ML_SOURCE_H
#define ML_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/error.h"

struct ml_source {
	char *root;       /* snapshot directory, NULL for the live system */
	int root_fd;      /* open O_PATH directory of root, -1 for live */
};

struct ml_buffer {
	char *data;       /* NUL-terminated for convenience; len excludes the NUL */
	size_t len;
};

/* Largest file read whole (vmallocinfo and smaps of big machines stay far
 * below); a larger one is refused instead of filling memory. */
#define ML_MAX_FILE (512u << 20)

/* sysroot NULL or "" means the live system.  ML_ENOENT/ML_EACCES/ML_EIO with
 * err naming the directory. */
int ml_source_open(struct ml_source *src, const char *sysroot, struct ml_error *err);
void ml_source_close(struct ml_source *src);
bool ml_source_is_live(const struct ml_source *src);

/* Read a whole file.  Returns ML_OK, or ML_ENOENT (missing), ML_EACCES
 * (permission denied), ML_EIO (read error, not a regular file in a snapshot,
 * symlink leading out of the snapshot, too large), with err->file set to the
 * path as the user knows it (DIR/proc/zoneinfo or /proc/zoneinfo). */
int ml_source_read(const struct ml_source *src, const char *path,
		   struct ml_buffer *out, struct ml_error *err);
void ml_buffer_free(struct ml_buffer *buf);

/* The path as shown to the user. */
void ml_source_display(const struct ml_source *src, const char *path, char *out, size_t n);

/* What kind of machine the bytes describe.  Live: sysconf/uname.  Snapshot:
 * its PAGE_SIZE and ARCH files (or MANIFEST), proc/version for the release.
 * Fields a snapshot does not record are left "" / 0. */
struct ml_source_info {
	uint64_t page_size;       /* 0 when unknown */
	char arch[80];            /* uname -m */
	char release[128];        /* uname -r */
	char hostname[256];
	char time[64];            /* ISO 8601, when the data was taken */
};
void ml_source_info(const struct ml_source *src, struct ml_source_info *info);

/* PIDs that have a directory under /proc, ascending.  *pids is malloc'd. */
int ml_source_list_pids(const struct ml_source *src, int **pids, size_t *n,
			struct ml_error *err);

/* Regular files directly in a directory (symlinks and subdirectories left
 * out), ascending by name, with their permission bits so that write-only
 * files (/proc/sys/vm/drop_caches) can be told apart without opening them.
 * *files is malloc'd. */
struct ml_dir_file {
	char name[256];
	unsigned mode;            /* st_mode & 07777 */
};
int ml_source_list_files(const struct ml_source *src, const char *dir,
			 struct ml_dir_file **files, size_t *n, struct ml_error *err);

#endif
