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

		if (h->addr == inst->addr &&
		    !(h->flags & (VL_HF_MAYBE | VL_HF_ASSUMED)) &&
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

	/* (A callee that takes a lock after releasing the caller's hold of
	 * it does not take it twice.) */
	if (op->eff->kind != VL_EFF_ACQUIRE || op->eff->released_first)
		return;
	for (i = 0; i < c->nstates; i++) {
		const struct vl_lockinst *inst = &op->inst[i];
		int mode = inst->mode == VL_MODE_READ ? VL_MODE_READ :
							VL_MODE_WRITE;
		uint32_t h;

		if (!inst->valid || !vl_class_balanced(inst->cls))
			continue;
		h = find_exact(c->states[i], inst);
		if (h == VL_NONE)
			continue;
		/* Trying a lock held for write can only fail (the kernel's
		 * BUG_ON(mmap_read_trylock()) "is it held" idiom); trying a
		 * read lock already read-held succeeds and holds it twice. */
		if (op->is_try && c->states[i]->held[h].mode == VL_MODE_WRITE &&
		    vl_class_has_modes(inst->cls))
			continue;
		/* Reentrant only in the mode already held: vma_start_write()
		 * on a write-locked VMA is a no-op, on a VMA this task has
		 * read-locked it deadlocks. */
		if (c->states[i]->held[h].mode == mode &&
		    vl_class_flag(inst->cls, VL_CF_REENTRANT_R,
				  VL_CF_REENTRANT_W, mode))
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
		const struct vl_lockinst *inst = &op->inst[first];
		enum vl_mode mode = inst->mode == VL_MODE_ANY ? VL_MODE_WRITE :
								 inst->mode;
		bool other_mode = vl_class_has_modes(inst->cls) &&
				  h->mode != mode;

		vl_describe_lock(c->ax, c->states[first], h->addr,
				 vl_held_class(c->ax, h), mode, &lock);
		/* The class entry says whether it may be taken again. */
		f = vl_report(c->ax, "double-acquire", c->loc,
			      inst->cls ? inst->cls->name : "lock",
			      inst->cls ? inst->cls->rule : op->eff->rule,
			      "%s%s acquires %s%s, which is already held%s%s",
			      op->fn->name, op->fn->is_macro ? "" : "()",
			      vl_lock_det(vl_buf_cstr(&lock)),
			      vl_buf_cstr(&lock),
			      other_mode ? (h->mode == VL_MODE_READ ? " for read" :
								     " for write") :
					   "",
			      nfail < c->nstates ? " (on some paths)" : "");
		vl_note_held(c->ax, f, c->states[first], h);
		if (f && op->eff->check_only && op->eff->via_fn)
			vl_finding_step(c->ax, f, op->eff->via_loc,
					"%s() takes it here", op->eff->via_fn);
	}
	vl_buf_free(&lock);
}

const struct vl_checker vl_checker_double_acquire = {
	.id = "double-acquire",
	.summary = "a lock already held was acquired again",
	.lock_op = lock_op,
};
