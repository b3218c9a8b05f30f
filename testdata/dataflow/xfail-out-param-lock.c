// XFAIL: *
// Lock state carried in an out-parameter (docs/known-false-positives.md,
// category D): GUP's faultin_page() drops the caller's mmap read lock on
// some paths and says so by setting *locked = 0; madvise_populate() and
// the get_user_pages_remote() callers re-take or release the lock by
// testing "locked".  The summary ties the release to the callee's result
// only, so the callers' tests of "locked" decide nothing and both good
// functions below are reported.  Relating the result (or the lock) to
// *locked in summaries would make this test pass.
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
