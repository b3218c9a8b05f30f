// Annotations on declarations inside function bodies are read too,
// however deeply the declaration is nested: in a block, in a statement
// expression, in a struct defined in the body, in a for statement.
// RUN: %check %s

#include "kernel.h"
#include "vmalock.h"

void bad_nested(struct mm_struct *mm)
{
	if (mm) {
		while (mm) {
			int x __vl_text("nosuchitem"); // expected-error {{invalid vmalock annotation}}
			(void)x;
			mm = 0;
		}
	}
}

int bad_statement_expression(void)
{
	return ({
		int y __vl_text("nosuchitem"); // expected-error {{invalid vmalock annotation}}
		y = 1;
		y;
	});
}

void bad_local_struct(void)
{
	struct local {
		int z __vl_requires(mmap(return)); // expected-error {{'return' is only meaningful in function clauses}}
	} l = {0};
	(void)l;
}

void bad_for(void)
{
	for (int i __vl_text("nosuchitem") = 0; i < 1; i++) // expected-error {{invalid vmalock annotation}}
		;
}
