/*
 * The table of checkers, built from checkers.def.
 */
#include "core/analysis.h"

#define VL_CHECKER(name) extern const struct vl_checker vl_checker_##name;
#include "checkers.def"
#undef VL_CHECKER

#define VL_CHECKER(name) &vl_checker_##name,
const struct vl_checker *const vl_checkers[] = {
#include "checkers.def"
};
#undef VL_CHECKER

const uint32_t vl_ncheckers = VL_ARRAY_SIZE(vl_checkers);
