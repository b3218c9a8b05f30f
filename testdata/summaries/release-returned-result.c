// A function that returns what a callee returns, where the callee drops
// the callers' lock on some results, drops it on those results too:
// mm/memory.c do_read_fault() ends in "return vmf_can_call_fault(vmf)"
// paths, and vmf_can_call_fault() drops the VMA lock when it returns
// VM_FAULT_RETRY.  Before, the wrapper's summary lost the release, and
// its callers were left holding the lock.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

static int test_drop_on_retry(struct vm_area_struct *vma, int busy)
{
	if (!busy)
		return 0;
	vma_end_read(vma);
	return 1;
}

static int test_wrapper(struct vm_area_struct *vma, int busy)
{
	return test_drop_on_retry(vma, busy);
}

void good_unlock_when_kept(struct mm_struct *mm, unsigned long addr,
			   int busy)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);

	if (!vma)
		return;
	if (!test_wrapper(vma, busy))
		vma_end_read(vma);
}

void bad_unlock_always(struct mm_struct *mm, unsigned long addr, int busy)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);

	if (!vma)
		return;
	test_wrapper(vma, busy);
	vma_end_read(vma); // expected-warning {{vma_end_read() releases the VMA read lock of vma, which an earlier call may have released (this path does not show whether it did) [vmalock-release-unheld]}}
}
