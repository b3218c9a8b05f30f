// -fplugin-arg-vmalock-werror makes findings errors (plugin warnings
// ignore -Werror).
// RUN: %check -fplugin-arg-vmalock-werror %s
// RUN: %check -fplugin-arg-vmalock-werror -DVL_TEST_INLINE %s
// RUN: not %clang -fsyntax-only -I %kinc -fplugin=%plugin -fplugin-arg-vmalock-werror %s 2>&1 | FileCheck %s
// RUN: %clang -fsyntax-only -Werror -I %kinc -fplugin=%plugin %s 2>&1 | FileCheck --check-prefix=WARN %s
// CHECK: error: find_vma() needs the mmap read lock of mm; held: nothing [vmalock-call-requires]
// WARN: warning: find_vma() needs the mmap read lock of mm; held: nothing [vmalock-call-requires]

#include "kernel.h"

struct vm_area_struct *bad(struct mm_struct *mm)
{
	return find_vma(mm, 0); // expected-error {{find_vma() needs the mmap read lock of mm; held: nothing [vmalock-call-requires]}}
}
