/* Errors are values: functions return 0 or a negative ML_E* code and fill a
 * struct ml_error.  Only main() turns them into exit codes (design.md). */
#ifndef ML_ERROR_H
#define ML_ERROR_H

#include <stdarg.h>

enum ml_status {
	ML_OK = 0,
	ML_EIO = -1,      /* read error or other runtime failure: exit 1 */
	ML_EPARSE = -2,   /* malformed input: exit 2 */
	ML_EUSAGE = -3,   /* bad command line: exit 2 */
	ML_ENOENT = -4,   /* file missing: exit 1 when fatal */
	ML_EACCES = -5,   /* permission denied: exit 1 when fatal */
	ML_ENOMEM = -6,   /* out of memory: exit 1 */
};

/* Exit codes (documented in man/memlayout.1). */
enum ml_exit {
	ML_EXIT_OK = 0,
	ML_EXIT_RUNTIME = 1,
	ML_EXIT_INPUT = 2,
};

struct ml_error {
	int code;            /* one of enum ml_status, 0 when unset */
	char file[256];      /* file the message is about, "" when none */
	unsigned long line;  /* 1-based line in file, 0 when not about a line */
	char message[512];
};

/* Fill err (if not NULL) and return code.  file may be NULL. */
int ml_error_set(struct ml_error *err, int code, const char *file,
		 unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* One line: "memlayout: FILE:LINE: MESSAGE" (parts left out when unknown). */
void ml_error_print(const struct ml_error *err);

/* Exit code for a status (enum ml_exit). */
int ml_error_exit_code(int code);

#endif
