// A helper that locks a spinlock_t * it is given and changes a page
// table entry under it: its callers decide what that lock is.  Passed the
// PTE lock (named by pte_offset_map_nolock()), the requirement is met;
// passed some other lock, it is not, and the caller is told.
// mm/khugepaged.c: collapse_huge_page() gives pte_ptl to
// __collapse_huge_page_copy(), which gives it to
// __collapse_huge_page_copy_succeeded(): "spin_lock(ptl);
// ptep_clear(vma->vm_mm, address, _pte); spin_unlock(ptl);".
// process_addrs.rst, Locking rules: changing a page table entry needs the
// page-table lock of that table.
// RUN: %check %s

#include "kernel.h"

spinlock_t other_lock;

static void clear_one(struct vm_area_struct *vma, unsigned long addr,
		      pte_t *pte, spinlock_t *ptl)
{
	spin_lock(ptl);
	ptep_get_and_clear(vma->vm_mm, addr, pte); // expected-note 2 {{clear_one() calls ptep_get_and_clear() here}}
	spin_unlock(ptl);
}

/* The lock is still the caller's to name: passed on. */
static void clear_range(struct vm_area_struct *vma, unsigned long addr,
			pte_t *pte, spinlock_t *ptl)
{
	clear_one(vma, addr, pte, ptl); // expected-note {{clear_range() calls clear_one() here}}
}

void good_pte_lock(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;

	mmap_read_lock(vma->vm_mm);
	pte = pte_offset_map_nolock(vma->vm_mm, pmd, addr, &ptl);
	if (pte) {
		clear_range(vma, addr, pte, ptl);
		pte_unmap(pte);
	}
	mmap_read_unlock(vma->vm_mm);
}

void good_page_table_lock(struct vm_area_struct *vma, pte_t *pte,
			  unsigned long addr)
{
	mmap_read_lock(vma->vm_mm);
	clear_one(vma, addr, pte, &vma->vm_mm->page_table_lock);
	mmap_read_unlock(vma->vm_mm);
}

void bad_other_lock(struct vm_area_struct *vma, pte_t *pte,
		    unsigned long addr)
{
	mmap_read_lock(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm taken here}}
	clear_range(vma, addr, pte, &other_lock); // expected-warning {{clear_range() needs either a page table lock or the page_table_lock of vma->vm_mm; held: mmap read lock of vma->vm_mm [vmalock-call-requires]}}
	mmap_read_unlock(vma->vm_mm);
}

/* The page_table_lock of another mm is not the one needed. */
void bad_other_mm(struct vm_area_struct *vma, struct mm_struct *mm,
		  pte_t *pte, unsigned long addr)
{
	mmap_read_lock(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm taken here}}
	clear_one(vma, addr, pte, &mm->page_table_lock); // expected-warning {{clear_one() needs either a page table lock or the page_table_lock of vma->vm_mm; held: mmap read lock of vma->vm_mm [vmalock-call-requires]}}
	mmap_read_unlock(vma->vm_mm);
}
