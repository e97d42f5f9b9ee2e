// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * virtq_drv_split_used.c - driver side of the split virtqueue: taking used
 * buffers back from a device that may be hostile, used-buffer notification
 * suppression, and handing back outstanding buffers for a reset (spec
 * chapter "Split virtqueue", VQS-DRV-*).
 *
 * Every value the device writes is read once and checked before it is
 * trusted: used->idx may not run ahead of what is outstanding (EUSEDIDX,
 * VQS-DRV-034), an id must be a head in flight (EUSEDID, VQS-DRV-032), a
 * length may not exceed the buffer's writable size (EUSEDLEN, VQS-DRV-033).
 * A violation marks the queue broken: nothing from the offending element
 * is handed out and nothing more is taken or added until reset
 * (VQS-DRV-035).
 */
#include "plat.h"
#include "virtq_drv_impl.h"

static int drv_fail(struct virtq_drv *vq, int err, uint64_t a, uint64_t b)
{
	if (!vq->err) {
		vq->err = -err;
		pvref_log(PVREF_LOG_ERR, virtq_strerror(err), a, b);
	}
	return vq->err;
}

/* Buffers made available and not yet consumed. */
static uint16_t outstanding(const struct virtq_drv_split_state *s)
{
	return (uint16_t)(s->avail_idx - s->last_used);
}

/* Give a completed chain back: token cleared, descriptors freed.  In
 * order, the chain rejoins the circular free run by itself; otherwise (and
 * when detaching out of order before a reset) it is spliced onto the list. */
static void *release_head(struct virtq_drv *vq, uint16_t head, bool splice)
{
	struct virtq_drv_split_state *s = &vq->u.split;
	struct virtq_drv_split_head *h = &s->heads[head];
	void *token = h->token;

	h->token = NULL;
	vq->num_free += h->ndesc;
	if (splice) {
		s->next[h->last] = s->free_head;
		s->free_head = head;
	}
	return token;
}

/*
 * Refresh the cached used->idx.  Acquire (VQS-DRV-012): the used elements
 * and buffer data below the new index are read after it; pairs with the
 * device's release store of used->idx in virtq_dev_flush_split().  The
 * index may not move by more than the number of outstanding buffers
 * (VQS-DRV-034: EUSEDIDX).  Returns the number of used positions ready, 0
 * if none (or broken).
 */
static uint16_t used_ready(struct virtq_drv *vq)
{
	struct virtq_drv_split_state *s = &vq->u.split;
	uint16_t idx, n;

	if (s->used_idx != s->last_used)
		return (uint16_t)(s->used_idx - s->last_used);
	idx = pvref_le16(pvref_load_acquire16(&s->used->idx));
	n = (uint16_t)(idx - s->last_used);
	if (n == 0)
		return 0;
	if (pvref_unlikely(n > outstanding(s))) {
		drv_fail(vq, VIRTQ_EUSEDIDX, idx, s->last_used);
		return 0;
	}
	s->used_idx = idx;
	return n;
}

/*
 * VIRTIO_F_IN_ORDER: buffers are used in the order they were made
 * available, and the device may write one used element for a batch, at the
 * batch's first position, naming the head of its last buffer, and advance
 * used->idx by the batch size (VQS-DEV-010).  The buffers before the named
 * one are complete with their whole device-writable length (VQS-DRV-020).
 * The named head must be one of the next `ready` outstanding buffers in
 * order (VQS-DRV-032, VQS-DRV-034), checked before anything is handed out.
 */
static void *get_in_order(struct virtq_drv *vq, uint32_t *len, uint16_t ready)
{
	struct virtq_drv_split_state *s = &vq->u.split;
	uint16_t head = s->ord_next;
	uint32_t l;

	if (s->batch_last_id == UINT32_MAX) {
		volatile struct virtq_split_used_elem *e = &s->used->ring[s->last_used & s->mask];
		uint32_t id = pvref_le32(e->id);   /* each field read once */
		uint16_t h = head, k = 1;

		l = pvref_le32(e->len);
		if (pvref_unlikely(id > s->mask || !s->heads[id].token))
			return drv_fail(vq, VIRTQ_EUSEDID, id, s->last_used), NULL;
		/* the named head must be among the next `ready` buffers in order */
		while (h != id) {
			h = (uint16_t)((h + s->heads[h].ndesc) & s->mask);
			if (pvref_unlikely(++k > ready || !s->heads[h].token))
				return drv_fail(vq, VIRTQ_EUSEDID, id, s->last_used), NULL;
		}
		if (pvref_unlikely(l > s->heads[id].in_len))
			return drv_fail(vq, VIRTQ_EUSEDLEN, id, l), NULL;
		if (id != head) {
			s->batch_last_id = id;
			s->batch_last_len = l;
			l = s->heads[head].in_len;
		}
	} else if (head == s->batch_last_id) {
		l = s->batch_last_len;
		s->batch_last_id = UINT32_MAX;
	} else {
		l = s->heads[head].in_len;
	}
	s->ord_next = (uint16_t)((head + s->heads[head].ndesc) & s->mask);
	s->last_used++;
	*len = l;
	return release_head(vq, head, false);
}

/*
 * Interrupts enabled with EVENT_IDX and the ring looks empty: move
 * used_event up to here so the next used buffer raises one, then look
 * again (VQS-DRV-028: the device may have used one before it saw the new
 * event).  Only on an empty ring, so draining a full ring costs no barrier
 * per buffer.
 */
static uint16_t rearm_and_recheck(struct virtq_drv *vq)
{
	struct virtq_drv_split_state *s = &vq->u.split;

	if (!vq->f_event_idx || (s->avail_flags & VIRTQ_AVAIL_F_NO_INTERRUPT) ||
	    s->used_event_shadow == s->last_used)
		return 0;
	s->used_event_shadow = s->last_used;
	*s->used_event = pvref_le16(s->last_used);
	/*
	 * Full barrier (VQS-DRV-028, VQS-DRV-031): the used_event store before
	 * the used->idx reload (store->load); pairs with the barrier in
	 * virtq_dev_should_notify_split() between publishing used->idx and
	 * reading used_event.
	 */
	pvref_mb();
	return used_ready(vq);
}

/* Next used buffer: id a head in flight (VQS-DRV-032), len within its
 * writable size (VQS-DRV-033), each field of the element read once. */
void *virtq_drv_get_split(struct virtq_drv *vq, uint32_t *len)
{
	struct virtq_drv_split_state *s = &vq->u.split;
	volatile struct virtq_split_used_elem *e;
	uint32_t id, l;
	uint16_t ready;

	if (pvref_unlikely(vq->err))
		return NULL;
	ready = used_ready(vq);
	if (!ready && !vq->err)
		ready = rearm_and_recheck(vq);
	if (!ready)
		return NULL;
	if (vq->f_in_order) {
		void *t = get_in_order(vq, &l, ready);

		if (t && len)
			*len = l;
		return t;
	}

	e = &s->used->ring[s->last_used & s->mask];
	id = pvref_le32(e->id);   /* each field read once, then checked */
	l = pvref_le32(e->len);
	if (pvref_unlikely(id > s->mask || !s->heads[id].token))
		return drv_fail(vq, VIRTQ_EUSEDID, id, s->last_used), NULL;
	if (pvref_unlikely(l > s->heads[id].in_len))
		return drv_fail(vq, VIRTQ_EUSEDLEN, id, l), NULL;
	s->last_used++;
	if (len)
		*len = l;
	return release_head(vq, (uint16_t)id, true);
}

bool virtq_drv_more_used_split(const struct virtq_drv *vq)
{
	const struct virtq_drv_split_state *s = &vq->u.split;

	if (vq->err)
		return false;
	if (s->used_idx != s->last_used)
		return true;
	return pvref_le16(pvref_load_acquire16(&s->used->idx)) != s->last_used;
}

/*
 * Used-buffer notification suppression.  Without EVENT_IDX:
 * VIRTQ_AVAIL_F_NO_INTERRUPT in avail->flags, 0 or 1 (VQS-DRV-021).  With
 * it, flags stay 0 (VQS-DRV-022) and used_event says after which used index
 * the driver wants the next notification.
 */
void virtq_drv_disable_cb_split(struct virtq_drv *vq)
{
	struct virtq_drv_split_state *s = &vq->u.split;

	if (s->avail_flags & VIRTQ_AVAIL_F_NO_INTERRUPT)
		return;
	s->avail_flags |= VIRTQ_AVAIL_F_NO_INTERRUPT;
	/*
	 * With EVENT_IDX nothing is written: used_event stays where the last
	 * enable put it, so at most one more notification comes (when the
	 * device passes it), then none until the 16-bit index wraps;
	 * suppression is only a hint, and
	 * this saves a store to a shared line on every interrupt.
	 */
	if (!vq->f_event_idx)
		s->avail->flags = pvref_le16(s->avail_flags);
}

/* Arm a notification for when used->idx passes `event` (EVENT_IDX) or for
 * any used buffer; then look at used->idx again (VQS-DRV-028) and report
 * whether no more than `slack` are already used (true: safe to wait). */
static bool arm_cb(struct virtq_drv *vq, uint16_t event, uint16_t slack)
{
	struct virtq_drv_split_state *s = &vq->u.split;

	if (vq->err)
		return true;
	if (vq->f_event_idx) {
		s->avail_flags &= (uint16_t)~VIRTQ_AVAIL_F_NO_INTERRUPT;
		s->used_event_shadow = event;
		*s->used_event = pvref_le16(event);
	} else if (s->avail_flags & VIRTQ_AVAIL_F_NO_INTERRUPT) {
		s->avail_flags &= (uint16_t)~VIRTQ_AVAIL_F_NO_INTERRUPT;
		s->avail->flags = pvref_le16(s->avail_flags);
	}
	/*
	 * Full barrier (VQS-DRV-028, VQS-DRV-031): the flags / used_event
	 * store before the used->idx load below (store->load); pairs with the
	 * barrier in virtq_dev_should_notify_split() between publishing
	 * used->idx and reading avail->flags / used_event.
	 */
	pvref_mb();
	return (uint16_t)(pvref_le16(pvref_load_acquire16(&s->used->idx)) - s->last_used) <= slack;
}

bool virtq_drv_enable_cb_split(struct virtq_drv *vq)
{
	return arm_cb(vq, vq->u.split.last_used, 0);
}

/* Notification after about 3/4 of the outstanding buffers are used
 * (EVENT_IDX: used_event that far ahead; without it, as enable). */
bool virtq_drv_enable_cb_delayed_split(struct virtq_drv *vq)
{
	struct virtq_drv_split_state *s = &vq->u.split;
	uint16_t bufs = (uint16_t)(outstanding(s) * 3u / 4u);

	if (!vq->f_event_idx)
		bufs = 0;
	return arm_cb(vq, (uint16_t)(s->last_used + bufs), bufs);
}

/*
 * Hand back one outstanding buffer before a reset (device reset or
 * VIRTIO_F_RING_RESET): every head still in flight is returned once, in
 * index order, and not as used (VQS-DRV-030).
 */
void *virtq_drv_detach_split(struct virtq_drv *vq)
{
	struct virtq_drv_split_state *s = &vq->u.split;

	while (s->detach_pos < vq->num) {
		uint16_t head = s->detach_pos++;

		if (s->heads[head].token)
			return release_head(vq, head, true);
	}
	s->detach_pos = 0;
	return NULL;
}
