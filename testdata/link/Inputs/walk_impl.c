/* The page walker: what it needs depends on ops->walk_lock. */
#include "kernel.h"

int link_walk(struct vm_area_struct *vma, const struct mm_walk_ops *ops)
{
	if (ops->walk_lock == PGWALK_RDLOCK)
		mmap_assert_locked(vma->vm_mm);
	else
		vma_start_write(vma);
	return 0;
}
