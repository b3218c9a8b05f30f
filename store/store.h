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
#include <stddef.h>
#include <stdint.h>

struct sqlite3;
struct vl_store;

/*
 * Schema version written to PRAGMA user_version.  Versions 1 (no IR, no
 * link), 2 (no triage) and 3 (findings without their rule) are still
 * read, and upgraded in place when opened for writing.
 */
#define VL_STORE_SCHEMA_VERSION 4

/*
 * Path of the link pseudo-unit: the whole-program results that
 * "vmalock link" stores with vl_store_put_unit() (ir NULL, functions:
 * every function analysed, findings: the whole-program findings).  No
 * source file has this name.  It is not a translation unit: it has no IR,
 * vl_store_each_ir() skips it and reports do not count it.
 */
#define VL_STORE_LINK_UNIT "<link>"

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
	/*
	 * The spec entry behind the finding: the spec file (or the source
	 * file of an annotation), the line of the entry, its text and the
	 * documentation it names (may be NULL).  rule_file NULL: none known
	 * (the other three are then not stored).
	 */
	const char *rule_file;
	uint32_t rule_line;
	const char *rule_text;
	const char *rule_doc;
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
	/*
	 * The lowered IR of the unit (core/irio.h), opaque to the store and
	 * copied into it.  NULL: the unit has no IR, and the IR it stored
	 * before, if any, is deleted.  Must be NULL for VL_STORE_LINK_UNIT.
	 */
	const void *ir;
	size_t ir_len;			/* bytes at ir (0: empty) */
	uint32_t ir_format;		/* version of the IR format */
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
 * same unit (same path) stored before is replaced, its IR included.  A
 * finding is keyed by its fingerprint: a finding in a header reported by
 * several units is stored once, linked to every unit that reported it; it
 * disappears only when no unit reports it any more.
 *
 * Storing the link pseudo-unit (path VL_STORE_LINK_UNIT) also records
 * which IR the link was computed from, for vl_store_link_state(): the IR
 * read by the last vl_store_each_ir() that went through every unit on
 * this same handle, or, if there was none, the IR in the database when
 * the link unit is stored.  So read the IR and store the link through
 * one handle: units stored in between then make the link stale.
 */
int vl_store_put_unit(struct vl_store *s, const struct vl_store_unit *unit,
		      const struct vl_store_function *funcs, uint32_t nfuncs,
		      const struct vl_store_finding *findings,
		      uint32_t nfindings, char **err);

/*
 * Called by vl_store_each_ir() for one unit: its path, the spec it was
 * analysed with (spec_name and spec_hash may be NULL) and its IR: FORMAT
 * and LEN bytes at IR (never NULL, even when LEN is 0), valid only until
 * the callback returns.  Returns 0 to go on, non-zero to stop.
 */
typedef int (*vl_store_ir_fn)(void *ctx, const char *unit_path,
			      const char *spec_name, const char *spec_hash,
			      uint32_t format, const void *ir, size_t len);

/*
 * Call CB for every unit that has IR, in byte order of the unit paths,
 * leaving out the link pseudo-unit.  The units are read in one read
 * transaction (a consistent snapshot, also while compilers write).
 * Works on a read-only or writable store; a version-1 database has no IR
 * (CB is never called).  Returns 0 after the last unit; -1 on a database
 * error or when CB returned non-zero, with *err naming the database and
 * the unit (the callback keeps its own reason in CTX).
 */
int vl_store_each_ir(struct vl_store *s,
		     int (*cb)(void *ctx, const char *unit_path,
			       const char *spec_name, const char *spec_hash,
			       uint32_t format, const void *ir, size_t len),
		     void *ctx, char **err);

/*
 * What the database holds for whole-program analysis, read in one
 * snapshot (within the caller's transaction if one is open; see
 * docs/schema.md, "The link"):
 *   *has_ir: some unit other than the link pseudo-unit has IR;
 *   *linked: the link pseudo-unit exists;
 *   *stale: linked, and the units with IR are no longer those the link
 *     was computed from: a unit stored with IR since (even within the
 *     same second), a unit whose IR was removed or that was deleted.
 *     Units stored without IR that had none do not make it stale: the
 *     link never saw them and linking again would not either.
 * Works on a read-only or writable store; a version-1 database gives
 * false, false, false.  Any of the three pointers may be NULL.
 */
int vl_store_link_state(struct vl_store *s, bool *has_ir, bool *linked,
			bool *stale, char **err);

/* The underlying connection, for read queries by the command-line tool. */
struct sqlite3 *vl_store_db(struct vl_store *s);

/* Path the store was opened with. */
const char *vl_store_path(const struct vl_store *s);

/* Commit nothing further and close.  NULL is allowed. */
void vl_store_close(struct vl_store *s);

#endif /* VL_STORE_H */
