/* Number formatting shared by renderers: human sizes (1024-based, as
 * util-linux prints them) and exact bytes for -b. */
#ifndef ML_FORMAT_H
#define ML_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "0B", "512B", "4K", "1.5M", "15.6G"; exact decimal bytes when exact. */
void ml_format_bytes(uint64_t bytes, bool exact, char *buf, size_t n);
/* Always human, with "iB": "4 MiB", "1.5 GiB" (for sentences). */
void ml_format_size_words(uint64_t bytes, char *buf, size_t n);
/* Thousandths as "0.066" / "-1.000". */
void ml_format_thousandths(int64_t v, char *buf, size_t n);
/* Tenths of a percent as "12.5%". */
void ml_format_permille_pct(int64_t v, char *buf, size_t n);

#endif
