-- A unit stored with IR after the link, as a compiler would store it
-- (its own generation number, an IR blob), written by hand: the link is
-- stale now.
PRAGMA foreign_keys = ON;
UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation';
INSERT INTO units (path, analysed_at, nfunctions, nfindings, generation)
VALUES ('Inputs/later.c', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 0, 0,
	(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'));
INSERT INTO unit_ir (unit_id, format, ir)
SELECT id, 1, x'564c495201000000' FROM units WHERE path = 'Inputs/later.c';
