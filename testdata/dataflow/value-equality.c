// A test of two values against each other (neither a constant) decides a
// later test of the same two values: the PTE lock is taken only when it
// is not the PMD lock, and dropped under the same test (6.12 mm/mremap.c
// move_ptes(): "if (new_ptl != old_ptl) spin_lock_nested(new_ptl, ...)";
// mm/khugepaged.c collapse_pte_mapped_thp(); mm/ptdump.c
// ptdump_walk_pgd(): "if (mm != &init_mm) mmap_write_lock_nested(&init_mm,
// ...)").  Two different globals' addresses are never equal.
// RUN: %check %s

#include "kernel.h"

void good_nested_ptl(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *pml = pmd_lock(mm, pmd);
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_nolock(mm, pmd, addr, &ptl);

	if (!pte) {
		spin_unlock(pml);
		return;
	}
	if (ptl != pml)
		spin_lock_nested(ptl, 1);
	pte_unmap(pte);
	if (ptl != pml)
		spin_unlock(ptl);
	spin_unlock(pml);
}

void bad_nested_ptl_kept(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *pml = pmd_lock(mm, pmd); // expected-note {{page table lock pml taken here}}
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_nolock(mm, pmd, addr, &ptl);

	if (!pte) {
		spin_unlock(pml);
		return;
	}
	if (ptl != pml)
		spin_lock_nested(ptl, 1); // expected-note {{page table lock ptl taken here}}
	pte_unmap(pte);
	if (ptl == pml)
		spin_unlock(ptl); // expected-warning {{spin_unlock() releases the page table lock ptl, which is not held [vmalock-release-unheld]}}
	spin_unlock(pml);
} // expected-warning {{bad_nested_ptl_kept() returns with the page table lock ptl held [vmalock-held-at-exit]}}

extern struct mm_struct init_mm;

void good_init_mm_nested(struct mm_struct *mm)
{
	mmap_write_lock(mm);
	if (mm != &init_mm)
		mmap_write_lock_nested(&init_mm, 1);
	if (mm != &init_mm)
		mmap_write_unlock(&init_mm);
	mmap_write_unlock(mm);
}

void good_globals_differ(void)
{
	struct mm_struct *mm = &init_mm;

	mmap_write_lock(mm);
	if (mm != &init_mm)
		mmap_write_unlock(mm);
	mmap_write_unlock(&init_mm);
}

extern struct mm_struct test_other_mm;

/* Two different globals' addresses are never equal. */
void good_two_globals(void)
{
	struct mm_struct *mm = &init_mm;

	mmap_write_lock(&test_other_mm);
	if (mm == &test_other_mm)
		mmap_write_unlock(mm);
	mmap_write_unlock(&test_other_mm);
}
