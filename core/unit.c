/*
 * Analysing a whole translation unit.
 */
#include "analysis.h"
#include "finding.h"

void vl_unit_analyse(struct vl_unit *u)
{
	uint32_t i;

	for (i = 0; i < u->nfuncs; i++)
		vl_analyse_function(u, u->funcs[i]);
	vl_unit_finish_findings(u);
}
