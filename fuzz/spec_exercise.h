/*
 * What the spec fuzzer does with one input, shared by the libFuzzer target
 * (fuzz/spec_fuzzer.c), the corpus replay (fuzz/spec_replay.c, a ctest)
 * and the random robustness run of testdata/unit/test_spec.c.
 */
#ifndef VL_SPEC_EXERCISE_H
#define VL_SPEC_EXERCISE_H

#include <stddef.h>

/*
 * Parse TEXT (LEN bytes, with a NUL after them) as a spec file and, if it
 * has no NUL inside, as an in-source annotation of each subject kind;
 * resolve, format the errors and the text form of whatever parsed.
 * Returns the number of malformed results (an error without a message or
 * a file); a crash or a sanitizer report is the other way to fail.
 */
int vl_spec_exercise(const char *text, size_t len);

#endif /* VL_SPEC_EXERCISE_H */
