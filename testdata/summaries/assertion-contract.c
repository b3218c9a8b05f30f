// An assertion is a contract: inside the function it is assumed; for the
// callers it is a requirement.  A caller that does not hold the lock is
// reported at its call, and the asserting function never is, even when
// no caller holds it.
// process_addrs.rst, "Lock usage": vma_assert_write_locked(),
// mmap_assert_locked() and friends state what the caller holds.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

static void set_flags_locked(struct vm_area_struct *vma, unsigned long f)
{
	vma_assert_write_locked(vma); // expected-note {{set_flags_locked() asserts it here}}
	vma->__vm_flags = f;
}

void good_caller(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	set_flags_locked(vma, 0);
	mmap_write_unlock(vma->vm_mm);
}

void bad_caller(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	set_flags_locked(vma, 0); // expected-warning {{set_flags_locked() needs the VMA write lock of vma; held: mmap write lock of vma->vm_mm [vmalock-call-requires]}}
	mmap_write_unlock(vma->vm_mm);
}

/* Only wrong callers: still reported at the calls, not in the helper. */
static void count_locked(struct mm_struct *mm)
{
	mmap_assert_locked(mm); // expected-note {{count_locked() asserts it here}}
}

void bad_only_caller(struct mm_struct *mm)
{
	count_locked(mm); // expected-warning {{count_locked() needs the mmap read lock of mm; held: nothing [vmalock-call-requires]}}
}
