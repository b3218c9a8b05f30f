/*
 * Which findings a report or a diff shows: the common table expressions
 * "inscope" (every finding in scope, with its review state) and
 * "reported" (those shown: without the suppressed ones unless asked),
 * for the findings of one database schema, each name after a prefix.
 *
 * In scope: every finding, or with a link only the link's (see
 * docs/schema.md, "The link"); with a baseline, only those whose
 * fingerprint the baseline does not have.  Each finding in scope gets the
 * columns triage, triage_author, triage_note, triage_at (its triage
 * row, if any), ignored (the reason of an in-source suppression, from
 * the SQL function vl_ignore(), see source.c) and suppressed: 'in-source',
 * 'triage' (marked false-positive or intentional) or NULL.
 */
#include "cli.h"
#include "core/util.h"
#include "store/store.h"

#include <sqlite3.h>
#include <string.h>

/* The findings in scope of schema S, without review state; their rule
 * columns are NULL in a schema that has none. */
static void scope_findings(struct vl_buf *b, const char *s, bool linked,
			   bool has_rule)
{
	vl_buf_printf(b, "SELECT *%s FROM %s.findings",
		      has_rule ? "" :
				 ", NULL AS rule_file, NULL AS rule_line, "
				 "NULL AS rule_text, NULL AS rule_doc",
		      s);
	if (linked)
		vl_buf_printf(b, " WHERE id IN (SELECT fu.finding_id FROM "
			      "%s.finding_units fu JOIN %s.units u ON u.id = "
			      "fu.unit_id WHERE u.path = '" VL_STORE_LINK_UNIT
			      "')", s, s);
}

void vl_scope_sql(struct vl_buf *b, const struct vl_scope *sc)
{
	const char *s = sc->schema;

	vl_buf_printf(b, "%stri AS (", sc->prefix);
	if (sc->has_triage)
		vl_buf_printf(b, "SELECT fingerprint, status, author, note, "
			      "updated_at FROM %s.triage", s);
	else
		vl_buf_puts(b, "SELECT NULL AS fingerprint, NULL AS status, "
			    "NULL AS author, NULL AS note, NULL AS updated_at "
			    "WHERE 0");
	vl_buf_printf(b, "), %sscoped AS (", sc->prefix);
	scope_findings(b, s, sc->linked, sc->has_rule);
	vl_buf_printf(b, "), %slisted AS (SELECT f.*, t.status AS triage, "
		      "t.author AS triage_author, t.note AS triage_note, "
		      "t.updated_at AS triage_at, "
		      "vl_ignore(f.file, f.line, f.checker) AS ignored "
		      "FROM %sscoped f LEFT JOIN %stri t "
		      "ON t.fingerprint = f.fingerprint",
		      sc->prefix, sc->prefix, sc->prefix);
	if (sc->baseline) {
		vl_buf_puts(b, " WHERE f.fingerprint NOT IN "
			    "(SELECT fingerprint FROM (");
		scope_findings(b, sc->baseline, sc->baseline_linked, true);
		vl_buf_puts(b, "))");
	}
	vl_buf_printf(b, "), %sinscope AS (SELECT *, CASE "
		      "WHEN ignored IS NOT NULL THEN 'in-source' "
		      "WHEN triage IN ('false-positive', 'intentional') "
		      "THEN 'triage' END AS suppressed FROM %slisted)",
		      sc->prefix, sc->prefix);
	vl_buf_printf(b, ", %sreported AS (SELECT * FROM %sinscope%s)",
		      sc->prefix, sc->prefix,
		      sc->all ? "" : " WHERE suppressed IS NULL");
}

/* One integer from SQL (no parameter); -1 on error. */
static sqlite3_int64 query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	sqlite3_int64 v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	if (sqlite3_finalize(st) != SQLITE_OK)
		return -1;
	return v;
}

int vl_schema_state(sqlite3 *db, const char *schema, bool *linked,
		    bool *has_triage, bool *has_rule)
{
	struct vl_buf b;
	sqlite3_int64 l, t, c;

	vl_buf_init(&b);
	vl_buf_printf(&b, "SELECT EXISTS (SELECT 1 FROM %s.units WHERE path "
		      "= '" VL_STORE_LINK_UNIT "')", schema);
	l = query_int(db, vl_buf_cstr(&b));
	vl_buf_reset(&b);
	vl_buf_printf(&b, "SELECT count(*) FROM %s.sqlite_master WHERE "
		      "type = 'table' AND name = 'triage'", schema);
	t = query_int(db, vl_buf_cstr(&b));
	vl_buf_reset(&b);
	vl_buf_printf(&b, "SELECT count(*) FROM pragma_table_info('findings', "
		      "'%s') WHERE name = 'rule_file'", schema);
	c = query_int(db, vl_buf_cstr(&b));
	vl_buf_free(&b);
	if (l < 0 || t < 0 || c < 0)
		return -1;
	*linked = l > 0;
	*has_triage = t > 0;
	*has_rule = c > 0;
	return 0;
}
