// A pointer moved by arithmetic ("ptep++", "pte += 2", "pte + 1") from one
// known not to be NULL is not NULL either, so a lock held iff the pointer
// is set stays held iff it is: mm/madvise.c swapin_walk_pmd_entry()
// releases the PTE lock at the end "if (ptep)" after walking ptep++.
// Before, the IR had no pointer arithmetic and the moved pointer was any
// value, NULL included, and the lock looked leaked.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

extern int pte_is_swap(pte_t *pte);

int good_increment(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl);

	if (!pte)
		return -1;
	pte++;
	pte += 2;
	pte = pte - 1;
	if (pte)
		pte_unmap_unlock(pte, ptl);
	return 0;
}

/* "if (!pte++)" tests the value before the increment. */
int good_post_increment_test(struct mm_struct *mm, pmd_t *pmd,
			     unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl);

	if (!pte++)
		return -1;
	pte_unmap_unlock(pte, ptl);
	return 0;
}

int good_walk(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
	      unsigned long end)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl);

	if (!pte)
		return -1;
	for (; addr < end; addr += 4096) {
		if (pte_is_swap(pte))
			break;
		pte++;
	}
	if (pte)
		pte_unmap_unlock(pte, ptl);
	return 0;
}

int bad_left_locked(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl); // expected-note {{page table lock ptl taken here}}

	if (!pte)
		return -1;
	pte++;
	if (!pte)
		pte_unmap_unlock(pte, ptl);
	return 0; // expected-warning {{bad_left_locked() returns with the page table lock ptl held [vmalock-held-at-exit]}}
}
