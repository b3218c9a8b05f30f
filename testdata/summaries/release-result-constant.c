// A helper that drops its callers' lock exactly where it returns
// something other than one constant says so in its summary ("releases
// ... when return != SCAN_SUCCEED"), and its callers' test of the result
// decides whether they still hold it.
// mm/khugepaged.c: __collapse_huge_page_swapin() "will return with
// mmap_lock released when it fails", SCAN_SUCCEED being 1;
// collapse_huge_page() goes to out_nolock then, else unlocks.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

enum scan_result { SCAN_FAIL, SCAN_SUCCEED, SCAN_PMD_NULL, SCAN_PAGE_LOCK };

int swap_one(struct mm_struct *mm, unsigned long addr);

static int swapin(struct mm_struct *mm, unsigned long addr, int n)
{
	int i, ret;

	for (i = 0; i < n; i++) {
		ret = swap_one(mm, addr);
		if (ret < 0) {
			mmap_read_unlock(mm);
			return SCAN_PMD_NULL;
		}
		if (ret > 0) {
			mmap_read_unlock(mm);
			return SCAN_FAIL;
		}
	}
	return SCAN_SUCCEED;
}

int good_collapse(struct mm_struct *mm, unsigned long addr)
{
	int result;

	mmap_read_lock(mm);
	result = swapin(mm, addr, 8);
	if (result != SCAN_SUCCEED)
		goto out_nolock;
	mmap_read_unlock(mm);
out_nolock:
	return result;
}

/* Only SCAN_FAIL is tested: SCAN_PMD_NULL came without the lock too. */
int bad_collapse(struct mm_struct *mm, unsigned long addr)
{
	int result;

	mmap_read_lock(mm);
	result = swapin(mm, addr, 8);
	if (result == SCAN_FAIL)
		goto out_nolock;
	mmap_read_unlock(mm); // expected-warning {{mmap_read_unlock() releases the mmap read lock of mm, which an earlier call may have released (this path does not show whether it did) [vmalock-release-unheld]}}
out_nolock:
	return result;
}
