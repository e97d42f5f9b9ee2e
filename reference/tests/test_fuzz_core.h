/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * test_fuzz_core.h - one fuzz case over the reference virtqueues: a driver
 * and a device share one block of guest memory fenced by inaccessible
 * pages, and an input byte string drives a script of operations on both
 * sides interleaved with hostile writes to the shared memory (descriptors,
 * indirect tables, ring indexes, used elements, event structures).
 *
 * Invariants checked after every step:
 *   device: a popped request has 1..max_seg segments, each inside the map,
 *     non-empty, readable before writable, whose lengths add up to out_len
 *     and in_len; its ID is below the queue size; or the queue is broken
 *     with a protocol-violation code and stays broken until reset;
 *   driver: a token comes back only while it is outstanding, at most once,
 *     with a length no larger than the buffer's writable part; or the
 *     queue is broken with a used-side code and stays broken until reset;
 *   neither side touches memory outside the block (guard pages, and
 *   AddressSanitizer in the sanitizer builds).
 *
 * The same function runs a few thousand random inputs in the unit tests
 * (test_fuzz_ring.c) and arbitrary inputs under libFuzzer
 * (tools/fuzz/virtq_ring_fuzz.c).
 */
#ifndef PVSPEC_TEST_FUZZ_CORE_H
#define PVSPEC_TEST_FUZZ_CORE_H

#include <stddef.h>
#include <stdint.h>

/* The guest memory of a case: one block, one region. */
#define FUZZ_BLOCK       16384u   /* bytes */
#define FUZZ_IND_OFF     1024u    /* indirect pool (8 entries per Buffer ID / head) */
#define FUZZ_DATA_OFF    5120u    /* buffer space up to the end of the block */
#define FUZZ_DEV_RING_IND 256u    /* indirect bytes per round of fuzz_dev_ring_case() */

/* Layout and queue size a case runs with, from its first two bytes. */
void fuzz_case_shape(uint8_t b0, uint8_t b1, unsigned *layout, uint32_t *num);

/* Statistics a caller may sum over many cases (to show the fuzz loop
 * reached the interesting states). */
struct fuzz_stats {
	uint64_t cases;
	uint64_t ops;
	uint64_t pops, pushes, gets, adds;
	uint64_t dev_broken, drv_broken;
	uint64_t resets;
	uint64_t dev_err[64];     /* device breaks per VIRTQ_E* code */
	uint64_t drv_err[64];     /* driver breaks per VIRTQ_E* code */
};

/* Called on a broken invariant with a message; must not return. */
typedef void (*fuzz_fail_fn)(const char *msg);

/* Run one case.  Returns normally when every invariant held. */
void fuzz_ring_case(const uint8_t *data, size_t size, fuzz_fail_fn fail,
		    struct fuzz_stats *st);

/*
 * Device only: after the two header bytes, each round takes a control
 * byte, then copies input over the driver-written ring memory (descriptor
 * area and driver area: virtq_ring_layout()'s .device bytes at guest
 * address 0) and then 256 bytes over the indirect pool (guest address
 * 1024); the rest of the block is buffer space.  Each round the device pops
 * until the ring is empty or broken, completes everything, flushes and
 * decides about notifications.  A broken queue is checked to stay broken,
 * then reset.  Same invariants as fuzz_ring_case().
 */
void fuzz_dev_ring_case(const uint8_t *data, size_t size, fuzz_fail_fn fail,
			struct fuzz_stats *st);

#endif /* PVSPEC_TEST_FUZZ_CORE_H */
