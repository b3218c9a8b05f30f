/*
 * vmalock triage: review decisions on findings, kept in the database's
 * triage table by fingerprint (so they survive re-analysis and line
 * shifts), and exported to or imported from a small text file that can
 * live in a kernel tree:
 *
 *	# vmalock triage 1
 *	FINGERPRINT<TAB>STATUS<TAB>AUTHOR<TAB>NOTE
 *
 * STATUS is confirmed, false-positive or intentional; in AUTHOR and NOTE
 * a backslash, a tab and a newline are written \\, \t and \n.  Lines
 * that are empty or start with '#' are ignored.  An import with any bad
 * line reports every bad line as FILE:LINE: and changes nothing.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli.h"
#include "core/util.h"
#include "store/store.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FILE_HEADER "# vmalock triage 1\n"

#define UPSERT_SQL \
	"INSERT INTO triage (fingerprint, status, author, note, updated_at) " \
	"VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) " \
	"ON CONFLICT (fingerprint) DO UPDATE SET status = excluded.status, " \
	"author = excluded.author, note = excluded.note, " \
	"updated_at = excluded.updated_at"

static const char *const statuses[] = {
	"confirmed", "false-positive", "intentional",
};

static bool valid_status(const char *s)
{
	size_t i;

	for (i = 0; i < VL_ARRAY_SIZE(statuses); i++) {
		if (strcmp(s, statuses[i]) == 0)
			return true;
	}
	return false;
}

/* 16 lower-case hex digits, as the plugin writes them. */
static bool valid_fingerprint(const char *s)
{
	size_t n;

	for (n = 0; s[n]; n++) {
		if (!((s[n] >= '0' && s[n] <= '9') ||
		      (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	}
	return n == 16;
}

static void triage_usage(FILE *out)
{
	fputs("usage: vmalock triage set DB FINGERPRINT STATUS "
	      "[--note TEXT] [--author NAME]\n"
	      "       vmalock triage clear DB FINGERPRINT\n"
	      "       vmalock triage list DB\n"
	      "       vmalock triage export DB [-o FILE]\n"
	      "       vmalock triage import DB FILE\n"
	      "\n"
	      "Review decisions on findings, by fingerprint: STATUS is\n"
	      "confirmed, false-positive or intentional.  Reports leave out\n"
	      "(or mark) the findings marked false-positive or intentional,\n"
	      "and vmalock diff does not count them as new.  Decisions stay\n"
	      "in the database when units are analysed again.  export and\n"
	      "import write and read a text file (docs/reports.md); an import\n"
	      "with a bad line changes nothing.\n"
	      "\n"
	      "The author is --author, else $VMALOCK_AUTHOR, else $USER.\n"
	      "\n"
	      "Exit status: 0 done; 1 database or file error; 2 usage error.\n",
	      out);
}

static int usage_error(const char *fmt, const char *arg)
{
	return vl_usage_error("triage", fmt, arg);
}

static int open_db(const char *path, bool write, struct vl_store **s)
{
	char *err = NULL;
	int rc = write ? vl_store_open(path, s, &err)
		       : vl_store_open_readonly(path, s, &err);

	if (rc) {
		fprintf(stderr, "vmalock: %s\n", err ? err : path);
		free(err);
		return -1;
	}
	return 0;
}

static int db_fail(struct vl_store *s)
{
	fprintf(stderr, "vmalock: %s: %s\n", vl_store_path(s),
		sqlite3_errmsg(vl_store_db(s)));
	return -1;
}

/* Store one decision with ST (UPSERT_SQL); 0 or -1 (not reported). */
static int put_decision(sqlite3_stmt *st, const char *fp, const char *status,
			const char *author, const char *note)
{
	if (sqlite3_reset(st) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, fp, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_text(st, 2, status, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_text(st, 3, author, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_text(st, 4, note, -1, SQLITE_TRANSIENT) ||
	    sqlite3_step(st) != SQLITE_DONE)
		return -1;
	return 0;
}

static const char *default_author(void)
{
	const char *a = getenv("VMALOCK_AUTHOR");

	if (!a || !*a)
		a = getenv("USER");
	return a && *a ? a : "unknown";
}

/* Run one constant statement; -1 (reported) on failure. */
static int exec(struct vl_store *s, const char *sql)
{
	if (sqlite3_exec(vl_store_db(s), sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(s);
	return 0;
}

static int cmd_set(int argc, char **argv)
{
	const char *db, *fp, *status, *note = "", *author = NULL;
	const char *pos[3];
	struct vl_store *s;
	sqlite3_stmt *st = NULL, *q = NULL;
	int i, npos = 0, ret = VL_EXIT_ERROR;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *v;

		if (vl_is_option(arg, "--note", NULL)) {
			v = vl_option_value(argc, argv, &i, "--note");
			if (!v)
				return usage_error("%s needs a text", arg);
			note = v;
		} else if (vl_is_option(arg, "--author", NULL)) {
			v = vl_option_value(argc, argv, &i, "--author");
			if (!v || !*v)
				return usage_error("%s needs a name", arg);
			author = v;
		} else if (arg[0] == '-' && arg[1] != '\0') {
			return usage_error("unknown option '%s'", arg);
		} else if (npos == 3) {
			return usage_error("unexpected argument '%s'", arg);
		} else {
			pos[npos++] = arg;
		}
	}
	if (npos != 3)
		return usage_error("%s", "set needs DB FINGERPRINT STATUS");
	db = pos[0];
	fp = pos[1];
	status = pos[2];
	if (!valid_fingerprint(fp))
		return usage_error("'%s' is not a fingerprint (16 hex digits)",
				   fp);
	if (!valid_status(status))
		return usage_error("unknown status '%s' (confirmed, "
				   "false-positive, intentional)", status);
	if (open_db(db, true, &s))
		return VL_EXIT_ERROR;
	if (exec(s, "BEGIN IMMEDIATE"))
		goto out;
	if (sqlite3_prepare_v2(vl_store_db(s), "SELECT 1 FROM findings WHERE "
			       "fingerprint = ?1", -1, &q, NULL) ||
	    sqlite3_bind_text(q, 1, fp, -1, SQLITE_STATIC)) {
		db_fail(s);
		goto out;
	}
	if (sqlite3_step(q) != SQLITE_ROW) {
		fprintf(stderr, "vmalock: %s: no finding with fingerprint %s\n",
			db, fp);
		goto out;
	}
	if (sqlite3_prepare_v2(vl_store_db(s), UPSERT_SQL, -1, &st, NULL) ||
	    put_decision(st, fp, status, author ? author : default_author(),
			 note) ||
	    exec(s, "COMMIT")) {
		db_fail(s);
		goto out;
	}
	ret = VL_EXIT_OK;
out:
	(void)sqlite3_finalize(q);
	(void)sqlite3_finalize(st);
	vl_store_close(s);	/* rolls back what was not committed */
	return ret;
}

static int cmd_clear(int argc, char **argv)
{
	struct vl_store *s;
	sqlite3_stmt *st;
	int ret = VL_EXIT_ERROR;

	if (argc != 3)
		return usage_error("%s", "clear needs DB FINGERPRINT");
	if (!valid_fingerprint(argv[2]))
		return usage_error("'%s' is not a fingerprint (16 hex digits)",
				   argv[2]);
	if (open_db(argv[1], true, &s))
		return VL_EXIT_ERROR;
	if (sqlite3_prepare_v2(vl_store_db(s), "DELETE FROM triage WHERE "
			       "fingerprint = ?1", -1, &st, NULL)) {
		db_fail(s);
		vl_store_close(s);
		return VL_EXIT_ERROR;
	}
	if (sqlite3_bind_text(st, 1, argv[2], -1, SQLITE_STATIC) ||
	    sqlite3_step(st) != SQLITE_DONE)
		db_fail(s);
	else if (sqlite3_changes(vl_store_db(s)) == 0)
		fprintf(stderr, "vmalock: %s: no decision for %s\n", argv[1],
			argv[2]);
	else
		ret = VL_EXIT_OK;
	(void)sqlite3_finalize(st);
	vl_store_close(s);
	return ret;
}

/* Write S with backslash, tab and newline escaped. */
static void put_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", out);
		else if (*s == '\t')
			fputs("\\t", out);
		else if (*s == '\n')
			fputs("\\n", out);
		else if (*s == '\r')
			fputs("\\r", out);
		else
			putc(*s, out);
	}
}

/*
 * list: one line per decision with where its finding is now (or
 * "(no finding)"); export: the file format.
 */
static int cmd_list(int argc, char **argv, bool export)
{
	const char *output = NULL;
	struct vl_store *s;
	sqlite3_stmt *st = NULL;
	FILE *out = stdout;
	bool has_triage = false, linked, has_rule;
	int i, rc, ret = VL_EXIT_ERROR;
	const char *db = NULL;

	for (i = 1; i < argc; i++) {
		if (export && vl_is_option(argv[i], "--output", "-o")) {
			output = vl_option_value(argc, argv, &i,
						 argv[i][1] == '-' ?
						 "--output" : "-o");
			if (!output || !*output)
				return usage_error("%s needs a file name",
						   argv[i]);
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			return usage_error("unknown option '%s'", argv[i]);
		} else if (db) {
			return usage_error("unexpected argument '%s'", argv[i]);
		} else {
			db = argv[i];
		}
	}
	if (!db)
		return usage_error("%s", "no database given");
	if (open_db(db, false, &s))
		return VL_EXIT_ERROR;
	if (vl_schema_state(vl_store_db(s), "main", &linked, &has_triage,
			    &has_rule)) {
		db_fail(s);
		goto out;
	}
	if (output) {
		out = fopen(output, "w");
		if (!out) {
			fprintf(stderr, "vmalock: %s: %s\n", output,
				strerror(errno));
			out = stdout;
			goto out;
		}
	}
	if (export)
		fputs(FILE_HEADER "# fingerprint\tstatus\tauthor\tnote\n", out);
	if (!has_triage) {	/* an older database: no decisions */
		ret = VL_EXIT_OK;
		goto out;
	}
	if (sqlite3_prepare_v2(vl_store_db(s),
			       "SELECT t.fingerprint, t.status, "
			       "coalesce(t.author, ''), coalesce(t.note, ''), "
			       "t.updated_at, (SELECT f.file || ':' || f.line "
			       "FROM findings f WHERE f.fingerprint = "
			       "t.fingerprint) FROM triage t "
			       "ORDER BY t.fingerprint", -1, &st, NULL)) {
		db_fail(s);
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *c[6];

		for (i = 0; i < 6; i++) {
			c[i] = (const char *)sqlite3_column_text(st, i);
			if (!c[i])
				c[i] = "";
		}
		if (export) {
			fprintf(out, "%s\t%s\t", c[0], c[1]);
			put_escaped(out, c[2]);
			putc('\t', out);
			put_escaped(out, c[3]);
			putc('\n', out);
		} else {
			fprintf(out, "%s %s ", c[0], c[1]);
			vl_put_plain(out, *c[5] ? c[5] : "(no finding)");
			fputs(" by ", out);
			vl_put_plain(out, c[2]);
			fprintf(out, " at %s", c[4]);
			if (*c[3]) {
				fputs(": ", out);
				vl_put_plain(out, c[3]);
			}
			putc('\n', out);
		}
	}
	if (rc != SQLITE_DONE) {
		db_fail(s);
		goto out;
	}
	ret = VL_EXIT_OK;
out:
	(void)sqlite3_finalize(st);
	vl_store_close(s);
	if (out != stdout && fclose(out) != 0 && ret == VL_EXIT_OK) {
		fprintf(stderr, "vmalock: %s: %s\n", output, strerror(errno));
		ret = VL_EXIT_ERROR;
	}
	return ret;
}

/* Undo put_escaped() in place; false on a bad escape. */
static bool unescape(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (*s != '\\') {
			*w++ = *s;
			continue;
		}
		switch (*++s) {
		case '\\':
			*w++ = '\\';
			break;
		case 't':
			*w++ = '\t';
			break;
		case 'n':
			*w++ = '\n';
			break;
		case 'r':
			*w++ = '\r';
			break;
		default:
			return false;
		}
	}
	*w = '\0';
	return true;
}

/*
 * Parse one line of a triage file into its four fields (in place).
 * NULL on success, else what is wrong.
 */
static const char *parse_line(char *line, char *field[4])
{
	int n = 0;
	char *p = line;

	for (;;) {
		field[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p++ = '\0';
		if (n == 4)
			return "more than four tab-separated fields";
	}
	if (n != 4)
		return "expected four tab-separated fields: fingerprint, "
		       "status, author, note";
	if (!valid_fingerprint(field[0]))
		return "bad fingerprint (16 lower-case hex digits)";
	if (!valid_status(field[1]))
		return "bad status (confirmed, false-positive, intentional)";
	if (!unescape(field[2]) || !unescape(field[3]))
		return "bad escape (\\\\, \\t, \\n, \\r)";
	return NULL;
}

static int cmd_import(int argc, char **argv)
{
	const char *path;
	struct vl_store *s;
	sqlite3_stmt *st = NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0, nbad = 0, n = 0;
	int ret = VL_EXIT_ERROR;
	FILE *in;

	if (argc != 3)
		return usage_error("%s", "import needs DB FILE");
	path = argv[2];
	in = fopen(path, "r");
	if (!in) {
		fprintf(stderr, "vmalock: %s: %s\n", path, strerror(errno));
		return VL_EXIT_ERROR;
	}
	if (open_db(argv[1], true, &s)) {
		fclose(in);
		return VL_EXIT_ERROR;
	}
	if (exec(s, "BEGIN IMMEDIATE"))
		goto out;
	if (sqlite3_prepare_v2(vl_store_db(s), UPSERT_SQL, -1, &st, NULL)) {
		db_fail(s);
		goto out;
	}
	while ((len = getline(&line, &cap, in)) >= 0) {
		char *field[4];
		const char *why;

		lineno++;
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (!len || line[0] == '#')
			continue;
		if (strlen(line) != (size_t)len) {
			why = "NUL byte in the line";
		} else {
			why = parse_line(line, field);
		}
		if (why) {
			fprintf(stderr, "%s:%ld: %s\n", path, lineno, why);
			nbad++;
			continue;
		}
		if (!nbad && put_decision(st, field[0], field[1], field[2],
					  field[3])) {
			db_fail(s);
			goto out;
		}
		n++;
	}
	if (ferror(in)) {
		fprintf(stderr, "vmalock: %s: read error\n", path);
		goto out;
	}
	if (nbad) {
		fprintf(stderr, "vmalock: %s: %ld bad line%s; nothing "
			"imported\n", path, nbad, nbad == 1 ? "" : "s");
		goto out;
	}
	if (exec(s, "COMMIT"))
		goto out;
	fprintf(stderr, "vmalock: %s: %ld decision%s imported\n", argv[1], n,
		n == 1 ? "" : "s");
	ret = VL_EXIT_OK;
out:
	free(line);
	fclose(in);
	(void)sqlite3_finalize(st);
	vl_store_close(s);	/* rolls back an import that failed */
	return ret;
}

int vl_cmd_triage(int argc, char **argv)
{
	const char *sub;

	if (argc < 2)
		return usage_error("%s", "needs a subcommand");
	sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		triage_usage(stdout);
		return VL_EXIT_OK;
	}
	if (strcmp(sub, "set") == 0)
		return cmd_set(argc - 1, argv + 1);
	if (strcmp(sub, "clear") == 0)
		return cmd_clear(argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return cmd_list(argc - 1, argv + 1, false);
	if (strcmp(sub, "export") == 0)
		return cmd_list(argc - 1, argv + 1, true);
	if (strcmp(sub, "import") == 0)
		return cmd_import(argc - 1, argv + 1);
	return usage_error("unknown subcommand '%s'", sub);
}
