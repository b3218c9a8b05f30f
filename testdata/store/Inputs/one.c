/* Two known findings with the bundled spec: a field-write and a
 * held-at-exit.  Tests depend on the line numbers below. */
#include "kernel.h"

void set_start(struct vm_area_struct *vma, unsigned long addr)
{
	mmap_write_lock(vma->vm_mm);
	vma->vm_start = addr;
	mmap_write_unlock(vma->vm_mm);
}

int leak_read(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	return 0;
}
