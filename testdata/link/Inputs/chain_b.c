#include "kernel.h"
#include "proto.h"

void middle(struct vm_area_struct *vma, unsigned long start)
{
	if (start < vma->vm_end)
		set_range(vma, start);
}
