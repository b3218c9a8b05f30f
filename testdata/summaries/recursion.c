// Recursive functions and mutually recursive groups are analysed until
// their summaries stop changing: a requirement of the group reaches its
// callers, and the analysis ends.
// process_addrs.rst, "VMA fields": vm_flags: "mmap write, VMA write".
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

/* Self-recursive: writes on the way down. */
static void set_flags_chain(struct vm_area_struct *vma, unsigned long flags,
			    int depth)
{
	if (depth <= 0)
		return;
	vma->__vm_flags = flags; // expected-note {{set_flags_chain() writes vma->__vm_flags here}}
	set_flags_chain(vma, flags, depth - 1);
}

void good_recursive(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	set_flags_chain(vma, 0, 3);
	mmap_write_unlock(vma->vm_mm);
}

void bad_recursive(struct vm_area_struct *vma)
{
	mmap_read_lock(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm taken here}}
	set_flags_chain(vma, 0, 3); // expected-warning {{set_flags_chain() needs the mmap write lock of vma->vm_mm and the VMA write lock of vma; held: mmap read lock of vma->vm_mm [vmalock-call-requires]}}
	mmap_read_unlock(vma->vm_mm);
}

/* Mutually recursive: the requirement of one is the other's. */
static void ping(struct vm_area_struct *vma, int n);

static void pong(struct vm_area_struct *vma, int n)
{
	vma->__vm_flags = 0; // expected-note {{pong() writes vma->__vm_flags here}}
	if (n)
		ping(vma, n - 1);
}

static void ping(struct vm_area_struct *vma, int n)
{
	if (n)
		pong(vma, n - 1); // expected-note {{ping() calls pong() here}}
}

void good_ping(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	ping(vma, 4);
	mmap_write_unlock(vma->vm_mm);
}

void bad_ping(struct vm_area_struct *vma)
{
	ping(vma, 4); // expected-warning {{ping() needs the mmap write lock of vma->vm_mm and the VMA write lock of vma; held: nothing [vmalock-call-requires]}}
}

/* A member of a group that only the group calls passes a callee's
 * requirement on round the group to the member called from outside
 * (mm/pagewalk.c: walk_pmd_range() -> split_huge_pmd(), with
 * walk_page_range() in the group). */
static void set_flags_leaf(struct vm_area_struct *vma)
{
	vma->__vm_flags = 0; // expected-note {{set_flags_leaf() writes vma->__vm_flags here}}
}

static void walk_outer(struct vm_area_struct *vma, int n);

static void walk_inner(struct vm_area_struct *vma, int n)
{
	set_flags_leaf(vma); // expected-note {{walk_inner() calls set_flags_leaf() here}}
	if (n)
		walk_outer(vma, n - 1);
}

static void walk_outer(struct vm_area_struct *vma, int n)
{
	if (n)
		walk_inner(vma, n - 1); // expected-note {{walk_outer() calls walk_inner() here}}
}

void good_walk(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	walk_outer(vma, 4);
	mmap_write_unlock(vma->vm_mm);
}

void bad_walk(struct vm_area_struct *vma)
{
	walk_outer(vma, 4); // expected-warning {{walk_outer() needs the mmap write lock of vma->vm_mm and the VMA write lock of vma; held: nothing [vmalock-call-requires]}}
}
