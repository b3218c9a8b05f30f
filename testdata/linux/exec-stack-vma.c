// A new VMA kept in a field the spec calls private (linux_binprm.vma:
// the struct belongs to one execve()) is still nobody else's: its
// fields are set up without the VMA locks until insert_vm_struct()
// publishes it.  Stored anywhere else, it is published.
// fs/exec.c __bprm_mm_init(): "bprm->vma = vma = vm_area_alloc(mm); ...
// vma->vm_end = STACK_TOP_MAX; vma->vm_start = vma->vm_end - PAGE_SIZE;
// ... err = insert_vm_struct(mm, vma);".
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

struct linux_binprm {
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	unsigned long p;
};

struct vma_cache {
	struct vm_area_struct *vma;
};

int good_bprm_mm_init(struct linux_binprm *bprm)
{
	struct vm_area_struct *vma;
	struct mm_struct *mm = bprm->mm;

	bprm->vma = vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	mmap_write_lock(mm);
	vma->vm_end = 0x7ffffffff000UL;
	vma->vm_start = vma->vm_end - 4096;
	if (insert_vm_struct(mm, vma)) {
		mmap_write_unlock(mm);
		return -ENOMEM;
	}
	mmap_write_unlock(mm);
	bprm->p = vma->vm_end - sizeof(void *);
	return 0;
}

int bad_cached_vma(struct vma_cache *cache, struct mm_struct *mm)
{
	struct vm_area_struct *vma;

	cache->vma = vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	vma->vm_end = 0x7ffffffff000UL; // expected-warning {{write to vma->vm_end needs the VMA write lock of vma, and either the i_mmap write lock of vma->vm_file->f_mapping or the anon_vma write lock of vma->anon_vma->root; held: mmap write lock of mm [vmalock-field-write]}}
	mmap_write_unlock(mm);
	return 0;
}
