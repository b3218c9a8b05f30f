// Regression: userfaultfd changing a VMA before write-locking it.
//
// Fix: 60081bf19b0e "mm: lock vma explicitly before doing vm_flags_reset
// and vm_flags_reset_once" (Suren Baghdasaryan, v6.6-rc1; from the series
// "make vma locking more obvious", written after Linus Torvalds and Jann
// Horn reviewed the 6.4 per-VMA-lock fixes).
//
// What was wrong: vm_flags_reset() and vm_flags_reset_once() took the VMA
// write lock themselves, which hid where the VMA got locked; in userfaultfd
// (dup_userfaultfd(), mremap_userfaultfd_prep(),
// userfaultfd_event_wait_completion()) vma->vm_userfaultfd_ctx was changed
// first and the flags (and with them the lock) only afterwards, so a page
// fault under the VMA read lock could see the context change under it.  The
// fix makes both helpers assert the VMA write lock instead and adds an
// explicit vma_start_write() before every such update (userfaultfd,
// madvise, mlock, mprotect, hfi1, powerpc kvm).
//
// Reduced: the mock mm (testdata/include/kernel.h) has no vm_userfaultfd_ctx
// field, so the context update is a call here, and what is checked is the
// 6.12 contract of vm_flags_reset(): the caller must hold the VMA write lock.
//
// Rule (process_addrs.rst, "VMA fields"): __vm_flags and
// vm_userfaultfd_ctx: "mmap write, VMA write".
//
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

#ifndef __VM_UFFD_FLAGS
/* VM_UFFD_MISSING | VM_UFFD_WP */
#define __VM_UFFD_FLAGS (0x00000200UL | 0x00001000UL)
#endif

void vm_flags_reset(struct vm_area_struct *vma, vm_flags_t flags);
void clear_uffd_ctx(struct vm_area_struct *vma);

/* dup_userfaultfd() without UFFD_FEATURE_EVENT_FORK, before the fix. */
int bad_dup_userfaultfd(struct vm_area_struct *vma)
{
	mmap_assert_write_locked(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm asserted here}}
	clear_uffd_ctx(vma);	/* vma->vm_userfaultfd_ctx = NULL_VM_UFFD_CTX */
	vm_flags_reset(vma, vma->vm_flags & ~__VM_UFFD_FLAGS); // expected-warning {{vm_flags_reset() needs the VMA write lock of vma; held: mmap write lock of vma->vm_mm [vmalock-field-write]}}
	return 0;
}

int good_dup_userfaultfd(struct vm_area_struct *vma)
{
	mmap_assert_write_locked(vma->vm_mm);
	vma_start_write(vma);
	clear_uffd_ctx(vma);
	vm_flags_reset(vma, vma->vm_flags & ~__VM_UFFD_FLAGS);
	return 0;
}

/* userfaultfd_event_wait_completion(), reduced to one VMA. */
void bad_release_new_ctx(struct mm_struct *mm, struct vm_area_struct *vma)
{
	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	clear_uffd_ctx(vma);
	vm_flags_reset(vma, vma->vm_flags & ~__VM_UFFD_FLAGS); // expected-warning {{vm_flags_reset() needs the VMA write lock of vma; held: mmap write lock of mm [vmalock-field-write]}}
	mmap_write_unlock(mm);
}

void good_release_new_ctx(struct mm_struct *mm, struct vm_area_struct *vma)
{
	mmap_write_lock(mm);
	vma_start_write(vma);
	clear_uffd_ctx(vma);
	vm_flags_reset(vma, vma->vm_flags & ~__VM_UFFD_FLAGS);
	mmap_write_unlock(mm);
}
