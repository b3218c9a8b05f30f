// A static function passed as a function pointer (madvise_walk_vmas()'s
// visitor, 6.12 mm/madvise.c) is analysed as an entry point, and the
// spec's entry lines say what its callers hold: do_madvise() takes the
// mmap read or write lock by madvise_need_mmap_write(behavior)
// (madvise.c:50-68, :1461-1466), which the lines say with "if behavior in
// (...)" (a state per value) and "unless behavior in (...)" (none of
// them).  The visitor's own switch on behavior then takes one side.
// RUN: %check %s

#include "kernel.h"

typedef int (*test_visit_t)(struct vm_area_struct *vma,
			    struct vm_area_struct **prev, unsigned long start,
			    unsigned long end, unsigned long arg);

int madvise_walk_vmas(struct mm_struct *mm, unsigned long start,
		      unsigned long end, unsigned long arg,
		      test_visit_t visit);

static int madvise_vma_behavior(struct vm_area_struct *vma,
				struct vm_area_struct **prev,
				unsigned long start, unsigned long end,
				unsigned long behavior)
{
	switch (behavior) {
	case 3:
		/* MADV_WILLNEED: madvise_willneed() drops the read lock. */
		mmap_read_unlock(vma->vm_mm);
		mmap_read_lock(vma->vm_mm);
		return 0;
	case 25:
		/* MADV_COLLAPSE: walks the tree under the read lock. */
		return find_vma(vma->vm_mm, start) != 0;
	case 4: case 8: case 9: case 20: case 21: case 22: case 23: case 24:
		return 0;
	default:
		/* The others change the VMA: the write lock. */
		vm_flags_set(vma, 0x00002000);
		return 0;
	}
}

int good_do_madvise(struct mm_struct *mm, unsigned long start,
		    unsigned long end, int behavior)
{
	return madvise_walk_vmas(mm, start, end, behavior,
				 madvise_vma_behavior);
}

/* A visitor the spec says nothing of holds nothing. */
static int bad_visit_flags(struct vm_area_struct *vma,
			   struct vm_area_struct **prev, unsigned long start,
			   unsigned long end, unsigned long arg)
{
	vm_flags_set(vma, 0x00002000); // expected-warning {{vm_flags_set() needs the mmap write lock of vma->vm_mm; held: nothing [vmalock-lock-prereq]}}
	return 0;
}

int bad_walk(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	return madvise_walk_vmas(mm, start, end, 0, bad_visit_flags);
}
