// Lock assertions are facts: from the assertion on, the function holds
// what it asserts (its caller's lock: never "held at exit").  The lockdep
// macros are recognised from their invocation even where they expand to
// nothing (CONFIG_LOCKDEP off, as in 6.12's config).
// process_addrs.rst, "Lock usage" (the doc does not name the assertion
// helpers; they assert its lock states): "To take a VMA write lock you
// **must** have already acquired an mmap_write_lock" ("Terminology"), so
// vma_assert_write_locked() also establishes the mmap write lock.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s
// RUN: %check -DVL_TEST_LOCKDEP %s
// RUN: %check -DVL_TEST_EMPTY_ASSERT %s
// RUN: %check -DVL_TEST_EMPTY_ASSERT -DVL_TEST_INLINE %s

#include "kernel.h"
#ifdef VL_TEST_EMPTY_ASSERT
#undef lockdep_assert_held
#undef lockdep_assert_held_write
#undef lockdep_assert_held_read
#define lockdep_assert_held(l)
#define lockdep_assert_held_write(l)
#define lockdep_assert_held_read(l)
#endif

/* mmap_assert_locked(): the mmap read lock. */
struct vm_area_struct *good_mmap_assert_locked(struct mm_struct *mm,
					       unsigned long addr)
{
	mmap_assert_locked(mm);
	return find_vma(mm, addr);
}

void bad_mmap_assert_locked_then_vma_write(struct vm_area_struct *vma)
{
	mmap_assert_locked(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm asserted here}}
	vma_start_write(vma); // expected-warning {{vma_start_write() needs the mmap write lock of vma->vm_mm; held: mmap read lock of vma->vm_mm [vmalock-lock-prereq]}}
}

/* An assertion applies from where it is made. */
struct vm_area_struct *bad_assert_after_use(struct mm_struct *mm,
					    unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr); // expected-warning {{find_vma() needs the mmap read lock of mm; held: nothing [vmalock-call-requires]}}

	mmap_assert_locked(mm);
	return vma;
}

/* mmap_assert_write_locked(): the mmap write lock. */
void good_mmap_assert_write_locked(struct vm_area_struct *vma)
{
	mmap_assert_write_locked(vma->vm_mm);
	vma_start_write(vma);
}

void bad_mmap_assert_write_locked_no_vma_lock(struct vm_area_struct *vma,
					      pgprot_t prot)
{
	mmap_assert_write_locked(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm asserted here}}
	vma->vm_page_prot = prot; // expected-warning {{write to vma->vm_page_prot needs the VMA write lock of vma; held: mmap write lock of vma->vm_mm [vmalock-field-write]}}
}

/* vma_assert_write_locked(): the VMA write lock, and so the mmap write lock. */
void good_vma_assert_write_locked(struct vm_area_struct *vma, pgprot_t prot)
{
	vma_assert_write_locked(vma);
	vma->vm_page_prot = prot;
}

void bad_vma_assert_write_locked_no_rmap(struct vm_area_struct *vma,
					 unsigned long end)
{
	vma_assert_write_locked(vma); // expected-note {{VMA write lock of vma asserted here}} expected-note {{mmap write lock of vma->vm_mm asserted here}}
	if (vma->vm_file)
		vma->vm_end = end; // expected-warning {{write to vma->vm_end needs the i_mmap write lock of vma->vm_file->f_mapping; held: VMA write lock of vma, mmap write lock of vma->vm_mm [vmalock-field-write]}}
}

/* vma_assert_locked(): a VMA read lock. */
int good_vma_assert_locked(struct vm_area_struct *vma, pmd_t *pmd)
{
	vma_assert_locked(vma);
	return __pte_alloc(vma->vm_mm, pmd);
}

void bad_vma_assert_locked_then_write(struct vm_area_struct *vma,
				      pgprot_t prot)
{
	vma_assert_locked(vma); // expected-note {{VMA read lock of vma asserted here}}
	vma->vm_page_prot = prot; // expected-warning {{write to vma->vm_page_prot needs the mmap write lock of vma->vm_mm and the VMA write lock of vma; held: VMA read lock of vma [vmalock-field-write]}}
}

/* i_mmap_assert_locked(), i_mmap_assert_write_locked(). */
void good_i_mmap_assert_write_locked(struct vm_area_struct *vma,
				     unsigned long last)
{
	vma_assert_write_locked(vma);
	i_mmap_assert_write_locked(vma->vm_file->f_mapping);
	vma->shared.rb_subtree_last = last;
}

void bad_i_mmap_assert_locked_read(struct vm_area_struct *vma,
				   unsigned long last)
{
	struct address_space *mapping = vma->vm_file->f_mapping;

	vma_assert_write_locked(vma); // expected-note {{VMA write lock of vma asserted here}} expected-note {{mmap write lock of vma->vm_mm asserted here}}
	i_mmap_assert_locked(mapping); // expected-note {{i_mmap read lock of mapping asserted here}}
	vma->shared.rb_subtree_last = last; // expected-warning {{write to vma->shared.rb_subtree_last needs the i_mmap write lock of mapping; held: VMA write lock of vma, mmap write lock of vma->vm_mm, i_mmap read lock of mapping [vmalock-field-write]}}
}

/* lockdep_assert_held*() on the lock's address: its class from the field. */
struct vm_area_struct *good_lockdep_assert_held(struct mm_struct *mm,
						unsigned long addr)
{
	lockdep_assert_held(&mm->mmap_lock);
	return find_vma(mm, addr);
}

void good_lockdep_assert_held_write(struct vm_area_struct *vma)
{
	lockdep_assert_held_write(&vma->vm_mm->mmap_lock);
	vma_start_write(vma);
}

void good_lockdep_assert_page_table_lock(struct vm_area_struct *vma,
					 struct anon_vma *av)
{
	struct mm_struct *mm = vma->vm_mm;

	if (!av)
		return;
	lockdep_assert_held_read(&mm->mmap_lock);
	lockdep_assert_held(&mm->page_table_lock);
	if (!vma->anon_vma)
		vma->anon_vma = av;
}

void bad_lockdep_assert_held_read_mmap(struct vm_area_struct *vma)
{
	lockdep_assert_held(&vma->vm_mm->mmap_lock); // expected-note {{mmap read lock of vma->vm_mm asserted here}}
	vma_start_write(vma); // expected-warning {{vma_start_write() needs the mmap write lock of vma->vm_mm; held: mmap read lock of vma->vm_mm [vmalock-lock-prereq]}}
}

void bad_lockdep_assert_i_mmap_then_vma_write(struct vm_area_struct *vma,
					      struct rb_node node)
{
	struct address_space *mapping = vma->vm_file->f_mapping;

	mmap_assert_write_locked(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm asserted here}}
	lockdep_assert_held_write(&mapping->i_mmap_rwsem); // expected-note {{i_mmap write lock of mapping asserted here}}
	vma->shared.rb = node; // expected-warning {{write to vma->shared.rb needs the VMA write lock of vma; held: mmap write lock of vma->vm_mm, i_mmap write lock of mapping [vmalock-field-write]}}
}
