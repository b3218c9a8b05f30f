// mm/ always builds its rmap_walk_control in a local variable
// (try_to_unmap(), folio_referenced(), remove_migration_ptes() ...:
// "struct rmap_walk_control rwc = { .rmap_one = try_to_unmap_one, ... };").
// A function stored in a callback field by a local initialiser starts
// with the callback's entry locks, like one stored by a file-scope
// initialiser: changing a PTE under its lock there is fine, and a
// missing lock is reported with the caller's locks as "on some paths".
// process_addrs.rst, "Page tables": "Modifying mappings for reclaim or
// migration is performed under rmap lock"; spec: callback
// rmap_walk_control.rmap_one holds the anon_vma or i_mmap read lock.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

static bool good_rmap_one(struct folio *folio, struct vm_area_struct *vma,
			  unsigned long addr, void *arg)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(vma->vm_mm, arg, addr, &ptl);

	if (!pte)
		return true;
	ptep_clear_flush(vma, addr, pte);
	pte_unmap_unlock(pte, ptl);
	return true;
}

void good_local_rwc(struct folio *folio)
{
	struct rmap_walk_control rwc = {
		.rmap_one = good_rmap_one,
		.arg = NULL,
	};

	rmap_walk(folio, &rwc);
}

static bool bad_rmap_one(struct folio *folio, struct vm_area_struct *vma, // expected-note {{held by the caller of bad_rmap_one()}}
			 unsigned long addr, void *arg)
{
	return __pte_alloc(vma->vm_mm, arg) == 0; // expected-warning {{__pte_alloc() needs either the mmap read lock of vma->vm_mm or a VMA read lock; held: nothing; on some paths also: anon_vma read lock of vma->anon_vma->root, i_mmap read lock of vma->vm_file->f_mapping [vmalock-pt-install]}}
}

void bad_local_rwc(struct folio *folio)
{
	struct rmap_walk_control rwc = { .rmap_one = bad_rmap_one };

	rmap_walk(folio, &rwc);
}
