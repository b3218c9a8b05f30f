// Regression: a VMA linked into a new anon_vma without the anon_vma lock.
//
// Fix: d9d332e0874f "anon_vma_prepare: properly lock even newly allocated
// entries" (Linus Torvalds, 2.6.27-rc, October 2008).
//
// What was wrong: anon_vma_prepare() took the anon_vma lock only when it
// reused a neighbour's anon_vma (find_mergeable_anon_vma()); for a freshly
// allocated one it set vma->anon_vma and did the list operations under
// mm->page_table_lock alone.  But other CPUs can see the new anon_vma as
// soon as vma->anon_vma is set (page_lock_anon_vma() looks it up under RCU
// without other locks), so the list operations need its lock too.  The fix
// always locks the anon_vma around them; today's __anon_vma_prepare() does
// anon_vma_lock_write(), then page_table_lock, then links the VMA.
//
// Reduced to the 6.12 data structures: the list linked is the VMA's
// anon_vma_chain (then vma->anon_vma_node), written out inline.
//
// Rule (process_addrs.rst, "VMA fields"): anon_vma_chain: "mmap read,
// anon_vma write"; anon_vma NULL -> non-NULL: "mmap read, page_table_lock".
//
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

/* struct anon_vma_chain, under another name so as not to clash with the
 * shared mock if it grows one. */
struct avc_test {
	struct vm_area_struct *vma;
	struct anon_vma *anon_vma;
	struct list_head same_vma;
};

struct anon_vma *find_mergeable_anon_vma(struct vm_area_struct *vma);
struct anon_vma *anon_vma_alloc(void);
void anon_vma_free(struct anon_vma *anon_vma);
struct avc_test *anon_vma_chain_alloc(void);
void anon_vma_chain_free(struct avc_test *avc);
void anon_vma_interval_tree_insert(struct avc_test *avc,
				   struct anon_vma *anon_vma);

/* list_add(&avc->same_vma, &vma->anon_vma_chain), written out. */
#define link_same_vma(avc, vma)                                             \
	do {                                                                \
		(avc)->same_vma.next = (vma)->anon_vma_chain.next;          \
		(avc)->same_vma.prev = &(vma)->anon_vma_chain;              \
		(vma)->anon_vma_chain.next = &(avc)->same_vma;              \
	} while (0)

int bad_anon_vma_prepare(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	struct anon_vma *anon_vma, *allocated = NULL, *locked = NULL;
	struct avc_test *avc;

	mmap_assert_locked(mm); // expected-note {{mmap read lock of mm asserted here}}
	avc = anon_vma_chain_alloc();
	if (!avc)
		return -ENOMEM;
	anon_vma = find_mergeable_anon_vma(vma);
	if (anon_vma) {
		locked = anon_vma;
		anon_vma_lock_write(locked);
	} else {
		anon_vma = anon_vma_alloc();
		if (!anon_vma) {
			anon_vma_chain_free(avc);
			return -ENOMEM;
		}
		allocated = anon_vma;	/* not locked: nobody else sees it yet? */
	}

	/* page_table_lock to protect against threads */
	spin_lock(&mm->page_table_lock); // expected-note {{page_table_lock of mm taken here}}
	if (!vma->anon_vma) {
		vma->anon_vma = anon_vma;
		avc->vma = vma;
		avc->anon_vma = anon_vma;
		link_same_vma(avc, vma); // expected-warning {{write to vma->anon_vma_chain.next needs the anon_vma write lock of allocated->root on some paths; held: mmap read lock of mm, page_table_lock of mm; on some paths also: anon_vma write lock of locked->root [vmalock-field-write]}}
		anon_vma_interval_tree_insert(avc, anon_vma);
		allocated = NULL;
		avc = NULL;
	}
	spin_unlock(&mm->page_table_lock);

	if (locked)
		anon_vma_unlock_write(locked);
	if (allocated)
		anon_vma_free(allocated);
	if (avc)
		anon_vma_chain_free(avc);
	return 0;
}

/* After the fix (the 6.12 __anon_vma_prepare() shape): always lock. */
int good_anon_vma_prepare(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	struct anon_vma *anon_vma, *allocated = NULL;
	struct avc_test *avc;

	mmap_assert_locked(mm);
	avc = anon_vma_chain_alloc();
	if (!avc)
		return -ENOMEM;
	anon_vma = find_mergeable_anon_vma(vma);
	if (!anon_vma) {
		anon_vma = anon_vma_alloc();
		if (!anon_vma) {
			anon_vma_chain_free(avc);
			return -ENOMEM;
		}
		allocated = anon_vma;
	}

	anon_vma_lock_write(anon_vma);
	/* page_table_lock to protect against threads */
	spin_lock(&mm->page_table_lock);
	if (!vma->anon_vma) {
		vma->anon_vma = anon_vma;
		avc->vma = vma;
		avc->anon_vma = anon_vma;
		link_same_vma(avc, vma);
		anon_vma_interval_tree_insert(avc, anon_vma);
		allocated = NULL;
		avc = NULL;
	}
	spin_unlock(&mm->page_table_lock);
	anon_vma_unlock_write(anon_vma);

	if (allocated)
		anon_vma_free(allocated);
	if (avc)
		anon_vma_chain_free(avc);
	return 0;
}
