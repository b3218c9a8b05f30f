/*
 * Unit tests of the findings store (store/store.c): schema creation,
 * replacement on re-analysis, header dedup, run grouping, error paths,
 * parallel writers in separate processes, the IR of units, the link
 * pseudo-unit and the upgrade of version-1 databases.  Runs in the build
 * directory and creates its databases there.
 */
#define _POSIX_C_SOURCE 200809L

#include "store/store.h"
#include "vl_test.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Delete a database and its WAL files from an earlier run. */
static void remove_db(const char *path)
{
	char buf[512];

	unlink(path);
	snprintf(buf, sizeof(buf), "%s-wal", path);
	unlink(buf);
	snprintf(buf, sizeof(buf), "%s-shm", path);
	unlink(buf);
}

/* Open PATH for writing, failing the test (and returning NULL) if not. */
static struct vl_store *open_rw(const char *path)
{
	struct vl_store *s = NULL;
	char *err = NULL;

	if (vl_store_open(path, &s, &err)) {
		fprintf(stderr, "open %s: %s\n", path, err ? err : "?");
		free(err);
		CHECK(!"open failed");
		return NULL;
	}
	return s;
}

/* Put a unit, failing the test if that fails. */
static void put(struct vl_store *s, const struct vl_store_unit *u,
		const struct vl_store_function *fn, uint32_t nfn,
		const struct vl_store_finding *f, uint32_t nf)
{
	char *err = NULL;
	int rc = vl_store_put_unit(s, u, fn, nfn, f, nf, &err);

	if (rc)
		fprintf(stderr, "put %s: %s\n", u->path, err ? err : "?");
	CHECK(rc == 0);
	free(err);
}

/*
 * The integer in the first column of the first row of SQL, with ARG (if
 * not NULL) bound to ?1; -1 when there is no row or on error.
 */
static long long q_int(struct vl_store *s, const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(vl_store_db(s), sql, -1, &st, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql,
			sqlite3_errmsg(vl_store_db(s)));
		return -1;
	}
	if (arg && sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC))
		v = -2;
	else if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Like q_int for a text column; malloc'ed, NULL if none. */
static char *q_text(struct vl_store *s, const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	char *v = NULL;

	if (sqlite3_prepare_v2(vl_store_db(s), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		return NULL;
	if ((!arg || !sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC)) &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static int exec(struct vl_store *s, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(vl_store_db(s), sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK)
		fprintf(stderr, "%s: %s\n", sql, msg ? msg : "?");
	sqlite3_free(msg);
	return rc;
}

static bool contains(const char *s, const char *sub)
{
	return s && strstr(s, sub);
}

static const struct vl_store_unit base_unit = {
	.path = "mm/mmap.c",
	.compiler = "clang 19.1.7",
	.tool_version = "0.1.0",
	.spec_name = "bundled:linux-6.12",
	.spec_hash = "0123456789abcdef",
	.duration_ms = 42,
};

static const struct vl_store_function two_funcs[] = {
	{ "do_mmap", "mm/mmap.c", 100, false, true },
	{ "vma_helper", "mm/mmap.c", 50, true, false },
};

static const struct vl_store_step steps_a[] = {
	{ "mm/mmap.c", 110, 2, "mmap lock taken here" },
	{ "mm/mmap.c", 120, 9, "vm_flags written here" },
};

static struct vl_store_finding finding(const char *fp, const char *file,
				       uint32_t line, const char *msg)
{
	struct vl_store_finding f = {
		.fingerprint = fp,
		.checker = "field-write",
		.file = file,
		.line = line,
		.col = 5,
		.function = "do_mmap",
		.key = "vm_area_struct.vm_flags",
		.message = msg,
	};
	return f;
}

static void test_open_create(void)
{
	const char *path = "test_store_open.db";
	struct vl_store *s;
	char *err = NULL, *t;

	remove_db(path);
	s = open_rw(path);
	if (!s)
		return;
	CHECK(q_int(s, "PRAGMA user_version", NULL) ==
	      VL_STORE_SCHEMA_VERSION);
	t = q_text(s, "PRAGMA journal_mode", NULL);
	CHECK_STR(t, "wal");
	free(t);
	CHECK(q_int(s, "PRAGMA foreign_keys", NULL) == 1);
	t = q_text(s, "SELECT value FROM meta WHERE key = 'schema_version'",
		   NULL);
	CHECK_STR(t, "4");
	free(t);
	CHECK_STR(vl_store_path(s), path);
	vl_store_close(s);

	/* Opening again does not recreate anything. */
	s = open_rw(path);
	if (s) {
		CHECK(q_int(s, "SELECT count(*) FROM meta", NULL) == 3);
		vl_store_close(s);
	}
	CHECK(vl_store_open_readonly(path, &s, &err) == 0);
	CHECK(err == NULL);
	if (s) {
		CHECK(q_int(s, "SELECT count(*) FROM units", NULL) == 0);
		/* A read-only store refuses to write. */
		CHECK(vl_store_put_unit(s, &base_unit, NULL, 0, NULL, 0,
					&err) == -1);
		CHECK(contains(err, "read-only"));
		free(err);
		err = NULL;
		vl_store_close(s);
	}
	vl_store_close(NULL);
}

static void test_replace(void)
{
	const char *path = "test_store_replace.db";
	struct vl_store_finding f[2];
	struct vl_store *s;
	char *t;

	remove_db(path);
	s = open_rw(path);
	if (!s)
		return;
	f[0] = finding("aaaaaaaaaaaaaaaa", "mm/mmap.c", 120, "first");
	f[0].steps = steps_a;
	f[0].nsteps = 2;
	f[1] = finding("bbbbbbbbbbbbbbbb", "mm/mmap.c", 200, "second");
	put(s, &base_unit, two_funcs, 2, f, 2);

	CHECK(q_int(s, "SELECT count(*) FROM findings", NULL) == 2);
	CHECK(q_int(s, "SELECT count(*) FROM finding_units", NULL) == 2);
	CHECK(q_int(s, "SELECT count(*) FROM path_steps", NULL) == 2);
	CHECK(q_int(s, "SELECT count(*) FROM functions", NULL) == 2);
	CHECK(q_int(s, "SELECT nfindings FROM units", NULL) == 2);
	CHECK(q_int(s, "SELECT nfunctions FROM units", NULL) == 2);
	CHECK(q_int(s, "SELECT duration_ms FROM units", NULL) == 42);
	CHECK(q_int(s, "SELECT is_static FROM functions "
		       "WHERE name = 'vma_helper'", NULL) == 1);
	CHECK(q_int(s, "SELECT analysed FROM functions "
		       "WHERE name = 'vma_helper'", NULL) == 0);
	t = q_text(s, "SELECT message FROM path_steps WHERE seq = 1", NULL);
	CHECK_STR(t, "vm_flags written here");
	free(t);
	t = q_text(s, "SELECT key FROM findings WHERE fingerprint = ?1",
		   "aaaaaaaaaaaaaaaa");
	CHECK_STR(t, "vm_area_struct.vm_flags");
	free(t);
	CHECK(q_int(s, "SELECT \"column\" FROM findings WHERE line = 120",
		    NULL) == 5);

	/* Pretend the first analysis was long ago. */
	CHECK(exec(s, "UPDATE findings SET first_seen = "
		      "'2000-01-01T00:00:00Z', last_seen = "
		      "'2000-01-01T00:00:00Z'") == SQLITE_OK);

	/* Re-analysis with one finding left, changed, with one step. */
	f[0].message = "first, again";
	f[0].nsteps = 1;
	put(s, &base_unit, two_funcs, 1, f, 1);
	CHECK(q_int(s, "SELECT count(*) FROM findings", NULL) == 1);
	CHECK(q_int(s, "SELECT count(*) FROM findings WHERE fingerprint = "
		       "'bbbbbbbbbbbbbbbb'", NULL) == 0);
	CHECK(q_int(s, "SELECT count(*) FROM finding_units", NULL) == 1);
	CHECK(q_int(s, "SELECT count(*) FROM path_steps", NULL) == 1);
	CHECK(q_int(s, "SELECT count(*) FROM functions", NULL) == 1);
	CHECK(q_int(s, "SELECT count(*) FROM units", NULL) == 1);
	CHECK(q_int(s, "SELECT nfindings FROM units", NULL) == 1);
	CHECK(q_int(s, "SELECT count(*) FROM unit_runs", NULL) == 2);
	t = q_text(s, "SELECT message FROM findings", NULL);
	CHECK_STR(t, "first, again");
	free(t);
	/* first_seen kept, last_seen updated. */
	t = q_text(s, "SELECT first_seen FROM findings", NULL);
	CHECK_STR(t, "2000-01-01T00:00:00Z");
	free(t);
	CHECK(q_int(s, "SELECT last_seen > '2020' AND last_seen LIKE "
		       "'____-__-__T__:__:__Z' FROM findings", NULL) == 1);

	/* The same finding twice in one unit is stored once. */
	f[1] = f[0];
	put(s, &base_unit, NULL, 0, f, 2);
	CHECK(q_int(s, "SELECT count(*) FROM findings", NULL) == 1);
	CHECK(q_int(s, "SELECT count(*) FROM finding_units", NULL) == 1);
	CHECK(q_int(s, "SELECT count(*) FROM path_steps", NULL) == 1);
	CHECK(q_int(s, "SELECT nfindings FROM units", NULL) == 1);

	/* A unit with no finding at all. */
	put(s, &base_unit, NULL, 0, NULL, 0);
	CHECK(q_int(s, "SELECT count(*) FROM findings", NULL) == 0);
	CHECK(q_int(s, "SELECT count(*) FROM path_steps", NULL) == 0);
	CHECK(q_int(s, "SELECT nfindings FROM units", NULL) == 0);
	CHECK(q_int(s, "PRAGMA foreign_key_check", NULL) == -1);
	vl_store_close(s);
}

static void test_header_dedup(void)
{
	const char *path = "test_store_dedup.db";
	struct vl_store_unit a = base_unit, b = base_unit;
	struct vl_store_finding fa[2], fb[2];
	struct vl_store *s;

	remove_db(path);
	s = open_rw(path);
	if (!s)
		return;
	a.path = "mm/a.c";
	b.path = "mm/b.c";
	fa[0] = finding("1111111111111111", "include/linux/mm.h", 10, "hdr");
	fa[0].steps = steps_a;
	fa[0].nsteps = 2;
	fa[1] = finding("aaaaaaaaaaaaaaaa", "mm/a.c", 5, "in a");
	fb[0] = fa[0];
	fb[1] = finding("bbbbbbbbbbbbbbbb", "mm/b.c", 7, "in b");
	put(s, &a, NULL, 0, fa, 2);
	put(s, &b, NULL, 0, fb, 2);

	CHECK(q_int(s, "SELECT count(*) FROM findings", NULL) == 3);
	CHECK(q_int(s, "SELECT count(*) FROM findings WHERE fingerprint = "
		       "'1111111111111111'", NULL) == 1);
	CHECK(q_int(s, "SELECT count(*) FROM finding_units fu JOIN findings "
		       "f ON f.id = fu.finding_id WHERE f.fingerprint = "
		       "'1111111111111111'", NULL) == 2);
	CHECK(q_int(s, "SELECT count(*) FROM path_steps", NULL) == 2);

	/* a no longer reports it: b still does. */
	put(s, &a, NULL, 0, &fa[1], 1);
	CHECK(q_int(s, "SELECT count(*) FROM findings WHERE fingerprint = "
		       "'1111111111111111'", NULL) == 1);
	CHECK(q_int(s, "SELECT count(*) FROM finding_units fu JOIN findings "
		       "f ON f.id = fu.finding_id WHERE f.fingerprint = "
		       "'1111111111111111'", NULL) == 1);
	CHECK(q_int(s, "SELECT count(*) FROM findings", NULL) == 3);

	/* Nor does b: gone, with its steps. */
	put(s, &b, NULL, 0, &fb[1], 1);
	CHECK(q_int(s, "SELECT count(*) FROM findings WHERE fingerprint = "
		       "'1111111111111111'", NULL) == 0);
	CHECK(q_int(s, "SELECT count(*) FROM findings", NULL) == 2);
	CHECK(q_int(s, "SELECT count(*) FROM path_steps", NULL) == 0);
	CHECK(q_int(s, "SELECT count(*) FROM finding_units", NULL) == 2);

	/* Deleting a unit by hand deletes the findings only it reported. */
	put(s, &a, NULL, 0, fa, 2);
	CHECK(q_int(s, "SELECT count(*) FROM findings", NULL) == 3);
	CHECK(exec(s, "DELETE FROM units WHERE path = 'mm/b.c'") == SQLITE_OK);
	CHECK(q_int(s, "SELECT count(*) FROM findings", NULL) == 2);
	CHECK(q_int(s, "SELECT count(*) FROM findings WHERE fingerprint = "
		       "'bbbbbbbbbbbbbbbb'", NULL) == 0);
	CHECK(q_int(s, "SELECT count(*) FROM path_steps", NULL) == 2);
	CHECK(exec(s, "DELETE FROM units") == SQLITE_OK);
	CHECK(q_int(s, "SELECT count(*) FROM findings", NULL) == 0);
	CHECK(q_int(s, "SELECT count(*) FROM path_steps", NULL) == 0);
	vl_store_close(s);
}

static void test_runs(void)
{
	const char *path = "test_store_runs.db";
	struct vl_store_unit u = base_unit;
	struct vl_store *s;

	remove_db(path);
	s = open_rw(path);
	if (!s)
		return;

	/* Automatic grouping: same tool and spec, close in time. */
	u.path = "a.c";
	put(s, &u, NULL, 0, NULL, 0);
	u.path = "b.c";
	put(s, &u, NULL, 0, NULL, 0);
	CHECK(q_int(s, "SELECT count(*) FROM runs", NULL) == 1);
	CHECK(q_int(s, "SELECT count(DISTINCT run_id) FROM units", NULL) == 1);

	/* Another spec: another run. */
	u.path = "c.c";
	u.spec_hash = "fedcba9876543210";
	put(s, &u, NULL, 0, NULL, 0);
	CHECK(q_int(s, "SELECT count(*) FROM runs", NULL) == 2);

	/* Runs idle for more than ten minutes are not joined. */
	CHECK(exec(s, "UPDATE runs SET last_at = '2000-01-01T00:00:00Z'") ==
	      SQLITE_OK);
	u.path = "d.c";
	put(s, &u, NULL, 0, NULL, 0);
	CHECK(q_int(s, "SELECT count(*) FROM runs", NULL) == 3);
	u.path = "e.c";
	put(s, &u, NULL, 0, NULL, 0);
	CHECK(q_int(s, "SELECT count(*) FROM runs", NULL) == 3);

	/* A run key groups whatever the time, and only by key. */
	u.run_key = "build-1";
	u.path = "a.c";
	put(s, &u, NULL, 0, NULL, 0);
	u.path = "f.c";
	u.spec_hash = "0123456789abcdef";
	put(s, &u, NULL, 0, NULL, 0);
	CHECK(q_int(s, "SELECT count(*) FROM runs", NULL) == 4);
	CHECK(q_int(s, "SELECT count(*) FROM units WHERE run_id = "
		       "(SELECT id FROM runs WHERE key = ?1)", "build-1") == 2);
	u.run_key = "build-2";
	put(s, &u, NULL, 0, NULL, 0);
	CHECK(q_int(s, "SELECT count(*) FROM runs", NULL) == 5);

	/* History: a.c analysed in the first run and in build-1. */
	CHECK(q_int(s, "SELECT count(*) FROM unit_runs ur JOIN units un "
		       "ON un.id = ur.unit_id WHERE un.path = 'a.c'",
		    NULL) == 2);
	CHECK(q_int(s, "SELECT count(*) FROM unit_runs WHERE run_id = 1",
		    NULL) == 2);
	CHECK(q_int(s, "SELECT count(*) FROM unit_runs", NULL) == 8);
	vl_store_close(s);
}

static void test_errors(void)
{
	const char *missing = "test_store_missing.db";
	const char *garbage = "test_store_garbage.db";
	const char *newer = "test_store_newer.db";
	struct vl_store *s = NULL;
	char text[4096], *err = NULL, *back;
	sqlite3 *db;
	size_t i;
	FILE *f;

	/* Read-only open never creates. */
	remove_db(missing);
	CHECK(vl_store_open_readonly(missing, &s, &err) == -1);
	CHECK(s == NULL);
	CHECK(contains(err, missing));
	CHECK(contains(err, "no such database"));
	free(err);
	err = NULL;
	CHECK(access(missing, F_OK) != 0);

	/* A directory that does not exist. */
	CHECK(vl_store_open("no/such/dir/x.db", &s, &err) == -1);
	CHECK(contains(err, "no/such/dir/x.db"));
	free(err);
	err = NULL;

	/* Not a database: refused, and left as it was. */
	for (i = 0; i < sizeof(text) - 1; i++)
		text[i] = "garbage, not sqlite\n"[i % 20];
	text[sizeof(text) - 1] = '\0';
	remove_db(garbage);
	f = fopen(garbage, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	CHECK(vl_store_open(garbage, &s, &err) == -1);
	CHECK(s == NULL);
	CHECK(contains(err, garbage));
	CHECK(contains(err, "file is not a database"));
	free(err);
	err = NULL;
	CHECK(vl_store_open_readonly(garbage, &s, &err) == -1);
	CHECK(contains(err, "file is not a database"));
	free(err);
	err = NULL;
	f = fopen(garbage, "r");
	if (f) {
		char buf[sizeof(text)] = "";

		CHECK(fread(buf, 1, sizeof(buf) - 1, f) == sizeof(text) - 1);
		CHECK(strcmp(buf, text) == 0);
		fclose(f);
	}

	/* A database from a newer vmalock. */
	remove_db(newer);
	s = open_rw(newer);
	vl_store_close(s);
	CHECK(sqlite3_open(newer, &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL,
			   NULL) == SQLITE_OK);
	sqlite3_close(db);
	CHECK(vl_store_open(newer, &s, &err) == -1);
	CHECK(contains(err, newer));
	CHECK(contains(err, "version 99 is newer"));
	free(err);
	err = NULL;
	CHECK(vl_store_open_readonly(newer, &s, &err) == -1);
	CHECK(contains(err, "newer"));
	free(err);
	err = NULL;

	/* Another application's database is not taken over. */
	CHECK(sqlite3_open(newer, &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, "PRAGMA user_version = 0", NULL, NULL,
			   NULL) == SQLITE_OK);
	sqlite3_close(db);
	CHECK(vl_store_open(newer, &s, &err) == -1);
	CHECK(contains(err, "not a vmalock database"));
	free(err);
	err = NULL;

	/* An empty file is a new database... */
	remove_db(missing);
	f = fopen(missing, "w");
	if (f)
		fclose(f);
	CHECK(vl_store_open_readonly(missing, &s, &err) == -1);
	CHECK(contains(err, "not a vmalock database"));
	free(err);
	err = NULL;
	s = open_rw(missing);
	vl_store_close(s);
	back = NULL;
	CHECK(vl_store_open_readonly(missing, &s, &back) == 0);
	vl_store_close(s);
	free(back);
}

/* Snapshot of the interesting content, to compare before and after. */
static char *dump(struct vl_store *s)
{
	return q_text(s, "SELECT (SELECT group_concat(fingerprint || ':' || "
			 "message, ',') FROM (SELECT * FROM findings ORDER BY "
			 "fingerprint)) || '|' || (SELECT count(*) FROM "
			 "path_steps) || '|' || (SELECT count(*) FROM "
			 "finding_units) || '|' || (SELECT count(*) FROM "
			 "functions) || '|' || (SELECT group_concat(path || "
			 "nfindings) FROM units) || '|' || (SELECT count(*) "
			 "FROM unit_runs) || '|' || (SELECT count(*) FROM runs)",
		      NULL);
}

static void test_failed_put(void)
{
	const char *path = "test_store_fail.db";
	struct vl_store_finding f[3];
	struct vl_store_unit u = base_unit;
	struct vl_store_step boom[] = {
		{ "mm/mmap.c", 1, 1, "ok" },
		{ "mm/mmap.c", 2, 1, "boom" },
	};
	struct vl_store_function bad_fn = { NULL, "x.c", 1, false, true };
	char *before, *after, *err = NULL;
	struct vl_store *s;

	remove_db(path);
	s = open_rw(path);
	if (!s)
		return;
	f[0] = finding("aaaaaaaaaaaaaaaa", "mm/mmap.c", 1, "one");
	f[0].steps = steps_a;
	f[0].nsteps = 2;
	f[1] = finding("bbbbbbbbbbbbbbbb", "mm/mmap.c", 2, "two");
	put(s, &u, two_funcs, 2, f, 2);
	before = dump(s);
	CHECK(before != NULL);

	/* Incomplete records are refused before anything is written. */
	f[2] = finding("cccccccccccccccc", "mm/mmap.c", 3, NULL);
	CHECK(vl_store_put_unit(s, &u, NULL, 0, f, 3, &err) == -1);
	CHECK(contains(err, path));
	CHECK(contains(err, "finding 2 has no message"));
	free(err);
	err = NULL;
	f[2].message = "three";
	f[2].fingerprint = NULL;
	CHECK(vl_store_put_unit(s, &u, NULL, 0, f, 3, &err) == -1);
	CHECK(contains(err, "fingerprint"));
	free(err);
	err = NULL;
	CHECK(vl_store_put_unit(s, &u, &bad_fn, 1, f, 1, &err) == -1);
	CHECK(contains(err, "no name"));
	free(err);
	err = NULL;
	u.path = NULL;
	CHECK(vl_store_put_unit(s, &u, NULL, 0, NULL, 0, &err) == -1);
	CHECK(contains(err, "no path"));
	free(err);
	err = NULL;
	u.path = base_unit.path;
	after = dump(s);
	CHECK_STR(after, before);
	free(after);

	/*
	 * A failure in the middle of the transaction (a temporary trigger
	 * refuses one path step): everything is rolled back.
	 */
	CHECK(exec(s, "CREATE TEMP TRIGGER boom BEFORE INSERT ON "
		      "main.path_steps WHEN NEW.message = 'boom' BEGIN "
		      "SELECT RAISE(ABORT, 'simulated failure'); END") ==
	      SQLITE_OK);
	f[0].message = "one changed";
	f[2] = finding("cccccccccccccccc", "mm/mmap.c", 3, "three");
	f[2].steps = boom;
	f[2].nsteps = 2;
	CHECK(vl_store_put_unit(s, &u, NULL, 0, &f[0], 1, &err) == 0);
	free(err);
	err = NULL;
	free(before);
	before = dump(s);
	CHECK(vl_store_put_unit(s, &u, two_funcs, 1, f, 3, &err) == -1);
	CHECK(contains(err, "simulated failure"));
	CHECK(contains(err, u.path));
	free(err);
	err = NULL;
	after = dump(s);
	CHECK_STR(after, before);
	free(after);

	/* The store works after the failure. */
	CHECK(exec(s, "DROP TRIGGER temp.boom") == SQLITE_OK);
	put(s, &u, two_funcs, 1, f, 3);
	CHECK(q_int(s, "SELECT count(*) FROM findings", NULL) == 3);
	CHECK(q_int(s, "SELECT count(*) FROM path_steps", NULL) == 4);
	free(before);
	vl_store_close(s);
}

static void test_strings(void)
{
	const char *path = "test_store_strings.db";
	const char *msg = "it's \"quoted\"\nsecond line\t\\ done; DROP TABLE "
			  "findings; -- \xc3\xa9t\xc3\xa9 <b>&amp;</b>";
	const char *file = "dir with space/it's \"odd\".h";
	struct vl_store_unit u = base_unit;
	struct vl_store_step step = { file, 3, 4, msg };
	struct vl_store_finding f;
	struct vl_store *s;
	char *t;

	remove_db(path);
	s = open_rw(path);
	if (!s)
		return;
	u.path = "odd 'unit'\n.c";
	u.run_key = "key with 'quote'";
	f = finding("'; DROP TABLE x", file, 1, msg);
	f.function = "f\"n";
	f.steps = &step;
	f.nsteps = 1;
	put(s, &u, NULL, 0, &f, 1);
	t = q_text(s, "SELECT message FROM findings WHERE fingerprint = ?1",
		   f.fingerprint);
	CHECK_STR(t, msg);
	free(t);
	t = q_text(s, "SELECT file FROM findings", NULL);
	CHECK_STR(t, file);
	free(t);
	t = q_text(s, "SELECT function FROM findings", NULL);
	CHECK_STR(t, "f\"n");
	free(t);
	t = q_text(s, "SELECT message FROM path_steps", NULL);
	CHECK_STR(t, msg);
	free(t);
	t = q_text(s, "SELECT path FROM units", NULL);
	CHECK_STR(t, u.path);
	free(t);
	t = q_text(s, "SELECT key FROM runs", NULL);
	CHECK_STR(t, u.run_key);
	free(t);
	vl_store_close(s);
}

/* Wait for every child; the number that did not exit with status 0. */
static int wait_children(const pid_t *pids, int n)
{
	int i, status, bad = 0;

	for (i = 0; i < n; i++) {
		if (pids[i] <= 0 || waitpid(pids[i], &status, 0) != pids[i] ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			bad++;
	}
	return bad;
}

/* Fork N children that wait on a pipe, then run CHILD(i) and exit. */
static int run_children(int n, int (*child)(int i, const char *path),
			const char *path)
{
	pid_t pids[32];
	int fds[2], i;
	char c;

	if (pipe(fds))
		return n;
	fflush(NULL);
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			close(fds[1]);
			/* Start together: when the parent closes the pipe. */
			while (read(fds[0], &c, 1) > 0)
				;
			_exit(child(i, path));
		}
	}
	close(fds[0]);
	close(fds[1]);
	return wait_children(pids, n);
}

static int child_open(int i, const char *path)
{
	struct vl_store *s;
	char *err = NULL;

	if (vl_store_open(path, &s, &err)) {
		fprintf(stderr, "child %d: %s\n", i, err ? err : "?");
		return 1;
	}
	vl_store_close(s);
	return 0;
}

static int child_put(int i, const char *path)
{
	struct vl_store_unit u = base_unit;
	struct vl_store_finding f[3];
	struct vl_store *s;
	char name[64], fp[32], *err = NULL;
	int rc;

	snprintf(name, sizeof(name), "mm/unit%d.c", i);
	snprintf(fp, sizeof(fp), "%016x", 0x1000 + i);
	u.path = name;
	u.ir = name;		/* any bytes will do */
	u.ir_len = strlen(name);
	u.ir_format = 1;
	f[0] = finding("ffffffffffffffff", "include/linux/mm.h", 10, "hdr");
	f[0].steps = steps_a;
	f[0].nsteps = 2;
	f[1] = finding(fp, name, 20, "own");
	f[2] = f[0];
	if (vl_store_open(path, &s, &err) ||
	    vl_store_put_unit(s, &u, two_funcs, 2, f, 3, &err)) {
		fprintf(stderr, "child %d: %s\n", i, err ? err : "?");
		free(err);
		vl_store_close(s);
		return 1;
	}
	rc = 0;
	vl_store_close(s);
	return rc;
}

static void test_parallel(void)
{
	const char *path = "test_store_parallel.db";
	struct vl_store *s;
	char *t;
	int round;

	/* Many processes creating the same new database at once. */
	for (round = 0; round < 5; round++) {
		remove_db(path);
		CHECK(run_children(16, child_open, path) == 0);
		s = open_rw(path);
		if (s) {
			CHECK(q_int(s, "PRAGMA user_version", NULL) ==
			      VL_STORE_SCHEMA_VERSION);
			CHECK(q_int(s, "SELECT count(*) FROM meta", NULL) == 3);
			vl_store_close(s);
		}
	}

	/* Eight compilers storing their units into one new database. */
	remove_db(path);
	CHECK(run_children(8, child_put, path) == 0);
	s = open_rw(path);
	if (!s)
		return;
	CHECK(q_int(s, "SELECT count(*) FROM units", NULL) == 8);
	CHECK(q_int(s, "SELECT count(*) FROM findings", NULL) == 9);
	CHECK(q_int(s, "SELECT count(*) FROM finding_units fu JOIN findings "
		       "f ON f.id = fu.finding_id WHERE f.fingerprint = "
		       "'ffffffffffffffff'", NULL) == 8);
	CHECK(q_int(s, "SELECT count(*) FROM functions", NULL) == 16);
	CHECK(q_int(s, "SELECT count(*) FROM runs", NULL) == 1);
	CHECK(q_int(s, "SELECT count(*) FROM unit_runs", NULL) == 8);
	CHECK(q_int(s, "SELECT count(*) FROM unit_ir i JOIN units u ON "
		       "u.id = i.unit_id WHERE i.ir = CAST(u.path AS BLOB)",
		    NULL) == 8);
	t = q_text(s, "PRAGMA integrity_check", NULL);
	CHECK_STR(t, "ok");
	free(t);
	CHECK(q_int(s, "PRAGMA foreign_key_check", NULL) == -1);
	vl_store_close(s);
}

/* ---- schema version 2: IR, the link, the upgrade from version 1 ---- */

/*
 * An IR blob as core/irio.h writes it: "VLIR", FORMAT little-endian, then
 * PAYLOAD with its terminating NUL (so the blob is binary, not text).
 * Returns its length.
 */
static size_t make_ir(unsigned char *buf, size_t size, uint32_t format,
		      const char *payload)
{
	size_t n = strlen(payload) + 1;

	if (8 + n > size)
		return 0;
	memcpy(buf, "VLIR", 4);
	buf[4] = format & 0xff;
	buf[5] = (format >> 8) & 0xff;
	buf[6] = (format >> 16) & 0xff;
	buf[7] = (format >> 24) & 0xff;
	memcpy(buf + 8, payload, n);
	return 8 + n;
}

/* What vl_store_each_ir() passed: one line per call. */
struct ir_seen {
	char text[2048];
	int calls;
	int stop_at;		/* stop from this call on; 0: never */
};

static void seen_put(struct ir_seen *seen, const char *s)
{
	size_t n = strlen(seen->text);

	snprintf(seen->text + n, sizeof(seen->text) - n, "%s", s);
}

/*
 * Record "PATH|SPEC_NAME|SPEC_HASH|FORMAT|LEN|BYTES;" with the bytes
 * printable as they are and others as \xNN.
 */
static int collect_ir(void *ctx, const char *path, const char *spec_name,
		      const char *spec_hash, uint32_t format, const void *ir,
		      size_t len)
{
	struct ir_seen *seen = ctx;
	const unsigned char *p = ir;
	char buf[512];
	size_t i;

	seen->calls++;
	snprintf(buf, sizeof(buf), "%s|%s|%s|%u|%zu|", path ? path : "NULL",
		 spec_name ? spec_name : "NULL",
		 spec_hash ? spec_hash : "NULL", format, len);
	seen_put(seen, buf);
	if (!ir) {
		seen_put(seen, "(null pointer)");
	} else {
		for (i = 0; i < len; i++) {
			if (p[i] >= 0x20 && p[i] < 0x7f)
				snprintf(buf, sizeof(buf), "%c", p[i]);
			else
				snprintf(buf, sizeof(buf), "\\x%02x", p[i]);
			seen_put(seen, buf);
		}
	}
	seen_put(seen, ";");
	return seen->stop_at && seen->calls >= seen->stop_at;
}

/* Run vl_store_each_ir() into SEEN (reset first); its result. */
static int each_ir(struct vl_store *s, struct ir_seen *seen, int stop_at)
{
	char *err = NULL;
	int rc;

	memset(seen, 0, sizeof(*seen));
	seen->stop_at = stop_at;
	rc = vl_store_each_ir(s, collect_ir, seen, &err);
	if (rc && !stop_at)
		fprintf(stderr, "each_ir: %s\n", err ? err : "?");
	free(err);
	return rc;
}

/* A unit U with IR: FORMAT and PAYLOAD (see make_ir()), in BUF. */
static void put_ir_unit(struct vl_store *s, const char *path,
			uint32_t format, const char *payload)
{
	struct vl_store_unit u = base_unit;
	unsigned char buf[256];

	u.path = path;
	u.ir = buf;
	u.ir_len = make_ir(buf, sizeof(buf), format, payload);
	u.ir_format = format;
	put(s, &u, NULL, 0, NULL, 0);
}

/* A unit without IR. */
static void put_plain_unit(struct vl_store *s, const char *path)
{
	struct vl_store_unit u = base_unit;

	u.path = path;
	put(s, &u, NULL, 0, NULL, 0);
}

static void test_ir(void)
{
	const char *path = "test_store_ir.db";
	struct vl_store_unit u = base_unit;
	struct vl_store_finding f;
	struct vl_store *s, *r;
	struct ir_seen seen;
	unsigned char buf[64];
	char *err = NULL;

	remove_db(path);
	s = open_rw(path);
	if (!s)
		return;
	/* A new database has no IR: no call, and success. */
	CHECK(each_ir(s, &seen, 0) == 0);
	CHECK(seen.calls == 0);

	/*
	 * Stored out of order; the calls come in byte order of the paths
	 * ("Mm.c" before "mm...", "mm/a.c" before "mm/z.c", UTF-8 last),
	 * without the unit that has no IR and without the link unit.
	 */
	put_ir_unit(s, "mm/z.c", 1, "zed");
	put_plain_unit(s, "mm.c");
	u.path = "\xc3\xa9.c";		/* an empty blob: not NULL */
	u.ir = "";
	u.ir_len = 0;
	u.ir_format = 3;
	u.spec_name = NULL;
	u.spec_hash = NULL;
	put(s, &u, NULL, 0, NULL, 0);
	put_ir_unit(s, "Mm.c", 1, "big M");
	put_ir_unit(s, "mm/a.c", 7, "a");
	u = base_unit;
	u.path = VL_STORE_LINK_UNIT;
	put(s, &u, two_funcs, 2, NULL, 0);
	CHECK(each_ir(s, &seen, 0) == 0);
	CHECK_STR(seen.text,
		  "Mm.c|bundled:linux-6.12|0123456789abcdef|1|14|"
		  "VLIR\\x01\\x00\\x00\\x00big M\\x00;"
		  "mm/a.c|bundled:linux-6.12|0123456789abcdef|7|10|"
		  "VLIR\\x07\\x00\\x00\\x00a\\x00;"
		  "mm/z.c|bundled:linux-6.12|0123456789abcdef|1|12|"
		  "VLIR\\x01\\x00\\x00\\x00zed\\x00;"
		  "\xc3\xa9.c|NULL|NULL|3|0|;");
	CHECK(q_int(s, "SELECT count(*) FROM unit_ir", NULL) == 4);
	CHECK(q_int(s, "SELECT format FROM unit_ir i JOIN units u ON "
		       "u.id = i.unit_id WHERE u.path = 'mm/a.c'", NULL) == 7);
	CHECK(q_int(s, "SELECT typeof(ir) = 'blob' AND length(ir) = 0 FROM "
		       "unit_ir WHERE format = 3", NULL) == 1);

	/* The link unit cannot have IR; nothing is written. */
	u.path = VL_STORE_LINK_UNIT;
	u.ir = buf;
	u.ir_len = make_ir(buf, sizeof(buf), 1, "no");
	CHECK(vl_store_put_unit(s, &u, NULL, 0, NULL, 0, &err) == -1);
	CHECK(contains(err, path));
	CHECK(contains(err, "the link unit has no IR"));
	free(err);
	err = NULL;
	CHECK(q_int(s, "SELECT count(*) FROM unit_ir", NULL) == 4);
	CHECK(q_int(s, "SELECT nfunctions FROM units WHERE path = ?1",
		    VL_STORE_LINK_UNIT) == 2);

	/* Stored again with other IR: replaced. */
	put_ir_unit(s, "mm/z.c", 2, "zed 2");
	CHECK(q_int(s, "SELECT count(*) FROM unit_ir", NULL) == 4);
	CHECK(each_ir(s, &seen, 0) == 0);
	CHECK(contains(seen.text, "mm/z.c|bundled:linux-6.12|"
			"0123456789abcdef|2|14|VLIR\\x02\\x00\\x00\\x00zed 2"
			"\\x00;"));
	CHECK(!contains(seen.text, "zed\\x00"));

	/* Stored again without IR: its IR goes. */
	put_plain_unit(s, "Mm.c");
	CHECK(q_int(s, "SELECT count(*) FROM unit_ir", NULL) == 3);
	CHECK(each_ir(s, &seen, 0) == 0);
	CHECK(seen.calls == 3);
	CHECK(!contains(seen.text, "Mm.c"));

	/* A failed store leaves the IR as it was (one transaction). */
	CHECK(exec(s, "CREATE TEMP TRIGGER boom BEFORE INSERT ON "
		      "main.functions BEGIN SELECT RAISE(ABORT, "
		      "'simulated failure'); END") == SQLITE_OK);
	u = base_unit;
	u.path = "mm/a.c";
	u.ir = buf;
	u.ir_len = make_ir(buf, sizeof(buf), 9, "lost");
	u.ir_format = 9;
	CHECK(vl_store_put_unit(s, &u, two_funcs, 2, NULL, 0, &err) == -1);
	CHECK(contains(err, "simulated failure"));
	free(err);
	err = NULL;
	u.ir = NULL;
	CHECK(vl_store_put_unit(s, &u, two_funcs, 2, NULL, 0, &err) == -1);
	free(err);
	err = NULL;
	CHECK(exec(s, "DROP TRIGGER temp.boom") == SQLITE_OK);
	CHECK(q_int(s, "SELECT format FROM unit_ir i JOIN units u ON "
		       "u.id = i.unit_id WHERE u.path = 'mm/a.c'", NULL) == 7);

	/* Deleting a unit deletes its IR. */
	f = finding("aaaaaaaaaaaaaaaa", "mm/a.c", 1, "one");
	u.ir = buf;
	u.ir_len = make_ir(buf, sizeof(buf), 7, "a");
	u.ir_format = 7;
	put(s, &u, NULL, 0, &f, 1);
	CHECK(exec(s, "DELETE FROM units WHERE path = 'mm/a.c'") ==
	      SQLITE_OK);
	CHECK(q_int(s, "SELECT count(*) FROM unit_ir", NULL) == 2);
	CHECK(q_int(s, "SELECT count(*) FROM unit_ir WHERE unit_id NOT IN "
		       "(SELECT id FROM units)", NULL) == 0);
	CHECK(each_ir(s, &seen, 0) == 0);
	CHECK_STR(seen.text,
		  "mm/z.c|bundled:linux-6.12|0123456789abcdef|2|14|"
		  "VLIR\\x02\\x00\\x00\\x00zed 2\\x00;"
		  "\xc3\xa9.c|NULL|NULL|3|0|;");

	/* The callback stops the walk: -1, naming database and unit. */
	CHECK(each_ir(s, &seen, 1) == -1);
	CHECK(seen.calls == 1);
	memset(&seen, 0, sizeof(seen));
	seen.stop_at = 1;
	CHECK(vl_store_each_ir(s, collect_ir, &seen, &err) == -1);
	CHECK(contains(err, path));
	CHECK(contains(err, "mm/z.c"));
	free(err);
	err = NULL;

	/* A read-only store reads the same. */
	CHECK(vl_store_open_readonly(path, &r, &err) == 0);
	free(err);
	err = NULL;
	if (r) {
		CHECK(each_ir(r, &seen, 0) == 0);
		CHECK(seen.calls == 2);
		CHECK(contains(seen.text, "mm/z.c|"));
		vl_store_close(r);
	}
	CHECK(q_int(s, "PRAGMA foreign_key_check", NULL) == -1);
	vl_store_close(s);
}

/* The link state as "has_ir linked stale", e.g. "1 1 0". */
static const char *link_state(struct vl_store *s)
{
	static char buf[16];
	bool has_ir = true, linked = true, stale = true;
	char *err = NULL;

	if (vl_store_link_state(s, &has_ir, &linked, &stale, &err)) {
		fprintf(stderr, "link_state: %s\n", err ? err : "?");
		free(err);
		return "error";
	}
	snprintf(buf, sizeof(buf), "%d %d %d", has_ir, linked, stale);
	return buf;
}

/* What vmalock link does: read every IR, then store the link unit. */
static void do_link(struct vl_store *s)
{
	struct vl_store_unit u = base_unit;
	struct ir_seen seen;

	CHECK(each_ir(s, &seen, 0) == 0);
	u.path = VL_STORE_LINK_UNIT;
	put(s, &u, two_funcs, 2, NULL, 0);
}

static void test_link_state(void)
{
	const char *path = "test_store_link.db";
	struct vl_store *s, *t, *r;
	struct vl_store_unit u = base_unit;
	char *err = NULL;

	remove_db(path);
	s = open_rw(path);
	if (!s)
		return;
	CHECK_STR(link_state(s), "0 0 0");
	CHECK(vl_store_link_state(s, NULL, NULL, NULL, &err) == 0);
	CHECK(err == NULL);
	put_plain_unit(s, "plain.c");
	CHECK_STR(link_state(s), "0 0 0");
	put_ir_unit(s, "a.c", 1, "a");
	CHECK_STR(link_state(s), "1 0 0");
	do_link(s);
	CHECK_STR(link_state(s), "1 1 0");

	/*
	 * A unit stored with IR after the link, within the same second
	 * (analysed_at cannot tell them apart): stale.
	 */
	put_ir_unit(s, "b.c", 1, "b");
	CHECK_STR(link_state(s), "1 1 1");
	do_link(s);
	CHECK_STR(link_state(s), "1 1 0");
	/* The same unit stored again, with the same IR: stale. */
	put_ir_unit(s, "b.c", 1, "b");
	CHECK_STR(link_state(s), "1 1 1");
	do_link(s);
	CHECK_STR(link_state(s), "1 1 0");

	/* A unit without IR that never had any: the link did not see it. */
	put_plain_unit(s, "c.c");
	put_plain_unit(s, "plain.c");
	CHECK_STR(link_state(s), "1 1 0");

	/* A unit stored again without its IR: stale. */
	put_plain_unit(s, "a.c");
	CHECK_STR(link_state(s), "1 1 1");
	do_link(s);
	CHECK_STR(link_state(s), "1 1 0");

	/* A unit with IR deleted: stale; no IR left at all. */
	CHECK(exec(s, "DELETE FROM units WHERE path = 'b.c'") == SQLITE_OK);
	CHECK_STR(link_state(s), "0 1 1");
	do_link(s);
	CHECK_STR(link_state(s), "0 1 0");

	/* Only an IR row deleted by hand: stale too. */
	put_ir_unit(s, "a.c", 1, "a");
	put_ir_unit(s, "b.c", 1, "b");
	do_link(s);
	CHECK_STR(link_state(s), "1 1 0");
	CHECK(exec(s, "DELETE FROM unit_ir WHERE unit_id = (SELECT id FROM "
		      "units WHERE path = 'a.c')") == SQLITE_OK);
	CHECK_STR(link_state(s), "1 1 1");
	put_ir_unit(s, "a.c", 1, "a");
	do_link(s);
	CHECK_STR(link_state(s), "1 1 0");

	/*
	 * Another compiler stores a unit while the link runs (between its
	 * reading of the IR and its storing of the link unit): the link is
	 * stale, although stored after that unit.
	 */
	t = open_rw(path);
	if (t) {
		struct ir_seen seen;

		CHECK(each_ir(s, &seen, 0) == 0);
		CHECK(seen.calls == 2);
		put_ir_unit(t, "d.c", 1, "d");
		u.path = VL_STORE_LINK_UNIT;
		put(s, &u, NULL, 0, NULL, 0);
		CHECK_STR(link_state(s), "1 1 1");
		CHECK_STR(link_state(t), "1 1 1");
		/* Without a reading of the IR: what is there when stored. */
		put(t, &u, NULL, 0, NULL, 0);
		CHECK_STR(link_state(s), "1 1 0");
		vl_store_close(t);
	}

	/* A link whose inputs are unknown counts as stale. */
	CHECK(exec(s, "DELETE FROM meta WHERE key = 'link_ir_generation'") ==
	      SQLITE_OK);
	CHECK_STR(link_state(s), "1 1 1");
	do_link(s);
	CHECK_STR(link_state(s), "1 1 0");

	/* A read-only store sees the same. */
	CHECK(vl_store_open_readonly(path, &r, &err) == 0);
	free(err);
	err = NULL;
	if (r) {
		CHECK_STR(link_state(r), "1 1 0");
		put_ir_unit(s, "e.c", 1, "e");
		CHECK_STR(link_state(r), "1 1 1");
		vl_store_close(r);
	}

	/* The link unit deleted: not linked, so not stale. */
	CHECK(exec(s, "DELETE FROM units WHERE path = '" VL_STORE_LINK_UNIT
		      "'") == SQLITE_OK);
	CHECK_STR(link_state(s), "1 0 0");
	vl_store_close(s);
}

/* Schema version 1 (vmalock 0.1.0), as store/schema.sql created it. */
static const char v1_schema[] =
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);\n"
	"CREATE TABLE runs (id INTEGER PRIMARY KEY, key TEXT UNIQUE,\n"
	" started_at TEXT NOT NULL, last_at TEXT NOT NULL,\n"
	" tool_version TEXT, spec_name TEXT, spec_hash TEXT);\n"
	"CREATE INDEX runs_auto ON runs (last_at) WHERE key IS NULL;\n"
	"CREATE TABLE units (id INTEGER PRIMARY KEY,\n"
	" path TEXT NOT NULL UNIQUE,\n"
	" run_id INTEGER REFERENCES runs (id) ON DELETE SET NULL,\n"
	" analysed_at TEXT NOT NULL, compiler TEXT, tool_version TEXT,\n"
	" spec_name TEXT, spec_hash TEXT, duration_ms INTEGER,\n"
	" nfunctions INTEGER, nfindings INTEGER);\n"
	"CREATE INDEX units_run ON units (run_id);\n"
	"CREATE TABLE unit_runs (id INTEGER PRIMARY KEY,\n"
	" unit_id INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,\n"
	" run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,\n"
	" analysed_at TEXT NOT NULL, duration_ms INTEGER,\n"
	" nfunctions INTEGER, nfindings INTEGER);\n"
	"CREATE INDEX unit_runs_run ON unit_runs (run_id);\n"
	"CREATE INDEX unit_runs_unit ON unit_runs (unit_id);\n"
	"CREATE TABLE functions (id INTEGER PRIMARY KEY,\n"
	" unit_id INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,\n"
	" name TEXT NOT NULL, file TEXT, line INTEGER,\n"
	" is_static INTEGER NOT NULL DEFAULT 0,\n"
	" analysed INTEGER NOT NULL DEFAULT 1);\n"
	"CREATE INDEX functions_unit ON functions (unit_id);\n"
	"CREATE INDEX functions_name ON functions (name);\n"
	"CREATE TABLE findings (id INTEGER PRIMARY KEY,\n"
	" fingerprint TEXT NOT NULL UNIQUE, checker TEXT NOT NULL,\n"
	" file TEXT NOT NULL, line INTEGER, \"column\" INTEGER,\n"
	" function TEXT, key TEXT, message TEXT NOT NULL,\n"
	" first_run_id INTEGER REFERENCES runs (id) ON DELETE SET NULL,\n"
	" last_run_id INTEGER REFERENCES runs (id) ON DELETE SET NULL,\n"
	" first_seen TEXT NOT NULL, last_seen TEXT NOT NULL);\n"
	"CREATE INDEX findings_order ON findings (file, line, \"column\",\n"
	" checker, fingerprint);\n"
	"CREATE INDEX findings_checker ON findings (checker);\n"
	"CREATE TABLE finding_units (\n"
	" finding_id INTEGER NOT NULL REFERENCES findings (id)\n"
	"  ON DELETE CASCADE,\n"
	" unit_id INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,\n"
	" PRIMARY KEY (finding_id, unit_id)) WITHOUT ROWID;\n"
	"CREATE INDEX finding_units_unit ON finding_units (unit_id,\n"
	" finding_id);\n"
	"CREATE TRIGGER finding_units_orphan AFTER DELETE ON finding_units\n"
	"WHEN NOT EXISTS (SELECT 1 FROM finding_units\n"
	"\t\t WHERE finding_id = OLD.finding_id)\n"
	"BEGIN\n"
	"\tDELETE FROM findings WHERE id = OLD.finding_id;\n"
	"END;\n"
	"CREATE TABLE path_steps (\n"
	" finding_id INTEGER NOT NULL REFERENCES findings (id)\n"
	"  ON DELETE CASCADE,\n"
	" seq INTEGER NOT NULL, file TEXT, line INTEGER, \"column\" INTEGER,\n"
	" message TEXT, PRIMARY KEY (finding_id, seq)) WITHOUT ROWID;\n"
	"INSERT INTO meta (key, value) VALUES ('schema_version', 1),\n"
	" ('created_at', '2025-01-31T12:00:00Z'),\n"
	" ('created_by', 'vmalock 0.1.0');\n"
	"INSERT INTO runs VALUES (1, NULL, '2025-01-31T12:00:00Z',\n"
	" '2025-01-31T12:00:00Z', '0.1.0', 'bundled:linux-6.12', 'cafe');\n"
	"INSERT INTO units VALUES (1, 'mm/old.c', 1, '2025-01-31T12:00:00Z',\n"
	" 'clang 19.1.7', '0.1.0', 'bundled:linux-6.12', 'cafe', 5, 1, 1);\n"
	"INSERT INTO unit_runs VALUES (1, 1, 1, '2025-01-31T12:00:00Z', 5,\n"
	" 1, 1);\n"
	"INSERT INTO functions VALUES (1, 1, 'old_fn', 'mm/old.c', 3, 0, 1);\n"
	"INSERT INTO findings VALUES (1, '0123456789abcdef', 'field-write',\n"
	" 'mm/old.c', 7, 2, 'old_fn', 'vm_area_struct.vm_start', 'old',\n"
	" 1, 1, '2025-01-31T12:00:00Z', '2025-01-31T12:00:00Z');\n"
	"INSERT INTO finding_units VALUES (1, 1);\n"
	"INSERT INTO path_steps VALUES (1, 0, NULL, 5, 2, 'taken here');\n"
	"PRAGMA user_version = 1;\n";

/* Write a version-1 database with one unit and one finding at PATH. */
static void make_v1(const char *path)
{
	char *msg = NULL;
	sqlite3 *db;

	remove_db(path);
	CHECK(sqlite3_open(path, &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL,
			   NULL) == SQLITE_OK);
	if (sqlite3_exec(db, v1_schema, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "v1 schema: %s\n", msg ? msg : "?");
		CHECK(!"v1 schema");
	}
	sqlite3_free(msg);
	sqlite3_close(db);
}

/*
 * The shape of the schema, one line per object, column, index column,
 * foreign key and trigger text, in a fixed order: equal for a database
 * created as version 2 and one upgraded from version 1.
 */
static char *schema_shape(struct vl_store *s)
{
	return q_text(s,
		"SELECT group_concat(line, char(10)) FROM ("
		"SELECT m.type || ' ' || m.name || ' on ' || m.tbl_name"
		" AS line, 0 AS k, m.name AS n, 0 AS i FROM sqlite_master m "
		"UNION ALL SELECT 'column ' || m.name || ' ' || p.cid || ' ' ||"
		" p.name || ' ' || p.type || ' ' || p.\"notnull\" || ' ' ||"
		" coalesce(p.dflt_value, '-') || ' ' || p.pk, 1, m.name, p.cid"
		" FROM sqlite_master m, pragma_table_info(m.name) p"
		" WHERE m.type = 'table' "
		"UNION ALL SELECT 'index ' || m.name || ' ' || p.seqno ||"
		" ' ' || coalesce(p.name, '-'), 2, m.name, p.seqno"
		" FROM sqlite_master m, pragma_index_info(m.name) p"
		" WHERE m.type = 'index' "
		"UNION ALL SELECT 'fk ' || m.name || ' ' || f.\"from\" ||"
		" ' ' || f.\"table\" || ' ' || coalesce(f.\"to\", '-') ||"
		" ' ' || f.on_delete, 3, m.name, f.id"
		" FROM sqlite_master m, pragma_foreign_key_list(m.name) f"
		" WHERE m.type = 'table' "
		"UNION ALL SELECT 'trigger ' || m.name || ' ' || m.sql, 4,"
		" m.name, 0 FROM sqlite_master m WHERE m.type = 'trigger' "
		"ORDER BY 2, 3, 4)", NULL);
}

static void test_migrate(void)
{
	const char *path = "test_store_v1.db";
	const char *fresh = "test_store_v2.db";
	struct vl_store *s, *r;
	struct ir_seen seen;
	char *err = NULL, *a, *b, *t;
	bool has_ir, linked, stale;
	int round;

	make_v1(path);

	/* Read-only: read as it is, not upgraded; no IR, no link. */
	CHECK(vl_store_open_readonly(path, &r, &err) == 0);
	CHECK(err == NULL);
	free(err);
	err = NULL;
	if (r) {
		CHECK(q_int(r, "PRAGMA user_version", NULL) == 1);
		CHECK(q_int(r, "SELECT count(*) FROM findings", NULL) == 1);
		CHECK(each_ir(r, &seen, 0) == 0);
		CHECK(seen.calls == 0);
		has_ir = linked = stale = true;
		CHECK(vl_store_link_state(r, &has_ir, &linked, &stale,
					  &err) == 0);
		CHECK(!has_ir && !linked && !stale);
		free(err);
		err = NULL;
		vl_store_close(r);
	}
	CHECK(vl_store_open_readonly(path, &r, &err) == 0);
	free(err);
	err = NULL;
	if (r) {
		CHECK(q_int(r, "PRAGMA user_version", NULL) == 1);
		CHECK(q_int(r, "SELECT count(*) FROM sqlite_master WHERE "
			       "name = 'unit_ir'", NULL) == 0);
		vl_store_close(r);
	}

	/* For writing: upgraded in place, the data kept. */
	s = open_rw(path);
	if (!s)
		return;
	CHECK(q_int(s, "PRAGMA user_version", NULL) ==
		      VL_STORE_SCHEMA_VERSION);
	t = q_text(s, "SELECT value FROM meta WHERE key = 'schema_version'",
		   NULL);
	CHECK_STR(t, "4");
	free(t);
	t = q_text(s, "SELECT value FROM meta WHERE key = 'created_at'", NULL);
	CHECK_STR(t, "2025-01-31T12:00:00Z");
	free(t);
	CHECK(q_int(s, "SELECT count(*) FROM meta", NULL) == 3);
	CHECK(q_int(s, "SELECT count(*) FROM findings f JOIN finding_units "
		       "fu ON fu.finding_id = f.id JOIN path_steps p ON "
		       "p.finding_id = f.id", NULL) == 1);
	CHECK(q_int(s, "SELECT count(*) FROM units WHERE path = 'mm/old.c' "
		       "AND generation IS NULL AND nfindings = 1", NULL) == 1);
	CHECK(q_int(s, "SELECT count(*) FROM unit_ir", NULL) == 0);
	t = q_text(s, "PRAGMA integrity_check", NULL);
	CHECK_STR(t, "ok");
	free(t);
	CHECK(q_int(s, "PRAGMA foreign_key_check", NULL) == -1);

	/* Its schema is that of a new database. */
	remove_db(fresh);
	r = open_rw(fresh);
	if (r) {
		a = schema_shape(s);
		b = schema_shape(r);
		CHECK(a && contains(a, "column unit_ir 2 ir BLOB 1 - 0"));
		CHECK(contains(a, "fk unit_ir unit_id units id CASCADE"));
		CHECK(contains(a, "column units 11 generation INTEGER 0 - 0"));
		CHECK_STR(a, b);
		free(a);
		free(b);
		vl_store_close(r);
	}

	/* It works as a version-2 database. */
	put_ir_unit(s, "mm/new.c", 1, "new");
	CHECK_STR(link_state(s), "1 0 0");
	do_link(s);
	CHECK_STR(link_state(s), "1 1 0");
	CHECK(each_ir(s, &seen, 0) == 0);
	CHECK(seen.calls == 1);
	CHECK(contains(seen.text, "mm/new.c|"));
	/* The old unit removed: its findings go, as before. */
	CHECK(exec(s, "DELETE FROM units WHERE path = 'mm/old.c'") ==
	      SQLITE_OK);
	CHECK(q_int(s, "SELECT count(*) FROM findings", NULL) == 0);
	vl_store_close(s);

	/* Opening again changes nothing. */
	s = open_rw(path);
	if (s) {
		CHECK(q_int(s, "PRAGMA user_version", NULL) ==
		      VL_STORE_SCHEMA_VERSION);
		CHECK(q_int(s, "SELECT count(*) FROM meta WHERE key = "
			       "'schema_version'", NULL) == 1);
		CHECK_STR(link_state(s), "1 1 0");
		vl_store_close(s);
	}

	/* Many compilers opening a version-1 database at once. */
	for (round = 0; round < 3; round++) {
		make_v1(path);
		CHECK(run_children(16, child_open, path) == 0);
		s = open_rw(path);
		if (!s)
			continue;
		CHECK(q_int(s, "PRAGMA user_version", NULL) ==
		      VL_STORE_SCHEMA_VERSION);
		t = q_text(s, "SELECT group_concat(key || '=' || value) FROM "
			      "(SELECT * FROM meta WHERE key <> 'created_at' "
			      "ORDER BY key)", NULL);
		CHECK_STR(t, "created_by=vmalock 0.1.0,schema_version=4");
		free(t);
		CHECK(q_int(s, "SELECT count(*) FROM units", NULL) == 1);
		CHECK(q_int(s, "SELECT count(*) FROM unit_ir", NULL) == 0);
		vl_store_close(s);
	}

	/* Eight compilers storing units with IR into a version-1 one. */
	make_v1(path);
	CHECK(run_children(8, child_put, path) == 0);
	s = open_rw(path);
	if (s) {
		CHECK(q_int(s, "SELECT count(*) FROM units", NULL) == 9);
		CHECK(q_int(s, "SELECT count(*) FROM unit_ir", NULL) == 8);
		CHECK(q_int(s, "SELECT count(DISTINCT generation) FROM units "
			       "WHERE generation IS NOT NULL", NULL) == 8);
		CHECK(q_int(s, "SELECT value FROM meta WHERE key = "
			       "'generation'", NULL) == 8);
		vl_store_close(s);
	}
}

int main(void)
{
	test_open_create();
	test_replace();
	test_header_dedup();
	test_runs();
	test_errors();
	test_failed_put();
	test_strings();
	test_parallel();
	test_ir();
	test_link_state();
	test_migrate();
	return vl_test_done("test_store");
}
