// The 6.12 rmap lock API: anon_vma_lock_*() lock the root anon_vma's
// rwsem, i_mmap_lock_*() the mapping's i_mmap_rwsem; the trylocks return
// non-zero when locked; folio_lock_anon_vma_read() returns the anon_vma
// read-locked, or NULL; the raw rwsem primitives on these rwsems are the
// same locks; mm_take_all_locks() returns 0 with every VMA write lock and
// every rmap lock held, and mm_drop_all_locks() drops the rmap locks only.
// process_addrs.rst, "Terminology": "VMAs must be stabilised via
// anon_vma_[try]lock_read or anon_vma_[try]lock_write for anonymous memory
// and i_mmap_[try]lock_read or i_mmap_[try]lock_write for file-backed
// memory."; "Reverse mapping fields": anon_vma_chain: "mmap read, anon_vma
// write."
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

/* anon_vma: the root's rwsem. */
void good_anon_vma_chain(struct vm_area_struct *vma, struct list_head *l)
{
	mmap_read_lock(vma->vm_mm);
	if (!anon_vma_trylock_write(vma->anon_vma)) {
		anon_vma_lock_write(vma->anon_vma);
	}
	vma->anon_vma_chain.prev = l;
	anon_vma_unlock_write(vma->anon_vma);
	mmap_read_unlock(vma->vm_mm);
}

void bad_anon_vma_trylock_failed(struct vm_area_struct *vma, struct list_head *l)
{
	mmap_read_lock(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm taken here}}
	if (!anon_vma_trylock_write(vma->anon_vma)) {
		vma->anon_vma_chain.prev = l; // expected-warning {{write to vma->anon_vma_chain.prev needs the anon_vma write lock of vma->anon_vma->root; held: mmap read lock of vma->vm_mm [vmalock-field-write]}}
		mmap_read_unlock(vma->vm_mm);
		return;
	}
	anon_vma_unlock_write(vma->anon_vma);
	mmap_read_unlock(vma->vm_mm);
}

/* The raw rwsem of the root is the anon_vma lock (unlink_anon_vmas()). */
void good_raw_anon_vma_root(struct vm_area_struct *vma, struct list_head *l)
{
	struct anon_vma *root = vma->anon_vma->root;

	mmap_read_lock(vma->vm_mm);
	down_write(&root->rwsem);
	vma->anon_vma_chain.prev = l;
	up_write(&root->rwsem);
	mmap_read_unlock(vma->vm_mm);
}

void bad_read_trylock_unlock_write(struct anon_vma *av)
{
	if (!anon_vma_trylock_read(av)) // expected-note {{anon_vma read lock of av->root taken here}}
		return;
	anon_vma_unlock_write(av); // expected-warning {{anon_vma_unlock_write() releases the anon_vma write lock of av->root, which is held for read [vmalock-release-unheld]}}
}

void good_raw_read_then_wrapper_unlock(struct anon_vma *av)
{
	down_read(&av->root->rwsem);
	anon_vma_unlock_read(av);
	anon_vma_lock_read(av);
	up_read(&av->root->rwsem);
}

/* folio_lock_anon_vma_read(): non-NULL is read-locked. */
void good_folio_lock_anon_vma_read(struct folio *folio)
{
	struct anon_vma *av = folio_lock_anon_vma_read(folio, NULL);

	if (!av)
		return;
	anon_vma_unlock_read(av);
}

void bad_folio_lock_anon_vma_read_leak(struct folio *folio, int x)
{
	struct anon_vma *av = folio_lock_anon_vma_read(folio, NULL); // expected-note {{anon_vma read lock of av->root taken here}}

	if (!av || x)
		return; // expected-warning {{bad_folio_lock_anon_vma_read_leak() returns with the anon_vma read lock of av->root held [vmalock-held-at-exit]}}
	anon_vma_unlock_read(av);
}

/* i_mmap: the mapping's rwsem. */
void good_i_mmap(struct vm_area_struct *vma, unsigned long last)
{
	struct address_space *mapping = vma->vm_file->f_mapping;

	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	if (!i_mmap_trylock_write(mapping))
		i_mmap_lock_write(mapping);
	vma->shared.rb_subtree_last = last;
	i_mmap_unlock_write(mapping);
	if (i_mmap_trylock_read(mapping))
		i_mmap_unlock_read(mapping);
	down_write_nested(&mapping->i_mmap_rwsem, 1);
	vma->shared.rb_subtree_last = last;
	up_write(&mapping->i_mmap_rwsem);
	mmap_write_unlock(vma->vm_mm);
}

void bad_i_mmap_trylock_read_inverted(struct address_space *mapping)
{
	if (i_mmap_trylock_read(mapping)) // expected-note {{i_mmap read lock of mapping taken here}}
		return; // expected-warning {{bad_i_mmap_trylock_read_inverted() returns with the i_mmap read lock of mapping held [vmalock-held-at-exit]}}
	i_mmap_unlock_read(mapping); // expected-warning {{i_mmap_unlock_read() releases the i_mmap read lock of mapping, which is not held [vmalock-release-unheld]}}
}

void bad_raw_i_mmap_read(struct vm_area_struct *vma, unsigned long last)
{
	struct address_space *mapping = vma->vm_file->f_mapping;

	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	vma_start_write(vma); // expected-note {{VMA write lock of vma taken here}}
	down_read(&mapping->i_mmap_rwsem); // expected-note {{i_mmap read lock of mapping taken here}}
	vma->shared.rb_subtree_last = last; // expected-warning {{write to vma->shared.rb_subtree_last needs the i_mmap write lock of mapping; held: mmap write lock of vma->vm_mm, VMA write lock of vma, i_mmap read lock of mapping [vmalock-field-write]}}
	up_read(&mapping->i_mmap_rwsem);
	mmap_write_unlock(vma->vm_mm);
}

/* mm_take_all_locks(): 0 means every VMA and rmap lock is held. */
int good_take_all_locks(struct vm_area_struct *vma, unsigned long addr,
			pgprot_t prot)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm);
	if (mm_take_all_locks(mm)) {
		mmap_write_unlock(mm);
		return -EINTR;
	}
	vma->vm_start = addr;
	mm_drop_all_locks(mm);
	/* the VMA write locks stay until the mmap write lock goes */
	vma->vm_page_prot = prot;
	mmap_write_unlock(mm);
	return 0;
}

int bad_write_after_drop_all_locks(struct vm_area_struct *vma,
				   unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	if (mm_take_all_locks(mm)) { // expected-note {{all-VMA write lock of mm taken here}}
		mmap_write_unlock(mm);
		return -EINTR;
	}
	mm_drop_all_locks(mm); // expected-note {{all-rmap write lock of mm released here}}
	vma->vm_start = addr; // expected-warning {{write to vma->vm_start needs either the i_mmap write lock of vma->vm_file->f_mapping or the anon_vma write lock of vma->anon_vma->root; held: mmap write lock of mm, all-VMA write lock of mm [vmalock-field-write]}}
	mmap_write_unlock(mm);
	return 0;
}

int bad_take_all_locks_failed(struct vm_area_struct *vma, pgprot_t prot)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	if (mm_take_all_locks(mm)) {
		vma->vm_page_prot = prot; // expected-warning {{write to vma->vm_page_prot needs the VMA write lock of vma; held: mmap write lock of mm [vmalock-field-write]}}
		mmap_write_unlock(mm);
		return -EINTR;
	}
	mm_drop_all_locks(mm);
	mmap_write_unlock(mm);
	return 0;
}

void bad_take_all_locks_mmap_read(struct mm_struct *mm)
{
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	if (!mm_take_all_locks(mm)) // expected-warning {{mm_take_all_locks() needs the mmap write lock of mm; held: mmap read lock of mm [vmalock-lock-prereq]}}
		mm_drop_all_locks(mm); /* (one missing lock, one finding) */
	mmap_read_unlock(mm);
}
