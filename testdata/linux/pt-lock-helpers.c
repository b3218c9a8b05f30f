// Helpers that return holding a page-table lock kept in a struct field
// (follow_pfnmap_start(): args->lock when it returns 0; folio_walk_start():
// fw->ptl when it returns a folio), and userfaultfd's double_pt_lock(),
// which takes both PTE locks.
// process_addrs.rst, "Page table locking details": "PTEs are ... carefully
// locked via pte_offset_map_lock."
// RUN: %check %s

#include "kernel.h"

struct follow_pfnmap_args {
	struct vm_area_struct *vma;
	unsigned long address;
	spinlock_t *lock;
	pte_t *ptep;
	unsigned long pfn;
};
int follow_pfnmap_start(struct follow_pfnmap_args *args);
void follow_pfnmap_end(struct follow_pfnmap_args *args);

struct folio_walk {
	struct folio *folio;
	pte_t *ptep;
	spinlock_t *ptl;
};
struct folio *folio_walk_start(struct folio_walk *fw,
			       struct vm_area_struct *vma, unsigned long addr,
			       int flags);

void double_pt_lock(spinlock_t *ptl1, spinlock_t *ptl2);
void double_pt_unlock(spinlock_t *ptl1, spinlock_t *ptl2);

unsigned long good_follow_pfnmap(struct vm_area_struct *vma, unsigned long addr)
{
	struct follow_pfnmap_args args = { .vma = vma, .address = addr };
	unsigned long pfn;

	if (follow_pfnmap_start(&args))
		return 0;
	pfn = args.pfn;
	follow_pfnmap_end(&args);
	return pfn;
}

unsigned long bad_follow_pfnmap_leak(struct vm_area_struct *vma, unsigned long addr)
{
	struct follow_pfnmap_args args = { .vma = vma, .address = addr };

	if (follow_pfnmap_start(&args)) // expected-note {{page table lock args.lock taken here}}
		return 0;
	return args.pfn; // expected-warning {{bad_follow_pfnmap_leak() returns with the page table lock args.lock held [vmalock-held-at-exit]}}
}

int good_folio_walk(struct vm_area_struct *vma, unsigned long addr)
{
	struct folio_walk fw;
	struct folio *folio = folio_walk_start(&fw, vma, addr, 0);

	if (!folio)
		return 0;
	spin_unlock(fw.ptl);
	return 1;
}

int bad_folio_walk_leak(struct vm_area_struct *vma, unsigned long addr)
{
	struct folio_walk fw;
	struct folio *folio = folio_walk_start(&fw, vma, addr, 0); // expected-note {{page table lock fw.ptl taken here}}

	return folio != NULL; // expected-warning {{bad_folio_walk_leak() returns with the page table lock fw.ptl held if it was taken (this path does not show whether it was) [vmalock-held-at-exit]}}
}

void good_double_pt_lock(spinlock_t *src_ptl, spinlock_t *dst_ptl)
{
	double_pt_lock(dst_ptl, src_ptl);
	double_pt_unlock(dst_ptl, src_ptl);
}

void bad_double_pt_unlock_twice(spinlock_t *src_ptl, spinlock_t *dst_ptl)
{
	double_pt_lock(dst_ptl, src_ptl);
	double_pt_unlock(dst_ptl, src_ptl); // expected-note {{page table lock dst_ptl released here}}
	double_pt_unlock(dst_ptl, src_ptl); // expected-warning {{double_pt_unlock() releases the page table lock dst_ptl, which is not held [vmalock-release-unheld]}}
}
