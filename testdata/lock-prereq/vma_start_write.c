// lock-prereq: a VMA write lock needs the mmap write lock first.
// process_addrs.rst: "VMA locks are special in that you must obtain an mmap
// write lock first in order to obtain a VMA write lock."
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

void bad_no_mmap_lock(struct vm_area_struct *vma)
{
	vma_start_write(vma); // expected-warning {{vma_start_write() needs the mmap write lock of vma->vm_mm; held: nothing [vmalock-lock-prereq]}}
}

void bad_mmap_read(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	vma_start_write(vma); // expected-warning {{vma_start_write() needs the mmap write lock of mm; held: mmap read lock of mm [vmalock-lock-prereq]}}
	mmap_read_unlock(mm);
}

void bad_after_downgrade(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	mmap_write_downgrade(mm);
	vma_start_write(vma); // expected-warning {{vma_start_write() needs the mmap write lock of mm; held: mmap read lock of mm [vmalock-lock-prereq]}}
	mmap_read_unlock(mm);
}

void good(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	mmap_write_unlock(vma->vm_mm);
}

/* Asserting the mmap write lock establishes it for this function. */
void good_asserted(struct vm_area_struct *vma)
{
	mmap_assert_write_locked(vma->vm_mm);
	vma_start_write(vma);
}

void bad_only_read_asserted(struct vm_area_struct *vma)
{
	mmap_assert_locked(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm asserted here}}
	vma_start_write(vma); // expected-warning {{vma_start_write() needs the mmap write lock of vma->vm_mm; held: mmap read lock of vma->vm_mm [vmalock-lock-prereq]}}
}
