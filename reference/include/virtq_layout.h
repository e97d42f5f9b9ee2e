/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtq_layout.h - ring layouts and how to carve one allocation into the
 * three areas a virtqueue needs (descriptor area, driver area, device area).
 */
#ifndef VIRTQ_LAYOUT_H
#define VIRTQ_LAYOUT_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "virtq_err.h"
#include "virtq_packed.h"
#include "virtq_split.h"

#define VIRTQ_LAYOUT_SPLIT   0u
#define VIRTQ_LAYOUT_PACKED  1u

/* Byte offsets of the three areas inside one block, each on its own cache
 * line; total is the block size (a multiple of 64). */
struct virtq_ring_offsets {
	size_t desc;
	size_t driver;
	size_t device;
	size_t total;
};

/* Queue sizes the layout allows: packed 1..32768, split powers of two up
 * to 32768 (packed and split queue size rules). */
static inline bool virtq_size_valid(unsigned layout, uint32_t num)
{
	if (num == 0 || num > 32768u)
		return false;
	if (layout == VIRTQ_LAYOUT_PACKED)
		return true;
	return layout == VIRTQ_LAYOUT_SPLIT && (num & (num - 1)) == 0;
}

static inline size_t virtq_align_up(size_t v, size_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Cache line size assumed when placing the areas. */
#define VIRTQ_CACHE_LINE 64u

/*
 * 0, or -VIRTQ_EINVAL for an invalid layout/size.  Each area starts on a
 * cache line of its own (more than the spec's minimum alignment): the
 * driver-written and device-written parts then never share a line, which
 * would otherwise bounce between the two sides for no data (split: the
 * avail ring's tail and the used ring's flags/idx; packed: the two event
 * suppression structures).
 */
static inline int virtq_ring_layout(unsigned layout, uint32_t num, struct virtq_ring_offsets *o)
{
	if (!virtq_size_valid(layout, num))
		return -VIRTQ_EINVAL;
	o->desc = 0;
	if (layout == VIRTQ_LAYOUT_PACKED) {
		o->driver = virtq_align_up(virtq_packed_desc_bytes(num), VIRTQ_CACHE_LINE);
		o->device = o->driver + VIRTQ_CACHE_LINE;
		o->total = o->device + VIRTQ_CACHE_LINE;
	} else {
		o->driver = virtq_align_up(virtq_split_desc_bytes(num), VIRTQ_CACHE_LINE);
		o->device = virtq_align_up(o->driver + virtq_split_avail_bytes(num),
					   VIRTQ_CACHE_LINE);
		o->total = virtq_align_up(o->device + virtq_split_used_bytes(num),
					  VIRTQ_CACHE_LINE);
	}
	return 0;
}

#endif /* VIRTQ_LAYOUT_H */
