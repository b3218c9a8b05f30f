// lock-order: mm/rmap.c order mmap_lock -> vma_start_write ->
// i_mmap_rwsem -> anon_vma->rwsem -> page_table_lock; and the mmap lock
// must not be taken while holding a VMA read lock.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

void good_rmap_order(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm);
	vma_start_write(vma);
	i_mmap_lock_write(vma->vm_file->f_mapping);
	anon_vma_lock_write(vma->anon_vma);
	spin_lock(&mm->page_table_lock);
	spin_unlock(&mm->page_table_lock);
	anon_vma_unlock_write(vma->anon_vma);
	i_mmap_unlock_write(vma->vm_file->f_mapping);
	mmap_write_unlock(mm);
}

/* The inverted rmap lock order (cf. vma_prepare()). */
void bad_anon_vma_then_i_mmap(struct vm_area_struct *vma)
{
	anon_vma_lock_write(vma->anon_vma); // expected-note {{anon_vma write lock of vma->anon_vma->root taken here}}
	i_mmap_lock_write(vma->vm_file->f_mapping); // expected-warning {{taking the i_mmap write lock of vma->vm_file->f_mapping while holding the anon_vma write lock of vma->anon_vma->root violates the lock order (i_mmap before anon_vma) [vmalock-lock-order]}}
	i_mmap_unlock_write(vma->vm_file->f_mapping);
	anon_vma_unlock_write(vma->anon_vma);
}

/* vma_start_write() under an rmap lock. */
void bad_vma_write_under_i_mmap(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	i_mmap_lock_write(vma->vm_file->f_mapping); // expected-note {{i_mmap write lock of vma->vm_file->f_mapping taken here}}
	vma_start_write(vma); // expected-warning {{taking the VMA write lock of vma while holding the i_mmap write lock of vma->vm_file->f_mapping violates the lock order (vma before i_mmap) [vmalock-lock-order]}}
	i_mmap_unlock_write(vma->vm_file->f_mapping);
	mmap_write_unlock(vma->vm_mm);
}

/* The mmap lock under the page-table lock. */
void bad_mmap_under_ptl(struct mm_struct *mm, pmd_t *pmd)
{
	spinlock_t *ptl = pmd_lock(mm, pmd); // expected-note {{page table lock ptl taken here}}

	mmap_read_lock(mm); // expected-warning {{taking the mmap read lock of mm while holding the page table lock ptl violates the lock order (mmap before ptl) [vmalock-lock-order]}}
	mmap_read_unlock(mm);
	spin_unlock(ptl);
}

/* Taking the mmap lock while holding a VMA read lock can deadlock. */
void bad_mmap_under_vma_read(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr); // expected-note {{VMA read lock of vma taken here}}

	if (!vma)
		return;
	mmap_read_lock(mm); // expected-warning {{taking the mmap read lock of mm while holding the VMA read lock of vma can deadlock (process_addrs.rst: taking the mmap lock while holding a VMA read lock can deadlock) [vmalock-lock-order]}}
	mmap_read_unlock(mm);
	vma_end_read(vma);
}

/* A VMA read lock may be taken under the mmap read lock. */
void good_vma_read_under_mmap(struct vm_area_struct *vma)
{
	mmap_read_lock(vma->vm_mm);
	if (vma_start_read(vma))
		vma_end_read(vma);
	mmap_read_unlock(vma->vm_mm);
}

/* Try-locks do not wait, which is how the order is bent on purpose. */
void good_trylock_against_order(struct vm_area_struct *vma)
{
	anon_vma_lock_write(vma->anon_vma);
	if (mmap_read_trylock(vma->vm_mm))
		mmap_read_unlock(vma->vm_mm);
	anon_vma_unlock_write(vma->anon_vma);
}
