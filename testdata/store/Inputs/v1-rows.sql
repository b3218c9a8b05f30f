-- The facts and one analysed unit of a version-1 database, as vmalock
-- 0.1.0 stored them (after Inputs/schema-v1.sql).
INSERT INTO meta (key, value) VALUES ('schema_version', '1'),
	('created_at', '2025-01-31T12:00:00Z'), ('created_by', 'vmalock 0.1.0');
INSERT INTO runs VALUES (1, NULL, '2025-01-31T12:00:00Z',
	'2025-01-31T12:00:00Z', '0.1.0', 'bundled:linux-6.12', 'cafe');
INSERT INTO units VALUES (1, 'Inputs/old.c', 1, '2025-01-31T12:00:00Z',
	'clang 19.1.7', '0.1.0', 'bundled:linux-6.12', 'cafe', 5, 1, 1);
INSERT INTO unit_runs VALUES (1, 1, 1, '2025-01-31T12:00:00Z', 5, 1, 1);
INSERT INTO functions VALUES (1, 1, 'old_fn', 'Inputs/old.c', 3, 0, 1);
INSERT INTO findings VALUES (1, '0123456789abcdef', 'field-write',
	'Inputs/old.c', 7, 2, 'old_fn', 'vm_area_struct.vm_start',
	'old finding', 1, 1, '2025-01-31T12:00:00Z', '2025-01-31T12:00:00Z');
INSERT INTO finding_units VALUES (1, 1);
INSERT INTO path_steps VALUES (1, 0, NULL, 5, 2, 'taken here');
PRAGMA journal_mode = WAL;
PRAGMA user_version = 1;
