/*
 * Unit tests of the findings store (store/store.c): schema creation,
 * replacement on re-analysis, header dedup, run grouping, error paths,
 * and parallel writers in separate processes.  Runs in the build
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
	CHECK_STR(t, "1");
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
			CHECK(q_int(s, "PRAGMA user_version", NULL) == 1);
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
	t = q_text(s, "PRAGMA integrity_check", NULL);
	CHECK_STR(t, "ok");
	free(t);
	CHECK(q_int(s, "PRAGMA foreign_key_check", NULL) == -1);
	vl_store_close(s);
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
	return vl_test_done("test_store");
}
