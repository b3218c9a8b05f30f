/*
 * held-at-exit: a lock is still held when the function returns.
 *
 * Not reported: locks known only from assertions (the caller's), classes
 * released implicitly (the VMA write lock ends with the mmap write lock),
 * locks held on some merged paths only, try-locks whose outcome the
 * function hands to its caller by returning the result, locks a spec
 * callback entry says the function leaves to a sibling callback
 * (seq_operations.start leaves what .stop releases), and the callers'
 * locks dropped and taken again (madvise_willneed()).
 *
 * A function whose callers release the lock is a lock helper: the
 * finding waits for them (vl_defer_leak(), core/summary.h) and is
 * reported where the lock reaches the end of an entry point, or here if
 * no caller releases it.
 */
#include "core/analysis.h"
#include "core/finding.h"

static void check_exit(const struct vl_check *c)
{
	const struct vl_func *fn = vl_ax_func(c->ax);
	uint32_t i, j;

	for (i = 0; i < c->nstates; i++) {
		const struct vl_state *s = c->states[i];

		for (j = 0; j < s->nheld; j++) {
			const struct vl_held *h = &s->held[j];
			const struct vl_class *cls = vl_held_class(c->ax, h);
			struct vl_finding *f;
			struct vl_buf lock;
			uint32_t loc;
			bool deferred;

			/* A try-lock handed to the caller with the result. */
			if (h->cond != VL_NONE && h->cond == s->ret)
				continue;
			if ((h->flags & (VL_HF_MAYBE | VL_HF_ASSERTED)) ||
			    !vl_class_balanced(cls) ||
			    vl_class_flag(cls, VL_CF_IMPLICIT_R,
					  VL_CF_IMPLICIT_W, h->mode) ||
			    vl_exit_handed_over(c->ax, s, h))
				continue;
			loc = s->ret_loc != VL_NONE ? s->ret_loc : c->loc;
			deferred = h->cond == VL_NONE &&
				   vl_defer_leak(c->ax, s, h, loc);
			vl_buf_init(&lock);
			vl_describe_lock(c->ax, s, h->addr, cls, h->mode, &lock);
			f = vl_report(c->ax, "held-at-exit", loc,
				      cls ? cls->name : "lock",
				      cls ? cls->rule : NULL,
				      "%s() returns with %s%s held%s", fn->name,
				      vl_lock_det(vl_buf_cstr(&lock)),
				      vl_buf_cstr(&lock),
				      h->cond == VL_NONE ? "" :
				      h->flags & VL_HF_COND_REL ?
				      " unless a call released it (this path does not show whether it did)" :
				      " if it was taken (this path does not show whether it was)");
			if (f)
				vl_finding_step(c->ax, f, h->loc,
						h->node ? "%s returned held by this call" :
							  "%s taken here",
						vl_buf_cstr(&lock));
			if (deferred)
				vl_defer_end(c->ax);
			vl_buf_free(&lock);
		}
	}
}

const struct vl_checker vl_checker_held_at_exit = {
	.id = "held-at-exit",
	.summary = "a lock is still held when the function returns",
	.exit = check_exit,
};
