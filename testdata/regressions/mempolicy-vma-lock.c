// Regression: vm_policy replaced without the VMA write lock (CVE-2023-4611).
//
// Fix: 6c21e066f925 "mm/mempolicy: Take VMA lock before replacing policy"
// (Jann Horn, v6.5-rc4, Cc: stable; 6.4.8).
//
// What was wrong: mbind() reached vma_replace_policy(), which swapped
// vma->vm_policy and dropped the old policy, holding the mmap write lock but
// not the VMA write lock.  A page fault under the per-VMA read lock could
// still be using the old policy (vma_alloc_folio()): a use-after-free.  The
// fix write-locks the VMAs in do_mbind(), mpol_rebind_mm() and
// set_mempolicy_home_node(), and makes vma_replace_policy() assert it.
//
// Rule (process_addrs.rst, "VMA fields"): vm_policy: "mmap write, VMA
// write".
//
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

struct mempolicy *mpol_dup(struct mempolicy *pol);
void mpol_put(struct mempolicy *pol);

/* vma_replace_policy() before the fix: the callers held only the mmap
 * write lock. */
int bad_vma_replace_policy(struct vm_area_struct *vma, struct mempolicy *pol)
{
	struct mempolicy *old, *new;

	mmap_assert_write_locked(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm asserted here}}
	new = mpol_dup(pol);
	if (!new)
		return -ENOMEM;
	old = vma->vm_policy;
	vma->vm_policy = new; // expected-warning {{write to vma->vm_policy needs the VMA write lock of vma; held: mmap write lock of vma->vm_mm [vmalock-field-write]}}
	mpol_put(old);
	return 0;
}

/* After the fix the callee asserts the VMA write lock... */
int good_vma_replace_policy(struct vm_area_struct *vma, struct mempolicy *pol)
{
	struct mempolicy *old, *new;

	vma_assert_write_locked(vma);
	new = mpol_dup(pol);
	if (!new)
		return -ENOMEM;
	old = vma->vm_policy;
	vma->vm_policy = new;
	mpol_put(old);
	return 0;
}

/* ...and the callers take it: set_mempolicy_home_node(), reduced. */
long bad_set_home_node(struct mm_struct *mm, unsigned long start,
		       struct mempolicy *new)
{
	struct vm_area_struct *vma;

	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	vma = find_vma(mm, start);
	if (vma)
		vma->vm_policy = new; // expected-warning {{write to vma->vm_policy needs the VMA write lock of vma; held: mmap write lock of mm [vmalock-field-write]}}
	mmap_write_unlock(mm);
	return 0;
}

long good_set_home_node(struct mm_struct *mm, unsigned long start,
			struct mempolicy *new)
{
	struct vm_area_struct *vma;

	mmap_write_lock(mm);
	vma = find_vma(mm, start);
	if (vma) {
		vma_start_write(vma);
		vma->vm_policy = new;
	}
	mmap_write_unlock(mm);
	return 0;
}
