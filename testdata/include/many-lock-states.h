/*
 * Five locks taken and dropped under five bits of a: 32 lock states at
 * one point, more than the analysis keeps apart (VL_MAX_STATES), so the
 * states there are merged into one.
 */
#ifndef MANY_LOCK_STATES_H
#define MANY_LOCK_STATES_H
#include "kernel.h"

extern spinlock_t many_g1, many_g2, many_g3, many_g4, many_g5;

#define many_lock_states_take(a)                \
	do {                                    \
		if ((a) & 1)                    \
			spin_lock(&many_g1);    \
		if ((a) & 2)                    \
			spin_lock(&many_g2);    \
		if ((a) & 4)                    \
			spin_lock(&many_g3);    \
		if ((a) & 8)                    \
			spin_lock(&many_g4);    \
		if ((a) & 16)                   \
			spin_lock(&many_g5);    \
	} while (0)

#define many_lock_states_drop(a)                \
	do {                                    \
		if ((a) & 1)                    \
			spin_unlock(&many_g1);  \
		if ((a) & 2)                    \
			spin_unlock(&many_g2);  \
		if ((a) & 4)                    \
			spin_unlock(&many_g3);  \
		if ((a) & 8)                    \
			spin_unlock(&many_g4);  \
		if ((a) & 16)                   \
			spin_unlock(&many_g5);  \
	} while (0)
#endif
