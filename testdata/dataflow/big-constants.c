// Integer constants above INT64_MAX (~0UL, a high flag bit) are kept as
// 64-bit patterns: branch facts on them work, and lowering them does not
// trip the APSInt range assertion of an assertion-enabled build.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

void good_all_ones(struct mm_struct *mm, unsigned long v)
{
	if (v == ~0UL)
		mmap_read_lock(mm);
	if (v == ~0UL)
		mmap_read_unlock(mm);
}

void good_high_bit(struct mm_struct *mm, unsigned long flags)
{
	if (flags & (1UL << 63))
		mmap_read_lock(mm);
	if (flags & 0x8000000000000000UL)
		mmap_read_unlock(mm);
}

void bad_high_bit_other(struct mm_struct *mm, unsigned long flags)
{
	if (flags & (1UL << 63))
		mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	if (flags & (1UL << 62))
		mmap_read_unlock(mm); // expected-warning {{mmap_read_unlock() releases the mmap read lock of mm, which is not held (on some paths) [vmalock-release-unheld]}}
} // expected-warning {{bad_high_bit_other() returns with the mmap read lock of mm held [vmalock-held-at-exit]}}
