// "entry FUNCTION(params) holds R": what the callers of a function hold
// when none of them is analysed (an exported function whose callers are
// drivers).  When analysed code does call it, those calls are checked
// against what it needs instead, and the declaration plays no part.
// RUN: %check -fplugin-arg-vmalock-spec=%S/Inputs/features.spec %s

#include "Inputs/features.h"

/* No entry declaration: an entry point holds nothing. */
void bad_undeclared_entry(struct node *n)
{
	n->color = 1; // expected-warning {{write to n->color needs the node write lock of n; held: nothing [vmalock-field-write]}}
}

/* Good: declared, and nothing analysed calls it. */
void api_set_color(struct node *n)
{
	n->color = 2;
}

/* Declared, but called here: the call is checked, not the declaration. */
void api_set_color_called(struct node *n)
{
	n->color = 3; // expected-note {{api_set_color_called() writes n->color here}}
}

void good_calls_with_lock(struct node *n)
{
	node_lock(n);
	api_set_color_called(n);
	node_unlock(n);
}

void bad_calls_without_lock(struct node *n)
{
	api_set_color_called(n); // expected-warning {{api_set_color_called() needs the node write lock of n; held: nothing [vmalock-call-requires]}}
}

/* Guards on a set of values: "if mode in (1, 2)" is an entry state per
 * value, "unless mode in (1, 2)" one where mode is neither; a requirement
 * guarded the same way applies where the path shows one of the values. */
void set_mode(struct node *n, int mode);

void api_by_mode(struct node *n, int mode)
{
	set_mode(n, mode);
	if (mode == 1 || mode == 2)
		n->color = mode;
}

void good_set_mode_other(struct node *n)
{
	set_mode(n, 3);
}

void bad_set_mode_unlocked(struct node *n)
{
	set_mode(n, 2); // expected-warning {{set_mode() needs the node write lock of n; held: nothing [vmalock-call-requires]}}
}

/* Every entry line of a function is a state of its own: the second one
 * (the read lock where mode is not 1) is checked too. */
void api_two_states(struct node *n, int mode) // expected-note {{node read lock of n held by the caller of api_two_states()}}
{
	n->color = mode; // expected-warning {{write to n->color needs the node write lock of n on some paths; held: nothing; on some paths also: node write lock of n, node read lock of n [vmalock-field-write]}}
}
