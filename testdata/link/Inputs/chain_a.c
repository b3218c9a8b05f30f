/* Three units: chain_a.c calls middle() (chain_b.c), which calls
 * set_range() (helper.c). */
#include "kernel.h"
#include "proto.h"

void good_top(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	i_mmap_lock_write(vma->vm_file->f_mapping);
	middle(vma, 0);
	i_mmap_unlock_write(vma->vm_file->f_mapping);
	mmap_write_unlock(vma->vm_mm);
}

void bad_top(struct vm_area_struct *vma)
{
	mmap_read_lock(vma->vm_mm);
	middle(vma, 0);
	mmap_read_unlock(vma->vm_mm);
}
