// Regression: vma_start_write() taken under i_mmap_rwsem.
//
// Fix: 1c7873e33645 "mm: lock newly mapped VMA with corrected ordering"
// (Hugh Dickins, v6.5-rc1, Cc: stable).  Fixes 33313a747e81 (see
// mmap-region-lock-new-vma.c).
//
// What was wrong: 33313a747e81 added vma_start_write(vma) to mmap_region()
// after i_mmap_lock_write(vma->vm_file->f_mapping).  Lockdep reported the
// inversion ("&vma->vm_lock->lock at vma_start_write, but task is already
// holding &mapping->i_mmap_rwsem at mmap_region"): everywhere else the VMA
// lock is taken first.  The fix swaps the two.
//
// Rule (mm/rmap.c lock order, quoted in process_addrs.rst "Lock ordering"):
// mmap_lock -> ... -> vma_start_write -> mapping->i_mmap_rwsem ->
// anon_vma->rwsem -> page_table_lock.
//
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

struct vma_iterator;
void vma_iter_store(struct vma_iterator *vmi, struct vm_area_struct *vma);
void vma_interval_tree_insert(struct vm_area_struct *node, void *root);
void *mapping_i_mmap(struct address_space *mapping);

void bad_mmap_region_insert(struct mm_struct *mm, struct vma_iterator *vmi,
			    struct vm_area_struct *vma)
{
	mmap_assert_write_locked(mm);
	if (vma->vm_file)
		i_mmap_lock_write(vma->vm_file->f_mapping); // expected-note {{i_mmap write lock of vma->vm_file->f_mapping taken here}}

	/* Lock the VMA since it is modified after insertion into VMA tree */
	vma_start_write(vma); // expected-warning {{taking the VMA write lock of vma while holding the i_mmap write lock of vma->vm_file->f_mapping violates the lock order (vma before i_mmap) [vmalock-lock-order]}}
	vma_iter_store(vmi, vma);
	mm->map_count++;
	if (vma->vm_file) {
		vma_interval_tree_insert(vma, mapping_i_mmap(vma->vm_file->f_mapping));
		i_mmap_unlock_write(vma->vm_file->f_mapping);
	}
}

void good_mmap_region_insert(struct mm_struct *mm, struct vma_iterator *vmi,
			     struct vm_area_struct *vma)
{
	mmap_assert_write_locked(mm);
	/* Lock the VMA since it is modified after insertion into VMA tree */
	vma_start_write(vma);
	if (vma->vm_file)
		i_mmap_lock_write(vma->vm_file->f_mapping);

	vma_iter_store(vmi, vma);
	mm->map_count++;
	if (vma->vm_file) {
		vma_interval_tree_insert(vma, mapping_i_mmap(vma->vm_file->f_mapping));
		i_mmap_unlock_write(vma->vm_file->f_mapping);
	}
}
