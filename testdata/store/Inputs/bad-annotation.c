/* The body of two.c with an annotation error: nothing may be stored. */
#include "kernel.h"
#include "vmalock.h"

void set_end(struct vm_area_struct *vma, unsigned long addr)
	__vl_requires(mmap(vma->vm_mm):writ);

void set_end(struct vm_area_struct *vma, unsigned long addr)
{
	mmap_read_lock(vma->vm_mm);
	vma->vm_end = addr;
	mmap_read_unlock(vma->vm_mm);
}
