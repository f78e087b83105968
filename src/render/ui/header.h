/* The summary header, on screen whatever screen is shown: MemTotal, free,
 * available, slab, page tables, vmalloc used and swap, from the frame's
 * meminfo. */
#ifndef ML_UI_HEADER_H
#define ML_UI_HEADER_H

#include <cjson/cJSON.h>

#include "frame.h"
#include "lines.h"
#include "screen.h"

/* What the header reads: meminfo only. */
void ml_ui_header_wants(struct ml_ui_wants *w);
/* The figures, flowed over as many lines of out->width as they need. */
void ml_ui_header_draw(const struct ml_ui_frame *f, const struct ml_ui_view *v,
		       struct ml_ui_lines *out);
/* "header": { "mem_total_bytes": ..., ... } (null for a field meminfo lacks). */
void ml_ui_header_json(const struct ml_ui_frame *f, cJSON *doc);

#endif
