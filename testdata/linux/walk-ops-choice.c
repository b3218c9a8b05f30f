// The walk's ops table chosen by ?: on a flag: the paths with one table
// and with the other are kept apart where they meet, so each keeps what
// its table's walk_lock needs, under its side of the flag's test, and a
// caller passing a constant flag needs only the lock of its table.
// mm/mempolicy.c queue_pages_range(): "ops = (flags & MPOL_MF_WRLOCK) ?
// &queue_pages_lock_vma_walk_ops : &queue_pages_walk_ops; err =
// walk_page_range(mm, start, end, ops, &qp);", reached from
// migrate_to_node() under the mmap read lock without MPOL_MF_WRLOCK.
// RUN: %check %s

#include "kernel.h"

#define WRLOCK 0x40

static void walk_range(struct mm_struct *mm, const struct mm_walk_ops *ops)
{
	if (ops->walk_lock == PGWALK_RDLOCK)
		mmap_assert_locked(mm);
	else
		mmap_assert_write_locked(mm); // expected-note 2 {{walk_range() asserts it here}}
}

static const struct mm_walk_ops read_walk_ops = {
	.walk_lock = PGWALK_RDLOCK,
};
static const struct mm_walk_ops write_walk_ops = {
	.walk_lock = PGWALK_WRLOCK,
};

static void queue_range(struct mm_struct *mm, unsigned long flags)
{
	const struct mm_walk_ops *ops = (flags & WRLOCK) ? &write_walk_ops :
							    &read_walk_ops;

	walk_range(mm, ops); // expected-note 2 {{queue_range() calls walk_range() here}}
}

void good_read(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	queue_range(mm, 0x2);
	mmap_read_unlock(mm);
}

void good_write(struct mm_struct *mm)
{
	mmap_write_lock(mm);
	queue_range(mm, WRLOCK);
	mmap_write_unlock(mm);
}

void bad_write_flag_read_lock(struct mm_struct *mm)
{
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	queue_range(mm, WRLOCK | 0x2); // expected-warning {{queue_range() needs the mmap write lock of mm; held: mmap read lock of mm [vmalock-call-requires]}}
	mmap_read_unlock(mm);
}

/* Takes the mmap read lock itself and passes its flags on: a caller that
 * may pass WRLOCK is the one reported (mm/mempolicy.c migrate_to_node()
 * under do_migrate_pages(), which passes MPOL_MF_MOVE or
 * MPOL_MF_MOVE_ALL). */
static void migrate_one(struct mm_struct *mm, unsigned long flags)
{
	mmap_read_lock(mm);
	queue_range(mm, flags | 0x10); // expected-note {{migrate_one() calls queue_range() here}}
	mmap_read_unlock(mm);
}

void good_migrate(struct mm_struct *mm, int all)
{
	migrate_one(mm, all ? 0x4 : 0x2);
}

void bad_migrate_wrlock(struct mm_struct *mm)
{
	migrate_one(mm, WRLOCK); // expected-warning {{migrate_one() needs the mmap write lock of mm; held: nothing [vmalock-call-requires]}}
}
