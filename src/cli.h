/* Options every command shares, and the command table. */
#ifndef ML_CLI_H
#define ML_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "model/system.h"
#include "render/table.h"
#include "util/error.h"

struct ml_cli {
	const char *sysroot;
	struct ml_output out;
	const char *color_when;   /* --color=auto|always|never */
};

/* getopt_long codes of the common options (beyond single letters). */
enum {
	ML_OPT_SYSROOT = 0x1000,
	ML_OPT_COLOR,
	ML_OPT_HELP,
	ML_OPT_FIRST_COMMAND_OPTION = 0x1100,  /* commands number theirs from here */
};

/* Short options string part and long options shared by all commands. */
#define ML_COMMON_SHORTOPTS "Jnrbo:h"
#define ML_COMMON_LONGOPTS                                           \
	{ "sysroot", required_argument, NULL, ML_OPT_SYSROOT },      \
	{ "json", no_argument, NULL, 'J' },                          \
	{ "noheadings", no_argument, NULL, 'n' },                    \
	{ "raw", no_argument, NULL, 'r' },                           \
	{ "bytes", no_argument, NULL, 'b' },                         \
	{ "output", required_argument, NULL, 'o' },                  \
	{ "color", optional_argument, NULL, ML_OPT_COLOR },          \
	{ "help", no_argument, NULL, 'h' }

/* Handle one common option.  1: handled; 0: not a common option; <0: bad
 * value (err set). */
int ml_cli_common(struct ml_cli *cli, int opt, const char *arg, struct ml_error *err);
/* After parsing: decide colour (TTY, NO_COLOR, --color). */
void ml_cli_finish(struct ml_cli *cli);
/* "unknown option" style error for getopt's '?' (names the word). */
int ml_cli_bad_option(struct ml_error *err, const char *command);
/* The running command's argv, set by main for messages. */
extern char **ml_cli_argv;
/* The common options' help lines. */
void ml_cli_help_common(FILE *f);

/* Open the source named by --sysroot and load the model. */
int ml_cli_load(const struct ml_cli *cli, struct ml_system *sys, unsigned want,
		unsigned required, struct ml_error *err);
/* Print the model's unreadable notes and warnings to stderr, once. */
void ml_cli_print_notes(const struct ml_system *sys);

struct ml_command {
	const char *name;
	int (*run)(int argc, char **argv, struct ml_cli *cli, struct ml_error *err);
	const char *summary;
};

extern const struct ml_command ml_commands[];

int cmd_zones(int argc, char **argv, struct ml_cli *cli, struct ml_error *err);
int cmd_buddy(int argc, char **argv, struct ml_cli *cli, struct ml_error *err);
int cmd_snapshot(int argc, char **argv, struct ml_cli *cli, struct ml_error *err);
int cmd_slab(int argc, char **argv, struct ml_cli *cli, struct ml_error *err);
int cmd_vmalloc(int argc, char **argv, struct ml_cli *cli, struct ml_error *err);
int cmd_procs(int argc, char **argv, struct ml_cli *cli, struct ml_error *err);
int cmd_maps(int argc, char **argv, struct ml_cli *cli, struct ml_error *err);
/* Returns 0 or a negative ML_E* code, or its verdict exit status (10-13). */
int cmd_explain(int argc, char **argv, struct ml_cli *cli, struct ml_error *err);
/* Returns 0 or a negative ML_E* code, or 3 when the log holds no report. */
int cmd_report(int argc, char **argv, struct ml_cli *cli, struct ml_error *err);
int cmd_top(int argc, char **argv, struct ml_cli *cli, struct ml_error *err);

#endif
