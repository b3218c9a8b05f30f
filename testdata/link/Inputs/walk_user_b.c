#include "kernel.h"

int link_walk(struct vm_area_struct *vma, const struct mm_walk_ops *ops);

static const struct mm_walk_ops ops = { .walk_lock = PGWALK_WRLOCK };
static const struct mm_walk_ops same = { .walk_lock = PGWALK_RDLOCK };

int good_wr_walk_b(struct vm_area_struct *vma)
{
	int r;

	mmap_write_lock(vma->vm_mm);
	r = link_walk(vma, &ops);
	r += link_walk(vma, &same);
	mmap_write_unlock(vma->vm_mm);
	return r;
}
