#include "kernel.h"

void leak(struct mm_struct *mm)
{
	mmap_read_lock(mm);
}
