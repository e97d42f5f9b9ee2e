// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * virtq_drv_split.c - driver side of the split virtqueue: set-up, making
 * buffers available, and the kick decision (spec chapter "Split
 * virtqueue", VQS-DRV-*).  Used-buffer processing and interrupt
 * suppression are in virtq_drv_split_used.c.
 *
 * Descriptor allocation: a free list threaded through next[], a private
 * shadow of the table's next fields, so the driver never reads the
 * descriptor table back.  The head index of a chain is the token slot.
 * With VIRTIO_F_IN_ORDER the free descriptors always form one circular
 * run starting at free_head (buffers come back in the order they went out),
 * so next[i] stays (i + 1) mod num and chains are allocated in table order
 * (VQS-DRV-018).
 */
#include "plat.h"
#include "virtq_drv_impl.h"
#include "virtio_features.h"

/* heads[] first (pointer aligned), then next[]. */
size_t virtq_drv_priv_size_split(uint32_t num)
{
	return (size_t)num * sizeof(struct virtq_drv_split_head) +
	       (size_t)num * sizeof(uint16_t);
}

static bool aligned(const void *p, uintptr_t a)
{
	return ((uintptr_t)p & (a - 1)) == 0;
}

/* VQS-DRV-001: descriptor table, available and used ring aligned to 16, 2
 * and 4; VQS-DRV-002: a power-of-two size up to 32768 (checked by
 * virtq_drv_init() through virtq_size_valid()). */
int virtq_drv_init_split(struct virtq_drv *vq, const struct virtq_drv_cfg *cfg)
{
	struct virtq_drv_split_state *s = &vq->u.split;
	uint32_t num = cfg->num;

	if (cfg->layout != VIRTQ_LAYOUT_SPLIT || !cfg->desc.va || !cfg->driver.va ||
	    !cfg->device.va || !cfg->priv ||
	    cfg->priv_size < virtq_drv_priv_size_split(num) ||
	    !aligned(cfg->desc.va, VIRTQ_SPLIT_DESC_ALIGN) ||
	    !aligned(cfg->driver.va, VIRTQ_SPLIT_AVAIL_ALIGN) ||
	    !aligned(cfg->device.va, VIRTQ_SPLIT_USED_ALIGN) || !aligned(cfg->priv, 8))
		return -VIRTQ_EINVAL;
	if (cfg->max_indirect && cfg->indirect.va &&
	    (!aligned(cfg->indirect.va, 16) || (cfg->indirect.dma & 15u)))
		return -VIRTQ_EINVAL;

	vq->layout = VIRTQ_LAYOUT_SPLIT;
	vq->num = num;
	vq->vq_index = cfg->vq_index;
	vq->f_indirect = virtio_has_feature(cfg->features, VIRTIO_F_INDIRECT_DESC);
	vq->f_event_idx = virtio_has_feature(cfg->features, VIRTIO_F_EVENT_IDX);
	vq->f_in_order = virtio_has_feature(cfg->features, VIRTIO_F_IN_ORDER);
	vq->f_notif_data = virtio_has_feature(cfg->features, VIRTIO_F_NOTIFICATION_DATA);
	/* indirect tables only with the feature, a pool and a table size */
	vq->indirect = cfg->indirect;
	vq->max_indirect = (vq->f_indirect && cfg->indirect.va) ? cfg->max_indirect : 0;

	s->desc = cfg->desc.va;
	s->avail = cfg->driver.va;
	s->used = cfg->device.va;
	s->used_event = virtq_split_used_event(s->avail, num);
	s->avail_event = virtq_split_avail_event(s->used, num);
	s->heads = cfg->priv;
	s->next = (uint16_t *)(void *)(s->heads + num);
	s->mask = (uint16_t)(num - 1);
	virtq_drv_reset_split(vq);
	return 0;
}

/*
 * Initial ring state (VQS-DRV-003, VQS-DRV-030): flags and idx of both
 * rings, the event fields, the table and the ring entries are zeroed; all
 * descriptors free, no buffer outstanding.  The caller has taken back every
 * outstanding token with virtq_drv_detach() (none is treated as used).
 */
void virtq_drv_reset_split(struct virtq_drv *vq)
{
	struct virtq_drv_split_state *s = &vq->u.split;
	uint32_t i, num = vq->num;

	for (i = 0; i < num; i++) {
		s->desc[i].addr = 0;
		s->desc[i].len = 0;
		s->desc[i].flags = 0;
		s->desc[i].next = 0;
		s->avail->ring[i] = 0;
		s->used->ring[i].id = 0;
		s->used->ring[i].len = 0;
		s->heads[i].token = NULL;
		s->heads[i].in_len = 0;
		s->heads[i].ndesc = 0;
		s->heads[i].last = 0;
		s->next[i] = (uint16_t)((i + 1) & (num - 1));
	}
	s->avail->flags = 0;
	s->avail->idx = 0;
	*s->used_event = 0;
	s->used->flags = 0;
	s->used->idx = 0;
	*s->avail_event = 0;

	vq->err = 0;
	vq->num_free = num;
	s->free_head = 0;
	s->avail_idx = 0;
	s->avail_flags = 0;
	s->used_event_shadow = 0;
	s->last_used = 0;
	s->used_idx = 0;
	s->kick_old = 0;
	s->ord_next = 0;
	s->detach_pos = 0;
	s->batch_last_id = UINT32_MAX;
	s->batch_last_len = 0;
}

static void write_desc(volatile struct virtq_split_desc *d, uint64_t addr,
		       uint32_t len, uint16_t flags, uint16_t next)
{
	d->addr = pvref_le64(addr);
	d->len = pvref_le32(len);
	d->flags = pvref_le16(flags);
	d->next = pvref_le16(next);
}

/*
 * Fill sg[0..total) into an indirect table: entries linked in table order
 * (VQS-DRV-019), device-readable before device-writable with WRITE exactly
 * on the latter (VQS-DRV-006), never INDIRECT inside (VQS-DRV-016).
 */
static void fill_indirect(volatile struct virtq_split_desc *t, const struct virtq_sg *sg,
			  uint32_t out, uint32_t total)
{
	uint32_t j;

	for (j = 0; j < total; j++) {
		uint16_t f = j + 1 < total ? VIRTQ_SPLIT_F_NEXT : 0;

		if (j >= out)
			f |= VIRTQ_SPLIT_F_WRITE;
		write_desc(&t[j], sg[j].addr, sg[j].len, f, (uint16_t)(j + 1 < total ? j + 1 : 0));
	}
}

/*
 * Make a buffer available.  Descriptors: next inside the table
 * (VQS-DRV-004), readable before writable (VQS-DRV-006), no zero length
 * (VQS-DRV-007), no chain longer than the queue or than 2^32 - 1 bytes
 * (VQS-DRV-005); an indirect table only with the feature (VQS-DRV-014) and
 * never with NEXT (VQS-DRV-015).  Only free descriptors are written
 * (VQS-DRV-008, VQS-DRV-011).  The ring entry is written first and avail->idx,
 * which only grows (VQS-DRV-010), is published with a release store
 * (VQS-DRV-009), so the device that acquire-loads the index sees the entry
 * and every descriptor.
 */
int virtq_drv_add_split(struct virtq_drv *vq, const struct virtq_sg *sg,
			uint32_t out, uint32_t in, void *token, uint32_t flags)
{
	struct virtq_drv_split_state *s = &vq->u.split;
	struct virtq_drv_split_head *h;
	uint32_t total, in_len = 0, all_len = 0, j;
	uint16_t head, i, prev;
	bool ind;

	if (pvref_unlikely(vq->err))
		return -VIRTQ_EBROKEN;
	if (!token || !sg || out > UINT16_MAX || in > UINT16_MAX)
		return -VIRTQ_EINVAL;
	total = out + in;
	if (total == 0)
		return -VIRTQ_EINVAL;
	for (j = 0; j < total; j++) {
		/* VQS-DRV-007: no zero-length descriptor.  VQS-DRV-005: the
		 * lengths must add up to what a 32-bit used len can report */
		if (sg[j].len == 0 || sg[j].len > UINT32_MAX - all_len)
			return -VIRTQ_EINVAL;
		all_len += sg[j].len;
		if (j >= out)
			in_len += sg[j].len;
	}

	/* indirect when negotiated with a pool, and asked or needed to fit;
	 * a table holds no more entries than the queue size (VQS-DRV-017) */
	ind = vq->max_indirect && total <= vq->max_indirect && total <= vq->num &&
	      ((flags & VIRTQ_ADD_INDIRECT) || total > vq->num_free);
	if (!ind && total > vq->num)
		return -VIRTQ_EINVAL;  /* VQS-DRV-005: no chain longer than the queue */
	if (vq->num_free < (ind ? 1u : total))
		return -VIRTQ_ENOSPC;

	head = s->free_head;
	if (ind) {
		size_t off = (size_t)head * vq->max_indirect * sizeof(struct virtq_split_desc);
		volatile struct virtq_split_desc *t =
			(volatile struct virtq_split_desc *)((char *)vq->indirect.va + off);

		fill_indirect(t, sg, out, total);
		/* VQS-DRV-015: no NEXT with INDIRECT; the table is published
		 * by the same release store of avail->idx */
		write_desc(&s->desc[head], vq->indirect.dma + off,
			   total * (uint32_t)sizeof(struct virtq_split_desc),
			   VIRTQ_SPLIT_F_INDIRECT, 0);
		prev = head;
		i = s->next[head];
		total = 1;
	} else {
		i = head;
		prev = head;
		for (j = 0; j < total; j++) {
			uint16_t f = j + 1 < total ? VIRTQ_SPLIT_F_NEXT : 0;

			if (j >= out)
				f |= VIRTQ_SPLIT_F_WRITE;
			write_desc(&s->desc[i], sg[j].addr, sg[j].len, f,
				   f & VIRTQ_SPLIT_F_NEXT ? s->next[i] : 0);
			prev = i;
			i = s->next[i];
		}
	}
	s->free_head = i;
	vq->num_free -= total;

	h = &s->heads[head];
	h->token = token;
	h->in_len = in_len;
	h->ndesc = (uint16_t)total;
	h->last = prev;

	s->avail->ring[s->avail_idx & s->mask] = pvref_le16(head);
	s->avail_idx++;
	/*
	 * Release (VQS-DRV-009, VQS-DRV-031): orders the descriptor (and
	 * indirect table) stores and the ring entry before the new index;
	 * pairs with the device's acquire load of avail->idx in avail_ready()
	 * (virtq_dev_split_pop.c).
	 */
	pvref_store_release16(&s->avail->idx, pvref_le16(s->avail_idx));
	return 0;
}

/*
 * Kick decision: without EVENT_IDX, unless the device set
 * VIRTQ_USED_F_NO_NOTIFY (VQS-DRV-024, VQS-DRV-025; avail_event ignored);
 * with it, exactly when avail->idx crossed avail_event since the last
 * decision (VQS-DRV-026, VQS-DRV-027; used->flags ignored).  All adds since
 * the last decision count, so batching adds costs one kick at most.
 */
bool virtq_drv_kick_prepare_split(struct virtq_drv *vq)
{
	struct virtq_drv_split_state *s = &vq->u.split;
	uint16_t old = s->kick_old, new_idx = s->avail_idx;

	if (pvref_unlikely(vq->err) || old == new_idx)
		return false;
	s->kick_old = new_idx;
	/*
	 * Full barrier (VQS-DRV-023): the avail->idx store must be visible
	 * before we read the device's avail_event / used->flags
	 * (store->load); pairs with the barrier in
	 * virtq_dev_enable_notify_split() (and the device's empty-ring
	 * re-check) between writing those and re-reading avail->idx.
	 * Otherwise both sides can miss each other.
	 */
	pvref_mb();
	if (vq->f_event_idx)
		return virtq_split_need_event(pvref_le16(*s->avail_event), new_idx, old);
	return !(pvref_le16(s->used->flags) & VIRTQ_USED_F_NO_NOTIFY);
}

/* VIRTIO_F_NOTIFICATION_DATA (VQS-DRV-029): vq index in bits 0..15, the
 * published avail idx in bits 16..31. */
uint32_t virtq_drv_notify_data_split(const struct virtq_drv *vq)
{
	return (uint32_t)vq->vq_index | (uint32_t)vq->u.split.avail_idx << 16;
}
