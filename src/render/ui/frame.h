/* One refresh of `top`: the model built once (ml_system_load with the union
 * of what the header and the shown screens need) and, when a screen shows
 * processes, the process table.  Nothing else reads files. */
#ifndef ML_UI_FRAME_H
#define ML_UI_FRAME_H

#include <stdbool.h>

#include "../../model/procs.h"
#include "../../model/system.h"

/* What one refresh must read. */
struct ml_ui_wants {
	unsigned load;          /* enum ml_load bits */
	bool procs;             /* the process table (libproc2 live: status, stat, cmdline) */
	bool rollup;            /* and smaps_rollup for PSS/USS/Swap (page-table walk) */
};

struct ml_ui_frame {
	unsigned long number;   /* 1 for the first refresh */
	double time;            /* CLOCK_MONOTONIC seconds when it was read */
	double elapsed;         /* seconds since the previous frame, 0 for the first */
	struct ml_ui_wants wants;
	bool has_sys;
	struct ml_system sys;
	bool has_procs;
	struct ml_proc_table procs;
	struct ml_error procs_error;   /* why the table is missing, code 0 if not */
};

double ml_ui_now(void);

/* Replace f's contents with a new refresh read through src.  The previous
 * frame's number and time give this one's.  ML_OK, or the model's error
 * (a required file unreadable or malformed); the process table failing is
 * not fatal (procs_error says why, the screen shows it). */
int ml_ui_frame_load(struct ml_ui_frame *f, const struct ml_source *src,
		     const struct ml_ui_wants *w, struct ml_error *err);
void ml_ui_frame_free(struct ml_ui_frame *f);

#endif
