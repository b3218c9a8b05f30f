// A mapped PTE table is under RCU: pte_offset_map() and
// pte_offset_map_lock() return non-NULL with the RCU read lock held, and
// pte_unmap() (or pte_unmap_unlock()) drops it; NULL means nothing is
// held.  (The RCU class is order-only: its balance is not checked, see
// xfail-rcu-pte-leak.c.)  The RCU read lock shows in what is held.
// process_addrs.rst, "Locking rules": "So accessing PTE-level page tables
// requires at least holding an RCU read lock"; "These map the page table
// into kernel memory if required, take the RCU lock, and depending on
// variant, may also look up or acquire the PTE lock."
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

void good_map_unmap(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	pte_t *pte;

	mmap_read_lock(mm);
	pte = pte_offset_map(pmd, addr);
	if (pte)
		pte_unmap(pte);
	mmap_read_unlock(mm);
}

/* Held from pte_offset_map() to pte_unmap(). */
void bad_change_under_rcu_only(struct mm_struct *mm, pmd_t *pmd,
			       unsigned long addr, pte_t entry)
{
	pte_t *pte;

	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	pte = pte_offset_map(pmd, addr); // expected-note {{RCU read lock taken here}}
	if (!pte) {
		mmap_read_unlock(mm);
		return;
	}
	ptep_get_and_clear(mm, addr, pte); // expected-warning {{ptep_get_and_clear() needs either a page table lock or the page_table_lock of mm; held: mmap read lock of mm, RCU read lock [vmalock-pt-install]}}
	pte_unmap(pte);
	mmap_read_unlock(mm);
}

void bad_change_after_unmap(struct mm_struct *mm, pmd_t *pmd,
			    unsigned long addr, pte_t entry)
{
	pte_t *pte;

	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	pte = pte_offset_map(pmd, addr);
	if (!pte) {
		mmap_read_unlock(mm);
		return;
	}
	pte_unmap(pte); // expected-note {{RCU read lock released here}}
	set_pte_at(mm, addr, pte, entry); // expected-warning {{set_ptes() needs either a page table lock or the page_table_lock of mm; held: mmap read lock of mm [vmalock-pt-install]}}
	mmap_read_unlock(mm);
}

/* NULL: neither RCU nor the PTE lock is held. */
void bad_change_on_null(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
			pte_t *ptep, pte_t entry)
{
	spinlock_t *ptl;
	pte_t *pte;

	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	if (!pte) {
		set_pte_at(mm, addr, ptep, entry); // expected-warning {{set_ptes() needs either a page table lock or the page_table_lock of mm; held: mmap read lock of mm [vmalock-pt-install]}}
		mmap_read_unlock(mm);
		return;
	}
	pte_unmap_unlock(pte, ptl);
	mmap_read_unlock(mm);
}
