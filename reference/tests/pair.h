/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * pair.h - a driver and a device over one block of "guest" memory, for
 * either layout.  The block holds the ring, an indirect pool and a data
 * area; it is the only region of the device's memory map, and guard bytes
 * on both sides of it show any write outside the map.
 */
#ifndef PVSPEC_PAIR_H
#define PVSPEC_PAIR_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "virtq_drv.h"
#include "virtq_dev.h"
#include "virtio_features.h"

#define PAIR_GPA_BASE  0x40000000ull  /* guest address of the block's first byte */
#define PAIR_GUARD     4096u          /* guard bytes on each side */
#define PAIR_GUARD_BYTE 0xa5u

struct pair_cfg {
	unsigned layout;
	uint32_t num;
	uint64_t features;       /* negotiated, used by both sides */
	uint32_t max_indirect;   /* descriptors per indirect table; 0 = no pool */
	size_t data_bytes;       /* size of the data area */
};

struct pair {
	struct pair_cfg cfg;
	unsigned char *alloc;    /* guard | block | guard */
	unsigned char *block;
	size_t block_bytes;
	struct virtq_ring_offsets ring;
	size_t ind_off, data_off;
	struct virtq_mem_region region;
	struct virtq_memmap map;
	void *drv_priv, *dev_priv;
	/* each side's state on lines of its own (128: prefetch pairs lines),
	 * so the stress threads share only the ring */
	_Alignas(128) struct virtq_drv drv;
	_Alignas(128) struct virtq_dev dev;
	_Alignas(128) char end[1];
};

/* 0, or a negative VIRTQ_E* from either side's init (-VIRTQ_EINVAL for an
 * allocation failure). */
int pair_init(struct pair *pr, const struct pair_cfg *cfg);
void pair_fini(struct pair *pr);
/* Both sides back to their initial state (after draining virtq_drv_detach). */
void pair_reset(struct pair *pr);
/* Are all guard bytes still intact? */
bool pair_guards_ok(const struct pair *pr);

static inline uint64_t pair_gpa(const struct pair *pr, const void *va)
{
	return PAIR_GPA_BASE + (uint64_t)((const unsigned char *)va - pr->block);
}

static inline void *pair_va(const struct pair *pr, uint64_t gpa)
{
	return pr->block + (gpa - PAIR_GPA_BASE);
}

static inline unsigned char *pair_data(const struct pair *pr)
{
	return pr->block + pr->data_off;
}

/* Printable name of a layout, for diagnostics. */
static inline const char *pair_layout_name(unsigned layout)
{
	return layout == VIRTQ_LAYOUT_PACKED ? "packed" : "split";
}

/*
 * A randomized single-threaded workload over a pair: the driver adds chains
 * of random shape (up to exactly the queue size) with a known payload, the
 * device checks every segment and byte it gets and writes a known answer,
 * completes in random order (in order with VIRTIO_F_IN_ORDER) and in
 * random batches, both sides sleep and wake through the notification
 * controls (a lost wake-up is a failure), and optional resets mid-flight
 * check that detach hands back every outstanding token exactly once.
 * Failures end the test through UT_ASSERT.
 */
struct pair_work_opts {
	uint64_t slots;          /* run until this many descriptors were completed */
	uint64_t min_buffers;    /* ... and at least this many buffers */
	uint32_t reset_every;    /* about one reset per this many steps; 0 = never */
};

struct pair_work_stats {
	uint64_t buffers;        /* buffers completed */
	uint64_t slots;          /* descriptors completed */
	uint64_t resets;
	uint64_t full_chains;    /* buffers exactly the queue size long */
	uint64_t indirect;       /* multi-descriptor buffers the device saw as one slot */
	uint64_t kicks, irqs;    /* notifications sent each way */
};

void pair_work_run(struct pair *pr, const struct pair_work_opts *o, struct pair_work_stats *st);

#endif /* PVSPEC_PAIR_H */
