// A finding inside a macro is reported where the macro is invoked.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

#define SET_START(vma, addr)                                               \
	do {                                                               \
		(vma)->vm_start = (addr);                                  \
	} while (0)

#define DEFINE_LOCKER(name)                                                \
	int name(struct mm_struct *mm)                                     \
	{                                                                  \
		mmap_read_lock(mm);                                        \
		return 0;                                                  \
	}

void bad_write_in_macro(struct vm_area_struct *vma, unsigned long addr)
{
	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	vma_start_write(vma); // expected-note {{VMA write lock of vma taken here}}
	SET_START(vma, addr); // expected-warning {{write to vma->vm_start needs either the i_mmap write lock of vma->vm_file->f_mapping or the anon_vma write lock of vma->anon_vma->root; held: mmap write lock of vma->vm_mm, VMA write lock of vma [vmalock-field-write]}}
	mmap_write_unlock(vma->vm_mm);
}

DEFINE_LOCKER(bad_defined_by_macro) // expected-warning {{bad_defined_by_macro() returns with the mmap read lock of mm held [vmalock-held-at-exit]}} expected-note {{mmap read lock of mm taken here}}

void good_pte_unmap_unlock(struct mm_struct *mm, pmd_t *pmd, unsigned long a)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, a, &ptl);

	if (!pte)
		return;
	pte_unmap_unlock(pte, ptl);
}

void bad_pte_unmap_unlock_twice(struct mm_struct *mm, pmd_t *pmd, unsigned long a)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, a, &ptl);

	if (!pte)
		return;
	pte_unmap_unlock(pte, ptl); // expected-note {{page table lock ptl released here}}
	pte_unmap_unlock(pte, ptl); // expected-warning {{spin_unlock() releases the page table lock ptl, which is not held [vmalock-release-unheld]}}
}

/* Writes through WRITE_ONCE() are writes to the field. */
void bad_write_once(struct vm_area_struct *vma, pgprot_t prot)
{
	WRITE_ONCE(vma->vm_page_prot, prot); // expected-warning {{write to vma->vm_page_prot needs the mmap write lock of vma->vm_mm and the VMA write lock of vma; held: nothing [vmalock-field-write]}}
}

/* Compound assignment and increments are writes too. */
void bad_compound(struct vm_area_struct *vma)
{
	vma->vm_pgoff += 1; // expected-warning {{write to vma->vm_pgoff needs}}
}

void bad_postinc(struct vm_area_struct *vma)
{
	vma->vm_end++; // expected-warning {{write to vma->vm_end needs}}
}

void bad_predec(struct vm_area_struct *vma)
{
	--vma->vm_start; // expected-warning {{write to vma->vm_start needs}}
}

void bad_or_assign(struct vm_area_struct *vma)
{
	vma->__vm_flags |= 1; // expected-warning {{write to vma->__vm_flags needs}}
}
