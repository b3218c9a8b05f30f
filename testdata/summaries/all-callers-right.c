// No finding when every caller holds what a helper needs, however deep
// the chain: the helpers are not checked as if nothing were held, and
// the callers are right.
// process_addrs.rst, "VMA fields": anon_vma (from NULL to non-NULL):
// "mmap read, page_table_lock".
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s
// expected-no-diagnostics

#include "kernel.h"

static void install_anon_vma(struct vm_area_struct *vma, struct anon_vma *av)
{
	if (!vma->anon_vma)
		vma->anon_vma = av;
}

static void prepare_locked(struct vm_area_struct *vma, struct anon_vma *av)
{
	spin_lock(&vma->vm_mm->page_table_lock);
	install_anon_vma(vma, av);
	spin_unlock(&vma->vm_mm->page_table_lock);
}

static int prepare(struct vm_area_struct *vma, struct anon_vma *av)
{
	if (vma->anon_vma)
		return 0;
	prepare_locked(vma, av);
	return 0;
}

int good_fault_path(struct mm_struct *mm, unsigned long addr,
		    struct anon_vma *av)
{
	struct vm_area_struct *vma;
	int ret = -1;

	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	if (vma)
		ret = prepare(vma, av);
	mmap_read_unlock(mm);
	return ret;
}

int good_other_path(struct vm_area_struct *vma, struct anon_vma *av)
{
	int ret;

	mmap_write_lock(vma->vm_mm);
	ret = prepare(vma, av);
	mmap_write_unlock(vma->vm_mm);
	return ret;
}
