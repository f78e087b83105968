/* Where a kernel log comes from (design.md "source"): a file, standard
 * input, or the live kernel log — /dev/kmsg read without blocking until it
 * has nothing more, or the output of dmesg(1) when /dev/kmsg cannot be read
 * (kernel.dmesg_restrict, no /dev).  memlayout only reads the log: it never
 * writes to /dev/kmsg and never clears the ring buffer. */
#ifndef ML_SOURCE_KMSG_H
#define ML_SOURCE_KMSG_H

#include <stddef.h>

#include "../util/error.h"
#include "source.h"

/* A whole log file, or standard input for "-".  ML_ENOENT / ML_EACCES /
 * ML_EIO with err naming the file; larger than ML_MAX_FILE is refused. */
int ml_log_read_file(const char *path, struct ml_buffer *out, struct ml_error *err);

/* The live kernel log as text, one "[seconds.micros] message" line per
 * record.  *from (size n) says what was read: "/dev/kmsg" or "dmesg".
 * kmsg_path and dmesg_cmd are for tests (NULL: "/dev/kmsg", "dmesg"). */
int ml_kmsg_read(const char *kmsg_path, const char *dmesg_cmd, struct ml_buffer *out, char *from,
		 size_t n, struct ml_error *err);

/* One /dev/kmsg record ("6,1234,5678,-;text\n KEY=value...") as a log line
 * "[    5.678000] text\n" appended to out.  Pure; false when the record is
 * not in that format (it is then appended as it is). */
int ml_kmsg_record_to_line(const char *rec, size_t len, struct ml_buffer *out, size_t *cap);

#endif
