// False positive: the fixed vma_adjust() of 2.6.35-6.2, releasing i_mmap
// under "if (mapping)".
//
// Context: 012f18004da3 "mm: always lock the root (oldest) anon_vma" (see
// vma-adjust-anon-vma-lock.c).  From then until vma_prepare()/
// vma_complete() replaced it in 6.3, (__)vma_adjust() took i_mmap through a
// local `mapping`, set only when the VMA has a file, and released it with
// "if (mapping) i_mmap_unlock_write(mapping)".  This file is that fixed
// shape (reduced: the "only vm_end changes" exception that skipped the
// anon_vma lock is left out); it is correct and must produce no warning.
//
// vmalock once reported "returns with the i_mmap write lock of mapping
// held" [vmalock-held-at-exit] here: it did not learn that `mapping` is
// non-NULL from i_mmap_lock_write(mapping), which dereferences it
// (&mapping->i_mmap_rwsem), and kept a path on which the lock was taken
// and "if (mapping)" is false.  Locking through a pointer now implies the
// pointer is non-NULL.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

// expected-no-diagnostics

void good_vma_adjust(struct vm_area_struct *vma, unsigned long start,
		     unsigned long end, unsigned long pgoff)
{
	struct file *file = vma->vm_file;
	struct address_space *mapping = NULL;
	struct anon_vma *anon_vma = NULL;

	mmap_assert_write_locked(vma->vm_mm);
	vma_start_write(vma);
	if (file) {
		mapping = file->f_mapping;
		i_mmap_lock_write(mapping);
	}
	if (vma->anon_vma) {
		anon_vma = vma->anon_vma;
		anon_vma_lock_write(anon_vma);
	}
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_pgoff = pgoff;
	if (anon_vma)
		anon_vma_unlock_write(anon_vma);
	if (mapping)
		i_mmap_unlock_write(mapping);
}
