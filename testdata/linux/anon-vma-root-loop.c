// mm/rmap.c locks the anon_vmas on a VMA's chain through their root, one
// after the other: lock_anon_vma_root() drops the root it is given (if
// any) and returns anon_vma->root write-locked; unlock_anon_vma_root()
// drops it if there is one.  anon_vma_clone() and unlink_anon_vmas() keep
// the root in a local across the loop.  Without the spec entries the
// helpers' summaries only "may" take the lock (when the roots are equal it
// stays the one the caller holds), and each call in the loop was a
// release of a lock not held.
// process_addrs.rst, "Reverse mapping fields": anon_vma_chain: "mmap read,
// anon_vma write."
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

struct chain {
	struct anon_vma *anon_vma;
	struct chain *next;
};

extern struct chain *chain_alloc(void);
extern void chain_link(struct chain *c, struct anon_vma *anon_vma);

/* The bodies of mm/rmap.c; the spec stands for them. */
static inline struct anon_vma *lock_anon_vma_root(struct anon_vma *root,
						  struct anon_vma *anon_vma)
{
	struct anon_vma *new_root = anon_vma->root;

	if (new_root != root) {
		if (root)
			up_write(&root->rwsem);
		root = new_root;
		down_write(&root->rwsem);
	}
	return root;
}

static inline void unlock_anon_vma_root(struct anon_vma *root)
{
	if (root)
		up_write(&root->rwsem);
}

int good_clone_chain(struct chain *src)
{
	struct anon_vma *root = NULL;
	struct chain *p, *c;

	for (p = src; p; p = p->next) {
		c = chain_alloc();
		if (!c) {
			unlock_anon_vma_root(root);
			return -12;
		}
		root = lock_anon_vma_root(root, p->anon_vma);
		chain_link(c, p->anon_vma);
	}
	unlock_anon_vma_root(root);
	return 0;
}

int bad_clone_chain_leak(struct chain *src)
{
	struct anon_vma *root = NULL;
	struct chain *p, *c;

	for (p = src; p; p = p->next) {
		c = chain_alloc();
		if (!c)
			return -12; // expected-warning {{bad_clone_chain_leak() returns with the anon_vma write lock of root held [vmalock-held-at-exit]}}
		root = lock_anon_vma_root(root, p->anon_vma); // expected-note {{anon_vma write lock of root taken here}}
		chain_link(c, p->anon_vma);
	}
	unlock_anon_vma_root(root);
	return 0;
}

void bad_unlock_twice(struct anon_vma *anon_vma)
{
	struct anon_vma *root = lock_anon_vma_root(NULL, anon_vma);

	unlock_anon_vma_root(root); // expected-note {{anon_vma write lock of root released here}}
	unlock_anon_vma_root(root); // expected-warning {{unlock_anon_vma_root() releases the anon_vma write lock of root, which is not held [vmalock-release-unheld]}}
}
