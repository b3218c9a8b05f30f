/*
 * The findings store: one sqlite database shared by every compiler
 * process of a build and read by the command-line tool.
 *
 * The schema is in store/schema.sql and documented in docs/schema.md.
 * This interface knows nothing about the analysis: the plugin hands it
 * flat records with resolved file names and line numbers.
 *
 * Every function returns 0 on success or -1 on failure; on failure *err
 * (if err is not NULL) receives a malloc'ed message that names the
 * database file and what went wrong.  A failure never leaves a partial
 * translation unit behind: each unit is written in one transaction.
 */
#ifndef VL_STORE_H
#define VL_STORE_H

#include <stdbool.h>
#include <stdint.h>

struct sqlite3;
struct vl_store;

/* Schema version written to PRAGMA user_version. */
#define VL_STORE_SCHEMA_VERSION 1

/* One step of the path that explains a finding ("mmap lock taken here"). */
struct vl_store_step {
	const char *file;
	uint32_t line;
	uint32_t col;
	const char *message;
};

struct vl_store_finding {
	const char *fingerprint;	/* 16 hex digits, stable across runs */
	const char *checker;		/* "field-write", ... */
	const char *file;		/* normalised path of the location */
	uint32_t line;
	uint32_t col;
	const char *function;		/* enclosing function */
	const char *key;		/* field, lock or callee the finding is about */
	const char *message;
	const struct vl_store_step *steps;
	uint32_t nsteps;
};

struct vl_store_function {
	const char *name;
	const char *file;
	uint32_t line;
	bool is_static;
	bool analysed;		/* false: declared/defined but not analysed */
};

/* What a compiler process analysed: one translation unit. */
struct vl_store_unit {
	const char *path;		/* normalised main source file: the key */
	const char *compiler;		/* e.g. "clang 19.1.7" */
	const char *tool_version;	/* vmalock version */
	const char *spec_name;		/* spec file name or "bundled:linux-6.12" */
	const char *spec_hash;		/* hex hash of the spec text */
	const char *run_key;		/* NULL: automatic run grouping */
	uint32_t duration_ms;		/* analysis time of this unit */
};

/*
 * Open (creating if needed) for writing: WAL mode, a busy timeout so that
 * parallel compilers wait for each other, foreign keys on.  Fails on a
 * database from a newer schema version, a file that is not a database,
 * or a path that cannot be written.
 */
int vl_store_open(const char *path, struct vl_store **out, char **err);

/* Open an existing database for reading only (never creates it). */
int vl_store_open_readonly(const char *path, struct vl_store **out,
			   char **err);

/*
 * Store one translation unit's results in one transaction.  Whatever the
 * same unit (same path) stored before is replaced.  A finding is keyed
 * by its fingerprint: a finding in a header reported by several units is
 * stored once, linked to every unit that reported it; it disappears only
 * when no unit reports it any more.
 */
int vl_store_put_unit(struct vl_store *s, const struct vl_store_unit *unit,
		      const struct vl_store_function *funcs, uint32_t nfuncs,
		      const struct vl_store_finding *findings,
		      uint32_t nfindings, char **err);

/* The underlying connection, for read queries by the command-line tool. */
struct sqlite3 *vl_store_db(struct vl_store *s);

/* Path the store was opened with. */
const char *vl_store_path(const struct vl_store *s);

/* Commit nothing further and close.  NULL is allowed. */
void vl_store_close(struct vl_store *s);

#endif /* VL_STORE_H */
