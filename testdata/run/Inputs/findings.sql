-- Every finding with the units that report it, and its steps: what must
-- be equal whichever way the units were analysed.
.mode list
SELECT 'finding', u.path, f.fingerprint, f.checker, f.file, f.line,
       f."column", f.function, f.message
FROM findings f JOIN finding_units fu ON fu.finding_id = f.id
JOIN units u ON u.id = fu.unit_id
ORDER BY u.path, f.file, f.line, f."column", f.checker, f.message;
SELECT 'step', f.fingerprint, s.seq, s.file, s.line, s."column", s.message
FROM findings f JOIN path_steps s ON s.finding_id = f.id
ORDER BY f.fingerprint, s.seq;
