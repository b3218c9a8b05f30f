// VMA reverse-mapping fields: shared.rb and shared.rb_subtree_last need
// the mmap write lock, the VMA write lock and the i_mmap write lock;
// anon_vma_chain needs the mmap read lock and the anon_vma write lock.
// process_addrs.rst, "VMA fields", "Reverse mapping fields":
// shared.rb, shared.rb_subtree_last: "mmap write, VMA write, i_mmap write.";
// anon_vma_chain: "mmap read, anon_vma write."
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

void good_shared_rb(struct vm_area_struct *vma, struct rb_node node,
		    unsigned long last)
{
	struct address_space *mapping = vma->vm_file->f_mapping;

	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	i_mmap_lock_write(mapping);
	vma->shared.rb = node;
	vma->shared.rb_subtree_last = last;
	i_mmap_unlock_write(mapping);
	mmap_write_unlock(vma->vm_mm);
}

void bad_shared_rb_no_i_mmap(struct vm_area_struct *vma, struct rb_node node)
{
	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	vma_start_write(vma); // expected-note {{VMA write lock of vma taken here}}
	vma->shared.rb = node; // expected-warning {{write to vma->shared.rb needs the i_mmap write lock of vma->vm_file->f_mapping; held: mmap write lock of vma->vm_mm, VMA write lock of vma [vmalock-field-write]}}
	mmap_write_unlock(vma->vm_mm);
}

/* A member of the rb node is part of the field. */
void bad_shared_rb_member_i_mmap_read(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma->vm_file->f_mapping;

	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	vma_start_write(vma); // expected-note {{VMA write lock of vma taken here}}
	i_mmap_lock_read(mapping); // expected-note {{i_mmap read lock of mapping taken here}}
	vma->shared.rb.rb_parent_color = 0; // expected-warning {{write to vma->shared.rb.rb_parent_color needs the i_mmap write lock of mapping; held: mmap write lock of vma->vm_mm, VMA write lock of vma, i_mmap read lock of mapping [vmalock-field-write]}}
	i_mmap_unlock_read(mapping);
	mmap_write_unlock(vma->vm_mm);
}

void bad_shared_rb_subtree_last_no_vma_lock(struct vm_area_struct *vma,
					    unsigned long last)
{
	struct address_space *mapping = vma->vm_file->f_mapping;

	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	i_mmap_lock_write(mapping); // expected-note {{i_mmap write lock of mapping taken here}}
	vma->shared.rb_subtree_last = last; // expected-warning {{write to vma->shared.rb_subtree_last needs the VMA write lock of vma; held: mmap write lock of vma->vm_mm, i_mmap write lock of mapping [vmalock-field-write]}}
	i_mmap_unlock_write(mapping);
	mmap_write_unlock(vma->vm_mm);
}

/* anon_vma_chain: the mmap read lock is enough, with anon_vma write. */
void good_anon_vma_chain(struct vm_area_struct *vma, struct list_head *avc)
{
	mmap_read_lock(vma->vm_mm);
	anon_vma_lock_write(vma->anon_vma);
	vma->anon_vma_chain.next = avc;
	anon_vma_unlock_write(vma->anon_vma);
	mmap_read_unlock(vma->vm_mm);
}

void bad_anon_vma_chain_anon_vma_read(struct vm_area_struct *vma,
				      struct list_head *avc)
{
	mmap_read_lock(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm taken here}}
	anon_vma_lock_read(vma->anon_vma); // expected-note {{anon_vma read lock of vma->anon_vma->root taken here}}
	vma->anon_vma_chain.next = avc; // expected-warning {{write to vma->anon_vma_chain.next needs the anon_vma write lock of vma->anon_vma->root; held: mmap read lock of vma->vm_mm, anon_vma read lock of vma->anon_vma->root [vmalock-field-write]}}
	anon_vma_unlock_read(vma->anon_vma);
	mmap_read_unlock(vma->vm_mm);
}

void bad_anon_vma_chain_no_mmap(struct vm_area_struct *vma,
				struct list_head head)
{
	anon_vma_lock_write(vma->anon_vma); // expected-note {{anon_vma write lock of vma->anon_vma->root taken here}}
	vma->anon_vma_chain = head; // expected-warning {{write to vma->anon_vma_chain needs the mmap read lock of vma->vm_mm; held: anon_vma write lock of vma->anon_vma->root [vmalock-field-write]}}
	anon_vma_unlock_write(vma->anon_vma);
}
