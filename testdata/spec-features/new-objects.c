// A new object nobody else sees is written without locks until it is
// published (stored where others can find it, or handed to a function
// the spec says publishes it).
// RUN: %check -fplugin-arg-vmalock-spec=%S/Inputs/features.spec %s

#include "Inputs/features.h"

struct holder { struct node *n; };
extern struct holder global_holder;

void good_init_before_insert(struct dev *d)
{
	struct node *n = node_alloc(d);

	if (!n)
		return;
	n->color = 1;
	node_init(n);
	use(n);			/* other calls do not publish */
	n->color = 2;
	node_insert(d, n);
}

void bad_write_after_insert(struct dev *d)
{
	struct node *n = node_alloc(d);

	node_insert(d, n);
	n->color = 1; // expected-warning {{write to n->color needs the node write lock of n; held: nothing [vmalock-field-write]}}
}

void bad_init_after_insert(struct dev *d)
{
	struct node *n = node_alloc(d);

	node_insert(d, n);
	node_init(n); // expected-warning {{node_init() needs the node write lock of n; held: nothing [vmalock-call-requires]}}
}

void bad_write_after_store(struct dev *d)
{
	struct node *n = node_alloc(d);

	global_holder.n = n;
	n->color = 1; // expected-warning {{write to n->color needs the node write lock of n; held: nothing [vmalock-field-write]}}
}

void good_store_in_local(struct dev *d)
{
	struct holder h;
	struct node *n = node_alloc(d);

	h.n = n;
	n->color = 1;
	node_insert(d, h.n);
}

/* New on one path only: the rules apply after the join. */
void bad_maybe_new(struct dev *d, struct node *old, int x)
{
	struct node *n = x ? old : node_alloc(d);

	n->color = 1; // expected-warning {{write to n->color needs the node write lock of n; held: nothing [vmalock-field-write]}}
}
