/* A static helper named "helper" in two units, needing different locks:
 * each unit's calls go to its own. */
#include "kernel.h"

static void helper(struct vm_area_struct *vma)
{
	vma->__vm_flags = 0;
}

void static_a_good(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	helper(vma);
	mmap_write_unlock(vma->vm_mm);
}

void static_a_bad(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	helper(vma);
	mmap_write_unlock(vma->vm_mm);
}
