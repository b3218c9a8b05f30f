/*
 * field-write: a field was written without the locks its rule requires.
 *
 * The rule of a field (spec: "field REC.FIELD requires ..." or an
 * annotation on the field) may depend on the value replaced and the value
 * written ("when null -> nonnull requires ...").  What is known about both
 * values on each path decides which cases apply; when the old value is
 * unknown, every case it could match applies and meeting any one of them
 * is enough.
 */
#include "requires_common.h"

static bool kind_matches(enum vl_valkind want, enum vl_valkind have)
{
	if (want == VL_VAL_ANY || have == VL_VAL_ANY)
		return true;
	return want == have;
}

static const char *transition_text(const struct vl_field_case *c,
				   enum vl_valkind oldk, enum vl_valkind newk)
{
	/* Only what the path shows: a case chosen because a value is
	 * unknown is not a transition the code makes. */
	if ((c->from != VL_VAL_ANY && oldk != c->from) ||
	    (c->to != VL_VAL_ANY && newk != c->to))
		return "";
	if (c->from == VL_VAL_NULL && c->to == VL_VAL_NONNULL)
		return " (from NULL to non-NULL)";
	if (c->from == VL_VAL_NONNULL && c->to == VL_VAL_NULL)
		return " (from non-NULL to NULL)";
	if (c->from == VL_VAL_NONNULL && c->to == VL_VAL_NONNULL)
		return " (from non-NULL to non-NULL)";
	if (c->to == VL_VAL_NULL)
		return " (to NULL)";
	if (c->to == VL_VAL_NONNULL)
		return " (to non-NULL)";
	if (c->from == VL_VAL_NULL)
		return " (from NULL)";
	return "";
}

/*
 * Is the rule met on state i?  If not, the first applicable case is
 * returned in *failed and what it misses in missing.
 */
static bool rule_holds(const struct vl_check *c, const struct vl_write *w,
		       uint32_t i, const struct vl_field_case **failed,
		       struct vl_buf *missing, enum vl_valkind *oldkp,
		       enum vl_valkind *newkp)
{
	const struct vl_field_rule *r = w->rule;
	const struct vl_state *s = c->states[i];
	enum vl_valkind oldk = vl_value_kind(c->ax, s, w->old_val[i]);
	enum vl_valkind newk = vl_value_kind(c->ax, s, w->new_val[i]);
	uint32_t j;

	*oldkp = oldk;
	*newkp = newk;
	*failed = NULL;
	/* A new object nobody else sees yet is written without locks. */
	if (vl_state_is_private(s, c->binds[i].this_term))
		return true;
	for (j = 0; j < r->ncases; j++) {
		const struct vl_field_case *fc = &r->cases[j];

		if (!kind_matches(fc->from, oldk) || !kind_matches(fc->to, newk))
			continue;
		if (vl_req_holds(c->ax, s, fc->req, &c->binds[i], NULL))
			return true;
		if (!*failed)
			*failed = fc;
	}
	if (!*failed)
		return true;
	vl_req_holds(c->ax, s, (*failed)->req, &c->binds[i], missing);
	return false;
}

static void field_write(const struct vl_check *c, const struct vl_write *w)
{
	const struct vl_field_case *fc = NULL;
	enum vl_valkind oldk = VL_VAL_ANY, newk = VL_VAL_ANY;
	struct vl_buf missing, lv, held, key;
	struct vl_finding *f;
	uint32_t i, first = VL_NONE, nfail = 0;

	if (!w->rule || w->rule->unchecked || !w->rule->ncases)
		return;
	vl_buf_init(&missing);
	for (i = 0; i < c->nstates; i++) {
		const struct vl_field_case *failed;
		enum vl_valkind ok_, nk_;
		struct vl_buf m;

		vl_buf_init(&m);
		if (!rule_holds(c, w, i, &failed, &m, &ok_, &nk_)) {
			if (first == VL_NONE) {
				first = i;
				fc = failed;
				oldk = ok_;
				newk = nk_;
				vl_buf_add(&missing, vl_buf_cstr(&m), m.len);
			}
			nfail++;
		}
		vl_buf_free(&m);
	}
	if (first == VL_NONE) {
		vl_buf_free(&missing);
		return;
	}
	vl_buf_init(&lv);
	vl_buf_init(&held);
	vl_buf_init(&key);
	vl_describe_term(c->ax, c->states[first], c->binds[first].this_term,
			 &lv);
	vl_buf_printf(&lv, "->%s", w->field);
	vl_describe_held_paths(c->ax, c->states, c->nstates, &held);
	vl_buf_printf(&key, "%s.%s", w->rec ? w->rec : "?", w->field);
	f = vl_report(c->ax, "field-write", c->loc, vl_buf_cstr(&key), fc->rule,
		      "write to %s%s needs %s%s; held: %s", vl_buf_cstr(&lv),
		      transition_text(fc, oldk, newk), vl_buf_cstr(&missing),
		      nfail < c->nstates ? " on some paths" : "",
		      vl_buf_cstr(&held));
	if (f) {
		vl_explain_held(c->ax, f, c->states[first]);
		vl_explain_dropped(c->ax, f, c->states[first]);
	}
	vl_buf_free(&missing);
	vl_buf_free(&lv);
	vl_buf_free(&held);
	vl_buf_free(&key);
}

/* Helpers the spec tags as field writes (vm_flags_init(), ...). */
static void call_requires(const struct vl_check *c, const struct vl_fnspec *fn,
			  const struct vl_effect *eff)
{
	if (strcmp(vl_requires_checker(fn), "field-write") == 0)
		vl_check_requires(c, "field-write", fn, eff);
}

const struct vl_checker vl_checker_field_write = {
	.id = "field-write",
	.summary = "a field was written without the locks its rule requires",
	.field_write = field_write,
	.call_requires = call_requires,
};
