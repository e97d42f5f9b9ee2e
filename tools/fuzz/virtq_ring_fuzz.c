// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * virtq_ring_fuzz.c - libFuzzer target for the reference virtqueues, both
 * layouts, driver and device together under hostile shared memory.  The
 * case itself (operations, hostile writes, invariants) is
 * reference/tests/test_fuzz_core.c, which the unit tests also run on a
 * fixed series of random inputs (test_fuzz_ring.c); a broken invariant
 * aborts with its message.
 *
 *   make fuzz
 *   build/fuzz/virtq-ring-fuzz -max_total_time=60 build/fuzz/corpus-ring
 */
#include <stdio.h>
#include <stdlib.h>
#include "test_fuzz_core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ring_fuzz_fail(const char *msg)
{
	fprintf(stderr, "virtq-ring-fuzz: invariant broken: %s\n", msg);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_stats st;

	fuzz_ring_case(data, size, ring_fuzz_fail, &st);
	return 0;
}
