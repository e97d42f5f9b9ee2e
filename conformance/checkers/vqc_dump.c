// SPDX-License-Identifier: GPL-2.0-only
/*
 * vqc_dump.c - ring-state dump (vqc_dump.h).
 */
#include <stdio.h>
#include <string.h>
#include "vqc_dump.h"

const char *vqc_flags_str(unsigned layout, uint16_t f, char *buf, size_t size)
{
	static const struct { uint16_t bit; const char *name; } names[] = {
		{ VIRTQ_DESC_F_AVAIL, "AVAIL" }, { VIRTQ_DESC_F_USED, "USED" },
		{ VIRTQ_DESC_F_NEXT, "NEXT" }, { VIRTQ_DESC_F_WRITE, "WRITE" },
		{ VIRTQ_DESC_F_INDIRECT, "INDIRECT" },
	};
	size_t n = 0;

	buf[0] = 0;
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (layout == VIRTQ_LAYOUT_SPLIT && i < 2)
			continue;
		if (f & names[i].bit)
			n += (size_t)snprintf(buf + n, size > n ? size - n : 0, "%s%s",
					      n ? "|" : "", names[i].name);
	}
	if (!n)
		snprintf(buf, size, "-");
	return buf;
}

void vqc_dump_ring(const struct vqc_ring *r, vqc_line_fn out, void *arg)
{
	char line[200], fl[48];
	uint32_t n = r->num < VQC_DUMP_MAX ? r->num : VQC_DUMP_MAX;

	if (r->layout == VIRTQ_LAYOUT_PACKED) {
		const volatile struct virtq_packed_desc *d = r->desc;
		const volatile struct virtq_packed_event *de = r->driver, *ve = r->device;

		snprintf(line, sizeof(line),
			 "ring: packed num=%u; driver event flags=%u off=%u wrap=%u; device event flags=%u off=%u wrap=%u",
			 r->num, de->flags, de->off_wrap & VIRTQ_EVT_OFF_MASK, de->off_wrap >> 15,
			 ve->flags, ve->off_wrap & VIRTQ_EVT_OFF_MASK, ve->off_wrap >> 15);
		out(arg, line);
		for (uint32_t i = 0; i < n; i++) {
			snprintf(line, sizeof(line), "desc[%3u] addr=0x%010llx len=%-6u id=%-5u flags=0x%04x %s",
				 i, (unsigned long long)d[i].addr, d[i].len, d[i].id, d[i].flags,
				 vqc_flags_str(r->layout, d[i].flags, fl, sizeof(fl)));
			out(arg, line);
		}
	} else {
		const volatile struct virtq_split_desc *d = r->desc;
		const volatile struct virtq_split_avail *a = r->driver;
		const volatile struct virtq_split_used *u = r->device;
		size_t k;

		snprintf(line, sizeof(line),
			 "ring: split num=%u; avail flags=%u idx=%u used_event=%u; used flags=%u idx=%u avail_event=%u",
			 r->num, a->flags, a->idx, a->ring[r->num], u->flags, u->idx,
			 *virtq_split_avail_event((volatile struct virtq_split_used *)u, r->num));
		out(arg, line);
		for (uint32_t i = 0; i < n; i++) {
			snprintf(line, sizeof(line), "desc[%3u] addr=0x%010llx len=%-6u next=%-5u flags=0x%04x %s",
				 i, (unsigned long long)d[i].addr, d[i].len, d[i].next, d[i].flags,
				 vqc_flags_str(r->layout, d[i].flags, fl, sizeof(fl)));
			out(arg, line);
		}
		k = (size_t)snprintf(line, sizeof(line), "avail.ring:");
		for (uint32_t i = 0; i < n && i < 24 && k < sizeof(line); i++)
			k += (size_t)snprintf(line + k, sizeof(line) - k, " %u", a->ring[i]);
		out(arg, line);
		k = (size_t)snprintf(line, sizeof(line), "used.ring:");
		for (uint32_t i = 0; i < n && i < 12 && k < sizeof(line); i++)
			k += (size_t)snprintf(line + k, sizeof(line) - k, " %u/%u", u->ring[i].id, u->ring[i].len);
		out(arg, line);
	}
}
