// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * virtq_dev_ring_fuzz.c - libFuzzer target for the reference device side,
 * both layouts: the input bytes are the driver-written ring memory itself
 * (descriptor area, avail ring or driver event structure, indirect tables),
 * so the fuzzer mutates descriptor fields in place.  The case and its
 * invariants are fuzz_dev_ring_case() in reference/tests/test_fuzz_core.c.
 *
 *   make fuzz
 *   build/fuzz/virtq-dev-ring-fuzz -max_total_time=60 build/fuzz/corpus-dev-ring
 */
#include <stdio.h>
#include <stdlib.h>
#include "test_fuzz_core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void dev_ring_fuzz_fail(const char *msg)
{
	fprintf(stderr, "virtq-dev-ring-fuzz: invariant broken: %s\n", msg);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_stats st;

	fuzz_dev_ring_case(data, size, dev_ring_fuzz_fail, &st);
	return 0;
}
