#include "hdr.h"

void b_caller(struct vm_area_struct *vma)
{
	hdr_set_pgoff(vma, 2);
}
