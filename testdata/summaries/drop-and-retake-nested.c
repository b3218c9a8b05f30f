// A helper that drops its callers' mmap read lock and takes it again
// does not take it a second time, also when it is called through
// another helper (mm/khugepaged.c: collapse_huge_page() drops the mmap
// read lock for the allocation and takes it again; khugepaged_scan_mm_slot()
// and madvise_collapse() reach it through hpage_collapse_scan_pmd()).
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

int alloc_slowly(void);

static int collapse(struct mm_struct *mm)
{
	int err;

	mmap_read_unlock(mm);
	err = alloc_slowly();
	mmap_read_lock(mm);
	return err;
}

static int scan(struct mm_struct *mm)
{
	return collapse(mm);
}

void good_scan_under_lock(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	scan(mm);
	mmap_read_unlock(mm);
}

static int take_again(struct mm_struct *mm)
{
	int err;

	mmap_read_lock(mm); // expected-note {{take_again() takes it here}}
	err = alloc_slowly();
	mmap_read_unlock(mm);
	return err;
}

static int scan_take_again(struct mm_struct *mm)
{
	return take_again(mm);
}

void bad_scan_takes_again(struct mm_struct *mm)
{
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	scan_take_again(mm); // expected-warning {{scan_take_again() acquires the mmap read lock of mm, which is already held [vmalock-double-acquire]}}
	mmap_read_unlock(mm);
}
