/* No findings with the bundled spec. */
#include "kernel.h"

void set_start(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm);
	vma_start_write(vma);
	anon_vma_lock_write(vma->anon_vma);
	vma->vm_start = addr;
	anon_vma_unlock_write(vma->anon_vma);
	mmap_write_unlock(mm);
}
