#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int ml_cli_common(struct ml_cli *cli, int opt, const char *arg, struct ml_error *err)
{
	switch (opt) {
	case ML_OPT_SYSROOT:
		cli->sysroot = arg;
		return 1;
	case 'J':
		cli->out.json = true;
		return 1;
	case 'n':
		cli->out.noheadings = true;
		return 1;
	case 'r':
		cli->out.raw = true;
		return 1;
	case 'b':
		cli->out.bytes = true;
		return 1;
	case 'o':
		cli->out.columns = arg;
		return 1;
	case ML_OPT_COLOR:
		if (arg && strcmp(arg, "auto") && strcmp(arg, "always") && strcmp(arg, "never"))
			return ml_error_set(err, ML_EUSAGE, NULL, 0,
					    "--color takes auto, always or never, not '%s'", arg);
		cli->color_when = arg ? arg : "always";
		return 1;
	default:
		return 0;
	}
}

void ml_cli_finish(struct ml_cli *cli)
{
	const char *nc = getenv("NO_COLOR");
	if (cli->color_when && strcmp(cli->color_when, "always") == 0)
		cli->out.color = true;
	else if (cli->color_when && strcmp(cli->color_when, "never") == 0)
		cli->out.color = false;
	else
		cli->out.color = isatty(STDOUT_FILENO) && !(nc && *nc);
	/* NO_COLOR wins over everything but an explicit --color=always. */
	if (nc && *nc && !(cli->color_when && strcmp(cli->color_when, "always") == 0))
		cli->out.color = false;
}

char **ml_cli_argv;

int ml_cli_bad_option(struct ml_error *err, const char *command)
{
	/* getopt is silenced (opterr = 0 in main) so that this is the only
	 * line; it cannot tell "unknown" from "missing value" apart for us. */
	const char *word = ml_cli_argv && optind > 0 ? ml_cli_argv[optind - 1] : "?";
	return ml_error_set(err, ML_EUSAGE, NULL, 0,
			    "unknown option or missing value in '%s' (see memlayout %s --help)",
			    word, command);
}

void ml_cli_help_common(FILE *f)
{
	fputs("Common options:\n"
	      "      --sysroot DIR    read a snapshot laid out like / instead of the live system\n"
	      "  -J, --json           one JSON document (sizes in bytes as integers)\n"
	      "  -o, --output COLS    columns to show, comma-separated; +COLS adds to the defaults\n"
	      "  -n, --noheadings     no header line\n"
	      "  -r, --raw            raw output: no alignment, no tree\n"
	      "  -b, --bytes          exact sizes in bytes instead of K/M/G\n"
	      "      --color[=WHEN]   colour: auto (default: only on a terminal), always, never\n"
	      "  -h, --help           this help\n",
	      f);
}

int ml_cli_load(const struct ml_cli *cli, struct ml_system *sys, unsigned want,
		unsigned required, struct ml_error *err)
{
	struct ml_source src;
	int rc = ml_source_open(&src, cli->sysroot, err);
	if (rc != ML_OK)
		return rc;
	rc = ml_system_load(sys, &src, want, required, err);
	ml_source_close(&src);
	return rc;
}

void ml_cli_print_notes(const struct ml_system *sys)
{
	for (size_t i = 0; i < sys->nunreadable; i++)
		fprintf(stderr, "memlayout: note: %s\n", sys->unreadable[i].text);
	for (size_t i = 0; i < sys->nwarnings; i++)
		fprintf(stderr, "memlayout: warning: %s\n", sys->warnings[i].text);
}
