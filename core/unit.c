/*
 * Analysing a whole translation unit: functions bottom-up over the call
 * graph, so that each call is checked against its callee's summary
 * (summary.h); a recursive group is analysed again until its summaries
 * stop changing.  Then the obligations decide who is to blame.
 */
#include "analysis.h"
#include "finding.h"
#include "summary.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ROUNDS 4		/* analyses of a recursive group */

/* Does function f call itself? */
static bool calls_itself(const struct vl_func *f)
{
	uint32_t i;

	for (i = 0; i < f->nevents; i++) {
		const struct vl_event *ev = &f->events[i];

		if (ev->kind == VL_EV_CALL && ev->name &&
		    ev->callee == VL_NONE &&
		    strcmp(ev->link ? ev->link : ev->name,
			   vl_func_link_name(f)) == 0)
			return true;
	}
	return false;
}

static void drop_findings(struct vl_unit *u, uint32_t from)
{
	while (u->nfindings > from)
		vl_finding_release(&u->findings[--u->nfindings]);
}

void vl_unit_analyse(struct vl_unit *u)
{
	uint32_t *order, *start, nscc, k, i, round;

	vl_summaries_free(u->sums);
	u->sums = vl_summaries_new(u->nfuncs);
	order = vl_xcalloc(u->nfuncs + 1, sizeof(*order));
	start = vl_xcalloc(u->nfuncs + 2, sizeof(*start));
	nscc = vl_callgraph(u, order, start);
	for (k = 0; k < nscc; k++) {
		uint32_t a = start[k], b = start[k + 1];
		bool recursive = b - a > 1 || calls_itself(u->funcs[order[a]]);

		for (round = 0;; round++) {
			uint32_t mark = u->nfindings;

			u->sums->changed = false;
			for (i = a; i < b; i++)
				vl_analyse_function(u, u->funcs[order[i]]);
			if (!recursive || !u->sums->changed ||
			    round + 1 >= MAX_ROUNDS)
				break;
			/* Again, with the group's new summaries. */
			drop_findings(u, mark);
		}
	}
	free(order);
	free(start);
	vl_obl_resolve(u);
	vl_unit_finish_findings(u);
}
