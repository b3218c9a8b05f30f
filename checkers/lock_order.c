/*
 * lock-order: a lock was taken while holding a lock that the spec says
 * must come after it ("order A < B": A before B), or in a nesting the
 * spec forbids ("forbid mmap under vma:read": taking the mmap lock while
 * holding a VMA read lock can deadlock).
 *
 * Try-locks are not checked: they do not wait, which is how the kernel
 * takes locks against the order on purpose.  In a forbid pattern a mode
 * means exactly that mode.  A call to a function with a body is checked
 * for every lock it takes (its summary's "takes", core/summary.h).
 */
#include "core/analysis.h"
#include "core/finding.h"

static bool mode_matches(enum vl_mode pattern, uint8_t mode)
{
	return pattern == VL_MODE_ANY || pattern == mode;
}

static void report_pair(const struct vl_check *c, const struct vl_lockop *op,
			uint32_t si, const struct vl_lockinst *inst,
			enum vl_mode mode, const struct vl_held *h,
			const char *why, const struct vl_rule *rule)
{
	const struct vl_class *outer = vl_held_class(c->ax, h);
	struct vl_buf in, out, key;
	struct vl_finding *f;

	vl_buf_init(&in);
	vl_buf_init(&out);
	vl_buf_init(&key);
	vl_describe_lock(c->ax, c->states[si], inst->addr, inst->cls, mode,
			 &in);
	vl_describe_lock(c->ax, c->states[si], h->addr, outer, h->mode, &out);
	vl_buf_printf(&key, "%s<%s", inst->cls->name, outer->name);
	if (op->fn->summary)
		/* A function with a body takes it (core/summary.h). */
		f = vl_report(c->ax, "lock-order", c->loc, vl_buf_cstr(&key),
			      rule,
			      "calling %s() takes %s%s while holding %s%s %s",
			      op->fn->name, vl_lock_det(vl_buf_cstr(&in)),
			      vl_buf_cstr(&in), vl_lock_det(vl_buf_cstr(&out)),
			      vl_buf_cstr(&out), why);
	else
		f = vl_report(c->ax, "lock-order", c->loc, vl_buf_cstr(&key),
			      rule, "taking %s%s while holding %s%s %s",
			      vl_lock_det(vl_buf_cstr(&in)), vl_buf_cstr(&in),
			      vl_lock_det(vl_buf_cstr(&out)),
			      vl_buf_cstr(&out), why);
	vl_note_held(c->ax, f, c->states[si], h);
	if (f && op->eff->check_only && op->eff->via_fn)
		vl_finding_step(c->ax, f, op->eff->via_loc,
				"%s() takes it here", op->eff->via_fn);
	vl_buf_free(&in);
	vl_buf_free(&out);
	vl_buf_free(&key);
}

static void lock_op(const struct vl_check *c, const struct vl_lockop *op)
{
	const struct vl_spec *spec = vl_ax_spec(c->ax);
	uint32_t i, j, k;

	if (op->eff->kind != VL_EFF_ACQUIRE || op->is_try)
		return;
	for (i = 0; i < c->nstates; i++) {
		const struct vl_lockinst *inst = &op->inst[i];
		const struct vl_state *s = c->states[i];
		enum vl_mode mode;

		if (!inst->valid || !inst->cls)
			continue;
		mode = inst->mode == VL_MODE_ANY ||
				       !vl_class_has_modes(inst->cls) ?
			       VL_MODE_WRITE :
			       inst->mode;
		for (j = 0; j < s->nheld; j++) {
			const struct vl_held *h = &s->held[j];
			const struct vl_class *outer = vl_held_class(c->ax, h);
			struct vl_buf why, chain;
			struct vl_rule rule;

			/* (Locks assumed after a finding, or that callers
			 * must hold, are checked where they are taken.  A
			 * callee that returns holding several locks took
			 * them in its own order, which its "takes" check:
			 * they are not ordered here against each other in
			 * the order its summary lists them.) */
			if (!outer || outer == inst->cls ||
			    (h->flags & (VL_HF_MAYBE | VL_HF_ASSUMED)) ||
			    h->cond != VL_NONE ||
			    (op->fn->summary && !op->eff->check_only &&
			     h->loc == c->loc))
				continue;
			for (k = 0; k < spec->nforbids; k++) {
				const struct vl_forbid *fb = &spec->forbids[k];

				if (fb->inner != inst->cls || fb->outer != outer ||
				    !mode_matches(fb->inner_mode, mode) ||
				    !mode_matches(fb->outer_mode, h->mode))
					continue;
				vl_buf_init(&why);
				vl_buf_puts(&why, "can deadlock");
				if (fb->note)
					vl_buf_printf(&why, " (%s)", fb->note);
				report_pair(c, op, i, inst, mode, h,
					    vl_buf_cstr(&why), fb->rule);
				vl_buf_free(&why);
				break;
			}
			if (k < spec->nforbids)
				continue;
			vl_buf_init(&chain);
			if (vl_spec_order_rule(spec, inst->cls, mode, outer,
					       h->mode, &rule, &chain)) {
				vl_buf_init(&why);
				vl_buf_printf(&why,
					      "violates the lock order (%s before %s)",
					      inst->cls->name, outer->name);
				report_pair(c, op, i, inst, mode, h,
					    vl_buf_cstr(&why), &rule);
				vl_buf_free(&why);
			}
			vl_buf_free(&chain);
		}
	}
}

const struct vl_checker vl_checker_lock_order = {
	.id = "lock-order",
	.summary = "locks taken in an order the spec forbids",
	.lock_op = lock_op,
};
