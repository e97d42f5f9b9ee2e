/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtq_split.h - wire format of the split virtqueue (spec chapter "Split
 * virtqueue", VQS-*).  All fields are little-endian in memory.
 */
#ifndef VIRTQ_SPLIT_H
#define VIRTQ_SPLIT_H

#include <stdint.h>
#include <stddef.h>

#define VIRTQ_SPLIT_F_NEXT      (1u << 0)
#define VIRTQ_SPLIT_F_WRITE     (1u << 1)
#define VIRTQ_SPLIT_F_INDIRECT  (1u << 2)

#define VIRTQ_AVAIL_F_NO_INTERRUPT 1u
#define VIRTQ_USED_F_NO_NOTIFY     1u

#define VIRTQ_SPLIT_MAX_SIZE   32768u

struct virtq_split_desc {
	uint64_t addr;   /* le64 */
	uint32_t len;    /* le32 */
	uint16_t flags;  /* le16 */
	uint16_t next;   /* le16 */
};

/* Driver area: flags, idx, ring[num], used_event (with EVENT_IDX) */
struct virtq_split_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};

struct virtq_split_used_elem {
	uint32_t id;     /* le32: head descriptor index */
	uint32_t len;    /* le32: bytes written */
};

/* Device area: flags, idx, ring[num], avail_event (with EVENT_IDX) */
struct virtq_split_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_split_used_elem ring[];
};

_Static_assert(sizeof(struct virtq_split_desc) == 16, "split desc size");
_Static_assert(sizeof(struct virtq_split_used_elem) == 8, "used elem size");

#define VIRTQ_SPLIT_DESC_ALIGN   16u
#define VIRTQ_SPLIT_AVAIL_ALIGN  2u
#define VIRTQ_SPLIT_USED_ALIGN   4u

static inline size_t virtq_split_desc_bytes(uint32_t num)
{
	return (size_t)num * sizeof(struct virtq_split_desc);
}
/* includes used_event */
static inline size_t virtq_split_avail_bytes(uint32_t num)
{
	return 6u + 2u * (size_t)num;
}
/* includes avail_event */
static inline size_t virtq_split_used_bytes(uint32_t num)
{
	return 6u + 8u * (size_t)num;
}
/* used_event lives after avail->ring[num]; avail_event after used->ring[num] */
static inline volatile uint16_t *virtq_split_used_event(volatile struct virtq_split_avail *a, uint32_t num)
{
	return &a->ring[num];
}
static inline volatile uint16_t *virtq_split_avail_event(volatile struct virtq_split_used *u, uint32_t num)
{
	return (volatile uint16_t *)&u->ring[num];
}

/* "Has the index crossed event since old?" (VQS event index rule) */
static inline int virtq_split_need_event(uint16_t event, uint16_t new_idx, uint16_t old)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

#endif /* VIRTQ_SPLIT_H */
