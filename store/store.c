/*
 * The findings store: one sqlite database written by every compiler
 * process of a build and read by the command-line tool.  See store.h for
 * the interface and docs/schema.md for the schema and the rules (run
 * grouping, header dedup, re-analysis replacement, concurrency).
 *
 * All values go through prepared statements with bound parameters; the
 * only SQL run as text is constant (the embedded schema, the migrations,
 * BEGIN, COMMIT, a few pragmas).  The write statements of
 * vl_store_put_unit() are prepared once per connection and kept.
 *
 * This file depends on libc and sqlite only, not on core/, so that the
 * store library links on its own.
 */
#define _POSIX_C_SOURCE 200809L

#include "store.h"
#include "vl_version.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#if defined(__GNUC__)
#define STORE_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define STORE_PRINTF(f, a)
#endif

#define STR_(x) #x
#define STR(x) STR_(x)

/* Generated from store/schema.sql at build time (scripts/embed.cmake). */
extern const char vl_schema_sql[];
extern const size_t vl_schema_sql_len;

/* Parallel compilers wait this long for each other's transactions. */
#define BUSY_TIMEOUT_MS 60000

/* Pause between two tries of what sqlite refuses at once when busy. */
#define BUSY_RETRY_MS 10

/* Units stored this close together (and with the same tool) share a run. */
#define RUN_WINDOW "-10 minutes"

#define ISO_NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

/* The link pseudo-unit as an SQL string literal (it has no quote). */
#define LINK_SQL "'" VL_STORE_LINK_UNIT "'"

/*
 * The units with IR other than the link pseudo-unit: their number and
 * their highest generation, which together identify that set (see
 * docs/schema.md, "The link").
 */
#define IR_INPUTS_SQL \
	"SELECT count(*) AS n, coalesce(max(u.generation), 0) AS g " \
	"FROM unit_ir i " \
	"JOIN units u ON u.id = i.unit_id WHERE u.path <> " LINK_SQL

/*
 * migrations[V]: what turns a database of schema version V into one of
 * version V + 1.  migrate() runs them in order in one BEGIN IMMEDIATE
 * transaction, then sets meta.schema_version and PRAGMA user_version.
 * The result must have the tables, columns (in the same order), indexes
 * and triggers that schema.sql gives a new database (test_store checks).
 */
static const char *const migrations[VL_STORE_SCHEMA_VERSION] = {
	[1] =
		"CREATE TABLE unit_ir ("
		"unit_id INTEGER PRIMARY KEY REFERENCES units (id) "
		"ON DELETE CASCADE, "
		"format INTEGER NOT NULL, "
		"ir BLOB NOT NULL);"
		"ALTER TABLE units ADD COLUMN generation INTEGER;",
	[2] =
		"CREATE TABLE triage ("
		"fingerprint TEXT PRIMARY KEY, "
		"status TEXT NOT NULL CHECK (status IN "
		"('confirmed', 'false-positive', 'intentional')), "
		"author TEXT, "
		"note TEXT, "
		"updated_at TEXT NOT NULL);",
	[3] =
		"ALTER TABLE findings ADD COLUMN rule_file TEXT;"
		"ALTER TABLE findings ADD COLUMN rule_line INTEGER;"
		"ALTER TABLE findings ADD COLUMN rule_text TEXT;"
		"ALTER TABLE findings ADD COLUMN rule_doc TEXT;",
};

/* The statements of vl_store_put_unit(), prepared on first use. */
enum stmt_id {
	ST_NOW,
	ST_GEN_BUMP,
	ST_GEN_READ,
	ST_RUN_BY_KEY,
	ST_RUN_AUTO,
	ST_RUN_INSERT,
	ST_RUN_TOUCH,
	ST_UNIT_UPSERT,
	ST_UNIT_ID,
	ST_IR_PUT,
	ST_IR_DELETE,
	ST_IR_INPUTS,
	ST_LINK_INPUTS,
	ST_FUNC_DELETE,
	ST_FUNC_INSERT,
	ST_NEW_CLEAR,
	ST_FINDING_UPSERT,
	ST_FINDING_ID,
	ST_STEP_DELETE,
	ST_STEP_INSERT,
	ST_LINK_INSERT,
	ST_NEW_ADD,
	ST_LINK_DELETE_STALE,
	ST_UNIT_COUNT,
	ST_HISTORY_INSERT,
	ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
	[ST_NOW] =
		"SELECT " ISO_NOW ", "
		"strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '" RUN_WINDOW "')",
	[ST_GEN_BUMP] =
		"INSERT INTO meta (key, value) VALUES ('generation', 1) "
		"ON CONFLICT (key) DO UPDATE SET "
		"value = CAST(value AS INTEGER) + 1",
	[ST_GEN_READ] =
		"SELECT CAST(value AS INTEGER) FROM meta "
		"WHERE key = 'generation'",
	[ST_RUN_BY_KEY] =
		"SELECT id FROM runs WHERE key = ?1",
	[ST_RUN_AUTO] =
		"SELECT id FROM runs WHERE key IS NULL AND tool_version IS ?1 "
		"AND spec_hash IS ?2 AND last_at >= ?3 "
		"ORDER BY last_at DESC, id DESC LIMIT 1",
	[ST_RUN_INSERT] =
		"INSERT INTO runs (key, started_at, last_at, tool_version, "
		"spec_name, spec_hash) VALUES (?1, ?2, ?2, ?3, ?4, ?5)",
	[ST_RUN_TOUCH] =
		"UPDATE runs SET last_at = ?2 WHERE id = ?1",
	[ST_UNIT_UPSERT] =
		"INSERT INTO units (path, run_id, analysed_at, compiler, "
		"tool_version, spec_name, spec_hash, duration_ms, nfunctions, "
		"nfindings, generation) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10) "
		"ON CONFLICT (path) DO UPDATE SET run_id = excluded.run_id, "
		"analysed_at = excluded.analysed_at, "
		"compiler = excluded.compiler, "
		"tool_version = excluded.tool_version, "
		"spec_name = excluded.spec_name, "
		"spec_hash = excluded.spec_hash, "
		"duration_ms = excluded.duration_ms, "
		"nfunctions = excluded.nfunctions, "
		"nfindings = excluded.nfindings, "
		"generation = excluded.generation",
	[ST_UNIT_ID] =
		"SELECT id FROM units WHERE path = ?1",
	[ST_IR_PUT] =
		"INSERT INTO unit_ir (unit_id, format, ir) VALUES (?1, ?2, ?3) "
		"ON CONFLICT (unit_id) DO UPDATE SET format = excluded.format, "
		"ir = excluded.ir",
	[ST_IR_DELETE] =
		"DELETE FROM unit_ir WHERE unit_id = ?1",
	[ST_IR_INPUTS] = IR_INPUTS_SQL,
	[ST_LINK_INPUTS] =
		"INSERT INTO meta (key, value) VALUES "
		"('link_ir_units', ?1), ('link_ir_generation', ?2) "
		"ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	[ST_FUNC_DELETE] =
		"DELETE FROM functions WHERE unit_id = ?1",
	[ST_FUNC_INSERT] =
		"INSERT INTO functions (unit_id, name, file, line, is_static, "
		"analysed) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_NEW_CLEAR] =
		"DELETE FROM temp.vl_unit_findings",
	[ST_FINDING_UPSERT] =
		"INSERT INTO findings (fingerprint, checker, file, line, "
		"\"column\", function, key, message, first_run_id, last_run_id, "
		"first_seen, last_seen, rule_file, rule_line, rule_text, "
		"rule_doc) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?10, "
		"?11, ?12, ?13, ?14) "
		"ON CONFLICT (fingerprint) DO UPDATE SET "
		"checker = excluded.checker, file = excluded.file, "
		"line = excluded.line, \"column\" = excluded.\"column\", "
		"function = excluded.function, key = excluded.key, "
		"message = excluded.message, "
		"last_run_id = excluded.last_run_id, "
		"last_seen = excluded.last_seen, "
		"rule_file = excluded.rule_file, "
		"rule_line = excluded.rule_line, "
		"rule_text = excluded.rule_text, "
		"rule_doc = excluded.rule_doc",
	[ST_FINDING_ID] =
		"SELECT id FROM findings WHERE fingerprint = ?1",
	[ST_STEP_DELETE] =
		"DELETE FROM path_steps WHERE finding_id = ?1",
	[ST_STEP_INSERT] =
		"INSERT INTO path_steps (finding_id, seq, file, line, "
		"\"column\", message) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_LINK_INSERT] =
		"INSERT INTO finding_units (finding_id, unit_id) VALUES (?1, ?2) "
		"ON CONFLICT (finding_id, unit_id) DO NOTHING",
	[ST_NEW_ADD] =
		"INSERT INTO temp.vl_unit_findings (id) VALUES (?1) "
		"ON CONFLICT (id) DO NOTHING",
	/* The trigger finding_units_orphan deletes the orphans. */
	[ST_LINK_DELETE_STALE] =
		"DELETE FROM finding_units WHERE unit_id = ?1 AND finding_id "
		"NOT IN (SELECT id FROM temp.vl_unit_findings)",
	[ST_UNIT_COUNT] =
		"UPDATE units SET nfindings = (SELECT count(*) FROM "
		"finding_units WHERE unit_id = ?1) WHERE id = ?1",
	[ST_HISTORY_INSERT] =
		"INSERT INTO unit_runs (unit_id, run_id, analysed_at, "
		"duration_ms, nfunctions, nfindings) "
		"SELECT id, run_id, analysed_at, duration_ms, nfunctions, "
		"nfindings FROM units WHERE id = ?1",
};

struct vl_store {
	sqlite3 *db;
	char *path;
	bool readonly;
	int version;		/* schema version of the file */
	/*
	 * The units with IR that the last complete vl_store_each_ir() went
	 * through (number, highest generation): what a link stored on this
	 * handle was computed from.
	 */
	bool ir_read;
	sqlite3_int64 ir_read_units;
	sqlite3_int64 ir_read_generation;
	sqlite3_stmt *stmts[ST_COUNT];
};

/* ---- error messages ---- */

/* A malloc'ed formatted string, or NULL when out of memory. */
static char *vfmt(const char *fmt, va_list ap)
{
	va_list ap2;
	char *p;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return NULL;
	p = malloc((size_t)n + 1);
	if (p)
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

/* Set *err (if err is not NULL) to a formatted malloc'ed message. */
static void STORE_PRINTF(2, 3) set_err(char **err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	*err = vfmt(fmt, ap);
	va_end(ap);
}

/*
 * Report the connection's last sqlite error as "PATH: WHAT: message",
 * or "PATH: file is not a database" for a file that is not one (the
 * context would only make that one harder to read).
 */
static void db_err(struct vl_store *s, char **err, const char *what)
{
	int code = sqlite3_errcode(s->db) & 0xff;

	if (code == SQLITE_NOTADB)
		set_err(err, "%s: file is not a database", s->path);
	else
		set_err(err, "%s: %s: %s", s->path, what,
			sqlite3_errmsg(s->db));
}

/* ---- statement helpers ---- */

/*
 * The cached statement ID, prepared on first use; NULL on a prepare
 * error (left in the connection's error message).  The statement is
 * reset and has no bindings.
 */
static sqlite3_stmt *stmt(struct vl_store *s, enum stmt_id id)
{
	if (!s->stmts[id] &&
	    sqlite3_prepare_v3(s->db, stmt_sql[id], -1,
			       SQLITE_PREPARE_PERSISTENT, &s->stmts[id],
			       NULL) != SQLITE_OK)
		return NULL;
	return s->stmts[id];
}

/* Bind helpers: 0 on success, nonzero on failure.  NULL binds NULL. */
static int bind_text(sqlite3_stmt *st, int i, const char *v)
{
	return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) != SQLITE_OK;
}

static int bind_int(sqlite3_stmt *st, int i, sqlite3_int64 v)
{
	return sqlite3_bind_int64(st, i, v) != SQLITE_OK;
}

/*
 * Run a statement that returns no row, then reset it and clear its
 * bindings.  0 on success; -1 on failure, leaving the statement as it
 * failed so that the connection's error message stays.
 */
static int run(sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		return -1;
	if (sqlite3_reset(st) != SQLITE_OK)
		return -1;
	return sqlite3_clear_bindings(st) == SQLITE_OK ? 0 : -1;
}

/*
 * Run a statement that returns at most one row and read the integer in
 * its first column into *id.  1 if there was a row, 0 if none, -1 on
 * failure (as for run()).
 */
static int query_id(sqlite3_stmt *st, sqlite3_int64 *id)
{
	int rc = sqlite3_step(st), found;

	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		found = 1;
	} else if (rc == SQLITE_DONE) {
		found = 0;
	} else {
		return -1;
	}
	if (sqlite3_reset(st) != SQLITE_OK)
		return -1;
	return sqlite3_clear_bindings(st) == SQLITE_OK ? found : -1;
}

/* Reset every cached statement (after a failure); errors are expected. */
static void reset_all(struct vl_store *s)
{
	int i;

	for (i = 0; i < ST_COUNT; i++) {
		if (s->stmts[i]) {
			/* Returns the statement's last error again: ignored. */
			(void)sqlite3_reset(s->stmts[i]);
			(void)sqlite3_clear_bindings(s->stmts[i]);
		}
	}
}

/*
 * Run a constant SQL text (one or more statements, no parameters).
 * 0 on success, -1 on failure with the error left in the connection.
 */
static int exec_sql(struct vl_store *s, const char *sql, size_t len)
{
	const char *end = sql + len, *tail;
	sqlite3_stmt *st;
	int rc;

	while (sql < end) {
		rc = sqlite3_prepare_v2(s->db, sql, (int)(end - sql), &st,
					&tail);
		if (rc != SQLITE_OK)
			return -1;
		sql = tail;
		if (!st)	/* only whitespace or a comment was left */
			continue;
		do
			rc = sqlite3_step(st);
		while (rc == SQLITE_ROW);
		if (rc != SQLITE_DONE) {
			/* The error message stays until the next call. */
			(void)sqlite3_finalize(st);
			return -1;
		}
		if (sqlite3_finalize(st) != SQLITE_OK)
			return -1;
	}
	return 0;
}

static int exec(struct vl_store *s, const char *sql)
{
	return exec_sql(s, sql, strlen(sql));
}

/* Roll back the open transaction, if any (sqlite may have done so). */
static void rollback(struct vl_store *s)
{
	reset_all(s);
	if (!sqlite3_get_autocommit(s->db)) {
		/*
		 * If even ROLLBACK fails the transaction stays open until
		 * the connection is closed, which rolls it back: nothing
		 * better can be done, and the caller already has an error.
		 */
		(void)exec(s, "ROLLBACK");
	}
}

/* ---- opening ---- */

/* Read PRAGMA user_version into *version.  0 or -1. */
static int read_version(struct vl_store *s, int *version)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st,
			       NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int(st, 0);
	else if (rc == SQLITE_DONE)
		*version = 0;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		(void)sqlite3_finalize(st);
		return -1;
	}
	return sqlite3_finalize(st) == SQLITE_OK ? 0 : -1;
}

/* The oldest schema version this vmalock reads (and upgrades). */
#define OLDEST_SCHEMA_VERSION 1

/*
 * Check a schema version read from the file: 0 if this vmalock can read
 * it (a writer upgrades an older one), else -1 with a message.  Version
 * 0 (no schema) is the caller's.
 */
static int check_version(struct vl_store *s, int version, char **err)
{
	if (version > VL_STORE_SCHEMA_VERSION) {
		set_err(err, "%s: database schema version %d is newer than "
			"this vmalock supports (%d)", s->path, version,
			VL_STORE_SCHEMA_VERSION);
		return -1;
	}
	if (version < OLDEST_SCHEMA_VERSION) {
		set_err(err, "%s: database schema version %d is older than "
			"this vmalock supports (%d)", s->path, version,
			VL_STORE_SCHEMA_VERSION);
		return -1;
	}
	return 0;
}

/* Is the main database free of any table, index, view or trigger? */
static int schema_empty(struct vl_store *s, bool *empty)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM main.sqlite_master",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		(void)sqlite3_finalize(st);
		return -1;
	}
	*empty = sqlite3_column_int64(st, 0) == 0;
	return sqlite3_finalize(st) == SQLITE_OK ? 0 : -1;
}

/* Fill the meta table of a new database.  0 or -1. */
static int write_meta(struct vl_store *s)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db,
			       "INSERT INTO meta (key, value) VALUES "
			       "('schema_version', ?1), "
			       "('created_at', " ISO_NOW "), "
			       "('created_by', ?2)",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (bind_int(st, 1, VL_STORE_SCHEMA_VERSION) ||
	    bind_text(st, 2, "vmalock " VL_VERSION) ||
	    sqlite3_step(st) != SQLITE_DONE) {
		(void)sqlite3_finalize(st);
		return -1;
	}
	return sqlite3_finalize(st) == SQLITE_OK ? 0 : -1;
}

/*
 * Upgrade a database of schema version VERSION (older than the current
 * one) to the current version, inside the caller's transaction.
 */
static int migrate(struct vl_store *s, int version)
{
	for (; version < VL_STORE_SCHEMA_VERSION; version++) {
		if (exec(s, migrations[version]))
			return -1;
	}
	return exec(s, "INSERT INTO meta (key, value) VALUES "
		       "('schema_version', '" STR(VL_STORE_SCHEMA_VERSION)
		       "') ON CONFLICT (key) DO UPDATE SET "
		       "value = excluded.value") ||
	       exec(s, "PRAGMA user_version = "
		       STR(VL_STORE_SCHEMA_VERSION)) ? -1 : 0;
}

/*
 * Make sure the database has the current schema: create it in a new
 * (empty) file, upgrade an older version in place.  Safe when many
 * processes open the same file at once: creation and upgrade happen in a
 * BEGIN IMMEDIATE transaction (one writer at a time) that reads the
 * version again before doing anything.
 */
static int ensure_schema(struct vl_store *s, char **err)
{
	const char *what;
	int version;
	bool empty;

	what = "reading the schema version";
	if (read_version(s, &version))
		goto fail;
	if (version == VL_STORE_SCHEMA_VERSION)
		return 0;
	if (version != 0 && check_version(s, version, err))
		return -1;

	what = "starting the schema transaction";
	if (exec(s, "BEGIN IMMEDIATE"))
		goto fail;
	what = "reading the schema version";
	if (read_version(s, &version))
		goto fail;
	if (version == VL_STORE_SCHEMA_VERSION) {
		/* Another process created or upgraded it meanwhile. */
		rollback(s);
		return 0;
	}
	if (version != 0) {
		if (check_version(s, version, err)) {
			rollback(s);
			return -1;
		}
		what = "upgrading the schema";
		if (migrate(s, version))
			goto fail;
		what = "committing the schema upgrade";
		if (exec(s, "COMMIT"))
			goto fail;
		return 0;
	}
	what = "reading the schema";
	if (schema_empty(s, &empty))
		goto fail;
	if (!empty) {
		rollback(s);
		set_err(err, "%s: not a vmalock database (it has tables but "
			"no vmalock schema version)", s->path);
		return -1;
	}
	what = "creating the schema";
	if (exec_sql(s, vl_schema_sql, vl_schema_sql_len) || write_meta(s) ||
	    exec(s, "PRAGMA user_version = " STR(VL_STORE_SCHEMA_VERSION)))
		goto fail;
	what = "committing the schema";
	if (exec(s, "COMMIT"))
		goto fail;
	return 0;

fail:
	db_err(s, err, what);
	rollback(s);
	return -1;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	/* An interrupted sleep only makes the next try come sooner. */
	(void)nanosleep(&ts, NULL);
}

/* Set the pragmas of a writing connection.  0 or -1 with a message. */
static int setup_writer(struct vl_store *s, char **err)
{
	sqlite3_stmt *st;
	int rc, waited;

	/*
	 * WAL lets the report tool read while compilers write, and lets
	 * writers commit without waiting for readers.  It is persistent:
	 * after the first open this is a no-op.  The result is the mode in
	 * force; a file system without shared memory support may keep the
	 * old one, which is slower but still correct.
	 */
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st,
			       NULL) != SQLITE_OK)
		goto fail;
	for (waited = 0;; waited += BUSY_RETRY_MS) {
		do
			rc = sqlite3_step(st);
		while (rc == SQLITE_ROW);
		/*
		 * Switching a new file to WAL needs an exclusive lock, and
		 * sqlite returns BUSY at once, without calling the busy
		 * handler, when waiting could deadlock with another process
		 * doing the same: so wait here.
		 */
		if ((rc & 0xff) != SQLITE_BUSY || waited >= BUSY_TIMEOUT_MS)
			break;
		(void)sqlite3_reset(st);	/* repeats the BUSY */
		sleep_ms(BUSY_RETRY_MS);
	}
	if (rc != SQLITE_DONE) {
		db_err(s, err, "setting WAL mode");
		(void)sqlite3_finalize(st);
		return -1;
	}
	if (sqlite3_finalize(st) != SQLITE_OK)
		goto fail;
	if (exec(s, "PRAGMA foreign_keys = ON") ||
	    exec(s, "PRAGMA synchronous = NORMAL"))
		goto fail;
	return 0;

fail:
	db_err(s, err, "setting up the connection");
	return -1;
}

/*
 * Is the directory of PATH one where this process can create files?  A
 * writer needs it (the database itself when new, and PATH-wal and
 * PATH-shm, which sqlite creates beside a WAL database), and so does a
 * reader when those two do not exist yet.  0, or -1 with errno set and
 * the directory's name in dir (size bytes).
 */
static int dir_writable(const char *path, char *dir, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(dir, size, ".");
	else if (slash == path)
		snprintf(dir, size, "/");
	else
		snprintf(dir, size, "%.*s", (int)(slash - path), path);
	return access(dir, W_OK | X_OK);
}

/*
 * Open PATH for writing (readonly false) or reading.  On success *out is
 * the store; on failure *out is NULL and *err has the message.
 */
static int store_open(const char *path, bool readonly, struct vl_store **out,
		      char **err)
{
	struct vl_store *s;
	struct stat sb;
	char dir[4096];
	int flags, rc;

	*out = NULL;
	if (!path || !*path) {
		set_err(err, "no database path given");
		return -1;
	}
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			set_err(err, "%s: is a directory, not a database",
				path);
			return -1;
		}
	} else if (readonly) {
		if (errno == ENOENT)
			set_err(err, "%s: no such database", path);
		else
			set_err(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!readonly && dir_writable(path, dir, sizeof(dir))) {
		set_err(err, "%s: cannot write in %s: %s (a database needs "
			"a writable directory for its -wal and -shm files)",
			path, dir, strerror(errno));
		return -1;
	}

	s = calloc(1, sizeof(*s));
	if (s)
		s->path = strdup(path);
	if (!s || !s->path) {
		free(s);
		set_err(err, "%s: out of memory", path);
		return -1;
	}
	s->readonly = readonly;
	flags = readonly ? SQLITE_OPEN_READONLY
			 : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(path, &s->db, flags, NULL);
	if (rc != SQLITE_OK) {
		int e = s->db ? sqlite3_system_errno(s->db) : 0;

		if (e)
			set_err(err, "%s: cannot open database: %s (%s)",
				path, s->db ? sqlite3_errmsg(s->db)
					    : sqlite3_errstr(rc),
				strerror(e));
		else
			set_err(err, "%s: cannot open database: %s", path,
				s->db ? sqlite3_errmsg(s->db)
				      : sqlite3_errstr(rc));
		goto fail;
	}
	if (sqlite3_extended_result_codes(s->db, 1) != SQLITE_OK ||
	    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS) != SQLITE_OK) {
		db_err(s, err, "setting up the connection");
		goto fail;
	}

	if (readonly) {
		int version;

		if (read_version(s, &version)) {
			int code = sqlite3_errcode(s->db) & 0xff;

			/* sqlite could not create PATH-shm to read the WAL. */
			if ((code == SQLITE_READONLY ||
			     code == SQLITE_CANTOPEN) &&
			    dir_writable(path, dir, sizeof(dir)))
				set_err(err, "%s: cannot read the database: "
					"sqlite needs to create its -shm file "
					"in %s: %s", path, dir,
					strerror(errno));
			else
				db_err(s, err, "reading the schema version");
			goto fail;
		}
		if (version == 0) {
			set_err(err, "%s: not a vmalock database (no schema)",
				path);
			goto fail;
		}
		/* An older version is read as it is, never upgraded. */
		if (check_version(s, version, err))
			goto fail;
		s->version = version;
	} else {
		/* READWRITE silently falls back to reading only. */
		if (sqlite3_db_readonly(s->db, "main") == 1) {
			set_err(err, "%s: database is read-only", path);
			goto fail;
		}
		if (setup_writer(s, err) || ensure_schema(s, err))
			goto fail;
		s->version = VL_STORE_SCHEMA_VERSION;
		/* The findings of the unit being stored. */
		if (exec(s, "CREATE TEMP TABLE IF NOT EXISTS "
			    "vl_unit_findings (id INTEGER PRIMARY KEY)")) {
			db_err(s, err, "setting up the connection");
			goto fail;
		}
	}
	*out = s;
	return 0;

fail:
	vl_store_close(s);
	return -1;
}

int vl_store_open(const char *path, struct vl_store **out, char **err)
{
	return store_open(path, false, out, err);
}

int vl_store_open_readonly(const char *path, struct vl_store **out,
			   char **err)
{
	return store_open(path, true, out, err);
}

/* ---- storing a unit ---- */

/*
 * Test only: VMALOCK_TEST_DIE_IN_TXN=after_findings makes the process
 * exit at once (status 9, no cleanup, as if killed) inside the
 * transaction of vl_store_put_unit(), after the findings were written
 * and before the commit.  testdata/store/killed-writer.test uses it to
 * check that a writer dying mid-transaction loses nothing stored before
 * (docs/reliability.md).  Not a user interface.
 */
static void test_die_point(const char *where)
{
	const char *v = getenv("VMALOCK_TEST_DIE_IN_TXN");

	if (v && strcmp(v, where) == 0)
		_exit(9);
}

/*
 * Reject records the schema cannot hold before touching the database:
 * 0 if the unit is complete, else -1 with a message naming the record.
 */
static int check_unit(const struct vl_store *s,
		      const struct vl_store_unit *unit,
		      const struct vl_store_function *funcs, uint32_t nfuncs,
		      const struct vl_store_finding *findings,
		      uint32_t nfindings, char **err)
{
	const char *missing = NULL;
	uint32_t i;

	if (!unit || !unit->path || !*unit->path) {
		set_err(err, "%s: invalid unit: no path", s->path);
		return -1;
	}
	if (unit->ir && strcmp(unit->path, VL_STORE_LINK_UNIT) == 0) {
		set_err(err, "%s: invalid unit %s: the link unit has no IR",
			s->path, unit->path);
		return -1;
	}
	if ((nfuncs && !funcs) || (nfindings && !findings)) {
		set_err(err, "%s: invalid unit %s: no array for %s",
			s->path, unit->path, nfuncs && !funcs ? "functions"
							      : "findings");
		return -1;
	}
	for (i = 0; i < nfuncs; i++) {
		if (!funcs[i].name) {
			set_err(err, "%s: invalid unit %s: function %u has "
				"no name", s->path, unit->path, i);
			return -1;
		}
	}
	for (i = 0; i < nfindings; i++) {
		const struct vl_store_finding *f = &findings[i];

		if (!f->fingerprint || !*f->fingerprint)
			missing = "fingerprint";
		else if (!f->checker || !*f->checker)
			missing = "checker";
		else if (!f->file)
			missing = "file";
		else if (!f->message)
			missing = "message";
		else if (f->nsteps && !f->steps)
			missing = "steps array";
		if (missing) {
			set_err(err, "%s: invalid unit %s: finding %u has "
				"no %s", s->path, unit->path, i, missing);
			return -1;
		}
	}
	return 0;
}

/*
 * Find or create the run this unit belongs to (see docs/schema.md) and
 * mark it as active now.  0 with *run_id set, or -1.
 */
static int find_run(struct vl_store *s, const struct vl_store_unit *unit,
		    const char *now, const char *cutoff,
		    sqlite3_int64 *run_id)
{
	const char *key = unit->run_key && *unit->run_key ? unit->run_key
							   : NULL;
	sqlite3_stmt *st;
	int found;

	if (key) {
		st = stmt(s, ST_RUN_BY_KEY);
		if (!st || bind_text(st, 1, key))
			return -1;
	} else {
		st = stmt(s, ST_RUN_AUTO);
		if (!st || bind_text(st, 1, unit->tool_version) ||
		    bind_text(st, 2, unit->spec_hash) ||
		    bind_text(st, 3, cutoff))
			return -1;
	}
	found = query_id(st, run_id);
	if (found < 0)
		return -1;
	if (!found) {
		st = stmt(s, ST_RUN_INSERT);
		if (!st || bind_text(st, 1, key) || bind_text(st, 2, now) ||
		    bind_text(st, 3, unit->tool_version) ||
		    bind_text(st, 4, unit->spec_name) ||
		    bind_text(st, 5, unit->spec_hash) || run(st))
			return -1;
		*run_id = sqlite3_last_insert_rowid(s->db);
		return 0;
	}
	st = stmt(s, ST_RUN_TOUCH);
	if (!st || bind_int(st, 1, *run_id) || bind_text(st, 2, now) ||
	    run(st))
		return -1;
	return 0;
}

/*
 * Take the next generation number (meta.generation, created by the first
 * unit stored): 0 with *generation set, or -1.
 */
static int next_generation(struct vl_store *s, sqlite3_int64 *generation)
{
	sqlite3_stmt *st = stmt(s, ST_GEN_BUMP);

	if (!st || run(st))
		return -1;
	st = stmt(s, ST_GEN_READ);
	return st && query_id(st, generation) == 1 ? 0 : -1;
}

/* Insert or update the unit row; 0 with *unit_id set, or -1. */
static int put_unit_row(struct vl_store *s, const struct vl_store_unit *unit,
			sqlite3_int64 run_id, const char *now, uint32_t nfuncs,
			sqlite3_int64 generation, sqlite3_int64 *unit_id)
{
	sqlite3_stmt *st = stmt(s, ST_UNIT_UPSERT);

	if (!st || bind_text(st, 1, unit->path) || bind_int(st, 2, run_id) ||
	    bind_text(st, 3, now) || bind_text(st, 4, unit->compiler) ||
	    bind_text(st, 5, unit->tool_version) ||
	    bind_text(st, 6, unit->spec_name) ||
	    bind_text(st, 7, unit->spec_hash) ||
	    bind_int(st, 8, unit->duration_ms) || bind_int(st, 9, nfuncs) ||
	    bind_int(st, 10, generation) || run(st))
		return -1;
	st = stmt(s, ST_UNIT_ID);
	if (!st || bind_text(st, 1, unit->path))
		return -1;
	/* The row was just written: not finding it is an error too. */
	return query_id(st, unit_id) == 1 ? 0 : -1;
}

/* Replace the unit's IR, or delete it when the unit has none now. */
static int put_ir(struct vl_store *s, sqlite3_int64 unit_id,
		  const struct vl_store_unit *unit)
{
	sqlite3_stmt *st;

	if (!unit->ir) {
		st = stmt(s, ST_IR_DELETE);
		return !st || bind_int(st, 1, unit_id) || run(st) ? -1 : 0;
	}
	st = stmt(s, ST_IR_PUT);
	/*
	 * STATIC: sqlite reads the caller's bytes when the statement runs,
	 * within this call; the binding is cleared after (or on failure,
	 * by the rollback).
	 */
	if (!st || bind_int(st, 1, unit_id) ||
	    bind_int(st, 2, unit->ir_format) ||
	    sqlite3_bind_blob64(st, 3, unit->ir, unit->ir_len,
				SQLITE_STATIC) != SQLITE_OK || run(st))
		return -1;
	return 0;
}

/*
 * Record, with the link pseudo-unit, which units with IR the link was
 * computed from: those the last complete vl_store_each_ir() of this
 * handle read, else those in the database now.
 */
static int put_link_inputs(struct vl_store *s)
{
	sqlite3_int64 units = s->ir_read_units;
	sqlite3_int64 generation = s->ir_read_generation;
	sqlite3_stmt *st;

	if (!s->ir_read) {
		st = stmt(s, ST_IR_INPUTS);
		if (!st || sqlite3_step(st) != SQLITE_ROW)
			return -1;
		units = sqlite3_column_int64(st, 0);
		generation = sqlite3_column_int64(st, 1);
		if (sqlite3_reset(st) != SQLITE_OK)
			return -1;
	}
	st = stmt(s, ST_LINK_INPUTS);
	if (!st || bind_int(st, 1, units) || bind_int(st, 2, generation) ||
	    run(st))
		return -1;
	return 0;
}

/* Replace the functions the unit stored before. */
static int put_functions(struct vl_store *s, sqlite3_int64 unit_id,
			 const struct vl_store_function *funcs,
			 uint32_t nfuncs)
{
	sqlite3_stmt *st;
	uint32_t i;

	st = stmt(s, ST_FUNC_DELETE);
	if (!st || bind_int(st, 1, unit_id) || run(st))
		return -1;
	for (i = 0; i < nfuncs; i++) {
		const struct vl_store_function *f = &funcs[i];

		st = stmt(s, ST_FUNC_INSERT);
		if (!st || bind_int(st, 1, unit_id) ||
		    bind_text(st, 2, f->name) || bind_text(st, 3, f->file) ||
		    bind_int(st, 4, f->line) ||
		    bind_int(st, 5, f->is_static) ||
		    bind_int(st, 6, f->analysed) || run(st))
			return -1;
	}
	return 0;
}

/*
 * Store one finding: insert it, or update the row with the same
 * fingerprint (keeping when it was first seen); replace its path steps;
 * link it to the unit (if not yet) and note it in temp.vl_unit_findings.
 */
static int put_finding(struct vl_store *s, sqlite3_int64 unit_id,
		       sqlite3_int64 run_id, const char *now,
		       const struct vl_store_finding *f)
{
	sqlite3_int64 finding_id;
	sqlite3_stmt *st;
	uint32_t i;

	st = stmt(s, ST_FINDING_UPSERT);
	if (!st || bind_text(st, 1, f->fingerprint) ||
	    bind_text(st, 2, f->checker) || bind_text(st, 3, f->file) ||
	    bind_int(st, 4, f->line) || bind_int(st, 5, f->col) ||
	    bind_text(st, 6, f->function) || bind_text(st, 7, f->key) ||
	    bind_text(st, 8, f->message) || bind_int(st, 9, run_id) ||
	    bind_text(st, 10, now))
		return -1;
	/* (Parameters left unbound are NULL: no rule.) */
	if (f->rule_file &&
	    (bind_text(st, 11, f->rule_file) ||
	     bind_int(st, 12, f->rule_line) ||
	     bind_text(st, 13, f->rule_text) ||
	     bind_text(st, 14, f->rule_doc)))
		return -1;
	if (run(st))
		return -1;
	st = stmt(s, ST_FINDING_ID);
	if (!st || bind_text(st, 1, f->fingerprint) ||
	    query_id(st, &finding_id) != 1)
		return -1;

	st = stmt(s, ST_STEP_DELETE);
	if (!st || bind_int(st, 1, finding_id) || run(st))
		return -1;
	for (i = 0; i < f->nsteps; i++) {
		const struct vl_store_step *p = &f->steps[i];

		st = stmt(s, ST_STEP_INSERT);
		if (!st || bind_int(st, 1, finding_id) || bind_int(st, 2, i) ||
		    bind_text(st, 3, p->file) || bind_int(st, 4, p->line) ||
		    bind_int(st, 5, p->col) || bind_text(st, 6, p->message) ||
		    run(st))
			return -1;
	}

	st = stmt(s, ST_LINK_INSERT);
	if (!st || bind_int(st, 1, finding_id) || bind_int(st, 2, unit_id) ||
	    run(st))
		return -1;
	st = stmt(s, ST_NEW_ADD);
	if (!st || bind_int(st, 1, finding_id) || run(st))
		return -1;
	return 0;
}

/*
 * Unlink the findings the unit reported before and does not any more
 * (the schema's trigger deletes those no unit reports now), count the
 * unit's findings, and append the history row.
 */
static int finish_unit(struct vl_store *s, sqlite3_int64 unit_id)
{
	sqlite3_stmt *st;

	st = stmt(s, ST_LINK_DELETE_STALE);
	if (!st || bind_int(st, 1, unit_id) || run(st))
		return -1;
	st = stmt(s, ST_UNIT_COUNT);
	if (!st || bind_int(st, 1, unit_id) || run(st))
		return -1;
	st = stmt(s, ST_HISTORY_INSERT);
	if (!st || bind_int(st, 1, unit_id) || run(st))
		return -1;
	return 0;
}

/* Read the current time and the start of the run window. */
static int read_now(struct vl_store *s, char *now, char *cutoff, size_t size)
{
	sqlite3_stmt *st = stmt(s, ST_NOW);
	const unsigned char *a, *b;

	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return -1;
	a = sqlite3_column_text(st, 0);
	b = sqlite3_column_text(st, 1);
	if (!a || !b)
		return -1;
	snprintf(now, size, "%s", (const char *)a);
	snprintf(cutoff, size, "%s", (const char *)b);
	return sqlite3_reset(st) == SQLITE_OK ? 0 : -1;
}

int vl_store_put_unit(struct vl_store *s, const struct vl_store_unit *unit,
		      const struct vl_store_function *funcs, uint32_t nfuncs,
		      const struct vl_store_finding *findings,
		      uint32_t nfindings, char **err)
{
	sqlite3_int64 run_id, unit_id, generation;
	char now[32], cutoff[32];
	sqlite3_stmt *st;
	const char *what;
	uint32_t i;

	if (!s) {
		set_err(err, "no database");
		return -1;
	}
	if (s->readonly) {
		set_err(err, "%s: opened read-only", s->path);
		return -1;
	}
	if (check_unit(s, unit, funcs, nfuncs, findings, nfindings, err))
		return -1;

	/* IMMEDIATE: take the write lock now, waiting for other writers. */
	what = "starting the transaction";
	if (exec(s, "BEGIN IMMEDIATE"))
		goto fail;
	what = "reading the time";
	if (read_now(s, now, cutoff, sizeof(now)))
		goto fail;
	what = "finding the run";
	if (find_run(s, unit, now, cutoff, &run_id))
		goto fail;
	what = "numbering the unit";
	if (next_generation(s, &generation))
		goto fail;
	what = "storing the unit";
	if (put_unit_row(s, unit, run_id, now, nfuncs, generation, &unit_id))
		goto fail;
	what = "storing the IR";
	if (put_ir(s, unit_id, unit))
		goto fail;
	if (strcmp(unit->path, VL_STORE_LINK_UNIT) == 0) {
		what = "recording the inputs of the link";
		if (put_link_inputs(s))
			goto fail;
	}
	what = "storing the functions";
	if (put_functions(s, unit_id, funcs, nfuncs))
		goto fail;
	what = "storing the findings";
	st = stmt(s, ST_NEW_CLEAR);
	if (!st || run(st))
		goto fail;
	for (i = 0; i < nfindings; i++) {
		if (put_finding(s, unit_id, run_id, now, &findings[i]))
			goto fail;
	}
	what = "finishing the unit";
	if (finish_unit(s, unit_id))
		goto fail;
	test_die_point("after_findings");
	what = "committing";
	if (exec(s, "COMMIT"))
		goto fail;
	return 0;

fail:
	/* Read the message before the rollback replaces it. */
	set_err(err, "%s: storing %s: %s: %s", s->path, unit->path, what,
		sqlite3_errmsg(s->db));
	rollback(s);
	return -1;
}

/* ---- whole-program analysis: IR and link ---- */

int vl_store_each_ir(struct vl_store *s,
		     int (*cb)(void *ctx, const char *unit_path,
			       const char *spec_name, const char *spec_hash,
			       uint32_t format, const void *ir, size_t len),
		     void *ctx, char **err)
{
	sqlite3_int64 units = 0, generation = 0;
	sqlite3_stmt *st;
	int rc;

	if (!s || !cb) {
		set_err(err, "%s: reading the IR: %s", s ? s->path : "?",
			s ? "no callback" : "no database");
		return -1;
	}
	if (s->version >= 2) {
		/*
		 * One statement, not the cached ones: a single read
		 * transaction, and the callback may use the store.
		 */
		if (sqlite3_prepare_v2(s->db,
				       "SELECT u.path, u.spec_name, "
				       "u.spec_hash, i.format, i.ir, "
				       "u.generation FROM units u "
				       "JOIN unit_ir i ON i.unit_id = u.id "
				       "WHERE u.path <> " LINK_SQL
				       " ORDER BY u.path", -1, &st,
				       NULL) != SQLITE_OK) {
			db_err(s, err, "reading the IR");
			return -1;
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *path = (const char *)
				sqlite3_column_text(st, 0);
			const void *ir = sqlite3_column_blob(st, 4);
			size_t len = (size_t)sqlite3_column_bytes(st, 4);

			units++;
			if (sqlite3_column_int64(st, 5) > generation)
				generation = sqlite3_column_int64(st, 5);
			if (cb(ctx, path,
			       (const char *)sqlite3_column_text(st, 1),
			       (const char *)sqlite3_column_text(st, 2),
			       (uint32_t)sqlite3_column_int64(st, 3),
			       ir ? ir : "", len)) {
				set_err(err, "%s: reading the IR of %s: "
					"stopped by the caller", s->path,
					path);
				(void)sqlite3_finalize(st);
				return -1;
			}
		}
		if (rc != SQLITE_DONE) {
			db_err(s, err, "reading the IR");
			(void)sqlite3_finalize(st);
			return -1;
		}
		if (sqlite3_finalize(st) != SQLITE_OK) {
			db_err(s, err, "reading the IR");
			return -1;
		}
	}
	s->ir_read = true;
	s->ir_read_units = units;
	s->ir_read_generation = generation;
	return 0;
}

int vl_store_link_state(struct vl_store *s, bool *has_ir, bool *linked,
			bool *stale, char **err)
{
	sqlite3_int64 units, generation;
	sqlite3_stmt *st;
	bool ir = false, link = false, old = false;

	if (!s) {
		set_err(err, "no database");
		return -1;
	}
	if (s->version >= 2) {
		/* One statement: one consistent snapshot. */
		if (sqlite3_prepare_v2(s->db,
				       "SELECT b.n, b.g, EXISTS (SELECT 1 "
				       "FROM units WHERE path = " LINK_SQL
				       "), (SELECT CAST(value AS INTEGER) "
				       "FROM meta WHERE key = "
				       "'link_ir_units'), (SELECT CAST(value "
				       "AS INTEGER) FROM meta WHERE key = "
				       "'link_ir_generation') FROM ("
				       IR_INPUTS_SQL ") AS b", -1, &st,
				       NULL) != SQLITE_OK) {
			db_err(s, err, "reading the link state");
			return -1;
		}
		if (sqlite3_step(st) != SQLITE_ROW) {
			db_err(s, err, "reading the link state");
			(void)sqlite3_finalize(st);
			return -1;
		}
		units = sqlite3_column_int64(st, 0);
		generation = sqlite3_column_int64(st, 1);
		ir = units > 0;
		link = sqlite3_column_int64(st, 2) != 0;
		/* A link whose inputs were not recorded counts as stale. */
		old = link && (sqlite3_column_type(st, 3) == SQLITE_NULL ||
			       sqlite3_column_type(st, 4) == SQLITE_NULL ||
			       sqlite3_column_int64(st, 3) != units ||
			       sqlite3_column_int64(st, 4) != generation);
		if (sqlite3_finalize(st) != SQLITE_OK) {
			db_err(s, err, "reading the link state");
			return -1;
		}
	}
	if (has_ir)
		*has_ir = ir;
	if (linked)
		*linked = link;
	if (stale)
		*stale = old;
	return 0;
}

/* ---- accessors ---- */

struct sqlite3 *vl_store_db(struct vl_store *s)
{
	return s->db;
}

const char *vl_store_path(const struct vl_store *s)
{
	return s->path;
}

void vl_store_close(struct vl_store *s)
{
	int i;

	if (!s)
		return;
	for (i = 0; i < ST_COUNT; i++) {
		/* Only repeats the statement's last error: ignored. */
		(void)sqlite3_finalize(s->stmts[i]);
	}
	/*
	 * close_v2 cannot fail on a valid handle: statements the caller
	 * still holds only delay the close until they are finalized.  An
	 * open transaction is rolled back.
	 */
	(void)sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}
