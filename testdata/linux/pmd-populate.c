// pmd_populate() stores a page table into a PMD.  That changes the entry:
// the PMD lock and a stable VMA (the mmap, a VMA or an rmap lock), as
// __split_huge_pmd_locked() does when it puts the deposited table back
// under the PMD lock and, from try_to_unmap_one(), an rmap lock only.
// Where the path shows the PMD empty (pmd_none(*pmd), as pmd_install()
// tests), it populates: then the mmap or a VMA lock, an rmap lock is not
// enough.  A local pmd_t (split builds one before the real store) is
// nobody else's and needs nothing.
// process_addrs.rst, "Locking rules": "Populating previously empty entries
// requires that the mmap or VMA locks are held (read or write), doing so
// with only rmap locks would be dangerous"; "When changing a page table
// entry the page table lock for that page table must be held".  (6.12
// mm/memory.c pmd_install(), mm/huge_memory.c __split_huge_pmd_locked().)
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

/* pmd_install(): the empty PMD is populated under the PMD lock. */
void good_populate_empty(struct mm_struct *mm, pmd_t *pmd, pgtable_t pte)
{
	spinlock_t *ptl;

	mmap_read_lock(mm);
	ptl = pmd_lock(mm, pmd);
	if (pmd_none(*pmd))
		pmd_populate(mm, pmd, pte);
	spin_unlock(ptl);
	mmap_read_unlock(mm);
}

/* A VMA read lock (the per-VMA fault path) does too. */
void good_populate_empty_vma(struct vm_area_struct *vma, pmd_t *pmd,
			     pgtable_t pte)
{
	spinlock_t *ptl;

	if (!vma_start_read(vma))
		return;
	ptl = pmd_lock(vma->vm_mm, pmd);
	if (pmd_none(*pmd))
		pmd_populate(vma->vm_mm, pmd, pte);
	spin_unlock(ptl);
	vma_end_read(vma);
}

/* Populating an empty PMD under an rmap lock only. */
void bad_populate_empty_rmap(struct anon_vma *av, struct mm_struct *mm,
			     pmd_t *pmd, pgtable_t pte)
{
	spinlock_t *ptl;

	anon_vma_lock_read(av); // expected-note {{anon_vma read lock of av->root taken here}}
	ptl = pmd_lock(mm, pmd); // expected-note {{page table lock ptl taken here}}
	if (pmd_none(*pmd))
		pmd_populate(mm, pmd, pte); // expected-warning {{pmd_populate() needs either the mmap read lock of mm or a VMA read lock; held: anon_vma read lock of av->root, page table lock ptl [vmalock-pt-install]}}
	spin_unlock(ptl);
	anon_vma_unlock_read(av);
}

/* Split: the table goes back into a (huge, not empty) PMD under the PMD
 * lock and the rmap lock of the walk; a local pmd_t first. */
void good_split_rmap(struct anon_vma *av, struct mm_struct *mm, pmd_t *pmd,
		     pgtable_t pgtable)
{
	spinlock_t *ptl;
	pmd_t _pmd;

	anon_vma_lock_read(av);
	ptl = pmd_lock(mm, pmd);
	pmd_populate(mm, &_pmd, pgtable);
	pmd_populate(mm, pmd, pgtable);
	spin_unlock(ptl);
	anon_vma_unlock_read(av);
}

/* A local pmd_t needs nothing. */
void good_local_pmd(struct mm_struct *mm, pgtable_t pgtable)
{
	pmd_t _pmd;

	pmd_populate(mm, &_pmd, pgtable);
}

/* Any store into a PMD needs its lock. */
void bad_populate_no_ptl(struct mm_struct *mm, pmd_t *pmd, pgtable_t pte)
{
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	pmd_populate(mm, pmd, pte); // expected-warning {{pmd_populate() needs either a page table lock or the page_table_lock of mm; held: mmap read lock of mm [vmalock-pt-install]}}
	mmap_read_unlock(mm);
}

/* The PMD lock alone leaves the VMA (and its page tables) unstable. */
void bad_populate_no_vma_lock(struct mm_struct *mm, pmd_t *pmd,
			      pgtable_t pte)
{
	spinlock_t *ptl = pmd_lock(mm, pmd); // expected-note {{page table lock ptl taken here}}

	pmd_populate(mm, pmd, pte); // expected-warning {{pmd_populate() needs either the mmap read lock of mm or a VMA read lock or an anon_vma read lock or an i_mmap read lock; held: page table lock ptl [vmalock-pt-install]}}
	spin_unlock(ptl);
}
