// "if (unlikely(a() || b() || !mm)) return;" tests a value the CFG builds
// in a temporary, on three paths: 1 where a() or b() decides, !mm where
// neither does.  After the test, mm is not NULL on every path
// (arch/x86/mm/fault.c do_user_addr_fault(): "if
// (unlikely(faulthandler_disabled() || !mm))").  Before, the paths where
// a nested || short-circuited left the temporary unset, and what the
// third path knew of mm was lost where the paths met.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

extern int pagefault_disabled(void);
extern int preempt_count(void);
#define handler_disabled() (pagefault_disabled() || preempt_count() != 0)

/* Drops the lock its caller holds: the mmap lock if mm is given. */
static void drop(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (mm)
		mmap_read_unlock(mm); // expected-note {{drop() releases it here}}
	else
		vma_end_read(vma); // expected-warning {{vma_end_read() releases the VMA read lock of vma, which is not held [vmalock-release-unheld]}}
}

void good_nested_or(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	if (unlikely(handler_disabled() || !mm))
		return;
	vma = lock_mm_and_find_vma(mm, addr, NULL);
	if (!vma)
		return;
	drop(mm, vma);
}

void good_nested_and(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	if (likely(!pagefault_disabled() && preempt_count() == 0 && mm)) {
		vma = lock_mm_and_find_vma(mm, addr, NULL);
		if (!vma)
			return;
		drop(mm, vma);
	}
}

/* The test says nothing of mm: drop() releases an mmap lock nobody took,
 * or (mm NULL) a VMA read lock nobody took. */
void bad_mm_not_tested(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (unlikely(handler_disabled() || !vma))
		return;
	drop(mm, vma); // expected-warning {{drop() needs the mmap read lock of mm; held: nothing [vmalock-call-requires]}} expected-note {{bad_mm_not_tested() calls drop() here, without it}}
}
