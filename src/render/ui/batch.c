/* Batch mode (--batch, or stdout not a terminal), like `top -b`: the same
 * screens as plain text frames, or one JSON document per refresh on one
 * line (NDJSON) with --json, for scripts. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../json.h"
#include "app.h"
#include "header.h"

static bool snapshot(const struct ml_top *t)
{
	return t->opt.sysroot && t->opt.sysroot[0];
}

static void print_lines(const struct ml_ui_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		ml_ui_line_print(l, i, stdout);
}

static int text_frame(struct ml_top *t, unsigned mask, struct ml_ui_lines *a, struct ml_ui_lines *b)
{
	const struct ml_ui_frame *f = &t->frame;
	const struct ml_system *sys = &f->sys;
	char iv[32];
	snprintf(iv, sizeof(iv), "%g", t->opt.interval);
	if (f->number > 1)
		putchar('\n');
	/* Like every other line, the title keeps to the width asked for. */
	ml_ui_lines_reset(a, t->view.cols);
	int y = ml_ui_line_add(a);
	/* What changes frame to frame first, the long source path last. */
	if (snapshot(t))
		ml_ui_putf(a, y, 0, ML_UI_TITLE, "memlayout top - snapshot - %s - %s%s%s",
			   sys->info.time[0] ? sys->info.time : "time unknown", sys->source,
			   sys->info.release[0] ? " " : "", sys->info.release);
	else
		ml_ui_putf(a, y, 0, ML_UI_TITLE, "memlayout top - frame %lu - every %ss - %s - %s%s%s",
			   f->number, iv, sys->info.time[0] ? sys->info.time : "time unknown",
			   sys->source, sys->info.release[0] ? " " : "", sys->info.release);
	print_lines(a);
	ml_ui_lines_reset(a, t->view.cols);
	ml_ui_header_draw(f, &t->view, a);
	print_lines(a);
	for (int i = 0; i < ML_UI_NSCREENS; i++) {
		if (!(mask & (1u << i)))
			continue;
		struct ml_ui_screen *s = &t->screens[i];
		ml_ui_lines_reset(a, t->view.cols);
		ml_ui_lines_reset(b, t->view.cols);
		s->ops->draw(s, f, &t->view, a, b);
		if (a->oom || b->oom)
			return ML_ENOMEM;
		printf("\n== %s (sort %s) ==\n", s->ops->name, s->ops->sort_keys[s->sort]);
		print_lines(a);
		print_lines(b);
	}
	return ML_OK;
}

static int json_frame(struct ml_top *t, unsigned mask)
{
	const struct ml_ui_frame *f = &t->frame;
	cJSON *doc = ml_json_envelope("top", &f->sys);
	if (!doc)
		return ML_ENOMEM;
	ml_json_add_u64(doc, "frame", f->number);
	if (snapshot(t)) {
		cJSON_AddNullToObject(doc, "interval_seconds");
		cJSON_AddNullToObject(doc, "elapsed_seconds");
	} else {
		cJSON_AddNumberToObject(doc, "interval_seconds", t->opt.interval);
		/* Milliseconds are enough to divide a change by. */
		if (f->number > 1)
			cJSON_AddNumberToObject(doc, "elapsed_seconds", round(f->elapsed * 1000) / 1000);
		else
			cJSON_AddNullToObject(doc, "elapsed_seconds");
	}
	ml_ui_header_json(f, doc);
	int rc = ML_OK;
	for (int i = 0; i < ML_UI_NSCREENS && rc == ML_OK; i++)
		if (mask & (1u << i))
			rc = t->screens[i].ops->json(&t->screens[i], f, &t->view, doc);
	char *s = rc == ML_OK ? cJSON_PrintUnformatted(doc) : NULL;
	cJSON_Delete(doc);
	if (!s)
		return ML_ENOMEM;
	/* One document per line: NDJSON. */
	fputs(s, stdout);
	putchar('\n');
	free(s);
	return ML_OK;
}

static void print_notes(const struct ml_system *sys)
{
	for (size_t i = 0; i < sys->nunreadable; i++)
		fprintf(stderr, "memlayout: note: %s\n", sys->unreadable[i].text);
	for (size_t i = 0; i < sys->nwarnings; i++)
		fprintf(stderr, "memlayout: warning: %s\n", sys->warnings[i].text);
}

static void sleep_until(double when)
{
	struct timespec ts;
	ts.tv_sec = (time_t)when;
	ts.tv_nsec = (long)((when - (double)ts.tv_sec) * 1e9);
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

int ml_top_run_batch(struct ml_top *t, struct ml_error *err)
{
	unsigned mask = t->opt.screens ? t->opt.screens : 1u << t->current;
	struct ml_ui_lines a, b;
	ml_ui_lines_init(&a, t->view.cols);
	ml_ui_lines_init(&b, t->view.cols);
	int rc = ml_top_refresh(t, mask, err);
	/* Notes once, as every command says them: not in every frame. */
	if (rc == ML_OK)
		print_notes(&t->frame.sys);
	while (rc == ML_OK) {
		rc = t->opt.json ? json_frame(t, mask) : text_frame(t, mask, &a, &b);
		if (rc != ML_OK) {
			ml_error_set(err, rc, NULL, 0, "out of memory");
			break;
		}
		if (fflush(stdout) != 0 || ferror(stdout)) {
			rc = ml_error_set(err, ML_EIO, NULL, 0, "write error: %s", strerror(errno));
			break;
		}
		if (snapshot(t) || (t->opt.iterations && t->frame.number >= t->opt.iterations))
			break;
		sleep_until(t->frame.time + t->opt.interval);
		rc = ml_top_refresh(t, mask, err);
	}
	ml_ui_lines_free(&a);
	ml_ui_lines_free(&b);
	return rc;
}
