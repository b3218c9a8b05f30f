// The fault path: handle_mm_fault() runs under the VMA read lock when
// FAULT_FLAG_VMA_LOCK is set, under the mmap read lock otherwise; when its
// result has VM_FAULT_RETRY or VM_FAULT_COMPLETED set it has released that
// lock, and the caller must not release it again.  release_fault_lock()
// releases whichever vmf->flags says is held.
// process_addrs.rst, "Lock usage": "Try to obtain a VMA read lock via
// lock_vma_under_rcu. This tries to acquire the lock atomically so might
// fail, in which case fall-back logic is required to instead obtain an mmap
// read lock if this returns NULL".  (6.12: arch/x86/mm/fault.c,
// mm/memory.c.)
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

/* Misuses that test only some of the bits are in
 * xfail-fault-partial-mask.c. */

/* The x86 shape: VMA lock first, then the mmap lock. */
void good_fault(struct mm_struct *mm, unsigned long addr, unsigned int flags,
		struct pt_regs *regs)
{
	struct vm_area_struct *vma;
	vm_fault_t fault;

	vma = lock_vma_under_rcu(mm, addr);
	if (!vma)
		goto lock_mmap;
	fault = handle_mm_fault(vma, addr, flags | FAULT_FLAG_VMA_LOCK, regs);
	if (!(fault & (VM_FAULT_RETRY | VM_FAULT_COMPLETED)))
		vma_end_read(vma);
	if (!(fault & VM_FAULT_RETRY))
		return;
lock_mmap:
	vma = lock_mm_and_find_vma(mm, addr, regs);
	if (!vma)
		return;
	fault = handle_mm_fault(vma, addr, flags & ~FAULT_FLAG_VMA_LOCK, regs);
	if (fault & (VM_FAULT_RETRY | VM_FAULT_COMPLETED))
		return;
	mmap_read_unlock(mm);
}

/* FAULT_FLAG_VMA_LOCK says the VMA read lock is held. */
void bad_vma_flag_under_mmap_lock(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;
	vm_fault_t fault;

	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}} expected-note {{mmap read lock of mm taken here}}
	vma = find_vma(mm, addr);
	if (!vma) {
		mmap_read_unlock(mm);
		return;
	}
	fault = handle_mm_fault(vma, addr, FAULT_FLAG_VMA_LOCK, NULL); // expected-warning {{handle_mm_fault() needs the VMA read lock of vma; held: mmap read lock of mm [vmalock-lock-prereq]}}
	if (!(fault & (VM_FAULT_RETRY | VM_FAULT_COMPLETED)))
		mmap_read_unlock(mm);
} // expected-warning {{bad_vma_flag_under_mmap_lock() returns with the mmap read lock of mm held [vmalock-held-at-exit]}}

/* Without it, the mmap read lock must be held. */
void bad_no_flag_under_vma_lock(struct mm_struct *mm, unsigned long addr,
				unsigned int flags)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr); // expected-note {{VMA read lock of vma taken here}} expected-note {{VMA read lock of vma taken here}}
	vm_fault_t fault;

	if (!vma)
		return;
	fault = handle_mm_fault(vma, addr, flags & ~FAULT_FLAG_VMA_LOCK, NULL); // expected-warning {{handle_mm_fault() needs the mmap read lock of vma->vm_mm; held: VMA read lock of vma [vmalock-lock-prereq]}}
	if (!(fault & (VM_FAULT_RETRY | VM_FAULT_COMPLETED)))
		vma_end_read(vma);
} // expected-warning {{bad_no_flag_under_vma_lock() returns with the VMA read lock of vma held [vmalock-held-at-exit]}}

/* On VM_FAULT_RETRY the lock is already gone. */
void bad_release_after_retry(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr); // expected-note {{VMA read lock of vma taken here}}
	vm_fault_t fault;

	if (!vma)
		return;
	fault = handle_mm_fault(vma, addr, FAULT_FLAG_VMA_LOCK, NULL); // expected-note {{VMA read lock of vma released here}}
	if (fault & VM_FAULT_RETRY)
		vma_end_read(vma); // expected-warning {{vma_end_read() releases the VMA read lock of vma, which is not held [vmalock-release-unheld]}}
} // expected-warning {{bad_release_after_retry() returns with the VMA read lock of vma held unless a call released it (this path does not show whether it did) [vmalock-held-at-exit]}}

/* ... and so on VM_FAULT_COMPLETED, under the mmap lock. */
void bad_release_after_completed(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;
	vm_fault_t fault;

	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	vma = find_vma(mm, addr);
	if (!vma) {
		mmap_read_unlock(mm);
		return;
	}
	fault = handle_mm_fault(vma, addr, FAULT_FLAG_WRITE, NULL); // expected-note {{mmap read lock of mm released here}}
	if (fault & VM_FAULT_COMPLETED)
		mmap_read_unlock(mm); // expected-warning {{mmap_read_unlock() releases the mmap read lock of mm, which is not held [vmalock-release-unheld]}}
} // expected-warning {{bad_release_after_completed() returns with the mmap read lock of mm held unless a call released it (this path does not show whether it did) [vmalock-held-at-exit]}}

/* Otherwise the caller still holds it. */
void bad_leak_without_retry(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr); // expected-note {{VMA read lock of vma taken here}}
	vm_fault_t fault;

	if (!vma)
		return;
	fault = handle_mm_fault(vma, addr, FAULT_FLAG_VMA_LOCK, NULL);
	if (fault & (VM_FAULT_RETRY | VM_FAULT_COMPLETED))
		return;
} // expected-warning {{bad_leak_without_retry() returns with the VMA read lock of vma held [vmalock-held-at-exit]}}

/* release_fault_lock(): the lock vmf->flags names. */
void good_release_fault_lock_vma(struct vm_fault *vmf)
{
	if (!(vmf->flags & FAULT_FLAG_VMA_LOCK))
		return;
	if (!vma_start_read(vmf->vma))
		return;
	release_fault_lock(vmf);
}

void good_release_fault_lock_mmap(struct vm_fault *vmf)
{
	if (vmf->flags & FAULT_FLAG_VMA_LOCK)
		return;
	mmap_read_lock(vmf->vma->vm_mm);
	release_fault_lock(vmf);
}

void bad_release_fault_lock_wrong_lock(struct vm_fault *vmf)
{
	if (!(vmf->flags & FAULT_FLAG_VMA_LOCK))
		return;
	mmap_read_lock(vmf->vma->vm_mm); // expected-note {{mmap read lock of vmf->vma->vm_mm taken here}}
	release_fault_lock(vmf); // expected-warning {{release_fault_lock() releases the VMA read lock of vmf->vma, which is not held [vmalock-release-unheld]}}
} // expected-warning {{bad_release_fault_lock_wrong_lock() returns with the mmap read lock of vmf->vma->vm_mm held [vmalock-held-at-exit]}}
