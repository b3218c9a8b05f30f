/*
 * double-acquire: a lock already held was acquired again.  Classes marked
 * reentrant in the spec (the VMA write lock: vma_start_write() on a
 * write-locked VMA is a no-op) are exempt.
 */
#include "core/analysis.h"
#include "core/finding.h"

static uint32_t find_exact(const struct vl_state *s,
			   const struct vl_lockinst *inst)
{
	uint32_t i;

	for (i = 0; i < s->nheld; i++) {
		const struct vl_held *h = &s->held[i];

		if (h->addr == inst->addr && !(h->flags & VL_HF_MAYBE) &&
		    h->cond == VL_NONE)
			return i;
	}
	return VL_NONE;
}

static void lock_op(const struct vl_check *c, const struct vl_lockop *op)
{
	uint32_t i, first = VL_NONE, nfail = 0, idx = VL_NONE;
	struct vl_buf lock;
	struct vl_finding *f;

	if (op->eff->kind != VL_EFF_ACQUIRE)
		return;
	for (i = 0; i < c->nstates; i++) {
		const struct vl_lockinst *inst = &op->inst[i];
		uint32_t h;

		int mode = inst->mode == VL_MODE_READ ? VL_MODE_READ :
							       VL_MODE_WRITE;

		if (!inst->valid || !vl_class_balanced(inst->cls) ||
		    vl_class_flag(inst->cls, VL_CF_REENTRANT_R,
				  VL_CF_REENTRANT_W, mode))
			continue;
		h = find_exact(c->states[i], inst);
		if (h == VL_NONE)
			continue;
		if (first == VL_NONE) {
			first = i;
			idx = h;
		}
		nfail++;
	}
	if (first == VL_NONE)
		return;
	vl_buf_init(&lock);
	{
		const struct vl_held *h = &c->states[first]->held[idx];

		vl_describe_lock(c->ax, c->states[first], h->addr,
				 vl_held_class(c->ax, h), h->mode, &lock);
		f = vl_report(c->ax, "double-acquire", c->loc,
			      op->inst[first].cls ? op->inst[first].cls->name :
						    "lock",
			      "%s%s acquires the %s, which is already held%s",
			      op->fn->name, op->fn->is_macro ? "" : "()",
			      vl_buf_cstr(&lock),
			      nfail < c->nstates ? " (on some paths)" : "");
		if (f)
			vl_finding_step(c->ax, f, h->loc, "%s %s here",
					vl_buf_cstr(&lock),
					h->flags & VL_HF_ASSERTED ? "asserted" :
								    "taken");
	}
	vl_buf_free(&lock);
}

const struct vl_checker vl_checker_double_acquire = {
	.id = "double-acquire",
	.summary = "a lock already held was acquired again",
	.lock_op = lock_op,
};
