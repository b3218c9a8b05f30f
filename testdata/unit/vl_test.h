/*
 * Minimal unit-test helpers: CHECK() records a failure and goes on,
 * vl_test_done() prints a summary and gives the exit status.
 */
#ifndef VL_TEST_H
#define VL_TEST_H

#include <stdio.h>
#include <string.h>

static int vl_test_failures;
static int vl_test_checks;

#define CHECK(cond)                                                        \
	do {                                                               \
		vl_test_checks++;                                          \
		if (!(cond)) {                                             \
			vl_test_failures++;                                \
			fprintf(stderr, "%s:%d: check failed: %s\n",       \
				__FILE__, __LINE__, #cond);                \
		}                                                          \
	} while (0)

#define CHECK_STR(a, b)                                                    \
	do {                                                               \
		const char *a_ = (a), *b_ = (b);                           \
		vl_test_checks++;                                          \
		if (!a_ || !b_ || strcmp(a_, b_) != 0) {                   \
			vl_test_failures++;                                \
			fprintf(stderr, "%s:%d: \"%s\" != \"%s\"\n",      \
				__FILE__, __LINE__, a_ ? a_ : "(null)",    \
				b_ ? b_ : "(null)");                       \
		}                                                          \
	} while (0)

static inline int vl_test_done(const char *name)
{
	if (vl_test_failures) {
		fprintf(stderr, "%s: %d of %d checks failed\n", name,
			vl_test_failures, vl_test_checks);
		return 1;
	}
	printf("%s: %d checks passed\n", name, vl_test_checks);
	return 0;
}

#endif
