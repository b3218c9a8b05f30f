// each(guard: lock, ...): the locks whose guard the path shows non-NULL
// are all needed; if the path shows none, any one will do, or every
// possible one in strict mode.
// RUN: %check -fplugin-arg-vmalock-spec=%S/Inputs/features.spec %s
// RUN: %check -fplugin-arg-vmalock-spec=%S/Inputs/features.spec -fplugin-arg-vmalock-strict -DSTRICT %s

#include "Inputs/features.h"

void good_both_known(struct node *n)
{
	node_lock(n);
	if (n->a && n->b) {
		ta_lock(n->a);
		tb_lock(n->b);
		n->val = 1;
		tb_unlock(n->b);
		ta_unlock(n->a);
	}
	node_unlock(n);
}

void bad_one_of_two_known(struct node *n)
{
	node_lock(n); // expected-note {{node write lock of n taken here}}
	if (n->a && n->b) {
		ta_lock(n->a); // expected-note {{tree_a write lock of n->a taken here}}
		n->val = 1; // expected-warning {{write to n->val needs the tree_b write lock of n->b; held: node write lock of n, tree_a write lock of n->a [vmalock-field-write]}}
		ta_unlock(n->a);
	}
	node_unlock(n);
}

void good_only_a(struct node *n)
{
	node_lock(n);
	if (n->a && !n->b) {
		ta_lock(n->a);
		n->val = 1;
		ta_unlock(n->a);
	}
	node_unlock(n);
}

/* Nothing known: one lock is enough by default, strict mode wants both. */
void unknown_trees(struct node *n)
{
#ifdef STRICT
	node_lock(n); // expected-note {{node write lock of n taken here}}
	ta_lock(n->a); // expected-note {{tree_a write lock of n->a taken here}}
#else
	node_lock(n);
	ta_lock(n->a);
#endif
#ifdef STRICT
	n->val = 1; // expected-warning {{write to n->val needs the tree_b write lock of n->b; held: node write lock of n, tree_a write lock of n->a [vmalock-field-write]}}
#else
	n->val = 1;
#endif
	ta_unlock(n->a);
	node_unlock(n);
}

void bad_none(struct node *n)
{
	node_lock(n); // expected-note {{node write lock of n taken here}}
#ifdef STRICT
	n->val = 1; // expected-warning {{write to n->val needs the tree_a write lock of n->a and the tree_b write lock of n->b; held: node write lock of n [vmalock-field-write]}}
#else
	n->val = 1; // expected-warning {{write to n->val needs either the tree_a write lock of n->a or the tree_b write lock of n->b; held: node write lock of n [vmalock-field-write]}}
#endif
	node_unlock(n);
}
