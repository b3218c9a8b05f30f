// The bits no return of a function sets are clear in its result at every
// call: include/linux/mm.h vmf_error() gives VM_FAULT_OOM, VM_FAULT_HWPOISON
// or VM_FAULT_SIGBUS, never VM_FAULT_RETRY, so mm/hugetlb.c
// hugetlb_no_page()'s "if (ret & VM_FAULT_RETRY) vma_end_read(vma)" does
// not run on its error path.  Before, the callee's result was any value.
// RUN: %check %s

#include "kernel.h"

int test_alloc(void);

vm_fault_t test_vmf_error(int err)
{
	if (err == -12)
		return VM_FAULT_OOM;
	return VM_FAULT_SIGBUS;
}

static vm_fault_t test_fault(struct vm_area_struct *vma)
{
	vm_fault_t ret = test_vmf_error(test_alloc());

	if (ret & VM_FAULT_RETRY)
		vma_end_read(vma);
	return ret;
}

vm_fault_t good_error_result(struct vm_area_struct *vma)
{
	vm_fault_t ret;

	mmap_read_lock(vma->vm_mm);
	ret = test_fault(vma);
	mmap_read_unlock(vma->vm_mm);
	return ret;
}

/* A result with the bit on some return: the test may pass. */
static vm_fault_t test_maybe_retry(int err)
{
	if (err == -11)
		return VM_FAULT_RETRY;
	return VM_FAULT_SIGBUS;
}

static vm_fault_t test_fault_retry(struct vm_area_struct *vma)
{
	vm_fault_t ret = test_maybe_retry(test_alloc());

	if (ret & VM_FAULT_RETRY)
		vma_end_read(vma); // expected-warning {{vma_end_read() releases the VMA read lock of vma, which is not held [vmalock-release-unheld]}}
	return ret;
}

vm_fault_t bad_retry_result(struct vm_area_struct *vma)
{
	vm_fault_t ret;

	mmap_read_lock(vma->vm_mm);
	ret = test_fault_retry(vma); // expected-note {{bad_retry_result() calls test_fault_retry() here, without it}}
	mmap_read_unlock(vma->vm_mm);
	return ret;
}
