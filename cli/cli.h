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
#include <stdio.h>

struct sqlite3;
struct vl_buf;

/* Exit statuses shared by all subcommands. */
#define VL_EXIT_OK	0	/* done, whatever the findings */
#define VL_EXIT_ERROR	1	/* database, input or output error */
#define VL_EXIT_USAGE	2	/* bad command line */

/* Description of checker ID, or NULL for a checker not in the table. */
const char *vl_checker_description(const char *id);

/* vmalock report [--format text|json|sarif|html] [-o FILE] DB */
int vl_cmd_report(int argc, char **argv);

/* vmalock link [--spec FILE] [--quiet] [--dump-summaries] DB */
int vl_cmd_link(int argc, char **argv);
/*
 * The whole-program analysis of the units stored in db_path (link.c):
 * 0, or -1 with a malloc'ed message in *err.  spec_path NULL: the spec
 * the units were analysed with.
 */
int vl_link_database(const char *db_path, const char *spec_path, bool quiet,
		     char **err);

/*
 * vmalock run [-j N] [--db DB] [--spec FILE] [--plugin PATH]
 *             [--compiler CLANG] [--no-link] [-q] COMPILE_COMMANDS [PATH...]
 */
int vl_cmd_run(int argc, char **argv);

/* vmalock diff [--format text|json] [--root DIR] OLD NEW */
int vl_cmd_diff(int argc, char **argv);

/* vmalock triage set|clear|list|export|import ... */
int vl_cmd_triage(int argc, char **argv);

/* vmalock history [--format text|json] DB */
int vl_cmd_history(int argc, char **argv);

/*
 * Source files under a root directory (source.c): lines for reports and
 * in-source suppressions ("vmalock: ignore[CHECKER] REASON" on the line
 * or the line before).  A file that cannot be read has no lines.
 */
struct vl_sources;
struct vl_sources *vl_sources_new(const char *root);
void vl_sources_free(struct vl_sources *s);
/* Line N (from 1) of FILE without its newline, LEN bytes; or NULL. */
const char *vl_source_line(struct vl_sources *s, const char *file, long n,
			   size_t *len);
/* The malloc'ed reason of a suppression of CHECKER at FILE:LINE, or NULL. */
char *vl_source_ignore(struct vl_sources *s, const char *file, long line,
		       const char *checker);
/* Register the SQL function vl_ignore(FILE, LINE, CHECKER) on DB. */
int vl_sources_register(struct vl_sources *s, struct sqlite3 *db);

/* The findings a report shows, as common table expressions (scope.c). */
struct vl_scope {
	const char *schema;	/* "main", or an attached database */
	const char *prefix;	/* of the expressions' names ("" or "old_") */
	bool linked;		/* only the link's findings */
	bool has_triage;	/* the schema has the triage table */
	bool has_rule;		/* its findings have rule_* columns */
	const char *baseline;	/* schema whose fingerprints to leave out */
	bool baseline_linked;
	bool all;		/* "reported" keeps the suppressed findings */
};
/*
 * Append "PREFIXtri AS (...), ..., PREFIXinscope AS (...),
 * PREFIXreported AS (...)" to B (without WITH).
 */
void vl_scope_sql(struct vl_buf *b, const struct vl_scope *sc);
/* Whether SCHEMA has a link unit, a triage table and the rules of
 * findings (schema version 4).  0 or -1. */
int vl_schema_state(struct sqlite3 *db, const char *schema, bool *linked,
		    bool *has_triage, bool *has_rule);

/*
 * The analysis runs, oldest first: id, started_at, tool_version,
 * spec_hash (first 12 digits), units analysed, findings
 * reported by its units (a header finding once per unit), findings first
 * seen in it that still exist (history.c, report.c).
 */
#define VL_RUNS_SQL \
	"SELECT r.id AS run, r.started_at AS started_at, " \
	"coalesce(r.tool_version, '') AS tool_version, " \
	"coalesce(substr(r.spec_hash, 1, 12), '') AS spec_hash, " \
	"(SELECT count(DISTINCT ur.unit_id) FROM unit_runs ur " \
	"JOIN units u ON u.id = ur.unit_id " \
	"WHERE ur.run_id = r.id AND u.path <> '<link>') AS units, " \
	"(SELECT coalesce(sum(ur.nfindings), 0) FROM unit_runs ur " \
	"JOIN units u ON u.id = ur.unit_id " \
	"WHERE ur.run_id = r.id AND u.path <> '<link>') AS findings, " \
	"(SELECT count(*) FROM findings f WHERE f.first_run_id = r.id) " \
	"AS new FROM runs r ORDER BY r.id"

/* Command-line helpers shared by the subcommands (report.c). */
/* S on one line: control characters become spaces. */
void vl_put_plain(FILE *out, const char *s);
/* "FILE:LINE:COL:", leaving out an unknown (0) line or column. */
void vl_put_location(FILE *out, const char *file, long long line,
		     long long col);
bool vl_is_option(const char *arg, const char *lng, const char *shrt);
/*
 * "vmalock COMMAND: " and FMT with ARG, then where to find help, on
 * stderr; returns VL_EXIT_USAGE.
 */
int vl_usage_error(const char *command, const char *fmt, const char *arg);
const char *vl_option_value(int argc, char **argv, int *i, const char *name);

#endif /* VL_CLI_H */
