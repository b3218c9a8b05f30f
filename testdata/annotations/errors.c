// Errors in annotations are compiler errors at the annotation, naming the
// column in the annotation text and what was expected.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"
#include "vmalock.h"

void f1(struct mm_struct *mm) __vl_acquires(mmap(mm):writ); // expected-error {{invalid vmalock annotation: expected a lock mode ('read' or 'write') after ':', found 'writ' (column 19 of "acquires mmap(mm):writ")}}
void f2(struct mm_struct *mm) __vl_acquires(nosuchclass(mm)); // expected-error {{invalid vmalock annotation: unknown lock class 'nosuchclass' (column 10 of "acquires nosuchclass(mm)")}}
void f3(struct mm_struct *mm) __vl_requires(mmap(mm) &); // expected-error {{invalid vmalock annotation: expected a lock (such as mmap(mm):write), 'nothing' or '(', found end of input}}

struct s {
	int x __vl_requires(mmap(return)); // expected-error {{invalid vmalock annotation: 'return' is only meaningful in function clauses}}
};
