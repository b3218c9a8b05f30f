// A requirement travels up a chain of helpers to where the lock is (or is
// not) taken: reported at the outermost call that lacks it, with every
// call on the way down as a note.
// process_addrs.rst, "VMA fields": vm_end: "mmap write, VMA write, rmap
// write"; "Lock usage": vma_start_write() needs the mmap write lock.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

static void set_end(struct vm_area_struct *vma, unsigned long end)
{
	vma->vm_end = end; // expected-note {{set_end() writes vma->vm_end here}}
}

static void shrink(struct vm_area_struct *vma, unsigned long end)
{
	set_end(vma, end); // expected-note {{shrink() calls set_end() here}}
}

static void trim(struct vm_area_struct *vma, unsigned long end)
{
	if (vma->vm_end > end)
		shrink(vma, end); // expected-note {{trim() calls shrink() here}}
}

void good_trim(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	i_mmap_lock_write(vma->vm_file->f_mapping);
	trim(vma, 4096);
	i_mmap_unlock_write(vma->vm_file->f_mapping);
	mmap_write_unlock(vma->vm_mm);
}

void bad_trim(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	vma_start_write(vma); // expected-note {{VMA write lock of vma taken here}}
	trim(vma, 4096); // expected-warning {{trim() needs either the i_mmap write lock of vma->vm_file->f_mapping or the anon_vma write lock of vma->anon_vma->root; held: mmap write lock of vma->vm_mm, VMA write lock of vma [vmalock-call-requires]}}
	mmap_write_unlock(vma->vm_mm);
}

/* A lock call's prerequisite travels the same way. */
static void lock_it(struct vm_area_struct *vma)
{
	vma_start_write(vma); // expected-note {{lock_it() calls vma_start_write() here}}
}

static void prepare(struct vm_area_struct *vma)
{
	lock_it(vma); // expected-note {{prepare() calls lock_it() here}}
}

void good_prepare(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	prepare(vma);
	mmap_write_unlock(vma->vm_mm);
}

void bad_prepare(struct vm_area_struct *vma)
{
	mmap_read_lock(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm taken here}}
	prepare(vma); // expected-warning {{prepare() needs the mmap write lock of vma->vm_mm; held: mmap read lock of vma->vm_mm [vmalock-call-requires]}}
	mmap_read_unlock(vma->vm_mm);
}
