// A helper pair that takes and drops a lock under the same test of an
// argument, which the caller leaves open: the lock is held exactly where
// the test holds, and the second helper's release ends it there.
// include/linux/hugetlb.h hugetlb_zap_begin()/hugetlb_zap_end() take and
// drop the i_mmap lock when is_vm_hugetlb_page(vma) (VM_HUGETLB set) and
// the VMA has a file; zap_page_range_single() calls both on any VMA.
// Before, the take only "may" have happened, and the release needed the
// lock from every caller (the helper was blamed: mm/hugetlb.c:5743).
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

extern void unmap_range(struct vm_area_struct *vma);

/* The lock exists only with a file. */
static void __zap_begin(struct vm_area_struct *vma)
{
	if (!vma->vm_file)
		return;
	i_mmap_lock_write(vma->vm_file->f_mapping);
}

static void __zap_end(struct vm_area_struct *vma)
{
	if (!vma->vm_file)
		return;
	i_mmap_unlock_write(vma->vm_file->f_mapping); // expected-note {{__zap_end() releases it here}}
}

static void zap_begin(struct vm_area_struct *vma)
{
	if (is_vm_hugetlb_page(vma))
		__zap_begin(vma);
}

static void zap_end(struct vm_area_struct *vma)
{
	if (is_vm_hugetlb_page(vma))
		__zap_end(vma); // expected-note {{zap_end() calls __zap_end() here}}
}

void good_zap(struct vm_area_struct *vma)
{
	zap_begin(vma);
	unmap_range(vma);
	zap_end(vma);
}

/* The test of the helpers, made here: decided. */
void good_zap_hugetlb(struct vm_area_struct *vma)
{
	if (!(vma->vm_flags & VM_HUGETLB) || !vma->vm_file)
		return;
	zap_begin(vma);
	zap_end(vma);
}

/* The end without the begin. */
void bad_end_only(struct vm_area_struct *vma)
{
	if (!is_vm_hugetlb_page(vma) || !vma->vm_file)
		return;
	zap_end(vma); // expected-warning {{zap_end() needs the i_mmap write lock of vma->vm_file->f_mapping; held: nothing [vmalock-call-requires]}}
}
