// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvvhost_frontend.c - pvvhost-frontend: the reference driver as a
 * vhost-user front-end against a back-end under test; prints KTAP.
 *
 *   pvvhost-frontend --socket PATH [--seconds S] [--engine reference|checker]
 *                    [--no-packed] [--no-in-order] [--no-indirect]
 *                    [--no-event-idx] [--no-mrg-rxbuf] [--target NAME] [--peer STRING]
 *
 * --engine reference (default) drives the queues with the reference driver;
 * --engine checker with the device checker, which judges every used element
 * and the device's event suppression itself.  Each test names the device
 * requirements it judges (VQP-DEV / VQS-DEV / FEAT-DEV); the violations come
 * from vu_frontend.c and the checker.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vu_frontend.h"
#include "virtio_features.h"

#define VIRTIO_NET_F_MRG_RXBUF 15

struct vf_tctx {
	struct vf *f;
	bool ok_conn;
	const char *peer;
	int status;               /* 0 pass, 1 fail, 2 skip, 3 error */
	char reason[200];
	const char *ids;
};

struct vf_test {
	const char *name, *ids, *tags;
	void (*fn)(struct vf_tctx *t);
	struct vf_test *next;
};

static struct vf_test *vf_tests;

static void vf_test_register(struct vf_test *t)
{
	struct vf_test **pp = &vf_tests;

	while (*pp)
		pp = &(*pp)->next;
	*pp = t;
}

#define PVC_TEST(name, ids, tags)						\
	static void vf_fn_##name(struct vf_tctx *t);				\
	static struct vf_test vf_t_##name = { #name, ids, tags, vf_fn_##name, 0 }; \
	__attribute__((constructor)) static void vf_reg_##name(void)		\
	{ vf_test_register(&vf_t_##name); }					\
	static void vf_fn_##name(struct vf_tctx *t)

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

static void judge(struct vf_tctx *t)
{
	for (unsigned i = 0; i < t->f->nviol; i++) {
		const struct vf_viol *v = &t->f->viol[i];

		if (!has_word(t->ids, v->id))
			continue;
		if (v->must) {
			printf("# FAIL %s: %s (%u time%s)\n", v->id, v->msg, v->count,
			       v->count == 1 ? "" : "s");
			t->status = 1;
		} else {
			printf("# FINDING %s peer=\"%s\" %s\n", v->id, t->peer, v->msg);
		}
	}
}

static void need_traffic(struct vf_tctx *t)
{
	if (t->status)
		return;
	if (!t->ok_conn) {
		t->status = 3;
		snprintf(t->reason, sizeof(t->reason), "no session: %.150s", t->f->err);
	} else if (!t->f->tx_done) {
		t->status = 1;
		printf("# FAIL: the back-end returned no transmit buffer\n");
	}
}

PVC_TEST(vf_dev_features, "FEAT-DEV-011 FEAT-DEV-012", "")
{
	uint64_t d = t->f->dev_features;

	if (!t->ok_conn && !d) {
		t->status = 3;
		snprintf(t->reason, sizeof(t->reason), "no session: %.150s", t->f->err);
		return;
	}
	printf("# back-end offers 0x%llx, negotiated 0x%llx\n", (unsigned long long)d,
	       (unsigned long long)t->f->features);
	if (!virtio_has_feature(d, VIRTIO_F_VERSION_1)) {
		printf("# FAIL FEAT-DEV-012: VIRTIO_F_VERSION_1 not offered\n");
		t->status = 1;
	}
	if (d & 0x3fc0000000000ull) {
		printf("# FAIL FEAT-DEV-011: reserved bits 0x%llx offered\n",
		       (unsigned long long)(d & 0x3fc0000000000ull));
		t->status = 1;
	}
}

PVC_TEST(vf_dev_packed_used, "VQP-DEV-015 VQP-DEV-016 VQP-DEV-053 VQP-DEV-054", "needs:packed")
{
	judge(t);
	need_traffic(t);
}

/* What only the device checker sees: the used flags' bits and the device
 * wrap counter (packed), the index step of an in-order batch (split). */
static void checker_only(struct vf_tctx *t)
{
	judge(t);
	need_traffic(t);
	if (!t->status && !t->f->checker) {
		t->status = 2;
		snprintf(t->reason, sizeof(t->reason), "judged by --engine checker only");
	}
}

PVC_TEST(vf_dev_packed_used_bits, "VQP-DEV-006 VQP-DEV-007", "needs:packed")
{
	checker_only(t);
}

PVC_TEST(vf_dev_split_batch, "VQS-DEV-010", "needs:split")
{
	checker_only(t);
}

PVC_TEST(vf_dev_packed_readonly, "VQP-DEV-011", "needs:packed")
{
	judge(t);
	need_traffic(t);
}

PVC_TEST(vf_dev_packed_data, "VQP-DEV-017", "needs:packed")
{
	judge(t);
	need_traffic(t);
	if (!t->status && !t->f->rx_frames) {
		t->status = 1;
		printf("# FAIL VQP-DEV-017: no frame came back on the receive queue\n");
	}
}

PVC_TEST(vf_dev_packed_event, "VQP-DEV-024 VQP-DEV-025 VQP-DEV-026", "needs:packed")
{
	checker_only(t);
}

PVC_TEST(vf_dev_packed_notify, "VQP-DEV-028", "needs:packed")
{
	judge(t);
	need_traffic(t);
	if (!t->status && !t->f->armed_waits) {
		t->status = 2;
		snprintf(t->reason, sizeof(t->reason), "the driver never had to wait for a notification");
	} else if (!t->status) {
		printf("# the driver slept %llu times waiting for a used-buffer notification\n",
		       (unsigned long long)t->f->armed_waits);
	}
}

PVC_TEST(vf_dev_split_used, "VQS-DEV-005 VQS-DEV-006 VQS-DEV-036 VQS-DEV-037 VQS-DEV-038", "needs:split")
{
	judge(t);
	need_traffic(t);
}

PVC_TEST(vf_dev_split_readonly, "VQS-DEV-001", "needs:split")
{
	judge(t);
	need_traffic(t);
}

PVC_TEST(vf_dev_split_event, "VQS-DEV-012 VQS-DEV-013", "needs:split")
{
	checker_only(t);
}

PVC_TEST(vf_dev_split_notify, "VQS-DEV-015 VQS-DEV-017", "needs:split")
{
	judge(t);
	need_traffic(t);
	if (!t->status && !t->f->armed_waits) {
		t->status = 2;
		snprintf(t->reason, sizeof(t->reason), "the driver never had to wait for a notification");
	} else if (!t->status) {
		printf("# the driver slept %llu times waiting for a used-buffer notification\n",
		       (unsigned long long)t->f->armed_waits);
	}
}

PVC_TEST(vf_dev_in_order, "FEAT-DEV-016", "needs:in_order")
{
	/* the reference driver takes an early used ID under IN_ORDER as a
	 * batch (as it must), so only the checker can tell a reordering */
	checker_only(t);
	if (!t->status && !virtio_has_feature(t->f->features, VIRTIO_F_IN_ORDER)) {
		t->status = 2;
		snprintf(t->reason, sizeof(t->reason), "VIRTIO_F_IN_ORDER not negotiated (offered: %s)",
			 virtio_has_feature(t->f->dev_features, VIRTIO_F_IN_ORDER) ? "yes" : "no");
	}
}

/* A run-level result after the tests: violations no planned test cites,
 * listed under their own IDs so that none goes unreported. */
static void other(const struct vf *f, unsigned n, bool is_packed)
{
	char ids[300] = "";
	size_t used = 0;

	for (unsigned v = 0; v < f->nviol; v++) {
		bool covered = false;

		for (const struct vf_test *y = vf_tests; y; y = y->next)
			if (!has_word(y->tags, is_packed ? "needs:split" : "needs:packed") &&
			    has_word(y->ids, f->viol[v].id))
				covered = true;
		if (covered || used + 16 > sizeof(ids))
			continue;
		printf("# %s %s: %s (%u times)\n", f->viol[v].must ? "FAIL" : "FINDING",
		       f->viol[v].id, f->viol[v].msg, f->viol[v].count);
		used += (size_t)snprintf(ids + used, sizeof(ids) - used, "%s%s", used ? "," : "",
					 f->viol[v].id);
	}
	printf("%s %u %s%svf_other_violations\n", used ? "not ok" : "ok", n, ids, used ? " " : "");
}

static void print_ids(const char *ids)
{
	bool first = true;

	for (const char *p = ids; *p; ) {
		size_t n;

		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		if (!n)
			break;
		printf("%s%.*s", first ? "" : ",", (int)n, p);
		first = false;
		p += n;
	}
}

int main(int argc, char **argv)
{
	const char *sock = NULL, *target = "vhost-frontend", *peer = "unknown";
	uint64_t want = VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_RING_PACKED) |
			VIRTIO_BIT(VIRTIO_F_IN_ORDER) | VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC) |
			VIRTIO_BIT(VIRTIO_F_EVENT_IDX) | VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF);
	double seconds = 5;
	static struct vf f;
	struct vf_tctx t;
	unsigned n = 0, i = 0;
	bool ok, is_packed, checker = false;

	for (int k = 1; k < argc; k++) {
		const char *a = argv[k], *v = k + 1 < argc ? argv[k + 1] : NULL;

		if (!strcmp(a, "--socket") && v) { sock = v; k++; }
		else if (!strcmp(a, "--seconds") && v) { seconds = atof(v); k++; }
		else if (!strcmp(a, "--engine") && v && (!strcmp(v, "checker") || !strcmp(v, "reference"))) {
			checker = !strcmp(v, "checker");
			k++;
		}
		else if (!strcmp(a, "--no-packed")) want &= ~VIRTIO_BIT(VIRTIO_F_RING_PACKED);
		else if (!strcmp(a, "--no-in-order")) want &= ~VIRTIO_BIT(VIRTIO_F_IN_ORDER);
		else if (!strcmp(a, "--no-indirect")) want &= ~VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC);
		else if (!strcmp(a, "--no-event-idx")) want &= ~VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
		else if (!strcmp(a, "--no-mrg-rxbuf")) want &= ~VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF);
		else if (!strcmp(a, "--target") && v) { target = v; k++; }
		else if (!strcmp(a, "--peer") && v) { peer = v; k++; }
		else {
			fprintf(stderr, "usage: pvvhost-frontend --socket PATH [--seconds S]\n"
				"       [--engine reference|checker] [--no-packed]\n"
				"       [--no-in-order] [--no-indirect] [--no-event-idx] [--no-mrg-rxbuf]\n"
				"       [--target NAME] [--peer STRING]\n");
			return 2;
		}
	}
	if (!sock)
		return 2;
	signal(SIGPIPE, SIG_IGN);
	ok = !vf_connect(&f, sock, want, checker);
	if (ok)
		vf_run(&f, seconds);
	else
		fprintf(stderr, "pvvhost-frontend: %s\n", f.err);
	if (ok)
		vf_stop(&f);
	is_packed = ok ? f.layout == VIRTQ_LAYOUT_PACKED : !!(want & VIRTIO_BIT(VIRTIO_F_RING_PACKED));
	for (const struct vf_test *x = vf_tests; x; x = x->next)
		n += !has_word(x->tags, is_packed ? "needs:split" : "needs:packed");
	n++;    /* vf_other_violations */
	printf("KTAP version 1\n# pvspec tier=vhost target=%s peer=\"%s\"\n", target, peer);
	printf("# stat engine=%s layout=%s tx_frames=%llu tx_done=%llu rx_frames=%llu chains=%llu indirect=%llu "
	       "calls_rx=%llu calls_tx=%llu kicks=%llu\n", checker ? "checker" : "reference",
	       is_packed ? "packed" : "split",
	       (unsigned long long)f.tx_frames, (unsigned long long)f.tx_done,
	       (unsigned long long)f.rx_frames, (unsigned long long)f.chains,
	       (unsigned long long)f.indirect, (unsigned long long)f.q[0].calls,
	       (unsigned long long)f.q[1].calls,
	       (unsigned long long)(f.q[0].kicks + f.q[1].kicks));
	if (ok)
		printf("# stat ring_base_rx=0x%08x ring_base_tx=0x%08x (GET_VRING_BASE after the run)\n",
		       f.q[0].base, f.q[1].base);
	printf("1..%u\n", n);
	for (const struct vf_test *x = vf_tests; x; x = x->next) {
		if (has_word(x->tags, is_packed ? "needs:split" : "needs:packed"))
			continue;
		memset(&t, 0, sizeof(t));
		t.f = &f;
		t.ok_conn = ok;
		t.peer = peer;
		t.ids = x->ids;
		x->fn(&t);
		printf("%s %u ", t.status == 1 || t.status == 3 ? "not ok" : "ok", ++i);
		print_ids(x->ids);
		printf(" %s", x->name);
		if (t.status == 2)
			printf(" # SKIP %s", t.reason);
		else if (t.status == 3)
			printf(" # ERROR %s", t.reason);
		printf("\n");
	}
	other(&f, ++i, is_packed);
	fflush(stdout);
	vf_close(&f);
	return 0;
}
