/* A static function that nothing calls, so the plugin does not analyse
 * it, and one that it analyses. */
#include "kernel.h"

static void unused_helper(struct vm_area_struct *vma, unsigned long addr)
{
	vma->vm_start = addr;
}

void used(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	mmap_read_unlock(mm);
}

/* An alias is a definition without a body (SYSCALL_DEFINE0() makes
 * them): stored, not analysed, referenced or not. */
void used_alias(struct mm_struct *mm) __attribute__((alias("used")));
