// A callee that only sets or clears some bits of *flags leaves the others
// as its caller had them: the caller still knows which lock it holds
// from FAULT_FLAG_VMA_LOCK.  The same for a field: "vmf->flags |= X"
// keeps the other bits the callers' own, so a requirement under
// FAULT_FLAG_VMA_LOCK still goes to them with that condition.
// mm/memory.c handle_mm_fault(): "ret = sanitize_fault_flags(vma,
// &flags);" ("*flags &= ~FAULT_FLAG_UNSHARE"), then the fault runs under
// the VMA lock iff flags & FAULT_FLAG_VMA_LOCK; a callee that only reads
// *flags changes nothing; handle_pte_fault():
// "vmf->flags |= FAULT_FLAG_ORIG_PTE_VALID" before do_wp_page().
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

#define FLAG_UNSHARE (1 << 10)
#define FLAG_ORIG_PTE_VALID (1 << 11)

static int sanitize(struct vm_area_struct *vma, unsigned int *flags)
{
	if ((*flags & FLAG_UNSHARE) && !(vma->vm_flags & 0x20))
		*flags &= ~FLAG_UNSHARE;
	return 0;
}

/* Only reads *flags: the caller's flags stay what they were. */
static int write_fault(const unsigned int *flags)
{
	return *flags & FAULT_FLAG_WRITE;
}

/* Drops the lock the caller holds, by the flags. */
static void fault_done(struct vm_area_struct *vma, unsigned int flags)
{
	if (write_fault(&flags) && !(vma->vm_flags & 0x2))
		return;
	if (sanitize(vma, &flags))
		return;
	if (flags & FAULT_FLAG_VMA_LOCK)
		vma_end_read(vma); // expected-note {{fault_done() releases it here}}
	else
		mmap_read_unlock(vma->vm_mm);
}

void good_vma_locked(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);

	if (!vma)
		return;
	fault_done(vma, FAULT_FLAG_VMA_LOCK | FLAG_UNSHARE);
}

void good_mmap_locked(struct vm_area_struct *vma)
{
	mmap_read_lock(vma->vm_mm);
	fault_done(vma, FAULT_FLAG_USER);
}

void bad_wrong_flag(struct vm_area_struct *vma)
{
	mmap_read_lock(vma->vm_mm); // expected-note 2 {{mmap read lock of vma->vm_mm taken here}}
	fault_done(vma, FAULT_FLAG_VMA_LOCK); // expected-warning {{fault_done() needs the VMA read lock of vma; held: mmap read lock of vma->vm_mm [vmalock-call-requires]}}
} // expected-warning {{bad_wrong_flag() returns with the mmap read lock of vma->vm_mm held [vmalock-held-at-exit]}}

/* The field version: the callee's requirement keeps its condition. */
static void wp_page(struct vm_fault *vmf)
{
	if (vmf->flags & FAULT_FLAG_VMA_LOCK)
		vma_end_read(vmf->vma);
	else
		mmap_read_unlock(vmf->vma->vm_mm);
}

static void pte_fault(struct vm_fault *vmf)
{
	vmf->flags &= ~FLAG_UNSHARE;
	vmf->flags |= FLAG_ORIG_PTE_VALID;
	wp_page(vmf);
}

void good_pte_fault_mmap(struct vm_area_struct *vma)
{
	struct vm_fault vmf = { .vma = vma, .flags = FAULT_FLAG_WRITE };

	mmap_read_lock(vma->vm_mm);
	pte_fault(&vmf);
}

/* A callee's requirement under a bit of flags, passed flags that a call
 * changed only in other bits: what the caller knew of that bit decides
 * it (handle_mm_fault() passes flags to hugetlb_fault() after
 * sanitize_fault_flags()). */
static void end_fault(struct vm_area_struct *vma, unsigned int flags)
{
	if (flags & FAULT_FLAG_VMA_LOCK)
		vma_end_read(vma); // expected-note {{end_fault() releases it here}}
}

void good_sanitized_mmap(struct vm_area_struct *vma, unsigned int flags)
{
	if (flags & FAULT_FLAG_VMA_LOCK)
		return;
	mmap_read_lock(vma->vm_mm);
	sanitize(vma, &flags);
	end_fault(vma, flags);
	mmap_read_unlock(vma->vm_mm);
}

void good_sanitized_vma(struct mm_struct *mm, unsigned long addr,
			unsigned int flags)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);

	if (!vma)
		return;
	flags |= FAULT_FLAG_VMA_LOCK;
	sanitize(vma, &flags);
	end_fault(vma, flags);
}

void bad_sanitized_vma_flag(struct vm_area_struct *vma, unsigned int flags)
{
	if (!(flags & FAULT_FLAG_VMA_LOCK))
		return;
	mmap_read_lock(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm taken here}}
	sanitize(vma, &flags);
	end_fault(vma, flags); // expected-warning {{end_fault() needs the VMA read lock of vma; held: mmap read lock of vma->vm_mm [vmalock-call-requires]}}
	mmap_read_unlock(vma->vm_mm);
}
