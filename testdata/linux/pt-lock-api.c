// The 6.12 page-table lock API: pmd_lock() returns the PMD's split lock
// held; pud_lock() is mm->page_table_lock (unlocking it with
// spin_unlock(&mm->page_table_lock) matches); pmd_trans_huge_lock()
// returns the lock held, or NULL; pte_offset_map_lock() stores the PTE lock
// through its out-parameter when it returns non-NULL, and
// pte_unmap_unlock() drops it; spin_lock_nested() is a macro.
// process_addrs.rst, "Page table locking details": "Higher level page
// tables, that is PGD, P4D and PUD each make use of the process address
// space granularity mm->page_table_lock lock when modified."; "The PMD spin
// lock is obtained via pmd_lock, however PTEs are ... carefully locked via
// pte_offset_map_lock."
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

/* pud_lock() is mm->page_table_lock: it serialises setting anon_vma. */
void good_pud_lock_is_page_table_lock(struct vm_area_struct *vma, pud_t *pud,
				      struct anon_vma *av)
{
	struct mm_struct *mm = vma->vm_mm;

	if (!av)
		return;
	mmap_read_lock(mm);
	pud_lock(mm, pud);
	if (!vma->anon_vma)
		vma->anon_vma = av;
	spin_unlock(&mm->page_table_lock);
	mmap_read_unlock(mm);
}

void bad_pud_lock_twice(struct mm_struct *mm, pud_t *pud)
{
	spin_lock(&mm->page_table_lock); // expected-note {{page_table_lock of mm taken here}}
	pud_lock(mm, pud); // expected-warning {{pud_lock() acquires the page_table_lock of mm, which is already held [vmalock-double-acquire]}}
	spin_unlock(&mm->page_table_lock);
	spin_unlock(&mm->page_table_lock);
}

void bad_pud_lock_leak(struct mm_struct *mm, pud_t *pud)
{
	spinlock_t *ptl = pud_lock(mm, pud); // expected-note {{page_table_lock of mm taken here}}

	(void)ptl;
} // expected-warning {{bad_pud_lock_leak() returns with the page_table_lock of mm held [vmalock-held-at-exit]}}

/* pmd_lock(): the returned lock is held. */
void good_pmd_lock(struct mm_struct *mm, pmd_t *pmd)
{
	spinlock_t *ptl = pmd_lock(mm, pmd);

	spin_unlock(ptl);
}

void bad_pmd_lock_unlock_twice(struct mm_struct *mm, pmd_t *pmd)
{
	spinlock_t *ptl = pmd_lock(mm, pmd);

	spin_unlock(ptl); // expected-note {{page table lock ptl released here}}
	spin_unlock(ptl); // expected-warning {{spin_unlock() releases the page table lock ptl, which is not held [vmalock-release-unheld]}}
}

/* pmd_trans_huge_lock(): non-NULL means held. */
int good_pmd_trans_huge_lock(pmd_t *pmd, struct vm_area_struct *vma)
{
	spinlock_t *ptl = pmd_trans_huge_lock(pmd, vma);

	if (!ptl)
		return 0;
	spin_unlock(ptl);
	return 1;
}

int bad_pmd_trans_huge_lock_leak(pmd_t *pmd, struct vm_area_struct *vma)
{
	spinlock_t *ptl = pmd_trans_huge_lock(pmd, vma); // expected-note {{page table lock ptl taken here}}

	if (ptl)
		return 1; // expected-warning {{bad_pmd_trans_huge_lock_leak() returns with the page table lock ptl held [vmalock-held-at-exit]}}
	return 0;
}

/* pte_offset_map_lock(): the lock comes back through ptlp. */
int good_pte_offset_map_lock(struct mm_struct *mm, pmd_t *pmd,
			     unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl);

	if (!pte)
		return -EAGAIN;
	pte_unmap_unlock(pte, ptl);
	return 0;
}

int bad_pte_offset_map_lock_twice(struct mm_struct *mm, pmd_t *pmd,
				  unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl);

	if (!pte)
		return -EAGAIN;
	pte_unmap_unlock(pte, ptl); // expected-note {{page table lock ptl released here}}
	spin_unlock(ptl); // expected-warning {{spin_unlock() releases the page table lock ptl, which is not held [vmalock-release-unheld]}}
	return 0;
}

/* spin_lock_nested() is a macro (with lockdep off, a _raw_spin_lock() of
 * the lock).  The locks of pte_offset_map_nolock() and pte_lockptr() that
 * mm/ takes with it are in xfail-ptl-unknown-class.c. */
void good_spin_lock_nested(struct mm_struct *mm)
{
	spin_lock_nested(&mm->page_table_lock, 1);
	spin_unlock(&mm->page_table_lock);
}

void bad_spin_lock_nested_leak(struct mm_struct *mm)
{
	spin_lock_nested(&mm->page_table_lock, 1); // expected-note {{page_table_lock of mm taken here}}
} // expected-warning {{bad_spin_lock_nested_leak() returns with the page_table_lock of mm held [vmalock-held-at-exit]}}

void good_spin_trylock(struct mm_struct *mm)
{
	if (spin_trylock(&mm->page_table_lock))
		spin_unlock(&mm->page_table_lock);
}

void bad_spin_trylock_inverted(struct mm_struct *mm)
{
	if (!spin_trylock(&mm->page_table_lock)) // expected-note {{page_table_lock of mm taken here}}
		spin_unlock(&mm->page_table_lock); // expected-warning {{spin_unlock() releases the page_table_lock of mm, which is not held [vmalock-release-unheld]}}
} // expected-warning {{bad_spin_trylock_inverted() returns with the page_table_lock of mm held [vmalock-held-at-exit]}}

/* migration_entry_wait_on_locked() drops the PTE lock of its caller
 * (__releases(ptl)), as migration_entry_wait() relies on. */
typedef struct { unsigned long val; } swp_entry_t;
void migration_entry_wait_on_locked(swp_entry_t entry, spinlock_t *ptl);

void good_wait_on_locked_releases(struct mm_struct *mm, pmd_t *pmd,
				  unsigned long addr, swp_entry_t entry)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl);

	if (!pte)
		return;
	migration_entry_wait_on_locked(entry, ptl);
}

void bad_wait_on_locked_unlock_again(struct mm_struct *mm, pmd_t *pmd,
				     unsigned long addr, swp_entry_t entry)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl);

	if (!pte)
		return;
	migration_entry_wait_on_locked(entry, ptl); // expected-note {{page table lock ptl released here}}
	pte_unmap_unlock(pte, ptl); // expected-warning {{releases the page table lock ptl, which is not held}}
}
