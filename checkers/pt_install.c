/*
 * pt-install: a page table was populated or an entry changed without
 * the locks it needs.  process_addrs.rst, "Page tables": populating an
 * empty entry or table needs the mmap or a VMA lock (the rmap locks are
 * not enough); changing an entry needs the lock of that page table and a
 * stable VMA (the mmap, a VMA or an rmap lock).  The functions and their
 * requirements are spec entries tagged 'checker "pt-install"'.
 */
#include "requires_common.h"

static void call_requires(const struct vl_check *c, const struct vl_fnspec *fn,
			  const struct vl_effect *eff)
{
	if (strcmp(vl_requires_checker(fn), "pt-install") == 0)
		vl_check_requires(c, "pt-install", fn, eff);
}

const struct vl_checker vl_checker_pt_install = {
	.id = "pt-install",
	.summary = "a page table entry was installed or changed without the locks it needs",
	.call_requires = call_requires,
};
