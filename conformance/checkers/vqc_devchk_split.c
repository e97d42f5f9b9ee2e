// SPDX-License-Identifier: GPL-2.0-only
/*
 * vqc_devchk_split.c - device checker, split layout.
 */
#include <string.h>
#include "vqc_devchk_priv.h"
#include "vqc_reqs.h"
#include "virtq_split.h"

/* n consecutive free descriptors (mod num) from the rotating cursor. */
static int s_alloc(struct vqc_devchk *c, uint32_t n, uint16_t *head)
{
	for (uint32_t start = 0; start < c->r.num; start++) {
		uint16_t h = (uint16_t)((c->next_desc + start) % c->r.num);
		uint32_t k;

		for (k = 0; k < n; k++)
			if (c->desc_busy[(h + k) % c->r.num])
				break;
		if (k == n) {
			*head = h;
			return 0;
		}
	}
	return -1;
}

int vqc_devchk_add_split(struct vqc_devchk *c, const struct vqc_seg *seg, uint32_t nseg,
			 void *itable, uint64_t itable_gpa, uint16_t *id)
{
	volatile struct virtq_split_desc *d = c->r.desc;
	volatile struct virtq_split_avail *a = c->r.driver;
	uint32_t pre = itable && c->split_ind_prefix < nseg ? c->split_ind_prefix : 0;
	uint32_t n = itable ? pre + 1 : nseg;
	uint16_t head, i;

	if (n > c->r.num || s_alloc(c, n, &head))
		return -1;
	if (itable) {
		struct virtq_split_desc *t = itable;
		uint32_t nt = nseg - pre;

		for (uint32_t k = 0; k < nt; k++) {
			t[k].addr = seg[pre + k].gpa;
			t[k].len = seg[pre + k].len;
			t[k].flags = (uint16_t)((seg[pre + k].write ? VIRTQ_SPLIT_F_WRITE : 0) |
						(k + 1 < nt ? VIRTQ_SPLIT_F_NEXT : 0));
			t[k].next = (uint16_t)(k + 1 < nt ? k + 1 : 0);
		}
		/* optional direct prefix chained to the table descriptor */
		i = head;
		for (uint32_t k = 0; k < pre; k++) {
			uint16_t nx = (uint16_t)((i + 1) % c->r.num);

			d[i].addr = seg[k].gpa;
			d[i].len = seg[k].len;
			d[i].flags = (uint16_t)((seg[k].write ? VIRTQ_SPLIT_F_WRITE : 0) | VIRTQ_SPLIT_F_NEXT);
			d[i].next = nx;
			c->desc_busy[i] = 1;
			i = nx;
		}
		d[i].addr = itable_gpa;
		d[i].len = 16 * nt;
		d[i].flags = (uint16_t)(VIRTQ_SPLIT_F_INDIRECT | c->ind_ring_extra);
		d[i].next = 0;
		c->desc_busy[i] = 1;
	} else {
		i = head;
		for (uint32_t k = 0; k < n; k++) {
			uint16_t nx = (uint16_t)((i + 1) % c->r.num);

			d[i].addr = seg[k].gpa;
			d[i].len = seg[k].len;
			d[i].flags = (uint16_t)((seg[k].write ? VIRTQ_SPLIT_F_WRITE : 0) |
						(k + 1 < n ? VIRTQ_SPLIT_F_NEXT : 0));
			d[i].next = k + 1 < n ? nx : 0;
			c->desc_busy[i] = 1;
			i = nx;
		}
	}
	c->next_desc = (uint16_t)((head + n) % c->r.num);
	a->ring[c->avail_idx % c->r.num] = head;
	c->avail_idx++;
	/* release: descriptors and ring entry before the new idx (pairs with
	 * the device's acquire load of avail idx) */
	vqc_st16(&a->idx, c->avail_idx);
	c->ids[head].ndesc = (uint16_t)n;
	c->ids[head].head = head;
	*id = head;
	return 0;
}

int vqc_devchk_collect_split(struct vqc_devchk *c, struct vqc_used *u)
{
	volatile struct virtq_split_used *used = c->r.device;
	uint16_t idx = vqc_ld16(&used->idx), slot;
	uint32_t id, len;

	if (idx == c->used_idx)
		return 0;
	/* VQR_S_DEV_USED_IDX: never more used elements than buffers in flight */
	if ((uint16_t)(idx - c->used_idx) > c->inflight) {
		vqc_report(c->rep, VQC_MUST, VQR_S_DEV_USED_IDX,
			   "used idx %u is %u ahead of %u with %u buffers in flight", idx,
			   (uint16_t)(idx - c->used_idx), c->used_idx, c->inflight);
		c->lost = true;
		return -1;
	}
	slot = c->used_idx % c->r.num;
	id = used->ring[slot].id;
	len = used->ring[slot].len;
	if (id >= c->r.num) {
		vqc_report(c->rep, VQC_MUST, VQR_S_DEV_USED_ID, "used id %u not below the queue size", id);
		c->lost = true;
		return -1;
	}
	if (virtio_has_feature(c->r.features, VIRTIO_F_IN_ORDER) && id < c->r.num && c->ids[id].busy) {
		/* a batch element covers its buffer and every earlier one;
		 * used idx must have moved past all of them (VQS-DEV-010) */
		int k = vqc_devchk_order_pos(c, (uint16_t)id);

		if (k >= 0 && (uint16_t)(idx - c->used_idx) < (uint32_t)k + 1) {
			vqc_report(c->rep, VQC_MUST, VQR_S_DEV_BATCH_IDX,
				   "batch element for head %u covers %d buffers but used idx moved only %u",
				   id, k + 1, (uint16_t)(idx - c->used_idx));
			c->lost = true;
			return -1;
		}
	}
	if (vqc_devchk_complete(c, (uint16_t)id, len, u, VQR_S_DEV_USED_ID, VQR_S_DEV_USED_LEN,
				VQR_S_DEV_READONLY) < 0) {
		c->lost = true;
		return -1;
	}
	c->used_idx = (uint16_t)(c->used_idx + u->count);
	return 1;
}

int vqc_devchk_snapshot_split(struct vqc_devchk *c, const void *device)
{
	const struct virtq_split_used *s = device;
	const volatile struct virtq_split_used *u = c->r.device;

	/* VQR_S_DEV_PUBLISH: entries below the snapshot's idx are final */
	for (uint16_t k = c->used_idx; k != s->idx && (uint16_t)(k - c->used_idx) < c->r.num; k++) {
		uint16_t slot = k % c->r.num;

		if (s->ring[slot].id != u->ring[slot].id || s->ring[slot].len != u->ring[slot].len) {
			vqc_report(c->rep, VQC_MUST, VQR_S_DEV_PUBLISH,
				   "used idx %u visible before used.ring[%u] was written", s->idx, slot);
			return -1;
		}
	}
	return 0;
}

void vqc_devchk_raw_split_desc(struct vqc_devchk *c, uint16_t i, uint64_t addr, uint32_t len,
			       uint16_t flags, uint16_t next)
{
	volatile struct virtq_split_desc *d = c->r.desc;

	d[i].addr = addr;
	d[i].len = len;
	d[i].flags = flags;
	d[i].next = next;
}

void vqc_devchk_raw_split_avail(struct vqc_devchk *c, uint16_t head)
{
	volatile struct virtq_split_avail *a = c->r.driver;

	a->ring[c->avail_idx % c->r.num] = head;
	c->avail_idx++;
	vqc_st16(&a->idx, c->avail_idx);
}

void vqc_devchk_raw_split_idx(struct vqc_devchk *c, uint16_t idx)
{
	volatile struct virtq_split_avail *a = c->r.driver;

	vqc_st16(&a->idx, idx);
}
