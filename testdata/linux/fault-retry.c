// The x86 fault handler's mmap-lock loop (arch/x86/mm/fault.c
// do_user_addr_fault()): its flags start from constants and gain bits
// ("flags |= FAULT_FLAG_TRIED; goto retry"), so FAULT_FLAG_VMA_LOCK stays
// clear in every iteration and handle_mm_fault() is known to run under the
// mmap lock.  Before, the bits known before the loop were lost at its
// head, and the second iteration did not know which lock it held.
// fault_signal_pending() is true only with VM_FAULT_RETRY in the result,
// when handle_mm_fault() has dropped the lock.
// process_addrs.rst, "Lock usage".
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

extern bool access_error(unsigned long error_code, struct vm_area_struct *vma);
extern void bad_area_nosemaphore(void);

/* Drops the lock the caller says it holds: the mmap lock if mm is given. */
static void bad_area(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (mm)
		mmap_read_unlock(mm);
	else
		vma_end_read(vma);
	bad_area_nosemaphore();
}

void good_retry_loop(struct mm_struct *mm, unsigned long addr,
		     unsigned long error_code, struct pt_regs *regs)
{
	unsigned int flags = FAULT_FLAG_ALLOW_RETRY | FAULT_FLAG_KILLABLE;
	struct vm_area_struct *vma;
	vm_fault_t fault;

	if (!mm)
		return;
	if (error_code & 2)
		flags |= FAULT_FLAG_WRITE;
retry:
	vma = lock_mm_and_find_vma(mm, addr, regs);
	if (!vma)
		return;
	if (access_error(error_code, vma)) {
		bad_area(mm, vma);
		return;
	}
	fault = handle_mm_fault(vma, addr, flags, regs);
	if (fault_signal_pending(fault, regs))
		return;
	if (fault & VM_FAULT_COMPLETED)
		return;
	if (fault & VM_FAULT_RETRY) {
		flags |= FAULT_FLAG_TRIED;
		goto retry;
	}
	mmap_read_unlock(mm);
}

/* Not pending says nothing of VM_FAULT_RETRY: the lock may be held. */
void bad_no_signal_return(struct mm_struct *mm, unsigned long addr,
			  struct pt_regs *regs)
{
	struct vm_area_struct *vma;
	vm_fault_t fault;

	vma = lock_mm_and_find_vma(mm, addr, regs); // expected-note {{mmap read lock of mm taken here}}
	if (!vma)
		return;
	fault = handle_mm_fault(vma, addr, FAULT_FLAG_USER, regs);
	if (!fault_signal_pending(fault, regs))
		return; // expected-warning {{bad_no_signal_return() returns with the mmap read lock of mm held unless a call released it (this path does not show whether it did) [vmalock-held-at-exit]}}
	/* Pending: VM_FAULT_RETRY is set, the lock is gone. */
}
