/* Calls helper.c's set_start() (a unit of its own), and leaks the mmap
 * read lock. */
#include "kernel.h"
#include "proto.h"

void move(struct vm_area_struct *vma, unsigned long addr)
{
	mmap_read_lock(vma->vm_mm);
	set_start(vma, addr);
	mmap_read_unlock(vma->vm_mm);
}

int leak_read(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	return 0;
}
