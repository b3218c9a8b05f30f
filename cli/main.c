/*
 * vmalock: the command-line tool.  Dispatches to the subcommands listed
 * in the table below; adding a subcommand is adding a row.
 */
#include "cli.h"
#include "core/util.h"
#include "vl_version.h"

#include <stdio.h>
#include <string.h>

struct vl_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;	/* one line */
};

static const struct vl_command commands[] = {
	{ "diff", vl_cmd_diff,
	  "compare two databases: new, fixed and unchanged findings" },
	{ "history", vl_cmd_history,
	  "list the analysis runs recorded in a database" },
	{ "link", vl_cmd_link,
	  "analyse the whole program stored in a database (all its units)" },
	{ "report", vl_cmd_report,
	  "print the findings of a database as text, JSON, SARIF or HTML" },
	{ "run", vl_cmd_run,
	  "analyse the C files of a compile_commands.json, in parallel" },
	{ "triage", vl_cmd_triage,
	  "record review decisions on findings; export and import them" },
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out,
		"usage: vmalock COMMAND [OPTIONS] [ARGS]\n"
		"       vmalock --help | --version\n"
		"\n"
		"Checks of Linux mm locking rules; the Clang plugin stores its\n"
		"findings in a database that these commands read ('vmalock run'\n"
		"runs the plugin over the files of a compile_commands.json).\n"
		"\n"
		"commands:\n");
	for (i = 0; i < VL_ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name,
			commands[i].help);
	fprintf(out, "\nRun 'vmalock COMMAND --help' for a command's options.\n");
}

/* The subcommand called NAME, or NULL. */
static const struct vl_command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < VL_ARRAY_SIZE(commands); i++) {
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const struct vl_command *cmd;
	const char *arg;

	if (argc < 2) {
		usage(stderr);
		return VL_EXIT_USAGE;
	}
	arg = argv[1];
	if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
		usage(stdout);
		return VL_EXIT_OK;
	}
	if (strcmp(arg, "--version") == 0 || strcmp(arg, "-V") == 0) {
		printf("vmalock %s\n", VL_VERSION);
		return VL_EXIT_OK;
	}
	if (strcmp(arg, "help") == 0) {
		char help[] = "--help";
		char *args[3];

		if (argc < 3) {
			usage(stdout);
			return VL_EXIT_OK;
		}
		cmd = find_command(argv[2]);
		if (!cmd) {
			fprintf(stderr, "vmalock: unknown command '%s'\n",
				argv[2]);
			return VL_EXIT_USAGE;
		}
		args[0] = argv[2];
		args[1] = help;
		args[2] = NULL;
		return cmd->run(2, args);
	}
	cmd = find_command(arg);
	if (!cmd) {
		fprintf(stderr, "vmalock: unknown command '%s' "
			"(try 'vmalock --help')\n", arg);
		return VL_EXIT_USAGE;
	}
	return cmd->run(argc - 1, argv + 1);
}
