-- The rows of dump.sql leaves out: schema version, meta, times, runs,
-- history, with times and ids checked here rather than printed.
.mode list
.headers off
.nullvalue NULL
SELECT 'user_version', user_version FROM pragma_user_version;
SELECT 'meta', key, value FROM meta WHERE key <> 'created_at' ORDER BY key;
SELECT 'meta', key, CASE WHEN value GLOB
  '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'
  THEN 'ok' ELSE value END FROM meta WHERE key = 'created_at';
SELECT 'unit', u.path, u.compiler, u.tool_version, u.spec_name, u.spec_hash,
  CASE WHEN u.analysed_at GLOB
    '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'
    THEN 'time ok' ELSE u.analysed_at END,
  CASE WHEN u.run_id = (SELECT max(id) FROM runs) THEN 'run ok'
    ELSE 'run ' || coalesce(u.run_id, 'NULL') END,
  CASE WHEN u.duration_ms >= 0 THEN 'duration ok'
    ELSE 'duration ' || coalesce(u.duration_ms, 'NULL') END
FROM units u ORDER BY u.path;
SELECT 'run', r.key,
  CASE WHEN r.started_at <= r.last_at AND r.last_at =
    (SELECT max(analysed_at) FROM units WHERE run_id = r.id)
    THEN 'times ok' ELSE r.started_at || ' ' || r.last_at END,
  r.tool_version, r.spec_name,
  CASE WHEN r.spec_hash = (SELECT spec_hash FROM units LIMIT 1)
    THEN 'same spec' ELSE r.spec_hash END
FROM runs r ORDER BY r.id;
SELECT 'history', u.path,
  CASE WHEN ur.run_id = u.run_id THEN 'same run' ELSE 'run ' || ur.run_id END,
  ur.nfunctions, ur.nfindings
FROM unit_runs ur JOIN units u ON u.id = ur.unit_id ORDER BY ur.id;
SELECT 'finding', f.checker,
  CASE WHEN f.first_run_id = (SELECT max(id) FROM runs) THEN 'first run'
    ELSE 'first ' || coalesce(f.first_run_id, 'NULL') END,
  CASE WHEN f.last_run_id = (SELECT max(id) FROM runs) THEN 'last run'
    ELSE 'last ' || coalesce(f.last_run_id, 'NULL') END,
  CASE WHEN f.first_seen = f.last_seen AND f.last_seen =
    (SELECT analysed_at FROM units LIMIT 1) THEN 'seen ok'
    ELSE f.first_seen || ' ' || f.last_seen END
FROM findings f ORDER BY f.file, f.line, f."column";
