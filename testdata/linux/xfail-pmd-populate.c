// XFAIL: *
// pmd_populate() stores a page-table pointer into a PMD: populating needs
// the mmap or a VMA lock and the store needs the PMD lock.  The bundled
// spec has no rule for it, because 6.12 also calls it where neither holds
// in a form the checker can see: __split_huge_pmd_locked() ends with
// pmd_populate(mm, pmd, pgtable) under only an rmap lock and the PMD
// lock, and collapse/split paths populate a local pmd_t that no other
// thread sees (docs/rules.md, open question 3).  A rule that tells those
// apart (a published page table vs a local copy; split vs populate)
// would make this test pass.
// RUN: %check %s

#include "kernel.h"

void good_pmd_populate(struct mm_struct *mm, pmd_t *pmd, pgtable_t pte)
{
	spinlock_t *ptl;

	mmap_read_lock(mm);
	ptl = pmd_lock(mm, pmd);
	pmd_populate(mm, pmd, pte);
	spin_unlock(ptl);
	mmap_read_unlock(mm);
}

void bad_pmd_populate_no_ptl(struct mm_struct *mm, pmd_t *pmd, pgtable_t pte)
{
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	pmd_populate(mm, pmd, pte); // expected-warning {{pmd_populate() needs the page_table_lock of mm; held: mmap read lock of mm [vmalock-pt-install]}}
	mmap_read_unlock(mm);
}
