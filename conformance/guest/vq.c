// SPDX-License-Identifier: GPL-2.0-only
/* vq.c - virtqueues of the test guest on top of the reference driver. */
#include "vq.h"
#include "lib/io.h"
#include "lib/libc.h"
#include "virtio_features.h"
#include "pvc_guest.h"

int gvq_setup(struct gvq *q, const struct virtio_pci_dev *d, uint16_t index,
	      uint32_t want, uint32_t max_indirect)
{
	struct virtq_drv_cfg *c = &q->cfg;
	struct virtq_ring_offsets o;
	uint16_t max = vpci_queue_max(d, index);
	unsigned layout = virtio_has_feature(d->features, VIRTIO_F_RING_PACKED) ?
			  VIRTQ_LAYOUT_PACKED : VIRTQ_LAYOUT_SPLIT;
	uint32_t num = want < max ? want : max;
	uint8_t *ring;
	int err;

	memset(q, 0, sizeof(*q));
	if (num == 0)
		return -VIRTQ_EINVAL;
	/* split queue sizes are powers of two: round down */
	if (layout == VIRTQ_LAYOUT_SPLIT)
		while (num & (num - 1))
			num &= num - 1;
	err = virtq_ring_layout(layout, num, &o);
	if (err)
		return err;
	ring = alloc_zeroed(o.total, 4096);
	c->layout = layout;
	c->num = num;
	c->vq_index = index;
	c->features = d->features;
	c->priv_size = virtq_drv_priv_size(layout, num);
	c->priv = alloc_zeroed(c->priv_size, 64);
	if (!ring || !c->priv)
		return -VIRTQ_ENOSPC;
	c->desc.va = ring + o.desc;
	c->driver.va = ring + o.driver;
	c->device.va = ring + o.device;
	c->desc.dma = gvq_dma(c->desc.va);
	c->driver.dma = gvq_dma(c->driver.va);
	c->device.dma = gvq_dma(c->device.va);
	if (max_indirect && virtio_has_feature(d->features, VIRTIO_F_INDIRECT_DESC)) {
		if (max_indirect > num)
			max_indirect = num;
		c->max_indirect = max_indirect;
		c->indirect.va = alloc_zeroed((size_t)num * max_indirect * 16u, 16);
		if (!c->indirect.va)
			return -VIRTQ_ENOSPC;
		c->indirect.dma = gvq_dma(c->indirect.va);
	}
	err = virtq_drv_init(&q->drv, c);
	if (err)
		return err;
	q->dev = d;
	q->index = index;
	q->num = num;
	gvq_reprogram(q);
	return 0;
}

void gvq_reprogram(struct gvq *q)
{
	q->doorbell = vpci_queue_setup(q->dev, q->index, (uint16_t)q->num,
				       q->cfg.desc.dma, q->cfg.driver.dma, q->cfg.device.dma);
}

int gvq_add(struct gvq *q, const struct virtq_sg *sg, uint32_t out, uint32_t in,
	    void *token, bool indirect)
{
	return virtq_drv_add(&q->drv, sg, out, in, token, indirect ? VIRTQ_ADD_INDIRECT : 0);
}

bool gvq_kick(struct gvq *q)
{
	q->kick_checks++;
	if (!virtq_drv_kick_prepare(&q->drv))
		return false;
	vpci_notify(q->dev, q->doorbell, q->index, virtq_drv_notify_data(&q->drv));
	q->kicks++;
	return true;
}

/*
 * The driver has just taken the used descriptor in slot: look at what the
 * device wrote there (VQP-DEV-016: WRITE set if and only if it wrote data).
 * Nothing else touches the slot before the next add.
 */
static void note_used_flags(struct gvq *q, uint16_t slot)
{
	const volatile struct virtq_packed_desc *d = &q->drv.u.packed.desc[slot];
	uint16_t f = d->flags;
	uint32_t l = d->len;

	if (l != 0 && !(f & VIRTQ_DESC_F_WRITE)) {
		q->used_no_write++;
		q->no_write_flags = f;
		q->no_write_len = l;
	}
}

void *gvq_get(struct gvq *q, uint32_t *len)
{
	bool packed = q->drv.layout == VIRTQ_LAYOUT_PACKED;
	uint16_t slot = packed ? q->drv.u.packed.last_used : 0;
	void *tok = virtq_drv_get(&q->drv, len);

	if (tok && packed)
		note_used_flags(q, slot);
	return tok;
}

bool gvq_check_used_write(struct pvc_t *t, const struct gvq *q)
{
	if (q->drv.layout != VIRTQ_LAYOUT_PACKED)
		return true;
	return PVC_CHECK(t, q->used_no_write == 0,
			 "queue %u: %u used descriptors carry len > 0 without VIRTQ_DESC_F_WRITE "
			 "(last: flags 0x%04x len %u)", q->index, q->used_no_write,
			 q->no_write_flags, q->no_write_len);
}

void *gvq_wait(struct gvq *q, uint32_t *len, uint32_t ms)
{
	uint64_t deadline = timer_deadline_ms(ms);

	for (;;) {
		void *tok = gvq_get(q, len);

		if (tok || virtq_drv_error(&q->drv))
			return tok;
		if (timer_expired(deadline))
			return NULL;
		cpu_relax();
	}
}

void gvq_dump_packed_used(const struct gvq *q, uint16_t slot)
{
	const volatile struct virtq_packed_desc *d = &q->drv.u.packed.desc[slot % q->num];
	uint16_t f = d->flags;

	pvc_diag("packed slot %u as used by the device: id %u len %u flags 0x%04x (AVAIL %u USED %u WRITE %u)",
		 slot, d->id, d->len, f, !!(f & VIRTQ_DESC_F_AVAIL), !!(f & VIRTQ_DESC_F_USED),
		 !!(f & VIRTQ_DESC_F_WRITE));
}
