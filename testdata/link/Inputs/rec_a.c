/* Mutual recursion across two units: ping() here, pong() in rec_b.c. */
#include "kernel.h"
#include "proto.h"

void ping(struct vm_area_struct *vma, int n)
{
	if (n)
		pong(vma, n - 1);
}

void good_ping(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	ping(vma, 3);
	mmap_write_unlock(vma->vm_mm);
}

void bad_ping(struct vm_area_struct *vma)
{
	ping(vma, 3);
}
