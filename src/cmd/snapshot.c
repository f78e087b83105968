#include "../cli.h"
int cmd_snapshot(int argc, char **argv, struct ml_cli *cli, struct ml_error *err)
{
	(void)argc; (void)argv; (void)cli;
	return ml_error_set(err, ML_EUSAGE, NULL, 0, "snapshot: being written");
}
