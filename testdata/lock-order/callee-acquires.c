// A callee that returns holding two locks, taken in the right order
// (i_mmap before anon_vma), is checked for lock order against the locks
// its caller held before the call, not by applying its two acquisitions
// one after the other in whatever order its summary lists them: here the
// anon_vma lock is met first (taken and dropped before), so the summary
// lists it first.  (6.12 mm/vma.c vma_prepare() called by __split_vma(),
// commit_merge() and vma_shrink().)
// RUN: %check %s

#include "kernel.h"

static void test_take_both(struct address_space *m, struct anon_vma *av)
{
	anon_vma_lock_write(av);
	anon_vma_unlock_write(av);
	i_mmap_lock_write(m);
	anon_vma_lock_write(av);
}

void good_take_both(struct address_space *m, struct anon_vma *av)
{
	test_take_both(m, av);
	anon_vma_unlock_write(av);
	i_mmap_unlock_write(m);
}

/* Holding the anon_vma lock already, the callee's i_mmap lock is out of
 * order. */
void bad_take_under_anon(struct address_space *m, struct anon_vma *av,
			 struct anon_vma *other)
{
	anon_vma_lock_write(other); // expected-note {{anon_vma write lock of other->root taken here}}
	test_take_both(m, av); // expected-warning {{calling test_take_both() takes the i_mmap write lock of m while holding the anon_vma write lock of other->root violates the lock order (i_mmap before anon_vma) [vmalock-lock-order]}}
	anon_vma_unlock_write(av);
	i_mmap_unlock_write(m);
	anon_vma_unlock_write(other);
}
