// Loops: lock state reaching a loop head from the back edge, locals that
// name a different object on each iteration.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

struct vm_area_struct *next_vma(struct vm_area_struct *vma);

void good_lock_per_iteration(struct mm_struct *mm, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		mmap_read_lock(mm);
		find_vma(mm, i);
		mmap_read_unlock(mm);
	}
}

void bad_lock_in_loop(struct mm_struct *mm, int n)
{
	int i;

	for (i = 0; i < n; i++)
		mmap_read_lock(mm); // expected-warning {{mmap_read_lock() acquires the mmap read lock of mm, which is already held (on some paths) [vmalock-double-acquire]}} expected-note {{mmap read lock of mm taken here}}
} // expected-warning {{bad_lock_in_loop() returns with the mmap read lock of mm held [vmalock-held-at-exit]}} expected-note@-1 {{mmap read lock of mm taken here}}

void bad_unlock_in_loop(struct mm_struct *mm, int n)
{
	int i;

	mmap_read_lock(mm);
	for (i = 0; i < n; i++)
		mmap_read_unlock(mm); // expected-warning {{mmap_read_unlock() releases the mmap read lock of mm, which is not held (on some paths) [vmalock-release-unheld]}} expected-note {{mmap read lock of mm released here}}
} // expected-warning {{bad_unlock_in_loop() returns with the mmap read lock of mm held [vmalock-held-at-exit]}}
// expected-note@-4 {{mmap read lock of mm taken here}}

/* Every VMA of the walk is write-locked before it is changed; taking the
 * VMA write lock again is not a double acquisition. */
void good_write_each_vma(struct mm_struct *mm, struct vm_area_struct *vma,
			 unsigned long start)
{
	mmap_write_lock(mm);
	for (; vma; vma = next_vma(vma)) {
		vma_start_write(vma);
		vma_start_write(vma);
		vma->vm_page_prot.pgprot = start;
		vma->__vm_flags |= 1;
	}
	mmap_write_unlock(mm);
}

/* The lock taken in the previous iteration belongs to another VMA. */
void bad_write_next_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	mmap_write_lock(mm);
	while (vma) {
		vma_start_write(vma); // expected-note {{VMA write lock of vma (earlier value) taken here}}
		vma = next_vma(vma);
		if (vma)
			vma->__vm_flags |= 1; // expected-warning {{write to vma->__vm_flags needs the VMA write lock of vma; held: mmap write lock of mm, VMA write lock of vma (earlier value); on some paths also: VMA write lock of vma (earlier value) [vmalock-field-write]}}
	}
	mmap_write_unlock(mm);
}
// expected-note@-9 {{mmap write lock of mm taken here}}
