// Assertions are recognised from the macro invocation, whatever the macro
// expands to: a statement using its argument, a lockdep check, or nothing.
// RUN: %check %s
// RUN: %check -DVL_TEST_LOCKDEP %s
// RUN: %check -DVL_TEST_EMPTY_ASSERT %s
// RUN: %check -DVL_TEST_EMPTY_ASSERT -DVL_TEST_INLINE %s

#ifdef VL_TEST_EMPTY_ASSERT
#include "kernel.h"
#undef lockdep_assert_held
#undef lockdep_assert_held_write
#define lockdep_assert_held(l)
#define lockdep_assert_held_write(l)
#else
#include "kernel.h"
#endif

struct vm_area_struct *good_asserted(struct mm_struct *mm, unsigned long addr)
{
	lockdep_assert_held(&mm->mmap_lock);
	return find_vma(mm, addr);
}

void bad_read_asserted(struct vm_area_struct *vma)
{
	lockdep_assert_held(&vma->vm_mm->mmap_lock); // expected-note {{mmap read lock of vma->vm_mm asserted here}}
	vma_start_write(vma); // expected-warning {{vma_start_write() needs the mmap write lock of vma->vm_mm; held: mmap read lock of vma->vm_mm [vmalock-lock-prereq]}}
}

void good_write_asserted(struct vm_area_struct *vma)
{
	lockdep_assert_held_write(&vma->vm_mm->mmap_lock);
	vma_start_write(vma);
}

/* An asserted lock is the caller's: not reported as held at exit. */
void good_assert_spinlock(struct mm_struct *mm)
{
	lockdep_assert_held(&mm->page_table_lock);
}

struct vm_area_struct *bad_not_asserted(struct mm_struct *mm, unsigned long addr)
{
	return find_vma(mm, addr); // expected-warning {{find_vma() needs the mmap read lock of mm; held: nothing [vmalock-call-requires]}}
}

/* An assertion in the middle of the function applies from there on. */
struct vm_area_struct *bad_assert_too_late(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr); // expected-warning {{find_vma() needs the mmap read lock of mm; held: nothing [vmalock-call-requires]}}

	lockdep_assert_held(&mm->mmap_lock);
	return vma;
}
