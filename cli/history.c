/*
 * vmalock history DB: the analysis runs recorded in the database, oldest
 * first, with what each analysed and found: the trend of a tree
 * analysed again and again.  Text (one line per run) or JSON.
 */
#include "cli.h"
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUNS_JSON_SQL \
	"SELECT json_object('run', run, 'started_at', started_at, " \
	"'tool_version', tool_version, 'spec_hash', spec_hash, " \
	"'units', units, 'findings', findings, 'new', new) " \
	"FROM (" VL_RUNS_SQL ")"

static void history_usage(FILE *out)
{
	fputs("usage: vmalock history [--format text|json] DB\n"
	      "\n"
	      "List the analysis runs recorded in DB, oldest first: when it\n"
	      "started, the vmalock version, the spec hash, the units it\n"
	      "analysed, the findings its units reported, and how many of\n"
	      "today's findings it saw first.\n"
	      "\n"
	      "Exit status: 0 done; 1 database error; 2 usage error.\n", out);
}

static int usage_error(const char *fmt, const char *arg)
{
	return vl_usage_error("history", fmt, arg);
}

int vl_cmd_history(int argc, char **argv)
{
	const char *db = NULL;
	struct vl_store *s;
	sqlite3_stmt *st;
	char *err = NULL;
	bool json = false;
	int i, rc, n = 0;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *v;

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			history_usage(stdout);
			return VL_EXIT_OK;
		} else if (vl_is_option(arg, "--format", "-f")) {
			v = vl_option_value(argc, argv, &i,
					    arg[1] == '-' ? "--format" : "-f");
			if (!v || (strcmp(v, "text") && strcmp(v, "json")))
				return usage_error("%s needs text or json",
						   arg);
			json = strcmp(v, "json") == 0;
		} else if (arg[0] == '-' && arg[1] != '\0') {
			return usage_error("unknown option '%s'", arg);
		} else if (db) {
			return usage_error("unexpected argument '%s'", arg);
		} else {
			db = arg;
		}
	}
	if (!db)
		return usage_error("%s", "no database given");
	if (vl_store_open_readonly(db, &s, &err)) {
		fprintf(stderr, "vmalock: %s\n", err ? err : db);
		free(err);
		return VL_EXIT_ERROR;
	}
	if (sqlite3_prepare_v2(vl_store_db(s), json ? RUNS_JSON_SQL :
			       VL_RUNS_SQL, -1, &st, NULL)) {
		fprintf(stderr, "vmalock: %s: %s\n", db,
			sqlite3_errmsg(vl_store_db(s)));
		vl_store_close(s);
		return VL_EXIT_ERROR;
	}
	if (json)
		fputs("[", stdout);
	else
		puts("run started              tool       spec          units "
		     "findings   new");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t[4];

		if (json) {
			printf("%s\n  %s", n++ ? "," : "",
			       sqlite3_column_text(st, 0));
			continue;
		}
		for (i = 0; i < 4; i++) {
			t[i] = (const char *)sqlite3_column_text(st, i);
			if (!t[i] || strpbrk(t[i], "\t\n\r\33"))
				t[i] = "?";
		}
		printf("%3s %-20s %-10s %-12s %6lld %8lld %5lld\n", t[0], t[1],
		       t[2], t[3], (long long)sqlite3_column_int64(st, 4),
		       (long long)sqlite3_column_int64(st, 5),
		       (long long)sqlite3_column_int64(st, 6));
		n++;
	}
	if (json)
		fputs(n ? "\n]\n" : "]\n", stdout);
	if (rc != SQLITE_DONE)
		fprintf(stderr, "vmalock: %s: %s\n", db,
			sqlite3_errmsg(vl_store_db(s)));
	(void)sqlite3_finalize(st);
	vl_store_close(s);
	return rc == SQLITE_DONE ? VL_EXIT_OK : VL_EXIT_ERROR;
}
