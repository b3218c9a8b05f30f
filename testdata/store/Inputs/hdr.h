/* A static inline helper with a bug, included by hdr_a.c and hdr_b.c. */
#ifndef HDR_H
#define HDR_H
#include "kernel.h"

static inline void hdr_set_pgoff(struct vm_area_struct *vma, unsigned long pgoff)
{
	mmap_read_lock(vma->vm_mm);
	vma->vm_pgoff = pgoff;
	mmap_read_unlock(vma->vm_mm);
}
#endif
