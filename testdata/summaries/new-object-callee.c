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

/* A caller that holds the locks shows they are the callers' to take. */
void good_locked_vma(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	anon_vma_lock_write(vma->anon_vma);
	set_range(vma, 0, 4096);
	anon_vma_unlock_write(vma->anon_vma);
	mmap_write_unlock(vma->vm_mm);
}

void bad_existing_vma(struct vm_area_struct *vma)
{
	set_range(vma, 0, 4096); // expected-warning {{set_range() needs the mmap write lock of vma->vm_mm, the VMA write lock of vma, and either the i_mmap write lock of vma->vm_file->f_mapping or the anon_vma write lock of vma->anon_vma->root; held: nothing [vmalock-call-requires]}}
}

/*
 * Where no caller holds the locks, only new objects meet the requirement:
 * the helper is to blame, not each caller (mm/rmap.c anon_vma_clone()
 * clears dst->anon_vma on its error path without the anon_vma lock; its
 * callers pass new VMAs, or hold the mmap and VMA write locks only).
 */
static void bad_clear_anon_vma(struct vm_area_struct *vma)
{
	if (vma->anon_vma)
		vma->anon_vma = NULL; // expected-warning {{write to vma->anon_vma (from non-NULL to NULL) needs the mmap write lock of vma->vm_mm, the VMA write lock of vma and the anon_vma write lock of vma->anon_vma->root; held: nothing [vmalock-field-write]}}
}

void good_clear_new_vma(struct vm_area_struct *orig)
{
	struct vm_area_struct *vma = vm_area_dup(orig);

	if (!vma)
		return;
	bad_clear_anon_vma(vma);
}

void caller_without_anon_vma_lock(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	bad_clear_anon_vma(vma); // expected-note {{caller_without_anon_vma_lock() calls bad_clear_anon_vma() here, without it}}
	mmap_write_unlock(vma->vm_mm);
}
