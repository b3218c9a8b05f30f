// mm/vma.c vms_complete_munmap_vmas(): "if (vms->unlock)
// mmap_write_downgrade(mm); ... vms_clear_ptes(vms, mas_detach,
// !vms->unlock); ... if (vms->unlock) mmap_read_unlock(mm);".  The
// callers' write lock, downgraded, is held for read until the read unlock
// on the same path; the helper's requirement under "!vms->unlock" keeps
// that condition for the callers.  Before, the downgrade left no trace in
// the lock state, the paths merged, and the read unlock was taken for one
// of a lock held for write.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

struct munmap_state {
	bool unlock;
	int nr_pages;
};

static void clear_ptes(struct mm_struct *mm, bool mm_wr_locked)
{
	if (mm_wr_locked)
		mmap_assert_write_locked(mm); // expected-note {{clear_ptes() asserts it here}}
}

static void complete(struct munmap_state *vms, struct mm_struct *mm)
{
	if (vms->unlock)
		mmap_write_downgrade(mm);
	clear_ptes(mm, !vms->unlock); // expected-note {{complete() calls clear_ptes() here}}
	if (vms->unlock)
		mmap_read_unlock(mm);
}

void good_unlock_or_not(struct mm_struct *mm, bool unlock)
{
	struct munmap_state vms = { .unlock = unlock };

	mmap_write_lock(mm);
	complete(&vms, mm);
	if (!unlock)
		mmap_write_unlock(mm);
}

/* Keeping the lock: the write lock is still held after. */
void good_keep(struct mm_struct *mm)
{
	struct munmap_state vms = { .unlock = false };

	mmap_write_lock(mm);
	complete(&vms, mm);
	mmap_write_unlock(mm);
}

/* Without "unlock", clear_ptes() needs the write lock. */
void bad_read_locked(struct mm_struct *mm)
{
	struct munmap_state vms = { .unlock = false };

	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	complete(&vms, mm); // expected-warning {{complete() needs the mmap write lock of mm; held: mmap read lock of mm [vmalock-call-requires]}}
	mmap_read_unlock(mm);
}

/* The condition passed as "!vms->unlock" stays one on vms->unlock. */
static void clear_only(struct munmap_state *vms, struct mm_struct *mm)
{
	clear_ptes(mm, !vms->unlock);
}

void good_read_locked_unlock_set(struct mm_struct *mm)
{
	struct munmap_state vms = { .unlock = true };

	mmap_read_lock(mm);
	clear_only(&vms, mm);
	mmap_read_unlock(mm);
}
