/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * clxfer_spec.h - the rows of the table in the spec's "Performance notes
 * (informative)" (spec/chapters/split-ring.tex, sec:perf) and the value the
 * spec predicts for each, in lines moving per buffer of one descriptor.
 */
#ifndef CLXFER_SPEC_H
#define CLXFER_SPEC_H

#include <stdbool.h>
#include <stdint.h>
#include "clxfer_model.h"
#include "clxfer_run.h"

struct clx_row {
	const char *label;
	enum clx_cat cat;
	int side;             /* side the line moves to; -1 = either */
};

/* The rows reported for a layout; *n receives their count. */
const struct clx_row *clx_spec_rows(unsigned layout, unsigned *n);

/*
 * The spec's value for row i of the layout's rows under cfg, or a negative
 * number when the spec makes no prediction (indirect, several descriptors
 * per buffer).  From line arithmetic: a batch of B consecutive s-byte
 * entries shares its first and last line with the neighbouring batches, so
 * it moves about B*s/64 + 1 lines (s/64 + 1/B per buffer) unless B*s is a
 * multiple of 64 and the batch starts on a line (the descriptors); split in
 * order publishes one used element per batch; a notification decision
 * costs a line only when the other side rewrote the structure it reads
 * (split flags travel with idx; used_event/avail_event are rewritten once
 * per batch; packed structures when re-armed).
 */
double clx_spec_value(const struct clx_cfg *cfg, unsigned i);

/* The spec's total, or negative when it makes none. */
double clx_spec_total(const struct clx_cfg *cfg);

#endif /* CLXFER_SPEC_H */
