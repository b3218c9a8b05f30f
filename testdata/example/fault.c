/*
 * A kernel-shaped example for scripts/quickstart.sh: a page-fault path.
 */
#include "kernel.h"

vm_fault_t handle_fault(struct vm_area_struct *vma, unsigned long addr);

/* Falls back to the mmap lock while still holding the VMA read lock:
 * that can deadlock against a writer waiting for the VMA. */
int fault_buggy(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);

	if (!vma)
		return -EAGAIN;
	if (handle_fault(vma, addr)) {
		mmap_read_lock(mm);
		mmap_read_unlock(mm);
	}
	vma_end_read(vma);
	return 0;
}

int fault(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);

	if (vma) {
		handle_fault(vma, addr);
		vma_end_read(vma);
		return 0;
	}
	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	if (vma)
		handle_fault(vma, addr);
	mmap_read_unlock(mm);
	return 0;
}

/* An error path forgets the lock. */
int fault_leak(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	if (!vma)
		return -ENOMEM;
	handle_fault(vma, addr);
	mmap_read_unlock(mm);
	return 0;
}
