// A helper with more lock states than the analysis keeps apart merges
// them; a lock its callers hold, assumed after a requirement went to
// them on one path, is still theirs on the paths that did not need it.
// Before, the merge made it "maybe held" and the summary said the helper
// may release it, so every caller's later unlock was reported
// (mm/rmap.c anon_vma_clone(), whose loop writes dst->anon_vma on some
// iterations; its callers vma_expand() and relocate_vma_down() then
// "released" the mmap lock of fs/exec.c setup_arg_pages()).
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"
#include "many-lock-states.h"


/* More lock states than are kept apart (many-lock-states.h). */
static void set_pgoff_many_paths(struct vm_area_struct *vma, int a)
{
	if (a & 64)
		vma->vm_pgoff = 0; // expected-note {{set_pgoff_many_paths() writes vma->vm_pgoff here}}
	many_lock_states_take(a);
	many_lock_states_drop(a);
}

void good_caller(struct vm_area_struct *vma, int a)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	anon_vma_lock_write(vma->anon_vma);
	set_pgoff_many_paths(vma, a);
	anon_vma_unlock_write(vma->anon_vma);
	mmap_write_unlock(vma->vm_mm);
}

void bad_caller_no_vma_lock(struct vm_area_struct *vma, int a)
{
	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	anon_vma_lock_write(vma->anon_vma); // expected-note {{anon_vma write lock of vma->anon_vma->root taken here}}
	set_pgoff_many_paths(vma, a); // expected-warning {{set_pgoff_many_paths() needs the VMA write lock of vma; held: mmap write lock of vma->vm_mm, anon_vma write lock of vma->anon_vma->root [vmalock-call-requires]}}
	anon_vma_unlock_write(vma->anon_vma);
	mmap_write_unlock(vma->vm_mm);
}
