/* Every caller is right: no finding, though each unit alone has some. */
#include "kernel.h"
#include "proto.h"

int good_everything(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_find(mm, addr);

	if (!vma)
		return -1;
	mmap_read_unlock(mm);
	vma = lock_vma_under_rcu(mm, addr);
	if (vma)
		drop_fault_lock(vma, FAULT_FLAG_VMA_LOCK);
	touch_mm(mm);
	return 0;
}

void good_set(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	anon_vma_lock_write(vma->anon_vma);
	set_range(vma, 0);
	anon_vma_unlock_write(vma->anon_vma);
	mmap_write_unlock(vma->vm_mm);
}
