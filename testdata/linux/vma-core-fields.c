// VMA core fields: vm_page_prot and __vm_flags need the mmap write lock
// and the VMA write lock; vm_mm, vm_file, vm_ops and vm_private_data are
// not checked.
// process_addrs.rst, "VMA fields", "Core fields":
// vm_page_prot, __vm_flags: "mmap write, VMA write."; vm_mm, vm_file:
// "None - written once on initial map."; vm_ops: "None - Written once on
// initial map by f_ops->mmap()."; vm_private_data: "Handled by driver."
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

void good_vm_page_prot(struct vm_area_struct *vma, pgprot_t prot)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm);
	vma_start_write(vma);
	vma->vm_page_prot = prot;
	WRITE_ONCE(vma->vm_page_prot, prot);
	mmap_write_unlock(mm);
}

void bad_vm_page_prot_no_vma_lock(struct vm_area_struct *vma, pgprot_t prot)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	vma->vm_page_prot = prot; // expected-warning {{write to vma->vm_page_prot needs the VMA write lock of vma; held: mmap write lock of mm [vmalock-field-write]}}
	mmap_write_unlock(mm);
}

void bad_vm_page_prot_vma_read(struct mm_struct *mm, unsigned long addr,
			       pgprot_t prot)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr); // expected-note {{VMA read lock of vma taken here}}

	if (!vma)
		return;
	WRITE_ONCE(vma->vm_page_prot, prot); // expected-warning {{write to vma->vm_page_prot needs the mmap write lock of vma->vm_mm and the VMA write lock of vma; held: VMA read lock of vma [vmalock-field-write]}}
	vma_end_read(vma);
}

void good___vm_flags(struct vm_area_struct *vma, vm_flags_t flags)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm);
	vma_start_write(vma);
	vma->__vm_flags |= flags;
	mmap_write_unlock(mm);
}

void bad___vm_flags_mmap_read(struct vm_area_struct *vma, vm_flags_t flags)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	vma->__vm_flags &= ~flags; // expected-warning {{write to vma->__vm_flags needs the mmap write lock of mm and the VMA write lock of vma; held: mmap read lock of mm [vmalock-field-write]}}
	mmap_read_unlock(mm);
}

void bad___vm_flags_once(struct vm_area_struct *vma, vm_flags_t flags)
{
	WRITE_ONCE(vma->__vm_flags, flags); // expected-warning {{write to vma->__vm_flags needs the mmap write lock of vma->vm_mm and the VMA write lock of vma; held: nothing [vmalock-field-write]}}
}

/* Written once on initial map, or by the driver: not checked. */
void good_unchecked(struct vm_area_struct *vma, struct mm_struct *mm,
		    struct file *file,
		    const struct vm_operations_struct *ops, void *data)
{
	vma->vm_mm = mm;
	vma->vm_file = file;
	vma->vm_ops = ops;
	vma->vm_private_data = data;
}
