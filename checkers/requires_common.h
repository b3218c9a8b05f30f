/*
 * Shared by lock-prereq and call-requires: check a 'requires' clause of
 * a called function on every path reaching the call.
 */
#ifndef VL_REQUIRES_COMMON_H
#define VL_REQUIRES_COMMON_H

#include "core/analysis.h"
#include "core/finding.h"

#include <string.h>

/* Does the function change lock state (then its requirements are the
 * prerequisites of a lock operation)? */
static inline bool vl_fn_is_lock_op(const struct vl_fnspec *fn)
{
	uint32_t i;

	for (i = 0; i < fn->neffects; i++) {
		enum vl_effect_kind k = fn->effects[i].kind;

		if (k == VL_EFF_ACQUIRE || k == VL_EFF_RELEASE ||
		    k == VL_EFF_DOWNGRADE)
			return true;
	}
	return false;
}

/*
 * Which checker reports the 'requires' clauses of fn: the one its spec
 * names ("checker \"pt-install\""), else lock-prereq for functions that
 * change lock state, else call-requires (also for a name no checker has).
 */
static inline const char *vl_requires_checker(const struct vl_fnspec *fn)
{
	uint32_t i;

	if (fn->checker) {
		for (i = 0; i < vl_ncheckers; i++)
			if (strcmp(vl_checkers[i]->id, fn->checker) == 0)
				return vl_checkers[i]->id;
	}
	return vl_fn_is_lock_op(fn) && !fn->checker ? "lock-prereq" :
						      "call-requires";
}

static inline void vl_check_requires(const struct vl_check *c,
				     const char *checker,
				     const struct vl_fnspec *fn,
				     const struct vl_effect *eff)
{
	struct vl_buf missing, held;
	struct vl_finding *f;
	uint32_t i, first = VL_NONE, nfail = 0;

	vl_buf_init(&missing);
	for (i = 0; i < c->nstates; i++) {
		struct vl_buf m;

		vl_buf_init(&m);
		if (!vl_req_holds(c->ax, c->states[i], eff->req, &c->binds[i],
				  &m)) {
			if (first == VL_NONE) {
				first = i;
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
	vl_buf_init(&held);
	vl_describe_held_paths(c->ax, c->states, c->nstates, &held);
	f = vl_report(c->ax, checker, c->loc, fn->name,
		      vl_effect_rule(c->ax, eff),
		      "%s%s needs %s%s; held: %s", fn->name,
		      fn->is_macro ? "" : "()", vl_buf_cstr(&missing),
		      nfail < c->nstates ? " on some paths" : "",
		      vl_buf_cstr(&held));
	if (f) {
		vl_explain_held(c->ax, f, c->states[first]);
		vl_explain_dropped(c->ax, f, c->states[first]);
	}
	vl_buf_free(&missing);
	vl_buf_free(&held);
}

#endif
