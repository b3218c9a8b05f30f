// A helper that writes a field without taking the locks its rule needs
// passes the requirement to its callers: a caller that holds them is
// fine, one that does not is reported at its call (call-requires), with
// the chain down to the write as notes.  The helper itself is not
// reported, because a caller meets the requirement.
// process_addrs.rst, "VMA fields": vm_start, vm_end, vm_pgoff: "mmap
// write, VMA write, rmap write".
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

static void set_range(struct vm_area_struct *vma, unsigned long start,
		      unsigned long end)
{
	vma->vm_start = start; // expected-note {{set_range() writes vma->vm_start here}}
	vma->vm_end = end;
}

void good_caller(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	anon_vma_lock_write(vma->anon_vma);
	set_range(vma, 0, 4096);
	anon_vma_unlock_write(vma->anon_vma);
	mmap_write_unlock(vma->vm_mm);
}

void bad_caller_no_vma_lock(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	anon_vma_lock_write(vma->anon_vma); // expected-note {{anon_vma write lock of vma->anon_vma->root taken here}}
	set_range(vma, 0, 4096); // expected-warning {{set_range() needs the VMA write lock of vma; held: mmap write lock of vma->vm_mm, anon_vma write lock of vma->anon_vma->root [vmalock-call-requires]}}
	anon_vma_unlock_write(vma->anon_vma);
	mmap_write_unlock(vma->vm_mm);
}
