/* Known findings with the bundled spec, used by the report tests; the
 * tests depend on the line numbers below. */
#include "kernel.h"

void handle(struct vm_area_struct *vma);

void set_start(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_read_lock(mm);
	anon_vma_lock_write(vma->anon_vma);
	vma->vm_start = addr;
	anon_vma_unlock_write(vma->anon_vma);
	mmap_read_unlock(mm);
}

int leak_read(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	return 0;
}

void fallback(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);

	if (!vma)
		return;
	mmap_read_lock(mm);
	handle(vma);
	mmap_read_unlock(mm);
	vma_end_read(vma);
}
