// A lock named through current->mm: get_current() is pure (spec), so a
// callee's effect on current->mm's lock is the same lock in its callers.
// vms_complete_munmap_vmas() downgrades and drops current->mm's mmap lock
// when vms->unlock is set (6.12 mm/vma.c); its callers took it for write.
// RUN: %check %s

#include "kernel.h"

struct test_munmap {
	bool unlock;
};

static void test_complete(struct test_munmap *vms)
{
	struct mm_struct *mm = current->mm;

	if (vms->unlock)
		mmap_write_downgrade(mm); // expected-note {{test_complete() downgrades it here}}
	if (vms->unlock)
		mmap_read_unlock(mm);
}

void good_munmap(bool unlock)
{
	struct test_munmap vms = { .unlock = unlock };

	mmap_write_lock(current->mm);
	test_complete(&vms);
	if (!unlock)
		mmap_write_unlock(current->mm);
}

void bad_munmap(void)
{
	struct test_munmap vms = { .unlock = true };

	test_complete(&vms); // expected-warning {{test_complete() needs the mmap write lock of get_current()->mm; held: nothing [vmalock-call-requires]}}
}
