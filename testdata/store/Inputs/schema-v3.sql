-- Schema version 3 (vmalock before the rules of findings), as
-- store/schema.sql created it, with its meta rows and version: the
-- starting point of upgrade-v3.test.
--
-- vmalock findings store, schema version 3.
--
-- store/store.c runs this script once per database file, inside the
-- BEGIN IMMEDIATE transaction that also sets PRAGMA user_version to
-- VL_STORE_SCHEMA_VERSION, so a database is either empty (version 0) or
-- has the whole schema.  Every table and column is documented in
-- docs/schema.md: keep the two in step.  Any change here that an older
-- vmalock could not read needs a new schema version, and a migration in
-- store.c (migrations[]) that gives an older database the same tables,
-- columns (in the same order), indexes and triggers as this script.
--
-- Times are ISO-8601 UTC text with seconds ("2025-01-31T12:00:00Z"), so
-- they sort and compare as text.

-- Facts about the database itself: schema_version, created_at,
-- created_by, and the counters generation, link_ir_units and
-- link_ir_generation.  Written by store.c, not by this script.
CREATE TABLE meta (
	key		TEXT PRIMARY KEY,
	value		TEXT
);

-- A run groups the units analysed by one build: either all the units
-- sharing a run key (VMALOCK_RUN), or, without a key, units stored within
-- ten minutes of each other by the same tool version and spec.
CREATE TABLE runs (
	id		INTEGER PRIMARY KEY,
	key		TEXT UNIQUE,		-- NULL: automatic grouping
	started_at	TEXT NOT NULL,
	last_at		TEXT NOT NULL,
	tool_version	TEXT,
	spec_name	TEXT,
	spec_hash	TEXT
);
CREATE INDEX runs_auto ON runs (last_at) WHERE key IS NULL;

-- One row per translation unit (main source file): the latest analysis.
-- The link pseudo-unit "<link>" holds the whole-program results.
-- generation (version 2, last so that the migration's ADD COLUMN gives
-- the same table) numbers each storing of a unit, strictly increasing
-- across the database (meta.generation); NULL for units stored by
-- version 1.
CREATE TABLE units (
	id		INTEGER PRIMARY KEY,
	path		TEXT NOT NULL UNIQUE,
	run_id		INTEGER REFERENCES runs (id) ON DELETE SET NULL,
	analysed_at	TEXT NOT NULL,
	compiler	TEXT,
	tool_version	TEXT,
	spec_name	TEXT,
	spec_hash	TEXT,
	duration_ms	INTEGER,
	nfunctions	INTEGER,
	nfindings	INTEGER,
	generation	INTEGER
);
CREATE INDEX units_run ON units (run_id);

-- The lowered IR of a unit's latest analysis (version 2), an opaque blob
-- (core/irio.h) of format version FORMAT.  At most one per unit, written
-- in the unit's transaction; none for the link pseudo-unit.
CREATE TABLE unit_ir (
	unit_id		INTEGER PRIMARY KEY REFERENCES units (id) ON DELETE CASCADE,
	format		INTEGER NOT NULL,
	ir		BLOB NOT NULL
);

-- History: one row each time a unit was stored, so a run keeps the list
-- of units it analysed after those units were analysed again later.
CREATE TABLE unit_runs (
	id		INTEGER PRIMARY KEY,
	unit_id		INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,
	run_id		INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
	analysed_at	TEXT NOT NULL,
	duration_ms	INTEGER,
	nfunctions	INTEGER,
	nfindings	INTEGER
);
CREATE INDEX unit_runs_run ON unit_runs (run_id);
CREATE INDEX unit_runs_unit ON unit_runs (unit_id);

-- Functions seen in a unit's latest analysis.
CREATE TABLE functions (
	id		INTEGER PRIMARY KEY,
	unit_id		INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,
	name		TEXT NOT NULL,
	file		TEXT,
	line		INTEGER,
	is_static	INTEGER NOT NULL DEFAULT 0,
	analysed	INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX functions_unit ON functions (unit_id);
CREATE INDEX functions_name ON functions (name);

-- Findings, one row per fingerprint whatever the number of units that
-- report it (a finding in a header is stored once).  The triage table is
-- keyed by fingerprint, not by id: the id of a finding that disappears
-- and comes back changes, its fingerprint does not.
CREATE TABLE findings (
	id		INTEGER PRIMARY KEY,
	fingerprint	TEXT NOT NULL UNIQUE,
	checker		TEXT NOT NULL,
	file		TEXT NOT NULL,
	line		INTEGER,
	"column"	INTEGER,
	function	TEXT,
	key		TEXT,
	message		TEXT NOT NULL,
	first_run_id	INTEGER REFERENCES runs (id) ON DELETE SET NULL,
	last_run_id	INTEGER REFERENCES runs (id) ON DELETE SET NULL,
	first_seen	TEXT NOT NULL,
	last_seen	TEXT NOT NULL
);
CREATE INDEX findings_order ON findings (file, line, "column", checker, fingerprint);
CREATE INDEX findings_checker ON findings (checker);

-- Which units report which findings.
CREATE TABLE finding_units (
	finding_id	INTEGER NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
	unit_id		INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,
	PRIMARY KEY (finding_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX finding_units_unit ON finding_units (unit_id, finding_id);

-- A finding exists while at least one unit reports it: when its last link
-- goes (a unit re-analysed without it, or a unit row deleted, which
-- cascades here), the finding goes too, with its path steps.
CREATE TRIGGER finding_units_orphan AFTER DELETE ON finding_units
WHEN NOT EXISTS (SELECT 1 FROM finding_units
		 WHERE finding_id = OLD.finding_id)
BEGIN
	DELETE FROM findings WHERE id = OLD.finding_id;
END;

-- The path that explains a finding, in order of seq (0, 1, ...).
CREATE TABLE path_steps (
	finding_id	INTEGER NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
	seq		INTEGER NOT NULL,
	file		TEXT,
	line		INTEGER,
	"column"	INTEGER,
	message		TEXT,
	PRIMARY KEY (finding_id, seq)
) WITHOUT ROWID;

-- Review decisions (version 3), one per fingerprint, written by
-- "vmalock triage".  Not a foreign key: a decision outlives the finding
-- (it disappears while fixed code is re-analysed, comes back with the
-- same fingerprint after a revert) and storing units never touches it.
CREATE TABLE triage (
	fingerprint	TEXT PRIMARY KEY,
	status		TEXT NOT NULL CHECK (status IN
			('confirmed', 'false-positive', 'intentional')),
	author		TEXT,
	note		TEXT,
	updated_at	TEXT NOT NULL
);

INSERT INTO meta (key, value) VALUES ('schema_version', 3),
	('created_at', '2025-09-30T12:00:00Z'), ('created_by', 'vmalock 0.1.0'),
	('generation', 1);
INSERT INTO runs (id, started_at, last_at, tool_version) VALUES
	(1, '2025-09-30T12:00:00Z', '2025-09-30T12:00:00Z', '0.1.0');
INSERT INTO units (id, path, run_id, analysed_at, nfindings, generation)
	VALUES (1, 'Inputs/old.c', 1, '2025-09-30T12:00:00Z', 1, 1);
INSERT INTO findings (id, fingerprint, checker, file, line, "column",
	function, key, message, first_run_id, last_run_id, first_seen,
	last_seen) VALUES (1, '0123456789abcdef', 'field-write', 'Inputs/old.c',
	7, 2, 'old_fn', 'vm_area_struct.vm_start', 'old finding', 1, 1,
	'2025-09-30T12:00:00Z', '2025-09-30T12:00:00Z');
INSERT INTO finding_units VALUES (1, 1);
INSERT INTO path_steps VALUES (1, 0, NULL, 5, 2, 'mmap read lock of mm taken here');
INSERT INTO triage VALUES ('0123456789abcdef', 'confirmed', 'me', 'real',
	'2025-09-30T12:00:00Z');
PRAGMA user_version = 3;
