-- What "vmalock link" stores, written by hand: the link pseudo-unit
-- "<link>" reporting two of the findings of the units (held-at-exit and
-- lock-order of Inputs/locks.c) and one that only the whole program
-- shows (a call-requires in Inputs/clean.c, with one path step), and the
-- units with IR it was computed from (docs/schema.md, "The link"), so
-- that it is not stale.
PRAGMA foreign_keys = ON;
UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation';
INSERT INTO units (path, analysed_at, nfunctions, nfindings, generation)
VALUES ('<link>', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 0, 3,
	(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'));
INSERT INTO findings (fingerprint, checker, file, line, "column", function,
		      key, message, first_seen, last_seen)
VALUES ('00000000000000ff', 'call-requires', 'Inputs/clean.c', 11, 2,
	'set_start', 'helper', 'helper() needs the mmap write lock of mm',
	strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
	strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO path_steps (finding_id, seq, file, line, "column", message)
SELECT id, 0, NULL, 8, 2, 'mmap write lock of mm taken here'
FROM findings WHERE fingerprint = '00000000000000ff';
INSERT INTO finding_units (finding_id, unit_id)
SELECT f.id, u.id FROM findings f, units u
WHERE u.path = '<link>'
  AND f.checker IN ('held-at-exit', 'lock-order', 'call-requires');
INSERT OR REPLACE INTO meta (key, value)
SELECT 'link_ir_units', count(*) FROM unit_ir i
JOIN units u ON u.id = i.unit_id WHERE u.path <> '<link>';
INSERT OR REPLACE INTO meta (key, value)
SELECT 'link_ir_generation', coalesce(max(u.generation), 0) FROM unit_ir i
JOIN units u ON u.id = i.unit_id WHERE u.path <> '<link>';
