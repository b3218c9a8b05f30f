/*
 * release-unheld: a lock was released (or downgraded) that is not held,
 * or is held in the other mode (up_read() of a lock held for write).
 * Wildcard releases ("releases vma(*):write": whatever is held) never
 * report.
 */
#include "core/analysis.h"
#include "core/finding.h"

enum problem {
	OK,
	NOT_HELD,
	HELD_READ,
	HELD_WRITE,
	MAYBE_RELEASED,	/* a callee may have released it already */
	MAYBE_NOT_TAKEN, /* a try-lock whose result was not tested */
};

static enum problem check_state(const struct vl_check *c,
				const struct vl_lockop *op, uint32_t i)
{
	const struct vl_lockinst *inst = &op->inst[i];
	const struct vl_state *s = c->states[i];
	uint32_t idx;
	uint8_t mode;

	if (!inst->valid || !vl_class_balanced(inst->cls))
		return OK;
	idx = vl_find_lock(c->ax, s, inst, true);
	if (idx == VL_NONE)
		return NOT_HELD;
	if (s->held[idx].cond != VL_NONE)
		return s->held[idx].flags & VL_HF_COND_REL ? MAYBE_RELEASED :
							     MAYBE_NOT_TAKEN;
	mode = s->held[idx].mode;
	/* A recursive hold (reported by double-acquire) may be in either
	 * mode. */
	if (s->held[idx].depth)
		return OK;
	if (op->eff->kind == VL_EFF_DOWNGRADE)
		return mode == VL_MODE_WRITE ? OK : HELD_READ;
	if (inst->cls && !vl_class_has_modes(inst->cls))
		return OK;
	if (op->eff->lock.mode == VL_MODE_WRITE && mode == VL_MODE_READ)
		return HELD_READ;
	if (op->eff->lock.mode == VL_MODE_READ && mode == VL_MODE_WRITE)
		return HELD_WRITE;
	return OK;
}

static void lock_op(const struct vl_check *c, const struct vl_lockop *op)
{
	uint32_t i, first = VL_NONE, nfail = 0;
	enum problem p = OK;
	struct vl_buf lock;
	struct vl_finding *f;
	const char *verb, *what;

	if (op->wildcard || (op->eff->kind != VL_EFF_RELEASE &&
			     op->eff->kind != VL_EFF_DOWNGRADE))
		return;
	for (i = 0; i < c->nstates; i++) {
		enum problem q = check_state(c, op, i);

		if (q == OK)
			continue;
		if (first == VL_NONE) {
			first = i;
			p = q;
		}
		nfail++;
	}
	if (first == VL_NONE)
		return;
	verb = op->eff->kind == VL_EFF_DOWNGRADE ? "downgrades" : "releases";
	what = p == NOT_HELD	     ? "which is not held" :
	       p == HELD_READ	     ? "which is held for read" :
	       p == HELD_WRITE	     ? "which is held for write" :
	       p == MAYBE_RELEASED ? "which an earlier call may have released (this path does not show whether it did)" :
				     "which may not be held (this path does not show whether it was taken)";
	vl_buf_init(&lock);
	vl_describe_inst(c->ax, c->states[first], &op->inst[first], &lock);
	/* The entry of the function that releases it; a summary has
	 * none: then the lock's class. */
	f = vl_report(c->ax, "release-unheld", c->loc,
		      op->inst[first].cls ? op->inst[first].cls->name : "lock",
		      op->eff->rule	    ? op->eff->rule :
		      op->inst[first].cls ? op->inst[first].cls->rule :
					    NULL,
		      "%s%s %s %s%s, %s%s", op->fn->name,
		      op->fn->is_macro ? "" : "()", verb,
		      vl_lock_det(vl_buf_cstr(&lock)), vl_buf_cstr(&lock),
		      what, nfail < c->nstates ? " (on some paths)" : "");
	if (f) {
		vl_explain_dropped_lock(c->ax, f, c->states[first],
					op->inst[first].addr);
		if (op->inst[first].cls)
			vl_explain_held_class(c->ax, f, c->states[first],
					      op->inst[first].cls);
	}
	vl_buf_free(&lock);
}

const struct vl_checker vl_checker_release_unheld = {
	.id = "release-unheld",
	.summary = "a lock was released that is not held",
	.lock_op = lock_op,
};
