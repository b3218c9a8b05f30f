// handle_mm_fault() has released the lock when its result has
// VM_FAULT_RETRY or VM_FAULT_COMPLETED set ('releases ... when return &
// 0x4400').  A caller that tests only VM_FAULT_RETRY and then unlocks
// releases the lock a second time when the result was VM_FAULT_COMPLETED;
// one that returns on VM_FAULT_RETRY only leaks it otherwise.  Where the
// path knows one bit of the mask and not the other, the lock is released
// on some outcomes only, and both bugs are reported.
// process_addrs.rst, "Lock usage": "The primary users of VMA read locks
// are page fault handlers"; 6.12 arch/x86/mm/fault.c: "if (!(fault &
// (VM_FAULT_RETRY | VM_FAULT_COMPLETED))) vma_end_read(vma);".
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

void bad_unlock_unless_retry(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;
	vm_fault_t fault;

	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	if (!vma) {
		mmap_read_unlock(mm);
		return;
	}
	fault = handle_mm_fault(vma, addr, FAULT_FLAG_WRITE, NULL);
	if (!(fault & VM_FAULT_RETRY))
		mmap_read_unlock(mm); // expected-warning {{mmap_read_unlock() releases the mmap read lock of mm, which an earlier call may have released (this path does not show whether it did) [vmalock-release-unheld]}}
}

void bad_return_on_retry_only(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr); // expected-note {{VMA read lock of vma taken here}}
	vm_fault_t fault;

	if (!vma)
		return;
	fault = handle_mm_fault(vma, addr, FAULT_FLAG_VMA_LOCK, NULL);
	if (fault & VM_FAULT_RETRY)
		return;
} // expected-warning {{bad_return_on_retry_only() returns with the VMA read lock of vma held}}
