// SPDX-License-Identifier: GPL-2.0-only
/*
 * vu_tests.c - the tests of the vhost-user tier (vu_tests.h).  A test
 * fails on a MUST violation of one of its requirement IDs, records a
 * FINDING for a missed SHOULD, and is skipped when the session gave it
 * nothing to judge (no buffer of its kind went through the checker).
 */
#include <stdarg.h>
#include <string.h>
#include "vu_tests.h"
#include "vqc_reqs.h"

static struct vu_test *tests_head;

void vu_test_register(struct vu_test *t)
{
	struct vu_test **pp = &tests_head;

	while (*pp)
		pp = &(*pp)->next;
	*pp = t;
}

static bool has_word(const char *list, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = list; p && *p; ) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, w, n) && (p[n] == ' ' || !p[n]))
			return true;
		p = strchr(p, ' ');
	}
	return false;
}

static void skip(struct vu_tctx *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void skip(struct vu_tctx *t, const char *fmt, ...)
{
	va_list ap;

	if (t->status != VU_PASS)
		return;
	t->status = VU_SKIP;
	va_start(ap, fmt);
	vsnprintf(t->reason, sizeof(t->reason), fmt, ap);
	va_end(ap);
}

static void fail(struct vu_tctx *t, const char *id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail(struct vu_tctx *t, const char *id, const char *fmt, ...)
{
	va_list ap;

	t->status = VU_FAIL;
	fprintf(t->out, "# FAIL %s: ", id);
	va_start(ap, fmt);
	vfprintf(t->out, fmt, ap);
	va_end(ap);
	fputc('\n', t->out);
}

/* Every recorded violation of one of the test's IDs: MUST fails, SHOULD
 * is a finding.  Returns how many MUST violations matched. */
static unsigned judge(struct vu_tctx *t)
{
	unsigned n = 0;

	for (unsigned i = 0; i < t->b->nviol; i++) {
		const struct vu_viol *v = &t->b->viol[i];

		if (!has_word(t->test->ids, v->id))
			continue;
		if (v->level == VQC_MUST) {
			fail(t, v->id, "queue %u: %s (%u time%s)", v->queue, v->msg, v->count,
			     v->count == 1 ? "" : "s");
			n++;
		} else {
			fprintf(t->out, "# FINDING %s peer=\"%s\" queue %u: %s (%u time%s)\n", v->id,
				t->peer, v->queue, v->msg, v->count, v->count == 1 ? "" : "s");
		}
	}
	return n;
}

/* A ring test needs buffers of its layout that the checker judged. */
static void need_checked(struct vu_tctx *t)
{
	if (!t->b->rings_started)
		skip(t, "no virtqueue was started by the front-end");
	else if (!t->b->lay_checked[t->layout])
		skip(t, "no buffer went through the driver checker (%llu taken by the device)",
		     (unsigned long long)t->b->lay_bufs[t->layout]);
	else
		fprintf(t->out, "# %llu buffers judged by the driver checker, %llu taken by the device\n",
			(unsigned long long)t->b->lay_checked[t->layout],
			(unsigned long long)t->b->lay_bufs[t->layout]);
}

PVC_TEST(vu_features_accepted, "FEAT-DRV-006 FEAT-DRV-014 FEAT-DRV-015", "")
{
	struct vu_backend *b = t->b;

	judge(t);
	if (!b->msg_count[VU_SET_FEATURES]) {
		skip(t, "the front-end never wrote its features");
		return;
	}
	fprintf(t->out, "# offered 0x%llx, accepted 0x%llx\n", (unsigned long long)b->offered,
		(unsigned long long)b->features_seen);
	if (b->features_seen & 0x3fc0000000000ull)
		fail(t, "FEAT-DRV-014", "accepted reserved bits 0x%llx",
		     (unsigned long long)(b->features_seen & 0x3fc0000000000ull));
	if (b->rings_started && !virtio_has_feature(b->features_run, VIRTIO_F_VERSION_1))
		fail(t, "FEAT-DRV-015", "VIRTIO_F_VERSION_1 offered but not accepted");
}

PVC_TEST(vu_drv_packed_avail, "VQP-DRV-005 VQP-DRV-011 VQP-DRV-013 VQP-DRV-015 VQP-DRV-016 VQP-DRV-017 VQP-DRV-018 VQP-DRV-019 VQP-DRV-020 VQP-DRV-021 VQP-DRV-058 FEAT-DRV-023", "needs:packed")
{
	judge(t);
	need_checked(t);
}

PVC_TEST(vu_drv_packed_indirect, "VQP-DRV-026 VQP-DRV-027 VQP-DRV-028 VQP-DRV-029 VQP-DRV-030", "needs:packed needs:indirect")
{
	judge(t);
	need_checked(t);
	if (!t->b->lay_indirect[t->layout])
		skip(t, "the driver made no indirect buffer available%s",
		     virtio_has_feature(t->b->features_run, VIRTIO_F_INDIRECT_DESC) ? "" :
		     " (VIRTIO_F_INDIRECT_DESC not negotiated)");
}

PVC_TEST(vu_drv_packed_owned, "VQP-DRV-006 VQP-DRV-036", "needs:packed")
{
	judge(t);
	need_checked(t);
}

PVC_TEST(vu_drv_packed_event, "VQP-DRV-033 VQP-DRV-034", "needs:packed")
{
	judge(t);
	need_checked(t);
}

PVC_TEST(vu_drv_packed_notify, "VQP-DRV-038", "needs:packed")
{
	judge(t);
	need_checked(t);
	if (!t->b->lay_kicks[t->layout])
		skip(t, "no available buffer notification arrived");
}

PVC_TEST(vu_drv_split_avail, "VQS-DRV-004 VQS-DRV-005 VQS-DRV-006 VQS-DRV-007 VQS-DRV-010 VQS-DRV-011 VQS-DRV-041 FEAT-DRV-023", "needs:split")
{
	judge(t);
	need_checked(t);
}

PVC_TEST(vu_drv_split_indirect, "VQS-DRV-014 VQS-DRV-015 VQS-DRV-016 VQS-DRV-017", "needs:split needs:indirect")
{
	judge(t);
	need_checked(t);
	if (!t->b->lay_indirect[t->layout])
		skip(t, "the driver made no indirect buffer available%s",
		     virtio_has_feature(t->b->features_run, VIRTIO_F_INDIRECT_DESC) ? "" :
		     " (VIRTIO_F_INDIRECT_DESC not negotiated)");
}

PVC_TEST(vu_drv_split_in_order, "VQS-DRV-018 VQS-DRV-019", "needs:split needs:in_order")
{
	judge(t);
	need_checked(t);
	if (!virtio_has_feature(t->b->features_run, VIRTIO_F_IN_ORDER))
		skip(t, "VIRTIO_F_IN_ORDER not negotiated");
}

PVC_TEST(vu_drv_split_owned, "VQS-DRV-008", "needs:split")
{
	judge(t);
	need_checked(t);
}

PVC_TEST(vu_drv_split_event, "VQS-DRV-021 VQS-DRV-022", "needs:split")
{
	judge(t);
	need_checked(t);
}

PVC_TEST(vu_drv_split_notify, "VQS-DRV-024 VQS-DRV-026", "needs:split")
{
	judge(t);
	need_checked(t);
	if (!t->b->lay_kicks[t->layout])
		skip(t, "no available buffer notification arrived");
}

/* Frames both ways: the driver's transmit buffers carried well-formed
 * frames (IPv4 and ICMP checksums verified where addressed to the device)
 * and receive buffers took the frames the device delivered. */
static void traffic(struct vu_tctx *t)
{
	struct vu_net *n = t->net;

	judge(t);
	fprintf(t->out, "# tx %llu frames %llu bytes, rx %llu frames (%llu over several buffers), "
		"%llu ARP + %llu ICMP replies, %llu receive drops\n",
		(unsigned long long)n->tx_frames, (unsigned long long)n->tx_bytes,
		(unsigned long long)n->rx_frames, (unsigned long long)n->rx_multi,
		(unsigned long long)n->arp_replies, (unsigned long long)n->icmp_replies,
		(unsigned long long)n->rx_drops);
	if (!t->b->rings_started) {
		skip(t, "no virtqueue was started by the front-end");
		return;
	}
	if (n->bad_ip_csum || n->bad_icmp_csum || n->tx_runts)
		fail(t, t->layout == VIRTQ_LAYOUT_PACKED ? "VQP-DRV-009" : "VQS-DRV-012",
		     "%llu bad IPv4 and %llu bad ICMP checksums, %llu runt frames in transmitted buffers",
		     (unsigned long long)n->bad_ip_csum, (unsigned long long)n->bad_icmp_csum,
		     (unsigned long long)n->tx_runts);
	if (!n->tx_frames)
		fail(t, t->layout == VIRTQ_LAYOUT_PACKED ? "VQP-DRV-009" : "VQS-DRV-012",
		     "no frame was transmitted");
	if (t->expect_rx && !n->rx_frames)
		fail(t, t->layout == VIRTQ_LAYOUT_PACKED ? "VQP-DRV-009" : "VQS-DRV-012",
		     "no frame could be delivered: the driver made no receive buffer available");
}

PVC_TEST(vu_net_packed_traffic, "VQP-DRV-009 VQP-DRV-022", "needs:packed needs:virtio-net")
{
	traffic(t);
}

PVC_TEST(vu_net_split_traffic, "VQS-DRV-012", "needs:split needs:virtio-net")
{
	traffic(t);
}

/* Block requests: a device-readable header first and a device-writable
 * status byte last, which only holds when the driver set WRITE exactly on
 * the writable elements. */
static void blk_requests(struct vu_tctx *t)
{
	struct vu_blk *d = t->blk;

	judge(t);
	fprintf(t->out, "# %llu reads (%llu bytes), %llu writes (%llu bytes), %llu flushes, %llu get-id, "
		"%llu unsupported, %llu out of range, %llu malformed\n",
		(unsigned long long)d->reads, (unsigned long long)d->bytes_in,
		(unsigned long long)d->writes, (unsigned long long)d->bytes_out,
		(unsigned long long)d->flushes, (unsigned long long)d->ids,
		(unsigned long long)d->unsupported, (unsigned long long)d->errors,
		(unsigned long long)d->malformed);
	if (!t->b->rings_started) {
		skip(t, "no virtqueue was started by the front-end");
		return;
	}
	if (d->malformed)
		fail(t, t->layout == VIRTQ_LAYOUT_PACKED ? "VQP-DRV-010" : "VQS-DRV-006",
		     "%llu requests without a readable header or a writable status byte",
		     (unsigned long long)d->malformed);
	if (!d->reads)
		fail(t, t->layout == VIRTQ_LAYOUT_PACKED ? "VQP-DRV-010" : "VQS-DRV-006",
		     "no read request arrived");
}

PVC_TEST(vu_blk_packed_requests, "VQP-DRV-010", "needs:packed needs:virtio-blk")
{
	blk_requests(t);
}

PVC_TEST(vu_blk_split_requests, "VQS-DRV-006", "needs:split needs:virtio-blk")
{
	blk_requests(t);
}

static void print_ids(FILE *out, const char *ids)
{
	bool first = true;

	for (const char *p = ids; *p; ) {
		size_t n;

		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		if (!n)
			break;
		fprintf(out, "%s%.*s", first ? "" : ",", (int)n, p);
		first = false;
		p += n;
	}
}

/* Is the test planned for this layout and device? */
static bool planned(const struct vu_test *x, unsigned layout, bool blk)
{
	if (has_word(x->tags, layout == VIRTQ_LAYOUT_PACKED ? "needs:split" : "needs:packed"))
		return false;
	return !has_word(x->tags, blk ? "needs:virtio-net" : "needs:virtio-blk");
}

/* A run-level result after the tests: violations no planned test cites,
 * listed under their own IDs so that none goes unreported. */
static void other(struct vu_backend *b, FILE *out, unsigned n, unsigned layout, bool blk)
{
	char ids[300] = "";
	size_t used = 0;

	for (unsigned v = 0; v < b->nviol; v++) {
		bool covered = false;

		for (const struct vu_test *y = tests_head; y; y = y->next)
			if (planned(y, layout, blk) && has_word(y->ids, b->viol[v].id))
				covered = true;
		if (covered || used + 16 > sizeof(ids) || strstr(ids, b->viol[v].id))
			continue;
		fprintf(out, "# %s %s: queue %u: %s (%u times)\n",
			b->viol[v].level == VQC_MUST ? "FAIL" : "FINDING", b->viol[v].id,
			b->viol[v].queue, b->viol[v].msg, b->viol[v].count);
		used += (size_t)snprintf(ids + used, sizeof(ids) - used, "%s%s", used ? "," : "",
					 b->viol[v].id);
	}
	fprintf(out, "%s %u %s%svu_other_violations\n", used ? "not ok" : "ok", n, ids, used ? " " : "");
}

void vu_tests_run(struct vu_backend *b, struct vu_net *net, struct vu_blk *blk, FILE *out,
		  const char *target, const char *peer, bool expect_rx)
{
	unsigned layout, n = 0, i = 0;
	struct vu_tctx t;

	/* the layout the front-end ran, else the one the device preferred */
	if (b->rings_started)
		layout = virtio_has_feature(b->features_run, VIRTIO_F_RING_PACKED) ?
			 VIRTQ_LAYOUT_PACKED : VIRTQ_LAYOUT_SPLIT;
	else
		layout = virtio_has_feature(b->offered, VIRTIO_F_RING_PACKED) ?
			 VIRTQ_LAYOUT_PACKED : VIRTQ_LAYOUT_SPLIT;
	for (const struct vu_test *x = tests_head; x; x = x->next)
		n += planned(x, layout, blk != NULL);
	n++;    /* vu_other_violations */
	fprintf(out, "KTAP version 1\n");
	fprintf(out, "# pvspec tier=vhost target=%s peer=\"%s\"\n", target, peer);
	fprintf(out, "# stat features_offered=0x%llx features_negotiated=0x%llx layout=%s rings=%llu "
		"msgs=%llu msg_errors=%llu connections=%llu\n",
		(unsigned long long)b->offered, (unsigned long long)b->features_run,
		layout == VIRTQ_LAYOUT_PACKED ? "packed" : "split",
		(unsigned long long)b->rings_started, (unsigned long long)b->msgs,
		(unsigned long long)b->msg_errors, (unsigned long long)b->connections);
	if (net)
		fprintf(out, "# stat device=virtio-net tx_frames=%llu rx_frames=%llu arp_replies=%llu "
			"icmp_replies=%llu\n",
			(unsigned long long)net->tx_frames, (unsigned long long)net->rx_frames,
			(unsigned long long)net->arp_replies, (unsigned long long)net->icmp_replies);
	else
		fprintf(out, "# stat device=virtio-blk reads=%llu writes=%llu flushes=%llu\n",
			(unsigned long long)blk->reads, (unsigned long long)blk->writes,
			(unsigned long long)blk->flushes);
	fprintf(out, "# stat checked=%llu indirect=%llu kicks=%llu\n",
		(unsigned long long)b->lay_checked[layout], (unsigned long long)b->lay_indirect[layout],
		(unsigned long long)b->lay_kicks[layout]);
	fprintf(out, "# stat last_requests=");
	for (i = 0; i < b->nlast; i++)
		fprintf(out, "%s%s", i ? "," : "", vu_req_name(b->last_req[i]));
	fprintf(out, "%s\n", b->nlast ? "" : "none");
	i = 0;
	fprintf(out, "1..%u\n", n);
	for (const struct vu_test *x = tests_head; x; x = x->next) {
		if (!planned(x, layout, blk != NULL))
			continue;
		memset(&t, 0, sizeof(t));
		t.test = x;
		t.b = b;
		t.net = net;
		t.blk = blk;
		t.out = out;
		t.peer = peer;
		t.layout = layout;
		t.expect_rx = expect_rx;
		x->fn(&t);
		fprintf(out, "%s %u ", t.status == VU_FAIL || t.status == VU_ERROR ? "not ok" : "ok", ++i);
		print_ids(out, x->ids);
		fprintf(out, " %s", x->name);
		if (t.status == VU_SKIP)
			fprintf(out, " # SKIP %s", t.reason);
		fputc('\n', out);
	}
	other(b, out, ++i, layout, blk != NULL);
	fflush(out);
}
