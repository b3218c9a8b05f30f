// Regression: releasing the VMA read lock after VM_FAULT_RETRY or
// VM_FAULT_COMPLETED, when handle_mm_fault() has already released it.
//
// Fix: 4089eef0e6ac "mm: drop per-VMA lock when returning VM_FAULT_RETRY or
// VM_FAULT_COMPLETED" (Suren Baghdasaryan, v6.6-rc1).
//
// What changed, and what goes wrong: handle_mm_fault() returning
// VM_FAULT_RETRY or VM_FAULT_COMPLETED has always meant "the mmap lock has
// been released".  Under the per-VMA lock the 6.4/6.5 rule was different:
// the caller still released the VMA lock, and the arch handlers (arm64,
// powerpc, s390, x86) called vma_end_read() unconditionally.  The commit
// made the two consistent (handle_mm_fault() drops the VMA lock too, as
// do_swap_page() now does before returning VM_FAULT_RETRY) and changed every
// arch handler to call vma_end_read() only when neither bit is set.  Under
// that rule, which is the 6.12 one, the old unconditional vma_end_read() is
// a double unlock on the retry path; this is the bug every later fault
// handler conversion has to avoid.
//
// Rule (process_addrs.rst, "VMA locks"; handle_mm_fault() contract): a
// VM_FAULT_RETRY/VM_FAULT_COMPLETED result means the fault lock is gone.
//
// The spec entry for handle_mm_fault() says so ("releases vma(vma):read
// when return & 0x4400 if flags & 0x1000").  Released right after the call,
// before the result is tested (the shape here), the lock is released on
// some outcomes of the call only, and the unconditional vma_end_read() is
// reported as releasing a lock the call may have released.
//
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

struct pt_regs;
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags, struct pt_regs *regs);

/* kernel.h may have these as enumerators; the values are the kernel's. */
#ifndef FAULT_FLAG_VMA_LOCK
#define FAULT_FLAG_VMA_LOCK (1U << 12)
#endif
#ifndef VM_FAULT_RETRY
#define VM_FAULT_RETRY 0x000400
#endif
#ifndef VM_FAULT_COMPLETED
#define VM_FAULT_COMPLETED 0x004000
#endif

/* The arch fault path of 6.4/6.5 (x86 do_user_addr_fault(), reduced). */
vm_fault_t bad_do_user_addr_fault(struct mm_struct *mm, unsigned long address,
				  unsigned int flags, struct pt_regs *regs)
{
	struct vm_area_struct *vma;
	vm_fault_t fault;

	vma = lock_vma_under_rcu(mm, address);
	if (!vma)
		goto lock_mmap;
	fault = handle_mm_fault(vma, address, flags | FAULT_FLAG_VMA_LOCK, regs);
	vma_end_read(vma); // expected-warning {{vma_end_read() releases the VMA read lock of vma, which an earlier call may have released (this path does not show whether it did)}}
	if (!(fault & VM_FAULT_RETRY))
		return fault;

lock_mmap:
	mmap_read_lock(mm);
	vma = find_vma(mm, address);
	if (!vma) {
		mmap_read_unlock(mm);
		return 0;
	}
	fault = handle_mm_fault(vma, address, flags, regs);
	if (!(fault & (VM_FAULT_RETRY | VM_FAULT_COMPLETED)))
		mmap_read_unlock(mm);
	return fault;
}

/* After the fix. */
vm_fault_t good_do_user_addr_fault(struct mm_struct *mm, unsigned long address,
				   unsigned int flags, struct pt_regs *regs)
{
	struct vm_area_struct *vma;
	vm_fault_t fault;

	vma = lock_vma_under_rcu(mm, address);
	if (!vma)
		goto lock_mmap;
	fault = handle_mm_fault(vma, address, flags | FAULT_FLAG_VMA_LOCK, regs);
	if (!(fault & (VM_FAULT_RETRY | VM_FAULT_COMPLETED)))
		vma_end_read(vma);
	if (!(fault & VM_FAULT_RETRY))
		return fault;

lock_mmap:
	mmap_read_lock(mm);
	vma = find_vma(mm, address);
	if (!vma) {
		mmap_read_unlock(mm);
		return 0;
	}
	fault = handle_mm_fault(vma, address, flags, regs);
	if (!(fault & (VM_FAULT_RETRY | VM_FAULT_COMPLETED)))
		mmap_read_unlock(mm);
	return fault;
}
