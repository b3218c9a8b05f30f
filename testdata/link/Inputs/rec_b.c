#include "kernel.h"
#include "proto.h"

void pong(struct vm_area_struct *vma, int n)
{
	vma->__vm_flags = 0;
	if (n)
		ping(vma, n - 1);
}
