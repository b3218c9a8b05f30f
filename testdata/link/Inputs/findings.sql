-- The whole-program findings (the link pseudo-unit's) with their steps.
.mode list
SELECT 'finding', f.checker, f.file, f.line, f."column", f.function, f.message
FROM findings f JOIN finding_units fu ON fu.finding_id = f.id
JOIN units u ON u.id = fu.unit_id
WHERE u.path = '<link>'
ORDER BY f.file, f.line, f."column", f.checker, f.message;
SELECT 'step', f.file, f.line, s.seq, s.file, s.line, s.message
FROM findings f JOIN finding_units fu ON fu.finding_id = f.id
JOIN units u ON u.id = fu.unit_id JOIN path_steps s ON s.finding_id = f.id
WHERE u.path = '<link>'
ORDER BY f.file, f.line, f."column", f.checker, f.message, s.seq;
