// "lock NAME: ... field REC.FIELD of GLOBAL": the lock of one global
// object is a class of its own.  Order edges of the plain field class do
// not apply to it, messages name it by its display, and it still counts
// as a lock of the plain class where any lock of that class will do.
// RUN: %check -fplugin-arg-vmalock-spec=%S/Inputs/features.spec %s

#include "Inputs/features.h"

void good_global_under_later_lock(struct tree_a *t)
{
	ta_lock(t);
	dev_lock(&boot_dev);
	dev_unlock(&boot_dev);
	ta_unlock(t);
}

void bad_plain_under_later_lock(struct tree_a *t, struct dev *d)
{
	ta_lock(t); // expected-note {{tree_a write lock of t taken here}}
	dev_lock(d); // expected-warning {{taking the dev write lock of d while holding the tree_a write lock of t violates the lock order (big before ta) [vmalock-lock-order]}}
	dev_unlock(d);
	ta_unlock(t);
}

void good_global_is_any_of_the_class(void)
{
	dev_lock(&boot_dev);
	use_any_dev();
	dev_unlock(&boot_dev);
}

void bad_global_not_released(void)
{
	dev_lock(&boot_dev); // expected-note {{boot dev write lock taken here}}
} // expected-warning {{bad_global_not_released() returns with the boot dev write lock held [vmalock-held-at-exit]}}
