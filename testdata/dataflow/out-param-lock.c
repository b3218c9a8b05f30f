// Lock state carried in an out-parameter: GUP's faultin_page() drops the
// caller's mmap read lock on some paths and says so by setting *locked =
// 0; madvise_populate() and the get_user_pages_remote() callers re-take or
// release the lock by testing "locked".  A function's summary relates its
// result to what it leaves in *param (here: "returns 0 and leaves *locked
// alone, or returns non-zero with *locked = 0"), so a caller's test of
// "locked" decides whether the callee released the lock.
// (6.12 mm/gup.c faultin_page(), __get_user_pages_locked();
// mm/madvise.c:961-965 madvise_populate().)
// RUN: %check %s

#include "kernel.h"

int test_cond(void);

/* Drops the caller's mmap read lock on some paths and says so in *locked. */
long test_faultin(struct mm_struct *mm, int *locked)
{
	if (test_cond()) {
		mmap_read_unlock(mm);
		*locked = 0;
		return -1;
	}
	return 0;
}

/* madvise_populate(): re-take the lock when the callee dropped it. */
void good_relock(struct mm_struct *mm)
{
	int locked = 1;

	mmap_read_lock(mm);
	test_faultin(mm, &locked);
	if (!locked)
		mmap_read_lock(mm);
	mmap_read_unlock(mm);
}

/* get_user_pages_remote() callers: unlock only if still locked. */
void good_unlock_if_locked(struct mm_struct *mm)
{
	int locked = 1;

	mmap_read_lock(mm);
	test_faultin(mm, &locked);
	if (locked)
		mmap_read_unlock(mm);
}

/* Unlocking after the callee said it dropped the lock (and leaking it
 * where it did not). */
void bad_unlock_after_drop(struct mm_struct *mm)
{
	int locked = 1;

	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	test_faultin(mm, &locked); // expected-note {{mmap read lock of mm released here}}
	if (!locked)
		mmap_read_unlock(mm); // expected-warning {{mmap_read_unlock() releases the mmap read lock of mm, which is not held [vmalock-release-unheld]}}
} // expected-warning {{bad_unlock_after_drop() returns with the mmap read lock of mm held [vmalock-held-at-exit]}}

/* Returning with the lock the callee did not drop. */
void bad_leak_if_locked(struct mm_struct *mm)
{
	int locked = 1;

	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	test_faultin(mm, &locked);
	if (!locked)
		return;
} // expected-warning {{bad_leak_if_locked() returns with the mmap read lock of mm held [vmalock-held-at-exit]}}
