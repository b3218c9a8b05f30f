// Regression: an anonymous VMA resized without the anon_vma lock.
//
// Fix: 012f18004da3 "mm: always lock the root (oldest) anon_vma" (Rik van
// Riel, 2.6.35: "Also add the proper locking to vma_adjust."), after Mel
// Gorman's report "mm,migration: Prevent rmap_walk_[anon|ksm] seeing the
// wrong VMA information" (April 2010).
//
// What was wrong: vma_adjust() changed vm_start, vm_end and vm_pgoff of a
// VMA under the mmap write lock, taking i_mmap_lock for file mappings but no
// lock at all on the anon_vma side.  An rmap walk (page migration) running
// at the same time computed the page's address in the VMA from a
// half-updated range, got -EFAULT for an address about to become valid, and
// left a migration PTE behind that later hit a BUG_ON.  The fix takes the
// (root) anon_vma lock around the update.
//
// The VMA write lock did not exist in 2010; the shapes below take it, so
// that only the missing rmap lock is reported.  They release i_mmap under
// "if (vma->vm_file)" as vma_complete() does; the 2.6.35-6.2 __vma_adjust()
// wrote "if (mapping)", which vmalock misreads (see
// vma-adjust-mapping-unlock.c).
//
// Rule (process_addrs.rst, "VMA fields"): vm_start, vm_end, vm_pgoff:
// "mmap write, VMA write, rmap write": the VMA has to be hidden from the
// reverse mappings it is in, i_mmap for a file, anon_vma for anonymous
// memory.
//
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

/* (vm_end and vm_pgoff are updated alongside vm_start; one write is
 * enough.) */
void bad_vma_adjust(struct vm_area_struct *vma, unsigned long start,
		    unsigned long end, unsigned long pgoff)
{
	mmap_assert_write_locked(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm asserted here}}
	vma_start_write(vma); // expected-note {{VMA write lock of vma taken here}}
	if (vma->vm_file)
		i_mmap_lock_write(vma->vm_file->f_mapping);
	vma->vm_start = start; // expected-warning {{write to vma->vm_start needs the anon_vma write lock of vma->anon_vma->root on some paths; held: mmap write lock of vma->vm_mm, VMA write lock of vma; on some paths also: i_mmap write lock of vma->vm_file->f_mapping [vmalock-field-write]}}
	if (vma->vm_file)
		i_mmap_unlock_write(vma->vm_file->f_mapping);
}

void good_vma_adjust(struct vm_area_struct *vma, unsigned long start,
		     unsigned long end, unsigned long pgoff)
{
	struct anon_vma *anon_vma = vma->anon_vma;

	mmap_assert_write_locked(vma->vm_mm);
	vma_start_write(vma);
	if (vma->vm_file)
		i_mmap_lock_write(vma->vm_file->f_mapping);
	if (anon_vma)
		anon_vma_lock_write(anon_vma);
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_pgoff = pgoff;
	if (anon_vma)
		anon_vma_unlock_write(anon_vma);
	if (vma->vm_file)
		i_mmap_unlock_write(vma->vm_file->f_mapping);
}
