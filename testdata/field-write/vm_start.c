// Writes to vm_start need mmap write + VMA write + rmap write.
// process_addrs.rst, "VMA fields": vm_start: "mmap write, VMA write, rmap write."
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

void bad_mmap_only(struct vm_area_struct *vma, unsigned long addr)
{
	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	vma->vm_start = addr; // expected-warning {{write to vma->vm_start needs the VMA write lock of vma, and either the i_mmap write lock of vma->vm_file->f_mapping or the anon_vma write lock of vma->anon_vma->root; held: mmap write lock of vma->vm_mm [vmalock-field-write]}}
	mmap_write_unlock(vma->vm_mm);
}

void good_all_locks(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm);
	vma_start_write(vma);
	anon_vma_lock_write(vma->anon_vma);
	vma->vm_start = addr;
	anon_vma_unlock_write(vma->anon_vma);
	mmap_write_unlock(mm);
}
