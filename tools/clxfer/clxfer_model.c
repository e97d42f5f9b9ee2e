// SPDX-License-Identifier: GPL-2.0-only
/*
 * clxfer_model.c - the two-party coherence model (clxfer_model.h).
 */
#include <string.h>
#include "clxfer_model.h"

void clx_model_init(struct clx_model *m, struct clx_line_state *lines, size_t nlines)
{
	memset(m, 0, sizeof(*m));
	m->lines = lines;
	m->nlines = nlines;
	for (size_t i = 0; i < nlines; i++) {
		lines[i].valid = 0;
		lines[i].owner = -1;
	}
	m->counting = true;
}

void clx_model_clear_counts(struct clx_model *m)
{
	memset(m->n, 0, sizeof(m->n));
	memset(m->accesses, 0, sizeof(m->accesses));
}

enum clx_kind clx_model_access(struct clx_model *m, size_t line, enum clx_side side,
			       bool write, enum clx_cat cat)
{
	struct clx_line_state *l;
	unsigned me = 1u << side, other = 1u << (side ^ 1);
	enum clx_kind k;

	if (line >= m->nlines || (unsigned)cat >= CLX_NCATS)
		return CLX_HIT;
	l = &m->lines[line];
	if (!(l->valid & me)) {
		/* a miss: served by the other side only if it holds the line modified */
		k = l->owner == (int)(side ^ 1) ? CLX_TRANSFER : CLX_COLD;
	} else if (write && (l->valid & other)) {
		k = CLX_UPGRADE;
	} else {
		k = CLX_HIT;
	}
	if (write) {
		l->valid = (uint8_t)me;
		l->owner = (int8_t)side;
	} else {
		l->valid |= (uint8_t)me;
		if (l->owner != (int)side)
			l->owner = -1;    /* the other side's dirty copy is now shared */
	}
	if (m->counting) {
		m->n[k][cat][side]++;
		m->accesses[side]++;
	}
	return k;
}

uint64_t clx_model_sum(const struct clx_model *m, enum clx_kind kind, int cat, int side)
{
	uint64_t s = 0;

	for (int c = 0; c < CLX_NCATS; c++) {
		if (cat >= 0 && c != cat)
			continue;
		for (int d = 0; d < CLX_NSIDES; d++)
			if (side < 0 || d == side)
				s += m->n[kind][c][d];
	}
	return s;
}

const char *clx_cat_name(enum clx_cat cat)
{
	static const char *const names[CLX_NCATS] = {
		[CLX_CAT_DESC] = "descriptor",
		[CLX_CAT_AVAIL_ENTRY] = "avail entry",
		[CLX_CAT_AVAIL_IDX] = "avail idx",
		[CLX_CAT_USED_ELEM] = "used element",
		[CLX_CAT_USED_IDX] = "used idx",
		[CLX_CAT_EVENT] = "event structures",
		[CLX_CAT_INDIRECT] = "indirect table",
		[CLX_CAT_OTHER] = "other",
	};
	return (unsigned)cat < CLX_NCATS ? names[cat] : "?";
}
