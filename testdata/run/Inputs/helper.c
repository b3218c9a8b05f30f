/* A helper that takes no lock: per unit a field-write finding. */
#include "kernel.h"
#include "proto.h"

void set_start(struct vm_area_struct *vma, unsigned long addr)
{
	vma->vm_start = addr;
}
