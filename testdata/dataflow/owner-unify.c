// Which mm a lock belongs to.  The mmap lock is 'unify_owners': kernel
// code rarely shows that vma->vm_mm is the mm it locked (find_vma(mm),
// current->mm, vmg->mm), so a requirement on the mmap lock of an mm the
// code does not tie to a locked one is met by a locked one.  Taking the
// lock of a second mm is a second lock (fork's dup_mmap() locks the
// parent's and the child's): both are held, both must be released, and
// a requirement on an unknown owner is met by either, in its mode.
// docs/spec-language.md, "Owners".
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

/* One mm locked: vma->vm_mm is taken to be it. */
void good_one_mm(struct mm_struct *mm, struct vm_area_struct *vma)
{
	mmap_write_lock(mm);
	vma_start_write(vma);
	mmap_write_unlock(mm);
}

void bad_one_mm_read(struct mm_struct *mm, struct vm_area_struct *vma)
{
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	vma_start_write(vma); // expected-warning {{vma_start_write() needs the mmap write lock of vma->vm_mm; held: mmap read lock of mm [vmalock-lock-prereq]}}
	mmap_read_unlock(mm);
}

/* dup_mmap(): two mms locked for write, two locks to release. */
void good_two_mms(struct mm_struct *mm, struct mm_struct *oldmm,
		  struct vm_area_struct *mpnt)
{
	mmap_write_lock(oldmm);
	mmap_write_lock_nested(mm, 1);
	vma_start_write(mpnt);
	mmap_write_unlock(mm);
	mmap_write_unlock(oldmm);
}

void bad_two_mms_read(struct mm_struct *mm, struct mm_struct *oldmm,
		      struct vm_area_struct *mpnt)
{
	mmap_read_lock(oldmm); // expected-note {{mmap read lock of oldmm taken here}}
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	vma_start_write(mpnt); // expected-warning {{vma_start_write() needs the mmap write lock of mpnt->vm_mm; held: mmap read lock of oldmm, mmap read lock of mm [vmalock-lock-prereq]}}
	mmap_read_unlock(mm);
	mmap_read_unlock(oldmm);
}

/* The second mm's lock is not the first one taken again. */
int bad_two_mms_leak(struct mm_struct *mm, struct mm_struct *oldmm)
{
	mmap_write_lock(oldmm);
	mmap_write_lock_nested(mm, 1); // expected-note {{mmap write lock of mm taken here}}
	mmap_write_unlock(oldmm);
	return 0; // expected-warning {{bad_two_mms_leak() returns with the mmap write lock of mm held [vmalock-held-at-exit]}}
}
