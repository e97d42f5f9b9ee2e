// SPDX-License-Identifier: GPL-2.0-only
/*
 * vqc_drvchk.c - driver checker: completion, ownership, notifications and
 * event suppression, for both layouts (vqc_drvchk.h).
 */
#include <stdio.h>
#include <string.h>
#include "vqc_drvchk.h"
#include "vqc_dump.h"
#include "vqc_reqs.h"
#include "virtq_packed.h"
#include "virtq_split.h"

#define PACKED(c) ((c)->r.layout == VIRTQ_LAYOUT_PACKED)

_Static_assert(VIRTQ_DESC_F_WRITE == VIRTQ_SPLIT_F_WRITE, "one WRITE bit for both layouts");

/* One segment of a buffer, from a ring or an indirect descriptor of either
 * layout: the checks both layouts share, each under its layout's ID. */
int vqc_drvchk_seg(struct vqc_drvchk *c, struct vqc_avail_buf *b, uint64_t addr,
		   uint32_t len, uint16_t flags)
{
	bool w = flags & VIRTQ_DESC_F_WRITE;
	bool p = PACKED(c);

	if (b->nseg == VQC_MAX_SEGS) {
		vqc_report(c->rep, VQC_MUST, p ? VQR_P_DRV_CHAINLEN : VQR_S_DRV_CHAINLEN,
			   "more than %u segments", VQC_MAX_SEGS);
		return -1;
	}
	if (!len) {
		vqc_report(c->rep, VQC_MUST, p ? VQR_P_DRV_ZEROLEN : VQR_S_DRV_ZEROLEN,
			   "zero-length descriptor (segment %u)", b->nseg);
		return -1;
	}
	if (!vqc_translate(&c->r, addr, len)) {
		vqc_report(c->rep, VQC_MUST, p ? VQR_P_DRV_ADDR : VQR_S_DRV_ADDR,
			   "descriptor addr 0x%llx len %u outside guest memory: a device must reject it",
			   (unsigned long long)addr, len);
		return -1;
	}
	if (!w && b->wlen) {
		vqc_report(c->rep, VQC_MUST, p ? VQR_P_DRV_WRORDER : VQR_S_DRV_WRORDER,
			   "device-readable segment %u after a device-writable one", b->nseg);
		return -1;
	}
	b->seg[b->nseg].gpa = addr;
	b->seg[b->nseg].len = len;
	b->seg[b->nseg].write = w;
	b->nseg++;
	if (w)
		b->wlen += len;
	else
		b->rlen += len;
	return 0;
}

static void drvchk_init_device_area(struct vqc_drvchk *c)
{
	if (PACKED(c)) {
		volatile struct virtq_packed_event *e = c->r.device;

		e->off_wrap = 0;
		vqc_st16(&e->flags, VIRTQ_EVT_F_ENABLE);
	} else {
		volatile struct virtq_split_used *u = c->r.device;

		u->flags = 0;
		*virtq_split_avail_event(u, c->r.num) = 0;
		vqc_st16(&u->idx, 0);
	}
}

int vqc_drvchk_init(struct vqc_drvchk *c, const struct vqc_ring *r, struct vqc_report *rep)
{
	if (r->num == 0 || r->num > VQC_MAX_NUM)
		return -1;
	memset(c, 0, sizeof(*c));
	c->r = *r;
	c->rep = rep;
	vqc_drvchk_reset(c);
	return 0;
}

void vqc_drvchk_reset(struct vqc_drvchk *c)
{
	struct vqc_ring r = c->r;
	struct vqc_report *rep = c->rep;

	memset(c, 0, sizeof(*c));
	c->r = r;
	c->rep = rep;
	c->avail_wrap = c->used_wrap = true;
	c->kick_old = c->signal_old = 0;
	drvchk_init_device_area(c);
}

int vqc_drvchk_poll(struct vqc_drvchk *c, struct vqc_avail_buf *b)
{
	return PACKED(c) ? vqc_drvchk_poll_packed(c, b) : vqc_drvchk_poll_split(c, b);
}

int vqc_drvchk_snapshot(struct vqc_drvchk *c, const void *desc, const void *driver)
{
	return PACKED(c) ? vqc_drvchk_snapshot_packed(c, desc)
			 : vqc_drvchk_snapshot_split(c, desc, driver);
}

/* Forget a buffer: ID free again; split: its descriptors too. */
static void drvchk_release(struct vqc_drvchk *c, uint16_t id)
{
	c->ids[id].busy = false;
	c->inflight--;
	if (PACKED(c)) {
		c->inflight_slots -= c->ids[id].ndesc;
		return;
	}
	for (uint32_t i = id, n = 0; i < c->r.num && n < c->ids[id].ndesc; n++) {
		struct virtq_split_desc s;

		memcpy(&s, c->shadow[i], 16);
		c->owned[i] = 0;
		if (!(s.flags & VIRTQ_SPLIT_F_NEXT) || (s.flags & VIRTQ_SPLIT_F_INDIRECT))
			break;
		i = s.next;
	}
}

static void drvchk_unorder(struct vqc_drvchk *c, uint16_t id)
{
	uint32_t k;

	for (k = 0; k < c->ord_count; k++)
		if (c->order[(c->ord_head + k) % VQC_MAX_NUM] == id)
			break;
	for (; k + 1 < c->ord_count; k++)
		c->order[(c->ord_head + k) % VQC_MAX_NUM] = c->order[(c->ord_head + k + 1) % VQC_MAX_NUM];
	c->ord_count--;
}

int vqc_drvchk_use(struct vqc_drvchk *c, uint16_t id, uint32_t len)
{
	if (id >= c->r.num || !c->ids[id].busy)
		return -1;
	if (PACKED(c))
		vqc_drvchk_write_used_packed(c, id, len, c->ids[id].ndesc, 0);
	else
		vqc_drvchk_write_used_split(c, id, len);
	drvchk_unorder(c, id);
	drvchk_release(c, id);
	return 0;
}

int vqc_drvchk_use_batch(struct vqc_drvchk *c, uint16_t id, uint32_t len)
{
	uint32_t k, slots = 0;

	if (id >= c->r.num || !c->ids[id].busy)
		return -1;
	for (k = 0; k < c->ord_count; k++) {
		uint16_t o = c->order[(c->ord_head + k) % VQC_MAX_NUM];

		slots += c->ids[o].ndesc;
		if (o == id)
			break;
	}
	if (PACKED(c)) {
		vqc_drvchk_write_used_packed(c, id, len, (uint16_t)slots, 0);
	} else {
		/* split: the element sits at the batch's first position and
		 * used idx moves by the number of buffers in the batch */
		volatile struct virtq_split_used *u = c->r.device;

		u->ring[c->used_idx % c->r.num].id = id;
		u->ring[c->used_idx % c->r.num].len = len;
		c->used_idx = (uint16_t)(c->used_idx + k + 1);
		vqc_st16(&u->idx, c->used_idx);
	}
	for (k++; k; k--) {
		uint16_t o = c->order[c->ord_head];

		c->ord_head = (c->ord_head + 1) % VQC_MAX_NUM;
		c->ord_count--;
		drvchk_release(c, o);
	}
	return 0;
}

void vqc_drvchk_raw_used(struct vqc_drvchk *c, uint32_t id, uint32_t len, uint16_t flags)
{
	if (PACKED(c))
		vqc_drvchk_write_used_packed(c, (uint16_t)id, len, 1, flags);
	else
		vqc_drvchk_write_used_split(c, id, len);
}

void vqc_drvchk_owned(struct vqc_drvchk *c)
{
	const uint8_t *ring = c->r.desc;

	if (c->lost)
		return;
	/* VQP-DRV-030 / VQS-DRV-008: indirect tables of outstanding buffers */
	for (uint32_t i = 0; i < c->r.num; i++) {
		const struct vqc_drvchk_id *b = &c->ids[i];

		if (b->busy && b->itab_gpa &&
		    vqc_hash(vqc_translate(&c->r, b->itab_gpa, b->itab_len), b->itab_len,
			     0xcbf29ce484222325ull) != b->itab_hash) {
			vqc_report(c->rep, VQC_MUST, PACKED(c) ? "VQP-DRV-030" : VQR_S_DRV_OWNED,
				   "indirect table of outstanding buffer %u changed", i);
			return;
		}
	}
	if (PACKED(c)) {
		const volatile struct virtq_packed_event *e = c->r.device;

		if (e->flags != c->evt_flags || e->off_wrap != c->evt_off_wrap)
			vqc_report(c->rep, VQC_MUST, VQR_P_DRV_DEV_EVT,
				   "device event suppression changed to flags %u off_wrap 0x%04x by the driver",
				   e->flags, e->off_wrap);
		for (uint32_t k = 0; k < c->inflight_slots; k++) {
			uint32_t slot = (c->next_used + k) % c->r.num;

			if (memcmp(c->shadow[slot], ring + 16 * slot, 16)) {
				vqc_report(c->rep, VQC_MUST, VQR_P_DRV_OWNED,
					   "slot %u changed while the device owned it", slot);
				return;
			}
		}
		return;
	}
	for (uint32_t i = 0; i < c->r.num; i++)
		if (c->owned[i] && memcmp(c->shadow[i], ring + 16 * i, 16)) {
			vqc_report(c->rep, VQC_MUST, VQR_S_DRV_OWNED,
				   "descriptor %u changed while in flight", i);
			return;
		}
}

void vqc_drvchk_set_event(struct vqc_drvchk *c, uint16_t mode, uint16_t off, bool wrap)
{
	c->evt_flags = mode;
	c->evt_off_wrap = (uint16_t)(off | (wrap ? 1u << VIRTQ_EVT_WRAP_SHIFT : 0));
	if (PACKED(c)) {
		volatile struct virtq_packed_event *e = c->r.device;

		e->off_wrap = c->evt_off_wrap;
		vqc_st16(&e->flags, mode);
	} else {
		volatile struct virtq_split_used *u = c->r.device;

		*virtq_split_avail_event(u, c->r.num) = off;
		vqc_st16(&u->flags, mode == VIRTQ_EVT_F_DISABLE ? VIRTQ_USED_F_NO_NOTIFY : 0);
	}
	/* the driver reads the new suppression state after this point */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void vqc_drvchk_kick(struct vqc_drvchk *c, bool kicked, uint32_t data)
{
	bool req;
	uint32_t expect;

	if (c->lost)
		return;
	if (PACKED(c)) {
		uint32_t now = vqc_lin(c->r.num, c->last_avail, c->avail_wrap);

		if (now == c->kick_old)
			req = false;
		else if (c->evt_flags == VIRTQ_EVT_F_ENABLE)
			req = true;
		else if (c->evt_flags == VIRTQ_EVT_F_DESC)
			req = vqc_passed(c->r.num, vqc_lin(c->r.num, c->evt_off_wrap & VIRTQ_EVT_OFF_MASK,
							   c->evt_off_wrap >> VIRTQ_EVT_WRAP_SHIFT),
					 c->kick_old, now);
		else
			req = false;
		if (req && !kicked)
			vqc_report(c->rep, VQC_MUST, VQR_P_DRV_NOTIFY,
				   "no notification after making slots %u..%u available (device event flags %u off_wrap 0x%04x)",
				   c->kick_old, now, c->evt_flags, c->evt_off_wrap);
		if (!req && kicked && now != c->kick_old)
			vqc_report(c->rep, VQC_SHOULD, VQR_P_DRV_NOTIFY_SUPP,
				   "notified although the device suppressed it (flags %u off_wrap 0x%04x)",
				   c->evt_flags, c->evt_off_wrap);
		expect = c->r.vq_index | (uint32_t)c->last_avail << 16 | (uint32_t)c->avail_wrap << 31;
		if (kicked && virtio_has_feature(c->r.features, VIRTIO_F_NOTIFICATION_DATA) &&
		    data != expect)
			vqc_report(c->rep, VQC_MUST,
				   (data & 0xffffu) != c->r.vq_index ? VQR_P_DRV_NOTIF_IDX : VQR_P_DRV_NOTIF_OFF,
				   "notification data 0x%08x, expected 0x%08x", data, expect);
		c->kick_old = now;
		return;
	}
	{
		volatile struct virtq_split_used *u = c->r.device;
		uint16_t now = c->avail_idx, old = (uint16_t)c->kick_old;
		bool ei = virtio_has_feature(c->r.features, VIRTIO_F_EVENT_IDX);

		if (now == old)
			req = false;
		else if (ei)
			req = virtq_split_need_event(*virtq_split_avail_event(u, c->r.num), now, old);
		else
			req = !(u->flags & VIRTQ_USED_F_NO_NOTIFY);
		if (req && !kicked)
			vqc_report(c->rep, VQC_MUST, ei ? VQR_S_DRV_NOTIFY_EI : VQR_S_DRV_NOTIFY,
				   "no notification after avail idx moved %u -> %u (avail_event %u, used flags %u)",
				   old, now, *virtq_split_avail_event(u, c->r.num), u->flags);
		if (!req && kicked && now != old)
			vqc_report(c->rep, VQC_SHOULD, ei ? VQR_S_DRV_NOTIFY_EI_SUPP : VQR_S_DRV_NOTIFY_SUPP,
				   "notified although suppressed (avail idx %u -> %u, avail_event %u, used flags %u)",
				   old, now, *virtq_split_avail_event(u, c->r.num), u->flags);
		expect = c->r.vq_index | (uint32_t)now << 16;
		if (kicked && virtio_has_feature(c->r.features, VIRTIO_F_NOTIFICATION_DATA) &&
		    data != expect)
			vqc_report(c->rep, VQC_MUST, VQR_S_DRV_NOTIF_DATA,
				   "notification data 0x%08x, expected 0x%08x", data, expect);
		c->kick_old = now;
	}
}

bool vqc_drvchk_interrupt(struct vqc_drvchk *c)
{
	bool req;

	/* the driver's suppression fields are read after the used elements
	 * were published (pairs with the driver's barrier after writing them) */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (PACKED(c)) {
		volatile struct virtq_packed_event *e = c->r.driver;
		uint16_t f = vqc_ld16(&e->flags), ow = e->off_wrap;
		uint32_t now = vqc_lin(c->r.num, c->next_used, c->used_wrap);

		if (f > VIRTQ_EVT_F_DESC)
			vqc_report(c->rep, VQC_MUST, VQR_P_DRV_EVT_MODE,
				   "driver event suppression flags 0x%04x: mode 3 or reserved bits", f);
		else if (f == VIRTQ_EVT_F_DESC && !virtio_has_feature(c->r.features, VIRTIO_F_EVENT_IDX))
			vqc_report(c->rep, VQC_MUST, VQR_P_DRV_EVT_DESC,
				   "driver event suppression in DESC mode without VIRTIO_F_EVENT_IDX");
		else if (f == VIRTQ_EVT_F_DESC && (ow & VIRTQ_EVT_OFF_MASK) >= c->r.num)
			vqc_report(c->rep, VQC_MUST, VQR_P_DRV_EVT_MODE,
				   "driver event offset %u not below the queue size", ow & VIRTQ_EVT_OFF_MASK);
		if (now == c->signal_old)
			req = false;
		else if (f == VIRTQ_EVT_F_DESC)
			req = vqc_passed(c->r.num, vqc_lin(c->r.num, ow & VIRTQ_EVT_OFF_MASK,
							   ow >> VIRTQ_EVT_WRAP_SHIFT),
					 c->signal_old, now);
		else
			req = f == VIRTQ_EVT_F_ENABLE;
		c->signal_old = now;
		return req;
	}
	{
		volatile struct virtq_split_avail *a = c->r.driver;
		uint16_t f = vqc_ld16(&a->flags), old = (uint16_t)c->signal_old;

		if (f & ~VIRTQ_AVAIL_F_NO_INTERRUPT)
			vqc_report(c->rep, VQC_MUST, VQR_S_DRV_FLAGS, "avail flags 0x%04x not 0 or 1", f);
		else if (f && virtio_has_feature(c->r.features, VIRTIO_F_EVENT_IDX))
			vqc_report(c->rep, VQC_MUST, VQR_S_DRV_FLAGS_EVIDX,
				   "avail flags 0x%04x with VIRTIO_F_EVENT_IDX (must be 0)", f);
		if (c->used_idx == old)
			req = false;
		else if (virtio_has_feature(c->r.features, VIRTIO_F_EVENT_IDX))
			req = virtq_split_need_event(*virtq_split_used_event(a, c->r.num), c->used_idx, old);
		else
			req = !(f & VIRTQ_AVAIL_F_NO_INTERRUPT);
		c->signal_old = c->used_idx;
		return req;
	}
}

void vqc_drvchk_dump(const struct vqc_drvchk *c, vqc_line_fn out, void *arg)
{
	char line[160];

	if (PACKED(c))
		snprintf(line, sizeof(line),
			 "checker (device): last_avail=%u avail_wrap=%d next_used=%u used_wrap=%d in_flight=%u slots=%u%s",
			 c->last_avail, c->avail_wrap, c->next_used, c->used_wrap, c->inflight,
			 c->inflight_slots, c->lost ? " (lost track)" : "");
	else
		snprintf(line, sizeof(line),
			 "checker (device): next avail idx=%u used idx=%u in_flight=%u%s",
			 c->avail_idx, c->used_idx, c->inflight, c->lost ? " (lost track)" : "");
	out(arg, line);
	vqc_dump_ring(&c->r, out, arg);
}
