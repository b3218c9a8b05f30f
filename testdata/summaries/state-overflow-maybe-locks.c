// Where more lock states meet than the analysis keeps apart, a state
// joins one that holds the same locks on all its paths and released the
// same callers' locks, the locks held on some paths only becoming "maybe"
// there; only when there is none are all merged into one.  Merging all
// made the callers' lock "maybe released" on every path, and the helper's
// summary lost the result that tells its callers whether it dropped it
// (mm/khugepaged.c: __collapse_huge_page_swapin(), whose loop around
// do_swap_page() leaves many page-table locks held on some paths, drops
// the mmap lock exactly where it fails; collapse_huge_page() unlocks it
// on success).
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"
#include "many-lock-states.h"

/* Returns -1 without the callers' mmap lock, 0 with it. */
static int swapin(struct mm_struct *mm, int a, int fail)
{
	int ret = 0;

	many_lock_states_take(a);
	if (fail) {
		mmap_read_unlock(mm);
		ret = -1;
	}
	many_lock_states_drop(a);
	return ret;
}

void good_collapse(struct mm_struct *mm, int a, int fail)
{
	mmap_read_lock(mm);
	if (swapin(mm, a, fail))
		return;
	mmap_read_unlock(mm);
}

void bad_collapse(struct mm_struct *mm, int a, int fail)
{
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	if (!swapin(mm, a, fail)) // expected-note {{mmap read lock of mm released here}}
		return; // expected-warning {{bad_collapse() returns with the mmap read lock of mm held}}
	mmap_read_unlock(mm); // expected-warning {{mmap_read_unlock() releases the mmap read lock of mm, which is not held}}
}
