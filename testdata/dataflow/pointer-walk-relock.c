// mm/madvise.c swapin_walk_pmd_entry() maps and locks the PTE table when
// ptep is NULL, walks it with ptep++, drops it (ptep = NULL) around I/O
// and maps it again on the next iteration; "if (ptep)" at the end
// releases what is left.  At the loop head the value of the iteration
// before last is renamed again; what was known of it (NULL, from the
// first iteration) mixed with what is known of the last one (not NULL),
// and the walk reached "ptep++" not knowing ptep was set: the lock of an
// earlier iteration looked leaked.
// expected-no-diagnostics
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

extern int pte_is_swap(pte_t *pte);
extern void read_one(unsigned long addr);

int good_swapin_walk(struct mm_struct *mm, pmd_t *pmd, unsigned long start,
		     unsigned long end)
{
	pte_t *ptep = NULL;
	spinlock_t *ptl;
	unsigned long addr;

	for (addr = start; addr < end; addr += 4096) {
		if (!ptep++) {
			ptep = pte_offset_map_lock(mm, pmd, addr, &ptl);
			if (!ptep)
				break;
		}
		if (!pte_is_swap(ptep))
			continue;
		pte_unmap_unlock(ptep, ptl);
		ptep = NULL;
		read_one(addr);
	}
	if (ptep)
		pte_unmap_unlock(ptep, ptl);
	return 0;
}
