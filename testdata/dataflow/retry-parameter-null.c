// A loop that drops the VMA its caller locked, sets the pointer to NULL
// and goes back to look a VMA up and lock it itself: the parameter's own
// value keeps its name into the loop, so what the loop needs of it goes
// to the callers, and the path that comes back with NULL is not merged
// with the one that has the parameter, so "if (!dst_vma)" still tells
// them apart.
// mm/userfaultfd.c mfill_atomic_hugetlb(): "dst_vma = NULL; goto retry;"
// after uffd_mfill_unlock(dst_vma), and at retry: "if (!dst_vma) {
// dst_vma = uffd_mfill_lock(...)".
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

struct vm_area_struct *uffd_mfill_lock(struct mm_struct *dst_mm,
				       unsigned long dst_start,
				       unsigned long len);
int fill_one(struct vm_area_struct *vma, unsigned long addr);

static void unlock_vma(struct vm_area_struct *vma)
{
	vma_end_read(vma); // expected-note {{unlock_vma() releases it here}}
}

/* Called with dst_vma read-locked; returns with no VMA locked. */
static long fill(struct vm_area_struct *dst_vma, unsigned long start,
		 unsigned long len)
{
	struct mm_struct *mm = dst_vma->vm_mm;
	unsigned long addr = start;
	long err = 0;

retry:
	if (!dst_vma) {
		dst_vma = uffd_mfill_lock(mm, start, len);
		if (IS_ERR(dst_vma))
			return PTR_ERR(dst_vma);
	}
	while (addr < start + len) {
		err = fill_one(dst_vma, addr);
		if (err == -2) {
			unlock_vma(dst_vma);
			dst_vma = NULL;
			goto retry;
		}
		if (err)
			break;
		addr += 4096;
	}
	unlock_vma(dst_vma); // expected-note {{fill() calls unlock_vma() here}}
	return err;
}

long good_caller(struct mm_struct *mm, unsigned long start)
{
	struct vm_area_struct *vma = uffd_mfill_lock(mm, start, 4096);

	if (IS_ERR(vma))
		return PTR_ERR(vma);
	return fill(vma, start, 4096);
}

/* The VMA is looked up, but not locked. */
long bad_caller_unlocked(struct mm_struct *mm, unsigned long start)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = find_vma(mm, start);
	mmap_read_unlock(mm); // expected-note {{mmap read lock of mm released here}}
	if (!vma)
		return -14;
	return fill(vma, start, 4096); // expected-warning {{fill() needs the VMA read lock of vma; held: nothing [vmalock-call-requires]}}
}
