// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvvhost_backend.c - pvvhost-backend: a vhost-user virtio-net or
 * virtio-blk back-end on the reference device, with the driver checker
 * judging the front-end's driver.  Prints the session's KTAP when it ends.
 *
 *   pvvhost-backend --socket PATH [--device net|blk] [--disk-mb N]
 *                   [--duration S] [--until-disconnect]
 *                   [--no-packed] [--no-in-order] [--no-indirect]
 *                   [--no-event-idx] [--no-mrg-rxbuf] [--pairs N]
 *                   [--loopback] [--ip A.B.C.D] [--no-checker]
 *                   [--target NAME] [--peer STRING] [--expect-rx]
 *                   [--ktap FILE] [--ready FILE] [--quiet]
 *
 * The session ends at the deadline, on SIGTERM/SIGINT, or (with
 * --until-disconnect) when the first front-end goes away.  --ready names a
 * file created once the socket listens.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "vu_backend.h"
#include "vu_net.h"
#include "vu_blk.h"
#include "vu_tests.h"

static volatile int stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: pvvhost-backend --socket PATH [--device net|blk] [--disk-mb N]\n"
		"       [--duration S] [--until-disconnect]\n"
		"       [--no-packed] [--no-in-order] [--no-indirect] [--no-event-idx]\n"
		"       [--no-mrg-rxbuf] [--pairs N] [--loopback] [--ip ADDR] [--no-checker]\n"
		"       [--target NAME] [--peer STRING] [--expect-rx] [--ktap FILE] [--ready FILE]\n"
		"       [--quiet]\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *sock = NULL, *target = "vhost-backend", *peer = "unknown", *ktap = NULL;
	const char *ready = NULL, *ip = NULL;
	uint64_t offered = VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_RING_PACKED) |
			   VIRTIO_BIT(VIRTIO_F_IN_ORDER) | VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC) |
			   VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
	uint64_t drop = 0;
	double duration = 30;
	bool until_disc = false, loopback = false, checker = true, expect_rx = false, quiet = false;
	unsigned pairs = 1, disk_mb = 16;
	static struct vu_backend b;
	struct vu_net net;
	struct vu_blk blk;
	bool is_blk = false;
	struct sigaction sa = { 0 };
	FILE *out = stdout;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--socket") && v) { sock = v; i++; }
		else if (!strcmp(a, "--device") && v && (!strcmp(v, "net") || !strcmp(v, "blk"))) {
			is_blk = !strcmp(v, "blk");
			i++;
		}
		else if (!strcmp(a, "--disk-mb") && v) { disk_mb = (unsigned)atoi(v); i++; }
		else if (!strcmp(a, "--duration") && v) { duration = atof(v); i++; }
		else if (!strcmp(a, "--until-disconnect")) until_disc = true;
		else if (!strcmp(a, "--no-packed")) drop |= VIRTIO_BIT(VIRTIO_F_RING_PACKED);
		else if (!strcmp(a, "--no-in-order")) drop |= VIRTIO_BIT(VIRTIO_F_IN_ORDER);
		else if (!strcmp(a, "--no-indirect")) drop |= VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC);
		else if (!strcmp(a, "--no-event-idx")) drop |= VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
		else if (!strcmp(a, "--no-mrg-rxbuf")) drop |= VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF);
		else if (!strcmp(a, "--pairs") && v) { pairs = (unsigned)atoi(v); i++; }
		else if (!strcmp(a, "--loopback")) loopback = true;
		else if (!strcmp(a, "--ip") && v) { ip = v; i++; }
		else if (!strcmp(a, "--no-checker")) checker = false;
		else if (!strcmp(a, "--target") && v) { target = v; i++; }
		else if (!strcmp(a, "--peer") && v) { peer = v; i++; }
		else if (!strcmp(a, "--expect-rx")) expect_rx = true;
		else if (!strcmp(a, "--ktap") && v) { ktap = v; i++; }
		else if (!strcmp(a, "--ready") && v) { ready = v; i++; }
		else if (!strcmp(a, "--quiet")) quiet = true;
		else return usage();
	}
	if (!sock || pairs < 1 || pairs > VU_MAX_QUEUES / 2 || (is_blk && pairs != 1) ||
	    disk_mb < 1 || disk_mb > 4096)
		return usage();
	if (is_blk) {
		drop |= VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF);
		if (vu_blk_init(&blk, (uint64_t)disk_mb << 20)) {
			fprintf(stderr, "pvvhost-backend: no memory for the disk\n");
			return 1;
		}
		if (vu_backend_init(&b, &vu_blk_device, &blk, offered, 1))
			return 2;
	} else {
		if (vu_net_init(&net, loopback, ip)) {
			fprintf(stderr, "pvvhost-backend: bad --ip\n");
			return 2;
		}
		/* several queue pairs: VIRTIO_NET_F_MQ, which depends on CTRL_VQ
		 * (the control queue is served by the front-end: QEMU, virtio-user) */
		if (pairs > 1)
			offered |= VIRTIO_BIT(VIRTIO_NET_F_MQ) | VIRTIO_BIT(VIRTIO_NET_F_CTRL_VQ);
		if (vu_backend_init(&b, &vu_net_device, &net, offered, pairs))
			return 2;
	}
	b.offered &= ~drop;
	b.checker = checker;
	b.quiet = quiet;
	if (vu_backend_listen(&b, sock)) {
		perror("pvvhost-backend: listen");
		return 1;
	}
	if (ready) {
		FILE *f = fopen(ready, "w");

		if (f)
			fclose(f);
	}
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	vu_backend_run(&b, vu_now() + duration, until_disc, &stop_flag);

	if (ktap) {
		out = fopen(ktap, "w");
		if (!out) {
			perror("pvvhost-backend: --ktap");
			out = stdout;
		}
	}
	vu_tests_run(&b, is_blk ? NULL : &net, is_blk ? &blk : NULL, out, target, peer, expect_rx);
	if (out != stdout)
		fclose(out);
	fprintf(stderr, "pvvhost-backend: %llu messages (%llu refused), %llu connections\n",
		(unsigned long long)b.msgs, (unsigned long long)b.msg_errors,
		(unsigned long long)b.connections);
	vu_backend_fini(&b);
	unlink(sock);
	if (is_blk)
		vu_blk_fini(&blk);
	else
		vu_net_fini(&net);
	return 0;
}
