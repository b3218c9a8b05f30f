// Regression: ->anon_vma set on a VMA that page faults can still reach.
//
// Fix: d8ab9f7b644a "mm: lock VMA in dup_anon_vma() before setting
// ->anon_vma" (Jann Horn, v6.5-rc4, Cc: stable; 6.4.8).
//
// What was wrong: when VMAs are merged, dup_anon_vma() gives the expanded
// VMA `dst` the anon_vma of `src`.  It did so under the mmap write lock but
// without write-locking `dst`, so faults under the per-VMA lock could run on
// `dst` as soon as dst->anon_vma was set, installing pages tied to an
// anon_vma that anon_vma_clone() had not linked yet; if anon_vma_clone()
// then failed it reset dst->anon_vma to NULL, and the anon_vma could be
// freed under mapped pages (use-after-free).  The fix calls
// vma_start_write(dst) before the assignment.
//
// Rule (process_addrs.rst, "VMA fields"): anon_vma, NULL -> non-NULL:
// "mmap read, page_table_lock" (the fault path's anon_vma_prepare()); the
// stronger mmap write + VMA write excludes faults too.  The mmap write lock
// alone excludes neither kind of fault.
//
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

int anon_vma_clone(struct vm_area_struct *dst, struct vm_area_struct *src);

int bad_dup_anon_vma(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	mmap_assert_write_locked(dst->vm_mm); // expected-note {{mmap write lock of dst->vm_mm asserted here}}
	/*
	 * Easily overlooked: when mprotect shifts the boundary, make sure the
	 * expanding vma has anon_vma set if the shrinking vma had, to cover any
	 * anon pages imported.
	 */
	if (src->anon_vma && !dst->anon_vma) {
		dst->anon_vma = src->anon_vma; // expected-warning {{write to dst->anon_vma (from NULL to non-NULL) needs either the page_table_lock of dst->vm_mm or the VMA write lock of dst; held: mmap write lock of dst->vm_mm [vmalock-field-write]}}
		return anon_vma_clone(dst, src);
	}
	return 0;
}

int good_dup_anon_vma(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	mmap_assert_write_locked(dst->vm_mm);
	if (src->anon_vma && !dst->anon_vma) {
		vma_start_write(dst);
		dst->anon_vma = src->anon_vma;
		return anon_vma_clone(dst, src);
	}
	return 0;
}
