// A pointer the path shows is &init_mm names init_mm's own lock: taking
// mm's mmap lock when mm == &init_mm takes init_mm's, which a walk of
// kernel page tables asserts.
// mm/ptdump.c ptdump_walk_pgd(): "mmap_write_lock(mm); if (mm !=
// &init_mm) mmap_write_lock_nested(&init_mm, SINGLE_DEPTH_NESTING);",
// then walk_page_range_debug() asserts both (mm/pagewalk.c).
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

static void walk_debug(struct mm_struct *mm)
{
	mmap_assert_write_locked(mm);
	mmap_assert_write_locked(&init_mm); // expected-note {{walk_debug() asserts it here}}
}

void good_walk_pgd(struct mm_struct *mm)
{
	mmap_write_lock(mm);
	if (mm != &init_mm)
		mmap_write_lock_nested(&init_mm, 1);
	walk_debug(mm);
	if (mm != &init_mm)
		mmap_write_unlock(&init_mm);
	mmap_write_unlock(mm);
}

void bad_walk_without_init_mm(struct mm_struct *mm)
{
	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	walk_debug(mm); // expected-warning {{walk_debug() needs the init_mm mmap write lock; held: mmap write lock of mm [vmalock-call-requires]}}
	mmap_write_unlock(mm);
}
