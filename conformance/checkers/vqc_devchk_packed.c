// SPDX-License-Identifier: GPL-2.0-only
/*
 * vqc_devchk_packed.c - device checker, packed layout: a driver that
 * follows the rules, and the judge of the used descriptors a device writes.
 */
#include <string.h>
#include "vqc_devchk_priv.h"
#include "vqc_reqs.h"
#include "virtq_packed.h"

static uint16_t p_bits(bool wrap)
{
	return wrap ? VIRTQ_DESC_F_AVAIL : VIRTQ_DESC_F_USED;
}

int vqc_devchk_add_packed(struct vqc_devchk *c, const struct vqc_seg *seg, uint32_t nseg,
			  void *itable, uint64_t itable_gpa, uint16_t id)
{
	volatile struct virtq_packed_desc *d = c->r.desc;
	uint16_t head = c->next_avail, slot = head;
	bool head_wrap = c->avail_wrap, wrap = head_wrap;
	uint16_t head_flags = 0;
	uint32_t n = itable ? 1 : nseg;

	if (itable) {
		struct virtq_packed_desc *t = itable;

		for (uint32_t k = 0; k < nseg; k++) {
			t[k].addr = seg[k].gpa;
			t[k].len = seg[k].len;
			t[k].id = (uint16_t)(0xabc0 + k);
			t[k].flags = (uint16_t)((seg[k].write ? VIRTQ_DESC_F_WRITE : 0) | c->itab_extra);
		}
	}
	for (uint32_t k = 0; k < n; k++) {
		uint16_t f = p_bits(wrap);

		if (itable) {
			d[slot].addr = itable_gpa;
			d[slot].len = 16 * nseg;
			f |= VIRTQ_DESC_F_INDIRECT | c->ind_ring_extra;
		} else {
			d[slot].addr = seg[k].gpa;
			d[slot].len = seg[k].len;
			f |= seg[k].write ? VIRTQ_DESC_F_WRITE : 0;
			f |= k + 1 < n ? VIRTQ_DESC_F_NEXT : 0;
		}
		/* VQP-DEV-015: only the last descriptor carries the Buffer ID;
		 * the others get a different value the device must ignore */
		d[slot].id = k + 1 < n ? (uint16_t)(id ^ 0x5a5a) : id;
		if (k == 0)
			head_flags = f;
		else
			d[slot].flags = f;
		if (++slot == c->r.num) {
			slot = 0;
			wrap = !wrap;
		}
	}
	/* release: the head's flags become visible after every other field
	 * of the chain (pairs with the device's acquire load of the flags) */
	vqc_st16(&d[head].flags, head_flags);
	c->next_avail = slot;
	c->avail_wrap = wrap;
	c->inflight_slots += n;
	c->ids[id].ndesc = (uint16_t)n;
	(void)head_wrap;
	return 0;
}

/* Ring slots a used element with this id covers (in-order: the batch). */
static uint32_t p_slots(const struct vqc_devchk *c, uint16_t id, uint32_t ord_skip)
{
	bool in_order = virtio_has_feature(c->r.features, VIRTIO_F_IN_ORDER);
	uint32_t slots = 0;

	if (!in_order)
		return c->ids[id].ndesc;
	for (uint32_t k = ord_skip; k < c->ord_count; k++) {
		uint16_t o = c->order[(c->ord_head + k) % VQC_MAX_NUM];

		slots += c->ids[o].ndesc;
		if (o == id)
			return slots;
	}
	return 0;
}

int vqc_devchk_collect_packed(struct vqc_devchk *c, struct vqc_used *u)
{
	volatile struct virtq_packed_desc *d = c->r.desc;
	uint16_t slot = c->last_used, flags, id;
	uint32_t len;
	int slots;

	flags = vqc_ld16(&d[slot].flags);
	/* VQP-DEV-007 (VQP-DRV-008 on the reading side): used means AVAIL and
	 * USED both equal to the used wrap counter.  Anything else is not
	 * used yet; a device that writes only one of the bits is caught by
	 * its buffers never coming back. */
	if (!!(flags & VIRTQ_DESC_F_USED) != c->used_wrap ||
	    !!(flags & VIRTQ_DESC_F_AVAIL) != c->used_wrap)
		return 0;
	if (c->inflight == 0) {
		vqc_report(c->rep, VQC_MUST, VQR_P_DEV_USED_ID,
			   "slot %u marked used with nothing in flight", slot);
		c->lost = true;
		return -1;
	}
	id = d[slot].id;
	/* VQP-DEV-016: without WRITE the used descriptor reports no data */
	len = (flags & VIRTQ_DESC_F_WRITE) ? d[slot].len : 0;
	if ((flags & VIRTQ_DESC_F_WRITE) && !len) {
		vqc_report(c->rep, VQC_MUST, VQR_P_DEV_USED_WRITE,
			   "slot %u: WRITE set in a used descriptor with len 0", slot);
		c->lost = true;
		return -1;
	}
	slots = vqc_devchk_complete(c, id, len, u, VQR_P_DEV_USED_ID, VQR_P_DEV_USED_LEN,
				    VQR_P_DEV_READONLY);
	if (slots < 0) {
		c->lost = true;
		return -1;
	}
	c->inflight_slots -= (uint32_t)slots;
	/* VQR_P_DEV_WRAP: the next used element follows the slots of
	 * this buffer (or batch) */
	c->last_used = (uint16_t)(c->last_used + slots);
	if (c->last_used >= c->r.num) {
		c->last_used = (uint16_t)(c->last_used - c->r.num);
		c->used_wrap = !c->used_wrap;
	}
	return 1;
}

/*
 * Walk the used elements the device published (final state) and compare
 * with the snapshot: an element visible in the snapshot must carry its
 * final ID and len (VQR_P_DEV_USED_BITS ordering), and when the first one
 * is visible all later ones of the batch must be too (VQR_P_DEV_FIRST_LAST).
 */
int vqc_devchk_snapshot_packed(struct vqc_devchk *c, const void *desc)
{
	const struct virtq_packed_desc *s = desc;
	const volatile struct virtq_packed_desc *d = c->r.desc;
	uint16_t slot = c->last_used;
	bool wrap = c->used_wrap, first_visible = false;
	uint32_t skip = 0, seen = 0;

	while (seen < c->r.num) {
		uint16_t f = d[slot].flags, id = d[slot].id;
		bool vis = !!(s[slot].flags & VIRTQ_DESC_F_USED) == wrap &&
			   !!(s[slot].flags & VIRTQ_DESC_F_AVAIL) == wrap;
		uint32_t slots;

		if (!!(f & VIRTQ_DESC_F_USED) != wrap || !!(f & VIRTQ_DESC_F_AVAIL) != wrap ||
		    id >= c->r.num || !c->ids[id].busy)
			break;
		if (vis && (s[slot].id != id || s[slot].len != d[slot].len)) {
			vqc_report(c->rep, VQC_MUST, VQR_P_DEV_USED_BITS,
				   "slot %u visible as used before its ID/len were written", slot);
			return -1;
		}
		if (!seen)
			first_visible = vis;
		else if (first_visible && !vis) {
			vqc_report(c->rep, VQC_MUST, VQR_P_DEV_FIRST_LAST,
				   "first used element of a batch visible before the element at slot %u", slot);
			return -1;
		}
		slots = p_slots(c, id, skip);
		if (!slots)
			break;
		skip += virtio_has_feature(c->r.features, VIRTIO_F_IN_ORDER)
			? (uint32_t)vqc_devchk_order_pos(c, id) + 1 - skip : 0;
		seen++;
		slot = (uint16_t)(slot + slots);
		if (slot >= c->r.num) {
			slot = (uint16_t)(slot - c->r.num);
			wrap = !wrap;
		}
	}
	return 0;
}

void vqc_devchk_raw_packed(struct vqc_devchk *c, uint32_t k, uint64_t addr, uint32_t len,
			   uint16_t id, uint16_t flags, bool avail)
{
	volatile struct virtq_packed_desc *d = c->r.desc;
	uint32_t pos = c->next_avail + k;
	bool wrap = c->avail_wrap;

	while (pos >= c->r.num) {
		pos -= c->r.num;
		wrap = !wrap;
	}
	d[pos].addr = addr;
	d[pos].len = len;
	d[pos].id = id;
	vqc_st16(&d[pos].flags, (uint16_t)(flags | (avail ? p_bits(wrap) : p_bits(!wrap))));
}
