/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtq_drv_packed.c - packed virtqueue, driver side: set-up, reset,
 * detach, making buffers available and the available-buffer notification
 * decision.  Used buffers and used-buffer notifications are in
 * virtq_drv_packed_used.c.
 *
 * Spec: "Packed Virtqueues" (VQP-DRV-*).  Buffer IDs come from a free list
 * in the private memory; they are not ring slots.
 */
#include "plat.h"
#include "virtio_features.h"
#include "virtq_drv_impl.h"

size_t virtq_drv_priv_size_packed(uint32_t num)
{
	return (size_t)num * sizeof(struct virtq_drv_packed_id);
}

static bool aligned(const void *p, uintptr_t a)
{
	return ((uintptr_t)p & (a - 1)) == 0;
}

/* VQP-DRV-001: descriptor area 16-byte aligned, event structures 4-byte
 * aligned.  VQP-DRV-003: any size 1..32768 (checked by the caller). */
int virtq_drv_init_packed(struct virtq_drv *vq, const struct virtq_drv_cfg *cfg)
{
	struct virtq_drv_packed_state *p = &vq->u.packed;

	if (!cfg->desc.va || !cfg->driver.va || !cfg->device.va || !cfg->priv ||
	    !aligned(cfg->desc.va, VIRTQ_PACKED_DESC_ALIGN) ||
	    !aligned(cfg->driver.va, VIRTQ_PACKED_EVENT_ALIGN) ||
	    !aligned(cfg->device.va, VIRTQ_PACKED_EVENT_ALIGN) ||
	    !aligned(cfg->priv, 8) ||
	    cfg->priv_size < virtq_drv_priv_size_packed(cfg->num))
		return -VIRTQ_EINVAL;
	if (cfg->max_indirect && cfg->indirect.va &&
	    (!aligned(cfg->indirect.va, 16) || cfg->max_indirect > cfg->num))
		return -VIRTQ_EINVAL;

	vq->layout = VIRTQ_LAYOUT_PACKED;
	vq->num = cfg->num;
	vq->vq_index = cfg->vq_index;
	vq->f_indirect = virtio_has_feature(cfg->features, VIRTIO_F_INDIRECT_DESC);
	vq->f_event_idx = virtio_has_feature(cfg->features, VIRTIO_F_EVENT_IDX);
	vq->f_in_order = virtio_has_feature(cfg->features, VIRTIO_F_IN_ORDER);
	vq->f_notif_data = virtio_has_feature(cfg->features, VIRTIO_F_NOTIFICATION_DATA);
	/* indirect tables only with the feature and a pool to put them in */
	if (vq->f_indirect && cfg->indirect.va && cfg->max_indirect) {
		vq->indirect = cfg->indirect;
		vq->max_indirect = cfg->max_indirect;
	} else {
		vq->indirect.va = NULL;
		vq->indirect.dma = 0;
		vq->max_indirect = 0;
	}
	p->desc = (volatile struct virtq_packed_desc *)cfg->desc.va;
	p->drv_evt = (volatile struct virtq_packed_event *)cfg->driver.va;
	p->dev_evt = (volatile struct virtq_packed_event *)cfg->device.va;
	p->ids = (struct virtq_drv_packed_id *)cfg->priv;
	virtq_drv_reset_packed(vq);
	return 0;
}

/*
 * VQP-DRV-002, VQP-DRV-047: the ring and both event suppression structures
 * zeroed, wrap counters at 1 (VQP-DRV-004), positions at 0, every Buffer
 * ID free.  A zeroed descriptor (AVAIL=USED=0) is then neither available
 * nor used; zeroed event structures mean ENABLE.
 */
void virtq_drv_reset_packed(struct virtq_drv *vq)
{
	struct virtq_drv_packed_state *p = &vq->u.packed;
	uint32_t i;

	for (i = 0; i < vq->num; i++) {
		p->desc[i].addr = 0;
		p->desc[i].len = 0;
		p->desc[i].id = 0;
		p->desc[i].flags = 0;
	}
	for (i = 0; i < vq->num; i++) {
		p->ids[i].token = NULL;
		p->ids[i].in_len = 0;
		p->ids[i].ndesc = 0;
		p->ids[i].next = (uint16_t)(i + 1 < vq->num ? i + 1 : VIRTQ_DRV_PACKED_NOID);
	}
	p->drv_evt->off_wrap = 0;
	p->drv_evt->flags = pvref_le16(VIRTQ_EVT_F_ENABLE);
	p->dev_evt->off_wrap = 0;
	p->dev_evt->flags = 0;
	p->evt_flags = VIRTQ_EVT_F_ENABLE;
	p->evt_off_wrap = 0;
	p->next_avail = 0;
	p->avail_wrap = true;
	p->last_used = 0;
	p->used_wrap = true;
	p->free_head = 0;
	p->ord_head = VIRTQ_DRV_PACKED_NOID;
	p->ord_tail = VIRTQ_DRV_PACKED_NOID;
	p->batch_last_id = UINT32_MAX;
	p->batch_last_len = 0;
	p->kick_old = virtq_packed_off_wrap(0, true);
	p->kick_added = 0;
	p->detach_pos = 0;
	vq->num_free = vq->num;
	vq->err = 0;
}

/* Per-queue reset: every outstanding buffer's token comes back once, none
 * of them as used (VQP-DRV-048). */
void *virtq_drv_detach_packed(struct virtq_drv *vq)
{
	struct virtq_drv_packed_state *p = &vq->u.packed;

	while (p->detach_pos < vq->num) {
		struct virtq_drv_packed_id *e = &p->ids[p->detach_pos++];
		void *token = e->token;

		if (token) {
			e->token = NULL;
			return token;
		}
	}
	return NULL;
}

/* VQP-DRV-005: an available descriptor has AVAIL = the slot's wrap
 * counter and USED = its inverse. */
static uint16_t avail_bits(bool wrap)
{
	return wrap ? VIRTQ_DESC_F_AVAIL : VIRTQ_DESC_F_USED;
}

/* Fill an indirect table: WRITE is the only flag inside it (VQP-DRV-028);
 * the Buffer ID lives in the ring descriptor (VQP-DEV-020). */
static void fill_indirect(volatile struct virtq_packed_desc *t, const struct virtq_sg *sg,
			  uint32_t out, uint32_t total)
{
	uint32_t i;

	for (i = 0; i < total; i++) {
		t[i].addr = pvref_le64(sg[i].addr);
		t[i].len = pvref_le32(sg[i].len);
		t[i].id = 0;
		t[i].flags = pvref_le16(i < out ? 0 : VIRTQ_DESC_F_WRITE);
	}
}

int virtq_drv_add_packed(struct virtq_drv *vq, const struct virtq_sg *sg,
			 uint32_t out, uint32_t in, void *token, uint32_t flags)
{
	struct virtq_drv_packed_state *p = &vq->u.packed;
	uint32_t total = out + in, i, ndesc, in_len = 0, all_len = 0;
	uint16_t id, head = p->next_avail, head_flags = 0, slot;
	bool use_ind, wrap;

	if (pvref_unlikely(vq->err))
		return -VIRTQ_EBROKEN;
	/* VQP-DRV-018: no chain longer than the queue */
	if (!token || !sg || total == 0 || total < out || total > vq->num)
		return -VIRTQ_EINVAL;
	for (i = 0; i < total; i++) {
		/* VQP-DRV-021: no zero-length descriptors.  The lengths must add
		 * up to what 32-bit lengths describe: a device rejects a larger
		 * buffer as beyond its limit (VQP-DEV-042, ECHAINLEN) */
		if (sg[i].len == 0 || sg[i].len > UINT32_MAX - all_len)
			return -VIRTQ_EINVAL;
		all_len += sg[i].len;
		if (i >= out)
			in_len += sg[i].len;
	}
	/* an indirect table when negotiated (VQP-DRV-026), pooled, and asked
	 * for or needed; at most max_indirect <= num entries (VQP-DRV-029) */
	use_ind = vq->max_indirect && total <= vq->max_indirect &&
		  ((flags & VIRTQ_ADD_INDIRECT) || total > vq->num_free);
	ndesc = use_ind ? 1 : total;
	/* VQP-DRV-020: room for the whole chain first; VQP-DRV-016/017: a
	 * free Buffer ID below the queue size */
	if (ndesc > vq->num_free || p->free_head == VIRTQ_DRV_PACKED_NOID)
		return -VIRTQ_ENOSPC;

	id = p->free_head;
	p->free_head = p->ids[id].next;

	slot = head;
	wrap = p->avail_wrap;
	if (use_ind) {
		size_t off = (size_t)id * vq->max_indirect * sizeof(struct virtq_packed_desc);

		fill_indirect((volatile struct virtq_packed_desc *)((char *)vq->indirect.va + off),
			      sg, out, total);
		p->desc[slot].addr = pvref_le64(vq->indirect.dma + off);
		p->desc[slot].len = pvref_le32(total * (uint32_t)sizeof(struct virtq_packed_desc));
		p->desc[slot].id = pvref_le16(id);
		head_flags = (uint16_t)(VIRTQ_DESC_F_INDIRECT | avail_bits(wrap));
		if (++slot == vq->num) {
			slot = 0;
			wrap = !wrap;
		}
	} else {
		/* VQP-DRV-010/011/013/014: WRITE on the writable part (which
		 * comes last), NEXT on all but the last, AVAIL/USED per slot */
		for (i = 0; i < total; i++) {
			uint16_t f = avail_bits(wrap);

			if (i + 1 < total)
				f |= VIRTQ_DESC_F_NEXT;
			if (i >= out)
				f |= VIRTQ_DESC_F_WRITE;
			p->desc[slot].addr = pvref_le64(sg[i].addr);
			p->desc[slot].len = pvref_le32(sg[i].len);
			/* VQP-DRV-015: the Buffer ID in the last descriptor (it
			 * goes in every one, which costs nothing extra) */
			p->desc[slot].id = pvref_le16(id);
			if (i == 0)
				head_flags = f;
			else
				p->desc[slot].flags = pvref_le16(f);
			if (++slot == vq->num) {
				slot = 0;
				wrap = !wrap;
			}
		}
	}

	p->ids[id].token = token;
	p->ids[id].in_len = in_len;
	p->ids[id].ndesc = (uint16_t)ndesc;
	p->ids[id].next = VIRTQ_DRV_PACKED_NOID;
	if (vq->f_in_order) {
		/* in-order: remember the order buffers were made available */
		if (p->ord_tail == VIRTQ_DRV_PACKED_NOID)
			p->ord_head = id;
		else
			p->ids[p->ord_tail].next = id;
		p->ord_tail = id;
	}
	p->next_avail = slot;
	p->avail_wrap = wrap;
	vq->num_free -= ndesc;
	p->kick_added += ndesc;

	/*
	 * VQP-DRV-012: the first descriptor's flags are written last.  The release
	 * orders every store above (the other descriptors, the indirect table,
	 * the buffers' contents) before the head becomes available; it pairs
	 * with the device's acquire load of the head flags.
	 */
	pvref_store_release16(&p->desc[head].flags, pvref_le16(head_flags));
	return 0;
}

/*
 * VQP-DRV-038/039: available-buffer notifications follow the device event
 * suppression structure: DISABLE never, ENABLE always, DESC (only with
 * VIRTIO_F_EVENT_IDX) when the slots made available since the last
 * decision reached or passed off_wrap.  A DESC without the feature, or a
 * reserved mode, gets a notification: never miss one.
 */
bool virtq_drv_kick_prepare_packed(struct virtq_drv *vq)
{
	struct virtq_drv_packed_state *p = &vq->u.packed;
	uint16_t cur = virtq_packed_off_wrap(p->next_avail, p->avail_wrap);
	uint16_t old = p->kick_old, flags, evt;
	uint32_t added = p->kick_added;

	if (vq->err)
		return false;
	/*
	 * VQP-DRV-037, full barrier: the descriptor stores above must be visible before we
	 * read the device's event structure (store->load).  Pairs with the
	 * device's barrier between writing its event structure and re-reading
	 * the ring in virtq_dev_enable_notify().
	 */
	pvref_mb();
	flags = pvref_le16(p->dev_evt->flags) & VIRTQ_EVT_F_MASK;
	if (flags == VIRTQ_EVT_F_DESC) {
		/* the device writes off_wrap before flags (with a wmb): read
		 * them in the opposite order, so DESC comes with its offset */
		pvref_rmb();
	}
	evt = pvref_le16(p->dev_evt->off_wrap);
	p->kick_old = cur;
	p->kick_added = 0;
	if (added == 0 || flags == VIRTQ_EVT_F_DISABLE)
		return false;
	if (flags != VIRTQ_EVT_F_DESC || !vq->f_event_idx || added >= 2 * vq->num)
		return true;
	return virtq_packed_event_hit(vq->num, evt, old, cur);
}

/* VQP-DRV-041/042, VIRTIO_F_NOTIFICATION_DATA: vq index, next offset,
 * wrap bit of the next descriptor not yet made available. */
uint32_t virtq_drv_notify_data_packed(const struct virtq_drv *vq)
{
	const struct virtq_drv_packed_state *p = &vq->u.packed;

	return (uint32_t)vq->vq_index | ((uint32_t)p->next_avail << 16) |
	       ((uint32_t)p->avail_wrap << 31);
}
