/*
 * A kernel-shaped example for scripts/quickstart.sh: stack expansion and
 * anon_vma setup, with the kind of bugs vmalock exists to catch.
 */
#include "kernel.h"

/* The bug fixed by "mm: always expand the stack with the mmap write lock
 * held": the VMA is changed with only the mmap read lock, so page faults
 * under VMA read locks race with the expansion. */
int expand_downwards_buggy(struct vm_area_struct *vma, unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_read_lock(mm);
	anon_vma_lock_write(vma->anon_vma);
	spin_lock(&mm->page_table_lock);
	vma->vm_start = address;
	spin_unlock(&mm->page_table_lock);
	anon_vma_unlock_write(vma->anon_vma);
	mmap_read_unlock(mm);
	return 0;
}

/* The fixed version. */
int expand_downwards(struct vm_area_struct *vma, unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;

	if (mmap_write_lock_killable(mm))
		return -EINTR;
	vma_start_write(vma);
	anon_vma_lock_write(vma->anon_vma);
	spin_lock(&mm->page_table_lock);
	vma->vm_start = address;
	spin_unlock(&mm->page_table_lock);
	anon_vma_unlock_write(vma->anon_vma);
	mmap_write_unlock(mm);
	return 0;
}

/* anon_vma may go from NULL to non-NULL under the mmap read lock, but only
 * with the page_table_lock held. */
int prepare_buggy(struct vm_area_struct *vma, struct anon_vma *anon_vma)
{
	mmap_read_lock(vma->vm_mm);
	if (!vma->anon_vma)
		vma->anon_vma = anon_vma;
	mmap_read_unlock(vma->vm_mm);
	return 0;
}

int prepare(struct vm_area_struct *vma, struct anon_vma *anon_vma)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_read_lock(mm);
	spin_lock(&mm->page_table_lock);
	if (!vma->anon_vma && anon_vma)
		vma->anon_vma = anon_vma;
	spin_unlock(&mm->page_table_lock);
	mmap_read_unlock(mm);
	return 0;
}
