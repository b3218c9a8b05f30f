// Exported functions whose callers are outside the analysed files hold
// what their documented context says (spec "entry" lines): vm_map_pages()
// is "Called by mmap handlers", under the mmap write lock, and
// vmf_insert_pfn() by fault handlers, under the VMA or mmap read lock.
// A caller that is analysed is checked instead.
// RUN: %check %s

#include "kernel.h"

/* Named as the kernel's: vm_flags_set() needs the mmap write lock, which
 * an mmap handler holds. */
int vm_map_pages(struct vm_area_struct *vma, struct page **pages,
		 unsigned long num)
{
	vm_flags_set(vma, 0x10000000);
	return 0;
}

/* Named as the kernel's, and called below: the callers are checked. */
unsigned int vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr,
			    unsigned long pfn)
{
	return find_vma(vma->vm_mm, addr) != NULL; // expected-note {{vmf_insert_pfn() calls find_vma() here}}
}

unsigned int good_fault_handler(struct vm_area_struct *vma, unsigned long addr)
{
	unsigned int ret;

	mmap_read_lock(vma->vm_mm);
	ret = vmf_insert_pfn(vma, addr, 0);
	mmap_read_unlock(vma->vm_mm);
	return ret;
}

unsigned int bad_fault_handler(struct vm_area_struct *vma, unsigned long addr)
{
	return vmf_insert_pfn(vma, addr, 0); // expected-warning {{vmf_insert_pfn() needs the mmap read lock of vma->vm_mm; held: nothing [vmalock-call-requires]}}
}

/* A function of the same shape without an entry line holds nothing. */
int bad_undeclared_map_pages(struct vm_area_struct *vma)
{
	vm_flags_set(vma, 0x10000000); // expected-warning {{vm_flags_set() needs the mmap write lock of vma->vm_mm; held: nothing [vmalock-lock-prereq]}}
	return 0;
}
