// Page tables (checker pt-install).  Populating an empty entry or table
// (__pte_alloc, pmd_install, __pmd_alloc) needs the mmap or
// a VMA lock: an rmap lock alone is not enough.  Changing an entry
// (set_pte_at -> set_ptes, set_pmd_at, ptep_get_and_clear,
// ptep_clear_flush, ptep_set_access_flags, ptep_set_wrprotect,
// pmdp_invalidate) needs the page-table lock of that table and a stable
// VMA (the mmap, a VMA or an rmap lock).  Kernel page tables (init_mm) are
// outside these rules.
// process_addrs.rst, "Locking rules": "Populating previously empty entries
// requires that the mmap or VMA locks are held (read or write), doing so
// with only rmap locks would be dangerous"; "When changing a page table
// entry the page table lock for that page table must be held"; "Page
// tables": "Modifying mappings for reclaim or migration is performed under
// rmap lock".
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

/* Populating: the mmap or a VMA lock, read or write. */
int good_pte_alloc_mmap_read(struct mm_struct *mm, pmd_t *pmd)
{
	int err;

	mmap_read_lock(mm);
	err = __pte_alloc(mm, pmd);
	mmap_read_unlock(mm);
	return err;
}

int good_pte_alloc_vma_read(struct mm_struct *mm, pmd_t *pmd,
			    unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);
	int err;

	if (!vma)
		return -EAGAIN;
	err = __pte_alloc(vma->vm_mm, pmd);
	vma_end_read(vma);
	return err;
}

int bad_pte_alloc_rmap_only(struct vm_area_struct *vma, pmd_t *pmd)
{
	struct address_space *mapping = vma->vm_file->f_mapping;
	int err;

	i_mmap_lock_read(mapping); // expected-note {{i_mmap read lock of mapping taken here}}
	err = __pte_alloc(vma->vm_mm, pmd); // expected-warning {{__pte_alloc() needs either the mmap read lock of vma->vm_mm or a VMA read lock; held: i_mmap read lock of mapping [vmalock-pt-install]}}
	i_mmap_unlock_read(mapping);
	return err;
}

void bad_pmd_install_anon_vma_only(struct vm_area_struct *vma, pmd_t *pmd,
				   pgtable_t *pte)
{
	anon_vma_lock_read(vma->anon_vma); // expected-note {{anon_vma read lock of vma->anon_vma->root taken here}}
	pmd_install(vma->vm_mm, pmd, pte); // expected-warning {{pmd_install() needs either the mmap read lock of vma->vm_mm or a VMA read lock; held: anon_vma read lock of vma->anon_vma->root [vmalock-pt-install]}}
	anon_vma_unlock_read(vma->anon_vma);
}

int good_pmd_alloc(struct mm_struct *mm, pud_t *pud, unsigned long addr)
{
	int err;

	mmap_write_lock(mm);
	err = __pmd_alloc(mm, pud, addr);
	mmap_write_unlock(mm);
	return err;
}

int bad_pmd_alloc_unlocked(struct mm_struct *mm, pud_t *pud, unsigned long addr)
{
	return __pmd_alloc(mm, pud, addr); // expected-warning {{__pmd_alloc() needs either the mmap read lock of mm or a VMA read lock; held: nothing [vmalock-pt-install]}}
}

/* Kernel page tables are not covered. */
int good_init_mm(pmd_t *pmd, pte_t *ptep, pte_t pte)
{
	set_pte_at(&init_mm, 0, ptep, pte);
	return __pte_alloc(&init_mm, pmd);
}

/* Changing entries: the PTE lock and a stable VMA. */
int good_set_pte_at(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
		    pte_t entry)
{
	spinlock_t *ptl;
	pte_t *pte;

	mmap_read_lock(mm);
	pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	if (!pte) {
		mmap_read_unlock(mm);
		return -EAGAIN;
	}
	set_pte_at(mm, addr, pte, entry);
	ptep_set_wrprotect(mm, addr, pte);
	pte_unmap_unlock(pte, ptl);
	mmap_read_unlock(mm);
	return 0;
}

void bad_set_pte_at_no_ptl(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
			   pte_t entry)
{
	pte_t *pte;

	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	pte = pte_offset_map(pmd, addr); // expected-note {{RCU read lock taken here}}
	if (!pte) {
		mmap_read_unlock(mm);
		return;
	}
	set_pte_at(mm, addr, pte, entry); // expected-warning {{set_ptes() needs either a page table lock or the page_table_lock of mm; held: mmap read lock of mm, RCU read lock [vmalock-pt-install]}}
	pte_unmap(pte);
	mmap_read_unlock(mm);
}

void bad_set_pte_at_no_stable_vma(struct mm_struct *mm, pmd_t *pmd,
				  unsigned long addr, pte_t entry)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl); // expected-note {{page table lock ptl taken here}} expected-note {{RCU read lock taken here}}

	if (!pte)
		return;
	set_pte_at(mm, addr, pte, entry); // expected-warning {{set_ptes() needs either the mmap read lock of mm or a VMA read lock or an anon_vma read lock or an i_mmap read lock; held: page table lock ptl, RCU read lock [vmalock-pt-install]}}
	pte_unmap_unlock(pte, ptl);
}

/* Reclaim and migration change entries under an rmap lock. */
void good_clear_under_rmap(struct vm_area_struct *vma, pmd_t *pmd,
			   unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;

	anon_vma_lock_read(vma->anon_vma);
	pte = pte_offset_map_lock(vma->vm_mm, pmd, addr, &ptl);
	if (pte) {
		ptep_get_and_clear(vma->vm_mm, addr, pte);
		ptep_clear_flush(vma, addr, pte);
		pte_unmap_unlock(pte, ptl);
	}
	anon_vma_unlock_read(vma->anon_vma);
}

void bad_ptep_get_and_clear_no_ptl(struct vm_area_struct *vma, pte_t *pte,
				   unsigned long addr)
{
	i_mmap_lock_read(vma->vm_file->f_mapping); // expected-note {{i_mmap read lock of vma->vm_file->f_mapping taken here}}
	ptep_get_and_clear(vma->vm_mm, addr, pte); // expected-warning {{ptep_get_and_clear() needs either a page table lock or the page_table_lock of vma->vm_mm; held: i_mmap read lock of vma->vm_file->f_mapping [vmalock-pt-install]}}
	i_mmap_unlock_read(vma->vm_file->f_mapping);
}

void bad_ptep_clear_flush_unlocked(struct vm_area_struct *vma, pte_t *pte,
				   unsigned long addr)
{
	ptep_clear_flush(vma, addr, pte); // expected-warning {{ptep_clear_flush() needs either a page table lock or the page_table_lock of vma->vm_mm, and either the mmap read lock of vma->vm_mm or a VMA read lock or an anon_vma read lock or an i_mmap read lock; held: nothing [vmalock-pt-install]}}
}

/* The fault path changes entries under the VMA read lock. */
int good_access_flags_vma_read(struct mm_struct *mm, pmd_t *pmd,
			       unsigned long addr, pte_t entry)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);
	spinlock_t *ptl;
	pte_t *pte;

	if (!vma)
		return -EAGAIN;
	pte = pte_offset_map_lock(vma->vm_mm, pmd, addr, &ptl);
	if (pte) {
		ptep_set_access_flags(vma, addr, pte, entry, 1);
		pte_unmap_unlock(pte, ptl);
	}
	vma_end_read(vma);
	return 0;
}

void bad_access_flags_no_ptl(struct vm_area_struct *vma, pte_t *pte,
			     unsigned long addr, pte_t entry)
{
	mmap_read_lock(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm taken here}}
	ptep_set_access_flags(vma, addr, pte, entry, 1); // expected-warning {{ptep_set_access_flags() needs either a page table lock or the page_table_lock of vma->vm_mm; held: mmap read lock of vma->vm_mm [vmalock-pt-install]}}
	mmap_read_unlock(vma->vm_mm);
}

void bad_wrprotect_no_stable_vma(struct mm_struct *mm, pte_t *pte,
				 unsigned long addr)
{
	spin_lock(&mm->page_table_lock); // expected-note {{page_table_lock of mm taken here}}
	ptep_set_wrprotect(mm, addr, pte); // expected-warning {{ptep_set_wrprotect() needs either the mmap read lock of mm or a VMA read lock or an anon_vma read lock or an i_mmap read lock; held: page_table_lock of mm [vmalock-pt-install]}}
	spin_unlock(&mm->page_table_lock);
}

/* Huge PMDs: pmd_trans_huge_lock(), then set_pmd_at()/pmdp_invalidate(). */
void good_huge_pmd(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr,
		   pmd_t entry)
{
	spinlock_t *ptl;

	mmap_read_lock(vma->vm_mm);
	ptl = pmd_trans_huge_lock(pmd, vma);
	if (ptl) {
		pmdp_invalidate(vma, addr, pmd);
		set_pmd_at(vma->vm_mm, addr, pmd, entry);
		spin_unlock(ptl);
	}
	mmap_read_unlock(vma->vm_mm);
}

void bad_huge_pmd_lock_failed(struct vm_area_struct *vma, pmd_t *pmd,
			      unsigned long addr, pmd_t entry)
{
	spinlock_t *ptl;

	mmap_read_lock(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm taken here}}
	ptl = pmd_trans_huge_lock(pmd, vma);
	if (!ptl) {
		pmdp_invalidate(vma, addr, pmd); // expected-warning {{pmdp_invalidate() needs either a page table lock or the page_table_lock of vma->vm_mm; held: mmap read lock of vma->vm_mm [vmalock-pt-install]}}
		set_pmd_at(vma->vm_mm, addr, pmd, entry); /* (one missing lock, one finding) */
	} else {
		spin_unlock(ptl);
	}
	mmap_read_unlock(vma->vm_mm);
}
