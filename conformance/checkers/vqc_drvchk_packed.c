// SPDX-License-Identifier: GPL-2.0-only
/*
 * vqc_drvchk_packed.c - driver checker, packed layout: reads each chain the
 * driver makes available exactly as a device would and judges it.
 */
#include <string.h>
#include "vqc_drvchk.h"
#include "vqc_reqs.h"
#include "virtq_packed.h"

static bool p_avail(uint16_t f, bool wrap)
{
	return !!(f & VIRTQ_DESC_F_AVAIL) == wrap && !!(f & VIRTQ_DESC_F_USED) != wrap;
}

static int p_indirect(struct vqc_drvchk *c, struct vqc_avail_buf *b, uint64_t addr,
		      uint32_t len, uint16_t flags)
{
	const struct virtq_packed_desc *t;

	if (!virtio_has_feature(c->r.features, VIRTIO_F_INDIRECT_DESC)) {
		vqc_report(c->rep, VQC_MUST, VQR_P_DRV_INDFEAT,
			   "INDIRECT without VIRTIO_F_INDIRECT_DESC");
		return -1;
	}
	if (flags & VIRTQ_DESC_F_NEXT) {
		vqc_report(c->rep, VQC_MUST, VQR_P_DRV_INDNEXT, "INDIRECT together with NEXT");
		return -1;
	}
	if (!len || len % 16 || len / 16 > c->r.num) {
		vqc_report(c->rep, VQC_MUST, VQR_P_DRV_INDLEN,
			   "indirect table length %u not a non-zero multiple of 16 within the queue size", len);
		return -1;
	}
	t = vqc_translate(&c->r, addr, len);
	if (!t) {
		vqc_report(c->rep, VQC_MUST, VQR_P_DRV_ADDR, "indirect table outside guest memory");
		return -1;
	}
	b->indirect = true;
	b->itab_gpa = addr;
	b->itab_len = len;
	for (uint32_t i = 0; i < len / 16; i++) {
		if (t[i].flags & ~VIRTQ_DESC_F_WRITE) {
			vqc_report(c->rep, VQC_MUST, VQR_P_DRV_INDFLAGS,
				   "indirect table entry %u has flags 0x%04x besides WRITE", i, t[i].flags);
			return -1;
		}
		if (vqc_drvchk_seg(c, b, t[i].addr, t[i].len, t[i].flags))
			return -1;
	}
	return 0;
}

int vqc_drvchk_poll_packed(struct vqc_drvchk *c, struct vqc_avail_buf *b)
{
	volatile struct virtq_packed_desc *d = c->r.desc;
	uint16_t slot = c->last_avail, id = 0;
	bool wrap = c->avail_wrap;
	uint32_t n = 0;
	uint16_t flags;
	bool ind = false;

	memset(b, 0, offsetof(struct vqc_avail_buf, seg));
	if (c->lost)
		return 0;
	flags = vqc_ld16(&d[slot].flags);
	if (!p_avail(flags, wrap))
		return 0;
	b->slot = slot;
	/* VQR_P_DRV_AVAIL_BITS, VQR_P_DRV_CHAINLEN: walk the chain in ring
	 * order; every descriptor of it must be available in this lap. */
	for (;;) {
		struct virtq_packed_desc v;

		if (n)
			flags = vqc_ld16(&d[slot].flags);
		v.addr = d[slot].addr;
		v.len = d[slot].len;
		v.id = d[slot].id;
		if (n && !p_avail(flags, wrap)) {
			vqc_report(c->rep, VQC_MUST, VQR_P_DRV_CHAIN_BITS,
				   "chain at slot %u continues into slot %u whose flags 0x%04x are not available (wrap %d)",
				   b->slot, slot, flags, wrap);
			goto lost;
		}
		memcpy(c->shadow[slot], (const void *)&d[slot], 16);
		if (ind || ((flags & VIRTQ_DESC_F_INDIRECT) && n)) {
			vqc_report(c->rep, VQC_MUST, VQR_P_DRV_INDNEXT,
				   "INDIRECT descriptor in a chain of several (slot %u)", slot);
			goto lost;
		}
		if (flags & VIRTQ_DESC_F_INDIRECT) {
			ind = true;
			if (p_indirect(c, b, v.addr, v.len, flags))
				goto lost;
		} else if (vqc_drvchk_seg(c, b, v.addr, v.len, flags)) {
			goto lost;
		}
		id = v.id;
		n++;
		if (++slot == c->r.num) {
			slot = 0;
			wrap = !wrap;   /* VQR_P_DRV_AVAIL_BITS: the wrap counter flips at the end */
		}
		if (!(flags & VIRTQ_DESC_F_NEXT))
			break;
		if (n >= c->r.num) {
			vqc_report(c->rep, VQC_MUST, VQR_P_DRV_CHAINLEN,
				   "chain at slot %u longer than the queue size", b->slot);
			goto lost;
		}
		if (n + c->inflight_slots >= c->r.num) {
			vqc_report(c->rep, VQC_MUST, VQR_P_DRV_ROOM,
				   "chain at slot %u runs into slots the device still owns", b->slot);
			goto lost;
		}
	}
	/* VQP-DRV-015: the Buffer ID comes from the last descriptor */
	if (id >= c->r.num || c->ids[id].busy) {
		vqc_report(c->rep, VQC_MUST, id >= c->r.num ? VQR_P_DRV_ID_RANGE : VQR_P_DRV_ID_BUSY,
			   "Buffer ID %u at slot %u %s", id, b->slot,
			   id >= c->r.num ? "not below the queue size" : "already outstanding");
		goto lost;
	}
	b->id = id;
	b->ndesc = (uint16_t)n;
	c->ids[id].busy = true;
	c->ids[id].ndesc = (uint16_t)n;
	c->ids[id].wlen = b->wlen;
	c->ids[id].itab_gpa = b->indirect ? b->itab_gpa : 0;
	c->ids[id].itab_len = b->itab_len;
	c->ids[id].itab_hash = b->indirect ? vqc_hash(vqc_translate(&c->r, b->itab_gpa, b->itab_len),
							b->itab_len, 0xcbf29ce484222325ull) : 0;
	c->order[(c->ord_head + c->ord_count++) % VQC_MAX_NUM] = id;
	c->inflight++;
	c->inflight_slots += n;
	c->last_avail = slot;
	c->avail_wrap = wrap;
	return 1;
lost:
	c->lost = true;
	return -1;
}

/* Device side of a used element: fields first, then the flags with a
 * release store (pairs with the driver's acquire load of the flags). */
void vqc_drvchk_write_used_packed(struct vqc_drvchk *c, uint16_t id, uint32_t len,
				  uint16_t ndesc, uint16_t flags)
{
	volatile struct virtq_packed_desc *d = c->r.desc;
	uint16_t slot = c->next_used;

	/* VQP-DEV-007, VQP-DEV-016: both bits = used wrap; WRITE when data was written */
	if (!flags)
		flags = (uint16_t)((c->used_wrap ? (VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED) : 0) |
				   (len ? VIRTQ_DESC_F_WRITE : 0));
	d[slot].id = id;
	d[slot].len = len;
	vqc_st16(&d[slot].flags, flags);
	c->next_used = (uint16_t)(slot + ndesc);
	if (c->next_used >= c->r.num) {
		c->next_used = (uint16_t)(c->next_used - c->r.num);
		c->used_wrap = !c->used_wrap;
	}
}

/* Split the packed snapshot check out: every chain visible as available
 * in an intermediate state must already be complete and final. */
int vqc_drvchk_snapshot_packed(struct vqc_drvchk *c, const void *snap)
{
	const struct virtq_packed_desc *s = snap;
	const volatile struct virtq_packed_desc *d = c->r.desc;
	uint16_t slot = c->last_avail;
	bool wrap = c->avail_wrap;
	uint32_t n = 0;

	while (n < c->r.num && p_avail(s[slot].flags, wrap)) {
		uint16_t head = slot;
		bool more;

		do {
			if (!p_avail(s[slot].flags, wrap) ||
			    memcmp(&s[slot], (const void *)&d[slot], 16)) {
				vqc_report(c->rep, VQC_MUST, VQR_P_DRV_FIRST_LAST,
					   "chain at slot %u visible to the device while slot %u was not final (flags 0x%04x then 0x%04x)",
					   head, slot, s[slot].flags, d[slot].flags);
				return -1;
			}
			more = s[slot].flags & VIRTQ_DESC_F_NEXT;
			if (++slot == c->r.num) {
				slot = 0;
				wrap = !wrap;
			}
			n++;
		} while (more && n < c->r.num);
	}
	return 0;
}
