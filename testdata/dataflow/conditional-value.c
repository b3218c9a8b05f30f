// The value of "c ? a : b" is the arm the path took: the kernel's
// pte_alloc_map_lock() is "pte_alloc() ? NULL : pte_offset_map_lock()",
// and the PTE lock is held exactly when its result is not NULL.  A path
// that tested the result knows whether the lock is held.
// (6.12 include/linux/mm.h pte_alloc_map_lock(); mm/memory.c
// copy_pte_range(), remap_pte_range().)
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

int good_alloc_map_lock(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;

	mmap_read_lock(mm);
	pte = pte_alloc_map_lock(mm, pmd, addr, &ptl);
	if (!pte) {
		mmap_read_unlock(mm);
		return -1;
	}
	pte_unmap_unlock(pte, ptl);
	mmap_read_unlock(mm);
	return 0;
}

/* The non-NULL result holds the lock: returning with it is a leak. */
int bad_alloc_map_lock_leak(struct mm_struct *mm, pmd_t *pmd,
			    unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;

	mmap_read_lock(mm);
	pte = pte_alloc_map_lock(mm, pmd, addr, &ptl); // expected-note {{page table lock ptl taken here}}
	if (!pte) {
		mmap_read_unlock(mm);
		return -1;
	}
	mmap_read_unlock(mm);
	return 0; // expected-warning {{bad_alloc_map_lock_leak() returns with the page table lock ptl held [vmalock-held-at-exit]}}
}

/* A plain ternary of two values, then a test of the result. */
int good_ternary_lock(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
		      int skip)
{
	spinlock_t *ptl;
	pte_t *pte;

	mmap_read_lock(mm);
	pte = skip ? NULL : pte_offset_map_lock(mm, pmd, addr, &ptl);
	if (pte)
		pte_unmap_unlock(pte, ptl);
	mmap_read_unlock(mm);
	return 0;
}

/* Returning without unlocking on the non-NULL arm is a leak. */
int bad_ternary_leak(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
		     int skip)
{
	spinlock_t *ptl;
	pte_t *pte;

	mmap_read_lock(mm);
	pte = skip ? NULL : pte_offset_map_lock(mm, pmd, addr, &ptl); // expected-note {{page table lock ptl taken here}}
	mmap_read_unlock(mm);
	if (!pte)
		return 0;
	return 1; // expected-warning {{bad_ternary_leak() returns with the page table lock ptl held [vmalock-held-at-exit]}}
}
