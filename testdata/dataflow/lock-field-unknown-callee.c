// A lock reached through a field of a local struct, with calls in
// between to functions whose bodies are not in the run: the xa_state of
// 6.12 mm/khugepaged.c collapse_file(), locked with xas_lock_irq(&xas)
// (spin_lock(&xas.xa->xa_lock)) and walked with xas_load(&xas) in
// lib/xarray.c.  Such a callee is taken to keep the field that names a
// lock the caller holds, as it is taken to keep the caller's locks, so
// xas_unlock_irq(&xas) after it releases the lock that was taken; a
// summarised callee that stores into other fields (xas_set(): xa_index,
// xa_node) keeps it too.
// RUN: %check %s

#include "kernel.h"

struct test_xas {
	struct xarray *xa;
	unsigned long index;
	void *node;
};

void *test_xas_load(struct test_xas *xas);

static void test_xas_set(struct test_xas *xas, unsigned long index)
{
	xas->index = index;
	xas->node = 0;
}

void good_walk(struct address_space *mapping)
{
	struct test_xas xas = { .xa = &mapping->i_pages };
	unsigned long i;

	spin_lock(&xas.xa->xa_lock);
	for (i = 0; i < 16; i++) {
		test_xas_set(&xas, i);
		if (test_xas_load(&xas))
			continue;
		spin_unlock(&xas.xa->xa_lock);
		i_mmap_lock_read(mapping);
		i_mmap_unlock_read(mapping);
		spin_lock(&xas.xa->xa_lock);
	}
	spin_unlock(&xas.xa->xa_lock);
	i_mmap_lock_read(mapping);
	i_mmap_unlock_read(mapping);
}

void bad_walk_still_locked(struct address_space *mapping)
{
	struct test_xas xas = { .xa = &mapping->i_pages };

	spin_lock(&xas.xa->xa_lock); // expected-note {{xarray of &mapping->i_pages taken here}}
	test_xas_set(&xas, 1);
	test_xas_load(&xas);
	i_mmap_lock_read(mapping); // expected-warning {{taking the i_mmap read lock of mapping while holding the xarray of &mapping->i_pages violates the lock order (i_mmap before xa_lock) [vmalock-lock-order]}}
	i_mmap_unlock_read(mapping);
	spin_unlock(&xas.xa->xa_lock);
}

/* The same with a lock that is balance-checked (i_mmap). */
struct test_rmap_walk {
	struct address_space *mapping;
	unsigned long pgoff;
};

void test_walk_step(struct test_rmap_walk *w);

void good_rmap_walk(struct address_space *mapping)
{
	struct test_rmap_walk w = { .mapping = mapping };

	i_mmap_lock_write(w.mapping);
	test_walk_step(&w);
	i_mmap_unlock_write(w.mapping);
}

/* An order-only lock (the xarray's, not balance-checked) taken under one
 * name and released under another (the walk state forgotten first):
 * its owners are not tracked exactly, so a release of a lock of the
 * class that none held has the name of releases one that is held. */
void good_xa_other_name(struct address_space *mapping)
{
	struct test_xas xas = { .xa = &mapping->i_pages };
	struct xarray *xa = &mapping->i_pages;

	test_xas_load(&xas);
	spin_lock(&xas.xa->xa_lock);
	spin_unlock(&xa->xa_lock);
	i_mmap_lock_read(mapping);
	i_mmap_unlock_read(mapping);
}
