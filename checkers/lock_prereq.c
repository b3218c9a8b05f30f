/*
 * lock-prereq: a lock was taken (or released, or downgraded) without the
 * locks that operation needs first, e.g. vma_start_write() without the
 * mmap write lock.  These are the 'requires' clauses of functions whose
 * spec also changes lock state.
 */
#include "requires_common.h"

static void call_requires(const struct vl_check *c, const struct vl_fnspec *fn,
			  const struct vl_effect *eff)
{
	if (strcmp(vl_requires_checker(fn), "lock-prereq") == 0)
		vl_check_requires(c, "lock-prereq", fn, eff);
}

const struct vl_checker vl_checker_lock_prereq = {
	.id = "lock-prereq",
	.summary = "a lock was taken without the locks it needs first",
	.call_requires = call_requires,
};
