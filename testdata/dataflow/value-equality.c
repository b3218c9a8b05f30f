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
	spinlock_t *pml = pmd_lock(mm, pmd);
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_nolock(mm, pmd, addr, &ptl);

	if (!pte) {
		spin_unlock(pml);
		return;
	}
	if (ptl != pml)
		spin_lock_nested(ptl, 1); // expected-note {{page table lock ptl taken here}}
	pte_unmap(pte);
	/* Equal, they are one lock: released twice. */
	if (ptl == pml)
		spin_unlock(ptl); // expected-note {{page table lock pml released here}}
	spin_unlock(pml); // expected-warning {{spin_unlock() releases the page table lock pml, which is not held (on some paths) [vmalock-release-unheld]}}
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

/* mm/khugepaged.c collapse_pte_mapped_thp(): the PMD lock taken first
 * when asked, the PTE lock under it unless it is the same lock. */
void good_pml_maybe_ptl(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
			int uffd)
{
	spinlock_t *pml = NULL, *ptl;
	pte_t *pte;

	if (uffd)
		pml = pmd_lock(mm, pmd);
	pte = pte_offset_map_nolock(mm, pmd, addr, &ptl);
	if (!pte) {
		if (pml)
			spin_unlock(pml);
		return;
	}
	if (!pml)
		spin_lock(ptl);
	else if (ptl != pml)
		spin_lock_nested(ptl, 1);
	pte_unmap(pte);
	if (!pml)
		spin_unlock(ptl);
	if (!pml) {
		pml = pmd_lock(mm, pmd);
		if (ptl != pml)
			spin_lock_nested(ptl, 1);
	}
	if (ptl != pml)
		spin_unlock(ptl);
	spin_unlock(pml);
}

spinlock_t *lookup_lock(void);

/* A value the code names again (a field's address) keeps its name; the
 * call's result gives way to it. */
void good_result_is_field(struct vm_area_struct *vma)
{
	spinlock_t *x = lookup_lock();

	if (x != &vma->vm_mm->page_table_lock)
		return;
	spin_lock(&vma->vm_mm->page_table_lock);
	spin_unlock(x);
}
