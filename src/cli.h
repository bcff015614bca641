/*
 * cli.h - the command line: parse options, run, choose the exit code.
 */
#ifndef BL_CLI_H
#define BL_CLI_H

enum {
	BL_EXIT_OK = 0,        /* no findings at or above --fail-on */
	BL_EXIT_FINDINGS = 1,  /* findings */
	BL_EXIT_ERROR = 2,     /* usage, configuration or I/O error */
};

int bl_cli_main(int argc, char **argv);

#endif
