// Regression: StackRot (CVE-2023-3269), stack expansion under the mmap read
// lock.
//
// Fixes: 8d7071af8907 "mm: always expand the stack with the mmap write lock
// held" and c2508ec5a58d "mm: introduce new 'lock_mm_and_find_vma()' page
// fault helper" (Linus Torvalds, v6.5-rc1, backported to 6.1-6.4 stable).
//
// What was wrong: the page-fault path expanded a stack VMA while holding
// only the mmap read lock.  expand_downwards() changed vma->vm_start and
// vma->vm_pgoff under the anon_vma lock and mm->page_table_lock (an ad-hoc
// scheme from before the maple tree); with the VMA tree in a maple tree that
// store races with lockless readers and the old node is freed under them (a
// use-after-free).  The fix takes the mmap write lock for any expansion:
// faults look the VMA up with lock_mm_and_find_vma(), which upgrades to the
// write lock only to expand, and expand_stack_locked() requires it.
//
// Rule (process_addrs.rst, "VMA fields"): vm_start, vm_end and vm_pgoff are
// written under "mmap write, VMA write, rmap write"; expand_stack_locked()
// needs the mmap write lock.  The good_ shapes also carry the vma_start_write()
// added by c137381f71ae (see stack-expansion-vma-lock.c).
//
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

struct pt_regs;
struct vm_area_struct *lock_mm_and_find_vma(struct mm_struct *mm,
					    unsigned long addr,
					    struct pt_regs *regs);
int expand_stack_locked(struct vm_area_struct *vma, unsigned long address);
vm_fault_t handle_fault(struct vm_area_struct *vma, unsigned long addr);

/*
 * expand_downwards() before the fix: "vma->vm_start/vm_end cannot change
 * under us because the caller is required to hold the mmap_lock in read
 * mode."  (vm_pgoff is updated alongside vm_start; one write is enough.)
 */
int bad_expand_downwards(struct vm_area_struct *vma, unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_assert_locked(mm); // expected-note {{mmap read lock of mm asserted here}}
	anon_vma_lock_write(vma->anon_vma); // expected-note {{anon_vma write lock of vma->anon_vma->root taken here}}
	spin_lock(&mm->page_table_lock); // expected-note {{page_table_lock of mm taken here}}
	vma->vm_start = address; // expected-warning {{write to vma->vm_start needs the mmap write lock of mm and the VMA write lock of vma; held: mmap read lock of mm, anon_vma write lock of vma->anon_vma->root, page_table_lock of mm [vmalock-field-write]}}
	spin_unlock(&mm->page_table_lock);
	anon_vma_unlock_write(vma->anon_vma);
	return 0;
}

/* After the fix: the caller holds the mmap write lock. */
int good_expand_downwards(struct vm_area_struct *vma, unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_assert_write_locked(mm);
	vma_start_write(vma);
	anon_vma_lock_write(vma->anon_vma);
	spin_lock(&mm->page_table_lock);
	vma->vm_start = address;
	spin_unlock(&mm->page_table_lock);
	anon_vma_unlock_write(vma->anon_vma);
	return 0;
}

/* The arch fault handler before the fix: look up, then expand the stack,
 * all under the mmap read lock. */
int bad_do_user_addr_fault(struct mm_struct *mm, unsigned long address)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	vma = find_vma(mm, address);
	if (!vma)
		goto bad_area;
	if (vma->vm_start > address && expand_stack_locked(vma, address)) // expected-warning {{expand_stack_locked() needs the mmap write lock of vma->vm_mm; held: mmap read lock of mm [vmalock-call-requires]}}
		goto bad_area;
	handle_fault(vma, address);
	mmap_read_unlock(mm);
	return 0;
bad_area:
	mmap_read_unlock(mm);
	return -EINVAL;
}

/* After the fix: lock_mm_and_find_vma() returns with the mmap read lock
 * held, having expanded the stack under the write lock if it had to. */
int good_do_user_addr_fault(struct mm_struct *mm, unsigned long address,
			    struct pt_regs *regs)
{
	struct vm_area_struct *vma = lock_mm_and_find_vma(mm, address, regs);

	if (!vma)
		return -EINVAL;
	handle_fault(vma, address);
	mmap_read_unlock(mm);
	return 0;
}
