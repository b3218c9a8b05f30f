// Code the analysis does not see leaves a "kept" field as it was: the
// bundled spec says so of struct vm_fault's flags ("XXX: should really be
// 'const'") and of its const members (vma, address, ...).  mm/memory.c
// __handle_mm_fault() builds vmf on its stack, passes &vmf to
// create_huge_pmd(), which calls vma->vm_ops->huge_fault(vmf, ...)
// through a pointer, and then to handle_pte_fault(), which drops the VMA
// lock where vmf->flags has FAULT_FLAG_VMA_LOCK.  Before, the call
// through the pointer could have changed vmf.flags and vmf.vma, and a
// fault under the mmap lock was taken to drop a VMA lock.
// RUN: %check %s

#include "kernel.h"

int test_cond(void);

/* vmf_can_call_fault(): the VMA lock is dropped before a retry. */
static vm_fault_t test_can_call_fault(const struct vm_fault *vmf)
{
	if (!(vmf->flags & FAULT_FLAG_VMA_LOCK))
		return 0;
	vma_end_read(vmf->vma); // expected-note {{test_can_call_fault() releases it here}}
	return VM_FAULT_RETRY;
}

/* create_huge_pmd(): the handler is not known. */
static vm_fault_t test_create_huge_pmd(struct vm_fault *vmf)
{
	if (vmf->vma->vm_ops && vmf->vma->vm_ops->huge_fault)
		return vmf->vma->vm_ops->huge_fault(vmf, 9);
	return 0x800;
}

static vm_fault_t test_handle_fault(struct vm_area_struct *vma,
				    unsigned int flags)
{
	struct vm_fault vmf = { .vma = vma, .flags = flags };

	if (test_cond())
		test_create_huge_pmd(&vmf);
	/* A handler called here directly. */
	if (test_cond() && vma->vm_ops->fault)
		vma->vm_ops->fault(&vmf);
	return test_can_call_fault(&vmf); // expected-note {{test_handle_fault() calls test_can_call_fault() here}}
}

vm_fault_t good_mmap_locked(struct vm_area_struct *vma, unsigned int flags)
{
	vm_fault_t ret;

	mmap_read_lock(vma->vm_mm);
	ret = test_handle_fault(vma, flags & ~FAULT_FLAG_VMA_LOCK);
	mmap_read_unlock(vma->vm_mm);
	return ret;
}

vm_fault_t good_vma_locked(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);
	vm_fault_t ret;

	if (!vma)
		return VM_FAULT_RETRY;
	ret = test_handle_fault(vma, FAULT_FLAG_VMA_LOCK);
	if (!ret)
		vma_end_read(vma);
	return ret;
}

vm_fault_t bad_vma_flag_mmap_locked(struct vm_area_struct *vma)
{
	vm_fault_t ret;

	mmap_read_lock(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm taken here}}
	ret = test_handle_fault(vma, FAULT_FLAG_VMA_LOCK); // expected-warning {{test_handle_fault() needs the VMA read lock of vma; held: mmap read lock of vma->vm_mm [vmalock-call-requires]}}
	mmap_read_unlock(vma->vm_mm);
	return ret;
}
