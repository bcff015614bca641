/*
 * main.c - biblint's entry point.
 */
#include "cli.h"

int main(int argc, char **argv)
{
	return bl_cli_main(argc, argv);
}
