// A helper that drops its callers' lock on the paths where it leaves
// *locked zero, and does not touch the lock at all on the others: its
// summary still says "releases ... when *locked == 0".  The paths meet
// before the return, and the one that released the callers' lock and the
// one that never needed it are not the same lock state for the callers.
// mm/khugepaged.c: hpage_collapse_scan_pmd() returns early (goto out)
// before it needs the mmap lock, and only its collapse path drops it
// (collapse_huge_page(), then "*mmap_locked = false").
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

int alloc_slowly(void);
bool worth_collapsing(unsigned long addr);

static void collapse(struct mm_struct *mm)
{
	mmap_read_unlock(mm);
	alloc_slowly();
}

static int scan(struct mm_struct *mm, unsigned long addr, bool *locked)
{
	if (worth_collapsing(addr)) {
		collapse(mm);
		*locked = false;
	}
	return 0;
}

void good_scan_once(struct mm_struct *mm, unsigned long addr)
{
	bool locked = true;

	mmap_read_lock(mm);
	scan(mm, addr, &locked);
	if (locked)
		mmap_read_unlock(mm);
}

void bad_unlock_regardless(struct mm_struct *mm, unsigned long addr)
{
	bool locked = true;

	mmap_read_lock(mm);
	scan(mm, addr, &locked);
	mmap_read_unlock(mm); // expected-warning {{mmap_read_unlock() releases the mmap read lock of mm, which an earlier call may have released (this path does not show whether it did) [vmalock-release-unheld]}}
}
