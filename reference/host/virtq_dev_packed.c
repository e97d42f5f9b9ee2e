/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtq_dev_packed.c - packed virtqueue, device side: set-up, reset, the
 * notification controls and the ring position for migration.  Taking
 * requests is in virtq_dev_packed_pop.c, returning them in
 * virtq_dev_packed_push.c.
 *
 * Spec: "Packed Virtqueues" (VQP-DEV-*).
 */
#include "plat.h"
#include "virtio_features.h"
#include "virtq_dev_impl.h"

static size_t bitmap_bytes(uint32_t num)
{
	return (size_t)((num + 63) / 64) * sizeof(uint64_t);
}

size_t virtq_dev_priv_size_packed(uint32_t num)
{
	return bitmap_bytes(num);
}

/* VQP-DRV-001 alignment as the device checks it; VQP-DEV-002: all three
 * areas inside the memory map (EADDR otherwise); VQP-DEV-001: any size. */
int virtq_dev_init_packed(struct virtq_dev *vq, const struct virtq_dev_cfg *cfg)
{
	struct virtq_dev_packed_state *p = &vq->u.packed;
	void *desc, *drv, *dev;

	if (!cfg->priv || ((uintptr_t)cfg->priv & 7) ||
	    cfg->priv_size < virtq_dev_priv_size_packed(cfg->num) ||
	    (cfg->desc_gpa & (VIRTQ_PACKED_DESC_ALIGN - 1)) ||
	    (cfg->driver_gpa & (VIRTQ_PACKED_EVENT_ALIGN - 1)) ||
	    (cfg->device_gpa & (VIRTQ_PACKED_EVENT_ALIGN - 1)))
		return -VIRTQ_EINVAL;
	desc = virtq_mem_translate(cfg->mem, cfg->desc_gpa, virtq_packed_desc_bytes(cfg->num));
	drv = virtq_mem_translate(cfg->mem, cfg->driver_gpa, sizeof(struct virtq_packed_event));
	dev = virtq_mem_translate(cfg->mem, cfg->device_gpa, sizeof(struct virtq_packed_event));
	if (!desc || !drv || !dev)
		return -VIRTQ_EADDR;
	/* the host mapping itself must allow natural loads of every field (a
	 * region whose hva is aligned differently from its gpa) */
	if (((uintptr_t)desc & 7u) ||
	    ((uintptr_t)drv & (VIRTQ_PACKED_EVENT_ALIGN - 1)) ||
	    ((uintptr_t)dev & (VIRTQ_PACKED_EVENT_ALIGN - 1)))
		return -VIRTQ_EINVAL;

	vq->layout = VIRTQ_LAYOUT_PACKED;
	vq->num = cfg->num;
	vq->vq_index = cfg->vq_index;
	vq->f_indirect = virtio_has_feature(cfg->features, VIRTIO_F_INDIRECT_DESC);
	vq->f_event_idx = virtio_has_feature(cfg->features, VIRTIO_F_EVENT_IDX);
	vq->f_in_order = virtio_has_feature(cfg->features, VIRTIO_F_IN_ORDER);
	vq->f_notif_data = virtio_has_feature(cfg->features, VIRTIO_F_NOTIFICATION_DATA);
	vq->mem = cfg->mem;
	p->desc = (volatile struct virtq_packed_desc *)desc;
	p->drv_evt = (volatile struct virtq_packed_event *)drv;
	p->dev_evt = (volatile struct virtq_packed_event *)dev;
	p->inflight = (uint64_t *)cfg->priv;
	virtq_dev_reset_packed(vq);
	return 0;
}

/* VQP-DEV-035: back to slot 0 with wrap counters at 1 (VQP-DEV-006),
 * nothing in flight. */
static void reset_positions(struct virtq_dev_packed_state *p, uint16_t avail, bool avail_wrap,
			    uint16_t used, bool used_wrap)
{
	p->last_avail = avail;
	p->avail_wrap = avail_wrap;
	p->next_used = used;
	p->used_wrap = used_wrap;
	p->batch_start = used;
	p->batch_start_wrap = used_wrap;
	p->batch_first_flags = 0;
	p->batch_count = 0;
	p->batch_last_id = 0;
	p->batch_last_len = 0;
	p->batch_last_short = false;
	p->batch_ndesc = 0;
	p->signalled_used = virtq_packed_off_wrap(used, used_wrap);
	p->used_since = 0;
}

void virtq_dev_reset_packed(struct virtq_dev *vq)
{
	struct virtq_dev_packed_state *p = &vq->u.packed;
	uint32_t i;

	for (i = 0; i < (vq->num + 63) / 64; i++)
		p->inflight[i] = 0;
	reset_positions(p, 0, true, 0, true);
	p->dev_evt->off_wrap = 0;
	p->dev_evt->flags = pvref_le16(VIRTQ_EVT_F_ENABLE);
	p->evt_flags = VIRTQ_EVT_F_ENABLE;
	p->evt_off_wrap = 0;
	vq->err = 0;
}

/* Device event suppression structure: off_wrap before flags (the device's
 * side of VQP-DRV-035 / VQP-DEV-031), skipping stores the shadows say are
 * redundant. */
static void set_event(struct virtq_dev_packed_state *p, uint16_t flags, uint16_t off_wrap)
{
	if (flags == VIRTQ_EVT_F_DESC && p->evt_off_wrap != off_wrap) {
		p->dev_evt->off_wrap = pvref_le16(off_wrap);
		p->evt_off_wrap = off_wrap;
		/* DESC must never be seen with a stale off_wrap: orders the two
		 * stores; pairs with the driver's flags-then-off_wrap reads in
		 * virtq_drv_kick_prepare() (behind its full barrier) */
		if (p->evt_flags != flags)
			pvref_wmb();
	}
	if (p->evt_flags != flags) {
		p->dev_evt->flags = pvref_le16(flags);
		p->evt_flags = flags;
	}
}

/* packed: device event suppression DISABLE (a hint to the driver). */
void virtq_dev_disable_notify_packed(struct virtq_dev *vq)
{
	set_event(&vq->u.packed, VIRTQ_EVT_F_DISABLE, vq->u.packed.evt_off_wrap);
}

/*
 * Ask for a notification at the next available slot: DESC at last_avail
 * with VIRTIO_F_EVENT_IDX (VQP-DEV-024), else ENABLE.  VQP-DEV-030: look
 * at the ring again after a full barrier; false when a request is already
 * available (pop again).
 */
bool virtq_dev_enable_notify_packed(struct virtq_dev *vq)
{
	struct virtq_dev_packed_state *p = &vq->u.packed;
	uint16_t flags;

	if (vq->f_event_idx)
		set_event(p, VIRTQ_EVT_F_DESC, virtq_packed_off_wrap(p->last_avail, p->avail_wrap));
	else
		set_event(p, VIRTQ_EVT_F_ENABLE, p->evt_off_wrap);
	/*
	 * Full barrier: the event structure store before the re-read of the
	 * ring (store->load).  Pairs with the driver's barrier between making
	 * descriptors available and reading this structure (kick_prepare).
	 */
	pvref_mb();
	flags = pvref_le16(pvref_load_acquire16(&p->desc[p->last_avail].flags));
	return !(((flags & VIRTQ_DESC_F_AVAIL) != 0) == p->avail_wrap &&
		 ((flags & VIRTQ_DESC_F_USED) != 0) != p->avail_wrap);
}

/*
 * VQP-DEV-028/029: used-buffer notifications follow the driver event
 * suppression structure: DISABLE never, ENABLE always, DESC (with
 * VIRTIO_F_EVENT_IDX) when the slots used or skipped since the last
 * decision reached or passed off_wrap.
 */
bool virtq_dev_should_notify_packed(struct virtq_dev *vq)
{
	struct virtq_dev_packed_state *p = &vq->u.packed;
	uint16_t cur, old = p->signalled_used, flags, evt = 0;
	uint32_t moved = p->used_since;

	if (vq->err)
		return false;
	cur = p->batch_count ? virtq_packed_off_wrap(p->batch_start, p->batch_start_wrap)
			     : virtq_packed_off_wrap(p->next_used, p->used_wrap);
	/*
	 * VQP-DEV-027, full barrier: the used flags published by flush must be visible
	 * before we read the driver's event structure (store->load).  Pairs
	 * with the driver's barrier in enable_cb / enable_cb_delayed.
	 */
	pvref_mb();
	flags = pvref_le16(p->drv_evt->flags) & VIRTQ_EVT_F_MASK;
	if (flags == VIRTQ_EVT_F_DESC) {
		/* VQP-DEV-031: the driver writes off_wrap before flags (with a
		 * wmb): read them in the opposite order */
		pvref_rmb();
		evt = pvref_le16(p->drv_evt->off_wrap);
	}
	p->signalled_used = cur;
	p->used_since = 0;
	if (moved == 0 || flags == VIRTQ_EVT_F_DISABLE)
		return false;
	if (flags != VIRTQ_EVT_F_DESC || !vq->f_event_idx || moved >= 2 * vq->num)
		return true;
	return virtq_packed_event_hit(vq->num, evt, old, cur);
}

/* Ring position encoding of virtq_dev.h: last avail (0..14), avail wrap
 * (15), used index (16..30), used wrap (31).  Staged (unflushed) used
 * elements count as written: flush before migrating. */
uint32_t virtq_dev_get_base_packed(const struct virtq_dev *vq)
{
	const struct virtq_dev_packed_state *p = &vq->u.packed;

	return (uint32_t)virtq_packed_off_wrap(p->last_avail, p->avail_wrap) |
	       ((uint32_t)virtq_packed_off_wrap(p->next_used, p->used_wrap) << 16);
}

int virtq_dev_set_base_packed(struct virtq_dev *vq, uint32_t base)
{
	struct virtq_dev_packed_state *p = &vq->u.packed;
	uint16_t avail = base & VIRTQ_EVT_OFF_MASK;
	uint16_t used = (base >> 16) & VIRTQ_EVT_OFF_MASK;
	uint32_t i;

	if (avail >= vq->num || used >= vq->num)
		return -VIRTQ_EINVAL;
	for (i = 0; i < (vq->num + 63) / 64; i++)
		p->inflight[i] = 0;
	reset_positions(p, avail, (base >> 15) & 1u, used, (base >> 31) & 1u);
	return 0;
}
