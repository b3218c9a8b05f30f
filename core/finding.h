/*
 * Findings: what the checkers report, with the path that explains them,
 * and the stable fingerprint that identifies a finding across runs.
 */
#ifndef VL_FINDING_H
#define VL_FINDING_H

#include <stdint.h>

#include "ir.h"
#include "spec.h"

struct vl_step {
	uint32_t loc;
	char *msg;
};

struct vl_finding {
	const char *checker;	/* checker id: "field-write", ... */
	uint32_t loc;		/* index into the unit's locations */
	const char *function;	/* interned by the unit */
	const char *key;	/* interned: field, lock class or callee */
	char *message;
	/* The spec entry behind it (strings interned by the unit); file
	 * NULL: none known. */
	struct vl_rule rule;
	struct vl_step *steps;
	uint32_t nsteps, capsteps;
	char fingerprint[17];	/* set by vl_unit_finish_findings() */
};

void vl_finding_release(struct vl_finding *f);

/*
 * After every function is analysed: sort findings by location and compute
 * fingerprints.  A fingerprint hashes the checker, the file, the function,
 * the key, the source line's text without whitespace and comments and
 * the finding's occurrence index among identical ones, not the line
 * number, so it survives unrelated edits that shift lines and comments
 * added on the line.
 */
void vl_unit_finish_findings(struct vl_unit *u);

/* Analyse every lowered function of the unit, then finish the findings. */
void vl_unit_analyse(struct vl_unit *u);

#endif
