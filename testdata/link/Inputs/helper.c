/* Helpers in one unit, called from user.c. */
#include "kernel.h"
#include "proto.h"

void set_range(struct vm_area_struct *vma, unsigned long start)
{
	vma->vm_start = start;
}

struct vm_area_struct *lock_find(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	if (!vma)
		mmap_read_unlock(mm);
	return vma;
}

void drop_fault_lock(struct vm_area_struct *vma, unsigned int flags)
{
	if (flags & FAULT_FLAG_VMA_LOCK)
		vma_end_read(vma);
	else
		mmap_read_unlock(vma->vm_mm);
}

void touch_mm(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	mmap_read_unlock(mm);
}
