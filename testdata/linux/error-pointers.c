// An error pointer is never NULL, and IS_ERR_OR_NULL() is false only for
// a valid pointer: a path that knows the pointer is NULL does not go
// where IS_ERR_OR_NULL() said no.
// include/linux/err.h; mm/userfaultfd.c move_pages_pte(): "if
// (!src_folio) folio = filemap_get_folio(...); if (!IS_ERR_OR_NULL(folio))
// { ... folio_lock(src_folio)" with folio still NULL otherwise.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

struct folio *find_folio(int key);

void good_null_folio(struct vm_area_struct *vma)
{
	struct folio *folio = NULL;

	anon_vma_lock_write(vma->anon_vma);
	if (!IS_ERR_OR_NULL(folio))
		folio_lock(folio);
	anon_vma_unlock_write(vma->anon_vma);
}

void bad_found_folio(struct vm_area_struct *vma, int key)
{
	struct folio *folio = NULL;

	anon_vma_lock_write(vma->anon_vma); // expected-note {{anon_vma write lock of vma->anon_vma->root taken here}}
	if (key)
		folio = find_folio(key);
	if (!IS_ERR_OR_NULL(folio))
		folio_lock(folio); // expected-warning {{taking the folio write lock of folio while holding the anon_vma write lock of vma->anon_vma->root violates the lock order (folio_lock before anon_vma) [vmalock-lock-order]}}
	anon_vma_unlock_write(vma->anon_vma);
}

/* An error pointer is not NULL: its lock is taken on no NULL object. */
void good_error_pointer(struct vm_area_struct *vma, int key)
{
	struct folio *folio = find_folio(key);

	if (IS_ERR(folio) && !folio)
		anon_vma_lock_write(vma->anon_vma);
}
