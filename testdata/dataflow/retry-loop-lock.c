// A retry loop that looks an object up, locks it and starts again keeps
// the lock under the local's name: the code after the loop releases it
// through the same local, held iff that local is non-NULL
// (mm/userfaultfd.c move_pages_pte(): "src_anon_vma =
// folio_get_anon_vma(); anon_vma_lock_write(); goto retry", released at
// "out:" under "if (src_anon_vma)").  Where paths meet, what both know
// of a local's values is known of the join's value (NULL from the start
// and NULL from a failed lookup are NULL), and a lock named through a
// lookup's result is named through the local when more lock states meet
// than are kept apart.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"
#include "many-lock-states.h"

struct anon_vma *folio_get_anon_vma(struct folio *folio);
void put_anon_vma(struct anon_vma *anon_vma);
int try_again(void);

int good_retry_lock(struct folio *folio)
{
	struct anon_vma *av = NULL;
	int err;

retry:
	if (!av) {
		av = folio_get_anon_vma(folio);
		if (!av) {
			err = -1;
			goto out;
		}
		if (!anon_vma_trylock_write(av)) {
			anon_vma_lock_write(av);
			goto retry;
		}
	}
	err = try_again();
	if (err)
		goto retry;
out:
	if (av) {
		anon_vma_unlock_write(av);
		put_anon_vma(av);
	}
	return err;
}

int bad_retry_unlock_twice(struct folio *folio)
{
	struct anon_vma *av = NULL;

retry:
	if (!av) {
		av = folio_get_anon_vma(folio);
		if (!av)
			return -1;
		anon_vma_lock_write(av);
		goto retry;
	}
	anon_vma_unlock_write(av); // expected-note {{anon_vma write lock of av->root released here}}
	anon_vma_unlock_write(av); // expected-warning {{anon_vma_unlock_write() releases the anon_vma write lock of av->root, which is not held [vmalock-release-unheld]}}
	put_anon_vma(av);
	return 0;
}

/* NULL from the start and NULL from a failed lookup meet at "out". */
int good_lookup_failed_joins(struct folio *folio, int x)
{
	struct anon_vma *av = NULL;

	if (x) {
		av = folio_get_anon_vma(folio);
		if (!av)
			goto out;
		anon_vma_lock_write(av);
	}
	try_again();
out:
	if (av)
		anon_vma_unlock_write(av);
	return 0;
}


/* More lock states than are kept apart (many-lock-states.h). */
int good_lookup_many_states(struct folio *folio, int a)
{
	struct anon_vma *av = NULL;

	if (a & 32) {
		av = folio_get_anon_vma(folio);
		if (!av)
			return -1;
		anon_vma_lock_write(av);
	}
	many_lock_states_take(a);
	try_again();
	many_lock_states_drop(a);
	if (av)
		anon_vma_unlock_write(av);
	return 0;
}
