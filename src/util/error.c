#include "error.h"

#include <stdio.h>
#include <string.h>

int ml_error_set(struct ml_error *err, int code, const char *file,
		 unsigned long line, const char *fmt, ...)
{
	if (!err)
		return code;
	va_list ap;
	err->code = code;
	err->line = line;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return code;
}

void ml_error_print(const struct ml_error *err)
{
	if (err->file[0] && err->line)
		fprintf(stderr, "memlayout: %s:%lu: %s\n", err->file, err->line, err->message);
	else if (err->file[0])
		fprintf(stderr, "memlayout: %s: %s\n", err->file, err->message);
	else
		fprintf(stderr, "memlayout: %s\n", err->message);
}

int ml_error_exit_code(int code)
{
	switch (code) {
	case ML_OK:
		return ML_EXIT_OK;
	case ML_EPARSE:
	case ML_EUSAGE:
		return ML_EXIT_INPUT;
	default:
		return ML_EXIT_RUNTIME;
	}
}
