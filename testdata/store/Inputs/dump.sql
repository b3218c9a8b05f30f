-- A stable, labelled dump of a vmalock database for FileCheck: no times,
-- no durations, no row ids; rows in a fixed order.  One line per row,
-- fields separated by '|':
--   counts|units|unit_runs|runs|functions|findings|finding_units|path_steps
--   unit|path|nfunctions|nfindings
--   fn|unit path|name|file|line|is_static|analysed
--   finding|fingerprint|checker|file|line|column|function|key|message
--   link|finding file|finding line|unit path
--   step|finding file|finding line|seq|file|line|column|message
.mode list
.headers off
.nullvalue NULL
SELECT 'counts', (SELECT count(*) FROM units), (SELECT count(*) FROM unit_runs),
       (SELECT count(*) FROM runs), (SELECT count(*) FROM functions),
       (SELECT count(*) FROM findings), (SELECT count(*) FROM finding_units),
       (SELECT count(*) FROM path_steps);
SELECT 'unit', path, nfunctions, nfindings FROM units ORDER BY path;
SELECT 'fn', u.path, fn.name, fn.file, fn.line, fn.is_static, fn.analysed
FROM functions fn JOIN units u ON u.id = fn.unit_id
ORDER BY u.path, fn.file, fn.line, fn.name;
SELECT 'finding', fingerprint, checker, file, line, "column", function, key,
       message
FROM findings ORDER BY file, line, "column", checker;
SELECT 'link', f.file, f.line, u.path
FROM finding_units fu JOIN findings f ON f.id = fu.finding_id
JOIN units u ON u.id = fu.unit_id
ORDER BY f.file, f.line, f."column", u.path;
SELECT 'step', f.file, f.line, s.seq, coalesce(s.file, f.file), s.line,
       s."column", s.message
FROM path_steps s JOIN findings f ON f.id = s.finding_id
ORDER BY f.file, f.line, f."column", s.seq;
