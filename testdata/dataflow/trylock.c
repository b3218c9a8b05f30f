// Try-locks: the lock is held only on the outcome that means success
// (true, zero, non-NULL, or a lock stored through an out-parameter).
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

/* bool: true means locked */
int good_bool(struct mm_struct *mm)
{
	if (!mmap_read_trylock(mm))
		return -EAGAIN;
	find_vma(mm, 0);
	mmap_read_unlock(mm);
	return 0;
}

int good_bool_in_local(struct mm_struct *mm)
{
	bool locked = mmap_read_trylock(mm);

	if (!locked)
		return -EAGAIN;
	find_vma(mm, 0);
	mmap_read_unlock(mm);
	return 0;
}

int bad_bool_unchecked(struct mm_struct *mm)
{
	mmap_read_trylock(mm); // expected-note {{mmap read lock of mm taken here}}
	find_vma(mm, 0); // expected-warning {{find_vma() needs the mmap read lock of mm; held: nothing [vmalock-call-requires]}}
	return 0; // expected-warning {{bad_bool_unchecked() returns with the mmap read lock of mm held if it was taken (this path does not show whether it was) [vmalock-held-at-exit]}}
}

/* int, killable: zero means locked */
int good_killable(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	if (mmap_write_lock_killable(mm))
		return -EINTR;
	vma_start_write(vma);
	mmap_write_unlock(mm);
	return 0;
}

int bad_killable_inverted(struct mm_struct *mm)
{
	if (!mmap_write_lock_killable(mm)) // expected-note {{mmap write lock of mm taken here}}
		return -EINTR; // expected-warning {{bad_killable_inverted() returns with the mmap write lock of mm held [vmalock-held-at-exit]}}
	mmap_write_unlock(mm); // expected-warning {{mmap_write_unlock() releases the mmap write lock of mm, which is not held [vmalock-release-unheld]}}
	return 0;
}

int good_killable_in_local(struct mm_struct *mm)
{
	int ret = mmap_write_lock_killable(mm);

	if (ret)
		return ret;
	mmap_write_unlock(mm);
	return 0;
}

int good_killable_switch(struct mm_struct *mm)
{
	switch (mmap_write_lock_killable(mm)) {
	case 0:
		break;
	default:
		return -EINTR;
	}
	mmap_write_unlock(mm);
	return 0;
}

/* int, non-zero means locked */
int good_int_trylock(struct anon_vma *av)
{
	if (!anon_vma_trylock_write(av))
		return -EAGAIN;
	anon_vma_unlock_write(av);
	return 0;
}

/* pointer: non-NULL means locked */
int good_pointer(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);

	if (!vma)
		return -EAGAIN;
	vma_end_read(vma);
	return 0;
}

int bad_pointer_inverted(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr); // expected-note {{VMA read lock of vma taken here}}

	if (vma)
		return 0; // expected-warning {{bad_pointer_inverted() returns with the VMA read lock of vma held [vmalock-held-at-exit]}}
	vma_end_read(vma); // expected-warning {{vma_end_read() releases the VMA read lock of vma, which is not held [vmalock-release-unheld]}}
	return 0;
}

/* out-parameter: the lock is stored through ptlp when non-NULL */
int good_out_param(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl);

	if (!pte)
		return -EAGAIN;
	pte_unmap_unlock(pte, ptl);
	return 0;
}

int bad_out_param_leak(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
		       int x)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl); // expected-note {{page table lock ptl taken here}}

	if (!pte)
		return -EAGAIN;
	if (x)
		return -EINVAL; // expected-warning {{bad_out_param_leak() returns with the page table lock ptl held [vmalock-held-at-exit]}}
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* A lock helper that returns the try-lock's result hands the lock to its
 * caller: not a leak. */
bool good_trylock_wrapper(struct mm_struct *mm)
{
	return mmap_read_trylock(mm);
}
