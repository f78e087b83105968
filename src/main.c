/* memlayout: the command table and dispatch.  `--help`, the man page and the
 * completions follow this table. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const struct ml_command ml_commands[] = {
	{ "zones", cmd_zones, "nodes and zones: ranges, watermarks, protection, free memory" },
	{ "buddy", cmd_buddy, "free blocks per order, per migrate type, fragmentation indices" },
	{ "slab", cmd_slab, "slab caches: objects, pages, waste; kmalloc size classes (--kmalloc)" },
	{ "vmalloc", cmd_vmalloc, "vmalloc areas by kind, caller and node; free holes of the range" },
	{ "procs", cmd_procs, "every process: VIRT, RSS, PSS, USS, swap; the sum of PSS" },
	{ "maps", cmd_maps, "one process's mappings, totals as pmap -X, why VIRT exceeds RSS" },
	{ "explain", cmd_explain, "would an allocation of SIZE with GFP flags succeed here, and why" },
	{ "report", cmd_report, "explain the allocation-failure and OOM reports in a kernel log" },
	{ "top", cmd_top, "live view like top: header, zones, slab, processes, vmalloc" },
	{ "snapshot", cmd_snapshot, "copy every file memlayout reads into a directory" },
	{ NULL, NULL, NULL },
};

static void usage(FILE *f)
{
	fputs("Usage: memlayout [--sysroot DIR] COMMAND [OPTIONS]\n\n"
	      "Shows how memory is laid out on a Linux system and why an allocation would\n"
	      "succeed or fail.\n\nCommands:\n",
	      f);
	for (const struct ml_command *c = ml_commands; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
	fputs("\n", f);
	ml_cli_help_common(f);
	fputs("  -V, --version        print the version\n\n"
	      "Run 'memlayout COMMAND --help' for a command's options and columns.\n"
	      "Exit status: 0 ok, 1 runtime failure (a file could not be read), 2 bad usage or\n"
	      "malformed input.\n",
	      f);
}

int main(int argc, char **argv)
{
	struct ml_cli cli = { 0 };
	struct ml_error err = { 0 };
	int i = 1;

	/* UTF-8 tree lines where the locale allows; numbers stay C-formatted
	 * (integer arithmetic only). */
	setlocale(LC_CTYPE, "");

	/* Global options may come before the command; the command parses the
	 * rest (including these same options again). */
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return ML_EXIT_OK;
		}
		if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			printf("memlayout %s\n", ML_VERSION);
			return ML_EXIT_OK;
		}
		if (!strcmp(a, "--sysroot")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "memlayout: --sysroot needs a directory\n");
				return ML_EXIT_INPUT;
			}
			cli.sysroot = argv[++i];
		} else if (!strncmp(a, "--sysroot=", 10)) {
			cli.sysroot = a + 10;
		} else if (!strcmp(a, "-J") || !strcmp(a, "--json")) {
			cli.out.json = true;
		} else if (!strcmp(a, "-b") || !strcmp(a, "--bytes")) {
			cli.out.bytes = true;
		} else if (!strcmp(a, "-n") || !strcmp(a, "--noheadings")) {
			cli.out.noheadings = true;
		} else if (!strcmp(a, "-r") || !strcmp(a, "--raw")) {
			cli.out.raw = true;
		} else if (!strcmp(a, "--color") || !strncmp(a, "--color=", 8)) {
			int rc = ml_cli_common(&cli, ML_OPT_COLOR, a[7] == '=' ? a + 8 : NULL, &err);
			if (rc < 0) {
				ml_error_print(&err);
				return ML_EXIT_INPUT;
			}
		} else {
			fprintf(stderr, "memlayout: unknown option '%s' before the command (see memlayout --help)\n", a);
			return ML_EXIT_INPUT;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return ML_EXIT_INPUT;
	}
	for (const struct ml_command *c = ml_commands; c->name; c++) {
		if (strcmp(c->name, argv[i]) != 0)
			continue;
		/* The command sees argv[0] = its name; we print getopt's complaints. */
		opterr = 0;
		ml_cli_argv = argv + i;
		int rc = c->run(argc - i, argv + i, &cli, &err);
		if (rc < 0) {
			ml_error_print(&err);
			return ml_error_exit_code(rc);
		}
		if (fflush(stdout) != 0) {
			perror("memlayout: write error");
			return ML_EXIT_RUNTIME;
		}
		/* 0, or a command's own documented status (explain's verdicts). */
		return rc;
	}
	fprintf(stderr, "memlayout: unknown command '%s' (see memlayout --help)\n", argv[i]);
	return ML_EXIT_INPUT;
}
