// implies (facts a tested result brings), covers (a lock that counts as
// others), and checker tags (pt-install).
// RUN: %check -fplugin-arg-vmalock-spec=%S/Inputs/features.spec %s

#include "Inputs/features.h"

/* node_is_leaf() true means n->a is NULL: only tree_b applies. */
void good_implied(struct node *n)
{
	node_lock(n);
	if (node_is_leaf(n) && n->b) {
		tb_lock(n->b);
		n->val = 1;
		tb_unlock(n->b);
	}
	node_unlock(n);
}

/* ... and false means it is not: then tree_a's lock is needed. */
void bad_implied(struct node *n)
{
	node_lock(n); // expected-note {{node write lock of n taken here}}
	if (!node_is_leaf(n) && n->b) {
		tb_lock(n->b); // expected-note {{tree_b write lock of n->b taken here}}
		n->val = 1; // expected-warning {{write to n->val needs the tree_a write lock of n->a; held: node write lock of n, tree_b write lock of n->b [vmalock-field-write]}}
		tb_unlock(n->b);
	}
	node_unlock(n);
}

/* take_all() holds every node and tree_a lock. */
void good_covered(struct dev *d, struct node *n)
{
	dev_lock(d);
	if (take_all(d))
		goto out;
	n->color = 1;
	drop_all(d);
out:
	dev_unlock(d);
}

void bad_after_drop(struct dev *d, struct node *n)
{
	dev_lock(d);
	if (take_all(d))
		goto out;
	drop_all(d); // expected-note {{all-locks write lock of d released here}}
	n->color = 1; // expected-warning {{write to n->color needs the node write lock of n; held: dev write lock of d [vmalock-field-write]}}
out:
	dev_unlock(d);
}
// expected-note@-8 {{dev write lock of d taken here}}

void good_pt(struct dev *d)
{
	int *t;

	dev_lock(d);
	t = table_lock(d);
	set_entry(d, 1);
	table_unlock(t);
	dev_unlock(d);
}

void bad_pt(struct dev *d)
{
	dev_lock(d); // expected-note {{dev write lock of d taken here}}
	set_entry(d, 1); // expected-warning {{set_entry() needs a table lock; held: dev write lock of d [vmalock-pt-install]}}
	dev_unlock(d);
}
