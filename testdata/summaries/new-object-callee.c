// A helper that writes fields of a VMA its caller passes needs the
// field's locks from the caller, or a new VMA nobody else sees yet: a
// caller that hands it one from vm_area_alloc(), vm_area_dup() or the
// slab allocator needs no lock (kernel/fork.c vm_area_dup() ->
// dup_anon_vma_name(); mm/rmap.c anon_vma_clone() from __split_vma()).
// process_addrs.rst, "VMA fields": the rules are for VMAs "in the tree".
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

extern struct kmem_cache *vm_area_cachep;

static void set_range(struct vm_area_struct *vma, unsigned long start,
		      unsigned long end)
{
	vma->vm_start = start; // expected-note 2 {{set_range() writes vma->vm_start here}}
	vma->vm_end = end;
}

void good_new_vma(struct mm_struct *mm)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	if (!vma)
		return;
	set_range(vma, 0, 4096);
	mmap_write_lock(mm);
	insert_vm_struct(mm, vma);
	mmap_write_unlock(mm);
}

/* The slab allocator's objects are new too (vm_area_dup()'s body). */
struct vm_area_struct *good_slab_copy(struct vm_area_struct *orig)
{
	struct vm_area_struct *new = kmem_cache_alloc(vm_area_cachep, 0);

	if (!new)
		return NULL;
	set_range(new, orig->vm_start, orig->vm_end);
	return new;
}

void bad_published_vma(struct mm_struct *mm)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	if (!vma)
		return;
	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	insert_vm_struct(mm, vma);
	set_range(vma, 0, 4096); // expected-warning {{set_range() needs the VMA write lock of vma, and either the i_mmap write lock of vma->vm_file->f_mapping or the anon_vma write lock of vma->anon_vma->root; held: mmap write lock of mm [vmalock-call-requires]}}
	mmap_write_unlock(mm);
}

void bad_existing_vma(struct vm_area_struct *vma)
{
	set_range(vma, 0, 4096); // expected-warning {{set_range() needs the mmap write lock of vma->vm_mm, the VMA write lock of vma, and either the i_mmap write lock of vma->vm_file->f_mapping or the anon_vma write lock of vma->anon_vma->root; held: nothing [vmalock-call-requires]}}
}
