// A page-table lock kept in a pointer field is a page-table lock, also in
// a function that did not see it made: the fault handlers get vmf->ptl
// from handle_pte_fault() (pte_offset_map_nolock(..., &vmf->ptl)) and
// take it with spin_lock(vmf->ptl) (6.12 mm/memory.c do_numa_page(),
// wp_page_shared()).  The spec says which fields keep one ("lock ptl:
// spinlock anonymous in vm_fault.ptl, page_vma_mapped_walk.ptl, ...");
// it is then in the balance checks and meets "a page table lock".
// include/linux/mm.h, struct vm_fault: "ptl: Page table lock. Protects
// pte page table if 'pte' is not NULL".
// RUN: %check %s

#include "kernel.h"

void good_fault_pte(struct vm_fault *vmf, pte_t pte)
{
	struct vm_area_struct *vma = vmf->vma;

	mmap_read_lock(vma->vm_mm);
	spin_lock(vmf->ptl);
	set_pte_at(vma->vm_mm, vmf->address, vmf->pte, pte);
	spin_unlock(vmf->ptl);
	mmap_read_unlock(vma->vm_mm);
}

void bad_fault_pte_leak(struct vm_fault *vmf)
{
	spin_lock(vmf->ptl); // expected-note {{page table lock vmf->ptl taken here}}
} // expected-warning {{bad_fault_pte_leak() returns with the page table lock vmf->ptl held [vmalock-held-at-exit]}}

void bad_fault_pte_unlocked(struct vm_fault *vmf, pte_t pte)
{
	struct vm_area_struct *vma = vmf->vma;

	mmap_read_lock(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm taken here}}
	set_pte_at(vma->vm_mm, vmf->address, vmf->pte, pte); // expected-warning {{set_ptes() needs either a page table lock or the page_table_lock of vma->vm_mm; held: mmap read lock of vma->vm_mm [vmalock-pt-install]}}
	mmap_read_unlock(vma->vm_mm);
}
