// Taking a lock for write that this task holds for read deadlocks, and is
// reported as a double acquisition, also for the VMA lock whose write mode
// is reentrant (vma_start_write() on a write-locked VMA is a no-op, on a
// VMA this task has read-locked it waits for itself).  The lock keeps its
// first mode, so the releases that follow are not reported again.
// process_addrs.rst, "Lock usage": "All of these locks behave as
// read/write semaphores in practice"; "a write lock can only be obtained
// once all readers have left the critical region".
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

void bad_vma_write_under_own_read(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	if (vma_start_read(vma)) { // expected-note {{VMA read lock of vma taken here}}
		vma_start_write(vma); // expected-warning {{vma_start_write() acquires the VMA write lock of vma}}
		vma_end_read(vma);
	}
	mmap_write_unlock(vma->vm_mm);
}

void bad_mmap_write_under_own_read(struct mm_struct *mm)
{
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	mmap_write_lock(mm); // expected-warning {{mmap_write_lock() acquires the mmap write lock of mm}}
	mmap_write_unlock(mm);
	mmap_read_unlock(mm);
}
