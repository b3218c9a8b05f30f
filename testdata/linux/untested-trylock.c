// A try-lock whose result is never tested: the lock is held on one outcome
// only.  Releasing it unconditionally releases a lock that is not held
// when the try-lock failed (up_read() of an rwsem nobody holds), and
// dropping the result leaks the lock when it succeeded.  Both are
// reported.  expand_stack() likewise: the mmap read lock is held again
// only when it returns non-NULL.
// process_addrs.rst, "VMA lock internals": "Read locks are acquired via
// vma_start_read, which is an optimistic operation, i.e. it tries to
// acquire a read lock but returns false if it is unable to do so."
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

void bad_vma_start_read_unchecked(struct vm_area_struct *vma)
{
	vma_start_read(vma);
	vma_end_read(vma); // expected-warning {{vma_end_read() releases the VMA read lock of vma, which may not be held (this path does not show whether it was taken) [vmalock-release-unheld]}}
}

void bad_mmap_read_trylock_unchecked(struct mm_struct *mm)
{
	mmap_read_trylock(mm);
	mmap_read_unlock(mm); // expected-warning {{mmap_read_unlock() releases the mmap read lock of mm, which may not be held (this path does not show whether it was taken) [vmalock-release-unheld]}}
}

void bad_mmap_read_trylock_dropped(struct mm_struct *mm)
{
	mmap_read_trylock(mm); // expected-note {{mmap read lock of mm taken here}}
} // expected-warning {{bad_mmap_read_trylock_dropped() returns with the mmap read lock of mm held}}

/* Tested only after the unlock. */
int bad_expand_stack_unlock_before_test(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = expand_stack(mm, addr);
	mmap_read_unlock(mm); // expected-warning {{mmap_read_unlock() releases the mmap read lock of mm, which may not be held (this path does not show whether it was taken) [vmalock-release-unheld]}}
	return vma ? 0 : -EFAULT;
}
