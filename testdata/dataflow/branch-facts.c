// What a branch shows about a value: the old value of a field before a
// write, correlated conditions, bit tests, unlikely(), noreturn paths.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

#define FLAG_LOCK 0x4
#define FLAG_OTHER 0x8

/* vma->anon_vma is known NULL here: the NULL -> non-NULL rule applies
 * (mmap read + page_table_lock). */
void good_set_from_null(struct vm_area_struct *vma, struct anon_vma *av)
{
	struct mm_struct *mm = vma->vm_mm;

	if (!av)
		return;
	mmap_read_lock(mm);
	spin_lock(&mm->page_table_lock);
	if (!vma->anon_vma)
		vma->anon_vma = av;
	spin_unlock(&mm->page_table_lock);
	mmap_read_unlock(mm);
}

/* Known non-NULL: clearing needs mmap write, VMA write, anon_vma write. */
void bad_clear_with_read_lock(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	spin_lock(&mm->page_table_lock); // expected-note {{page_table_lock of mm taken here}}
	if (vma->anon_vma)
		vma->anon_vma = NULL; // expected-warning {{write to vma->anon_vma (from non-NULL to NULL) needs the mmap write lock of mm, the VMA write lock of vma and the anon_vma write lock of vma->anon_vma->root; held: mmap read lock of mm, page_table_lock of mm [vmalock-field-write]}}
	spin_unlock(&mm->page_table_lock);
	mmap_read_unlock(mm);
}

/* Locked and unlocked under the same condition: no path holds the lock at
 * the end or releases it unheld. */
void good_correlated(struct mm_struct *mm, int flag)
{
	if (flag)
		mmap_read_lock(mm);
	might_sleep();
	if (flag)
		mmap_read_unlock(mm);
}

void good_correlated_bits(struct mm_struct *mm, unsigned int flags)
{
	if (flags & FLAG_LOCK)
		mmap_read_lock(mm);
	might_sleep();
	if (unlikely(flags & FLAG_LOCK))
		mmap_read_unlock(mm);
}

void bad_other_bit(struct mm_struct *mm, unsigned int flags)
{
	if (flags & FLAG_LOCK)
		mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	if (flags & FLAG_OTHER)
		mmap_read_unlock(mm); // expected-warning {{mmap_read_unlock() releases the mmap read lock of mm, which is not held (on some paths) [vmalock-release-unheld]}}
} // expected-warning {{bad_other_bit() returns with the mmap read lock of mm held [vmalock-held-at-exit]}}

void good_compare(struct mm_struct *mm, int nr)
{
	if (nr > 3)
		mmap_read_lock(mm);
	if (nr >= 4)
		mmap_read_unlock(mm);
}

/* A path through BUG() does not return. */
void good_noreturn(struct mm_struct *mm, int x)
{
	mmap_read_lock(mm);
	if (x)
		BUG();
	mmap_read_unlock(mm);
}
