/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * test_split_env.h - a split virtqueue with both ends in one address
 * space, for the split tests: one guest-memory region holding the rings,
 * an indirect pool and data buffers, framed by guard bytes that lie
 * outside the memory map (so a write through any translated pointer that
 * escaped the map shows up), plus raw writers that let a test play a
 * hostile driver or a hostile device.
 *
 * Memory is static (a failed assertion longjmps out of the test, so
 * nothing here needs freeing).
 */
#ifndef TEST_SPLIT_ENV_H
#define TEST_SPLIT_ENV_H

#include <string.h>
#include "ut.h"
#include "plat.h"
#include "virtio_features.h"
#include "virtq_drv.h"
#include "virtq_dev.h"

#define SENV_GUARD      256u
#define SENV_GPA        0x40000000ull
#define SENV_DATA_BYTES 65536u
#define SENV_MAX_IND    8u
#define SENV_ARENA      (6u * 1024u * 1024u)
#define SENV_GUARD_BYTE 0xA5u

struct split_env {
	uint32_t num;
	uint64_t features;
	unsigned char *base;           /* first mapped byte */
	size_t size;                   /* mapped bytes */
	struct virtq_ring_offsets off;
	size_t ind_off, data_off;
	struct virtq_mem_region region;
	struct virtq_memmap map;
	struct virtq_drv drv;
	struct virtq_dev dev;
	struct virtq_seg seg[64];
	struct virtq_req req;
	uint16_t raw_avail;            /* hostile driver: next avail idx */
};

static _Alignas(4096) unsigned char senv_arena[SENV_ARENA];
static _Alignas(64) unsigned char senv_drv_priv[32768u * 24u];
static _Alignas(64) unsigned char senv_dev_priv[32768u * 4u];

static inline uint64_t senv_gpa(const struct split_env *e, size_t off)
{
	(void)e;
	return SENV_GPA + off;
}

/* Guest address of byte `off` of the data area. */
static inline uint64_t senv_data(const struct split_env *e, size_t off)
{
	return senv_gpa(e, e->data_off + off);
}

static inline volatile struct virtq_split_desc *senv_desc(struct split_env *e)
{
	return (volatile struct virtq_split_desc *)(void *)(e->base + e->off.desc);
}
static inline volatile struct virtq_split_avail *senv_avail(struct split_env *e)
{
	return (volatile struct virtq_split_avail *)(void *)(e->base + e->off.driver);
}
static inline volatile struct virtq_split_used *senv_used(struct split_env *e)
{
	return (volatile struct virtq_split_used *)(void *)(e->base + e->off.device);
}
/* Indirect table i of the pool (SENV_MAX_IND descriptors each). */
static inline volatile struct virtq_split_desc *senv_ind(struct split_env *e, uint32_t i)
{
	return (volatile struct virtq_split_desc *)(void *)(e->base + e->ind_off) + i * SENV_MAX_IND;
}
static inline uint64_t senv_ind_gpa(struct split_env *e, uint32_t i)
{
	return senv_gpa(e, e->ind_off + (size_t)i * SENV_MAX_IND * 16u);
}

static inline bool senv_guards_intact(const struct split_env *e)
{
	size_t i;

	for (i = 0; i < SENV_GUARD; i++)
		if (senv_arena[i] != SENV_GUARD_BYTE ||
		    e->base[e->size + i] != SENV_GUARD_BYTE)
			return false;
	return true;
}

/* Set up both ends of a num-entry split queue with the given features. */
static inline void senv_init(struct split_env *e, uint32_t num, uint64_t features)
{
	struct virtq_drv_cfg dc;
	struct virtq_dev_cfg vc;

	memset(e, 0, sizeof(*e));
	e->num = num;
	e->features = features;
	UT_EQ(virtq_ring_layout(VIRTQ_LAYOUT_SPLIT, num, &e->off), 0);
	e->ind_off = virtq_align_up(e->off.total, 64);
	e->data_off = virtq_align_up(e->ind_off + (size_t)num * SENV_MAX_IND * 16u, 64);
	e->size = e->data_off + SENV_DATA_BYTES;
	UT_ASSERT(e->size + 2u * SENV_GUARD <= SENV_ARENA);
	e->base = senv_arena + SENV_GUARD;
	memset(senv_arena, SENV_GUARD_BYTE, SENV_GUARD);
	memset(e->base, 0, e->size);
	memset(e->base + e->size, SENV_GUARD_BYTE, SENV_GUARD);
	e->region.gpa = SENV_GPA;
	e->region.size = e->size;
	e->region.hva = e->base;
	e->map.regions = &e->region;
	e->map.nregions = 1;

	memset(&dc, 0, sizeof(dc));
	dc.layout = VIRTQ_LAYOUT_SPLIT;
	dc.num = num;
	dc.vq_index = 3;
	dc.features = features;
	dc.desc.va = e->base + e->off.desc;
	dc.desc.dma = senv_gpa(e, e->off.desc);
	dc.driver.va = e->base + e->off.driver;
	dc.driver.dma = senv_gpa(e, e->off.driver);
	dc.device.va = e->base + e->off.device;
	dc.device.dma = senv_gpa(e, e->off.device);
	dc.priv = senv_drv_priv;
	dc.priv_size = virtq_drv_priv_size(VIRTQ_LAYOUT_SPLIT, num);
	UT_ASSERT(dc.priv_size <= sizeof(senv_drv_priv));
	dc.indirect.va = e->base + e->ind_off;
	dc.indirect.dma = senv_gpa(e, e->ind_off);
	dc.max_indirect = SENV_MAX_IND;
	UT_EQ(virtq_drv_init(&e->drv, &dc), 0);

	memset(&vc, 0, sizeof(vc));
	vc.layout = VIRTQ_LAYOUT_SPLIT;
	vc.num = num;
	vc.vq_index = 3;
	vc.features = features;
	vc.desc_gpa = dc.desc.dma;
	vc.driver_gpa = dc.driver.dma;
	vc.device_gpa = dc.device.dma;
	vc.mem = &e->map;
	vc.priv = senv_dev_priv;
	vc.priv_size = virtq_dev_priv_size(VIRTQ_LAYOUT_SPLIT, num);
	UT_ASSERT(vc.priv_size <= sizeof(senv_dev_priv));
	UT_EQ(virtq_dev_init(&e->dev, &vc), 0);
}

/* Both ends back to the initial state (driver first: it owns the rings). */
static inline void senv_reset(struct split_env *e)
{
	while (virtq_drv_detach(&e->drv))
		;
	virtq_drv_reset(&e->drv);
	virtq_dev_reset(&e->dev);
	e->raw_avail = 0;
}

/* Hostile driver: write descriptor i as given. */
static inline void senv_raw_desc(struct split_env *e, uint32_t i, uint64_t addr,
				 uint32_t len, uint16_t flags, uint16_t next)
{
	volatile struct virtq_split_desc *d = senv_desc(e) + i;

	d->addr = pvref_le64(addr);
	d->len = pvref_le32(len);
	d->flags = pvref_le16(flags);
	d->next = pvref_le16(next);
}

static inline void senv_raw_ind(volatile struct virtq_split_desc *d, uint64_t addr,
				uint32_t len, uint16_t flags, uint16_t next)
{
	d->addr = pvref_le64(addr);
	d->len = pvref_le32(len);
	d->flags = pvref_le16(flags);
	d->next = pvref_le16(next);
}

/* Hostile driver: publish head at the next avail position. */
static inline void senv_raw_publish(struct split_env *e, uint16_t head)
{
	volatile struct virtq_split_avail *a = senv_avail(e);

	a->ring[e->raw_avail & (e->num - 1)] = pvref_le16(head);
	e->raw_avail++;
	pvref_store_release16(&a->idx, pvref_le16(e->raw_avail));
}

/* Hostile device: write used element at position pos; set used->idx. */
static inline void senv_raw_used(struct split_env *e, uint16_t pos, uint32_t id, uint32_t len)
{
	volatile struct virtq_split_used *u = senv_used(e);

	u->ring[pos & (e->num - 1)].id = pvref_le32(id);
	u->ring[pos & (e->num - 1)].len = pvref_le32(len);
}
static inline void senv_raw_used_idx(struct split_env *e, uint16_t idx)
{
	pvref_store_release16(&senv_used(e)->idx, pvref_le16(idx));
}

/* Driver adds one buffer: `out` readable then `in` writable segments of
 * seglen bytes each, from data offset dataoff. */
static inline int senv_add(struct split_env *e, uint32_t out, uint32_t in, uint32_t seglen,
			   size_t dataoff, void *token, uint32_t flags)
{
	struct virtq_sg sg[64];
	uint32_t j;

	for (j = 0; j < out + in && j < 64; j++) {
		sg[j].addr = senv_data(e, dataoff + (size_t)j * seglen);
		sg[j].len = seglen;
	}
	return virtq_drv_add(&e->drv, sg, out, in, token, flags);
}

/* Device pops one request into e->req; returns virtq_dev_pop's result. */
static inline int senv_pop(struct split_env *e)
{
	return virtq_dev_pop(&e->dev, &e->req, e->seg, 64);
}

/* Run single-buffer round trips until both ring indexes reach `target`
 * (mod 2^16), leaving nothing outstanding. */
static inline void senv_advance(struct split_env *e, uint16_t target)
{
	static int token;
	uint32_t len;

	while (e->drv.u.split.avail_idx != target) {
		UT_EQ(senv_add(e, 0, 1, 8, 0, &token, 0), 0);
		UT_EQ(senv_pop(e), 1);
		UT_EQ(virtq_dev_push(&e->dev, &e->req, 8), 0);
		virtq_dev_flush(&e->dev);
		UT_ASSERT(virtq_drv_get(&e->drv, &len) == &token);
	}
	UT_EQ(pvref_le16(senv_used(e)->idx), target);
}

#endif /* TEST_SPLIT_ENV_H */
