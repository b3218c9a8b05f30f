// A VMA from vm_area_alloc() or vm_area_dup() is seen by nobody until it
// is published (stored in the VMA tree with vma_iter_store(), linked with
// vma_link() or insert_vm_struct()): until then its fields are written
// without locks; afterwards the field rules apply.
// process_addrs.rst, "Lock usage": "Obtain a VMA write lock via
// vma_start_write for each VMA you wish to modify"; "Terminology": "The
// first thing any of these locks achieve is to stabilise the VMA within the
// MM tree" (a VMA not yet in the tree or the rmap is seen by nobody;
// 6.12 kernel/fork.c, mm/vma.c, mm/internal.h).
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

extern struct vm_area_struct *last_vma;

int good_setup_then_link(struct mm_struct *mm, unsigned long start,
			 unsigned long end, pgprot_t prot)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	if (!vma)
		return -ENOMEM;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_pgoff = start >> 12;
	vma->vm_page_prot = prot;
	vm_flags_init(vma, 0x73);
	vma->anon_vma = NULL;
	mmap_write_lock(mm);
	if (vma_link(mm, vma)) {
		mmap_write_unlock(mm);
		return -ENOMEM;
	}
	mmap_write_unlock(mm);
	return 0;
}

void bad_write_after_link(struct mm_struct *mm, pgprot_t prot)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	if (!vma)
		return;
	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	vma_link(mm, vma);
	vma->vm_page_prot = prot; // expected-warning {{write to vma->vm_page_prot needs the VMA write lock of vma; held: mmap write lock of mm [vmalock-field-write]}}
	mmap_write_unlock(mm);
}

/* vm_area_dup(): a copy, new until vma_iter_store() puts it in the tree. */
void good_dup_then_store(struct vma_iterator *vmi, struct vm_area_struct *orig,
			 unsigned long addr)
{
	struct vm_area_struct *new = vm_area_dup(orig);

	if (!new)
		return;
	new->vm_end = addr;
	new->vm_pgoff += 1;
	vma_start_write(new);
	vma_iter_store(vmi, new);
}

void bad_dup_write_after_store(struct vma_iterator *vmi,
			       struct vm_area_struct *orig, unsigned long addr)
{
	struct vm_area_struct *new = vm_area_dup(orig);

	if (!new)
		return;
	vma_iter_store(vmi, new);
	new->vm_end = addr; // expected-warning {{write to new->vm_end needs the mmap write lock of new->vm_mm, the VMA write lock of new, and either the i_mmap write lock of new->vm_file->f_mapping or the anon_vma write lock of new->anon_vma->root; held: nothing [vmalock-field-write]}}
}

void bad_write_after_insert_vm_struct(struct mm_struct *mm,
				      struct vm_area_struct *orig)
{
	struct vm_area_struct *new = vm_area_dup(orig);

	if (!new)
		return;
	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	insert_vm_struct(mm, new);
	vm_flags_init(new, 0); // expected-warning {{vm_flags_init() needs the VMA write lock of new; held: mmap write lock of mm [vmalock-field-write]}}
	mmap_write_unlock(mm);
}

/* Stored where others can find it: published. */
void bad_write_after_global_store(struct mm_struct *mm, pgprot_t prot)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	if (!vma)
		return;
	last_vma = vma;
	vma->vm_page_prot = prot; // expected-warning {{write to vma->vm_page_prot needs the mmap write lock of vma->vm_mm and the VMA write lock of vma; held: nothing [vmalock-field-write]}}
}

/* vma_set_range() writes vm_start, vm_end and vm_pgoff. */
void good_set_range_new(struct mm_struct *mm, unsigned long start,
			unsigned long end)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	if (!vma)
		return;
	vma_set_range(vma, start, end, 0);
	mmap_write_lock(mm);
	vma_link(mm, vma);
	mmap_write_unlock(mm);
}

void good_set_range_locked(struct vm_area_struct *vma, unsigned long start,
			   unsigned long end)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	if (vma->anon_vma && !vma->vm_file) {
		anon_vma_lock_write(vma->anon_vma);
		vma_set_range(vma, start, end, start >> 12);
		anon_vma_unlock_write(vma->anon_vma);
	}
	mmap_write_unlock(vma->vm_mm);
}

void bad_set_range_no_rmap_lock(struct vm_area_struct *vma,
				unsigned long start, unsigned long end)
{
	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	vma_start_write(vma); // expected-note {{VMA write lock of vma taken here}}
	if (vma->vm_file)
		vma_set_range(vma, start, end, 0); // expected-warning {{vma_set_range() needs the i_mmap write lock of vma->vm_file->f_mapping; held: mmap write lock of vma->vm_mm, VMA write lock of vma [vmalock-field-write]}}
	mmap_write_unlock(vma->vm_mm);
}
