/*
 * The vmalock command-line tool: subcommands and what they share.
 *
 * Each subcommand is a function run(argc, argv) with argv[0] the
 * subcommand's name; it returns the process exit status.  main.c holds
 * the table of subcommands.
 */
#ifndef VL_CLI_H
#define VL_CLI_H

#include <stdbool.h>
#include <stddef.h>

/* Exit statuses shared by all subcommands. */
#define VL_EXIT_OK	0	/* done, whatever the findings */
#define VL_EXIT_ERROR	1	/* database, input or output error */
#define VL_EXIT_USAGE	2	/* bad command line */

/* Description of checker ID, or NULL for a checker not in the table. */
const char *vl_checker_description(const char *id);

/* vmalock report [--format text|json|sarif|html] [-o FILE] DB */
int vl_cmd_report(int argc, char **argv);

/* vmalock link [--spec FILE] [--quiet] DB */
int vl_cmd_link(int argc, char **argv);
/*
 * The whole-program analysis of the units stored in db_path (link.c):
 * 0, or -1 with a malloc'ed message in *err.  spec_path NULL: the spec
 * the units were analysed with.
 */
int vl_link_database(const char *db_path, const char *spec_path, bool quiet,
		     char **err);

#endif /* VL_CLI_H */
