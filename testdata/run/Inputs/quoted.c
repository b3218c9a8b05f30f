/* Compiles only with -DWHO='"a b"' (a define with a space, quoted in
 * the command) and without -DBROKEN; one field-write finding. */
#include "kernel.h"

_Static_assert(sizeof(WHO) == 4, "WHO must be \"a b\"");
#ifdef BROKEN
#error BROKEN is defined
#endif

void set_flags(struct vm_area_struct *vma, unsigned long flags)
{
	vma->vm_end = flags;
}
