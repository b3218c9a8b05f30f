// Locks a callee takes and drops are checked at the call against what
// the caller holds: lock order, the forbidden mmap-under-VMA-read nesting
// and taking a lock the caller already holds.  A callee that takes a lock
// only when an argument says so (the *locked idiom of GUP) is checked only
// where the argument allows it.
// process_addrs.rst, "Lock ordering" (mm/rmap.c: mmap_lock before
// i_mmap_rwsem) and "VMA locks" (taking the mmap lock under a VMA read
// lock can deadlock).
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

static void touch_mm(struct mm_struct *mm)
{
	mmap_read_lock(mm); // expected-note 3 {{touch_mm() takes it here}}
	mmap_read_unlock(mm);
}

static void outer_helper(struct mm_struct *mm)
{
	touch_mm(mm);
}

void good_plain(struct mm_struct *mm)
{
	outer_helper(mm);
}

void bad_order(struct mm_struct *mm, struct address_space *mapping)
{
	i_mmap_lock_write(mapping); // expected-note {{i_mmap write lock of mapping taken here}}
	outer_helper(mm); // expected-warning {{calling outer_helper() takes the mmap read lock of mm while holding the i_mmap write lock of mapping violates the lock order (mmap before i_mmap) [vmalock-lock-order]}}
	i_mmap_unlock_write(mapping);
}

void bad_under_vma_read(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr); // expected-note {{VMA read lock of vma taken here}}

	if (!vma)
		return;
	touch_mm(mm); // expected-warning {{calling touch_mm() takes the mmap read lock of mm while holding the VMA read lock of vma can deadlock}}
	vma_end_read(vma);
}

void bad_twice(struct mm_struct *mm)
{
	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	touch_mm(mm); // expected-warning {{touch_mm() acquires the mmap read lock of mm, which is already held for write [vmalock-double-acquire]}}
	mmap_write_unlock(mm);
}

/* Takes the lock only if the caller does not hold it, and returns
 * holding it (the caller releases it if locked says so). */
static int get_pages(struct mm_struct *mm, int *locked)
{
	if (!*locked) {
		mmap_read_lock(mm); // expected-note {{get_pages() takes it here}}
		*locked = 1;
	}
	return 0;
}

void good_not_locked(struct mm_struct *mm)
{
	int locked = 0;

	get_pages(mm, &locked);
	if (locked)
		mmap_read_unlock(mm);
}

void good_locked(struct mm_struct *mm)
{
	int locked = 1;

	mmap_read_lock(mm);
	get_pages(mm, &locked);
	mmap_read_unlock(mm);
}

void bad_not_locked(struct mm_struct *mm)
{
	int locked = 0;

	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	get_pages(mm, &locked); // expected-warning {{get_pages() acquires the mmap read lock of mm, which is already held [vmalock-double-acquire]}}
	mmap_read_unlock(mm);
}
