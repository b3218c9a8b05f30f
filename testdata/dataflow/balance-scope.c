// Balance (double-acquire, release-unheld, held-at-exit) is checked for
// the spec's mm lock classes only: locks of no known class, and classes
// the spec keeps for the lock order only (folio, i_pages, RCU ...), are
// outside the rules.  Their order is still checked.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

struct folio;
struct widget {
	spinlock_t lock;
};
void folio_lock(struct folio *folio);
void folio_unlock(struct folio *folio);
void rcu_read_lock(void);
void rcu_read_unlock(void);

void good_unknown_lock_helper(struct widget *w)
{
	spin_lock(&w->lock);
}

void good_unknown_unlock_helper(struct widget *w)
{
	spin_unlock(&w->lock);
}

void good_folio_helper(struct folio *folio)
{
	folio_lock(folio);
}

void good_rcu_helper(void)
{
	rcu_read_unlock();
}

/* ... but the order of the folio lock is checked. */
void bad_order(struct mm_struct *mm, struct folio *folio)
{
	folio_lock(folio); // expected-note {{folio write lock of folio taken here}}
	mmap_read_lock(mm); // expected-warning {{taking the mmap read lock of mm while holding the folio write lock of folio violates the lock order (mmap before folio_lock) [vmalock-lock-order]}}
	mmap_read_unlock(mm);
	folio_unlock(folio);
}

/* mm locks stay balance-checked. */
void bad_mm_helper(struct mm_struct *mm)
{
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
} // expected-warning {{bad_mm_helper() returns with the mmap read lock of mm held [vmalock-held-at-exit]}}
