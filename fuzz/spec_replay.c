/*
 * Run the spec fuzzer's inputs without libFuzzer: every file named on
 * the command line (the corpus fuzz/corpus/spec/, with the regression
 * inputs of bugs the fuzzer found) goes through vl_spec_exercise().  A
 * ctest of the default tier, so that a fixed bug stays fixed in every
 * build.  Exit status 0 if every input passed.
 */
#define _POSIX_C_SOURCE 200809L

#include "core/util.h"
#include "fuzz/spec_exercise.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	int i, failed = 0;

	for (i = 1; i < argc; i++) {
		size_t len;
		char *text = vl_read_file(argv[i], &len);

		if (!text) {
			perror(argv[i]);
			failed++;
			continue;
		}
		if (vl_spec_exercise(text, len)) {
			fprintf(stderr, "%s: malformed error\n", argv[i]);
			failed++;
		}
		free(text);
	}
	printf("%d inputs, %d failed\n", argc - 1, failed);
	return failed != 0;
}
