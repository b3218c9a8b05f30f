// page_vma_mapped_walk() finds each mapping of a folio in a VMA and
// returns true with its page-table lock held in pvmw->ptl; the next call
// drops it, false leaves nothing held, and page_vma_mapped_walk_done()
// drops it when the loop stops early.  try_to_unmap_one(),
// try_to_migrate_one() and remove_migration_pte() change entries in the
// loop under that lock and the rmap lock of the walk.
// (6.12 mm/page_vma_mapped.c, include/linux/rmap.h, mm/rmap.c.)
// RUN: %check %s

#include "kernel.h"

struct page_vma_mapped_walk {
	unsigned long pfn;
	unsigned long nr_pages;
	unsigned long pgoff;
	struct vm_area_struct *vma;
	unsigned long address;
	pmd_t *pmd;
	pte_t *pte;
	spinlock_t *ptl;
	unsigned int flags;
};

bool page_vma_mapped_walk(struct page_vma_mapped_walk *pvmw);
void page_vma_mapped_walk_done(struct page_vma_mapped_walk *pvmw);
void page_vma_mapped_walk_restart(struct page_vma_mapped_walk *pvmw);
void split_huge_pmd_locked(struct vm_area_struct *vma, unsigned long address,
			   pmd_t *pmd, bool freeze, struct folio *folio);
bool test_stop(void);

/* The rmap_one of an rmap walk: the anon_vma or i_mmap lock is held. */
static bool good_unmap_one(struct folio *folio, struct vm_area_struct *vma,
			   unsigned long address, void *arg)
{
	struct page_vma_mapped_walk pvmw = {
		.vma = vma, .address = address,
	};
	pte_t pte = { 0 };

	while (page_vma_mapped_walk(&pvmw)) {
		if (test_stop()) {
			page_vma_mapped_walk_done(&pvmw);
			break;
		}
		/* A PMD mapping is split, then the walk starts again. */
		if (!pvmw.pte) {
			split_huge_pmd_locked(vma, pvmw.address, pvmw.pmd,
					      false, folio);
			page_vma_mapped_walk_restart(&pvmw);
			continue;
		}
		set_ptes(vma->vm_mm, pvmw.address, pvmw.pte, pte, 1);
	}
	return true;
}

void good_walk(struct folio *folio)
{
	struct rmap_walk_control rwc = { .rmap_one = good_unmap_one };

	rmap_walk(folio, &rwc);
}

/* After the walk ended nothing is held. */
void bad_after_walk(struct vm_area_struct *vma, unsigned long address)
{
	struct page_vma_mapped_walk pvmw = {
		.vma = vma, .address = address,
	};
	pte_t pte = { 0 };

	mmap_read_lock(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm taken here}}
	while (page_vma_mapped_walk(&pvmw)) // expected-note {{released here}}
		;
	set_ptes(vma->vm_mm, pvmw.address, pvmw.pte, pte, 1); // expected-warning {{set_ptes() needs either a page table lock or the page_table_lock of vma->vm_mm; held: mmap read lock of vma->vm_mm [vmalock-pt-install]}}
	mmap_read_unlock(vma->vm_mm);
}

/* Leaving the loop early without page_vma_mapped_walk_done(). */
void bad_leak(struct vm_area_struct *vma, unsigned long address)
{
	struct page_vma_mapped_walk pvmw = {
		.vma = vma, .address = address,
	};

	while (page_vma_mapped_walk(&pvmw)) { // expected-note {{taken here}}
		if (test_stop())
			return; // expected-warning {{returns with the page table lock}}
	}
}
