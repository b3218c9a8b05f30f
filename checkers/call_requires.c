/*
 * call-requires: a function was called without the locks it requires.
 * For now these are the 'requires' clauses of functions described by the
 * spec or by annotations that do not themselves take or drop locks (such
 * as find_vma(), which needs the mmap lock).
 */
#include "requires_common.h"

static void call_requires(const struct vl_check *c, const struct vl_fnspec *fn,
			  const struct vl_effect *eff)
{
	if (strcmp(vl_requires_checker(fn), "call-requires") == 0)
		vl_check_requires(c, "call-requires", fn, eff);
}

const struct vl_checker vl_checker_call_requires = {
	.id = "call-requires",
	.summary = "a function was called without the locks it requires",
	.call_requires = call_requires,
};
