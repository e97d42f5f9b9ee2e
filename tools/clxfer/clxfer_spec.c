// SPDX-License-Identifier: GPL-2.0-only
/*
 * clxfer_spec.c - the spec's predicted line transfers per buffer
 * (clxfer_spec.h).  "One buffer at a time" is B = 1, "batches of B" every
 * larger B, "in order" the VIRTIO_F_IN_ORDER column.
 */
#include "virtq_layout.h"
#include "clxfer_spec.h"

static const struct clx_row split_rows[] = {
	{ "descriptor (16 B)", CLX_CAT_DESC, -1 },
	{ "available ring entry (2 B)", CLX_CAT_AVAIL_ENTRY, -1 },
	{ "available idx", CLX_CAT_AVAIL_IDX, -1 },
	{ "used element (8 B)", CLX_CAT_USED_ELEM, -1 },
	{ "used idx", CLX_CAT_USED_IDX, -1 },
	{ "event structures / flags", CLX_CAT_EVENT, -1 },
	{ "indirect tables", CLX_CAT_INDIRECT, -1 },
	{ "other", CLX_CAT_OTHER, -1 },
};

static const struct clx_row packed_rows[] = {
	{ "descriptor, driver to device", CLX_CAT_DESC, CLX_DEV },
	{ "the same line, device to driver", CLX_CAT_DESC, CLX_DRV },
	{ "event structures", CLX_CAT_EVENT, -1 },
	{ "indirect tables", CLX_CAT_INDIRECT, -1 },
	{ "other", CLX_CAT_OTHER, -1 },
};

#define NROWS(a) (unsigned)(sizeof(a) / sizeof((a)[0]))

const struct clx_row *clx_spec_rows(unsigned layout, unsigned *n)
{
	if (layout == VIRTQ_LAYOUT_PACKED) {
		*n = NROWS(packed_rows);
		return packed_rows;
	}
	*n = NROWS(split_rows);
	return split_rows;
}

/* A batch value: the "one at a time" column for B = 1, else per_batch. */
static double col(const struct clx_cfg *cfg, double per_batch)
{
	return cfg->batch == 1 ? 1.0 : per_batch;
}

/* Lines per buffer of a batch of B aligned 16-byte descriptors. */
static double desc_lines(const struct clx_cfg *cfg)
{
	return (double)((cfg->batch + 3) / 4) / cfg->batch;
}

double clx_spec_value(const struct clx_cfg *cfg, unsigned i)
{
	double b = cfg->batch;
	unsigned n;
	const struct clx_row *rows = clx_spec_rows(cfg->layout, &n);

	if (i >= n)
		return -1;
	if (cfg->sg != 1 || cfg->indirect)
		return rows[i].cat == CLX_CAT_OTHER ? 0 : -1;
	switch (rows[i].cat) {
	case CLX_CAT_DESC:
		if (cfg->layout == VIRTQ_LAYOUT_PACKED && rows[i].side == CLX_DRV && cfg->in_order)
			return 1.0 / b;
		return desc_lines(cfg);
	case CLX_CAT_AVAIL_ENTRY:
		return col(cfg, 1.0 / 32 + 1.0 / b);
	case CLX_CAT_AVAIL_IDX:
	case CLX_CAT_USED_IDX:
		return 1.0 / b;
	case CLX_CAT_USED_ELEM:
		return col(cfg, cfg->in_order ? 1.0 / b : 1.0 / 8 + 1.0 / b);
	case CLX_CAT_EVENT:
		if (cfg->notify == CLX_NOTIFY_NONE)
			return 0;
		if (cfg->layout == VIRTQ_LAYOUT_SPLIT)
			return cfg->notify == CLX_NOTIFY_EVENT_IDX ? 2.0 / b : 0;
		return cfg->rearm ? 2.0 / b : 0;
	case CLX_CAT_INDIRECT:
	case CLX_CAT_OTHER:
		return 0;
	default:
		return -1;
	}
}

static double total(const struct clx_cfg *cfg, double (*value)(const struct clx_cfg *, unsigned))
{
	unsigned n;
	double t = 0;

	clx_spec_rows(cfg->layout, &n);
	for (unsigned i = 0; i < n; i++) {
		double v = value(cfg, i);

		if (v < 0)
			return -1;
		t += v;
	}
	return t;
}

double clx_spec_total(const struct clx_cfg *cfg)
{
	return total(cfg, clx_spec_value);
}
