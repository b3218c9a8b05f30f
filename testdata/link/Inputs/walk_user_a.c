/* Ops tables are static const globals; unit b has its own "ops" with
 * another walk_lock, and "same" with the same one. */
#include "kernel.h"

int link_walk(struct vm_area_struct *vma, const struct mm_walk_ops *ops);

static const struct mm_walk_ops rd_ops = { .walk_lock = PGWALK_RDLOCK };
static const struct mm_walk_ops wr_ops = { .walk_lock = PGWALK_WRLOCK };
static const struct mm_walk_ops ops = { .walk_lock = PGWALK_RDLOCK };
static const struct mm_walk_ops same = { .walk_lock = PGWALK_RDLOCK };

int good_rd_walk(struct vm_area_struct *vma)
{
	int r;

	mmap_read_lock(vma->vm_mm);
	r = link_walk(vma, &rd_ops);
	r += link_walk(vma, &same);
	mmap_read_unlock(vma->vm_mm);
	return r;
}

int bad_wr_walk(struct vm_area_struct *vma)
{
	int r;

	mmap_read_lock(vma->vm_mm);
	r = link_walk(vma, &wr_ops);
	mmap_read_unlock(vma->vm_mm);
	return r;
}

int ambiguous_walk_a(struct vm_area_struct *vma)
{
	int r;

	mmap_read_lock(vma->vm_mm);
	r = link_walk(vma, &ops);
	mmap_read_unlock(vma->vm_mm);
	return r;
}
