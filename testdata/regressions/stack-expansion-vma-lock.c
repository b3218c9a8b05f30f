// Regression: stack expansion without the VMA write lock.
//
// Fix: c137381f71ae "mm: lock a vma before stack expansion" (Suren
// Baghdasaryan, v6.5-rc1, Cc: stable; one of the per-VMA-lock fixes that
// followed the 6.4 release).
//
// What was wrong: once StackRot was fixed (stackrot-expand-stack.c) the
// stack was expanded under the mmap write lock, but expand_upwards() and
// expand_downwards() did not write-lock the VMA itself.  Page faults handled
// under the per-VMA read lock do not take the mmap lock, so they ran
// concurrently with the change of vm_start/vm_end.  The fix calls
// vma_start_write(vma) before the expansion.
//
// Rule (process_addrs.rst, "VMA fields"): vm_start, vm_end, vm_pgoff:
// "mmap write, VMA write, rmap write"; "without a VMA write lock, page
// faults will run concurrent with whatever you are doing".
//
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

/* expand_upwards() between 8d7071af8907 and c137381f71ae: the caller holds
 * the mmap write lock, the VMA is not write-locked. */
int bad_expand_upwards(struct vm_area_struct *vma, unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_assert_write_locked(mm); // expected-note {{mmap write lock of mm asserted here}}
	anon_vma_lock_write(vma->anon_vma); // expected-note {{anon_vma write lock of vma->anon_vma->root taken here}}
	spin_lock(&mm->page_table_lock); // expected-note {{page_table_lock of mm taken here}}
	vma->vm_end = address; // expected-warning {{write to vma->vm_end needs the VMA write lock of vma; held: mmap write lock of mm, anon_vma write lock of vma->anon_vma->root, page_table_lock of mm [vmalock-field-write]}}
	spin_unlock(&mm->page_table_lock);
	anon_vma_unlock_write(vma->anon_vma);
	return 0;
}

/* (vm_pgoff is updated alongside vm_start; one write is enough.) */
int bad_expand_downwards(struct vm_area_struct *vma, unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_assert_write_locked(mm); // expected-note {{mmap write lock of mm asserted here}}
	anon_vma_lock_write(vma->anon_vma); // expected-note {{anon_vma write lock of vma->anon_vma->root taken here}}
	spin_lock(&mm->page_table_lock); // expected-note {{page_table_lock of mm taken here}}
	vma->vm_start = address; // expected-warning {{write to vma->vm_start needs the VMA write lock of vma; held: mmap write lock of mm, anon_vma write lock of vma->anon_vma->root, page_table_lock of mm [vmalock-field-write]}}
	spin_unlock(&mm->page_table_lock);
	anon_vma_unlock_write(vma->anon_vma);
	return 0;
}

/* After the fix: lock the VMA before expanding it. */
int good_expand_upwards(struct vm_area_struct *vma, unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_assert_write_locked(mm);
	/* Lock the VMA before expanding to prevent concurrent page faults */
	vma_start_write(vma);
	anon_vma_lock_write(vma->anon_vma);
	spin_lock(&mm->page_table_lock);
	vma->vm_end = address;
	spin_unlock(&mm->page_table_lock);
	anon_vma_unlock_write(vma->anon_vma);
	return 0;
}

int good_expand_downwards(struct vm_area_struct *vma, unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_assert_write_locked(mm);
	vma_start_write(vma);
	anon_vma_lock_write(vma->anon_vma);
	spin_lock(&mm->page_table_lock);
	vma->vm_start = address;
	spin_unlock(&mm->page_table_lock);
	anon_vma_unlock_write(vma->anon_vma);
	return 0;
}
