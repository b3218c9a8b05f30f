#include "dev.h"

void good_dev(struct my_dev *d)
{
	dev_lock(d);
	dev_update(d);
	dev_unlock(d);
}

void bad_dev(struct my_dev *d)
{
	dev_update(d);
}
