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

/* Byte offsets of the three areas inside one block, each aligned as the
 * layout requires; total is the block size (a multiple of 16). */
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

/* 0, or -VIRTQ_EINVAL for an invalid layout/size. */
static inline int virtq_ring_layout(unsigned layout, uint32_t num, struct virtq_ring_offsets *o)
{
	if (!virtq_size_valid(layout, num))
		return -VIRTQ_EINVAL;
	o->desc = 0;
	if (layout == VIRTQ_LAYOUT_PACKED) {
		/* descriptors (16-aligned), then two 4-byte event structures */
		o->driver = virtq_packed_desc_bytes(num);
		o->device = o->driver + sizeof(struct virtq_packed_event);
		o->total = virtq_align_up(o->device + sizeof(struct virtq_packed_event), 16);
	} else {
		o->driver = virtq_split_desc_bytes(num);
		o->device = virtq_align_up(o->driver + virtq_split_avail_bytes(num),
					   VIRTQ_SPLIT_USED_ALIGN);
		o->total = virtq_align_up(o->device + virtq_split_used_bytes(num), 16);
	}
	return 0;
}

#endif /* VIRTQ_LAYOUT_H */
