// SPDX-License-Identifier: GPL-2.0-only
/*
 * clxfer - measure the cache-line transfers per buffer of the reference
 * virtqueues and set them beside the spec's "Performance notes" table.
 *
 *   clxfer [--layout split|packed|both] [--num N] [--batch B[,B...]]
 *          [--buffers N] [--warmup N] [--in-order off|on|both]
 *          [--notify MODE[,MODE...]|all] [--indirect] [--sg N]
 *          [--placement aligned|compact|both] [--trace ROUNDS]
 *          [--summary]
 *
 * MODE: none (no notification decisions), flags or event-idx (one kick
 * decision and one interrupt decision per round, suppression structures
 * left as initialised), flags+rearm or event-idx+rearm (each side also
 * turns notifications off while it works and back on at the end of its
 * phase, as a side that sleeps between notifications does).
 * Lists take every combination.  Without options: both layouts, B = 1, 4,
 * 16, 64, in-order off and on, notifications none and event-idx+rearm, queue
 * size 256, 2048 counted buffers after 512 uncounted ones, each ring area
 * starting on its own 64-byte line as virtq_ring_layout() places them
 * ("aligned"; "compact" packs the areas back to back, only as aligned as the
 * spec requires).
 *
 * How: driver and device run alternately in one thread; every load and
 * store to the ring block is trapped (conformance/lib/pvc_wtrap: page
 * protection plus single step) and fed, with the running side, to a
 * two-party MESI model of 64-byte lines (clxfer_model.h).  A transfer is
 * a miss served from the other side's modified copy.  Each table sets the
 * measured lines per buffer beside the spec's table ("spec",
 * clxfer_spec.h) and their ratio.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "virtq_layout.h"
#include "clxfer_run.h"
#include "clxfer_spec.h"

#define CLX_MAX_LIST 16

struct clx_opts {
	unsigned layouts[2], nlayouts;
	uint32_t batches[CLX_MAX_LIST], nbatches;
	bool inorder[2], placements[2];
	unsigned nplacements;
	unsigned ninorder;
	enum clx_notify notifies[5];
	bool rearms[5];
	unsigned nnotify;
	struct clx_cfg base;
	bool summary;
};

static const char *notify_name(const struct clx_cfg *c)
{
	if (c->notify == CLX_NOTIFY_NONE)
		return "none";
	if (c->notify == CLX_NOTIFY_FLAGS)
		return c->rearm ? "flags+rearm" : "flags";
	return c->rearm ? "event-idx+rearm" : "event-idx";
}

static void fmt_ratio(char *buf, size_t len, double meas, double spec)
{
	if (spec < 0)
		snprintf(buf, len, "%8s %7s", "-", "-");
	else if (spec == 0)
		snprintf(buf, len, "%8.4f %7s", spec, meas == 0 ? "=" : "new");
	else
		snprintf(buf, len, "%8.4f %7.2f", spec, meas / spec);
}

static void print_config(const struct clx_cfg *c, const struct clx_result *r)
{
	const struct clx_model *m = &r->model;
	const struct clx_row *rows;
	unsigned n;
	double nb = (double)r->buffers, tot = 0;
	char rb[32];

	printf("\n%s num=%u B=%u in-order=%s notify=%s indirect=%s sg=%u placement=%s: %llu buffers\n",
	       c->layout == VIRTQ_LAYOUT_PACKED ? "packed" : "split", c->num, c->batch,
	       c->in_order ? "on" : "off", notify_name(c), c->indirect ? "on" : "off",
	       c->sg, c->compact ? "compact" : "aligned", (unsigned long long)r->buffers);
	printf("  %-34s %8s %8s %8s %8s %7s\n", "lines moving per buffer", "to dev", "to drv",
	       "total", "spec", "ratio");
	rows = clx_spec_rows(c->layout, &n);
	for (unsigned i = 0; i < n; i++) {
		uint64_t to_dev = rows[i].side == CLX_DRV ? 0 : m->n[CLX_TRANSFER][rows[i].cat][CLX_DEV];
		uint64_t to_drv = rows[i].side == CLX_DEV ? 0 : m->n[CLX_TRANSFER][rows[i].cat][CLX_DRV];
		double v = (double)(to_dev + to_drv) / nb;

		/* rows for areas this configuration does not have: only when they move */
		if (v == 0 && rows[i].cat == CLX_CAT_OTHER)
			continue;
		if (v == 0 && rows[i].cat == CLX_CAT_INDIRECT && !c->indirect)
			continue;
		fmt_ratio(rb, sizeof(rb), v, clx_spec_value(c, i));
		printf("  %-34s %8.4f %8.4f %8.4f %s\n", rows[i].label, to_dev / nb, to_drv / nb,
		       v, rb);
		tot += v;
	}
	fmt_ratio(rb, sizeof(rb), tot, clx_spec_total(c));
	printf("  %-34s %8.4f %8.4f %8.4f %s%s\n", "total",
	       clx_model_sum(m, CLX_TRANSFER, -1, CLX_DEV) / nb,
	       clx_model_sum(m, CLX_TRANSFER, -1, CLX_DRV) / nb, tot, rb,
	       c->batch == 1 && c->layout == VIRTQ_LAYOUT_SPLIT ? " (B=1: up to)" : "");
	printf("  invalidations without data (per buffer) %.4f; cold misses %llu; "
	       "accesses per buffer drv %.1f dev %.1f\n",
	       clx_model_sum(m, CLX_UPGRADE, -1, -1) / nb,
	       (unsigned long long)clx_model_sum(m, CLX_COLD, -1, -1),
	       m->accesses[CLX_DRV] / nb, m->accesses[CLX_DEV] / nb);
	if (c->notify != CLX_NOTIFY_NONE)
		printf("  kicks per buffer %.4f, interrupts per buffer %.4f\n",
		       r->kicks / nb, r->interrupts / nb);
}

static int parse_list(const char *s, uint32_t *out, uint32_t max)
{
	uint32_t n = 0;
	char *end;

	while (*s && n < max) {
		unsigned long v = strtoul(s, &end, 0);

		if (end == s || v == 0 || v > 32768)
			return -1;
		out[n++] = (uint32_t)v;
		s = *end == ',' ? end + 1 : end;
		if (*end && *end != ',')
			return -1;
	}
	return n ? (int)n : -1;
}

/* A list of none, flags, event-idx, flags+rearm, event-idx+rearm; or all. */
static int parse_notify(const char *arg, struct clx_opts *o)
{
	static const struct {
		const char *name;
		enum clx_notify n;
		bool rearm;
	} modes[] = {
		{ "none", CLX_NOTIFY_NONE, false },
		{ "flags", CLX_NOTIFY_FLAGS, false },
		{ "event-idx", CLX_NOTIFY_EVENT_IDX, false },
		{ "flags+rearm", CLX_NOTIFY_FLAGS, true },
		{ "event-idx+rearm", CLX_NOTIFY_EVENT_IDX, true },
	};
	const unsigned nm = sizeof(modes) / sizeof(modes[0]);
	const char *p = arg;

	o->nnotify = 0;
	if (!strcmp(arg, "all")) {
		for (unsigned i = 0; i < nm; i++) {
			o->notifies[i] = modes[i].n;
			o->rearms[i] = modes[i].rearm;
		}
		o->nnotify = nm;
		return 0;
	}
	while (*p) {
		size_t len = strcspn(p, ",");
		unsigned i;

		for (i = 0; i < nm; i++)
			if (strlen(modes[i].name) == len && !strncmp(p, modes[i].name, len))
				break;
		if (i == nm || o->nnotify == nm)
			return -1;
		o->notifies[o->nnotify] = modes[i].n;
		o->rearms[o->nnotify++] = modes[i].rearm;
		p += len;
		if (*p == ',')
			p++;
	}
	return o->nnotify ? 0 : -1;
}

static void usage(void)
{
	fputs("usage: clxfer [--layout split|packed|both] [--num N] [--batch B[,B...]]\n"
	      "              [--buffers N] [--warmup N] [--in-order off|on|both]\n"
	      "              [--notify MODE[,MODE...]|all] [--indirect] [--sg N]\n"
	      "              [--placement aligned|compact|both] [--trace ROUNDS]\n"
	      "              [--summary]\n",
	      stderr);
	exit(2);
}

static void parse(int argc, char **argv, struct clx_opts *o)
{
	static const struct option lo[] = {
		{ "layout", required_argument, NULL, 'l' },
		{ "num", required_argument, NULL, 'n' },
		{ "batch", required_argument, NULL, 'b' },
		{ "buffers", required_argument, NULL, 'c' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "in-order", required_argument, NULL, 'o' },
		{ "notify", required_argument, NULL, 'e' },
		{ "indirect", no_argument, NULL, 'i' },
		{ "sg", required_argument, NULL, 's' },
		{ "placement", required_argument, NULL, 'p' },
		{ "trace", required_argument, NULL, 't' },
		{ "summary", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, n;

	memset(o, 0, sizeof(*o));
	o->layouts[0] = VIRTQ_LAYOUT_SPLIT;
	o->layouts[1] = VIRTQ_LAYOUT_PACKED;
	o->nlayouts = 2;
	o->batches[0] = 1; o->batches[1] = 4; o->batches[2] = 16; o->batches[3] = 64;
	o->nbatches = 4;
	o->inorder[0] = false; o->inorder[1] = true;
	o->ninorder = 2;
	o->notifies[0] = CLX_NOTIFY_NONE;
	o->notifies[1] = CLX_NOTIFY_EVENT_IDX;
	o->rearms[1] = true;
	o->nnotify = 2;
	o->nplacements = 1;
	o->base.num = 256;
	o->base.sg = 1;
	o->base.buffers = 2048;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'l':
			if (!strcmp(optarg, "split")) {
				o->nlayouts = 1;
			} else if (!strcmp(optarg, "packed")) {
				o->layouts[0] = VIRTQ_LAYOUT_PACKED;
				o->nlayouts = 1;
			} else if (strcmp(optarg, "both")) {
				usage();
			}
			break;
		case 'n': o->base.num = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'b':
			n = parse_list(optarg, o->batches, CLX_MAX_LIST);
			if (n < 0)
				usage();
			o->nbatches = (uint32_t)n;
			break;
		case 'c': o->base.buffers = strtoull(optarg, NULL, 0); break;
		case 'w': o->base.warmup = strtoull(optarg, NULL, 0); break;
		case 'o':
			if (!strcmp(optarg, "off") || !strcmp(optarg, "on")) {
				o->inorder[0] = !strcmp(optarg, "on");
				o->ninorder = 1;
			} else if (strcmp(optarg, "both")) {
				usage();
			}
			break;
		case 'e':
			if (parse_notify(optarg, o))
				usage();
			break;
		case 'i': o->base.indirect = true; break;
		case 's': o->base.sg = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'p':
			if (!strcmp(optarg, "both")) {
				o->placements[0] = false;
				o->placements[1] = true;
				o->nplacements = 2;
			} else if (!strcmp(optarg, "compact") || !strcmp(optarg, "aligned")) {
				o->placements[0] = !strcmp(optarg, "compact");
			} else {
				usage();
			}
			break;
		case 't': o->base.trace = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'S': o->summary = true; break;
		default: usage();
		}
	}
	if (optind != argc || o->base.buffers == 0)
		usage();
}

/* Run one configuration; print its table and add its summary line. */
static int run_one(const struct clx_opts *o, const struct clx_cfg *c, char (*sum)[160], unsigned *nsum)
{
	static struct clx_result r;
	char err[256], cmp[64];
	double tot, spec;

	if (clx_run(c, &r, err, sizeof(err))) {
		fprintf(stderr, "clxfer: %s B=%u: %s\n",
			c->layout == VIRTQ_LAYOUT_PACKED ? "packed" : "split", c->batch, err);
		return 1;
	}
	if (!o->summary)
		print_config(c, &r);
	tot = (double)clx_model_sum(&r.model, CLX_TRANSFER, -1, -1) / (double)r.buffers;
	spec = clx_spec_total(c);
	if (spec > 0)
		snprintf(cmp, sizeof(cmp), "%9.4f %6.2f", spec, tot / spec);
	else
		snprintf(cmp, sizeof(cmp), "%9s %6s", "-", "-");
	snprintf(sum[*nsum], 160, "%-7s %-6s %5u %8s %15s %9.4f %s",
		 c->compact ? "compact" : "aligned",
		 c->layout == VIRTQ_LAYOUT_PACKED ? "packed" : "split",
		 c->batch, c->in_order ? "on" : "off", notify_name(c), tot, cmp);
	(*nsum)++;
	return 0;
}

int main(int argc, char **argv)
{
	static char sum[2 * 2 * 2 * 5 * CLX_MAX_LIST][160];
	struct clx_opts o;
	unsigned nsum = 0;
	int rc = 0;

	parse(argc, argv, &o);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("clxfer: cache-line transfers per buffer, 64-byte lines, two-party MESI model\n");
	for (unsigned pi = 0; pi < o.nplacements; pi++)
		for (unsigned li = 0; li < o.nlayouts; li++)
			for (unsigned oi = 0; oi < o.ninorder; oi++)
				for (unsigned ei = 0; ei < o.nnotify; ei++)
					for (unsigned bi = 0; bi < o.nbatches; bi++) {
						struct clx_cfg c = o.base;

						c.compact = o.placements[pi];
						c.layout = o.layouts[li];
						c.in_order = o.inorder[oi];
						c.notify = o.notifies[ei];
						c.rearm = o.rearms[ei];
						c.batch = o.batches[bi];
						rc |= run_one(&o, &c, sum, &nsum);
					}
	printf("\nsummary (lines per buffer)\n%-7s %-6s %5s %8s %15s %9s %9s %6s\n",
	       "areas", "layout", "B", "in-order", "notify", "measured", "spec", "ratio");
	for (unsigned i = 0; i < nsum; i++)
		printf("%s\n", sum[i]);
	return rc;
}
