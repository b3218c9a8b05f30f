// Lock classes at a path from their object, results that are known lock
// addresses, and releases that depend on the result and an argument.
// RUN: %check -fplugin-arg-vmalock-spec=%S/Inputs/features.spec %s

#include "Inputs/features.h"

#define RETRY 0x400
#define BY_NODE 0x10

/* The raw primitive on n->lk->sem is the inner lock of n. */
void good_raw_then_wrapper(struct node *n)
{
	raw_down(&n->lk->sem);
	inner_unlock(n);
}

void bad_raw_twice(struct node *n)
{
	inner_lock(n); // expected-note {{inner write lock of n taken here}}
	raw_down(&n->lk->sem); // expected-warning {{raw_down() acquires the inner write lock of n, which is already held [vmalock-double-acquire]}}
	raw_up(&n->lk->sem);
	inner_unlock(n);
}

/* dev_sem() returns &d->sem: locking it is the dev lock of d. */
void good_returned_address(struct dev *d)
{
	raw_down(dev_sem(d));
	dev_unlock(d);
}

/* work() drops the node lock when it returns RETRY and BY_NODE is set. */
void good_callee_released(struct node *n, unsigned int flags)
{
	unsigned int ret;

	node_lock(n);
	ret = work(n, flags | BY_NODE);
	if (!(ret & RETRY))
		node_unlock(n);
}

void bad_unlock_after_retry(struct node *n)
{
	unsigned int ret;

	node_lock(n); // expected-note {{node write lock of n taken here}}
	ret = work(n, BY_NODE); // expected-note {{node write lock of n released here}}
	if (ret & RETRY)
		node_unlock(n); // expected-warning {{node_unlock() releases the node write lock of n, which is not held [vmalock-release-unheld]}}
} // expected-warning {{bad_unlock_after_retry() returns with the node write lock of n held [vmalock-held-at-exit]}}

/* Without BY_NODE the dev lock is the one released. */
void good_other_lock(struct node *n, unsigned int flags)
{
	unsigned int ret;

	flags &= ~BY_NODE;
	dev_lock(n->owner);
	ret = work(n, flags);
	if (!(ret & RETRY))
		dev_unlock(n->owner);
}
