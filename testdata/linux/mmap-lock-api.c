// The 6.12 mmap lock API: plain, _killable (0 means locked), trylock
// (true means locked), _nested, _non_owner, the raw rwsem primitives on
// mm->mmap_lock, and the helpers that return with it held or dropped:
// lock_mm_and_find_vma() and expand_stack() (non-NULL: mmap read held;
// NULL: no mmap lock held).
// process_addrs.rst, "Terminology": "Each MM has a read/write semaphore
// mmap_lock which locks at a process address space granularity which can be
// acquired via mmap_read_lock, mmap_write_lock and variants."; "Lock
// usage": "Obtain an mmap read lock ... via mmap_read_lock (or a suitable
// variant), unlocking it with a matching mmap_read_unlock".
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

/* _killable: 0 means locked. */
int good_read_killable(struct mm_struct *mm, unsigned long addr)
{
	if (mmap_read_lock_killable(mm))
		return -EINTR;
	find_vma(mm, addr);
	mmap_read_unlock(mm);
	return 0;
}

int bad_read_killable_failed(struct mm_struct *mm, unsigned long addr)
{
	if (mmap_read_lock_killable(mm)) {
		find_vma(mm, addr); // expected-warning {{find_vma() needs the mmap read lock of mm; held: nothing [vmalock-call-requires]}}
		return -EINTR;
	}
	mmap_read_unlock(mm);
	return 0;
}

int good_write_killable(struct vm_area_struct *vma)
{
	if (mmap_write_lock_killable(vma->vm_mm))
		return -EINTR;
	vma_start_write(vma);
	mmap_write_unlock(vma->vm_mm);
	return 0;
}

int bad_write_killable_leak(struct mm_struct *mm)
{
	int err = mmap_write_lock_killable(mm); // expected-note {{mmap write lock of mm taken here}}

	if (err)
		return err;
	return 0; // expected-warning {{bad_write_killable_leak() returns with the mmap write lock of mm held [vmalock-held-at-exit]}}
}

/* trylock: true means locked. */
int good_read_trylock(struct mm_struct *mm, unsigned long addr)
{
	if (!mmap_read_trylock(mm))
		return -EAGAIN;
	find_vma(mm, addr);
	mmap_read_unlock(mm);
	return 0;
}

int bad_read_trylock_failed(struct mm_struct *mm, unsigned long addr)
{
	if (!mmap_read_trylock(mm)) {
		find_vma(mm, addr); // expected-warning {{find_vma() needs the mmap read lock of mm; held: nothing [vmalock-call-requires]}}
		return -EAGAIN;
	}
	mmap_read_unlock(mm);
	return 0;
}

/* _nested and _non_owner. */
void good_write_nested(struct vm_area_struct *vma)
{
	mmap_write_lock_nested(vma->vm_mm, 1);
	vma_start_write(vma);
	mmap_write_unlock(vma->vm_mm);
}

void bad_write_nested_leak(struct mm_struct *mm)
{
	mmap_write_lock_nested(mm, 1); // expected-note {{mmap write lock of mm taken here}}
} // expected-warning {{bad_write_nested_leak() returns with the mmap write lock of mm held [vmalock-held-at-exit]}}

void good_unlock_non_owner(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	mmap_read_unlock_non_owner(mm);
}

void bad_unlock_non_owner_twice(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	mmap_read_unlock(mm); // expected-note {{mmap read lock of mm released here}}
	mmap_read_unlock_non_owner(mm); // expected-warning {{mmap_read_unlock_non_owner() releases the mmap read lock of mm, which is not held [vmalock-release-unheld]}}
}

/* The raw rwsem primitives on mm->mmap_lock are the mmap lock. */
void good_raw_write(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	down_write(&mm->mmap_lock);
	vma_start_write(vma);
	downgrade_write(&mm->mmap_lock);
	find_vma(mm, 0);
	up_read(&mm->mmap_lock);
}

void bad_raw_read_then_vma_write(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	down_read(&mm->mmap_lock); // expected-note {{mmap read lock of mm taken here}}
	vma_start_write(vma); // expected-warning {{vma_start_write() needs the mmap write lock of mm; held: mmap read lock of mm [vmalock-lock-prereq]}}
	up_read(&mm->mmap_lock);
}

void bad_raw_downgrade_then_vma_write(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	down_write(&mm->mmap_lock); // expected-note {{mmap write lock of mm taken here}}
	downgrade_write(&mm->mmap_lock);
	vma_start_write(vma); // expected-warning {{vma_start_write() needs the mmap write lock of mm; held: mmap read lock of mm [vmalock-lock-prereq]}}
	up_read(&mm->mmap_lock);
}

void bad_raw_up_write_of_read(struct mm_struct *mm)
{
	down_read(&mm->mmap_lock); // expected-note {{mmap read lock of mm taken here}}
	up_write(&mm->mmap_lock); // expected-warning {{up_write() releases the mmap write lock of mm, which is held for read [vmalock-release-unheld]}}
}

int good_raw_killable_and_trylock(struct mm_struct *mm)
{
	if (down_write_killable(&mm->mmap_lock))
		return -EINTR;
	up_write(&mm->mmap_lock);
	if (down_read_killable(&mm->mmap_lock))
		return -EINTR;
	up_read(&mm->mmap_lock);
	if (!down_read_trylock(&mm->mmap_lock))
		return -EAGAIN;
	up_read(&mm->mmap_lock);
	return 0;
}

int bad_raw_trylock_failed(struct mm_struct *mm)
{
	if (!down_write_trylock(&mm->mmap_lock)) {
		up_write(&mm->mmap_lock); // expected-warning {{up_write() releases the mmap write lock of mm, which is not held [vmalock-release-unheld]}}
		return -EAGAIN;
	}
	up_write(&mm->mmap_lock);
	return 0;
}

/* lock_mm_and_find_vma(): non-NULL means the mmap read lock is held. */
int good_lock_mm_and_find_vma(struct mm_struct *mm, unsigned long addr,
			      struct pt_regs *regs)
{
	struct vm_area_struct *vma = lock_mm_and_find_vma(mm, addr, regs);

	if (!vma)
		return -EFAULT;
	find_vma(mm, addr + 4096);
	mmap_read_unlock(mm);
	return 0;
}

int bad_lock_mm_and_find_vma_null(struct mm_struct *mm, unsigned long addr,
				  struct pt_regs *regs)
{
	struct vm_area_struct *vma = lock_mm_and_find_vma(mm, addr, regs);

	if (!vma) {
		mmap_read_unlock(mm); // expected-warning {{mmap_read_unlock() releases the mmap read lock of mm, which is not held [vmalock-release-unheld]}}
		return -EFAULT;
	}
	mmap_read_unlock(mm);
	return 0;
}

/* expand_stack(): needs the mmap read lock, drops it, and returns with it
 * held again only on success. */
int good_expand_stack(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = expand_stack(mm, addr);
	if (!vma)
		return -EFAULT;
	mmap_read_unlock(mm);
	return 0;
}

int bad_expand_stack_unlock_on_failure(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = expand_stack(mm, addr); // expected-note {{mmap read lock of mm released here}}
	if (!vma) {
		mmap_read_unlock(mm); // expected-warning {{mmap_read_unlock() releases the mmap read lock of mm, which is not held [vmalock-release-unheld]}}
		return -EFAULT;
	}
	mmap_read_unlock(mm);
	return 0;
}

/* Reported once: the requirement (then taken as held, so the release of
 * what is not held is not a second finding). */
struct vm_area_struct *bad_expand_stack_unlocked(struct mm_struct *mm,
						 unsigned long addr)
{
	return expand_stack(mm, addr); // expected-warning {{expand_stack() needs the mmap read lock of mm; held: nothing [vmalock-lock-prereq]}}
}
