/* dev_update() needs the device lock: it says so with an assertion the
 * link must know from this unit's annotations. */
#include "dev.h"

void dev_assert_locked(struct my_dev *d) __vl_asserts(lock(&d->sem):write);

void dev_update(struct my_dev *d)
{
	dev_assert_locked(d);
	d->state++;
}
