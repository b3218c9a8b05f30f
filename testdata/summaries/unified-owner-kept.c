// A callee that needs the mmap lock under two names (mmap_assert_locked()
// on orig->vm_mm for read, then a field write on new that needs
// new->vm_mm for write) finds one mmap lock held: the owners of the mmap
// class unify.  Its summary must not say it released the second name at
// return (6.12 kernel/fork.c vm_area_dup() -> dup_anon_vma_name(), whose
// false "release" made its callers' mmap_write_unlock() look unheld).
// RUN: %check %s

#include "kernel.h"
#include "vmalock.h"

static void test_copy_name(struct vm_area_struct *orig,
			   struct vm_area_struct *new)
{
	mmap_assert_locked(orig->vm_mm);
	vma_start_write(new); // expected-note {{test_copy_name() calls vma_start_write() here}}
	new->anon_name = orig->anon_name;
}

void good_copy_name(struct vm_area_struct *orig, struct vm_area_struct *new)
{
	mmap_write_lock(orig->vm_mm);
	test_copy_name(orig, new);
	mmap_write_unlock(orig->vm_mm);
}

void bad_copy_name(struct vm_area_struct *orig, struct vm_area_struct *new)
{
	mmap_read_lock(orig->vm_mm); // expected-note {{mmap read lock of orig->vm_mm taken here}}
	test_copy_name(orig, new); // expected-warning {{test_copy_name() needs the mmap write lock of new->vm_mm; held: mmap read lock of orig->vm_mm [vmalock-call-requires]}}
	mmap_read_unlock(orig->vm_mm);
}
