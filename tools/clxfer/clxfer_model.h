/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * clxfer_model.h - a two-party coherence model of shared ring memory.
 *
 * Two sides (the driver and the device) share memory cut into 64-byte
 * lines.  For each line the model keeps which sides hold a valid copy and
 * which side, if any, holds it modified (wrote it last and has not given it
 * away since).  An access by one side is classified as:
 *   HIT       the side holds a valid copy (a write also needs it modified,
 *             or to be the only holder);
 *   COLD      a miss that no other side can serve: nobody wrote the line
 *             since it was last in memory (first touch);
 *   TRANSFER  a miss served from the other side: the other side wrote the
 *             line since this side last held it.  The line moves;
 *   UPGRADE   a write to a line both sides hold clean: the other copy is
 *             invalidated, no data moves.
 * Reads and writes follow MESI: a transfer for a read leaves both sides
 * with a clean copy; any write leaves the writer as the only, modified
 * holder.
 */
#ifndef CLXFER_MODEL_H
#define CLXFER_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLX_LINE 64u

enum clx_side { CLX_DRV = 0, CLX_DEV = 1, CLX_NSIDES = 2 };

/* What part of the ring an access touched (the rows of the spec's table). */
enum clx_cat {
	CLX_CAT_DESC,         /* descriptor area (split table / packed ring) */
	CLX_CAT_AVAIL_ENTRY,  /* split: avail ring[] entry */
	CLX_CAT_AVAIL_IDX,    /* split: avail idx */
	CLX_CAT_USED_ELEM,    /* split: used ring[] element */
	CLX_CAT_USED_IDX,     /* split: used idx */
	CLX_CAT_EVENT,        /* flags, used_event, avail_event; packed event structures */
	CLX_CAT_INDIRECT,     /* indirect descriptor tables */
	CLX_CAT_OTHER,        /* padding, or outside every area */
	CLX_NCATS
};

enum clx_kind { CLX_HIT, CLX_COLD, CLX_TRANSFER, CLX_UPGRADE, CLX_NKINDS };

struct clx_line_state {
	uint8_t valid;        /* bit s: side s holds a valid copy */
	int8_t owner;         /* side holding it modified, or -1 */
};

struct clx_model {
	struct clx_line_state *lines;
	size_t nlines;
	bool counting;        /* false during warm-up: state changes, counts do not */
	/* [cat][side that missed / wrote] */
	uint64_t n[CLX_NKINDS][CLX_NCATS][CLX_NSIDES];
	uint64_t accesses[CLX_NSIDES];
};

/* lines: caller-provided array of nlines entries.  Every line starts in memory. */
void clx_model_init(struct clx_model *m, struct clx_line_state *lines, size_t nlines);
/* Forget the counts (not the line states). */
void clx_model_clear_counts(struct clx_model *m);
/* One access by side to line (index); cat names the field for the counts.
 * Returns the kind of the access.  Lines out of range are CLX_HIT, uncounted. */
enum clx_kind clx_model_access(struct clx_model *m, size_t line, enum clx_side side,
			       bool write, enum clx_cat cat);
/* Sum of one kind over categories (cat < 0) and sides (side < 0). */
uint64_t clx_model_sum(const struct clx_model *m, enum clx_kind kind, int cat, int side);

const char *clx_cat_name(enum clx_cat cat);

#endif /* CLXFER_MODEL_H */
