// vm_flags is const: flags are written through __vm_flags by the
// vm_flags_*() helpers.  vm_flags_init() and __vm_flags_mod() take no lock
// (for a VMA not in the tree yet, or with both write locks held);
// vm_flags_reset() and vm_flags_reset_once() expect the VMA write lock;
// vm_flags_set(), vm_flags_clear() and vm_flags_mod() take the VMA write
// lock themselves, so they need the mmap write lock.
// process_addrs.rst, "VMA fields", "Core fields": __vm_flags: "Private,
// writable access to VMA flags field, updated by vm_flags_* functions." /
// "mmap write, VMA write."
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

#define VM_LOCKED 0x2000UL

/* vm_flags_init, __vm_flags_mod: a new VMA, or both write locks. */
struct vm_area_struct *good_init_new(struct mm_struct *mm, vm_flags_t flags)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	if (!vma)
		return NULL;
	vm_flags_init(vma, flags);
	__vm_flags_mod(vma, VM_LOCKED, 0);
	return vma;
}

void good_init_locked(struct vm_area_struct *vma, vm_flags_t flags)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	vm_flags_init(vma, flags);
	__vm_flags_mod(vma, 0, VM_LOCKED);
	mmap_write_unlock(vma->vm_mm);
}

void bad_init_published(struct vm_area_struct *vma, vm_flags_t flags)
{
	mmap_read_lock(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm taken here}}
	vm_flags_init(vma, flags); // expected-warning {{vm_flags_init() needs the mmap write lock of vma->vm_mm and the VMA write lock of vma; held: mmap read lock of vma->vm_mm [vmalock-field-write]}}
	mmap_read_unlock(vma->vm_mm);
}

void bad___vm_flags_mod_no_vma_lock(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	__vm_flags_mod(vma, VM_LOCKED, 0); // expected-warning {{__vm_flags_mod() needs the VMA write lock of vma; held: mmap write lock of vma->vm_mm [vmalock-field-write]}}
	mmap_write_unlock(vma->vm_mm);
}

/* vm_flags_reset, vm_flags_reset_once: the VMA must be write-locked. */
void good_reset(struct vm_area_struct *vma, vm_flags_t flags)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	vm_flags_reset(vma, flags);
	vm_flags_reset_once(vma, flags);
	mmap_write_unlock(vma->vm_mm);
}

void good_reset_asserted(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma_assert_write_locked(vma);
	vm_flags_reset_once(vma, flags);
}

void bad_reset_no_vma_lock(struct vm_area_struct *vma, vm_flags_t flags)
{
	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	vm_flags_reset(vma, flags); // expected-warning {{vm_flags_reset() needs the VMA write lock of vma; held: mmap write lock of vma->vm_mm [vmalock-field-write]}}
	mmap_write_unlock(vma->vm_mm);
}

void bad_reset_once_unlocked(struct vm_area_struct *vma, vm_flags_t flags)
{
	vm_flags_reset_once(vma, flags); // expected-warning {{vm_flags_reset_once() needs the mmap write lock of vma->vm_mm and the VMA write lock of vma; held: nothing [vmalock-field-write]}}
}

/* vm_flags_set, _clear, _mod take the VMA write lock: mmap write first. */
void good_set_clear_mod(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vm_flags_set(vma, VM_LOCKED);
	vm_flags_clear(vma, VM_LOCKED);
	vm_flags_mod(vma, VM_LOCKED, 0);
	mmap_write_unlock(vma->vm_mm);
}

/* ... and leave it held: other VMA-write-locked fields may follow. */
void good_set_then_write(struct vm_area_struct *vma, pgprot_t prot)
{
	mmap_write_lock(vma->vm_mm);
	vm_flags_set(vma, VM_LOCKED);
	vma->vm_page_prot = prot;
	mmap_write_unlock(vma->vm_mm);
}

void bad_set_mmap_read(struct vm_area_struct *vma)
{
	mmap_read_lock(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm taken here}}
	vm_flags_set(vma, VM_LOCKED); // expected-warning {{vm_flags_set() needs the mmap write lock of vma->vm_mm; held: mmap read lock of vma->vm_mm [vmalock-lock-prereq]}}
	mmap_read_unlock(vma->vm_mm);
}

void bad_clear_unlocked(struct vm_area_struct *vma)
{
	vm_flags_clear(vma, VM_LOCKED); // expected-warning {{vm_flags_clear() needs the mmap write lock of vma->vm_mm; held: nothing [vmalock-lock-prereq]}}
}

void bad_mod_asserted_read(struct vm_area_struct *vma)
{
	mmap_assert_locked(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm asserted here}}
	vm_flags_mod(vma, VM_LOCKED, 0); // expected-warning {{vm_flags_mod() needs the mmap write lock of vma->vm_mm; held: mmap read lock of vma->vm_mm [vmalock-lock-prereq]}}
}
