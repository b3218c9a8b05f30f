// In-source annotations on functions: effects and requirements of code the
// bundled spec does not know, written with annotations/vmalock.h.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"
#include "vmalock.h"

/* Locks outside the spec's classes are checked for balance once they
 * have a class of their own. */
struct my_dev {
	struct rw_semaphore sem __vl_lock(dev_sem, rwsem);
	struct mm_struct *mm;
	int state;
};

void dev_lock(struct my_dev *d) __vl_acquires(lock(&d->sem):write);
void dev_unlock(struct my_dev *d) __vl_releases(lock(&d->sem):write);
int dev_trylock(struct my_dev *d) __vl_acquires_when(return, lock(&d->sem):write);
void dev_update(struct my_dev *d) __vl_requires(lock(&d->sem):write);
void dev_take_mm(struct my_dev *d) __vl_acquires(mmap(d->mm):read);

void good(struct my_dev *d)
{
	dev_lock(d);
	dev_update(d);
	dev_unlock(d);
}

void bad_unlocked(struct my_dev *d)
{
	dev_update(d); // expected-warning {{dev_update() needs the dev_sem write lock of d; held: nothing [vmalock-call-requires]}}
}

void good_trylock(struct my_dev *d)
{
	if (!dev_trylock(d))
		return;
	dev_update(d);
	dev_unlock(d);
}

void bad_leak(struct my_dev *d)
{
	dev_lock(d); // expected-note {{dev_sem write lock of d taken here}}
} // expected-warning {{bad_leak() returns with the dev_sem write lock of d held [vmalock-held-at-exit]}}

/* Annotations use the spec's lock classes too. */
struct vm_area_struct *good_class(struct my_dev *d, unsigned long addr)
{
	struct vm_area_struct *vma;

	dev_take_mm(d);
	vma = find_vma(d->mm, addr);
	mmap_read_unlock(d->mm);
	return vma;
}

/* An annotated function with a body is a lock helper: its body is not
 * analysed, callers use the annotation. */
void helper_lock(struct my_dev *d) __vl_acquires(lock(&d->sem):write);
void helper_lock(struct my_dev *d)
{
	down_write(&d->sem);
	d->state = 1;
}

void good_helper(struct my_dev *d)
{
	helper_lock(d);
	dev_update(d);
	up_write(&d->sem);
}
