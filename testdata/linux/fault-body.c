// handle_mm_fault() has a spec entry its callers apply (the VMA read lock
// with FAULT_FLAG_VMA_LOCK, else the mmap read lock; dropped on
// VM_FAULT_RETRY), and its body is checked too, from what the spec's
// entry lines say its callers hold.  Without them nothing would reach
// the fault handlers under it (6.12 mm/memory.c __handle_mm_fault(),
// mm/huge_memory.c do_huge_pmd_anonymous_page(), mm/hugetlb.c
// hugetlb_fault()): each would be checked as if called holding nothing.
// The entry lines' conditions ("if flags & 0x1000") hold in their states,
// so a handler's own test of the flag takes one side only.
// vmf_anon_prepare() (mm/internal.h) is described by the spec alone: it
// drops the VMA lock on VM_FAULT_RETRY, which only happens under the VMA
// lock, a relation of its callee's result that its body does not show.
// process_addrs.rst, "Lock usage": faults run under the VMA read lock or
// the mmap read lock.
// RUN: %check %s

#include "kernel.h"

vm_fault_t __vmf_anon_prepare(struct vm_fault *vmf);

static inline vm_fault_t vmf_anon_prepare(struct vm_fault *vmf)
{
	vm_fault_t ret = __vmf_anon_prepare(vmf);

	if (ret & VM_FAULT_RETRY)
		vma_end_read(vmf->vma);
	return ret;
}

/* Drops the lock its caller holds, as the fault path does on retry. */
static void good_drop_fault_lock(struct vm_area_struct *vma,
				 unsigned int flags)
{
	if (flags & FAULT_FLAG_VMA_LOCK)
		vma_end_read(vma);
	else
		mmap_read_unlock(vma->vm_mm);
}

static vm_fault_t good_anon_fault(struct vm_area_struct *vma,
				  unsigned int flags)
{
	struct vm_fault vmf = { .vma = vma, .flags = flags };

	return vmf_anon_prepare(&vmf);
}

/* A handler that moves the VMA needs the mmap and VMA write locks. */
static vm_fault_t bad_fault_moves_vma(struct vm_area_struct *vma)
{
	vma->vm_pgoff = 0; // expected-warning {{write to vma->vm_pgoff needs the mmap write lock of vma->vm_mm, the VMA write lock of vma, and either the i_mmap write lock of vma->vm_file->f_mapping or the anon_vma write lock of vma->anon_vma->root; held: nothing [vmalock-field-write]}}
	return 0;
}

vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags, struct pt_regs *regs)
{
	vm_fault_t ret = good_anon_fault(vma, flags);

	if (ret & VM_FAULT_RETRY)
		return ret;
	if (address & 1)
		ret = bad_fault_moves_vma(vma); // expected-note {{handle_mm_fault() calls bad_fault_moves_vma() here, without it}}
	if (address & 2)
		good_drop_fault_lock(vma, flags);
	return ret;
}
