/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtq_drv_packed_used.c - packed virtqueue, driver side: taking used
 * buffers back (with the checks that keep a hostile device from corrupting
 * the driver) and the used-buffer notification controls.
 *
 * Spec: "Packed Virtqueues", used descriptors, in-order completion and the
 * driver event suppression structure (VQP-DRV-*).
 */
#include "plat.h"
#include "virtq_drv_impl.h"

/* The one place the driver reads a descriptor's flags: an acquire, so the
 * id, len and buffer data read after it belong to the same used element
 * (VQP-DRV-009).  Pairs with the device's release store of the used flags. */
static uint16_t fetch_flags(const struct virtq_drv_packed_state *p, uint16_t slot)
{
	return pvref_le16(pvref_load_acquire16(&p->desc[slot].flags));
}

/* VQP-DRV-008: a descriptor is used when AVAIL and USED both equal the
 * driver's used wrap counter. */
static bool is_used(uint16_t flags, bool wrap)
{
	bool a = (flags & VIRTQ_DESC_F_AVAIL) != 0;
	bool u = (flags & VIRTQ_DESC_F_USED) != 0;

	return a == wrap && u == wrap;
}

static void *broken(struct virtq_drv *vq, int err, uint64_t a, uint64_t b)
{
	if (!vq->err) {
		vq->err = -err;
		pvref_log(PVREF_LOG_ERR, virtq_strerror(err), a, b);
	}
	return NULL;
}

/* Give Buffer ID id back: ring slots, free list, read position. */
static void *retire(struct virtq_drv *vq, uint16_t id)
{
	struct virtq_drv_packed_state *p = &vq->u.packed;
	struct virtq_drv_packed_id *e = &p->ids[id];
	void *token = e->token;
	uint32_t pos = (uint32_t)p->last_used + e->ndesc;

	/* VQP-DRV-022: the device skips the rest of a chain, so the next used
	 * element sits ndesc slots on */
	if (pos >= vq->num) {
		pos -= vq->num;
		p->used_wrap = !p->used_wrap;
	}
	p->last_used = (uint16_t)pos;
	vq->num_free += e->ndesc;
	if (vq->f_in_order) {
		p->ord_head = e->next;
		if (p->ord_head == VIRTQ_DRV_PACKED_NOID)
			p->ord_tail = VIRTQ_DRV_PACKED_NOID;
	}
	e->token = NULL;
	e->next = p->free_head;
	p->free_head = id;
	return token;
}

void *virtq_drv_get_packed(struct virtq_drv *vq, uint32_t *len)
{
	struct virtq_drv_packed_state *p = &vq->u.packed;
	uint16_t flags, id;
	uint32_t ulen;

	if (pvref_unlikely(vq->err))
		return NULL;

	if (p->batch_last_id != UINT32_MAX) {
		/*
		 * VQP-DRV-031/032, in-order: one used element covered a batch;
		 * the buffers before the named one are used with their full
		 * writable length, the named one with the length the device wrote.
		 */
		id = p->ord_head;
		if (id == p->batch_last_id) {
			ulen = p->batch_last_len;
			p->batch_last_id = UINT32_MAX;
		} else {
			ulen = p->ids[id].in_len;
		}
		if (len)
			*len = ulen;
		return retire(vq, id);
	}

	flags = fetch_flags(p, p->last_used);
	if (!is_used(flags, p->used_wrap))
		return NULL;
	id = pvref_le16(p->desc[p->last_used].id);
	ulen = pvref_le32(p->desc[p->last_used].len);

	/* VQP-DRV-050/051/052: the Buffer ID must be outstanding and the
	 * length within the writable part, or the queue is broken and nothing
	 * from this element reaches the caller */
	if (pvref_unlikely(id >= vq->num || !p->ids[id].token))
		return broken(vq, VIRTQ_EUSEDID, id, p->last_used);
	if (!(flags & VIRTQ_DESC_F_WRITE)) {
		/* VQP-DRV-023: without WRITE, len is reserved and cannot break
		 * the queue.  VQP-DRV-057: devices in the field (QEMU 7.2) omit
		 * WRITE although they wrote len bytes, so a len that fits the
		 * writable part is taken; anything else counts as nothing. */
		if (ulen > p->ids[id].in_len)
			ulen = 0;
	} else if (pvref_unlikely(ulen > p->ids[id].in_len)) {
		return broken(vq, VIRTQ_EUSEDLEN, id, ulen);
	}

	if (vq->f_in_order && id != p->ord_head) {
		/* VQP-DRV-031, in-order: id is outstanding, hence at or after
		 * ord_head; every buffer from ord_head up to it is used */
		p->batch_last_id = id;
		p->batch_last_len = ulen;
		ulen = p->ids[p->ord_head].in_len;
		id = p->ord_head;
	}
	if (len)
		*len = ulen;
	return retire(vq, id);
}

bool virtq_drv_more_used_packed(const struct virtq_drv *vq)
{
	const struct virtq_drv_packed_state *p = &vq->u.packed;

	if (vq->err)
		return false;
	if (p->batch_last_id != UINT32_MAX)
		return true;
	return is_used(fetch_flags(p, p->last_used), p->used_wrap);
}

/* Write the driver event suppression structure, off_wrap before flags
 * (VQP-DRV-035), skipping what the shadows say is already there: the
 * driver never reads back shared memory it wrote. */
static void set_event(struct virtq_drv_packed_state *p, uint16_t flags, uint16_t off_wrap)
{
	if (flags == VIRTQ_EVT_F_DESC && p->evt_off_wrap != off_wrap) {
		p->drv_evt->off_wrap = pvref_le16(off_wrap);
		p->evt_off_wrap = off_wrap;
		/* the device must not see DESC with a stale off_wrap: order the
		 * two stores; pairs with the device's flags-then-off_wrap reads */
		if (p->evt_flags != flags)
			pvref_wmb();
	}
	if (p->evt_flags != flags) {
		p->drv_evt->flags = pvref_le16(flags);
		p->evt_flags = flags;
	}
}

/* VQP-DRV-056: driver event suppression DISABLE (a hint; the device may
 * still notify, VQP-DRV-054). */
void virtq_drv_disable_cb_packed(struct virtq_drv *vq)
{
	set_event(&vq->u.packed, VIRTQ_EVT_F_DISABLE, vq->u.packed.evt_off_wrap);
}

/*
 * Ask for a notification at the next used element: DESC at last_used with
 * VIRTIO_F_EVENT_IDX (VQP-DRV-033), else ENABLE.  VQP-DRV-040: look at the
 * ring again after a full barrier; false when a used buffer is already
 * waiting (the caller polls again).
 */
bool virtq_drv_enable_cb_packed(struct virtq_drv *vq)
{
	struct virtq_drv_packed_state *p = &vq->u.packed;

	if (vq->f_event_idx)
		set_event(p, VIRTQ_EVT_F_DESC, virtq_packed_off_wrap(p->last_used, p->used_wrap));
	else
		set_event(p, VIRTQ_EVT_F_ENABLE, p->evt_off_wrap);
	/*
	 * Full barrier: our event structure store must be visible before we
	 * look at the ring again (store->load).  Pairs with the device's
	 * barrier between publishing used elements and reading this structure
	 * in virtq_dev_should_notify().
	 */
	pvref_mb();
	return !virtq_drv_more_used_packed(vq);
}

/*
 * packed: like enable_cb, but with VIRTIO_F_EVENT_IDX the event point is
 * about 3/4 of the outstanding slots ahead, so the device notifies once
 * for a run of completions.  False when a used buffer is already waiting.
 *
 * The re-check looks at the next used element (last_used), not at the
 * event point: the event point may lie inside a chain or an in-order batch,
 * a slot the device never marks used, and the device may have passed it
 * while notifications were off; a used element at last_used is the only
 * reliable sign that the device has moved (VQP-DRV-040).  It also keeps
 * the driver from reading back a descriptor it wrote itself.
 */
bool virtq_drv_enable_cb_delayed_packed(struct virtq_drv *vq)
{
	struct virtq_drv_packed_state *p = &vq->u.packed;
	uint32_t ahead, pos;
	bool wrap = p->used_wrap;

	if (!vq->f_event_idx)
		return virtq_drv_enable_cb_packed(vq);
	ahead = (vq->num - vq->num_free) * 3 / 4;
	pos = (uint32_t)p->last_used + ahead;
	if (pos >= vq->num) {
		pos -= vq->num;
		wrap = !wrap;
	}
	set_event(p, VIRTQ_EVT_F_DESC, virtq_packed_off_wrap((uint16_t)pos, wrap));
	/* store->load as in enable_cb; same pairing */
	pvref_mb();
	return !virtq_drv_more_used_packed(vq);
}
