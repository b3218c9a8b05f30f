// Regression: a new VMA modified after it became visible to page faults.
//
// Fix: 33313a747e81 "mm: lock newly mapped VMA which can be modified after
// it becomes visible" (Suren Baghdasaryan, v6.5-rc1, Cc: stable).
//
// What was wrong: mmap_region() stored the new VMA in the VMA tree
// (vma_iter_store()) and then went on changing it before dropping the mmap
// lock.  Page faults under the per-VMA read lock do not take the mmap lock,
// so they could find the VMA while it was still being changed.  The fix
// write-locks the VMA before inserting it.  (Its lock order was wrong; see
// mmap-region-lock-order.c.)
//
// Reduced: the post-insertion change is represented by the vm_page_prot
// update vma_set_page_prot() does at the end of mmap_region().
//
// Rule (process_addrs.rst, "VMA fields"): vm_page_prot: "mmap write, VMA
// write"; a VMA nobody else can see yet needs no lock (it is not in the
// tree), one in the tree does.
//
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

struct vma_iterator;
void vma_iter_store(struct vma_iterator *vmi, struct vm_area_struct *vma);
void vm_flags_init(struct vm_area_struct *vma, vm_flags_t flags);
pgprot_t vm_get_page_prot(vm_flags_t vm_flags);

unsigned long bad_mmap_region(struct mm_struct *mm, struct vma_iterator *vmi,
			      unsigned long addr, unsigned long len,
			      vm_flags_t vm_flags, unsigned long pgoff)
{
	struct vm_area_struct *vma;

	mmap_assert_write_locked(mm); // expected-note {{mmap write lock of mm asserted here}}
	vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	/* Not in the tree yet: no lock needed. */
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_pgoff = pgoff;
	vm_flags_init(vma, vm_flags);
	vma->vm_page_prot = vm_get_page_prot(vm_flags);

	vma_iter_store(vmi, vma);
	mm->map_count++;

	/* Visible to lock_vma_under_rcu() from here on. */
	WRITE_ONCE(vma->vm_page_prot, vm_get_page_prot(vma->vm_flags)); // expected-warning {{write to vma->vm_page_prot needs the VMA write lock of vma; held: mmap write lock of mm [vmalock-field-write]}}
	return addr;
}

unsigned long good_mmap_region(struct mm_struct *mm, struct vma_iterator *vmi,
			       unsigned long addr, unsigned long len,
			       vm_flags_t vm_flags, unsigned long pgoff)
{
	struct vm_area_struct *vma;

	mmap_assert_write_locked(mm);
	vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_pgoff = pgoff;
	vm_flags_init(vma, vm_flags);
	vma->vm_page_prot = vm_get_page_prot(vm_flags);

	/* Lock the VMA since it is modified after insertion into VMA tree */
	vma_start_write(vma);
	vma_iter_store(vmi, vma);
	mm->map_count++;

	WRITE_ONCE(vma->vm_page_prot, vm_get_page_prot(vma->vm_flags));
	return addr;
}
