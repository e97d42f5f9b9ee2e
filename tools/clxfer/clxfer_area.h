/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * clxfer_area.h - which ring field a byte offset of the shared block falls
 * in, for the split and the packed layout (the block: the three ring areas
 * as virtq_ring_layout() places them, then the indirect tables).
 */
#ifndef CLXFER_AREA_H
#define CLXFER_AREA_H

#include <stddef.h>
#include <stdint.h>
#include "virtq_layout.h"
#include "clxfer_model.h"

struct clx_areas {
	unsigned layout;
	uint32_t num;
	struct virtq_ring_offsets ring;
	size_t ind_off, ind_bytes;    /* indirect tables; ind_bytes 0 = none */
};

enum clx_cat clx_area_classify(const struct clx_areas *a, size_t off);

#endif /* CLXFER_AREA_H */
