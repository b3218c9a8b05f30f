// A callee that releases its caller's lock: the summary requires the lock
// (so a caller that does not hold it is reported at the call) and
// releases it (so the caller must not release it again).  Which lock may
// depend on an argument, as release_fault_lock() releases the VMA read
// lock or the mmap read lock depending on FAULT_FLAG_VMA_LOCK.
// process_addrs.rst, "VMA locks": fault handlers hold the VMA read lock
// or the mmap read lock; 6.12 include/linux/mm.h release_fault_lock().
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

static void drop_fault_lock(struct vm_area_struct *vma, unsigned int flags)
{
	if (flags & FAULT_FLAG_VMA_LOCK)
		vma_end_read(vma);
	else
		mmap_read_unlock(vma->vm_mm); // expected-note {{drop_fault_lock() releases it here}}
}

void good_vma_locked(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);

	if (!vma)
		return;
	drop_fault_lock(vma, FAULT_FLAG_VMA_LOCK);
}

void good_mmap_locked(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	if (vma)
		drop_fault_lock(vma, 0);
	else
		mmap_read_unlock(mm);
}

void bad_wrong_flag(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr); // expected-note 2 {{VMA read lock of vma taken here}}

	if (!vma)
		return;
	drop_fault_lock(vma, 0); // expected-warning {{drop_fault_lock() needs the mmap read lock of vma->vm_mm; held: VMA read lock of vma [vmalock-call-requires]}}
} // expected-warning {{bad_wrong_flag() returns with the VMA read lock of vma held [vmalock-held-at-exit]}}

void bad_double_release(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);

	if (!vma)
		return;
	drop_fault_lock(vma, FAULT_FLAG_VMA_LOCK); // expected-note {{VMA read lock of vma released here}}
	vma_end_read(vma); // expected-warning {{vma_end_read() releases the VMA read lock of vma, which is not held [vmalock-release-unheld]}}
}
