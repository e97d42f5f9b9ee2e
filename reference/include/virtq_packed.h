/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtq_packed.h - wire format of the packed virtqueue (spec chapter
 * "Packed virtqueue", VQP-*).  All fields are little-endian in memory.
 */
#ifndef VIRTQ_PACKED_H
#define VIRTQ_PACKED_H

#include <stdint.h>
#include <stddef.h>

/* Descriptor flags (VQP layout) */
#define VIRTQ_DESC_F_NEXT      (1u << 0)
#define VIRTQ_DESC_F_WRITE     (1u << 1)
#define VIRTQ_DESC_F_INDIRECT  (1u << 2)
#define VIRTQ_DESC_F_AVAIL     (1u << 7)
#define VIRTQ_DESC_F_USED      (1u << 15)

/* Event suppression flags (both directions) */
#define VIRTQ_EVT_F_ENABLE     0x0u
#define VIRTQ_EVT_F_DISABLE    0x1u
#define VIRTQ_EVT_F_DESC       0x2u
#define VIRTQ_EVT_F_MASK       0x3u

/* off_wrap: bits 0..14 descriptor offset, bit 15 wrap counter */
#define VIRTQ_EVT_WRAP_SHIFT   15
#define VIRTQ_EVT_OFF_MASK     0x7fffu

#define VIRTQ_PACKED_MAX_SIZE  32768u

struct virtq_packed_desc {
	uint64_t addr;   /* le64: buffer address */
	uint32_t len;    /* le32: buffer length / used length */
	uint16_t id;     /* le16: Buffer ID */
	uint16_t flags;  /* le16: NEXT/WRITE/INDIRECT/AVAIL/USED */
};

struct virtq_packed_event {
	uint16_t off_wrap; /* le16 */
	uint16_t flags;    /* le16: ENABLE/DISABLE/DESC */
};

_Static_assert(sizeof(struct virtq_packed_desc) == 16, "packed desc size");
_Static_assert(sizeof(struct virtq_packed_event) == 4, "packed event size");

/* Alignment (bytes) of each area (VQP layout requirements) */
#define VIRTQ_PACKED_DESC_ALIGN   16u
#define VIRTQ_PACKED_EVENT_ALIGN  4u

static inline size_t virtq_packed_desc_bytes(uint32_t num)
{
	return (size_t)num * sizeof(struct virtq_packed_desc);
}

#endif /* VIRTQ_PACKED_H */
