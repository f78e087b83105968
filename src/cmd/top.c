/* memlayout top: a live view in the manner of top(1) — a summary header and
 * four screens (zones, slab, procs, vmalloc) refreshed every few seconds —
 * or, with --batch or when stdout is not a terminal, the same as plain text
 * frames or NDJSON.  This file only reads the options; the screens, keys and
 * terminal handling are in src/render/ui/. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../cli.h"
#include "../render/ui/app.h"
#include "../render/ui/terminal.h"

enum {
	OPT_BATCH = ML_OPT_FIRST_COMMAND_OPTION,
	OPT_SCREEN,
	OPT_SORT,
	OPT_TYPES,
	OPT_PSS,
};

static void help(FILE *f)
{
	fputs("Usage: memlayout top [OPTIONS]\n\n"
	      "A live view of memory, refreshed like top(1): a header with MemTotal, free,\n"
	      "available, slab, page tables, vmalloc used and swap, and four screens:\n"
	      "  1 zones    free memory against the min/low/high watermarks, and free blocks\n"
	      "             per order as a histogram (largest free order highlighted)\n"
	      "  2 slab     slab caches by memory, with their change per second\n"
	      "  3 procs    processes by RSS (PSS, USS, Swap with --pss), change per second\n"
	      "  4 vmalloc  vmalloc totals and the callers holding the most\n\n"
	      "Press h in the view for the keys: q quit, 1-4 or Tab screens, s < > sort,\n"
	      "/ filter, p pause, + - interval, b bytes, t migrate types, m PSS columns.\n\n"
	      "Options:\n"
	      "  -d, --delay SECS     seconds between refreshes (default 2, at least 0.1)\n"
	      "  -n, --iterations N   stop after N refreshes (default: until q)\n"
	      "      --batch          plain text frames like top -b (the default when stdout\n"
	      "                       or stdin is not a terminal)\n"
	      "  -J, --json           with batch: one JSON document per refresh, one per line\n"
	      "                       (NDJSON), sizes in bytes as integers\n"
	      "      --screen LIST    screen shown first: zones, slab, procs or vmalloc; in\n"
	      "                       batch mode a comma-separated list or 'all' to print\n"
	      "      --sort KEY       sort column of the first screen (see SORT KEYS)\n"
	      "      --types          zones: free blocks per migrate type (reads\n"
	      "                       /proc/pagetypeinfo, root only)\n"
	      "      --pss            procs: PSS, USS and Swap columns (reads each process's\n"
	      "                       smaps_rollup, which walks its page tables)\n"
	      "  -w, --width COLS     batch: width to lay frames out for (default 80)\n"
	      "  -b, --bytes          exact sizes in bytes instead of K/M/G\n"
	      "      --sysroot DIR    show a snapshot laid out like / as one frame\n"
	      "      --color[=WHEN]   colour: auto (default: only on a terminal), always, never\n"
	      "  -h, --help           this help\n\n"
	      "Sort keys:\n",
	      f);
	for (int i = 0; i < ML_UI_NSCREENS; i++) {
		fprintf(f, "  %-9s", ml_ui_screens[i]->name);
		for (int k = 0; k < ml_ui_screens[i]->nsort; k++)
			fprintf(f, "%s%s%s", k ? ", " : "", ml_ui_screens[i]->sort_keys[k],
				k == ml_ui_screens[i]->default_sort ? " (default)" : "");
		fputc('\n', f);
	}
	fputs("\nOne refresh reads each file once: meminfo always; zoneinfo and buddyinfo for\n"
	      "zones; slabinfo for slab; the process table (status, stat, cmdline) for procs;\n"
	      "vmallocinfo for vmalloc.  Ctrl-C, SIGTERM and SIGHUP restore the terminal.\n",
	      f);
}

static int parse_screens(const char *arg, struct ml_top_options *o, struct ml_error *err)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", arg);
	o->screens = 0;
	o->first = -1;
	for (char *save = NULL, *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (strcmp(w, "all") == 0) {
			o->screens = (1u << ML_UI_NSCREENS) - 1;
			if (o->first < 0)
				o->first = 0;
			continue;
		}
		int i = ml_ui_screen_index(w);
		if (i < 0)
			return ml_error_set(err, ML_EUSAGE, NULL, 0,
					    "--screen takes zones, slab, procs, vmalloc or all, not '%s'", w);
		o->screens |= 1u << i;
		if (o->first < 0)
			o->first = i;
	}
	if (o->first < 0)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "--screen needs a screen name");
	return ML_OK;
}

static int parse_number(const char *opt, const char *arg, double min, double max, double *out,
			struct ml_error *err)
{
	char *end;
	errno = 0;
	double v = strtod(arg, &end);
	if (errno || end == arg || *end || !isfinite(v) || v < min || v > max)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "%s takes a number from %g to %g, not '%s'",
				    opt, min, max, arg);
	*out = v;
	return ML_OK;
}

int cmd_top(int argc, char **argv, struct ml_cli *cli, struct ml_error *err)
{
	static const struct option longopts[] = {
		{ "sysroot", required_argument, NULL, ML_OPT_SYSROOT },
		{ "json", no_argument, NULL, 'J' },
		{ "bytes", no_argument, NULL, 'b' },
		{ "color", optional_argument, NULL, ML_OPT_COLOR },
		{ "help", no_argument, NULL, 'h' },
		{ "delay", required_argument, NULL, 'd' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "width", required_argument, NULL, 'w' },
		{ "batch", no_argument, NULL, OPT_BATCH },
		{ "screen", required_argument, NULL, OPT_SCREEN },
		{ "sort", required_argument, NULL, OPT_SORT },
		{ "types", no_argument, NULL, OPT_TYPES },
		{ "pss", no_argument, NULL, OPT_PSS },
		{ NULL, 0, NULL, 0 },
	};
	struct ml_top_options o = { .interval = 2, .width = 80 };
	double v;
	int opt, rc;
	optind = 1;
	/* -n is top(1)'s iteration count here, not --noheadings: a live view
	 * has its headings on screen, and scripts expect top's letters. */
	while ((opt = getopt_long(argc, argv, "Jbhd:n:w:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			help(stdout);
			return ML_OK;
		case 'd':
			if ((rc = parse_number("--delay", optarg, 0.1, 86400, &o.interval, err)) != ML_OK)
				return rc;
			break;
		case 'n':
			if ((rc = parse_number("--iterations", optarg, 1, 1e9, &v, err)) != ML_OK)
				return rc;
			if (v != floor(v))
				return ml_error_set(err, ML_EUSAGE, NULL, 0,
						    "--iterations takes a whole number, not '%s'", optarg);
			o.iterations = (unsigned long)v;
			break;
		case 'w':
			if ((rc = parse_number("--width", optarg, 40, 1000, &v, err)) != ML_OK)
				return rc;
			o.width = (int)v;
			break;
		case OPT_BATCH:
			o.batch = true;
			break;
		case OPT_SCREEN:
			if ((rc = parse_screens(optarg, &o, err)) != ML_OK)
				return rc;
			break;
		case OPT_SORT:
			o.sort = optarg;
			break;
		case OPT_TYPES:
			o.types = true;
			break;
		case OPT_PSS:
			o.pss = true;
			break;
		default:
			if ((rc = ml_cli_common(cli, opt, optarg, err)) < 0)
				return rc;
			if (rc == 0)
				return ml_cli_bad_option(err, "top");
		}
	}
	if (optind < argc)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "top takes no arguments ('%s')", argv[optind]);
	ml_cli_finish(cli);
	if (o.first < 0)
		o.first = 0;
	o.sysroot = cli->sysroot;
	o.json = cli->out.json;
	o.bytes = cli->out.bytes;
	o.color = cli->out.color;
	/* A live view needs a terminal both ways; JSON is for scripts. */
	if (o.json || !isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO))
		o.batch = true;
	if (!o.batch && o.screens & (o.screens - 1))
		return ml_error_set(err, ML_EUSAGE, NULL, 0,
				    "several screens (--screen) can only be printed with --batch; the live view shows one at a time");

	struct ml_top t;
	rc = ml_top_init(&t, &o, err);
	if (rc != ML_OK)
		return rc;
	rc = o.batch ? ml_top_run_batch(&t, err) : ml_top_run_interactive(&t, err);
	ml_top_fini(&t);
	if (!o.batch && rc == ML_OK)
		ml_ui_term_reraise();
	return rc;
}
