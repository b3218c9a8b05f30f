#include "hdr.h"

void a_caller(struct vm_area_struct *vma)
{
	hdr_set_pgoff(vma, 1);
}
