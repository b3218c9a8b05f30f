// A function that returns holding a lock is a lock helper, not a leak:
// its summary says it acquires the lock (here: when its result is not
// NULL, as lock_mm_and_find_vma() does).  Callers that release it are
// fine; one that does not is reported where the lock reaches its end,
// with a note at the helper's acquisition.
// process_addrs.rst, "Lock usage": "mmap_read_lock() ... held ... while
// the VMA is used".
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

static struct vm_area_struct *lock_and_find(struct mm_struct *mm,
					    unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm); // expected-note {{taken in lock_and_find() here}}
	vma = find_vma(mm, addr);
	if (!vma)
		mmap_read_unlock(mm);
	return vma;
}

int good_user(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_and_find(mm, addr);

	if (!vma)
		return -1;
	mmap_read_unlock(mm);
	return 0;
}

int bad_user_leak(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_and_find(mm, addr); // expected-note {{mmap read lock of mm returned held by this call}}

	if (!vma)
		return -1;
	return 0; // expected-warning {{bad_user_leak() returns with the mmap read lock of mm held [vmalock-held-at-exit]}}
}

/* The helper's result says whether the lock is held: unlocking on the
 * NULL path releases a lock that is not held. */
void bad_user_unlock_null(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_and_find(mm, addr);

	if (!vma) {
		mmap_read_unlock(mm); // expected-warning {{mmap_read_unlock() releases the mmap read lock of mm, which is not held [vmalock-release-unheld]}}
		return;
	}
	mmap_read_unlock(mm);
}

/* A helper returning 0 with the lock held, like mmap_write_lock_killable(). */
static int lock_for_write(struct mm_struct *mm)
{
	if (mmap_write_lock_killable(mm))
		return -EINTR;
	return 0;
}

int good_write_user(struct mm_struct *mm)
{
	if (lock_for_write(mm))
		return -EINTR;
	mmap_write_unlock(mm);
	return 0;
}

int bad_write_user(struct mm_struct *mm)
{
	lock_for_write(mm);
	mmap_write_unlock(mm); // expected-warning {{mmap_write_unlock() releases the mmap write lock of mm, which may not be held (this path does not show whether it was taken) [vmalock-release-unheld]}}
	return 0;
}
