/* debugfs extfrag/unusable_index and extfrag/extfrag_index (kernel-model
 * §6.3): "Node %d, zone %8s " then one "%d.%03d " per order. */
#ifndef ML_PARSE_EXTFRAG_H
#define ML_PARSE_EXTFRAG_H

#include <stddef.h>

#include "../model/system.h"
#include "../util/error.h"

int ml_parse_extfrag(const char *buf, size_t len, const char *file,
		     struct ml_extfrag *out, struct ml_error *err);
void ml_extfrag_free(struct ml_extfrag *ef);

#endif
