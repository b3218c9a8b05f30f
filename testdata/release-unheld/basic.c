// release-unheld: a lock is released or downgraded that is not held, or
// is held in the other mode.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

void bad_never_taken(struct mm_struct *mm)
{
	mmap_read_unlock(mm); // expected-warning {{mmap_read_unlock() releases the mmap read lock of mm, which is not held [vmalock-release-unheld]}}
}

void bad_twice(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	mmap_read_unlock(mm); // expected-note {{mmap read lock of mm released here}}
	mmap_read_unlock(mm); // expected-warning {{mmap_read_unlock() releases the mmap read lock of mm, which is not held [vmalock-release-unheld]}}
}

void bad_wrong_mode(struct mm_struct *mm)
{
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	mmap_write_unlock(mm); // expected-warning {{mmap_write_unlock() releases the mmap write lock of mm, which is held for read [vmalock-release-unheld]}}
}

void bad_raw_wrong_mode(struct mm_struct *mm)
{
	down_write(&mm->mmap_lock); // expected-note {{mmap write lock of mm taken here}}
	up_read(&mm->mmap_lock); // expected-warning {{up_read() releases the mmap read lock of mm, which is held for write [vmalock-release-unheld]}}
}

void good_downgrade(struct mm_struct *mm)
{
	mmap_write_lock(mm);
	mmap_write_downgrade(mm);
	mmap_read_unlock(mm);
}

void bad_downgrade_read(struct mm_struct *mm)
{
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	mmap_write_downgrade(mm); // expected-warning {{mmap_write_downgrade() downgrades the mmap write lock of mm, which is held for read [vmalock-release-unheld]}}
	mmap_read_unlock(mm);
}

void bad_after_downgrade(struct mm_struct *mm)
{
	mmap_write_lock(mm);
	mmap_write_downgrade(mm);
	mmap_write_unlock(mm); // expected-warning {{mmap_write_unlock() releases the mmap write lock of mm, which is held for read [vmalock-release-unheld]}}
}
// expected-note@-4 {{mmap write lock of mm taken here}}

/* The VMA write locks are dropped with the mmap write lock: there is
 * nothing left to release, and no unheld release is reported for them. */
void good_unlock_drops_vma_locks(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	mmap_write_unlock(vma->vm_mm);
}

void good_pte_unmap_unlock(struct mm_struct *mm, pmd_t *pmd)
{
	spinlock_t *ptl = pmd_lock(mm, pmd);

	spin_unlock(ptl);
}
