// An assertion is a contract: inside the function it is assumed; for the
// callers it is a requirement.  A caller that does not hold the lock is
// reported at its call, and the asserting function never is, even when
// no caller holds it.
// process_addrs.rst, "Lock usage": vma_assert_write_locked(),
// mmap_assert_locked() and friends state what the caller holds.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

static void set_flags_locked(struct vm_area_struct *vma, unsigned long f)
{
	vma_assert_write_locked(vma); // expected-note {{set_flags_locked() asserts it here}}
	vma->__vm_flags = f;
}

void good_caller(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	set_flags_locked(vma, 0);
	mmap_write_unlock(vma->vm_mm);
}

void bad_caller(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	set_flags_locked(vma, 0); // expected-warning {{set_flags_locked() needs the VMA write lock of vma; held: mmap write lock of vma->vm_mm [vmalock-call-requires]}}
	mmap_write_unlock(vma->vm_mm);
}

/* Only wrong callers: still reported at the calls, not in the helper. */
static void count_locked(struct mm_struct *mm)
{
	mmap_assert_locked(mm); // expected-note {{count_locked() asserts it here}}
}

void bad_only_caller(struct mm_struct *mm)
{
	count_locked(mm); // expected-warning {{count_locked() needs the mmap read lock of mm; held: nothing [vmalock-call-requires]}}
}

/* A contract on a lock the callers cannot name (a VMA the function finds
 * itself), with no lock of the function's own in the way: the kernel
 * checks it where it runs, and vmalock says nothing (6.12 mm/pagewalk.c
 * walk_page_range() asserts the write lock of each VMA it finds when the
 * walk's mode says so).  Where the callers can name it, it is theirs. */
static void check_found(struct vm_area_struct *vma)
{
	vma_assert_write_locked(vma); // expected-note {{check_found() asserts it here}}
}

static void walk_found(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	if (vma)
		check_found(vma);
}

void good_walk_found(struct mm_struct *mm, unsigned long addr)
{
	mmap_write_lock(mm);
	walk_found(mm, addr);
	mmap_write_unlock(mm);
}

void good_check_named(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	check_found(vma);
	mmap_write_unlock(vma->vm_mm);
}

void bad_check_named(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	check_found(vma); // expected-warning {{check_found() needs the VMA write lock of vma; held: mmap write lock of vma->vm_mm [vmalock-call-requires]}}
	mmap_write_unlock(vma->vm_mm);
}

/* A function that holds the lock itself, too weakly, is still reported,
 * even where its callers could not name the lock: the contract is broken
 * in its own body. */
static void check_write_mm(struct mm_struct *mm)
{
	mmap_assert_write_locked(mm); // expected-note {{check_write_mm() asserts it here}}
}

static void read_then_check(struct mm_struct *mm)
{
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	check_write_mm(mm); // expected-warning {{check_write_mm() needs the mmap write lock of mm; held: mmap read lock of mm [vmalock-call-requires]}}
	mmap_read_unlock(mm);
}

void good_check_write(struct mm_struct *mm)
{
	mmap_write_lock(mm);
	check_write_mm(mm);
	mmap_write_unlock(mm);
}

void caller_of_read_then_check(struct mm_struct *mm)
{
	read_then_check(mm);
}
