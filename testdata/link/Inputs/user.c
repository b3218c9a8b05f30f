/* Callers of helper.c, right and wrong. */
#include "kernel.h"
#include "proto.h"

static void shrink(struct vm_area_struct *vma)
{
	set_range(vma, 0);
}

void good_caller(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	anon_vma_lock_write(vma->anon_vma);
	shrink(vma);
	anon_vma_unlock_write(vma->anon_vma);
	mmap_write_unlock(vma->vm_mm);
}

void bad_caller(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
#ifdef FIXED
	vma_start_write(vma);
	anon_vma_lock_write(vma->anon_vma);
#endif
	shrink(vma);
#ifdef FIXED
	anon_vma_unlock_write(vma->anon_vma);
#endif
	mmap_write_unlock(vma->vm_mm);
}

int good_user(struct mm_struct *mm)
{
	if (!lock_find(mm, 0))
		return -1;
	mmap_read_unlock(mm);
	return 0;
}

int bad_user_leak(struct mm_struct *mm)
{
	if (!lock_find(mm, 0))
		return -1;
	return 0;
}

void good_fault(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);

	if (vma)
		drop_fault_lock(vma, FAULT_FLAG_VMA_LOCK);
}

void bad_fault_double(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);

	if (!vma)
		return;
	drop_fault_lock(vma, FAULT_FLAG_VMA_LOCK);
	vma_end_read(vma);
}

void bad_touch_under_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);

	if (!vma)
		return;
	touch_mm(mm);
	vma_end_read(vma);
}
