/* One finding, in a subdirectory (for PATH filters). */
#include "kernel.h"

void set_end(struct vm_area_struct *vma, unsigned long addr)
{
	mmap_read_lock(vma->vm_mm);
	vma->vm_end = addr;
	mmap_read_unlock(vma->vm_mm);
}
