// A local struct initialised with designators that name members of an
// anonymous struct: struct vm_fault keeps vma, address and flags in a
// "const struct { ... };" member (include/linux/mm.h), and
// __handle_mm_fault() (6.12 mm/memory.c) starts with
// "struct vm_fault vmf = { .vma = vma, ... }".  vmf.vma is then the
// caller's vma, so a handler's requirement on vmf->vma is the callers'
// requirement on vma.
// RUN: %check %s

#include "kernel.h"

static void needs_write(struct vm_fault *vmf)
{
	vma_assert_write_locked(vmf->vma); // expected-note {{needs_write() asserts it here}}
}

static void handle(struct vm_area_struct *vma, unsigned int flags)
{
	struct vm_fault vmf = { .vma = vma, .flags = flags };

	needs_write(&vmf); // expected-note {{handle() calls needs_write() here}}
}

void good_locked(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	handle(vma, 0);
	mmap_write_unlock(vma->vm_mm);
}

void bad_mmap_only(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	handle(vma, 0); // expected-warning {{handle() needs the VMA write lock of vma; held: mmap write lock of vma->vm_mm [vmalock-call-requires]}}
	mmap_write_unlock(vma->vm_mm);
}
