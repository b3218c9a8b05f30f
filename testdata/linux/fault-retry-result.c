// VM_FAULT_RETRY in a fault's result means the fault ran under the VMA
// lock: __vmf_anon_prepare() returns it only when its mmap_read_trylock()
// fails under FAULT_FLAG_VMA_LOCK, and hugetlb_wp() only from there (spec
// "implies return & 0x400: vmf->flags & 0x1000 is set").  mm/hugetlb.c
// hugetlb_no_page() sets ret from both, from constants and from
// vmf_error(), and after the paths meet at "out:" drops the VMA lock "if
// (ret & VM_FAULT_RETRY)".  Where the paths meet, what the test will say
// is kept for the merged value (from the paths whose value implies the
// same, or fails the test), also past other locals that differ there.
// Before, it was lost, and a fault under the mmap lock was taken to drop
// a VMA lock it does not hold (memory.c:6104).
// RUN: %check %s

#include "kernel.h"

vm_fault_t __vmf_anon_prepare(struct vm_fault *vmf);
vm_fault_t hugetlb_wp(struct vm_fault *vmf);
int test_trylock(void);
void test_put(void);

static vm_fault_t test_no_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	bool new_folio = false, locked = false, anon = false, cache = false;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	if (!vma->anon_vma) {
		new_folio = test_trylock() != 0;
		locked = test_trylock() != 0;
		anon = test_trylock() != 0;
		cache = test_trylock() != 0;
		ret = __vmf_anon_prepare(vmf);
		if (ret)
			goto out;
	}
	ret = 0;
	if (vmf->flags & FAULT_FLAG_WRITE)
		ret = hugetlb_wp(vmf);
out:
	if (new_folio || locked || anon || cache)
		test_put();
	if (ret & VM_FAULT_RETRY)
		vma_end_read(vma); // expected-note {{test_no_page() releases it here}}
	return ret;
}

vm_fault_t good_mmap_locked(struct vm_area_struct *vma, unsigned int flags)
{
	struct vm_fault vmf = { .vma = vma,
				.flags = flags & ~FAULT_FLAG_VMA_LOCK };
	vm_fault_t ret;

	mmap_read_lock(vma->vm_mm);
	ret = test_no_page(&vmf);
	mmap_read_unlock(vma->vm_mm);
	return ret;
}

vm_fault_t good_vma_locked(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);
	vm_fault_t ret;

	if (!vma)
		return VM_FAULT_RETRY;
	{
		struct vm_fault vmf = { .vma = vma,
					.flags = FAULT_FLAG_VMA_LOCK };

		ret = test_no_page(&vmf);
	}
	if (!(ret & VM_FAULT_RETRY))
		vma_end_read(vma);
	return ret;
}

vm_fault_t bad_vma_lock_not_held(struct vm_area_struct *vma)
{
	struct vm_fault vmf = { .vma = vma, .flags = FAULT_FLAG_VMA_LOCK };

	return test_no_page(&vmf); // expected-warning {{test_no_page() needs the VMA read lock of vma; held: nothing [vmalock-call-requires]}}
}
