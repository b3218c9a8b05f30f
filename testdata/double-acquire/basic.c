// double-acquire: a lock already held is acquired again.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

void bad_twice(struct mm_struct *mm)
{
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	mmap_read_lock(mm); // expected-warning {{mmap_read_lock() acquires the mmap read lock of mm, which is already held [vmalock-double-acquire]}}
	mmap_read_unlock(mm);
	mmap_read_unlock(mm);
}

void bad_spin_twice(struct mm_struct *mm)
{
	spin_lock(&mm->page_table_lock); // expected-note {{page_table_lock of mm taken here}}
	spin_lock(&mm->page_table_lock); // expected-warning {{spin_lock() acquires the page_table_lock of mm, which is already held [vmalock-double-acquire]}}
	spin_unlock(&mm->page_table_lock);
	spin_unlock(&mm->page_table_lock);
}

/* The same lock through the wrapper and the raw primitive. */
void bad_raw_and_wrapper(struct mm_struct *mm)
{
	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	down_write(&mm->mmap_lock); // expected-warning {{down_write() acquires the mmap write lock of mm, which is already held [vmalock-double-acquire]}}
	up_write(&mm->mmap_lock);
	mmap_write_unlock(mm);
}

void good_two_locks(struct mm_struct *mm, struct vm_area_struct *vma)
{
	mmap_read_lock(mm);
	i_mmap_lock_read(vma->vm_file->f_mapping);
	i_mmap_unlock_read(vma->vm_file->f_mapping);
	mmap_read_unlock(mm);
}

/* vma_start_write() on a VMA already write-locked is a no-op. */
void good_vma_write_twice(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	vma_start_write(vma);
	mmap_write_unlock(vma->vm_mm);
}

/* ... but a VMA read lock is a real reference.  (A try-lock of a lock
 * already held is taken to fail, so the second release is unheld on the
 * path where it "succeeded".) */
void bad_vma_read_twice(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr); // expected-note {{VMA read lock of vma taken here}}

	if (!vma)
		return;
	if (vma_start_read(vma)) // expected-warning {{vma_start_read() acquires the VMA read lock of vma, which is already held [vmalock-double-acquire]}}
		vma_end_read(vma); // expected-note {{VMA read lock of vma released here}}
	vma_end_read(vma); // expected-warning {{vma_end_read() releases the VMA read lock of vma, which is not held (on some paths) [vmalock-release-unheld]}}
}

/* Trying to take a lock held for write can only fail: no double
 * acquisition.  6.12 vm_insert_pages() asserts "the mmap lock is held"
 * this way: BUG_ON(mmap_read_trylock(vma->vm_mm)). */
void good_trylock_of_write_held_lock(struct mm_struct *mm)
{
	mmap_write_lock(mm);
	if (mmap_read_trylock(mm))
		BUG();
	mmap_write_unlock(mm);
}
