// When no caller meets a requirement the helper introduced, the helper is
// the likely bug: it is reported there, at the write, under the field's
// checker, with notes at the calls that lack the lock.  The callers are
// not reported.
// process_addrs.rst, "VMA fields": vm_pgoff: "mmap write, VMA write,
// rmap write".
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

static void bad_set_pgoff(struct vm_area_struct *vma, unsigned long pgoff)
{
	if (vma->anon_vma)
		vma->vm_pgoff = pgoff; // expected-warning {{write to vma->vm_pgoff needs the mmap write lock of vma->vm_mm, the VMA write lock of vma and the anon_vma write lock of vma->anon_vma->root; held: nothing [vmalock-field-write]}}
}

void caller_one(struct vm_area_struct *vma)
{
	mmap_read_lock(vma->vm_mm);
	bad_set_pgoff(vma, 1); // expected-note {{caller_one() calls bad_set_pgoff() here, without it}}
	mmap_read_unlock(vma->vm_mm);
}

void caller_two(struct vm_area_struct *vma)
{
	bad_set_pgoff(vma, 2); // expected-note {{caller_two() calls bad_set_pgoff() here, without it}}
}
