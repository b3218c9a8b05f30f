// A helper that drops its callers' lock on exactly the paths where it
// leaves *locked zero says so in its summary ("releases ... when *locked
// == 0"), and its callers' test of their variable decides whether they
// still hold it (mm/khugepaged.c: hpage_collapse_scan_pmd() sets
// *mmap_locked = false after collapse_huge_page() dropped the mmap read
// lock; khugepaged_scan_mm_slot() tests it).  Like it, the helper needs
// the lock on every path (find_vma()).
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

int alloc_slowly(void);
bool worth_collapsing(struct mm_struct *mm, unsigned long addr);
void scan_one(struct mm_struct *mm, unsigned long addr);

static void collapse(struct mm_struct *mm)
{
	mmap_read_unlock(mm);
	alloc_slowly();
}

static int scan(struct mm_struct *mm, unsigned long addr, bool *locked)
{
	if (!find_vma(mm, addr))
		return -1;
	if (worth_collapsing(mm, addr)) {
		collapse(mm);
		*locked = false;
	}
	return 0;
}

void good_scan_all(struct mm_struct *mm, unsigned long n)
{
	bool locked = true;
	unsigned long addr;

	mmap_read_lock(mm);
	for (addr = 0; addr < n; addr++) {
		if (!locked) {
			mmap_read_lock(mm);
			locked = true;
		}
		scan(mm, addr, &locked);
		if (!locked)
			continue;
		scan_one(mm, addr);
	}
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
