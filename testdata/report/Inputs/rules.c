/* Findings and the spec entries behind them, for rules.test, which
 * depends on the line numbers below. */
#include "kernel.h"
#include "vmalock.h"

void set_end(struct vm_area_struct *vma, unsigned long end)
{
	vma->vm_end = end;
}

void anon_vma_then_mmap(struct vm_area_struct *vma)
{
	anon_vma_lock_write(vma->anon_vma);
	mmap_read_lock(vma->vm_mm);
	mmap_read_unlock(vma->vm_mm);
	anon_vma_unlock_write(vma->anon_vma);
}

void ptl_then_i_mmap(struct mm_struct *mm, pmd_t *pmd,
		     struct address_space *mapping)
{
	spinlock_t *ptl = pmd_lock(mm, pmd);

	i_mmap_lock_write(mapping);
	i_mmap_unlock_write(mapping);
	spin_unlock(ptl);
}

void needs_mm(struct mm_struct *mm)
	__vl_requires(mmap(mm):write) /* <annotated> */;

void calls_needs_mm(struct mm_struct *mm)
{
	needs_mm(mm);
}
