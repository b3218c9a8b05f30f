// "x << k" has its low k bits clear whatever x is: mm/hugetlb.c returns
// "VM_FAULT_HWPOISON_LARGE | VM_FAULT_SET_HINDEX(hstate_index(h))", and
// VM_FAULT_SET_HINDEX(x) is "x << 16", so that result never has
// VM_FAULT_RETRY.  A shift of constants stays a constant (mm/mempolicy.c
// passes "cond ? MPOL_MF_MOVE_ALL : MPOL_MF_MOVE", 1 << 2 or 1 << 1, and
// its callee needs the mmap write lock only with MPOL_MF_WRLOCK, 1 << 6).
// Before, any shift was an unknown value.
// RUN: %check %s

#include "kernel.h"

int test_index(void);
int test_cond(void);

static vm_fault_t test_poison(struct vm_area_struct *vma)
{
	vm_fault_t ret = 0x20 | (test_index() << 16);

	if (ret & VM_FAULT_RETRY)
		vma_end_read(vma);
	return ret;
}

vm_fault_t good_poison_result(struct vm_area_struct *vma)
{
	vm_fault_t ret;

	mmap_read_lock(vma->vm_mm);
	ret = test_poison(vma);
	mmap_read_unlock(vma->vm_mm);
	return ret;
}

/* A shift by less than the bit's position may set it. */
static vm_fault_t test_small_shift(struct vm_area_struct *vma)
{
	vm_fault_t ret = 0x20 | (test_index() << 4);

	if (ret & VM_FAULT_RETRY)
		vma_end_read(vma); // expected-warning {{vma_end_read() releases the VMA read lock of vma, which is not held [vmalock-release-unheld]}}
	return ret;
}

vm_fault_t bad_small_shift(struct vm_area_struct *vma)
{
	vm_fault_t ret;

	mmap_read_lock(vma->vm_mm);
	ret = test_small_shift(vma); // expected-note {{bad_small_shift() calls test_small_shift() here, without it}}
	mmap_read_unlock(vma->vm_mm);
	return ret;
}

static void test_migrate(struct mm_struct *mm, int flags)
{
	if (flags & (1 << 6))
		mmap_assert_write_locked(mm); // expected-note {{test_migrate() asserts it here}}
}

void good_constant_shift(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	test_migrate(mm, test_cond() ? 1 << 2 : 1 << 1);
	mmap_read_unlock(mm);
}

void bad_constant_shift(struct mm_struct *mm)
{
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	test_migrate(mm, test_cond() ? 1 << 6 : 1 << 1); // expected-warning {{test_migrate() needs the mmap write lock of mm; held: mmap read lock of mm [vmalock-call-requires]}}
	mmap_read_unlock(mm);
}
