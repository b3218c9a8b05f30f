// What a function needs may depend on its arguments: its summary keeps
// the conditions of the path (a flag bit, a NULL test), and a call is
// checked where its arguments meet them.  Where the caller cannot decide
// them, its own callers are asked in turn.
// process_addrs.rst, "VMA fields", "Reverse mapping fields": the i_mmap
// lock of a file-backed VMA (vma_prepare() takes it "if (vp->file)").
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

#define SET_PGOFF 0x4

/* Needs the locks only when asked to write. */
static void maybe_set_pgoff(struct vm_area_struct *vma, unsigned long pgoff,
			    unsigned int flags)
{
	if (flags & SET_PGOFF)
		vma->vm_pgoff = pgoff; // expected-note 2 {{maybe_set_pgoff() writes vma->vm_pgoff here}}
}

void good_no_write(struct vm_area_struct *vma)
{
	maybe_set_pgoff(vma, 0, 0);
}

void good_write_locked(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	anon_vma_lock_write(vma->anon_vma);
	maybe_set_pgoff(vma, 0, SET_PGOFF);
	anon_vma_unlock_write(vma->anon_vma);
	mmap_write_unlock(vma->vm_mm);
}

void bad_write_unlocked(struct vm_area_struct *vma)
{
	maybe_set_pgoff(vma, 0, SET_PGOFF); // expected-warning {{maybe_set_pgoff() needs the mmap write lock of vma->vm_mm, the VMA write lock of vma, and either the i_mmap write lock of vma->vm_file->f_mapping or the anon_vma write lock of vma->anon_vma->root; held: nothing [vmalock-call-requires]}}
}

/* The flags come from the caller's caller. */
static void pass_flags(struct vm_area_struct *vma, unsigned int flags)
{
	maybe_set_pgoff(vma, 0, flags); // expected-note {{pass_flags() calls maybe_set_pgoff() here}}
}

void good_pass_no_write(struct vm_area_struct *vma)
{
	pass_flags(vma, 0);
}

void bad_pass_write(struct vm_area_struct *vma)
{
	pass_flags(vma, SET_PGOFF); // expected-warning {{pass_flags() needs the mmap write lock of vma->vm_mm, the VMA write lock of vma, and either the i_mmap write lock of vma->vm_file->f_mapping or the anon_vma write lock of vma->anon_vma->root; held: nothing [vmalock-call-requires]}}
}
