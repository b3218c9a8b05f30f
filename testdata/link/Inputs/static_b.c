#include "kernel.h"

static void helper(struct vm_area_struct *vma)
{
	vma->vm_private_data = NULL;
}

void static_b_good(struct vm_area_struct *vma)
{
	helper(vma);
}
