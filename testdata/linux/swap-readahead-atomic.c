// swap_readahead_info is an atomic_long_t that mm/swap_state.c only ever
// writes with atomic_long_set(&vma->swap_readahead_info, ...).  The spec
// says atomic_long_set() writes what its first argument points to
// ('writes v'), so the field rule applies to the call: the unlocked write
// below is reported.
// process_addrs.rst, "VMA fields", "Config-specific fields":
// swap_readahead_info: "mmap read, swap-specific lock."
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

void good_swap_ra_atomic(struct vm_area_struct *vma, long ra)
{
	mmap_read_lock(vma->vm_mm);
	atomic_long_set(&vma->swap_readahead_info, ra);
	mmap_read_unlock(vma->vm_mm);
}

void bad_swap_ra_atomic(struct vm_area_struct *vma, long ra)
{
	atomic_long_set(&vma->swap_readahead_info, ra); // expected-warning {{write to vma->swap_readahead_info needs either the mmap read lock of vma->vm_mm or the VMA read lock of vma; held: nothing [vmalock-field-write]}}
}
