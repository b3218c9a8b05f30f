// call-requires: functions the spec says need a lock (find_vma() needs
// the mmap lock).
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

struct vm_area_struct *bad_unlocked(struct mm_struct *mm, unsigned long addr)
{
	return find_vma(mm, addr); // expected-warning {{find_vma() needs the mmap read lock of mm; held: nothing [vmalock-call-requires]}}
}

struct vm_area_struct *good_locked(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	mmap_read_unlock(mm);
	return vma;
}

int good_write_lock_is_enough(struct mm_struct *mm, unsigned long addr)
{
	mmap_write_lock(mm);
	find_vma(mm, addr);
	mmap_write_unlock(mm);
	return 0;
}

int bad_on_some_paths(struct mm_struct *mm, unsigned long addr, int x)
{
	if (x)
		mmap_read_lock(mm);
	find_vma(mm, addr); // expected-warning {{find_vma() needs the mmap read lock of mm on some paths; held: nothing; on some paths also: mmap read lock of mm [vmalock-call-requires]}}
	if (x)
		mmap_read_unlock(mm);
	return 0;
}
