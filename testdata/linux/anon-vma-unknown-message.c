// A write to vma->anon_vma where neither the old nor the new value is
// known matches every case of the value-dependent rule.  The message does
// not claim a transition the code does not show.
// process_addrs.rst, "VMA fields", "Reverse mapping fields": anon_vma:
// "When NULL and setting non-NULL: mmap read, page_table_lock. When
// non-NULL and setting NULL: mmap write, VMA write, anon_vma write."
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

void bad_unknown_values(struct vm_area_struct *vma, struct anon_vma *av)
{
	vma->anon_vma = av; // expected-warning {{write to vma->anon_vma needs either the mmap read lock of vma->vm_mm and the page_table_lock of vma->vm_mm or the mmap write lock of vma->vm_mm and the VMA write lock of vma; held: nothing [vmalock-field-write]}}
}
