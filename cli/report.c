/*
 * vmalock report: print the findings of a database as compiler-style
 * text, JSON, SARIF 2.1.0 or one self-contained HTML page.
 *
 * JSON and SARIF are built by sqlite's JSON functions, so all escaping
 * is sqlite's; the C code only writes constant punctuation around the
 * rows, one row at a time (a large database is never held in memory).
 * All the queries of one report run in one read transaction, so a build
 * still writing to the database cannot make a report inconsistent.
 *
 * When the database holds the link pseudo-unit (whole-program results of
 * "vmalock link"), every format reports only the findings of the link:
 * the queries read the findings through the common table expression
 * "reported" (scope.c), which is either every finding or those of the
 * link, less those of a baseline, less the suppressed ones in text and
 * JSON (unless --show-suppressed); SARIF and HTML show the suppressed
 * ones marked as such.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli.h"
#include "core/analysis.h"
#include "core/util.h"
#include "store/store.h"
#include "vl_version.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Descriptions come from the checkers themselves (checkers/). */
const char *vl_checker_description(const char *id)
{
	uint32_t i;

	for (i = 0; i < vl_ncheckers; i++) {
		if (strcmp(vl_checkers[i]->id, id) == 0)
			return vl_checkers[i]->summary;
	}
	return NULL;
}

/*
 * Where the rules behind each checker are explained: the section of
 * docs/rules.md, which quotes Documentation/mm/process_addrs.rst.
 */
static const struct {
	const char *checker, *section;
} rule_docs[] = {
	{ "field-write", "docs/rules.md section 13 vm_area_struct fields; "
	  "process_addrs.rst \"VMA fields\"" },
	{ "lock-prereq", "docs/rules.md section 4-5 the mmap and VMA locks; "
	  "process_addrs.rst \"Locking\"" },
	{ "lock-order", "docs/rules.md section 3 lock order; process_addrs.rst "
	  "\"Lock ordering\"" },
	{ "double-acquire", "docs/rules.md section 2 lock classes" },
	{ "release-unheld", "docs/rules.md section 2 lock classes" },
	{ "held-at-exit", "docs/rules.md section 2 lock classes" },
	{ "pt-install", "docs/rules.md section 9.2 page tables; "
	  "process_addrs.rst \"Page tables\"" },
	{ "call-requires", "docs/rules.md section 11 functions with lock "
	  "requirements" },
};

/* The documentation of checker ID's rules, or NULL. */
static const char *rule_doc(const char *id)
{
	size_t i;

	for (i = 0; i < VL_ARRAY_SIZE(rule_docs); i++) {
		if (strcmp(rule_docs[i].checker, id) == 0)
			return rule_docs[i].section;
	}
	return NULL;
}

enum format { FMT_TEXT, FMT_JSON, FMT_SARIF, FMT_HTML };

/* Is OUT the database DB or one of its WAL/shared-memory files? */
static int same_file(const char *out, const char *db)
{
	static const char *const suffixes[] = { "", "-wal", "-shm",
						"-journal" };
	struct stat so, sd;
	size_t i;

	if (stat(out, &so) != 0)
		return 0;
	for (i = 0; i < VL_ARRAY_SIZE(suffixes); i++) {
		char path[4096];

		if ((size_t)snprintf(path, sizeof(path), "%s%s", db,
				     suffixes[i]) >= sizeof(path))
			continue;
		if (stat(path, &sd) == 0 && so.st_dev == sd.st_dev &&
		    so.st_ino == sd.st_ino)
			return 1;
	}
	return 0;
}

static const char *const format_names[] = {
	[FMT_TEXT] = "text",
	[FMT_JSON] = "json",
	[FMT_SARIF] = "sarif",
	[FMT_HTML] = "html",
};

struct report {
	sqlite3 *db;
	const char *db_path;
	FILE *out;
	sqlite3_stmt *steps;	/* path steps of one finding: STEPS_SQL */
	bool linked;		/* report the link's findings only */
	bool stale;		/* units changed since the link */
	sqlite3_int64 nunits;	/* translation units, not the link */
	struct vl_scope scope;	/* which findings: see scope.c */
	struct vl_sources *src;	/* source files, for lines and suppressions */
	const char *baseline;	/* path of the baseline database, or NULL */
};

/* The one-line note of a stale link (text and HTML). */
#define STALE_NOTE \
	"units were analysed after the last link; run 'vmalock link'"

/* The link pseudo-unit as an SQL string literal (it has no quote). */
#define LINK_SQL "'" VL_STORE_LINK_UNIT "'"

/* One row of FINDINGS_SQL; the strings live until the next step. */
struct finding {
	sqlite3_int64 id;
	const char *fingerprint;
	const char *checker;
	const char *file;
	sqlite3_int64 line;
	sqlite3_int64 col;
	const char *function;
	const char *key;
	const char *message;
	const char *suppressed;		/* "in-source", "triage" or NULL */
	const char *ignored;		/* reason of an in-source suppression */
	const char *triage;		/* review status or NULL */
	const char *triage_author;
	const char *triage_note;
	const char *rule_file;		/* the spec entry behind it, or NULL */
	sqlite3_int64 rule_line;
	const char *rule_text;
	const char *rule_doc;		/* its doc, else the checker's */
};

#define FINDING_ORDER \
	" ORDER BY f.file, f.line, f.\"column\", f.checker, f.fingerprint"

#define FINDINGS_SQL \
	"SELECT f.id, f.fingerprint, f.checker, f.file, f.line, " \
	"f.\"column\", f.function, f.key, f.message, f.suppressed, " \
	"f.ignored, f.triage, f.triage_author, f.triage_note, " \
	"f.rule_file, f.rule_line, f.rule_text, " \
	"coalesce(f.rule_doc, vl_checker_doc(f.checker)) " \
	"FROM reported f" \
	FINDING_ORDER

/* The spec entry behind finding F as a JSON object, or NULL if unknown;
 * its doc is the entry's, else the documentation of its checker. */
#define JSON_RULE(f) \
	"CASE WHEN " f ".rule_file IS NOT NULL THEN json_object(" \
	"'file', " f ".rule_file, 'line', " f ".rule_line, " \
	"'text', " f ".rule_text, 'doc', coalesce(" f ".rule_doc, " \
	"vl_checker_doc(" f ".checker))) END"

/* A step without a file is at the finding's file. */
#define STEPS_SQL \
	"SELECT coalesce(s.file, f.file), s.line, s.\"column\", " \
	"coalesce(s.message, '') FROM path_steps s " \
	"JOIN findings f ON f.id = s.finding_id " \
	"WHERE s.finding_id = ?1 ORDER BY s.seq"

/* The path steps of finding F (the table alias), as a JSON array. */
#define JSON_STEPS(f, item) \
	"json((SELECT json_group_array(" item ") FROM " \
	"(SELECT * FROM path_steps WHERE finding_id = " f ".id " \
	"ORDER BY seq) s))"

#define JSON_SQL \
	"SELECT json_object(" \
	"'fingerprint', f.fingerprint, 'checker', f.checker, " \
	"'file', f.file, 'line', f.line, 'column', f.\"column\", " \
	"'function', f.function, 'key', f.key, 'message', f.message, " \
	"'first_seen', f.first_seen, 'last_seen', f.last_seen, " \
	"'suppressed', f.suppressed, " \
	"'suppression_reason', CASE f.suppressed WHEN 'in-source' THEN " \
	"f.ignored WHEN 'triage' THEN coalesce(f.triage_note, '') END, " \
	"'triage', CASE WHEN f.triage IS NOT NULL THEN json_object(" \
	"'status', f.triage, 'author', f.triage_author, 'note', " \
	"f.triage_note, 'updated_at', f.triage_at) END, " \
	"'units', json((SELECT json_group_array(path) FROM " \
	"(SELECT u.path FROM finding_units fu JOIN units u " \
	"ON u.id = fu.unit_id WHERE fu.finding_id = f.id " \
	"AND u.path <> " LINK_SQL " ORDER BY u.path))), " \
	"'rule', " JSON_RULE("f") ", " \
	"'steps', " JSON_STEPS("f", \
	"json_object('file', coalesce(s.file, f.file), 'line', s.line, " \
	"'column', s.\"column\", 'message', coalesce(s.message, ''))") \
	") FROM reported f" FINDING_ORDER

/*
 * A SARIF physicalLocation for FILE, LINE, COL (SQL expressions): the
 * region is left out when the line is unknown (0), its startColumn when
 * the column is.  A null member of a json_patch() patch is dropped.
 */
#define SARIF_LOCATION(file, line, col) \
	"json_patch(json_object('artifactLocation', " \
	"json_object('uri', vl_uri(" file "))), " \
	"json_object('region', CASE WHEN " line " > 0 THEN " \
	"json_patch(json_object('startLine', " line "), " \
	"json_object('startColumn', CASE WHEN " col " > 0 THEN " col \
	" END)) END))"

/* ?1: JSON array of the rule ids, whose indexes are the ruleIndex. */
#define SARIF_RESULTS_SQL \
	"SELECT json_patch(json_object(" \
	"'ruleId', f.checker, " \
	"'ruleIndex', (SELECT CAST(r.key AS INTEGER) FROM json_each(?1) r " \
	"WHERE r.value = f.checker), " \
	"'level', 'warning', " \
	"'message', json_object('text', f.message), " \
	"'locations', json_array(json_patch(json_object(" \
	"'physicalLocation', " \
	SARIF_LOCATION("f.file", "f.line", "f.\"column\"") "), " \
	"json_object('logicalLocations', CASE WHEN f.function IS NOT NULL " \
	"THEN json_array(json_object('name', f.function, " \
	"'kind', 'function')) END))), " \
	"'partialFingerprints', json_object('vmalock/v1', f.fingerprint)), " \
	"json_object('suppressions', CASE f.suppressed " \
	"WHEN 'in-source' THEN json_array(json_object('kind', 'inSource', " \
	"'justification', f.ignored)) " \
	"WHEN 'triage' THEN json_array(json_object('kind', 'external', " \
	"'status', 'accepted', 'justification', f.triage || " \
	"CASE WHEN f.triage_note <> '' THEN ': ' || f.triage_note " \
	"ELSE '' END)) END, " \
	"'properties', CASE WHEN f.triage IS NOT NULL OR " \
	"f.rule_file IS NOT NULL THEN json_patch(json_object(" \
	"'triage', CASE WHEN f.triage IS NOT NULL THEN json_object(" \
	"'status', f.triage, 'author', f.triage_author, 'note', " \
	"f.triage_note) END), json_object('rule', " JSON_RULE("f") ")) " \
	"END, " \
	"'relatedLocations', CASE WHEN f.rule_file IS NOT NULL THEN " \
	"json_array(json_object('id', 0, 'physicalLocation', " \
	SARIF_LOCATION("f.rule_file", "f.rule_line", "0") ", " \
	"'message', json_object('text', 'rule: ' || f.rule_text))) END, " \
	"'codeFlows', CASE WHEN EXISTS (SELECT 1 FROM " \
	"path_steps WHERE finding_id = f.id) THEN json_array(json_object(" \
	"'threadFlows', json_array(json_object('locations', " \
	JSON_STEPS("f", "json_object('location', json_patch(json_object(" \
	"'physicalLocation', " \
	SARIF_LOCATION("coalesce(s.file, f.file)", "s.line", \
		       "s.\"column\"") "), " \
	"json_object('message', CASE WHEN s.message <> '' THEN " \
	"json_object('text', s.message) END)))") \
	")))) END)) FROM reported f" FINDING_ORDER

/* Append one rule to the rules (?1) and rule ids (?2) JSON arrays. */
#define SARIF_RULE_SQL \
	"SELECT json_insert(?1, '$[#]', json_object('id', ?3, 'name', ?4, " \
	"'shortDescription', json_object('text', ?5), " \
	"'help', json_object('text', ?6), " \
	"'defaultConfiguration', json_object('level', 'warning'))), " \
	"json_insert(?2, '$[#]', ?3)"

#define SARIF_TOOL_SQL \
	"SELECT json_object('driver', json_object('name', 'vmalock', " \
	"'version', ?1, 'semanticVersion', ?1, 'rules', json(?2)))"

/* ---- helpers ---- */

/* Print the connection's last error, naming the database.  -1. */
static int db_fail(struct report *r)
{
	fprintf(stderr, "vmalock: %s: %s\n", r->db_path,
		sqlite3_errmsg(r->db));
	return -1;
}

static int prepare(struct report *r, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(r->db, sql, -1, st, NULL) != SQLITE_OK)
		return db_fail(r);
	return 0;
}

/* Prepare SQL, which reads the findings to report from "reported". */
static int prepare_reported(struct report *r, const char *sql,
			    sqlite3_stmt **st)
{
	struct vl_buf b;
	int ret;

	vl_buf_init(&b);
	vl_buf_puts(&b, "WITH ");
	vl_scope_sql(&b, &r->scope);
	vl_buf_putc(&b, ' ');
	vl_buf_puts(&b, sql);
	ret = prepare(r, vl_buf_cstr(&b), st);
	vl_buf_free(&b);
	return ret;
}

/* Finalize ST after a loop that ended with RC; 0 if RC was DONE. */
static int finish(struct report *r, sqlite3_stmt *st, int rc)
{
	if (rc != SQLITE_DONE) {
		db_fail(r);
		(void)sqlite3_finalize(st);	/* repeats the error */
		return -1;
	}
	if (sqlite3_finalize(st) != SQLITE_OK)
		return db_fail(r);
	return 0;
}

/* A single count(*)-like integer; SQL may read "reported". */
static int query_count(struct report *r, const char *sql, sqlite3_int64 *n)
{
	sqlite3_stmt *st;
	int rc;

	if (prepare_reported(r, sql, &st))
		return -1;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		return finish(r, st, rc == SQLITE_DONE ? SQLITE_ERROR : rc);
	*n = sqlite3_column_int64(st, 0);
	return finish(r, st, sqlite3_step(st));
}

/* A text column, "" for NULL. */
static const char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? (const char *)s : "";
}

static void read_finding(sqlite3_stmt *st, struct finding *f)
{
	f->id = sqlite3_column_int64(st, 0);
	f->fingerprint = col_text(st, 1);
	f->checker = col_text(st, 2);
	f->file = col_text(st, 3);
	f->line = sqlite3_column_int64(st, 4);
	f->col = sqlite3_column_int64(st, 5);
	f->function = (const char *)sqlite3_column_text(st, 6);
	f->key = (const char *)sqlite3_column_text(st, 7);
	f->message = col_text(st, 8);
	f->suppressed = (const char *)sqlite3_column_text(st, 9);
	f->ignored = (const char *)sqlite3_column_text(st, 10);
	f->triage = (const char *)sqlite3_column_text(st, 11);
	f->triage_author = (const char *)sqlite3_column_text(st, 12);
	f->triage_note = (const char *)sqlite3_column_text(st, 13);
	f->rule_file = (const char *)sqlite3_column_text(st, 14);
	f->rule_line = sqlite3_column_int64(st, 15);
	f->rule_text = col_text(st, 16);
	f->rule_doc = (const char *)sqlite3_column_text(st, 17);
}

/* The reason a suppressed finding is not shown, for text and HTML. */
static const char *suppression_reason(const struct finding *f)
{
	if (!f->suppressed)
		return NULL;
	if (strcmp(f->suppressed, "in-source") == 0)
		return f->ignored && *f->ignored ? f->ignored : "in source";
	return f->triage_note && *f->triage_note ? f->triage_note
						 : f->triage;
}

/*
 * Start the path steps of finding ID: the caller steps r->steps (columns
 * file, line, column, message) until it is not SQLITE_ROW.
 */
static int start_steps(struct report *r, sqlite3_int64 id)
{
	if (sqlite3_reset(r->steps) != SQLITE_OK ||
	    sqlite3_bind_int64(r->steps, 1, id) != SQLITE_OK)
		return db_fail(r);
	return 0;
}

/* Name the first step of S that is not ROW: 0 if DONE, else -1. */
static int end_steps(struct report *r, int rc)
{
	if (rc != SQLITE_DONE)
		return db_fail(r);
	if (sqlite3_reset(r->steps) != SQLITE_OK)
		return db_fail(r);
	return 0;
}

/* ---- text ---- */

/* Write S on one line: control characters become spaces. */
void vl_put_plain(FILE *out, const char *s)
{
	for (; *s; s++)
		putc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, out);
}

/* "FILE:LINE:COL:", leaving out an unknown (0) line or column. */
void vl_put_location(FILE *out, const char *file, long long line,
		     long long col)
{
	vl_put_plain(out, file);
	if (line > 0) {
		fprintf(out, ":%lld", (long long)line);
		if (col > 0)
			fprintf(out, ":%lld", (long long)col);
	}
	putc(':', out);
}

/*
 * One line per finding in the format of compiler diagnostics, each
 * followed by one note line per path step.  Nothing else, so that
 * editors and CI annotators can parse the whole output, except after a
 * stale link: then a last line "vmalock: note: ..." says so.
 */
static int report_text(struct report *r)
{
	struct finding f;
	sqlite3_stmt *st;
	int rc, src;

	if (prepare_reported(r, FINDINGS_SQL, &st))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_finding(st, &f);
		vl_put_location(r->out, f.file, f.line, f.col);
		fputs(" warning: ", r->out);
		vl_put_plain(r->out, f.message);
		if (f.suppressed) {
			fprintf(r->out, " (suppressed: %s: ",
				strcmp(f.suppressed, "triage") == 0 ?
				f.triage : "in source");
			vl_put_plain(r->out, suppression_reason(&f));
			putc(')', r->out);
		}
		fputs(" [vmalock-", r->out);
		vl_put_plain(r->out, f.checker);
		fputs("]\n", r->out);
		if (f.rule_file) {
			/* A note at the finding, naming the entry. */
			vl_put_location(r->out, f.file, f.line, f.col);
			fputs(" note: rule: ", r->out);
			vl_put_location(r->out, f.rule_file, f.rule_line, 0);
			putc(' ', r->out);
			vl_put_plain(r->out, f.rule_text);
			putc('\n', r->out);
		}

		if (start_steps(r, f.id))
			goto fail;
		while ((src = sqlite3_step(r->steps)) == SQLITE_ROW) {
			vl_put_location(r->out, col_text(r->steps, 0),
				     sqlite3_column_int64(r->steps, 1),
				     sqlite3_column_int64(r->steps, 2));
			fputs(" note: ", r->out);
			vl_put_plain(r->out, col_text(r->steps, 3));
			putc('\n', r->out);
		}
		if (end_steps(r, src))
			goto fail;
	}
	if (finish(r, st, rc))
		return -1;
	if (r->stale)
		fputs("vmalock: note: " STALE_NOTE "\n", r->out);
	if (!r->scope.all) {
		sqlite3_int64 n;

		if (query_count(r, "SELECT count(*) FROM inscope WHERE "
				"suppressed IS NOT NULL", &n))
			return -1;
		if (n)
			fprintf(r->out, "vmalock: note: %lld suppressed "
				"finding%s not shown (--show-suppressed "
				"lists them)\n", (long long)n,
				n == 1 ? "" : "s");
	}
	return 0;

fail:
	(void)sqlite3_finalize(st);
	return -1;
}

/* ---- JSON and SARIF ---- */

/*
 * Write the one-column JSON rows of ST as the elements of an array that
 * the caller opened, each on its own line after INDENT; the caller closes
 * the array with CLOSE_EMPTY if *n is 0, else with a newline first.
 * Finalizes ST.
 */
static int put_json_rows(struct report *r, sqlite3_stmt *st,
			 const char *indent, unsigned long *n)
{
	int rc;

	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fputs(*n ? ",\n" : "\n", r->out);
		fputs(indent, r->out);
		fputs(col_text(st, 0), r->out);
		(*n)++;
	}
	return finish(r, st, rc);
}

/* An array of finding objects; "[]" when there are none. */
static int report_json(struct report *r)
{
	sqlite3_stmt *st;
	unsigned long n;

	if (prepare_reported(r, JSON_SQL, &st))
		return -1;
	fputs("[", r->out);
	if (put_json_rows(r, st, "  ", &n))
		return -1;
	fputs(n ? "\n]\n" : "]\n", r->out);
	return 0;
}

/*
 * SQL function vl_uri(PATH): PATH as a URI reference for SARIF.  A
 * relative path stays relative; an absolute one becomes a file: URI.
 * Every byte but unreserved characters and '/' is percent-encoded (so
 * are ':' that would read as a scheme, and the bytes of UTF-8).
 */
static void sql_uri(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *p = sqlite3_value_text(argv[0]);
	struct vl_buf b;

	(void)argc;	/* registered with one argument */
	if (!p) {
		sqlite3_result_null(ctx);
		return;
	}
	vl_buf_init(&b);
	if (*p == '/')
		vl_buf_puts(&b, "file://");
	for (; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			vl_buf_putc(&b, (char)*p);
		else
			vl_buf_printf(&b, "%%%02X", *p);
	}
	sqlite3_result_text(ctx, vl_buf_steal(&b), -1, free);
}

/* SQL function vl_checker_doc(ID): the documentation of checker ID's
 * rules (rule_doc()), or NULL. */
static void sql_checker_doc(sqlite3_context *ctx, int argc,
			    sqlite3_value **argv)
{
	const unsigned char *id = sqlite3_value_text(argv[0]);
	const char *doc = id ? rule_doc((const char *)id) : NULL;

	(void)argc;	/* registered with one argument */
	if (doc)
		sqlite3_result_text(ctx, doc, -1, SQLITE_STATIC);
	else
		sqlite3_result_null(ctx);
}

/* The SQL functions the report's queries use besides vl_ignore(). */
static int register_functions(struct report *r)
{
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC |
			  SQLITE_INNOCUOUS;

	if (sqlite3_create_function(r->db, "vl_uri", 1, flags, NULL, sql_uri,
				    NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(r->db, "vl_checker_doc", 1, flags, NULL,
				    sql_checker_doc, NULL, NULL) != SQLITE_OK)
		return db_fail(r);
	return 0;
}

/* "field-write" -> "FieldWrite": a SARIF rule name. */
static char *rule_name(const char *id)
{
	struct vl_buf b;
	bool up = true;

	vl_buf_init(&b);
	for (; *id; id++) {
		if (*id == '-' || *id == '_') {
			up = true;
			continue;
		}
		vl_buf_putc(&b, up && *id >= 'a' && *id <= 'z'
				? (char)(*id - 'a' + 'A') : *id);
		up = false;
	}
	return vl_buf_steal(&b);
}

/*
 * Append the rule for checker ID to the JSON arrays *rules and *ids
 * (malloc'ed, replaced by longer ones).
 */
static int add_rule(struct report *r, sqlite3_stmt *st, const char *id,
		    const char *description, char **rules, char **ids)
{
	char *name = rule_name(id);
	int rc;

	if (sqlite3_bind_text(st, 1, *rules, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_text(st, 2, *ids, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_text(st, 3, id, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_text(st, 4, name, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_text(st, 5, description, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_text(st, 6, rule_doc(id) ? rule_doc(id) :
			      "see docs/rules.md", -1, SQLITE_STATIC)) {
		free(name);
		return db_fail(r);
	}
	free(name);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		return db_fail(r);
	free(*rules);
	free(*ids);
	*rules = vl_xstrdup(col_text(st, 0));
	*ids = vl_xstrdup(col_text(st, 1));
	if (sqlite3_reset(st) != SQLITE_OK)
		return db_fail(r);
	return 0;
}

/*
 * The SARIF rules: the known checkers in table order, then any other
 * checker found in the database (a newer plugin), so that every result
 * has a rule.  *rules gets the rules array, *ids the array of their ids.
 */
static int sarif_rules(struct report *r, char **rules, char **ids)
{
	sqlite3_stmt *rule, *st;
	size_t i;
	int rc;

	*rules = vl_xstrdup("[]");
	*ids = vl_xstrdup("[]");
	if (prepare(r, SARIF_RULE_SQL, &rule))
		return -1;
	for (i = 0; i < vl_ncheckers; i++) {
		if (add_rule(r, rule, vl_checkers[i]->id,
			     vl_checkers[i]->summary, rules, ids))
			goto fail;
	}
	if (prepare_reported(r, "SELECT DISTINCT checker FROM reported "
			"ORDER BY checker", &st))
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = col_text(st, 0);

		if (!vl_checker_description(id) &&
		    add_rule(r, rule, id, "a vmalock checker", rules, ids)) {
			(void)sqlite3_finalize(st);
			goto fail;
		}
	}
	if (finish(r, st, rc))
		goto fail;
	if (sqlite3_finalize(rule) != SQLITE_OK)
		return db_fail(r);
	return 0;

fail:
	(void)sqlite3_finalize(rule);
	return -1;
}

/* The tool object (driver with its rules) as JSON text, malloc'ed. */
static char *sarif_tool(struct report *r, const char *rules)
{
	sqlite3_stmt *st;
	char *tool;

	if (prepare(r, SARIF_TOOL_SQL, &st))
		return NULL;
	if (sqlite3_bind_text(st, 1, VL_VERSION, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 2, rules, -1, SQLITE_STATIC) ||
	    sqlite3_step(st) != SQLITE_ROW) {
		db_fail(r);
		(void)sqlite3_finalize(st);
		return NULL;
	}
	tool = vl_xstrdup(col_text(st, 0));
	if (sqlite3_finalize(st) != SQLITE_OK) {
		free(tool);
		db_fail(r);
		return NULL;
	}
	return tool;
}

/*
 * A SARIF 2.1.0 log with one run; one result per finding.  With a link,
 * the run's property bag says that the results are whole-program ones,
 * of how many translation units, and whether the link is stale.
 */
static int report_sarif(struct report *r)
{
	char *rules = NULL, *ids = NULL, *tool = NULL;
	sqlite3_stmt *st = NULL;
	unsigned long n;
	int ret = -1;

	if (sarif_rules(r, &rules, &ids))
		goto out;
	tool = sarif_tool(r, rules);
	if (!tool)
		goto out;
	if (prepare_reported(r, SARIF_RESULTS_SQL, &st))
		goto out;
	if (sqlite3_bind_text(st, 1, ids, -1, SQLITE_STATIC) != SQLITE_OK) {
		db_fail(r);
		(void)sqlite3_finalize(st);
		goto out;
	}
	fputs("{\n"
	      "  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	      "  \"version\": \"2.1.0\",\n"
	      "  \"runs\": [\n"
	      "    {\n"
	      "      \"tool\": ", r->out);
	fputs(tool, r->out);
	fputs(",\n      \"results\": [", r->out);
	if (put_json_rows(r, st, "        ", &n))
		goto out;
	fputs(n ? "\n      ]" : "]", r->out);
	if (r->linked)
		fprintf(r->out, ",\n      \"properties\": {\n"
			"        \"analysis\": \"whole-program\",\n"
			"        \"translationUnits\": %lld,\n"
			"        \"linkStale\": %s\n"
			"      }", (long long)r->nunits,
			r->stale ? "true" : "false");
	fputs("\n    }\n  ]\n}\n", r->out);
	ret = 0;
out:
	free(rules);
	free(ids);
	free(tool);
	return ret;
}

/* ---- HTML ---- */

/*
 * Write S with & < > " ' escaped: safe in text and quoted attributes.
 * Control characters other than tab and newline, which HTML does not
 * allow, become spaces.
 */
static void put_html(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		case '\t':
		case '\n':
			putc(*s, out);
			break;
		default:
			putc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s,
			     out);
		}
	}
}

static void put_html_location(FILE *out, const char *file,
			      sqlite3_int64 line, sqlite3_int64 col)
{
	put_html(out, file);
	if (line > 0) {
		fprintf(out, ":%lld", (long long)line);
		if (col > 0)
			fprintf(out, ":%lld", (long long)col);
	}
}

static const char html_head[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"en\">\n"
	"<head>\n"
	"<meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<title>vmalock report</title>\n"
	"<style>\n"
	"body { font-family: sans-serif; margin: 1.5em auto; max-width: 70em;"
	" padding: 0 1em; color: #222; }\n"
	"code, .loc { font-family: monospace; }\n"
	"table { border-collapse: collapse; margin: 0 2em 1em 0;"
	" display: inline-table; vertical-align: top; }\n"
	"caption { text-align: left; font-weight: bold; padding: .3em 0; }\n"
	"th, td { border: 1px solid #ccc; padding: .2em .6em; text-align: left; }\n"
	"td.n { text-align: right; }\n"
	".finding { border-left: 4px solid #c60; margin: 1em 0;"
	" padding: .3em .8em; background: #fafafa; }\n"
	".finding h3 { font-size: 1em; margin: .2em 0; }\n"
	".checker { color: #c60; font-weight: normal; }\n"
	".msg { margin: .3em 0; }\n"
	".meta { color: #555; font-size: .9em; margin: .3em 0; }\n"
	".steps { margin: .3em 0; font-size: .9em; }\n"
	".stale { color: #a00; }\n"
	".suppressed { border-left-color: #999; opacity: .75; }\n"
	".triage { font-size: .9em; margin: .3em 0; color: #064; }\n"
	"pre.src { background: #f0f0f0; padding: .3em; font-size: .85em;"
	" overflow-x: auto; }\n"
	"pre.src .hit { background: #fd8; }\n"
	"#filter { width: 30em; max-width: 100%; padding: .3em; }\n"
	"</style>\n"
	"</head>\n"
	"<body>\n"
	"<h1>vmalock report</h1>\n";

static const char html_tail[] =
	"<script>\n"
	"(function () {\n"
	"\tvar input = document.getElementById('filter');\n"
	"\tvar shown = document.getElementById('shown');\n"
	"\tvar checker = document.getElementById('checker');\n"
	"\tvar supp = document.getElementById('show-suppressed');\n"
	"\tvar items = document.querySelectorAll('.finding');\n"
	"\tfunction update() {\n"
	"\t\tvar q = input.value.toLowerCase(), n = 0, i, hit;\n"
	"\t\tvar c = checker ? checker.value : '';\n"
	"\t\tfor (i = 0; i < items.length; i++) {\n"
	"\t\t\thit = (!q || items[i].textContent.toLowerCase()"
	".indexOf(q) >= 0) &&\n"
	"\t\t\t\t(!c || items[i].dataset.checker === c) &&\n"
	"\t\t\t\t(supp.checked || !items[i].classList"
	".contains('suppressed'));\n"
	"\t\t\titems[i].hidden = !hit;\n"
	"\t\t\tif (hit)\n"
	"\t\t\t\tn++;\n"
	"\t\t}\n"
	"\t\tshown.textContent = n + ' of ' + items.length + ' shown';\n"
	"\t}\n"
	"\tif (input) {\n"
	"\t\tinput.addEventListener('input', update);\n"
	"\t\tchecker.addEventListener('change', update);\n"
	"\t\tsupp.addEventListener('change', update);\n"
	"\t\tupdate();\n"
	"\t}\n"
	"})();\n"
	"</script>\n"
	"</body>\n"
	"</html>\n";

/*
 * A summary table: CAPTION, then one row per (name, count) row of SQL
 * (which reads "reported"), with the checker description as a middle
 * column if DESCRIBE.
 */
static int html_summary(struct report *r, const char *caption,
			const char *heading, const char *sql, bool describe)
{
	sqlite3_stmt *st;
	int rc;

	if (prepare_reported(r, sql, &st))
		return -1;
	fprintf(r->out, "<table>\n<caption>%s</caption>\n<thead><tr><th>%s"
		"</th>%s<th>Findings</th></tr></thead>\n<tbody>\n", caption,
		heading, describe ? "<th>Description</th>" : "");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = col_text(st, 0);

		fputs("<tr><td><code>", r->out);
		put_html(r->out, name);
		fputs("</code></td>", r->out);
		if (describe) {
			const char *d = vl_checker_description(name);

			fputs("<td>", r->out);
			put_html(r->out, d ? d : "");
			fputs("</td>", r->out);
		}
		fprintf(r->out, "<td class=\"n\">%lld</td></tr>\n",
			(long long)sqlite3_column_int64(st, 1));
	}
	fputs("</tbody>\n</table>\n", r->out);
	return finish(r, st, rc);
}

/* Lines of source shown before and after a finding's line. */
#define SOURCE_CONTEXT 3

/* The source lines around finding F, if its file can be read. */
static void html_source(struct report *r, const struct finding *f)
{
	const char *text;
	size_t len;
	long n;
	bool any = false;

	for (n = f->line - SOURCE_CONTEXT; n <= f->line + SOURCE_CONTEXT;
	     n++) {
		char *line;

		if (n < 1)
			continue;
		text = vl_source_line(r->src, f->file, n, &len);
		if (!text)
			continue;
		if (!any)
			fputs("<pre class=\"src\">", r->out);
		any = true;
		line = vl_xstrndup(text, len);
		fprintf(r->out, "<span%s>%5ld  ", n == f->line ?
			" class=\"hit\"" : "", n);
		put_html(r->out, line);
		fputs("</span>\n", r->out);
		free(line);
	}
	if (any)
		fputs("</pre>\n", r->out);
}

/* The options of the checker filter: the checkers with findings. */
static int html_checker_options(struct report *r)
{
	sqlite3_stmt *st;
	int rc;

	if (prepare_reported(r, "SELECT DISTINCT checker FROM reported "
			     "ORDER BY checker", &st))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fputs("<option>", r->out);
		put_html(r->out, col_text(st, 0));
		fputs("</option>", r->out);
	}
	return finish(r, st, rc);
}

/*
 * The history: one row per analysis run (time, tool version, spec hash,
 * units analysed, findings their units reported, findings first seen in
 * it that still exist), the trend of a database re-analysed over time.
 */
static int html_runs(struct report *r)
{
	static const char *const heads[] = {
		"Run", "Started", "Tool", "Spec", "Units", "Findings",
		"New",
	};
	sqlite3_stmt *st;
	size_t i;
	int rc, nrows = 0;

	if (prepare_reported(r, VL_RUNS_SQL, &st))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!nrows++) {
			fputs("<h2>Runs</h2>\n<table class=\"runs\">\n"
			      "<thead><tr>", r->out);
			for (i = 0; i < VL_ARRAY_SIZE(heads); i++)
				fprintf(r->out, "<th>%s</th>", heads[i]);
			fputs("</tr></thead>\n<tbody>\n", r->out);
		}
		fputs("<tr>", r->out);
		for (i = 0; i < VL_ARRAY_SIZE(heads); i++) {
			fputs(sqlite3_column_type(st, (int)i) == SQLITE_INTEGER
			      ? "<td class=\"n\">" : "<td>", r->out);
			put_html(r->out, col_text(st, (int)i));
			fputs("</td>", r->out);
		}
		fputs("</tr>\n", r->out);
	}
	if (nrows)
		fputs("</tbody>\n</table>\n", r->out);
	return finish(r, st, rc);
}

/* One finding: location, checker, message, function, key, path. */
static int html_finding(struct report *r, const struct finding *f)
{
	const char *d = vl_checker_description(f->checker);
	int rc, nsteps = 0;

	fprintf(r->out, "<section class=\"finding%s\" data-checker=\"",
		f->suppressed ? " suppressed" : "");
	put_html(r->out, f->checker);
	fputs("\">\n<h3><span class=\"loc\">", r->out);
	put_html_location(r->out, f->file, f->line, f->col);
	fputs("</span> <span class=\"checker\" title=\"", r->out);
	put_html(r->out, d ? d : "");
	fputs("\">[", r->out);
	put_html(r->out, f->checker);
	fputs("]</span></h3>\n<p class=\"msg\">", r->out);
	put_html(r->out, f->message);
	fputs("</p>\n<p class=\"meta\">", r->out);
	if (f->function) {
		fputs("in <code>", r->out);
		put_html(r->out, f->function);
		fputs("()</code> ", r->out);
	}
	if (f->key) {
		fputs("about <code>", r->out);
		put_html(r->out, f->key);
		fputs("</code> ", r->out);
	}
	fputs("fingerprint <code>", r->out);
	put_html(r->out, f->fingerprint);
	fputs("</code></p>\n", r->out);
	if (f->rule_file) {
		fputs("<p class=\"meta rule\">rule: <code>", r->out);
		put_html_location(r->out, f->rule_file, f->rule_line, 0);
		fputs("</code> <code>", r->out);
		put_html(r->out, f->rule_text);
		fputs("</code></p>\n", r->out);
	}
	if (f->rule_doc) {
		fputs("<p class=\"meta\">doc: ", r->out);
		put_html(r->out, f->rule_doc);
		fputs("</p>\n", r->out);
	}
	if (f->triage) {
		fputs("<p class=\"triage\">triage: <b>", r->out);
		put_html(r->out, f->triage);
		fputs("</b>", r->out);
		if (f->triage_author) {
			fputs(" by ", r->out);
			put_html(r->out, f->triage_author);
		}
		if (f->triage_note && *f->triage_note) {
			fputs(": ", r->out);
			put_html(r->out, f->triage_note);
		}
		fputs("</p>\n", r->out);
	}
	if (f->suppressed && strcmp(f->suppressed, "in-source") == 0) {
		fputs("<p class=\"triage\">suppressed in source: ", r->out);
		put_html(r->out, suppression_reason(f));
		fputs("</p>\n", r->out);
	}
	html_source(r, f);

	if (start_steps(r, f->id))
		return -1;
	while ((rc = sqlite3_step(r->steps)) == SQLITE_ROW) {
		if (!nsteps++)
			fputs("<ol class=\"steps\">\n", r->out);
		fputs("<li><span class=\"loc\">", r->out);
		put_html_location(r->out, col_text(r->steps, 0),
				  sqlite3_column_int64(r->steps, 1),
				  sqlite3_column_int64(r->steps, 2));
		fputs("</span>: ", r->out);
		put_html(r->out, col_text(r->steps, 3));
		fputs("</li>\n", r->out);
	}
	if (nsteps)
		fputs("</ol>\n", r->out);
	fputs("</section>\n", r->out);
	return end_steps(r, rc);
}

/*
 * One self-contained page: summary tables by checker and by file, then
 * every finding with its path.  No external resource; all text escaped.
 */
static int report_html(struct report *r)
{
	sqlite3_int64 nfindings, nsuppressed, nunits = r->nunits;
	struct finding f;
	sqlite3_stmt *st;
	int rc;

	if (query_count(r, "SELECT count(*) FROM reported WHERE "
			"suppressed IS NULL", &nfindings) ||
	    query_count(r, "SELECT count(*) FROM reported WHERE "
			"suppressed IS NOT NULL", &nsuppressed))
		return -1;
	fputs(html_head, r->out);
	fputs("<p class=\"meta\">Database <code>", r->out);
	put_html(r->out, r->db_path);
	if (r->linked)
		fprintf(r->out, "</code>: whole-program analysis of %lld "
			"translation unit%s: %lld finding%s. ",
			(long long)nunits, nunits == 1 ? "" : "s",
			(long long)nfindings, nfindings == 1 ? "" : "s");
	else
		fprintf(r->out, "</code>: %lld finding%s in %lld "
			"translation unit%s. ", (long long)nfindings,
			nfindings == 1 ? "" : "s", (long long)nunits,
			nunits == 1 ? "" : "s");
	if (nsuppressed)
		fprintf(r->out, "%lld suppressed finding%s (in source or "
			"by triage) not counted. ", (long long)nsuppressed,
			nsuppressed == 1 ? "" : "s");
	if (r->baseline) {
		fputs("Only findings not in the baseline <code>", r->out);
		put_html(r->out, r->baseline);
		fputs("</code>. ", r->out);
	}
	fprintf(r->out, "Generated by vmalock %s.</p>\n", VL_VERSION);
	if (r->stale) {
		fputs("<p class=\"stale\">", r->out);
		put_html(r->out, "note: " STALE_NOTE);
		fputs("</p>\n", r->out);
	}

	if (nfindings) {
		fputs("<h2>Summary</h2>\n", r->out);
		if (html_summary(r, "By checker", "Checker",
				 "SELECT checker, count(*) FROM reported "
				 "WHERE suppressed IS NULL "
				 "GROUP BY checker ORDER BY checker", true) ||
		    html_summary(r, "By file", "File",
				 "SELECT file, count(*) FROM reported "
				 "WHERE suppressed IS NULL "
				 "GROUP BY file ORDER BY count(*) DESC, file",
				 false) ||
		    html_summary(r, "By function", "Function",
				 "SELECT coalesce(function, '?'), count(*) "
				 "FROM reported WHERE suppressed IS NULL "
				 "GROUP BY 1 ORDER BY count(*) DESC, 1",
				 false))
			return -1;
	}

	fputs("<h2>Findings</h2>\n", r->out);
	if (!nfindings && !nsuppressed) {
		fputs("<p>No findings.</p>\n", r->out);
	} else {
		fputs("<p><input id=\"filter\" type=\"search\" "
		      "placeholder=\"Filter: file, function, checker, text\" "
		      "aria-label=\"Filter findings\"> "
		      "<select id=\"checker\" aria-label=\"Checker\">"
		      "<option value=\"\">all checkers</option>", r->out);
		if (html_checker_options(r))
			return -1;
		fputs("</select> <label><input id=\"show-suppressed\" "
		      "type=\"checkbox\"> show suppressed</label> "
		      "<span id=\"shown\" class=\"meta\"></span></p>\n",
		      r->out);
	}
	if (prepare_reported(r, FINDINGS_SQL, &st))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_finding(st, &f);
		if (html_finding(r, &f)) {
			(void)sqlite3_finalize(st);
			return -1;
		}
	}
	if (finish(r, st, rc))
		return -1;
	if (html_runs(r))
		return -1;
	fputs(html_tail, r->out);
	return 0;
}

/* ---- the command ---- */

/*
 * Check that the baseline PATH is a vmalock database this version reads
 * (before anything is linked).  0 or -1 (reported).
 */
static int check_baseline(const char *path)
{
	struct vl_store *b;
	char *err = NULL;

	if (vl_store_open_readonly(path, &b, &err)) {
		fprintf(stderr, "vmalock: baseline: %s\n", err ? err : path);
		free(err);
		return -1;
	}
	vl_store_close(b);
	return 0;
}

/* Attach the baseline database PATH as schema "base".  0 or -1. */
static int attach_baseline(struct report *r, const char *path)
{
	sqlite3_stmt *st;

	if (prepare(r, "ATTACH DATABASE ?1 AS base", &st))
		return -1;
	if (sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC) != SQLITE_OK) {
		(void)sqlite3_finalize(st);
		return db_fail(r);
	}
	r->scope.baseline = "base";
	return finish(r, st, sqlite3_step(st));
}

static void report_usage(FILE *out)
{
	fputs("usage: vmalock report [--format text|json|sarif|html] "
	      "[-o FILE] DB\n"
	      "\n"
	      "Print the findings stored in the database DB, ordered by file,\n"
	      "line, column and checker.  When units were stored with their\n"
	      "lowered form since the last \"vmalock link\" (or never linked),\n"
	      "the link runs first; the whole-program findings are then\n"
	      "printed.\n"
	      "\n"
	      "options:\n"
	      "  -f, --format FORMAT  text: compiler-style warnings, each "
	      "followed by\n"
	      "                         its path as notes (the default)\n"
	      "                       json: an array of findings\n"
	      "                       sarif: a SARIF 2.1.0 log\n"
	      "                       html: one self-contained page\n"
	      "  -o, --output FILE    write to FILE instead of standard "
	      "output\n"
	      "      --no-link        report what is stored, without linking\n"
	      "      --baseline OLD   only the findings whose fingerprint the\n"
	      "                       database OLD does not have (new ones)\n"
	      "      --show-suppressed  text, JSON: also the findings suppressed\n"
	      "                       in source or by triage (SARIF and HTML\n"
	      "                       always have them, marked)\n"
	      "      --root DIR       where the source files are, for source\n"
	      "                       lines and suppression comments (default:\n"
	      "                       the current directory)\n"
	      "  -h, --help           show this help\n"
	      "\n"
	      "Exit status: 0 when the report was written, whatever it "
	      "contains;\n"
	      "1 on a database or output error; 2 on a usage error.\n", out);
}

static int usage_error(const char *fmt, const char *arg)
{
	return vl_usage_error("report", fmt, arg);
}

static int parse_format(const char *s, enum format *fmt)
{
	size_t i;

	for (i = 0; i < VL_ARRAY_SIZE(format_names); i++) {
		if (strcmp(s, format_names[i]) == 0) {
			*fmt = (enum format)i;
			return 0;
		}
	}
	return -1;
}

/*
 * The value of option ARGV[*I] named NAME: the text after "NAME=" or
 * after a short option's letter, else the next argument.  NULL if none.
 */
const char *vl_option_value(int argc, char **argv, int *i, const char *name)
{
	const char *arg = argv[*i];
	size_t n = strlen(name);

	if (arg[n] == '=' && arg[1] == '-')
		return arg + n + 1;
	if (arg[n] != '\0' && arg[1] != '-')
		return arg + n;
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

int vl_usage_error(const char *command, const char *fmt, const char *arg)
{
	fprintf(stderr, "vmalock %s: ", command);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(try 'vmalock %s --help')\n", command);
	return VL_EXIT_USAGE;
}

/* Does ARG name option LONG ("--format", "--format=x") or SHORT ("-f")? */
bool vl_is_option(const char *arg, const char *lng, const char *shrt)
{
	size_t n = strlen(lng);

	if (strncmp(arg, lng, n) == 0 && (arg[n] == '\0' || arg[n] == '='))
		return true;
	return shrt && strncmp(arg, shrt, 2) == 0;
}

int vl_cmd_report(int argc, char **argv)
{
	enum format fmt = FMT_TEXT;
	const char *output = NULL, *db_path = NULL, *baseline = NULL;
	const char *root = ".";
	bool show_suppressed = false;
	struct vl_store *store = NULL;
	struct report r;
	struct stat sb;
	bool options = true, regular = false, link = true, unused;
	char *err = NULL;
	int i, ret;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *v;

		if (options && strcmp(arg, "--") == 0) {
			options = false;
		} else if (options && (strcmp(arg, "--help") == 0 ||
				       strcmp(arg, "-h") == 0)) {
			report_usage(stdout);
			return VL_EXIT_OK;
		} else if (options && strcmp(arg, "--no-link") == 0) {
			link = false;
		} else if (options && strcmp(arg, "--show-suppressed") == 0) {
			show_suppressed = true;
		} else if (options && vl_is_option(arg, "--baseline", NULL)) {
			v = vl_option_value(argc, argv, &i, "--baseline");
			if (!v || !*v)
				return usage_error("%s needs a database", arg);
			baseline = v;
		} else if (options && vl_is_option(arg, "--root", NULL)) {
			v = vl_option_value(argc, argv, &i, "--root");
			if (!v || !*v)
				return usage_error("%s needs a directory", arg);
			root = v;
		} else if (options && vl_is_option(arg, "--format", "-f")) {
			v = vl_option_value(argc, argv, &i,
					 arg[1] == '-' ? "--format" : "-f");
			if (!v)
				return usage_error("%s needs a format", arg);
			if (parse_format(v, &fmt))
				return usage_error("unknown format '%s'", v);
		} else if (options && vl_is_option(arg, "--output", "-o")) {
			v = vl_option_value(argc, argv, &i,
					 arg[1] == '-' ? "--output" : "-o");
			if (!v || !*v)
				return usage_error("%s needs a file name",
						   arg);
			output = v;
		} else if (options && arg[0] == '-' && arg[1] != '\0') {
			return usage_error("unknown option '%s'", arg);
		} else if (db_path) {
			return usage_error("unexpected argument '%s'", arg);
		} else {
			db_path = arg;
		}
	}
	if (!db_path)
		return usage_error("%s", "no database given");
	if (baseline && check_baseline(baseline))
		return VL_EXIT_ERROR;

	if (vl_store_open_readonly(db_path, &store, &err)) {
		fprintf(stderr, "vmalock: %s\n", err ? err : db_path);
		free(err);
		return VL_EXIT_ERROR;
	}
	if (link) {
		/* Units with IR not linked yet: the whole-program analysis
		 * first (vmalock link), so that the report shows it. */
		bool has_ir = false, linked = false, stale = false;

		if (!vl_store_link_state(store, &has_ir, &linked, &stale,
					 &err) &&
		    has_ir && (!linked || stale)) {
			vl_store_close(store);
			store = NULL;
			if (vl_link_database(db_path, NULL, true, &err)) {
				fprintf(stderr,
					"vmalock: note: could not link (%s); "
					"the report shows what is stored\n",
					err ? err : "unknown error");
				free(err);
				err = NULL;
			}
			if (vl_store_open_readonly(db_path, &store, &err)) {
				fprintf(stderr, "vmalock: %s\n",
					err ? err : db_path);
				free(err);
				return VL_EXIT_ERROR;
			}
		}
		free(err);
		err = NULL;
	}
	memset(&r, 0, sizeof(r));
	r.db = vl_store_db(store);
	r.db_path = db_path;
	r.out = stdout;
	r.baseline = baseline;
	r.scope.schema = "main";
	r.scope.prefix = "";
	r.scope.all = show_suppressed || fmt == FMT_SARIF || fmt == FMT_HTML;
	if (baseline && attach_baseline(&r, baseline)) {
		vl_store_close(store);
		return VL_EXIT_ERROR;
	}
	r.src = vl_sources_new(root);
	if (vl_sources_register(r.src, r.db) || register_functions(&r)) {
		db_fail(&r);
		vl_sources_free(r.src);
		vl_store_close(store);
		return VL_EXIT_ERROR;
	}
	if (output && same_file(output, db_path)) {
		fprintf(stderr,
			"vmalock: %s: that is the database being reported; "
			"not overwriting it\n", output);
		vl_store_close(store);
		return VL_EXIT_ERROR;
	}
	if (output) {
		r.out = fopen(output, "w");
		if (!r.out) {
			fprintf(stderr, "vmalock: %s: %s\n", output,
				strerror(errno));
			vl_store_close(store);
			return VL_EXIT_ERROR;
		}
		regular = fstat(fileno(r.out), &sb) == 0 &&
			  S_ISREG(sb.st_mode);
	}

	/* One read transaction: one consistent snapshot for the report. */
	ret = -1;
	if (sqlite3_exec(r.db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(&r);
	} else if (vl_store_link_state(store, NULL, &r.linked, &r.stale,
				       &err)) {
		fprintf(stderr, "vmalock: %s\n", err ? err : db_path);
		free(err);
	} else if (vl_schema_state(r.db, "main", &r.scope.linked,
				   &r.scope.has_triage, &r.scope.has_rule) ||
		   (baseline && vl_schema_state(r.db, "base",
						&r.scope.baseline_linked,
						&unused, &unused))) {
		db_fail(&r);
	} else if (query_count(&r, "SELECT count(*) FROM units WHERE path "
			       "<> " LINK_SQL, &r.nunits) == 0 &&
		   prepare(&r, STEPS_SQL, &r.steps) == 0) {
		switch (fmt) {
		case FMT_TEXT:
			ret = report_text(&r);
			break;
		case FMT_JSON:
			ret = report_json(&r);
			break;
		case FMT_SARIF:
			ret = report_sarif(&r);
			break;
		case FMT_HTML:
			ret = report_html(&r);
			break;
		}
	}
	if (r.steps && sqlite3_finalize(r.steps) != SQLITE_OK && !ret)
		ret = db_fail(&r);
	/* Ends the read transaction; nothing was written. */
	if (!sqlite3_get_autocommit(r.db) &&
	    sqlite3_exec(r.db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK &&
	    !ret)
		ret = db_fail(&r);
	vl_store_close(store);
	vl_sources_free(r.src);

	if (fflush(r.out) != 0 || ferror(r.out)) {
		fprintf(stderr, "vmalock: %s: %s\n",
			output ? output : "standard output", strerror(errno));
		ret = -1;
	}
	if (output) {
		if (fclose(r.out) != 0 && !ret) {
			fprintf(stderr, "vmalock: %s: %s\n", output,
				strerror(errno));
			ret = -1;
		}
		/* No half-written report (but never remove a device). */
		if (ret && regular)
			remove(output);
	}
	return ret ? VL_EXIT_ERROR : VL_EXIT_OK;
}
