// Regression: a caller's VMA write lock dropped behind its back.
//
// Fix: "mm: don't drop VMA locks in mm_drop_all_locks()" (Jann Horn, v6.6
// merge window; f0e5f1822ee4 in akpm's mm-stable branch of August 2023, not
// checked against mainline).  Fixes eeff9a5d47f8 "mm/mmap: prevent
// pagefault handler from racing with mmu_notifier registration".
//
// What was wrong: mm_drop_all_locks() ended with vma_end_write_all(mm),
// which releases every VMA write lock of the mm, including ones the caller
// took further up the stack and still relies on.  The scenario in the
// commit: munmap() write-locks VMA A, then __split_vma() on an SGX VMA B
// calls ->open(), which registers an MMU notifier (mm_take_all_locks() /
// mm_drop_all_locks()); A is then unlocked while munmap() still treats it as
// write-locked.  The fix removes the vma_end_write_all() call: VMA write
// locks end only at mmap_write_unlock() or mmap_write_downgrade().
//
// Reduced: vmalock analyses one function at a time, so the buggy tail of
// mm_drop_all_locks() is written out in the caller.
//
// Rule (process_addrs.rst, "VMA locks"): a VMA write lock is held until the
// mmap write lock is released or downgraded; vm_page_prot (like most
// fields) is written under "mmap write, VMA write".
//
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

int mm_take_all_locks(struct mm_struct *mm);
void mm_drop_all_locks(struct mm_struct *mm);
pgprot_t vm_get_page_prot(vm_flags_t vm_flags);

void bad_update_after_notifier_register(struct mm_struct *mm,
					struct vm_area_struct *vma)
{
	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	vma_start_write(vma);
	/* ->open() -> __mmu_notifier_register(), as in 6.4 */
	if (!mm_take_all_locks(mm)) {
		mm_drop_all_locks(mm); // expected-note {{all-rmap write lock of mm released here}}
		vma_end_write_all(mm);	/* the tail the fix removed */ // expected-note {{VMA write lock of vma released here}} expected-note {{all-VMA write lock of mm released here}}
	}
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags); // expected-warning {{write to vma->vm_page_prot needs the VMA write lock of vma on some paths; held: mmap write lock of mm; on some paths also: VMA write lock of vma [vmalock-field-write]}}
	mmap_write_unlock(mm);
}

void good_update_after_notifier_register(struct mm_struct *mm,
					 struct vm_area_struct *vma)
{
	mmap_write_lock(mm);
	vma_start_write(vma);
	if (!mm_take_all_locks(mm))
		mm_drop_all_locks(mm);
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	mmap_write_unlock(mm);
}
