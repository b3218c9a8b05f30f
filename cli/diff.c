/*
 * vmalock diff OLD NEW: which findings of NEW are new, which of OLD are
 * fixed, and how many are unchanged, compared by fingerprint (so a
 * finding that only moved to another line is unchanged).  Each database
 * is read as a report reads it: with a link, the link's findings.
 *
 * A new finding suppressed in source or by triage (false-positive,
 * intentional; the triage of NEW) is counted apart and does not fail
 * the diff.  Exit status: 0 no new finding, 1 new findings, 2 usage or
 * database error, so that a CI job can gate on it.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli.h"
#include "core/util.h"
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIFF_NEW	1	/* new findings */
#define DIFF_ERROR	2	/* usage or database error */

/* Every query reads these: NEW's "inscope" and OLD's "old_inscope". */
#define NEW_SQL \
	"SELECT f.fingerprint, f.checker, f.file, f.line, f.\"column\", " \
	"f.function, f.message, f.suppressed, f.id FROM inscope f " \
	"WHERE f.fingerprint NOT IN (SELECT fingerprint FROM old_inscope) " \
	"ORDER BY f.suppressed IS NOT NULL, f.file, f.line, f.\"column\", " \
	"f.checker, f.fingerprint"
#define FIXED_SQL \
	"SELECT f.fingerprint, f.checker, f.file, f.line, f.\"column\", " \
	"f.function, f.message, NULL, f.id FROM old_inscope f " \
	"WHERE f.fingerprint NOT IN (SELECT fingerprint FROM inscope) " \
	"ORDER BY f.file, f.line, f.\"column\", f.checker, f.fingerprint"
#define UNCHANGED_SQL \
	"SELECT count(*) FROM inscope WHERE fingerprint IN " \
	"(SELECT fingerprint FROM old_inscope)"
#define STEPS_SQL \
	"SELECT coalesce(s.file, f.file), s.line, s.\"column\", " \
	"coalesce(s.message, '') FROM path_steps s " \
	"JOIN findings f ON f.id = s.finding_id " \
	"WHERE s.finding_id = ?1 ORDER BY s.seq"
/* One finding of NEW_SQL or FIXED_SQL as a JSON object. */
#define JSON_ROW_SQL \
	"SELECT json_object('fingerprint', ?1, 'checker', ?2, 'file', ?3, " \
	"'line', ?4, 'column', ?5, 'function', ?6, 'message', ?7, " \
	"'suppressed', ?8)"

struct diff {
	sqlite3 *db;
	const char *new_path;
	bool json;
	char *ctes;		/* "WITH ..." of both scopes */
};

static int db_fail(struct diff *d)
{
	fprintf(stderr, "vmalock diff: %s: %s\n", d->new_path,
		sqlite3_errmsg(d->db));
	return -1;
}

static int prepare(struct diff *d, const char *sql, sqlite3_stmt **st)
{
	struct vl_buf b;
	int rc;

	vl_buf_init(&b);
	vl_buf_puts(&b, d->ctes);
	vl_buf_puts(&b, sql);
	rc = sqlite3_prepare_v2(d->db, vl_buf_cstr(&b), -1, st, NULL);
	vl_buf_free(&b);
	return rc == SQLITE_OK ? 0 : db_fail(d);
}

static const char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? (const char *)s : "";
}

/* The path of finding ID as compiler notes. */
static int put_steps(struct diff *d, sqlite3_stmt *steps, sqlite3_int64 id)
{
	int rc;

	if (sqlite3_reset(steps) != SQLITE_OK ||
	    sqlite3_bind_int64(steps, 1, id) != SQLITE_OK)
		return db_fail(d);
	while ((rc = sqlite3_step(steps)) == SQLITE_ROW) {
		vl_put_location(stdout, col(steps, 0),
				sqlite3_column_int64(steps, 1),
				sqlite3_column_int64(steps, 2));
		fputs(" note: ", stdout);
		vl_put_plain(stdout, col(steps, 3));
		putc('\n', stdout);
	}
	return rc == SQLITE_DONE ? 0 : db_fail(d);
}

/* One row of NEW_SQL/FIXED_SQL as a JSON object on standard output. */
static int put_json(struct diff *d, sqlite3_stmt *row, sqlite3_stmt *obj)
{
	int i;

	if (sqlite3_reset(obj) != SQLITE_OK)
		return db_fail(d);
	for (i = 0; i < 8; i++) {
		if (sqlite3_bind_value(obj, i + 1,
				       sqlite3_column_value(row, i)) !=
		    SQLITE_OK)
			return db_fail(d);
	}
	if (sqlite3_step(obj) != SQLITE_ROW)
		return db_fail(d);
	fputs(col(obj, 0), stdout);
	return 0;
}

/*
 * Go through the findings of SQL: in text, the unsuppressed ones in
 * compiler format if LIST; in JSON, all as an array member NAME.
 * Counts them in *n, the suppressed ones in *nsup.
 */
static int each_finding(struct diff *d, const char *sql, const char *name,
			bool list, long long *n, long long *nsup)
{
	sqlite3_stmt *st, *steps = NULL, *obj = NULL;
	int rc, ret = -1;

	*n = *nsup = 0;
	if (prepare(d, sql, &st))
		return -1;
	if (sqlite3_prepare_v2(d->db, STEPS_SQL, -1, &steps, NULL) ||
	    sqlite3_prepare_v2(d->db, JSON_ROW_SQL, -1, &obj, NULL)) {
		db_fail(d);
		goto out;
	}
	if (d->json)
		printf("  \"%s\": [", name);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bool suppressed = sqlite3_column_type(st, 7) != SQLITE_NULL;

		if (d->json) {
			fputs(*n + *nsup ? ",\n    " : "\n    ", stdout);
			if (put_json(d, st, obj))
				goto out;
		} else if (list && !suppressed) {
			vl_put_location(stdout, col(st, 2),
					sqlite3_column_int64(st, 3),
					sqlite3_column_int64(st, 4));
			fputs(" warning: ", stdout);
			vl_put_plain(stdout, col(st, 6));
			fputs(" [vmalock-", stdout);
			vl_put_plain(stdout, col(st, 1));
			fputs("]\n", stdout);
			if (put_steps(d, steps, sqlite3_column_int64(st, 8)))
				goto out;
		}
		if (suppressed)
			(*nsup)++;
		else
			(*n)++;
	}
	if (rc != SQLITE_DONE) {
		db_fail(d);
		goto out;
	}
	if (d->json)
		fputs(*n + *nsup ? "\n  ],\n" : "],\n", stdout);
	ret = 0;
out:
	(void)sqlite3_finalize(obj);
	(void)sqlite3_finalize(steps);
	(void)sqlite3_finalize(st);
	return ret;
}

static int count(struct diff *d, const char *sql, long long *n)
{
	sqlite3_stmt *st;
	int rc;

	if (prepare(d, sql, &st))
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	(void)sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : db_fail(d);
}

/* The scopes of NEW ("main") and OLD ("old") as one WITH clause. */
static int build_ctes(struct diff *d)
{
	struct vl_scope sn = { "main", "", false, false, false, NULL, false,
			       true };
	struct vl_scope so = { "old", "old_", false, false, false, NULL, false,
			       true };
	struct vl_buf b;

	if (vl_schema_state(d->db, "main", &sn.linked, &sn.has_triage,
			    &sn.has_rule) ||
	    vl_schema_state(d->db, "old", &so.linked, &so.has_triage,
			    &so.has_rule))
		return db_fail(d);
	/* OLD's triage does not decide what is new in NEW. */
	so.has_triage = false;
	vl_buf_init(&b);
	vl_buf_puts(&b, "WITH ");
	vl_scope_sql(&b, &sn);
	vl_buf_puts(&b, ", ");
	vl_scope_sql(&b, &so);
	vl_buf_putc(&b, ' ');
	d->ctes = vl_buf_steal(&b);
	return 0;
}

static int run_diff(struct diff *d, long long *nnew)
{
	long long nfixed, nunchanged, nsup, unused;

	if (build_ctes(d))
		return -1;
	if (d->json)
		fputs("{\n", stdout);
	if (each_finding(d, NEW_SQL, "new", true, nnew, &nsup) ||
	    each_finding(d, FIXED_SQL, "fixed", false, &nfixed, &unused) ||
	    count(d, UNCHANGED_SQL, &nunchanged))
		return -1;
	if (d->json)
		printf("  \"counts\": {\"new\": %lld, \"new_suppressed\": "
		       "%lld, \"fixed\": %lld, \"unchanged\": %lld}\n}\n",
		       *nnew, nsup, nfixed, nunchanged);
	else
		printf("vmalock diff: %lld new, %lld fixed, %lld unchanged "
		       "finding%s%s", *nnew, nfixed, nunchanged,
		       nunchanged == 1 ? "" : "s", nsup ? "; " : "\n");
	if (!d->json && nsup)
		printf("%lld new suppressed in source or by triage\n", nsup);
	return 0;
}

static void diff_usage(FILE *out)
{
	fputs("usage: vmalock diff [--format text|json] [--root DIR] "
	      "OLD.db NEW.db\n"
	      "\n"
	      "Compare the findings of two databases by fingerprint (robust "
	      "to\n"
	      "line shifts): new findings (in NEW, not in OLD), fixed ones (in\n"
	      "OLD, not in NEW) and unchanged ones.  Text: the new findings in\n"
	      "compiler format, then one line of counts.  New findings\n"
	      "suppressed in source or by a triage decision of NEW are only\n"
	      "counted.\n"
	      "\n"
	      "options:\n"
	      "  -f, --format FORMAT  text (the default) or json\n"
	      "      --root DIR       where the source files are, for "
	      "suppression\n"
	      "                       comments (default: the current "
	      "directory)\n"
	      "  -h, --help           show this help\n"
	      "\n"
	      "Exit status: 0 no new finding; 1 new findings; 2 usage or\n"
	      "database error.\n", out);
}

static int usage_error(const char *fmt, const char *arg)
{
	vl_usage_error("diff", fmt, arg);
	return DIFF_ERROR;
}

/* Open PATH to check it is a readable vmalock database. */
static int check_db(const char *path)
{
	struct vl_store *s;
	char *err = NULL;

	if (vl_store_open_readonly(path, &s, &err)) {
		fprintf(stderr, "vmalock: %s\n", err ? err : path);
		free(err);
		return -1;
	}
	vl_store_close(s);
	return 0;
}

int vl_cmd_diff(int argc, char **argv)
{
	const char *paths[2] = { NULL, NULL }, *root = ".";
	struct vl_sources *src = NULL;
	struct vl_store *store = NULL;
	struct diff d = { 0 };
	sqlite3_stmt *st = NULL;
	long long nnew = 0;
	char *err = NULL;
	int i, npaths = 0, ret = DIFF_ERROR;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *v;

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			diff_usage(stdout);
			return VL_EXIT_OK;
		} else if (vl_is_option(arg, "--format", "-f")) {
			v = vl_option_value(argc, argv, &i,
					    arg[1] == '-' ? "--format" : "-f");
			if (!v)
				return usage_error("%s needs a format", arg);
			if (strcmp(v, "json") != 0 && strcmp(v, "text") != 0)
				return usage_error("unknown format '%s'", v);
			d.json = strcmp(v, "json") == 0;
		} else if (vl_is_option(arg, "--root", NULL)) {
			v = vl_option_value(argc, argv, &i, "--root");
			if (!v || !*v)
				return usage_error("%s needs a directory", arg);
			root = v;
		} else if (arg[0] == '-' && arg[1] != '\0') {
			return usage_error("unknown option '%s'", arg);
		} else if (npaths == 2) {
			return usage_error("unexpected argument '%s'", arg);
		} else {
			paths[npaths++] = arg;
		}
	}
	if (npaths != 2)
		return usage_error("%s", "needs two databases: OLD NEW");
	if (check_db(paths[0]))
		return DIFF_ERROR;
	if (vl_store_open_readonly(paths[1], &store, &err)) {
		fprintf(stderr, "vmalock: %s\n", err ? err : paths[1]);
		free(err);
		return DIFF_ERROR;
	}
	d.db = vl_store_db(store);
	d.new_path = paths[1];
	src = vl_sources_new(root);
	if (vl_sources_register(src, d.db) ||
	    sqlite3_prepare_v2(d.db, "ATTACH DATABASE ?1 AS old", -1, &st,
			       NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, paths[0], -1, SQLITE_STATIC) ||
	    sqlite3_step(st) != SQLITE_DONE) {
		db_fail(&d);
		goto out;
	}
	/* One read transaction over both: consistent snapshots. */
	if (sqlite3_exec(d.db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(&d);
		goto out;
	}
	if (run_diff(&d, &nnew) == 0)
		ret = nnew ? DIFF_NEW : VL_EXIT_OK;
	(void)sqlite3_exec(d.db, "COMMIT", NULL, NULL, NULL);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "vmalock diff: standard output: write error\n");
		ret = DIFF_ERROR;
	}
out:
	(void)sqlite3_finalize(st);
	free(d.ctes);
	vl_store_close(store);
	vl_sources_free(src);
	return ret;
}
