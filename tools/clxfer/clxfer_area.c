// SPDX-License-Identifier: GPL-2.0-only
/*
 * clxfer_area.c - byte offset to ring field (clxfer_area.h).  Field offsets
 * follow the split ring layout (avail: flags, idx, ring[num], used_event;
 * used: flags, idx, ring[num] of 8-byte elements, avail_event) and the
 * packed layout (descriptor ring, driver then device event suppression).
 */
#include "clxfer_area.h"

static enum clx_cat split_avail(size_t o, uint32_t num)
{
	if (o < 2)
		return CLX_CAT_EVENT;               /* flags: VIRTQ_AVAIL_F_NO_INTERRUPT */
	if (o < 4)
		return CLX_CAT_AVAIL_IDX;
	if (o < 4 + 2 * (size_t)num)
		return CLX_CAT_AVAIL_ENTRY;
	if (o < 6 + 2 * (size_t)num)
		return CLX_CAT_EVENT;               /* used_event */
	return CLX_CAT_OTHER;
}

static enum clx_cat split_used(size_t o, uint32_t num)
{
	if (o < 2)
		return CLX_CAT_EVENT;               /* flags: VIRTQ_USED_F_NO_NOTIFY */
	if (o < 4)
		return CLX_CAT_USED_IDX;
	if (o < 4 + 8 * (size_t)num)
		return CLX_CAT_USED_ELEM;
	if (o < 6 + 8 * (size_t)num)
		return CLX_CAT_EVENT;               /* avail_event */
	return CLX_CAT_OTHER;
}

enum clx_cat clx_area_classify(const struct clx_areas *a, size_t off)
{
	if (a->ind_bytes && off >= a->ind_off && off - a->ind_off < a->ind_bytes)
		return CLX_CAT_INDIRECT;
	if (a->layout == VIRTQ_LAYOUT_PACKED) {
		size_t ev = sizeof(struct virtq_packed_event);

		if (off < a->ring.driver)
			return CLX_CAT_DESC;
		if ((off >= a->ring.driver && off - a->ring.driver < ev) ||
		    (off >= a->ring.device && off - a->ring.device < ev))
			return CLX_CAT_EVENT;
		return CLX_CAT_OTHER;
	}
	if (off < a->ring.driver)
		return CLX_CAT_DESC;
	if (off < a->ring.device)
		return split_avail(off - a->ring.driver, a->num);
	return split_used(off - a->ring.device, a->num);
}
