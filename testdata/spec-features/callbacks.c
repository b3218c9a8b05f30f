// What is held when a function stored in an operations table is called.
// RUN: %check -fplugin-arg-vmalock-spec=%S/Inputs/features.spec %s

#include "Inputs/features.h"

struct ops {
	void (*run)(struct node *n);
};
enum walk_mode { WALK_PLAIN, WALK_LOCKED };
struct walk_ops {
	void (*entry)(struct node *n);
	enum walk_mode mode;
};

/* Called with the node write lock or the dev lock of its owner: writing
 * color needs the node lock, which the second caller does not hold. */
static void run_fn(struct node *n) // expected-note {{dev write lock of n->owner held by the caller of run_fn()}}
{
	n->color = 1; // expected-warning {{write to n->color needs the node write lock of n on some paths; held: nothing; on some paths also: node write lock of n, dev write lock of n->owner [vmalock-field-write]}}
}

const struct ops my_ops = { .run = run_fn };

static void locked_entry(struct node *n)
{
	n->color = 1;
}

static void plain_entry(struct node *n)
{
	n->color = 1; // expected-warning {{write to n->color needs the node write lock of n; held: nothing [vmalock-field-write]}}
}

const struct walk_ops locked_walk = { .entry = locked_entry, .mode = WALK_LOCKED };
const struct walk_ops plain_walk = { .entry = plain_entry, .mode = WALK_PLAIN };

/* A callback's entry lock is its caller's: not held at exit. */
static void release_entry(struct node *n)
{
	node_unlock(n);
}

const struct walk_ops releasing = { .entry = release_entry, .mode = WALK_LOCKED };
