// The value of "a && b" (and "a || b") kept in a local is the value its
// path computed: vma_merge_existing_range() write-locks prev under
// merge_left and next under merge_right, then works on both under
// "merge_both = merge_left && merge_right" (6.12 mm/vma.c).
// RUN: %check %s

#include "kernel.h"

bool test_can_merge(struct vm_area_struct *vma);
void test_dup(struct vm_area_struct *dst)
{
	vma_assert_write_locked(dst); // expected-note {{test_dup() asserts it here}}
}

void good_merge(struct vm_area_struct *prev, struct vm_area_struct *vma,
		struct vm_area_struct *next)
{
	bool merge_left = test_can_merge(prev);
	bool merge_right = test_can_merge(next);
	bool merge_both, either;

	mmap_write_lock(vma->vm_mm);
	merge_both = merge_left && merge_right;
	either = merge_left || merge_right;
	if (merge_left)
		vma_start_write(prev);
	if (merge_right)
		vma_start_write(next);
	if (merge_both) {
		test_dup(prev);
		test_dup(next);
	} else if (either && !merge_right) {
		test_dup(prev);
	}
	mmap_write_unlock(vma->vm_mm);
}

void bad_merge(struct vm_area_struct *prev, struct vm_area_struct *vma,
	       struct vm_area_struct *next)
{
	bool merge_left = test_can_merge(prev);
	bool merge_right = test_can_merge(next);
	bool merge_any = merge_left || merge_right;

	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	if (merge_left)
		vma_start_write(prev);
	if (merge_any)
		test_dup(prev); // expected-warning {{test_dup() needs the VMA write lock of prev on some paths}}
	mmap_write_unlock(vma->vm_mm);
}

/* One path clears both flags after the && was taken (mm/vma.c: "if
 * (merge_will_delete_next && !can_merge_remove_vma(next))"): the join
 * keeps merge_both = merge_left && merge_right. */
void good_merge_cleared(struct vm_area_struct *prev, struct vm_area_struct *vma,
			struct vm_area_struct *next)
{
	bool merge_left = test_can_merge(prev);
	bool merge_right = test_can_merge(next);
	bool merge_both = merge_left && merge_right;

	if (merge_both && !test_can_merge(vma)) {
		merge_right = false;
		merge_both = false;
	}
	mmap_write_lock(vma->vm_mm);
	if (merge_left)
		vma_start_write(prev);
	if (merge_right)
		vma_start_write(next);
	if (merge_both)
		test_dup(next);
	mmap_write_unlock(vma->vm_mm);
}
