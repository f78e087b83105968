#include "frame.h"

#include <string.h>
#include <time.h>

double ml_ui_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void release(struct ml_ui_frame *f)
{
	if (f->has_sys)
		ml_system_free(&f->sys);
	if (f->has_procs)
		ml_procs_free(&f->procs);
	f->has_sys = f->has_procs = false;
}

int ml_ui_frame_load(struct ml_ui_frame *f, const struct ml_source *src,
		     const struct ml_ui_wants *w, struct ml_error *err)
{
	/* Built aside and swapped in only when complete: a failed refresh
	 * leaves the last good frame on the screen. */
	struct ml_ui_frame next;
	memset(&next, 0, sizeof(next));
	next.number = f->number + 1;
	next.time = ml_ui_now();
	next.elapsed = f->number ? next.time - f->time : 0;
	next.wants = *w;
	/* Nothing is required: a file the user may not read (slabinfo,
	 * vmallocinfo, pagetypeinfo as non-root) becomes a note the screen
	 * shows, never a reason to leave the view. */
	int rc = ml_system_load(&next.sys, src, w->load, 0, err);
	if (rc != ML_OK)
		return rc;
	next.has_sys = true;
	if (w->procs) {
		struct ml_procs_query q = { .rollup = w->rollup };
		rc = ml_procs_load(&next.procs, src, &q, &next.procs_error);
		if (rc == ML_OK) {
			next.has_procs = true;
		} else if (rc == ML_EPARSE) {
			/* A malformed snapshot file is the user's input: say so. */
			*err = next.procs_error;
			release(&next);
			return rc;
		}
	}
	release(f);
	*f = next;
	return ML_OK;
}

void ml_ui_frame_free(struct ml_ui_frame *f)
{
	release(f);
	memset(f, 0, sizeof(*f));
}
