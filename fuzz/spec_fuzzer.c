/*
 * libFuzzer target for the spec and annotation parser (core/spec_parse.c,
 * core/spec.c): each input is a spec file's text, and an annotation's.
 * Built with -DVMALOCK_FUZZ=ON and clang (scripts/test.sh --fuzz); the
 * seed corpus is fuzz/corpus/spec/ (docs/reliability.md).
 */
#include "fuzz/spec_exercise.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The parser reads a NUL-terminated copy, as the plugin gives it. */
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (vl_spec_exercise(text, size))
		abort();	/* an error without a message or a file */
	free(text);
	return 0;
}
