/* A lock class and lock functions declared by in-source annotations,
 * shared by dev_a.c and dev_b.c. */
#ifndef DEV_H
#define DEV_H
#include "kernel.h"
#include "vmalock.h"

struct my_dev {
	struct rw_semaphore sem __vl_lock(dev_sem, rwsem);
	int state;
};

void dev_lock(struct my_dev *d) __vl_acquires(lock(&d->sem):write);
void dev_unlock(struct my_dev *d) __vl_releases(lock(&d->sem):write);
void dev_update(struct my_dev *d);
#endif
