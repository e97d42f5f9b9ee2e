// SPDX-License-Identifier: GPL-2.0-only
/*
 * vqc_devchk.c - device checker, layout-independent parts (vqc_devchk.h).
 */
#include <stdio.h>
#include <string.h>
#include "vqc_devchk_priv.h"
#include "vqc_reqs.h"

#define PACKED(c) ((c)->r.layout == VIRTQ_LAYOUT_PACKED)

uint64_t vqc_devchk_rhash(const struct vqc_devchk *c, const struct vqc_devchk_id *b)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (uint32_t i = 0; i < b->nseg; i++)
		if (!b->seg[i].write)
			h = vqc_hash(vqc_translate(&c->r, b->seg[i].gpa, b->seg[i].len), b->seg[i].len, h);
	if (b->itable_gpa)
		h = vqc_hash(vqc_translate(&c->r, b->itable_gpa, b->itable_len), b->itable_len, h);
	return h;
}

static void devchk_init_driver_area(struct vqc_devchk *c)
{
	if (PACKED(c)) {
		volatile struct virtq_packed_event *e = c->r.driver;

		e->off_wrap = 0;
		vqc_st16(&e->flags, VIRTQ_EVT_F_ENABLE);
	} else {
		volatile struct virtq_split_avail *a = c->r.driver;

		a->flags = 0;
		*virtq_split_used_event(a, c->r.num) = 0;
		vqc_st16(&a->idx, 0);
	}
}

int vqc_devchk_init(struct vqc_devchk *c, const struct vqc_ring *r, struct vqc_report *rep)
{
	if (r->num == 0 || r->num > VQC_MAX_NUM)
		return -1;
	memset(c, 0, sizeof(*c));
	c->r = *r;
	c->rep = rep;
	vqc_devchk_reset(c);
	return 0;
}

void vqc_devchk_reset(struct vqc_devchk *c)
{
	struct vqc_ring r = c->r;
	struct vqc_report *rep = c->rep;

	memset(c, 0, sizeof(*c));
	c->r = r;
	c->rep = rep;
	c->avail_wrap = c->used_wrap = true;
	devchk_init_driver_area(c);
}

int vqc_devchk_add(struct vqc_devchk *c, const struct vqc_seg *seg, uint32_t nseg,
		   void *itable, uint64_t itable_gpa, uint16_t *id)
{
	uint16_t i;
	struct vqc_devchk_id *b;
	int ret;

	if (!nseg || nseg > VQC_DEVCHK_SEGS || c->inflight == c->r.num)
		return -1;
	if (PACKED(c)) {
		uint32_t need = itable ? 1 : nseg;

		if (need > c->r.num - c->inflight_slots)
			return -1;
		for (i = c->next_id; c->ids[i].busy; i = (uint16_t)((i + 1) % c->r.num))
			;
		ret = vqc_devchk_add_packed(c, seg, nseg, itable, itable_gpa, i);
		c->next_id = (uint16_t)((i + 1) % c->r.num);
	} else {
		ret = vqc_devchk_add_split(c, seg, nseg, itable, itable_gpa, &i);
	}
	if (ret)
		return ret;
	b = &c->ids[i];
	b->busy = true;
	b->nseg = nseg;
	memcpy(b->seg, seg, nseg * sizeof(*seg));
	b->wlen = 0;
	for (uint32_t k = 0; k < nseg; k++)
		if (seg[k].write)
			b->wlen += seg[k].len;
	b->itable_gpa = itable ? itable_gpa : 0;
	b->itable_len = itable ? 16 * (nseg - (PACKED(c) || c->split_ind_prefix >= nseg
						   ? 0 : c->split_ind_prefix)) : 0;
	b->rhash = vqc_devchk_rhash(c, b);
	c->order[(c->ord_head + c->ord_count++) % VQC_MAX_NUM] = i;
	c->inflight++;
	if (id)
		*id = i;
	return 0;
}

uint32_t vqc_devchk_notify_data(const struct vqc_devchk *c)
{
	if (PACKED(c))
		return c->r.vq_index | (uint32_t)c->next_avail << 16 | (uint32_t)c->avail_wrap << 31;
	return c->r.vq_index | (uint32_t)c->avail_idx << 16;
}

int vqc_devchk_order_pos(const struct vqc_devchk *c, uint16_t id)
{
	for (uint32_t k = 0; k < c->ord_count; k++)
		if (c->order[(c->ord_head + k) % VQC_MAX_NUM] == id)
			return (int)k;
	return -1;
}

int vqc_devchk_complete(struct vqc_devchk *c, uint16_t id, uint32_t len, struct vqc_used *u,
			const char *id_req, const char *len_req, const char *ro_req)
{
	bool in_order = virtio_has_feature(c->r.features, VIRTIO_F_IN_ORDER);
	int k = id < c->r.num && c->ids[id].busy ? vqc_devchk_order_pos(c, id) : -1;
	uint32_t slots = 0, n;

	if (k < 0) {
		vqc_report(c->rep, VQC_MUST, id_req, "used ID %u is not a buffer in flight", id);
		return -1;
	}
	if (len > c->ids[id].wlen) {
		vqc_report(c->rep, VQC_MUST, len_req,
			   "used len %u larger than the %u device-writable bytes of buffer %u",
			   len, c->ids[id].wlen, id);
		return -1;
	}
	/* IN_ORDER: an element completes its buffer and every earlier one;
	 * otherwise exactly the buffer it names. */
	n = in_order ? (uint32_t)k + 1 : 1;
	memset(u, 0, offsetof(struct vqc_used, ids));
	u->id = id;
	u->len = len;
	u->count = n;
	for (uint32_t j = 0; j < n; j++) {
		uint32_t pos = in_order ? c->ord_head : (c->ord_head + (uint32_t)k) % VQC_MAX_NUM;
		uint16_t o = c->order[pos];
		struct vqc_devchk_id *b = &c->ids[o];

		if (vqc_devchk_rhash(c, b) != b->rhash)
			vqc_report(c->rep, VQC_MUST, ro_req,
				   "device-readable data of buffer %u changed while the device had it", o);
		if (j < sizeof(u->ids) / sizeof(u->ids[0]))
			u->ids[j] = o;
		slots += b->ndesc;
		b->busy = false;
		if (!PACKED(c)) {
			uint16_t i = b->head;

			for (uint32_t m = 0; m < b->ndesc; m++) {
				c->desc_busy[i] = 0;
				i = (uint16_t)((i + 1) % c->r.num);
			}
		}
		/* drop order entry */
		if (in_order) {
			c->ord_head = (c->ord_head + 1) % VQC_MAX_NUM;
		} else {
			for (uint32_t q = (uint32_t)k; q + 1 < c->ord_count; q++)
				c->order[(c->ord_head + q) % VQC_MAX_NUM] =
					c->order[(c->ord_head + q + 1) % VQC_MAX_NUM];
		}
		c->ord_count--;
		c->inflight--;
	}
	return (int)slots;
}

int vqc_devchk_collect(struct vqc_devchk *c, struct vqc_used *u)
{
	if (c->lost)
		return 0;
	return PACKED(c) ? vqc_devchk_collect_packed(c, u) : vqc_devchk_collect_split(c, u);
}

int vqc_devchk_snapshot(struct vqc_devchk *c, const void *desc, const void *device)
{
	return PACKED(c) ? vqc_devchk_snapshot_packed(c, desc) : vqc_devchk_snapshot_split(c, device);
}

void vqc_devchk_set_intr(struct vqc_devchk *c, uint16_t mode, uint16_t off, bool wrap)
{
	c->intr_flags = mode;
	c->intr_off_wrap = (uint16_t)(off | (wrap ? 1u << VIRTQ_EVT_WRAP_SHIFT : 0));
	if (PACKED(c)) {
		volatile struct virtq_packed_event *e = c->r.driver;

		e->off_wrap = c->intr_off_wrap;
		vqc_st16(&e->flags, mode);
	} else {
		volatile struct virtq_split_avail *a = c->r.driver;

		*virtq_split_used_event(a, c->r.num) = off;
		vqc_st16(&a->flags, mode == VIRTQ_EVT_F_DISABLE ? VIRTQ_AVAIL_F_NO_INTERRUPT : 0);
	}
	/* the device reads the suppression state after this */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void vqc_devchk_notified(struct vqc_devchk *c, bool notified)
{
	bool req;
	uint32_t now;

	if (c->lost)
		return;
	if (PACKED(c)) {
		const volatile struct virtq_packed_event *e = c->r.driver;

		if (e->flags != c->intr_flags || e->off_wrap != c->intr_off_wrap)
			vqc_report(c->rep, VQC_MUST, VQR_P_DEV_DRV_EVT,
				   "driver event suppression changed to flags %u off_wrap 0x%04x by the device",
				   e->flags, e->off_wrap);
		now = vqc_lin(c->r.num, c->last_used, c->used_wrap);
		if (now == c->notify_old)
			req = false;
		else if (c->intr_flags == VIRTQ_EVT_F_ENABLE)
			req = true;
		else if (c->intr_flags == VIRTQ_EVT_F_DESC)
			/* "reached or passed": the event slot lies in what the
			 * device used since the last decision */
			req = vqc_passed(c->r.num,
					 vqc_lin(c->r.num, c->intr_off_wrap & VIRTQ_EVT_OFF_MASK,
						 c->intr_off_wrap >> VIRTQ_EVT_WRAP_SHIFT),
					 c->notify_old, now);
		else
			req = false;
		if (req && !notified)
			vqc_report(c->rep, VQC_MUST, VQR_P_DEV_NOTIFY,
				   "no used-buffer notification for positions %u..%u (driver event flags %u off_wrap 0x%04x)",
				   c->notify_old, now, c->intr_flags, c->intr_off_wrap);
		if (!req && notified && now != c->notify_old)
			vqc_report(c->rep, VQC_SHOULD, VQR_P_DEV_NOTIFY_SUPP,
				   "notified although the driver suppressed it (flags %u off_wrap 0x%04x)",
				   c->intr_flags, c->intr_off_wrap);
	} else {
		volatile struct virtq_split_avail *a = c->r.driver;
		uint16_t old = (uint16_t)c->notify_old;
		bool ei = virtio_has_feature(c->r.features, VIRTIO_F_EVENT_IDX);

		now = c->used_idx;
		if (now == old)
			req = false;
		else if (ei)
			req = virtq_split_need_event(*virtq_split_used_event(a, c->r.num), (uint16_t)now, old);
		else
			req = !(a->flags & VIRTQ_AVAIL_F_NO_INTERRUPT);
		if (req && !notified)
			vqc_report(c->rep, VQC_MUST, ei ? VQR_S_DEV_NOTIFY_EI : VQR_S_DEV_NOTIFY,
				   "no used-buffer notification after used idx %u -> %u (used_event %u, avail flags %u)",
				   old, now, *virtq_split_used_event(a, c->r.num), a->flags);
		if (!req && notified && now != old)
			vqc_report(c->rep, VQC_SHOULD, ei ? VQR_S_DEV_NOTIFY_EI_SUPP : VQR_S_DEV_NOTIFY_SUPP,
				   "notified although suppressed (used idx %u -> %u, used_event %u, avail flags %u)",
				   old, now, *virtq_split_used_event(a, c->r.num), a->flags);
	}
	c->notify_old = now;
}

void vqc_devchk_check_dev_evt(struct vqc_devchk *c)
{
	if (PACKED(c)) {
		volatile struct virtq_packed_event *e = c->r.device;
		uint16_t f = vqc_ld16(&e->flags), ow = e->off_wrap;

		if (f > VIRTQ_EVT_F_DESC)
			vqc_report(c->rep, VQC_MUST, VQR_P_DEV_EVT_MODE,
				   "device event flags 0x%04x: mode 3 or reserved bits", f);
		else if (f == VIRTQ_EVT_F_DESC && !virtio_has_feature(c->r.features, VIRTIO_F_EVENT_IDX))
			vqc_report(c->rep, VQC_MUST, VQR_P_DEV_EVT_DESC,
				   "device event suppression in DESC mode without VIRTIO_F_EVENT_IDX");
		else if (f == VIRTQ_EVT_F_DESC && (ow & VIRTQ_EVT_OFF_MASK) >= c->r.num)
			vqc_report(c->rep, VQC_MUST, VQR_P_DEV_EVT_MODE,
				   "device event offset %u not below the queue size", ow & VIRTQ_EVT_OFF_MASK);
	} else {
		volatile struct virtq_split_used *u = c->r.device;
		uint16_t f = vqc_ld16(&u->flags);

		if (f & ~VIRTQ_USED_F_NO_NOTIFY)
			vqc_report(c->rep, VQC_MUST, VQR_S_DEV_FLAGS, "used flags 0x%04x not 0 or 1", f);
		else if (f && virtio_has_feature(c->r.features, VIRTIO_F_EVENT_IDX))
			vqc_report(c->rep, VQC_MUST, VQR_S_DEV_FLAGS_EVIDX,
				   "used flags 0x%04x with VIRTIO_F_EVENT_IDX (must be 0)", f);
	}
}

void vqc_devchk_dump(const struct vqc_devchk *c, vqc_line_fn out, void *arg)
{
	char line[160];

	if (PACKED(c))
		snprintf(line, sizeof(line),
			 "checker (driver): next_avail=%u avail_wrap=%d last_used=%u used_wrap=%d in_flight=%u slots=%u",
			 c->next_avail, c->avail_wrap, c->last_used, c->used_wrap, c->inflight,
			 c->inflight_slots);
	else
		snprintf(line, sizeof(line),
			 "checker (driver): avail idx=%u next used idx=%u in_flight=%u",
			 c->avail_idx, c->used_idx, c->inflight);
	out(arg, line);
	vqc_dump_ring(&c->r, out, arg);
}
