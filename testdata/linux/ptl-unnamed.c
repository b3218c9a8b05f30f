// Page-table locks that are not taken by a spec function are still in the
// balance checks:
// 1. pte_offset_map_nolock() (6.12 mremap move_ptes()) returns the PTE
//    lock through ptlp without taking it ('names ptl(*ptlp)'); mm/ then
//    takes it with spin_lock() or spin_lock_nested().  The lock has the
//    ptl class: a leak of it is reported.
// 2. After pmd_trans_huge_lock() or pte_offset_map_lock() failed, the
//    lock pointer is NULL (or unset): spin_unlock(ptl) there releases a
//    lock that is not held, and release-unheld says so.
// process_addrs.rst, "Page table locking details": "PMDs and PTEs each
// have fine-grained locks"; "The lock must be released via
// pte_unmap_unlock."
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

void good_nolock_then_lock(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_nolock(mm, pmd, addr, &ptl);

	if (!pte)
		return;
	spin_lock_nested(ptl, 1);
	spin_unlock(ptl);
	pte_unmap(pte);
}

void bad_nolock_then_lock_leak(struct mm_struct *mm, pmd_t *pmd,
			       unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_nolock(mm, pmd, addr, &ptl);

	if (!pte)
		return;
	spin_lock_nested(ptl, 1); // expected-note {{page table lock ptl taken here}}
	pte_unmap(pte);
} // expected-warning {{bad_nolock_then_lock_leak() returns with the page table lock ptl held [vmalock-held-at-exit]}}

int bad_pmd_trans_huge_lock_unlock_null(pmd_t *pmd, struct vm_area_struct *vma)
{
	spinlock_t *ptl = pmd_trans_huge_lock(pmd, vma);

	if (!ptl) {
		spin_unlock(ptl); // expected-warning {{spin_unlock() releases the page table lock ptl, which is not held [vmalock-release-unheld]}}
		return 0;
	}
	spin_unlock(ptl);
	return 1;
}

int bad_pte_offset_map_lock_unlock_on_null(struct mm_struct *mm, pmd_t *pmd,
					   unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl);

	if (!pte) {
		spin_unlock(ptl); // expected-warning {{spin_unlock() releases the page table lock ptl, which is not held [vmalock-release-unheld]}}
		return -EAGAIN;
	}
	pte_unmap_unlock(pte, ptl);
	return 0;
}
