// In-source annotations on struct fields and structs: lock classes and
// field write rules of code the bundled spec does not know.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"
#include "vmalock.h"

struct cache {
	spinlock_t lock __vl_lock(cache_lock, spinlock);
	struct mutex mutex;
	unsigned long hits __vl_requires(cache_lock(this));
	void *entry __vl_write_when(null, nonnull, cache_lock(this))
		__vl_write_when(nonnull, null, cache_lock(this) & lock(&this->mutex));
	int debug __vl_unchecked;
	struct {
		int a;
		int b __vl_requires(cache_lock(this));
	} inner;
};

/* One pseudo-lock per object, taken by annotated functions. */
struct node {
	int val __vl_requires(node_lock(this):write);
} __vl_lock(node_lock, rwsem);

void node_write_lock(struct node *n) __vl_acquires(node_lock(n):write);
void node_write_unlock(struct node *n) __vl_releases(node_lock(n):write);

void good_hits(struct cache *c)
{
	spin_lock(&c->lock);
	c->hits++;
	c->inner.b = 1;
	spin_unlock(&c->lock);
	c->debug = 1;
	c->inner.a = 2;
}

void bad_hits(struct cache *c)
{
	c->hits++; // expected-warning {{write to c->hits needs the cache_lock of c; held: nothing [vmalock-field-write]}}
}

void bad_inner(struct cache *c)
{
	c->inner.b = 1; // expected-warning {{write to c->inner.b needs the cache_lock of c; held: nothing [vmalock-field-write]}}
}

/* After a finding the missing lock is taken as held: one missing lock
 * is one finding. */
void bad_once(struct cache *c)
{
	c->hits++; // expected-warning {{write to c->hits needs the cache_lock of c; held: nothing [vmalock-field-write]}}
	c->inner.b = 1;
}

void good_entry(struct cache *c, void *p)
{
	spin_lock(&c->lock);
	if (!c->entry && p)
		c->entry = p;
	spin_unlock(&c->lock);
}

void bad_clear_entry(struct cache *c)
{
	spin_lock(&c->lock); // expected-note {{cache_lock of c taken here}}
	if (c->entry)
		c->entry = NULL; // expected-warning {{write to c->entry (from non-NULL to NULL) needs the lock c->mutex; held: cache_lock of c [vmalock-field-write]}}
	spin_unlock(&c->lock);
}

void good_node(struct node *n)
{
	node_write_lock(n);
	n->val = 1;
	node_write_unlock(n);
}

void bad_node(struct node *n, struct node *other)
{
	node_write_lock(other); // expected-note {{node_lock write lock of other taken here}}
	n->val = 1; // expected-warning {{write to n->val needs the node_lock write lock of n; held: node_lock write lock of other [vmalock-field-write]}}
	node_write_unlock(other);
}
